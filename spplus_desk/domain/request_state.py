"""A request's state, derived from its event log alone.

The store caches what this computes (status, assignee, due dates) on the request row so
lists are fast; ``derive`` is the one truth, and a test recomputes the cache with it after
every event. ``refusal`` says, in French, why an action cannot happen now.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import Deadline, Pause, Run, compute, elapsed
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel, RequestEventType, RequestStatus, WaitPolicy

CLOSED_PAUSE = "demande close, puis rouverte"
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class RequestTerms:
    """The promise made when the request was received; later edits of its kind in the
    catalogue never change a promise already made."""

    channel: Channel
    delay: Delay
    wait_policy: WaitPolicy
    # A deadline the service gives a person (a regularisation) owes no acknowledgement.
    owes_acknowledgement: bool = True


@dataclass(frozen=True, slots=True)
class RequestEventData:
    type: RequestEventType
    at: datetime
    reason: str | None = None
    assignee_id: uuid.UUID | None = None  # received, reassigned: who has it now


@dataclass(frozen=True, slots=True)
class RequestState:
    status: RequestStatus
    received_at: datetime
    assignee_id: uuid.UUID | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    deadline: Deadline
    pauses: tuple[Pause, ...]
    ack_due_date: date | None
    # Answered: how long the answer took, in the delay's unit (days; minutes for hours).
    response_time: int | None = None

    @property
    def is_open(self) -> bool:
        return not self.status.is_closed

    def ack_pending(self) -> bool:
        """An acknowledgement of receipt is owed and not sent yet."""
        return self.ack_due_date is not None and self.acknowledged_at is None and self.is_open


@dataclass
class _Fold:
    """The running state while the events are read in order."""

    status: RequestStatus
    received_at: datetime
    assignee_id: uuid.UUID | None
    run_start: datetime | None  # the clock runs since then; None while waiting
    run_restarts: bool = True
    acknowledged_at: datetime | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    waiting: tuple[datetime, str] | None = None


def derive(
    terms: RequestTerms, events: Sequence[RequestEventData], calendar: WorkingCalendar
) -> RequestState:
    """The state after ``events`` (oldest first; the first is the receipt)."""
    first = events[0]
    if first.type is not RequestEventType.RECEIVED:
        raise ValueError("a request's log starts with its receipt")
    fold = _Fold(RequestStatus.OPEN, first.at, first.assignee_id, run_start=first.at)
    runs: list[Run] = []
    pauses: list[Pause] = []
    for event in events[1:]:
        _apply(fold, event, terms, runs, pauses)
    if fold.run_start is not None:
        runs.append(Run(fold.run_start, None, fold.run_restarts))
    if fold.waiting is not None:
        pauses.append(Pause(fold.waiting[0], None, fold.waiting[1]))
    received_day = first.at.astimezone(calendar.zone).date()
    answered_at = fold.answered_at
    clock = tuple(runs)
    return RequestState(
        status=fold.status,
        received_at=first.at,
        assignee_id=fold.assignee_id,
        acknowledged_at=fold.acknowledged_at,
        answered_at=answered_at,
        deadline=compute(calendar, terms.delay, clock),
        response_time=None
        if answered_at is None
        else elapsed(calendar, terms.delay, clock, answered_at),
        pauses=tuple(pauses),
        ack_due_date=(
            calendar.acknowledgement_due(received_day, terms.channel)
            if terms.owes_acknowledgement
            else None
        ),
    )


def _apply(
    fold: _Fold,
    event: RequestEventData,
    terms: RequestTerms,
    runs: list[Run],
    pauses: list[Pause],
) -> None:
    kind = event.type
    if kind is RequestEventType.ACKNOWLEDGED:
        fold.acknowledged_at = event.at
        fold.status = _working_status(fold)
    elif kind is RequestEventType.WAITING_FOR_USER:
        _stop_run(fold, event.at, runs)
        fold.waiting = (event.at, f"en attente de l'usager : {event.reason or 'sans motif'}")
        fold.status = RequestStatus.WAITING
    elif kind is RequestEventType.RESUMED:
        _resume(fold, event.at, terms, pauses)
        fold.status = _working_status(fold)
    elif kind in (RequestEventType.ANSWERED, RequestEventType.CANCELLED):
        # The clock is not stopped: a closed request keeps the due date its answer is
        # measured against. Reopening it treats the closed stretch as a pause.
        fold.closed_at = event.at
        fold.answered_at = event.at if kind is RequestEventType.ANSWERED else None
        fold.status = (
            RequestStatus.ANSWERED if kind is RequestEventType.ANSWERED else RequestStatus.CANCELLED
        )
    elif kind is RequestEventType.REOPENED:
        _reopen(fold, event.at, runs, pauses)
    elif kind is RequestEventType.REASSIGNED:
        fold.assignee_id = event.assignee_id
    else:  # pragma: no cover - RECEIVED only comes first
        raise ValueError(f"unexpected event {kind} in a request's log")


def _working_status(fold: _Fold) -> RequestStatus:
    return RequestStatus.ACKNOWLEDGED if fold.acknowledged_at else RequestStatus.OPEN


def _stop_run(fold: _Fold, at: datetime, runs: list[Run]) -> None:
    if fold.run_start is not None:
        runs.append(Run(fold.run_start, at, fold.run_restarts))
        fold.run_start = None


def _resume(fold: _Fold, at: datetime, terms: RequestTerms, pauses: list[Pause]) -> None:
    restarts = terms.wait_policy is WaitPolicy.RESTART
    if fold.waiting is not None:
        pauses.append(Pause(fold.waiting[0], at, fold.waiting[1], restarts=restarts))
        fold.waiting = None
    fold.run_start, fold.run_restarts = at, restarts


def _reopen(fold: _Fold, at: datetime, runs: list[Run], pauses: list[Pause]) -> None:
    closed_at = fold.closed_at or at
    fold.closed_at, fold.answered_at = None, None
    if fold.waiting is not None:  # closed while waiting: it waits again
        fold.status = RequestStatus.WAITING
        return
    _stop_run(fold, closed_at, runs)
    pauses.append(Pause(closed_at, at, CLOSED_PAUSE))
    fold.run_start, fold.run_restarts = at, False
    fold.status = _working_status(fold)


def refusal(
    state: RequestState, kind: RequestEventType, *, reason: str | None = None
) -> str | None:
    """Why ``kind`` cannot happen to the request now (French), or None when it can."""
    status = state.status
    if kind is RequestEventType.REOPENED:
        return None if status.is_closed else "Cette demande n'est pas close : rien à rouvrir."
    if status.is_closed:
        return "Cette demande est close : rouvrez-la d'abord."
    needs_reason = kind in (RequestEventType.WAITING_FOR_USER, RequestEventType.CANCELLED)
    if needs_reason and not (reason or "").strip():
        what = "les pièces attendues" if kind is RequestEventType.WAITING_FOR_USER else "le motif"
        return f"Indiquez {what} : la personne a le droit de savoir pourquoi."
    if reason and len(reason) > MAX_REASON:
        return f"Le motif est trop long ({len(reason)} caractères, {MAX_REASON} au plus)."
    if kind is RequestEventType.ACKNOWLEDGED and state.acknowledged_at is not None:
        return "L'accusé de réception a déjà été envoyé."
    if kind is RequestEventType.WAITING_FOR_USER and status is RequestStatus.WAITING:
        return "Cette demande attend déjà l'usager."
    if kind is RequestEventType.RESUMED and status is not RequestStatus.WAITING:
        return "Cette demande n'est pas en attente : rien à reprendre."
    return None
