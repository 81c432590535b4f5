"""The print centre, used as a lead does with the keyboard: choose each document, read
it in the preview, print it (at 300 dpi) or save it; an unknown reference; A3; a result
that comes late; 200 % text; the receipt from a request's view; the menu of the main
window. The posters are rendered to PNG and looked at (not blank).

The clock stands on Tuesday 4 May 2027 at 11 h 30 in Paris; the demo fills the twelve
months before with contacts, requests, feedback and improvement actions.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select, update

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.documents import (
    DOCUMENT_TITLES,
    BuiltDocument,
    DocumentKind,
    DocumentOrder,
    PaperSize,
)
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.services import documents
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.demo import fill_demo
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.requests import request_case
from spplus_desk.services.setup import get_service
from spplus_desk.store.schema import Request, RequestKind, Service
from spplus_desk.ui import print_centre
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.print_centre import PrintCentre, open_print_centre
from spplus_desk.ui.request_dialog import RequestDialog
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PARIS = ZoneInfo("Europe/Paris")
ORDER = list(DOCUMENT_TITLES)  # the list's rows, top to bottom
POSTERS = (DocumentKind.COMMITMENTS, DocumentKind.RESULTS, DocumentKind.FEEDBACK)
A4_POINTS = (595, 842)
A3_POINTS = (842, 1191)


@pytest.fixture
def demo(desk: Desk) -> Desk:
    fill_demo(desk, contacts=300, login=TEST_LOGIN, seed=7)
    return desk


def centre_opener(qtbot: QtBot, desk: Desk) -> Callable[[], PrintCentre]:
    """Opens the centre over a window of its own (the main window, for its purpose),
    in front, its first document shown."""
    parents: list[QWidget] = []  # kept alive here: qtbot holds weak references only

    def opened() -> PrintCentre:
        parent = QWidget()
        parent.setWindowTitle("Fenêtre principale")
        qtbot.addWidget(parent)
        parents.append(parent)
        centre = open_print_centre(parent, desk)
        qtbot.waitExposed(centre)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is centre)
        wait_preview(qtbot, centre)
        return centre

    return opened


@pytest.fixture
def open_centre(qtbot: QtBot, desk: Desk) -> Callable[[], PrintCentre]:
    return centre_opener(qtbot, desk)


def wait_preview(qtbot: QtBot, centre: PrintCentre) -> QPdfDocument | None:
    """The document in the preview once built (None when there is none to show)."""
    qtbot.waitUntil(lambda: not centre.busy(), timeout=10_000)
    document = view(centre).document()
    if document.status() is QPdfDocument.Status.Null:
        assert document.pageCount() == 0
        return None
    assert document.status() is QPdfDocument.Status.Ready
    assert document.pageCount() >= 1
    return document


def shown_centre(qtbot: QtBot, window: QWidget) -> PrintCentre:
    """The print centre open over ``window``, once in front."""
    qtbot.waitUntil(lambda: any(c.isVisible() for c in window.findChildren(PrintCentre)))
    [centre] = [c for c in window.findChildren(PrintCentre) if c.isVisible()]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is centre)
    return centre


def view(centre: PrintCentre) -> QPdfView:
    found = centre.findChild(QPdfView)
    assert found is not None
    return found


def centre_in(window: QWidget) -> PrintCentre:
    found = window.findChild(PrintCentre)
    assert found is not None
    return found


def points(document: QPdfDocument) -> tuple[int, int]:
    size = document.pagePointSize(0)
    return round(size.width()), round(size.height())


def make_request(desk: Desk) -> str:
    """An e-mail request of Jeanne Martin; its reference."""
    with desk.database.reading() as session:
        kind = session.scalars(
            select(RequestKind.id).where(RequestKind.label == "Réponse à un courriel")
        ).one()
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            Channel.EMAIL,
            ContactOutcome.REQUEST_OPENED,
            request_kind_id=kind,
            person_name="Jeanne Martin",
        ),
    )
    with desk.database.reading() as session:
        request_id = session.scalars(
            select(Request.id).where(Request.contact_id == record.id)
        ).one()
    return request_case(desk, request_id).reference


def choose_receipt(qtbot: QtBot, centre: PrintCentre) -> None:
    qtbot.keyClick(centre, Qt.Key.Key_D, ALT)
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_Home)
    for _row in range(ORDER.index(DocumentKind.RECEIPT)):
        qtbot.keyClick(centre.options.documents, Qt.Key.Key_Down)


def type_reference(qtbot: QtBot, centre: PrintCentre, reference: str) -> None:
    qtbot.keyClick(centre, Qt.Key.Key_R, ALT)
    edit = centre.options.reference_edit
    assert edit.hasFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, reference)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_each_document_is_chosen_with_the_keyboard_and_previewed(
    qtbot: QtBot, demo: Desk, open_centre: Callable[[], PrintCentre]
) -> None:
    centre = open_centre()
    assert centre.windowTitle() == "Centre d'impression"
    assert not centre.isModal()
    documents_list = centre.options.documents
    assert documents_list.hasFocus()
    assert [documents_list.item(row).text() for row in range(documents_list.count())] == list(
        DOCUMENT_TITLES.values()
    )
    for row, kind in enumerate(ORDER):
        if row:
            qtbot.keyClick(documents_list, Qt.Key.Key_Down)
        document = wait_preview(qtbot, centre)
        if kind is DocumentKind.RECEIPT:  # nothing to show until a reference is typed
            assert document is None
            assert centre.busy_label.text() == "Tapez la référence de la demande, puis Entrée."
            assert not centre.print_button.isEnabled()
            assert not centre.save_button.isEnabled()
            continue
        assert document is not None, kind
        assert centre.heading.text().startswith(DOCUMENT_TITLES[kind]), kind
        # A4, portrait; the day's list is a wide table, in landscape.
        landscape = kind is DocumentKind.DAY_LIST
        assert points(document) == (A4_POINTS[::-1] if landscape else A4_POINTS), kind
        if kind in POSTERS:
            assert document.pageCount() == 1, kind  # a poster is one sheet
        assert centre.print_button.isEnabled()
        assert not centre.message.isVisible()
        # The options that apply, and only those.
        assert centre.options.size_combo.isVisible() is (kind in POSTERS)
        assert centre.options.picker.isVisible() is (
            kind in (DocumentKind.RESULTS, DocumentKind.FEEDBACK)
        )
        assert not centre.options.reference_edit.isVisible()


def test_the_posters_period_starts_on_the_last_twelve_full_months(
    qtbot: QtBot, open_centre: Callable[[], PrintCentre]
) -> None:
    centre = open_centre()
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_Down)  # the results
    wait_preview(qtbot, centre)
    picker = centre.options.picker
    assert picker.kind_combo.currentText() == "Dates choisies"
    assert picker.name_label.text() == "du 1er mai 2026 au 30 avril 2027"
    assert centre.heading.text() == (
        "Affiche des résultats — du 1er mai 2026 au 30 avril 2027 (1 page)"
    )
    # The previous year, chosen with the keyboard: the poster follows.
    qtbot.keyClick(centre, Qt.Key.Key_O, ALT)
    assert picker.kind_combo.hasFocus()
    qtbot.keyClick(picker.kind_combo, Qt.Key.Key_Up)
    assert picker.kind_combo.currentText() == "Année"
    assert picker.name_label.text() == "année 2026"
    wait_preview(qtbot, centre)
    assert centre.heading.text() == (
        "Affiche des résultats — du 1er janvier au 31 décembre 2026 (1 page)"
    )


def test_an_unknown_reference_is_said_in_french_and_clears_the_preview(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre]
) -> None:
    reference = make_request(desk)
    centre = open_centre()
    choose_receipt(qtbot, centre)
    type_reference(qtbot, centre, reference)
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert points(document) == A4_POINTS
    assert reference in centre.heading.text()
    type_reference(qtbot, centre, "2027-999999")
    assert wait_preview(qtbot, centre) is None
    assert centre.message.isVisible()
    assert centre.message.text() == "⚠ Aucune demande ne porte la référence « 2027-999999 »."
    assert centre.heading.text() == ""
    assert not centre.print_button.isEnabled()
    assert not centre.save_button.isEnabled()
    qtbot.keyClick(centre, Qt.Key.Key_S, CTRL)  # nothing to save: nothing asked
    assert not centre.message.text().startswith("Enregistr")


def test_a3_gives_an_a3_poster(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre]
) -> None:
    centre = open_centre()
    assert points(view(centre).document()) == A4_POINTS
    qtbot.keyClick(centre, Qt.Key.Key_M, ALT)
    size = centre.options.size_combo
    assert size.hasFocus()
    qtbot.keyClick(size, Qt.Key.Key_Down)
    assert size.currentText() == "A3 (29,7 × 42 cm)"
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert points(document) == A3_POINTS


def test_ctrl_s_saves_the_pdf_as_built(
    qtbot: QtBot,
    desk: Desk,
    open_centre: Callable[[], PrintCentre],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = open_centre()
    asked: list[Path] = []

    def ask(_parent: QWidget, _title: str, suggested: Path, _filter: str) -> Path:
        asked.append(suggested)
        return tmp_path / "affiche"  # no extension typed: « .pdf » is added

    monkeypatch.setattr(print_centre, "ask_save_path", ask)
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: centre.busy_label.text().startswith("Enregistré"))
    saved = tmp_path / "affiche.pdf"
    assert centre.busy_label.text() == f"Enregistré dans « {saved} »."
    built = documents.build_document(desk, DocumentOrder(DocumentKind.COMMITMENTS))
    assert asked[0].name == built.file_name
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(saved)
    assert len(reader.pages) == 1
    assert "Mairie de Test" in reader.pages[0].extract_text()


def test_a_refused_folder_is_said_in_french(
    qtbot: QtBot,
    open_centre: Callable[[], PrintCentre],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = open_centre()
    monkeypatch.setattr(print_centre, "ask_save_path", lambda *_args: tmp_path / "no" / "x.pdf")
    centre.save_button.click()
    qtbot.waitUntil(centre.message.isVisible)
    assert centre.message.text().startswith("⚠")
    assert "n'existe pas" in centre.message.text()


def test_ctrl_p_prints_every_page_at_300_dpi(
    qtbot: QtBot,
    open_centre: Callable[[], PrintCentre],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = open_centre()
    printers: list[QPrinter] = []
    out = tmp_path / "imprime.pdf"

    def ask(_parent: QWidget, printer: QPrinter) -> bool:
        assert printer.resolution() == 300  # never Qt's 1200 dpi default
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printers.append(printer)
        return True

    monkeypatch.setattr(print_centre, "ask_printer", ask)
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_P, CTRL)
    [printer] = printers
    assert printer.resolution() == 300
    assert printer.docName().startswith("affiche-engagements")
    assert centre.pages_printed == 1
    assert centre.busy_label.text() == "Envoyé à l'impression : 1 page."
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    # Cancelled in the print dialog: nothing printed.
    monkeypatch.setattr(print_centre, "ask_printer", lambda *_args: False)
    centre.pages_printed = 0
    centre.print_button.click()
    assert centre.pages_printed == 0


def test_a_result_arriving_late_never_hides_a_newer_one(
    qtbot: QtBot,
    desk: Desk,
    open_centre: Callable[[], PrintCentre],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    centre = open_centre()
    release = threading.Event()
    built: list[PaperSize] = []

    def slow_for_a3(desk: Desk, order: DocumentOrder) -> BuiltDocument:
        built.append(order.size)
        if order.size is PaperSize.A3:
            release.wait(10)  # the A3 poster comes back after the A4 one
        return documents.build_document(desk, order)

    monkeypatch.setattr(print_centre, "build_document", slow_for_a3)
    size = centre.options.size_combo
    size.setFocus()
    qtbot.keyClick(size, Qt.Key.Key_Down)  # A3, slowly
    assert centre.busy()
    assert centre.busy_label.text() == "Préparation du document…"
    assert view(centre).document().pageCount() == 0  # the A4 preview is gone
    qtbot.keyClick(size, Qt.Key.Key_Up)  # A4 again, at once
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert points(document) == A4_POINTS
    release.set()
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # the A3 result reaches the main thread, and is dropped
    assert sorted(built) == [PaperSize.A3, PaperSize.A4]
    assert view(centre).document() is document
    assert points(document) == A4_POINTS


def test_every_control_is_named_explained_in_order_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre], large_font: None
) -> None:
    centre = open_centre()
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_Down)  # the results: every option
    wait_preview(qtbot, centre)
    available = centre.screen().availableGeometry()
    assert centre.width() <= available.width()
    assert centre.height() <= available.height()
    controls = (QComboBox, QLineEdit, QPushButton, QListWidget, QPdfView, QAbstractSpinBox)
    checked = 0
    for control in centre.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        if isinstance(control, controls) and not inner and control.isVisibleTo(centre):
            assert control.accessibleName(), control
            assert control.toolTip(), control
            checked += 1
    assert checked >= 10
    assert centre.print_button.toolTip() == "Imprimer le document (Alt+I ou Ctrl+P)"
    assert centre.save_button.toolTip() == (
        "Enregistrer le document dans un fichier PDF (Alt+P ou Ctrl+S)"
    )
    assert centre.close_button.toolTip() == "Fermer le centre d'impression (Alt+F ou Échap)"
    # The options column is never squeezed: each option as wide as it asks.
    options = centre.options
    for widget in (options.documents, options.picker, options.size_combo):
        assert widget.width() >= widget.minimumSizeHint().width(), widget
    documents_list = options.documents
    for row in range(documents_list.count()):
        rect = documents_list.visualItemRect(documents_list.item(row))
        assert documents_list.viewport().rect().contains(rect), row  # every title in sight
    for button in (centre.print_button, centre.save_button, centre.close_button):
        assert button.width() >= button.sizeHint().width()
    # Tab goes down the list, the options, the preview, then the buttons.
    expected = [
        documents_list,
        options.size_combo,
        *[c for c in options.picker.controls() if c.isEnabled()],
        view(centre),
        centre.print_button,
        centre.save_button,
        centre.close_button,
    ]
    documents_list.setFocus()
    reached = [QApplication.focusWidget()]
    for _step in expected[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == expected


def test_escape_closes_the_centre(qtbot: QtBot, open_centre: Callable[[], PrintCentre]) -> None:
    centre = open_centre()
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not centre.isVisible())


def test_the_posters_render_to_pngs_that_are_not_blank(
    qtbot: QtBot, demo: Desk, open_centre: Callable[[], PrintCentre], tmp_path: Path
) -> None:
    centre = open_centre()
    for kind in POSTERS:
        centre.options.documents.setCurrentRow(ORDER.index(kind))
        document = wait_preview(qtbot, centre)
        assert document is not None
        page = document.pagePointSize(0)
        image = on_white(document.render(0, QSize(600, round(600 * page.height() / page.width()))))
        path = tmp_path / f"{kind.value}.png"
        assert image.save(str(path))  # PNG, from the name
        saved = QImage(str(path))
        assert saved.width() == 600
        height = saved.height()
        assert inked(saved, 0, height // 3), kind  # the masthead
        assert inked(saved, height // 3, height * 4 // 5), kind  # the body, above the footer


def on_white(image: QImage) -> QImage:
    """A rendered page as on paper: QtPdf leaves transparent (black, to ``pixel()``)
    whatever the PDF does not paint."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def inked(image: QImage, top: int, bottom: int) -> bool:
    """Some pixels clearly not white between these rows (sampled every other pixel)."""
    for y in range(top, bottom, 2):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 200:
                return True
    return False


