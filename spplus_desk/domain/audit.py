"""The audit chain: each entry carries a hash of itself and of the entry before it.

Editing or deleting any entry behind the app's back breaks every hash after it, which
``check`` reports. Pure functions so the check can recompute them without the store.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


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
) -> str:
    payload = canonical_json(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": before,
            "after": after,
        }
    )
    return hashlib.sha256(f"{previous_hash}\n{payload}".encode()).hexdigest()
