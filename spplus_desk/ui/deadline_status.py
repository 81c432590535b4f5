"""The agent's own deadlines in the status bar: « Mes demandes : 2 à rendre aujourd'hui
· 1 en retard », and a notice when one of theirs falls late.

Read in the background on start, every 5 minutes, after saves and actions, and at the
very instant the next of their requests falls due (a single-shot timer, never longer
than the 5 minutes), so the notice comes when it happens. Requests already late at the
first reading are in the count, not in a notice.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int
from spplus_desk.domain.request_board import MyDeadlines
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_board import my_deadlines
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import named_button

REFRESH_MS = 5 * 60_000
OPEN_KEYS = "Ctrl+D"
# Qt may wake a timer a little early: a second later, the request is surely late.
MARGIN_MS = 1000


def deadlines_text(mine: MyDeadlines) -> str:
    """'Mes demandes : 2 à rendre aujourd'hui · 1 en retard'."""
    text = (
        f"Mes demandes\u00a0: {format_int(mine.due_today)} à rendre aujourd'hui"
        f" · {format_int(mine.overdue)} en retard"
    )
    return f"⚠ {text}" if mine.overdue else text


def short_text(mine: MyDeadlines) -> str:
    """'⚠ 1 en retard · 2 aujourd'hui': the late first, for a crowded status bar (large
    text); the tooltip and the accessible name still say « Mes demandes »."""
    text = f"{format_int(mine.overdue)} en retard · {format_int(mine.due_today)} aujourd'hui"
    return f"⚠ {text}" if mine.overdue else text


def late_notice(references: list[str]) -> str:
    """'La demande 2027-000123 est désormais en retard.' (or several)."""
    if len(references) == 1:
        return f"La demande {references[0]} est désormais en retard."
    listed = ", ".join(references[:-1]) + f" et {references[-1]}"
    return f"Les demandes {listed} sont désormais en retard."


def wait_ms(next_due_at: datetime | None, now: datetime) -> int:
    """How long until the next request falls due, at most until the next reading."""
    if next_due_at is None:
        return REFRESH_MS
    left = int((next_due_at - now).total_seconds() * 1000) + MARGIN_MS
    return max(0, min(left, REFRESH_MS))


class LateBanner(QFrame):
    """The notice above the window's content: it takes no focus from the counter's
    form; « Voir » opens the board on the late requests, « Fermer » dismisses it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("late_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#late_banner { background: #fff4ce; border: 1px solid #c19c00; }")
        self.setAccessibleName(self.tr("Avis de retard"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName(self.tr("Avis de retard"))
        self.show_button = named_button(
            self.tr("Voir mes demandes en retard"),
            self.tr("Voir mes demandes en retard"),
            OPEN_KEYS,
        )
        self.close_button = named_button(self.tr("Fermer"), self.tr("Fermer l'avis de retard"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self.hide()

    def tell(self, text: str) -> None:
        self.label.setText(f"⚠ {text}")
        self.show()


class DeadlineStatus(QPushButton):
    """Flat in the status bar; a click (or Ctrl+D) asks for the board on my late ones."""

    open_requested = Signal()

    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._reading = False
        self._again = False  # asked to read while reading: once more when it ends
        self._seen: set[str] | None = None  # late references known; None before the first
        self.deadlines: MyDeadlines | None = None
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the status bar is not in the Tab chain
        self.setAccessibleName(self.tr("Mes demandes"))
        self.setToolTip(self.tr("Ouvrir mes demandes en retard (%1)").replace("%1", OPEN_KEYS))
        self._full_text = self._short_text = ""
        self.show_text(self.tr("Mes demandes : lecture…"))
        self.banner = LateBanner()
        self.banner.show_button.clicked.connect(self._on_banner_show)
        self.clicked.connect(self.open_requested)
        self._shortcut: QShortcut | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._due_timer = QTimer(self)
        self._due_timer.setSingleShot(True)
        self._due_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._due_timer.timeout.connect(self.refresh)

    # -- the text, shortened in its middle when the status bar is crowded (200 %) ------

    def show_text(self, text: str, short: str = "") -> None:
        self._full_text, self._short_text = text, short or text
        self.updateGeometry()
        self._fit()

    def full_text(self) -> str:
        return self._full_text

    def sizeHint(self) -> QSize:
        padding = 2 * self.fontMetrics().averageCharWidth()
        width = self.fontMetrics().horizontalAdvance(self._full_text) + 2 * padding
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(12 * self.fontMetrics().averageCharWidth(), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.width() - 4 * self.fontMetrics().averageCharWidth()
        for text in (self._full_text, self._short_text):
            if not self.isVisible() or room >= self.fontMetrics().horizontalAdvance(text):
                self.setText(text)
                return
        elided = self.fontMetrics().elidedText(self._short_text, Qt.TextElideMode.ElideRight, room)
        self.setText(elided)  # the late ones, first, stay in sight

    def install_shortcut(self, window: QWidget) -> None:
        """Ctrl+D anywhere in ``window`` opens the board on my late requests."""
        self._shortcut = QShortcut(QKeySequence(OPEN_KEYS), window)
        self._shortcut.activated.connect(self.open_requested)

    @property
    def reading(self) -> bool:
        return self._reading

    @property
    def next_check_ms(self) -> int | None:
        """When the single-shot check at the next due instant will run (tests)."""
        return self._due_timer.remainingTime() if self._due_timer.isActive() else None

    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading = True
        desk, login = self._desk, self._login
        run_in_background(lambda: my_deadlines(desk, login=login), self._show, self._failed)

    def _show(self, mine: MyDeadlines) -> None:
        if not isValid(self):
            return
        self._reading = False
        self.deadlines = mine
        text = deadlines_text(mine)
        self.show_text(text, short_text(mine))
        self.setAccessibleDescription(text)
        if self.parentWidget() is not None:
            self.show()  # hidden while the login was no active agent
        late = list(mine.overdue_references)
        new = [
            reference
            for reference in late
            if self._seen is not None and reference not in self._seen
        ]
        self._seen = set(late)
        if new:
            self._notify(late_notice(new))
        self._due_timer.start(wait_ms(mine.next_due_at, self._desk.clock.now()))
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._reading = False
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        # Not (or no longer) an active agent: nothing of theirs to count.
        self.hide()
        self.banner.hide()

    def _notify(self, text: str) -> None:
        self.banner.tell(self.tr(text))
        QApplication.alert(self.window())
        # Screen readers say it without the focus moving from what the person types.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.banner, text))

    def _on_banner_show(self) -> None:
        self.banner.hide()
        self.open_requested.emit()
