"""What every printed poster and letter shares: the paper, the type scaled to it, the
service's masthead (logo and name), the footer with the day of edition, the PDF's
metadata, and the search for the largest type that keeps a poster on one page.

No text is ever printed under ``FLOOR_POINTS`` (8 pt on A4, √2 larger on A3): a poster
whose content does not fit one page once its body text reaches the floor goes on over a
second page at that size, rather than shrinking into small print nobody reads.

The look follows the State's design system soberly: blue France for titles and rules,
greys for small print, the red kept for what goes wrong. An A3 poster is an A4 one
enlarged by √2, so both read the same from across the room.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from spplus_desk.domain.documents import PaperSize
from spplus_desk.domain.history import day_text
from spplus_desk.domain.service import ServiceInfo
from spplus_desk.reports.error_leaflet_text import french
from spplus_desk.reports.fonts import FontNames
from spplus_desk.reports.logo import logo_flowable

PAGE_SIZES: dict[PaperSize, tuple[float, float]] = {PaperSize.A4: A4, PaperSize.A3: A3}
BLUE = colors.HexColor("#000091")  # blue France: titles, rules, numbers
RED = colors.HexColor("#E1000F")  # marianne red: what went wrong, sparingly
INK = colors.HexColor("#161616")
GREY = colors.HexColor("#4A4A4A")  # small print
TINT = colors.HexColor("#F5F5FE")  # behind a highlighted block
LINE = colors.HexColor("#CECECE")
BASE_MARGIN = 15 * mm  # on A4; scaled with the paper
FRAME_PADDING = 6  # points, reportlab's default inside the page frame
FOOTER_SIZE = 8.0  # on A4
LOGO_HEIGHT = 22 * mm  # on A4, at most
LOGO_WIDTH = 45 * mm
# The type is tried at these fractions of its full size, the largest first.
SHRINK_STEPS = (1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56)
FLOOR_POINTS = 8.0  # on A4: no text is printed smaller, however long the content
LETTER_POINTS = 10.5  # on A4: a letter's body text (the acknowledgement of receipt's)


@dataclass(frozen=True, slots=True)
class Sheet:
    """The paper and type of one document: sizes are given for A4 and scaled here."""

    size: PaperSize
    fonts: FontNames
    shrink: float = 1.0  # < 1 when the content needs smaller type to fit one page

    @property
    def page(self) -> tuple[float, float]:
        return PAGE_SIZES[self.size]

    @property
    def scale(self) -> float:
        """How much larger than A4 the paper is (√2 for A3)."""
        return self.page[0] / A4[0]

    @property
    def margin(self) -> float:
        return BASE_MARGIN * self.scale

    @property
    def width(self) -> float:
        """What the text may use across the page."""
        return self.page[0] - 2 * self.margin - 2 * FRAME_PADDING

    def points(self, a4_points: float, *, shrinks: bool = True) -> float:
        """A size given for A4, on this paper (and shrunk with the type when it does)."""
        return a4_points * self.scale * (self.shrink if shrinks else 1.0)

    def type_points(self, a4_points: float) -> float:
        """A text's size given for A4, on this paper, shrunk with the type but never
        under the floor (small print stops there while the body goes on shrinking)."""
        floor = self.points(min(a4_points, FLOOR_POINTS), shrinks=False)
        return max(self.points(a4_points), floor)

    def style(
        self,
        a4_points: float,
        *,
        bold: bool = False,
        colour: colors.Color = INK,
        centred: bool = False,
        leading: float = 1.25,
        space_after: float = 0.0,
    ) -> ParagraphStyle:
        size = self.type_points(a4_points)
        return ParagraphStyle(
            f"s{size:.2f}{'b' if bold else ''}",
            fontName=self.fonts.bold if bold else self.fonts.regular,
            fontSize=size,
            leading=size * leading,
            textColor=colour,
            alignment=TA_CENTER if centred else TA_LEFT,
            spaceAfter=self.points(space_after),
        )


# A TableStyle command: name, first cell, last cell, then its values.
_Cells = tuple[int, int]
TableCommand = tuple[str, _Cells, _Cells, object] | tuple[str, _Cells, _Cells, object, object]


def layout_table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    font: str,
    *commands: TableCommand,
    split_in_row: bool = False,
) -> Table:
    """A table that only lays things out: no padding unless asked, cells top-aligned,
    flush with the text's left edge, and our font (else reportlab names Helvetica in the
    file, a font it does not embed). ``split_in_row``: a row taller than the room left on
    a page goes on over the next one (columns side by side), instead of moving whole."""
    return Table(
        [list(row) for row in rows],
        colWidths=list(widths),
        hAlign="LEFT",
        splitInRow=1 if split_in_row else 0,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *commands,
            ]
        ),
    )


def masthead(
    service: ServiceInfo, title: str, sheet: Sheet, logo: bytes | None, *, title_points: float
) -> list[Flowable]:
    """The service's logo (if any) and name, then the document's title and a blue rule."""
    name = Paragraph(escape(service.name), sheet.style(13, bold=True, colour=GREY))
    heading = Paragraph(french(escape(title)), sheet.style(title_points, bold=True, colour=BLUE))
    if logo is None:
        top: Flowable = name
    else:
        image = logo_flowable(logo, sheet.points(LOGO_WIDTH), sheet.points(LOGO_HEIGHT))
        gap = sheet.points(5 * mm)
        top = layout_table(
            [[image, name]],
            [image.drawWidth + gap, sheet.width - image.drawWidth - gap],
            sheet.fonts.regular,
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    rule = HRFlowable(
        width="100%",
        thickness=sheet.points(2, shrinks=False),
        color=BLUE,
        spaceBefore=sheet.points(2 * mm),
        spaceAfter=sheet.points(5 * mm),
    )
    return [top, _spaced(heading, sheet.points(2 * mm)), rule]


def _spaced(paragraph: Paragraph, before: float) -> Paragraph:
    paragraph.spaceBefore = before
    return paragraph


def footer_text(service: ServiceInfo, printed_on: date, extra: str = "") -> str:
    """'Mairie de Lyon — édité le 23 novembre 2026', plus an optional line before."""
    line = f"{escape(service.name)} — édité le {day_text(printed_on)}"
    return f"{escape(extra)}<br/>{line}" if extra else line


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """The PDF's metadata: what a reader's "Properties" and a screen reader announce."""

    title: str
    author: str  # the service
    subject: str


@dataclass(frozen=True, slots=True)
class _Foot:
    """The footer of every page and the bottom margin it sets: one computation for the
    build and for the measure of the room a story has (``frame_height``)."""

    paragraph: Paragraph
    height: float
    bottom: float  # the page's bottom margin: the footer, then a rule and some air


def _foot(sheet: Sheet, footer: str) -> _Foot:
    style = sheet.style(FOOTER_SIZE, colour=GREY)
    style.fontSize = sheet.points(FOOTER_SIZE, shrinks=False)  # never shrunk
    style.leading = style.fontSize * 1.25
    paragraph = Paragraph(footer, style)
    height = paragraph.wrap(sheet.width, sheet.page[1])[1]
    return _Foot(paragraph, height, sheet.margin + height + sheet.points(4 * mm, shrinks=False))


def frame_height(sheet: Sheet, footer: str) -> float:
    """The height a story has on each page of ``build_pdf``: from the top margin down to
    the footer, inside the frame's padding."""
    return sheet.page[1] - sheet.margin - _foot(sheet, footer).bottom - 2 * FRAME_PADDING


