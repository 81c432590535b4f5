"""The deadline engine: when a promise falls due, counted as a French administration
counts it, and why.

A request's clock runs in *runs*: from its receipt until it waits for the user, from the
resumption until... A run that restarts the clock (the receipt; a resumption under the
"restart" policy) counts the whole delay again; the others carry on where the clock
stopped. Days are dates in the service's zone: a run from S to T counts the days after
S's date up to T's date, so the day of receipt, like the day of resumption, does not
count, and the day the clock stops does. Hours count the opening hours inside the runs,
as real elapsed time, so a daylight-saving change never adds or loses an hour.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from spplus_desk.domain.calendar import SkippedDay, WorkingCalendar
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import day_text, moment_text
from spplus_desk.domain.opening_clock import HORIZON_DAYS, count_hours
from spplus_desk.domain.service import WEEKDAY_NAMES

ALERT_SHARE = 0.75  # the lead's board warns once three quarters of the delay are gone


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of time during which the clock runs; ``end`` None: still running."""

    start: datetime
    end: datetime | None = None
    restart: bool = False


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch during which the clock stood still, for the explanation."""

    start: datetime
    end: datetime | None
    reason: str
    restarts: bool = False  # the clock started over with the full delay when it ended


@dataclass(frozen=True, slots=True)
class Deadline:
    delay: Delay
    clock_start: datetime  # the receipt, or the last restart
    due_date: date | None  # None while waiting for the user with time left
    due_at: datetime | None  # UTC: from this instant on, the request is late
    alert_at: datetime | None  # UTC: the start of the day three quarters run out (hours: exact)
    skipped: tuple[SkippedDay, ...]
    remaining: int = 0  # days (or seconds, for hours) left when the clock stopped

    def is_late(self, at: datetime) -> bool:
        return self.due_at is not None and at >= self.due_at


def compute(calendar: WorkingCalendar, delay: Delay, runs: tuple[Run, ...]) -> Deadline:
    """The deadline of ``delay`` counted over ``runs`` (in order, not overlapping)."""
    if not runs:
        raise ValueError("a deadline needs at least one run of its clock")
    last_restart = max((i for i, run in enumerate(runs) if run.restart), default=0)
    runs = runs[last_restart:]
    if delay.in_hours:
        return _count_hours(calendar, delay, runs)
    return _count_days(calendar, delay, runs)


def _count_hours(calendar: WorkingCalendar, delay: Delay, runs: tuple[Run, ...]) -> Deadline:
    total = delay.amount * 3600
    count = count_hours(calendar, total, math.ceil(total * ALERT_SHARE), runs)
    due = count.due
    return Deadline(
        delay=delay,
        clock_start=runs[0].start,
        due_date=None if due is None else due.astimezone(calendar.zone).date(),
        due_at=due,
        alert_at=count.alert if due is not None else None,
        skipped=count.skipped,
        remaining=total - count.counted,
    )


def deadline_from(calendar: WorkingCalendar, start: datetime, delay: Delay) -> Deadline:
    """The deadline of a request received at ``start`` and never paused."""
    return compute(calendar, delay, (Run(start, None, restart=True),))


def _count_days(calendar: WorkingCalendar, delay: Delay, runs: tuple[Run, ...]) -> Deadline:
    unit, zone = delay.unit, calendar.zone
    # The alert day is the one during which three quarters of the delay run out.
    alert_count = min(math.floor(delay.amount * ALERT_SHARE) + 1, delay.amount)
    counted, alert_day, due = 0, None, None
    skipped: list[SkippedDay] = []
    for run in runs:
        day = run.start.astimezone(zone).date()
        last = run.end.astimezone(zone).date() if run.end else None
        limit = day + timedelta(days=HORIZON_DAYS)
        while due is None and (last is None or day < last):
            day += timedelta(days=1)
            if day > limit:
                raise UserError("Aucun jour ouvré dans les trois ans : le calendrier est faux.")
            reason = None if unit is DelayUnit.CALENDAR_DAYS else calendar.closed_reason(day, unit)
            if reason is not None:
                skipped.append(SkippedDay(day, reason))
                continue
            counted += 1
            alert_day = day if counted == alert_count else alert_day
            due = day if counted == delay.amount else None
        if due is not None:
            break
    if due is not None and unit is DelayUnit.CALENDAR_DAYS:
        # A delay in calendar days ending on a closed day moves to the next working day.
        while (reason := calendar.closed_reason(due, DelayUnit.WORKING_DAYS)) is not None:
            skipped.append(SkippedDay(due, reason))
            due += timedelta(days=1)
    return Deadline(
        delay=delay,
        clock_start=runs[0].start,
        due_date=due,
        due_at=None if due is None else _midnight(due + timedelta(days=1), calendar),
        alert_at=None if alert_day is None or due is None else _midnight(alert_day, calendar),
        skipped=tuple(skipped),
        remaining=delay.amount - counted,
    )


def elapsed(calendar: WorkingCalendar, delay: Delay, runs: tuple[Run, ...], until: datetime) -> int:
    """How much of the delay's own unit the clock counted from its last (re)start until
    ``until`` (an answer): days, counted as the deadline counts them, or minutes of
    opening hours. The response times of the indicators."""
    last_restart = max((i for i, run in enumerate(runs) if run.restart), default=0)
    cut = tuple(
        Run(run.start, until if run.end is None or run.end > until else run.end, run.restart)
        for run in runs[last_restart:]
        if run.start < until
    )
    if not cut:
        return 0
    if delay.in_hours:
        total = HORIZON_DAYS * 24 * 3600  # never reached: the runs end first
        return count_hours(calendar, total, total, cut).counted // 60
    counted = 0
    for run in cut:
        day = run.start.astimezone(calendar.zone).date()
        last = run.end.astimezone(calendar.zone).date() if run.end else day
        while day < last:
            day += timedelta(days=1)
            if delay.unit is DelayUnit.CALENDAR_DAYS or not calendar.closed_reason(day, delay.unit):
                counted += 1
    return counted


def _midnight(day: date, calendar: WorkingCalendar) -> datetime:
    return datetime.combine(day, time(0), calendar.zone).astimezone(UTC)


def long_date(day: date) -> str:
    """'mercredi 12 mai 2027'."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day_text(day)}"


