"""Anonymising the records the purge found due (store.purge), and reading first what
is about to go, for the export the person is offered.

Identity fields are emptied; a free text the app requires (a reason, a reply, the
text of a feedback) becomes « Anonymisé », a mark that something was there. Sealed rows
get their new seal, and versioned rows a new version: a form opened before the purge
cannot write a name back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, text
from sqlalchemy.orm import Session

from spplus_desk.domain.errors import ConflictError
from spplus_desk.domain.purge import ANONYMISED
from spplus_desk.domain.retention import RecordType
from spplus_desk.domain.seal import row_seal
from spplus_desk.store import feedback as feedback_store
from spplus_desk.store import seals
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.purge import REASON_LEFT, Due, chunks
from spplus_desk.store.schema import Contact, ErrorCase, Feedback, Request, RequestEvent

_CONTACT_FIELDS = (
    "person_name",
    "person_phone",
    "person_email",
    "notes",
    "satisfaction_comment",
    "cancel_reason",
)
_CASE_FIELDS = (
    "person_name",
    "person_phone",
    "person_email",
    "notes",
    "outcome_reason",
    "cancel_reason",
)
_FEEDBACK_FIELDS = ("person_name", "person_phone", "person_email", "text", "reply", "close_reason")
# An error case's search key once its person and notes are gone, built as
# store.error_cases.search_key builds it: name, phone digits, e-mail and notes joined.
_EMPTY_CASE_KEY = " ".join(("", "", "", ""))


# -- The personal values, for the export made before anonymising --


def personal_records(
    session: Session, record_type: RecordType, due: Sequence[Due], size: int = 500
) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per record, a chunk read at a time: its type, id,
    reference, the day it counts from, and every personal value about to go (the empty
    ones left out)."""
    for start in range(0, len(due), size):
        rows = due[start : start + size]
        values = _personal_values(session, record_type, [row.id for row in rows])
        for row in rows:
            yield {
                "type": record_type.value,
                "id": str(row.id),
                "reference": row.reference,
                "date": row.since.isoformat(),
                "personal": values.get(row.id, {}),
            }


