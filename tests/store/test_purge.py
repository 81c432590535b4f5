"""What the retention purge finds due, in SQL, and how it anonymises a row: the right
records (a request still open keeps its person), through the indexes, with the tallies,
the seals and the requests' derived state unchanged (issue 8)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from spplus_desk.domain.purge import months_before, months_before_day
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.desk import Desk
from spplus_desk.store import anonymise, integrity, purge, requests
from spplus_desk.store.schema import (
    AnswerTally,
    Contact,
    ContactTally,
    MotifTally,
    Request,
    WaitTally,
)
from tests.services.purge_world import NOW, World, build_world
from tests.support import FixedClock

PARIS = ZoneInfo("Europe/Paris")
DEFAULT = purge.Cutoffs(
    contact=datetime(2026, 5, 4, 9, 30, tzinfo=UTC),
    request=datetime(2026, 5, 4, 9, 30, tzinfo=UTC),
    error_case=date(2022, 5, 4),
    feedback=date(2025, 5, 4),
    zone=PARIS,
)


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    return build_world(desk, clock)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 5, 4), 12, date(2026, 5, 4)),
        (date(2027, 3, 31), 1, date(2027, 2, 28)),  # the month's last day
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2027, 2, 28)),
        (date(2027, 1, 15), 60, date(2022, 1, 15)),
        (date(2027, 1, 15), 13, date(2025, 12, 15)),
    ],
)
def test_months_are_counted_on_the_calendar(start: date, months: int, expected: date) -> None:
    assert months_before_day(start, months) == expected
    instant = datetime.combine(start, datetime.min.time(), UTC).replace(hour=9)
    assert months_before(instant, months) == datetime.combine(expected, instant.timetz())


def test_what_is_due_per_record_type(desk: Desk, world: World) -> None:
    with desk.database.reading() as session:
        due = {
            kind: {row.id for row in purge.due_records(session, kind, DEFAULT)}
            for kind in RecordType
        }
    assert due == {
        RecordType.CONTACT: {world.old_contact, world.closed_request_contact},
        RecordType.REQUEST: {world.closed_request},
        RecordType.ERROR_CASE: {world.old_case},
        RecordType.FEEDBACK: {world.answered_feedback, world.classed_feedback},
    }


def test_a_contact_is_kept_while_its_request_is(desk: Desk, world: World) -> None:
    """Requests kept 27 months: the one answered on 10 March 2025 is still within."""
    cut = purge.Cutoffs(
        DEFAULT.contact, datetime(2025, 2, 4, tzinfo=UTC), date(2022, 5, 4), date(2025, 5, 4), PARIS
    )
    candidates = [world.old_contact, world.closed_request_contact, world.open_request_contact]
    with desk.database.reading() as session:
        assert purge.still_due(session, RecordType.CONTACT, cut, candidates) == [world.old_contact]
        assert purge.still_due(session, RecordType.REQUEST, cut, [world.closed_request]) == []


def test_the_summary_names_a_reference_and_the_oldest_day(desk: Desk, world: World) -> None:
    with desk.database.reading() as session:
        item = purge.summary(session, RecordType.REQUEST, DEFAULT, 12)
        feedback = purge.summary(session, RecordType.FEEDBACK, DEFAULT, 24)
    assert (item.count, item.oldest, item.months) == (1, date(2025, 3, 10), 12)
    assert [sample.reference for sample in item.samples] == ["2025-000002"]
    # The classed one counts from the day it was classed (the audit's), not received.
    assert [sample.on for sample in feedback.samples] == [date(2025, 1, 20), date(2025, 2, 5)]


def test_anonymising_leaves_tallies_seals_and_request_state_alone(desk: Desk, world: World) -> None:
    def tallies() -> list[list[tuple[object, ...]]]:
        with desk.database.reading() as session:
            return [
                sorted(tuple(row) for row in session.execute(select(*model.__table__.columns)))
                for model in (ContactTally, MotifTally, WaitTally, AnswerTally)
            ]

    def request_state() -> dict[str, object]:
        with desk.database.reading() as session:
            return requests.cached_columns(session.get_one(Request, world.closed_request))

    counted, state = tallies(), request_state()
    with desk.database.writing() as session:
        for kind in RecordType:
            ids = [row.id for row in purge.due_records(session, kind, DEFAULT)]
            anonymise.anonymise(session, kind, purge.still_due(session, kind, DEFAULT, ids), NOW)
    assert tallies() == counted
    assert request_state() == state
    with desk.database.writing() as session:
        request = session.get_one(Request, world.closed_request)
        requests.refresh(session, request)  # derived again from its anonymised events
        assert requests.cached_columns(request) == state
    with desk.database.reading() as session:
        assert integrity.seal_problems(session.connection()) == []
        assert purge.due_records(session, RecordType.CONTACT, DEFAULT) == []


def test_the_contacts_due_are_found_through_the_date_index(desk: Desk) -> None:
    if not desk.database.location.is_sqlite:
        pytest.skip("SQLite's query plan")
    query = purge._count_query(RecordType.CONTACT, DEFAULT)
    with desk.database.reading() as session:
        connection = session.connection()
        compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
        plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert any("ix_contact_occurred_at" in step for step in plan), plan
    assert any("ix_request_contact_id" in step for step in plan), plan
    assert not any(step.startswith("SCAN contact") for step in plan), plan


def test_a_contact_already_anonymised_is_not_due_again(desk: Desk, world: World) -> None:
    with desk.database.writing() as session:
        anonymise.anonymise(session, RecordType.CONTACT, [world.old_contact], NOW)
    with desk.database.reading() as session:
        row = session.get_one(Contact, world.old_contact)
        assert row.anonymised_at == NOW
        due = purge.still_due(session, RecordType.CONTACT, DEFAULT, [world.old_contact])
    assert due == []
