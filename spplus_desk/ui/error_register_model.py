"""The right-to-error register as a Qt table model fed by SQL, a page at a time.

The same rules as the journal's model: a click on a header sorts in SQL
(``RegisterSort``), scrolling near the end reads the next page
(``canFetchMore``/``fetchMore``); no proxy model sorts rows in Python.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
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
from spplus_desk.ui.paged_model import PagedModel

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = list(RegisterColumn)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CANCELLED = "(annulé)"
LATE_TIP = "Régularisation en retard : le délai donné à la personne est dépassé."
CANCELLED_TIP = "Cas annulé : il reste au registre mais ne compte plus dans les statistiques."


class RegisterModel(PagedModel[RegisterRow, RegisterFilter, RegisterSort, RegisterColumn]):
    """Nothing is read until ``reload`` or ``set_filter``: a hidden tab reads nothing."""

    def __init__(self, desk: Desk, wanted: RegisterFilter) -> None:
        super().__init__(
            wanted,
            RegisterSort(),  # the latest discovered first
            COLUMNS,
            lambda wanted, sort, offset, limit: register_rows(
                desk, wanted, sort, offset=offset, limit=limit
            ),
            RegisterSort,
        )
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)

    def case_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    # -- QAbstractTableModel ---------------------------------------------------------

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
        row = self._row_at(index)
        if row is None:
            return None
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
