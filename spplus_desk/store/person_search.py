"""The right of access's queries: the records that name or reach a person, the records
linked to them, and every field of each.

A name is looked up where each table can find it fast — a contact through the journal's
full-text index on SQLite (which ignores accents), or by its name folded in SQL on
PostgreSQL (whose index compares accents); a case or a feedback entry through its folded
search columns — then checked word for word in Python (``PersonQuery.matches``): the SQL
only narrows. Anonymised records are never read: they name nobody.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import InstrumentedAttribute, Session

from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel, ContactOutcome, DelayUnit, Need, Satisfaction
from spplus_desk.domain.error_case import (
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    Exclusion,
    Regularisation,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import FeedbackKind, FeedbackStatus
from spplus_desk.domain.journal import fold
from spplus_desk.domain.person_export import HeldContact, HeldErrorCase, HeldFeedback
from spplus_desk.domain.person_search import PersonQuery, QueryKind, Sighting
from spplus_desk.domain.retention import RecordType
from spplus_desk.store.schema import (
    Agent,
    Contact,
    ErrorCase,
    Feedback,
    Motif,
    Procedure,
    Request,
)

CHUNK = 500  # ids per IN list
_FTS_NAME = text(
    "SELECT k.contact_id FROM contact_fts JOIN contact_search_key AS k ON k.rowid = "
    "contact_fts.rowid WHERE contact_fts MATCH :fts_query"
)
# Letters PostgreSQL folds by ``translate`` as ``domain.journal.fold`` does in Python.
_ACCENTED = "".join(
    ch
    for ch in map(chr, range(0xC0, 0x250))
    if len(fold(ch)) == 1 and fold(ch).isascii() and fold(ch) != ch
)
_PLAIN = "".join(fold(ch) for ch in _ACCENTED)
NAME_INDEX_BROKEN = (
    "L'index de recherche des noms est absent ou endommagé : la recherche par nom est "
    "impossible. Lancez « spplus-desk check » pour vérifier la base, ou restaurez une "
    "sauvegarde. La recherche par téléphone ou par adresse électronique reste possible."
)


def sightings(session: Session, query: PersonQuery) -> list[Sighting]:
    """The contacts, cases and feedback entries, not anonymised, the query matches."""
    found = [
        *_named_contacts(session, query),
        *_cases(session, _condition(session, ErrorCase, ErrorCase.person_key, query)),
        *_feedback(session, _condition(session, Feedback, Feedback.search_key, query)),
    ]
    return [s for s in found if query.matches(s.name, s.phone, s.email)]


def linked_sightings(session: Session, contact_ids: Sequence[uuid.UUID]) -> list[Sighting]:
    """The cases and feedback entries opened from these contacts."""
    found: list[Sighting] = []
    for chunk in _chunks(contact_ids):
        found += _cases(session, ErrorCase.contact_id.in_(chunk))
        found += _feedback(session, Feedback.contact_id.in_(chunk))
    return found


def request_ids(
    session: Session, contact_ids: Sequence[uuid.UUID], case_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The requests these contacts opened, and those these cases came from or whose
    regularisation they follow, in the order they were received."""
    wanted: list[ColumnElement[bool]] = []
    for chunk in _chunks(contact_ids):
        wanted.append(Request.contact_id.in_(chunk))
    for chunk in _chunks(case_ids):
        from_cases = select(ErrorCase.follow_up_id).where(ErrorCase.id.in_(chunk))
        origins = select(ErrorCase.request_id).where(ErrorCase.id.in_(chunk))
        wanted += [Request.id.in_(from_cases), Request.id.in_(origins)]
    if not wanted:
        return []
    query = select(Request.id).where(or_(*wanted)).order_by(Request.received_at, Request.id)
    return list(session.scalars(query))


def _named_contacts(session: Session, query: PersonQuery) -> list[Sighting]:
    """The contacts the query matches. On SQLite a name goes through the full-text table,
    a derived copy ``check`` reports: missing or damaged, the search says so in French
    rather than failing as a bug."""
    try:
        return list(_contacts(session, _contact_condition(session, query)))
    except DatabaseError as error:
        if query.kind is not QueryKind.NAME or session.get_bind().dialect.name != "sqlite":
            raise
        raise UserError(NAME_INDEX_BROKEN) from error


