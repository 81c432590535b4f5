"""PDF bytes on screen and on paper: the pieces the print centre uses to open a document
built by the reports, send its pages to a printer and save it as it was built.

Pages are drawn by QtPdf at 300 dpi at most: at QPrinter's high resolution (1200 dpi)
one A3 page took 1.1 GB of memory and 10 s; at 300 dpi, 70 MB and half a second
(STACK.md). Each page is fitted to the paper the person chose in the print dialog (an A3
poster on an A4-only printer comes out whole, smaller), and only the pages they asked
for are drawn. Saving keeps the original bytes: text stays text, not a picture of it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from spplus_desk.domain.errors import UserError

PRINT_DPI = 300
POINTS_PER_INCH = 72


def ask_save_path(parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
    """Where to save, as the person chooses it; None when they cancel. Tests replace
    this function rather than drive the platform's file dialog."""
    name, _chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(name) if name else None


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system's print dialog for ``printer``; whether the person chose to print.
    Tests replace this function (as the print centre's) rather than drive the
    platform's dialog."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer"))
    # « Pages de … à … » within the document (the printer holds 1 and its page count).
    dialog.setMinMax(1, max(printer.toPage(), 1))
    return dialog.exec() == QDialog.DialogCode.Accepted


def printer_for(document: QPdfDocument, name: str) -> QPrinter:
    """A printer at 300 dpi on the document's paper, its pages all offered."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setResolution(PRINT_DPI)
    printer.setFullPage(True)
    printer.setDocName(name)
    printer.setPageLayout(page_layout(document))
    printer.setFromTo(1, document.pageCount())
    return printer


def pdf_document(data: bytes, parent: QWidget) -> QPdfDocument:
    """The bytes opened by QtPdf (read at once: the buffer holds everything)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() is not QPdfDocument.Status.Ready:
        raise UserError("Le document PDF n'a pas pu être ouvert pour l'aperçu.")
    return document


def page_layout(document: QPdfDocument) -> QPageLayout:
    """The paper of the document's first page (A4 portrait or landscape…), no margins:
    the PDF has its own."""
    size = document.pagePointSize(0)
    landscape = size.width() > size.height()
    portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    return QPageLayout(
        QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages to draw (0-based), as the print dialog left them: all, or « de … à … »
    (1-based there), in the order the printer wants them."""
    pages = list(range(count))
    if printer.printRange() is QPrinter.PrintRange.PageRange:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        pages = list(range(first - 1, last))
    if printer.pageOrder() is QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def fitted(page_points: QSizeF, area: QSizeF) -> QRectF:
    """The largest rectangle of the page's proportions inside ``area`` (device pixels),
    centred: the page neither cropped nor stretched."""
    scale = min(area.width() / page_points.width(), area.height() / page_points.height())
    size = page_points * scale
    corner = QPointF((area.width() - size.width()) / 2, (area.height() - size.height()) / 2)
    return QRectF(corner, size)


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """The chosen pages, each fitted to the printer's page; how many were drawn."""
    pages = chosen_pages(printer, document.pageCount())
    painter = QPainter()
    if not pages or not painter.begin(printer):
        return 0
    # The painter's origin is the page's corner (the paper's when printing full page).
    area = printer.pageRect(QPrinter.Unit.DevicePixel).size()
    # The image is never finer than 300 dpi, whatever the printer says it can do.
    pixels = min(1.0, PRINT_DPI / printer.resolution())
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            target = fitted(document.pagePointSize(page), area)
            size = QSize(round(target.width() * pixels), round(target.height() * pixels))
            painter.drawImage(target, document.render(page, size))
    finally:
        painter.end()
    return len(pages)


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()