def story_height(story: Sequence[Flowable], width: float, page_height: float) -> float:
    """The height the story takes in one frame, as reportlab's Frame lays it out (no
    space before the first flowable, none after the last); each flowable is offered
    ``page_height``, more than a frame holds, so it measures its natural height."""
    total = 0.0
    for index, flowable in enumerate(story):
        total += flowable.wrap(width, page_height)[1]
        if index:
            total += flowable.getSpaceBefore()
        if index < len(story) - 1:
            total += flowable.getSpaceAfter()
    return total


def build_pdf(
    story: Sequence[Flowable], sheet: Sheet, info: PdfInfo, footer: str
) -> tuple[bytes, int]:
    """The document and its page count; ``footer`` (reportlab markup) at each page's foot."""
    foot = _foot(sheet, footer)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=sheet.page,
        leftMargin=sheet.margin,
        rightMargin=sheet.margin,
        topMargin=sheet.margin,
        bottomMargin=foot.bottom,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="SP+ Desk",
        lang="fr-FR",
        initialFontName=sheet.fonts.regular,  # else the page preamble names Helvetica
    )

    def draw_footer(canvas: Canvas, _document: object) -> None:
        left = sheet.margin + FRAME_PADDING
        canvas.saveState()
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        rule_at = sheet.margin + foot.height + sheet.points(2 * mm, shrinks=False)
        canvas.line(left, rule_at, left + sheet.width, rule_at)
        foot.paragraph.drawOn(canvas, left, sheet.margin)
        canvas.restoreState()

    document.build(list(story), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return out.getvalue(), document.page


StoryMaker = Callable[[Sheet], list[Flowable]]


def floor_shrink(body_points: float) -> float:
    """How far the type may shrink before body text of ``body_points`` (on A4, at full
    size) reaches the floor."""
    return min(1.0, FLOOR_POINTS / body_points)


def fitted_pdf(
    make_story: StoryMaker, sheet: Sheet, info: PdfInfo, footer: str, *, smallest: float
) -> bytes | None:
    """The document on one page at the largest type that fits, down to ``smallest`` (a
    fraction of the full size); None when it does not fit even then.

    The type is chosen by measuring the story (``story_height``), not by building it:
    the PDF is built once (again, smaller, only if reportlab's layout ever disagreed).
    """
    return _fitted(make_story, sheet, info, footer, smallest, {})


def _fitted(
    make_story: StoryMaker,
    sheet: Sheet,
    info: PdfInfo,
    footer: str,
    smallest: float,
    measured: dict[float, list[Flowable]],
) -> bytes | None:
    """``fitted_pdf``, leaving in ``measured`` the stories made for a measure and never
    built, by their shrink (making a story takes about as long as measuring it)."""
    steps = [*(step for step in SHRINK_STEPS if step > smallest), smallest]
    room = frame_height(sheet, footer)

    def fits(index: int) -> bool:
        trial = replace(sheet, shrink=steps[index])
        story = measured[trial.shrink] = make_story(trial)
        return story_height(story, trial.width, trial.page[1]) <= room

    first = _first_true(fits, len(steps))
    if first is None:
        return None
    for shrink in steps[first:]:
        trial = replace(sheet, shrink=shrink)
        story = measured.pop(shrink) if shrink in measured else make_story(trial)
        data, pages = build_pdf(story, trial, info, footer)
        if pages == 1:
            return data
    return None


def _first_true(test: Callable[[int], bool], count: int) -> int | None:
    """The first of ``count`` indices that passes ``test``, which is false then true
    along them (smaller type never makes a taller story): the first index (most
    documents fit at full size), the last (a long one does not fit at all), then
    halving the ones between: three or four measures instead of eight."""
    if test(0):
        return 0
    if count == 1 or not test(count - 1):
        return None
    failing, passing = 0, count - 1
    while passing - failing > 1:
        middle = (failing + passing) // 2
        if test(middle):
            passing = middle
        else:
            failing = middle
    return passing


def one_page(
    make_story: StoryMaker,
    sheet: Sheet,
    info: PdfInfo,
    footer: str,
    *,
    smallest: float = floor_shrink(LETTER_POINTS),
    overflow: float | None = None,
) -> bytes:
    """A poster or a letter on one page at the largest type that fits, down to
    ``smallest`` (by default, until a letter's body text reaches the floor). Content too
    long even then goes on over further pages, the masthead on the first, at the type of
    ``overflow`` (by default ``smallest``): never cut off, never shrunk unreadable."""
    measured: dict[float, list[Flowable]] = {}
    data = _fitted(make_story, sheet, info, footer, smallest, measured)
    if data is None:
        trial = replace(sheet, shrink=smallest if overflow is None else overflow)
        story = measured.pop(trial.shrink) if trial.shrink in measured else make_story(trial)
        data, _pages = build_pdf(story, trial, info, footer)
    return data
