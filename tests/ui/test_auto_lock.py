"""The auto-lock (issue 8): after the service's idle delay the desk hides the journal
behind the lock screen; the same agent's PIN brings everything back as it was (what was
typed, an open dialog), another agent signing in takes the desk over. The delay is set
through the service; tests shorten the minute instead of waiting for one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from spplus_desk.domain.service import AgentInfo
from spplus_desk.services import setup
from spplus_desk.services.desk import Desk
from spplus_desk.services.sign_in import set_auto_lock, shared_desk_settings
from spplus_desk.ui import lock_screen
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.pin_dialog import PinDialog
from tests.support import TEST_LOGIN
from tests.ui.test_sign_in import (
    BUSY,
    database_busy,
    press,
    shared,
    shown_window,
    sign_in_as,
    type_text,
)

__all__ = ["shared"]  # the fixture, shared with test_sign_in
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def quick_minute(monkeypatch: pytest.MonkeyPatch, desk: Desk) -> pytest.MonkeyPatch:
    """The service locks desks after 1 minute; ``idle_soon`` then makes it a short one."""
    version = shared_desk_settings(desk).version
    set_auto_lock(desk, login=TEST_LOGIN, version=version, minutes=1)
    return monkeypatch


def idle_soon(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a minute lasts 100 ms: the window reads the service's delay again (as
    after a management dialog) and the person stops touching anything."""
    monkeypatch.setattr(lock_screen, "MINUTE_MS", 100)
    window.session.reload_settings()


