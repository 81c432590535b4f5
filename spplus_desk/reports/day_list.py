"""The printable day's list: the open requests late, due today and due soon.

A4 landscape, one table per section. A section's table starts with its heading and the
column headers, and both repeat on each page the table runs onto, so a loose sheet still
says what it lists. "Page 1 / 3" needs the page count, known once every page is laid out:
``_NumberedCanvas`` holds the pages back and draws the footers at the end.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.formatting import count_text, format_int
from spplus_desk.domain.history import time_text
from spplus_desk.domain.labels import REQUEST_STATUS_LABELS
from spplus_desk.domain.request_board import BUCKET_LABELS, DEADLINE_BUCKETS, BoardRow, Bucket
from spplus_desk.reports.fonts import FontNames, register_fonts
from spplus_desk.reports.long_table import LongTable

PAGE = landscape(A4)
MARGIN = 12 * mm
# Always printed, even empty ("Aucune demande."); other buckets only when given rows.
DAY_BUCKETS = (Bucket.OVERDUE, Bucket.TODAY, Bucket.SOON)
FRAME_PADDING = 6  # points, reportlab's default inside the page frame
CELL_SIDE_PADDING = 6  # points, reportlab's default in a table cell
CELL_TOP_PADDING, CELL_BOTTOM_PADDING = 2, 3
# (header, share of the width): dates never wrap; long names and types wrap in their cell.
COLUMNS = (
    ("Référence", 25),
    ("Type", 50),
    ("Reçue le", 23),
    ("Échéance", 33),
    ("Retard\n(j.\u00a0ouvrés)", 23),
    ("Agent", 40),
    ("État", 33),
    ("Personne", 46),
)
LATE_COLUMN = 4  # centred: a count
CELL_SIZE, CELL_LEADING = 8.5, 10.5
_SHARES = sum(share for _, share in COLUMNS)
WIDTHS = tuple((PAGE[0] - 2 * MARGIN - 2 * FRAME_PADDING) * share / _SHARES for _, share in COLUMNS)
HEADER_FILL = colors.HexColor("#DCE3EC")
STRIPE_FILL = colors.HexColor("#F3F5F8")
RULE = colors.HexColor("#9AA5B1")
NO_ASSIGNEE = "Non attribuée"
NO_PERSON = "—"


def day_list_pdf(
    rows: Sequence[BoardRow],
    *,
    service_name: str,
    at: datetime,
    zone: ZoneInfo,
    fonts: FontNames | None = None,
    totals: Mapping[Bucket, int] | None = None,
) -> bytes:
    """The 'Liste du jour' as PDF bytes, rows grouped by their bucket in board order.

    ``totals``: how many requests each bucket holds, when ``rows`` are only the first of
    each (the list then says how many are left out and where to find them)."""
    fonts = fonts or register_fonts()
    styles = _Styles(fonts)
    title = f"Demandes à traiter — {service_name}"
    moment = f"{long_date(at.astimezone(zone).date())} à {time_text(at, zone)}"
    total = max(len(rows), sum((totals or {}).get(bucket, 0) for bucket in DAY_BUCKETS))
    story: list[Flowable] = [
        Paragraph(escape(title), styles.title),
        Paragraph(
            escape(f"Situation au {moment}\u00a0: {count_text(total, 'demande', 'demandes')}."),
            styles.subtitle,
        ),
    ]
    for bucket in DEADLINE_BUCKETS:
        section = [row for row in rows if row.bucket is bucket]
        if section or bucket in DAY_BUCKETS:
            total = max(len(section), (totals or {}).get(bucket, 0))
            story += _section(BUCKET_LABELS[bucket], section, total, zone, styles)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,  # room for the footer
        title=title,
        author=service_name,  # the service signs its documents
        subject="Liste du jour",
        creator="SP+ Desk",
        lang="fr-FR",
        initialFontName=fonts.regular,  # else the page preamble names Helvetica
    )
    footer = f"{service_name} — situation au {moment}"

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, footer=footer, font=fonts.regular, **kwargs)

    document.build(story, canvasmaker=canvas_maker)
    return out.getvalue()


class _Styles:
    def __init__(self, fonts: FontNames) -> None:
        self.title = ParagraphStyle("title", fontName=fonts.bold, fontSize=16, leading=20)
        self.subtitle = ParagraphStyle(
            "subtitle", fontName=fonts.regular, fontSize=10, leading=13, spaceAfter=4 * mm
        )
        self.heading = ParagraphStyle(
            "heading",
            fontName=fonts.bold,
            fontSize=12,
            leading=15,
            spaceBefore=3 * mm,
            keepWithNext=1,
        )
        self.empty = ParagraphStyle(
            "empty", fontName=fonts.regular, fontSize=9, leading=12, textColor=colors.dimgrey
        )
        self.cell = ParagraphStyle(
            "cell", fontName=fonts.regular, fontSize=CELL_SIZE, leading=CELL_LEADING
        )
        self.head = ParagraphStyle("head", parent=self.cell, fontName=fonts.bold)
        self.fonts = fonts


def _section(
    label: str, rows: Sequence[BoardRow], total: int, zone: ZoneInfo, styles: _Styles
) -> list[Flowable]:
    heading = Paragraph(escape(f"{label} ({format_int(total)})"), styles.heading)
    if not rows:
        return [heading, Paragraph("Aucune demande.", styles.empty), Spacer(0, 2 * mm)]
    header = [Paragraph(_markup(text), styles.head) for text, _ in COLUMNS]
    # Plain text broken into lines here, not Paragraphs: a Paragraph per cell is measured
    # three times and cost 2 ms a row; a list of hundreds of rows must print at once.
    font = styles.fonts.regular
    body = [
        [
            "\n".join(simpleSplit(text, font, CELL_SIZE, width - 2 * CELL_SIDE_PADDING) or [""])
            for text, width in zip(_cells(row, zone), WIDTHS, strict=True)
        ]
        for row in rows
    ]
    table = LongTable(
        [[heading], header],  # the heading and the column headers on every page
        body,
        widths=WIDTHS,
        style_for=lambda count: _table_style(count, styles.fonts),
        cell_padding=(CELL_SIDE_PADDING, CELL_SIDE_PADDING, CELL_TOP_PADDING, CELL_BOTTOM_PADDING),
        text_leading=CELL_LEADING,
    )
    left_out = total - len(rows)
    if left_out <= 0:
        return [table, Spacer(0, 3 * mm)]
    note = (
        f"Les {format_int(len(rows))} premières sont imprimées ; "
        f"{count_text(left_out, 'autre demande figure', 'autres demandes figurent')} au "
        "tableau des demandes et dans ses exports CSV et Excel."
    )
    return [table, Paragraph(escape(note), styles.empty), Spacer(0, 3 * mm)]


def _markup(text: str) -> str:
    """Paragraph markup for plain text: '&' and '<' escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def _cells(row: BoardRow, zone: ZoneInfo) -> tuple[str, ...]:
    return (
        row.reference,
        row.kind,
        row.received_at.astimezone(zone).strftime("%d/%m/%Y"),
        _due_text(row, zone),
        # A late request shows its count, even 0 (late since this morning); others, nothing.
        format_int(row.days_late) if row.days_late or row.bucket is Bucket.OVERDUE else "",
        row.assignee or NO_ASSIGNEE,
        REQUEST_STATUS_LABELS[row.status],
        row.person or NO_PERSON,
    )


