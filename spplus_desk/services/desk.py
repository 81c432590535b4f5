"""The open database and the clock every service function works with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from spplus_desk import paths
from spplus_desk.domain.clock import Clock, SystemClock
from spplus_desk.domain.errors import UserError
from spplus_desk.services.backup_schedule import daily_backup
from spplus_desk.services.catalogue import default_catalogue, seed_procedures
from spplus_desk.store import audit, preflight, queries, requests, seals, tallies, upkeep
from spplus_desk.store.database import Database
from spplus_desk.store.location import DatabaseLocation, resolve_location
from spplus_desk.store.opening import DEFAULT_MIGRATIONS, MigrationSet, open_database

DEADLINE_REVISION = "0006"  # the schema from which requests cache the engine's deadline
REGISTER_REVISION = "0007"  # the schema with the right-to-error register


@dataclass(frozen=True)
class Desk:
    database: Database
    clock: Clock = field(default_factory=SystemClock)

    @property
    def description(self) -> str:
        """Which database is in use, for the status bar and messages."""
        return self.database.location.describe()

    def close(self) -> None:
        self.database.close()


@dataclass(frozen=True)
class OpenReport:
    desk: Desk
    created: bool
    previous_revision: str | None
    revision: str
    backup_path: Path | None
    warnings: tuple[str, ...]

    @property
    def migrated(self) -> bool:
        return not self.created and self.previous_revision != self.revision


def open_desk(
    location: DatabaseLocation,
    *,
    clock: Clock | None = None,
    create: bool = True,
    migration_set: MigrationSet = DEFAULT_MIGRATIONS,
    backups: bool = True,
) -> OpenReport:
    """Check, create or upgrade the database, ready for the person's actions.
    ``backups=False`` for a throwaway copy (``check_file``): no backups of it."""
    clock = clock or SystemClock()
    if location.is_default:
        _make_portable_folder()
    opened = open_database(
        location, now=clock.now(), create=create, migration_set=migration_set, backups=backups
    )
    # -- backups (issue 8): today's copy first, before anything else writes --
    warnings = opened.warnings
    if backups and not opened.created:  # a database made just now has nothing to keep yet
        warnings += daily_backup(opened.database, clock.now())
    # -- end backups --
    previous = opened.previous_revision
    if previous is not None and previous < REGISTER_REVISION:
        with opened.database.writing() as session:
            if queries.service_row(session) is not None:
                _catch_up(session, previous, clock)
    finish_upkeep(opened.database)
    return OpenReport(
        desk=Desk(opened.database, clock),
        created=opened.created,
        previous_revision=opened.previous_revision,
        revision=opened.revision,
        backup_path=opened.backup_path,
        warnings=warnings,
    )


def _catch_up(session: Session, previous: str, clock: Clock) -> None:
    """Derive what a schema upgrade added for the data already there."""
    if previous < DEADLINE_REVISION:
        # Open requests may now wait and resume: the engine derives them.
        requests.refresh_open(session)
    if previous < REGISTER_REVISION and seed_procedures(session):  # the register's list
        session.flush()
        audit.record(
            session,
            at=clock.now(),
            actor_id=None,
            action="catalogue.seeded",
            entity_type="catalogue",
            entity_id=None,
            after={"procedures": list(default_catalogue().procedures)},
        )


def finish_upkeep(database: Database) -> None:
    """Derive again what an upgrade or an interrupted bulk load left waiting (the
    roll-ups, the answers' response times); each task is done and struck off together."""
    with database.reading() as session:
        if not upkeep.pending(session):
            return
    with database.writing() as session:
        for task in upkeep.pending(session):
            if task == upkeep.RESPONSE_TIMES:
                requests.refresh_answered(session)
            elif task == upkeep.TALLIES:
                tallies.rebuild(session)
            elif task == upkeep.SEALS:
                connection = session.connection()
                for model in seals.sealed_models():
                    seals.seal_missing(connection, model)
            upkeep.done(session, task)


def locate(db_path: str | None, database_url: str | None) -> DatabaseLocation:
    """The database chosen by options, then environment variables, then the default."""
    return resolve_location(db_path, database_url)


def verify_integrity(desk: Desk) -> None:
    """Read every page of a SQLite file; a damaged one is refused before anything is
    written to it. (PostgreSQL checks its own pages.)"""
    path = desk.database.location.sqlite_path
    if path is None:
        return
    problem = preflight.integrity_problem(path)
    if problem is not None:
        raise preflight.corrupt_database_error(path, problem)


def _make_portable_folder() -> None:
    """A portable copy (portable.txt beside the program) keeps its data beside it: in a
    folder the person cannot write to (Program Files), say so in those words."""
    portable = paths.portable_home_in_use()
    if portable is None:
        return
    folder = paths.data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            f"Mode portable (portable.txt à côté du programme) : impossible de créer le "
            f"dossier des données {folder} ({preflight.os_reason(error)}). Placez le "
            "programme dans un dossier où vous pouvez écrire, ou retirez portable.txt "
            "pour garder les données dans votre dossier personnel."
        ) from None
