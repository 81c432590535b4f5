"""Online copies of a SQLite database (the sqlite3 backup API: safe while in use), their
names, the folder they go to, and the rotation that keeps so many of them.

A copy is written under a temporary ``….partiel`` name, checked, and only then renamed:
a file named like a backup is always a whole one, on a local disk or a network share
alike. The rotation only ever deletes files named like this database's backups.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from spplus_desk.domain.backups import (
    DAILY_LABEL,
    DEFAULT_DAILY,
    DEFAULT_MONTHLY,
    MANUAL_LABEL,
    MIGRATION_PREFIX,
    RESTORE_LABEL,
    BackupEntry,
)
from spplus_desk.store.location import sqlite_file_uri

BACKUP_FOLDER = "sauvegardes"
PARTIAL = ".partiel"
_STAMP = "%Y%m%d-%H%M%S"
# Known labels only: the backups of « spplus.db » never take « spplus-desk-… » for theirs.
_LABELS = rf"{DAILY_LABEL}|{MANUAL_LABEL}|{RESTORE_LABEL}|{MIGRATION_PREFIX}-[a-z0-9]+"


class BadCopyError(OSError):
    """The copy failed SQLite's check: the database itself is probably damaged."""


@dataclass(frozen=True, slots=True)
class BackupPlan:
    """Where this database's copies go, how many are kept, and in which time zone their
    names and days are counted (the service's; None: the workstation's)."""

    database: Path
    folder: Path
    daily: int = DEFAULT_DAILY
    monthly: int = DEFAULT_MONTHLY
    zone: tzinfo | None = None

    @property
    def default_folder(self) -> Path:
        return backup_folder_for(self.database)


def backup_folder_for(database: Path) -> Path:
    """Backups sit beside the database, where whoever looks for the file finds them."""
    return database.parent / BACKUP_FOLDER


def plan_for(
    database: Path,
    folder: str = "",
    daily: int = DEFAULT_DAILY,
    monthly: int = DEFAULT_MONTHLY,
    zone_name: str | None = None,
) -> BackupPlan:
    """The plan from the service's settings ("" : the default folder)."""
    chosen = Path(folder.strip()).expanduser() if folder.strip() else backup_folder_for(database)
    return BackupPlan(database, chosen, daily, monthly, _zone(zone_name))


def plan_from_file(path: Path) -> BackupPlan:
    """The plan a SQLite file's service row sets, read without opening it for use (before
    a migration, or a file too damaged to open): the defaults when the file predates
    these settings, has no service yet, or cannot be read."""
    wanted = ("backup_folder", "backup_daily", "backup_monthly", "time_zone")
    values: dict[str, object] = {}
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True, timeout=10)
        try:
            columns = {row[1] for row in connection.execute("PRAGMA table_info(service)")}
            present = [name for name in wanted if name in columns]
            if present:  # names from the fixed list above, never from the file
                row = connection.execute(
                    f"SELECT {', '.join(present)} FROM service LIMIT 1"
                ).fetchone()
                values = dict(zip(present, row, strict=True)) if row else {}
        finally:
            connection.close()
    except sqlite3.Error:
        values = {}
    folder, daily, monthly, zone = (values.get(name) for name in wanted)
    return plan_for(
        path,
        folder if isinstance(folder, str) else "",
        daily if isinstance(daily, int) else DEFAULT_DAILY,
        monthly if isinstance(monthly, int) else DEFAULT_MONTHLY,
        zone if isinstance(zone, str) else None,
    )


