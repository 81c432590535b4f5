"""Writing to the append-only audit trail, inside the caller's unit of work."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.audit import audit_hash, canonical_json
from spplus_desk.store.schema import AuditEntry, AuditHead


def record(
    session: Session,
    *,
    at: datetime,
    actor_id: uuid.UUID | None,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | str | None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one entry chained to the previous one.

    The head row is locked (FOR UPDATE on PostgreSQL; SQLite writers are already
    serialised by BEGIN IMMEDIATE), so concurrent desks never fork the chain.
    """
    head = lock(session)
    at = at.astimezone(UTC)  # hashed as stored: the database gives instants back in UTC
    entity = str(entity_id) if entity_id is not None else None
    actor = str(actor_id) if actor_id is not None else None
    # Stored exactly as hashed, so a recomputation from the row gives the same hash.
    before_value = _plain(before)
    after_value = _plain(after)
    seq = head.seq + 1
    digest = audit_hash(
        head.hash,
        seq=seq,
        at=at,
        actor_id=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity,
        before=before_value,
        after=after_value,
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity,
        before=before_value,
        after=after_value,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq = seq
    head.hash = digest
    return entry


def lock(session: Session) -> AuditHead:
    """Lock the chain's head for this unit of work: writers of the trail queue here."""
    return session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()


def _plain(value: Any) -> Any:
    """JSON-ready copy (UUIDs, dates and enums as text)."""
    return None if value is None else json.loads(canonical_json(value))
