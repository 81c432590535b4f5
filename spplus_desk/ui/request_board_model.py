"""The board's table: one bucket's open requests, read in the background a page at a
time, most urgent first (the order is the database's: no sorting here).

``set_filter``/``reload`` read the first page; scrolling near the end asks for the next
(``canFetchMore``/``fetchMore``). Every read runs on the thread pool, so the tab stays
responsive on 200,000 requests; ``loaded`` says when a page came in.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QTableView
from shiboken6 import isValid

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import NOT_GIVEN, moment_text, time_text
from spplus_desk.domain.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS
from spplus_desk.domain.request_board import BoardFilter, BoardRow, Bucket
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_board import NOBODY, PAGE_SIZE, board_rows
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.row_opener import list_table

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
REQUEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class BoardColumn(Enum):
    REFERENCE = "Référence"
    KIND = "Type"
    RECEIVED = "Reçue le"
    DUE = "Échéance"
    LATE = "Retard"
    AGENT = "Agent"
    STATUS = "État"
    PERSON = "Personne"
    ACK = "AR"


COLUMNS = list(BoardColumn)
# What each column is sized for (the last one, « AR », takes the rest).
COLUMN_SAMPLES = {
    BoardColumn.REFERENCE: "2027-000000",
    BoardColumn.KIND: "Copie d'acte d'état civ",
    BoardColumn.RECEIVED: "00/00/0000",
    BoardColumn.DUE: "00/00/0000",
    BoardColumn.LATE: "000\u00a0j.\u00a0ouvrés",
    BoardColumn.AGENT: "Camille Martin",
    BoardColumn.STATUS: "En attente de l'usager",
    BoardColumn.PERSON: "Jeanne Martin",
}
CELL_PADDING = 8
HEADER_TIPS: dict[BoardColumn, str] = {
    BoardColumn.LATE: "Jours ouvrés écoulés depuis l'échéance",
    BoardColumn.ACK: "Accusé de réception",
}


def short_day(instant: datetime, zone: ZoneInfo) -> str:
    return f"{instant.astimezone(zone):%d/%m/%Y}"


def late_text(row: BoardRow) -> str:
    """'3 j. ouvrés' for a late request; '' for one that is not late."""
    if row.bucket is not Bucket.OVERDUE:
        return ""
    if row.days_late == 0:
        return "moins d'un jour"
    return f"{row.days_late}\u00a0j.\u00a0ouvré{'s' if row.days_late > 1 else ''}"


def due_text(row: BoardRow, zone: ZoneInfo) -> str:
    """'12/05/2027', with the time for a delay in opening hours; 'à la reprise' while
    the clock stands still."""
    if row.due_date is None:
        return "à la reprise"
    text = f"{row.due_date:%d/%m/%Y}"
    if row.in_hours and row.due_at is not None:
        text += f" {time_text(row.due_at, zone)}"
    return text


def ack_text(row: BoardRow) -> str:
    if row.ack_due_date is None:
        return ""
    if row.ack_pending:
        return f"à envoyer avant le {row.ack_due_date:%d/%m/%Y}"
    return "envoyé"


class BoardModel(QAbstractTableModel):
    loaded = Signal()  # a page came in, or the reading failed (``problem`` says why)

    def __init__(self, desk: Desk, zone: ZoneInfo, wanted: BoardFilter) -> None:
        super().__init__()
        self._desk = desk
        self._zone = zone
        self._filter = wanted
        self.page_size = PAGE_SIZE
        self._rows: list[BoardRow] = []
        self._exhausted = True
        self._generation = 0  # a newer reading makes older answers obsolete
        self._loading = False
        self.problem = ""
        self._bold = QFont()
        self._bold.setBold(True)

    # -- what is shown ---------------------------------------------------------------

    @property
    def current_filter(self) -> BoardFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def complete(self) -> bool:
        """Every row of the bucket is in the model (no page left to read)."""
        return self._exhausted and not self._loading

    def set_filter(self, wanted: BoardFilter) -> None:
        self._filter = wanted
        self.reload()

    def reload(self) -> None:
        """Read the first page again; the rows shown stay until it comes."""
        self._read(offset=0)

    def row_item(self, row: int) -> BoardRow:
        return self._rows[row]

    def request_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def row_of(self, request_id: uuid.UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == request_id), None)

    def _read(self, *, offset: int) -> None:
        self._generation += 1
        generation, wanted, size, desk = self._generation, self._filter, self.page_size, self._desk
        self._loading = True
        run_in_background(
            lambda: board_rows(desk, wanted, offset=offset, limit=size),
            lambda rows: self._arrived(generation, offset, rows),
            lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, offset: int, rows: list[BoardRow]) -> None:
        if not isValid(self) or generation != self._generation:
            return  # the filter changed since: a newer reading is on its way
        self._loading = False
        self.problem = ""
        self._exhausted = len(rows) < self.page_size
        if offset == 0:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        elif rows:
            self.beginInsertRows(_ROOT, len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self._loading = False
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        self.problem = error.message
        self.loaded.emit()

    # -- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self._read(offset=len(self._rows))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr(column.value)
        if role == Qt.ItemDataRole.ToolTipRole and column in HEADER_TIPS:
            return self.tr(HEADER_TIPS[column])
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
        if role == Qt.ItemDataRole.FontRole and column is BoardColumn.LATE:
            return self._bold
        if role == REQUEST_ID_ROLE:
            return str(row.id)
        return None

    # -- wording ---------------------------------------------------------------------

    def _text(self, row: BoardRow, column: BoardColumn) -> str:
        match column:
            case BoardColumn.REFERENCE:
                return row.reference
            case BoardColumn.KIND:
                return row.kind
            case BoardColumn.RECEIVED:
                return short_day(row.received_at, self._zone)
            case BoardColumn.DUE:
                return due_text(row, self._zone)
            case BoardColumn.LATE:
                return late_text(row)
            case BoardColumn.AGENT:
                return row.assignee or self.tr(NOBODY)
            case BoardColumn.STATUS:
                return REQUEST_STATUS_LABELS[row.status]
            case BoardColumn.PERSON:
                return row.person or self.tr(NOT_GIVEN)
        return ack_text(row)

    def _tip(self, row: BoardRow, column: BoardColumn) -> str:
        if column is BoardColumn.RECEIVED:
            return (
                self.tr("Reçue le %1 (%2)")
                .replace("%1", moment_text(row.received_at, self._zone))
                .replace("%2", CHANNEL_LABELS[row.channel])
            )
        if column is BoardColumn.DUE and row.due_date is not None:
            return self.tr("Échéance : %1").replace("%1", long_date(row.due_date))
        if column is BoardColumn.DUE:
            return self.tr("En attente de l'usager : l'échéance sera fixée à la reprise")
        return self._text(row, column)


def board_table(model: BoardModel) -> QTableView:
    """The view of the board's rows: several may be chosen (to reassign them); Tab
    leaves it, the arrows move in it."""
    table = list_table(model, QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAccessibleName(table.tr("Demandes de l'échéance choisie"))
    table.setToolTip(
        table.tr("Entrée ou double-clic : ouvrir la demande ; Maj ou Ctrl : en choisir plusieurs")
    )
    bold = QFont(table.font())
    bold.setBold(True)
    for column, sample in COLUMN_SAMPLES.items():
        font = bold if column is BoardColumn.LATE else table.font()
        width = QFontMetrics(font).horizontalAdvance(sample) + 2 * CELL_PADDING
        table.setColumnWidth(COLUMNS.index(column), width)
    return table