def _contact_condition(session: Session, query: PersonQuery) -> ColumnElement[bool]:
    if query.kind is not QueryKind.NAME:
        return _condition(session, Contact, Contact.person_name, query)
    if session.get_bind().dialect.name == "sqlite":
        # The journal's index (unicode61, diacritics removed), on the name column only.
        fts_query = " AND ".join(f'person_name : "{word}"' for word in query.words)
        return Contact.id.in_(_FTS_NAME.bindparams(fts_query=fts_query).columns(Contact.id))
    folded = func.translate(func.lower(Contact.person_name), _ACCENTED, _PLAIN)
    return and_(*(folded.like(f"%{word}%") for word in query.words))


def _condition(
    session: Session,
    model: type[Contact] | type[ErrorCase] | type[Feedback],
    folded_name: InstrumentedAttribute[Any],
    query: PersonQuery,
) -> ColumnElement[bool]:
    """Narrows to the query: ``folded_name`` holds the name in lower case without
    accents (a case's key, a feedback's search column), the words being letters only."""
    if query.kind is QueryKind.PHONE:
        return func.replace(model.person_phone, " ", "") == query.phone
    if query.kind is QueryKind.EMAIL:
        return func.lower(model.person_email) == query.email
    if model is Contact:
        return _contact_condition(session, query)
    return and_(*(folded_name.like(f"%{word}%") for word in query.words))


def _contacts(session: Session, condition: ColumnElement[bool]) -> Iterator[Sighting]:
    rows = session.execute(
        select(Contact.id, Contact.person_name, Contact.person_phone, Contact.person_email).where(
            condition, Contact.anonymised_at.is_(None)
        )
    )
    for contact_id, name, phone, email in rows:
        yield Sighting(RecordType.CONTACT, contact_id, name or "", phone or "", email or "")


def _cases(session: Session, condition: ColumnElement[bool]) -> Iterator[Sighting]:
    return _linked(session, ErrorCase, RecordType.ERROR_CASE, condition)


def _feedback(session: Session, condition: ColumnElement[bool]) -> Iterator[Sighting]:
    return _linked(session, Feedback, RecordType.FEEDBACK, condition)


def _linked(
    session: Session,
    model: type[ErrorCase] | type[Feedback],
    kind: RecordType,
    condition: ColumnElement[bool],
) -> Iterator[Sighting]:
    """Cases and feedback: a person, and the contact they may come from."""
    rows = session.execute(
        select(
            model.id, model.person_name, model.person_phone, model.person_email, model.contact_id
        ).where(condition, model.anonymised_at.is_(None))
    )
    for row_id, name, phone, email, contact_id in rows:
        yield Sighting(kind, row_id, name or "", phone or "", email or "", contact_id)


def held_contacts(session: Session, ids: Sequence[uuid.UUID]) -> list[HeldContact]:
    references: dict[uuid.UUID, list[str]] = {}
    held: list[HeldContact] = []
    for chunk in _chunks(ids):
        for contact_id, reference in session.execute(
            select(Request.contact_id, Request.reference)
            .where(Request.contact_id.in_(chunk))
            .order_by(Request.reference)
        ):
            if contact_id is not None:  # always, by the IN above
                references.setdefault(contact_id, []).append(reference)
        rows = session.execute(
            select(Contact, Agent.name, Motif.label)
            .join(Agent, Agent.id == Contact.agent_id)
            .outerjoin(Motif, Motif.id == Contact.motif_id)
            .where(Contact.id.in_(chunk), Contact.anonymised_at.is_(None))
        )
        held += [_contact(c, agent, motif, references.get(c.id, [])) for c, agent, motif in rows]
    return sorted(held, key=lambda contact: (contact.occurred_at, contact.id))


