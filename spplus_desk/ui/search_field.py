"""The search field of a list (the journal, the register): its words cleared with one
click, and Ctrl+F that puts the cursor in it, its words selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchField(QLineEdit):
    def __init__(self, owner: QWidget, name: str, placeholder: str, tip: str) -> None:
        """Ctrl+F works while ``owner`` is in the window shown: each tab's list has
        its own search."""
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setToolTip(tip)
        self.setClearButtonEnabled(True)
        self.find_action = QAction(name, owner)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        owner.addAction(self.find_action)

    def focus_search(self) -> None:
        self.setFocus()
        self.selectAll()