# --- from elsewhere in the app ------------------------------------------------------------


def test_the_receipt_button_of_a_request_opens_its_receipt_over_the_main_window(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = make_request(desk)
    with desk.database.reading() as session:
        request_id: uuid.UUID = session.scalars(select(Request.id)).one()
    built: list[DocumentKind] = []

    def recorded(desk: Desk, order: DocumentOrder) -> BuiltDocument:
        built.append(order.kind)
        return documents.build_document(desk, order)

    monkeypatch.setattr(print_centre, "build_document", recorded)
    # The request opened from a contact's window, over the main window.
    main = QWidget()
    qtbot.addWidget(main)
    contact = QDialog(main)
    dialog = RequestDialog(desk, TEST_LOGIN, request_id, PARIS, contact)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.receipt_button.toolTip() == (
        "Préparer l'accusé de réception de cette demande, à imprimer (Alt+I)"
    )
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: main.findChild(PrintCentre) is not None)
    centre = centre_in(main)
    assert centre.parent() is main  # not the request's child, nor the contact's
    assert centre.options.kind() is DocumentKind.RECEIPT
    assert centre.options.reference_edit.text() == reference
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert reference in centre.heading.text()
    assert built[0] is DocumentKind.RECEIPT  # no poster built first for nothing
    assert set(built) == {DocumentKind.RECEIPT}
    # Pressed again: the same centre, not a second one.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.receipt_button.click()
    assert len(main.findChildren(PrintCentre)) == 1
    wait_preview(qtbot, centre)
    # The request closed (and deleted), the contact too: the receipt stays to print.
    dialog.close()
    contact.close()
    qtbot.waitUntil(lambda: not isValid(dialog))
    assert isValid(centre)
    assert centre.isVisible()
    assert centre.print_button.isEnabled()
    centre.close()


