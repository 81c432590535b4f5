"""The indicators' sums, computed by the database: a year of a million-contact journal
is aggregated in SQL, never walked row by row in Python.

Cancelled contacts count nowhere (they were entry errors). The busy hours are grouped
by UTC hour here, the same way on SQLite and PostgreSQL, and folded into the service's
local week by the domain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.store.journal_order import wait_expression
from spplus_desk.store.schema import Contact, Motif

_UNANSWERED = (ContactOutcome.MISSED_CALL.value, ContactOutcome.ABANDONED_CALL.value)
_MINUTES_PER_DAY = 24 * 60


def _in_period(bounds: tuple[datetime, datetime]) -> ColumnElement[bool]:
    start, end = bounds
    return and_(
        Contact.occurred_at >= start, Contact.occurred_at < end, Contact.cancelled_at.is_(None)
    )


def contacts_by_channel(session: Session, bounds: tuple[datetime, datetime]) -> dict[Channel, int]:
    query = (
        select(Contact.channel, func.count()).where(_in_period(bounds)).group_by(Contact.channel)
    )
    return {Channel(channel): int(count) for channel, count in session.execute(query)}


def contacts_by_motif(session: Session, bounds: tuple[datetime, datetime]) -> list[tuple[str, int]]:
    """(motif label, contacts), the most frequent first; "" for contacts without one."""
    counts = (
        select(Contact.motif_id, func.count().label("contacts"))
        .where(_in_period(bounds))
        .group_by(Contact.motif_id)
        .subquery()
    )
    query = (
        select(Motif.label, counts.c.contacts)
        .select_from(counts)
        .outerjoin(Motif, Motif.id == counts.c.motif_id)
        .order_by(counts.c.contacts.desc(), Motif.label)
    )
    return [(label or "", int(count)) for label, count in session.execute(query)]


def contacts_by_utc_hour(
    session: Session, bounds: tuple[datetime, datetime]
) -> list[tuple[datetime, int]]:
    """Contacts counted per UTC hour (at most 24 a day of the period)."""
    hour = _utc_hour(session)
    query = select(hour, func.count()).where(_in_period(bounds)).group_by(hour)
    return [
        (datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=UTC), int(count))
        for text, count in session.execute(query)
    ]


def _utc_hour(session: Session) -> Any:
    """'2027-05-04 09' for an instant of that UTC hour, on each engine."""
    if session.get_bind().dialect.name == "sqlite":  # naive UTC text 'YYYY-MM-DD HH:MM:SS'
        return func.substr(Contact.occurred_at, 1, 13)
    return func.to_char(func.timezone("UTC", Contact.occurred_at), "YYYY-MM-DD HH24")


def phone_pickup(session: Session, bounds: tuple[datetime, datetime]) -> tuple[int, int]:
    """(calls that needed an agent, calls an agent handled): every incoming call logged,
    missed and abandoned ones included, and those that were not missed or abandoned."""
    query = select(
        func.count(),
        func.count().filter(Contact.outcome.not_in(_UNANSWERED)),
    ).where(_in_period(bounds), Contact.channel == Channel.PHONE.value)
    needed, answered = session.execute(query).one()
    return int(needed), int(answered)


def counter_waits(session: Session, bounds: tuple[datetime, datetime]) -> list[float]:
    """The measured waits at the counter, in minutes (visits whose arrival and call were
    both noted): a year's few hundred thousand numbers, sorted by the domain."""
    wait = wait_expression(session)
    query = select(wait).where(
        _in_period(bounds),
        Contact.arrived_at.is_not(None),
        Contact.called_at.is_not(None),
    )
    if session.get_bind().dialect.name == "sqlite":  # julianday difference: in days
        return [float(days) * _MINUTES_PER_DAY for (days,) in session.execute(query)]
    return [interval.total_seconds() / 60 for (interval,) in session.execute(query)]
