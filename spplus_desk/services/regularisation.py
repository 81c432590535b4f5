"""An invited regularisation's deadline, followed like a promised answer.

When the service invites a person to regularise within a delay, the case gets a request
of the reserved kind: the deadline engine counts the delay in the service's calendar, the
board and the overdue list show it, and it falls late when nothing came. The request
follows the case: answered when the regularisation is done, reopened when that date is
withdrawn, cancelled with the case, replaced when the invitation is corrected.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.delay import Delay, parse_delay
from spplus_desk.domain.enums import (
    Channel,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    WaitPolicy,
)
from spplus_desk.domain.error_case import (
    DEFAULT_REGULARISATION_DELAY,
    REGULARISATION_KIND_ID,
    REGULARISATION_KIND_LABEL,
    Regularisation,
    RegularisationFollowUp,
)
from spplus_desk.services.contacts import cancel_request
from spplus_desk.store import requests
from spplus_desk.store.schema import ErrorCase, Request, RequestKind

CANCELLED_WITH_CASE = "Cas du droit à l'erreur annulé"
CORRECTED = "Invitation à régulariser corrigée"
NOT_INVITED = "Régularisation finalement sans invitation du service"


def regularisation_kind(session: Session) -> RequestKind:
    """The reserved kind, made on first use. Retired, so it is never offered at the
    counter; the catalogue leaves it out."""
    kind = session.get(RequestKind, REGULARISATION_KIND_ID)
    if kind is None:
        default = parse_delay(DEFAULT_REGULARISATION_DELAY)
        label = REGULARISATION_KIND_LABEL
        taken = select(RequestKind.id).where(RequestKind.label == label)
        if session.execute(taken).first() is not None:  # a service's own kind has it
            label = f"{label} — suivi du registre"
        kind = RequestKind(
            id=REGULARISATION_KIND_ID,
            label=label,
            channels=[],
            delay_amount=default.amount,
            delay_unit=default.unit.value,
            wait_policy=WaitPolicy.SUSPEND.value,
            active=False,
            version=1,
        )
        session.add(kind)
        session.flush()
    return kind


def day_instant(day: date, now: datetime, zone: ZoneInfo) -> datetime:
    """The instant an event dated ``day`` is logged at: now for today, else noon."""
    if now.astimezone(zone).date() == day:
        return now
    return datetime.combine(day, time(12), zone).astimezone(UTC)


def follow(
    session: Session,
    case: ErrorCase,
    agent_id: uuid.UUID,
    now: datetime,
    *,
    regularised_before: date | None = None,
) -> None:
    """Bring the case's follow-up request in line with the case: open while the
    regularisation is awaited, answered when it is done (again when its date is
    corrected: ``regularised_before`` is the date the case had), cancelled (reopened
    first if it was answered) when the case is cancelled or its invitation replaced."""
    calendar = requests.service_calendar(session)
    request = session.get(Request, case.follow_up_id) if case.follow_up_id else None
    if case.cancelled_at is not None:  # the request stays linked, cancelled with it
        if request is not None:
            _withdraw(session, request, agent_id, now, CANCELLED_WITH_CASE)
        return
    wanted = case.regularisation == Regularisation.INVITED.value
    if request is not None and not (wanted and _same_invitation(request, case, calendar.zone)):
        _withdraw(session, request, agent_id, now, CORRECTED if wanted else NOT_INVITED)
        case.follow_up_id = request = None
    if wanted and request is None:
        request = _open(session, case, agent_id, now, calendar.zone)
        case.follow_up_id = request.id
    if request is None:
        return
    request.channel = case.channel  # a channel corrected: the same deadline
    answered = request.status == RequestStatus.ANSWERED.value
    if answered and case.regularised_on != regularised_before:
        why = "Date de régularisation corrigée" if case.regularised_on else "Date retirée"
        _add(session, request, RequestEventType.REOPENED, now, agent_id, why)
        answered = False
    if case.regularised_on is not None and not answered:
        done = day_instant(case.regularised_on, now, calendar.zone)
        _add(session, request, RequestEventType.ANSWERED, done, agent_id, "Régularisation faite")
    requests.refresh(session, request, calendar)


def _withdraw(
    session: Session, request: Request, agent_id: uuid.UUID, now: datetime, reason: str
) -> None:
    """Cancel a follow-up that no longer stands, reopening it first if it was answered,
    so no answered deadline remains that no case follows."""
    status = requests.status_of(request)
    if status is RequestStatus.CANCELLED:
        return
    if status is RequestStatus.ANSWERED:
        _add(session, request, RequestEventType.REOPENED, now, agent_id, reason)
    cancel_request(session, request, agent_id, now, reason)


def _add(
    session: Session,
    request: Request,
    kind: RequestEventType,
    at: datetime,
    agent_id: uuid.UUID,
    reason: str,
) -> None:
    """An event after the log's last one: a regularisation dated earlier (a correction)
    is logged now, and the case keeps the day it was done."""
    last = requests.events_of(session, request.id)[-1].at
    requests.append_event(
        session, request, kind=kind, at=max(at, last), actor_id=agent_id, reason=reason
    )
    session.flush()


def _same_invitation(request: Request, case: ErrorCase, zone: ZoneInfo) -> bool:
    return (
        request.received_at.astimezone(zone).date() == case.invited_on
        and request.delay_amount == case.delay_amount
        and request.delay_unit == case.delay_unit
    )


def _open(
    session: Session, case: ErrorCase, agent_id: uuid.UUID, now: datetime, zone: ZoneInfo
) -> Request:
    assert case.invited_on is not None
    assert case.delay_amount is not None
    return requests.receive(
        session,
        kind_id=regularisation_kind(session).id,
        contact_id=None,  # the contact's own request, if any, stays the one it opened
        channel=Channel(case.channel),
        received_at=day_instant(case.invited_on, now, zone),
        delay=Delay(case.delay_amount, DelayUnit(case.delay_unit or DelayUnit.CALENDAR_DAYS)),
        wait_policy=WaitPolicy.SUSPEND,
        agent_id=agent_id,
        now=now,
        reason="Invitation à régulariser (droit à l'erreur)",
    )


def follow_up_of(session: Session, case: ErrorCase, at: datetime) -> RegularisationFollowUp | None:
    if case.follow_up_id is None:
        return None
    request = session.get(Request, case.follow_up_id)
    if request is None:
        return None
    closed = requests.status_of(request).is_closed
    return RegularisationFollowUp(
        reference=request.reference,
        due_date=request.due_date,
        late=not closed and request.due_at is not None and request.due_at <= at,
        done=request.answered_at is not None and closed,
    )
