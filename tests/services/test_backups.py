"""Backups (issue 8): a copy at the first opening of each day and before each upgrade,
kept by a rotation an admin sets; a copy by hand; a restore that checks the file first,
keeps a copy of what it replaces and refuses anything unsound, newer or in use.

File backups are SQLite's: on PostgreSQL the same calls say, in French, that a server is
backed up by its administrator.
"""

from __future__ import annotations

import errno
import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from spplus_desk.domain.backups import SERVER_BACKUPS
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services import backups
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.backups import (
    backup_now,
    backup_settings,
    list_backups,
    update_backup_settings,
)
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.integrity import check_desk
from spplus_desk.services.restoring import restore_backup, restore_database
from spplus_desk.store import backup as store_backup
from spplus_desk.store.location import DatabaseLocation, sqlite_location
from spplus_desk.store.migrations import KNOWN_REVISIONS
from spplus_desk.store.opening import MigrationSet, open_database
from spplus_desk.store.schema import AuditEntry
from tests.store.test_schema_and_migrations import NOW, with_extra_revision
from tests.support import TEST_LOGIN, FixedClock

LEAD, AGENT = "chef.test", "agent.simple"


@pytest.fixture
def db(desk: Desk) -> Path:
    """The desk's SQLite file; skipped on PostgreSQL, whose backups are not the app's."""
    path = desk.database.location.sqlite_path
    if path is None:
        pytest.skip("file backups are SQLite's: a PostgreSQL server is backed up with pg_dump")
    return path


