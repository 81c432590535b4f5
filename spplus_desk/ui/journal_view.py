"""The journal panel: today's contacts by default, filters, search, and the table.

Enter or a double-click on a row asks to open the contact (``open_contact``); the main
window shows its detail. Filters apply at once; the search waits for a pause in typing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.journal import JournalColumn, JournalFilter
from spplus_desk.domain.labels import CHANNEL_LABELS, OUTCOME_LABELS
from spplus_desk.services.agents import list_agents
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.services.journal import count_contacts, service_today
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.choice_combo import refill_after_first
from spplus_desk.ui.contact_widgets import row_fits, shortcut_tip
from spplus_desk.ui.date_edit import to_qdate
from spplus_desk.ui.journal_model import COLUMNS, JournalModel
from spplus_desk.ui.row_opener import RowOpener
from spplus_desk.ui.search_field import SearchField

SEARCH_PAUSE_MS = 300
# The journal's share of the screen's width beside the quick entry.
JOURNAL_SHARE = 0.55


class Period(Enum):
    TODAY = "Aujourd'hui"
    YESTERDAY = "Hier"
    LAST_7_DAYS = "7 derniers jours"
    THIS_MONTH = "Ce mois-ci"
    LAST_12_MONTHS = "12 derniers mois"
    CUSTOM = "Période choisie…"

    def days(self, today: date) -> tuple[date, date]:
        if self is Period.YESTERDAY:
            return today - timedelta(days=1), today - timedelta(days=1)
        if self is Period.LAST_7_DAYS:
            return today - timedelta(days=6), today
        if self is Period.THIS_MONTH:
            return today.replace(day=1), today
        if self is Period.LAST_12_MONTHS:
            # The day after the same date last year (28 February for a 29th).
            day = min(today.day, 28) if today.month == 2 else today.day
            return today.replace(year=today.year - 1, day=day) + timedelta(days=1), today
        return today, today


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


_T = TypeVar("_T")


class JournalPanel(QWidget):
    open_contact = Signal(object)  # the contact's uuid.UUID

    def __init__(self, desk: Desk, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setAccessibleName(self.tr("Journal des contacts"))
        self._today = service_today(desk)
        self.model = JournalModel(desk, zone, JournalFilter.day(self._today))
        self._count_generation = self._counted_generation = 0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._build_filters()
        self._build_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filters)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.status_label)
        self._update_status()

    # -- building --------------------------------------------------------------------

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr(name))
        # Long motifs must not widen the filters past the window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.addItem(self.tr(everything), None)
        combo.currentIndexChanged.connect(self.apply_filters)
        return combo

    def _build_filters(self) -> None:
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Période du journal"))
        for period in Period:
            self.period_combo.addItem(self.tr(period.value), period)
        self.from_edit = self._date_edit("Du (premier jour affiché)")
        self.to_edit = self._date_edit("Au (dernier jour affiché)")
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)

        self.channel_combo = self._combo("Filtrer par canal", "Tous les canaux")
        for channel in Channel:
            self.channel_combo.addItem(CHANNEL_LABELS[channel], channel)
        self.motif_combo = self._combo("Filtrer par motif", "Tous les motifs")
        self.outcome_combo = self._combo("Filtrer par suite donnée", "Toutes les suites")
        for outcome in ContactOutcome:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome].rstrip("…"), outcome)
        self.agent_combo = self._combo("Filtrer par agent", "Tous les agents")
        self.reload_choices()

        self.search_edit = SearchField(
            self,
            self.tr("Rechercher dans le journal"),
            self.tr("Nom, notes ou motif (Ctrl+F)"),
            self.tr("Cherche les mots dans le nom de la personne, les notes et le motif"),
        )
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._search_now)

        self.cancelled_check = QCheckBox(self.tr("Afficher les contacts annu&lés"))
        self.cancelled_check.setAccessibleName(self.tr("Afficher les contacts annulés"))
        self.cancelled_check.toggled.connect(self.apply_filters)

        grid = QGridLayout()
        period_label = QLabel(self.tr("&Période :"))
        period_label.setBuddy(self.period_combo)
        shortcut_tip(self.period_combo, period_label.text())
        self.from_edit.setToolTip(self.tr("Premier jour affiché, pour « Dates choisies »"))
        self.to_edit.setToolTip(self.tr("Dernier jour affiché, pour « Dates choisies »"))
        for combo in (self.channel_combo, self.motif_combo, self.outcome_combo, self.agent_combo):
            combo.setToolTip(combo.accessibleName())
        self.cancelled_check.setToolTip(
            self.tr("Montre aussi les contacts annulés ou retirés (Alt+L)")
        )
        search_label = QLabel(self.tr("Re&chercher :"))
        search_label.setBuddy(self.search_edit)
        shortcut_tip(self.search_edit, search_label.text(), "Ctrl+F")
        # On a wide screen the filters take two lines; when they would crowd out the
        # quick entry (200 % font, laptops) they stack in two columns instead.
        first_line = [period_label, self.period_combo, self.from_edit, self.to_edit]
        first_line += [search_label, self.search_edit, self.cancelled_check]
        if row_fits(first_line, share=JOURNAL_SHARE):
            grid.addWidget(period_label, 0, 0)
            grid.addWidget(self.period_combo, 0, 1)
            grid.addWidget(self.from_edit, 0, 2)
            grid.addWidget(self.to_edit, 0, 3)
            grid.addWidget(search_label, 0, 4)
            grid.addWidget(self.search_edit, 0, 5)
            grid.addWidget(self.cancelled_check, 0, 6)
            grid.addWidget(self.channel_combo, 1, 1)
            grid.addWidget(self.motif_combo, 1, 2, 1, 2)
            grid.addWidget(self.outcome_combo, 1, 4, 1, 2)
            grid.addWidget(self.agent_combo, 1, 6)
            grid.setColumnStretch(5, 1)
        else:
            grid.addWidget(period_label, 0, 0)
            grid.addWidget(self.period_combo, 0, 1, 1, 2)
            grid.addWidget(self.from_edit, 1, 1)
            grid.addWidget(self.to_edit, 1, 2)
            grid.addWidget(search_label, 2, 0)
            grid.addWidget(self.search_edit, 2, 1, 1, 2)
            grid.addWidget(self.channel_combo, 3, 1)
            grid.addWidget(self.motif_combo, 3, 2)
            grid.addWidget(self.outcome_combo, 4, 1)
            grid.addWidget(self.agent_combo, 4, 2)
            grid.addWidget(self.cancelled_check, 5, 1, 1, 2)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)
        self._filters = grid
        self._show_period_days()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(self.tr(name))
        inner = edit.findChild(QLineEdit)  # screen readers may land on the inner field
        if inner is not None:
            inner.setAccessibleName(self.tr(name))
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setDate(to_qdate(self._today))
        edit.setEnabled(False)
        edit.dateChanged.connect(self.apply_filters)
        return edit

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contacts du journal"))
        self.table.setToolTip(
            self.tr("Entrée ou double-clic : ouvrir le contact ; clic sur un en-tête : trier")
        )
        self.table.setAccessibleDescription(
            self.tr("Entrée ou double-clic : ouvrir le contact et son historique")
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, chars in ((JournalColumn.MOTIF, 24), (JournalColumn.OUTCOME, 22)):
            width = self.fontMetrics().averageCharWidth() * chars
            self.table.setColumnWidth(COLUMNS.index(column), width)
        header.setSortIndicator(COLUMNS.index(JournalColumn.TIME), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        RowOpener(self.table, self._open_row)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Nombre de contacts affichés"))
        self.status_label.setWordWrap(True)

    # -- choices and filters ---------------------------------------------------------

    def reload_choices(self) -> None:
        """Read the motifs and agents again (after a lead edited them)."""
        for combo, entries in (
            (
                self.motif_combo,
                [
                    (m.label if m.active else f"{m.label} {self.tr('(retiré)')}", m.id)
                    for m in list_choices(self._desk, MOTIFS, include_retired=True)
                ],
            ),
            (self.agent_combo, [(a.name, a.id) for a in list_agents(self._desk)]),
        ):
            refill_after_first(combo, entries)

    def _on_period_chosen(self) -> None:
        custom = self.period_combo.currentData() is Period.CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            self._show_period_days()
        self.apply_filters()

    def _show_period_days(self) -> None:
        first, last = Period(self.period_combo.currentData()).days(self._today)
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)

    def wanted(self) -> JournalFilter:
        def chosen(combo: QComboBox, kind: Callable[[Any], _T]) -> frozenset[_T]:
            # Qt gives stored enums back as their plain values: rebuilt with ``kind``.
            value = combo.currentData()
            return frozenset() if value is None else frozenset({kind(value)})

        return JournalFilter(
            first_day=_pydate(self.from_edit.date()),
            last_day=_pydate(self.to_edit.date()),
            channels=chosen(self.channel_combo, Channel),
            outcomes=chosen(self.outcome_combo, ContactOutcome),
            motif_ids=chosen(self.motif_combo, _uuid),
            agent_ids=chosen(self.agent_combo, _uuid),
            text=self.search_edit.text(),
            include_cancelled=self.cancelled_check.isChecked(),
        )

    def apply_filters(self) -> None:
        """Show the contacts the filters describe, or say why they cannot be shown."""
        self._search_timer.stop()
        try:
            self.model.set_filter(self.wanted())
        except UserError as error:
            self.status_label.setText(str(error))
            return
        self._update_status()

    def refresh(self) -> None:
        """Read the journal again: a contact was saved, corrected or undone."""
        today = service_today(self._desk)
        if today != self._today:  # past midnight: "Aujourd'hui" is another day
            self._today = today
            if self.period_combo.currentData() is not Period.CUSTOM:
                self._show_period_days()
                self.apply_filters()
                return
        self.model.reload()
        self._update_status()

    @property
    def counting(self) -> bool:
        return self._counted_generation != self._count_generation

    def _update_status(self) -> None:
        """Count the contacts in the background: over a year it takes longer than
        showing the first rows, which must not wait for it."""
        self._count_generation += 1
        generation = self._count_generation
        wanted = self.model.current_filter
        desk = self._desk
        self.status_label.setText(self.tr("Comptage des contacts…"))
        run_in_background(
            lambda: count_contacts(desk, wanted),
            lambda total: self._show_count(generation, total),
            lambda error: self._show_count(generation, error),
        )

    def _show_count(self, generation: int, total: int | BaseException) -> None:
        if not isValid(self) or generation != self._count_generation:
            return  # the panel is gone, or the filters changed since
        self._counted_generation = generation
        if isinstance(total, UserError):
            self.status_label.setText(str(total))
        elif isinstance(total, BaseException):
            raise total  # a bug: reported by the app's exception hook
        else:
            self.status_label.setText(count_text(total, self.tr("contact"), self.tr("contacts")))

    def _search_now(self) -> None:
        self.apply_filters()
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def select_contact(self, contact_id: uuid.UUID) -> None:
        row = self.model.row_of(contact_id)
        if row is not None:
            self.table.selectRow(row)

    # -- opening a contact -----------------------------------------------------------

    def _open_row(self, row: int) -> None:
        self.open_contact.emit(self.model.contact_id(row))
