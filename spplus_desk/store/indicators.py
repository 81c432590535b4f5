"""The indicators' sums, computed by the database from the hourly roll-ups of contacts
and answers (``store.tallies``) and the open requests' cached columns: a year of a million-contact
journal is a few thousand rows to add up, never a walk over contacts in Python.

Cancelled contacts count nowhere (they were entry errors). Periods arrive as UTC
instants and are read as ranges of whole UTC hours; the domain folds hours into the
service's local week.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from spplus_desk.domain.enums import Channel, ContactOutcome, DelayUnit
from spplus_desk.domain.error_case import REGULARISATION_KIND_ID
from spplus_desk.store.requests import is_open
from spplus_desk.store.schema import (
    AnswerTally,
    ContactTally,
    Motif,
    MotifTally,
    Request,
    RequestKind,
    WaitTally,
)
from spplus_desk.store.tallies import hours_of

_UNANSWERED = (ContactOutcome.MISSED_CALL.value, ContactOutcome.ABANDONED_CALL.value)
Bounds = tuple[datetime, datetime]


def _hours(column: InstrumentedAttribute[int], bounds: Bounds) -> ColumnElement[bool]:
    first, end = hours_of(bounds)
    return and_(column >= first, column < end)


def contacts_by_channel(session: Session, bounds: Bounds) -> dict[Channel, int]:
    query = (
        select(ContactTally.channel, func.sum(ContactTally.contacts))
        .where(_hours(ContactTally.hour, bounds))
        .group_by(ContactTally.channel)
    )
    return {Channel(channel): int(n) for channel, n in session.execute(query) if n}


def contacts_by_hour(session: Session, bounds: Bounds) -> list[tuple[datetime, int]]:
    """Contacts counted per UTC hour of the period (only the hours that had some)."""
    query = (
        select(ContactTally.hour, func.sum(ContactTally.contacts))
        .where(_hours(ContactTally.hour, bounds))
        .group_by(ContactTally.hour)
    )
    return [
        (datetime.fromtimestamp(hour * 3600, UTC), int(n))
        for hour, n in session.execute(query)
        if n
    ]


def contacts_by_motif(session: Session, bounds: Bounds) -> list[tuple[str, int]]:
    """(motif label, contacts), the most frequent first; contacts without a motif are
    the total's remainder, added by the service."""
    counts = (
        select(MotifTally.motif_id, func.sum(MotifTally.contacts).label("contacts"))
        .where(_hours(MotifTally.hour, bounds))
        .group_by(MotifTally.motif_id)
        .subquery()
    )
    query = (
        select(Motif.label, counts.c.contacts)
        .join(counts, Motif.id == counts.c.motif_id)
        .where(counts.c.contacts > 0)
        .order_by(counts.c.contacts.desc(), Motif.label)
    )
    return [(label, int(n)) for label, n in session.execute(query)]


def phone_pickup(session: Session, bounds: Bounds) -> tuple[int, int]:
    """(calls that needed an agent, calls an agent handled): every incoming call logged,
    missed and abandoned ones included, and those that were not missed or abandoned."""
    query = select(
        func.coalesce(func.sum(ContactTally.contacts), 0),
        func.coalesce(
            func.sum(ContactTally.contacts).filter(ContactTally.outcome.not_in(_UNANSWERED)), 0
        ),
    ).where(_hours(ContactTally.hour, bounds), ContactTally.channel == Channel.PHONE.value)
    needed, answered = session.execute(query).one()
    return int(needed), int(answered)


def satisfaction_answers(session: Session, bounds: Bounds) -> list[tuple[Channel, str, int]]:
    """(channel, satisfaction answer, contacts) for the contacts where it was asked."""
    query = (
        select(ContactTally.channel, ContactTally.satisfaction, func.sum(ContactTally.contacts))
        .where(_hours(ContactTally.hour, bounds), ContactTally.satisfaction != "")
        .group_by(ContactTally.channel, ContactTally.satisfaction)
    )
    return [(Channel(c), s, int(n)) for c, s, n in session.execute(query) if n]


def counter_waits(session: Session, bounds: Bounds) -> tuple[list[tuple[int, int]], int]:
    """([(whole minutes waited, visits)], total seconds waited) at the counter."""
    query = (
        select(WaitTally.minutes, func.sum(WaitTally.visits), func.sum(WaitTally.seconds))
        .where(_hours(WaitTally.hour, bounds))
        .group_by(WaitTally.minutes)
    )
    rows = [(int(m), int(v), int(s)) for m, v, s in session.execute(query) if v]
    return [(m, v) for m, v, _ in rows], sum(s for _, _, s in rows)


def answers(
    session: Session, bounds: Bounds
) -> list[tuple[uuid.UUID, DelayUnit, int | None, bool, int]]:
    """Requests answered in the period as (kind, delay unit, response time or None,
    answered in time, how many), from the answers' hourly roll-up."""
    keys = (
        AnswerTally.kind_id,
        AnswerTally.delay_unit,
        AnswerTally.response_time,
        AnswerTally.on_time,
    )
    query = (
        select(*keys, func.sum(AnswerTally.answers))
        .where(_hours(AnswerTally.hour, bounds), AnswerTally.kind_id != REGULARISATION_KIND_ID)
        .group_by(*keys)
    )
    return [
        (kind, DelayUnit(unit), None if response < 0 else response, bool(in_time), int(n))
        for kind, unit, response, in_time, n in session.execute(query)
        if n
    ]


def late_unanswered(
    session: Session, first_day: date, last_day: date, now: datetime
) -> dict[uuid.UUID, int]:
    """Requests still open whose due day is in the period and already past, by kind:
    late without an answer, they count against the on-time share (in the period of the
    day they fell due, like complaints)."""
    query = (
        select(Request.kind_id, func.count())
        .where(
            is_open(),
            Request.due_date >= first_day,
            Request.due_date <= last_day,
            Request.due_at <= now,
            # A promise the service made, not the deadline it gives a person to regularise.
            Request.kind_id != REGULARISATION_KIND_ID,
        )
        .group_by(Request.kind_id)
    )
    return {kind: int(n) for kind, n in session.execute(query)}


def kind_labels(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(select(RequestKind.id, RequestKind.label))
    return {row.id: row.label for row in rows}
