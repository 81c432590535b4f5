"""The right-to-error leaflet: one A4 page telling a person, in plain French, what the
droit à l'erreur is (loi n° 2018-727 « ESSOC », CRPA L123-1 and L123-2) and how to reach
the service. SP+ asks services to tell people about it unasked: the counter prints this
page, hands it over or pins it up.

The wording follows the easy-to-read spirit: short sentences, one idea each, lists, large
type. The page stays one page whatever the service's address, contact points and hours:
layouts are tried from the largest type down (the service's name above the title goes
first, since it is also under « Nous contacter »), and the smallest is shrunk to fit as a
last resort. The same service always gets the same page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from spplus_desk.domain.history import day_text
from spplus_desk.domain.service import (
    ServiceInfo,
)
from spplus_desk.reports.error_leaflet_text import (
    BLUE,
    COLUMNS,
    CONTACT,
    ENGAGEMENT_LABEL,
    HOURS,
    LEAD,
    LEGAL_BASIS,
    TITLE,
    Section,
    contact_line,
    french,
    tie_last_words,
)
from spplus_desk.reports.fonts import FontNames, register_fonts
from spplus_desk.reports.hours_table import hours_table
from spplus_desk.reports.poster_kit import TableCommand, layout_table, story_height

PAGE = A4
MARGIN = 15 * mm
FRAME_PADDING = 6  # points, reportlab's default inside the page frame
WIDTH = PAGE[0] - 2 * MARGIN - 2 * FRAME_PADDING  # what the text may use
INK = colors.HexColor("#161616")
TINT = colors.HexColor("#ECEFFB")  # behind the engagement
GREY = colors.HexColor("#4A4A4A")
# Body text in points, largest first. 11 points is what a counter can hand over; below
# it, only a service with a very long address and many contact points goes.
WITH_NAME_SIZES = (12.5, 12.0, 11.5, 11.0)
WITHOUT_NAME_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
FOOTER_SIZE = 8.5


def leaflet_pdf(
    service: ServiceInfo,
    *,
    engagement: str,
    printed_on: date | None = None,
    fonts: FontNames | None = None,
) -> bytes:
    """The leaflet as PDF bytes: always exactly one A4 portrait page.

    ``engagement`` is the text of engagement n° 1 of the SP+ referential, printed word for
    word; ``printed_on`` (the service's local day) goes in the footer when given.
    """
    fonts = fonts or register_fonts()
    footer = _footer_lines(service, printed_on, fonts)
    frame_height = PAGE[1] - MARGIN - _bottom_margin(footer) - 2 * FRAME_PADDING
    layouts = [_Layout(size, with_name=True) for size in WITH_NAME_SIZES]
    layouts += [_Layout(size, with_name=False) for size in WITHOUT_NAME_SIZES]
    for layout in layouts:
        story = _story(service, engagement, layout.with_name, _Styles(fonts, layout.size))
        if story_height(story, WIDTH, PAGE[1]) <= frame_height:
            data, pages = _build(service, story, footer, fonts)
            if pages == 1:  # the measure agrees with reportlab's layout: always, so far
                return data
    # More than a page even at the smallest type: scale everything down to fit.
    story = _story(service, engagement, False, _Styles(fonts, WITHOUT_NAME_SIZES[-1]))
    data, _pages = _build(service, [KeepInFrame(WIDTH, frame_height, story)], footer, fonts)
    return data


@dataclass(frozen=True, slots=True)
class _Layout:
    size: float  # body text, in points; everything else scales with it
    with_name: bool  # the service's name above the title


class _Styles:
    def __init__(self, fonts: FontNames, size: float) -> None:
        self.size = size
        self.fonts = fonts
        self.body = ParagraphStyle(
            "body", fontName=fonts.regular, fontSize=size, leading=size * 1.3, textColor=INK
        )
        self.strong = ParagraphStyle("strong", parent=self.body, fontName=fonts.bold)
        self.name = ParagraphStyle(
            "name", parent=self.strong, textColor=GREY, spaceAfter=size * 0.2
        )
        self.title = ParagraphStyle(
            "title", parent=self.strong, fontSize=size * 2.4, leading=size * 2.8,
            textColor=BLUE, spaceAfter=size * 0.4,
        )  # fmt: skip
        self.lead = ParagraphStyle(
            "lead", parent=self.strong, fontSize=size * 1.25, leading=size * 1.6,
            spaceAfter=size * 0.8,
        )  # fmt: skip
        self.heading = ParagraphStyle(
            "heading", parent=self.strong, fontSize=size * 1.35, leading=size * 1.7,
            textColor=BLUE, spaceBefore=size * 0.9, spaceAfter=size * 0.25, keepWithNext=1,
        )  # fmt: skip
        self.first_heading = ParagraphStyle("first", parent=self.heading, spaceBefore=0)
        self.item = ParagraphStyle(
            "item", parent=self.body, leftIndent=size * 1.6, bulletIndent=size * 0.2,
            bulletFontName=fonts.bold, bulletFontSize=size, spaceBefore=size * 0.15,
        )  # fmt: skip
        self.note = ParagraphStyle("note", parent=self.body, spaceBefore=size * 0.35)
        self.label = ParagraphStyle(
            "label", parent=self.strong, fontSize=size * 0.85, leading=size * 1.1,
            textColor=BLUE,
        )  # fmt: skip
        self.quote = ParagraphStyle(
            "quote", parent=self.strong, fontSize=size * 1.1, leading=size * 1.45,
            spaceBefore=size * 0.2,
        )  # fmt: skip
        self.point = ParagraphStyle("point", parent=self.body, spaceBefore=size * 0.2)
        self.gutter = size * 1.5


def _story(
    service: ServiceInfo, engagement: str, with_name: bool, styles: _Styles
) -> list[Flowable]:
    """Title and promise across the page; the four questions in two columns (short lines
    waste less paper side by side); how to reach us at the bottom."""
    top: list[Flowable] = [Paragraph(escape(service.name), styles.name)] if with_name else []
    return [
        *top,
        Paragraph(french(TITLE), styles.title),
        Paragraph(french(LEAD), styles.lead),
        _engagement_box(engagement, styles),
        Spacer(0, styles.size * 0.6),
        _columns([_sections(column, styles) for column in COLUMNS], styles),
        Paragraph(french(CONTACT), styles.heading),
        *_contacts(service, styles),
    ]


def _sections(sections: Sequence[Section], styles: _Styles) -> list[Flowable]:
    flowables: list[Flowable] = []
    for section in sections:
        # The first heading of a column starts level with the other column's.
        heading = styles.heading if flowables else styles.first_heading
        flowables.append(Paragraph(french(section.heading), heading))
        if section.intro:
            flowables.append(Paragraph(french(section.intro), styles.body))
        # The mark in its colour: <bullet> takes markup, where bulletText does not.
        bullet = f'<bullet><font color="{section.colour.hexval()}">{section.mark}</font></bullet>'
        flowables += [Paragraph(bullet + french(item), styles.item) for item in section.items]
        if section.outro:
            flowables.append(Paragraph(french(section.outro), styles.note))
    return flowables


def _table(
    rows: list[list[Flowable | list[Flowable]]],
    widths: list[float],
    styles: _Styles,
    *commands: TableCommand,
) -> Table:
    return layout_table(rows, widths, styles.fonts.regular, *commands)


def _columns(cells: list[list[Flowable]], styles: _Styles) -> Table:
    """Two columns of flowables side by side, a gutter between them."""
    half = styles.gutter / 2
    return _table(
        [list(cells)],
        [WIDTH / 2, WIDTH / 2],
        styles,
        ("RIGHTPADDING", (0, 0), (0, -1), half),
        ("LEFTPADDING", (1, 0), (1, -1), half),
    )


def _engagement_box(engagement: str, styles: _Styles) -> Table:
    """The engagement in a tinted box with a blue rule on its left, as a quotation."""
    cell: list[Flowable] = [
        Paragraph(french(ENGAGEMENT_LABEL), styles.label),
        Paragraph(f"«\u00a0{tie_last_words(escape(engagement))}\u00a0»", styles.quote),
    ]
    padding = styles.size * 0.6
    return _table(
        [[cell]],
        [WIDTH],
        styles,
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LINEBEFORE", (0, 0), (0, -1), 3, BLUE),
        ("LEFTPADDING", (0, 0), (-1, -1), padding * 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    )


def _contacts(service: ServiceInfo, styles: _Styles) -> list[Flowable]:
    """Name and address beside the opening hours; below, the phones, e-mails and web
    addresses: in two columns when each fits on one line there, else one per line."""
    where: list[Flowable] = [Paragraph(escape(service.name), styles.strong)]
    where += [Paragraph(escape(line), styles.body) for line in service.address.splitlines()]
    when: list[Flowable] = [Paragraph(french(HOURS), styles.strong), _hours(service, styles)]
    parts: list[Flowable] = [_columns([where, when], styles)]
    lines = [contact_line(point) for point in service.contact_points]
    if not lines:
        return parts
    points: list[Flowable] = [Paragraph(line, styles.point) for line in lines]
    parts.append(Spacer(0, styles.size * 0.3))
    column = WIDTH / 2 - styles.gutter / 2
    if all(_one_line(line, column, styles) for line in lines):
        middle = (len(points) + 1) // 2  # read down the left column, then the right one
        parts.append(_columns([points[:middle], points[middle:]], styles))
    else:
        parts += points
    return parts


def _one_line(markup: str, width: float, styles: _Styles) -> bool:
    _width, height = Paragraph(markup, styles.point).wrap(width, PAGE[1])
    return height <= styles.point.leading


def _hours(service: ServiceInfo, styles: _Styles) -> Table:
    column = WIDTH / 2 - styles.gutter / 2
    return hours_table(
        service.opening_hours, styles.body, column, gap=styles.size, row_gap=styles.size * 0.2
    )


def _build(
    service: ServiceInfo, story: list[Flowable], footer: list[Paragraph], fonts: FontNames
) -> tuple[bytes, int]:
    """The PDF and its page count."""
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=_bottom_margin(footer),
        title=TITLE,
        author=service.name,
        subject="Le droit à l'erreur expliqué au public",
        lang="fr-FR",
        initialFontName=fonts.regular,  # else the page preamble names Helvetica
    )

    def draw_footer(canvas: Canvas, _document: object) -> None:
        _draw_footer(canvas, footer)

    document.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return out.getvalue(), document.page


def _footer_lines(
    service: ServiceInfo, printed_on: date | None, fonts: FontNames
) -> list[Paragraph]:
    style = ParagraphStyle(
        "footer", fontName=fonts.regular, fontSize=FOOTER_SIZE, leading=FOOTER_SIZE * 1.25,
        textColor=GREY,
    )  # fmt: skip
    who = escape(service.name)
    if printed_on is not None:
        who += f" — imprimé le {day_text(printed_on)}"
    return [Paragraph(french(LEGAL_BASIS), style), Paragraph(who, style)]


def _bottom_margin(footer: list[Paragraph]) -> float:
    """Room for the footer (its lines wrap: a long service name takes two)."""
    return MARGIN + sum(line.wrap(WIDTH, PAGE[1])[1] for line in footer) + 4 * mm


def _draw_footer(canvas: Canvas, lines: list[Paragraph]) -> None:
    """A thin rule, then the legal basis and the service, at the foot of the page."""
    left = MARGIN + FRAME_PADDING
    heights = [line.wrap(WIDTH, PAGE[1])[1] for line in lines]
    top = MARGIN + sum(heights)
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    canvas.line(left, top + 2 * mm, left + WIDTH, top + 2 * mm)
    for line, height in zip(lines, heights, strict=True):
        top -= height
        line.drawOn(canvas, left, top)
    canvas.restoreState()
