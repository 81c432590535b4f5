"""The print centre prints what is on screen, and only while it is still what the person
asked for: a reference typed without Enter prints nothing (never the previous person's
receipt), dates typed a moment ago are built before anything is printed, and a document
changed in another window is built again when the centre comes back to the front.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import BuiltDocument, DocumentKind, DocumentOrder, PaperSize
from spplus_desk.services import documents
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import get_print_settings, update_print_settings
from spplus_desk.ui import print_centre
from spplus_desk.ui.print_centre import PrintCentre
from tests.support import TEST_LOGIN
from tests.ui.test_print_centre import (
    ALT,
    CTRL,
    centre_opener,
    choose_receipt,
    make_request,
    type_reference,
    view,
    wait_preview,
)
from tests.ui.test_print_centre_paper import sheet_pdf

ENGAGEMENT = "Nous vous rappelons sous 48 heures"
PRESS_ENTER = "Appuyez sur Entrée pour préparer l'accusé de réception."


@pytest.fixture
def open_centre(qtbot: QtBot, desk: Desk) -> Callable[[], PrintCentre]:
    return centre_opener(qtbot, desk)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The print and save dialogs, answered: printed to « imprime.pdf », saved as
    « enregistre.pdf »; what was asked, in order."""
    calls: list[str] = []

    def ask_printer(_parent: QWidget, printer: QPrinter) -> bool:
        calls.append("imprimer")
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
        return True

    def ask_save_path(_parent: QWidget, _title: str, _suggested: Path, _filter: str) -> Path:
        calls.append("enregistrer")
        return tmp_path / "enregistre.pdf"

    monkeypatch.setattr(print_centre, "ask_printer", ask_printer)
    monkeypatch.setattr(print_centre, "ask_save_path", ask_save_path)
    return calls


def text_of(document: QPdfDocument) -> str:
    """The preview's text, as a screen reader gets it."""
    return " ".join(document.getAllText(page).text() for page in range(document.pageCount()))


def test_a_reference_typed_without_enter_prints_nothing_until_it_is_prepared(
    qtbot: QtBot,
    desk: Desk,
    open_centre: Callable[[], PrintCentre],
    asked: list[str],
    tmp_path: Path,
) -> None:
    first, second = make_request(desk), make_request(desk)
    centre = open_centre()
    choose_receipt(qtbot, centre)
    type_reference(qtbot, centre, first)
    assert wait_preview(qtbot, centre) is not None
    assert first in centre.heading.text()
    # The next person's reference, typed over the first, without Enter.
    edit = centre.options.reference_edit
    edit.selectAll()
    qtbot.keyClicks(edit, second)
    assert view(centre).document().pageCount() == 0  # the first receipt is gone
    assert centre.heading.text() == ""
    assert centre.busy_label.text() == PRESS_ENTER
    assert not centre.print_button.isEnabled()
    assert not centre.save_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_P, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_S, CTRL)
    qtbot.mouseClick(centre.print_button, Qt.MouseButton.LeftButton)
    assert asked == []  # neither printed nor saved
    assert centre.pages_printed == 0
    # Enter prepares the second receipt: that one prints.
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wait_preview(qtbot, centre) is not None
    assert second in centre.heading.text()
    qtbot.keyClick(edit, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: centre.busy_label.text().startswith("Enregistré"))
    saved = PdfReader(tmp_path / "enregistre.pdf").pages[0].extract_text()
    assert second in saved
    assert first not in saved


def test_a_reference_edited_while_its_receipt_is_built_never_shows_it(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre]
) -> None:
    reference = make_request(desk)
    centre = open_centre()
    choose_receipt(qtbot, centre)
    type_reference(qtbot, centre, reference)  # Enter: the receipt is being built…
    edit = centre.options.reference_edit
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # …and the reference changed at once
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # the receipt comes back, and is dropped
    assert not centre.busy()
    assert view(centre).document().pageCount() == 0
    assert centre.busy_label.text() == PRESS_ENTER
    assert not centre.print_button.isEnabled()
    # The field emptied with its clear button: a reference is asked for again.
    edit.clear()
    qtbot.keyClicks(edit, "x")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert centre.busy_label.text() == "Tapez la référence de la demande, puis Entrée."


