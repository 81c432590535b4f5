"""The results poster (engagement n° 6, « Vous avez accès à nos résultats de qualité de
service »): one A4 or A3 portrait page with the period's SP+ figures in large, each with
what it was computed from in small print, then the dashboard's very charts.

A figure from fewer than 20 cases is printed but flagged, and a figure without a case is
a dash with « aucun cas sur la période »: a poster must not make 1 of 2 read as 50 %.
The busy hours' grid comes last and only when the page holds it at a readable size.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from spplus_desk.domain.documents import PaperSize, PrintLook, ResultsPoster
from spplus_desk.reports.error_leaflet_text import french
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.indicator_charts import (
    Chart,
    busy_hours_chart,
    channel_chart,
    on_time_chart,
    satisfaction_chart,
)
from spplus_desk.reports.indicator_charts_parts import WIDTH as CHART_WIDTH
from spplus_desk.reports.poster_kit import (
    BLUE,
    FOOTER_SIZE,
    FRAME_PADDING,
    GREY,
    INK,
    RED,
    SHRINK_STEPS,
    TINT,
    PdfInfo,
    Sheet,
    build_pdf,
    footer_text,
    masthead,
    one_page,
)
from spplus_desk.reports.results_poster_text import KeyFigure, key_figures, other_results

TITLE = "Nos résultats"
# Below this type size (a fraction of the full one) the busy hours' grid gives way.
BUSY_HOURS_SHRINK = 0.8
TILE_GAP = 3 * mm  # on A4, between two tiles
TILE_PADDING = 3 * mm


# A TableStyle command: name, first cell, last cell, then its values.
_Cells = tuple[int, int]
_Command = tuple[str, _Cells, _Cells, object] | tuple[str, _Cells, _Cells, object, object]


def results_poster_pdf(poster: ResultsPoster, size: PaperSize, look: PrintLook) -> bytes:
    """The poster as PDF bytes: always one page of ``size``, portrait."""
    fonts = fonts_for(look)
    service = poster.service
    info = PdfInfo(
        title=f"{TITLE} — {service.name}",
        author=service.name,
        subject=f"Résultats de qualité de service {poster.indicators.period.text()}",
    )
    footer = footer_text(service, poster.printed_on)
    indicators = poster.indicators
    charts = [on_time_chart(indicators), satisfaction_chart(indicators), channel_chart(indicators)]
    with_grid = [*charts, busy_hours_chart(indicators, poster.hours)]
    # The largest type that fits, found by measuring (building a PDF per try would take
    # most of a second); the grid only while the type stays at 80 % or more.
    for shown, smallest in ((with_grid, BUSY_HOURS_SHRINK), (charts, 0.0)):
        steps = [Sheet(size, fonts, step) for step in SHRINK_STEPS if step >= smallest]
        if _fitting(poster, steps[-1], look.logo, shown, footer) is None:
            continue  # not even at the smallest type: no need to try the others
        for trial in steps:
            story = _fitting(poster, trial, look.logo, shown, footer)
            if story is not None:
                data, pages = build_pdf(story, trial, info, footer)
                if pages == 1:  # the measure agrees with reportlab's layout
                    return data
    return one_page(
        lambda trial: _story(poster, trial, look.logo, charts), Sheet(size, fonts), info, footer
    )


def _story(
    poster: ResultsPoster, sheet: Sheet, logo: bytes | None, charts: Sequence[Chart]
) -> list[Flowable]:
    indicators = poster.indicators
    period = indicators.period.text()
    story = [
        *masthead(poster.service, TITLE, sheet, logo, title_points=34),
        Paragraph(
            french(escape(period[0].upper() + period[1:])),
            sheet.style(16, bold=True, colour=INK, space_after=4 * mm),
        ),
        *_tiles(key_figures(indicators), sheet),
    ]
    for chart in charts:
        story += [Spacer(0, sheet.points(4 * mm)), _fitted(chart, sheet)]
    others = other_results(indicators)
    if others:
        story.append(Spacer(0, sheet.points(4 * mm)))
        story += [Paragraph(french(escape(line)), sheet.style(9, colour=GREY)) for line in others]
    return story


def _fitting(
    poster: ResultsPoster, sheet: Sheet, logo: bytes | None, charts: Sequence[Chart], footer: str
) -> list[Flowable] | None:
    """The story on ``sheet`` if it fits in the page's frame, else None."""
    story = _story(poster, sheet, logo, charts)
    return story if _height(story, sheet) <= _frame_height(sheet, footer) else None


