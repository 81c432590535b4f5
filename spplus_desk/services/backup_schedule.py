"""The automatic backup: at the first opening of each day (by the app or a command), a
copy of the SQLite file into the service's backups folder, then the rotation.

Opening the database must not wait for it more than once a day: when today's copy is
there, it costs one listing of the folder. And it must never stop anyone working: a
folder out of reach (a share not mounted, no rights, a full disk) becomes a warning,
shown by the app and the command line, and written to the log.

A PostgreSQL server is its administrator's to back up (pg_dump): nothing is done here.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from spplus_desk.domain.backups import DAILY_LABEL
from spplus_desk.store import backup
from spplus_desk.store.backup import BackupPlan
from spplus_desk.store.database import Database
from spplus_desk.store.schema import Service

log = logging.getLogger(__name__)


def current_plan(database: Database) -> BackupPlan | None:
    """Where the open SQLite database's copies go, by the service's settings (the
    defaults before the service is set up); None on a server."""
    path = database.location.sqlite_path
    if path is None:
        return None
    columns = (Service.backup_folder, Service.backup_daily, Service.backup_monthly)
    with database.reading() as session:  # these columns only: not the logo's bytes
        row = session.execute(select(*columns, Service.time_zone)).first()
    if row is None:  # the service is not set up yet
        return backup.plan_for(path)
    return backup.plan_for(path, *row)


def daily_backup(database: Database, now: datetime) -> tuple[str, ...]:
    """Today's copy if there is none yet, then the rotation; the warnings to show."""
    plan = current_plan(database)
    if plan is None:
        return ()
    today = now.astimezone(plan.zone).date()
    try:
        if plan.folder == plan.default_folder:
            plan.folder.mkdir(exist_ok=True)
        if backup.has_backup_on(plan.folder, plan.database, today):
            return ()
        name = backup.backup_name(plan.database, DAILY_LABEL, now, plan.zone)
        made = backup.backup_sqlite(plan.database, plan.folder / name)
        deleted = backup.rotate(plan, today)
    except (OSError, sqlite3.Error) as error:
        log.warning("daily backup into %s failed: %r", plan.folder, error)
        return (unreachable_warning(plan.folder, error),)
    log.info("daily backup written: %s (%d old backups deleted)", made, len(deleted))
    return ()


def unreachable_warning(folder: Path, error: BaseException) -> str:
    return (
        f"La sauvegarde automatique du jour n'a pas pu être faite dans le dossier {folder} "
        f"({backup.failure_reason(error)}). La base est ouverte normalement ; vérifiez ce "
        "dossier (réseau, droits, place libre) ou choisissez-en un autre dans "
        "Gestion › Sauvegardes…"
    )
