"""The register's queries: filter, search, sort and paging in SQL, the counts by procedure
and outcome, and the earlier cases of a person."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from spplus_desk.domain.enums import Channel, DelayUnit, RequestStatus
from spplus_desk.domain.error_case import (
    NATURE_LABELS,
    OUTCOME_LABELS,
    CaseDraft,
    CaseOutcome,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.error_register import (
    EarlierCase,
    ProcedureCounts,
    RegisterColumn,
    RegisterFilter,
    RegisterRow,
    RegisterSort,
    RegisterStats,
)
from spplus_desk.domain.journal import fold, label_matches, search_words
from spplus_desk.domain.labels import delay_text
from spplus_desk.store.schema import OPEN_STATUSES, Agent, ErrorCase, Procedure, Request

FollowUp = aliased(Request, name="follow_up")
PERSON_KEY_LENGTH = 200  # ErrorCase.person_key
_Code = TypeVar("_Code", bound=StrEnum)
_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])
_ROW_COLUMNS = (
    ErrorCase.id,
    ErrorCase.discovered_on,
    Procedure.label,
    ErrorCase.nature,
    ErrorCase.channel,
    ErrorCase.person_name,
    ErrorCase.eligible,
    ErrorCase.outcome,
    ErrorCase.regularisation,
    ErrorCase.regularised_on,
    FollowUp.reference,
    FollowUp.due_date,
    FollowUp.due_at,
    FollowUp.status,
    Agent.name,
    ErrorCase.amount_cents,
    ErrorCase.cancelled_at,
    ErrorCase.version,
    ErrorCase.first_time,
    ErrorCase.good_faith,
    ErrorCase.exclusions,
    ErrorCase.invited_on,
    ErrorCase.delay_amount,
    ErrorCase.delay_unit,
    ErrorCase.outcome_reason,
)


def _in_label_order(column: Any, labels: Mapping[_Code, str]) -> Any:
    """Codes sorted as their French labels read (« Aucune sanction » before « En
    attente »), not as the stored codes."""
    ranks = {
        code.value: rank for rank, code in enumerate(sorted(labels, key=lambda c: fold(labels[c])))
    }
    return case(ranks, value=column, else_=len(ranks))


_SORT_KEYS: dict[RegisterColumn, Any] = {
    RegisterColumn.DISCOVERED: ErrorCase.discovered_on,
    RegisterColumn.PROCEDURE: Procedure.label,
    RegisterColumn.NATURE: _in_label_order(ErrorCase.nature, NATURE_LABELS),
    RegisterColumn.PERSON: ErrorCase.person_key,
    RegisterColumn.OUTCOME: _in_label_order(ErrorCase.outcome, OUTCOME_LABELS),
    RegisterColumn.REGULARISATION: func.coalesce(ErrorCase.regularised_on, FollowUp.due_date),
    RegisterColumn.AGENT: Agent.name,
}


# What a sort needs joined to order the page's ids (the filters read error_case alone).
_SORT_JOINS: dict[RegisterColumn, tuple[tuple[Any, Any], ...]] = {
    RegisterColumn.PROCEDURE: ((Procedure, Procedure.id == ErrorCase.procedure_id),),
    RegisterColumn.AGENT: ((Agent, Agent.id == ErrorCase.agent_id),),
    RegisterColumn.REGULARISATION: ((FollowUp, FollowUp.id == ErrorCase.follow_up_id),),
}


def person_key(name: str | None) -> str | None:
    """The name as people match it: « Hélène  DUPONT » and « helene dupont » are one.
    (Cut to the column: folding may lengthen a name, « ß » becomes « ss ».)"""
    return " ".join(fold(name).split())[:PERSON_KEY_LENGTH] or None if name else None


def search_key(draft: CaseDraft) -> str:
    """What the register's search looks in, folded as the search words are."""
    person = draft.person
    digits = "".join(ch for ch in person.phone if ch.isdigit())
    return " ".join(fold(text) for text in (person.name, digits, person.email, draft.notes))