def _height(story: Sequence[Flowable], sheet: Sheet) -> float:
    """The height the story takes in the page's frame, as reportlab's Frame lays it out
    (no space before the first flowable, none after the last)."""
    total = 0.0
    for index, flowable in enumerate(story):
        total += flowable.wrap(sheet.width, sheet.page[1])[1]
        if index:
            total += flowable.getSpaceBefore()
        if index < len(story) - 1:
            total += flowable.getSpaceAfter()
    return total


def _frame_height(sheet: Sheet, footer: str) -> float:
    """What ``build_pdf`` leaves for the story between the top margin and the footer."""
    style = sheet.style(FOOTER_SIZE)
    style.fontSize = sheet.points(FOOTER_SIZE, shrinks=False)
    style.leading = style.fontSize * 1.25
    foot_height = Paragraph(footer, style).wrap(sheet.width, sheet.page[1])[1]
    bottom = sheet.margin + foot_height + sheet.points(4 * mm, shrinks=False)
    return sheet.page[1] - sheet.margin - bottom - 2 * FRAME_PADDING


def _tiles(figures: Sequence[KeyFigure], sheet: Sheet) -> list[Flowable]:
    """Three tiles, then two wider ones: the promise kept, then what users said."""
    gap = Spacer(0, sheet.points(TILE_GAP))
    return [_tile_row(figures[:3], sheet), gap, _tile_row(figures[3:], sheet)]


def _tile_row(figures: Sequence[KeyFigure], sheet: Sheet) -> Table:
    """Tiles side by side, a narrow blank column between two; the labels, the values
    and the details on three table rows, so the values stand level however the labels
    wrap."""
    gap = sheet.points(TILE_GAP)
    tile = (sheet.width - gap * (len(figures) - 1)) / len(figures)
    rows: list[list[object]] = [[], [], []]
    widths: list[float] = []
    for index, figure in enumerate(figures):
        if index:
            for row in rows:
                row.append("")
            widths.append(gap)
        for row, cell in zip(rows, _tile(figure, sheet, tile), strict=True):
            row.append(cell)
        widths.append(tile)
    padding = sheet.points(TILE_PADDING)
    commands: list[_Command] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
        ("FONTNAME", (0, 0), (-1, -1), sheet.fonts.regular),
    ]
    for column in range(0, len(widths), 2):  # the tiles, not the gaps between them
        commands += [
            ("BACKGROUND", (column, 0), (column, -1), TINT),
            ("LINEABOVE", (column, 0), (column, 0), sheet.points(2, shrinks=False), BLUE),
        ]
    return Table(rows, colWidths=widths, style=TableStyle(commands), hAlign="LEFT")


def _tile(
    figure: KeyFigure, sheet: Sheet, width: float
) -> tuple[Paragraph, Paragraph, list[Paragraph]]:
    """The label, the value, and the details with the few-cases remark."""
    small = [Paragraph(french(escape(figure.detail)), sheet.style(8, colour=GREY))]
    if figure.remark:
        small.append(Paragraph(french(escape(figure.remark)), sheet.style(8, colour=RED)))
    value = sheet.style(26, bold=True, colour=BLUE, leading=1.15, space_after=1 * mm)
    # A long value (« 120 jours ») gets smaller type rather than a break inside a word.
    room = width - 2 * sheet.points(TILE_PADDING)
    wide = stringWidth(figure.value, value.fontName, value.fontSize)
    if wide > room:
        value.fontSize *= room / wide
        value.leading *= room / wide
    return (
        Paragraph(french(escape(figure.label)), sheet.style(10, bold=True, space_after=1 * mm)),
        Paragraph(escape(figure.value), value),
        small,
    )


def _fitted(chart: Chart, sheet: Sheet) -> Drawing:
    """The chart across the text's width, drawn smaller with the type when it shrinks.
    (A plain drawing holds it: reportlab's own rescaling rebuilds the drawing's class,
    which a ``Chart`` and its title would not survive.)"""
    factor = sheet.width / CHART_WIDTH * sheet.shrink
    group = chart.asGroup()
    group.scale(factor, factor)
    # Without an initial font the renderer's first state names Helvetica, in the PDF.
    scaled = Drawing(
        chart.width * factor, chart.height * factor, group, initialFontName=sheet.fonts.regular
    )
    scaled.hAlign = "LEFT"
    return scaled
