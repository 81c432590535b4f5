"""The lead's board, the agents' own counts and the overdue list of the command line.

Every reading takes one instant (``at``, now by default) and sorts open requests into the
buckets of domain.request_board as they stand at that instant.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from spplus_desk.domain.enums import Channel, DelayUnit, RequestStatus
from spplus_desk.domain.journal import fold
from spplus_desk.domain.request_board import (
    BoardCount,
    BoardFilter,
    BoardRow,
    BoardSummary,
    BoardWindow,
    Bucket,
    LateCounter,
    LateRequest,
    MyDeadlines,
    board_window,
)
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent_id
from spplus_desk.store import request_board, requests
from spplus_desk.store.schema import Agent, RequestKind

NOBODY = "Non attribuée"
PAGE_SIZE = 200


def board_summary(desk: Desk, at: datetime | None = None) -> BoardSummary:
    """How many open requests each bucket holds, in all, by agent and by kind."""
    with desk.database.reading() as session:
        window = board_window(requests.service_calendar(session), at or desk.clock.now())
        counted = request_board.bucket_counts(session, window)
        agents = dict(session.execute(select(Agent.id, Agent.name)).all())
        kinds = dict(session.execute(select(RequestKind.id, RequestKind.label)).all())
    totals: dict[Bucket, int] = defaultdict(int)
    by_agent: dict[uuid.UUID | None, dict[Bucket, int]] = defaultdict(lambda: defaultdict(int))
    by_kind: dict[uuid.UUID, dict[Bucket, int]] = defaultdict(lambda: defaultdict(int))
    for assignee, kind, bucket, count in counted:
        totals[bucket] += count
        by_agent[assignee][bucket] += count
        by_kind[kind][bucket] += count
        if bucket is not Bucket.ACK:
            totals[Bucket.ALL] += count
            by_agent[assignee][Bucket.ALL] += count
            by_kind[kind][Bucket.ALL] += count
    return BoardSummary(
        window=window,
        totals=dict(totals),
        by_agent=_sorted_counts(
            BoardCount(key, agents.get(key, NOBODY) if key else NOBODY, dict(counts))
            for key, counts in by_agent.items()
        ),
        by_kind=_sorted_counts(
            BoardCount(key, kinds.get(key, "type inconnu"), dict(counts))
            for key, counts in by_kind.items()
        ),
    )


def _sorted_counts(counts: Any) -> tuple[BoardCount, ...]:
    # The most late first, then by name as people read it (« Élodie » among the E).
    return tuple(sorted(counts, key=lambda c: (-c.count(Bucket.OVERDUE), fold(c.label), c.label)))


def board_rows(
    desk: Desk,
    board_filter: BoardFilter,
    *,
    at: datetime | None = None,
    offset: int = 0,
    limit: int | None = PAGE_SIZE,
) -> list[BoardRow]:
    """One bucket's requests (filtered by agent and kind), most urgent first."""
    with desk.database.reading() as session:
        calendar = requests.service_calendar(session)
        window = board_window(calendar, at or desk.clock.now())
        rows = request_board.board_rows(session, board_filter, window, offset=offset, limit=limit)
        since = min((r.due_date for r in rows if r.due_date is not None), default=None)
    counter = LateCounter(calendar, window, since)
    return [_board_row(row, window, counter) for row in rows]


def overdue_requests(desk: Desk, at: datetime | None = None) -> list[LateRequest]:
    """Every open request past its due date at ``at``, the most late first (the command
    line's list, for scripts: no personal data)."""
    with desk.database.reading() as session:
        calendar = requests.service_calendar(session)
        window = board_window(calendar, at or desk.clock.now())
        rows = request_board.late_rows(session, window.at)
    counter = LateCounter(calendar, window, min((row[4] for row in rows), default=None))
    return [
        LateRequest(
            reference=reference,
            kind=kind,
            channel=_CHANNELS[channel],
            received_at=received_at,
            due_date=due_date,
            due_at=due_at,
            in_hours=delay_unit == _HOURS,
            assignee=assignee or "",
            status=_STATUSES[status],
            days_late=counter.days_late(due_date, due_at),
        )
        for reference, kind, channel, received_at, due_date, due_at, delay_unit, assignee, status
        in rows
    ]  # fmt: skip


def day_list(
    desk: Desk, at: datetime | None = None, per_bucket: int | None = None
) -> list[BoardRow]:
    """What the team must deal with: late, due today, due within 2 working days (the
    first ``per_bucket`` of each, in the board's order, when given)."""
    rows: list[BoardRow] = []
    for bucket in (Bucket.OVERDUE, Bucket.TODAY, Bucket.SOON):
        rows += board_rows(desk, BoardFilter(bucket), at=at, limit=per_bucket)
    return rows


def my_deadlines(desk: Desk, *, login: str, at: datetime | None = None) -> MyDeadlines:
    """The agent's own requests due today and late, for the status bar."""
    with desk.database.reading() as session:
        agent_id = acting_agent_id(session, login)
        window = board_window(requests.service_calendar(session), at or desk.clock.now())
        due, upcoming = request_board.agent_deadlines(session, agent_id, window)
    late = [reference for reference, due_at in due if due_at <= window.at]
    return MyDeadlines(
        due_today=len(due) - len(late),
        overdue=len(late),
        overdue_references=tuple(late),
        next_due_at=upcoming,
    )


_HOURS = DelayUnit.WORKING_HOURS.value
# Stored codes to enums by a dict: calling the enum costs more, on thousands of rows.
_CHANNELS = {channel.value: channel for channel in Channel}
_STATUSES = {status.value: status for status in RequestStatus}


def _board_row(row: Any, window: BoardWindow, counter: LateCounter) -> BoardRow:
    # Unpacked by position (store.request_board's column order): reading a row's fields
    # by name cost more than all the rest for the thousands a late list may hold.
    (
        request_id, reference, kind, channel, received_at, due_date, due_at, alert_at,
        delay_unit, assignee_id, assignee, status, person, ack_due_date, acknowledged_at,
        version,
    ) = row  # fmt: skip
    return BoardRow(
        id=request_id,
        reference=reference,
        kind=kind,
        channel=Channel(channel),
        received_at=received_at,
        due_date=due_date,
        due_at=due_at,
        in_hours=delay_unit == _HOURS,
        assignee_id=assignee_id,
        assignee=assignee or "",
        status=RequestStatus(status),
        person=person or "",
        bucket=window.bucket(due_at, alert_at),
        days_late=counter.days_late(due_date, due_at),
        ack_due_date=ack_due_date,
        ack_pending=ack_due_date is not None and acknowledged_at is None,
        version=version,
    )
