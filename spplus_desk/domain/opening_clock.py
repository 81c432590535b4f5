"""Hour delays ("48 heures ouvrées"): only the service's opening hours count.

Each opening range is turned into two UTC instants before it is measured, so a range
crossing a daylight-saving change lasts what it really lasts, and the due instant is
right whatever the offset on either side of the change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from spplus_desk.domain.calendar import SkippedDay, WorkingCalendar
from spplus_desk.domain.errors import UserError

if TYPE_CHECKING:  # the engine imports this module; its runs are only annotations here
    from spplus_desk.domain.deadline import Run

HORIZON_DAYS = 3 * 366  # no promise runs that long: a calendar without a working day

NO_HOURS = (
    "Le service n'a aucun horaire d'ouverture : un délai en heures ouvrées ne peut pas "
    "être compté. Renseignez les horaires du service."
)


@dataclass(frozen=True, slots=True)
class HourCount:
    due: datetime | None  # None: the runs ended before the delay was used up
    alert: datetime | None
    skipped: tuple[SkippedDay, ...]
    counted: int  # seconds


def count_hours(
    calendar: WorkingCalendar, total: int, alert_total: int, runs: tuple[Run, ...]
) -> HourCount:
    """When ``total`` seconds of opening hours have passed in ``runs``, and when
    ``alert_total`` had."""
    if not any(calendar.opening_hours.days):
        raise UserError(NO_HOURS)
    counted = 0
    due: datetime | None = None
    alert: datetime | None = None
    skipped: list[SkippedDay] = []
    for run in runs:
        for day, opened, closed, reason in _opening_ranges(calendar, run):
            if reason is not None:
                # A run may stop and the next one start on the same closed day: once.
                if not skipped or skipped[-1].day != day:
                    skipped.append(SkippedDay(day, reason))
                continue
            start, end = max(opened, run.start), closed if run.end is None else min(closed, run.end)
            if end <= start:
                continue
            seconds = int((end - start).total_seconds())
            if alert is None and counted + seconds >= alert_total:
                alert = start + timedelta(seconds=alert_total - counted)
            if counted + seconds >= total:
                due = start + timedelta(seconds=total - counted)
                counted = total
                break
            counted += seconds
        if due is not None:
            break
    return HourCount(due, alert, tuple(_before(skipped, due, calendar)), counted)


def _opening_ranges(
    calendar: WorkingCalendar, run: Run
) -> Iterator[tuple[date, datetime, datetime, str | None]]:
    """The opening ranges (UTC) of each day the run covers, or the day and why it is
    closed. Stops after the run's last day; an open run goes on as long as it is read."""
    zone = calendar.zone
    day = run.start.astimezone(zone).date()
    last = run.end.astimezone(zone).date() if run.end is not None else None
    limit = day + timedelta(days=HORIZON_DAYS)
    while last is None or day <= last:
        if day > limit:
            raise UserError("Aucune heure d'ouverture dans les trois ans : le calendrier est faux.")
        reason = calendar.closed_hours_reason(day)
        if reason is not None:
            yield day, run.start, run.start, reason
        else:
            for opening in calendar.opening_hours.days[day.weekday()]:
                opened = datetime.combine(day, opening.start, zone).astimezone(UTC)
                closed = datetime.combine(day, opening.end, zone).astimezone(UTC)
                yield day, opened, closed, None
        day += timedelta(days=1)


def _before(
    skipped: list[SkippedDay], due: datetime | None, calendar: WorkingCalendar
) -> list[SkippedDay]:
    """Closed days up to the due date (the receipt's own day counts as soon as it is open)."""
    if due is None:
        return skipped
    last = due.astimezone(calendar.zone).date()
    return [s for s in skipped if s.day <= last]