def folder_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_people(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Chef", agent_login=LEAD, role=Role.LEAD)
    add_agent(desk, login=TEST_LOGIN, name="Agent", agent_login=AGENT, role=Role.AGENT)


def reopen(location: DatabaseLocation, clock: FixedClock) -> tuple[str, ...]:
    report = open_desk(location, clock=clock)
    report.desk.close()
    return report.warnings


# -- the daily copy -------------------------------------------------------------------


def test_one_copy_on_the_first_opening_of_each_day(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock
) -> None:
    folder = db.parent / "sauvegardes"
    assert folder_names(folder) == []  # a database made just now: nothing to keep yet
    assert reopen(location, clock) == ()
    # 9:30 UTC is 11:30 in Paris, the service's time.
    assert folder_names(folder) == ["spplus-quotidienne-20270504-113000.db"]
    clock.advance(hours=5)
    reopen(location, clock)
    assert len(folder_names(folder)) == 1  # the same day: a listing, no copy
    clock.advance(days=1)
    reopen(location, clock)
    assert folder_names(folder)[-1] == "spplus-quotidienne-20270505-163000.db"
    copy = sqlite3.connect(folder / folder_names(folder)[-1])
    assert copy.execute("SELECT name FROM service").fetchall() == [("Mairie de Test",)]
    copy.close()


def test_the_rotation_follows_the_settings(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock
) -> None:
    settings = backup_settings(desk, login=TEST_LOGIN)
    update_backup_settings(
        desk, login=TEST_LOGIN, version=settings.version, folder="", daily=3, monthly=1
    )
    for _day in range(40):  # 4 May to 12 June
        reopen(location, clock)
        clock.advance(days=1)
    assert folder_names(db.parent / "sauvegardes") == [
        "spplus-quotidienne-20270601-113000.db",  # June's first
        "spplus-quotidienne-20270610-113000.db",
        "spplus-quotidienne-20270611-113000.db",
        "spplus-quotidienne-20270612-113000.db",
    ]


def test_a_folder_out_of_reach_warns_and_the_database_still_opens(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    settings = backup_settings(desk, login=TEST_LOGIN)
    update_backup_settings(
        desk, login=TEST_LOGIN, version=settings.version, folder=str(share), daily=14, monthly=12
    )
    share.rmdir()  # the share is not mounted today
    report = open_desk(location, clock=clock)
    try:
        [warning] = report.warnings
        assert warning.startswith(
            f"La sauvegarde automatique du jour n'a pas pu être faite dans le dossier {share} "
            "(dossier introuvable). La base est ouverte normalement"
        )
        assert find_agent(report.desk, TEST_LOGIN) is not None  # work goes on
    finally:
        report.desk.close()
    assert not share.exists()  # never created in place of the share
    assert folder_names(db.parent / "sauvegardes") == []


def test_the_copy_before_an_upgrade_goes_to_the_chosen_folder(tmp_path: Path) -> None:
    path, later = with_extra_revision(tmp_path, "op.execute('CREATE TABLE extra (x INTEGER)')")
    share = tmp_path / "partage"
    share.mkdir()
    connection = sqlite3.connect(path)
    with connection:  # as Gestion › Sauvegardes would have set it
        connection.execute(
            "INSERT INTO service (id, name, address, departement, time_zone, opening_hours, "
            "contact_points, referential, whit_monday_worked, closures, local_engagements, "
            "appointment, font_regular, font_bold, backup_folder, backup_daily, backup_monthly, "
            "retention, auto_lock_minutes, created_at, updated_at, version) VALUES ('s1', "
            "'Mairie', '', '75', 'Europe/Paris', '[]', '[]', 'sp-2023', 0, '[]', '[]', '', '', "
            f"'', '{share}', 14, 12, '{{}}', 0, '2027-01-01', '2027-01-01', 1)"
        )
    connection.close()
    opened = open_database(sqlite_location(path), now=NOW, migration_set=later)
    opened.database.close()
    assert opened.backup_path is not None
    assert opened.backup_path.parent == share
    assert opened.backup_path.name.startswith("service-avant-migration-0010-")


# -- settings and roles ---------------------------------------------------------------


def test_settings_are_saved_audited_and_checked(desk: Desk, db: Path, tmp_path: Path) -> None:
    settings = backup_settings(desk, login=TEST_LOGIN)
    assert (settings.folder, settings.daily, settings.monthly) == ("", 14, 12)
    assert settings.effective_folder == str(db.parent / "sauvegardes")
    share = tmp_path / "partage"
    share.mkdir()
    saved = update_backup_settings(
        desk, login=TEST_LOGIN, version=settings.version, folder=f"  {share} ", daily=7, monthly=0
    )
    assert (saved.folder, saved.daily, saved.monthly) == (str(share), 7, 0)
    with desk.database.reading() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "service.backup_settings")
        ).one()
    assert entry.before == {"backup_folder": "", "backup_daily": 14, "backup_monthly": 12}
    assert entry.after == {"backup_folder": str(share), "backup_daily": 7, "backup_monthly": 0}
    with pytest.raises(ConflictError):  # a form read before that save
        update_backup_settings(
            desk, login=TEST_LOGIN, version=settings.version, folder="", daily=3, monthly=3
        )
    refusals = {
        "sauvegardes": "n'est pas un chemin complet",
        str(tmp_path / "absent"): "n'existe pas ou n'est pas accessible",
    }
    for folder, expected in refusals.items():
        with pytest.raises(UserError, match=expected):
            update_backup_settings(
                desk, login=TEST_LOGIN, version=saved.version, folder=folder, daily=3, monthly=3
            )
    for daily, monthly in ((0, 12), (14, -1), (400, 12)):
        with pytest.raises(UserError, match="doit être compris entre"):
            update_backup_settings(
                desk, login=TEST_LOGIN, version=saved.version, folder="", daily=daily,
                monthly=monthly,
            )  # fmt: skip
    assert backup_settings(desk, login=TEST_LOGIN) == saved


