"""Recording, correcting and cancelling right-to-error cases (CRPA L123-1).

Each function is one unit of work with its audit entry. Nothing is deleted: a case is
corrected with a reason (the audit keeps each changed field's before and after) or
cancelled with a reason. Its author may change it, and so may a lead or an administrator.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel, DelayUnit
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorCaseRecord,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
    checked_case,
    eligibility,
)
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.history import moment_text
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent, may_change
from spplus_desk.services.regularisation import follow, follow_up_of
from spplus_desk.store import audit, requests
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.error_cases import person_key, search_key
from spplus_desk.store.schema import Agent, Contact, ErrorCase, Procedure, Request

MAX_REASON_LENGTH = 500
UNKNOWN_CASE = "Ce cas est introuvable dans cette base : actualisez le registre."
UNKNOWN_PROCEDURE = "Cette démarche n'existe plus : choisissez-en une autre."
# The columns a correction may change (the author, the origin and the instants stay).
CASE_FIELDS = (
    "channel",
    "procedure_id",
    "nature",
    "error_on",
    "discovered_on",
    "discovered_by",
    "first_time",
    "good_faith",
    "exclusions",
    "eligible",
    "regularisation",
    "invited_on",
    "delay_amount",
    "delay_unit",
    "regularised_on",
    "outcome",
    "outcome_reason",
    "amount_cents",
    "person_name",
    "person_phone",
    "person_email",
    "notes",
)


def record_case(desk: Desk, *, login: str, draft: CaseDraft) -> ErrorCaseRecord:
    """Save a new case for the agent at this desk, with its regularisation deadline."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        draft = checked_case(draft, _today(session, now))
        _check_procedure(session, draft.procedure_id, None)
        _check_origin(session, draft)
        case = ErrorCase(
            id=time_ordered_uuid(now),
            recorded_at=now,
            agent_id=agent.id,
            contact_id=draft.contact_id,
            request_id=draft.request_id,
            follow_up_id=None,
            cancelled_at=None,
            cancel_reason=None,
            version=1,
        )
        _apply(case, draft)
        session.add(case)
        session.flush()
        follow(session, case, agent.id, now)
        session.flush()
        _refuse_late_grant(session, case)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="error_case.created",
            entity_type="error_case",
            entity_id=case.id,
            after=_snapshot(case) | {"follow_up": _follow_up_reference(session, case)},
        )
        return case_record(session, case, now)


def correct_case(
    desk: Desk,
    *,
    login: str,
    case_id: uuid.UUID,
    version: int,
    draft: CaseDraft,
    reason: str,
) -> ErrorCaseRecord:
    """Save the corrected case read at ``version``; the reason goes to the audit trail.
    A correction that changes nothing writes nothing."""
    why = clean_required_text(
        reason, field="Le motif de la correction", max_length=MAX_REASON_LENGTH
    )
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        case = _editable_case(session, agent, case_id, version, cancelling=False)
        draft = checked_case(draft, _today(session, now))
        _check_procedure(session, draft.procedure_id, case.procedure_id)
        before = _snapshot(case)
        old_follow_up = _follow_up_reference(session, case)
        _apply(case, draft)
        after = _snapshot(case)
        changed = [field for field in CASE_FIELDS if before[field] != after[field]]
        if not changed:
            return case_record(session, case, now)
        session.flush()
        follow(session, case, agent.id, now, regularised_before=before["regularised_on"])
        session.flush()
        _refuse_late_grant(session, case)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="error_case.corrected",
            entity_type="error_case",
            entity_id=case.id,
            before={field: before[field] for field in changed} | {"follow_up": old_follow_up},
            after={field: after[field] for field in changed}
            | {"reason": why, "follow_up": _follow_up_reference(session, case)},
        )
        return case_record(session, case, now)


def cancel_case(
    desk: Desk, *, login: str, case_id: uuid.UUID, version: int, reason: str
) -> ErrorCaseRecord:
    """Cancel a case with a reason; it stays in the register (shown as cancelled) and its
    regularisation deadline is cancelled with it."""
    why = clean_required_text(reason, field="Le motif d'annulation", max_length=MAX_REASON_LENGTH)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        case = _editable_case(session, agent, case_id, version, cancelling=True)
        case.cancelled_at = now
        case.cancel_reason = why
        session.flush()
        follow(session, case, agent.id, now)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="error_case.cancelled",
            entity_type="error_case",
            entity_id=case.id,
            before={"cancelled_at": None, "cancel_reason": None},
            after={"cancelled_at": now, "cancel_reason": why},
        )
        return case_record(session, case, now)


def error_case(desk: Desk, case_id: uuid.UUID) -> ErrorCaseRecord:
    with desk.database.reading() as session:
        case = session.get(ErrorCase, case_id)
        if case is None:
            raise UserError(UNKNOWN_CASE)
        return case_record(session, case, desk.clock.now())


def change_refusal(desk: Desk, *, login: str, case_id: uuid.UUID) -> str | None:
    """Why ``login`` may not correct or cancel this case, or None (checked again on save)."""
    with desk.database.reading() as session:
        try:
            agent = acting_agent(session, login)
            _editable_case(session, agent, case_id, None, cancelling=False)
        except UserError as error:
            return error.message
    return None


def case_record(session: Session, case: ErrorCase, at: datetime) -> ErrorCaseRecord:
    agent = session.get(Agent, case.agent_id)
    procedure = session.get(Procedure, case.procedure_id)
    draft = draft_of(case)
    return ErrorCaseRecord(
        id=case.id,
        recorded_at=case.recorded_at,
        agent_id=case.agent_id,
        agent=agent.name if agent else "",
        procedure=procedure.label if procedure else "",
        draft=draft,
        eligibility=eligibility(draft.checklist),
        follow_up=follow_up_of(session, case, at),
        cancelled_at=case.cancelled_at,
        cancel_reason=case.cancel_reason,
        version=case.version,
    )


