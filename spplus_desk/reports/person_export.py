"""Everything held about one person, as a PDF to hand over and a JSON file with the same
content (right of access, RGPD art. 15; portability in spirit).

The PDF: A4 portrait, the service's masthead, what the document is, then one section
per type of record — each record a two-column table of its fields, its title repeated
on the next page when it runs over — then the person's rights and how long each type of
data is kept. Cells are plain text broken into lines once (``long_table``): a person
with hundreds of contacts prints in linear time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from spplus_desk.domain.documents import PaperSize, PrintLook
from spplus_desk.domain.history import moment_text
from spplus_desk.domain.person_export import TITLE, PersonExport
from spplus_desk.reports.error_leaflet_text import contact_line, french
from spplus_desk.reports.fonts import FontNames, fonts_for
from spplus_desk.reports.long_table import LongTable
from spplus_desk.reports.person_export_fields import (
    HISTORY_LABELS,
    Item,
    Section,
    sections,
)
from spplus_desk.reports.person_export_text import (
    CONFIDENTIAL,
    NOTHING,
    RETENTION_COLUMNS,
    RETENTION_HEADING,
    RIGHTS_HEADING,
    SUBJECT,
    introduction,
    retention_rows,
    retention_sentences,
    rights,
)
from spplus_desk.reports.poster_kit import (
    BLUE,
    GREY,
    LINE,
    TINT,
    PdfInfo,
    Sheet,
    build_pdf,
    footer_text,
    masthead,
)

CELL_SIZE, CELL_LEADING = 8.5, 10.5
CELL_SIDE, CELL_TOP, CELL_BOTTOM = 4.0, 2.0, 3.0
LABEL_SHARE = 0.32  # of the width, for the fields' labels
MAX_CELL_LINES = 40  # a longer text goes on in the next row: no row outgrows a page
HISTORY_SHARES = (0.2, 0.22, 0.28, 0.15, 0.15)
LABEL_INK = colors.HexColor("#3A3A3A")


def person_export_pdf(export: PersonExport, look: PrintLook) -> bytes:
    service = export.service
    zone = ZoneInfo(service.time_zone)
    sheet = Sheet(PaperSize.A4, fonts_for(look))
    info = PdfInfo(title=TITLE, author=service.name, subject=SUBJECT)
    footer = footer_text(service, export.exported_at.astimezone(zone).date(), extra=CONFIDENTIAL)
    story: list[Flowable] = list(masthead(service, TITLE, sheet, look.logo, title_points=20))
    styles = _Styles(sheet)
    story += _service_block(export, styles)
    story += [Paragraph(_markup(line), styles.body) for line in _intro(export, zone)]
    for section in sections(export):
        story += _section(section, sheet, styles)
    story += _rights(export, sheet, styles)
    data, _pages = build_pdf(story, sheet, info, footer)
    return data


def person_export_json(export: PersonExport) -> bytes:
    """The same content as the PDF, UTF-8, keys stable for a program to read."""
    service = export.service
    zone = ZoneInfo(service.time_zone)
    document: dict[str, Any] = {
        "document": TITLE,
        "service": {
            "name": service.name,
            "address": service.address.splitlines(),
            "contacts": [
                {"kind": p.kind, "value": p.value, "purpose": p.purpose}
                for p in service.contact_points
            ],
        },
        "exported_at": export.exported_at.astimezone(zone).isoformat(),
        "query": export.query,
        "person": {"names": list(export.identity.names)},
    }
    for section in sections(export):
        events = section.key == "requests"
        document[section.key] = [_item_json(item, events=events) for item in section.items]
    document["retention"] = [
        {
            "record_type": line.record_type.value,
            "label": line.label,
            "months": line.months,
            "default_months": line.default_months,
            "counted_from": line.counted_from,
        }
        for line in export.retention
    ]
    document["rights"] = [*rights(service), *retention_sentences(export.retention)]
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _item_json(item: Item, *, events: bool) -> dict[str, Any]:
    values: dict[str, Any] = {"title": item.title}
    values.update((field.key, field.value) for field in item.fields)
    if events:
        values["events"] = [{f.key: f.value for f in event} for event in item.history]
    return values


class _Styles:
    def __init__(self, sheet: Sheet) -> None:
        self.fonts: FontNames = sheet.fonts
        self.body = sheet.style(10, leading=1.35, space_after=1.5 * mm)
        self.small = sheet.style(9, colour=GREY, leading=1.3)
        self.heading = sheet.style(13, bold=True, colour=BLUE, space_after=2 * mm)
        self.heading.spaceBefore = sheet.points(5 * mm)
        self.heading.keepWithNext = True
        self.empty = sheet.style(9.5, colour=GREY, space_after=2 * mm)


def _markup(text: str) -> str:
    return french(escape(text)).replace("\n", "<br/>")


def _service_block(export: PersonExport, styles: _Styles) -> list[Flowable]:
    service = export.service
    # The masthead names the service: here, where to reach it.
    block: list[Flowable] = [
        Paragraph(escape(line), styles.small) for line in service.address.splitlines()
    ]
    block += [Paragraph(contact_line(point), styles.small) for point in service.contact_points]
    return [*block, Spacer(0, 4 * mm)]


def _intro(export: PersonExport, zone: ZoneInfo) -> list[str]:
    return introduction(export, moment_text(export.exported_at, zone))


def _section(section: Section, sheet: Sheet, styles: _Styles) -> list[Flowable]:
    heading = Paragraph(_markup(f"{section.title} ({len(section.items)})"), styles.heading)
    if not section.items:
        return [heading, Paragraph(NOTHING, styles.empty)]
    story: list[Flowable] = [heading]
    for item in section.items:
        story.append(_fields_table(item, sheet, styles))
        if item.history:
            story.append(Spacer(0, 1.5 * mm))
            story.append(_history_table(item, sheet, styles))
        story.append(Spacer(0, 4 * mm))
    return story


def _fields_table(item: Item, sheet: Sheet, styles: _Styles) -> LongTable:
    label_width = sheet.width * LABEL_SHARE
    widths = (label_width, sheet.width - label_width)
    font = styles.fonts.regular
    body: list[list[str]] = []
    for field in item.fields:
        labels = _lines(field.label, styles.fonts.bold, widths[0])
        for index, chunk in enumerate(_chunks(_lines(field.text, font, widths[1]))):
            body.append(["\n".join(labels) if index == 0 else "", "\n".join(chunk)])
    title = "\n".join(_lines(item.title, styles.fonts.bold, sheet.width))
    return _table([[title, ""]], body, widths, styles, head_rows=1, labels=True)


def _history_table(item: Item, sheet: Sheet, styles: _Styles) -> LongTable:
    widths = tuple(sheet.width * share for share in HISTORY_SHARES)
    font = styles.fonts.regular
    body = [
        [
            "\n".join(_lines(field.text, font, width))
            for field, width in zip(event, widths, strict=True)
        ]
        for event in item.history
    ]
    title = f"Historique de la demande {item.fields[0].text}"
    head = [[title, *[""] * (len(widths) - 1)], list(HISTORY_LABELS)]
    return _table(head, body, widths, styles, head_rows=2)


def _table(
    head: Sequence[Sequence[str]],
    body: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: _Styles,
    *,
    head_rows: int,
    titled: bool = True,
    labels: bool = False,
) -> LongTable:
    """``titled``: the first head row is a title across the table; ``labels``: the first
    column names the fields (in bold)."""

    def style_for(count: int) -> TableStyle:
        return _table_style(count, head_rows, styles.fonts, titled=titled, labels=labels)

    return LongTable(
        [list(row) for row in head],
        [list(row) for row in body],
        widths=widths,
        style_for=style_for,
        cell_padding=(CELL_SIDE, CELL_SIDE, CELL_TOP, CELL_BOTTOM),
        text_leading=CELL_LEADING,
    )


def _table_style(
    body_rows: int, head_rows: int, fonts: FontNames, *, titled: bool, labels: bool
) -> TableStyle:
    last = head_rows + body_rows - 1
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_BOTTOM),
        ("FONTNAME", (0, 0), (-1, head_rows - 1), fonts.bold),
        ("BACKGROUND", (0, 0), (-1, head_rows - 1), TINT),
        ("LINEBELOW", (0, head_rows - 1), (-1, head_rows - 1), 0.6, BLUE),
    ]
    if titled:
        commands += [("SPAN", (0, 0), (-1, 0)), ("TEXTCOLOR", (0, 0), (-1, 0), BLUE)]
    if body_rows:
        commands.append(("GRID", (0, head_rows), (-1, last), 0.3, LINE))
        if labels:
            commands.append(("FONTNAME", (0, head_rows), (0, last), fonts.bold))
            commands.append(("TEXTCOLOR", (0, head_rows), (0, last), LABEL_INK))
    return TableStyle(commands)


def _lines(text: str, font: str, width: float) -> list[str]:
    """The text broken into lines of the cell's width (its own line breaks kept)."""
    inner = width - 2 * CELL_SIDE
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += simpleSplit(paragraph, font, CELL_SIZE, inner) or [""]
    return lines


def _chunks(lines: list[str]) -> list[list[str]]:
    return [lines[i : i + MAX_CELL_LINES] for i in range(0, len(lines), MAX_CELL_LINES)] or [[""]]


def _rights(export: PersonExport, sheet: Sheet, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(RIGHTS_HEADING, styles.heading)]
    story += [Paragraph(_markup(text), styles.body) for text in rights(export.service)]
    story.append(Paragraph(_markup(RETENTION_HEADING), styles.heading))
    widths = (sheet.width * 0.5, sheet.width * 0.15, sheet.width * 0.35)
    font = styles.fonts.regular
    body = [
        ["\n".join(_lines(cell, font, width)) for cell, width in zip(row, widths, strict=True)]
        for row in retention_rows(export.retention)
    ]
    head = [list(RETENTION_COLUMNS)]
    story.append(_table(head, body, widths, styles, head_rows=1, titled=False))
    story.append(Spacer(0, 2 * mm))
    story.append(Paragraph(_markup(retention_sentences(export.retention)[-1]), styles.body))
    return story
