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
from spplus_desk.ui.paged_model import PagedModel

_Index = QModelIndex | QPersistentModelIndex

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


class JournalModel(PagedModel[JournalRow, JournalFilter, JournalSort, JournalColumn]):
    def __init__(self, desk: Desk, zone: ZoneInfo, wanted: JournalFilter) -> None:
        super().__init__(
            wanted,
            JournalSort(),
            COLUMNS,
            lambda wanted, sort, offset, limit: read_page(
                desk, wanted, sort, offset=offset, limit=limit
            ),
            JournalSort,
        )
        self._zone = zone
        self.page_size = PAGE_SIZE
        self._italic = QFont()
        self._italic.setItalic(True)
        self.reload()

    def contact_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    # -- QAbstractTableModel ---------------------------------------------------------

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
        row = self._row_at(index)
        if row is None:
            return None
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
