"""The retention purge as an administrator runs it: see what is due, export it, then
anonymise it — the statistics unchanged, the audit trail forgetting the names, nothing
the person did not see, and nobody but an administrator (issue 8)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from spplus_desk.domain.enums import RequestEventType, Role
from spplus_desk.domain.error_register import RegisterFilter, RegisterRow
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.indicators import Period
from spplus_desk.domain.journal import JournalFilter
from spplus_desk.domain.purge import ANONYMISED, plan_lines
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import register_rows
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.integrity import check_desk
from spplus_desk.services.journal import count_contacts
from spplus_desk.services.purge import (
    ACTION,
    BATCH_ACTION,
    CHANGED_DURATIONS,
    plan_purge,
    run_purge,
)
from spplus_desk.services.retention import get_retention, update_retention
from spplus_desk.store import integrity
from spplus_desk.store.schema import (
    AuditEntry,
    Contact,
    ErrorCase,
    Feedback,
    Request,
    RequestEvent,
)
from tests.services.purge_world import (
    NOW,
    OLD_NAME,
    WAITING_REASON,
    World,
    act,
    build_world,
    contact,
    paris,
    trail_mentions,
)
from tests.services.test_requests import add
from tests.support import TEST_LOGIN, FixedClock

DUE = {
    RecordType.CONTACT: 2,
    RecordType.REQUEST: 1,
    RecordType.ERROR_CASE: 1,
    RecordType.FEEDBACK: 2,
}


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    return build_world(desk, clock)


def contact_row(desk: Desk, contact_id: object) -> Contact:
    with desk.database.reading() as session:
        row = session.get_one(Contact, contact_id)
        session.expunge(row)
        return row


def purge_entries(desk: Desk) -> list[AuditEntry]:
    with desk.database.reading() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION)))
        session.expunge_all()
        return rows


def test_the_plan_counts_what_is_due_per_record_type_and_names_nobody(
    desk: Desk, world: World
) -> None:
    plan = plan_purge(desk)
    assert plan.at == NOW
    assert plan.counts() == DUE
    assert plan.months() == {
        RecordType.CONTACT: 12,
        RecordType.REQUEST: 12,
        RecordType.ERROR_CASE: 60,
        RecordType.FEEDBACK: 24,
    }
    oldest = {item.record_type: item.oldest for item in plan.items}
    assert oldest == {
        RecordType.CONTACT: date(2025, 3, 3),
        RecordType.REQUEST: date(2025, 3, 10),  # counted from its closing
        RecordType.ERROR_CASE: date(2021, 6, 1),
        RecordType.FEEDBACK: date(2025, 1, 20),  # answered then
    }
    [request] = next(i for i in plan.items if i.record_type is RecordType.REQUEST).samples
    assert request.reference == "2025-000002"
    text = "\n".join(plan_lines(plan))
    assert "2 contacts à anonymiser" in text
    assert "à compter de la clôture de la demande" in text
    assert "  par exemple : 2025-000002" in plan_lines(plan, examples=True)
    for name in (OLD_NAME, "Denise", "Gaston", "Karine"):
        assert name not in repr(plan)


def test_a_dry_run_writes_nothing(desk: Desk, world: World) -> None:
    with desk.database.reading() as session:
        trail = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    before = contact_row(desk, world.old_contact)
    plan_purge(desk)
    with desk.database.reading() as session:
        assert session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) == (
            trail
        )
    after = contact_row(desk, world.old_contact)
    assert (after.person_name, after.version) == (before.person_name, before.version)


def test_the_purge_anonymises_what_is_due_and_keeps_the_statistics(
    desk: Desk, world: World, tmp_path: Path
) -> None:
    periods = [Period(date(2021, 1, 1), date(2022, 12, 31)), Period(date(2024, 1, 1), NOW.date())]
    figures = [period_indicators(desk, period) for period in periods]
    assert figures[1].contacts.by_channel  # there is something to compare
    register = register_rows(desk, _all_cases())
    result = run_purge(desk, login=TEST_LOGIN, plan=plan_purge(desk), batch=1)
    assert result.counts == DUE
    assert result.notes == ()
    # Each batch left its own entry, committed with it: a purge cut short is explained.
    with desk.database.reading() as session:
        batches = session.execute(
            select(AuditEntry.entity_type, AuditEntry.after).where(
                AuditEntry.action == BATCH_ACTION
            )
        ).all()
    assert len(batches) == sum(DUE.values())
    assert {kind: sum(a["count"] for t, a in batches if t == kind.value) for kind in DUE} == DUE
    assert [period_indicators(desk, period) for period in periods] == figures
    assert [_statistics(row) for row in register_rows(desk, _all_cases())] == [
        _statistics(row) for row in register
    ]

    old = contact_row(desk, world.old_contact)
    assert (old.person_name, old.person_phone, old.person_email) == (None, None, None)
    assert (old.notes, old.satisfaction_comment, old.satisfaction) == ("", None, "satisfied")
    assert old.anonymised_at == NOW
    assert old.version == 2  # a form opened before the purge cannot write the name back
    assert contact_row(desk, world.closed_request_contact).person_name is None
    for kept, name in (
        (world.open_request_contact, "Paul Ouvert"),
        (world.recent_request_contact, "Emile Recent"),
        (world.new_contact, "Fanny Nouvelle"),
    ):
        assert contact_row(desk, kept).person_name == name
    assert contact_row(desk, world.anonymous).anonymised_at is None  # nothing to remove

    with desk.database.reading() as session:
        reasons = session.scalars(
            select(RequestEvent.reason).where(
                RequestEvent.request_id == world.closed_request, RequestEvent.reason.is_not(None)
            )
        ).all()
        assert reasons == [ANONYMISED]
        assert session.get_one(Request, world.closed_request).status == "answered"
        old_case = session.get_one(ErrorCase, world.old_case)
        assert (old_case.person_name, old_case.person_key, old_case.notes) == (None, None, "")
        assert old_case.search_key.strip() == ""
        assert old_case.anonymised_at == NOW
        assert session.get_one(ErrorCase, world.new_case).person_name == "Gaston Recent"
        answered = session.get_one(Feedback, world.answered_feedback)
        assert (answered.person_name, answered.text, answered.reply) == ("", ANONYMISED, ANONYMISED)
        assert "karine" not in answered.search_key
        classed = session.get_one(Feedback, world.classed_feedback)
        assert classed.close_reason == ANONYMISED
        assert session.get_one(Feedback, world.recent_feedback).person_name == "Marc Merci"
        # Rows changed through the app: their seals still match their values.
        assert integrity.seal_problems(session.connection()) == []

    # The journal's search no longer finds the person; the contact itself is still there.
    journal = JournalFilter(date(2025, 3, 1), date(2025, 3, 31))
    assert count_contacts(desk, replace(journal, text="Archive")) == 0
    assert count_contacts(desk, replace(journal, text="Paul Ouvert")) == 1
    assert count_contacts(desk, journal) == 5
    # Nothing left to do: a second purge finds nothing.
    assert plan_purge(desk).total == 0
    if desk.database.location.is_sqlite:  # nor do the full-text index's old segments
        with desk.database.reading() as session:
            segments = session.execute(sql("SELECT block FROM contact_fts_data")).scalars()
            assert not any(b"archive" in bytes(block or b"") for block in segments)


def test_the_audit_trail_forgets_the_names_and_records_the_run(desk: Desk, world: World) -> None:
    for text in (OLD_NAME, "Closeau", "Gaston Ancien", "Karine Plainte", "Doublon de Luc"):
        assert trail_mentions(desk, text), text  # the trail held them
    run_purge(desk, login=TEST_LOGIN, plan=plan_purge(desk))
    for text in (OLD_NAME, "Closeau", "Gaston Ancien", "Karine Plainte", "Doublon de Luc"):
        assert trail_mentions(desk, text) == 0, text
    assert trail_mentions(desk, "Fanny Nouvelle")  # not due: kept
    assert trail_mentions(desk, "Paul Ouvert")
    [entry] = purge_entries(desk)
    assert entry.after["counts"] == {kind.value: n for kind, n in DUE.items()}
    assert entry.after["months"] == {"contact": 12, "request": 12, "error_case": 60, "feedback": 24}
    assert entry.after["before"]["contact"] == "2026-05-04T09:30:00+00:00"
    assert entry.after["export"] is None
    assert entry.after["interrupted"] is False
    assert entry.entity_type == "service"


def test_the_whole_desk_checks_sound_after_a_purge(desk: Desk, world: World) -> None:
    run_purge(desk, login=TEST_LOGIN, plan=plan_purge(desk))
    report = check_desk(desk)
    assert report.sound, report.problems


def test_the_export_holds_everything_about_to_go(desk: Desk, world: World, tmp_path: Path) -> None:
    path = tmp_path / "avant-anonymisation.json"
    result = run_purge(desk, login=TEST_LOGIN, plan=plan_purge(desk), export_path=path)
    assert result.export_path == path
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["service"] == "Mairie de Test"
    records = {(r["type"], r["id"]): r for r in document["records"]}
    assert len(records) == sum(DUE.values())
    old = records[("contact", str(world.old_contact))]
    assert old["personal"]["person_name"] == OLD_NAME
    assert old["personal"]["satisfaction_comment"] == "Merci a Helene Archive"
    assert old["date"].startswith("2025-03-03")
    request = records[("request", str(world.closed_request))]
    assert request["reference"] == "2025-000002"
    assert request["personal"]["reasons"][0]["reason"] == WAITING_REASON
    assert records[("error_case", str(world.old_case))]["personal"]["person_name"] == (
        "Gaston Ancien"
    )
    assert records[("feedback", str(world.answered_feedback))]["personal"]["reply"].startswith(
        "Madame Plainte"
    )
    [entry] = purge_entries(desk)
    assert entry.after["export"] == str(path)


def test_an_export_that_cannot_be_written_stops_the_purge(
    desk: Desk, world: World, tmp_path: Path
) -> None:
    missing = tmp_path / "absent" / "export.json"
    with pytest.raises(UserError, match="n'existe pas"):
        run_purge(desk, login=TEST_LOGIN, plan=plan_purge(desk), export_path=missing)
    assert contact_row(desk, world.old_contact).person_name == OLD_NAME
    assert purge_entries(desk) == []


def test_only_an_administrator_purges(desk: Desk, world: World) -> None:
    add(desk, "Lina Lead", "lina", Role.LEAD)
    add(desk, "Ali Agent", "ali")
    plan = plan_purge(desk)  # anyone may see the counts: no person is named
    for login in ("lina", "ali", "inconnu"):
        with pytest.raises(UserError):
            run_purge(desk, login=login, plan=plan)
    assert contact_row(desk, world.old_contact).person_name == OLD_NAME
    assert purge_entries(desk) == []


def test_a_request_reopened_since_the_plan_keeps_its_person(desk: Desk, world: World) -> None:
    plan = plan_purge(desk)
    act(desk, world.closed_request, RequestEventType.REOPENED)
    result = run_purge(desk, login=TEST_LOGIN, plan=plan)
    assert result.counts[RecordType.REQUEST] == 0
    assert result.counts[RecordType.CONTACT] == 1  # the other one
    assert contact_row(desk, world.closed_request_contact).person_name == "Denise Closeau"
    assert [note.split(" de moins")[0] for note in result.notes] == [
        "Écart avec l'aperçu : 1 contact",  # the request's, kept with it
        "Écart avec l'aperçu : 1 demande",
    ]


def test_more_due_than_the_plan_showed_is_refused(
    desk: Desk, world: World, clock: FixedClock
) -> None:
    plan = plan_purge(desk)
    clock.at = paris(date(2025, 4, 1))  # a contact logged late, dated long ago
    contact(desk, "Olga Tardive")
    clock.at = NOW
    with pytest.raises(UserError, match="plus de données"):
        run_purge(desk, login=TEST_LOGIN, plan=plan)
    assert contact_row(desk, world.old_contact).person_name == OLD_NAME


def test_durations_changed_since_the_plan_are_refused(desk: Desk, world: World) -> None:
    plan = plan_purge(desk)
    settings = get_retention(desk)
    update_retention(
        desk, login=TEST_LOGIN, version=settings.version, months={RecordType.CONTACT: 36}
    )
    with pytest.raises(UserError) as refused:
        run_purge(desk, login=TEST_LOGIN, plan=plan)
    assert refused.value.message == CHANGED_DURATIONS
    # Three years for contacts: none of them is old enough any more.
    assert plan_purge(desk).counts()[RecordType.CONTACT] == 0


def test_an_identity_is_kept_while_its_request_is_kept(desk: Desk, world: World) -> None:
    """Requests kept 24 months after closing: the contact of the request answered in
    March 2025 keeps its person though contacts are kept 12 months."""
    settings = get_retention(desk)
    update_retention(
        desk, login=TEST_LOGIN, version=settings.version, months={RecordType.REQUEST: 27}
    )
    plan = plan_purge(desk)
    assert plan.counts()[RecordType.REQUEST] == 0
    assert plan.counts()[RecordType.CONTACT] == 1
    run_purge(desk, login=TEST_LOGIN, plan=plan)
    assert contact_row(desk, world.closed_request_contact).person_name == "Denise Closeau"


def test_nothing_due_writes_no_entry(desk: Desk) -> None:
    plan = plan_purge(desk)
    assert plan.total == 0
    result = run_purge(desk, login=TEST_LOGIN, plan=plan)
    assert result.total == 0
    assert purge_entries(desk) == []


def _all_cases() -> RegisterFilter:
    return RegisterFilter(include_cancelled=True)


def _statistics(row: RegisterRow) -> tuple[object, ...]:
    """What the register counts: the case's nature, procedure, outcome, dates, amount."""
    return (
        row.id,
        row.discovered_on,
        row.procedure,
        row.nature,
        row.channel,
        row.eligible,
        row.outcome,
        row.regularised_on,
        row.amount_cents,
        row.cancelled,
    )