def _joined(query: _Query) -> _Query:
    return (
        query.join(Procedure, Procedure.id == ErrorCase.procedure_id)
        .join(Agent, Agent.id == ErrorCase.agent_id)
        .outerjoin(FollowUp, FollowUp.id == ErrorCase.follow_up_id)
    )


def _filtered(session: Session, query: _Query, wanted: RegisterFilter) -> _Query:
    if wanted.start is not None:
        query = query.where(ErrorCase.discovered_on >= wanted.start)
    if wanted.end is not None:
        query = query.where(ErrorCase.discovered_on <= wanted.end)
    if wanted.procedure_id is not None:
        query = query.where(ErrorCase.procedure_id == wanted.procedure_id)
    if wanted.outcome is not None:
        query = query.where(ErrorCase.outcome == wanted.outcome.value)
    if wanted.agent_id is not None:
        query = query.where(ErrorCase.agent_id == wanted.agent_id)
    if not wanted.include_cancelled:
        query = query.where(ErrorCase.cancelled_at.is_(None))
    words = search_words(wanted.search)
    if words:
        # A service has a few dozen procedures: their labels are matched in Python.
        labels = session.execute(select(Procedure.id, Procedure.label)).all()
        for word in words:
            matching = [row.id for row in labels if label_matches(row.label, [word])]
            query = query.where(
                or_(
                    ErrorCase.search_key.like(f"%{fold(word)}%"),
                    ErrorCase.procedure_id.in_(matching),
                )
            )
    return query


def register_rows(
    session: Session,
    wanted: RegisterFilter,
    sort: RegisterSort,
    *,
    at: datetime,
    offset: int = 0,
    limit: int = 200,
) -> list[RegisterRow]:
    key = _SORT_KEYS[sort.column]
    order = [key.desc() if sort.descending else key.asc()]
    # A total order: pages never repeat or skip a row.
    for tie in (ErrorCase.recorded_at, ErrorCase.id):
        order.append(tie.desc() if sort.descending else tie.asc())
    # The page's ids first, sorting only what the order needs; then their rows. Joining
    # every case before sorting them all took twice as long on 20,000 cases.
    page = select(ErrorCase.id).select_from(ErrorCase)
    for model, joined in _SORT_JOINS.get(sort.column, ()):
        page = page.outerjoin(model, joined)
    page = _filtered(session, page, wanted).order_by(*order).offset(offset).limit(limit)
    ids = list(session.scalars(page))
    query = _joined(select(*_ROW_COLUMNS)).where(ErrorCase.id.in_(ids))
    found = {row.id: row for row in session.execute(query)}
    return [_row(found[case_id], at) for case_id in ids]


def register_count(session: Session, wanted: RegisterFilter) -> int:
    query = _filtered(session, select(func.count()).select_from(ErrorCase), wanted)
    return int(session.execute(query).scalar_one())


def _row(row: Any, at: datetime) -> RegisterRow:
    awaited = row.status in OPEN_STATUSES
    delay = None
    if row.delay_amount is not None and row.delay_unit is not None:
        delay = delay_text(row.delay_amount, DelayUnit(row.delay_unit))
    return RegisterRow(
        id=row.id,
        discovered_on=row.discovered_on,
        procedure=row.label,
        nature=ErrorNature(row.nature),
        channel=Channel(row.channel),
        person=row.person_name,
        eligible=row.eligible,
        outcome=CaseOutcome(row.outcome),
        regularisation=None if row.regularisation is None else Regularisation(row.regularisation),
        regularised_on=row.regularised_on,
        follow_up_reference=row.reference,
        # Kept once done (a regularisation after it is shown as such), not once cancelled.
        due_date=row.due_date if awaited or row.status == RequestStatus.ANSWERED.value else None,
        late=awaited and row.due_at is not None and row.due_at <= at,
        agent=row.name,
        amount_cents=row.amount_cents,
        cancelled=row.cancelled_at is not None,
        version=row.version,
        first_time=row.first_time,
        good_faith=row.good_faith,
        exclusions=tuple(Exclusion(code) for code in row.exclusions),
        invited_on=row.invited_on,
        delay=delay,
        outcome_reason=row.outcome_reason,
    )


