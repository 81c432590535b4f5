"""The results poster (engagement n° 6, « Vous avez accès à nos résultats de qualité de
service »): one A4 or A3 portrait page with the period's SP+ figures in large, each with
what it was computed from in small print, then the dashboard's very charts. The type
shrinks to keep one page, never under the floor (``poster_kit``).

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
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

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
    GREY,
    INK,
    RED,
    TINT,
    PdfInfo,
    Sheet,
    StoryMaker,
    TableCommand,
    fitted_pdf,
    floor_shrink,
    footer_text,
    layout_table,
    masthead,
    one_page,
)
from spplus_desk.reports.results_poster_text import KeyFigure, key_figures, other_results

TITLE = "Nos résultats"
# Below this type size (a fraction of the full one) the busy hours' grid gives way.
BUSY_HOURS_SHRINK = 0.8
TILE_GAP = 3 * mm  # on A4, between two tiles
TILE_PADDING = 3 * mm
LABEL = 10.0  # points on A4: the tiles' labels, the body text the floor applies to


def results_poster_pdf(poster: ResultsPoster, size: PaperSize, look: PrintLook) -> bytes:
    """The poster as PDF bytes, portrait, of ``size``: one page (unless its type would
    go under the floor: it would then go on over a second one)."""
    sheet = Sheet(size, fonts_for(look))
    service = poster.service
    info = PdfInfo(
        title=f"{TITLE} — {service.name}",
        author=service.name,
        subject=f"Résultats de qualité de service {poster.indicators.period.text()}",
    )
    footer = footer_text(service, poster.printed_on)
    indicators = poster.indicators
    charts = [on_time_chart(indicators), satisfaction_chart(indicators), channel_chart(indicators)]
    grid = busy_hours_chart(indicators, poster.hours)

    def showing(shown: Sequence[Chart]) -> StoryMaker:
        return lambda trial: _story(poster, trial, look.logo, shown)

    # The busy hours' grid only while the type stays at 80 % of its size or more.
    with_grid = fitted_pdf(
        showing([*charts, grid]), sheet, info, footer, smallest=BUSY_HOURS_SHRINK
    )
    return with_grid or one_page(showing(charts), sheet, info, footer, smallest=floor_shrink(LABEL))


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
    commands: list[TableCommand] = [
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
    ]
    for column in range(0, len(widths), 2):  # the tiles, not the gaps between them
        commands += [
            ("BACKGROUND", (column, 0), (column, -1), TINT),
            ("LINEABOVE", (column, 0), (column, 0), sheet.points(2, shrinks=False), BLUE),
        ]
    return layout_table(rows, widths, sheet.fonts.regular, *commands)


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
