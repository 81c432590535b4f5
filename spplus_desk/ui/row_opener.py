"""Enter or a double-click on a row of a list opens what the row stands for (a contact,
a request, a case): the journal's, the board's and the register's tables.

An event filter rather than the view's ``activated`` signal: whether Enter activates
an item depends on the platform's style, and the agent's key must not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView


class RowOpener(QObject):
    """Owned by the view it watches: it goes with it."""

    def __init__(self, view: QAbstractItemView, open_row: Callable[[int], object]) -> None:
        super().__init__(view)
        self._view = view
        self._open_row = open_row
        view.installEventFilter(self)
        view.doubleClicked.connect(self._on_view_double_clicked)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._open_row(self._view.currentIndex().row())
            return True
        return super().eventFilter(watched, event)
