"""The catalogue editor, used as a lead does: type a new kind of request with its delay
and clock, change one, retire and restore it, all from the keyboard; a refusal is
explained next to the field it is about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import ImplicitDecision
from spplus_desk.domain.enums import Channel, DelayUnit, Role, WaitPolicy
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import (
    RequestKindInfo,
    add_request_kind,
    list_request_kinds,
)
from spplus_desk.ui.request_kinds_dialog import (
    COL_ACK,
    COL_DELAY,
    COL_IMPLICIT,
    COL_LABEL,
    COL_WAIT,
    RequestKindsDialog,
    RequestKindsModel,
)
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> RequestKindsDialog:
    dialog = RequestKindsDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shown(dialog: RequestKindsDialog, column: int = COL_LABEL) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_kind(qtbot: QtBot, dialog: RequestKindsDialog, label: str) -> None:
    index = dialog.table.model().index(shown(dialog).index(label), COL_LABEL)
    dialog.table.scrollTo(index)
    center = dialog.table.visualRect(index).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def kind_named(desk: Desk, label: str) -> RequestKindInfo:
    found = [k for k in list_request_kinds(desk, include_retired=True) if k.label == label]
    assert len(found) == 1
    return found[0]


def press(qtbot: QtBot, dialog: RequestKindsDialog, button: QAbstractButton, key: Qt.Key) -> None:
    with qtbot.waitSignal(button.clicked):  # a mnemonic clicks after a moment
        qtbot.keyClick(dialog, key, ALT)


def test_add_a_kind_with_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Types de demande et délais"
    assert dialog.focusWidget() is dialog.form.label_edit
    qtbot.keyClicks(dialog.form.label_edit, "Permis de construire")
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # « &Canaux »: the first channel
    assert dialog.focusWidget() is dialog.form.channel_boxes[Channel.COUNTER]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)  # Accueil physique
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.form.channel_boxes[Channel.LETTER]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)  # Courrier
    assert dialog.form.ack_label.text() == "sous 14\u00a0jours (courrier)"
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # « Dé&lai annoncé : »
    assert dialog.focusWidget() is dialog.form.amount_spin
    qtbot.keyClicks(dialog.form.amount_spin, "15")
    qtbot.keyClick(dialog.form.amount_spin, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.form.unit_combo
    qtbot.keyClick(dialog.form.unit_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.form.unit_combo, Qt.Key.Key_Down)  # jours calendaires
    press(qtbot, dialog, dialog.form.wait_radios[WaitPolicy.RESTART], Qt.Key.Key_P)  # « re&partir »
    assert dialog.form.wait_radios[WaitPolicy.RESTART].isChecked()
    press(qtbot, dialog, dialog.form.add_button, Qt.Key.Key_A)  # « &Ajouter »
    kind = kind_named(desk, "Permis de construire")
    assert kind.channels == (Channel.COUNTER, Channel.LETTER)
    assert (kind.delay_amount, kind.delay_unit) == (15, DelayUnit.CALENDAR_DAYS)
    assert kind.wait_policy is WaitPolicy.RESTART
    assert kind.implicit_decision is ImplicitDecision.UNSET  # not said unless chosen
    assert dialog.status_label.text() == (
        "Le type « Permis de construire » a été ajouté (15\u00a0jours calendaires)."
    )
    row = shown(dialog).index("Permis de construire")
    assert shown(dialog, COL_DELAY)[row] == "15\u00a0jours calendaires"
    assert shown(dialog, COL_WAIT)[row] == "fait repartir le délai"
    assert shown(dialog, COL_ACK)[row] == "sous 14\u00a0jours (courrier)"
    assert shown(dialog, COL_IMPLICIT)[row] == "Non précisée"
    # The form is blank again for the next kind, the focus back on its name.
    assert dialog.form.label_edit.text() == ""
    assert not any(box.isChecked() for box in dialog.form.channel_boxes.values())
    assert dialog.focusWidget() is dialog.form.label_edit


def test_change_a_kind_and_enter_saves_it(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    click_kind(qtbot, dialog, "Rappel téléphonique")
    assert dialog.form.label_edit.text() == "Rappel téléphonique"
    assert dialog.form.wait_radios[WaitPolicy.RESTART].isChecked()
    assert dialog.form.channel_boxes[Channel.PHONE].isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(dialog.form.amount_spin, "3")
    press(qtbot, dialog, dialog.form.wait_radios[WaitPolicy.SUSPEND], Qt.Key.Key_S)  # « &suspend »
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # « &Nom : »
    qtbot.keyClick(dialog.form.label_edit, Qt.Key.Key_Return)
    kind = kind_named(desk, "Rappel téléphonique")
    assert kind.delay_amount == 3
    assert kind.wait_policy is WaitPolicy.SUSPEND
    assert "Les demandes déjà reçues gardent le délai" in dialog.status_label.text()
    assert dialog.focusWidget() is dialog.table


def test_the_implicit_decision_of_a_kind(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    assert form.implicit_combo.currentText() == "Non précisée"
    assert not form.months_spin.isEnabled()  # no decision: no months to count
    assert "CRPA, art. L231-1" in form.implicit_combo.toolTip()
    assert "imprimé sur l'accusé de réception" in form.implicit_combo.toolTip()
    qtbot.keyClicks(form.label_edit, "Autorisation de terrasse")
    form.channel_boxes[Channel.LETTER].click()
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # « Décision &implicite : »
    assert dialog.focusWidget() is form.implicit_combo
    for _ in range(3):  # past « Pas de décision implicite » and « Acceptation implicite »
        qtbot.keyClick(form.implicit_combo, Qt.Key.Key_Down)
    assert form.implicit_combo.currentText() == "Rejet implicite"
    assert form.months_spin.isEnabled()
    assert form.months_spin.value() == 2  # the CRPA's two months, by default
    qtbot.keyClick(form.implicit_combo, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is form.months_spin
    qtbot.keyClicks(form.months_spin, "4")
    press(qtbot, dialog, form.add_button, Qt.Key.Key_A)  # « &Ajouter »
    kind = kind_named(desk, "Autorisation de terrasse")
    assert (kind.implicit_decision, kind.implicit_months) == (ImplicitDecision.REJECTION, 4)
    row = shown(dialog).index("Autorisation de terrasse")
    assert shown(dialog, COL_IMPLICIT)[row] == "Rejet au bout de 4\u00a0mois"
    # Chosen again, the kind shows its decision; « Acceptation » is saved.
    click_kind(qtbot, dialog, "Autorisation de terrasse")
    assert form.implicit_combo.currentText() == "Rejet implicite"
    assert form.months_spin.value() == 4
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.keyClick(form.implicit_combo, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # « au b&out de »
    assert dialog.focusWidget() is form.months_spin
    qtbot.keyClicks(form.months_spin, "2")
    press(qtbot, dialog, form.save_button, Qt.Key.Key_E)  # « &Enregistrer »
    kind = kind_named(desk, "Autorisation de terrasse")
    assert (kind.implicit_decision, kind.implicit_months) == (ImplicitDecision.ACCEPTANCE, 2)
    assert shown(dialog, COL_IMPLICIT)[row] == "Acceptation au bout de 2\u00a0mois"
    # Back to no decision: the months are off again, and « Aucune » in the table.
    click_kind(qtbot, dialog, "Autorisation de terrasse")
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.keyClick(form.implicit_combo, Qt.Key.Key_Up)
    assert not form.months_spin.isEnabled()
    press(qtbot, dialog, form.save_button, Qt.Key.Key_E)
    assert kind_named(desk, "Autorisation de terrasse").implicit_decision is ImplicitDecision.NONE
    assert shown(dialog, COL_IMPLICIT)[row] == "Aucune"


def test_a_kind_without_decision_shows_its_months_off(qtbot: QtBot, desk: Desk) -> None:
    add_request_kind(
        desk,
        login=TEST_LOGIN,
        label="Acte de naissance",
        channels=[Channel.LETTER],
        delay_amount=10,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
        implicit_decision=ImplicitDecision.ACCEPTANCE,
        implicit_months=3,
    )
    dialog = open_dialog(qtbot, desk)
    click_kind(qtbot, dialog, "Acte de naissance")
    assert dialog.form.implicit_combo.currentText() == "Acceptation implicite"
    assert dialog.form.months_spin.isEnabled()
    assert dialog.form.months_spin.value() == 3
    click_kind(qtbot, dialog, "Rappel téléphonique")
    assert dialog.form.implicit_combo.currentText() == "Non précisée"
    assert not dialog.form.months_spin.isEnabled()
    assert dialog.form.months_spin.value() == 2


def test_refusals_are_shown_next_to_their_field(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    before = list_request_kinds(desk, include_retired=True)
    qtbot.keyClicks(dialog.form.label_edit, "Cantine scolaire")
    qtbot.keyClick(dialog.form.label_edit, Qt.Key.Key_Return)
    assert dialog.form.channels_error.text().startswith("⚠ Cochez au moins un canal")
    assert dialog.focusWidget() is dialog.form.channel_boxes[Channel.COUNTER]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(dialog.form.amount_spin, "0")
    press(qtbot, dialog, dialog.form.add_button, Qt.Key.Key_A)
    assert not dialog.form.channels_error.isVisible()
    assert dialog.form.delay_error.text() == "⚠ Un délai en jours ouvrés va de 1 à 365 (0 demandé)."
    assert dialog.form.amount_spin.accessibleDescription().startswith("Un délai")
    assert dialog.focusWidget() is dialog.form.amount_spin
    dialog.form.label_edit.setText("rappel TELEPHONIQUE")
    dialog.form.amount_spin.setValue(2)
    dialog.form.add_button.click()
    assert (
        dialog.form.error_label.text()
        == "⚠ Le type de demande « Rappel téléphonique » existe déjà."
    )
    assert dialog.form.label_edit.text() == "rappel TELEPHONIQUE"  # what was typed is kept
    assert list_request_kinds(desk, include_retired=True) == before


def test_an_agent_is_refused(qtbot: QtBot, desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, login="paul")
    before = list_request_kinds(desk, include_retired=True)
    click_kind(qtbot, dialog, "Rappel téléphonique")
    dialog.form.toggle_button.click()
    assert "réservée au rôle" in dialog.form.error_label.text()
    assert list_request_kinds(desk, include_retired=True) == before


def test_retire_and_restore_a_kind(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    click_kind(qtbot, dialog, "Rappel téléphonique")
    press(qtbot, dialog, dialog.form.toggle_button, Qt.Key.Key_T)  # « Re&tirer »
    assert not kind_named(desk, "Rappel téléphonique").active
    assert "Rappel téléphonique" not in shown(dialog)
    assert "Afficher les types retirés" in dialog.status_label.text()
    press(qtbot, dialog, dialog.retired_box, Qt.Key.Key_H)  # « Affic&her les types retirés »
    assert dialog.retired_box.isChecked()
    assert "Rappel téléphonique (retiré)" in shown(dialog)  # in words, not only a colour
    click_kind(qtbot, dialog, "Rappel téléphonique (retiré)")
    assert dialog.form.toggle_button.text() == "Réta&blir"
    assert dialog.form.toggle_button.toolTip() == "Rétablir le type choisi (Alt+B)"
    press(qtbot, dialog, dialog.form.toggle_button, Qt.Key.Key_B)
    assert kind_named(desk, "Rappel téléphonique").active
    assert dialog.status_label.text() == "Le type « Rappel téléphonique » a été rétabli."
    assert "Rappel téléphonique" in shown(dialog)


def test_every_control_is_named_and_explained_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    assert dialog.close_button.isVisible()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QAbstractButton, QAbstractSpinBox, QComboBox, QTableView))
        and not w.objectName().startswith("qt_")  # Qt's own parts (the spin box's editor)
    ]
    assert len(controls) >= 17
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.form.label_edit.toolTip() == (
        "Nom du type de demande (Alt+N ou Entrée : ajouter, ou enregistrer le type choisi)"
    )
    assert dialog.close_button.toolTip() == "Fermer la fenêtre (Alt+F ou Échap)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_kinds_model_passes_qt_model_tester(qtmodeltester: ModelTester, desk: Desk) -> None:
    model = RequestKindsModel()
    model.set_rows(list_request_kinds(desk, include_retired=True))
    qtmodeltester.check(model)