def backup_sqlite(source: Path, destination: Path, *, at_rest: bool = False) -> Path:
    """Copy ``source`` to ``destination`` page by page, then check the copy. The folder
    must exist: a share that is not mounted must fail, not fill the empty mount point.
    ``at_rest``: the source is a file nobody writes (a backup being restored), read
    without leaving -wal and -shm files beside it."""
    # A name of its own: two desks opening the same file at once each write their copy.
    partial = destination.with_name(f"{destination.name}.{secrets.token_hex(4)}{PARTIAL}")
    try:
        # Created here first: a refused or full folder gives an OSError with its errno
        # rather than SQLite's vague « unable to open database file ».
        with partial.open("xb"):
            pass
        uri = readonly_uri(source) if at_rest else sqlite_file_uri(source, "mode=ro")
        src = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                verdict = dst.execute("PRAGMA quick_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if not verdict or verdict[0] != "ok":
            raise BadCopyError(f"backup copy failed its integrity check: {verdict}")
        # Renamed only once complete: a file named like a backup is always a whole one.
        partial.replace(destination)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return destination


@contextlib.contextmanager
def file_session(path: Path) -> Iterator[Session]:
    """A read-only session on a SQLite file that is not opened for use (a database about
    to be copied or replaced): no pragma, no upgrade, no -wal or -shm left beside it.
    SQLAlchemy's errors say when the file cannot be read."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(readonly_uri(path), uri=True, timeout=10),
        poolclass=NullPool,
    )
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def backup_name(database: Path, label: str, at: datetime, zone: tzinfo | None = None) -> str:
    """Named in the service's time (else the workstation's): what the person sees on
    their clock, and the day the rotation counts it in."""
    local = at.astimezone(zone)
    return f"{database.stem}-{label}-{local.strftime(_STAMP)}{database.suffix or '.db'}"


def keep_copy(
    plan: BackupPlan,
    label: str,
    at: datetime,
    copy: Callable[[Path, Path], Path] = backup_sqlite,
) -> tuple[Path, tuple[str, ...]]:
    """A copy of the database before a change that cannot be undone otherwise (a schema
    upgrade, a restore): into the chosen folder, else (a share out of reach) beside the
    database, with a warning saying so. Raises when neither could take it."""
    name = backup_name(plan.database, label, at, plan.zone)
    default = plan.default_folder
    try:
        if plan.folder == default:
            default.mkdir(exist_ok=True)
        return copy(plan.database, plan.folder / name), ()
    except (OSError, sqlite3.Error) as error:
        if plan.folder == default or isinstance(error, BadCopyError):
            raise
        reason = failure_reason(error)
    default.mkdir(exist_ok=True)
    warning = (
        f"Le dossier des sauvegardes {plan.folder} n'a pas pu recevoir la copie de la base "
        f"({reason}) : elle a été faite dans le dossier par défaut, {default}."
    )
    return copy(plan.database, default / name), (warning,)


# -- the folder's backups -----------------------------------------------------------


def _pattern(database: Path, tail: str = "") -> re.Pattern[str]:
    suffix = re.escape(database.suffix or ".db")
    return re.compile(
        rf"{re.escape(database.stem)}-(?P<label>{_LABELS})-(?P<stamp>\d{{8}}-\d{{6}}){suffix}{tail}"
    )


def _parsed(pattern: re.Pattern[str], name: str) -> tuple[str, datetime] | None:
    match = pattern.fullmatch(name)
    if match is None:
        return None
    try:
        return match["label"], datetime.strptime(match["stamp"], _STAMP)
    except ValueError:  # « 20271399-… »: not a date, so not one of ours
        return None


def list_backups(folder: Path, database: Path) -> list[BackupEntry]:
    """This database's backups in ``folder``, the newest first (an OSError when the
    folder cannot be read)."""
    pattern, found = _pattern(database), []
    with os.scandir(folder) as entries:
        for entry in entries:
            parsed = _parsed(pattern, entry.name)
            if parsed is not None and entry.is_file():
                found.append(
                    BackupEntry(Path(entry.path), parsed[0], parsed[1], entry.stat().st_size)
                )
    return sorted(found, key=lambda backup: (backup.taken, backup.name), reverse=True)


def has_backup_on(folder: Path, database: Path, day: date) -> bool:
    """Whether a backup of that day is in ``folder``: one listing of names, nothing
    opened (this runs at every opening of the database)."""
    pattern = _pattern(database)
    with os.scandir(folder) as entries:
        for entry in entries:
            parsed = _parsed(pattern, entry.name)
            # A copy kept before a restore holds the database replaced, not this one.
            if parsed is not None and parsed[0] != RESTORE_LABEL and parsed[1].date() == day:
                return True
    return False


def rotation_keeps(stamps: Iterable[datetime], daily: int, monthly: int) -> set[datetime]:
    """The backups a rotation keeps: the newest of each of the last ``daily`` days that
    have one, and the first of each of the last ``monthly`` months that have one.

    Counted over the days that have a backup, not the calendar: after three weeks of
    holidays, the copies from before them are still there.
    """
    newest_of_day: dict[date, datetime] = {}
    first_of_month: dict[tuple[int, int], datetime] = {}
    for stamp in sorted(set(stamps)):
        newest_of_day[stamp.date()] = stamp
        first_of_month.setdefault((stamp.year, stamp.month), stamp)
    days = sorted(newest_of_day, reverse=True)[: max(daily, 1)]  # never the newest one
    months = sorted(first_of_month, reverse=True)[: max(monthly, 0)]
    return {newest_of_day[day] for day in days} | {first_of_month[month] for month in months}


def rotate(plan: BackupPlan, today: date) -> list[Path]:
    """Delete this database's daily backups the rotation does not keep, and the temporary
    copies an interrupted backup left before today. Returns what was deleted.

    Only the daily copies rotate: a copy made by hand, or kept before a migration or a
    restore, is a deliberate safety copy (two restores in one day must not lose the
    database the first one replaced); an administrator deletes those."""
    backups = [b for b in list_backups(plan.folder, plan.database) if b.label == DAILY_LABEL]
    keeps = rotation_keeps((backup.taken for backup in backups), plan.daily, plan.monthly)
    doomed = [backup.path for backup in backups if backup.taken not in keeps]
    partial = _pattern(plan.database, rf"\.[0-9a-f]+{re.escape(PARTIAL)}")
    with os.scandir(plan.folder) as entries:
        for entry in entries:
            parsed = _parsed(partial, entry.name)
            if parsed is not None and parsed[1].date() < today:
                doomed.append(Path(entry.path))
    deleted = []
    for path in doomed:
        try:
            path.unlink()
        except FileNotFoundError:  # another desk's rotation got there first
            continue
        deleted.append(path)
    return deleted


# -- French reasons -----------------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota du disque atteint",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EROFS: "dossier en lecture seule",
    errno.ENOENT: "dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EHOSTUNREACH: "serveur injoignable",
    errno.ENETUNREACH: "réseau injoignable",
    errno.ETIMEDOUT: "le réseau ne répond pas",
    errno.EIO: "erreur de lecture ou d'écriture",
}


def failure_reason(error: BaseException) -> str:
    """Why a copy failed, in a few French words."""
    if isinstance(error, BadCopyError):
        return "la copie n'a pas passé la vérification : la base est peut-être endommagée"
    if isinstance(error, OSError):
        if error.errno in _REASONS:
            return _REASONS[error.errno]
        return error.strerror or str(error)
    text = str(error).lower()
    for needle, reason in (
        ("disk is full", "disque plein"),
        ("readonly", "dossier en lecture seule"),
        ("unable to open", "accès refusé ou dossier introuvable"),
        ("disk i/o", "erreur de lecture ou d'écriture"),
        ("locked", "base occupée"),
        ("malformed", "la base est endommagée"),
        ("not a database", "ce n'est pas une base SQLite"),
    ):
        if needle in text:
            return reason
    return str(error)


def readonly_uri(path: Path) -> str:
    # As preflight does: with no -wal beside it nobody writes, and « immutable » reads
    # without leaving -wal and -shm files behind.
    if Path(f"{path}-wal").exists():
        return sqlite_file_uri(path, "mode=ro")
    return sqlite_file_uri(path, "immutable=1")


def _zone(name: str | None) -> tzinfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
