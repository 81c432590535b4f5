"""A date field the French way: « 04/05/2027 », a calendar under F4, its name on the inner
line edit too (screen readers may land there)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QLineEdit, QSizePolicy

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
CALENDAR_KEY = "F4 : calendrier"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """Tab leaves the field, as in every other field of a form: Qt's date field would
    first walk its day, month and year. Typed digits move on to the next part by
    themselves, and the arrow keys move within the field."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        return QAbstractSpinBox.focusNextPrevChild(self, next)


def date_edit(name: str, day: date) -> QDateEdit:
    """A field showing ``day``. Digits fill it section by section (« 04052027 »), the
    arrows move the section under the cursor, F4 opens the calendar."""
    edit = DateEdit()
    edit.setLocale(FRENCH)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    edit.setAccessibleName(name)
    edit.setToolTip(name)
    # As wide as a date: a stretched date field reads as a text to type.
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    inner = edit.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)
    return edit


def edit_date(edit: QDateEdit) -> date:
    return to_date(edit.date())
