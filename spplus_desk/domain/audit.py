"""The audit chain: each entry carries a hash of itself and of the entry before it.

Editing or deleting any entry behind the app's back breaks every hash after it, which
``check`` reports. Pure functions so the check can recompute them without the store.

Personal values (a person's name, contacts, free texts) are kept beside the entry, and
the hash covers a salted digest of them instead: the retention purge erases the values
and their salt, the chain still verifies, and nobody can guess a name from the digest.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64

# Snapshot keys whose values identify or describe a person: they go to the entry's
# personal part. Statistics (channel, motif, outcome, dates, amounts) stay in the entry.
PERSONAL_KEYS = frozenset(
    {
        "person_name",
        "person_key",
        "person_phone",
        "person_email",
        "notes",
        "satisfaction_comment",
        "search_key",
        "text",
        "reply",
        "reason",
        "cancel_reason",
        "outcome_reason",
        "close_reason",
        "query",
    }
)


def canonical_json(value: Any) -> str:
    """Stable text for hashing: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def audit_hash(
    previous_hash: str,
    *,
    seq: int,
    at: datetime,
    actor_id: str | None,
    action: str,
    entity_type: str,
    entity_id: str | None,
    before: Any,
    after: Any,
    personal_digest: str | None = None,
) -> str:
    content = {
        "seq": seq,
        "at": at.isoformat(),
        "actor": actor_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    if personal_digest is not None:  # entries written before schema 0010 have none
        content["personal"] = personal_digest
    payload = canonical_json(content)
    return hashlib.sha256(f"{previous_hash}\n{payload}".encode()).hexdigest()


def split_personal(snapshot: Any) -> tuple[Any, dict[str, Any]]:
    """``snapshot`` without its personal values, and those values (the empty ones
    dropped: nothing to erase there)."""
    if not isinstance(snapshot, Mapping):
        return snapshot, {}
    kept = {k: v for k, v in snapshot.items() if k not in PERSONAL_KEYS or v in (None, "")}
    personal = {k: v for k, v in snapshot.items() if k not in kept}
    return kept, personal


def personal_digest(salt: str, values: Any) -> str:
    return hashlib.sha256(f"{salt}\n{canonical_json(values)}".encode()).hexdigest()
