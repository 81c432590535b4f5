"""Queries of the feedback entries and improvement actions: a few hundred a year, read
whole per page; the counts the indicators need are done in SQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.feedback import (
    FeedbackKind,
    FeedbackStatus,
    ImprovementStatus,
    reply_due_date,
)
from spplus_desk.domain.journal import fold, search_words
from spplus_desk.store.schema import Feedback, ImprovementAction

TO_ANSWER = FeedbackStatus.TO_ANSWER.value


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    """What the feedback list shows; ``late_on`` set: only the replies late that day."""

    kind: FeedbackKind | None = None
    status: FeedbackStatus | None = None
    first_day: date | None = None
    last_day: date | None = None
    late_on: date | None = None
    text: str = ""


def feedback_query(wanted: FeedbackFilter) -> Select[Feedback]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.kind is not None:
        conditions.append(Feedback.kind == wanted.kind.value)
    if wanted.status is not None:
        conditions.append(Feedback.status == wanted.status.value)
    if wanted.first_day is not None:
        conditions.append(Feedback.received_on >= wanted.first_day)
    if wanted.last_day is not None:
        conditions.append(Feedback.received_on <= wanted.last_day)
    if wanted.late_on is not None:
        conditions.append(and_(Feedback.status == TO_ANSWER, Feedback.reply_due < wanted.late_on))
    for word in search_words(wanted.text):  # letters and digits only: no LIKE wildcard
        conditions.append(Feedback.search_key.like(f"%{fold(word)}%"))
    newest_first = (Feedback.received_on.desc(), Feedback.recorded_at.desc(), Feedback.id.desc())
    return select(Feedback).where(*conditions).order_by(*newest_first)


def refresh_open_due(session: Session, calendar: WorkingCalendar) -> int:
    """Count again the due date of every reply still owed (after a change of the
    service's calendar, like the open requests); returns how many moved."""
    moved = 0
    for entry in session.scalars(select(Feedback).where(Feedback.status == TO_ANSWER)):
        if entry.delay_amount is None or entry.delay_unit is None:
            continue
        delay = Delay(entry.delay_amount, DelayUnit(entry.delay_unit))
        due = reply_due_date(calendar, entry.received_on, delay)
        if due != entry.reply_due:
            entry.reply_due = due
            moved += 1
    return moved


def search_key(entry: Feedback) -> str:
    """The text, the reply and the person (phone by its digits), folded: « ecole »
    finds « École » on both engines."""
    digits = "".join(ch for ch in entry.person_phone if ch.isdigit())
    parts = (entry.text, entry.reply, entry.person_name, digits, entry.person_email)
    return " ".join(fold(part) for part in parts if part)


def open_counts(session: Session, today: date) -> tuple[int, int]:
    """(feedback still to answer, of which late today)."""
    query = select(func.count(), func.count().filter(Feedback.reply_due < today)).where(
        Feedback.status == TO_ANSWER
    )
    waiting, late = session.execute(query).one()
    return int(waiting), int(late)


def counts_by_kind(session: Session, first_day: date, last_day: date) -> dict[FeedbackKind, int]:
    """Entries received in the period, by kind."""
    query = (
        select(Feedback.kind, func.count())
        .where(Feedback.received_on >= first_day, Feedback.received_on <= last_day)
        .group_by(Feedback.kind)
    )
    return {FeedbackKind(kind): int(n) for kind, n in session.execute(query)}


def complaints_on_time(
    session: Session, first_day: date, last_day: date, today: date
) -> tuple[int, int]:
    """(complaints whose reply fell due in the period, of which answered by the due
    date). One still to answer counts once its due date has passed; one closed without
    a reply does not count."""
    due_in_period = and_(
        Feedback.kind == FeedbackKind.COMPLAINT.value,
        Feedback.reply_due >= first_day,
        Feedback.reply_due <= last_day,
    )
    answered = Feedback.status == FeedbackStatus.ANSWERED.value
    decided = or_(answered, and_(Feedback.status == TO_ANSWER, Feedback.reply_due < today))
    query = select(
        func.count(), func.count().filter(answered, Feedback.replied_on <= Feedback.reply_due)
    ).where(due_in_period, decided)
    due, on_time = session.execute(query).one()
    return int(due), int(on_time)


def improvements_done(session: Session, first_day: date, last_day: date) -> int:
    query = select(func.count()).where(
        ImprovementAction.status == ImprovementStatus.DONE.value,
        ImprovementAction.done_on >= first_day,
        ImprovementAction.done_on <= last_day,
    )
    return int(session.scalar(query) or 0)


def linked_feedback(
    session: Session, improvement_ids: list[uuid.UUID]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """The feedback entries each improvement names."""
    linked: dict[uuid.UUID, set[uuid.UUID]] = {i: set() for i in improvement_ids}
    if improvement_ids:
        query = select(Feedback.improvement_id, Feedback.id).where(
            Feedback.improvement_id.in_(improvement_ids)
        )
        for improvement_id, feedback_id in session.execute(query):
            if improvement_id is not None:
                linked[improvement_id].add(feedback_id)
    return linked
