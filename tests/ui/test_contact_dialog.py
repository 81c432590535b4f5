"""The contact dialog, used as a person does: read a logged contact, correct it or cancel
it with the keyboard, and be told when the services refuse."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, Role, Satisfaction
from spplus_desk.services.contact_detail import contact_detail
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import Agent, Contact, Motif, RequestKind
from spplus_desk.ui.contact_cancel import CancelContactDialog
from spplus_desk.ui.contact_correction import ContactCorrectionDialog
from spplus_desk.ui.contact_dialog import ContactDialog
from spplus_desk.ui.contact_history import COL_WHAT, HistoryModel
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
CIVIL = "État civil (actes de naissance, mariage, décès)"
PLANNING = "Urbanisme (permis, déclaration préalable)"


def _id(desk: Desk, model: type[Motif] | type[RequestKind], label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(model.id).where(model.label == label)).one()


@pytest.fixture
def logged(desk: Desk, clock: FixedClock) -> ContactRecord:
    """A counter visit that opened a request, saved 10 minutes ago by the test admin."""
    called = clock.now() - timedelta(minutes=4)
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            Channel.COUNTER,
            ContactOutcome.REQUEST_OPENED,
            motif_id=_id(desk, Motif, CIVIL),
            request_kind_id=_id(desk, RequestKind, "Copie d'acte d'état civil"),
            person_name="Jeanne Martin",
            arrived_at=called - timedelta(minutes=12),
            called_at=called,
            duration_seconds=360,
            notes="Copie intégrale",
        ),
    )
    clock.advance(minutes=10)
    return record


def open_dialog(qtbot: QtBot, desk: Desk, record: ContactRecord, login: str) -> ContactDialog:
    dialog = ContactDialog(desk, login, record.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shown(widget: QWidget, name: str) -> str:
    """The text of the value labelled ``name``, as a screen reader reaches it."""
    [label] = [w for w in widget.findChildren(QLabel) if w.accessibleName() == name]
    return label.text()


def history_texts(dialog: ContactDialog) -> list[str]:
    model = dialog.history.model()
    return [model.index(row, COL_WHAT).data() for row in range(model.rowCount())]


def editor(qtbot: QtBot, dialog: ContactDialog, kind: type[QWidget]) -> QWidget:
    """The correction or cancellation dialog, once it is open and active."""

    def opened() -> bool:
        found = dialog.findChild(kind)
        return found is not None and found.isVisible()

    qtbot.waitUntil(opened)
    found = dialog.findChild(kind)
    assert found is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is found)
    return found


def add_agent(desk: Desk, login: str) -> None:
    with desk.database.writing() as session:
        session.add(
            Agent(
                name="Paul Roux",
                login=login,
                role=Role.AGENT.value,
                active=True,
                created_at=desk.clock.now(),
            )
        )


def test_the_dialog_shows_the_contact_its_request_and_history(
    qtbot: QtBot, desk: Desk, logged: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    assert dialog.windowTitle() == "Contact du 4 mai 2027 à 11\u00a0h\u00a026 — Accueil physique"
    assert shown(dialog, "Motif") == CIVIL
    assert shown(dialog, "Suite donnée") == "Demande enregistrée"
    assert shown(dialog, "Rappel promis") == "non"
    assert shown(dialog, "Attente") == "12\u00a0min"
    assert shown(dialog, "Durée") == "6\u00a0min"
    assert shown(dialog, "Nom") == "Jeanne Martin"
    assert shown(dialog, "Téléphone") == "non communiqué"
    assert shown(dialog, "Référence") == "2027-000001"
    assert shown(dialog, "Délai annoncé") == "3\u00a0jours ouvrés"
    assert shown(dialog, "Échéance") == "10 mai 2027"
    assert history_texts(dialog) == ["Contact enregistré ; demande 2027-000001 ouverte"]
    assert not dialog.banner.isVisible()


@pytest.fixture
def rated(desk: Desk, clock: FixedClock) -> ContactRecord:
    """A phone call the person rated « Moyennement satisfait », with a comment."""
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            Channel.PHONE,
            ContactOutcome.IMMEDIATE_ANSWER,
            satisfaction=Satisfaction.MIXED,
            satisfaction_comment="Attente au standard",
        ),
    )
    clock.advance(minutes=10)
    return record


def test_the_satisfaction_is_shown_kept_by_a_correction_and_corrected(
    qtbot: QtBot, desk: Desk, rated: ContactRecord, logged: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, rated, TEST_LOGIN)
    assert shown(dialog, "Satisfaction") == "Moyennement satisfait"
    assert shown(dialog, "Commentaire de la personne") == "Attente au standard"
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # « &Corriger… »: another field
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    qtbot.keyClicks(form.motif_combo, "Urb")
    with qtbot.waitSignal(dialog.contact_changed):
        qtbot.keyClick(form.motif_combo, Qt.Key.Key_Return)
    detail = contact_detail(desk, rated.id)
    assert (detail.satisfaction, detail.satisfaction_comment) == (
        Satisfaction.MIXED,
        "Attente au standard",
    )
    qtbot.waitUntil(lambda: dialog.findChild(ContactCorrectionDialog) is None)
    dialog.activateWindow()  # the offscreen platform does not give it back by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # now the answer itself
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    qtbot.keyClick(form, Qt.Key.Key_F, ALT)  # « Satis&faction »
    assert form.satisfaction_combo.hasFocus()
    qtbot.keyClicks(form.satisfaction_combo, "P")  # « Pas satisfait »
    qtbot.keyClick(form, Qt.Key.Key_C, ALT)  # « &Commentaire »
    assert form.comment_edit.hasFocus()
    form.comment_edit.selectAll()
    qtbot.keyClicks(form.comment_edit, "Personne ne rappelle")
    with qtbot.waitSignal(dialog.contact_changed):
        qtbot.keyClick(form.comment_edit, Qt.Key.Key_Return)
    detail = contact_detail(desk, rated.id)
    assert (detail.satisfaction, detail.satisfaction_comment) == (
        Satisfaction.DISSATISFIED,
        "Personne ne rappelle",
    )
    qtbot.waitUntil(lambda: shown(dialog, "Satisfaction") == "Pas satisfait")
    assert shown(dialog, "Commentaire de la personne") == "Personne ne rappelle"
    assert shown(open_dialog(qtbot, desk, logged, TEST_LOGIN), "Satisfaction") == "non demandée"


def test_a_call_corrected_into_a_missed_call_loses_its_satisfaction(
    qtbot: QtBot, desk: Desk, rated: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, rated, TEST_LOGIN)
    dialog.correct_button.click()
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    assert form.comment_edit.isEnabled()
    form.outcome_combo.setCurrentText("Appel manqué")  # nobody to ask: the service refuses
    assert not form.satisfaction_combo.isEnabled()
    assert form.satisfaction_combo.currentText() == "Non demandée"
    assert (form.comment_edit.text(), form.comment_edit.isEnabled()) == ("", False)
    with qtbot.waitSignal(dialog.contact_changed):
        form.save_button.click()
    detail = contact_detail(desk, rated.id)
    assert (detail.outcome, detail.satisfaction) == (ContactOutcome.MISSED_CALL, None)
    qtbot.waitUntil(lambda: shown(dialog, "Satisfaction") == "sans objet (appel sans réponse)")


def test_correct_the_motif_with_the_keyboard(
    qtbot: QtBot, desk: Desk, logged: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # « &Corriger… »
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    assert form.focusWidget() is form.motif_combo
    qtbot.keyClicks(form.motif_combo, "Urb")  # type-ahead in the list of motifs
    assert form.motif_combo.currentText() == PLANNING
    with qtbot.waitSignal(dialog.contact_changed):
        qtbot.keyClick(form.motif_combo, Qt.Key.Key_Return)
    with desk.database.reading() as session:
        assert session.get_one(Contact, logged.id).motif_id == _id(desk, Motif, PLANNING)
    qtbot.waitUntil(lambda: shown(dialog, "Motif") == PLANNING)
    assert history_texts(dialog)[-1] == f"Contact corrigé\nMotif : « {CIVIL} » → « {PLANNING} »"


def test_changing_the_outcome_enables_its_own_fields(
    qtbot: QtBot, desk: Desk, logged: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    dialog.correct_button.click()
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    assert form.kind_combo.isEnabled()
    assert not form.partner_combo.isEnabled()
    assert not form.callback_box.isEnabled()
    form.outcome_combo.setCurrentText("Rappel promis")
    assert form.callback_box.isChecked()
    form.outcome_combo.setCurrentText("Orienté vers…")
    assert not form.callback_box.isChecked()
    assert form.partner_combo.isEnabled()
    assert not form.kind_combo.isEnabled()
    qtbot.keyClicks(form.partner_combo, "CAF")
    with qtbot.waitSignal(dialog.contact_changed):
        form.save_button.click()
    detail = contact_detail(desk, logged.id)
    assert (detail.outcome, detail.redirected_to) == (ContactOutcome.REDIRECTED, "CAF")
    assert detail.request is not None
    assert detail.request.status_label == "Annulée"
    assert detail.duration_seconds == 360  # untouched fields keep their exact value


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    qtbot: QtBot, desk: Desk, logged: ContactRecord
) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    dialog.correct_button.click()
    form = editor(qtbot, dialog, ContactCorrectionDialog)
    assert isinstance(form, ContactCorrectionDialog)
    form.phone_edit.setFocus()
    qtbot.keyClicks(form.phone_edit, "12")
    qtbot.keyClick(form.phone_edit, Qt.Key.Key_Tab)
    assert form.phone_error.isVisible()
    assert "10 chiffres" in form.phone_error.text()
    qtbot.keyClicks(form.notes_edit, " Patient diabetique")  # QTest types ASCII only
    assert form.notes_warning.isVisible()
    assert "information de santé" in form.notes_warning.text()
    form.save_button.click()
    assert form.isVisible()
    assert form.error_label.isVisible()
    assert contact_detail(desk, logged.id).version == logged.version
    form.phone_edit.setText("01 23 45 67 89")
    assert not form.phone_error.isVisible()


def test_cancel_with_a_reason(qtbot: QtBot, desk: Desk, logged: ContactRecord) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # « &Annuler… »
    form = editor(qtbot, dialog, CancelContactDialog)
    assert isinstance(form, CancelContactDialog)
    qtbot.keyClick(form.reason_edit, Qt.Key.Key_Return)  # no reason: the service says why
    assert "ne peut pas être vide" in form.error_label.text()
    qtbot.keyClicks(form.reason_edit, "Contact saisi deux fois")
    with qtbot.waitSignal(dialog.contact_changed):
        qtbot.keyClick(form.reason_edit, Qt.Key.Key_Return)
    detail = contact_detail(desk, logged.id)
    assert detail.cancel_reason == "Contact saisi deux fois"
    assert detail.request is not None
    assert detail.request.status_label == "Annulée"
    qtbot.waitUntil(dialog.banner.isVisible)
    assert "Contact saisi deux fois" in dialog.banner.text()
    assert history_texts(dialog)[-2:] == [
        "Contact annulé : Contact saisi deux fois",
        "Demande 2027-000001 annulée : Contact saisi deux fois",
    ]


def test_a_refused_correction_shows_the_services_message(
    qtbot: QtBot, desk: Desk, logged: ContactRecord
) -> None:
    add_agent(desk, "paul")
    dialog = open_dialog(qtbot, desk, logged, "paul")
    dialog.correct_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox) is not None)
    box = dialog.findChild(QMessageBox)
    assert box is not None
    assert "saisi par un autre agent" in box.text()
    assert dialog.findChild(ContactCorrectionDialog) is None
    box.accept()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "l'annuler" in dialog.findChildren(QMessageBox)[-1].text())
    assert contact_detail(desk, logged.id).version == logged.version


def test_escape_closes_the_dialog(qtbot: QtBot, desk: Desk, logged: ContactRecord) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def check_window(window: QWidget) -> None:
    """Fits the screen; every control has a French name and a tooltip."""
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    controls = (QComboBox, QLineEdit, QPlainTextEdit, QCheckBox, QPushButton, QTableView)
    for control in window.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        if isinstance(control, controls) and not inner:
            assert control.accessibleName(), control
            assert control.toolTip(), control


def test_every_control_is_named_and_explained_and_the_dialogs_fit_at_200_percent(
    qtbot: QtBot, desk: Desk, logged: ContactRecord, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk, logged, TEST_LOGIN)
    check_window(dialog)
    dialog.correct_button.click()
    correction = editor(qtbot, dialog, ContactCorrectionDialog)
    check_window(correction)
    qtbot.keyClick(correction, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.findChild(ContactCorrectionDialog) is None)
    dialog.cancel_button.click()
    check_window(editor(qtbot, dialog, CancelContactDialog))


def test_the_history_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, desk: Desk, logged: ContactRecord
) -> None:
    model = HistoryModel()
    model.set_rows(contact_detail(desk, logged.id).history)
    qtmodeltester.check(model)