def _due_text(row: BoardRow, zone: ZoneInfo) -> str:
    """'23/11/2026', or '23/11/2026 à 14 h 30' when the delay runs in opening hours."""
    if row.in_hours and row.due_at is not None:
        # Breaks, when it must, between the day and the time.
        return f"{row.due_at.astimezone(zone):%d/%m/%Y} à\u00a0{time_text(row.due_at, zone)}"
    return f"{row.due_date:%d/%m/%Y}" if row.due_date is not None else "—"


def _table_style(body_rows: int, fonts: FontNames) -> TableStyle:
    last = body_rows + 1
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
            ("FONTSIZE", (0, 2), (-1, last), CELL_SIZE),
            ("LEADING", (0, 2), (-1, last), CELL_LEADING),
            ("ALIGN", (LATE_COLUMN, 2), (LATE_COLUMN, last), "CENTER"),
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 2 * mm),
            ("BACKGROUND", (0, 1), (-1, 1), HEADER_FILL),
            ("ROWBACKGROUNDS", (0, 2), (-1, last), [colors.white, STRIPE_FILL]),
            ("GRID", (0, 1), (-1, last), 0.4, RULE),
            ("VALIGN", (0, 1), (-1, last), "TOP"),
            ("TOPPADDING", (0, 1), (-1, last), CELL_TOP_PADDING),
            ("BOTTOMPADDING", (0, 1), (-1, last), CELL_BOTTOM_PADDING),
        ]
    )


class _NumberedCanvas(Canvas):
    """Keeps each page until the end, then writes 'Page n / total' in every footer."""

    def __init__(self, *args: Any, footer: str, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._font = font
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        # Reportlab's own recipe for "page n of m": keep the page, start the next one
        # without writing this one out (the stubs leave the private method out).
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = PAGE
        self.setFont(self._font, 8)
        self.setFillColor(colors.dimgrey)
        left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING  # the table's edges
        self.drawString(left, MARGIN, self._footer)
        self.drawRightString(right, MARGIN, f"Page {self.getPageNumber()} / {total}")
