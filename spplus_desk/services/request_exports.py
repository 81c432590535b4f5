"""The lead's board as files: a bucket exported as CSV or XLSX, and the writing of such
a file (or of any printed document) so that a failure never leaves half of it on disk.

The rows are read here (every row of the bucket, not the screen's first page); the
files are built by ``reports``, which the screens may not import themselves. The day's
list is a printed document: ``services.documents``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.request_board import BUCKET_LABELS, BoardFilter
from spplus_desk.reports.request_lists import board_csv, board_xlsx
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_board import board_rows
from spplus_desk.services.setup import get_service
from spplus_desk.store.requests import NOT_CONFIGURED

ExportFormat = Literal["csv", "xlsx"]
FULL_DISK = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def _service(desk: Desk) -> tuple[str, ZoneInfo]:
    service = get_service(desk)
    if service is None:
        raise UserError(NOT_CONFIGURED)
    return service.name, ZoneInfo(service.time_zone)


def export_board(desk: Desk, board_filter: BoardFilter, fmt: ExportFormat) -> bytes:
    """Every request of the bucket, agent and kind chosen, as a spreadsheet file's bytes."""
    _name, zone = _service(desk)
    rows = board_rows(desk, board_filter, limit=None)
    return board_csv(rows, zone) if fmt == "csv" else board_xlsx(rows, zone)


def export_file_name(board_filter: BoardFilter, fmt: ExportFormat, today: date) -> str:
    """'demandes-en-retard-2027-05-04.csv': what the save dialog proposes."""
    words = "".join(c if c.isalnum() else " " for c in fold(BUCKET_LABELS[board_filter.bucket]))
    return f"demandes-{'-'.join(words.split())}-{today.isoformat()}.{fmt}"


def save_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed
    once complete: a full disk or a refused folder leaves the old file (if any) as it
    was and no half-written one, and says so in French."""
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        temporary = Path(name)
        if hasattr(os, "fchmod"):  # mkstemp's file is private (0600): an export is not
            os.fchmod(handle, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise UserError(_write_problem(path, error)) from error


def _write_problem(path: Path, error: OSError) -> str:
    if error.errno in FULL_DISK:
        return (
            f"Le disque est plein : « {path.name} » n'a pas été enregistré. Libérez de la "
            "place ou choisissez un autre emplacement."
        )
    if error.errno in READ_ONLY or isinstance(error, PermissionError):
        return (
            f"Impossible d'écrire « {path.name} » dans « {path.parent} » : le dossier est "
            "en lecture seule, l'accès y est refusé, ou le fichier est ouvert dans un autre "
            "programme. Fermez-le ou choisissez un autre emplacement."
        )
    if isinstance(error, FileNotFoundError):
        return f"Le dossier « {path.parent} » n'existe pas (ou plus) : choisissez-en un autre."
    reason = error.strerror or str(error)
    return (
        f"« {path.name} » n'a pas pu être enregistré ({reason}) : choisissez un autre emplacement."
    )
