"""The backups' rotation: the newest copy of each of the last N days that have one, the
first of each of the last M months that have one; everything else named like this
database's backups goes, and nothing else in the folder is ever touched (issue 8)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spplus_desk.domain.backups import DAILY_LABEL, MANUAL_LABEL, RESTORE_LABEL
from spplus_desk.store import backup
from spplus_desk.store.backup import BackupPlan, rotation_keeps

DATABASE = Path("/srv/accueil/spplus-desk.db")


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def every_day(first: date, last: date, hour: int = 8) -> list[datetime]:
    return [at(first + timedelta(days=n), hour) for n in range((last - first).days + 1)]


def test_fourteen_days_and_the_first_of_each_month_across_a_year_end() -> None:
    stamps = every_day(date(2026, 11, 20), date(2027, 2, 10))
    kept = rotation_keeps(stamps, daily=14, monthly=12)
    days = {stamp.date() for stamp in kept}
    assert days == {
        *(date(2027, 1, 28) + timedelta(days=n) for n in range(14)),  # 28 Jan – 10 Feb
        date(2026, 11, 20),  # November's first backup: the 20th, when they began
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    }


def test_the_newest_of_a_day_and_the_first_of_a_month() -> None:
    first = date(2027, 3, 1)
    stamps = [at(first, 8), at(first, 12), at(first, 17, 45), at(date(2027, 3, 2), 9)]
    kept = rotation_keeps(stamps, daily=2, monthly=1)
    # 1 March: its newest (17:45) as a daily copy, its first (08:00) as March's.
    assert kept == {at(first, 17, 45), at(first, 8), at(date(2027, 3, 2), 9)}


def test_days_without_a_backup_do_not_count() -> None:
    """Three weeks of holidays: the copies from before them are still the last ones."""
    before = every_day(date(2027, 7, 1), date(2027, 7, 31))
    after = [at(date(2027, 8, 23))]
    kept = rotation_keeps(before + after, daily=3, monthly=0)
    assert kept == {at(date(2027, 8, 23)), at(date(2027, 7, 31)), at(date(2027, 7, 30))}


def test_only_the_last_months_are_kept_and_zero_keeps_none() -> None:
    stamps = every_day(date(2025, 1, 1), date(2027, 6, 30), hour=9)
    monthly = rotation_keeps(stamps, daily=1, monthly=12) - {at(date(2027, 6, 30), 9)}
    assert sorted(stamp.date() for stamp in monthly) == [
        date(2026 + (6 + n) // 12, (6 + n) % 12 + 1, 1)
        for n in range(12)  # Jul 2026 – Jun 2027
    ]
    assert rotation_keeps(stamps, daily=1, monthly=0) == {at(date(2027, 6, 30), 9)}


def test_leap_day_and_month_ends_are_ordinary_days() -> None:
    stamps = every_day(date(2028, 2, 27), date(2028, 3, 2))
    kept = rotation_keeps(stamps, daily=3, monthly=2)
    assert {stamp.date() for stamp in kept} == {
        date(2028, 2, 27),  # February's first
        date(2028, 2, 29),
        date(2028, 3, 1),
        date(2028, 3, 2),
    }


def test_names_in_the_service_time_zone() -> None:
    """Late evening in Réunion is already the next day in UTC's eyes: the name says the
    service's day, the one the rotation counts."""
    moment = datetime(2027, 5, 4, 21, 30, tzinfo=UTC)
    reunion = ZoneInfo("Indian/Reunion")
    assert backup.backup_name(DATABASE, DAILY_LABEL, moment, reunion) == (
        "spplus-desk-quotidienne-20270505-013000.db"
    )


def make(folder: Path, names: list[str]) -> None:
    for name in names:
        (folder / name).write_bytes(b"x" * 10)


def test_rotation_deletes_only_this_database_s_backups(tmp_path: Path) -> None:
    database = tmp_path / "spplus-desk.db"
    zone = ZoneInfo("Europe/Paris")
    stamps = every_day(date(2027, 1, 1), date(2027, 3, 31))
    ours = [
        backup.backup_name(database, DAILY_LABEL, stamp.replace(tzinfo=zone), zone)
        for stamp in stamps
    ]
    others = [
        "spplus-desk.db",  # a database that would sit in the folder
        "notes.txt",
        "spplus-desk-quotidienne-20270101-080000.db.bak",
        "spplus-desk-copie-perso-20270101-080000.db",  # not one of our labels
        "autre-quotidienne-20270101-080000.db",  # another database's backup
        "spplus-desk-quotidienne-20271399-080000.db",  # not a date
    ]
    make(tmp_path, ours + others)
    plan = BackupPlan(database, tmp_path, daily=14, monthly=12, zone=zone)
    deleted = backup.rotate(plan, today=date(2027, 3, 31))
    remaining = sorted(path.name for path in tmp_path.iterdir())
    expected_days = [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)] + [
        date(2027, 3, 18) + timedelta(days=n) for n in range(14)
    ]
    expected = [f"spplus-desk-quotidienne-{day:%Y%m%d}-080000.db" for day in expected_days]
    assert remaining == sorted(expected + others)
    assert len(deleted) == len(ours) - len(expected)
    assert backup.rotate(plan, today=date(2027, 3, 31)) == []  # nothing more to do


