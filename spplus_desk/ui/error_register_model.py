"""The right-to-error register as a Qt table model fed by SQL, a page at a time.

The same rules as the journal's model: a click on a header sorts in SQL
(``RegisterSort``), scrolling near the end reads the next page
(``canFetchMore``/``fetchMore``); no proxy model sorts rows in Python.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from spplus_desk.domain.error_case import NATURE_LABELS, OUTCOME_LABELS
from spplus_desk.domain.error_register import (
    REGISTER_COLUMN_LABELS,
    RegisterColumn,
    RegisterFilter,
    RegisterRow,
    RegisterSort,
)
from spplus_desk.domain.history import NOT_GIVEN
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import register_rows

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COLUMNS = list(RegisterColumn)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
CANCELLED = "(annulé)"
LATE_TIP = "Régularisation en retard : le délai donné à la personne est dépassé."
CANCELLED_TIP = "Cas annulé : il reste au registre mais ne compte plus dans les statistiques."


class RegisterModel(QAbstractTableModel):
    """Nothing is read until ``reload`` or ``set_filter``: a hidden tab reads nothing."""

    def __init__(self, desk: Desk, wanted: RegisterFilter) -> None:
        super().__init__()
        self._desk = desk
        self._filter = wanted
        self._sort = RegisterSort()  # the latest discovered first
        self.page_size = PAGE_SIZE
        self._rows: list[RegisterRow] = []
        self._exhausted = True
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- what is shown ---------------------------------------------------------------

    @property
    def current_filter(self) -> RegisterFilter:
        return self._filter

    @property
    def current_sort(self) -> RegisterSort:
        return self._sort

    def set_filter(self, wanted: RegisterFilter) -> None:
        """Show other cases; a bad filter raises UserError and changes nothing."""
        first = self._read(wanted, offset=0)
        self._filter = wanted
        self._replace_rows(first)

    def reload(self) -> None:
        """Read the first page again (after a case is saved, corrected or cancelled)."""
        self._replace_rows(self._read(self._filter, offset=0))

    def _read(self, wanted: RegisterFilter, *, offset: int) -> list[RegisterRow]:
        return register_rows(self._desk, wanted, self._sort, offset=offset, limit=self.page_size)

    def _replace_rows(self, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def row_item(self, row: int) -> RegisterRow:
        return self._rows[row]

    def case_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def row_of(self, case_id: uuid.UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == case_id), None)

    # -- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.tr(REGISTER_COLUMN_LABELS[COLUMNS[section]])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Cliquez pour trier le registre par cette colonne")
            if role == Qt.ItemDataRole.InitialSortOrderRole:
                # The first click: the latest dates first, words from A (not the style's).
                latest = COLUMNS[section] is RegisterColumn.DISCOVERED
                order = Qt.SortOrder.DescendingOrder if latest else Qt.SortOrder.AscendingOrder
                return order.value
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.FontRole:
            # Words say it too (« (annulé) », « en retard »): the font only helps.
            if row.cancelled:
                return self._italic
            if row.late and column is RegisterColumn.REGULARISATION:
                return self._bold
        if role == CASE_ID_ROLE:
            return str(row.id)
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = self._read(self._filter, offset=len(self._rows))
        self._exhausted = len(more) < self.page_size
        if more:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = RegisterSort(COLUMNS[column], order is Qt.SortOrder.DescendingOrder)
        self.reload()

    # -- wording ---------------------------------------------------------------------

    def _text(self, row: RegisterRow, column: RegisterColumn) -> str:
        match column:
            case RegisterColumn.DISCOVERED:
                return f"{row.discovered_on:%d/%m/%Y}"
            case RegisterColumn.PROCEDURE:
                return row.procedure
            case RegisterColumn.NATURE:
                return NATURE_LABELS[row.nature]
            case RegisterColumn.PERSON:
                return row.person or self.tr(NOT_GIVEN)
            case RegisterColumn.OUTCOME:
                outcome = OUTCOME_LABELS[row.outcome]
                return f"{outcome} {self.tr(CANCELLED)}" if row.cancelled else outcome
            case RegisterColumn.REGULARISATION:
                return row.regularisation_text()
        return row.agent

    def _tip(self, row: RegisterRow, column: RegisterColumn) -> str:
        if row.cancelled:
            return self.tr(CANCELLED_TIP)
        if column is RegisterColumn.REGULARISATION and row.late:
            return self.tr(LATE_TIP)
        if column is RegisterColumn.REGULARISATION and row.follow_up_reference:
            return (
                self.tr("%1 — échéance suivie au tableau des demandes (%2)")
                .replace("%1", row.regularisation_text())
                .replace("%2", row.follow_up_reference)
            )
        return self._text(row, column)
