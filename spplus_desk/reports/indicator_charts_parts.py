"""The pieces the indicator charts are made of: the palette, a titled drawing that says
in words what it shows, rows of horizontal bars, the « no data » panel, and SVG output.

One look on paper and on screen: the same ``Drawing`` goes on the results poster (PDF)
and, as SVG, into the dashboard. Sober, in the spirit of the State's design system: blue
France, greys, the red kept for what is wrong. Text uses the embedded TTF (DejaVu Sans):
French typography's narrow no-break spaces print as spaces, never as black boxes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isString
from reportlab.pdfbase.pdfmetrics import stringWidth

from spplus_desk.reports.fonts import FontNames, register_fonts

BLUE = colors.HexColor("#000091")  # blue France: the bars, the title
RED = colors.HexColor("#e1000f")  # marianne red: only for « pas satisfait »
INK = colors.HexColor("#161616")
GREY = colors.HexColor("#666666")  # notes, axes, a figure from too few cases
LIGHT_GREY = colors.HexColor("#929292")
TRACK = colors.HexColor("#eeeeee")  # the 100 % behind a rate's bar
FRAME = colors.HexColor("#dddddd")

WIDTH = 480.0  # points: half an A3 poster's column, or a dashboard cell
TITLE_SIZE = 11.0
TEXT_SIZE = 9.0
NOTE_SIZE = 8.0
TITLE_BAND = 26.0  # the title and the space under it
ROW = 20.0  # one bar and its gap
NOTE_LINE = 12.0
MARGIN = 6.0
NO_DATA = "Aucune donnée sur la période"
ELLIPSIS = "…"


class Chart(Drawing):
    """A drawing with its French ``title`` and a ``description`` in words: alternative
    text for screen readers (the dashboard's accessible description) and for a PDF."""

    _attrMap = AttrMap(  # noqa: N815 (reportlab's name)
        BASE=Drawing,
        title=AttrMapValue(isString, desc="the chart's title"),
        description=AttrMapValue(isString, desc="what the chart shows, in words"),
    )

    def __init__(self, width: float, height: float, title: str, description: str) -> None:
        super().__init__(width, height)
        self.title = title
        self.description = description


def chart_fonts() -> FontNames:
    """The bundled faces (registered once; safe on a background thread)."""
    return register_fonts()


def titled(title: str, body_height: float, description: str) -> Chart:
    """A chart of ``body_height`` under its title, in blue France, at the top left."""
    fonts = chart_fonts()
    chart = Chart(WIDTH, body_height + TITLE_BAND, title, description)
    chart.add(
        String(
            0,
            chart.height - TITLE_SIZE - 2,
            title,
            fontName=fonts.bold,
            fontSize=TITLE_SIZE,
            fillColor=BLUE,
        )
    )
    return chart


def box(
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    fill: colors.Color | None,
    stroke: colors.Color | None = None,
) -> Rect:
    """A rectangle (its typing stub refuses the colours as keywords)."""
    rect = Rect(x, y, width, height)
    rect.fillColor, rect.strokeColor, rect.strokeWidth = fill, stroke, 1
    return rect


def no_data(title: str) -> Chart:
    """The title over a framed « Aucune donnée sur la période »: an empty axis would
    read as zeros."""
    fonts = chart_fonts()
    height = 60.0
    chart = titled(title, height, NO_DATA)
    chart.add(box(0, 0, WIDTH, height, fill=None, stroke=FRAME))
    chart.add(
        String(
            WIDTH / 2,
            height / 2 - TEXT_SIZE / 3,
            NO_DATA,
            fontName=fonts.regular,
            fontSize=TEXT_SIZE + 1,
            fillColor=GREY,
            textAnchor="middle",
        )
    )
    return chart


def add_notes(chart: Chart, notes: Sequence[str]) -> None:
    """Small grey lines at the bottom (the chart's height left room for them)."""
    fonts = chart_fonts()
    for position, note in enumerate(reversed(notes)):
        chart.add(
            String(
                0,
                3 + position * NOTE_LINE,
                fitted(note, WIDTH, fonts.regular, NOTE_SIZE),
                fontName=fonts.regular,
                fontSize=NOTE_SIZE,
                fillColor=GREY,
            )
        )


def fitted(text: str, width: float, font: str, size: float) -> str:
    """``text``, shortened with « … » to fit ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label on the left, its length, the text at its end, its colour."""

    label: str
    value: float
    text: str
    colour: colors.Color = BLUE


def bar_rows(
    title: str,
    bars: Sequence[Bar],
    description: str,
    *,
    scale: float | None = None,
    notes: Sequence[str] = (),
    track: bool = False,
) -> Chart:
    """Horizontal bars, the first at the top, their labels on the left (shortened past
    40 % of the width) and their text at the end. ``scale`` is the value of a full
    bar (100 for rates), the longest bar otherwise; ``track`` shows it behind each bar."""
    fonts = chart_fonts()
    notes_height = len(notes) * NOTE_LINE + (4 if notes else 0)
    chart = titled(title, len(bars) * ROW + notes_height, description)
    labels = [fitted(bar.label, WIDTH * 0.4, fonts.regular, TEXT_SIZE) for bar in bars]
    label_width = max(stringWidth(label, fonts.regular, TEXT_SIZE) for label in labels) + 8
    text_width = max(stringWidth(bar.text, fonts.regular, TEXT_SIZE) for bar in bars) + 8
    full = scale or max(max(bar.value for bar in bars), 1)
    plot = HorizontalBarChart()
    # Whole points: the chart's frame is typed so, and no eye sees the fraction.
    plot.x, plot.y = round(label_width), round(notes_height)
    plot.width, plot.height = round(WIDTH - label_width - text_width), round(len(bars) * ROW)
    if track:
        _add_tracks(chart, plot, len(bars))
    # The category axis counts from the bottom: the rows are given last first.
    plot.data = [[bar.value for bar in reversed(bars)]]
    plot.barWidth, plot.groupSpacing = 3, 2  # bars 60 % of a row
    plot.bars.strokeColor = None
    for position, bar in enumerate(reversed(bars)):
        plot.bars[(0, position)].fillColor = bar.colour
    plot.valueAxis.valueMin, plot.valueAxis.valueMax = 0, full
    plot.valueAxis.visible = False  # the values are written at the bars' ends
    axis = plot.categoryAxis
    axis.categoryNames = list(reversed(labels))
    axis.strokeColor, axis.strokeWidth = LIGHT_GREY, 0.5
    axis.visibleTicks = False
    axis.labels.fontName, axis.labels.fontSize = fonts.regular, TEXT_SIZE
    axis.labels.fillColor, axis.labels.boxAnchor, axis.labels.dx = INK, "e", -6
    if not track:  # at the bar's end; a rate's, after its 100 %
        plot.barLabelFormat = "values"
        plot.barLabelArray = [[bar.text for bar in reversed(bars)]]
        plot.barLabels.fontName, plot.barLabels.fontSize = fonts.regular, TEXT_SIZE
        plot.barLabels.fillColor, plot.barLabels.boxAnchor, plot.barLabels.dx = INK, "w", 4
    chart.add(plot)
    if track:
        _add_track_texts(chart, plot, bars)
    add_notes(chart, notes)
    return chart


def _add_tracks(chart: Chart, plot: HorizontalBarChart, count: int) -> None:
    """The 100 % of each rate, light grey behind its bar (bars take 60 % of a row)."""
    for row in range(count):
        chart.add(box(plot.x, plot.y + row * ROW + ROW * 0.2, plot.width, ROW * 0.6, fill=TRACK))


def _add_track_texts(chart: Chart, plot: HorizontalBarChart, bars: Sequence[Bar]) -> None:
    fonts = chart_fonts()
    for row, bar in enumerate(reversed(bars)):
        chart.add(
            String(
                plot.x + plot.width + 4,
                plot.y + row * ROW + ROW / 2 - TEXT_SIZE / 3,
                bar.text,
                fontName=fonts.regular,
                fontSize=TEXT_SIZE,
                fillColor=INK,
            )
        )


# The bundled faces by the family a screen knows them by (renderSVG writes reportlab's
# font name, « DejaVuSans », which Qt's font matching does not find).
_FAMILY = "'DejaVu Sans', sans-serif"


def svg_bytes(drawing: Drawing) -> bytes:
    """``drawing`` as an SVG document (UTF-8), with its title and description when it
    is a ``Chart``. No Qt here: the dashboard shows it in a QSvgWidget."""
    fonts = chart_fonts()
    hacks = {
        fonts.regular: {"family": _FAMILY},
        fonts.bold: {"family": _FAMILY, "weight": "bold"},
    }
    text = renderSVG.drawToString(drawing, fontHacks=hacks, useClip=True)
    if isinstance(drawing, Chart):
        text = _titled_svg(text, drawing.title, drawing.description)
    return str(text).encode("utf-8")


def _titled_svg(text: str, title: str, description: str) -> str:
    """renderSVG writes « ... » as the document's title and description."""
    # Functions as replacements: a backslash in a title is no escape for re.
    title_node, desc_node = f"<title>{escape(title)}</title>", f"<desc>{escape(description)}</desc>"
    text = re.sub(r"<title>.*?</title>", lambda _: title_node, text, count=1)
    return re.sub(r"<desc>.*?</desc>", lambda _: desc_node, text, count=1)