def test_the_file_menu_opens_the_centre_once_the_service_is_shown(qtbot: QtBot, desk: Desk) -> None:
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    assert window.print_action.text() == "&Imprimer une affiche ou un document…"
    assert window.print_action.shortcut().toString() == "Ctrl+Shift+P"
    assert not window.print_action.isEnabled()  # no database yet
    service = get_service(desk)
    assert service is not None
    window.show_service(
        desk=desk, service=service, referential=load_referential(service.referential), agent=None
    )
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.print_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.findChild(PrintCentre) is not None)
    centre = centre_in(window)
    assert not centre.isModal()
    wait_preview(qtbot, centre)
    centre.close()


def test_a_font_out_of_reach_is_said_and_the_poster_prints_all_the_same(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre], tmp_path: Path
) -> None:
    # Set from another desk, whose share this one cannot reach.
    font = tmp_path / "partage" / "Marianne-Regular.ttf"
    with desk.database.writing() as session:
        session.execute(update(Service).values(font_regular=str(font)))

    centre = open_centre()
    document = wait_preview(qtbot, centre)

    assert document is not None
    assert centre.print_button.isEnabled()
    assert centre.message.isVisible()
    assert centre.message.text().startswith(f"⚠ Le fichier de police « {font} » est introuvable")
    assert "imprimé avec la police fournie (DejaVu Sans)" in centre.message.text()
