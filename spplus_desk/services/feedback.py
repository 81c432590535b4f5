"""Complaints, suggestions and compliments, and the reply each calls for (issue 6).

Each function is one unit of work with its audit entry. Any agent records feedback and
gives the reply; its author, a lead or an administrator corrects it. A reply's due date
is counted by the deadline engine from the day the feedback was received, in the
service's calendar, and kept on the row for the lists and the indicators.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel, DelayUnit
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import (
    FUTURE_RECEIPT,
    FeedbackDraft,
    FeedbackKind,
    FeedbackRecord,
    FeedbackStatus,
    checked_feedback,
    checked_reply,
    reply_due_date,
)
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent, may_change
from spplus_desk.store import audit, requests
from spplus_desk.store import feedback as store
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.feedback import FeedbackFilter as FeedbackFilter
from spplus_desk.store.schema import Agent, Contact, Feedback

UNKNOWN_FEEDBACK = "Cet avis est introuvable dans cette base : actualisez la liste."
MAX_REASON = 500
PAGE_SIZE = 200
_FIELDS = (
    "kind",
    "channel",
    "received_on",
    "text",
    "person_name",
    "person_phone",
    "person_email",
    "delay_amount",
    "delay_unit",
    "reply_due",
    "status",
    "reply",
    "replied_on",
    "close_reason",
    "improvement_id",
)


def reply_due(desk: Desk, received_on: date, delay: Delay) -> date:
    """When a reply to feedback received that day falls due (the form shows it live)."""
    with desk.database.reading() as session:
        calendar = requests.service_calendar(session)
        if received_on > _today(calendar, desk.clock.now()):
            raise UserError(FUTURE_RECEIPT)
        return reply_due_date(calendar, received_on, delay)


def record_feedback(desk: Desk, *, login: str, draft: FeedbackDraft) -> FeedbackRecord:
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        calendar = requests.service_calendar(session)
        draft = checked_feedback(draft, _today(calendar, now))
        if draft.contact_id is not None and session.get(Contact, draft.contact_id) is None:
            raise UserError("Le contact d'origine de cet avis n'existe plus.")
        entry = Feedback(
            id=time_ordered_uuid(now),
            recorded_at=now,
            agent_id=agent.id,
            contact_id=draft.contact_id,
            reply="",
            replied_on=None,
            close_reason="",
            improvement_id=None,
            version=1,
        )
        _apply(entry, draft, calendar)
        entry.status = (
            FeedbackStatus.TO_ANSWER if draft.reply_delay else FeedbackStatus.NO_REPLY
        ).value
        session.add(entry)
        session.flush()
        _audit(session, now, agent, entry, "feedback.created", None)
        return feedback_record(session, entry)


def correct_feedback(
    desk: Desk, *, login: str, feedback_id: uuid.UUID, version: int, draft: FeedbackDraft
) -> FeedbackRecord:
    """Save the corrected entry read at ``version``; its reply and status stay, but a
    reply newly expected (or no longer) opens (or closes) the wait for it."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        entry = _editable(session, feedback_id, version)
        if not may_change(agent, entry.agent_id):
            raise UserError(
                "Cet avis a été enregistré par un autre agent : seul son auteur, un "
                "responsable d'équipe ou un administrateur peut le corriger."
            )
        calendar = requests.service_calendar(session)
        draft = checked_feedback(draft, _today(calendar, now))
        if entry.replied_on is not None and entry.replied_on < draft.received_on:
            raise UserError("La réponse a été donnée avant cette date de réception : corrigez-la.")
        before = _snapshot(entry)
        _apply(entry, draft, calendar)
        status = FeedbackStatus(entry.status)
        if draft.reply_delay is None and status is FeedbackStatus.TO_ANSWER:
            entry.status = FeedbackStatus.NO_REPLY.value
        elif draft.reply_delay is not None and status is FeedbackStatus.NO_REPLY:
            entry.status = FeedbackStatus.TO_ANSWER.value
        if _snapshot(entry) != before:
            session.flush()
            _audit(session, now, agent, entry, "feedback.corrected", before)
        return feedback_record(session, entry)


