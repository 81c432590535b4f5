"""A person's complaint, suggestion or compliment noted from the contact where it was
given: the contact's « Avis de la personne… » opens the feedback form with the
contact's channel, day and person, and the saved entry names its contact (issue 6)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.journal import JournalFilter, JournalSort
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import FeedbackFilter, list_feedback
from spplus_desk.services.journal import read_page
from spplus_desk.ui.contact_dialog import ContactDialog
from spplus_desk.ui.feedback_dialog import FeedbackDialog, Mode
from tests.services.test_requests import COPY_KIND, open_request
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_feedback_given_during_a_contact_starts_from_it(qtbot: QtBot, desk: Desk) -> None:
    open_request(desk, COPY_KIND, Channel.EMAIL, person="Jeanne Martin")
    [contact] = read_page(desk, JournalFilter.day(date(2027, 5, 4)), JournalSort(), offset=0)
    dialog = ContactDialog(desk, TEST_LOGIN, contact.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert "Alt+V" in dialog.feedback_button.toolTip()

    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: any(f.isVisible() for f in dialog.findChildren(FeedbackDialog)))
    [form] = [f for f in dialog.findChildren(FeedbackDialog) if f.isVisible()]
    assert form.mode is Mode.NEW
    assert "Contact du 4 mai 2027" in form.title_label.text()
    assert form.form.person.name_edit.text() == "Jeanne Martin"
    assert form.form.channel_combo.currentData() == Channel.EMAIL
    form.form.text_edit.setFocus()
    qtbot.keyClicks(form.form.text_edit, "Attente trop longue au guichet")
    with qtbot.waitSignal(dialog.contact_changed):  # the window's lists follow
        qtbot.keyClick(form.form.text_edit, Qt.Key.Key_Return, CTRL)
    [entry] = list_feedback(desk, FeedbackFilter())
    assert (entry.contact_id, entry.person_name, entry.channel) == (
        contact.id,
        "Jeanne Martin",
        Channel.EMAIL,
    )
    assert entry.received_on == date(2027, 5, 4)
    form.close()
