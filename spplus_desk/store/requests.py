"""Requests as event logs: append an event, then write the state the domain derives
from the whole log into the cached columns lists read.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, literal_column, select
from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import Run, elapsed
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import (
    Channel,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    WaitPolicy,
)
from spplus_desk.domain.error_case import REGULARISATION_KIND_ID
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.domain.request_state import (
    RequestEventData,
    RequestState,
    RequestTerms,
    derive,
)
from spplus_desk.domain.service import OpeningHours
from spplus_desk.store import queries, references
from spplus_desk.store.schema import OPEN_STATUSES as OPEN_STATUSES
from spplus_desk.store.schema import Request, RequestEvent, Service


def is_open() -> ColumnElement[bool]:
    """``status IN ('open', ...)`` with its values written out, not bound: the partial
    indexes on open requests (schema) are used only for their very condition."""
    return Request.status.in_([literal_column(f"'{status}'") for status in OPEN_STATUSES])


NOT_CONFIGURED = "Le service n'est pas encore configuré : lancez « spplus-desk init »."


def calendar_of(service: Service) -> WorkingCalendar:
    """The service's working calendar: its département's holidays, Whit Monday as set,
    its closure days and its opening hours."""
    return WorkingCalendar(
        departement(service.departement),
        whit_monday_worked=service.whit_monday_worked,
        closures=closure_days(service.closures),
        opening_hours=OpeningHours.from_json(service.opening_hours),
    )


def closure_days(stored: list[Any] | None) -> frozenset[date]:
    return frozenset(date.fromisoformat(entry["date"]) for entry in stored or ())


def service_calendar(session: Session) -> WorkingCalendar:
    service = queries.service_row(session)
    if service is None:
        raise UserError(NOT_CONFIGURED)
    return calendar_of(service)


def terms_of(request: Request) -> RequestTerms:
    return RequestTerms(
        channel=Channel(request.channel),
        delay=Delay(request.delay_amount, DelayUnit(request.delay_unit)),
        wait_policy=WaitPolicy(request.wait_policy),
        owes_acknowledgement=request.kind_id != REGULARISATION_KIND_ID,
    )


def event_data(event: RequestEvent) -> RequestEventData:
    return RequestEventData(
        type=RequestEventType(event.type),
        at=event.at,
        reason=event.reason,
        assignee_id=event.assignee_id,
    )


def events_of(session: Session, request_id: uuid.UUID) -> list[RequestEvent]:
    return list(
        session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.seq)
        )
    )


def state_of(
    request: Request, events: list[RequestEvent], calendar: WorkingCalendar
) -> RequestState:
    return derive(terms_of(request), [event_data(e) for e in events], calendar)


def receive(
    session: Session,
    *,
    kind_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    channel: Channel,
    received_at: datetime,
    delay: Delay,
    wait_policy: WaitPolicy,
    agent_id: uuid.UUID,
    now: datetime,
    reason: str | None = None,
    implicit: tuple[str, int] | None = None,
) -> Request:
    """A new request received at ``received_at`` and given to ``agent_id``: its reference
    (numbered in the service's year of receipt), its receipt event, and the deadline the
    engine derives. Its log is the receipt alone, known here: derived without reading it
    back."""
    calendar = service_calendar(session)
    year = received_at.astimezone(calendar.zone).year
    number = references.allocate_numbers(session, year)[0]
    request = Request(
        id=time_ordered_uuid(now),
        reference=references.format_reference(year, number),
        kind_id=kind_id,
        contact_id=contact_id,
        channel=channel.value,
        received_at=received_at,
        delay_amount=delay.amount,
        delay_unit=delay.unit.value,
        wait_policy=wait_policy.value,
        # The kind's implicit decision as it stands at receipt, like the delay.
        implicit_decision=implicit[0] if implicit else None,
        implicit_months=implicit[1] if implicit else None,
        assignee_id=agent_id,
    )
    received = RequestEventData(RequestEventType.RECEIVED, received_at, assignee_id=agent_id)
    cache(request, derive(terms_of(request), [received], calendar))
    session.add(request)
    session.flush()
    session.add(
        RequestEvent(
            id=time_ordered_uuid(now),
            request_id=request.id,
            seq=1,
            type=RequestEventType.RECEIVED.value,
            at=received_at,
            actor_id=agent_id,
            reason=reason,
            assignee_id=agent_id,
        )
    )
    return request


def append_event(
    session: Session,
    request: Request,
    *,
    kind: RequestEventType,
    at: datetime,
    actor_id: uuid.UUID | None,
    reason: str | None = None,
    assignee_id: uuid.UUID | None = None,
) -> RequestEvent:
    """Add an event after the request's last one (never edited, never deleted)."""
    event = RequestEvent(
        id=time_ordered_uuid(at),
        request_id=request.id,
        seq=queries.last_event_seq(session, request.id) + 1,
        type=kind.value,
        at=at,
        actor_id=actor_id,
        reason=reason,
        assignee_id=assignee_id,
    )
    session.add(event)
    return event


def refresh(
    session: Session, request: Request, calendar: WorkingCalendar | None = None
) -> RequestState:
    """Derive the request's state from its whole log and cache it on the row."""
    session.flush()
    state = state_of(request, events_of(session, request.id), calendar or service_calendar(session))
    cache(request, state)
    return state


def cache(request: Request, state: RequestState) -> None:
    for name, value in derived_columns(state).items():
        setattr(request, name, value)


def derived_columns(state: RequestState) -> dict[str, object]:
    """The columns a request caches from its state (``cache`` writes them)."""
    return {
        "status": state.status.value,
        "assignee_id": state.assignee_id,
        "due_date": state.deadline.due_date,
        "due_at": state.deadline.due_at,
        "alert_at": state.deadline.alert_at,
        "ack_due_date": state.ack_due_date,
        "acknowledged_at": state.acknowledged_at,
        "answered_at": state.answered_at,
        "response_time": state.response_time,
    }


def cached_columns(request: Request) -> dict[str, object]:
    """What ``cache`` writes, as the row holds it (the consistency check compares it)."""
    return {
        "status": request.status,
        "assignee_id": request.assignee_id,
        "due_date": request.due_date,
        "due_at": request.due_at,
        "alert_at": request.alert_at,
        "ack_due_date": request.ack_due_date,
        "acknowledged_at": request.acknowledged_at,
        "answered_at": request.answered_at,
        "response_time": request.response_time,
    }


def refresh_open(session: Session) -> int:
    """Derive again every open request's state (after a change of calendar, or of the
    engine's schema); returns how many rows changed."""
    calendar = service_calendar(session)
    changed = 0
    for request in list(session.scalars(select(Request).where(is_open()))):
        before = cached_columns(request)
        refresh(session, request, calendar)
        changed += cached_columns(request) != before
    return changed


_PLAIN_LOG = {
    RequestEventType.RECEIVED,
    RequestEventType.ACKNOWLEDGED,
    RequestEventType.REASSIGNED,
    RequestEventType.ANSWERED,
}


def refresh_answered(session: Session) -> int:
    """Derive the response time of every answered request (once, after the upgrade that
    added it). A busy service has hundreds of thousands: their terms and logs are read
    as plain rows in two queries and the times written back in one batch."""
    answered = Request.status == RequestStatus.ANSWERED.value
    terms = {
        row.id: RequestTerms(
            channel=Channel(row.channel),
            delay=Delay(row.delay_amount, DelayUnit(row.delay_unit)),
            wait_policy=WaitPolicy(row.wait_policy),
            owes_acknowledgement=row.kind_id != REGULARISATION_KIND_ID,
        )
        for row in session.execute(
            select(
                Request.id,
                Request.kind_id,
                Request.channel,
                Request.delay_amount,
                Request.delay_unit,
                Request.wait_policy,
            ).where(answered)
        )
    }
    if not terms:
        return 0
    calendar = service_calendar(session)
    logs: dict[uuid.UUID, list[RequestEventData]] = {}
    events = (
        # Who had the request and why it waited change no response time: not read.
        select(RequestEvent.request_id, RequestEvent.type, RequestEvent.at)
        .join(Request, Request.id == RequestEvent.request_id)
        .where(answered)
        .order_by(RequestEvent.request_id, RequestEvent.seq)
    )
    for row in session.execute(events):
        data = RequestEventData(RequestEventType(row.type), row.at)
        logs.setdefault(row.request_id, []).append(data)
    simple_days: dict[tuple[date, date, Delay], int] = {}

    def response_time(request_terms: RequestTerms, log: list[RequestEventData]) -> int | None:
        # Most logs are a receipt, perhaps an acknowledgement, and the answer: in days,
        # their time depends only on the two dates, so equal pairs are counted once.
        answers = [e for e in log if e.type is RequestEventType.ANSWERED]
        delay = request_terms.delay
        if delay.in_hours or len(answers) != 1 or not {e.type for e in log} <= _PLAIN_LOG:
            return derive(request_terms, log, calendar).response_time
        zone = calendar.zone
        key = (log[0].at.astimezone(zone).date(), answers[0].at.astimezone(zone).date(), delay)
        if key not in simple_days:
            runs = (Run(log[0].at, None, restart=True),)
            simple_days[key] = elapsed(calendar, delay, runs, answers[0].at)
        return simple_days[key]

    times = [
        {"request": request_id, "time": response_time(terms[request_id], log)}
        for request_id, log in logs.items()
    ]
    table = cast(Table, Request.__table__)
    session.execute(
        table.update()
        .where(table.c.id == bindparam("request"))
        .values(response_time=bindparam("time")),
        times,
    )
    return len(times)


def request_by_reference(session: Session, reference: str) -> Request | None:
    return session.scalars(select(Request).where(Request.reference == reference)).first()


def status_of(request: Request) -> RequestStatus:
    return RequestStatus(request.status)
