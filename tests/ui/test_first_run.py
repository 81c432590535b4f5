"""The first-run wizard, filled in with the keyboard as a person does; what it asked is
then saved by the same code path as the app's start-up and read back through services."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.opening_hours_text import parse_day
from spplus_desk.domain.service import ContactPoint, FirstRunSettings
from spplus_desk.services.agents import find_agent
from spplus_desk.services.setup import get_service
from spplus_desk.ui.app import finish_startup, load_startup
from spplus_desk.ui.first_run import FirstRunDialog
from spplus_desk.ui.main_window import MainWindow
from tests.support import TEST_LOGIN

NBSP = "\u00a0"


class AnsweringDialogs:
    """The start-up's dialogs, answering the first run with what the wizard returned."""

    def __init__(self, answer: FirstRunSettings | None) -> None:
        self.answer = answer
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warning(self, message: str) -> None:
        pass

    def first_settings(self) -> FirstRunSettings | None:
        return self.answer


@pytest.fixture
def wizard(qtbot: QtBot) -> Iterator[FirstRunDialog]:
    dialog = FirstRunDialog(login=TEST_LOGIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    yield dialog
    dialog.close()


def message(dialog: FirstRunDialog, name: str) -> str:
    """The message shown next to a field, as a screen reader finds it."""
    [label] = [w for w in dialog.findChildren(QLabel) if w.accessibleName() == f"Problème : {name}"]
    return label.text() if label.isVisible() else ""


def page(dialog: FirstRunDialog) -> int:
    stack = dialog.findChild(QStackedWidget)
    assert stack is not None
    return stack.currentIndex()


def retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def tab(qtbot: QtBot, dialog: FirstRunDialog, to: QWidget) -> None:
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    qtbot.waitUntil(to.hasFocus)


def fill_first_page(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    qtbot.keyClicks(dialog.name_edit, "Mairie de Saint-Denis")
    tab(qtbot, dialog, dialog.departement_combo)
    qtbot.keyClicks(dialog.departement_combo, "974")
    qtbot.keyClick(dialog.departement_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.address_edit.hasFocus)


def test_the_whole_wizard_with_the_keyboard(
    qtbot: QtBot, wizard: FirstRunDialog, tmp_path: Path
) -> None:
    dialog = wizard
    assert not dialog.back_button.isEnabled()
    fill_first_page(qtbot, dialog)
    assert page(dialog) == 1
    qtbot.keyClicks(dialog.address_edit, "2 rue de Paris")
    qtbot.keyClick(dialog.address_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address_edit, "97400 Saint-Denis")
    monday, *_, saturday, sunday = dialog.day_edits
    tab(qtbot, dialog, monday)
    assert (
        monday.text()
        == f"8{NBSP}h{NBSP}30 – 12{NBSP}h{NBSP}00, 13{NBSP}h{NBSP}30 – 17{NBSP}h{NBSP}00"
    )
    retype(qtbot, monday, "8h-12h / 13h-16h")
    for edit in dialog.day_edits[1:]:
        tab(qtbot, dialog, edit)
    assert (
        monday.text()
        == f"8{NBSP}h{NBSP}00 – 12{NBSP}h{NBSP}00, 13{NBSP}h{NBSP}00 – 16{NBSP}h{NBSP}00"
    )
    assert sunday.text() == "fermé"
    retype(qtbot, saturday, "9:00-12:00")  # not focused: typed straight into the field
    tab(qtbot, dialog, dialog.phone_edit)
    qtbot.keyClicks(dialog.phone_edit, "02.62.40.04.04")
    tab(qtbot, dialog, dialog.email_edit)
    assert dialog.phone_edit.text() == "02 62 40 04 04"
    qtbot.keyClicks(dialog.email_edit, "accueil@saintdenis.re")
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.admin_name_edit.hasFocus)
    assert page(dialog) == 2
    assert dialog.admin_name_edit.text() == TEST_LOGIN
    assert dialog.login_edit.text() == TEST_LOGIN
    assert dialog.login_edit.isReadOnly()
    assert dialog.start_button.isVisible()
    assert not dialog.next_button.isVisible()
    retype(qtbot, dialog.admin_name_edit, "Camille Hoarau")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.admin_name_edit, Qt.Key.Key_Return)
    answer = dialog.settings()

    # Saved as the app saves it, then read back through the services.
    data = load_startup(str(tmp_path / "accueil.db"), None, TEST_LOGIN)
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    dialogs = AnsweringDialogs(answer)
    assert finish_startup(data, window, dialogs, TEST_LOGIN)
    assert dialogs.errors == []
    assert window.windowTitle() == "SP+ Desk — Mairie de Saint-Denis"
    desk = data.report.desk
    try:
        service = get_service(desk)
        admin = find_agent(desk, TEST_LOGIN)
    finally:
        desk.close()
    assert service is not None
    assert (service.name, service.departement.code) == ("Mairie de Saint-Denis", "974")
    assert service.time_zone == "Indian/Reunion"
    assert service.address == "2 rue de Paris\n97400 Saint-Denis"
    days = service.opening_hours.days
    assert days[0] == parse_day("8h-12h, 13h-16h")
    assert days[1] == parse_day("8h30-12h, 13h30-17h")
    assert (days[5], days[6]) == (parse_day("9h-12h"), ())
    assert service.contact_points == (
        ContactPoint("phone", "02 62 40 04 04"),
        ContactPoint("email", "accueil@saintdenis.re"),
    )
    assert admin is not None
    assert admin.name == "Camille Hoarau"


