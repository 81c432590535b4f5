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
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QWidget

from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
    FeedbackStatus,
)
from spplus_desk.services.feedback import FeedbackFilter
from spplus_desk.ui.contact_widgets import row_fits, shortcut_tip
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, to_date, to_qdate
from spplus_desk.ui.error_register_filters import EARLIEST, RegisterPeriod
from spplus_desk.ui.journal_view import JOURNAL_SHARE, SEARCH_PAUSE_MS
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
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Période de réception"))
        self.period_combo.setToolTip(self.tr("Période de réception"))
        for period in RegisterPeriod:
            self.period_combo.addItem(self.tr(period.value), period)
        self.period_combo.setCurrentIndex(list(RegisterPeriod).index(DEFAULT_PERIOD))
        self.period_combo.currentIndexChanged.connect(self._on_period_combo_changed)
        self.from_edit = self._date_edit("Reçus à partir du")
        self.from_edit.setSpecialValueText(self.tr("début"))
        self.to_edit = self._date_edit("Reçus jusqu'au")
        self.search_edit = SearchField(
            self,
            self.tr("Rechercher dans les avis"),
            self.tr("Texte, personne ou réponse (Ctrl+F)"),
            self.tr("Cherche les mots dans le texte de l'avis, la personne et la réponse"),
        )
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.search_entered)
        self._lay_out()
        self._show_period_days()

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr(name))
        combo.setToolTip(self.tr(name))
        combo.addItem(self.tr(everything), None)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        """For « Dates choisies »; the earliest date reads « début »: no lower bound."""
        edit = date_edit(self.tr(name), self._today)
        edit.setToolTip(self.tr("%1, pour « Dates choisies »").replace("%1", self.tr(name)))
        shortcut_tip(edit, "", CALENDAR_KEY)
        edit.setMinimumDate(EARLIEST)
        edit.setEnabled(False)
        edit.dateChanged.connect(self.changed)
        return edit

    def _lay_out(self) -> None:
        period_label = QLabel(self.tr("&Période :"))
        period_label.setBuddy(self.period_combo)
        shortcut_tip(self.period_combo, period_label.text())
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
        return [
            self.period_combo,
            self.from_edit,
            self.to_edit,
            self.search_edit,
            self.kind_combo,
            self.status_combo,
        ]

    # -- the filter ------------------------------------------------------------------

    def set_today(self, today: date) -> bool:
        """The service's day moved on (past midnight); True when the filter changed."""
        if today == self._today:
            return False
        self._today = today
        if self.period() is not RegisterPeriod.CUSTOM:
            self._show_period_days()
            return True
        return bool(self.status_combo.currentData() == LATE)

    def period(self) -> RegisterPeriod:
        return RegisterPeriod(self.period_combo.currentData())

    def show_late(self) -> None:
        """Only the replies owed and late, received any day."""
        for combo, index in (
            (self.period_combo, list(RegisterPeriod).index(RegisterPeriod.ALL)),
            (self.kind_combo, 0),
            (self.status_combo, self.status_combo.findData(LATE)),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self._on_period_combo_changed()

    def _on_period_combo_changed(self) -> None:
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
        shown = (EARLIEST if first is None else to_qdate(first), to_qdate(last or self._today))
        for edit, day in zip((self.from_edit, self.to_edit), shown, strict=True):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    def wanted(self) -> FeedbackFilter:
        status: Any = self.status_combo.currentData()
        kind: Any = self.kind_combo.currentData()
        first: date | None = None
        last: date | None = None
        if self.period() is not RegisterPeriod.ALL:  # « Tout »: what comes today too
            from_day = self.from_edit.date()
            first = None if from_day == EARLIEST else to_date(from_day)
            last = to_date(self.to_edit.date())
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
