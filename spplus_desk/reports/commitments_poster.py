"""The commitments poster (« Nos engagements »), pinned up at the counter: the promise of
Services Publics+ (pillar 1) in the service's own colours.

From top to bottom: the service and its logo; the referential's engagements, printed word
for word (never reworded, never re-spaced: only markup-escaped); the service's local
engagements; the delays it announces, which are the very delays the deadline engine counts;
how to reach it; and two reminders, the right to error and where to give one's opinion.

The poster is one page, A4 or A3 portrait, at the largest type that fits (``one_page``);
a long catalogue of delays makes it go on over a second page rather than shrink its body
text under 8 pt (on A4), the masthead on the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from spplus_desk.domain.documents import AnnouncedDelay, CommitmentsPoster, PaperSize, PrintLook
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.domain.service import ServiceInfo
from spplus_desk.reports.error_leaflet_text import (
    contact_line,
    french,
)
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.hours_table import hours_table
from spplus_desk.reports.poster_kit import (
    BLUE,
    GREY,
    TINT,
    PdfInfo,
    Sheet,
    TableCommand,
    floor_shrink,
    footer_text,
    frame_height,
    layout_table,
    masthead,
    one_page,
    story_height,
)

TITLE = "Nos engagements"
LOCAL = "Nos engagements locaux"
DELAYS = "Nos délais de réponse"
CONTACT = "Nous contacter"
HOURS = "Horaires d'ouverture"
BUSY = "Horaires d'affluence"
APPOINTMENT = "Prendre rendez-vous"
RIGHT_TO_ERROR = "Vous avez droit à l'erreur"
RIGHT_TO_ERROR_TEXT = (
    "Vous avez fait une erreur de bonne foi, pour la première fois, dans une déclaration ? "
    "Vous pouvez la corriger sans sanction. Demandez-nous comment."
)
RIGHT_TO_ERROR_BASIS = "Code des relations entre le public et l'administration, article L123-1."
OPINION = "Votre avis nous intéresse"
OPINION_THANKS = "Nous en tenons compte pour améliorer le service."
SUBJECT = "Les engagements Services Publics+ du service, ses délais de réponse et ses contacts"
ACKNOWLEDGEMENT = "Nous accusons réception de vos demandes écrites"

# Sizes in points on A4 (scaled for A3, shrunk when the content is long, down to the
# floor for the body text; the small print stops at the floor on its way).
TITLE_POINTS = 34.0
HEADING = 15.5
ENGAGEMENT = 13.5
BODY = 11.5
SMALL = 9.0
GUTTER = 8 * mm  # between two columns
DELAY_GAP = 1.8 * mm  # between two delays


def commitments_poster_pdf(poster: CommitmentsPoster, size: PaperSize, look: PrintLook) -> bytes:
    """The poster as PDF bytes, portrait, of the given size: one page unless its content
    is too long for one at the floor type."""
    sheet = Sheet(size, fonts_for(look))
    info = PdfInfo(
        title=f"{TITLE} — {poster.service.name}", author=poster.service.name, subject=SUBJECT
    )
    footer = footer_text(poster.service, poster.printed_on)
    room = frame_height(sheet, footer)
    return one_page(
        lambda trial: _story(poster, look.logo, trial, room),
        sheet,
        info,
        footer,
        smallest=floor_shrink(BODY),
    )


def _story(
    poster: CommitmentsPoster, logo: bytes | None, sheet: Sheet, room: float
) -> list[Flowable]:
    """``room``: the height of the page's frame, which the body fills when it fits."""
    head = masthead(poster.service, TITLE, sheet, logo, title_points=TITLE_POINTS)
    subtitle = Paragraph(french(escape(poster.referential_title)), sheet.style(12, colour=BLUE))
    body: list[Flowable] = [_engagements_box(poster.engagements, sheet)]
    if poster.local_engagements:
        body += [
            _gap(sheet, 5),
            _heading(LOCAL, sheet),
            _list(poster.local_engagements, ["•"] * len(poster.local_engagements), sheet),
        ]
    body += [_gap(sheet, 6), *_delays_and_contact(poster, sheet), _gap(sheet, 6)]
    body.append(_reminders(poster.service, sheet))
    return [*head[:-1], subtitle, head[-1], _Spread(body, room)]