def test_settings_and_restore_are_an_admin_s_a_copy_a_lead_s(
    desk: Desk, db: Path, tmp_path: Path
) -> None:
    add_people(desk)
    version = backup_settings(desk, login=TEST_LOGIN).version
    admin_only = "réservée au rôle administrateur"
    for login in (LEAD, AGENT):
        with pytest.raises(UserError, match=admin_only):
            backup_settings(desk, login=login)
        with pytest.raises(UserError, match=admin_only):
            update_backup_settings(
                desk, login=login, version=version, folder="", daily=1, monthly=1
            )
        with pytest.raises(UserError, match=admin_only):
            list_backups(desk, login=login)
        with pytest.raises(UserError, match=admin_only):
            restore_backup(desk, tmp_path / "x.db", login=login)
    with pytest.raises(UserError, match="réservée au rôle responsable d'équipe ou administrateur"):
        backup_now(desk, tmp_path / "copie.db", login=AGENT)
    assert not (tmp_path / "copie.db").exists()
    assert backup_now(desk, tmp_path / "copie.db", login=LEAD) == tmp_path / "copie.db"
    assert backup_settings(desk, login=TEST_LOGIN).version == version


def test_a_server_is_its_administrator_s_to_back_up(
    desk: Desk, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    if location.sqlite_path is not None:
        pytest.skip("the refusal is PostgreSQL's")
    assert reopen(location, clock) == ()  # no daily copy, no warning
    calls = (
        lambda: backup_settings(desk, login=TEST_LOGIN),
        lambda: update_backup_settings(
            desk, login=TEST_LOGIN, version=1, folder="", daily=1, monthly=1
        ),
        lambda: list_backups(desk, login=TEST_LOGIN),
        lambda: backup_now(desk, tmp_path / "copie.db", login=TEST_LOGIN),
        lambda: restore_backup(desk, tmp_path / "copie.db", login=TEST_LOGIN),
    )
    for call in calls:
        with pytest.raises(UserError) as caught:
            call()
        assert caught.value.message == SERVER_BACKUPS
        assert "pg_dump" in caught.value.message


# -- copies by hand -----------------------------------------------------------------


def test_a_copy_by_hand_is_whole_and_never_over_the_database(
    desk: Desk, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "copies"
    out.mkdir()
    made = backup_now(desk, out / "copie.db", login=TEST_LOGIN)
    copy = sqlite3.connect(made)
    assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
    copy.close()
    for target in (db, Path(f"{db}-wal"), db.parent / ".." / db.parent.name / db.name):
        with pytest.raises(UserError, match="est la base de données elle-même"):
            backup_now(desk, target, login=TEST_LOGIN)
    with pytest.raises(UserError, match="n'existe pas"):
        backup_now(desk, tmp_path / "absent" / "copie.db", login=TEST_LOGIN)
    with pytest.raises(UserError, match="est un dossier"):
        backup_now(desk, out, login=TEST_LOGIN)

    def full_disk(_source: Path, destination: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(destination))

    monkeypatch.setattr(store_backup, "backup_sqlite", full_disk)
    with pytest.raises(UserError, match=r"Le disque est plein : la sauvegarde « plein\.db »"):
        backup_now(desk, out / "plein.db", login=TEST_LOGIN)
    assert folder_names(out) == ["copie.db"]


def test_the_listing_shows_the_folder_s_backups(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock
) -> None:
    assert list_backups(desk, login=TEST_LOGIN).backups == ()  # no folder yet: no problem
    reopen(location, clock)
    listing = list_backups(desk, login=TEST_LOGIN)
    assert listing.problem is None
    [entry] = listing.backups
    assert entry.label == "quotidienne"
    assert entry.size == entry.path.stat().st_size > 0
    assert backups.suggested_backup(desk).name == "spplus-manuelle-20270504-113000.db"


# -- restoring ------------------------------------------------------------------------


def test_a_restore_keeps_a_copy_and_reopens_the_backup(
    desk: Desk, db: Path, clock: FixedClock, tmp_path: Path
) -> None:
    copy = backup_now(desk, tmp_path / "hier.db", login=TEST_LOGIN)
    add_agent(desk, login=TEST_LOGIN, name="Zoé Après", agent_login="zoe", role=Role.AGENT)
    clock.advance(hours=1)
    outcome = restore_backup(desk, copy, login=TEST_LOGIN)
    restored = outcome.report.desk
    try:
        assert find_agent(restored, "zoe") is None  # saved after the backup: gone
        assert find_agent(restored, TEST_LOGIN) is not None
        assert outcome.kept is not None
        assert outcome.kept.parent == db.parent / "sauvegardes"
        assert outcome.kept.name == "spplus-avant-restauration-20270504-123000.db"
        kept = sqlite3.connect(outcome.kept)
        assert ("zoe",) in kept.execute("SELECT login FROM agent").fetchall()
        kept.close()
        with restored.database.reading() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "database.restored")
            ).one()
        assert entry.after == {
            "source": str(copy),
            "kept": str(outcome.kept),
            "login": TEST_LOGIN,
            "forced": False,
        }
        admin = find_agent(restored, TEST_LOGIN)
        assert admin is not None
        assert entry.actor_id == admin.id  # the audit names who restored
        assert check_desk(restored).sound
    finally:
        restored.close()
    assert not Path(f"{db}.restauration").exists()
    assert not (db.parent / f".{db.name}.restauration").exists()
    # The backup was only read: no -wal nor -shm left beside it.
    assert [name for name in folder_names(copy.parent) if name.startswith("hier.db")] == ["hier.db"]


