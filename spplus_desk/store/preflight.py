"""Checks made before SP+ Desk touches a SQLite file.

Everything here opens the file read-only, so a file that is refused is left byte for
byte as it was: opening it with our pragmas would already switch it to WAL mode.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from spplus_desk.domain.errors import UserError
from spplus_desk.store.database import explain_sqlite_message
from spplus_desk.store.location import sqlite_file_uri

SQLITE_HEADER = b"SQLite format 3\x00"
UNCHANGED = "Le fichier n'a pas été modifié."


@dataclass(frozen=True, slots=True)
class FileState:
    exists: bool
    revision: str | None  # None: new or empty database


def _readonly_uri(path: Path) -> str:
    # With no -wal file beside it, nobody is writing: "immutable" reads without creating
    # the -wal and -shm files a read-only open of a WAL database would otherwise leave.
    if Path(f"{path}-wal").exists():
        return sqlite_file_uri(path, "mode=ro")
    return sqlite_file_uri(path, "immutable=1")


def check_directory(directory: Path, *, create: bool) -> None:
    """The folder must exist (or be ours to create) and accept new files."""
    if not directory.exists():
        if not create:
            raise UserError(
                f"Le dossier {directory} n'existe pas. Créez-le ou choisissez un autre "
                "emplacement pour la base de données."
            )
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(
                f"Impossible de créer le dossier {directory} : {os_reason(error)}."
            ) from None
    if not directory.is_dir():
        raise UserError(f"{directory} n'est pas un dossier.")
    # A real attempt, not os.access: it also catches read-only mounts and works as root.
    try:
        handle, probe = tempfile.mkstemp(prefix=".spplus-probe-", dir=directory)
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise UserError(
            f"Le dossier {directory} n'accepte pas de nouveaux fichiers "
            f"({os_reason(error)}) : SP+ Desk doit pouvoir y écrire la base et son journal. "
            "Choisissez un autre emplacement ou demandez les droits d'écriture."
        ) from None


def inspect_file(path: Path, known_revisions: tuple[str, ...]) -> FileState:
    """Refuse, with a French message, any file that is not a usable SP+ Desk database."""
    if not path.exists():
        return FileState(exists=False, revision=None)
    if path.is_dir():
        raise UserError(f"{path} est un dossier, pas un fichier de base de données.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UserError(f"Impossible de lire le fichier {path} : {os_reason(error)}.") from None
    if not header:
        raise UserError(
            f"Le fichier {path} est vide : ce n'est pas une base SP+ Desk. "
            f"Vérifiez le chemin ou restaurez une sauvegarde. {UNCHANGED}"
        )
    if header != SQLITE_HEADER:
        raise UserError(
            f"Le fichier {path} n'est pas une base de données SP+ Desk (ce n'est pas un "
            f"fichier SQLite). Vérifiez le chemin indiqué. {UNCHANGED}"
        )
    revision = _read_revision(path)
    if revision is not None and revision not in known_revisions:
        raise newer_schema_error(str(path), revision)
    if not os.access(path, os.W_OK):
        raise UserError(
            f"Le fichier {path} est en lecture seule : SP+ Desk doit pouvoir y enregistrer "
            "les saisies. Demandez les droits d'écriture ou copiez-le ailleurs."
        )
    return FileState(exists=True, revision=revision)


def _read_revision(path: Path) -> str | None:
    try:
        connection = sqlite3.connect(_readonly_uri(path), uri=True, timeout=10)
    except sqlite3.Error as error:
        raise _database_error(path, error) from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise UserError(
                f"Le fichier {path} est une base SQLite qui n'a pas été créée par SP+ Desk. "
                f"Vérifiez le chemin indiqué. {UNCHANGED}"
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error as error:
        raise _database_error(path, error) from None
    finally:
        connection.close()


def integrity_problem(path: Path) -> str | None:
    """SQLite's quick_check of every page, read-only; None when the file is sound.

    It reads the whole file (seconds for a million contacts), so it runs for explicit
    commands and in the background of the app, not before the window shows.
    """
    try:
        connection = sqlite3.connect(sqlite_file_uri(path, "mode=ro"), uri=True, timeout=10)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(rows)


def corrupt_database_error(path: Path, detail: str) -> UserError:
    return UserError(
        f"La base de données {path} est endommagée et ne peut pas être utilisée "
        f"(SQLite : {detail}). {UNCHANGED} Restaurez la dernière sauvegarde."
    )


def newer_schema_error(where: str, revision: str) -> UserError:
    return UserError(
        f"La base de données {where} a été créée par une version plus récente de SP+ Desk "
        f"(schéma « {revision} »). Installez la dernière version de l'application pour "
        f"l'ouvrir. {UNCHANGED}"
    )


def _database_error(path: Path, error: sqlite3.Error) -> UserError:
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return corrupt_database_error(path, str(error))  # "malformed", "not a database"
    explained = explain_sqlite_message(str(error), path)
    if explained is not None:
        return explained
    if "unable to open" in str(error).lower():
        return UserError(
            f"Impossible d'ouvrir le fichier {path} : accès refusé ou chemin invalide."
        )
    return corrupt_database_error(path, str(error))


def os_reason(error: OSError) -> str:
    reasons = {
        errno.EACCES: "accès refusé",
        errno.EPERM: "opération non permise",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.ENOSPC: "disque plein",
        errno.ENOENT: "chemin introuvable",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    }
    return reasons.get(error.errno or 0, error.strerror or "erreur du système")
