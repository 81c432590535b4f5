"""A SQLite file is checked before it is touched; bad files are refused and left intact."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from spplus_desk.domain.errors import UserError
from spplus_desk.store.database import Database
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.opening import open_database

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(path: Path) -> str:
    before = digest(path)
    files_before = sorted(path.parent.iterdir())
    with pytest.raises(UserError) as caught:
        open_database(sqlite_location(path), now=NOW)
    assert digest(path) == before, "a refused file must be left byte for byte unchanged"
    assert sorted(path.parent.iterdir()) == files_before
    return caught.value.message


def test_new_file_gets_wal_foreign_keys_full_sync_and_busy_timeout(tmp_path: Path) -> None:
    opened = open_database(sqlite_location(tmp_path / "new.db"), now=NOW)
    try:
        assert opened.created
        with opened.database.engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 2,
            "busy_timeout": 10_000,
        }
    finally:
        opened.database.close()


def test_text_file_is_refused_as_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("ceci n'est pas une base\n", encoding="utf-8")
    assert "n'est pas une base de données SP+ Desk" in refused(path)


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(bytes(range(256)) * 64)
    assert "pas un fichier SQLite" in refused(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert "vide" in refused(path)


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    opened = open_database(sqlite_location(path), now=NOW)
    opened.database.close()
    data = bytearray(path.read_bytes())
    # Keep the header, wreck the schema page that follows it.
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    assert "endommagée" in refused(path)


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.close()
    assert "pas été créée par SP+ Desk" in refused(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(sqlite_location(path), now=NOW).database.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    message = refused(path)
    assert "version plus récente" in message
    assert "9999" in message


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    folder = tmp_path / "absent"
    with pytest.raises(UserError, match="n'existe pas"):
        open_database(sqlite_location(folder / "x.db"), now=NOW)
    assert not folder.exists()


def test_default_location_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "profile" / "data" / "spplus-desk.db"
    opened = open_database(sqlite_location(path, is_default=True), now=NOW)
    opened.database.close()
    assert path.is_file()


def test_a_failed_creation_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_upgrade(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("migration failed")

    monkeypatch.setattr("spplus_desk.store.opening.migrations.upgrade", broken_upgrade)
    path = tmp_path / "half.db"
    with pytest.raises(RuntimeError):
        open_database(sqlite_location(path), now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_transactions_are_real(tmp_path: Path) -> None:
    """Python 3.11's sqlite3 would otherwise commit DDL and hide BEGIN from SQLAlchemy."""
    opened = open_database(sqlite_location(tmp_path / "tx.db"), now=NOW)
    database = opened.database
    try:

        def insert_then_fail() -> None:
            with database.writing() as session:
                session.execute(text("INSERT INTO reference_counter VALUES (2027, 5)"))
                raise RuntimeError("the person's action failed half-way")

        with pytest.raises(RuntimeError):
            insert_then_fail()
        with database.reading() as session:
            assert session.execute(text("SELECT count(*) FROM reference_counter")).scalar() == 0
    finally:
        database.close()


def test_write_transactions_take_the_lock_at_once(tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    opened = open_database(sqlite_location(path), now=NOW)
    try:
        with opened.database.writing():
            other = sqlite3.connect(path, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        opened.database.close()


def test_a_database_held_by_another_program_gets_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("spplus_desk.store.database.BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "busy.db"
    opened = open_database(sqlite_location(path), now=NOW)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(UserError, match="occupée par un autre poste"):
            insert_counter(opened.database)
        other.execute("ROLLBACK")
        insert_counter(opened.database)  # works again once the other program lets go
    finally:
        other.close()
        opened.database.close()


def insert_counter(database: Database) -> None:
    with database.writing() as session:
        session.execute(text("INSERT INTO reference_counter VALUES (2027, 1)"))
