"""The filters above the feedback list: the kind, the status (with « En retard »: the
replies still owed after their due date), the period of receipt — the register's
periods, the two date fields for « Dates choisies » — and the words searched.

The letters of the quick entry beside the tabs are taken (Type, Statut…): only the
period (Alt+P) and the search (Alt+C, Ctrl+F) have their own, as in the register.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QWidget

from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
    FeedbackStatus,
)
from spplus_desk.services.feedback import FeedbackFilter
from spplus_desk.ui.contact_widgets import row_fits, shortcut_tip
from spplus_desk.ui.date_edit import CALENDAR_KEY
from spplus_desk.ui.journal_view import JOURNAL_SHARE, SEARCH_PAUSE_MS
from spplus_desk.ui.period_filter import PeriodDates, RegisterPeriod
from spplus_desk.ui.search_field import SearchField

LATE = "late"  # the status filter's « En retard »: to answer, past the due date
LATE_LABEL = "En retard"
# Every entry by default: a few hundred a year, and the late ones may be old.
DEFAULT_PERIOD = RegisterPeriod.ALL


class FeedbackFilters(QWidget):
    changed = Signal()
    search_entered = Signal()  # Enter in the search: the list goes to the entries found

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.changed)

        self.kind_combo = self._combo("Filtrer par type d'avis", "Tous les types")
        for kind, label in FEEDBACK_KIND_LABELS.items():
            self.kind_combo.addItem(self.tr(label), kind.value)
        self.status_combo = self._combo("Filtrer par statut", "Tous les statuts")
        for status, label in FEEDBACK_STATUS_LABELS.items():
            self.status_combo.addItem(self.tr(label), status.value)
            if status is FeedbackStatus.TO_ANSWER:
                self.status_combo.addItem(self.tr(LATE_LABEL), LATE)
        self.status_combo.setItemData(
            self.status_combo.findData(LATE),
            self.tr("À répondre, et la date de réponse est passée"),
            Qt.ItemDataRole.ToolTipRole,
        )
        names = (
            self.tr("Période de réception"),
            self.tr("Reçus à partir du"),
            self.tr("Reçus jusqu'au"),
        )
        self._dates = PeriodDates(self, today, DEFAULT_PERIOD, names)
        self._dates.changed.connect(self.changed)
        self.period_combo = self._dates.period_combo
        self.from_edit = self._dates.from_edit
        self.to_edit = self._dates.to_edit
        for edit in (self.from_edit, self.to_edit):
            shortcut_tip(edit, "", CALENDAR_KEY)
        self.search_edit = SearchField(
            self,
            self.tr("Rechercher dans les avis"),
            self.tr("Texte, personne ou réponse (Ctrl+F)"),
            self.tr("Cherche les mots dans le texte de l'avis, la personne et la réponse"),
        )
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.search_entered)
        self._lay_out()

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr(name))
        combo.setToolTip(self.tr(name))
        combo.addItem(self.tr(everything), None)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _lay_out(self) -> None:
        period_label = self._dates.label
        to_label = QLabel(self.tr("au"))
        to_label.setBuddy(self.to_edit)
        search_label = QLabel(self.tr("Re&chercher :"))
        search_label.setBuddy(self.search_edit)
        shortcut_tip(self.search_edit, search_label.text(), "Ctrl+F")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        dates = QHBoxLayout()
        for widget in (self.from_edit, to_label, self.to_edit):
            dates.addWidget(widget)
        dates.addStretch(1)
        wide = [self.period_combo, self.from_edit, self.to_edit, self.search_edit]
        if row_fits([*wide, self.kind_combo, self.status_combo], share=JOURNAL_SHARE):
            period = QHBoxLayout()
            period.addWidget(self.period_combo)
            period.addLayout(dates)
            grid.addWidget(period_label, 0, 0)
            grid.addLayout(period, 0, 1)
            grid.addWidget(search_label, 0, 2)
            grid.addWidget(self.search_edit, 0, 3)
            combos = QHBoxLayout()
            combos.addWidget(self.kind_combo, stretch=1)
            combos.addWidget(self.status_combo, stretch=1)
            grid.addLayout(combos, 1, 1, 1, 3)
            grid.setColumnStretch(3, 1)
        else:  # large text, narrow screens: one control per line
            grid.addWidget(period_label, 0, 0)
            grid.addWidget(self.period_combo, 0, 1)
            grid.addLayout(dates, 1, 1)
            grid.addWidget(search_label, 2, 0)
            grid.addWidget(self.search_edit, 2, 1)
            grid.addWidget(self.kind_combo, 3, 1)
            grid.addWidget(self.status_combo, 4, 1)
            grid.setColumnStretch(1, 1)

    def controls(self) -> list[QWidget]:
        """In reading order, for the panel's tab chain."""
        return [*self._dates.controls(), self.search_edit, self.kind_combo, self.status_combo]

    # -- the filter ------------------------------------------------------------------

    def set_today(self, today: date) -> bool:
        """The service's day moved on (past midnight); True when the filter changed."""
        if today == self._today:
            return False
        self._today = today
        # « En retard » is counted from today even for chosen dates.
        return self._dates.set_today(today) or bool(self.status_combo.currentData() == LATE)

    def period(self) -> RegisterPeriod:
        return self._dates.period()

    def show_late(self) -> None:
        """Only the replies owed and late, received any day."""
        for combo, index in (
            (self.kind_combo, 0),
            (self.status_combo, self.status_combo.findData(LATE)),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self._dates.choose(RegisterPeriod.ALL)  # one ``changed`` for the three

    def wanted(self) -> FeedbackFilter:
        status: Any = self.status_combo.currentData()
        kind: Any = self.kind_combo.currentData()
        first, last = self._dates.days()
        return FeedbackFilter(
            # Qt gives stored enums back as plain values: they are kept as such here.
            kind=None if kind is None else FeedbackKind(kind),
            status=None if status in (None, LATE) else FeedbackStatus(status),
            first_day=first,
            last_day=last,
            late_on=self._today if status == LATE else None,
            text=self.search_edit.text(),
        )

    def stop_search_timer(self) -> None:
        self._search_timer.stop()
