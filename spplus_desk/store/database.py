"""Engines and units of work, the same code for SQLite and PostgreSQL.

SQLite gets WAL, foreign keys, synchronous=FULL and a busy timeout on every connection.
Python 3.11's sqlite3 module manages transactions by itself and not as SQLAlchemy
expects, so the driver is put in autocommit mode and BEGIN is emitted by us (the recipe of
SQLAlchemy's SQLite documentation). Write transactions start with BEGIN IMMEDIATE: the
write lock is taken at once, so two desks never both read then fail to write.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.store import seals as seals  # its hooks seal every row saved
from spplus_desk.store import tallies as tallies  # its hook keeps the journal's roll-ups
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import Versioned

_Edited = TypeVar("_Edited", bound=Versioned)

BUSY_TIMEOUT_MS = 10_000
# Less free space than this beside the database, and SQLite's "disk I/O error" means a
# full disk: a page, the -shm file's 32 KiB and a transaction's journal no longer fit.
FULL_DISK_BYTES = 1024 * 1024
CACHE_KIB = 32_768
_WRITE_OPTION = "spplus_write"

CONFLICT_MESSAGE = (
    "Quelqu'un a modifié cette fiche pendant que vous la modifiiez : "
    "rechargez-la pour voir sa version actuelle, puis refaites votre modification."
)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # What the retention purge erases is overwritten in the file, not just
            # unlinked: a name must not be readable in its free pages afterwards.
            cursor.execute("PRAGMA secure_delete = ON")
            # 32 MB of page cache (SQLite's default is 2 MB): indexes of a million
            # contacts stay in memory for lists and bulk loads.
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def load_for_edit(
    session: Session, model: type[_Edited], row_id: uuid.UUID, expected_version: int
) -> _Edited:
    """The row a person is editing, refused if someone saved it since they read it."""
    row = session.get(model, row_id, with_for_update=True)
    if row is None or row.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)
    return row


def explain_operational_error(
    location: DatabaseLocation, error: OperationalError
) -> UserError | None:
    """The French sentence for a database problem a person can act on, else None (a bug)."""
    path = location.sqlite_path
    if path is not None:
        return explain_sqlite_message(str(error.orig), path)
    return explain_database_message(str(error.orig), location.describe(), server=True)


def explain_sqlite_message(message: str, path: Path) -> UserError | None:
    """The same for a SQLite file; SQLite says "disk I/O error" when the -shm or -wal
    file beside the database cannot grow: on a full disk, the person is told so."""
    if "disk i/o error" in message.lower() and _disk_full(path.parent):
        message = "disk is full"
    return explain_database_message(message, f"SQLite : {path}", server=False)


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def explain_database_message(message: str, where: str, *, server: bool) -> UserError | None:
    """Classify a driver's message. Nothing was saved when these happen: the unit of work
    was rolled back (or, before opening, nothing had been written)."""
    text = message.lower()
    if "locked" in text or "busy" in text:
        return UserError(
            f"La base de données ({where}) est occupée par un autre poste ou programme depuis "
            "plus de 10 secondes. Rien n'a été enregistré : réessayez dans un instant."
        )
    if "readonly" in text or "read-only" in text:
        return UserError(
            f"SP+ Desk ne peut pas écrire dans la base ({where}) : vérifiez les droits sur le "
            "fichier et son dossier. Rien n'a été enregistré."
        )
    if "disk is full" in text or "no space left" in text:
        return UserError(
            f"Le disque qui contient la base ({where}) est plein. Rien n'a été enregistré : "
            "libérez de la place puis recommencez."
        )
    if "disk i/o error" in text or "malformed" in text:
        return UserError(
            f"La base de données ({where}) est endommagée (SQLite : {message}). Rien n'a été "
            "enregistré : vérifiez le disque et restaurez la dernière sauvegarde."
        )
    if server and "connection" in text:
        return UserError(
            f"Le serveur de base de données ({where}) ne répond pas. Rien n'a été enregistré : "
            "vérifiez le réseau ou prévenez l'informatique."
        )
    return None


def create_engine_for(location: DatabaseLocation) -> Engine:
    if location.is_sqlite:
        engine = create_engine(location.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    # A server that drops packets must not freeze the app: give up after 10 s.
    return create_engine(location.url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


class Database:
    """An open database: hands out one session per user action."""

    def __init__(self, location: DatabaseLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(
            bind=engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    @property
    def backend_name(self) -> str:
        return "SQLite" if self.location.is_sqlite else "PostgreSQL"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work; closing it ends (rolls back) its transaction."""
        with self._explained(), self._read() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read whose statements all see the same instant (figures that must add up):
        REPEATABLE READ on PostgreSQL, where each statement would otherwise see what
        other desks committed meanwhile; SQLite's read transaction already does."""
        with self._explained(), self._read() as session:
            if not self.location.is_sqlite:
                session.connection(
                    execution_options={
                        "isolation_level": "REPEATABLE READ",
                        "postgresql_readonly": True,
                    }
                )
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A unit of work that commits everything or nothing."""
        with self._explained():
            try:
                with self._write() as session, session.begin():
                    session.connection()  # BEGIN (IMMEDIATE) now: the lock is ours at once
                    yield session
            except StaleDataError:
                raise ConflictError(CONFLICT_MESSAGE) from None

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """A database problem the person can act on becomes its French sentence, for
        reads as for writes: a read may be the first to connect (a full disk, a file
        made read-only, a server gone)."""
        try:
            yield
        except OperationalError as error:
            explained = explain_operational_error(self.location, error)
            if explained is None:
                raise
            raise explained from None

    def close(self) -> None:
        self.engine.dispose()
