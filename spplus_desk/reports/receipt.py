"""The acknowledgement of receipt of a request: an A4 letter with the mentions of CRPA
L112-3 and R112-5 — the service in charge and how to reach it, the date of receipt, the
reference, the announced delay and its due date, the implicit decision the kind of
request provides for (with, for a rejection, the means and delays of appeal).

The mentions matter: delays of appeal cannot be held against a person whose
acknowledgement leaves them out (CRPA L112-6). The wording is in ``receipt_text``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from spplus_desk.domain.documents import ImplicitDecision, PaperSize, PrintLook, Receipt
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.reports.error_leaflet_text import contact_line, french
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.poster_kit import (
    BLUE,
    TINT,
    PdfInfo,
    Sheet,
    footer_text,
    masthead,
    one_page,
)
from spplus_desk.reports.receipt_text import (
    ANSWER_HEADING,
    APPEAL_HEADING,
    APPEAL_INTRO,
    APPEALS,
    CLOSING,
    DECISION_HEADING,
    DELAY_HEADING,
    GREETING,
    INCOMPLETE,
    LEGAL_BASIS,
    REQUEST_HEADING,
    SERVICE_HEADING,
    TELERECOURS,
    TITLE,
    decision,
    opening,
    promise,
    request_details,
)

BODY_SIZE = 10.5  # points: a letter's type
GUTTER = 6 * mm


def receipt_pdf(receipt: Receipt, look: PrintLook) -> bytes:
    """The letter as PDF bytes: one A4 portrait page."""
    service = receipt.service
    info = PdfInfo(
        title=f"{TITLE} {receipt.reference}",
        author=service.name,
        subject=f"{TITLE} de la demande {receipt.reference} ({receipt.kind})",
    )
    footer = footer_text(service, receipt.printed_on, extra=french(LEGAL_BASIS))
    sheet = Sheet(PaperSize.A4, fonts_for(look))
    return one_page(lambda trial: _story(receipt, trial, look.logo), sheet, info, footer)


class _Styles:
    def __init__(self, sheet: Sheet) -> None:
        self.body = sheet.style(BODY_SIZE, leading=1.35, space_after=2 * mm)
        self.heading = sheet.style(BODY_SIZE + 1.5, bold=True, colour=BLUE, space_after=1 * mm)
        self.heading.spaceBefore = sheet.points(3 * mm)
        self.heading.keepWithNext = True
        self.item = sheet.style(BODY_SIZE, leading=1.35, space_after=1 * mm)
        self.item.leftIndent, self.item.bulletIndent = sheet.points(5 * mm), sheet.points(1 * mm)
        self.item.bulletFontName = sheet.fonts.regular  # else Helvetica, not embedded
        self.label = sheet.style(BODY_SIZE - 1, bold=True, colour=BLUE, space_after=1 * mm)
        self.small = sheet.style(BODY_SIZE - 0.5, leading=1.3)
        self.strong = sheet.style(BODY_SIZE, bold=True, leading=1.35)
        self.name = sheet.style(BODY_SIZE - 0.5, bold=True, leading=1.3)


def _story(receipt: Receipt, sheet: Sheet, logo: bytes | None) -> list[Flowable]:
    styles = _Styles(sheet)

    def paragraph(text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(french(escape(text)), style or styles.body)

    story: list[Flowable] = [
        *masthead(receipt.service, TITLE, sheet, logo, title_points=24),
        _addresses(receipt, sheet, styles),
        Spacer(0, sheet.points(6 * mm)),
        paragraph(GREETING),
        paragraph(opening(receipt)),
        paragraph(DELAY_HEADING, styles.heading),
        paragraph(promise(receipt)),
        paragraph(INCOMPLETE),
    ]
    heading = DECISION_HEADING if receipt.implicit.decides else ANSWER_HEADING
    story.append(paragraph(heading, styles.heading))
    story += [paragraph(text) for text in decision(receipt)]
    if receipt.implicit is ImplicitDecision.REJECTION:
        story += [paragraph(APPEAL_HEADING, styles.heading), paragraph(APPEAL_INTRO)]
        story += [
            Paragraph(f"<bullet>•</bullet>{french(escape(text))}", styles.item) for text in APPEALS
        ]
        story.append(paragraph(TELERECOURS))
    story += [
        Spacer(0, sheet.points(2 * mm)),
        paragraph(CLOSING),
        paragraph(receipt.service.name, styles.strong),
    ]
    return story


def _addresses(receipt: Receipt, sheet: Sheet, styles: _Styles) -> Table:
    """Who answers and how to reach them on the left; the request, boxed, on the
    right, as a letter's two address blocks."""
    service = receipt.service
    left: list[Flowable] = [
        Paragraph(french(SERVICE_HEADING), styles.label),
        Paragraph(escape(service.name), styles.name),
    ]
    left += [Paragraph(escape(line), styles.small) for line in service.address.splitlines()]
    left += [Paragraph(contact_line(point), styles.small) for point in service.contact_points]
    right: list[Flowable] = [Paragraph(french(REQUEST_HEADING), styles.label)]
    right += [
        Paragraph(f"<b>{escape(d.label)}</b>\u00a0: {escape(d.value)}", styles.small)
        for d in request_details(receipt, CHANNEL_LABELS[receipt.channel])
    ]
    half = (sheet.width - sheet.points(GUTTER)) / 2
    padding = sheet.points(3 * mm)
    return Table(
        [[left, "", right]],
        colWidths=[half, sheet.points(GUTTER), half],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), sheet.fonts.regular),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), padding),  # level with the box's label
                ("BACKGROUND", (2, 0), (2, 0), TINT),
                ("LINEBEFORE", (2, 0), (2, 0), sheet.points(3, shrinks=False), BLUE),
                ("LEFTPADDING", (2, 0), (2, 0), padding),
                ("RIGHTPADDING", (2, 0), (2, 0), padding),
                ("TOPPADDING", (2, 0), (2, 0), padding),
                ("BOTTOMPADDING", (2, 0), (2, 0), padding),
            ]
        ),
        hAlign="LEFT",
    )
