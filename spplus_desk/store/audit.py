"""Writing to the append-only audit trail, inside the caller's unit of work."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from spplus_desk.domain.audit import audit_hash, canonical_json, personal_digest, split_personal
from spplus_desk.store.schema import AuditEntry, AuditHead, AuditPersonal

# The tables themselves: statements on them skip the ORM's unit of work.
_ENTRY_TABLE = cast(Table, AuditEntry.__table__)
_HEAD_TABLE = cast(Table, AuditHead.__table__)
# Built once: building a statement costs more than running it on every save.
_READ_HEAD = (
    select(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash).where(_HEAD_TABLE.c.id == 1).with_for_update()
)
_INSERT_ENTRY = insert(_ENTRY_TABLE)
_INSERT_PERSONAL = insert(cast(Table, AuditPersonal.__table__))
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
    before_value, before_personal = split_personal(_plain(before))
    after_value, after_personal = split_personal(_plain(after))
    personal = {k: v for k, v in (("before", before_personal), ("after", after_personal)) if v}
    salt = secrets.token_hex(16) if personal else None
    values_digest = personal_digest(salt, personal) if salt is not None else None
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
        personal_digest=values_digest,
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
            "personal_digest": values_digest,
            "prev_hash": head_hash,
            "hash": digest,
        },
    )
    if salt is not None:
        connection.execute(_INSERT_PERSONAL, {"seq": seq, "salt": salt, "values": personal})
    connection.execute(_MOVE_HEAD, {"seq": seq, "hash": digest})
    return seq


@dataclass(frozen=True)
class RecordedEntry:
    """An audit entry as recorded, its personal values put back when still held."""

    seq: int
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    entity_type: str
    entity_id: str | None
    before: Any
    after: Any


def read_trail(session: Session, *conditions: ColumnElement[bool]) -> list[RecordedEntry]:
    """The entries meeting ``conditions``, in chain order."""
    entries = list(session.scalars(select(AuditEntry).where(*conditions).order_by(AuditEntry.seq)))
    personal = personal_values(session, (e.seq for e in entries if e.personal_digest))
    return [
        RecordedEntry(
            e.seq,
            e.at,
            e.actor_id,
            e.action,
            e.entity_type,
            e.entity_id,
            *snapshots(e, personal.get(e.seq)),
        )
        for e in entries
    ]


def snapshots(entry: AuditEntry, personal: Any) -> tuple[Any, Any]:
    """The entry's before and after as recorded, its personal values put back (unless
    the retention purge erased them)."""
    before, after = entry.before, entry.after
    if isinstance(personal, dict):
        if isinstance(before, dict) and personal.get("before"):
            before = before | personal["before"]
        if isinstance(after, dict) and personal.get("after"):
            after = after | personal["after"]
    return before, after


def personal_values(session: Session, seqs: Iterable[int]) -> dict[int, Any]:
    """The personal values still held for these entries, by seq."""
    wanted = list(seqs)
    found: dict[int, Any] = {}
    for start in range(0, len(wanted), 500):  # bounded IN lists
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(AuditPersonal.seq, AuditPersonal.values).where(AuditPersonal.seq.in_(chunk))
        )
        found.update((seq, values) for seq, values in rows)
    return found


def forget_personal(session: Session, entity_ids: Iterable[uuid.UUID | str]) -> int:
    """Erase the personal values (and their salt) the trail holds about these entities;
    the entries themselves, and so the chain, are untouched. The count of entries."""
    keys = [str(entity_id) for entity_id in entity_ids]
    erased = 0
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        entries = select(AuditEntry.seq).where(AuditEntry.entity_id.in_(chunk))
        result = session.execute(
            delete(AuditPersonal)
            .where(AuditPersonal.seq.in_(entries))
            .execution_options(synchronize_session=False)
        )
        erased += cast(Any, result).rowcount or 0
    return erased


def lock(session: Session) -> AuditHead:
    """Lock the chain's head for this unit of work: writers of the trail queue here."""
    return session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()


def _plain(value: Any) -> Any:
    """JSON-ready copy (UUIDs, dates and enums as text)."""
    return None if value is None else json.loads(canonical_json(value))
