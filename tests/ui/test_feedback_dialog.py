"""The feedback form, used as a counter agent does with a letter or a call: a complaint
typed with the keyboard alone and its reply's due date read as the delay is typed, a
compliment that expects no reply, bad input explained with nothing saved, then the
reply recorded, an entry closed with a reason and reopened, a correction, a stale
version, Échap on typed text, and the form at 200 % (issue 6)."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Channel, Role
from spplus_desk.domain.feedback import FeedbackKind, FeedbackRecord, FeedbackStatus
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import (
    FeedbackFilter,
    feedback_entry,
    list_feedback,
    reply_to_feedback,
)
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.ui.feedback_dialog import FeedbackDialog, Mode
from tests.services.test_feedback import complaint, record
from tests.services.test_requests import add
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2027, 5, 4)  # the clock fixture: Tuesday 4 May 2027, 11:30 in Paris


@pytest.fixture
def saved(desk: Desk) -> FeedbackRecord:
    return record(desk, complaint())


def open_dialog(
    qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN, **kwargs: object
) -> FeedbackDialog:
    dialog = FeedbackDialog(desk, login, PARIS, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def alt(qtbot: QtBot, dialog: QWidget, key: Qt.Key, field: QWidget) -> None:
    """Press a label's Alt shortcut: its field gets the focus."""
    qtbot.keyClick(dialog, key, ALT)
    qtbot.waitUntil(field.hasFocus)


def replace_text(qtbot: QtBot, text: str) -> None:
    """What is in the focused field replaced by ``text``, typed."""
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    qtbot.keyClicks(focused(), text)


def ctrl_enter(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)


def problem(dialog: FeedbackDialog) -> str:
    assert dialog.message.isVisible()
    return dialog.message.text()


def entries(desk: Desk) -> list[FeedbackRecord]:
    return list_feedback(desk, FeedbackFilter())


