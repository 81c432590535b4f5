"""The feedback entries (réclamations, suggestions, compliments) as a Qt table model read
from SQL a page at a time, the most recently received first.

A reply still owed after its due date says « En retard » in words (and in bold, in red:
they only repeat the words), as one given after it says « Répondu en retard ».
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackRecord,
    FeedbackStatus,
)
from spplus_desk.domain.history import NOT_GIVEN
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import FeedbackFilter, list_feedback
from spplus_desk.ui.paged_model import PagedModel

_Index = QModelIndex | QPersistentModelIndex
EXTRACT_LENGTH = 70  # characters of the text shown in the list; the tooltip has it all
TIP_LENGTH = 600
LATE_TEXT = "⚠ En retard (à répondre)"
ANSWERED_LATE_TEXT = "Répondu en retard"
LATE_TIP = "En retard : la réponse devait être donnée au plus tard le %1."
LATE_COLOUR = QColor("#a4000f")


class FeedbackColumn(Enum):
    RECEIVED = "Reçu le"
    KIND = "Type"
    CHANNEL = "Canal"
    PERSON = "Personne"
    TEXT = "Avis"
    DUE = "Réponse due le"
    STATUS = "Statut"
    AGENT = "Agent"


COLUMNS = list(FeedbackColumn)


def extract(text: str, length: int = EXTRACT_LENGTH) -> str:
    """The text on one line, cut at a word with « … » when it is longer than ``length``."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] or flat[:length]
    return f"{cut}…"


def status_text(record: FeedbackRecord, today: date) -> str:
    """The status as the list says it, late ones in words."""
    if record.late(today):
        late = record.status is FeedbackStatus.TO_ANSWER
        return LATE_TEXT if late else ANSWERED_LATE_TEXT
    return FEEDBACK_STATUS_LABELS[record.status]


class FeedbackModel(PagedModel[FeedbackRecord, FeedbackFilter, None, FeedbackColumn]):
    """Nothing is read until ``reload`` or ``set_filter``: a hidden tab reads nothing.
    Not sortable: the list is read newest first, as the service gives it."""

    def __init__(self, desk: Desk, wanted: FeedbackFilter, today: date) -> None:
        super().__init__(
            wanted,
            None,
            COLUMNS,
            lambda wanted, _sort, offset, limit: list_feedback(
                desk, wanted, offset=offset, limit=limit
            ),
            lambda _column, _descending: None,
        )
        self.today = today
        self._bold = QFont()
        self._bold.setBold(True)

    def feedback_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    # -- QAbstractTableModel ---------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr(COLUMNS[section].value)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row_at(index)
        if row is None:
            return None
        column = COLUMNS[index.column()]
        late = row.late(self.today)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column, late)
        if late and column in (FeedbackColumn.STATUS, FeedbackColumn.DUE):
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(LATE_COLOUR)
        return None

    # -- wording ---------------------------------------------------------------------

    def _text(self, row: FeedbackRecord, column: FeedbackColumn) -> str:
        match column:
            case FeedbackColumn.RECEIVED:
                return f"{row.received_on:%d/%m/%Y}"
            case FeedbackColumn.KIND:
                return self.tr(FEEDBACK_KIND_LABELS[row.kind])
            case FeedbackColumn.CHANNEL:
                return self.tr(CHANNEL_LABELS[row.channel])
            case FeedbackColumn.PERSON:
                return row.person_name or self.tr(NOT_GIVEN)
            case FeedbackColumn.TEXT:
                return extract(row.text)
            case FeedbackColumn.DUE:
                return "—" if row.reply_due is None else f"{row.reply_due:%d/%m/%Y}"
            case FeedbackColumn.STATUS:
                return self.tr(status_text(row, self.today))
        return row.agent

    def _tip(self, row: FeedbackRecord, column: FeedbackColumn, late: bool) -> str:
        if column is FeedbackColumn.TEXT:
            return extract(row.text, TIP_LENGTH)
        if column in (FeedbackColumn.STATUS, FeedbackColumn.DUE) and late:
            assert row.reply_due is not None  # late: a reply was due
            return self.tr(LATE_TIP).replace("%1", f"{row.reply_due:%d/%m/%Y}")
        if column is FeedbackColumn.DUE and row.reply_due is None:
            return self.tr("Pas de réponse attendue")
        return self._text(row, column)
