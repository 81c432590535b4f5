"""Online copies of a SQLite database (the sqlite3 backup API: safe while in use)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from spplus_desk.store.location import sqlite_file_uri

BACKUP_FOLDER = "sauvegardes"


def backup_folder_for(database: Path) -> Path:
    """Backups sit beside the database, where whoever looks for the file finds them."""
    return database.parent / BACKUP_FOLDER


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` page by page, then check the copy."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partiel")
    src = sqlite3.connect(sqlite_file_uri(source, "mode=ro"), uri=True)
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
        partial.unlink(missing_ok=True)
        raise OSError(f"backup copy failed its integrity check: {verdict}")
    # Renamed only once complete: a file named like a backup is always a whole one.
    partial.replace(destination)
    return destination


def backup_name(database: Path, label: str, at: datetime) -> str:
    """Named in the workstation's local time: what the person sees on their clock."""
    local = at.astimezone()
    return f"{database.stem}-{label}-{local:%Y%m%d-%H%M%S}{database.suffix or '.db'}"
