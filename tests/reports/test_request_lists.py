"""The board's exports (CSV, XLSX) and the printable day's list, read back as a person's
tools would: the csv module with ';', openpyxl, and the PDF's text through pypdf.

The rows are built by hand; expected cells are written out, never computed by the code
under test. The service is in Paris (UTC+1 in November).
"""

from __future__ import annotations

import csv
import io
import shutil
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject

from spplus_desk.domain.enums import Channel, RequestStatus
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.request_board import BoardRow, Bucket
from spplus_desk.reports.day_list import day_list_pdf
from spplus_desk.reports.fonts import bundled_font, register_fonts
from spplus_desk.reports.request_lists import board_csv, board_xlsx

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2026, 11, 23, 8, 5, tzinfo=UTC)  # lundi 23 novembre 2026, 9 h 05 in Paris
SERVICE = "Mairie de Saint-Étienne"
HEADERS = [
    "Référence",
    "Type de demande",
    "Canal",
    "Reçue le",
    "Échéance",
    "Jours de retard (jours ouvrés)",
    "Situation",
    "Agent",
    "État",
    "Personne",
    "Accusé de réception dû le",
    "Accusé de réception envoyé",
]


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).astimezone(UTC)


def board_row(reference: str, bucket: Bucket, **changes: object) -> BoardRow:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "reference": reference,
        "kind": "Acte d'état civil",
        "channel": Channel.EMAIL,
        "received_at": paris(date(2026, 11, 9), 10, 12),
        "due_date": date(2026, 11, 19),
        "due_at": paris(date(2026, 11, 20), 0),
        "in_hours": False,
        "assignee_id": None,
        "assignee": "Sophie Lambert",
        "status": RequestStatus.OPEN,
        "person": "Marc Petit",
        "bucket": bucket,
        "days_late": 0,
        "ack_due_date": None,
        "ack_pending": False,
        "version": 1,
    }
    values.update(changes)
    return BoardRow(**values)  # type: ignore[arg-type]


ROWS = [
    board_row(
        "2026-000101",
        Bucket.OVERDUE,
        days_late=2,
        status=RequestStatus.ACKNOWLEDGED,
        person="=SOMME(A1)",  # typed by an agent: must never run as a formula
        ack_due_date=date(2026, 11, 12),
    ),
    board_row(  # a delay in opening hours, run out at 8 h 30 this morning
        "2026-000102",
        Bucket.OVERDUE,
        kind="Rappel téléphonique",
        channel=Channel.PHONE,
        received_at=paris(date(2026, 11, 20), 16, 40),
        due_date=date(2026, 11, 23),
        due_at=paris(date(2026, 11, 23), 8, 30),
        in_hours=True,
        assignee="",
    ),
    board_row(
        "2026-000103",
        Bucket.TODAY,
        kind="Permis de construire",
        channel=Channel.LETTER,
        received_at=paris(date(2026, 11, 3), 14, 0),
        due_date=date(2026, 11, 23),
        person="",
        ack_due_date=date(2026, 11, 6),
        ack_pending=True,
    ),
    board_row(
        "2026-000104",
        Bucket.SOON,
        received_at=paris(date(2026, 11, 18), 9, 0),
        due_date=date(2026, 11, 25),
        person="Élodie Fontaine",
    ),
]

EXPECTED_CSV = [
    HEADERS,
    [
        "2026-000101",
        "Acte d'état civil",
        "Courriel",
        "09/11/2026 10:12",
        "19/11/2026",
        "2",
        "En retard",
        "Sophie Lambert",
        "Accusé de réception envoyé",
        "'=SOMME(A1)",
        "12/11/2026",
        "oui",
    ],
    [
        "2026-000102",
        "Rappel téléphonique",
        "Téléphone",
        "20/11/2026 16:40",
        "23/11/2026 08:30",
        "0",
        "En retard",
        "",
        "En cours",
        "Marc Petit",
        "",
        "",
    ],
    [
        "2026-000103",
        "Permis de construire",
        "Courrier",
        "03/11/2026 14:00",
        "23/11/2026",
        "0",
        "À traiter aujourd'hui",
        "Sophie Lambert",
        "En cours",
        "",
        "06/11/2026",
        "non",
    ],
    [
        "2026-000104",
        "Acte d'état civil",
        "Courriel",
        "18/11/2026 09:00",
        "25/11/2026",
        "0",
        "Dans les 2 jours ouvrés",
        "Sophie Lambert",
        "En cours",
        "Élodie Fontaine",
        "",
        "",
    ],
]


