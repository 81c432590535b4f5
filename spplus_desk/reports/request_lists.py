"""The lead's board as a spreadsheet: CSV for French Excel, and XLSX.

Both are built from the same columns, so a request reads the same in either file. The
printable day's list is in ``day_list``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from spplus_desk.domain.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS
from spplus_desk.domain.request_board import BUCKET_LABELS, BoardRow

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | date | datetime | None  # datetimes are naive, in the service's zone

SHEET_TITLE = "Demandes"
DAY_FORMAT = "%d/%m/%Y"  # what French Excel reads as a date
MOMENT_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DAY_FORMAT = "DD/MM/YYYY"
XLSX_MOMENT_FORMAT = "DD/MM/YYYY HH:MM"
# A spreadsheet runs a cell starting with one of these as a formula: names are typed
# by agents, so such text is defused (OWASP's advice for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 45  # characters: longer text is cut off on screen, never lost


def local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant as a naive local time: spreadsheets know no time zones."""
    return instant.astimezone(zone).replace(tzinfo=None)


def due_value(row: BoardRow, zone: ZoneInfo) -> date | datetime | None:
    """The due day, or the due time when the delay runs in opening hours."""
    if row.in_hours and row.due_at is not None:
        return local(row.due_at, zone)
    return row.due_date


def ack_sent(row: BoardRow) -> str:
    """'oui', 'non', or '' when no acknowledgement of receipt is owed."""
    if row.ack_due_date is None:
        return ""
    return "non" if row.ack_pending else "oui"


# (header, value of a row): the columns of both exports, in order.
COLUMNS: tuple[tuple[str, Callable[[BoardRow, ZoneInfo], Cell]], ...] = (
    ("Référence", lambda row, zone: row.reference),
    ("Type de demande", lambda row, zone: row.kind),
    ("Canal", lambda row, zone: CHANNEL_LABELS[row.channel]),
    ("Reçue le", lambda row, zone: local(row.received_at, zone)),
    ("Échéance", due_value),
    ("Jours de retard (jours ouvrés)", lambda row, zone: row.days_late),
    ("Situation", lambda row, zone: BUCKET_LABELS[row.bucket]),
    ("Agent", lambda row, zone: row.assignee),
    ("État", lambda row, zone: REQUEST_STATUS_LABELS[row.status]),
    ("Personne", lambda row, zone: row.person),
    ("Accusé de réception dû le", lambda row, zone: row.ack_due_date),
    ("Accusé de réception envoyé", lambda row, zone: ack_sent(row)),
)
HEADERS = tuple(header for header, _ in COLUMNS)


def row_values(row: BoardRow, zone: ZoneInfo) -> list[Cell]:
    return [value(row, zone) for _, value in COLUMNS]


def cell_text(value: Cell) -> str:
    """A value as CSV text: dates as dd/mm/yyyy, text defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.strftime(MOMENT_FORMAT)
    if isinstance(value, date):
        return value.strftime(DAY_FORMAT)
    if isinstance(value, int):
        return str(value)
    return defused(value)


def defused(text: str) -> str:
    """'=SOMME(A1)' -> "'=SOMME(A1)": Excel shows the text instead of running it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def board_csv(rows: Sequence[BoardRow], zone: ZoneInfo) -> bytes:
    """UTF-8 with a BOM, ';' between cells and CRLF line ends: what French Excel opens
    cleanly with a double click (accents intact, one column per field)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([cell_text(value) for value in row_values(row, zone)])
    return out.getvalue().encode("utf-8-sig")


def board_xlsx(rows: Sequence[BoardRow], zone: ZoneInfo) -> bytes:
    """One sheet 'Demandes': bold frozen header, a filter on every column, real date
    cells shown dd/mm/yyyy."""
    # Imported here: openpyxl takes ~0.15 s to load, which the CSV and the command line
    # (a quick query) need not pay.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook always has one sheet
    sheet.title = SHEET_TITLE
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(header) for header in HEADERS]
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row_values(row, zone), start=1):
            _put(sheet, line, column, value)
            widths[column - 1] = max(widths[column - 1], len(cell_text(value)))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet: Worksheet, line: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=line, column=column, value=value)
    if isinstance(value, datetime):
        cell.number_format = XLSX_MOMENT_FORMAT
    elif isinstance(value, date):
        cell.number_format = XLSX_DAY_FORMAT
    elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # openpyxl would store '=…' as a formula: a string cell is never evaluated, so the
        # name stays exactly as typed; the quote prefix keeps it text when edited in Excel.
        cell.data_type = "s"
        cell.quotePrefix = True
