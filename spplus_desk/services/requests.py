"""Following a request until it is answered: its case, and every action on it.

Each action appends one event to the request's log, derives the new state from the whole
log (domain.request_state) into the cached columns, and writes an audit entry, in one
unit of work. Nothing is ever edited or deleted in the log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.deadline import explain
from spplus_desk.domain.documents import ImplicitDecision
from spplus_desk.domain.enums import RequestEventType, Role, WaitPolicy
from spplus_desk.domain.error_case import REGULARISATION_KIND_ID
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.request_board import LateCounter, board_window
from spplus_desk.domain.request_case import RequestCase, TimelineEntry
from spplus_desk.domain.request_state import RequestState, refusal
from spplus_desk.domain.validation import clean_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, requests
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import (
    Agent,
    Contact,
    ErrorCase,
    Request,
    RequestEvent,
    RequestKind,
)

REASON_FIELD = "Le motif"
LEADS = (Role.LEAD, Role.ADMIN)
FOLLOWS_A_CASE = (
    "Cette échéance suit un cas du droit à l'erreur : notez la régularisation, ou "
    "l'annulation, dans le cas lui-même (onglet « Droit à l'erreur »)."
)
UNKNOWN_REQUEST = "Cette demande n'existe pas (ou plus) dans cette base."
MAX_REFERENCE_TYPED = 20  # "2027-000123" has 11 characters


def find_request(desk: Desk, reference: str) -> uuid.UUID:
    """The request whose reference is typed ("2027-000123", "2027-123" or "123" this year)."""
    cleaned = reference.strip()
    if not cleaned:
        raise UserError("Tapez la référence de la demande, par exemple 2027-000123.")
    # Nothing else can be a reference: refused before the database is asked (which
    # would choke on a NUL or a lone surrogate).
    if len(cleaned) > MAX_REFERENCE_TYPED or not (cleaned.isascii() and cleaned.isprintable()):
        raise UserError(
            "Une référence de demande s'écrit avec l'année et un numéro, par exemple "
            "2027-000123 : vérifiez ce qui a été tapé."
        )
    with desk.database.reading() as session:
        # References carry the service's local year (as the request was numbered).
        this_year = desk.clock.now().astimezone(requests.service_calendar(session).zone).year
        for candidate in _reference_forms(cleaned, this_year):
            found = requests.request_by_reference(session, candidate)
            if found is not None:
                return found.id
    raise UserError(f"Aucune demande ne porte la référence « {cleaned} ».")


def _reference_forms(text: str, year: int) -> list[str]:
    year_part, _, number = text.rpartition("-")
    if not number.isdigit() or (year_part and not year_part.isdigit()) or text.startswith("-"):
        return [text]
    return [f"{year_part or year}-{int(number):06d}", text]


def request_case(desk: Desk, request_id: uuid.UUID) -> RequestCase:
    now = desk.clock.now()
    with desk.database.reading() as session:
        request = session.get(Request, request_id)
        if request is None:
            raise UserError(UNKNOWN_REQUEST)
        return _case(session, request, now)


def act_on_request(
    desk: Desk,
    *,
    login: str,
    request_id: uuid.UUID,
    action: RequestEventType,
    version: int | None = None,
    reason: str | None = None,
    assignee_id: uuid.UUID | None = None,
) -> RequestCase:
    """Acknowledge, wait for the user, resume, answer, reassign, cancel or reopen.

    ``version`` is the one the person saw: an action on a request someone else changed
    since is refused, never applied to a state they did not see.
    """
    if action is RequestEventType.RECEIVED:
        raise ValueError("a request is received once, by the contact that opens it")
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        request = session.get(Request, request_id, with_for_update=True)
        if request is None:
            raise UserError(UNKNOWN_REQUEST)
        if version is not None and request.version != version:
            raise ConflictError(CONFLICT_MESSAGE)
        _apply(session, request, agent, action, now, reason=reason, assignee_id=assignee_id)
        return _case(session, request, now)


def reassign_requests(
    desk: Desk, *, login: str, request_ids: Iterable[uuid.UUID], assignee_id: uuid.UUID
) -> int:
    """Give several requests to one agent at once (the lead's board); all or none.
    Requests already with that agent are left as they are; the count changed is returned."""
    now = desk.clock.now()
    changed = 0
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *LEADS)
        for request_id in request_ids:
            request = session.get(Request, request_id, with_for_update=True)
            if request is None:
                raise UserError(UNKNOWN_REQUEST)
            if request.assignee_id == assignee_id:
                continue
            reassigned = RequestEventType.REASSIGNED
            try:
                _apply(session, request, agent, reassigned, now, assignee_id=assignee_id)
            except UserError as error:  # which one of the selection; nothing is saved
                raise UserError(f"Demande {request.reference} : {error.message}") from None
            changed += 1
    return changed


def _apply(
    session: Session,
    request: Request,
    agent: Agent,
    action: RequestEventType,
    now: datetime,
    *,
    reason: str | None = None,
    assignee_id: uuid.UUID | None = None,
) -> RequestState:
    calendar = requests.service_calendar(session)
    events = requests.events_of(session, request.id)
    state = requests.state_of(request, events, calendar)
    reason = clean_text(reason or "", field=REASON_FIELD, max_length=500) or None
    problem = refusal(state, action, reason=reason)
    if problem is None and action is RequestEventType.REOPENED:
        problem = _withdrawn_contact_problem(session, request)
    if problem is None and action is RequestEventType.REASSIGNED:
        problem = _reassign_problem(session, request, agent, assignee_id)
    if problem is None and not _acted_on_directly(request, action):
        problem = FOLLOWS_A_CASE
    if problem is not None:
        raise UserError(problem)
    before = requests.cached_columns(request)
    # Desks' clocks differ by a few seconds: the log stays in order whatever they say.
    at = max(now, events[-1].at)
    requests.append_event(
        session,
        request,
        kind=action,
        at=at,
        actor_id=agent.id,
        reason=reason,
        assignee_id=assignee_id if action is RequestEventType.REASSIGNED else None,
    )
    new_state = requests.refresh(session, request, calendar)
    after = requests.cached_columns(request)
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        session,
        at=now,
        actor_id=agent.id,
        action=f"request.{action.value}",
        entity_type="request",
        entity_id=request.id,
        before={"reference": request.reference} | {key: before[key] for key in changed},
        after={"reference": request.reference, "reason": reason}
        | {key: after[key] for key in changed},
    )
    return new_state


def _withdrawn_contact_problem(session: Session, request: Request) -> str | None:
    contact = session.get(Contact, request.contact_id) if request.contact_id else None
    if contact is None or contact.cancelled_at is None:
        return None
    return (
        "Le contact qui a ouvert cette demande a été annulé (saisie erronée) : "
        "enregistrez un nouveau contact plutôt que de rouvrir la demande."
    )


def _reassign_problem(
    session: Session, request: Request, agent: Agent, assignee_id: uuid.UUID | None
) -> str | None:
    if Role(agent.role) not in LEADS and request.assignee_id != agent.id:
        return "Seul un responsable réattribue une demande confiée à quelqu'un d'autre."
    target = session.get(Agent, assignee_id) if assignee_id is not None else None
    if target is None or not target.active:
        return "Choisissez un agent actif à qui confier la demande."
    if target.id == request.assignee_id:
        return f"La demande est déjà confiée à {target.name}."
    return None


def refresh_open_deadlines(desk: Desk) -> int:
    """Derive again every open request's deadline (the calendar changed: a closure day,
    Whit Monday, the opening hours). Returns how many changed."""
    with desk.database.writing() as session:
        return requests.refresh_open(session)


def _acted_on_directly(request: Request, action: RequestEventType) -> bool:
    """A regularisation's deadline follows its right-to-error case (done, withdrawn,
    cancelled there); it may only change hands here."""
    return request.kind_id != REGULARISATION_KIND_ID or action is RequestEventType.REASSIGNED


def _case(session: Session, request: Request, now: datetime) -> RequestCase:
    calendar = requests.service_calendar(session)
    events = requests.events_of(session, request.id)
    state = requests.state_of(request, events, calendar)
    names = _agent_names(session, request, events)
    kind = session.get(RequestKind, request.kind_id)
    contact = session.get(Contact, request.contact_id) if request.contact_id else None
    deadline = state.deadline
    window = board_window(calendar, now)
    terms = requests.terms_of(request)
    possible = frozenset(
        action
        for action in RequestEventType
        if action is not RequestEventType.RECEIVED
        and refusal(state, action, reason="motif") is None
        and _acted_on_directly(request, action)
    )
    return RequestCase(
        id=request.id,
        reference=request.reference,
        kind=kind.label if kind else "type inconnu",
        channel=terms.channel,
        received_at=request.received_at,
        status=state.status,
        assignee_id=state.assignee_id,
        assignee=names.get(state.assignee_id, "") if state.assignee_id else "",
        contact_id=request.contact_id,
        person=_person(session, request, contact),
        delay=terms.delay.text,
        wait_restarts=terms.wait_policy is WaitPolicy.RESTART,
        due_date=deadline.due_date,
        due_at=deadline.due_at,
        in_hours=terms.delay.in_hours,
        ack_due_date=state.ack_due_date,
        acknowledged_at=state.acknowledged_at,
        answered_at=state.answered_at,
        late=state.is_open and deadline.is_late(now),
        days_late=LateCounter(calendar, window, deadline.due_date).days_late(
            deadline.due_date, deadline.due_at
        ),
        explanation=tuple(explain(deadline, state.pauses, calendar)),
        timeline=tuple(
            TimelineEntry(
                seq=event.seq,
                at=event.at,
                type=RequestEventType(event.type),
                actor=names.get(event.actor_id, "") if event.actor_id else "",
                reason=event.reason,
                assignee=names.get(event.assignee_id, "") if event.assignee_id else None,
            )
            for event in events
        ),
        possible=possible,
        version=request.version,
        implicit_decision=ImplicitDecision(request.implicit_decision or ImplicitDecision.UNSET),
        implicit_months=request.implicit_months or 0,
    )


def _person(session: Session, request: Request, contact: Contact | None) -> str:
    """The contact's person, or for a regularisation's deadline its case's person."""
    if contact is not None:
        return contact.person_name or ""
    if request.kind_id != REGULARISATION_KIND_ID:
        return ""
    query = select(ErrorCase.person_name).where(ErrorCase.follow_up_id == request.id)
    return session.execute(query).scalar_one_or_none() or ""


def _agent_names(
    session: Session, request: Request, events: list[RequestEvent]
) -> dict[uuid.UUID, str]:
    ids = {request.assignee_id} | {e.actor_id for e in events} | {e.assignee_id for e in events}
    ids.discard(None)
    return dict(session.execute(select(Agent.id, Agent.name).where(Agent.id.in_(ids))).all())
