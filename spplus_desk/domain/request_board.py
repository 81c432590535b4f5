"""What the lead's board shows: open requests sorted into buckets by their deadline.

The buckets do not overlap, so their counts add up: a request due today is not also
counted among those "à 75 %". ``BoardWindow`` fixes the instants that separate them,
computed once per reading from the service's calendar.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.enums import Channel, DelayUnit, RequestStatus

SOON_WORKING_DAYS = 2


class Bucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"  # due within the next 2 working days
    ALERT = "alert"  # three quarters of the delay gone, not due that soon
    ON_TRACK = "on_track"
    WAITING = "waiting"  # the clock stands still until the user answers
    ACK = "ack"  # an acknowledgement of receipt owed (its own deadline)
    ALL = "all"  # every open request


BUCKET_LABELS: dict[Bucket, str] = {
    Bucket.OVERDUE: "En retard",
    Bucket.TODAY: "À traiter aujourd'hui",
    Bucket.SOON: "Dans les 2 jours ouvrés",
    Bucket.ALERT: "75 % du délai écoulé",
    Bucket.ON_TRACK: "Dans les temps",
    Bucket.WAITING: "En attente de l'usager",
    Bucket.ACK: "Accusés de réception à envoyer",
    Bucket.ALL: "Toutes les demandes en cours",
}
# The buckets a request is sorted into by its answer deadline (ACK and ALL overlap them).
DEADLINE_BUCKETS = (
    Bucket.OVERDUE,
    Bucket.TODAY,
    Bucket.SOON,
    Bucket.ALERT,
    Bucket.ON_TRACK,
    Bucket.WAITING,
)


@dataclass(frozen=True, slots=True)
class BoardWindow:
    """The instants (UTC) separating the buckets, at the moment ``at``."""

    at: datetime
    today: date  # in the service's zone
    tomorrow_start: datetime
    soon_end: datetime  # the end of the 2nd working day after today

    def bucket(self, due_at: datetime | None, alert_at: datetime | None) -> Bucket:
        if due_at is None:
            return Bucket.WAITING
        if due_at <= self.at:
            return Bucket.OVERDUE
        if due_at <= self.tomorrow_start:
            return Bucket.TODAY
        if due_at <= self.soon_end:
            return Bucket.SOON
        if alert_at is not None and alert_at <= self.at:
            return Bucket.ALERT
        return Bucket.ON_TRACK


def board_window(calendar: WorkingCalendar, at: datetime) -> BoardWindow:
    today = at.astimezone(calendar.zone).date()
    soon_day = calendar.add_days(today, SOON_WORKING_DAYS, DelayUnit.WORKING_DAYS).due
    return BoardWindow(
        at=at,
        today=today,
        tomorrow_start=_start_of(today + timedelta(days=1), calendar),
        soon_end=_start_of(soon_day + timedelta(days=1), calendar),
    )


def _start_of(day: date, calendar: WorkingCalendar) -> datetime:
    return datetime.combine(day, time(0), calendar.zone).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class BoardFilter:
    bucket: Bucket = Bucket.OVERDUE
    assignee_id: uuid.UUID | None = None
    kind_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One open request as the board, the day's list and the exports show it."""

    id: uuid.UUID
    reference: str
    kind: str
    channel: Channel
    received_at: datetime
    due_date: date | None
    due_at: datetime | None
    in_hours: bool  # its delay is counted in opening hours: the due time matters
    assignee_id: uuid.UUID | None
    assignee: str  # "" when nobody has it
    status: RequestStatus
    person: str  # "" when not given
    bucket: Bucket
    days_late: int  # jours ouvrés after the due date
    ack_due_date: date | None
    ack_pending: bool
    version: int


@dataclass(frozen=True, slots=True)
class LateRequest:
    """An open request past its due instant, as the command line lists it: no personal
    data, nothing it does not print."""

    reference: str
    kind: str
    channel: Channel
    received_at: datetime
    due_date: date | None
    due_at: datetime | None
    in_hours: bool
    assignee: str  # "" when nobody has it
    status: RequestStatus
    days_late: int


@dataclass(frozen=True, slots=True)
class BoardCount:
    """One line of the summary: an agent or a kind of request, with its counts."""

    id: uuid.UUID | None  # None: not assigned to anybody
    label: str
    counts: dict[Bucket, int] = field(default_factory=dict)

    def count(self, bucket: Bucket) -> int:
        return self.counts.get(bucket, 0)


@dataclass(frozen=True, slots=True)
class BoardSummary:
    window: BoardWindow
    totals: dict[Bucket, int]
    by_agent: tuple[BoardCount, ...]
    by_kind: tuple[BoardCount, ...]


@dataclass(frozen=True, slots=True)
class MyDeadlines:
    """An agent's own requests, for the status bar."""

    due_today: int
    overdue: int
    overdue_references: tuple[str, ...]
    next_due_at: datetime | None  # the next instant one of them becomes late


class LateCounter:
    """Jours ouvrés of lateness for many requests: the calendar is walked once, from the
    oldest due date to today, and each request is a subtraction."""

    def __init__(self, calendar: WorkingCalendar, window: BoardWindow, since: date | None) -> None:
        self._at = window.at
        self._counted: dict[date, int] = {}
        count, day = 0, since or window.today
        while day <= window.today:
            if calendar.closed_reason(day, DelayUnit.WORKING_DAYS) is None:
                count += 1
            self._counted[day] = count
            day += timedelta(days=1)
        self._total = count

    def days_late(self, due_date: date | None, due_at: datetime | None) -> int:
        """The jours ouvrés after the due date up to today; 0 when not late yet, on the
        due day itself, or when an hour delay ran out earlier the same day."""
        if due_date is None or due_at is None or self._at < due_at:
            return 0
        return self._total - self._counted.get(due_date, self._total)
