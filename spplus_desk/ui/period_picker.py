"""The dashboard's period: a month, a quarter, a year or two dates chosen, with buttons
to the previous and next one (Alt+← and Alt+→ while the focus is in the dashboard).

It starts on the current month (« mois en cours »): a lead looks at how the month is
going more often than at the year so far, and the whole year is one choice away. The
dates of the period are always shown in the two date fields, which may be typed in
after choosing « Dates choisies ». ``period_changed`` gives a ``domain.indicators.Period``,
not checked: a reversed one is the panel's to explain.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from spplus_desk.domain.history import MONTHS, day_text
from spplus_desk.domain.indicators import Period
from spplus_desk.ui.action_bar import add_shortcuts
from spplus_desk.ui.contact_widgets import named_button, shortcut_tip, side_by_side
from spplus_desk.ui.date_edit import date_edit, edit_date, to_qdate
from spplus_desk.ui.journal_view import JOURNAL_SHARE

PREVIOUS_KEYS = "Alt+Left"
NEXT_KEYS = "Alt+Right"
# Typed dates become a period after this pause, or at once on Enter or leaving the field.
TYPING_PAUSE_MS = 600


class PeriodKind(Enum):
    MONTH = "Mois"
    QUARTER = "Trimestre"
    YEAR = "Année"
    CUSTOM = "Dates choisies"


def period_around(kind: PeriodKind, day: date) -> Period:
    """The month, quarter or year holding ``day``."""
    if kind is PeriodKind.YEAR:
        return Period(date(day.year, 1, 1), date(day.year, 12, 31))
    months = 3 if kind is PeriodKind.QUARTER else 1
    first = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(first, _month_end(first, months))


def _month_end(first: date, months: int) -> date:
    """The last day of the ``months`` months starting on ``first``."""
    month = first.month - 1 + months
    return date(first.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def period_name(kind: PeriodKind, period: Period) -> str:
    """« mai 2027 », « 2e trimestre 2027 », « année 2027 », « du 3 mai au … »."""
    first = period.first_day
    if kind is PeriodKind.MONTH:
        return f"{MONTHS[first.month - 1]} {first.year}"
    if kind is PeriodKind.QUARTER:
        number = (first.month - 1) // 3 + 1
        return f"{'1er' if number == 1 else f'{number}e'} trimestre {first.year}"
    if kind is PeriodKind.YEAR:
        return f"année {first.year}"
    return f"du {day_text(first)} au {day_text(period.last_day)}"


class PeriodPicker(QWidget):
    period_changed = Signal(object)  # a domain.indicators.Period

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._period = period_around(PeriodKind.MONTH, today)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._on_dates_typed)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Période des indicateurs"))
        self.kind_combo.setToolTip(self.tr("Mois, trimestre, année ou dates choisies"))
        for kind in PeriodKind:
            self.kind_combo.addItem(self.tr(kind.value), kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.previous_button = named_button(
            self.tr("◀ Précédent"), self.tr("Période précédente"), "Alt+←"
        )
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = named_button(self.tr("Suivant ▶"), self.tr("Période suivante"), "Alt+→")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.from_edit = self._date_edit(self.tr("Du (premier jour de la période)"))
        self.to_edit = self._date_edit(self.tr("Au (dernier jour de la période, inclus)"))
        self.name_label = QLabel()
        self.name_label.setAccessibleName(self.tr("Période affichée"))
        self._lay_out()
        self._show_period()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = date_edit(name, self._today)
        edit.setToolTip(self.tr("%1, pour « Dates choisies »").replace("%1", name))
        edit.setEnabled(False)
        edit.dateChanged.connect(self._on_date_changed)
        edit.editingFinished.connect(self._on_dates_typed)
        return edit

    def _lay_out(self) -> None:
        label = QLabel(self.tr("&Période :"))
        label.setBuddy(self.kind_combo)
        shortcut_tip(self.kind_combo, label.text())
        within = QLabel(self.tr("du"))
        until = QLabel(self.tr("au"))
        controls: list[QWidget] = [label, self.kind_combo, self.previous_button]
        controls += [self.next_button, within, self.from_edit, until, self.to_edit]
        # One line; two at a large text size or on a laptop, beside the quick entry.
        rows = side_by_side(controls, share=JOURNAL_SHARE)
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in controls[:4]:
            first.addWidget(widget)
        for widget in controls[4:]:
            second.addWidget(widget)
        if rows.direction() is QBoxLayout.Direction.TopToBottom:  # each line to the left
            first.addStretch(1)
            second.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        rows.addWidget(self.name_label, stretch=1)
        rows.setContentsMargins(0, 0, 0, 0)
        self.setLayout(rows)

    def controls(self) -> list[QWidget]:
        """In reading order, for the panel's tab chain."""
        return [
            self.kind_combo,
            self.previous_button,
            self.next_button,
            self.from_edit,
            self.to_edit,
        ]

    def add_shortcuts(self, owner: QWidget) -> None:
        """Alt+← and Alt+→ while the focus is anywhere in ``owner`` (the dashboard)."""
        add_shortcuts(
            owner, [(PREVIOUS_KEYS, lambda: self.step(-1)), (NEXT_KEYS, lambda: self.step(1))]
        )

    # -- the period ------------------------------------------------------------------

    def set_today(self, today: date) -> None:
        """A window left open overnight: « Suivant » may reach the new month."""
        if today != self._today:
            self._today = today
            self._show_period()

    def kind(self) -> PeriodKind:
        return PeriodKind(self.kind_combo.currentData())

    def period(self) -> Period:
        return self._period

    def step(self, direction: int) -> None:
        """The previous (-1) or next (1) month, quarter or year; never past the current
        one. Nothing for chosen dates."""
        kind = self.kind()
        if kind is PeriodKind.CUSTOM:
            return
        if direction < 0:
            day = self._period.first_day - timedelta(days=1)
        else:
            day = self._period.last_day + timedelta(days=1)
        if day > self._today:
            return
        self._set(period_around(kind, day))

    def _on_kind_chosen(self) -> None:
        kind = self.kind()
        if kind is PeriodKind.CUSTOM:  # the dates shown become editable, as they are
            self._show_period()
            return
        # The month, quarter or year of the period's start: a step back stays in sight.
        self._set(period_around(kind, min(self._period.first_day, self._today)))

    def _on_date_changed(self) -> None:
        if self.kind() is PeriodKind.CUSTOM:
            self._timer.start()

    def _on_dates_typed(self) -> None:
        self._timer.stop()
        if self.kind() is not PeriodKind.CUSTOM:
            return
        typed = Period(edit_date(self.from_edit), edit_date(self.to_edit))
        if typed != self._period:
            self._set(typed)

    def _set(self, period: Period) -> None:
        self._period = period
        self._show_period()
        self.period_changed.emit(period)

    def _show_period(self) -> None:
        custom = self.kind() is PeriodKind.CUSTOM
        for edit, day in (
            (self.from_edit, self._period.first_day),
            (self.to_edit, self._period.last_day),
        ):
            edit.setEnabled(custom)
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)
        self.previous_button.setEnabled(not custom)
        following = self._period.last_day + timedelta(days=1)
        self.next_button.setEnabled(not custom and following <= self._today)
        self.name_label.setText(period_name(self.kind(), self._period))
