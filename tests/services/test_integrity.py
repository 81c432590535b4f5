"""``check`` (issue 8): a sound database passes; every kind of edit made behind the
app's back — a row, a request's cached state, the audit trail — is found and described."""

from __future__ import annotations

import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.integrity import check_desk, check_file
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.services.service_calendar import add_closure
from spplus_desk.store import audit
from spplus_desk.store.schema import AuditEntry
from tests.support import TEST_LOGIN, FixedClock


def log(desk: Desk, person: str = "Jeanne Martin", *, request: bool = True) -> uuid.UUID:
    """A contact (opening a request when asked); the request's id, else the contact's."""
    kind = list_request_kinds(desk)[0]
    draft = ContactDraft(
        channel=Channel.COUNTER,
        outcome=ContactOutcome.REQUEST_OPENED if request else ContactOutcome.IMMEDIATE_ANSWER,
        request_kind_id=kind.id if request else None,
        person_name=person,
        person_phone="06 12 34 56 78",
        notes="Dossier de carte grise",
    )
    record = log_contact(desk, login=TEST_LOGIN, draft=draft)
    if record.request_reference is None:
        return record.id
    return find_request(desk, record.request_reference)


def execute(desk: Desk, *statements: str) -> None:
    with desk.database.writing() as session:
        for statement in statements:
            session.execute(text(statement))


def allow_audit_edits(desk: Desk) -> str:
    """What an intruder does first: lift the trail's append-only guard."""
    if desk.database.location.sqlite_path is not None:
        return "DROP TRIGGER audit_entry_no_update"
    return "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"


def busy_day(desk: Desk, clock: FixedClock) -> uuid.UUID:
    """Contacts, a request answered: what a morning at the counter leaves."""
    log(desk, "Paul Roux", request=False)
    request_id = log(desk)
    clock.advance(hours=2)
    act_on_request(desk, login=TEST_LOGIN, request_id=request_id, action=RequestEventType.ANSWERED)
    return request_id


def test_a_database_used_through_the_app_is_sound(desk: Desk, clock: FixedClock) -> None:
    busy_day(desk, clock)
    report = check_desk(desk)
    assert report.problems == ()
    assert report.sound
    assert report.figures.audit_entries >= 4
    assert report.figures.sealed_rows["contact"] == 2
    assert report.figures.requests == 1
    assert "vérifiées" in report.summary()


def test_a_contact_edited_behind_the_apps_back_is_found(desk: Desk, clock: FixedClock) -> None:
    contact_id = log(desk, request=False)
    execute(desk, "UPDATE contact SET person_name = 'Quelqu''un d''autre'")
    [problem] = check_desk(desk).problems
    assert problem.startswith("1 contact a été modifié ou ajouté hors de l'application")
    assert str(contact_id) in problem


def test_a_row_added_behind_the_apps_back_is_found(desk: Desk) -> None:
    with desk.database.reading() as session:
        dialect = session.connection().dialect.name
    key = uuid.uuid4().hex if dialect == "sqlite" else str(uuid.uuid4())
    execute(
        desk,
        "INSERT INTO agent (id, name, login, role, active, created_at, version) VALUES "
        f"('{key}', 'Intrus', 'intrus', 'admin', true, '2027-01-01 00:00:00', 1)",
    )
    [problem] = check_desk(desk).problems
    assert problem.startswith("1 agent a été modifié ou ajouté hors de l'application")


def test_a_request_whose_status_was_edited_is_named_by_its_reference(
    desk: Desk, clock: FixedClock
) -> None:
    log(desk)  # still open
    execute(desk, "UPDATE request SET status = 'answered'")
    [problem] = check_desk(desk).problems
    assert "1 demande ne correspond plus à son historique" in problem
    assert "(statut" in problem
    with desk.database.reading() as session:
        reference = session.execute(text("SELECT reference FROM request")).scalar_one()
    assert reference in problem


def test_a_changed_calendar_does_not_accuse_requests_closed_before(
    desk: Desk, clock: FixedClock
) -> None:
    busy_day(desk, clock)  # answered on Tuesday 4 May 2027, due within 5 working days
    add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 7), label="Pont")
    assert check_desk(desk).sound


def test_an_edited_audit_entry_breaks_the_chain(desk: Desk, clock: FixedClock) -> None:
    busy_day(desk, clock)
    execute(desk, allow_audit_edits(desk), "UPDATE audit_entry SET action = 'x' WHERE seq = 2")
    problems = check_desk(desk).problems
    assert any("l'entrée n° 2" in p and "modifiée" in p for p in problems)


