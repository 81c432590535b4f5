"""Schema migrations (Alembic), run at start-up after a backup of the file.

The Alembic environment lives in the repository's ``db/`` folder and ships inside the
wheel as ``spplus_desk.db``. ``HEAD_REVISION`` lets a normal start-up compare revisions
without importing Alembic; a test keeps it equal to the scripts' head.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, text

HEAD_REVISION = "0001"
# Every revision this version knows, oldest first: a database at another revision was
# written by a newer SP+ Desk.
KNOWN_REVISIONS = ("0001",)
_PG_MIGRATION_LOCK = 7_213_004_211  # pg_advisory_xact_lock key: one migrator at a time


def script_location() -> Path:
    return Path(str(resources.files("spplus_desk.db")))


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    has_table = connection.dialect.has_table(connection, "alembic_version")
    if not has_table:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, *, script_dir: Path | None = None, target: str = "head") -> None:
    """Apply pending migrations in one transaction: all of them, or none."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_dir or script_location()))
    with engine.execution_options(spplus_write=True).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"))
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def script_head(script_dir: Path | None = None) -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_dir or script_location()))
    return ScriptDirectory.from_config(config).get_current_head()
