"""Shared workstations (issue 8): « Qui êtes-vous ? » at start, « Changer d'agent », the
agent's own PIN and the administrator's « Postes partagés », used with the keyboard as
a person does; what was saved is checked through the services and the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import AgentInfo, ServiceInfo
from spplus_desk.services import setup
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.services.sign_in import set_pin, shared_desk_settings, verify_pin
from spplus_desk.store.schema import AuditEntry, Contact, Request, RequestEvent
from spplus_desk.ui.day_counters import DayCounters
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.pin_dialog import PinDialog
from spplus_desk.ui.shared_desks_dialog import SharedDesksDialog
from tests.support import TEST_LOGIN

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def shared(desk: Desk) -> dict[str, AgentInfo]:
    """A shared counter: the test login (the operating-system user, an administrator),
    Bob and Zoé (agents with a PIN) and Léa (a lead without one)."""
    team = {
        login: add_agent(desk, login=TEST_LOGIN, name=name, agent_login=login, role=role)
        for login, name, role in (
            ("bob", "Bob Martin", Role.AGENT),
            ("zoe", "Zoé Roux", Role.AGENT),
            ("lea", "Léa Petit", Role.LEAD),
        )
    }
    set_pin(desk, login="bob", agent_id=team["bob"].id, pin="2468")
    set_pin(desk, login="zoe", agent_id=team["zoe"].id, pin="1357")
    return team


def shown(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def shown_window(
    qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN, settings: QSettings | None = None
) -> MainWindow:
    service = get_service(desk)
    assert service is not None
    window = MainWindow(login=login, log_path=None, settings=settings)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, login),
    )
    shown(qtbot, window)
    return window


def press(
    qtbot: QtBot,
    window: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed wherever the focus is, as on a real keyboard."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def type_text(qtbot: QtBot, window: QWidget, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget() or window, text)


def sign_in_as(qtbot: QtBot, window: MainWindow, name: str, pin: str = "") -> None:
    """Typed as a person does on « Qui êtes-vous ? »: a few letters, Enter, the PIN."""
    screen = window.session.lock_screen
    assert screen is not None
    assert screen.panel.search_edit.hasFocus()
    type_text(qtbot, window, name)
    press(qtbot, window, Qt.Key.Key_Return)
    if pin:
        assert screen.panel.pin_edit.hasFocus()
        type_text(qtbot, window, pin)
        press(qtbot, window, Qt.Key.Key_Return)


def test_signed_in_as_bob_on_alices_session_the_contact_is_bobs(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    window = shown_window(qtbot, desk)  # the operating-system user is the test login
    assert window.session.is_locked()
    assert window.journal is not None
    assert not window.journal.isVisibleTo(window)  # nothing of the journal behind
    assert not window.menuBar().isEnabled()
    sign_in_as(qtbot, window, "bob", "2468")
    assert not window.session.is_locked()
    assert window.login == "bob"
    assert window.agent_label.text() == "Agent : Bob Martin (Agent)"
    entry = window.quick_entry
    assert entry is not None
    assert entry.isVisible()
    press(qtbot, window, Qt.Key.Key_N, ALT)  # « &Nom » of the person
    assert entry.person.name_edit.hasFocus()
    type_text(qtbot, window, "Jeanne Martin")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    with desk.database.reading() as session:
        contact = session.scalars(select(Contact)).one()
        actor = session.scalars(
            select(AuditEntry.actor_id).where(AuditEntry.action == "contact.created")
        ).one()
    assert contact.person_name == "Jeanne Martin"
    assert contact.agent_id == shared["bob"].id
    assert actor == shared["bob"].id
    press(qtbot, window, Qt.Key.Key_2, CTRL)  # « demande enregistrée »
    press(qtbot, window, Qt.Key.Key_Tab)
    assert entry.kind_combo.hasFocus()
    type_text(qtbot, window, "C")  # « Copie d'acte d'état civil »
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    with desk.database.reading() as session:
        request = session.scalars(select(Request)).one()
        received = session.scalars(select(RequestEvent)).one()
    assert request.assignee_id == shared["bob"].id
    assert received.actor_id == shared["bob"].id


def test_a_wrong_pin_is_refused_and_the_desk_stays_locked(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    window = shown_window(qtbot, desk)
    sign_in_as(qtbot, window, "zo", "9999")
    screen = window.session.lock_screen
    assert screen is not None
    assert screen.panel.message.text().startswith("⚠ Code PIN incorrect : encore 4 essais")
    assert screen.panel.pin_edit.hasFocus()
    assert screen.panel.pin_edit.text() == ""
    assert window.session.is_locked()
    assert window.login == TEST_LOGIN
    type_text(qtbot, window, "1357")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.login == "zoe"


def test_a_lead_without_a_pin_is_not_picked_by_anyone(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    window = shown_window(qtbot, desk)
    sign_in_as(qtbot, window, "lea")  # no PIN: Enter on the name signs in at once
    screen = window.session.lock_screen
    assert screen is not None
    assert "ne s'ouvre que dans la session « lea »" in screen.panel.message.text()
    assert window.session.is_locked()
    # The administrator is the session's own user: no PIN needed.
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, window, "agent.test")
    press(qtbot, window, Qt.Key.Key_Return)
    assert not window.session.is_locked()
    assert window.login == TEST_LOGIN


def test_changer_d_agent_and_verrouiller_are_in_the_file_menu(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], tmp_path: object
) -> None:
    settings = QSettings(str(tmp_path) + "/poste.ini", QSettings.Format.IniFormat)
    window = shown_window(qtbot, desk, settings=settings)
    sign_in_as(qtbot, window, "bob", "2468")
    session = window.session
    assert session.change_action.shortcut().toString() == "Ctrl+Shift+L"
    assert session.lock_action.shortcut().toString() == "Ctrl+L"
    [file_menu] = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Fichier"]
    assert session.change_action in file_menu.actions()
    shortcuts = [a.shortcut().toString() for a in window.findChildren(type(session.lock_action))]
    assert shortcuts.count("Ctrl+L") == 1
    assert shortcuts.count("Ctrl+Shift+L") == 1
    press(qtbot, window, Qt.Key.Key_L, CTRL_SHIFT)
    assert session.is_locked()
    screen = session.lock_screen
    assert screen is not None
    assert screen.heading.text() == "Qui êtes-vous ?"
    sign_in_as(qtbot, window, "zo", "1357")
    assert window.login == "zoe"
    assert settings.value("session/last_agent") == "zoe"
    press(qtbot, window, Qt.Key.Key_L, CTRL)  # away from the desk a moment
    assert screen.heading.text() == "Poste verrouillé"
    assert screen.panel.pin_edit.hasFocus()  # Zoé is expected back
    type_text(qtbot, window, "1357")
    press(qtbot, window, Qt.Key.Key_Return)
    assert not session.is_locked()
    assert window.login == "zoe"


def test_a_personal_desk_opens_without_asking(qtbot: QtBot, desk: Desk) -> None:
    window = shown_window(qtbot, desk)
    assert not window.session.is_locked()
    assert window.session.lock_screen is None
    assert window.session.change_action.isEnabled()
    assert window.session.pin_action.isEnabled()


def test_the_lock_screen_is_named_ordered_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], large_font: None
) -> None:
    window = shown_window(qtbot, desk)
    screen = window.session.lock_screen
    assert screen is not None
    controls = (QLineEdit, QListWidget, QPushButton)
    named = [w for w in screen.findChildren(QWidget) if isinstance(w, controls)]
    assert len(named) == 4
    for control in named:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    panel = screen.panel
    order = [panel.search_edit, panel.agent_list, panel.pin_edit, panel.sign_in_button]
    type_text(qtbot, window, "bob")  # the PIN field is on for Bob
    for expected in order[1:]:
        press(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    assert screen.geometry().top() >= window.menuBar().geometry().bottom()
    assert screen.width() == window.width()
    available = window.screen().availableGeometry()
    assert window.height() <= available.height()


def test_an_agent_chooses_and_changes_their_pin(qtbot: QtBot, desk: Desk) -> None:
    bob = add_agent(desk, login=TEST_LOGIN, name="Bob Martin", agent_login="bob", role=Role.AGENT)
    dialog = PinDialog(desk, bob)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert not dialog.current_edit.isVisible()  # no PIN yet
    assert dialog.new_edit.hasFocus()
    type_text(qtbot, dialog, "2468")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "2469")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.error.text() == "⚠ Les deux nouveaux codes PIN ne sont pas identiques."
    assert dialog.again_edit.hasFocus()
    type_text(qtbot, dialog, "2468")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.saved_label.text() == "Votre code PIN est enregistré."
    assert verify_pin(desk, "bob", "2468")
    assert dialog.current_edit.isVisible()
    assert dialog.current_edit.hasFocus()
    type_text(qtbot, dialog, "1111")  # not the current one
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "97531")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "97531")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.error.text() == "⚠ Le code PIN actuel est incorrect."
    assert verify_pin(desk, "bob", "2468")


def test_the_administrator_sets_the_auto_lock_and_clears_a_forgotten_pin(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    for login, allowed in (("lea", False), (TEST_LOGIN, True)):
        dialog = SharedDesksDialog(desk, login)
        qtbot.addWidget(dialog)
        shown(qtbot, dialog)
        assert dialog.minutes_spin.hasFocus()
        assert dialog.minutes_spin.text() == "Jamais"
        press(qtbot, dialog, Qt.Key.Key_A, CTRL)
        type_text(qtbot, dialog, "5")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        press(qtbot, dialog, Qt.Key.Key_Space)  # « Enregistrer »
        if not allowed:
            assert "réservée au rôle administrateur" in dialog.lock_error.text()
            assert dialog.minutes_spin.value() == 5  # what was typed is kept
            assert shared_desk_settings(desk).auto_lock_minutes == 0
            dialog.close()
    assert shared_desk_settings(desk).auto_lock_minutes == 5
    assert dialog.status_label.text() == "Verrouillage automatique après 5 min."
    assert [dialog.pin_list.item(r).text() for r in range(dialog.pin_list.count())] == [
        "Bob Martin",
        "Zoé Roux",
    ]
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.pin_list.hasFocus()
    press(qtbot, dialog, Qt.Key.Key_R, ALT)  # « &Retirer son code PIN »: Bob's
    qtbot.waitUntil(lambda: dialog.status_label.text() == "Le code PIN de Bob Martin est retiré.")
    assert not verify_pin(desk, "bob", "2468")
    assert dialog.pin_list.count() == 1
    spin = dialog.findChild(QSpinBox)
    assert isinstance(spin, QAbstractSpinBox)
    assert spin.accessibleName() == "Minutes d'inactivité avant le verrouillage"


def test_the_pin_and_shared_desks_dialogs_are_named_and_fit_at_200_percent(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], large_font: None
) -> None:
    for dialog in (PinDialog(desk, shared["bob"]), SharedDesksDialog(desk, TEST_LOGIN)):
        qtbot.addWidget(dialog)
        shown(qtbot, dialog)
        available = dialog.screen().availableGeometry()
        assert dialog.width() <= available.width()
        assert dialog.height() <= available.height()
        controls = (QLineEdit, QListWidget, QPushButton, QSpinBox)
        checked = 0
        for control in dialog.findChildren(QWidget):
            inner = isinstance(control.parent(), QAbstractSpinBox)
            if isinstance(control, controls) and not inner and control.isVisibleTo(dialog):
                assert control.accessibleName(), control
                assert control.toolTip(), control
                checked += 1
        assert checked >= 5


BUSY = "La base de données est occupée : réessayez dans un instant."


def database_busy(_desk: Desk) -> ServiceInfo | None:
    raise UserError(BUSY)


def note_a_contact(qtbot: QtBot, window: MainWindow, name: str) -> None:
    press(qtbot, window, Qt.Key.Key_N, ALT)  # the quick entry's « &Nom » of the person
    assert window.quick_entry is not None
    assert window.quick_entry.person.name_edit.hasFocus()
    type_text(qtbot, window, name)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)


def contact_agent(desk: Desk, name: str) -> object:
    with desk.database.reading() as session:
        return session.scalars(select(Contact.agent_id).where(Contact.person_name == name)).one()


def back_as_the_administrator(qtbot: QtBot, window: MainWindow) -> None:
    """The session's own user (no PIN) picked again on the lock screen."""
    press(qtbot, window, Qt.Key.Key_N, ALT)  # the lock screen's « &Nom »: the search
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    type_text(qtbot, window, TEST_LOGIN)
    press(qtbot, window, Qt.Key.Key_Return)


