"""Open a database for use: check it, create or upgrade it, and say what was done.

On SQLite, a file that is refused is left untouched; a file this call creates is removed
again if creating it fails, so nothing half-made is left behind. Pending migrations run
only after a verified backup copy of the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError

from spplus_desk.domain.backups import MIGRATION_PREFIX
from spplus_desk.domain.errors import UserError
from spplus_desk.store import backup, migrations, netshare, preflight
from spplus_desk.store.database import Database, create_engine_for, explain_operational_error
from spplus_desk.store.location import DatabaseLocation


@dataclass(frozen=True, slots=True)
class MigrationSet:
    """Where the migration scripts are and which revisions they know (tests swap it)."""

    script_dir: Path | None = None
    head: str = migrations.HEAD_REVISION
    known: tuple[str, ...] = migrations.KNOWN_REVISIONS


DEFAULT_MIGRATIONS = MigrationSet()


@dataclass(frozen=True, slots=True)
class OpenedDatabase:
    database: Database
    created: bool
    previous_revision: str | None
    revision: str
    backup_path: Path | None = None
    warnings: tuple[str, ...] = field(default=())


def open_database(
    location: DatabaseLocation,
    *,
    now: datetime,
    create: bool = True,
    migration_set: MigrationSet = DEFAULT_MIGRATIONS,
    backups: bool = True,
) -> OpenedDatabase:
    """``backups=False``: a throwaway copy (``check`` works on one): no copy of it is kept
    before upgrading it, where the service's real backups are."""
    if location.sqlite_path is not None:
        return _open_sqlite(location, location.sqlite_path, now, create, migration_set, backups)
    return _open_server(location, migration_set, create)


def _open_sqlite(
    location: DatabaseLocation,
    path: Path,
    now: datetime,
    create: bool,
    migration_set: MigrationSet,
    backups: bool = True,
) -> OpenedDatabase:
    warnings: list[str] = []
    if netshare.is_on_network_share(path):
        warnings.append(netshare.NETWORK_SHARE_WARNING.format(path=path))
    state = preflight.inspect_file(path, migration_set.known)
    if not state.exists and not create:
        raise UserError(
            f"Aucune base de données à l'emplacement {path}. "
            "Créez-la avec la commande « spplus-desk init »."
        )
    preflight.check_directory(path.parent, create=location.is_default)

    backup_path = None
    if backups and state.exists and state.revision != migration_set.head:
        # -- backups (issue 8): into the service's folder, as the daily copies --
        label = f"{MIGRATION_PREFIX}-{state.revision or 'vide'}"
        try:
            backup_path, notes = backup.keep_copy(backup.plan_from_file(path), label, now)
        except (OSError, sqlite3.Error) as error:
            raise UserError(
                f"La mise à jour de la base {path} est nécessaire, mais sa copie de "
                f"sauvegarde a échoué ({backup.failure_reason(error)}). Rien n'a été modifié."
            ) from None
        warnings.extend(notes)
        # -- end backups --

    database = Database(location, create_engine_for(location))
    try:
        if state.revision != migration_set.head:
            migrations.upgrade(
                database.engine, script_dir=migration_set.script_dir, target=migration_set.head
            )
    except BaseException as error:
        database.close()
        if not state.exists:
            _remove_sqlite_files(path)
        if isinstance(error, OperationalError):
            explained = explain_operational_error(location, error)
            if explained is not None:
                raise explained from None
        raise
    return OpenedDatabase(
        database=database,
        created=not state.exists,
        previous_revision=state.revision,
        revision=migration_set.head,
        backup_path=backup_path,
        warnings=tuple(warnings),
    )


def _open_server(
    location: DatabaseLocation, migration_set: MigrationSet, create: bool
) -> OpenedDatabase:
    try:
        import psycopg  # noqa: F401  (only to give a clear message when it is missing)
    except ImportError:
        raise UserError(
            "Le pilote PostgreSQL n'est pas installé : "
            "installez SP+ Desk avec « pip install 'spplus-desk[postgres]' »."
        ) from None
    database = Database(location, create_engine_for(location))
    try:
        with database.engine.connect() as connection:
            revision = migrations.current_revision(connection)
        if revision is None and not create:  # a query must not create the schema
            raise UserError(
                f"Aucune base SP+ Desk sur le serveur ({location.describe()}). "
                "Créez-la avec la commande « spplus-desk init »."
            )
        if revision is not None and revision not in migration_set.known:
            raise preflight.newer_schema_error(location.describe(), revision)
        if revision != migration_set.head:
            migrations.upgrade(
                database.engine, script_dir=migration_set.script_dir, target=migration_set.head
            )
    except OperationalError as error:  # the server could not be reached or refused us
        database.close()
        detail = (str(error.orig).strip().splitlines() or ["?"])[0]
        raise UserError(
            f"Connexion impossible au serveur de base de données ({location.describe()}). Vérifiez "
            f"l'adresse, le réseau et les droits, ou prévenez l'informatique. "
            f"(Détail technique : {detail})"
        ) from None
    except BaseException:
        database.close()
        raise
    return OpenedDatabase(
        database=database,
        created=revision is None,
        previous_revision=revision,
        revision=migration_set.head,
    )


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