def _contact(contact: Contact, agent: str, motif: str | None, requests: list[str]) -> HeldContact:
    return HeldContact(
        id=contact.id,
        occurred_at=contact.occurred_at,
        recorded_at=contact.recorded_at,
        agent=agent,
        channel=Channel(contact.channel),
        motif=motif,
        outcome=ContactOutcome(contact.outcome),
        redirected_to=contact.redirected_to,
        person_name=contact.person_name,
        person_phone=contact.person_phone,
        person_email=contact.person_email,
        needs=Need(contact.needs),
        arrived_at=contact.arrived_at,
        called_at=contact.called_at,
        duration_seconds=contact.duration_seconds,
        notes=contact.notes,
        callback_promised=contact.callback_promised,
        satisfaction=Satisfaction(contact.satisfaction) if contact.satisfaction else None,
        satisfaction_comment=contact.satisfaction_comment,
        cancelled_at=contact.cancelled_at,
        cancel_reason=contact.cancel_reason,
        requests=tuple(requests),
    )


def held_cases(session: Session, ids: Sequence[uuid.UUID]) -> list[HeldErrorCase]:
    held: list[HeldErrorCase] = []
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ErrorCase, Agent.name, Procedure.label, Request.reference)
            .join(Agent, Agent.id == ErrorCase.agent_id)
            .join(Procedure, Procedure.id == ErrorCase.procedure_id)
            .outerjoin(Request, Request.id == ErrorCase.follow_up_id)
            .where(ErrorCase.id.in_(chunk), ErrorCase.anonymised_at.is_(None))
        )
        held += [
            _case(case, agent, procedure, follow_up) for case, agent, procedure, follow_up in rows
        ]
    return sorted(held, key=lambda case: (case.discovered_on, case.recorded_at, case.id))


def _case(case: ErrorCase, agent: str, procedure: str, follow_up: str | None) -> HeldErrorCase:
    return HeldErrorCase(
        id=case.id,
        recorded_at=case.recorded_at,
        agent=agent,
        channel=Channel(case.channel),
        procedure=procedure,
        nature=ErrorNature(case.nature),
        error_on=case.error_on,
        discovered_on=case.discovered_on,
        discovered_by=DiscoveredBy(case.discovered_by),
        first_time=case.first_time,
        good_faith=case.good_faith,
        exclusions=tuple(Exclusion(code) for code in case.exclusions),
        eligible=case.eligible,
        regularisation=Regularisation(case.regularisation) if case.regularisation else None,
        invited_on=case.invited_on,
        regularisation_delay=_delay(case.delay_amount, case.delay_unit),
        regularised_on=case.regularised_on,
        outcome=CaseOutcome(case.outcome),
        outcome_reason=case.outcome_reason,
        amount_cents=case.amount_cents,
        person_name=case.person_name,
        person_phone=case.person_phone,
        person_email=case.person_email,
        notes=case.notes,
        cancelled_at=case.cancelled_at,
        cancel_reason=case.cancel_reason,
        follow_up=follow_up,
    )


def held_feedback(session: Session, ids: Sequence[uuid.UUID]) -> list[HeldFeedback]:
    held: list[HeldFeedback] = []
    for chunk in _chunks(ids):
        rows = session.execute(
            select(Feedback, Agent.name)
            .join(Agent, Agent.id == Feedback.agent_id)
            .where(Feedback.id.in_(chunk), Feedback.anonymised_at.is_(None))
        )
        held += [_entry(entry, agent) for entry, agent in rows]
    return sorted(held, key=lambda entry: (entry.received_on, entry.recorded_at, entry.id))


def _entry(entry: Feedback, agent: str) -> HeldFeedback:
    return HeldFeedback(
        id=entry.id,
        recorded_at=entry.recorded_at,
        agent=agent,
        kind=FeedbackKind(entry.kind),
        channel=Channel(entry.channel),
        received_on=entry.received_on,
        text=entry.text,
        person_name=entry.person_name,
        person_phone=entry.person_phone,
        person_email=entry.person_email,
        reply_delay=_delay(entry.delay_amount, entry.delay_unit),
        reply_due=entry.reply_due,
        status=FeedbackStatus(entry.status),
        reply=entry.reply,
        replied_on=entry.replied_on,
        close_reason=entry.close_reason,
    )


def _delay(amount: int | None, unit: str | None) -> str:
    return Delay(amount, DelayUnit(unit)).text if amount is not None and unit else ""


def _chunks(ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]
