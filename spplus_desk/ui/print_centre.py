"""The print centre (« Centre d'impression »): pick a document on the left, set its
options, see it on the right as it will be printed, then print it through the system's
dialog at 300 dpi or save the PDF as it was built.

Documents are built in the background (``services.documents.build_document``): the
window stays usable, and a result that comes back after the person changed the options
is dropped (a generation counter), never shown over the newer one. Pages go to the
printer at 300 dpi, not QPrinter's 1200 dpi default (a gigabyte per A3 page, STACK.md);
saving writes the original bytes, so the text stays text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.documents import DOCUMENT_TITLES, BuiltDocument, DocumentKind, DocumentOrder
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.indicators import Period, last_full_months
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document, default_period
from spplus_desk.services.request_exports import save_file
from spplus_desk.services.setup import get_service
from spplus_desk.ui.action_bar import add_shortcuts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import message_label, named_button, say, scrolled, tab_chain
from spplus_desk.ui.pdf_print import (
    PRINT_DPI,
    ask_save_path,
    documents_folder,
    page_layout,
    paint_pages,
    pdf_document,
)
from spplus_desk.ui.print_centre_options import DocumentOptions

PRINT_KEYS = "Ctrl+P"
SAVE_KEYS = "Ctrl+S"
BUSY_TEXT = "Préparation du document…"
# Above this share of the screen's width, the options go above the preview instead of
# beside it (200 % text on a laptop): they keep their width, the preview its height.
OPTIONS_SHARE = 0.6


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system's print dialog for ``printer``; whether the person chose to print.
    Tests replace this function rather than drive the platform's dialog."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_print_centre(parent: QWidget, desk: Desk, *, receipt: str | None = None) -> PrintCentre:
    """The centre over ``parent`` (the one already open there, if any), in front;
    with ``receipt``, showing the acknowledgement of that request."""
    centre = next(
        (
            child
            for child in parent.findChildren(PrintCentre)
            if child.parent() is parent and child.isVisible()
        ),
        None,
    )
    if centre is None:
        centre = PrintCentre(desk, parent)
    if receipt is not None:
        centre.options.choose(DocumentKind.RECEIPT, receipt)
    centre.show()
    centre.raise_()
    centre.activateWindow()
    return centre


class PrintCentre(QDialog):
    """Non-modal: the window behind stays usable. Deleted when closed."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._generation = self._shown = 0
        self._built: BuiltDocument | None = None
        self.document: QPdfDocument | None = None  # the one in the preview
        self.pages_printed = 0
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Centre d'impression"))
        self.setAccessibleName(self.tr("Centre d'impression"))
        today = _today(desk)
        self.options = DocumentOptions(today, _first_period(desk, today))
        self.options.order_changed.connect(self._on_options_order_changed)
        self._preview_part()
        self.print_button = named_button(
            self.tr("&Imprimer…"), self.tr("Imprimer le document"), PRINT_KEYS
        )
        self.print_button.clicked.connect(self.print_document)
        self.save_button = named_button(
            self.tr("Enregistrer en &PDF…"),
            self.tr("Enregistrer le document dans un fichier PDF"),
            SAVE_KEYS,
        )
        self.save_button.clicked.connect(self.save_as_pdf)
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer le centre d'impression"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)
        add_shortcuts(self, [(PRINT_KEYS, self.print_document), (SAVE_KEYS, self.save_as_pdf)])
        self._lay_out()
        buttons = [self.print_button, self.save_button, self.close_button]
        tab_chain([*self.options.controls(), self.view, *buttons])
        self._show_nothing()
        self._on_options_order_changed(self.options.order())  # the first document
        self.options.documents.setFocus()

    # -- parts -----------------------------------------------------------------------

    def _preview_part(self) -> None:
        self.heading = QLabel()
        self.heading.setAccessibleName(self.tr("Document affiché"))
        self.heading.setWordWrap(True)
        font = QFont(self.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.busy_label = QLabel(self.tr(BUSY_TEXT))
        self.busy_label.setAccessibleName(self.tr("État de l'aperçu"))
        self.busy_label.hide()
        self.message = message_label(self.tr("Problème du document"))
        self.view = QPdfView()
        self.view.setAccessibleName(self.tr("Aperçu du document"))
        self.view.setToolTip(self.tr("Aperçu du document ; flèches et Page suivante pour le lire"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Shown while there is no document: the view warns when given none at all.
        self._blank = QPdfDocument(self)
        self.view.setDocument(self._blank)

    def _lay_out(self) -> None:
        widest = self.options.widest()  # measured before the scroll area takes it
        left = scrolled(self.options)
        left.setAccessibleName(self.tr("Document et options"))
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never narrower than the options: the column scrolls down, not sideways.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        left.setMinimumWidth(widest + bar + 4)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.busy_label)
        column.addWidget(self.message)
        column.addWidget(self.view, stretch=1)
        available = self.screen().availableGeometry()
        beside = left.minimumWidth() <= available.width() * OPTIONS_SHARE
        self.splitter = QSplitter(Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        right.setMinimumSize(self.fontMetrics().averageCharWidth() * 30, available.height() // 3)
        footer = QHBoxLayout()
        footer.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            footer.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, stretch=1)
        layout.addLayout(footer)
        self.resize(available.size() * 0.85)
        if beside:
            first, total = left.minimumWidth(), self.width()
        else:
            first, total = left.sizeHint().height(), self.height()
        self.splitter.setSizes([first, max(total - first, 200)])

    # -- building --------------------------------------------------------------------

    def busy(self) -> bool:
        """A document is being built (tests wait for its end)."""
        return self._shown != self._generation

    def _on_options_order_changed(self, order: DocumentOrder) -> None:
        # The preview empties at once: what it showed no longer matches the options.
        self._generation += 1
        generation, desk = self._generation, self._desk
        self._show_nothing()
        if order.kind is DocumentKind.RECEIPT and not order.reference:
            self._shown = generation
            self._tell(self.tr("Tapez la référence de la demande, puis Entrée."))
            return
        self.heading.setText(self.tr(DOCUMENT_TITLES[order.kind]))
        self._tell(self.tr(BUSY_TEXT))
        run_in_background(
            lambda: build_document(desk, order),
            lambda built: self._on_built(generation, built),
            lambda error: self._on_built(generation, error),
        )

    def _on_built(self, generation: int, result: BuiltDocument | BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return  # the centre is closed, or other options were chosen since
        self._shown = generation
        self.busy_label.hide()
        if isinstance(result, UserError):
            self._show_nothing()
            say(self.message, result.message)
            return
        if isinstance(result, BaseException):
            self._show_nothing()
            raise result  # a bug: reported by the app's exception hook
        try:
            document = pdf_document(result.data, self)
        except UserError as error:
            self._show_nothing()
            say(self.message, error.message)
            return
        self._show(result, document)

    def _show(self, built: BuiltDocument, document: QPdfDocument) -> None:
        self._forget_document()
        self._built, self.document = built, document
        self.view.setDocument(document)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = count_text(document.pageCount(), self.tr("page"), self.tr("pages"))
        self.heading.setText(f"{built.title} ({pages})")
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _show_nothing(self) -> None:
        """An empty preview: nothing to print or save."""
        self._forget_document()
        self.heading.setText("")
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def _forget_document(self) -> None:
        old, self.document, self._built = self.document, None, None
        self.view.setDocument(self._blank)
        if old is not None:
            old.deleteLater()

    # -- printing and saving ---------------------------------------------------------

    def print_document(self) -> None:
        """The system's print dialog, then every page at 300 dpi."""
        document, built = self.document, self._built
        if document is None or built is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setResolution(PRINT_DPI)
        printer.setFullPage(True)
        printer.setDocName(built.file_name)
        printer.setPageLayout(page_layout(document))
        if not ask_printer(self, printer) or not isValid(self):
            return
        printer.setResolution(PRINT_DPI)  # a printer chosen in the dialog may bring 1200 dpi
        self.pages_printed = paint_pages(document, printer)
        if self.pages_printed:
            pages = count_text(self.pages_printed, self.tr("page"), self.tr("pages"))
            self._tell(self.tr("Envoyé à l'impression : %1.").replace("%1", pages))
        else:
            say(
                self.message,
                self.tr("L'imprimante n'a pas pu être ouverte : rien n'a été imprimé."),
            )

    def save_as_pdf(self) -> None:
        """The PDF as built, in a file the person chooses."""
        built = self._built
        if built is None:
            return
        path = ask_save_path(
            self,
            self.tr("Enregistrer en PDF"),
            documents_folder() / built.file_name,
            self.tr("Document PDF (*.pdf)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        data = built.data
        self._tell(self.tr("Enregistrement…"))
        run_in_background(
            lambda: save_file(path, data), lambda _none: self._on_saved(path), self._on_save_failed
        )

    def _on_saved(self, path: Path) -> None:
        if isValid(self):
            self._tell(self.tr("Enregistré dans « %1 ».").replace("%1", str(path)))

    def _on_save_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        if isValid(self):
            self.busy_label.hide()
            say(self.message, error.message)

    def _tell(self, text: str) -> None:
        say(self.message, None)
        self.busy_label.setText(text)
        self.busy_label.show()


def _today(desk: Desk) -> date:
    """Today in the service's time zone (the period picker goes no further)."""
    service = get_service(desk)
    now = desk.clock.now()
    return now.astimezone(ZoneInfo(service.time_zone)).date() if service else now.date()


def _first_period(desk: Desk, today: date) -> Period:
    """The posters' period until the person chooses another: the 12 last full months."""
    try:
        return default_period(desk)
    except UserError:  # a service not set up yet: building the poster will say so
        return last_full_months(today)
