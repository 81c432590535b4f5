"""Logging contacts at the counter, and undoing one's own last contact.

Each function is one unit of work: the contact, the request it opens, and their audit
entries are saved together or not at all.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from spplus_desk.domain.contact import (
    UNDO_WINDOW,
    ContactDraft,
    ContactRecord,
    checked_comment,
    checked_draft,
)
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    RequestEventType,
    Satisfaction,
    WaitPolicy,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent, acting_agent_id, may_change
from spplus_desk.store import audit, queries, requests
from spplus_desk.store.schema import Contact, Request, RequestKind

UNDO_REASON = "Annulé par l'agent dans les 5 minutes (saisie erronée)"


def log_contact(desk: Desk, *, login: str, draft: ContactDraft) -> ContactRecord:
    """Save a contact (and the request it opens) for the agent at this desk."""
    draft = checked_draft(draft)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent_id = acting_agent_id(session, login)
        occurred = draft.called_at or now
        contact = Contact(
            id=time_ordered_uuid(now),
            occurred_at=occurred,
            recorded_at=now,
            agent_id=agent_id,
            channel=draft.channel.value,
            motif_id=draft.motif_id,
            outcome=draft.outcome.value,
            redirected_to=draft.redirected_to or None,
            person_name=draft.person_name or None,
            person_phone=draft.person_phone or None,
            person_email=draft.person_email or None,
            needs=draft.needs.value,
            arrived_at=draft.arrived_at,
            called_at=draft.called_at,
            duration_seconds=draft.duration_seconds,
            notes=draft.notes,
            callback_promised=draft.callback_promised,
            satisfaction=draft.satisfaction.value if draft.satisfaction else None,
            satisfaction_comment=draft.satisfaction_comment or None,
            cancelled_at=None,
            cancel_reason=None,
            version=1,
        )
        # The one write every contact makes: a plain INSERT rather than the ORM's unit
        # of work. The object stays outside the session, read for what follows.
        queries.insert_contact(session, contact)
        request = None
        if draft.outcome is ContactOutcome.REQUEST_OPENED and draft.request_kind_id:
            request = open_request(session, contact, draft.request_kind_id, agent_id, now)
        reference = request.reference if request else None
        audit.record(
            session,
            at=now,
            actor_id=agent_id,
            action="contact.created",
            entity_type="contact",
            entity_id=contact.id,
            after=contact_snapshot(contact) | {"request": reference},
        )
        return contact_record(contact, reference, request)


def undo_last_contact(desk: Desk, *, login: str) -> ContactRecord:
    """Withdraw the agent's own last contact, within 5 minutes of saving it.

    Nothing is deleted: the contact (and its request) is cancelled with a reason and
    leaves the journal; the audit trail keeps both the contact and its withdrawal.
    """
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        contact = queries.last_contact_of(session, agent.id)
        if contact is None:
            raise UserError("Vous n'avez aucun contact à annuler.")
        if now - contact.recorded_at > UNDO_WINDOW:
            raise UserError(
                "Votre dernier contact a été enregistré il y a plus de 5 minutes : "
                "corrigez-le ou annulez-le avec un motif depuis le journal."
            )
        before = contact_snapshot(contact)
        contact.cancelled_at = now
        contact.cancel_reason = UNDO_REASON
        request = queries.open_request_of_contact(session, contact.id)
        if request is not None:
            cancel_request(session, request, agent.id, now)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="contact.undone",
            entity_type="contact",
            entity_id=contact.id,
            before=before,
            after=contact_snapshot(contact),
        )
        return contact_record(contact, request.reference if request else None)


def record_satisfaction(
    desk: Desk,
    *,
    login: str,
    contact_id: uuid.UUID,
    satisfaction: Satisfaction | None,
    comment: str = "",
) -> ContactRecord:
    """The person's satisfaction, asked once the contact was saved (None: withdraw an
    answer typed by mistake). No reason is asked: it is the person's opinion, not a
    correction of the contact; the audit trail keeps the previous answer."""
    comment = checked_comment(comment) if satisfaction else ""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        contact = session.get(Contact, contact_id, with_for_update=True)
        if contact is None or contact.cancelled_at is not None:
            raise UserError("Ce contact n'existe pas ou a été annulé : actualisez le journal.")
        if not may_change(agent, contact.agent_id):
            raise UserError(
                "La satisfaction se note par l'agent qui a reçu la personne, un responsable "
                "d'équipe ou un administrateur."
            )
        if satisfaction and ContactOutcome(contact.outcome).is_unanswered_call:
            raise UserError("Un appel manqué ou abandonné ne reçoit pas d'avis de satisfaction.")
        before = _satisfaction_snapshot(contact)
        contact.satisfaction = satisfaction.value if satisfaction else None
        contact.satisfaction_comment = comment or None
        after = _satisfaction_snapshot(contact)
        if after != before:
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=agent.id,
                action="contact.satisfaction",
                entity_type="contact",
                entity_id=contact.id,
                before=before,
                after=after,
            )
        return contact_record(contact, None)


def _satisfaction_snapshot(contact: Contact) -> dict[str, object]:
    """Under the contact's own column names, so the history describes it like a correction."""
    return {
        "satisfaction": contact.satisfaction,
        "satisfaction_comment": contact.satisfaction_comment,
    }


def open_request(
    session: Session, contact: Contact, kind_id: uuid.UUID, agent_id: uuid.UUID, now: datetime
) -> Request:
    """The request a contact opens, received at the contact's time, with the promise of
    its kind as it stands today and the deadline the engine derives from it."""
    kind = session.get(RequestKind, kind_id)
    if kind is None or not kind.active:
        raise UserError("Ce type de demande n'existe plus : choisissez-en un autre.")
    return requests.receive(
        session,
        kind_id=kind.id,
        contact_id=contact.id,
        channel=Channel(contact.channel),
        received_at=contact.occurred_at,
        delay=Delay(kind.delay_amount, DelayUnit(kind.delay_unit)),
        wait_policy=WaitPolicy(kind.wait_policy),
        agent_id=agent_id,
        now=now,
        implicit=(kind.implicit_decision, kind.implicit_months),
    )


def cancel_request(
    session: Session,
    request: Request,
    agent_id: uuid.UUID,
    now: datetime,
    reason: str = UNDO_REASON,
) -> None:
    """Close a request as cancelled: a new event carrying the reason, nothing deleted."""
    requests.append_event(
        session,
        request,
        kind=RequestEventType.CANCELLED,
        at=now,
        actor_id=agent_id,
        reason=reason,
    )
    requests.refresh(session, request)


def contact_snapshot(contact: Contact) -> dict[str, object]:
    return {
        column.name: getattr(contact, column.key)
        for column in Contact.__table__.columns
        if column.name not in ("id", "version", "seal")
    }


def contact_record(
    contact: Contact, reference: str | None, request: Request | None = None
) -> ContactRecord:
    return ContactRecord(
        id=contact.id,
        occurred_at=contact.occurred_at,
        recorded_at=contact.recorded_at,
        agent_id=contact.agent_id,
        channel=Channel(contact.channel),
        outcome=ContactOutcome(contact.outcome),
        motif_id=contact.motif_id,
        person_name=contact.person_name,
        request_reference=reference,
        cancelled=contact.cancelled_at is not None,
        version=contact.version,
        request_due=None if request is None else _promised(request),
    )


def _promised(request: Request) -> date | datetime | None:
    if request.delay_unit == DelayUnit.WORKING_HOURS.value:
        return request.due_at
    return request.due_date
