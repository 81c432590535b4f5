"""The print centre (« Centre d'impression »): pick a document on the left, set its
options, see it on the right as it will be printed, then print it through the system's
dialog at 300 dpi or save the PDF as it was built.

Documents are built in the background (``services.documents.build_document``): the
window stays usable, and a result that comes back after the person changed the options
is dropped (a generation counter), never shown over the newer one. Only the document on
screen is printed or saved, and only while it is still what the options ask for: a
reference typed but not confirmed empties the preview (it must never print the previous
person's receipt). The centre is not modal: when it comes back to the front after
another window, the document is built again (a local engagement saved, a request
answered meanwhile), with the same options. Pages go to the printer at 300 dpi, not
QPrinter's 1200 dpi default (a gigabyte per A3 page, STACK.md), fitted to its paper;
saving writes the original bytes, so the text stays text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
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
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.request_exports import save_file
from spplus_desk.ui.action_bar import add_shortcuts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import message_label, named_button, say, scrolled, tab_chain
from spplus_desk.ui.pdf_print import (
    PRINT_DPI,
    ask_printer,
    ask_save_path,
    documents_folder,
    paint_pages,
    pdf_document,
    printer_for,
)
from spplus_desk.ui.print_centre_options import DocumentOptions, first_dates

PRINT_KEYS = "Ctrl+P"
SAVE_KEYS = "Ctrl+S"
BUSY_TEXT = "Préparation du document…"
UPDATING_TEXT = "Mise à jour du document…"
TYPE_REFERENCE_TEXT = "Tapez la référence de la demande, puis Entrée."
PRESS_ENTER_TEXT = "Appuyez sur Entrée pour préparer l'accusé de réception."
# Above this share of the screen's width, the options go above the preview instead of
# beside it (200 % text on a laptop): they keep their width, the preview its height.
OPTIONS_SHARE = 0.6


def open_print_centre(
    parent: QWidget,
    desk: Desk,
    *,
    kind: DocumentKind | None = None,
    receipt: str | None = None,
) -> PrintCentre:
    """The centre over ``parent`` (the one already open there, if any), in front; on
    ``kind`` when given, on the acknowledgement of the request ``receipt`` when given."""
    if receipt is not None:
        kind = DocumentKind.RECEIPT
    centre = next(
        (
            child
            for child in parent.findChildren(PrintCentre)
            if child.parent() is parent and child.isVisible()
        ),
        None,
    )
    if centre is None:  # built on that document first, not on the first of the list
        centre = PrintCentre(
            desk, parent, kind=kind or DocumentKind.COMMITMENTS, reference=receipt or ""
        )
    elif kind is not None:
        centre.options.choose(kind, receipt)
    centre.show()
    centre.raise_()
    centre.activateWindow()
    centre.asked_for()
    return centre


class PrintCentre(QDialog):
    """Non-modal: the window behind stays usable. Deleted when closed."""

    def __init__(
        self,
        desk: Desk,
        parent: QWidget | None = None,
        *,
        kind: DocumentKind = DocumentKind.COMMITMENTS,
        reference: str = "",
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._generation = self._shown = 0
        self._built: BuiltDocument | None = None
        self._built_for: DocumentOrder | None = None  # the options of the one shown
        self._wanted: DocumentOrder | None = None  # None while a reference is being typed
        self._left = False  # another window was used since the last build began
        self.document: QPdfDocument | None = None  # the one in the preview
        self.pages_printed = 0
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Centre d'impression"))
        self.setAccessibleName(self.tr("Centre d'impression"))
        self.options = DocumentOptions(*first_dates(desk), kind=kind, reference=reference)
        self.options.order_changed.connect(self._on_options_order_changed)
        self.options.reference_edited.connect(self._on_options_reference_edited)
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
        self._wanted = order
        self._build(order)

    def _on_options_reference_edited(self, text: str) -> None:
        """A reference typed, not confirmed: the receipt shown is another request's,
        it goes (and any being built for the previous reference is dropped)."""
        self._generation += 1
        self._shown, self._wanted = self._generation, None
        self._show_nothing()
        self._tell(self.tr(PRESS_ENTER_TEXT if text.strip() else TYPE_REFERENCE_TEXT))

    def refresh(self) -> None:
        """The document built again from the data as they are now, same options; the
        one shown stays in sight meanwhile but can no longer be printed or saved."""
        if self._wanted is not None:
            self._build(self._wanted)

    def _build(self, order: DocumentOrder) -> None:
        self._generation += 1
        generation, desk = self._generation, self._desk
        # A build begun while another window is in front may miss what is done there.
        self._left = self.isVisible() and not self.isActiveWindow()
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        if order == self._built_for and self.document is not None:
            self._tell(self.tr(UPDATING_TEXT))  # the same document: it stays until replaced
        else:  # it empties at once: what it showed no longer matches the options
            self._show_nothing()
            if order.kind is DocumentKind.RECEIPT and not order.reference:
                self._shown = generation
                self._tell(self.tr(TYPE_REFERENCE_TEXT))
                return
            self.heading.setText(self.tr(DOCUMENT_TITLES[order.kind]))
            self._tell(self.tr(BUSY_TEXT))
        run_in_background(
            lambda: build_document(desk, order),
            lambda built: self._on_built(generation, order, built),
            lambda error: self._on_built(generation, order, error),
        )

    def _on_built(
        self, generation: int, order: DocumentOrder, result: BuiltDocument | BaseException
    ) -> None:
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
        self._show(order, result, document)

    def asked_for(self) -> None:
        """The person just asked for this document: the build under way is fresh, not one
        to redo once the centre comes to the front."""
        self._left = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is not QEvent.Type.ActivationChange:
            return
        if self.isActiveWindow():
            if self._left:  # back from another window, where the data may have changed
                self._left = False
                self.refresh()
        elif not _ours(self, QApplication.activeWindow()):
            self._left = True  # our print and save dialogs change nothing

    def _show(self, order: DocumentOrder, built: BuiltDocument, document: QPdfDocument) -> None:
        # Built again (a refresh): the reader stays where they were in it.
        place = self.view.verticalScrollBar().value() if order == self._built_for else 0
        self._forget_document()
        self._built, self._built_for, self.document = built, order, document
        self.view.setDocument(document)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.verticalScrollBar().setValue(place)
        pages = count_text(document.pageCount(), self.tr("page"), self.tr("pages"))
        self.heading.setText(f"{built.title} ({pages})")
        say(self.message, " ".join(built.warnings) or None)  # printed, but not as set
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _show_nothing(self) -> None:
        """An empty preview: nothing to print or save."""
        self._forget_document()
        self.heading.setText("")
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def _forget_document(self) -> None:
        old, self.document, self._built, self._built_for = self.document, None, None, None
        self.view.setDocument(self._blank)
        if old is not None:
            old.deleteLater()

    # -- printing and saving ---------------------------------------------------------

    def _ready(self) -> tuple[BuiltDocument, QPdfDocument] | None:
        """The document to print or save: the latest build, of the options as they are
        now. Otherwise None; when the options changed unseen (dates typed a moment
        ago), the document they ask for is built, to be seen before it is printed."""
        built, document = self._built, self.document
        if self.busy() or built is None or document is None:
            return None
        order = self.options.order()
        if order != self._built_for:
            self._on_options_order_changed(order)
            return None
        return built, document

    def print_document(self) -> None:
        """The system's print dialog, then the pages chosen there at 300 dpi."""
        ready = self._ready()
        if ready is None:
            return
        built, document = ready
        printer = printer_for(document, built.file_name)
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
        ready = self._ready()
        if ready is None:
            return
        built = ready[0]
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


def _ours(centre: QWidget, window: QWidget | None) -> bool:
    """``window`` is one of the centre's own dialogs."""
    while window is not None:
        if window is centre:
            return True
        window = window.parentWidget()
    return False