def _gap(sheet: Sheet, a4_mm: float) -> Spacer:
    return Spacer(0, sheet.points(a4_mm * mm))


class _Spread(Flowable):
    """The poster's body filling the rest of the page: the room left over widens the
    gaps between sections (up to twice their size) and the last section goes to the
    foot of the page, so a short poster does not end half-way down.

    Offered more height than a page's frame (``frame_height``), as ``story_height`` does
    to measure it, the body keeps its natural height. Too tall for the room left on the
    page, it splits into its sections, laid out one after the other over the pages as
    any story is (the delays beside the contacts going on over the next page).
    """

    def __init__(self, parts: list[Flowable], frame_height: float) -> None:
        super().__init__()
        self._parts, self._frame_height = parts, frame_height
        self._heights: list[float] = []
        self._bonus = self._rest = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [part.wrap(avail_width, avail_height)[1] for part in self._parts]
        spacing = sum(p.getSpaceBefore() + p.getSpaceAfter() for p in self._parts[1:-1])
        natural = sum(self._heights) + spacing + self._parts[0].getSpaceAfter()
        natural += self._parts[-1].getSpaceBefore()
        room = avail_height - natural if natural <= avail_height <= self._frame_height else 0.0
        gaps = [h for part, h in zip(self._parts, self._heights, strict=True) if _is_gap(part)]
        self._bonus = min(1.0, room / sum(gaps)) if gaps and room > 0 else 0.0
        self._rest = room - self._bonus * sum(gaps)
        self.width, self.height = avail_width, natural + room
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(self._parts)

    def draw(self) -> None:
        top = self.height
        last = len(self._parts) - 1
        for index, (part, height) in enumerate(zip(self._parts, self._heights, strict=True)):
            top -= part.getSpaceBefore() if index else 0.0
            top -= self._rest if index == last else 0.0
            if _is_gap(part):
                top -= height * (1 + self._bonus)
                continue
            top -= height
            part.drawOn(self.canv, 0, top)
            top -= part.getSpaceAfter()


def _is_gap(part: Flowable) -> bool:
    return isinstance(part, Spacer)


def _heading(text: str, sheet: Sheet) -> Paragraph:
    return Paragraph(french(text), sheet.style(HEADING, bold=True, colour=BLUE, space_after=4))


def _list(
    texts: Sequence[str],
    marks: Sequence[str],
    sheet: Sheet,
    indent: float = 0,
    *boxed: TableCommand,
) -> Table:
    """Engagements, a mark (number or bullet) in blue before each: the words exactly as
    given, only escaped for markup. ``indent``: the room a box takes on the left."""
    # The mark as large as the text, so both share their first baseline.
    mark_style = sheet.style(ENGAGEMENT, bold=True, colour=BLUE)
    text_style = sheet.style(ENGAGEMENT, bold=True)
    mark_width = sheet.points(10 * mm) + indent
    rows = [
        [Paragraph(mark, mark_style), Paragraph(escape(text), text_style)]
        for mark, text in zip(marks, texts, strict=True)
    ]
    return layout_table(
        rows,
        [mark_width, sheet.width - mark_width],
        sheet.fonts.regular,
        ("BOTTOMPADDING", (0, 0), (-1, -2), sheet.points(2.2 * mm)),
        *boxed,
    )


