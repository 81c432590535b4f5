"""The editors of the motifs and partners, used as a lead does: add, rename, retire and
restore entries with the keyboard; a refusal is explained next to the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent
from spplus_desk.services.choice_lists import (
    MOTIFS,
    PARTNERS,
    ChoiceInfo,
    ChoiceList,
    add_choice,
    list_choices,
    rename_choice,
)
from spplus_desk.services.desk import Desk
from spplus_desk.ui.choice_list_dialog import ChoiceListDialog, ChoicesModel
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier


def open_dialog(
    qtbot: QtBot, desk: Desk, kind: ChoiceList = MOTIFS, login: str = TEST_LOGIN
) -> ChoiceListDialog:
    dialog = ChoiceListDialog(desk, login, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shown(dialog: ChoiceListDialog) -> list[str]:
    model = dialog.list_view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def click_entry(qtbot: QtBot, dialog: ChoiceListDialog, text: str) -> None:
    index = dialog.list_view.model().index(shown(dialog).index(text), 0)
    dialog.list_view.scrollTo(index)
    center = dialog.list_view.visualRect(index).center()
    qtbot.mouseClick(dialog.list_view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def entry(desk: Desk, kind: ChoiceList, label: str) -> ChoiceInfo:
    found = [c for c in list_choices(desk, kind, include_retired=True) if c.label == label]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("kind", "title"),
    [(MOTIFS, "Motifs de contact"), (PARTNERS, "Services et partenaires d'orientation")],
    ids=["motifs", "partenaires"],
)
def test_add_an_entry_with_the_keyboard(
    qtbot: QtBot, desk: Desk, kind: ChoiceList, title: str
) -> None:
    dialog = open_dialog(qtbot, desk, kind)
    assert dialog.windowTitle() == title
    assert dialog.focusWidget() is dialog.label_edit
    qtbot.keyClicks(dialog.label_edit, "  Cartes   grises ")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    added = entry(desk, kind, "Cartes grises")
    assert added.active
    assert "Cartes grises" in shown(dialog)
    assert dialog.status_label.text() == f"{kind.field} « Cartes grises » a été ajouté."
    assert dialog.label_edit.text() == ""
    qtbot.keyClicks(dialog.label_edit, "Passeports")
    with qtbot.waitSignal(dialog.add_button.clicked):  # a mnemonic clicks after a moment
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # « &Ajouter »
    assert entry(desk, kind, "Passeports").active


def test_retire_and_restore_a_motif(qtbot: QtBot, desk: Desk) -> None:
    add_choice(desk, MOTIFS, login=TEST_LOGIN, label="Cimetiere")
    dialog = open_dialog(qtbot, desk)
    click_entry(qtbot, dialog, "Cimetiere")
    assert dialog.toggle_button.text() == "Re&tirer"
    with qtbot.waitSignal(dialog.toggle_button.clicked):  # a mnemonic clicks after a moment
        qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)  # « Re&tirer »
    assert not entry(desk, MOTIFS, "Cimetiere").active
    assert "Cimetiere" not in [c.label for c in list_choices(desk, MOTIFS)]
    assert "Cimetiere (retiré)" in shown(dialog)  # in words, not only a colour
    assert dialog.toggle_button.text() == "Réta&blir"
    assert dialog.toggle_button.toolTip() == "Rétablir l'entrée sélectionnée (Alt+B)"
    assert dialog.status_label.text() == "Le motif « Cimetiere » a été retiré."
    with qtbot.waitSignal(dialog.toggle_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_B, ALT)  # « Réta&blir »
    assert entry(desk, MOTIFS, "Cimetiere").active
    assert "Cimetiere" in shown(dialog)
    assert dialog.toggle_button.text() == "Re&tirer"


def test_rename_the_selected_entry(qtbot: QtBot, desk: Desk) -> None:
    add_choice(desk, PARTNERS, login=TEST_LOGIN, label="Espace emploi")
    dialog = open_dialog(qtbot, desk, PARTNERS)
    click_entry(qtbot, dialog, "Espace emploi")
    assert dialog.label_edit.text() == "Espace emploi"  # start from the current label
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # « &Libellé : » selects the text
    qtbot.keyClicks(dialog.label_edit, "Maison de l'emploi")  # ASCII only
    with qtbot.waitSignal(dialog.rename_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # « &Renommer »
    assert entry(desk, PARTNERS, "Maison de l'emploi").active
    assert "Espace emploi" not in shown(dialog)
    assert dialog.status_label.text() == (
        "Le partenaire « Espace emploi » a été renommé en « Maison de l'emploi »."
    )


def test_enter_renames_the_entry_being_edited_and_adds_a_new_one(qtbot: QtBot, desk: Desk) -> None:
    add_choice(desk, PARTNERS, login=TEST_LOGIN, label="Espace emploi")
    dialog = open_dialog(qtbot, desk, PARTNERS)
    click_entry(qtbot, dialog, "Espace emploi")
    dialog.label_edit.setFocus()
    dialog.label_edit.end(False)
    qtbot.keyClicks(dialog.label_edit, " de Bondy")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    labels = [c.label for c in list_choices(desk, PARTNERS)]
    assert "Espace emploi de Bondy" in labels
    assert "Espace emploi" not in labels  # renamed, not a near-duplicate added
    assert dialog.label_edit.text() == ""
    qtbot.keyClicks(dialog.label_edit, "Mission locale")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)  # typed afresh: a new entry
    labels = [c.label for c in list_choices(desk, PARTNERS)]
    assert {"Espace emploi de Bondy", "Mission locale"} <= set(labels)


def test_a_refused_action_is_explained_and_keeps_the_text(qtbot: QtBot, desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, login="paul")
    before = list_choices(desk, MOTIFS, include_retired=True)
    qtbot.keyClicks(dialog.label_edit, "Nouveau motif")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("⚠ Cette action est réservée au rôle")
    assert dialog.label_edit.text() == "Nouveau motif"
    click_entry(qtbot, dialog, before[0].label)
    dialog.toggle_button.click()
    assert "réservée" in dialog.error_label.text()
    assert list_choices(desk, MOTIFS, include_retired=True) == before


def test_a_duplicate_is_explained(qtbot: QtBot, desk: Desk) -> None:
    add_choice(desk, MOTIFS, login=TEST_LOGIN, label="Elections")
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClicks(dialog.label_edit, "ELECTIONS")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "⚠ Le motif « Elections » existe déjà."
    assert dialog.label_edit.text() == "ELECTIONS"
    dialog.label_edit.setText("Élections européennes")
    dialog.add_button.click()
    assert not dialog.error_label.isVisible()
    assert entry(desk, MOTIFS, "Élections européennes").active


def test_a_stale_rename_shows_the_current_list(qtbot: QtBot, desk: Desk) -> None:
    motif = add_choice(desk, MOTIFS, login=TEST_LOGIN, label="Cimetiere")
    dialog = open_dialog(qtbot, desk)
    click_entry(qtbot, dialog, "Cimetiere")
    rename_choice(desk, MOTIFS, login=TEST_LOGIN, choice=motif, label="Concessions")
    dialog.label_edit.setText("Cimetières")
    dialog.rename_button.click()
    assert "Quelqu'un a modifié" in dialog.error_label.text()
    assert "Concessions" in shown(dialog)
    assert dialog.label_edit.text() == "Cimetières"


def test_nothing_is_selected_at_first(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    assert not dialog.rename_button.isEnabled()
    assert not dialog.toggle_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_every_control_is_named_and_explained_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    for kind in (MOTIFS, PARTNERS):
        dialog = open_dialog(qtbot, desk, kind)
        available = dialog.screen().availableGeometry()
        assert dialog.width() <= available.width()
        assert dialog.height() <= available.height()
        controls = [
            w
            for w in dialog.findChildren(QWidget)
            if isinstance(w, (QLineEdit, QPushButton, QListView))
        ]
        assert len(controls) == 6
        for control in controls:
            assert control.accessibleName(), control
            assert control.toolTip(), control
        assert dialog.label_edit.toolTip().endswith(
            "(Alt+L ou Entrée : ajouter, ou renommer l'entrée choisie)"
        )
        dialog.close()


def test_the_choices_model_passes_qt_model_tester(qtmodeltester: ModelTester, desk: Desk) -> None:
    model = ChoicesModel()
    model.set_rows(list_choices(desk, MOTIFS, include_retired=True))
    qtmodeltester.check(model)