def test_a_deleted_audit_entry_is_missing_from_the_chain(desk: Desk, clock: FixedClock) -> None:
    busy_day(desk, clock)
    guard = (
        "DROP TRIGGER audit_entry_no_delete"
        if desk.database.location.sqlite_path is not None
        else allow_audit_edits(desk)
    )
    execute(
        desk,
        guard,
        "DELETE FROM audit_personal WHERE seq = (SELECT max(seq) FROM audit_entry)",
        "DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry)",
    )
    problems = check_desk(desk).problems
    assert any("sa tête ne désigne pas sa dernière entrée" in p for p in problems)


def test_edited_personal_values_of_the_trail_are_found(desk: Desk, clock: FixedClock) -> None:
    log(desk, request=False)
    execute(desk, 'UPDATE audit_personal SET "values" = \'{"after": {}}\'')
    [problem] = check_desk(desk).problems
    assert "données personnelles de l'entrée" in problem


def test_personal_values_erased_by_the_purge_leave_the_chain_sound(
    desk: Desk, clock: FixedClock
) -> None:
    contact_id = log(desk, request=False)
    with desk.database.writing() as session:
        assert audit.forget_personal(session, [contact_id]) == 1
        [entry] = audit.read_trail(session, AuditEntry.entity_id == str(contact_id))
    assert "person_name" not in entry.after  # the name is gone from the trail
    assert entry.after["channel"] == Channel.COUNTER.value  # the statistics stay
    report = check_desk(desk)
    assert report.sound
    assert report.figures.personal_erased == 1


def test_a_backup_file_is_checked_without_being_touched(
    desk: Desk, clock: FixedClock, tmp_path: Path
) -> None:
    path = desk.database.location.sqlite_path
    if path is None:
        pytest.skip("a file check is for SQLite files")
    busy_day(desk, clock)
    desk.close()
    copy = tmp_path / "copie.db"
    shutil.copyfile(path, copy)
    before = copy.read_bytes()
    assert check_file(copy).sound
    assert copy.read_bytes() == before
    copy.write_bytes(before[: len(before) // 2])
    report = check_file(copy)
    assert not report.sound
    assert str(copy) in report.problems[0]


def test_a_statistics_roll_up_edited_is_found(desk: Desk, clock: FixedClock) -> None:
    busy_day(desk, clock)
    execute(desk, "UPDATE contact_tally SET contacts = contacts + 10")
    [problem] = check_desk(desk).problems
    assert problem.startswith(
        "Les cumuls statistiques (contacts par canal et par suite donnée) ne correspondent"
    )


def test_the_journals_search_index_is_checked(desk: Desk, clock: FixedClock) -> None:
    log(desk, request=False)
    if desk.database.location.sqlite_path is None:
        execute(desk, "DROP INDEX ix_contact_fulltext")
    else:
        execute(desk, "UPDATE contact_fts SET person_name = 'Autre nom'")
    [problem] = check_desk(desk).problems
    assert problem.startswith("L'index de recherche du journal")


def test_undone_and_reopened_work_leaves_the_database_sound(desk: Desk, clock: FixedClock) -> None:
    from spplus_desk.services.contacts import undo_last_contact

    request_id = busy_day(desk, clock)
    act_on_request(desk, login=TEST_LOGIN, request_id=request_id, action=RequestEventType.REOPENED)
    log(desk, "Zoé Marchand", request=False)
    undo_last_contact(desk, login=TEST_LOGIN)  # its roll-up rows go back to zero
    assert check_desk(desk).problems == ()


def test_a_contact_deleted_behind_the_apps_back_is_found(desk: Desk) -> None:
    contact_id = log(desk, request=False)
    on_sqlite = desk.database.location.sqlite_path is not None
    search = ["DELETE FROM contact_fts", "DELETE FROM contact_search_key"] if on_sqlite else []
    execute(desk, *search, "DELETE FROM contact")
    problems = check_desk(desk).problems
    assert any(
        p.startswith("1 contact enregistré(s) puis supprimé(s)") and str(contact_id) in p
        for p in problems
    )


def test_a_request_deleted_behind_the_apps_back_is_found(desk: Desk, clock: FixedClock) -> None:
    log(desk)
    execute(desk, "DELETE FROM request_event", "DELETE FROM request")
    problems = check_desk(desk).problems
    [problem] = problems
    assert problem.startswith("Demandes de 2027 : 1 numéro donné, 0 demande présente")


def test_a_value_typed_by_hand_is_reported_not_a_crash(desk: Desk) -> None:
    if desk.database.location.sqlite_path is None:
        pytest.skip("PostgreSQL refuses a badly typed value itself")
    log(desk, request=False)
    execute(desk, "UPDATE contact SET occurred_at = 'hier'")
    problems = check_desk(desk).problems
    assert any("une valeur écrite hors de l'application est illisible" in p for p in problems)
