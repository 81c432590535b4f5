"""Migrations build exactly the mapped schema, on SQLite and PostgreSQL; pending ones run
after a verified backup."""

from __future__ import annotations

import shutil
import sqlite3
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.store import migrations
from spplus_desk.store.database import Database, load_for_edit
from spplus_desk.store.location import DatabaseLocation, sqlite_location
from spplus_desk.store.opening import MigrationSet, open_database
from spplus_desk.store.schema import Agent, Base, is_mapped_object

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
HEAD, KNOWN = migrations.HEAD_REVISION, migrations.KNOWN_REVISIONS


@pytest.fixture
def database(location: DatabaseLocation) -> Database:
    return open_database(location, now=NOW).database


def test_head_revision_constant_matches_the_scripts() -> None:
    assert migrations.script_head() == migrations.HEAD_REVISION
    assert migrations.KNOWN_REVISIONS[-1] == migrations.HEAD_REVISION


def test_migrated_schema_equals_the_mappings(database: Database) -> None:
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": False,
                    "include_name": lambda name, _type, _parent: is_mapped_object(name),
                },
            )
            with warnings.catch_warnings():
                # The wait's expression index (migration 0005) cannot be reflected on
                # SQLite; it is left out of the comparison like the full-text objects.
                warnings.filterwarnings(
                    "ignore", "Skipped unsupported reflection of expression-based index"
                )
                assert compare_metadata(context, Base.metadata) == []
            assert migrations.current_revision(connection) == migrations.HEAD_REVISION
    finally:
        database.close()


def test_opening_again_runs_no_migration(location: DatabaseLocation) -> None:
    open_database(location, now=NOW).database.close()
    again = open_database(location, now=NOW)
    again.database.close()
    assert not again.created
    assert again.previous_revision == migrations.HEAD_REVISION
    assert again.backup_path is None


def test_a_query_never_creates_the_schema(location: DatabaseLocation) -> None:
    # Read-only commands open with create=False: an empty file name or an empty
    # PostgreSQL database is reported, never turned into a new SP+ Desk database.
    with pytest.raises(UserError, match="spplus-desk init"):
        open_database(location, now=NOW, create=False)
    opened = open_database(location, now=NOW)  # then created the normal way
    opened.database.close()
    if location.sqlite_path is not None:
        assert location.sqlite_path.exists()


def test_instants_come_back_in_utc(database: Database) -> None:
    paris_summer = timezone(timedelta(hours=2))
    try:
        with database.writing() as session:
            session.add(
                Agent(
                    name="Ana",
                    login="ana",
                    role="agent",
                    created_at=datetime(2027, 7, 1, 10, 0, tzinfo=paris_summer),
                )
            )
        with database.reading() as session:
            created = session.scalars(select(Agent.created_at)).one()
        assert created == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
        assert created.tzinfo is not None
    finally:
        database.close()


def test_naive_instants_are_refused(database: Database) -> None:
    try:
        with pytest.raises(Exception, match="naive"), database.writing() as session:
            session.add(
                Agent(name="Bo", login="bo", role="agent", created_at=datetime(2027, 7, 1, 10, 0))
            )
    finally:
        database.close()


def test_stale_save_is_a_clear_conflict(database: Database) -> None:
    try:
        with database.writing() as session:
            session.add(Agent(name="Chloé", login="chloe", role="agent", created_at=NOW))
        with database.reading() as session:
            read_by_desk_1 = session.scalars(select(Agent)).one()
        with database.writing() as session:  # desk 2 saves first
            load_for_edit(session, Agent, read_by_desk_1.id, read_by_desk_1.version).name = "C. M."
        with (
            pytest.raises(ConflictError, match="Quelqu'un a modifié"),
            database.writing() as session,
        ):  # desk 1 saves what it read earlier
            load_for_edit(session, Agent, read_by_desk_1.id, read_by_desk_1.version).name = "X"
        with database.reading() as session:
            assert session.scalars(select(Agent.name)).one() == "C. M."
            assert session.scalars(select(Agent.version)).one() == 2
    finally:
        database.close()


