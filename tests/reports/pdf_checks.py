"""What every printed-document test checks, read back as a person's tools would (pypdf):
the text, the pages' size, the fonts embedded, the metadata, the images.

Also a service built by hand (no database) for the documents to print, and a tiny logo.
The expected words stay in each test, written out, never computed by the code under test.
"""

from __future__ import annotations

import io
import math
import struct
import uuid
import zlib
from datetime import time

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from spplus_desk.domain.departements import departement
from spplus_desk.domain.service import ContactPoint, OpeningHours, ServiceInfo, TimeRange

A4_PORTRAIT = (595.28, 841.89)  # points
A3_PORTRAIT = (841.89, 1190.55)
# PDF's 14 standard fonts: none can print U+202F, so none may appear in our documents.
STANDARD_FONTS = (
    "Helvetica",
    "Times",
    "Courier",
    "Symbol",
    "ZapfDingbats",
)
WEEKDAYS = "8:30-12:00 13:30-17:00"


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def normalised(text: str) -> str:
    """Every run of white space (no-break ones, line breaks) as one space: lines wrap
    where the layout decides, words do not change."""
    return " ".join(text.split())


def page_texts(data: bytes) -> list[str]:
    """Each page's text, white space normalised."""
    return [normalised(page.extract_text()) for page in _reader(data).pages]


def pdf_text(data: bytes) -> str:
    """The whole document's text, white space normalised."""
    return " ".join(page_texts(data))


def text_sizes(data: bytes) -> list[list[float]]:
    """Each page's text sizes in points, as printed: every piece of visible text's font
    size (its Tf operand) times the scale of the text and graphics matrices, so a
    drawing or a frame shrunk as a whole shows its real, smaller type."""
    return [_text_sizes(page) for page in _reader(data).pages]


def _text_sizes(page: PageObject) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            # The text matrix then the graphics one: how tall one unit of type is.
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.hypot(c, d))

    page.extract_text(visitor_text=visit)
    return sizes


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's width and height, in points."""
    return [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in _reader(data).pages
    ]


def pdf_lang(data: bytes) -> str | None:
    """The document's language, as the catalogue declares it for screen readers."""
    lang = _dictionary(_reader(data).trailer["/Root"]).get("/Lang")
    return None if lang is None else str(lang)


def pdf_metadata(data: bytes) -> dict[str, str]:
    """The document information: /Title, /Author, /Subject…"""
    metadata = _reader(data).metadata
    return {} if metadata is None else {str(key): str(value) for key, value in metadata.items()}


def _dictionary(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _resources(data: bytes) -> list[DictionaryObject]:
    """The resources of every page and of the forms they draw, however deep."""
    found: list[DictionaryObject] = []
    pending = [_dictionary(page["/Resources"]) for page in _reader(data).pages]
    while pending:
        resources = pending.pop()
        found.append(resources)
        if "/XObject" in resources:
            for xobject in _dictionary(resources["/XObject"]).values():
                form = _dictionary(xobject)
                if form.get("/Subtype") == "/Form" and "/Resources" in form:
                    pending.append(_dictionary(form["/Resources"]))
    return found


def font_names(data: bytes) -> set[str]:
    """The base fonts the document uses ('/AAAAAA+DejaVuSans')."""
    return {
        str(_dictionary(font)["/BaseFont"])
        for resources in _resources(data)
        if "/Font" in resources
        for font in _dictionary(resources["/Font"]).values()
    }


def assert_fonts_embedded(data: bytes) -> None:
    """Every font the document uses is a TrueType file embedded in it (/FontFile2),
    never one of PDF's standard fonts, which a reader substitutes."""
    fonts = [
        _dictionary(font)
        for resources in _resources(data)
        if "/Font" in resources
        for font in _dictionary(resources["/Font"]).values()
    ]
    assert fonts, "the document uses no font"
    for font in fonts:
        name = str(font["/BaseFont"])
        assert not any(standard in name for standard in STANDARD_FONTS), name
        descendants = font.get("/DescendantFonts")  # a Type0 font holds the real one
        if descendants is not None:
            array = descendants.get_object()
            assert isinstance(array, ArrayObject)
            font = _dictionary(array[0])
        assert "/FontDescriptor" in font, name
        assert "/FontFile2" in _dictionary(font["/FontDescriptor"]), name


def image_count(data: bytes) -> int:
    """How many image XObjects the document's pages draw (a logo is one)."""
    return sum(
        1
        for resources in _resources(data)
        if "/XObject" in resources
        for xobject in _dictionary(resources["/XObject"]).values()
        if _dictionary(xobject).get("/Subtype") == "/Image"
    )


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    """A small valid PNG, blue France, written by hand: a logo for the tests."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\x00\x00\x91" * width  # filter byte, then RGB pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def hours(*days: str) -> OpeningHours:
    """'8:30-12:00 13:30-17:00' per weekday, Monday first; '' for a closed day."""
    return OpeningHours(
        tuple(
            tuple(
                TimeRange(_time(start), _time(end))
                for start, end in (piece.split("-") for piece in day.split())
            )
            for day in days
        )
    )


def _time(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def sample_service(**changes: object) -> ServiceInfo:
    """The town hall of Saint-Étienne, open on weekdays, with a phone and an e-mail;
    ``changes`` replace any field."""
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "name": "Mairie de Saint-Étienne",
        "address": "Place de l'Hôtel de Ville\n42000 Saint-Étienne",
        "departement": departement("42"),
        "time_zone": "Europe/Paris",
        "opening_hours": hours(*[WEEKDAYS] * 5, "", ""),
        "contact_points": (
            ContactPoint("phone", "04 77 48 77 48"),
            ContactPoint("email", "accueil@saint-etienne.fr"),
        ),
        "referential": "sp-2023",
        "whit_monday_worked": False,
        "version": 1,
    }
    values.update(changes)
    return ServiceInfo(**values)  # type: ignore[arg-type]
