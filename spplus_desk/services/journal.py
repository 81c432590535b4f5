"""Reading the journal: pages of contacts, their number, and the day's counters."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import JournalFilter, JournalRow, JournalSort
from spplus_desk.services.desk import Desk
from spplus_desk.store import journal, queries
from spplus_desk.store.schema import Contact

PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class DaySummary:
    """The status bar's counters for one day."""

    day: date
    total: int
    by_channel: dict[Channel, int]
    missed_calls: int  # missed and abandoned calls, also counted in ``total``
    waits_measured: int
    mean_wait_seconds: int | None
    median_wait_seconds: int | None


def service_today(desk: Desk) -> date:
    """Today in the service's time zone (overseas services are hours away from Paris)."""
    with desk.database.reading() as session:
        return desk.clock.now().astimezone(_zone(session)).date()


def read_page(
    desk: Desk, wanted: JournalFilter, sort: JournalSort, *, offset: int, limit: int = PAGE_SIZE
) -> list[JournalRow]:
    wanted = wanted.checked()
    with desk.database.reading() as session:
        bounds = wanted.bounds(_zone(session))
        return journal.page(session, wanted, bounds, sort, offset=offset, limit=limit)


def count_contacts(desk: Desk, wanted: JournalFilter) -> int:
    wanted = wanted.checked()
    with desk.database.reading() as session:
        return journal.count(session, wanted, wanted.bounds(_zone(session)))


def day_summary(desk: Desk, day: date) -> DaySummary:
    """Contacts of the day by channel, and the waiting time measured at the counter."""
    wanted = JournalFilter.day(day)
    with desk.database.reading() as session:
        bounds = wanted.bounds(_zone(session))
        rows = session.execute(
            select(Contact.channel, Contact.outcome, Contact.arrived_at, Contact.called_at).where(
                *journal.conditions(session, wanted, bounds)
            )
        ).all()
    by_channel = Counter(Channel(channel) for channel, _, _, _ in rows)
    missed = sum(1 for _, outcome, _, _ in rows if ContactOutcome(outcome).is_unanswered_call)
    waits = [
        max(0, int((called - arrived).total_seconds()))
        for _, _, arrived, called in rows
        if arrived is not None and called is not None
    ]
    return DaySummary(
        day=day,
        total=len(rows),
        by_channel=dict(by_channel),
        missed_calls=missed,
        waits_measured=len(waits),
        mean_wait_seconds=round(statistics.fmean(waits)) if waits else None,
        median_wait_seconds=round(statistics.median(waits)) if waits else None,
    )


def _zone(session: Session) -> ZoneInfo:
    service = queries.service_row(session)
    if service is None:
        raise UserError("Le service n'est pas encore configuré : lancez « spplus-desk init ».")
    return ZoneInfo(service.time_zone)
