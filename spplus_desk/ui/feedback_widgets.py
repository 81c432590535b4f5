"""Small parts of the feedback and improvement forms: a form's title (the case form's
too), a multi-line field, the same with a live count of its characters, and the question
asked before closing a form whose typed text would be lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.formatting import format_int
from spplus_desk.ui.contact_widgets import say


def title_label(name: str, font: QFont) -> QLabel:
    """A form's title, larger and bold (the size follows the person's font)."""
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * 1.4)
    bigger.setBold(True)
    label.setFont(bigger)
    return label


def long_text_edit(name: str, tip: str, lines: int = 4) -> QPlainTextEdit:
    """Several lines of text; Tab leaves the field (Entrée makes a new line)."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines)
    return edit


def focus_to_retype(field: QWidget) -> None:
    """The focus on a field refused, what is wrong selected: typing replaces it (a date
    from its day, as when Tab enters it)."""
    field.setFocus()
    if isinstance(field, QDateTimeEdit):
        field.setCurrentSectionIndex(0)
        field.setSelectedSection(field.sectionAt(0))
    elif isinstance(field, QLineEdit):
        field.selectAll()


class CountedText(QWidget):
    """A multi-line field for a poster line: « 42 / 300 caractères » under it as it is
    typed, and in words what is too many (the service refuses it at saving time)."""

    def __init__(self, name: str, tip: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limit = limit
        self.edit = long_text_edit(name, tip, lines=3)
        self.edit.setMaximumHeight(self.edit.fontMetrics().lineSpacing() * 7)
        self.counter = QLabel()
        self.counter.setAccessibleName(self.tr("%1 : nombre de caractères").replace("%1", name))
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.edit.textChanged.connect(self._count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self._count()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def _count(self) -> None:
        count = len(self.text().strip())
        text = (
            self.tr("%1 / %2 caractères")
            .replace("%1", format_int(count))
            .replace("%2", format_int(self._limit))
        )
        if count > self._limit:
            say(
                self.counter,
                self.tr("%1 : %2 de trop")
                .replace("%1", text)
                .replace("%2", format_int(count - self._limit)),
            )
            self.counter.show()
        else:
            self.counter.setStyleSheet("")
            self.counter.setText(text)


class DiscardGuard:
    """Échap (or the window's cross) on a form with typed text asks first; the question
    is non-blocking, like every message box of the app. The dialog's ``reject`` asks
    ``may_close()`` before closing."""

    def __init__(self, dialog: QDialog, typed: Callable[[], bool]) -> None:
        self._dialog = dialog
        self._typed = typed
        self._leaving = False
        self.box: QMessageBox | None = None

    def may_close(self) -> bool:
        if self._leaving or not self._typed():
            return True
        if self.box is None or not isValid(self.box) or not self.box.isVisible():
            self.box = self._ask()  # not twice: one question at a time
        return False

    def _ask(self) -> QMessageBox:
        tr = self._dialog.tr
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Abandonner la saisie ?"),
            tr("Ce que vous avez tapé n'est pas enregistré et sera perdu si vous fermez."),
            QMessageBox.StandardButton.NoButton,
            self._dialog,
        )
        leave = box.addButton(tr("&Abandonner la saisie"), QMessageBox.ButtonRole.DestructiveRole)
        leave.setAccessibleName(tr("Abandonner la saisie et fermer"))
        leave.setToolTip(tr("Fermer sans enregistrer (Alt+A)"))
        stay = box.addButton(tr("&Continuer la saisie"), QMessageBox.ButtonRole.RejectRole)
        stay.setAccessibleName(tr("Continuer la saisie"))
        stay.setToolTip(tr("Revenir au formulaire, rien n'est perdu (Alt+C ou Échap)"))
        box.setDefaultButton(stay)  # Entrée or Échap by mistake loses nothing
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        leave.clicked.connect(self._leave)
        box.open()
        return box

    def _leave(self) -> None:
        self._leaving = True
        if isValid(self._dialog):
            self._dialog.reject()
