"""Improvement actions: « Vous nous avez dit… Nous avons fait… » (issue 6), each naming
the feedback that prompted it. Leads and administrators decide them; the poster of the
next issue prints the ones done."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import (
    ImprovementDraft,
    ImprovementRecord,
    ImprovementStatus,
    checked_improvement,
)
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import SUPERVISORS, acting_agent
from spplus_desk.store import audit, requests
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.feedback import linked_feedback
from spplus_desk.store.schema import Agent, Feedback, ImprovementAction

UNKNOWN_IMPROVEMENT = "Cette action d'amélioration est introuvable : actualisez la liste."


def record_improvement(desk: Desk, *, login: str, draft: ImprovementDraft) -> ImprovementRecord:
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *SUPERVISORS)
        draft = checked_improvement(draft, _today(session, desk))
        action = ImprovementAction(id=time_ordered_uuid(now), recorded_at=now, agent_id=agent.id)
        _apply(session, action, draft)
        session.add(action)
        session.flush()
        _link(session, action.id, draft.feedback_ids, actor_id=agent.id, at=now)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="improvement.created",
            entity_type="improvement_action",
            entity_id=action.id,
            after=_snapshot(action, draft.feedback_ids),
        )
        return _record(session, action)


def correct_improvement(
    desk: Desk, *, login: str, improvement_id: uuid.UUID, version: int, draft: ImprovementDraft
) -> ImprovementRecord:
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *SUPERVISORS)
        action = session.get(ImprovementAction, improvement_id, with_for_update=True)
        if action is None:
            raise UserError(UNKNOWN_IMPROVEMENT)
        if action.version != version:
            raise ConflictError(CONFLICT_MESSAGE)
        draft = checked_improvement(draft, _today(session, desk))
        before = _snapshot(action, linked_feedback(session, [action.id])[action.id])
        _apply(session, action, draft)
        after = _snapshot(action, draft.feedback_ids)
        if after != before:
            # The links live on the feedback rows: a change of links alone must still
            # give the action a new version, or a stale desk could undo it silently.
            flag_modified(action, "status")
        _link(session, action.id, draft.feedback_ids, actor_id=agent.id, at=now)
        if after != before:
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=agent.id,
                action="improvement.corrected",
                entity_type="improvement_action",
                entity_id=action.id,
                before=before,
                after=after,
            )
        return _record(session, action)


def list_improvements(
    desk: Desk, status: ImprovementStatus | None = None
) -> list[ImprovementRecord]:
    """Every action, the most recent first (a service decides a few dozen a year)."""
    with desk.database.reading() as session:
        query = select(ImprovementAction).order_by(
            ImprovementAction.done_on.desc().nulls_first(), ImprovementAction.recorded_at.desc()
        )
        if status is not None:
            query = query.where(ImprovementAction.status == status.value)
        actions = list(session.scalars(query))
        links = linked_feedback(session, [a.id for a in actions])
        zone = requests.service_calendar(session).zone  # once for the list
        return [_record(session, a, links[a.id], zone) for a in actions]


def improvement(desk: Desk, improvement_id: uuid.UUID) -> ImprovementRecord:
    with desk.database.reading() as session:
        action = session.get(ImprovementAction, improvement_id)
        if action is None:
            raise UserError(UNKNOWN_IMPROVEMENT)
        return _record(session, action)


def _apply(session: Session, action: ImprovementAction, draft: ImprovementDraft) -> None:
    unknown = draft.feedback_ids - set(
        session.scalars(select(Feedback.id).where(Feedback.id.in_(draft.feedback_ids)))
    )
    if unknown:
        raise UserError("Un des avis liés n'existe plus : actualisez la liste des avis.")
    action.said, action.done = draft.said, draft.done
    action.status, action.done_on = draft.status.value, draft.done_on


def _link(
    session: Session,
    action_id: uuid.UUID,
    feedback_ids: frozenset[uuid.UUID],
    *,
    actor_id: uuid.UUID,
    at: datetime,
) -> None:
    """Exactly ``feedback_ids`` name this action (an entry names one action at most).
    An entry taken from another action changes that action too: it gets a new version
    (a desk still showing the old links cannot put them back unseen) and its audit entry."""
    _release(session, action_id, feedback_ids, actor_id=actor_id, at=at)
    session.execute(
        update(Feedback)
        .where(Feedback.improvement_id == action_id, Feedback.id.not_in(feedback_ids))
        .values(improvement_id=None)
        .execution_options(synchronize_session=False)
    )
    if feedback_ids:
        session.execute(
            update(Feedback)
            .where(Feedback.id.in_(feedback_ids))
            .values(improvement_id=action_id)
            .execution_options(synchronize_session=False)
        )


def _release(
    session: Session,
    action_id: uuid.UUID,
    feedback_ids: frozenset[uuid.UUID],
    *,
    actor_id: uuid.UUID,
    at: datetime,
) -> None:
    others = set(
        session.scalars(
            select(Feedback.improvement_id).where(
                Feedback.id.in_(feedback_ids),
                Feedback.improvement_id.is_not(None),
                Feedback.improvement_id != action_id,
            )
        )
    )
    for other_id in sorted(i for i in others if i is not None):
        other = session.get(ImprovementAction, other_id, with_for_update=True)
        assert other is not None  # the foreign key keeps it
        kept = linked_feedback(session, [other_id])[other_id]
        flag_modified(other, "status")  # a new version
        session.flush()
        audit.record(
            session,
            at=at,
            actor_id=actor_id,
            action="improvement.corrected",
            entity_type="improvement_action",
            entity_id=other_id,
            before=_snapshot(other, kept),
            after=_snapshot(other, kept - feedback_ids),
        )


def _record(
    session: Session,
    action: ImprovementAction,
    links: set[uuid.UUID] | None = None,
    zone: ZoneInfo | None = None,
) -> ImprovementRecord:
    if links is None:
        links = linked_feedback(session, [action.id])[action.id]
    zone = zone or requests.service_calendar(session).zone
    author = session.get(Agent, action.agent_id)
    return ImprovementRecord(
        id=action.id,
        said=action.said,
        done=action.done,
        status=ImprovementStatus(action.status),
        done_on=action.done_on,
        recorded_on=action.recorded_at.astimezone(zone).date(),
        agent=author.name if author else "",
        feedback_ids=frozenset(links),
        version=action.version,
    )


def _snapshot(
    action: ImprovementAction, feedback_ids: set[uuid.UUID] | frozenset[uuid.UUID]
) -> dict[str, object]:
    return {
        "said": action.said,
        "done": action.done,
        "status": action.status,
        "done_on": action.done_on.isoformat() if action.done_on else None,
        "feedback": sorted(str(i) for i in feedback_ids),
    }


def _today(session: Session, desk: Desk) -> date:
    return desk.clock.now().astimezone(requests.service_calendar(session).zone).date()
