"""A tab's row of buttons under its list, with the line saying how the last action went
(the board's and the register's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.ui.contact_widgets import row_fits, say
from spplus_desk.ui.journal_view import JOURNAL_SHARE


class ActionBar(QWidget):
    """Subclasses make their buttons, then call ``_lay_out`` with them."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[QPushButton] = []
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Résultat de la dernière action"))
        self.message.hide()

    def _lay_out(self, buttons: Sequence[QPushButton], narrower: Sequence[int] = (2,)) -> None:
        """The buttons in one row on a wide screen; in ``narrower`` columns, or one, with
        large text."""
        self.buttons = list(buttons)
        grid = QGridLayout()
        counts = (len(self.buttons), *narrower)
        columns = next((n for n in counts if row_fits(self.buttons[:n], JOURNAL_SHARE)), 1)
        for position, button in enumerate(self.buttons):
            grid.addWidget(button, position // columns, position % columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addLayout(grid)

    def tell(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def warn(self, text: str) -> None:
        say(self.message, text)

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        if isValid(self):
            self.warn(error.message)


def add_shortcuts(
    owner: QWidget, keys_and_slots: Sequence[tuple[str, Callable[[], object]]]
) -> None:
    """Keys that work while the focus is anywhere in ``owner`` (a tab), not elsewhere in
    the window: each tab may give Ctrl+P and Ctrl+R its own meaning."""
    for keys, slot in keys_and_slots:
        action = QAction(owner)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        owner.addAction(action)
