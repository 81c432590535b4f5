"""An editable combo box whose completion ignores case and accents and matches anywhere
in the label: typing « etat » or « civil » offers « État civil »."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter, QWidget

from spplus_desk.domain.journal import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1


def data_index(combo: QComboBox, value: object) -> int:
    """The row holding ``value`` as its data, or -1. Compared in Python: Qt's
    ``findData`` compares wrapped objects by identity, and two equal UUIDs are two
    objects."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            return row
    return -1


def refill_after_first(combo: QComboBox, entries: Iterable[tuple[str, object]]) -> None:
    """Replace every item after the first (« Tous… ») with ``entries`` (text, data),
    keeping the one chosen when it is still there, without announcing a change."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in entries:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, data_index(combo, chosen)))
    combo.blockSignals(False)


class FoldingCompleter(QCompleter):
    """Matches on the folded label, then puts the label itself in the line edit."""

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class ChoiceCombo(QComboBox):
    """Pick an entry of a list by typing part of it; ``choice_id`` gives the entry typed,
    ``None`` when the text matches none (free text, for lists that allow it)."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        # Typing a text and pressing Enter must not add it to the list.
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(accessible_name)
        line_edit = self.lineEdit()
        if line_edit is not None:  # always, once editable
            line_edit.setAccessibleName(accessible_name)
        # Long labels must not widen the panel past a small screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._model = QStandardItemModel(self)
        self._completer = FoldingCompleter(self._model, self)
        self._completer.setCompletionRole(FOLDED_ROLE)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # already folded
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(self._completer)

    def set_choices(self, choices: Iterable[tuple[uuid.UUID | None, str]]) -> None:
        """Replace the entries, keeping what the person has typed."""
        typed = self.currentText()
        self.clear()
        self._model.clear()
        for choice_id, label in choices:
            self.addItem(label, choice_id)
            item = QStandardItem(label)
            item.setData(fold(label), FOLDED_ROLE)
            self._model.appendRow(item)
        self.setCurrentIndex(-1)
        self.setEditText(typed)

    def text(self) -> str:
        return " ".join(self.currentText().split())

    def choice_id(self) -> uuid.UUID | None:
        """The entry whose label is the text typed (case and accents ignored)."""
        wanted = fold(self.text())
        for row in range(self.count()):
            if fold(self.itemText(row)) == wanted:
                data = self.itemData(row)
                return data if isinstance(data, uuid.UUID) else None
        return None

    def label_of_text(self) -> str | None:
        """The list's own spelling of the text typed, or None when it is not in the list."""
        wanted = fold(self.text())
        for row in range(self.count()):
            if fold(self.itemText(row)) == wanted:
                return self.itemText(row)
        return None

    def completion_list(self) -> QAbstractItemView:
        """The list of entries matching what is typed (shown under the field)."""
        popup = self._completer.popup()
        assert popup is not None  # a popup-mode completer always has one
        return popup

    def reset(self) -> None:
        self.setCurrentIndex(-1)
        self.setEditText("")
