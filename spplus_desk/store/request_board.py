"""The lead's board in SQL: open requests counted by bucket, and one bucket's rows.

Every bucket is a range of ``due_at`` on open statuses, read through the
(status, due_at) index; the counts group in the database and come back as a few rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from spplus_desk.domain.request_board import BoardFilter, BoardWindow, Bucket
from spplus_desk.store.requests import is_open
from spplus_desk.store.schema import Agent, Contact, ErrorCase, Request, RequestKind


def _ack_pending() -> ColumnElement[bool]:
    return and_(Request.ack_due_date.is_not(None), Request.acknowledged_at.is_(None))


def bucket_condition(bucket: Bucket, window: BoardWindow) -> ColumnElement[bool]:
    due, alert = Request.due_at, Request.alert_at
    conditions: dict[Bucket, ColumnElement[bool]] = {
        Bucket.OVERDUE: due <= window.at,
        Bucket.TODAY: and_(due > window.at, due <= window.tomorrow_start),
        Bucket.SOON: and_(due > window.tomorrow_start, due <= window.soon_end),
        Bucket.ALERT: and_(due > window.soon_end, alert <= window.at),
        Bucket.ON_TRACK: and_(due > window.soon_end, or_(alert.is_(None), alert > window.at)),
        Bucket.WAITING: due.is_(None),
        Bucket.ACK: _ack_pending(),
        Bucket.ALL: literal(True),
    }
    return and_(is_open(), conditions[bucket])


def _bucket_case(window: BoardWindow) -> ColumnElement[str]:
    due, alert = Request.due_at, Request.alert_at
    return case(
        (due.is_(None), Bucket.WAITING.value),
        (due <= window.at, Bucket.OVERDUE.value),
        (due <= window.tomorrow_start, Bucket.TODAY.value),
        (due <= window.soon_end, Bucket.SOON.value),
        (alert <= window.at, Bucket.ALERT.value),
        else_=Bucket.ON_TRACK.value,
    )


def bucket_counts(
    session: Session, window: BoardWindow
) -> list[tuple[uuid.UUID | None, uuid.UUID, Bucket, int]]:
    """(assignee, kind, bucket, count) of every open request, ACK included separately."""
    bucket = _bucket_case(window).label("bucket")
    open_ = is_open()
    rows = session.execute(
        select(Request.assignee_id, Request.kind_id, bucket, func.count())
        .where(open_)
        .group_by(Request.assignee_id, Request.kind_id, bucket)
    ).all()
    acks = session.execute(
        select(Request.assignee_id, Request.kind_id, func.count())
        .where(open_, _ack_pending())
        .group_by(Request.assignee_id, Request.kind_id)
    ).all()
    counted = [(a, k, Bucket(b), int(n)) for a, k, b, n in rows]
    return counted + [(a, k, Bucket.ACK, int(n)) for a, k, n in acks]


def _order(bucket: Bucket) -> Sequence[Any]:
    if bucket is Bucket.WAITING:
        return (Request.received_at, Request.reference)
    if bucket is Bucket.ACK:
        return (Request.ack_due_date, Request.reference)
    # Most late first, in the order of the open requests' index (no sort).
    return (Request.due_at, Request.reference)


def board_rows(
    session: Session,
    board_filter: BoardFilter,
    window: BoardWindow,
    *,
    offset: int = 0,
    limit: int | None = 200,
) -> list[Any]:
    """One bucket's requests with what a row shows, in the bucket's order.

    "Every open request" lists those with a due instant, most late first, then those
    whose clock stands still: two reads in index order rather than one sorted read.
    """
    bucket = board_filter.bucket
    read = partial(_rows, session, board_filter)
    if bucket is not Bucket.ALL:
        return read(bucket_condition(bucket, window), _order(bucket), offset, limit)
    dated = bucket_condition(Bucket.ALL, window) & Request.due_at.is_not(None)
    rows = read(dated, _order(Bucket.ALL), offset, limit)
    if limit is not None and len(rows) == limit:
        return rows
    # The dated rows are exhausted: how many there are decides where the others start.
    dated_total = offset + len(rows) if rows else _count(session, board_filter, dated)
    waiting = bucket_condition(Bucket.WAITING, window)
    rest = None if limit is None else limit - len(rows)
    return rows + read(waiting, _order(Bucket.WAITING), max(offset - dated_total, 0), rest)


def _filtered(statement: Any, board_filter: BoardFilter) -> Any:
    if board_filter.assignee_id is not None:
        statement = statement.where(Request.assignee_id == board_filter.assignee_id)
    if board_filter.kind_id is not None:
        statement = statement.where(Request.kind_id == board_filter.kind_id)
    return statement


def _count(session: Session, board_filter: BoardFilter, condition: ColumnElement[bool]) -> int:
    statement = _filtered(select(func.count()).select_from(Request).where(condition), board_filter)
    return int(session.scalar(statement) or 0)


def _rows(
    session: Session,
    board_filter: BoardFilter,
    condition: ColumnElement[bool],
    order: Sequence[Any],
    offset: int,
    limit: int | None,
) -> list[Any]:
    # The order of these columns is the one services.request_board unpacks.
    statement = (
        select(
            Request.id,
            Request.reference,
            RequestKind.label.label("kind"),
            Request.channel,
            Request.received_at,
            Request.due_date,
            Request.due_at,
            Request.alert_at,
            Request.delay_unit,
            Request.assignee_id,
            Agent.name.label("assignee"),
            Request.status,
            # A regularisation's deadline names the person of its right-to-error case.
            func.coalesce(Contact.person_name, ErrorCase.person_name).label("person"),
            Request.ack_due_date,
            Request.acknowledged_at,
            Request.version,
        )
        .join(RequestKind, RequestKind.id == Request.kind_id)
        .outerjoin(Agent, Agent.id == Request.assignee_id)
        .outerjoin(Contact, Contact.id == Request.contact_id)
        .outerjoin(ErrorCase, ErrorCase.follow_up_id == Request.id)
        .where(condition)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    # Plain rows through the unit of work's connection: no ORM loading for thousands.
    return list(session.connection().execute(_filtered(statement, board_filter)).all())


def late_rows(session: Session, at: datetime) -> list[Any]:
    """Open requests late at ``at``, most late first, with only what the command line's
    list shows: no contact read, no column it does not print (thousands of rows)."""
    statement = (
        select(
            Request.reference,
            RequestKind.label,
            Request.channel,
            Request.received_at,
            Request.due_date,
            Request.due_at,
            Request.delay_unit,
            Agent.name,
            Request.status,
        )
        .join(RequestKind, RequestKind.id == Request.kind_id)
        .outerjoin(Agent, Agent.id == Request.assignee_id)
        .where(is_open(), Request.due_at <= at)
        .order_by(Request.due_at, Request.reference)
    )
    return list(session.connection().execute(statement).all())


def agent_deadlines(
    session: Session, agent_id: uuid.UUID, window: BoardWindow
) -> tuple[list[tuple[str, datetime]], datetime | None]:
    """The agent's open requests due by the end of today (reference, due instant), and
    the next instant after now one of theirs falls due."""
    mine = and_(Request.assignee_id == agent_id, is_open())
    due = session.execute(
        select(Request.reference, Request.due_at)
        .where(mine, Request.due_at <= window.tomorrow_start)
        .order_by(Request.due_at)
    ).all()
    upcoming = session.scalar(
        select(func.min(Request.due_at)).where(mine, Request.due_at > window.at)
    )
    # due_at <= ... never holds for NULL: every row read has its instant.
    return [(reference, cast(datetime, at)) for reference, at in due], upcoming


def earliest_due(session: Session) -> date | None:
    """The oldest due date among open requests (how far back lateness is counted)."""
    return session.scalar(select(func.min(Request.due_date)).where(is_open()))
