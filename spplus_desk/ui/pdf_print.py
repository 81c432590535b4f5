"""PDF bytes on screen and on paper: Qt's print preview of a document built by the
reports (the day's list, later the posters), with « Enregistrer en PDF… » beside
« Imprimer ».

Pages are drawn by QtPdf at 300 dpi: at QPrinter's high resolution (1200 dpi) one A3
page took 1.1 GB of memory and 10 s; at 300 dpi, 70 MB and half a second (STACK.md).
Saving keeps the original bytes: text stays text, not a picture of it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QSizeF,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QAction, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QLabel, QToolBar, QWidget
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.services.request_exports import save_file
from spplus_desk.ui.background import run_in_background

PRINT_DPI = 300
POINTS_PER_INCH = 72


def ask_save_path(parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
    """Where to save, as the person chooses it; None when they cancel. Tests replace
    this function rather than drive the platform's file dialog."""
    name, _chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(name) if name else None


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


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Every page drawn on the printer at its resolution; how many were drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    scale = printer.resolution() / POINTS_PER_INCH
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, (points * scale).toSize())
            painter.drawImage(QPointF(0, 0), image)
    finally:
        painter.end()
    return document.pageCount()


class PdfPreview(QPrintPreviewDialog):
    """The preview of ``data``; « Imprimer » prints it, « Enregistrer en PDF… » saves it.
    Opened with ``open()``: the window stays usable behind it."""

    def __init__(
        self,
        data: bytes,
        *,
        title: str,
        file_name: str,
        parent: QWidget,
        save: Callable[[Path, bytes], None] = save_file,
    ) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self._printer.setResolution(PRINT_DPI)
        self._printer.setFullPage(True)
        self._printer.setDocName(file_name)
        super().__init__(self._printer, parent)
        self._data = data
        self._file_name = file_name
        self._save = save
        self.document = pdf_document(data, self)
        self._printer.setPageLayout(page_layout(self.document))
        self.pages_painted = 0
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.paintRequested.connect(self._on_paint_requested)
        self.save_action = QAction(self.tr("&Enregistrer en PDF…"), self)
        self.save_action.setToolTip(self.tr("Enregistrer le document tel quel dans un fichier PDF"))
        self.save_action.triggered.connect(self.save_as_pdf)
        self.message = QLabel()
        self.message.setAccessibleName(self.tr("Enregistrement du PDF"))
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.save_action)
            toolbar.addWidget(self.message)
        else:  # Qt's preview always has a toolbar; the action keeps its shortcut anyway
            self.addAction(self.save_action)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(self.screen().availableGeometry().size() * 0.8)

    def _on_paint_requested(self, printer: QPrinter) -> None:
        self.pages_painted = paint_pages(self.document, printer)

    def save_as_pdf(self) -> None:
        suggested = documents_folder() / self._file_name
        path = ask_save_path(
            self, self.tr("Enregistrer en PDF"), suggested, self.tr("Document PDF (*.pdf)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        data, save = self._data, self._save
        self.message.setText(self.tr("Enregistrement…"))
        run_in_background(lambda: save(path, data), lambda _none: self._saved(path), self._failed)

    def _saved(self, path: Path) -> None:
        if isValid(self):
            self.message.setText(self.tr("Enregistré : %1").replace("%1", str(path)))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        if isValid(self):
            self.message.setText(f"⚠ {error.message}")


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()