def _personal_values(
    session: Session, record_type: RecordType, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    if record_type is RecordType.REQUEST:
        return _reasons(session, ids, Request.id)
    model: Any = {
        RecordType.CONTACT: (Contact, _CONTACT_FIELDS),
        RecordType.ERROR_CASE: (ErrorCase, _CASE_FIELDS),
        RecordType.FEEDBACK: (Feedback, _FEEDBACK_FIELDS),
    }[record_type]
    table, names = model
    query = select(table.id, *(getattr(table, name) for name in names))
    values = {
        row[0]: {n: v for n, v in zip(names, row[1:], strict=True) if v}
        for row in session.execute(query.where(table.id.in_(ids)))
    }
    if record_type is RecordType.ERROR_CASE:
        for case_id, follow_up in _reasons(session, ids, ErrorCase.id).items():
            values.setdefault(case_id, {}).update(follow_up)
    return values


def _reasons(
    session: Session, ids: Sequence[uuid.UUID], owner: Any
) -> dict[uuid.UUID, dict[str, Any]]:
    """The reasons written on requests' events: by request, or (``owner`` the case's
    id) on the regularisation requests of right-to-error cases."""
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for chunk in chunks(ids):
        query = select(
            owner, RequestEvent.seq, RequestEvent.type, RequestEvent.at, RequestEvent.reason
        )
        if owner is ErrorCase.id:
            query = query.join(RequestEvent, RequestEvent.request_id == ErrorCase.follow_up_id)
        else:
            query = query.join(RequestEvent, RequestEvent.request_id == Request.id)
        query = query.where(owner.in_(chunk), REASON_LEFT).order_by(owner, RequestEvent.seq)
        for owner_id, seq, kind, at, reason in session.execute(query):
            events = found.setdefault(owner_id, {}).setdefault("reasons", [])
            events.append({"seq": seq, "type": kind, "at": at.isoformat(), "reason": reason})
    return found


# -- Anonymising --


def anonymise(
    session: Session, record_type: RecordType, ids: Sequence[uuid.UUID], at: datetime
) -> list[str]:
    """Empty the personal values of these records (checked due by the caller, in this
    unit of work); returns the ids of every entity whose audit snapshots must forget them."""
    if not ids:
        return []
    at = at.astimezone(UTC)  # stored, and sealed, as the database gives it back
    if record_type is RecordType.CONTACT:
        _anonymise_contacts(session, ids, at)
        return [str(i) for i in ids]
    if record_type is RecordType.REQUEST:
        _event_reasons(session, ids)
        return [str(i) for i in ids]
    if record_type is RecordType.ERROR_CASE:
        follow_ups = []
        for case in session.scalars(select(ErrorCase).where(ErrorCase.id.in_(ids))):
            _case(case, at)
            if case.follow_up_id is not None:
                follow_ups.append(case.follow_up_id)
        _event_reasons(session, follow_ups)
        return [str(i) for i in (*ids, *follow_ups)]
    for entry in session.scalars(select(Feedback).where(Feedback.id.in_(ids))):
        _feedback(entry, at)
    return [str(i) for i in ids]


def _required(text: str | None) -> str | None:
    """A free text the app asks for, kept as a marker that it existed."""
    return ANONYMISED if text else text


def _anonymise_contacts(session: Session, ids: Sequence[uuid.UUID], at: datetime) -> None:
    """Contacts are the bulk of a purge (hundreds of thousands the first time): one
    UPDATE per batch with each row's new seal and version, not the ORM's unit of work,
    which spent 2 ms a row finding that no counted column (store.tallies) had moved.
    The seal is computed as the ORM's hook would (store.seals), and the version bump
    makes a form opened before the purge unable to write the name back."""
    table = cast(Table, Contact.__table__)
    columns = seals.sealed_columns(Contact)
    names = [column.name for column in columns]
    query = select(table.c.id, table.c.version, *columns).where(table.c.id.in_(ids))
    updates = []
    for row in session.execute(query.with_for_update()):
        values = dict(zip(names, row[2:], strict=True))
        values.update(
            person_name=None,
            person_phone=None,
            person_email=None,
            notes="",
            satisfaction_comment=None,
            cancel_reason=_required(values["cancel_reason"]),
            anonymised_at=at,
        )
        updates.append(
            {
                "row_id": row[0],
                "old_version": row[1],
                "new_cancel_reason": values["cancel_reason"],
                "digest": row_seal(Contact.__tablename__, values),
            }
        )
    statement = (
        table.update()
        .where(table.c.id == bindparam("row_id"), table.c.version == bindparam("old_version"))
        .values(
            person_name=None,
            person_phone=None,
            person_email=None,
            notes="",
            satisfaction_comment=None,
            cancel_reason=bindparam("new_cancel_reason"),
            anonymised_at=at,
            seal=bindparam("digest"),
            version=table.c.version + 1,
        )
    )
    if updates and session.execute(statement, updates).rowcount != len(updates):  # type: ignore[attr-defined]
        raise ConflictError(CONFLICT_MESSAGE)  # changed meanwhile: the batch is undone


def _case(case: ErrorCase, at: datetime) -> None:
    case.person_name = case.person_key = case.person_phone = case.person_email = None
    case.notes = ""
    case.outcome_reason = _required(case.outcome_reason)
    case.cancel_reason = _required(case.cancel_reason)
    case.search_key = _EMPTY_CASE_KEY
    case.anonymised_at = at


def _feedback(entry: Feedback, at: datetime) -> None:
    entry.person_name = entry.person_phone = entry.person_email = ""
    entry.text = ANONYMISED
    entry.reply = _required(entry.reply) or ""
    entry.close_reason = _required(entry.close_reason) or ""
    entry.search_key = feedback_store.search_key(entry)
    entry.anonymised_at = at


def _event_reasons(session: Session, request_ids: Sequence[uuid.UUID]) -> None:
    for chunk in chunks(request_ids):
        query = select(RequestEvent).where(RequestEvent.request_id.in_(chunk), REASON_LEFT)
        for event in session.scalars(query):
            event.reason = ANONYMISED


def compact_search_index(session: Session) -> None:
    """Merge the journal's full-text index (SQLite): its older segments still hold the
    names the purge just erased until they are merged."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO contact_fts (contact_fts) VALUES ('optimize')"))
