"""The agents' dialog, used as a lead does: add an agent with the keyboard, edit the
selected one, and be told — next to the form, with the typed text kept — when the
services refuse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Role
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import add_agent, find_agent, list_agents, update_agent
from spplus_desk.services.desk import Desk
from spplus_desk.ui.agents_dialog import COL_ACTIVE, COL_NAME, AgentsDialog, AgentsModel
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> AgentsDialog:
    dialog = AgentsDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def agent(desk: Desk, login: str) -> AgentInfo:
    found = next((a for a in list_agents(desk) if a.login == login), None)
    assert found is not None
    return found


def table_texts(dialog: AgentsDialog, column: int) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(qtbot: QtBot, dialog: AgentsDialog, name: str) -> None:
    row = table_texts(dialog, COL_NAME).index(name)
    index = dialog.table.model().index(row, COL_NAME)
    dialog.table.scrollTo(index)
    center = dialog.table.visualRect(index).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)


@pytest.fixture
def paul(desk: Desk) -> AgentInfo:
    return add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)


def test_add_an_agent_with_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Agents du service"
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # « &Nom : »
    assert dialog.focusWidget() is dialog.new_name_edit
    qtbot.keyClicks(dialog.new_name_edit, "  Lea   Martin ")
    qtbot.keyClick(dialog.new_name_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.new_login_edit
    qtbot.keyClicks(dialog.new_login_edit, "lea.martin")
    qtbot.keyClick(dialog.new_login_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.new_role_combo
    qtbot.keyClicks(dialog.new_role_combo, "R")  # type-ahead: « Responsable d'équipe »
    with qtbot.waitSignal(dialog.add_button.clicked):  # a mnemonic clicks after a moment
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # « &Ajouter »
    lea = agent(desk, "lea.martin")
    assert (lea.name, lea.role, lea.active) == ("Lea Martin", Role.LEAD, True)
    assert "Lea Martin" in table_texts(dialog, COL_NAME)
    assert dialog.status_label.text() == "Compte de Lea Martin créé."
    assert dialog.new_name_edit.text() == dialog.new_login_edit.text() == ""
    assert dialog.focusWidget() is dialog.new_name_edit
    # Enter in the form adds too.
    qtbot.keyClicks(dialog.new_name_edit, "Zoe")
    qtbot.keyClicks(dialog.new_login_edit, "zoe")
    qtbot.keyClick(dialog.new_login_edit, Qt.Key.Key_Return)
    assert agent(desk, "zoe").role is Role.AGENT


def test_edit_deactivate_and_reactivate_the_selected_agent(
    qtbot: QtBot, desk: Desk, paul: AgentInfo
) -> None:
    dialog = open_dialog(qtbot, desk)
    click_row(qtbot, dialog, "Paul Roux")
    assert dialog.name_edit.text() == "Paul Roux"
    assert dialog.login_label.text() == "paul"
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # « No&m : » selects the name
    qtbot.keyClicks(dialog.name_edit, "Paul Roux-Martin")
    with qtbot.waitSignal(dialog.active_box.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # « A&ctif » unticks the box
    assert not dialog.active_box.isChecked()
    with qtbot.waitSignal(dialog.save_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)  # « &Enregistrer les modifications »
    saved = agent(desk, "paul")
    assert (saved.name, saved.active) == ("Paul Roux-Martin", False)
    assert find_agent(desk, "paul") is None
    row = table_texts(dialog, COL_NAME).index("Paul Roux-Martin")
    assert table_texts(dialog, COL_ACTIVE)[row] == "non"  # in words, not only a colour
    assert dialog.name_edit.text() == "Paul Roux-Martin"  # still selected
    dialog.active_box.click()
    dialog.save_button.click()
    assert agent(desk, "paul").active
    assert table_texts(dialog, COL_ACTIVE)[row] == "oui"


def test_an_agent_opening_the_dialog_is_refused_and_keeps_the_text(
    qtbot: QtBot, desk: Desk, paul: AgentInfo
) -> None:
    dialog = open_dialog(qtbot, desk, login="paul")
    qtbot.keyClicks(dialog.new_name_edit, "Zoe")
    qtbot.keyClicks(dialog.new_login_edit, "zoe")
    dialog.add_button.click()
    assert dialog.add_error.isVisible()
    assert dialog.add_error.text().startswith("⚠ Cette action est réservée au rôle")
    assert (dialog.new_name_edit.text(), dialog.new_login_edit.text()) == ("Zoe", "zoe")
    assert len(list_agents(desk)) == 2
    click_row(qtbot, dialog, "Paul Roux")
    dialog.role_combo.setCurrentText("Administrateur")
    dialog.save_button.click()
    assert "réservée" in dialog.edit_error.text()
    assert dialog.role_combo.currentText() == "Administrateur"
    assert agent(desk, "paul") == paul


def test_a_duplicate_login_is_explained_next_to_the_form(
    qtbot: QtBot, desk: Desk, paul: AgentInfo
) -> None:
    dialog = open_dialog(qtbot, desk)
    dialog.new_name_edit.setText("Paul Dupré")
    qtbot.keyClicks(dialog.new_login_edit, "PAUL")
    qtbot.keyClick(dialog.new_login_edit, Qt.Key.Key_Return)
    assert dialog.add_error.text() == "⚠ L'identifiant « paul » est déjà utilisé par Paul Roux."
    assert (dialog.new_name_edit.text(), dialog.new_login_edit.text()) == ("Paul Dupré", "PAUL")
    assert dialog.new_login_edit.hasFocus()  # the field the message is about
    qtbot.keyClick(dialog.new_login_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.new_login_edit, "2")
    qtbot.keyClick(dialog.new_login_edit, Qt.Key.Key_Return)
    assert not dialog.add_error.isVisible()
    assert agent(desk, "PAU2").name == "Paul Dupré"


def test_nobody_deactivates_themselves(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    click_row(qtbot, dialog, agent(desk, TEST_LOGIN).name)
    dialog.active_box.click()
    dialog.save_button.click()
    assert "votre propre compte" in dialog.edit_error.text()
    assert not dialog.active_box.isChecked()  # what was chosen stays on screen
    assert agent(desk, TEST_LOGIN).active


def test_a_conflicting_save_is_explained_and_shows_the_current_state(
    qtbot: QtBot, desk: Desk, paul: AgentInfo
) -> None:
    dialog = open_dialog(qtbot, desk)
    click_row(qtbot, dialog, "Paul Roux")
    update_agent(desk, login=TEST_LOGIN, agent=paul, name="Paul R.", role=Role.AGENT, active=True)
    dialog.name_edit.setText("Paul Roux (accueil)")
    dialog.save_button.click()
    assert "Quelqu'un a modifié cette fiche" in dialog.edit_error.text()
    assert "Paul R." in table_texts(dialog, COL_NAME)  # the other person's save
    assert dialog.name_edit.text() == "Paul Roux (accueil)"
    assert agent(desk, "paul").name == "Paul R."
    dialog.save_button.click()  # knowingly, over the current version
    assert agent(desk, "paul").name == "Paul Roux (accueil)"


def test_escape_closes_the_dialog(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def check_window(window: QWidget) -> None:
    """Fits the screen; every control has a French name and a tooltip."""
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    controls = (QComboBox, QLineEdit, QCheckBox, QPushButton, QTableView)
    checked = 0
    for control in window.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        if isinstance(control, controls) and not inner and control.isVisibleTo(window):
            assert control.accessibleName(), control
            assert control.toolTip(), control
            checked += 1
    assert checked >= 10


def test_every_control_is_named_and_explained_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    check_window(dialog)
    assert dialog.new_name_edit.toolTip() == "Nom du nouvel agent (Alt+N)"
    assert dialog.close_button.toolTip() == "Fermer la fenêtre (Alt+F ou Échap)"


def test_the_agents_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, desk: Desk, paul: AgentInfo
) -> None:
    model = AgentsModel()
    model.set_rows(list_agents(desk))
    qtmodeltester.check(model)