def unlock(qtbot: QtBot, window: MainWindow, pin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PIN typed on the lock screen; minutes are a minute long again, so the desk
    does not lock anew while the test looks."""
    monkeypatch.setattr(lock_screen, "MINUTE_MS", 60_000)
    type_text(qtbot, window, pin)
    press(qtbot, window, Qt.Key.Key_Return)


def bobs_window(qtbot: QtBot, desk: Desk) -> MainWindow:
    window = shown_window(qtbot, desk)
    assert window.session.is_locked()  # a desk that locks itself asks who is there
    sign_in_as(qtbot, window, "bob", "2468")
    assert window.login == "bob"
    assert not window.session.is_locked()
    return window


def test_the_desk_locks_itself_and_hides_the_journal(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    window = bobs_window(qtbot, desk)
    assert window.session.idle.minutes == 1
    idle_soon(window, quick_minute)
    qtbot.waitUntil(lambda: window.session.is_locked())
    screen = window.session.lock_screen
    assert screen is not None
    assert screen.heading.text() == "Poste verrouillé"
    assert "Session de Bob Martin" in screen.explanation.text()
    journal = window.journal
    assert journal is not None
    assert not journal.isVisibleTo(window)
    central = window.centralWidget()
    assert central is not None
    assert not central.isVisible()
    assert not window.menuBar().isEnabled()
    assert screen.panel.pin_edit.hasFocus()
    assert not window.session.idle.timer.isActive()  # locked: nothing more to watch
    unlock(qtbot, window, "2468", quick_minute)
    assert not window.session.is_locked()
    assert journal.isVisible()
    assert window.session.idle.timer.isActive()  # watching again


def test_what_was_typed_in_the_quick_entry_is_still_there(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    window = bobs_window(qtbot, desk)
    entry = window.quick_entry
    assert entry is not None
    press(qtbot, window, Qt.Key.Key_N, ALT)  # the person's « &Nom »
    type_text(qtbot, window, "Jeanne Mart")
    idle_soon(window, quick_minute)
    qtbot.waitUntil(lambda: window.session.is_locked())
    assert not entry.person.name_edit.isVisible()
    unlock(qtbot, window, "2468", quick_minute)
    assert entry.person.name_edit.text() == "Jeanne Mart"
    assert entry.person.name_edit.hasFocus()  # back where the agent was typing
    type_text(qtbot, window, "in")
    assert entry.person.name_edit.text() == "Jeanne Martin"


def test_an_open_dialog_waits_under_the_lock(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    window = bobs_window(qtbot, desk)
    window.session.pin_action.trigger()  # « Mon code PIN… », non-modal over the window
    dialog = next(d for d in window.findChildren(PinDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    type_text(qtbot, dialog, "24")  # the current PIN, half typed
    assert dialog.current_edit.text() == "24"
    idle_soon(window, quick_minute)  # whichever window has the focus
    qtbot.waitUntil(lambda: window.session.is_locked())
    assert not dialog.isVisible()
    screen = window.session.lock_screen
    assert screen is not None
    assert "1 fenêtre ouverte par Bob Martin attend" in screen.waiting_note.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    unlock(qtbot, window, "2468", quick_minute)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.current_edit.text() == "24"


def test_another_agent_takes_the_desk_over_from_the_lock_screen(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    window = bobs_window(qtbot, desk)
    window.session.pin_action.trigger()
    dialog = next(d for d in window.findChildren(PinDialog) if d.isVisible())
    idle_soon(window, quick_minute)
    qtbot.waitUntil(lambda: window.session.is_locked())
    assert not dialog.isVisible()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen = window.session.lock_screen
    assert screen is not None
    press(qtbot, window, Qt.Key.Key_N, ALT)  # « &Nom »: the search
    type_text(qtbot, window, "zo")
    press(qtbot, window, Qt.Key.Key_Return)
    unlock(qtbot, window, "1357", quick_minute)
    assert window.login == "zoe"
    assert not window.session.is_locked()
    assert window.agent_label.text() == "Agent : Zoé Roux (Agent)"
    assert not [d for d in window.findChildren(PinDialog) if d.isVisible()]  # Bob's: gone
    assert window.quick_entry is not None
    assert window.quick_entry.isVisible()


def test_a_system_dialog_waiting_for_an_answer_is_cancelled_by_the_lock(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    """A file or printer chooser runs its own loop: the lock answers « Annuler » for the
    person (the caller sees a cancel) and does not bring it back afterwards."""
    window = bobs_window(qtbot, desk)
    box = QMessageBox(QMessageBox.Icon.Question, "Choix", "Imprimer ?", parent=window)
    QTimer.singleShot(0, window.session.lock)
    assert box.exec() != QMessageBox.StandardButton.Ok
    assert window.session.is_locked()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    unlock(qtbot, window, "2468", quick_minute)
    assert not window.session.is_locked()
    assert not box.isVisible()


def test_another_agent_who_cannot_take_over_leaves_everything_waiting(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], quick_minute: pytest.MonkeyPatch
) -> None:
    """Zoé signs in while the database is busy: the desk stays locked on Bob's session,
    Bob's open window is not closed, and Bob takes it back with his PIN."""
    window = bobs_window(qtbot, desk)
    window.session.pin_action.trigger()
    dialog = next(d for d in window.findChildren(PinDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    type_text(qtbot, dialog, "24")
    idle_soon(window, quick_minute)
    qtbot.waitUntil(lambda: window.session.is_locked())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    quick_minute.setattr(setup, "get_service", database_busy)
    press(qtbot, window, Qt.Key.Key_N, ALT)  # « &Nom »: the search
    type_text(qtbot, window, "zo")
    press(qtbot, window, Qt.Key.Key_Return)
    unlock(qtbot, window, "1357", quick_minute)
    screen = window.session.lock_screen
    assert screen is not None
    assert window.session.is_locked()
    assert BUSY in screen.panel.message.text()
    assert window.login == "bob"
    assert window.agent_label.text() == "Agent : Bob Martin (Agent)"
    assert not dialog.isVisible()  # still waiting for Bob, not closed
    assert "1 fenêtre ouverte par Bob Martin attend" in screen.waiting_note.text()
    press(qtbot, window, Qt.Key.Key_N, ALT)
    type_text(qtbot, window, "bob")
    press(qtbot, window, Qt.Key.Key_Return)
    unlock(qtbot, window, "2468", quick_minute)
    assert not window.session.is_locked()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.current_edit.text() == "24"
