"""Writing to the append-only audit trail, inside the caller's unit of work."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from spplus_desk.domain.audit import audit_hash, canonical_json
from spplus_desk.store.schema import AuditEntry, AuditHead

# The tables themselves: statements on them skip the ORM's unit of work.
_ENTRY_TABLE = cast(Table, AuditEntry.__table__)
_HEAD_TABLE = cast(Table, AuditHead.__table__)
# Built once: building a statement costs more than running it on every save.
_READ_HEAD = (
    select(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash).where(_HEAD_TABLE.c.id == 1).with_for_update()
)
_INSERT_ENTRY = insert(_ENTRY_TABLE)
_MOVE_HEAD = (
    update(_HEAD_TABLE)
    .where(_HEAD_TABLE.c.id == 1)
    .values(seq=bindparam("seq"), hash=bindparam("hash"))
)


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
) -> int:
    """Append one entry chained to the previous one; its place in the chain is returned.

    The head row is locked (FOR UPDATE on PostgreSQL; SQLite writers are already
    serialised by BEGIN IMMEDIATE), so concurrent desks never fork the chain. Written
    with plain statements, not through the ORM's unit of work: it runs on every save of
    the counter, where the ORM's bookkeeping cost more than the database's work.
    """
    session.flush()  # rows added through the ORM first: the entry may refer to them
    # The unit of work's own connection: the session's ORM layer has nothing to add.
    connection = session.connection()
    head_seq, head_hash = connection.execute(_READ_HEAD).one()
    at = at.astimezone(UTC)  # hashed as stored: the database gives instants back in UTC
    entity = str(entity_id) if entity_id is not None else None
    actor = str(actor_id) if actor_id is not None else None
    # Stored exactly as hashed, so a recomputation from the row gives the same hash.
    before_value = _plain(before)
    after_value = _plain(after)
    seq: int = head_seq + 1
    digest = audit_hash(
        head_hash,
        seq=seq,
        at=at,
        actor_id=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity,
        before=before_value,
        after=after_value,
    )
    connection.execute(
        _INSERT_ENTRY,
        {
            "seq": seq,
            "at": at,
            "actor_id": actor_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity,
            "before": before_value,
            "after": after_value,
            "prev_hash": head_hash,
            "hash": digest,
        },
    )
    connection.execute(_MOVE_HEAD, {"seq": seq, "hash": digest})
    return seq


def lock(session: Session) -> AuditHead:
    """Lock the chain's head for this unit of work: writers of the trail queue here."""
    return session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()


def _plain(value: Any) -> Any:
    """JSON-ready copy (UUIDs, dates and enums as text)."""
    return None if value is None else json.loads(canonical_json(value))