def test_a_complaint_typed_with_the_keyboard_shows_its_due_date(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    assert dialog.windowTitle() == "Nouvel avis d'usager"
    assert form.kind_radios[FeedbackKind.COMPLAINT].hasFocus()
    assert form.expects_box.isChecked()
    assert form.due_label.text() == "Réponse à donner au plus tard le jeudi 27 mai 2027."
    alt(qtbot, dialog, Qt.Key.Key_A, form.channel_combo)
    qtbot.keyClicks(form.channel_combo, "Courrier")
    assert form.channel_combo.currentText() == "Courrier"
    alt(qtbot, dialog, Qt.Key.Key_L, form.received_edit)
    qtbot.keyClicks(focused(), "03052027")
    alt(qtbot, dialog, Qt.Key.Key_T, form.text_edit)
    qtbot.keyClicks(focused(), "Trois heures d'attente lundi.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # a new line, not a save
    qtbot.keyClicks(focused(), "Personne pour renseigner.")
    alt(qtbot, dialog, Qt.Key.Key_N, form.person.name_edit)
    qtbot.keyClicks(focused(), "Jeanne Dupont")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "0612345678")
    alt(qtbot, dialog, Qt.Key.Key_D, form.delay_edit)
    replace_text(qtbot, "10 jours ouvres")  # accents are optional
    # Received Monday 3 May: Ascension (6 May) and Whit Monday (17 May) are skipped.
    assert form.due_label.text() == "Réponse à donner au plus tard le mercredi 19 mai 2027."
    with qtbot.waitSignal(dialog.feedback_saved):
        ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [entry] = entries(desk)
    assert entry.kind is FeedbackKind.COMPLAINT
    assert entry.channel is Channel.LETTER
    assert entry.received_on == date(2027, 5, 3)
    assert entry.text == "Trois heures d'attente lundi.\nPersonne pour renseigner."
    assert (entry.person_name, entry.person_phone) == ("Jeanne Dupont", "06 12 34 56 78")
    assert entry.reply_due == date(2027, 5, 19)
    assert entry.status is FeedbackStatus.TO_ANSWER


def test_a_compliment_expects_no_reply_unless_ticked(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # a button's letter clicks it, animated
    qtbot.waitUntil(lambda: form.kind() is FeedbackKind.COMPLIMENT)
    assert not form.expects_box.isChecked()
    assert not form.delay_edit.isEnabled()
    assert form.due_label.text() == "Pas de réponse à donner."
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # the box's own letter ticks it
    qtbot.waitUntil(form.expects_box.isChecked)
    assert form.due_label.text().startswith("Réponse à donner au plus tard le")
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: not form.expects_box.isChecked())
    alt(qtbot, dialog, Qt.Key.Key_T, form.text_edit)
    qtbot.keyClicks(focused(), "Merci pour votre accueil.")
    with qtbot.waitSignal(dialog.feedback_saved):
        ctrl_enter(qtbot)
    [entry] = entries(desk)
    assert entry.status is FeedbackStatus.NO_REPLY
    assert entry.reply_due is None


def test_bad_input_is_explained_in_french_and_nothing_is_saved(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    ctrl_enter(qtbot)
    assert "le texte de l'avis est vide" in problem(dialog)
    assert form.text_edit.hasFocus()
    qtbot.keyClicks(focused(), "Le formulaire en ligne ne marche pas.")
    alt(qtbot, dialog, Qt.Key.Key_L, form.received_edit)
    qtbot.keyClicks(focused(), "05052027")  # tomorrow
    ctrl_enter(qtbot)
    assert problem(dialog) == "⚠ La date de réception est dans le futur : corrigez-la."
    assert form.received_edit.hasFocus()  # the wrong date selected, to be typed again
    qtbot.keyClicks(focused(), "04052027")
    alt(qtbot, dialog, Qt.Key.Key_D, form.delay_edit)
    replace_text(qtbot, "3 heures")
    # Said as it is typed, under the field, and again when saving.
    assert form.delay_problem.isVisible()
    assert "Délai illisible : « 3 heures »" in form.delay_problem.text()
    assert not form.due_label.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    ctrl_enter(qtbot)
    assert "Délai illisible" in problem(dialog)
    assert form.delay_edit.hasFocus()
    replace_text(qtbot, "48 heures ouvrees")
    assert "en jours, pas en heures" in form.delay_problem.text()
    ctrl_enter(qtbot)
    assert "en jours, pas en heures" in problem(dialog)
    alt(qtbot, dialog, Qt.Key.Key_H, form.person.phone_edit)
    qtbot.keyClicks(focused(), "12")
    alt(qtbot, dialog, Qt.Key.Key_D, form.delay_edit)
    replace_text(qtbot, "15 jours ouvres")
    ctrl_enter(qtbot)
    assert "téléphone" in problem(dialog).lower()
    assert form.person.phone_edit.hasFocus()
    assert entries(desk) == []
    # Everything typed is still there.
    assert form.text_edit.toPlainText() == "Le formulaire en ligne ne marche pas."
    replace_text(qtbot, "")
    with qtbot.waitSignal(dialog.feedback_saved):
        ctrl_enter(qtbot)
    assert len(entries(desk)) == 1


def test_a_reply_is_recorded_then_the_entry_reopened(
    qtbot: QtBot, desk: Desk, saved: FeedbackRecord
) -> None:
    dialog = open_dialog(qtbot, desk, feedback_id=saved.id)
    assert dialog.mode is Mode.VIEW
    assert dialog.title_label.text() == "Réclamation reçue le mardi 4 mai 2027"
    assert dialog.summary.state_label.text() == "À répondre au plus tard le jeudi 27 mai 2027."
    box = dialog.reply_box
    assert box.reply_edit.hasFocus()
    assert not dialog.buttons.reopen_button.isVisible()
    qtbot.keyClicks(focused(), "Un agent de plus le mardi matin.")
    with qtbot.waitSignal(dialog.feedback_saved):
        ctrl_enter(qtbot)
    answered = feedback_entry(desk, saved.id)
    assert answered.status is FeedbackStatus.ANSWERED
    assert (answered.reply, answered.replied_on) == ("Un agent de plus le mardi matin.", TODAY)
    assert dialog.confirmation.text() == "✓ Réponse enregistrée."
    assert not box.isVisible()
    assert dialog.summary.state_label.text() == "Répondu le mardi 4 mai 2027."
    assert dialog.summary.reply_label.text() == "Un agent de plus le mardi matin."
    assert dialog.buttons.reopen_button.hasFocus()
    with qtbot.waitSignal(dialog.feedback_saved):
        qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)  # « Rouvrir »
    assert feedback_entry(desk, saved.id).status is FeedbackStatus.TO_ANSWER
    assert dialog.confirmation.text() == "✓ Avis rouvert : il attend de nouveau sa réponse."
    assert box.isVisible()
    assert box.reply_edit.toPlainText() == ""


def test_an_entry_is_closed_with_a_reason_then_reopened(
    qtbot: QtBot, desk: Desk, saved: FeedbackRecord
) -> None:
    dialog = open_dialog(qtbot, desk, feedback_id=saved.id)
    box = dialog.reply_box
    assert not box.reason_edit.isVisible()
    alt(qtbot, dialog, Qt.Key.Key_P, box.reason_edit)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "motif du classement" in problem(dialog).lower()
    assert feedback_entry(desk, saved.id).status is FeedbackStatus.TO_ANSWER
    qtbot.keyClicks(focused(), "Doublon du courrier du 3 mai")
    with qtbot.waitSignal(dialog.feedback_saved):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    closed = feedback_entry(desk, saved.id)
    assert closed.status is FeedbackStatus.CLOSED
    assert closed.close_reason == "Doublon du courrier du 3 mai"
    assert dialog.summary.state_label.text() == (
        "Classé sans réponse : Doublon du courrier du 3 mai"
    )
    assert dialog.confirmation.text() == "✓ Avis classé sans réponse."
    with qtbot.waitSignal(dialog.feedback_saved):
        dialog.buttons.reopen_button.click()
    assert feedback_entry(desk, saved.id).status is FeedbackStatus.TO_ANSWER


def test_a_late_entry_says_so_in_words(qtbot: QtBot, desk: Desk) -> None:
    late = record(desk, complaint(received_on=date(2027, 4, 1)))
    dialog = open_dialog(qtbot, desk, feedback_id=late.id)
    assert dialog.summary.state_label.text() == (
        "À répondre — ⚠ en retard : la réponse était attendue au plus tard le jeudi 22 avril 2027."
    )


def test_the_author_or_a_lead_corrects_another_agent_may_not(
    qtbot: QtBot, desk: Desk, saved: FeedbackRecord
) -> None:
    add(desk, "Paul Roux", "paul")
    other = open_dialog(qtbot, desk, "paul", feedback_id=saved.id)
    assert not other.buttons.correct_button.isVisible()
    qtbot.keyClick(other, Qt.Key.Key_C, ALT)
    assert other.mode is Mode.VIEW
    add(desk, "Léa Lead", "lea", Role.LEAD)
    lead = open_dialog(qtbot, desk, "lea", feedback_id=saved.id)
    assert lead.buttons.correct_button.isVisible()

    dialog = open_dialog(qtbot, desk, feedback_id=saved.id)
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: dialog.mode is Mode.CORRECTING)
    form = dialog.form
    assert form.kind_radios[FeedbackKind.COMPLAINT].hasFocus()
    assert form.text_edit.toPlainText() == saved.text
    assert form.delay_edit.text() == "15\u00a0jours ouvrés"
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: form.kind() is FeedbackKind.SUGGESTION)
    alt(qtbot, dialog, Qt.Key.Key_T, form.text_edit)
    replace_text(qtbot, "Ouvrir le samedi matin.")
    with qtbot.waitSignal(dialog.feedback_saved):
        ctrl_enter(qtbot)
    corrected = feedback_entry(desk, saved.id)
    assert (corrected.kind, corrected.text) == (FeedbackKind.SUGGESTION, "Ouvrir le samedi matin.")
    assert corrected.version == 2
    assert dialog.mode is Mode.VIEW
    assert dialog.confirmation.text() == "✓ Correction enregistrée."
    # « Abandonner la correction » leaves it as saved.
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: dialog.mode is Mode.CORRECTING)
    alt(qtbot, dialog, Qt.Key.Key_T, form.text_edit)
    replace_text(qtbot, "Autre chose")
    qtbot.keyClick(dialog, Qt.Key.Key_B, ALT)
    qtbot.waitUntil(lambda: dialog.mode is Mode.VIEW)
    assert feedback_entry(desk, saved.id).text == "Ouvrir le samedi matin."


