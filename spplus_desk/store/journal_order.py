"""The journal's order without sorting every row of a long period.

Sorting a year of contacts (a million rows) by anything but time costs a second. Instead
the page is read group after group, each group from an index that already holds it in
order:
- channel, outcome, motif, agent: one group per value, in the French alphabetical order
  of their labels, each read from its (value, time) index;
- person, duration, wait, request: the contacts that have one, from the index on it,
  then those without, by time.
Short periods keep the plain ORDER BY: a few thousand rows sort in milliseconds, and
walking a name index for today's contacts would be slower.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal_column, select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.journal import JournalColumn, JournalSort, fold
from spplus_desk.domain.labels import CHANNEL_LABELS, OUTCOME_LABELS
from spplus_desk.store.schema import Agent, Contact, Motif, Request

# Below this many contacts in the period, sorting them is faster than any index walk.
WALK_FROM_ROWS = 5_000


@dataclass(frozen=True)
class Group:
    """Contacts matching ``condition``, in the ``order`` an index gives; ``request``
    when the order is the request's reference."""

    condition: ColumnElement[bool]
    order: tuple[ColumnElement[Any], ...]
    own_index: bool = False  # read from the key's index, the period only filtering
    # With a request: the page joins it, and filters it on its own columns first.
    request_filter: tuple[ColumnElement[bool], ...] | None = None


def ties(descending: bool) -> tuple[ColumnElement[Any], ...]:
    """Within equal sort keys, by time (then id), in the same direction."""
    if descending:
        return Contact.occurred_at.desc(), Contact.id.desc()
    return Contact.occurred_at.asc(), Contact.id.asc()


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def wait_expression(session: Session) -> Any:
    """The measured wait, as the expression index of migration 0005 holds it."""
    if _is_sqlite(session):
        return func.julianday(Contact.called_at) - func.julianday(Contact.arrived_at)
    return Contact.called_at - Contact.arrived_at


def groups(
    session: Session, sort: JournalSort, bounds: tuple[datetime, datetime]
) -> list[Group] | None:
    """The groups of a sort that has them; None for the time (its own index)."""
    column, descending = sort.column, sort.descending
    if column in (JournalColumn.PERSON, JournalColumn.DURATION, JournalColumn.WAIT):
        keys = {
            JournalColumn.PERSON: Contact.person_name,
            JournalColumn.DURATION: Contact.duration_seconds,
            JournalColumn.WAIT: wait_expression(session),
        }
        key: Any = keys[column]
        # A condition on the key itself, so that its index skips the contacts without
        # one instead of reading them first (NULLs come first in an ascending index).
        # SQLite seeks past NULLs of a column index for « IS NOT NULL », but of an
        # expression index only for a comparison: no wait is a billion days long.
        sqlite_wait = column is JournalColumn.WAIT and _is_sqlite(session)
        present = key > -1e9 if sqlite_wait else key.is_not(None)
        ordered = key.desc() if descending else key.asc()
        return [
            Group(present, (ordered, *ties(descending)), own_index=True),
            Group(key.is_(None), ties(descending)),  # not ~present: NOT NULL is NULL
        ]
    if column is JournalColumn.REQUEST:
        has_request = exists().where(Request.contact_id == Contact.id)
        reference = Request.reference.desc() if descending else Request.reference.asc()
        # A request is received at its contact's time (services.contacts.open_request):
        # filtering the reference index on it skips the requests of other periods
        # without reading their contacts.
        start, end = bounds
        received = (Request.received_at >= start, Request.received_at < end)
        return [
            Group(has_request, (reference,), own_index=True, request_filter=received),
            Group(~has_request, ties(descending)),
        ]
    labelled = _labelled(session, column)
    if labelled is None:
        return None
    # Alphabetical as a person reads it: « État civil » among the E, whatever the case.
    labelled.sort(key=lambda pair: fold(pair[0]))
    conditions = [condition for _label, condition in labelled]
    if descending:
        conditions.reverse()
    if column is JournalColumn.MOTIF:
        conditions.append(Contact.motif_id.is_(None))  # "sans motif" last, either way
    return [Group(condition, ties(descending)) for condition in conditions]


def _labelled(session: Session, column: JournalColumn) -> list[tuple[str, Any]] | None:
    if column is JournalColumn.CHANNEL:
        return [(CHANNEL_LABELS[c], Contact.channel == c.value) for c in Channel]
    if column is JournalColumn.OUTCOME:
        return [(OUTCOME_LABELS[o], Contact.outcome == o.value) for o in ContactOutcome]
    if column is JournalColumn.MOTIF:
        rows = session.execute(select(Motif.id, Motif.label))
        return [(label, Contact.motif_id == motif_id) for motif_id, label in rows]
    if column is JournalColumn.AGENT:
        rows = session.execute(select(Agent.id, Agent.name))
        return [(name, Contact.agent_id == agent_id) for agent_id, name in rows]
    return None


def worth_walking(session: Session, period: list[ColumnElement[bool]]) -> bool:
    """Whether the period holds enough contacts for group walks to beat a sort (a
    probe of the time index: a few milliseconds)."""
    probe = select(Contact.id).where(*period).limit(WALK_FROM_ROWS).subquery()
    found = session.scalars(select(func.count()).select_from(probe)).one()
    return found >= WALK_FROM_ROWS


def period_off_index(
    session: Session, period: list[ColumnElement[bool]], bounds: tuple[Any, Any]
) -> list[ColumnElement[bool]]:
    """The period as a plain filter. SQLite's planner, seeing a range on the time
    index, would sort the whole period; « +occurred_at » keeps it on the group's own
    index. PostgreSQL's planner weighs both with its statistics."""
    if not _is_sqlite(session):
        return period
    start, end = bounds
    plain = literal_column("+contact.occurred_at", type_=Contact.occurred_at.type)
    return [plain >= start, plain < end]


def grouped_ids(
    session: Session,
    where: list[ColumnElement[bool]],
    plain_where: list[ColumnElement[bool]],
    walk: list[Group],
    *,
    offset: int,
    limit: int,
) -> list[uuid.UUID]:
    """The page's ids, group after group; a later page counts the groups it skips
    (each count reads one index range). ``plain_where`` is ``where`` with the period
    kept off the time index, for the groups read from their own index."""
    ids: list[uuid.UUID] = []
    skip = offset
    for group in walk:
        group_where = plain_where if group.own_index else where
        if skip:
            size = session.scalars(
                select(func.count()).select_from(Contact).where(*group_where, group.condition)
            ).one()
            if size <= skip:
                skip -= size
                continue
        if group.request_filter is not None:  # the join is the condition
            query = select(Contact.id).join(Request, Request.contact_id == Contact.id)
            query = query.where(*group.request_filter, *group_where)
        else:
            query = select(Contact.id).where(*group_where, group.condition)
        query = query.order_by(*group.order)
        ids += session.scalars(query.offset(skip).limit(limit - len(ids)))
        skip = 0
        if len(ids) >= limit:
            break
    return ids
