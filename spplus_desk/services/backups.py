"""Backups by hand and their settings: « Sauvegarder maintenant… », and where the copies
go and how many are kept (Gestion › Sauvegardes…). The automatic daily copy is
``services.backup_schedule``; restoring one, ``services.restoring``.

Who may: a lead or an admin takes a copy (it holds every person's data); only an admin
restores one (it replaces everyone's work since) or changes the settings. The command
line (``spplus-desk backup`` / ``restore``) asks the same of the operating-system login,
in the database itself, read before anything is copied. A database that is missing or
too damaged to open has no agents to ask: only ``restore --force`` replaces it then.

Only a SQLite file is copied: a PostgreSQL server is backed up by its administrator.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from spplus_desk.domain.backups import (
    MANUAL_LABEL,
    SERVER_BACKUPS,
    BackupEntry,
    BackupSettings,
    check_counts,
)
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.backup_schedule import current_plan
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent, acting_agent_id
from spplus_desk.store import audit, backup, queries
from spplus_desk.store.backup import BackupPlan, BadCopyError
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import Service

COPIERS = (Role.LEAD, Role.ADMIN)
UNCHANGED = "Rien n'a été modifié."


@dataclass(frozen=True, slots=True)
class BackupListing:
    folder: Path
    backups: tuple[BackupEntry, ...]  # the newest first
    problem: str | None = None  # why the folder could not be read


# -- settings (admin) ---------------------------------------------------------------


def backup_settings(desk: Desk, *, login: str) -> BackupSettings:
    path = sqlite_path_of(desk.database.location)
    with desk.database.reading() as session:
        acting_agent(session, login, Role.ADMIN)
        return _settings(path, _service(session))


def update_backup_settings(
    desk: Desk, *, login: str, version: int, folder: str, daily: int, monthly: int
) -> BackupSettings:
    """The folder ("" : beside the database) and how many daily and monthly copies the
    rotation keeps; refused when someone saved the service's settings meanwhile."""
    path = sqlite_path_of(desk.database.location)
    check_counts(daily, monthly)
    with desk.database.reading() as session:  # the role first: the folder is tried next
        acting_agent(session, login, Role.ADMIN)
    chosen = _checked_folder(folder)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, Role.ADMIN)
        row = load_for_edit(session, Service, _service(session).id, version)
        before = _audited(row)
        row.backup_folder, row.backup_daily, row.backup_monthly = chosen, daily, monthly
        after = _audited(row)
        if after != before:
            row.updated_at = now
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=agent.id,
                action="service.backup_settings",
                entity_type="service",
                entity_id=row.id,
                before=before,
                after=after,
            )
        return _settings(path, row)


def list_backups(desk: Desk, *, login: str) -> BackupListing:
    """The database's backups in the folder, with their date and size (admin)."""
    sqlite_path_of(desk.database.location)
    with desk.database.reading() as session:
        acting_agent(session, login, Role.ADMIN)
    plan = _plan(desk)
    if plan.folder == plan.default_folder and not plan.folder.exists():
        return BackupListing(plan.folder, ())  # no copy made yet
    try:
        found = backup.list_backups(plan.folder, plan.database)
    except OSError as error:
        return BackupListing(plan.folder, (), _unreadable(plan.folder, error))
    return BackupListing(plan.folder, tuple(found))


def backup_folder(desk: Desk) -> Path:
    """Where the copies go (the restore dialog opens there)."""
    return _plan(desk).folder


def suggested_backup(desk: Desk) -> Path:
    """What « Sauvegarder maintenant… » proposes: a dated file in the backups folder."""
    plan = _plan(desk)
    return plan.folder / backup.backup_name(
        plan.database, MANUAL_LABEL, desk.clock.now(), plan.zone
    )


# -- copying (restoring is services.restoring) --------------------------------------


def backup_now(desk: Desk, destination: Path, *, login: str) -> Path:
    """A checked copy of the open database at ``destination`` (lead or admin)."""
    path = sqlite_path_of(desk.database.location)
    with desk.database.reading() as session:
        acting_agent(session, login, *COPIERS)
    return copy_database(path, destination)


def backup_to_file(location: DatabaseLocation, destination: Path, *, login: str) -> Path:
    """``spplus-desk backup --out FILE`` (lead or admin of that database)."""
    path = sqlite_path_of(location)
    if not path.exists():
        raise UserError(f"Aucune base de données à l'emplacement {path} : rien à sauvegarder.")
    if not role_checked(path, login, COPIERS):
        raise UserError(
            f"La base {path} ne peut pas être lue : votre rôle n'a pas pu y être vérifié "
            "et aucune copie n'a été faite. Vérifiez-la avec « spplus-desk check »."
        )
    return copy_database(path, destination)