def test_a_stale_version_is_refused_and_the_entry_reloaded(
    qtbot: QtBot, desk: Desk, saved: FeedbackRecord
) -> None:
    dialog = open_dialog(qtbot, desk, feedback_id=saved.id)
    reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=saved.id,
        version=1,
        reply="Par téléphone",
        replied_on=TODAY,
    )
    qtbot.keyClicks(focused(), "Ma reponse")
    ctrl_enter(qtbot)
    assert problem(dialog) == f"⚠ {CONFLICT_MESSAGE}"
    assert dialog.buttons.reload_button.hasFocus()
    assert feedback_entry(desk, saved.id).reply == "Par téléphone"
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # « Recharger la fiche »
    qtbot.waitUntil(lambda: dialog.summary.reply_label.text() == "Par téléphone")
    assert not dialog.buttons.reload_button.isVisible()
    assert not dialog.message.isVisible()


def discard_box(qtbot: QtBot, dialog: QWidget) -> QMessageBox:
    """The question asked before closing, once it is the active window."""
    qtbot.waitUntil(lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox)))
    [box] = [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    return box


def test_escape_asks_before_losing_typed_text(qtbot: QtBot, desk: Desk) -> None:
    empty = open_dialog(qtbot, desk)
    qtbot.keyClick(empty, Qt.Key.Key_Escape)  # nothing typed: closed at once
    qtbot.waitUntil(lambda: not empty.isVisible())

    dialog = open_dialog(qtbot, desk)
    alt(qtbot, dialog, Qt.Key.Key_T, dialog.form.text_edit)
    qtbot.keyClicks(focused(), "Une suggestion")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    box = discard_box(qtbot, dialog)
    assert box.text() == "Ce que vous avez tapé n'est pas enregistré et sera perdu si vous fermez."
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Échap again keeps the form
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible()
    assert dialog.form.text_edit.toPlainText() == "Une suggestion"
    qtbot.keyClick(dialog.form.text_edit, Qt.Key.Key_Escape)
    box = discard_box(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_A, ALT)  # « Abandonner la saisie »
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert entries(desk) == []


def test_escape_on_a_typed_reply_asks_too(qtbot: QtBot, desk: Desk, saved: FeedbackRecord) -> None:
    dialog = open_dialog(qtbot, desk, feedback_id=saved.id)
    qtbot.keyClicks(focused(), "Reponse a moitie ecrite")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    discard_box(qtbot, dialog)
    assert dialog.isVisible()


def mnemonics(window: QWidget) -> list[str]:
    """The Alt letters of the visible labels, buttons and group boxes."""
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.title() for w in window.findChildren(QGroupBox) if w.isVisible()]
    return [m.group(1).lower() for text in texts if (m := re.search(r"&(\w)", text))]


