"""The lock screen over the main window, and the idle watch that brings it up.

Locked, the window shows nothing of the journal: its central widget is hidden and this
screen covers the space between the menu bar and the status bar. It asks the session's
agent for their PIN, or lets another agent sign in (« Qui êtes-vous ? »). The screens
underneath keep what was typed: nothing is rebuilt while the same agent carries on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QVBoxLayout, QWidget

from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.service import AgentInfo
from spplus_desk.ui.contact_widgets import note_label, scrolled
from spplus_desk.ui.sign_in_dialog import SignInPanel

if TYPE_CHECKING:  # the database layer loads after the window shows (ui/app.py)
    from spplus_desk.services.desk import Desk

MINUTE_MS = 60_000  # tests shorten the minute instead of waiting for one
# What a person does at the keyboard or the mouse: each one starts the idle delay again.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Says ``idle`` once nobody touched the keyboard or the mouse for the set minutes,
    wherever in the app (an application-wide event filter)."""

    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._minutes = 0
        self._paused = False
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        """0 stops watching; otherwise the delay starts again from now (unless paused)."""
        self._minutes = minutes
        if not self._paused:
            self.restart()

    def pause(self) -> None:
        """Locked: nothing to watch until ``restart``."""
        self._paused = True
        self.timer.stop()

    def restart(self) -> None:
        self._paused = False
        if self._minutes > 0:
            self.timer.start(self._minutes * MINUTE_MS)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event of the app: kept to one set lookup.
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class LockScreen(QFrame):
    """Covers ``window``'s content; ``signed_in`` says who carries on."""

    signed_in = Signal(object)  # AgentInfo

    def __init__(self, window: QMainWindow, desk: Desk, os_login: str) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Poste verrouillé"))
        self.heading = QLabel()
        heading_font = QFont(self.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        # Text labels carry no accessible name: it would be read instead of their text
        # (« Qui êtes-vous ? », the explanation, the windows waiting).
        self.explanation = note_label("")
        self.waiting_note = note_label("")
        self.panel = SignInPanel(desk, os_login)
        self.panel.signed_in.connect(self.signed_in)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addStretch(1)
        for widget in (self.heading, self.explanation, self.panel, self.waiting_note):
            column.addWidget(widget)
        column.addStretch(1)
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolled(content), alignment=Qt.AlignmentFlag.AlignHCenter)
        window.installEventFilter(self)
        self.hide()

    def ask(
        self, current: AgentInfo | None, *, who: bool, waiting: int, preselect: str | None
    ) -> None:
        """Shown: ``who`` asks anyone to sign in (start, « Changer d'agent »); otherwise
        the session's agent is expected back. ``waiting``: the windows put aside;
        ``preselect``: the login the list starts on."""
        if who or current is None:
            self.heading.setText(self.tr("Qui êtes-vous ?"))
            self.explanation.setText(
                self.tr(
                    "Plusieurs agents utilisent ce poste : choisissez votre nom et tapez "
                    "votre code PIN si vous en avez un."
                )
            )
        else:
            self.heading.setText(self.tr("Poste verrouillé"))
            self.explanation.setText(
                self.tr(
                    "Session de %1. Tapez votre code PIN pour reprendre, ou choisissez "
                    "un autre nom pour vous connecter à votre tour."
                ).replace("%1", current.name)
            )
        self.waiting_note.setText(_waiting_text(waiting, current))
        self.waiting_note.setVisible(bool(self.waiting_note.text()))
        self._cover()
        self.show()
        self.raise_()
        self.panel.load(preselect, to_pin=not who and current is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._cover()
        return False

    def _cover(self) -> None:
        """Everything between the menu bar and the status bar."""
        window = self.parentWidget()
        assert isinstance(window, QMainWindow)
        top = window.menuBar().geometry().bottom() + 1 if window.menuBar().isVisible() else 0
        bottom = window.statusBar().geometry().top() if window.statusBar().isVisible() else 0
        bottom = bottom if bottom > top else window.height()
        self.setGeometry(QRect(0, top, window.width(), bottom - top))


def _waiting_text(waiting: int, current: AgentInfo | None) -> str:
    if not waiting or current is None:
        return ""
    windows = count_text(waiting, "fenêtre ouverte", "fenêtres ouvertes")
    verb = "attend" if waiting < 2 else "attendent"
    them = "elle revient" if waiting < 2 else "elles reviennent"
    closed = "fermée" if waiting < 2 else "fermées"
    return (
        f"{windows} par {current.name} {verb} : {them} quand {current.name} reprend, et "
        f"{'est' if waiting < 2 else 'sont'} {closed} si un autre agent se connecte."
    )
