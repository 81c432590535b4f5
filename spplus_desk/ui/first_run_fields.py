"""The pieces of the service's details form (first-run wizard, « Coordonnées du
service »): a field checked as the person leaves it, the checks of the optional and
day-of-week fields, and a page of the wizard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import format_day, parse_day
from spplus_desk.ui.contact_widgets import say, scrolled

# Mnemonics are unique on each page, buttons included (Alt+P, Alt+S, Alt+C, Alt+R).
DAY_LABELS = (
    "&Lundi :",
    "&Mardi :",
    "M&ercredi :",
    "&Jeudi :",
    "&Vendredi :",
    "Same&di :",
    "D&imanche :",
)


@dataclass(slots=True, weakref_slot=True)  # Qt connects to its validate()
class Field:
    """An answer checked as the person leaves it: ``check`` returns the tidied text or
    raises a UserError whose message is shown next to the field."""

    widget: QLineEdit | QPlainTextEdit
    message: QLabel
    check: Callable[[str], str]
    page: int

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def validate(self) -> bool:
        try:
            tidy = self.check(self.text())
        except UserError as error:
            say(self.message, error.message)
            self.widget.setAccessibleDescription(error.message)
            return False
        say(self.message, None)
        self.widget.setAccessibleDescription("")
        if isinstance(self.widget, QLineEdit) and tidy != self.widget.text():
            self.widget.setText(tidy)
        return True


def optional(parse: Callable[[str], str]) -> Callable[[str], str]:
    """Empty is fine (the service does not give one); otherwise ``parse`` checks it."""
    return lambda text: parse(text) if text.strip() else ""


def day_check(text: str) -> str:
    return format_day(parse_day(text))


def wizard_page(title_text: str, intro_text: str) -> tuple[QScrollArea, QFormLayout]:
    """A page: its title in larger bold type, what it is about, then its form; it
    scrolls down, never sideways (200 % font, small screens)."""
    content = QWidget()
    layout = QVBoxLayout(content)
    title = QLabel(title_text)
    font = title.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    title.setFont(font)
    title.setWordWrap(True)
    intro = QLabel(intro_text)
    intro.setWordWrap(True)
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    layout.addWidget(title)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addStretch(1)
    area = scrolled(content)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area, form
