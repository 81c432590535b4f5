"""The person's satisfaction in the quick entry, used as a counter agent does: one key
during the contact, or the same key as the person leaves, just after the save."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spplus_desk.domain.contact import MAX_COMMENT
from spplus_desk.domain.enums import Satisfaction
from spplus_desk.services.desk import Desk
from spplus_desk.ui.quick_entry import QuickEntryPanel
from spplus_desk.ui.satisfaction_row import SATISFACTION_KEYS
from tests.support import TEST_LOGIN, FixedClock
from tests.ui.test_quick_entry import PARIS, audit_actions, contacts, key, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
KEYS = {
    Satisfaction.SATISFIED: Qt.Key.Key_5,
    Satisfaction.MIXED: Qt.Key.Key_6,
    Satisfaction.DISSATISFIED: Qt.Key.Key_7,
}


@pytest.fixture
def entry(qtbot: QtBot, desk: Desk, clock: FixedClock) -> QuickEntryPanel:
    clock.at = datetime(2027, 5, 4, 8, 42, tzinfo=UTC)  # 10 h 42 in Paris
    widget = QuickEntryPanel(desk, TEST_LOGIN, PARIS)
    qtbot.addWidget(widget)
    widget.resize(520, 1200)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.focus_channel()
    return widget


def rate(qtbot: QtBot, panel: QuickEntryPanel, level: Satisfaction) -> None:
    key(qtbot, panel, KEYS[level], CTRL)


def checked(panel: QuickEntryPanel) -> list[Satisfaction]:
    return [level for level, button in panel.satisfaction.buttons.items() if button.isChecked()]


def test_the_key_during_a_contact_saves_the_level_and_comment_with_it(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk
) -> None:
    assert list(SATISFACTION_KEYS.values()) == ["Ctrl+5", "Ctrl+6", "Ctrl+7"]
    key(qtbot, entry, Qt.Key.Key_F2)  # a new contact begins
    key(qtbot, entry, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, entry, "Jeanne Martin")
    assert not entry.satisfaction.comment_edit.isEnabled()
    rate(qtbot, entry, Satisfaction.SATISFIED)
    rate(qtbot, entry, Satisfaction.MIXED)  # the person hesitates: one level at a time
    assert checked(entry) == [Satisfaction.MIXED]
    assert entry.satisfaction.comment_edit.hasFocus()  # the comment comes next
    type_text(qtbot, entry, "  Attente un peu longue  ")
    key(qtbot, entry, Qt.Key.Key_Return)  # Enter in the comment saves the contact
    [saved] = contacts(desk)
    assert (saved.satisfaction, saved.satisfaction_comment) == ("mixed", "Attente un peu longue")
    assert saved.person_name == "Jeanne Martin"
    assert entry.confirmation.text().endswith(
        "réponse immédiate. Satisfaction\u00a0: Moyennement satisfait."
    )
    # Ready for the next person: no level, no comment.
    assert checked(entry) == []
    assert entry.satisfaction.comment_edit.text() == ""
    assert not entry.satisfaction.comment_edit.isEnabled()


def test_the_same_key_takes_the_level_back(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, entry, Qt.Key.Key_F3)
    rate(qtbot, entry, Satisfaction.DISSATISFIED)
    type_text(qtbot, entry, "Trop long")
    rate(qtbot, entry, Satisfaction.DISSATISFIED)  # asked by mistake: not asked
    assert checked(entry) == []
    assert not entry.satisfaction.comment_edit.isEnabled()
    assert entry.satisfaction.buttons[Satisfaction.DISSATISFIED].hasFocus()
    key(qtbot, entry, Qt.Key.Key_Return)  # on a level, Enter saves (Space chooses)
    [saved] = contacts(desk)
    assert (saved.satisfaction, saved.satisfaction_comment) == (None, None)


def test_the_key_after_a_save_records_it_on_the_last_contact(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    key(qtbot, entry, Qt.Key.Key_F2)
    key(qtbot, entry, Qt.Key.Key_Return)
    saved_line = entry.confirmation.text()
    clock.advance(minutes=2)  # the person is asked on their way out
    rate(qtbot, entry, Satisfaction.SATISFIED)
    [saved] = contacts(desk)
    assert saved.satisfaction == "satisfied"
    assert entry.confirmation.text() == (
        f"{saved_line}\n✓ Satisfaction notée sur le contact de 10\u00a0h\u00a042\u00a0: Satisfait."
    )
    assert checked(entry) == []  # the form stays ready for the next person
    assert audit_actions(desk)[-1] == "contact.satisfaction"
    rate(qtbot, entry, Satisfaction.DISSATISFIED)  # another key: another answer
    assert contacts(desk)[0].satisfaction == "dissatisfied"
    rate(qtbot, entry, Satisfaction.DISSATISFIED)  # the same key: withdrawn
    assert contacts(desk)[0].satisfaction is None
    assert entry.confirmation.text().endswith(
        "↶ Satisfaction retirée du contact de 10\u00a0h\u00a042."
    )
    # Once the next contact has begun (its channel key), the key is for it.
    key(qtbot, entry, Qt.Key.Key_F2)
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert checked(entry) == [Satisfaction.SATISFIED]
    assert contacts(desk)[0].satisfaction is None


def test_a_comment_saved_with_the_contact_stays_when_the_level_changes_after(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk
) -> None:
    rate(qtbot, entry, Satisfaction.SATISFIED)
    type_text(qtbot, entry, "Merci")
    key(qtbot, entry, Qt.Key.Key_Return)
    rate(qtbot, entry, Satisfaction.MIXED)  # the person adds a reservation at the door
    [saved] = contacts(desk)
    assert (saved.satisfaction, saved.satisfaction_comment) == ("mixed", "Merci")


def test_the_key_is_for_the_form_when_anything_was_typed_or_after_five_minutes(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    key(qtbot, entry, Qt.Key.Key_Return)
    key(qtbot, entry, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, entry, "Dossier")  # the next contact is being typed
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert checked(entry) == [Satisfaction.SATISFIED]
    assert contacts(desk)[0].satisfaction is None
    clock.advance(minutes=1)
    key(qtbot, entry, Qt.Key.Key_Return)
    clock.advance(minutes=5)  # the undo's 5 minutes are over: too late for this one
    rate(qtbot, entry, Satisfaction.MIXED)
    assert checked(entry) == [Satisfaction.MIXED]
    assert [c.satisfaction for c in contacts(desk)] == [None, "satisfied"]


def test_an_undone_contact_gets_no_satisfaction(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, entry, Qt.Key.Key_Return)
    key(qtbot, entry, Qt.Key.Key_Backspace, CTRL | Qt.KeyboardModifier.ShiftModifier)
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert checked(entry) == [Satisfaction.SATISFIED]  # for the contact being typed
    assert contacts(desk)[0].satisfaction is None


def test_a_missed_call_cannot_get_one(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    key(qtbot, entry, Qt.Key.Key_F2)
    key(qtbot, entry, Qt.Key.Key_Return)  # the visit
    clock.advance(minutes=1)
    key(qtbot, entry, Qt.Key.Key_F11)  # then the phone rang, unanswered
    rate(qtbot, entry, Satisfaction.SATISFIED)  # the visitor answers at the door
    visit, missed = contacts(desk)
    assert (visit.satisfaction, missed.satisfaction) == ("satisfied", None)
    assert "contact de 10\u00a0h\u00a042" in entry.confirmation.text()
    # A level typed for the contact in progress does not go to a missed call either.
    key(qtbot, entry, Qt.Key.Key_F2)
    rate(qtbot, entry, Satisfaction.MIXED)
    clock.advance(minutes=1)
    key(qtbot, entry, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    abandoned = contacts(desk)[-1]
    assert (abandoned.outcome, abandoned.satisfaction) == ("abandoned_call", None)
    assert checked(entry) == [Satisfaction.MIXED]  # the contact being typed keeps it


def test_only_a_missed_call_saved_leaves_the_key_to_the_form(
    qtbot: QtBot, entry: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, entry, Qt.Key.Key_F11)
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert checked(entry) == [Satisfaction.SATISFIED]
    assert contacts(desk)[0].satisfaction is None


def test_the_comment_is_one_line_of_500_characters_at_most(
    qtbot: QtBot, entry: QuickEntryPanel
) -> None:
    comment = entry.satisfaction.comment_edit
    assert comment.maxLength() == MAX_COMMENT == 500
    rate(qtbot, entry, Satisfaction.SATISFIED)
    type_text(qtbot, entry, "x" * 510)
    assert len(comment.text()) == 500
    # No level, no comment saved: the text waits, disabled, in case the key comes back.
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert entry.satisfaction.comment() == ""
    rate(qtbot, entry, Satisfaction.SATISFIED)
    assert len(entry.satisfaction.comment()) == 500


def test_the_row_is_named_explained_and_in_the_tab_chain(
    qtbot: QtBot, entry: QuickEntryPanel
) -> None:
    names = []
    entry.notes.edit.setFocus()
    for _ in range(4):
        key(qtbot, entry, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        names.append(widget.accessibleName() if widget else "")
    assert names == [
        "Satisfaction : Satisfait",
        "Satisfaction : Moyennement satisfait",
        "Satisfaction : Pas satisfait",
        "Enregistrer le contact",  # the comment is skipped while it is off
    ]
    for level, keys in SATISFACTION_KEYS.items():
        assert keys in entry.satisfaction.buttons[level].toolTip()
    key(qtbot, entry, Qt.Key.Key_Backtab)
    key(qtbot, entry, Qt.Key.Key_Space)  # Space chooses the level under the focus
    assert checked(entry) == [Satisfaction.DISSATISFIED]
    assert entry.satisfaction.comment_edit.accessibleName()


def test_the_row_is_not_cut_at_200_percent(qtbot: QtBot, desk: Desk, large_font: None) -> None:
    panel = QuickEntryPanel(desk, TEST_LOGIN, PARIS)
    qtbot.addWidget(panel)
    # As narrow as the main window lets the quick entry be.
    panel.resize(panel.minimumSizeHint().width(), panel.sizeHint().height())
    panel.show()
    qtbot.waitExposed(panel)
    row = panel.satisfaction
    assert row.width() >= row.fontMetrics().horizontalAdvance(row.title())
    for widget in [*row.buttons.values(), row.comment_edit]:
        assert widget.isVisible()
        assert widget.width() >= widget.sizeHint().width() or widget is row.comment_edit
        assert widget.height() >= widget.sizeHint().height()
        assert row.rect().contains(widget.geometry())
    assert row.comment_edit.width() >= row.fontMetrics().averageCharWidth() * 15
