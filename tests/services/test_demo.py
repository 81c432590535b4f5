"""Demo data: reproducible, spread over a year, every channel, requests late and overdue,
and a living right-to-error register."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.enums import Channel, ContactOutcome, RequestStatus
from spplus_desk.domain.error_case import (
    REGULARISATION_KIND_ID,
    REGULARISATION_KIND_LABEL,
    CaseOutcome,
    ErrorNature,
    Exclusion,
    Regularisation,
    checked_case,
)
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.domain.errors import UserError
from spplus_desk.services.demo import DemoReport, fill_demo
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.error_cases import error_case
from spplus_desk.services.error_register import all_register_rows, earlier_cases
from spplus_desk.services.request_board import overdue_requests
from spplus_desk.store import requests
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import AuditEntry, Contact, ErrorCase, Request, RequestEvent
from tests.support import TEST_LOGIN, FixedClock


@pytest.fixture
def demo_report(desk: Desk) -> DemoReport:
    progress: list[tuple[int, int]] = []
    report = fill_demo(
        desk,
        contacts=3000,
        seed=7,
        login=TEST_LOGIN,
        batch_size=1000,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert report.contacts == 3000
    assert progress[-1] == (3000, 3000)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    return report


@pytest.fixture
def demo_desk(desk: Desk, demo_report: DemoReport) -> Desk:
    return desk


def test_every_channel_and_outcome_appears(demo_desk: Desk) -> None:
    with demo_desk.database.reading() as session:
        channels = set(session.scalars(select(Contact.channel).distinct()))
        outcomes = set(session.scalars(select(Contact.outcome).distinct()))
        total = session.scalar(select(func.count()).select_from(Contact))
    assert total == 3000
    assert channels == {c.value for c in Channel}
    assert outcomes == {o.value for o in ContactOutcome}


def test_contacts_cover_the_last_twelve_months_on_open_days(
    demo_desk: Desk, clock: FixedClock
) -> None:
    with demo_desk.database.reading() as session:
        instants = list(session.scalars(select(Contact.occurred_at)))
    days = {i.astimezone(UTC).date() for i in instants}
    assert min(days) >= date(2026, 5, 4)
    assert max(days) < clock.now().date()  # today is left to the agents
    assert len({(d.year, d.month) for d in days}) >= 12
    assert all(d.weekday() < 5 for d in days)  # the default hours close at weekends
    assert date(2026, 12, 25) not in days
    assert date(2027, 5, 1) not in days


def test_requests_are_late_overdue_and_on_time(demo_desk: Desk, clock: FixedClock) -> None:
    today = clock.now().date()
    with demo_desk.database.reading() as session:
        requests = list(
            session.execute(
                select(
                    Request.reference,
                    Request.status,
                    Request.due_date,
                    Request.answered_at,
                    Request.received_at,
                ).where(Request.kind_id != REGULARISATION_KIND_ID)  # the cases' deadlines
            )
        )
        opened = session.scalar(
            select(func.count())
            .select_from(Contact)
            .where(Contact.outcome == ContactOutcome.REQUEST_OPENED.value)
        )
        events = session.scalars(select(func.count()).select_from(RequestEvent)).one()
    assert len(requests) == opened
    assert events >= 2 * len(requests) * 0.7
    assert len({r.reference for r in requests}) == len(requests)
    answered = [r for r in requests if r.status == RequestStatus.ANSWERED.value]
    late = [r for r in answered if r.answered_at.date() > r.due_date]
    overdue = [
        r
        for r in requests
        if r.status != RequestStatus.ANSWERED.value and r.due_date and r.due_date < today
    ]
    waiting = [r for r in requests if r.status == RequestStatus.WAITING.value]
    assert late
    assert overdue
    assert waiting
    assert len(answered) > len(late)
    assert all(r.received_at <= r.answered_at < clock.now() for r in answered)
    assert all(r.due_date > r.received_at.date() for r in requests if r.due_date)


def test_demo_requests_cache_what_their_event_log_gives(demo_desk: Desk) -> None:
    with demo_desk.database.reading() as session:
        calendar = requests.service_calendar(session)
        rows = list(session.scalars(select(Request)))
        for row in rows:
            state = requests.state_of(row, requests.events_of(session, row.id), calendar)
            before = requests.cached_columns(row)
            requests.cache(row, state)
            assert requests.cached_columns(row) == before, row.reference
        session.rollback()


def demo_rows(location: DatabaseLocation, clock: FixedClock) -> list[tuple[object, ...]]:
    desk = open_desk(location, clock=clock).desk
    try:
        fill_demo(desk, contacts=500, seed=42, login=TEST_LOGIN)
        with desk.database.reading() as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(
                        Contact.id,
                        Contact.occurred_at,
                        Contact.channel,
                        Contact.outcome,
                        Contact.person_name,
                    ).order_by(Contact.id)
                )
            ] + [
                tuple(row)  # the cases' identifiers are drawn by the service: not compared
                for row in session.execute(
                    select(
                        ErrorCase.recorded_at,
                        ErrorCase.discovered_on,
                        ErrorCase.nature,
                        ErrorCase.outcome,
                        ErrorCase.person_name,
                        ErrorCase.amount_cents,
                        ErrorCase.regularised_on,
                    ).order_by(ErrorCase.recorded_at)
                )
            ]
    finally:
        desk.close()


def test_same_seed_same_data(tmp_path_factory: pytest.TempPathFactory) -> None:
    from spplus_desk.store.location import sqlite_location

    # Same seed, same day, different hours: the same rows.
    morning = FixedClock(datetime(2027, 2, 10, 8, 0, tzinfo=UTC))
    evening = FixedClock(datetime(2027, 2, 10, 17, 45, tzinfo=UTC))
    first = demo_rows(sqlite_location(tmp_path_factory.mktemp("a") / "a.db"), morning)
    second = demo_rows(sqlite_location(tmp_path_factory.mktemp("b") / "b.db"), evening)
    assert first == second
    assert len(first) == 500 + 12  # contacts, and the smallest register


def test_nothing_is_dated_after_now(demo_desk: Desk, clock: FixedClock) -> None:
    with demo_desk.database.reading() as session:
        latest = [
            session.scalars(select(func.max(column))).one()
            for column in (
                Contact.occurred_at,
                Contact.recorded_at,
                Request.acknowledged_at,
                Request.answered_at,
                RequestEvent.at,
                ErrorCase.recorded_at,
            )
        ]
    assert all(value is not None and value < clock.now() for value in latest)


def test_a_second_run_adds_more(demo_desk: Desk) -> None:
    report = fill_demo(demo_desk, contacts=200, seed=7, login=TEST_LOGIN)
    assert report.contacts == 200
    with demo_desk.database.reading() as session:
        assert session.scalars(select(func.count()).select_from(Contact)).one() == 3200


def test_real_contacts_are_never_mixed_with_demo_ones(desk: Desk) -> None:
    from spplus_desk.store.schema import Agent

    with desk.database.writing() as session:
        agent = session.scalars(select(Agent)).one()
        session.add(
            Contact(
                occurred_at=desk.clock.now(),
                recorded_at=desk.clock.now(),
                agent_id=agent.id,
                channel="counter",
                outcome="immediate_answer",
            )
        )
    with pytest.raises(UserError, match="déjà de vrais contacts"):
        fill_demo(desk, contacts=10, login=TEST_LOGIN)


def test_contact_count_must_be_positive(desk: Desk) -> None:
    with pytest.raises(UserError, match="compris entre 1 et"):
        fill_demo(desk, contacts=0, login=TEST_LOGIN)


# --- the right-to-error register ---------------------------------------------------


def test_the_register_shows_every_outcome_and_kind_of_case(
    demo_desk: Desk, demo_report: DemoReport, clock: FixedClock
) -> None:
    rows = all_register_rows(demo_desk, RegisterFilter())
    assert len(rows) == demo_report.cases == 15  # one per 200 contacts
    assert {row.outcome for row in rows} == set(CaseOutcome)
    assert {row.regularisation for row in rows} == {*Regularisation, None}
    today = clock.now().date()
    assert all(date(2026, 5, 4) <= row.discovered_on < today for row in rows)
    assert len({row.discovered_on.month for row in rows}) >= 4  # spread over the year
    assert len({row.agent for row in rows}) >= 3
    assert len({row.procedure for row in rows}) >= 3
    assert any(row.amount_cents for row in rows)
    assert any(row.amount_cents is None for row in rows)
    named = [row.person for row in rows if row.person]
    assert len(named) > len(rows) / 2
    assert len(named) < len(rows)  # some people stay anonymous
    records = [error_case(demo_desk, row.id) for row in rows]
    natures = {record.draft.nature for record in records}
    exclusions = {e for record in records for e in record.draft.exclusions}
    assert ErrorNature.LATE_DECLARATION in natures
    assert {Exclusion.FRAUD, Exclusion.PROTECTED_INTERESTS} <= exclusions
    assert any(not record.draft.checklist_good_faith for record in records)
    [maintained] = [r for r in records if r.draft.outcome is CaseOutcome.SANCTION_MAINTAINED]
    assert maintained.draft.outcome_reason
    # Every case passes the checks of the form as it stands, and was recorded by it.
    for record in records:
        assert checked_case(record.draft, today) == record.draft
        assert record.recorded_at < clock.now()


def test_a_person_comes_back_and_it_is_a_repeat(demo_desk: Desk) -> None:
    rows = all_register_rows(demo_desk, RegisterFilter())
    records = [error_case(demo_desk, row.id) for row in rows]
    repeats = [r for r in records if not r.draft.checklist_first_time]
    assert repeats
    assert all(r.draft.outcome is CaseOutcome.NOT_ELIGIBLE for r in repeats)
    # The form shows the person's earlier case, found on their name or phone.
    assert any(
        case.discovered_on < repeat.draft.discovered_on
        for repeat in repeats
        for case in earlier_cases(demo_desk, repeat.draft.person, exclude=repeat.id)
    )


def test_invited_regularisations_are_done_awaited_and_late_on_the_board(
    demo_desk: Desk, demo_report: DemoReport
) -> None:
    rows = all_register_rows(demo_desk, RegisterFilter())
    invited = [row for row in rows if row.regularisation is Regularisation.INVITED]
    assert any(row.regularised_on for row in invited)
    assert any(row.due_date and not row.late and not row.regularised_on for row in invited)
    late = {row.follow_up_reference for row in rows if row.late}
    assert len(late) == demo_report.regularisations_late >= 2
    awaited = [row for row in rows if row.due_date and row.regularised_on is None]
    assert demo_report.regularisations_awaited == len(awaited)
    board = {
        row.reference
        for row in overdue_requests(demo_desk)
        if row.kind == REGULARISATION_KIND_LABEL
    }
    assert board == late


def test_every_case_and_its_regularisation_is_audited(demo_desk: Desk) -> None:
    with demo_desk.database.reading() as session:
        cases = session.scalars(select(func.count()).select_from(ErrorCase)).one()
        actions = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "error_case"))
        )
    assert actions.count("error_case.created") == cases
    assert "error_case.corrected" in actions  # a regularisation that came in later
