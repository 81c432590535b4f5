"""The lead's board, the day's list, the overdue list and an agent's own counts, read at
a fixed instant from requests placed in every bucket; the lead's reassignment of many
requests at once; open deadlines derived again when the calendar changes (issue 4)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import NamedTuple

import pytest

from spplus_desk.domain.enums import Channel, RequestStatus, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.request_board import DEADLINE_BUCKETS, BoardFilter, Bucket, MyDeadlines
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_board import (
    board_rows,
    board_summary,
    day_list,
    my_deadlines,
    overdue_requests,
)
from spplus_desk.services.requests import (
    reassign_requests,
    refresh_open_deadlines,
    request_case,
)
from spplus_desk.store import queries
from tests.services.test_requests import (
    COPY_KIND,
    EMAIL_KIND,
    LETTER_KIND,
    E,
    act,
    add,
    assert_cache_is_derived,
    audit_count,
    end_of,
    events,
    kind_ids,
    me,
    open_request,
    paris,
    row,
)
from tests.support import TEST_LOGIN, FixedClock

AT = paris(date(2027, 6, 16))  # Wednesday 16 June 2027, 10:00 in Paris
TUESDAY = paris(date(2027, 6, 15))


class Made(NamedTuple):
    id: uuid.UUID
    reference: str


def made(desk: Desk, request_id: uuid.UUID) -> Made:
    return Made(request_id, row(desk, request_id).reference)


def build_board(desk: Desk, clock: FixedClock) -> dict[str, Made]:
    """One request (at least) in every bucket at AT; Léa has O2, T, S and W.

    O1, O2: e-mails (5 jours ouvrés) due Tue 8 and Fri 11 June: late at AT.
    O3: a civil-status copy (3 jours ouvrés) received Wed 9, due Mon 14: late.
    T: e-mail due Wed 16 (today); S: due Thu 17 (within 2 working days).
    A: letter (15 jours ouvrés) received Mon 31 May: due Mon 21, its 12th day is Wed 16.
    N: civil-status copy received at AT - 1 h, due Mon 21: on track.
    W: e-mail waiting for the user since Fri 11. C: answered, on no board.
    Acknowledgements owed (letters and e-mails not acknowledged): A, O2, S, W.
    """
    add(desk, "Léa Martin", "lea")
    plan: list[tuple[str, date, int, str, Channel, str]] = [
        ("A", date(2027, 5, 31), 10, LETTER_KIND, Channel.LETTER, TEST_LOGIN),
        ("O1", date(2027, 6, 1), 10, EMAIL_KIND, Channel.EMAIL, TEST_LOGIN),
        ("C", date(2027, 6, 1), 11, EMAIL_KIND, Channel.EMAIL, TEST_LOGIN),
        ("O2", date(2027, 6, 4), 10, EMAIL_KIND, Channel.EMAIL, "lea"),
        ("O3", date(2027, 6, 9), 10, COPY_KIND, Channel.COUNTER, TEST_LOGIN),
        ("T", date(2027, 6, 9), 11, EMAIL_KIND, Channel.EMAIL, "lea"),
        ("S", date(2027, 6, 10), 10, EMAIL_KIND, Channel.EMAIL, "lea"),
        ("W", date(2027, 6, 10), 11, EMAIL_KIND, Channel.EMAIL, "lea"),
        ("N", date(2027, 6, 16), 9, COPY_KIND, Channel.COUNTER, TEST_LOGIN),
    ]
    board: dict[str, Made] = {}
    for name, day, hour, label, channel, login in plan:
        clock.at = paris(day, hour)
        board[name] = made(desk, open_request(desk, label, channel, login=login, person=name))
        clock.advance(minutes=10)
        if name in ("O1", "T"):
            act(desk, board[name].id, E.ACKNOWLEDGED, login=login)
        elif name == "C":
            act(desk, board[name].id, E.ANSWERED)
    clock.at = paris(date(2027, 6, 11))
    act(desk, board["W"].id, E.WAITING_FOR_USER, login="lea", reason="avis d'imposition")
    clock.at = AT
    return board


def references(board: dict[str, Made], *names: str) -> list[str]:
    return [board[name].reference for name in names]


def listed(desk: Desk, bucket: Bucket, offset: int = 0, limit: int | None = None) -> list[str]:
    rows = board_rows(desk, BoardFilter(bucket), at=AT, offset=offset, limit=limit)
    return [r.reference for r in rows]


def test_the_summary_counts_each_bucket_once(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    summary = board_summary(desk, at=AT)
    assert summary.window.today == date(2027, 6, 16)
    assert summary.totals == {
        Bucket.OVERDUE: 3,
        Bucket.TODAY: 1,
        Bucket.SOON: 1,
        Bucket.ALERT: 1,
        Bucket.ON_TRACK: 1,
        Bucket.WAITING: 1,
        Bucket.ACK: 4,
        Bucket.ALL: 8,
    }
    assert sum(summary.totals.get(b, 0) for b in DEADLINE_BUCKETS) == summary.totals[Bucket.ALL]
    admin, lea = summary.by_agent  # the most late first
    assert (admin.id, admin.label) == (me(desk).id, me(desk).name)
    assert admin.counts == {
        Bucket.OVERDUE: 2,
        Bucket.ALERT: 1,
        Bucket.ON_TRACK: 1,
        Bucket.ALL: 4,
        Bucket.ACK: 1,
    }
    assert lea.label == "Léa Martin"
    assert lea.counts == {
        Bucket.OVERDUE: 1,
        Bucket.TODAY: 1,
        Bucket.SOON: 1,
        Bucket.WAITING: 1,
        Bucket.ALL: 4,
        Bucket.ACK: 3,
    }
    assert [(k.label, k.counts) for k in summary.by_kind] == [
        (
            EMAIL_KIND,
            {
                Bucket.OVERDUE: 2,
                Bucket.TODAY: 1,
                Bucket.SOON: 1,
                Bucket.WAITING: 1,
                Bucket.ALL: 5,
                Bucket.ACK: 3,
            },
        ),
        (COPY_KIND, {Bucket.OVERDUE: 1, Bucket.ON_TRACK: 1, Bucket.ALL: 2}),
        (LETTER_KIND, {Bucket.ALERT: 1, Bucket.ALL: 1, Bucket.ACK: 1}),
    ]
    assert board["C"].reference not in listed(desk, Bucket.ALL)


@pytest.mark.parametrize(
    ("bucket", "names"),
    [
        (Bucket.OVERDUE, ("O1", "O2", "O3")),  # the most late first
        (Bucket.TODAY, ("T",)),
        (Bucket.SOON, ("S",)),
        (Bucket.ALERT, ("A",)),
        (Bucket.ON_TRACK, ("N",)),
        (Bucket.WAITING, ("W",)),
        (Bucket.ACK, ("O2", "A", "S", "W")),  # by acknowledgement due date
        (Bucket.ALL, ("O1", "O2", "O3", "T", "S", "A", "N", "W")),  # waiting ones last
    ],
)
def test_each_bucket_lists_its_requests(
    desk: Desk, clock: FixedClock, bucket: Bucket, names: tuple[str, ...]
) -> None:
    board = build_board(desk, clock)
    rows = board_rows(desk, BoardFilter(bucket), at=AT)
    assert [r.reference for r in rows] == references(board, *names)
    if bucket in DEADLINE_BUCKETS:
        assert {r.bucket for r in rows} == {bucket}


def test_the_deadline_buckets_do_not_overlap(desk: Desk, clock: FixedClock) -> None:
    build_board(desk, clock)
    listings = [listed(desk, bucket) for bucket in DEADLINE_BUCKETS]
    every = {reference for listing in listings for reference in listing}
    assert sum(len(listing) for listing in listings) == len(every) == 8
    assert every == set(listed(desk, Bucket.ALL))


def test_rows_filtered_by_agent_and_kind_and_paged(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    lea = next(a for a in board_summary(desk, at=AT).by_agent if a.label == "Léa Martin")
    copy = kind_ids(desk)[COPY_KIND]
    assert [
        r.reference for r in board_rows(desk, BoardFilter(Bucket.OVERDUE, lea.id), at=AT)
    ] == references(board, "O2")
    assert [
        r.reference for r in board_rows(desk, BoardFilter(Bucket.ALL, lea.id), at=AT)
    ] == references(board, "O2", "T", "S", "W")
    assert [
        r.reference for r in board_rows(desk, BoardFilter(Bucket.OVERDUE, kind_id=copy), at=AT)
    ] == references(board, "O3")
    assert board_rows(desk, BoardFilter(Bucket.TODAY, lea.id, copy), at=AT) == []
    assert listed(desk, Bucket.OVERDUE, offset=1, limit=1) == references(board, "O2")
    assert listed(desk, Bucket.OVERDUE, offset=2, limit=5) == references(board, "O3")
    assert listed(desk, Bucket.OVERDUE, offset=3) == []


def test_a_row_shows_what_the_board_needs(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    late, _, _ = board_rows(desk, BoardFilter(Bucket.OVERDUE), at=AT)
    assert late.id == board["O1"].id
    assert (late.kind, late.channel, late.person, late.status) == (
        EMAIL_KIND,
        Channel.EMAIL,
        "O1",
        RequestStatus.ACKNOWLEDGED,
    )
    assert (late.due_date, late.due_at, late.in_hours) == (
        date(2027, 6, 8),
        end_of(date(2027, 6, 8)),
        False,
    )
    assert (late.ack_due_date, late.ack_pending) == (date(2027, 6, 8), False)
    assert late.version == row(desk, late.id).version
    (waiting,) = board_rows(desk, BoardFilter(Bucket.WAITING), at=AT)
    assert (waiting.due_date, waiting.days_late, waiting.assignee) == (None, 0, "Léa Martin")
    assert (waiting.status, waiting.ack_pending) == (RequestStatus.WAITING, True)


def test_overdue_requests_count_working_days_late(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    late = overdue_requests(desk, at=AT)
    assert [(r.reference, r.days_late) for r in late] == [
        (board["O1"].reference, 6),  # due Tue 8 June: Wed 9 ... Wed 16
        (board["O2"].reference, 3),  # due Fri 11: Mon 14, Tue 15, Wed 16
        (board["O3"].reference, 2),  # due Mon 14: Tue 15, Wed 16
    ]
    # Asked on Tuesday 15 June: due Friday 11 is 2 jours ouvrés late (Mon 14, Tue 15).
    on_tuesday = overdue_requests(desk, at=TUESDAY)
    assert [(r.reference, r.days_late) for r in on_tuesday] == [
        (board["O1"].reference, 5),
        (board["O2"].reference, 2),
        (board["O3"].reference, 1),
    ]
    assert [r.reference for r in overdue_requests(desk)] == [r.reference for r in late]  # now


def test_the_day_list_is_late_then_today_then_soon(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    assert [r.reference for r in day_list(desk, at=AT)] == references(
        board, "O1", "O2", "O3", "T", "S"
    )


def test_the_day_turns_at_midnight_in_paris(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    night = datetime(2027, 6, 16, 22, 30, tzinfo=UTC)  # Thursday 17 June, 00:30 in Paris
    late = board_rows(desk, BoardFilter(Bucket.OVERDUE), at=night)
    assert [(r.reference, r.days_late) for r in late] == [
        (board["O1"].reference, 7),
        (board["O2"].reference, 4),
        (board["O3"].reference, 3),
        (board["T"].reference, 1),  # due Wednesday: late since midnight
    ]
    today = board_rows(desk, BoardFilter(Bucket.TODAY), at=night)
    assert [r.reference for r in today] == references(board, "S")
    assert my_deadlines(desk, login="lea", at=night) == MyDeadlines(
        due_today=1,
        overdue=2,
        overdue_references=(board["O2"].reference, board["T"].reference),
        next_due_at=end_of(date(2027, 6, 17)),
    )


def test_my_deadlines(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    assert my_deadlines(desk, login="lea", at=AT) == MyDeadlines(
        due_today=1,
        overdue=1,
        overdue_references=(board["O2"].reference,),
        next_due_at=end_of(date(2027, 6, 16)),  # T falls due at midnight
    )
    assert my_deadlines(desk, login=TEST_LOGIN, at=AT) == MyDeadlines(
        due_today=0,
        overdue=2,
        overdue_references=(board["O1"].reference, board["O3"].reference),
        next_due_at=end_of(date(2027, 6, 21)),  # A and N
    )
    assert my_deadlines(desk, login="lea", at=TUESDAY) == MyDeadlines(
        due_today=0,
        overdue=1,
        overdue_references=(board["O2"].reference,),
        next_due_at=end_of(date(2027, 6, 16)),
    )
    add(desk, "Paul Durand", "paul")
    assert my_deadlines(desk, login="paul", at=AT) == MyDeadlines(0, 0, (), None)


def test_answering_takes_a_request_off_the_board(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    act(desk, board["O2"].id, E.ANSWERED, login="lea")
    summary = board_summary(desk, at=AT)
    assert (summary.totals[Bucket.OVERDUE], summary.totals[Bucket.ALL]) == (2, 7)
    assert summary.totals[Bucket.ACK] == 3  # an answered request owes no acknowledgement
    assert my_deadlines(desk, login="lea", at=AT).overdue == 0


# --- Reassigning many at once ------------------------------------------------------------


def test_reassign_requests_is_for_leads_all_or_nothing(desk: Desk) -> None:
    add(desk, "Paul Durand", "paul")
    add(desk, "Chloé Bernard", "chloe", Role.LEAD)
    lea = add(desk, "Léa Martin", "lea")
    ids = [open_request(desk, EMAIL_KIND, Channel.EMAIL) for _ in range(3)]
    logs = {request_id: events(desk, request_id) for request_id in ids}
    audited = audit_count(desk)
    with pytest.raises(UserError) as refused:
        reassign_requests(desk, login="paul", request_ids=ids, assignee_id=lea.id)
    assert refused.value.message == (
        "Cette action est réservée au rôle responsable d'équipe ou administrateur."
    )
    with pytest.raises(UserError, match="Cette demande n'existe pas"):
        reassign_requests(desk, login="chloe", request_ids=[*ids, uuid.uuid4()], assignee_id=lea.id)
    assert {request_id: events(desk, request_id) for request_id in ids} == logs
    assert audit_count(desk) == audited
    act(desk, ids[2], E.REASSIGNED, assignee_id=lea.id)
    audited = audit_count(desk)
    assert reassign_requests(desk, login="chloe", request_ids=ids, assignee_id=lea.id) == 2
    assert all(row(desk, request_id).assignee_id == lea.id for request_id in ids)
    assert len(events(desk, ids[2])) == 2  # already Léa's: left as it was
    assert audit_count(desk) == audited + 2
    assert reassign_requests(desk, login=TEST_LOGIN, request_ids=ids, assignee_id=me(desk).id) == 3


def test_reassign_requests_refuses_a_closed_one_and_changes_none(desk: Desk) -> None:
    lea = add(desk, "Léa Martin", "lea")
    first, closed = (open_request(desk, EMAIL_KIND, Channel.EMAIL) for _ in range(2))
    act(desk, closed, E.ANSWERED)
    with pytest.raises(UserError, match="est close"):
        reassign_requests(desk, login=TEST_LOGIN, request_ids=[first, closed], assignee_id=lea.id)
    assert row(desk, first).assignee_id == me(desk).id


# --- A closure day moves open deadlines ------------------------------------------------


def test_a_closure_day_moves_open_deadlines_only(desk: Desk, clock: FixedClock) -> None:
    clock.at = paris(date(2027, 6, 1))
    still_open, answered, waiting = (
        open_request(desk, EMAIL_KIND, Channel.EMAIL) for _ in range(3)
    )
    act(desk, answered, E.ANSWERED)
    clock.at = paris(date(2027, 6, 3))
    act(desk, waiting, E.WAITING_FOR_USER, reason="RIB")
    assert {row(desk, r).due_date for r in (still_open, answered)} == {date(2027, 6, 8)}
    versions = {r: row(desk, r).version for r in (still_open, answered, waiting)}
    with desk.database.writing() as session:
        service = queries.service_row(session)
        assert service is not None
        service.closures = [{"date": "2027-06-04", "label": "Pont"}]
    assert refresh_open_deadlines(desk) == 1
    assert row(desk, still_open).due_date == date(2027, 6, 9)
    assert row(desk, still_open).version == versions[still_open] + 1
    assert row(desk, answered).due_date == date(2027, 6, 8)  # closed: its due date stays
    assert row(desk, answered).version == versions[answered]
    assert row(desk, waiting).version == versions[waiting]  # no due date while waiting
    assert "Non compté : vendredi 4 juin 2027 (fermeture exceptionnelle)." in (
        request_case(desk, still_open).explanation
    )
    for request_id in (still_open, waiting):
        assert_cache_is_derived(desk, request_id)
    assert refresh_open_deadlines(desk) == 0
