"""The print centre on paper: each page fitted to the paper chosen in the print dialog (an
A3 poster on an A4-only printer comes out whole), only the pages chosen there, and never
finer than 300 dpi. The document is a test sheet: white pages, a black square in the
bottom-right corner, and along the top as many small squares as the page's number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import BuiltDocument, DocumentOrder
from spplus_desk.services.desk import Desk
from spplus_desk.ui import pdf_print, print_centre
from spplus_desk.ui.pdf_print import paint_pages, pdf_document
from spplus_desk.ui.print_centre import PrintCentre
from tests.ui.test_print_centre import (
    A3_POINTS,
    A4_POINTS,
    CTRL,
    centre_opener,
    on_white,
    wait_preview,
)

A3 = QPageSize.PageSizeId.A3
A4 = QPageSize.PageSizeId.A4
BLACK = Qt.GlobalColor.black
MARKS = 3  # small squares along the top: room for three pages


def sheet_pdf(pages: int, size: QPageSize.PageSizeId) -> bytes:
    """The test sheet as a PDF of ``pages`` pages of this paper, drawn in points."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    portrait = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(size), portrait, QMarginsF()))
    painter = QPainter(writer)
    width, height = writer.width(), writer.height()
    for page in range(pages):
        if page:
            writer.newPage()
        corner = QRectF(width * 0.9, height * 0.9, width * 0.1, height * 0.1)
        painter.fillRect(corner, BLACK)
        for mark in range(page + 1):
            painter.fillRect(_mark(mark, width, height), BLACK)
    painter.end()
    return bytes(buffer.data().data())


def _mark(number: int, width: float, height: float) -> QRectF:
    return QRectF(width * (0.1 + 0.2 * number), height * 0.05, width * 0.1, height * 0.05)


def inked(image: QImage, area: QRectF) -> bool:
    """The middle of ``area`` (in pixels) is dark."""
    centre = area.center()
    return QColor(image.pixel(round(centre.x()), round(centre.y()))).lightness() < 100


def pages_printed(path: Path) -> list[QImage]:
    """The printed PDF's pages as a person would see them, 595 pixels wide."""
    document = QPdfDocument()
    document.load(str(path))
    assert document.status() is QPdfDocument.Status.Ready
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(595, round(595 * points.height() / points.width()))
        images.append(on_white(document.render(page, size)))
    return images


def marks(image: QImage) -> list[bool]:
    return [inked(image, _mark(n, image.width(), image.height())) for n in range(MARKS)]


@pytest.fixture
def open_centre(qtbot: QtBot, desk: Desk) -> Callable[[], PrintCentre]:
    return centre_opener(qtbot, desk)


@pytest.fixture
def sheet_centre(
    open_centre: Callable[[], PrintCentre], monkeypatch: pytest.MonkeyPatch
) -> Callable[[int, QPageSize.PageSizeId], PrintCentre]:
    """The centre showing the test sheet instead of the poster."""

    def opened(pages: int, size: QPageSize.PageSizeId) -> PrintCentre:
        data = sheet_pdf(pages, size)

        def build(_desk: Desk, _order: DocumentOrder) -> BuiltDocument:
            return BuiltDocument(data=data, title="Feuille d'essai", file_name="essai.pdf")

        monkeypatch.setattr(print_centre, "build_document", build)
        return open_centre()

    return opened


def a4_printer(out: Path, *, pages: tuple[int, int] | None = None) -> Callable[..., bool]:
    """The print dialog as a person answers it with an A4-only printer (printing to
    ``out``), choosing ``pages`` (from, to) or all of them."""

    def ask(_parent: QWidget, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPageSize(QPageSize(A4))
        if pages is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*pages)
        return True

    return ask


def test_an_a3_poster_comes_out_whole_on_a4_paper(
    qtbot: QtBot,
    sheet_centre: Callable[[int, QPageSize.PageSizeId], PrintCentre],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = sheet_centre(1, A3)
    document = wait_preview(qtbot, centre)
    assert document is not None
    size = document.pagePointSize(0)
    assert (round(size.width()), round(size.height())) == A3_POINTS
    out = tmp_path / "a3-sur-a4.pdf"
    monkeypatch.setattr(print_centre, "ask_printer", a4_printer(out))
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_P, CTRL)
    assert centre.pages_printed == 1
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    [page] = pages_printed(out)
    width, height = page.width(), page.height()
    # The corner square is on the paper, at its corner: the page was not cropped.
    assert inked(page, QRectF(width * 0.9, height * 0.9, width * 0.1, height * 0.1))
    assert marks(page) == [True, False, False]
    # Nothing outside the fitted page: the paper's edges stay white.
    assert QColor(page.pixel(2, 2)).lightness() > 200


def test_only_the_pages_chosen_in_the_print_dialog_are_printed(
    qtbot: QtBot,
    sheet_centre: Callable[[int, QPageSize.PageSizeId], PrintCentre],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = sheet_centre(3, A3)
    wait_preview(qtbot, centre)
    out = tmp_path / "page-2.pdf"
    monkeypatch.setattr(print_centre, "ask_printer", a4_printer(out, pages=(2, 2)))
    centre.print_button.click()
    assert centre.pages_printed == 1
    assert centre.busy_label.text() == "Envoyé à l'impression : 1 page."
    [page] = pages_printed(out)
    assert marks(page) == [True, True, False]  # the second page
    out = tmp_path / "tout.pdf"
    monkeypatch.setattr(print_centre, "ask_printer", a4_printer(out))
    centre.print_button.click()
    assert [marks(page) for page in pages_printed(out)] == [
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ]


def test_the_print_dialog_offers_the_documents_pages(
    qtbot: QtBot,
    sheet_centre: Callable[[int, QPageSize.PageSizeId], PrintCentre],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = sheet_centre(3, A4)
    wait_preview(qtbot, centre)
    seen: list[tuple[str, int, int, int, int]] = []

    class Cancelled(QPrintDialog):
        """The system's dialog, looked at and cancelled instead of shown."""

        def exec(self) -> int:
            printer = self.printer()
            seen.append(
                (
                    self.windowTitle(),
                    self.minPage(),
                    self.maxPage(),
                    printer.fromPage(),
                    printer.toPage(),
                )
            )
            return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(pdf_print, "QPrintDialog", Cancelled)
    centre.pages_printed = -1
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_P, CTRL)
    assert seen == [("Imprimer", 1, 3, 1, 3)]  # « pages 1 à 3 » at most
    assert centre.pages_printed == -1  # cancelled: nothing printed


def test_pages_are_never_drawn_finer_than_300_dpi(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    document = pdf_document(sheet_pdf(1, A4), parent)
    sizes: list[QSize] = []
    render = QPdfDocument.render

    def recorded(self: QPdfDocument, page: int, size: QSize) -> QImage:
        sizes.append(size)
        return render(self, page, size)

    monkeypatch.setattr(QPdfDocument, "render", recorded)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "fin.pdf"))
    printer.setResolution(1200)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(A4))
    assert paint_pages(document, printer) == 1
    # A4 at 300 dpi (to a pixel), not the 9921 × 14031 pixels of 1200 dpi.
    [size] = sizes
    assert abs(size.width() - 2480) <= 1
    assert abs(size.height() - 3508) <= 1