def test_dates_typed_a_moment_ago_are_built_before_anything_is_printed(
    qtbot: QtBot, desk: Desk, open_centre: Callable[[], PrintCentre], asked: list[str]
) -> None:
    centre = open_centre()
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_Down)  # the results poster
    wait_preview(qtbot, centre)
    assert centre.heading.text().startswith("Affiche des résultats — du 1er mai 2026 au 30")
    picker = centre.options.picker
    picker.from_edit.setFocus()
    qtbot.keyClick(picker.from_edit, Qt.Key.Key_Up)  # the 2nd of May: the poster waits
    assert picker.from_edit.text() == "02/05/2026"
    qtbot.keyClick(picker.from_edit, Qt.Key.Key_P, CTRL)  # before the pause is over
    assert asked == []  # the poster of the 1st was not printed
    qtbot.waitUntil(lambda: picker.period().first_day.day == 2)  # the pause, over
    wait_preview(qtbot, centre)
    assert centre.heading.text().startswith("Affiche des résultats — du 2 mai 2026 au 30")
    qtbot.keyClick(picker.from_edit, Qt.Key.Key_P, CTRL)
    assert asked == ["imprimer"]
    assert centre.pages_printed == 1


def test_the_document_is_built_again_when_the_centre_comes_back_to_the_front(
    qtbot: QtBot,
    desk: Desk,
    open_centre: Callable[[], PrintCentre],
    asked: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    release.set()
    built: list[DocumentOrder] = []

    def held(desk: Desk, order: DocumentOrder) -> BuiltDocument:
        built.append(order)
        release.wait(10)
        return documents.build_document(desk, order)

    monkeypatch.setattr(print_centre, "build_document", held)
    centre = open_centre()
    assert len(built) == 1  # opening builds once, whatever the window's activation
    qtbot.keyClick(centre, Qt.Key.Key_M, ALT)
    qtbot.keyClick(centre.options.size_combo, Qt.Key.Key_Down)  # A3
    first = wait_preview(qtbot, centre)
    assert first is not None
    assert ENGAGEMENT not in text_of(first)
    # In the main window, the lead adds a local engagement; the poster is out of date.
    main = centre.parentWidget()
    assert main is not None
    main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    settings = get_print_settings(desk)
    update_print_settings(
        desk,
        login=TEST_LOGIN,
        version=settings.version,
        local_engagements=[ENGAGEMENT],
        appointment="",
    )
    release.clear()  # the next build waits: what shows meanwhile is seen
    centre.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is centre)
    assert centre.busy()
    assert centre.busy_label.text() == "Mise à jour du document…"
    assert view(centre).document() is first  # still in sight…
    assert not centre.print_button.isEnabled()  # …but no longer printed or saved
    qtbot.keyClick(centre.options.size_combo, Qt.Key.Key_P, CTRL)
    qtbot.keyClick(centre.options.size_combo, Qt.Key.Key_S, CTRL)
    assert asked == []
    release.set()
    again = wait_preview(qtbot, centre)
    assert again is not None
    assert ENGAGEMENT in text_of(again)
    assert built[-1] == DocumentOrder(DocumentKind.COMMITMENTS, PaperSize.A3)  # options kept
    assert centre.options.size_combo.currentText() == "A3 (29,7 × 42 cm)"
    qtbot.keyClick(centre.options.size_combo, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: centre.busy_label.text().startswith("Enregistré"))
    assert ENGAGEMENT in PdfReader(tmp_path / "enregistre.pdf").pages[0].extract_text()
    # Its own print dialog is not another window: nothing is built again after it.
    count = len(built)

    def ask_in_a_dialog(parent: QWidget, printer: QPrinter) -> bool:
        dialog = QDialog(parent)
        dialog.setWindowTitle("Imprimer")
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        dialog.close()
        centre.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is centre)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
        return True

    monkeypatch.setattr(print_centre, "ask_printer", ask_in_a_dialog)
    qtbot.keyClick(centre.options.size_combo, Qt.Key.Key_P, CTRL)
    assert centre.pages_printed == 1
    assert len(built) == count
    assert not centre.busy()


def test_a_document_built_again_is_read_where_it_was(
    qtbot: QtBot,
    desk: Desk,
    open_centre: Callable[[], PrintCentre],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = sheet_pdf(3, QPageSize.PageSizeId.A4)
    monkeypatch.setattr(
        print_centre,
        "build_document",
        lambda _desk, _order: BuiltDocument(data, "Feuille d'essai", "essai.pdf"),
    )
    centre = open_centre()
    preview = view(centre)
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_PageDown)  # reading the second page
    place = preview.verticalScrollBar().value()
    assert place > 0
    first = preview.document()
    main = centre.parentWidget()
    assert main is not None
    main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    centre.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is centre)
    wait_preview(qtbot, centre)
    assert preview.document() is not first  # built again…
    assert preview.verticalScrollBar().value() == place  # …and still read there
