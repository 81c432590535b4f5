"""Correcting or cancelling a contact once the 5-minute undo has passed.

Nothing is deleted. A correction changes the contact's fields and the audit trail keeps
the before and after of each changed field; a cancellation marks the contact cancelled
with a reason, and its request in progress is cancelled with the same reason. The author
of a contact may change it, and so may a team lead or an administrator.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from spplus_desk.domain.contact import ContactDraft, ContactRecord, checked_draft
from spplus_desk.domain.enums import ContactOutcome, RequestStatus
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.history import moment_text
from spplus_desk.domain.labels import OUTCOME_LABELS, REQUEST_STATUS_LABELS
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.contacts import (
    cancel_request,
    contact_record,
    contact_snapshot,
    open_request,
)
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent, may_change
from spplus_desk.store import audit, queries, requests
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import Agent, Contact, Request, RequestKind

MAX_REASON_LENGTH = 500
# What a correction may change. The instants stay: when the contact happened, when it
# was saved, and the arrival and call times measured at the counter.
CORRECTABLE_FIELDS = (
    "channel",
    "motif_id",
    "outcome",
    "redirected_to",
    "person_name",
    "person_phone",
    "person_email",
    "needs",
    "duration_seconds",
    "notes",
    "callback_promised",
    "satisfaction",
    "satisfaction_comment",
)
UNKNOWN_CONTACT = "Ce contact est introuvable dans cette base : actualisez le journal."


def correction_refusal(desk: Desk, *, login: str, contact_id: uuid.UUID) -> str | None:
    """Why ``login`` may not correct this contact, or None. Lets a screen say so before
    the person types anything; ``correct_contact`` checks again when saving."""
    return _refusal(desk, login, contact_id, cancelling=False)


def cancellation_refusal(desk: Desk, *, login: str, contact_id: uuid.UUID) -> str | None:
    """Why ``login`` may not cancel this contact, or None (checked again when saving)."""
    return _refusal(desk, login, contact_id, cancelling=True)


def correct_contact(
    desk: Desk, *, login: str, contact_id: uuid.UUID, version: int, draft: ContactDraft
) -> ContactRecord:
    """Save the corrected fields of a contact read at ``version``.

    The linked request follows the outcome (see ``_follow_outcome``). A correction that
    changes nothing writes nothing.
    """
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        contact = _editable_contact(session, agent, contact_id, version, cancelling=False)
        # The times measured at the counter are not corrected: the stored ones are checked.
        draft = checked_draft(
            replace(draft, arrived_at=contact.arrived_at, called_at=contact.called_at)
        )
        old_outcome = ContactOutcome(contact.outcome)
        before = contact_snapshot(contact)
        _apply(contact, draft)
        after = contact_snapshot(contact)
        changed = [field for field in CORRECTABLE_FIELDS if before[field] != after[field]]
        if changed:
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=agent.id,
                action="contact.corrected",
                entity_type="contact",
                entity_id=contact.id,
                before={field: before[field] for field in changed},
                after={field: after[field] for field in changed},
            )
        request = _follow_outcome(session, contact, old_outcome, draft, agent, now)
        return contact_record(contact, request.reference if request else None)


def cancel_contact(
    desk: Desk, *, login: str, contact_id: uuid.UUID, version: int, reason: str
) -> ContactRecord:
    """Cancel a contact with a reason; it stays in the database and in the audit trail.

    Its request still in progress is cancelled with the same reason.
    """
    text = clean_required_text(reason, field="Le motif d'annulation", max_length=MAX_REASON_LENGTH)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        contact = _editable_contact(session, agent, contact_id, version, cancelling=True)
        contact.cancelled_at = now
        contact.cancel_reason = text
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="contact.cancelled",
            entity_type="contact",
            entity_id=contact.id,
            before={"cancelled_at": None, "cancel_reason": None},
            after={"cancelled_at": now, "cancel_reason": text},
        )
        request = queries.open_request_of_contact(session, contact.id)
        if request is not None:
            _cancel_with_audit(session, request, agent, now, text)
        else:
            requests = queries.requests_of_contact(session, contact.id)
            request = requests[-1] if requests else None
        return contact_record(contact, request.reference if request else None)


# What a counter agent expects when a correction changes the outcome.
#
# * Away from "Demande enregistrée": the agent picked the wrong outcome. While nobody has
#   worked on the request (still "En cours" with only its "Reçue" event), it is cancelled
#   with a reason naming the correction, exactly as the undo does: the agent does not have
#   to find the request and cancel it separately. Once someone has worked on it
#   (acknowledgement sent, waiting for documents, reassigned, answered), cancelling it as a
#   side effect of a contact correction would hide real work: refused, with a message
#   pointing to the request's own view (issue 4).
# * To "Demande enregistrée": the request is opened now, received at the contact's time,
#   so its deadlines count from the day the person asked, not from the day of the fix.
# * Same outcome, other kind of request or channel: an untouched request takes the new
#   kind and channel and its due dates are worked out again; it keeps its reference, which
#   may already be printed on a receipt. A request being worked on is refused likewise.
def _follow_outcome(
    session: Session,
    contact: Contact,
    old_outcome: ContactOutcome,
    draft: ContactDraft,
    agent: Agent,
    now: datetime,
) -> Request | None:
    requests = queries.requests_of_contact(session, contact.id)
    latest = requests[-1] if requests else None
    live = latest if latest is not None and latest.status != RequestStatus.CANCELLED else None
    wants_request = draft.outcome is ContactOutcome.REQUEST_OPENED
    if not wants_request:
        if live is not None:
            _refuse_if_worked_on(session, live, "changer la suite donnée au contact")
            reason = (
                "Contact corrigé : la suite donnée est désormais "
                f"« {OUTCOME_LABELS[draft.outcome]} »"
            )
            _cancel_with_audit(session, live, agent, now, reason)
        return latest
    if live is None:
        # A request cancelled from its own view stays cancelled: correcting the contact
        # of a "Demande enregistrée" does not bring it back.
        if old_outcome is ContactOutcome.REQUEST_OPENED and latest is not None:
            return latest
        if draft.request_kind_id is None:  # checked_draft already refuses this
            raise UserError("Choisissez le type de demande à enregistrer.")
        request = open_request(session, contact, draft.request_kind_id, agent.id, now)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="request.opened",
            entity_type="request",
            entity_id=request.id,
            after=_request_snapshot(request) | {"contact_id": contact.id},
        )
        return request
    if live.kind_id != draft.request_kind_id or live.channel != contact.channel:
        _refuse_if_worked_on(session, live, "changer son type ou son canal")
        _correct_request(session, live, contact, draft, agent, now)
    return live


def _correct_request(
    session: Session,
    request: Request,
    contact: Contact,
    draft: ContactDraft,
    agent: Agent,
    now: datetime,
) -> None:
    kind = session.get(RequestKind, draft.request_kind_id)
    if kind is None or (not kind.active and kind.id != request.kind_id):
        raise UserError("Ce type de demande n'existe plus : choisissez-en un autre.")
    before = _request_snapshot(request)
    # Nobody has worked on it yet (checked by the caller): it takes the promise of its
    # corrected kind and channel, as if it had been received so.
    request.kind_id = kind.id
    request.channel = contact.channel
    request.delay_amount = kind.delay_amount
    request.delay_unit = kind.delay_unit
    request.wait_policy = kind.wait_policy
    requests.refresh(session, request)
    session.flush()
    after = _request_snapshot(request)
    changed = [key for key in after if key != "reference" and before[key] != after[key]]
    audit.record(
        session,
        at=now,
        actor_id=agent.id,
        action="request.corrected",
        entity_type="request",
        entity_id=request.id,
        before={"reference": request.reference} | {key: before[key] for key in changed},
        after={"reference": request.reference} | {key: after[key] for key in changed},
    )


def _cancel_with_audit(
    session: Session, request: Request, agent: Agent, now: datetime, reason: str
) -> None:
    status = request.status
    cancel_request(session, request, agent.id, now, reason)
    session.flush()
    audit.record(
        session,
        at=now,
        actor_id=agent.id,
        action="request.cancelled",
        entity_type="request",
        entity_id=request.id,
        before={"reference": request.reference, "status": status},
        after={"reference": request.reference, "status": request.status, "reason": reason},
    )


def _refuse_if_worked_on(session: Session, request: Request, what: str) -> None:
    """Refuse to change a request someone has already worked on."""
    untouched = (
        request.status == RequestStatus.OPEN and queries.last_event_seq(session, request.id) <= 1
    )
    if not untouched:
        state = REQUEST_STATUS_LABELS[RequestStatus(request.status)].lower()
        raise UserError(
            f"La demande {request.reference} liée à ce contact est déjà suivie (état : {state}) : "
            f"pour {what}, modifiez ou annulez d'abord la demande depuis sa fiche."
        )


def _apply(contact: Contact, draft: ContactDraft) -> None:
    contact.channel = draft.channel.value
    contact.motif_id = draft.motif_id
    contact.outcome = draft.outcome.value
    # "Orienté vers" only means something for that outcome: no stale partner left behind.
    redirected = draft.outcome is ContactOutcome.REDIRECTED
    contact.redirected_to = (draft.redirected_to or None) if redirected else None
    contact.person_name = draft.person_name or None
    contact.person_phone = draft.person_phone or None
    contact.person_email = draft.person_email or None
    contact.needs = draft.needs.value
    contact.duration_seconds = draft.duration_seconds
    contact.notes = draft.notes
    contact.satisfaction = draft.satisfaction.value if draft.satisfaction else None
    contact.satisfaction_comment = draft.satisfaction_comment or None
    # A callback is owed after "Rappel promis" or an unanswered call; another outcome
    # (the agent picked the wrong one) owes none.
    owes = draft.outcome is ContactOutcome.CALLBACK_PROMISED or draft.outcome.is_unanswered_call
    contact.callback_promised = draft.callback_promised and owes


def _editable_contact(
    session: Session,
    agent: Agent,
    contact_id: uuid.UUID,
    version: int | None,
    *,
    cancelling: bool,
) -> Contact:
    """The contact, locked, once the agent may change it; ``version=None`` only checks."""
    contact = session.get(Contact, contact_id, with_for_update=version is not None)
    if contact is None:
        raise UserError(UNKNOWN_CONTACT)
    if not may_change(agent, contact.agent_id):
        verb = "l'annuler" if cancelling else "le corriger"
        raise UserError(
            "Ce contact a été saisi par un autre agent : seul son auteur, un responsable "
            f"d'équipe ou un administrateur peut {verb}."
        )
    if contact.cancelled_at is not None:
        when = moment_text(contact.cancelled_at, _zone(session))
        reason = f" ({contact.cancel_reason})" if contact.cancel_reason else ""
        if cancelling:
            raise UserError(f"Ce contact est déjà annulé depuis le {when}{reason}.")
        raise UserError(
            f"Ce contact a été annulé le {when}{reason} : il ne peut plus être corrigé."
        )
    # After the checks above: a contact cancelled meanwhile gets its own message.
    if version is not None and contact.version != version:
        raise ConflictError(CONFLICT_MESSAGE)
    return contact


def _refusal(desk: Desk, login: str, contact_id: uuid.UUID, *, cancelling: bool) -> str | None:
    with desk.database.reading() as session:
        try:
            agent = acting_agent(session, login)
            _editable_contact(session, agent, contact_id, None, cancelling=cancelling)
        except UserError as error:
            return error.message
    return None


def _request_snapshot(request: Request) -> dict[str, object]:
    return {
        "reference": request.reference,
        "kind_id": request.kind_id,
        "channel": request.channel,
        "due_date": request.due_date,
        "ack_due_date": request.ack_due_date,
    }


def _zone(session: Session) -> ZoneInfo:
    service = queries.service_row(session)
    return ZoneInfo(service.time_zone if service is not None else "UTC")