def with_extra_revision(tmp_path: Path, upgrade_body: str) -> tuple[Path, MigrationSet]:
    """A database at the head, and a copy of the scripts with one more revision."""
    path = tmp_path / "service.db"
    open_database(sqlite_location(path), now=NOW).database.close()
    scripts = tmp_path / "scripts"
    shutil.copytree(
        migrations.script_location(), scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    (scripts / "versions" / "9000_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9000'\ndown_revision = '{HEAD}'\nbranch_labels = None\n"
        "depends_on = None\n\n\ndef upgrade() -> None:\n"
        + "".join(f"    {line}\n" for line in upgrade_body.splitlines()),
        encoding="utf-8",
    )
    return path, MigrationSet(script_dir=scripts, head="9000", known=(*KNOWN, "9000"))


def revision_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_pending_migration_runs_after_a_backup(tmp_path: Path) -> None:
    path, later = with_extra_revision(
        tmp_path,
        "with op.batch_alter_table('motif') as batch:\n"
        "    batch.add_column(sa.Column('colour', sa.String(16), nullable=True))",
    )
    opened = open_database(sqlite_location(path), now=NOW, migration_set=later)
    opened.database.close()
    assert opened.previous_revision == HEAD
    assert opened.backup_path is not None
    assert opened.backup_path.parent == tmp_path / "sauvegardes"
    assert revision_of(opened.backup_path) == HEAD
    assert revision_of(path) == "9000"
    connection = sqlite3.connect(path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(motif)")]
    connection.close()
    assert "colour" in columns


def test_rebuilding_a_referenced_table_keeps_its_rows(tmp_path: Path) -> None:
    path, later = with_extra_revision(
        tmp_path,
        "with op.batch_alter_table('agent', recreate='always') as batch:\n"
        "    batch.add_column(sa.Column('phone', sa.String(32), nullable=True))",
    )
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO agent (id, name, login, role, active, created_at, version) "
            "VALUES ('a1', 'Ana', 'ana', 'agent', 1, '2027-01-01', 1)"
        )
        connection.execute(
            "INSERT INTO contact (id, occurred_at, recorded_at, agent_id, channel, outcome, "
            "needs, notes, version) VALUES ('c1', '2027-01-02', '2027-01-02', 'a1', "
            "'phone', 'immediate_answer', 0, '', 1)"
        )
    connection.close()
    opened = open_database(sqlite_location(path), now=NOW, migration_set=later)
    opened.database.close()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT agent_id FROM contact").fetchall() == [("a1",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    assert revision_of(path) == "9000"


def test_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path, later = with_extra_revision(
        tmp_path,
        "op.execute('CREATE TABLE extra (x INTEGER)')\nop.execute('SELECT * FROM no_such_table')",
    )
    with pytest.raises(Exception, match=r"no_such_table|n'a pas pu"):
        open_database(sqlite_location(path), now=NOW, migration_set=later)
    assert revision_of(path) == HEAD
    connection = sqlite3.connect(path)
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "extra" not in tables


def test_audit_entries_cannot_be_changed_in_sql(database: Database) -> None:
    from spplus_desk.store import audit

    try:
        with database.writing() as session:
            audit.record(
                session,
                at=NOW,
                actor_id=None,
                action="test",
                entity_type="x",
                entity_id=None,
                after={"a": 1},
            )
        for statement in ("UPDATE audit_entry SET action = 'forged'", "DELETE FROM audit_entry"):
            with pytest.raises(Exception, match="append-only"), database.writing() as session:
                session.execute(text(statement))
    finally:
        database.close()


def test_a_database_from_the_first_version_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "ancienne.db"
    first = MigrationSet(head="0001", known=("0001",))
    open_database(sqlite_location(path), now=NOW, migration_set=first).database.close()
    assert revision_of(path) == "0001"
    opened = open_database(sqlite_location(path), now=NOW)
    opened.database.close()
    assert opened.previous_revision == "0001"
    assert opened.backup_path is not None
    assert revision_of(opened.backup_path) == "0001"
    assert revision_of(path) == HEAD
