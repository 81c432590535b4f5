"""Listening (pillar 3 of the programme): what users tell the service, and the
improvements it makes in return (pillar 4).

Satisfaction is asked at the end of a contact and kept on the contact itself. The
entries here are the rest: complaints (réclamations), suggestions and compliments from
any channel. One that calls for a reply gets a due date counted by the deadline engine
from the day it was received; it is answered, or closed with a reason. Improvement
actions say « Vous nous avez dit… » / « Nous avons fait… » and name the feedback that
prompted them: they make the poster of that name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.deadline import deadline_from
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_long_text, clean_text

# The Marianne standard services still quote: letters answered within 15 working days.
DEFAULT_REPLY_DELAY = "15 jours ouvrés"
FUTURE_RECEIPT = "La date de réception est dans le futur : corrigez-la."
MAX_TEXT = 2000
MAX_IMPROVEMENT_TEXT = 300  # a poster line, not a report


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    COMPLIMENT = "compliment"

    @property
    def expects_reply(self) -> bool:
        """What the form proposes: a complaint is answered, a compliment is not."""
        return self is not FeedbackKind.COMPLIMENT


class FeedbackStatus(StrEnum):
    TO_ANSWER = "to_answer"
    ANSWERED = "answered"
    CLOSED = "closed"  # closed without a reply, with a reason (anonymous, duplicate…)
    NO_REPLY = "no_reply"  # nothing to answer (most compliments)

    @property
    def is_open(self) -> bool:
        return self is FeedbackStatus.TO_ANSWER


class ImprovementStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ABANDONED = "abandoned"


FEEDBACK_KIND_LABELS: dict[FeedbackKind, str] = {
    FeedbackKind.COMPLAINT: "Réclamation",
    FeedbackKind.SUGGESTION: "Suggestion",
    FeedbackKind.COMPLIMENT: "Compliment",
}
FEEDBACK_STATUS_LABELS: dict[FeedbackStatus, str] = {
    FeedbackStatus.TO_ANSWER: "À répondre",
    FeedbackStatus.ANSWERED: "Répondu",
    FeedbackStatus.CLOSED: "Classé sans réponse",
    FeedbackStatus.NO_REPLY: "Pas de réponse attendue",
}
IMPROVEMENT_STATUS_LABELS: dict[ImprovementStatus, str] = {
    ImprovementStatus.PLANNED: "Prévue",
    ImprovementStatus.IN_PROGRESS: "En cours",
    ImprovementStatus.DONE: "Réalisée",
    ImprovementStatus.ABANDONED: "Abandonnée",
}


@dataclass(frozen=True, slots=True)
class FeedbackDraft:
    """What the feedback form holds. ``reply_delay`` None: no reply is expected."""

    kind: FeedbackKind
    channel: Channel
    received_on: date
    text: str
    reply_delay: Delay | None
    person_name: str = ""
    person_phone: str = ""
    person_email: str = ""
    contact_id: uuid.UUID | None = None


def checked_feedback(draft: FeedbackDraft, today: date) -> FeedbackDraft:
    """The draft with its texts cleaned, or a UserError saying what to fix."""
    if draft.received_on > today:
        raise UserError(FUTURE_RECEIPT)
    text = clean_long_text(draft.text, field="Le texte de l'avis", max_length=MAX_TEXT)
    if not text:
        raise UserError("Écrivez ce que la personne a dit : le texte de l'avis est vide.")
    if draft.reply_delay is not None and draft.reply_delay.in_hours:
        raise UserError("Le délai de réponse à un avis se compte en jours, pas en heures.")
    return replace(
        draft,
        text=text,
        person_name=clean_text(draft.person_name, field="Le nom de la personne"),
        person_phone=parse_phone(draft.person_phone) if draft.person_phone.strip() else "",
        person_email=parse_email(draft.person_email) if draft.person_email.strip() else "",
    )


def reply_due_date(calendar: WorkingCalendar, received_on: date, delay: Delay) -> date:
    """The day a reply to feedback received on ``received_on`` falls due, counted by the
    deadline engine from noon of that day (the day of receipt never counts)."""
    start = datetime.combine(received_on, time(12), calendar.zone).astimezone(UTC)
    due = deadline_from(calendar, start, delay).due_date
    assert due is not None  # a clock that never stopped reaches its due date
    return due


def checked_reply(text: str, replied_on: date, received_on: date, today: date) -> str:
    """The reply's text, cleaned; a reply needs its content and a plausible date."""
    reply = clean_long_text(text, field="La réponse", max_length=MAX_TEXT)
    if not reply:
        raise UserError("Écrivez la réponse donnée (ou son résumé).")
    if replied_on > today:
        raise UserError("La date de réponse est dans le futur : corrigez-la.")
    if replied_on < received_on:
        raise UserError("La date de réponse précède la réception de l'avis.")
    return reply


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: uuid.UUID
    kind: FeedbackKind
    channel: Channel
    received_on: date
    text: str
    person_name: str
    person_phone: str
    person_email: str
    contact_id: uuid.UUID | None
    agent: str
    reply_delay: Delay | None
    reply_due: date | None
    status: FeedbackStatus
    reply: str
    replied_on: date | None
    close_reason: str
    improvement_id: uuid.UUID | None
    version: int

    def late(self, today: date) -> bool:
        """Still to answer after its due date, or answered after it."""
        if self.reply_due is None:
            return False
        if self.status is FeedbackStatus.TO_ANSWER:
            return today > self.reply_due
        return self.replied_on is not None and self.replied_on > self.reply_due


@dataclass(frozen=True, slots=True)
class ImprovementDraft:
    said: str  # « Vous nous avez dit… »
    done: str  # « Nous avons fait… » (or what is planned)
    status: ImprovementStatus
    done_on: date | None
    feedback_ids: frozenset[uuid.UUID] = frozenset()


def checked_improvement(draft: ImprovementDraft, today: date) -> ImprovementDraft:
    said = clean_long_text(
        draft.said, field="« Vous nous avez dit »", max_length=MAX_IMPROVEMENT_TEXT
    )
    done = clean_long_text(draft.done, field="« Nous avons fait »", max_length=MAX_IMPROVEMENT_TEXT)
    if not said:
        raise UserError("Écrivez ce que les usagers ont dit (« Vous nous avez dit… »).")
    if not done:
        raise UserError("Écrivez ce que le service a fait ou va faire (« Nous avons fait… »).")
    if draft.status is ImprovementStatus.DONE and draft.done_on is None:
        raise UserError("Indiquez la date à laquelle l'amélioration a été réalisée.")
    if draft.done_on is not None and draft.done_on > today:
        raise UserError("La date de réalisation est dans le futur : corrigez-la.")
    done_on = draft.done_on if draft.status is ImprovementStatus.DONE else None
    return replace(draft, said=said, done=done, done_on=done_on)


@dataclass(frozen=True, slots=True)
class ImprovementRecord:
    id: uuid.UUID
    said: str
    done: str
    status: ImprovementStatus
    done_on: date | None
    recorded_on: date
    agent: str
    feedback_ids: frozenset[uuid.UUID]
    version: int