def reply_to_feedback(
    desk: Desk, *, login: str, feedback_id: uuid.UUID, version: int, reply: str, replied_on: date
) -> FeedbackRecord:
    """Record the reply given (or its summary) and the day it was sent."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        entry = _editable(session, feedback_id, version)
        if FeedbackStatus(entry.status) is not FeedbackStatus.TO_ANSWER:
            raise UserError("Cet avis n'attend pas de réponse : rouvrez-le d'abord.")
        calendar = requests.service_calendar(session)
        text = checked_reply(reply, replied_on, entry.received_on, _today(calendar, now))
        before = _snapshot(entry)
        entry.reply, entry.replied_on = text, replied_on
        entry.search_key = store.search_key(entry)
        entry.status = FeedbackStatus.ANSWERED.value
        session.flush()
        _audit(session, now, agent, entry, "feedback.answered", before)
        return feedback_record(session, entry)


def close_feedback(
    desk: Desk, *, login: str, feedback_id: uuid.UUID, version: int, reason: str
) -> FeedbackRecord:
    """Close without a reply (anonymous, a duplicate…), saying why."""
    why = clean_required_text(reason, field="Le motif du classement", max_length=MAX_REASON)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        entry = _editable(session, feedback_id, version)
        if FeedbackStatus(entry.status) is not FeedbackStatus.TO_ANSWER:
            raise UserError("Cet avis n'attend pas de réponse : il n'y a rien à classer.")
        before = _snapshot(entry)
        entry.status, entry.close_reason = FeedbackStatus.CLOSED.value, why
        session.flush()
        _audit(session, now, agent, entry, "feedback.closed", before)
        return feedback_record(session, entry)


def reopen_feedback(
    desk: Desk, *, login: str, feedback_id: uuid.UUID, version: int
) -> FeedbackRecord:
    """Back to « à répondre » (a reply recorded by mistake, a classement reconsidered);
    the reply given before stays in the audit trail."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login)
        entry = _editable(session, feedback_id, version)
        status = FeedbackStatus(entry.status)
        if status not in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED):
            raise UserError("Cet avis n'est ni répondu ni classé : rien à rouvrir.")
        if entry.reply_due is None:
            raise UserError("Aucune réponse n'est attendue pour cet avis : corrigez-le d'abord.")
        before = _snapshot(entry)
        entry.status = FeedbackStatus.TO_ANSWER.value
        entry.reply, entry.replied_on, entry.close_reason = "", None, ""
        entry.search_key = store.search_key(entry)
        session.flush()
        _audit(session, now, agent, entry, "feedback.reopened", before)
        return feedback_record(session, entry)


def feedback_entry(desk: Desk, feedback_id: uuid.UUID) -> FeedbackRecord:
    with desk.database.reading() as session:
        entry = session.get(Feedback, feedback_id)
        if entry is None:
            raise UserError(UNKNOWN_FEEDBACK)
        return feedback_record(session, entry)


def list_feedback(
    desk: Desk, wanted: FeedbackFilter, *, offset: int = 0, limit: int = PAGE_SIZE
) -> list[FeedbackRecord]:
    """The entries ``wanted`` selects, the most recently received first."""
    with desk.database.reading() as session:
        query = store.feedback_query(wanted).offset(offset).limit(limit)
        return [feedback_record(session, entry) for entry in session.scalars(query)]


def open_feedback_counts(desk: Desk) -> tuple[int, int]:
    """(entries still to answer, of which late): for the tab's title and the status bar."""
    with desk.database.reading() as session:
        today = _today(requests.service_calendar(session), desk.clock.now())
        return store.open_counts(session, today)


def feedback_record(session: Session, entry: Feedback) -> FeedbackRecord:
    author = session.get(Agent, entry.agent_id)
    delay = (
        None
        if entry.delay_amount is None or entry.delay_unit is None
        else Delay(entry.delay_amount, DelayUnit(entry.delay_unit))
    )
    return FeedbackRecord(
        id=entry.id,
        kind=FeedbackKind(entry.kind),
        channel=Channel(entry.channel),
        received_on=entry.received_on,
        text=entry.text,
        person_name=entry.person_name,
        person_phone=entry.person_phone,
        person_email=entry.person_email,
        contact_id=entry.contact_id,
        agent=author.name if author else "",
        reply_delay=delay,
        reply_due=entry.reply_due,
        status=FeedbackStatus(entry.status),
        reply=entry.reply,
        replied_on=entry.replied_on,
        close_reason=entry.close_reason,
        improvement_id=entry.improvement_id,
        version=entry.version,
    )


def _apply(entry: Feedback, draft: FeedbackDraft, calendar: WorkingCalendar) -> None:
    entry.kind = draft.kind.value
    entry.channel = draft.channel.value
    entry.received_on = draft.received_on
    entry.text = draft.text
    entry.person_name = draft.person_name
    entry.person_phone = draft.person_phone
    entry.person_email = draft.person_email
    delay = draft.reply_delay
    entry.delay_amount = None if delay is None else delay.amount
    entry.delay_unit = None if delay is None else delay.unit.value
    entry.reply_due = None if delay is None else reply_due_date(calendar, draft.received_on, delay)
    entry.search_key = store.search_key(entry)


def _editable(session: Session, feedback_id: uuid.UUID, version: int) -> Feedback:
    entry = session.get(Feedback, feedback_id, with_for_update=True)
    if entry is None:
        raise UserError(UNKNOWN_FEEDBACK)
    if entry.version != version:
        raise ConflictError(CONFLICT_MESSAGE)
    return entry


def _snapshot(entry: Feedback) -> dict[str, object]:
    return {name: _json(getattr(entry, name)) for name in _FIELDS}


def _json(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if isinstance(value, uuid.UUID) else value


def _audit(
    session: Session,
    now: datetime,
    agent: Agent,
    entry: Feedback,
    action: str,
    before: dict[str, object] | None,
) -> None:
    audit.record(
        session,
        at=now,
        actor_id=agent.id,
        action=action,
        entity_type="feedback",
        entity_id=entry.id,
        before=before,
        after=_snapshot(entry),
    )


def _today(calendar: WorkingCalendar, now: datetime) -> date:
    return now.astimezone(calendar.zone).date()
