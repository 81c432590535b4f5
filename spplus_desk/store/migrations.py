"""Schema migrations (Alembic), run at start-up after a backup of the file.

The Alembic environment lives in the repository's ``db/`` folder and ships inside the
wheel as ``spplus_desk.db``. ``HEAD_REVISION`` lets a normal start-up compare revisions
without importing Alembic; a test keeps it equal to the scripts' head.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0010"
# Every revision this version knows, oldest first: a database at another revision was
# written by a newer SP+ Desk.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")
_PG_MIGRATION_LOCK = 7_213_004_211  # pg_advisory_xact_lock key: one migrator at a time


def script_location() -> Path:
    return Path(str(resources.files("spplus_desk.db")))


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    has_table = connection.dialect.has_table(connection, "alembic_version")
    if not has_table:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _config(script_dir: Path | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_dir or script_location()))
    return config


def upgrade(engine: Engine, *, script_dir: Path | None = None, target: str = "head") -> None:
    """Apply pending migrations in one transaction: all of them, or none.

    On SQLite, foreign keys are switched off for the migration (it cannot be done inside a
    transaction): a batch migration rebuilds a table by copying it and dropping the
    original, which rows of other tables point to. The keys are checked before commit.
    """
    from alembic import command

    config = _config(script_dir)
    with engine.execution_options(spplus_write=True).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection
        assert raw is not None  # a live DBAPI connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")  # autocommit: before our BEGIN
        try:
            with connection.begin():
                if not sqlite:
                    connection.execute(text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"))
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise MigrationError("a migration left rows pointing to missing rows")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


class MigrationError(RuntimeError):
    """A migration script is wrong: a bug, never the person's doing."""


def script_head(script_dir: Path | None = None) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(script_dir)).get_current_head()
