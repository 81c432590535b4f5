"""The journal as a Qt table model fed by SQL, a page at a time.

Rows are read when the view scrolls near the end (``canFetchMore``/``fetchMore``), and a
click on a header sorts in SQL: a million contacts never come into memory at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from spplus_desk.domain.formatting import clock_text, duration_text
from spplus_desk.domain.history import NOT_GIVEN
from spplus_desk.domain.journal import JournalColumn, JournalFilter, JournalRow, JournalSort
from spplus_desk.domain.labels import CHANNEL_LABELS, OUTCOME_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.services.journal import PAGE_SIZE, read_page

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

HEADERS: dict[JournalColumn, str] = {
    JournalColumn.TIME: "Heure",
    JournalColumn.CHANNEL: "Canal",
    JournalColumn.MOTIF: "Motif",
    JournalColumn.OUTCOME: "Suite donnée",
    JournalColumn.PERSON: "Personne",
    JournalColumn.AGENT: "Agent",
    JournalColumn.WAIT: "Attente",
    JournalColumn.DURATION: "Durée",
    JournalColumn.REQUEST: "Demande",
}
COLUMNS = list(JournalColumn)
CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class JournalModel(QAbstractTableModel):
    def __init__(self, desk: Desk, zone: ZoneInfo, wanted: JournalFilter) -> None:
        super().__init__()
        self._desk = desk
        self._zone = zone
        self._filter = wanted
        self._sort = JournalSort()
        self.page_size = PAGE_SIZE
        self._rows: list[JournalRow] = []
        self._exhausted = False
        self._italic = QFont()
        self._italic.setItalic(True)
        self.reload()

    # -- what is shown ---------------------------------------------------------------

    @property
    def current_filter(self) -> JournalFilter:
        return self._filter

    @property
    def current_sort(self) -> JournalSort:
        return self._sort

    def set_filter(self, wanted: JournalFilter) -> None:
        """Show other contacts; a bad filter raises UserError and changes nothing."""
        first = self._read(wanted, offset=0)
        self._filter = wanted
        self._replace_rows(first)

    def reload(self) -> None:
        """Read the first page again (after a contact is saved, corrected or undone)."""
        self._replace_rows(self._read(self._filter, offset=0))

    def _read(self, wanted: JournalFilter, *, offset: int) -> list[JournalRow]:
        return read_page(self._desk, wanted, self._sort, offset=offset, limit=self.page_size)

    def _replace_rows(self, rows: list[JournalRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def contact_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def row_of(self, contact_id: uuid.UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == contact_id), None)

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
                return self.tr(HEADERS[COLUMNS[section]])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Cliquez pour trier le journal par cette colonne")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and row.cancelled:
            return self.tr("Contact annulé : il ne compte plus dans les indicateurs.")
        if role == Qt.ItemDataRole.FontRole and row.cancelled:
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            JournalColumn.WAIT,
            JournalColumn.DURATION,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CONTACT_ID_ROLE:
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
        self._sort = JournalSort(COLUMNS[column], order is Qt.SortOrder.DescendingOrder)
        self.reload()

    # -- wording ---------------------------------------------------------------------

    def _text(self, row: JournalRow, column: JournalColumn) -> str:
        if column is JournalColumn.TIME:
            return self._when(row.occurred_at)
        if column is JournalColumn.CHANNEL:
            return CHANNEL_LABELS[row.channel]
        if column is JournalColumn.MOTIF:
            return row.motif or "—"
        if column is JournalColumn.OUTCOME:
            return self._outcome(row)
        if column is JournalColumn.PERSON:
            return row.person_name or self.tr(NOT_GIVEN)
        if column is JournalColumn.AGENT:
            return row.agent_name
        if column is JournalColumn.WAIT:
            wait = row.wait_seconds
            return duration_text(wait) if wait is not None else ""
        if column is JournalColumn.DURATION:
            seconds = row.duration_seconds
            return duration_text(seconds) if seconds is not None else ""
        return row.request_reference or ""

    def _outcome(self, row: JournalRow) -> str:
        text = OUTCOME_LABELS[row.outcome]
        if row.redirected_to:
            text = text.replace("…", f" {row.redirected_to}")
        if row.callback_promised and row.outcome.is_unanswered_call:
            text += self.tr(" · rappel promis")
        return f"{text} {self.tr('(annulé)')}" if row.cancelled else text

    def _when(self, instant: datetime) -> str:
        local = instant.astimezone(self._zone)
        time_of_day = clock_text(local.hour, local.minute)
        if self._filter.first_day == self._filter.last_day:
            return time_of_day
        return f"{local:%d/%m/%Y} {time_of_day}"