def test_csv_is_what_french_excel_opens_cleanly() -> None:
    data = board_csv(ROWS, PARIS)

    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, accents intact
    text = data.decode("utf-8-sig")
    assert text.split("\r\n")[0] == ";".join(HEADERS)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=";")) == EXPECTED_CSV


def test_csv_defuses_every_formula_start() -> None:
    rows = [board_row(f"2026-00020{i}", Bucket.TODAY, person=p) for i, p in enumerate("=+-@")]
    people = [
        line[9]
        for line in csv.reader(
            io.StringIO(board_csv(rows, PARIS).decode("utf-8-sig")), delimiter=";"
        )
    ]

    assert people == ["Personne", "'=", "'+", "'-", "'@"]


def test_csv_of_no_rows_is_the_header_alone() -> None:
    assert board_csv([], PARIS) == ("\ufeff" + ";".join(HEADERS) + "\r\n").encode()


def _sheet(data: bytes) -> Worksheet:
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Demandes"]
    sheet = book["Demandes"]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_xlsx_has_the_same_cells_with_real_dates() -> None:
    data = board_xlsx(ROWS, PARIS)
    sheet = _sheet(data)

    values = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert values[1] == [
        "2026-000101",
        "Acte d'état civil",
        "Courriel",
        datetime(2026, 11, 9, 10, 12),  # local time, naive: Excel has no zones
        datetime(2026, 11, 19),
        2,
        "En retard",
        "Sophie Lambert",
        "Accusé de réception envoyé",
        "=SOMME(A1)",  # kept as typed, stored as text
        datetime(2026, 11, 12),
        "oui",
    ]
    assert values[2][3:6] == [datetime(2026, 11, 20, 16, 40), datetime(2026, 11, 23, 8, 30), 0]
    assert values[2][7] is None  # nobody has it: an empty cell, as in the CSV
    assert values[3][9] is None
    assert values[4][9] == "Élodie Fontaine"
    assert (sheet["D2"].is_date, sheet["D2"].number_format) == (True, "DD/MM/YYYY HH:MM")
    assert (sheet["E2"].is_date, sheet["E2"].number_format) == (True, "DD/MM/YYYY")
    assert sheet["E3"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["K2"].number_format == "DD/MM/YYYY"


def test_xlsx_header_is_bold_frozen_and_filtered() -> None:
    sheet = _sheet(board_xlsx(ROWS, PARIS))

    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L5"
    assert 12 <= sheet.column_dimensions["D"].width <= 45
    assert sheet.column_dimensions["F"].width >= len("Jours de retard (jours ouvrés)")


def test_xlsx_never_stores_a_typed_name_as_a_formula() -> None:
    data = board_xlsx(ROWS, PARIS)
    sheet = _sheet(data)

    assert sheet["J2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def _pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    # No-break spaces (before units, in "9 h 05") read back as plain spaces here.
    return [
        page.extract_text().replace("\xa0", " ").replace("\u202f", " ") for page in reader.pages
    ]


def _font_names(data: bytes) -> set[str]:
    """The fonts the pages use: '/AAAAAA+DejaVuSans' (a subset embedded in the file)."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = _dictionary(_dictionary(page["/Resources"])["/Font"])
        names |= {str(_dictionary(font)["/BaseFont"]) for font in fonts.values()}
    return names


def _dictionary(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def test_day_list_prints_the_sections_with_their_counts() -> None:
    data = day_list_pdf(ROWS, service_name=SERVICE, at=AT, zone=PARIS)

    assert data.startswith(b"%PDF")
    [page] = _pdf_pages(data)
    text = " ".join(page.split())  # cells wrap: compare words, not line breaks
    assert "Demandes à traiter — Mairie de Saint-Étienne" in text
    assert "lundi 23 novembre 2026 à 9 h 05" in text
    headings = ["En retard (2)", "À traiter aujourd'hui (1)", "Dans les 2 jours ouvrés (1)"]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    for row in ROWS:
        assert row.reference in text
    assert "Élodie Fontaine" in text
    assert "=SOMME(A1)" in text  # on paper a name is only text
    assert "23/11/2026 à 8 h 30" in text  # an hour delay shows its time
    assert "Non attribuée" in text
    assert "Page 1 / 1" in text


def test_day_list_embeds_its_own_font_never_helvetica() -> None:
    fonts = _font_names(day_list_pdf(ROWS, service_name=SERVICE, at=AT, zone=PARIS))

    assert fonts
    assert all("DejaVuSans" in name for name in fonts), fonts


def test_an_empty_section_says_so() -> None:
    overdue_only = [row for row in ROWS if row.bucket is Bucket.OVERDUE]
    [text] = _pdf_pages(day_list_pdf(overdue_only, service_name=SERVICE, at=AT, zone=PARIS))

    assert "À traiter aujourd'hui (0)" in text
    assert "Dans les 2 jours ouvrés (0)" in text
    assert text.count("Aucune demande.") == 2


def test_a_long_list_runs_onto_pages_that_repeat_the_headers() -> None:
    rows = [
        board_row(f"2026-{n:06d}", Bucket.OVERDUE, person=f"Personne n° {n} avec un nom long")
        for n in range(1, 301)
    ]
    pages = _pdf_pages(day_list_pdf(rows, service_name=SERVICE, at=AT, zone=PARIS))

    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in text
        assert "En retard (300)" in text
        assert "Référence" in text
        assert "Personne" in text
    everything = "\n".join(pages)
    assert all(f"2026-{n:06d}" in everything for n in range(1, 301))


def test_fonts_register_once_and_a_service_may_bring_its_own(tmp_path: Path) -> None:
    assert register_fonts() == register_fonts()
    assert register_fonts().regular == "DejaVuSans"
    # A stand-in for the State font: the bold face, so the PDF shows which file it used.
    own = tmp_path / "Marianne-Regular.ttf"
    shutil.copy(bundled_font("DejaVuSans-Bold.ttf"), own)

    fonts = register_fonts(own)

    assert fonts.regular.startswith("Marianne-Regular")
    assert fonts.bold == fonts.regular
    assert register_fonts(own) == fonts
    data = day_list_pdf(ROWS, service_name=SERVICE, at=AT, zone=PARIS, fonts=fonts)
    assert {name.split("+")[-1] for name in _font_names(data)} == {"DejaVuSans-Bold"}


@pytest.mark.parametrize("content", [None, b"not a font"])
def test_a_font_that_cannot_be_read_is_a_clear_message(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "Police.ttf"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(UserError, match=r"Police\.ttf"):
        register_fonts(path)


def test_a_long_list_prints_each_row_once_in_order() -> None:
    # Laid out page by page (reports.long_table): no row lost or doubled at a page break.
    rows = [board_row(f"2026-{n:06d}", Bucket.OVERDUE) for n in range(1, 401)]
    text = " ".join(_pdf_pages(day_list_pdf(rows, service_name=SERVICE, at=AT, zone=PARIS)))

    positions = [text.index(row.reference) for row in rows]
    assert positions == sorted(positions)
    assert all(text.count(row.reference) == 1 for row in rows)


def test_a_section_cut_short_says_how_many_are_left_out_and_where() -> None:
    rows = [board_row(f"2026-{n:06d}", Bucket.OVERDUE) for n in range(1, 201)]
    totals = {Bucket.OVERDUE: 13_690, Bucket.TODAY: 0, Bucket.SOON: 0}
    pages = _pdf_pages(day_list_pdf(rows, service_name=SERVICE, at=AT, zone=PARIS, totals=totals))
    text = " ".join(" ".join(pages).split())

    # (split() took the narrow no-break spaces of « 13 690 » for spaces)
    assert ": 13 690 demandes." in text
    assert "En retard (13 690)" in text
    assert (
        "Les 200 premières sont imprimées ; 13 490 autres demandes figurent au tableau "
        "des demandes et dans ses exports CSV et Excel." in text
    )
