"""The lists of rows (the board's, the register's, the feedback's): ``list_table`` sets
one up; Enter or a double-click on a row opens what the row stands for (a contact,
a request, a case, an entry), in the journal too.

An event filter rather than the view's ``activated`` signal: whether Enter activates
an item depends on the platform's style, and the agent's key must not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SINGLE = QAbstractItemView.SelectionMode.SingleSelection


def list_table(
    model: QAbstractItemModel, selection: QAbstractItemView.SelectionMode = SINGLE
) -> QTableView:
    """A read-only table of ``model``'s rows, one line each: whole rows are chosen, the
    arrows move in it and Tab leaves it; its columns keep the widths given them, the
    last one taking the rest. The caller names it."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


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
