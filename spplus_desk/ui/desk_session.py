"""The session's agent on a workstation: who the app acts for, and the menu entries that
change it (« Changer d'agent », « Verrouiller le poste », « Mon code PIN… »).

By default the agent is the operating-system user. On a shared desk (auto-lock on,
several agents with a PIN, or the user's own agent with a PIN) the window opens locked
on « Qui êtes-vous ? ». Whoever signs in becomes the session's agent: the main window
builds its screens again with their login, which every service call then receives.
If the screens cannot be built (the database busy a moment), the desk stays locked and
the window keeps the previous agent's login and screens: nothing is done in anyone's
name on another agent's screens.

Locking hides the window's content and puts its open windows aside (a hidden dialog
keeps what was typed); the same agent back, everything returns as it was. Another agent
signing in closes them: they were the previous agent's, and would act in their name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from weakref import WeakMethod

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.ui.lock_screen import IdleWatch, LockScreen

if TYPE_CHECKING:  # the database layer loads after the window shows (ui/app.py)
    from spplus_desk.services.desk import Desk

LOCK_KEYS, CHANGE_KEYS = "Ctrl+L", "Ctrl+Shift+L"
LAST_AGENT_KEY = "session/last_agent"  # the workstation's last agent, preselected


class DeskSession(QObject):
    def __init__(
        self,
        window: QMainWindow,
        menu: QMenu,
        *,
        os_login: str,
        settings: QSettings | None,
        build: Callable[[AgentInfo], None],
    ) -> None:
        """``build`` builds the window's screens for another agent and switches its login,
        or raises UserError having switched nothing."""
        # The window is reached through ``parent()`` and ``build`` is held weakly: no
        # Python reference cycle with it.
        super().__init__(window)
        self._os_login, self._settings = os_login, settings
        self._build = WeakMethod(build)
        self._desk: Desk | None = None
        self.agent: AgentInfo | None = None
        self.lock_screen: LockScreen | None = None
        self._aside: list[QWidget] = []
        self._focus: QWidget | None = None
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.change_action = self._action(
            "Changer d'a&gent…", CHANGE_KEYS, "Un autre agent se connecte sur ce poste"
        )
        self.change_action.triggered.connect(self.ask_who)
        self.lock_action = self._action(
            "&Verrouiller le poste", LOCK_KEYS, "Cacher le journal jusqu'à votre retour"
        )
        self.lock_action.triggered.connect(self.lock)
        self.pin_action = self._action(
            "Mon &code PIN…", "", "Choisir, changer ou retirer votre code PIN"
        )
        self.pin_action.triggered.connect(self.edit_pin)
        for action in (self.change_action, self.lock_action, self.pin_action):
            menu.addAction(action)

    def _action(self, text: str, keys: str, tip: str) -> QAction:
        action = QAction(self.tr(text), self.parent())
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(self.tr(tip))
        action.setEnabled(False)
        return action

    def is_locked(self) -> bool:
        return self.lock_screen is not None and self.lock_screen.isVisible()

    def attach(self, desk: Desk, agent: AgentInfo | None) -> None:
        """The screens were built for ``agent`` (None: the user is no agent). The first
        time, a shared desk asks who is there before anything is shown."""
        first = self._desk is None
        self._desk, self.agent = desk, agent
        for action in (self.change_action, self.lock_action):
            action.setEnabled(True)
        self.pin_action.setEnabled(agent is not None)
        self.reload_settings()
        from spplus_desk.services.sign_in import sign_in_needed

        if first and sign_in_needed(desk, self._os_login):
            self.ask_who()

    def forget_agent(self) -> None:
        """The screens are nobody's (a build failed half-way): whoever signs in next,
        even the same agent, gets theirs built."""
        self.agent = None

    def reload_settings(self) -> None:
        """The auto-lock delay as the service sets it (read again after each sign-in and
        when a management dialog closes)."""
        from spplus_desk.services.sign_in import shared_desk_settings

        if self._desk is not None:
            self.idle.set_minutes(shared_desk_settings(self._desk).auto_lock_minutes)

    # -- locking --------------------------------------------------------------------

    def ask_who(self) -> None:
        self.lock(who=True)

    def lock(self, *, who: bool = False) -> None:
        window, desk = self._window(), self._desk
        if desk is None:
            return
        if not self.is_locked():
            self._put_aside(window)
        if self.lock_screen is None:
            self.lock_screen = LockScreen(window, desk, self._os_login)
            self.lock_screen.signed_in.connect(self._on_lock_screen_signed_in)
        self.idle.pause()
        self.lock_screen.ask(
            self.agent, who=who, waiting=len(self._aside), preselect=self._preselected(who)
        )

    def _put_aside(self, window: QMainWindow) -> None:
        """The content hidden, the menus off, the open windows hidden (kept as they are)."""
        focus = QApplication.focusWidget()
        self._focus = focus
        self._aside = []
        for widget in QApplication.topLevelWidgets():
            if not _opened_from(widget, window):
                continue
            if isinstance(widget, QDialog) and (
                widget.windowModality() == Qt.WindowModality.ApplicationModal
            ):
                # A system dialog waiting in its own loop (a file, a printer to choose):
                # cancelled, as its caller expects; the app's own dialogs open otherwise.
                widget.reject()
                continue
            widget.hide()
            self._aside.append(widget)
        central = window.centralWidget()
        if central is not None:
            central.hide()
        window.menuBar().setEnabled(False)
        window.statusBar().setEnabled(False)

    def _on_lock_screen_signed_in(self, agent: AgentInfo) -> None:
        window = self._window()
        same = self.agent is not None and agent.id == self.agent.id
        if not same and not self._built_for(agent):
            return  # still locked, on the previous agent's screens
        if self._settings is not None:
            self._settings.setValue(LAST_AGENT_KEY, agent.login)
        if not same:
            for widget in self._aside:  # the previous agent's: closed, never reused
                if isValid(widget):
                    widget.close()
            self._aside, self._focus = [], None
        assert self.lock_screen is not None
        self.lock_screen.hide()
        central = window.centralWidget()
        if central is not None:
            central.show()
        window.menuBar().setEnabled(True)
        window.statusBar().setEnabled(True)
        self._bring_back()
        self.idle.restart()
        self.reload_settings()

    def _built_for(self, agent: AgentInfo) -> bool:
        """The window's screens built again for ``agent``; if they cannot be, the refusal
        is shown on the lock screen, which stays."""
        assert self.lock_screen is not None
        build = self._build()
        try:
            if build is None:  # the window is going away
                raise UserError(self.tr("La fenêtre se ferme : rouvrez l'application."))
            build(agent)
        except UserError as error:
            # A build that stopped half-way may have shown its new content: hidden again.
            central = self._window().centralWidget()
            if central is not None:
                central.hide()
            self.lock_screen.raise_()
            self.lock_screen.panel.refuse(error.message)
            return False
        return True

    def _bring_back(self) -> None:
        for widget in self._aside:
            if isValid(widget):
                widget.show()
        focus, self._aside, self._focus = self._focus, [], None
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _preselected(self, who: bool) -> str | None:
        """Whose login the list starts on: the session's agent's, or when anyone may
        sign in, the last agent of this desk."""
        current = self.agent.login if self.agent is not None else None
        if not who or self._settings is None:
            return current
        last = self._settings.value(LAST_AGENT_KEY)
        return last if isinstance(last, str) and last else current

    # -- « Mon code PIN… » ----------------------------------------------------------

    def edit_pin(self) -> None:
        from spplus_desk.ui.pin_dialog import PinDialog

        if self._desk is None or self.agent is None:
            return
        dialog = PinDialog(self._desk, self.agent, self._window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _window(self) -> QMainWindow:
        window = self.parent()
        assert isinstance(window, QMainWindow)
        return window


def _opened_from(widget: QWidget, window: QMainWindow) -> bool:
    """A window or dialog shown over ``window`` (menus and tooltips are not)."""
    if widget is window or not widget.isVisible():
        return False
    if not isinstance(widget, QDialog) and widget.windowType() != Qt.WindowType.Window:
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
