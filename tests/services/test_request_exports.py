"""The board's files: a whole bucket as CSV (for French Excel) or XLSX, the day's list as
PDF, and files written so that a full disk or a refused folder leaves no half file."""

from __future__ import annotations

import errno
import io
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.request_board import BoardFilter, Bucket
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.request_board import board_summary
from spplus_desk.services.request_exports import (
    export_board,
    export_file_name,
    save_file,
)
from tests.services.test_request_board import AT, build_board, references
from tests.support import FixedClock


def test_a_bucket_as_csv_for_french_excel(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    data = export_board(desk, BoardFilter(Bucket.OVERDUE), "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the accents right
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Référence;")
    assert [line.split(";")[0] for line in lines[1:] if line] == references(board, "O1", "O2", "O3")


def test_every_row_is_exported_not_only_the_first_page(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    lea = next(a for a in board_summary(desk, at=AT).by_agent if a.label == "Léa Martin")
    data = export_board(desk, BoardFilter(Bucket.ALL, assignee_id=lea.id), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == references(board, "O2", "T", "S", "W")


def test_the_day_list_is_a_pdf_of_late_today_and_soon(desk: Desk, clock: FixedClock) -> None:
    board = build_board(desk, clock)
    document = build_document(desk, DocumentOrder(DocumentKind.DAY_LIST))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.data)).pages)
    assert "Mairie de Test" in text
    for reference in references(board, "O1", "O2", "O3", "T", "S"):
        assert reference in text
    assert board["N"].reference not in text  # on track: not for today's list


def test_file_names_say_what_and_when() -> None:
    today = date(2027, 6, 16)
    assert export_file_name(BoardFilter(Bucket.OVERDUE), "csv", today) == (
        "demandes-en-retard-2027-06-16.csv"
    )
    assert export_file_name(BoardFilter(Bucket.TODAY), "xlsx", today) == (
        "demandes-a-traiter-aujourd-hui-2027-06-16.xlsx"
    )


def test_a_file_is_written_whole_and_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "demandes.csv"
    path.write_bytes(b"ancien")
    save_file(path, b"nouveau")
    assert path.read_bytes() == b"nouveau"
    assert list(tmp_path.iterdir()) == [path]


def test_a_full_disk_leaves_the_old_file_and_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demandes.csv"
    path.write_bytes(b"ancien")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(UserError, match=r"Le disque est plein : « demandes\.csv »"):
        save_file(path, b"x" * 10_000)
    assert path.read_bytes() == b"ancien"
    assert list(tmp_path.iterdir()) == [path]


def test_a_refused_folder_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "replace", refused)
    with pytest.raises(UserError, match="lecture seule") as caught:
        save_file(tmp_path / "demandes.xlsx", b"PK")
    assert "autre emplacement" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="n'existe pas"):
        save_file(tmp_path / "parti" / "demandes.csv", b"x")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_an_export_is_readable_like_any_document(tmp_path: Path) -> None:
    path = tmp_path / "liste.pdf"
    save_file(path, b"%PDF-1.4")
    assert path.stat().st_mode & 0o777 == 0o644  # not the temporary file's 0600
