"""The register's filters: the period (with two dates for « Dates choisies »), the
procedure, the outcome, the agent, the search and the cancelled cases. They say which
``RegisterFilter`` the person asks for; ``changed`` fires when one is changed (the search
after a pause in typing)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.services.agents import list_agents
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import row_fits, shortcut_tip
from spplus_desk.ui.date_edit import date_edit, to_date, to_qdate
from spplus_desk.ui.journal_view import JOURNAL_SHARE, SEARCH_PAUSE_MS
from spplus_desk.ui.search_field import SearchField

# The first day a date field offers; shown as « début » (no lower bound).
EARLIEST = QDate(2000, 1, 1)


class RegisterPeriod(Enum):
    """Cases are rarer than contacts: the register's periods are longer than the
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


DEFAULT_PERIOD = RegisterPeriod.THIS_YEAR


def _uuid(value: Any) -> uuid.UUID | None:
    return value if isinstance(value, uuid.UUID) else None


class RegisterFilters(QWidget):
    changed = Signal()
    search_entered = Signal()  # Enter in the search: the register goes to the cases found

    def __init__(self, desk: Desk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._today = today
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Période du registre"))
        for period in RegisterPeriod:
            self.period_combo.addItem(self.tr(period.value), period)
        self.period_combo.setCurrentIndex(list(RegisterPeriod).index(DEFAULT_PERIOD))
        self.from_edit = self._date_edit("Du (découverts à partir du)")
        self.to_edit = self._date_edit("Au (découverts jusqu'au)")
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)
        self.procedure_combo = self._combo("Filtrer par démarche", "Toutes les démarches")
        self.outcome_combo = self._combo("Filtrer par issue", "Toutes les issues")
        for outcome in CaseOutcome:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome], outcome)
        self.agent_combo = self._combo("Filtrer par agent", "Tous les agents")
        self.reload_choices()

        # Ctrl+F only while the register is shown: the journal's is its own.
        self.search_edit = SearchField(
            self,
            self.tr("Rechercher dans le registre"),
            self.tr("Personne, notes ou démarche (Ctrl+F)"),
            self.tr("Cherche les mots dans la personne, les notes et la démarche"),
        )
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.search_entered)

        self.cancelled_check = QCheckBox(self.tr("Afficher les cas annu&lés"))
        self.cancelled_check.setAccessibleName(self.tr("Afficher les cas annulés"))
        self.cancelled_check.setToolTip(
            self.tr("Montre aussi les cas annulés, marqués « (annulé) » (Alt+L)")
        )
        self.cancelled_check.toggled.connect(self.changed)
        self._lay_out()
        self._show_period_days()

    # -- building --------------------------------------------------------------------

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr(name))
        combo.setToolTip(self.tr(name))
        # Long procedures must not widen the filters past the window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.addItem(self.tr(everything), None)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        """For « Dates choisies »; its earliest date reads « début »: no lower bound."""
        edit = date_edit(self.tr(name), self._today)
        edit.setToolTip(self.tr("%1, pour « Dates choisies »").replace("%1", self.tr(name)))
        edit.setMinimumDate(EARLIEST)
        edit.setSpecialValueText(self.tr("début"))
        edit.setEnabled(False)
        edit.dateChanged.connect(self.changed)
        return edit

    def _lay_out(self) -> None:
        period_label = QLabel(self.tr("&Période :"))
        period_label.setBuddy(self.period_combo)
        shortcut_tip(self.period_combo, period_label.text())
        search_label = QLabel(self.tr("Re&chercher :"))
        search_label.setBuddy(self.search_edit)
        shortcut_tip(self.search_edit, search_label.text(), "Ctrl+F")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        # Two lines on a wide screen; stacked in two columns when they would crowd out
        # the quick entry (200 % font, laptops).
        first_line = [period_label, self.period_combo, self.from_edit, self.to_edit]
        first_line += [search_label, self.search_edit]
        if row_fits(first_line, share=JOURNAL_SHARE):
            for column, widget in enumerate(first_line):
                grid.addWidget(widget, 0, column)
            # The procedures are the longest names: they get the most room.
            combos = QHBoxLayout()
            for combo, share in ((self.procedure_combo, 3), (self.outcome_combo, 2)):
                combos.addWidget(combo, stretch=share)
            combos.addWidget(self.agent_combo, stretch=2)
            grid.addLayout(combos, 1, 1, 1, 5)
            grid.addWidget(self.cancelled_check, 2, 1, 1, 5)
            grid.setColumnStretch(5, 1)
        else:
            grid.addWidget(period_label, 0, 0)
            grid.addWidget(self.period_combo, 0, 1, 1, 2)
            grid.addWidget(self.from_edit, 1, 1)
            grid.addWidget(self.to_edit, 1, 2)
            grid.addWidget(search_label, 2, 0)
            grid.addWidget(self.search_edit, 2, 1, 1, 2)
            grid.addWidget(self.procedure_combo, 3, 1)
            grid.addWidget(self.outcome_combo, 3, 2)
            grid.addWidget(self.agent_combo, 4, 1)
            grid.addWidget(self.cancelled_check, 5, 1, 1, 2)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)

    def controls(self) -> list[QWidget]:
        """In reading order, for the panel's tab chain."""
        return [
            self.period_combo,
            self.from_edit,
            self.to_edit,
            self.search_edit,
            self.procedure_combo,
            self.outcome_combo,
            self.agent_combo,
            self.cancelled_check,
        ]

    # -- choices and period ----------------------------------------------------------

    def reload_choices(self) -> None:
        """Read the procedures and agents again (after a lead edited them)."""
        retired = self.tr("(retirée)")
        for combo, entries in (
            (
                self.procedure_combo,
                [
                    (p.label if p.active else f"{p.label} {retired}", p.id)
                    for p in list_choices(self._desk, PROCEDURES, include_retired=True)
                ],
            ),
            (self.agent_combo, [(a.name, a.id) for a in list_agents(self._desk)]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in entries:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, data_index(combo, chosen)))
            combo.blockSignals(False)

    def set_today(self, today: date) -> bool:
        """The service's day moved on (past midnight); True when the dates changed."""
        if today == self._today:
            return False
        self._today = today
        if self.period() is RegisterPeriod.CUSTOM:
            return False
        self._show_period_days()
        return True

    def period(self) -> RegisterPeriod:
        return RegisterPeriod(self.period_combo.currentData())

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
        # « Tout »: from the beginning of the register to today.
        shown = (EARLIEST if first is None else to_qdate(first), to_qdate(last or self._today))
        for edit, day in zip((self.from_edit, self.to_edit), shown, strict=True):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    # -- the filter ------------------------------------------------------------------

    def wanted(self) -> RegisterFilter:
        start: date | None = None
        end: date | None = None
        if self.period() is not RegisterPeriod.ALL:
            start = None if self.from_edit.date() == EARLIEST else to_date(self.from_edit.date())
            end = to_date(self.to_edit.date())
        outcome = self.outcome_combo.currentData()
        return RegisterFilter(
            start=start,
            end=end,
            procedure_id=_uuid(self.procedure_combo.currentData()),
            # Qt gives stored enums back as their plain values: rebuilt here.
            outcome=None if outcome is None else CaseOutcome(outcome),
            agent_id=_uuid(self.agent_combo.currentData()),
            search=self.search_edit.text(),
            include_cancelled=self.cancelled_check.isChecked(),
        )

    def stop_search_timer(self) -> None:
        self._search_timer.stop()