def test_a_wrong_phone_is_explained_and_next_refuses(qtbot: QtBot, wizard: FirstRunDialog) -> None:
    dialog = wizard
    fill_first_page(qtbot, dialog)
    qtbot.mouseClick(dialog.phone_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.phone_edit.hasFocus)
    qtbot.keyClicks(dialog.phone_edit, "01 23")
    tab(qtbot, dialog, dialog.email_edit)
    shown = message(dialog, "Téléphone")
    assert shown.startswith("⚠ Numéro de téléphone non reconnu : « 01 23 »")
    assert dialog.phone_edit.accessibleDescription() == shown.removeprefix("⚠ ")
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.phone_edit.hasFocus)
    assert page(dialog) == 1
    retype(qtbot, dialog.phone_edit, "0123456789")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.admin_name_edit.hasFocus)
    assert message(dialog, "Téléphone") == ""
    assert dialog.settings().phone == "01 23 45 67 89"


def test_wrong_hours_and_e_mail_are_explained(qtbot: QtBot, wizard: FirstRunDialog) -> None:
    dialog = wizard
    fill_first_page(qtbot, dialog)
    monday, tuesday = dialog.day_edits[:2]
    tab(qtbot, dialog, monday)
    retype(qtbot, monday, "8h30-25h")
    tab(qtbot, dialog, tuesday)
    assert message(dialog, "Horaires du lundi") == "⚠ « 8h30-25h » : l'heure 25 h n'existe pas."
    retype(qtbot, tuesday, "8h-12h, 11h-14h")
    qtbot.keyClicks(dialog.email_edit, "accueil@mairie")
    dialog.next_button.click()
    qtbot.waitUntil(monday.hasFocus)  # the first wrong field, from the top
    assert "se chevauchent" in message(dialog, "Horaires du mardi")
    assert message(dialog, "Courriel").startswith("⚠ Adresse électronique non valable")
    assert page(dialog) == 1


def test_a_name_is_required_and_back_keeps_the_answers(
    qtbot: QtBot, wizard: FirstRunDialog
) -> None:
    dialog = wizard
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert page(dialog) == 0
    assert message(dialog, "Nom du service") == "⚠ Le nom du service ne peut pas être vide."
    qtbot.keyClicks(dialog.name_edit, "  Mairie  de Brest ")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.address_edit.hasFocus)
    assert message(dialog, "Nom du service") == ""
    dialog.back_button.click()
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    assert dialog.name_edit.text() == "Mairie de Brest"
    dialog.next_button.click()
    dialog.next_button.click()
    retype(qtbot, dialog.admin_name_edit, " ")
    dialog.start_button.click()
    assert dialog.isVisible()
    assert message(dialog, "Votre nom") == "⚠ Votre nom ne peut pas être vide."


def test_ask_returns_the_answers_or_nothing(qtbot: QtBot) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        dialog.name_edit.setText("Mairie d'Ajaccio")  # accented text: typed with setText
        dialog.departement_combo.setCurrentIndex(dialog.departement_combo.findData("2A"))
        dialog.next_button.click()
        dialog.next_button.click()
        dialog.admin_name_edit.setText("Léa Santoni")
        dialog.start_button.click()

    QTimer.singleShot(0, answer)
    settings = FirstRunDialog.ask(login="lea")
    assert settings is not None
    assert (settings.service_name, settings.departement_code) == ("Mairie d'Ajaccio", "2A")
    assert settings.admin_name == "Léa Santoni"
    assert settings.phone == settings.email == ""

    def give_up() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, give_up)
    assert FirstRunDialog.ask(login="lea") is None


def controls(dialog: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QPushButton)
    return [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, kinds) and w.isVisible() and not isinstance(w.parent(), QComboBox)
    ]


def mnemonic(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).lower() if found else None


def test_every_control_is_named_explained_and_fits_at_200_percent(
    qtbot: QtBot, large_font: None
) -> None:
    dialog = FirstRunDialog(login=TEST_LOGIN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    hint = dialog.minimumSizeHint()  # so it also fits a 1366 x 768 laptop
    assert hint.width() <= min(available.width(), 1366)
    assert hint.height() <= min(available.height(), 768)
    seen = 0
    for index in range(3):
        dialog.findChild(QStackedWidget).setCurrentIndex(index)  # type: ignore[union-attr]
        dialog.start_button.setVisible(index == 2)
        for control in controls(dialog):
            seen += 1
            name = control.accessibleName()
            assert name, control
            assert control.toolTip().startswith(name) or control is dialog.login_edit
            assert re.search(r"\((Alt\+\w|Échap)", control.toolTip()), control.toolTip()
        labels = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.buddy()]
        keys = [mnemonic(w.text()) for w in labels]
        keys += [mnemonic(b.text()) for b in controls(dialog) if isinstance(b, QPushButton)]
        assert None not in keys[: len(labels)], "a field label has no mnemonic"
        repeated = [k for k, n in Counter(k for k in keys if k).items() if n > 1]
        assert repeated == [], f"page {index + 1}: Alt+{repeated} used twice"
    assert seen >= 20