def copy_database(database: Path, destination: Path) -> Path:
    """An online copy (others may keep working), written whole or not at all."""
    destination = destination.expanduser().absolute()
    if same_file(destination, database):
        raise UserError(
            f"« {destination} » est la base de données elle-même : choisissez un autre nom "
            "de fichier pour la sauvegarde."
        )
    if destination.is_dir():
        raise UserError(
            f"« {destination} » est un dossier : donnez un nom de fichier, ex. sauvegarde.db."
        )
    if not destination.parent.is_dir():
        raise UserError(
            f"Le dossier « {destination.parent} » n'existe pas (ou n'est pas accessible) : "
            "créez-le ou choisissez-en un autre."
        )
    try:
        return backup.backup_sqlite(database, destination)
    except (OSError, sqlite3.Error) as error:
        raise UserError(_copy_problem(destination, error)) from None


def role_checked(path: Path, login: str, allowed: tuple[Role, ...]) -> bool:
    """Whether the database at ``path`` opened and ``login`` holds one of ``allowed``
    there (a French refusal otherwise). False when there is no database or its agents
    cannot be read: the disaster only ``restore --force`` is for."""
    if not path.is_file():
        return False
    try:
        # Three columns for the usual exact login: an older schema reads them too.
        with backup.file_session(path) as session:
            acting_agent_id(session, login, *allowed)
    except (SQLAlchemyError, sqlite3.Error):
        return False
    return True


# -- helpers ------------------------------------------------------------------------


def sqlite_path_of(location: DatabaseLocation) -> Path:
    if location.sqlite_path is None:
        raise UserError(SERVER_BACKUPS)
    return location.sqlite_path


def _plan(desk: Desk) -> BackupPlan:
    plan = current_plan(desk.database)
    if plan is None:
        raise UserError(SERVER_BACKUPS)
    return plan


def _service(session: Session) -> Service:
    row = queries.service_row(session)
    if row is None:
        raise UserError(NOT_CONFIGURED)
    return row


def _settings(path: Path, row: Service) -> BackupSettings:
    return BackupSettings(
        folder=row.backup_folder,
        default_folder=str(backup.backup_folder_for(path)),
        daily=row.backup_daily,
        monthly=row.backup_monthly,
        version=row.version,
    )


def _audited(row: Service) -> dict[str, Any]:
    return {
        "backup_folder": row.backup_folder,
        "backup_daily": row.backup_daily,
        "backup_monthly": row.backup_monthly,
    }


def _checked_folder(text: str) -> str:
    """The folder as stored: "" (the default), or a full path that exists and accepts
    new files now (a share that is out of reach is refused, not saved)."""
    text = text.strip()
    if not text:
        return ""
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        raise UserError(
            f"« {text} » n'est pas un chemin complet : donnez le dossier entier, ex. "
            r"\\serveur\partage\sauvegardes ou /mnt/partage/sauvegardes."
        )
    if not folder.is_dir():
        raise UserError(
            f"Le dossier {folder} n'existe pas ou n'est pas accessible (réseau, droits) : "
            "vérifiez le chemin ou créez le dossier."
        )
    try:  # a real attempt, not os.access: read-only mounts and shares tell the truth
        handle, probe = tempfile.mkstemp(prefix=".spplus-probe-", dir=folder)
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise UserError(
            f"Le dossier {folder} n'accepte pas de nouveaux fichiers "
            f"({backup.failure_reason(error)}) : choisissez-en un autre ou demandez les "
            "droits d'écriture."
        ) from None
    return str(folder)


def same_file(one: Path, other: Path) -> bool:
    """The same file, or one of SQLite's companions of it (-wal, -shm, -journal)."""
    with contextlib.suppress(OSError):
        if one.exists() and other.exists() and one.samefile(other):
            return True
    names = {
        other.resolve(),
        *(Path(f"{other.resolve()}{s}") for s in ("-wal", "-shm", "-journal")),
    }
    return one.resolve() in names


def _copy_problem(destination: Path, error: BaseException) -> str:
    name, folder = destination.name, destination.parent
    if isinstance(error, BadCopyError):
        return (
            "La copie de la base n'a pas passé la vérification : la base est peut-être "
            "endommagée (vérifiez-la avec « spplus-desk check »). Aucun fichier n'a été écrit."
        )
    reason = backup.failure_reason(error)
    if reason in ("disque plein", "quota du disque atteint"):
        return (
            f"Le disque est plein : la sauvegarde « {name} » n'a pas été écrite. Libérez de "
            "la place ou choisissez un autre emplacement."
        )
    if reason in ("accès refusé", "opération non permise", "dossier en lecture seule"):
        return (
            f"Impossible d'écrire « {name} » dans « {folder} » ({reason}) : choisissez un "
            "autre emplacement ou demandez les droits d'écriture."
        )
    return f"La sauvegarde « {name} » n'a pas pu être écrite dans « {folder} » ({reason})."


def _unreadable(folder: Path, error: OSError) -> str:
    return (
        f"Le dossier des sauvegardes {folder} ne peut pas être lu "
        f"({backup.failure_reason(error)}) : vérifiez le réseau, les droits, ou choisissez "
        "un autre dossier."
    )
