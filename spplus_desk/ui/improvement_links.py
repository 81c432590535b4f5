"""The feedback an improvement answers, ticked in a list: the last twelve months' entries
(and any older one already linked), narrowed by the words of a filter field.

A year holds a few hundred entries: they are read once when the form opens and
filtered here, in one pass, without a proxy model.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from spplus_desk.domain.feedback import FEEDBACK_KIND_LABELS, FeedbackRecord
from spplus_desk.ui.feedback_model import extract

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)
ELSEWHERE = "liée à une autre amélioration"


def _plain(text: str) -> str:
    """Lower case without accents: « Reclamation » finds « Réclamation »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def entry_text(record: FeedbackRecord, improvement_id: uuid.UUID | None) -> str:
    """« 04/05/2027 — Réclamation — Jeanne Dupont : Trois heures d'attente… »."""
    who = f" — {record.person_name}" if record.person_name else ""
    text = (
        f"{record.received_on:%d/%m/%Y} — {FEEDBACK_KIND_LABELS[record.kind]}{who} : "
        f"{extract(record.text)}"
    )
    linked = record.improvement_id
    return f"{text} ({ELSEWHERE})" if linked and linked != improvement_id else text


class LinkModel(QAbstractListModel):
    def __init__(self, improvement_id: uuid.UUID | None, *, editable: bool) -> None:
        super().__init__()
        self._improvement_id = improvement_id
        self._editable = editable
        self._entries: list[FeedbackRecord] = []
        self._texts: list[str] = []
        self._shown: list[int] = []  # indices of _entries the words keep
        self.checked: set[uuid.UUID] = set()

    def set_entries(self, entries: Sequence[FeedbackRecord], checked: Iterable[uuid.UUID]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._texts = [entry_text(e, self._improvement_id) for e in self._entries]
        self._shown = list(range(len(self._entries)))
        self.checked = set(checked)
        self.endResetModel()

    def set_words(self, text: str) -> None:
        """Keep the entries holding every word (ticked ones stay ticked, hidden or not)."""
        words = _plain(text).split()
        self.beginResetModel()
        self._shown = [
            i
            for i, entry in enumerate(self._entries)
            if all(w in _plain(f"{self._texts[i]} {entry.text}") for w in words)
        ]
        self.endResetModel()

    def entry(self, row: int) -> FeedbackRecord:
        return self._entries[self._shown[row]]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        position = self._shown[index.row()]
        if role in _TEXT_ROLES:
            return self._texts[position]
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = self._entries[position].id in self.checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not self._editable or not index.isValid():
            return False
        entry_id = self.entry(index.row()).id
        # Qt hands the state back as its enum or as its plain value.
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self.checked.add(entry_id)
        else:
            self.checked.discard(entry_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
