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

from sqlalchemy.orm import Session

from spplus_desk.domain.delay import Delay, parse_delay
from spplus_desk.domain.enums import Channel, DelayUnit, RequestEventType, WaitPolicy
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
        kind = RequestKind(
            id=REGULARISATION_KIND_ID,
            label=REGULARISATION_KIND_LABEL,
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


def follow(session: Session, case: ErrorCase, agent_id: uuid.UUID, now: datetime) -> None:
    """Bring the case's follow-up request in line with the case."""
    calendar = requests.service_calendar(session)
    request = session.get(Request, case.follow_up_id) if case.follow_up_id else None
    if case.cancelled_at is not None:  # the request stays linked, cancelled with it
        if request is not None and not requests.status_of(request).is_closed:
            cancel_request(session, request, agent_id, now, CANCELLED_WITH_CASE)
        return
    wanted = case.regularisation == Regularisation.INVITED.value
    if request is not None and not (wanted and _same_invitation(request, case, calendar.zone)):
        if not requests.status_of(request).is_closed:
            cancel_request(session, request, agent_id, now, CORRECTED if wanted else NOT_INVITED)
        case.follow_up_id = request = None
    if wanted and request is None:
        request = _open(session, case, agent_id, now, calendar.zone)
        case.follow_up_id = request.id
    if request is None:
        return
    open_now = not requests.status_of(request).is_closed
    if case.regularised_on is not None and open_now:
        done = max(day_instant(case.regularised_on, now, calendar.zone), request.received_at)
        requests.append_event(
            session,
            request,
            kind=RequestEventType.ANSWERED,
            at=done,
            actor_id=agent_id,
            reason="Régularisation faite",
        )
        requests.refresh(session, request, calendar)
    elif case.regularised_on is None and not open_now:
        requests.append_event(
            session,
            request,
            kind=RequestEventType.REOPENED,
            at=now,
            actor_id=agent_id,
            reason="Date de régularisation retirée",
        )
        requests.refresh(session, request, calendar)


def _same_invitation(request: Request, case: ErrorCase, zone: ZoneInfo) -> bool:
    return (
        request.received_at.astimezone(zone).date() == case.invited_on
        and request.delay_amount == case.delay_amount
        and request.delay_unit == case.delay_unit
        and request.channel == case.channel
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
