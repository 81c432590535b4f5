"""Restoring a backup: « Fichier › Restaurer une sauvegarde… » (admin) and
``spplus-desk restore FILE``.

The file is checked (``check``) before anything changes; a copy of the database it
replaces is kept in the backups folder; only then does it take the database's place and
is opened (upgraded first if older). The command line asks the operating-system login
to be an admin of the database it replaces; ``--force`` replaces one that is missing or
too damaged to open, where no role can be asked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from spplus_desk.domain.backups import RESTORE_LABEL
from spplus_desk.domain.clock import Clock, SystemClock
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.backups import UNCHANGED, role_checked, same_file, sqlite_path_of
from spplus_desk.services.desk import Desk, OpenReport, open_desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, backup, migrations, preflight, queries, restore
from spplus_desk.store.backup import BadCopyError
from spplus_desk.store.location import DatabaseLocation


@dataclass(frozen=True)
class RestoreOutcome:
    report: OpenReport  # the restored database, open (upgraded if it was older)
    source: Path
    kept: Path | None  # the copy of the database it replaced (None: there was none)
    warnings: tuple[str, ...] = ()  # about that copy (made in the default folder…)


def restore_backup(desk: Desk, source: Path, *, login: str) -> RestoreOutcome:
    """The app's restore (admin): the open desk is closed, the database replaced and
    opened again; the outcome holds the new desk."""
    location = desk.database.location
    sqlite_path_of(location)
    with desk.database.reading() as session:
        acting_agent(session, login, Role.ADMIN)
    desk.close()  # our own connections would otherwise count as « another program »
    return restore_database(location, source, clock=desk.clock, login=login)


def restore_database(
    location: DatabaseLocation,
    source: Path,
    *,
    login: str,
    clock: Clock | None = None,
    force: bool = False,
) -> RestoreOutcome:
    """``spplus-desk restore FILE``: ``login`` must be an admin of the database it
    replaces; the file is checked (``check``), a copy of that database is kept, then the
    file takes its place and is opened (upgraded first if it is older, after its own
    copy). ``force`` (``--force``): a database missing or too damaged to open is
    replaced too, and no role is asked."""
    target = sqlite_path_of(location)
    if not force and not role_checked(target, login, (Role.ADMIN,)):
        where = "est illisible" if target.exists() else "n'existe pas"
        raise UserError(
            f"La base {target} {where} : votre rôle d'administrateur n'a pas pu y être "
            "vérifié. Pour la remplacer quand même par la sauvegarde, relancez avec "
            f"--force. {UNCHANGED}"
        )
    clock = clock or SystemClock()
    source = source.expanduser().absolute()
    if target.exists() and same_file(source, target):
        raise UserError(f"« {source} » est la base de données elle-même, pas une sauvegarde.")
    _check_source(source)
    kept, notes = _keep_current(target, clock) if target.exists() else (None, ())
    if kept is None:
        preflight.check_directory(target.parent, create=location.is_default)
    try:
        restore.put_in_place(source, target)
    except (OSError, sqlite3.Error) as error:
        where = f" ; la copie {kept} a été gardée" if kept else ""
        raise UserError(
            f"La sauvegarde n'a pas pu remplacer la base {target} "
            f"({backup.failure_reason(error)}). La base est restée telle qu'elle était{where}."
        ) from None
    report = open_desk(location, clock=clock, create=False)
    _audit_restore(report.desk, source, kept, login, force)
    return RestoreOutcome(report, source, kept, notes)


def _check_source(source: Path) -> None:
    """Refused, with everything wrong listed, unless ``check`` finds it sound."""
    from spplus_desk.services.integrity import check_file  # reads every page: on demand

    revision = restore.backup_revision(source)
    if revision is not None and revision not in migrations.KNOWN_REVISIONS:
        raise preflight.newer_schema_error(str(source), revision)
    verdict = check_file(source)
    if not verdict.sound:
        problems = "\n".join(f"– {problem}" for problem in verdict.problems)
        raise UserError(
            f"La sauvegarde {source} n'a pas passé la vérification, elle n'est pas "
            f"restaurée. {UNCHANGED}\n{problems}"
        )


def _keep_current(target: Path, clock: Clock) -> tuple[Path, tuple[str, ...]]:
    """The database about to be replaced, copied into the backups folder (byte for byte
    when it is too damaged for SQLite to copy: that is often why one restores)."""
    plan = backup.plan_from_file(target)
    try:
        try:
            kept, notes = backup.keep_copy(plan, RESTORE_LABEL, clock.now())
        except (BadCopyError, sqlite3.DatabaseError) as error:
            if isinstance(error, sqlite3.OperationalError):
                raise
            kept, notes = backup.keep_copy(plan, RESTORE_LABEL, clock.now(), copy=restore.raw_copy)
    except (OSError, sqlite3.Error) as error:
        raise UserError(
            f"La copie de la base actuelle {target} n'a pas pu être faite "
            f"({backup.failure_reason(error)}) : la restauration est annulée. {UNCHANGED}"
        ) from None
    # Only then is it made sure nobody else uses it: that switches it out of WAL mode,
    # and the copy of a damaged database is the file exactly as it was.
    try:
        restore.release(target)
    except UserError:
        kept.unlink(missing_ok=True)  # nothing will be replaced: no copy to keep
        raise
    return kept, notes


def _audit_restore(desk: Desk, source: Path, kept: Path | None, login: str, forced: bool) -> None:
    """The restored database's own trail says it was restored, from what, by whom (the
    login too: the backup may predate that agent, and --force asks no role)."""
    with desk.database.writing() as session:
        agent = queries.agent_by_login(session, login)
        audit.record(
            session,
            at=desk.clock.now(),
            actor_id=agent.id if agent is not None else None,
            action="database.restored",
            entity_type="database",
            entity_id=None,
            after={
                "source": str(source),
                "kept": str(kept) if kept else None,
                "login": login,
                "forced": forced,
            },
        )
