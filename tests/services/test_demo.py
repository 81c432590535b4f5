"""Demo data: reproducible, spread over a year, every channel, requests late and overdue,
a living right-to-error register, and feedback with the improvements it prompted."""

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
from spplus_desk.domain.feedback import FeedbackKind, FeedbackStatus, ImprovementStatus
from spplus_desk.domain.indicators import Period
from spplus_desk.services.demo import DemoReport, fill_demo
from spplus_desk.services.demo_feedback import feedback_count, improvement_count, kind_counts
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.error_cases import error_case
from spplus_desk.services.error_register import all_register_rows, earlier_cases
from spplus_desk.services.feedback import FeedbackFilter, feedback_entry, list_feedback
from spplus_desk.services.improvements import list_improvements
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.request_board import overdue_requests
from spplus_desk.store import requests
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import (
    AuditEntry,
    Contact,
    ErrorCase,
    Feedback,
    ImprovementAction,
    Request,
    RequestEvent,
)
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
    contacts = select(
        Contact.id, Contact.occurred_at, Contact.channel, Contact.outcome, Contact.person_name
    ).order_by(Contact.id)
    # The services draw the identifiers of cases and feedback: not compared.
    cases = select(
        ErrorCase.recorded_at,
        ErrorCase.discovered_on,
        ErrorCase.nature,
        ErrorCase.outcome,
        ErrorCase.person_name,
        ErrorCase.amount_cents,
        ErrorCase.regularised_on,
    ).order_by(ErrorCase.recorded_at)
    feedback = select(
        Feedback.recorded_at,
        Feedback.kind,
        Feedback.text,
        Feedback.person_name,
        Feedback.status,
        Feedback.replied_on,
    ).order_by(Feedback.recorded_at)
    try:
        fill_demo(desk, contacts=500, seed=42, login=TEST_LOGIN)
        rows: list[tuple[object, ...]] = []
        with desk.database.reading() as session:
            for query in (contacts, cases, feedback):
                rows += [tuple(row) for row in session.execute(query)]
        return rows
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
    assert len(first) == 500 + 12 + 15  # contacts, the smallest register and feedback


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
                Feedback.recorded_at,
                ImprovementAction.recorded_at,
            )
        ]
        last_reply = session.scalars(select(func.max(Feedback.replied_on))).one()
    assert all(value is not None and value < clock.now() for value in latest)
    assert last_reply is not None
    assert last_reply < clock.now().date()


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


# --- what users said, and what the service did -------------------------------------


def test_feedback_proportions() -> None:
    assert feedback_count(3000) == 15  # the smallest demo shows every kind and status
    assert feedback_count(60_000) == 300  # one entry per 200 contacts
    assert feedback_count(1_000_000) == 1000
    assert kind_counts(300) == {
        FeedbackKind.COMPLAINT: 150,
        FeedbackKind.SUGGESTION: 90,
        FeedbackKind.COMPLIMENT: 60,
    }
    assert sum(kind_counts(15).values()) == 15
    assert [improvement_count(n) for n in (15, 100, 175, 1000)] == [4, 4, 7, 8]


def test_feedback_of_every_kind_and_status(
    demo_desk: Desk, demo_report: DemoReport, clock: FixedClock
) -> None:
    entries = list_feedback(demo_desk, FeedbackFilter(), limit=1000)
    heard = demo_report.feedback
    assert len(entries) == heard.entries == 15
    kinds = [entry.kind for entry in entries]
    assert (heard.complaints, heard.suggestions, heard.compliments) == (8, 5, 2)
    assert kinds.count(FeedbackKind.COMPLAINT) == heard.complaints
    assert kinds.count(FeedbackKind.SUGGESTION) == heard.suggestions
    assert {entry.status for entry in entries} == set(FeedbackStatus)
    today = clock.now().date()
    complaints = [e for e in entries if e.kind is FeedbackKind.COMPLAINT]
    answered = [e for e in complaints if e.status is FeedbackStatus.ANSWERED]
    assert len(answered) > len(complaints) / 2  # most complaints are answered
    assert any(e.late(today) for e in answered)  # some of them late
    assert any(not e.late(today) for e in answered)
    waiting = [e for e in entries if e.status is FeedbackStatus.TO_ANSWER]
    assert heard.to_answer == len(waiting) >= 2
    assert heard.late == sum(1 for e in waiting if e.late(today)) >= 1
    assert any(not e.late(today) for e in waiting)  # still within its delay
    for entry in entries:
        assert entry.text
        assert entry.received_on < today
        if entry.kind is FeedbackKind.COMPLIMENT:
            assert (entry.status, entry.reply_due) == (FeedbackStatus.NO_REPLY, None)
        else:
            assert entry.reply_due is not None
            assert entry.reply_due > entry.received_on
        if entry.status is FeedbackStatus.ANSWERED:
            assert entry.reply
            assert entry.replied_on is not None
            assert entry.received_on < entry.replied_on < today
        if entry.status is FeedbackStatus.CLOSED:
            assert entry.close_reason
    assert len({entry.agent for entry in entries}) >= 3
    assert len({entry.received_on.month for entry in entries}) >= 4  # over the year
    named = [entry for entry in entries if entry.person_name]
    assert 0 < len(named) < len(entries)  # some stay anonymous


def test_improvements_name_the_feedback_that_prompted_them(
    demo_desk: Desk, demo_report: DemoReport, clock: FixedClock
) -> None:
    actions = list_improvements(demo_desk)
    assert len(actions) == demo_report.feedback.improvements == 4
    assert {action.status for action in actions} == {
        ImprovementStatus.DONE,
        ImprovementStatus.IN_PROGRESS,
        ImprovementStatus.PLANNED,
    }
    done = [action for action in actions if action.status is ImprovementStatus.DONE]
    assert demo_report.feedback.improvements_done == len(done) == 2
    said = {action.said for action in actions}
    assert "L'attente au guichet est trop longue." in said
    assert all(
        action.done_on is not None and action.done_on < clock.now().date() for action in done
    )
    assert {action.agent for action in actions} == {"Camille Martin"}  # the team lead
    for action in actions:
        assert action.feedback_ids
        for feedback_id in action.feedback_ids:
            entry = feedback_entry(demo_desk, feedback_id)
            assert entry.improvement_id == action.id
            assert entry.kind is not FeedbackKind.COMPLIMENT
            assert entry.received_on < action.recorded_on  # it came first


def test_the_demo_year_has_listening_indicators(demo_desk: Desk, clock: FixedClock) -> None:
    today = clock.now().date()
    figures = period_indicators(demo_desk, Period(date(2026, 5, 1), today)).feedback
    assert (figures.complaints, figures.suggestions, figures.compliments) == (8, 5, 2)
    assert figures.improvements_done == 2
    on_time = figures.complaints_on_time
    assert 0 < on_time.numerator < on_time.denominator  # answered in time, and late
    assert figures.satisfaction.answers > 0


def test_every_feedback_step_is_audited(demo_desk: Desk) -> None:
    with demo_desk.database.reading() as session:
        entries = session.scalars(select(func.count()).select_from(Feedback)).one()
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("feedback.created") == entries
    assert "feedback.answered" in actions
    assert "feedback.closed" in actions
    assert actions.count("improvement.created") == 4
