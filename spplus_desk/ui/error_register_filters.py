"""The register's filters: the period (with two dates for « Dates choisies »), the
procedure, the outcome, the agent, the search and the cancelled cases. They say which
``RegisterFilter`` the person asks for; ``changed`` fires when one is changed (the search
after a pause in typing)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QWidget

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.services.agents import list_agents
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.ui.choice_combo import refill_after_first
from spplus_desk.ui.contact_widgets import row_fits, shortcut_tip
from spplus_desk.ui.journal_view import JOURNAL_SHARE, SEARCH_PAUSE_MS
from spplus_desk.ui.period_filter import PeriodDates, RegisterPeriod
from spplus_desk.ui.search_field import SearchField

DEFAULT_PERIOD = RegisterPeriod.THIS_YEAR


def _uuid(value: Any) -> uuid.UUID | None:
    return value if isinstance(value, uuid.UUID) else None


class RegisterFilters(QWidget):
    changed = Signal()
    search_entered = Signal()  # Enter in the search: the register goes to the cases found

    def __init__(self, desk: Desk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)

        names = (
            self.tr("Période du registre"),
            self.tr("Du (découverts à partir du)"),
            self.tr("Au (découverts jusqu'au)"),
        )
        self._dates = PeriodDates(self, today, DEFAULT_PERIOD, names)
        self._dates.changed.connect(self.changed)
        self.period_combo = self._dates.period_combo
        self.from_edit = self._dates.from_edit
        self.to_edit = self._dates.to_edit
        # The register's last date also reads « début » at the earliest date offered.
        self.to_edit.setSpecialValueText(self.tr("début"))
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

    def _lay_out(self) -> None:
        period_label = self._dates.label
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
            *self._dates.controls(),
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
            refill_after_first(combo, entries)

    def set_today(self, today: date) -> bool:
        """The service's day moved on (past midnight); True when the dates changed."""
        return self._dates.set_today(today)

    def period(self) -> RegisterPeriod:
        return self._dates.period()

    # -- the filter ------------------------------------------------------------------

    def wanted(self) -> RegisterFilter:
        start, end = self._dates.days()
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
