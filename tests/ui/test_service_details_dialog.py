"""« Coordonnées du service… », used as a lead does: the first-run wizard opens filled
in with what is saved, the lead retypes what changed and saves; the window's title and
« Mon service » follow. A wrong value is explained next to its field, a refusal of the
save above the buttons, and nothing typed is lost."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
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

from spplus_desk.domain.enums import Role
from spplus_desk.domain.opening_hours_text import parse_day
from spplus_desk.domain.service import ContactPoint, FirstRunSettings, OpeningHours, ServiceInfo
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import get_print_settings, update_print_settings
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import complete_first_run, get_service
from spplus_desk.ui.first_run import FirstRunDialog
from spplus_desk.ui.main_window import MainWindow
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NBSP = "\u00a0"
SATURDAY_MORNING = OpeningHours((parse_day("8h30-12h, 13h30-17h"),) * 5 + (parse_day("9h-12h"), ()))
SAVED = FirstRunSettings(
    service_name="Mairie de Test",
    departement_code="974",
    address="1 place de la Mairie\n97400 Saint-Denis",
    opening_hours=SATURDAY_MORNING,
    phone="02 62 40 04 04",
    email="accueil@mairie-test.re",
)
ENTRY = "Coordonnées du &service…"


def service(desk: Desk) -> ServiceInfo:
    found = get_service(desk)
    assert found is not None
    return found


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> Iterator[MainWindow]:
    """The main window of Léa, a team lead, over a service the first run filled in."""
    complete_first_run(desk, login=TEST_LOGIN, settings=SAVED)
    add_agent(desk, login=TEST_LOGIN, name="Léa Mars", agent_login="lea", role=Role.LEAD)
    shown = service(desk)
    window = MainWindow(login="lea", log_path=None)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=shown,
        referential=load_referential(shown.referential),
        agent=find_agent(desk, "lea"),
    )
    window.show()
    qtbot.waitExposed(window)
    yield window
    QThreadPool.globalInstance().waitForDone()  # before the desk closes


def open_details(qtbot: QtBot, window: MainWindow) -> FirstRunDialog:
    [entry] = [a for a in window.manage_actions if a.text() == ENTRY]
    assert entry.isEnabled()
    assert entry.statusTip().startswith("Le nom, le département, l'adresse, les horaires")
    entry.trigger()
    [dialog] = [d for d in window.findChildren(FirstRunDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    return dialog


def page(dialog: FirstRunDialog) -> int:
    stack = dialog.findChild(QStackedWidget)
    assert stack is not None
    return stack.currentIndex()


def message(dialog: FirstRunDialog, name: str) -> str:
    [label] = [w for w in dialog.findChildren(QLabel) if w.accessibleName() == name]
    return label.text() if label.isVisible() else ""


def retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, text)


def to_second_page(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.address_edit.hasFocus)
    assert page(dialog) == 1


def test_a_lead_corrects_the_address_and_the_phone(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    before = service(desk)
    dialog = open_details(qtbot, window)
    assert dialog.windowTitle() == "Coordonnées du service"
    # Every field shows what is saved.
    assert dialog.name_edit.text() == "Mairie de Test"
    assert dialog.departement_combo.currentData() == "974"
    assert dialog.zone_label.text() == "Fuseau horaire : Indian/Reunion."
    assert dialog.address_edit.toPlainText() == "1 place de la Mairie\n97400 Saint-Denis"
    assert dialog.day_edits[5].text() == f"9{NBSP}h{NBSP}00 – 12{NBSP}h{NBSP}00"
    assert dialog.day_edits[6].text() == "fermé"
    assert dialog.phone_edit.text() == "02 62 40 04 04"
    assert dialog.email_edit.text() == "accueil@mairie-test.re"
    assert not dialog.start_button.isVisible()

    retype(qtbot, dialog.name_edit, "Mairie de Test - accueil")
    to_second_page(qtbot, dialog)
    assert dialog.start_button.isVisible()
    assert dialog.start_button.text() == "En&registrer"
    assert not dialog.next_button.isVisible()  # two pages only: no admin page
    retype(qtbot, dialog.address_edit, "3 rue de la Victoire")
    qtbot.keyClick(dialog.address_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address_edit, "97400 Saint-Denis")
    qtbot.mouseClick(dialog.phone_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.phone_edit.hasFocus)
    retype(qtbot, dialog.phone_edit, "0262111213")
    assert service(desk) == before  # nothing saved yet
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)  # Enter: « Enregistrer »
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted

    after = service(desk)
    assert after.name == "Mairie de Test - accueil"
    assert after.address == "3 rue de la Victoire\n97400 Saint-Denis"
    assert after.contact_points == (
        ContactPoint("phone", "02 62 11 12 13"),
        ContactPoint("email", "accueil@mairie-test.re"),
    )
    assert (after.departement, after.opening_hours) == (before.departement, before.opening_hours)
    # The window follows: its title and « Mon service ».
    assert window.windowTitle() == "SP+ Desk — Mairie de Test - accueil"
    assert window.overview is not None
    assert window.overview.title.text() == "Mairie de Test - accueil"
    texts = [label.text() for label in window.overview.findChildren(QLabel)]
    assert "3 rue de la Victoire\n97400 Saint-Denis" in texts
    tabs = window.tabs
    assert tabs.tabText(tabs.indexOf(window.overview)) == "Mon serv&ice"


def test_a_wrong_e_mail_is_explained_and_saving_is_refused(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    before = service(desk)
    dialog = open_details(qtbot, window)
    to_second_page(qtbot, dialog)
    qtbot.mouseClick(dialog.email_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.email_edit.hasFocus)
    retype(qtbot, dialog.email_edit, "accueil@mairie")
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    shown = message(dialog, "Problème : Courriel")
    assert shown.startswith("⚠ Adresse électronique non valable")
    assert dialog.email_edit.accessibleDescription() == shown.removeprefix("⚠ ")
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # « En&registrer »: refused as well
    assert dialog.isVisible()
    assert dialog.email_edit.hasFocus()
    assert service(desk) == before
    retype(qtbot, dialog.email_edit, "mairie@saint-denis.re")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    assert service(desk).contact_points[1] == ContactPoint("email", "mairie@saint-denis.re")


def test_a_save_after_someone_elses_is_refused_and_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    dialog = open_details(qtbot, window)
    retype(qtbot, dialog.name_edit, "Mairie annexe")
    # Meanwhile, at another desk, someone saves the service (its print settings).
    printed = get_print_settings(desk)
    update_print_settings(
        desk, login=TEST_LOGIN, version=printed.version, local_engagements=(), appointment="RDV"
    )
    to_second_page(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(dialog.save_error.isVisible)
    assert dialog.save_error.text().startswith("⚠ Quelqu'un a modifié cette fiche")
    assert dialog.save_error.text().endswith("elle remplacera la version actuelle.")
    assert dialog.start_button.isEnabled()
    assert dialog.start_button.hasFocus()
    assert dialog.start_button.accessibleDescription().startswith("Quelqu'un a modifié")
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "Mairie annexe"
    assert service(desk).name == "Mairie de Test"
    # Saving again, knowingly, puts what was typed over the other change.
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    assert service(desk).name == "Mairie annexe"
    assert get_print_settings(desk).appointment == "RDV"
    assert window.windowTitle() == "SP+ Desk — Mairie annexe"


def test_a_new_time_zone_asks_for_a_restart(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_details(qtbot, window)
    combo = dialog.departement_combo
    combo.setCurrentIndex(combo.findData("75"))
    assert dialog.zone_label.text() == (
        "Fuseau horaire : Europe/Paris. Après l'enregistrement, redémarrez SP+ Desk pour "
        "voir les heures dans ce fuseau."
    )
    combo.setCurrentIndex(combo.findData("974"))
    assert dialog.zone_label.text() == "Fuseau horaire : Indian/Reunion."
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


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


def test_every_control_is_named_and_fits_at_200_percent(
    qtbot: QtBot, window: MainWindow, large_font: None
) -> None:
    dialog = open_details(qtbot, window)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    hint = dialog.minimumSizeHint()  # so it also fits a 1366 x 768 laptop
    assert hint.width() <= min(available.width(), 1366)
    assert hint.height() <= min(available.height(), 768)
    assert dialog.start_button.toolTip() == (
        "Enregistrer les coordonnées du service (Alt+R ou Entrée)"
    )
    assert dialog.cancel_button.toolTip() == "Fermer sans enregistrer (Échap)"
    seen = 0
    for index in range(2):
        if index:
            to_second_page(qtbot, dialog)
        titles = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        assert any(t.startswith(f"Étape {index + 1} sur 2 — ") for t in titles)
        for control in controls(dialog):
            seen += 1
            name = control.accessibleName()
            assert name, control
            assert control.toolTip().startswith(name), control.toolTip()
            assert re.search(r"\((Alt\+\w|Échap)", control.toolTip()), control.toolTip()
        labels = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.buddy()]
        keys = [mnemonic(w.text()) for w in labels]
        keys += [mnemonic(b.text()) for b in controls(dialog) if isinstance(b, QPushButton)]
        repeated = [k for k, n in Counter(k for k in keys if k).items() if n > 1]
        assert repeated == [], f"page {index + 1}: Alt+{repeated} used twice"
    assert seen >= 16
    assert page(dialog) == 1
    assert not [w for w in controls(dialog) if w.accessibleName() == "Votre nom"]
