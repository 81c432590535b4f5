"""The period chosen above the register and the feedback list: « Ce mois-ci », « 30
derniers jours », « Cette année », « Tout » or « Dates choisies » between two date fields.
The fields show the chosen period's days and are typed only for « Dates choisies »; their
earliest date reads « début »: no lower bound."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from spplus_desk.ui.contact_widgets import shortcut_tip
from spplus_desk.ui.date_edit import date_edit, to_date, to_qdate

# The first day a date field offers; shown as « début » (no lower bound).
EARLIEST = QDate(2000, 1, 1)


class RegisterPeriod(Enum):
    """Cases and feedback are rarer than contacts: these periods are longer than the
    journal's (which start at « Aujourd'hui »)."""

    THIS_MONTH = "Ce mois-ci"
    LAST_30_DAYS = "30 derniers jours"
    THIS_YEAR = "Cette année"
    ALL = "Tout"
    CUSTOM = "Dates choisies"

    def days(self, today: date) -> tuple[date | None, date | None]:
        if self is RegisterPeriod.THIS_MONTH:
            return today.replace(day=1), today
        if self is RegisterPeriod.LAST_30_DAYS:
            return today - timedelta(days=29), today
        if self is RegisterPeriod.ALL:
            return None, None
        return today.replace(month=1, day=1), today  # this year (and the first custom)


class PeriodDates(QObject):
    """The « Période » label, its combo and the two date fields; the filters widget that
    owns it lays them out and reads ``days()``. ``changed`` fires when the period or a
    typed date changes."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget,
        today: date,
        chosen: RegisterPeriod,
        names: tuple[str, str, str],
    ) -> None:
        """``names``: the French names of the combo, of the first and of the last date."""
        super().__init__(parent)
        self._today = today
        combo_name, from_name, to_name = names
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(combo_name)
        self.period_combo.setToolTip(combo_name)
        for period in RegisterPeriod:
            self.period_combo.addItem(self.tr(period.value), period)
        self.period_combo.setCurrentIndex(list(RegisterPeriod).index(chosen))
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)
        self.from_edit = self._date_edit(from_name)
        self.from_edit.setSpecialValueText(self.tr("début"))
        self.to_edit = self._date_edit(to_name)
        self.label = QLabel(self.tr("&Période :"))
        self.label.setBuddy(self.period_combo)
        shortcut_tip(self.period_combo, self.label.text())
        self._show_period_days()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = date_edit(name, self._today)
        edit.setToolTip(self.tr("%1, pour « Dates choisies »").replace("%1", name))
        edit.setMinimumDate(EARLIEST)
        edit.setEnabled(self.period() is RegisterPeriod.CUSTOM)
        edit.dateChanged.connect(self.changed)
        return edit

    def controls(self) -> list[QWidget]:
        """In reading order, for the tab chain."""
        return [self.period_combo, self.from_edit, self.to_edit]

    def period(self) -> RegisterPeriod:
        return RegisterPeriod(self.period_combo.currentData())

    def days(self) -> tuple[date | None, date | None]:
        """The first and last days asked for; None: no bound (« Tout » takes what comes
        today too)."""
        if self.period() is RegisterPeriod.ALL:
            return None, None
        first = self.from_edit.date()
        return None if first == EARLIEST else to_date(first), to_date(self.to_edit.date())

    def set_today(self, today: date) -> bool:
        """The service's day moved on (past midnight); True when the dates shown changed."""
        if today == self._today:
            return False
        self._today = today
        if self.period() is RegisterPeriod.CUSTOM:
            return False
        self._show_period_days()
        return True

    def choose(self, period: RegisterPeriod) -> None:
        """Show ``period`` and its days; ``changed`` fires even when it was shown."""
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(list(RegisterPeriod).index(period))
        self.period_combo.blockSignals(False)
        self._on_period_chosen()

    def _on_period_chosen(self) -> None:
        custom = self.period() is RegisterPeriod.CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if custom and self.from_edit.date() == EARLIEST:  # from « Tout »: this year
            self._set_dates(*RegisterPeriod.CUSTOM.days(self._today))
        elif not custom:
            self._show_period_days()
        self.changed.emit()

    def _show_period_days(self) -> None:
        self._set_dates(*self.period().days(self._today))

    def _set_dates(self, first: date | None, last: date | None) -> None:
        # « Tout »: from the first day offered to today.
        shown = (EARLIEST if first is None else to_qdate(first), to_qdate(last or self._today))
        for edit, day in zip((self.from_edit, self.to_edit), shown, strict=True):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)
