"""The « Vous nous avez dit… Nous avons fait… » poster: the improvements the service made
after what people told it (pillars 3 and 4 of Services Publics+), over a period.

One row per improvement, what was said on the left (tinted), what was done on the right
with the day it was done. The poster keeps one page at the largest type that allows it;
a long list goes on over several pages at full size, the column headings repeated,
rather than shrinking into small print. With nothing done in the period, it says so plainly.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from spplus_desk.domain.documents import FeedbackPoster, PaperSize, PrintLook
from spplus_desk.domain.feedback import ImprovementRecord
from spplus_desk.domain.history import day_text
from spplus_desk.reports.commitments_poster import OPINION, opinion_ways
from spplus_desk.reports.error_leaflet_text import french
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.poster_kit import (
    BLUE,
    GREY,
    LINE,
    TINT,
    PdfInfo,
    Sheet,
    footer_text,
    masthead,
    one_page,
)

SAID = "Vous nous avez dit…"
DONE = "Nous avons fait…"
TITLE = f"{SAID} {DONE}"
INTRO = "Vos réclamations, vos suggestions et vos remarques nous aident à améliorer le service."
INTRO_ACTIONS = "Voici ce que nous avons changé grâce à vous."
NOTHING = "Aucune amélioration n'a été terminée sur cette période."
SUBJECT = "Les améliorations faites par le service après les avis des usagers"

# Sizes in points on A4 (scaled for A3, shrunk a little when that keeps one page).
TITLE_POINTS = 24.0
LEAD = 13.0
BODY = 12.0
SMALL = 9.0
# The type may shrink this far to keep one page; below it, the list runs over pages
# at full size.
SMALLEST = 0.8


def feedback_poster_pdf(poster: FeedbackPoster, size: PaperSize, look: PrintLook) -> bytes:
    """The poster as PDF bytes, portrait, one page unless the list is long."""
    fonts = fonts_for(look)
    service = poster.service
    info = PdfInfo(title=f"{TITLE} — {service.name}", author=service.name, subject=SUBJECT)
    footer = footer_text(service, poster.printed_on)
    return one_page(
        lambda sheet: _story(poster, look.logo, sheet),
        Sheet(size, fonts),
        info,
        footer,
        smallest=SMALLEST,
        overflow=1.0,  # a long list: over several pages, at full size
    )


def _story(poster: FeedbackPoster, logo: bytes | None, sheet: Sheet) -> list[Flowable]:
    # Each half of the title held together: a line may break between them only.
    title = " ".join(half.replace(" ", "\u00a0") for half in (SAID, DONE))
    head = masthead(poster.service, title, sheet, logo, title_points=TITLE_POINTS)
    story = list(head)
    lead = f"Les améliorations réalisées {poster.period.text()}"
    intro = f"{INTRO} {INTRO_ACTIONS}" if poster.actions else INTRO
    story += [
        Paragraph(french(escape(lead)), sheet.style(LEAD, bold=True, space_after=2)),
        Paragraph(french(intro), sheet.style(BODY - 1, colour=GREY, space_after=6)),
    ]
    if poster.actions:
        story.append(_actions(poster.actions, sheet))
    else:
        story.append(Paragraph(french(NOTHING), sheet.style(LEAD + 1, bold=True, colour=BLUE)))
    opinion = Paragraph(
        f"<b>{french(OPINION)}</b>\u00a0: dites-le {opinion_ways(poster.service)}.",
        sheet.style(BODY),
    )
    return [*story, Spacer(0, sheet.points(6 * mm)), opinion]


def _actions(actions: tuple[ImprovementRecord, ...], sheet: Sheet) -> Table:
    """Said on the left, done on the right; the headings repeated on each page."""
    head = sheet.style(BODY + 1, bold=True, colour=colors.white)
    body, small = sheet.style(BODY), sheet.style(SMALL, colour=GREY)
    rows: list[list[object]] = [[Paragraph(french(SAID), head), Paragraph(french(DONE), head)]]
    for action in actions:
        done: list[Flowable] = [Paragraph(_typed(action.done), body)]
        if action.done_on is not None:
            when = Paragraph(f"le {day_text(action.done_on)}", small)
            when.spaceBefore = sheet.points(1 * mm)
            done.append(when)
        rows.append([Paragraph(_typed(action.said), body), done])
    padding, rows_padding = sheet.points(3 * mm), sheet.points(2.2 * mm)
    half = sheet.width / 2
    table = Table(rows, colWidths=[half, half], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), sheet.fonts.regular),  # else Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), rows_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), rows_padding),
                ("BACKGROUND", (0, 0), (-1, 0), BLUE),
                ("BACKGROUND", (0, 1), (0, -1), TINT),
                ("LINEBELOW", (0, 1), (-1, -1), sheet.points(0.5, shrinks=False), LINE),
            ]
        )
    )
    return table


def _typed(text: str) -> str:
    """What an agent typed, as Paragraph markup with French spacing; times of day
    ("8 h 30", "14 h") are never broken across lines."""
    text = re.sub(r"(?<=\d) (?=h\b)", "\u00a0", escape(text))
    return french(re.sub(r"(?<=\d\u00a0h) (?=\d)", "\u00a0", text))