def check_window(window: QWidget) -> None:
    """Fits the screen; every control has a French name and a tooltip; no Alt letter is
    used twice; the content scrolls down rather than sideways."""
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    controls = (QComboBox, QLineEdit, QPlainTextEdit, QAbstractButton, QAbstractSpinBox)
    for control in window.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        own = control.objectName().startswith("qt_")
        if isinstance(control, controls) and not inner and not own and control.isVisible():
            assert control.accessibleName(), control
            assert control.toolTip(), control.accessibleName()
    letters = mnemonics(window)
    assert len(letters) == len(set(letters)), sorted(letters)
    [area] = window.findChildren(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()


def test_every_control_is_named_and_the_form_works_at_200_percent(
    qtbot: QtBot, desk: Desk, saved: FeedbackRecord, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    check_window(dialog)
    assert len(mnemonics(dialog)) >= 12
    assert dialog.buttons.save_button.toolTip() == "Enregistrer l'avis (Alt+E ou Ctrl+Entrée)"
    # Tab goes through the form as it reads (the kinds: one stop, the arrows choose).
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    order = dialog.form.controls()[3:]
    assert focused() is order[0]
    for expected in order[1:]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is expected, (focused(), expected)
    viewer = open_dialog(qtbot, desk, feedback_id=saved.id)
    check_window(viewer)
    alt(qtbot, viewer, Qt.Key.Key_P, viewer.reply_box.reason_edit)
    check_window(viewer)
    qtbot.keyClick(viewer, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: viewer.mode is Mode.CORRECTING)
    check_window(viewer)