def _engagements_box(engagements: Sequence[str], sheet: Sheet) -> Table:
    """The referential's engagements, numbered, in a tinted box ruled in blue (one
    table, not a table in a table: reportlab measures nested cells again and again)."""
    padding = sheet.points(4 * mm)
    numbers = [str(number) for number in range(1, len(engagements) + 1)]
    return _list(
        engagements,
        numbers,
        sheet,
        1.5 * padding,
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LINEBEFORE", (0, 0), (0, -1), sheet.points(3, shrinks=False), BLUE),
        ("LEFTPADDING", (0, 0), (0, -1), 1.5 * padding),
        ("RIGHTPADDING", (-1, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
    )


def _delays_and_contact(poster: CommitmentsPoster, sheet: Sheet) -> list[Flowable]:
    """The delays beside the ways to reach us, or across the page two by two above them
    when that is shorter: a long catalogue then fills the page's width, and goes on over
    the next page row by row. Without delays, the ways to reach us on the left and the
    hours on the right. Each part is made and measured once, whatever the layout."""
    column = (sheet.width - sheet.points(GUTTER)) / 2
    reach, when = _reach(poster, sheet), _when(poster, sheet, column)
    if not poster.delays and not poster.acknowledgement:
        return [_heading(CONTACT, sheet), _columns([[reach, when]], sheet)]
    delays = [_delay(delay, sheet) for delay in poster.delays]
    gap = sheet.points(DELAY_GAP)

    def height(flowables: Sequence[Flowable]) -> float:
        return story_height(flowables, column, sheet.page[1])

    # Two columns' heights, the headings and the note left out: about the same in both.
    heights = [height(cell) + gap for cell in delays]
    reach_height, when_height = height(reach), height(when)
    beside = max(sum(heights), reach_height + when_height)
    rows = [max(heights[index : index + 2]) for index in range(0, len(heights), 2)]
    across = sum(rows) + sheet.points(6 * mm) + max(reach_height, when_height)
    note = _acknowledgement(poster, sheet)
    if beside <= across or not delays:  # (no delay, only the acknowledgement: no grid)
        for cell in delays[1:]:
            cell[0].spaceBefore = gap
        listed = [_heading(DELAYS, sheet), *(part for cell in delays for part in cell), *note]
        return [_columns([[listed, [_heading(CONTACT, sheet), *reach, *when]]], sheet)]
    return [
        _heading(DELAYS, sheet),
        _delay_grid(delays, sheet),
        *note,
        _gap(sheet, 6),
        _heading(CONTACT, sheet),
        _columns([[reach, when]], sheet),
    ]


def _columns(
    rows: list[list[object]], sheet: Sheet, *commands: TableCommand, in_row: bool = True
) -> Table:
    """Two columns, a gutter between them. ``in_row``: a row longer than the room left
    on the page goes on over the next one (else rows move whole)."""
    half, gutter = sheet.width / 2, sheet.points(GUTTER)
    return layout_table(
        rows,
        [half, half],
        sheet.fonts.regular,
        ("RIGHTPADDING", (0, 0), (0, -1), gutter / 2),
        ("LEFTPADDING", (1, 0), (1, -1), gutter / 2),
        *commands,
        split_in_row=in_row,
    )


def _delay(delay: AnnouncedDelay, sheet: Sheet) -> list[Paragraph]:
    """The sentence, and the channels it is announced for in small print."""
    parts = [Paragraph(delay_sentence(delay), sheet.style(BODY))]
    if delay.channels:
        parts.append(Paragraph(escape(channels_text(delay)), sheet.style(SMALL, colour=GREY)))
    return parts


def _delay_grid(delays: list[list[Paragraph]], sheet: Sheet) -> Table:
    """The delays two by two, read row by row; a page ends between two rows, never
    between a delay and its channels."""
    rights: list[list[Paragraph]] = [*delays[1::2], *([[]] if len(delays) % 2 else [])]
    rows: list[list[object]] = [
        [left, right] for left, right in zip(delays[::2], rights, strict=True)
    ]
    gap = ("BOTTOMPADDING", (0, 0), (-1, -2), sheet.points(DELAY_GAP))
    return _columns(rows, sheet, gap, in_row=False)


def _acknowledgement(poster: CommitmentsPoster, sheet: Sheet) -> list[Flowable]:
    """The SP+ standard: a written request is acknowledged before it is answered."""
    if not poster.acknowledgement:
        return []
    words = f"{ACKNOWLEDGEMENT} {poster.acknowledgement}."
    note = Paragraph(french(escape(words)), sheet.style(BODY, colour=GREY))
    note.spaceBefore = sheet.points(4 * mm)
    return [note]


def delay_sentence(delay: AnnouncedDelay) -> str:
    """'<b>Réponse à un courriel</b> : sous 5 jours ouvrés' as Paragraph markup."""
    return f"<b>{french(escape(delay.label))}</b>\u00a0: sous\u00a0{french(escape(delay.delay))}"


def channels_text(delay: AnnouncedDelay) -> str:
    """'Courriel, formulaire en ligne': the channels the delay is announced for."""
    labels = [CHANNEL_LABELS[channel] for channel in delay.channels]
    return ", ".join([labels[0], *(label.lower() for label in labels[1:])]) if labels else ""


def _reach(poster: CommitmentsPoster, sheet: Sheet) -> list[Flowable]:
    """Name and address, phones and e-mails, and how to book an appointment."""
    service = poster.service
    body, strong = sheet.style(BODY), sheet.style(BODY, bold=True)
    parts: list[Flowable] = [Paragraph(escape(service.name), strong)]
    parts += [Paragraph(escape(line), body) for line in service.address.splitlines()]
    points = [Paragraph(contact_line(point), body) for point in service.contact_points]
    if points:
        points[0].spaceBefore = sheet.points(2 * mm)
    parts += points
    if poster.appointment:
        booking = Paragraph(
            f"<b>{french(APPOINTMENT)}</b>\u00a0: {french(escape(poster.appointment))}", body
        )
        booking.spaceBefore = sheet.points(2 * mm)
        parts.append(booking)
    return parts


def _when(poster: CommitmentsPoster, sheet: Sheet, column: float) -> list[Flowable]:
    """Opening hours, days with the same hours grouped; then the busiest hours."""
    strong = sheet.style(BODY, bold=True)
    hours_heading = Paragraph(french(HOURS), strong)
    hours_heading.spaceBefore = sheet.points(3 * mm)
    parts: list[Flowable] = [hours_heading, _hours(poster.service, sheet, column)]
    if poster.busy_hours:
        busy_heading = Paragraph(french(BUSY), strong)
        busy_heading.spaceBefore = sheet.points(3 * mm)
        parts += [busy_heading, Paragraph(busy_sentence(poster.busy_hours), sheet.style(BODY))]
    return parts


def busy_sentence(busy_hours: Sequence[str]) -> str:
    """'Affluence la plus forte : le lundi de 9 h à 10 h, le mardi… et le jeudi…'"""
    slots = [escape(slot) for slot in busy_hours]
    listed = slots[0] if len(slots) == 1 else f"{', '.join(slots[:-1])} et {slots[-1]}"
    return f"Affluence la plus forte\u00a0: {listed}."


def _hours(service: ServiceInfo, sheet: Sheet, column: float) -> Table:
    return hours_table(
        service.opening_hours,
        sheet.style(BODY),
        column,
        gap=sheet.points(4 * mm),
        row_gap=sheet.points(0.8 * mm),
    )


def opinion_ways(service: ServiceInfo) -> str:
    """'à l'accueil, par téléphone au 04 77 48 77 48 ou par courriel à …' as Paragraph
    markup: where to give one's opinion, the service's first phone and first e-mail."""
    ways = ["à l'accueil"]
    phone = next((p.value for p in service.contact_points if p.kind == "phone"), "")
    email = next((p.value for p in service.contact_points if p.kind == "email"), "")
    if phone:
        number = escape(phone).replace(" ", "\u00a0")  # never broken across lines
        ways.append(f"par téléphone au {number}")
    if email:
        ways.append(f"par courriel à {escape(email)}")
    return ways[0] if len(ways) == 1 else f"{', '.join(ways[:-1])} ou {ways[-1]}"


def _reminders(service: ServiceInfo, sheet: Sheet) -> Table:
    """The right to error and the invitation to give one's opinion, side by side in a
    tinted band."""
    title = sheet.style(BODY + 1, bold=True, colour=BLUE, space_after=1.5)
    body, small = sheet.style(BODY), sheet.style(SMALL, colour=GREY)
    basis = Paragraph(french(RIGHT_TO_ERROR_BASIS), small)
    basis.spaceBefore = sheet.points(1 * mm)
    error_cell: list[Flowable] = [
        Paragraph(french(RIGHT_TO_ERROR), title),
        Paragraph(french(RIGHT_TO_ERROR_TEXT), body),
        basis,
    ]
    opinion_cell: list[Flowable] = [
        Paragraph(french(OPINION), title),
        Paragraph(f"Dites-le {opinion_ways(service)}. {french(OPINION_THANKS)}", body),
    ]
    padding = sheet.points(4 * mm)
    half = sheet.width / 2
    return layout_table(
        [[error_cell, opinion_cell]],
        [half, half],
        sheet.fonts.regular,
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LINEAFTER", (0, 0), (0, -1), sheet.points(0.5, shrinks=False), BLUE),
    )