@pytest.mark.parametrize("failure", ["raises", "no service"])
def test_a_change_of_agent_that_fails_leaves_the_desk_locked_on_the_previous_agent(
    qtbot: QtBot,
    desk: Desk,
    shared: dict[str, AgentInfo],
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    window = shown_window(qtbot, desk)
    sign_in_as(qtbot, window, TEST_LOGIN)  # the administrator's own session
    assert not window.session.is_locked()
    label = window.agent_label.text()
    monkeypatch.setattr(
        setup, "get_service", database_busy if failure == "raises" else lambda _desk: None
    )
    press(qtbot, window, Qt.Key.Key_L, CTRL_SHIFT)  # « Changer d'agent »
    sign_in_as(qtbot, window, "bob", "2468")
    screen = window.session.lock_screen
    assert screen is not None
    assert window.session.is_locked()
    expected = BUSY if failure == "raises" else "Le service n'a pas pu être lu"
    assert screen.panel.message.isVisible()
    assert expected in screen.panel.message.text()
    assert window.login == TEST_LOGIN
    assert window.agent_label.text() == label
    assert not window.menuBar().isEnabled()
    central = window.centralWidget()
    assert central is not None
    assert not central.isVisible()
    back_as_the_administrator(qtbot, window)
    assert not window.session.is_locked()
    note_a_contact(qtbot, window, "Jeanne Martin")
    admin = find_agent(desk, TEST_LOGIN)
    assert admin is not None
    assert contact_agent(desk, "Jeanne Martin") == admin.id
    assert window.session.agent == admin


def test_screens_half_built_for_another_agent_are_built_again_for_the_previous_one(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure comes after the new agent's quick entry is in the window: it must not
    stay there under the previous agent's login."""
    window = shown_window(qtbot, desk)
    sign_in_as(qtbot, window, TEST_LOGIN)
    label = window.agent_label.text()
    refresh = DayCounters.refresh
    failures = iter([True])

    def busy_once(counters: DayCounters) -> None:
        if next(failures, False):
            raise UserError(BUSY)
        refresh(counters)

    monkeypatch.setattr(DayCounters, "refresh", busy_once)
    press(qtbot, window, Qt.Key.Key_L, CTRL_SHIFT)
    sign_in_as(qtbot, window, "bob", "2468")
    screen = window.session.lock_screen
    assert screen is not None
    assert window.session.is_locked()
    assert BUSY in screen.panel.message.text()
    assert window.login == TEST_LOGIN
    assert window.agent_label.text() == label
    back_as_the_administrator(qtbot, window)
    note_a_contact(qtbot, window, "Paul Durand")
    admin = find_agent(desk, TEST_LOGIN)
    assert admin is not None
    assert contact_agent(desk, "Paul Durand") == admin.id


def test_the_file_menu_letters_are_each_used_once(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    window = shown_window(qtbot, desk)
    [file_menu] = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Fichier"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert "Mon &code PIN…" in texts
    letters = [t[t.index("&") + 1].casefold() for t in texts if "&" in t]
    assert len(letters) == len(texts)
    assert len(set(letters)) == len(letters), texts


def test_a_screen_reader_reads_the_lock_screens_own_words(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    """A text label's accessible name would be read instead of its text."""
    window = shown_window(qtbot, desk)
    screen = window.session.lock_screen
    assert screen is not None
    assert screen.heading.text() == "Qui êtes-vous ?"
    texts = [w for w in screen.findChildren(QLabel) if w.text()]
    assert screen.heading in texts
    assert screen.explanation in texts
    for label in texts:
        message = label is screen.panel.message  # named « Connexion refusée » on purpose
        assert message or label.accessibleName() == "", label.text()


def test_an_administrator_is_sent_to_mon_code_pin_for_their_own(
    qtbot: QtBot, desk: Desk, shared: dict[str, AgentInfo]
) -> None:
    admin = find_agent(desk, TEST_LOGIN)
    assert admin is not None
    set_pin(desk, login=TEST_LOGIN, agent_id=admin.id, pin="8642")
    dialog = SharedDesksDialog(desk, TEST_LOGIN)
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    names = [dialog.pin_list.item(r).text() for r in range(dialog.pin_list.count())]
    press(qtbot, dialog, Qt.Key.Key_G, ALT)  # « A&gents ayant un code PIN »
    assert dialog.pin_list.hasFocus()
    for _ in range(names.index(admin.name)):
        press(qtbot, dialog, Qt.Key.Key_Down)
    press(qtbot, dialog, Qt.Key.Key_R, ALT)  # « &Retirer son code PIN »
    qtbot.waitUntil(dialog.pin_error.isVisible)  # a mnemonic clicks a moment later
    assert "Fichier › Mon code PIN…" in dialog.pin_error.text()
    assert "Tapez d'abord" not in dialog.pin_error.text()
    assert verify_pin(desk, TEST_LOGIN, "8642")
    assert dialog.pin_list.hasFocus()