def register_stats(
    session: Session, start: date | None, end: date | None, *, at: datetime
) -> RegisterStats:
    wanted = RegisterFilter(start=start, end=end)
    counts = session.execute(
        _filtered(
            session,
            select(Procedure.label, ErrorCase.outcome, func.count())
            .select_from(ErrorCase)
            .join(Procedure, Procedure.id == ErrorCase.procedure_id),
            wanted,
        ).group_by(Procedure.label, ErrorCase.outcome)
    ).all()
    by_procedure: dict[str, dict[CaseOutcome, int]] = {}
    for label, outcome, count in counts:
        by_procedure.setdefault(label, {})[CaseOutcome(outcome)] = int(count)
    spared = (CaseOutcome.NO_SANCTION.value, CaseOutcome.SANCTION_WAIVED.value)
    open_follow_up = and_(FollowUp.id.is_not(None), FollowUp.status.in_(OPEN_STATUSES))
    totals = session.execute(
        _filtered(
            session,
            select(
                func.count(ErrorCase.regularised_on),
                func.count(case((and_(open_follow_up, FollowUp.due_at > at), 1))),
                func.count(case((and_(open_follow_up, FollowUp.due_at <= at), 1))),
                func.coalesce(
                    func.sum(case((ErrorCase.outcome.in_(spared), ErrorCase.amount_cents))), 0
                ),
            )
            .select_from(ErrorCase)
            .outerjoin(FollowUp, FollowUp.id == ErrorCase.follow_up_id),
            wanted,
        )
    ).one()
    lines = sorted(
        (ProcedureCounts(label, outcomes) for label, outcomes in by_procedure.items()),
        key=lambda line: (-line.total, line.procedure),
    )
    return RegisterStats(start, end, tuple(lines), *(int(value) for value in totals))


def earlier_cases(
    session: Session,
    person: PersonIdentity,
    *,
    exclude: uuid.UUID | None = None,
    until: date | None = None,
) -> list[EarlierCase]:
    """The person's cases not cancelled (discovered by ``until``, when given), matched on
    the phone, the e-mail or the name (the strongest match first), the latest first."""
    matches = [
        ("téléphone", ErrorCase.person_phone, person.phone or None),
        ("courriel", func.lower(ErrorCase.person_email), person.email.lower() or None),
        ("nom", ErrorCase.person_key, person_key(person.name)),
    ]
    found: dict[uuid.UUID, EarlierCase] = {}
    for matched_on, column, value in matches:
        if value is None:
            continue
        query = (
            select(
                ErrorCase.id,
                ErrorCase.discovered_on,
                Procedure.label,
                ErrorCase.nature,
                ErrorCase.outcome,
            )
            .join(Procedure, Procedure.id == ErrorCase.procedure_id)
            .where(column == value, ErrorCase.cancelled_at.is_(None))
        )
        if exclude is not None:
            query = query.where(ErrorCase.id != exclude)
        if until is not None:
            query = query.where(ErrorCase.discovered_on <= until)
        for row in session.execute(query):
            found.setdefault(
                row.id,
                EarlierCase(
                    row.id,
                    row.discovered_on,
                    row.label,
                    ErrorNature(row.nature),
                    CaseOutcome(row.outcome),
                    matched_on,
                ),
            )
    return sorted(found.values(), key=lambda c: c.discovered_on, reverse=True)


def case_of_follow_up(session: Session, request_id: uuid.UUID) -> uuid.UUID | None:
    return session.execute(
        select(ErrorCase.id).where(ErrorCase.follow_up_id == request_id)
    ).scalar_one_or_none()