def draft_of(case: ErrorCase) -> CaseDraft:
    delay = None
    if case.delay_amount is not None and case.delay_unit is not None:
        delay = Delay(case.delay_amount, DelayUnit(case.delay_unit))
    return CaseDraft(
        procedure_id=case.procedure_id,
        nature=ErrorNature(case.nature),
        channel=Channel(case.channel),
        error_on=case.error_on,
        discovered_on=case.discovered_on,
        discovered_by=DiscoveredBy(case.discovered_by),
        checklist_first_time=case.first_time,
        checklist_good_faith=case.good_faith,
        exclusions=frozenset(Exclusion(code) for code in case.exclusions),
        regularisation=Regularisation(case.regularisation) if case.regularisation else None,
        invited_on=case.invited_on,
        regularisation_delay=delay,
        regularised_on=case.regularised_on,
        outcome=CaseOutcome(case.outcome),
        outcome_reason=case.outcome_reason or "",
        amount_cents=case.amount_cents,
        person=PersonIdentity(
            case.person_name or "", case.person_phone or "", case.person_email or ""
        ),
        notes=case.notes,
        contact_id=case.contact_id,
        request_id=case.request_id,
    )


def _apply(case: ErrorCase, draft: CaseDraft) -> None:
    assert draft.procedure_id is not None  # checked_case refuses a draft without one
    case.channel = draft.channel.value
    case.procedure_id = draft.procedure_id
    case.nature = draft.nature.value
    case.error_on = draft.error_on
    case.discovered_on = draft.discovered_on
    case.discovered_by = draft.discovered_by.value
    case.first_time = draft.checklist_first_time
    case.good_faith = draft.checklist_good_faith
    case.exclusions = [code.value for code in Exclusion if code in draft.exclusions]
    case.eligible = eligibility(draft.checklist).eligible
    case.regularisation = draft.regularisation.value if draft.regularisation else None
    case.invited_on = draft.invited_on
    delay = draft.regularisation_delay
    case.delay_amount = delay.amount if delay else None
    case.delay_unit = delay.unit.value if delay else None
    case.regularised_on = draft.regularised_on
    case.outcome = draft.outcome.value
    case.outcome_reason = draft.outcome_reason or None
    case.amount_cents = draft.amount_cents
    case.person_name = draft.person.name or None
    case.person_key = person_key(draft.person.name)
    case.search_key = search_key(draft)
    case.person_phone = draft.person.phone or None
    case.person_email = draft.person.email or None
    case.notes = draft.notes


def _snapshot(case: ErrorCase) -> dict[str, Any]:
    return {field: getattr(case, field) for field in CASE_FIELDS}


def _follow_up_reference(session: Session, case: ErrorCase) -> str | None:
    request = session.get(Request, case.follow_up_id) if case.follow_up_id else None
    return request.reference if request else None


def _refuse_late_grant(session: Session, case: ErrorCase) -> None:
    """The law spares a person who regularises within the time the service gave: a
    regularisation after that deadline earns no right to error."""
    spared = (CaseOutcome.NO_SANCTION.value, CaseOutcome.SANCTION_WAIVED.value)
    request = session.get(Request, case.follow_up_id) if case.follow_up_id else None
    if (
        case.outcome in spared
        and case.regularised_on is not None
        and request is not None
        and request.due_date is not None
        and case.regularised_on > request.due_date
    ):
        raise UserError(
            f"La régularisation du {case.regularised_on:%d/%m/%Y} est arrivée après le délai "
            f"donné (au plus tard le {request.due_date:%d/%m/%Y}) : le droit à l'erreur ne "
            "s'applique pas. Choisissez « Sanction maintenue » avec son motif, ou corrigez "
            "les dates."
        )


def _check_origin(session: Session, draft: CaseDraft) -> None:
    """The contact or request the case was opened from still exists."""
    if draft.contact_id is not None and session.get(Contact, draft.contact_id) is None:
        raise UserError("Le contact d'origine est introuvable dans cette base : actualisez.")
    if draft.request_id is not None and session.get(Request, draft.request_id) is None:
        raise UserError("La demande d'origine est introuvable dans cette base : actualisez.")


def _check_procedure(
    session: Session, procedure_id: uuid.UUID | None, current: uuid.UUID | None
) -> None:
    """A retired procedure stays on the cases it was given to, but is not chosen anew."""
    procedure = session.get(Procedure, procedure_id) if procedure_id else None
    if procedure is None or (not procedure.active and procedure.id != current):
        raise UserError(UNKNOWN_PROCEDURE)


def _editable_case(
    session: Session, agent: Agent, case_id: uuid.UUID, version: int | None, *, cancelling: bool
) -> ErrorCase:
    """The case, locked, once the agent may change it; ``version=None`` only checks."""
    case = session.get(ErrorCase, case_id, with_for_update=version is not None)
    if case is None:
        raise UserError(UNKNOWN_CASE)
    if not may_change(agent, case.agent_id):
        verb = "l'annuler" if cancelling else "le corriger"
        raise UserError(
            "Ce cas a été enregistré par un autre agent : seul son auteur, un responsable "
            f"d'équipe ou un administrateur peut {verb}."
        )
    if case.cancelled_at is not None:
        when = moment_text(case.cancelled_at, requests.service_calendar(session).zone)
        raise UserError(f"Ce cas a été annulé le {when} ({case.cancel_reason}).")
    if version is not None and case.version != version:
        raise ConflictError(CONFLICT_MESSAGE)
    return case


def _today(session: Session, now: datetime) -> date:
    return now.astimezone(requests.service_calendar(session).zone).date()
