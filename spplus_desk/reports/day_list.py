"""The printable day's list: the open requests late, due today and due soon.

A4 landscape, one table per section. A section's table starts with its heading and the
column headers, and both repeat on each page the table runs onto, so a loose sheet still
says what it lists. "Page 1 / 3" needs the page count, known once every page is laid out:
``_NumberedCanvas`` holds the pages back and draws the footers at the end.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.formatting import count_text, format_int
from spplus_desk.domain.history import time_text
from spplus_desk.domain.labels import REQUEST_STATUS_LABELS
from spplus_desk.domain.request_board import BUCKET_LABELS, DEADLINE_BUCKETS, BoardRow, Bucket
from spplus_desk.reports.fonts import FontNames, register_fonts

PAGE = landscape(A4)
MARGIN = 12 * mm
# Always printed, even empty ("Aucune demande."); other buckets only when given rows.
DAY_BUCKETS = (Bucket.OVERDUE, Bucket.TODAY, Bucket.SOON)
FRAME_PADDING = 6  # points, reportlab's default inside the page frame
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
) -> bytes:
    """The 'Liste du jour' as PDF bytes, rows grouped by their bucket in board order."""
    fonts = fonts or register_fonts()
    styles = _Styles(fonts)
    title = f"Demandes à traiter — {service_name}"
    moment = f"{long_date(at.astimezone(zone).date())} à {time_text(at, zone)}"
    story: list[Flowable] = [
        Paragraph(escape(title), styles.title),
        Paragraph(
            escape(f"Situation au {moment}\u00a0: {count_text(len(rows), 'demande', 'demandes')}."),
            styles.subtitle,
        ),
    ]
    for bucket in DEADLINE_BUCKETS:
        section = [row for row in rows if row.bucket is bucket]
        if section or bucket in DAY_BUCKETS:
            story += _section(BUCKET_LABELS[bucket], section, zone, styles)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,  # room for the footer
        title=title,
        author="SP+ Desk",
        subject="Liste du jour",
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
        self.cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8.5, leading=10.5)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=fonts.bold)
        number = ParagraphStyle("number", parent=self.cell, alignment=TA_CENTER)
        self.columns = tuple(
            number if index == LATE_COLUMN else self.cell for index in range(len(COLUMNS))
        )
        self.fonts = fonts


def _section(
    label: str, rows: Sequence[BoardRow], zone: ZoneInfo, styles: _Styles
) -> list[Flowable]:
    heading = Paragraph(escape(f"{label} ({format_int(len(rows))})"), styles.heading)
    if not rows:
        return [heading, Paragraph("Aucune demande.", styles.empty), Spacer(0, 2 * mm)]
    header = [Paragraph(_markup(text), styles.head) for text, _ in COLUMNS]
    body = [
        [
            Paragraph(escape(text), style)
            for text, style in zip(_cells(row, zone), styles.columns, strict=True)
        ]
        for row in rows
    ]
    table = Table(
        [[heading], header, *body],
        colWidths=WIDTHS,
        repeatRows=2,  # the heading and the column headers on every page
        style=_table_style(len(body), styles.fonts),
    )
    return [table, Spacer(0, 3 * mm)]


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
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 2 * mm),
            ("BACKGROUND", (0, 1), (-1, 1), HEADER_FILL),
            ("ROWBACKGROUNDS", (0, 2), (-1, last), [colors.white, STRIPE_FILL]),
            ("GRID", (0, 1), (-1, last), 0.4, RULE),
            ("VALIGN", (0, 1), (-1, last), "TOP"),
            ("TOPPADDING", (0, 1), (-1, last), 2),
            ("BOTTOMPADDING", (0, 1), (-1, last), 3),
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