def test_only_daily_copies_rotate_and_stale_partial_copies_go(tmp_path: Path) -> None:
    """Copies made by hand or kept before a migration or a restore are safety copies:
    two restores in one day must not lose the database the first one replaced."""
    database = tmp_path / "mairie.sqlite"
    make(
        tmp_path,
        [
            "mairie-avant-migration-0009-20270504-083000.sqlite",
            f"mairie-{RESTORE_LABEL}-20270504-100000.sqlite",
            f"mairie-{RESTORE_LABEL}-20270504-110000.sqlite",
            f"mairie-{MANUAL_LABEL}-20270504-120000.sqlite",
            f"mairie-{DAILY_LABEL}-20270503-080000.sqlite",
            f"mairie-{DAILY_LABEL}-20270505-080000.sqlite",
            # Left by an interrupted copy yesterday, and one being written right now.
            f"mairie-{DAILY_LABEL}-20270504-080000.sqlite.0a1b2c3d.partiel",
            f"mairie-{DAILY_LABEL}-20270505-090000.sqlite.4e5f6a7b.partiel",
        ],
    )
    plan = BackupPlan(database, tmp_path, daily=1, monthly=0)
    backup.rotate(plan, today=date(2027, 5, 5))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            "mairie-avant-migration-0009-20270504-083000.sqlite",
            f"mairie-{RESTORE_LABEL}-20270504-100000.sqlite",
            f"mairie-{RESTORE_LABEL}-20270504-110000.sqlite",
            f"mairie-{MANUAL_LABEL}-20270504-120000.sqlite",
            f"mairie-{DAILY_LABEL}-20270505-080000.sqlite",
            f"mairie-{DAILY_LABEL}-20270505-090000.sqlite.4e5f6a7b.partiel",
        ]
    )
    assert not backup.has_backup_on(tmp_path, database, date(2027, 5, 3))


def test_listing_shows_the_newest_first_with_sizes(tmp_path: Path) -> None:
    database = tmp_path / "spplus-desk.db"
    (tmp_path / "spplus-desk-quotidienne-20270503-080000.db").write_bytes(b"a" * 300)
    (tmp_path / "spplus-desk-avant-migration-0009-20270504-080000.db").write_bytes(b"b" * 20)
    (tmp_path / "ailleurs.db").write_bytes(b"c")
    found = backup.list_backups(tmp_path, database)
    assert [(entry.label, entry.size) for entry in found] == [
        ("avant-migration-0009", 20),
        ("quotidienne", 300),
    ]
    assert found[0].taken == datetime(2027, 5, 4, 8, 0)
    assert backup.has_backup_on(tmp_path, database, date(2027, 5, 4))
    assert not backup.has_backup_on(tmp_path, database, date(2027, 5, 5))


def test_a_copy_is_checked_and_renamed_only_when_whole(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    connection = sqlite3.connect(source)
    with connection:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("INSERT INTO t VALUES (42)")
    connection.close()
    made = backup.backup_sqlite(source, tmp_path / "copie.db")
    copy = sqlite3.connect(made)
    assert copy.execute("SELECT x FROM t").fetchall() == [(42,)]
    copy.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copie.db", "source.db"]
    missing = tmp_path / "absent" / "copie.db"
    with pytest.raises(FileNotFoundError):  # never creates a folder a share should hold
        backup.backup_sqlite(source, missing)
    assert not missing.parent.exists()


def test_a_damaged_database_leaves_no_copy(tmp_path: Path) -> None:
    source = tmp_path / "abimee.db"
    connection = sqlite3.connect(source)
    with connection:
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    connection.close()
    data = bytearray(source.read_bytes())
    data[4096 : 4096 + 12] = b"\xff" * 12  # wreck the header of the table's first page
    source.write_bytes(bytes(data))
    with pytest.raises((OSError, sqlite3.DatabaseError)):
        backup.backup_sqlite(source, tmp_path / "copie.db")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["abimee.db"]


def test_the_plan_read_from_a_file_before_its_settings_existed(tmp_path: Path) -> None:
    old = tmp_path / "ancienne.db"
    connection = sqlite3.connect(old)
    with connection:
        connection.execute("CREATE TABLE service (id, name, time_zone)")
        connection.execute("INSERT INTO service VALUES (1, 'Mairie', 'America/Cayenne')")
    connection.close()
    plan = backup.plan_from_file(old)
    assert plan.folder == tmp_path / "sauvegardes"
    assert (plan.daily, plan.monthly) == (14, 12)
    assert plan.zone == ZoneInfo("America/Cayenne")
    garbage = tmp_path / "illisible.db"
    garbage.write_bytes(b"pas une base")
    assert backup.plan_from_file(garbage).folder == tmp_path / "sauvegardes"


def test_a_copy_kept_before_a_restore_is_not_the_days_copy(tmp_path: Path) -> None:
    database = tmp_path / "mairie.db"
    (tmp_path / f"mairie-{RESTORE_LABEL}-20270504-100000.db").write_bytes(b"x")
    assert not backup.has_backup_on(tmp_path, database, date(2027, 5, 4))
