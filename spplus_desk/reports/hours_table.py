"""The service's opening hours as the printed documents show them: days with the same
hours grouped on the left, their hours on the right, wrapping between two ranges only."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from spplus_desk.domain.service import OpeningHours
from spplus_desk.reports.error_leaflet_text import CLOSED, hours_rows, range_text
from spplus_desk.reports.poster_kit import layout_table


def hours_table(
    hours: OpeningHours, style: ParagraphStyle, column: float, *, gap: float, row_gap: float
) -> Table:
    """``column`` wide; ``gap`` after the longest group of days, ``row_gap`` under each."""
    rows = hours_rows(hours)

    def widest(texts: list[str]) -> float:
        return max(stringWidth(text, style.fontName, style.fontSize) for text in texts)

    ranges = [range_text(r) for day in hours.days for r in day]
    hours_width = widest([*ranges, CLOSED])
    # The days as wide as the longest group, unless that would crush the hours.
    days_width = min(widest([days for days, _ranges in rows]) + gap, column - hours_width)
    return layout_table(
        [[Paragraph(days, style), Paragraph(times, style)] for days, times in rows],
        [days_width, column - days_width],
        style.fontName,
        ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap),
    )