def bad_backups(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Files that must never replace a database, and what the refusal says."""
    data = good.read_bytes()
    files: dict[str, tuple[bytes, str]] = {
        "vide": (b"", "est vide :"),
        "hasard": (bytes(range(256)) * 40, r"n'est pas une sauvegarde SP\+ Desk"),
        "tronquee": (data[: len(data) // 2], "(est endommagé|n'a pas passé la vérification)"),
    }
    made = {}
    for name, (content, expected) in files.items():
        path = folder / f"{name}.db"
        path.write_bytes(content)
        made[name] = (path, expected)
    newer = folder / "future.db"
    newer.write_bytes(data)
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    made["future"] = (newer, r"version plus récente de SP\+ Desk")
    damaged = bytearray(data)
    damaged[4096 : 4096 + 12] = b"\xff" * 12  # a table's first page
    (folder / "abimee.db").write_bytes(bytes(damaged))
    made["abimee"] = (folder / "abimee.db", "(est endommagé|n'a pas passé la vérification)")
    plain = folder / "autre.db"
    other = sqlite3.connect(plain)
    with other:
        other.execute("CREATE TABLE notes (x)")
    other.close()
    made["autre"] = (plain, r"n'a pas été créée par SP\+ Desk")
    return made


def test_a_restore_refuses_an_unsound_newer_or_foreign_file(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    good = backup_now(desk, tmp_path / "bonne.db", login=TEST_LOGIN)
    desk.close()
    before = digest(db)
    for name, (path, expected) in bad_backups(good, tmp_path).items():
        with pytest.raises(UserError) as caught:
            restore_database(location, path, login=TEST_LOGIN, clock=clock)
        assert re.search(expected, caught.value.message), name
        assert "Traceback" not in caught.value.message
        assert digest(db) == before, name
    assert folder_names(db.parent / "sauvegardes") == []  # no copy: nothing was replaced
    with pytest.raises(UserError, match="n'existe pas"):
        restore_database(location, tmp_path / "absente.db", login=TEST_LOGIN, clock=clock)
    with pytest.raises(UserError, match="la base de données elle-même"):
        restore_database(location, db, login=TEST_LOGIN, clock=clock)


def test_a_restore_is_refused_while_another_program_has_the_database_open(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    good = backup_now(desk, tmp_path / "bonne.db", login=TEST_LOGIN)
    other = open_desk(location, clock=clock).desk  # SP+ Desk open on another window
    try:
        assert find_agent(other, TEST_LOGIN) is not None
        with pytest.raises(UserError, match="ouverte par un autre programme"):
            restore_backup(desk, good, login=TEST_LOGIN)
    finally:
        other.close()
    assert find_agent(desk, TEST_LOGIN) is not None  # the refused desk still works
    outcome = restore_backup(desk, good, login=TEST_LOGIN)  # once the other one is closed
    outcome.report.desk.close()


def test_a_damaged_database_is_kept_byte_for_byte_before_a_restore(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    good = backup_now(desk, tmp_path / "bonne.db", login=TEST_LOGIN)
    desk.close()
    damaged = bytearray(db.read_bytes())
    damaged[4096 : 4096 + 12] = b"\xff" * 12
    db.write_bytes(bytes(damaged))
    Path(f"{db}-wal").unlink(missing_ok=True)
    outcome = restore_database(location, good, login=TEST_LOGIN, clock=clock, force=True)
    try:
        assert outcome.kept is not None
        assert outcome.kept.read_bytes() == bytes(damaged)
        assert find_agent(outcome.report.desk, TEST_LOGIN) is not None
    finally:
        outcome.report.desk.close()


def test_an_older_backup_is_restored_then_upgraded_after_its_own_copy(
    tmp_path: Path, clock: FixedClock
) -> None:
    old = tmp_path / "ancienne.db"
    first = MigrationSet(head="0009", known=KNOWN_REVISIONS[:9])
    open_database(sqlite_location(old), now=clock.now(), migration_set=first).database.close()
    target = tmp_path / "base" / "spplus.db"
    target.parent.mkdir()
    with pytest.raises(UserError, match=r"n'existe pas .* relancez avec --force"):
        restore_database(sqlite_location(target), old, login=TEST_LOGIN, clock=clock)
    assert folder_names(target.parent) == []
    outcome = restore_database(
        sqlite_location(target), old, login=TEST_LOGIN, clock=clock, force=True
    )
    try:
        assert outcome.kept is None  # there was no database to replace
        assert outcome.report.previous_revision == "0009"
        assert outcome.report.backup_path is not None
        assert outcome.report.backup_path.name.startswith("spplus-avant-migration-0009-")
    finally:
        outcome.report.desk.close()


# -- the command line's restore and copy: the same roles, asked in the file -----------


def test_the_file_s_own_agents_decide_who_copies_and_restores_it(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    add_people(desk)
    good = backup_now(desk, tmp_path / "bonne.db", login=TEST_LOGIN)
    desk.close()
    before = digest(db)
    for login in ("bob", AGENT, LEAD):
        with pytest.raises(UserError) as caught:
            restore_database(location, good, login=login, clock=clock)
        assert re.search(
            "(n'est pas enregistré|réservée au rôle administrateur)", caught.value.message
        )
        assert digest(db) == before  # refused before any copy
        assert folder_names(db.parent / "sauvegardes") == []
    for login in ("bob", AGENT):
        with pytest.raises(UserError):
            backups.backup_to_file(location, tmp_path / "copie.db", login=login)
    assert not (tmp_path / "copie.db").exists()
    assert backups.backup_to_file(location, tmp_path / "copie.db", login=LEAD).exists()
    assert digest(db) == before


def test_only_force_replaces_a_database_too_damaged_to_ask(
    desk: Desk, db: Path, location: DatabaseLocation, clock: FixedClock, tmp_path: Path
) -> None:
    good = backup_now(desk, tmp_path / "bonne.db", login=TEST_LOGIN)
    desk.close()
    Path(f"{db}-wal").unlink(missing_ok=True)
    db.write_bytes(b"\x00" * 8192)  # no agent left to ask
    with pytest.raises(UserError, match=r"est illisible .* relancez avec --force"):
        restore_database(location, good, login="bob", clock=clock)
    assert db.read_bytes() == b"\x00" * 8192
    assert folder_names(db.parent / "sauvegardes") == []
    outcome = restore_database(location, good, login="bob", clock=clock, force=True)
    restored = outcome.report.desk
    try:
        assert find_agent(restored, TEST_LOGIN) is not None
        with restored.database.reading() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "database.restored")
            ).one()
        assert entry.actor_id is None  # nobody of that name in the backup
        assert entry.after is not None
        assert (entry.after["login"], entry.after["forced"]) == ("bob", True)
    finally:
        restored.close()
