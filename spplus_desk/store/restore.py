"""Putting a backup in place of the database: the file is checked to be one of ours,
nobody else may have the database open, and the files are swapped so that an
interruption leaves either the old database or the restored one, never a mix.

SQLite keeps the latest changes in a -wal file beside the database; a -wal left beside
the restored file would be replayed into it and wreck it. So the old database is first
switched out of WAL mode, which SQLite allows only to the one connection open on it:
that is also the proof that no other program (SP+ Desk on this workstation, a command in
progress) is using it. Between that proof and the swap there is a moment (milliseconds)
when another program could still open it: restoring is done with SP+ Desk closed.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import sqlite3
from pathlib import Path

from spplus_desk.domain.errors import UserError
from spplus_desk.store.backup import PARTIAL, backup_sqlite, readonly_uri
from spplus_desk.store.preflight import SQLITE_HEADER

UNCHANGED = "Rien n'a été modifié."
PROBE_TIMEOUT_S = 2  # a write in progress ends well within this


def in_use_error(path: Path) -> UserError:
    return UserError(
        f"La base {path} est ouverte par un autre programme (SP+ Desk sur ce poste, ou une "
        f"commande en cours) : fermez-le puis recommencez. {UNCHANGED}"
    )


def backup_revision(path: Path) -> str | None:
    """The schema revision of a SP+ Desk file (a backup to restore), read without
    writing anything beside it; a French refusal for anything else."""
    if not path.exists():
        raise UserError(f"Le fichier {path} n'existe pas. {UNCHANGED}")
    if path.is_dir():
        raise UserError(f"{path} est un dossier : choisissez un fichier de sauvegarde.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UserError(f"Le fichier {path} ne peut pas être lu ({error.strerror}).") from None
    if not header:
        raise UserError(f"Le fichier {path} est vide : ce n'est pas une sauvegarde SP+ Desk.")
    if header != SQLITE_HEADER:
        raise UserError(
            f"Le fichier {path} n'est pas une sauvegarde SP+ Desk (ce n'est pas un fichier SQLite)."
        )
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True, timeout=10)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise UserError(
                    f"Le fichier {path} est une base SQLite qui n'a pas été créée par SP+ Desk."
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise UserError(
            f"Le fichier {path} est endommagé et ne peut pas être lu (SQLite : {error})."
        ) from None
    return str(row[0]) if row else None


def release(path: Path) -> None:
    """Make sure no other connection has ``path`` open, and leave it as one file (its
    -wal written back into it). A file SQLite cannot read at all is left as it is: no
    program can be using it."""
    try:
        connection = sqlite3.connect(path, timeout=PROBE_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        if not mode or str(mode[0]).lower() != "delete":
            raise in_use_error(path)
        # Out of WAL mode, a reader holds a shared lock: an exclusive one proves none.
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            raise in_use_error(path) from None
    except sqlite3.DatabaseError:
        return  # « malformed », « not a database »: nothing to protect
    finally:
        connection.close()


def raw_copy(source: Path, destination: Path) -> Path:
    """A byte-for-byte copy of a database too damaged for SQLite to copy, with its -wal
    (named so that SQLite finds it beside the copy)."""
    partial = destination.with_name(f"{destination.name}.{secrets.token_hex(4)}{PARTIAL}")
    try:
        shutil.copyfile(source, partial)
        wal = Path(f"{source}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{destination}-wal"))
        partial.replace(destination)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return destination


def put_in_place(source: Path, target: Path) -> None:
    """Replace ``target`` by a checked copy of ``source``, atomically: the copy is made
    beside the target (same disk) and renamed over it once whole."""
    temporary = target.with_name(f".{target.name}.restauration")
    backup_sqlite(source, temporary, at_rest=True)  # nothing left beside the backup
    try:
        if target.exists():
            with contextlib.suppress(OSError):  # the group's rights on the file stay
                temporary.chmod(target.stat().st_mode & 0o777)
            release(target)
        # Leftovers of the old file, which SQLite would otherwise apply to the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