def explain(deadline: Deadline, pauses: tuple[Pause, ...], calendar: WorkingCalendar) -> list[str]:
    """The deadline in French sentences: the promise, the days left out and why, the
    pauses. Shown under the due date in the request view."""
    zone = calendar.zone
    lines = [f"Délai annoncé : {deadline.delay.text}."]
    start = deadline.clock_start.astimezone(zone)
    if deadline.delay.in_hours:
        since = _moment(deadline.clock_start, zone)
        lines.append(f"Décompte des heures d'ouverture à partir du {since}.")
    else:
        restarted = any(pause.restarts and pause.end == deadline.clock_start for pause in pauses)
        which = "de la reprise" if restarted else "de réception"
        lines.append(
            f"Décompte à partir du lendemain du {long_date(start.date())} "
            f"(le jour {which} ne compte pas)."
        )
    weekend = Counter({"samedi": 0, "dimanche": 0})
    weekend.update(s.reason for s in deadline.skipped if s.reason in weekend)
    weekend = +weekend  # drops the zero counts, keeps Saturday before Sunday
    if weekend:
        parts = [f"{n} {name}{'s' if n > 1 else ''}" for name, n in weekend.items()]
        lines.append(f"Non comptés : {' et '.join(parts)}.")
    for skipped in deadline.skipped:
        if skipped.reason not in ("samedi", "dimanche"):
            lines.append(f"Non compté : {long_date(skipped.day)} ({skipped.reason}).")
    for pause in pauses:
        since = _moment(pause.start, zone)
        if pause.end is None:
            lines.append(f"Délai suspendu depuis le {since} : {pause.reason}.")
            continue
        until = _moment(pause.end, zone)
        effect = "le délai est reparti de zéro" if pause.restarts else "le délai a repris"
        lines.append(f"Suspendu du {since} au {until} ({pause.reason}) ; {effect}.")
    if deadline.due_date is None:
        left = _remaining_text(deadline)
        lines.append(f"Échéance fixée à la reprise : il restera {left}.")
    elif deadline.delay.in_hours and deadline.due_at is not None:
        lines.append(f"Échéance : {_moment(deadline.due_at, zone)}.")
    else:
        lines.append(f"Échéance : {long_date(deadline.due_date)}.")
    return lines


def _moment(at: datetime, zone: ZoneInfo) -> str:
    """'mardi 4 mai 2027 à 14 h 30' in the service's zone."""
    return f"{WEEKDAY_NAMES[at.astimezone(zone).weekday()]} {moment_text(at, zone)}"


def _remaining_text(deadline: Deadline) -> str:
    if deadline.delay.in_hours:
        hours, seconds = divmod(max(deadline.remaining, 60), 3600)
        return f"{hours}\u00a0h\u00a0{seconds // 60:02d} d'ouverture"
    return Delay(max(deadline.remaining, 1), deadline.delay.unit).text
