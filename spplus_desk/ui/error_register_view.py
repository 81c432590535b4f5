"""The right-to-error register, a tab of the main window (« Droit à l'erreur »).

Above, the filters; in the middle, the cases (Enter or a double-click opens one in the
case form, a click on a header sorts in SQL); below, the statistics of the period by
procedure and outcome, and the buttons: a new case, the leaflet to hand to a person, the
CSV file. The rows are read when the tab is shown, the count and the statistics in the
background.

``open_case_form`` is also how the contact dialog, the request view and the board open
the case form.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.error_case import ErrorCaseRecord
from spplus_desk.domain.error_register import CaseOrigin, RegisterColumn, RegisterStats
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import register_count, register_stats
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import scrolled, tab_chain
from spplus_desk.ui.error_register_actions import RegisterActions
from spplus_desk.ui.error_register_filters import RegisterFilters
from spplus_desk.ui.error_register_model import COLUMNS, RegisterModel
from spplus_desk.ui.error_register_stats import RegisterStatsBox
from spplus_desk.ui.read_when_shown import ReadWhenShown
from spplus_desk.ui.row_opener import RowOpener, list_table

if TYPE_CHECKING:
    from spplus_desk.ui.error_case_dialog import ErrorCaseDialog

# « Droit à l'&erreur » would take Alt+E from the quick entry's « Not&es », and every
# other letter of the title is taken too: Alt+À, a key of French keyboards.
TAB_TITLE = "Droit &à l'erreur"
TAB_TIP = "Le registre des cas du droit à l'erreur et ses statistiques (Alt+À)"
# What each column is sized for (the last one, « Agent », takes the rest); the late
# regularisations are in bold.
COLUMN_SAMPLES = {
    RegisterColumn.DISCOVERED: "00/00/0000",
    RegisterColumn.PROCEDURE: "Prestations sociales (aides",
    RegisterColumn.NATURE: "Déclaration inexacte",
    RegisterColumn.PERSON: "non communiqué",
    RegisterColumn.OUTCOME: "Sanction maintenue",
    RegisterColumn.REGULARISATION: "Attendue au 00/00/0000 (en retard)",
}
CELL_PADDING = 8
_Counts = tuple[int, RegisterStats]


def open_case_form(
    parent: QWidget,
    desk: Desk,
    login: str,
    zone: ZoneInfo,
    *,
    case_id: uuid.UUID | None = None,
    origin: CaseOrigin | None = None,
) -> ErrorCaseDialog:
    """The case form, opened window-modal (non-blocking); a case that cannot be read
    raises the service's UserError before any window appears."""
    from spplus_desk.ui.error_case_dialog import ErrorCaseDialog

    dialog = ErrorCaseDialog(desk, login, zone, case_id=case_id, origin=origin, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def add_register_tab(
    tabs: QTabWidget, index: int, desk: Desk, login: str, zone: ZoneInfo
) -> ErrorRegisterPanel:
    """The register's tab at ``index`` of the main window's tabs."""
    panel = ErrorRegisterPanel(desk, login, zone)
    position = tabs.insertTab(index, panel, panel.tr(TAB_TITLE))
    tabs.setTabToolTip(position, panel.tr(TAB_TIP))
    return panel


class ErrorRegisterPanel(QWidget):
    cases_changed = Signal()  # a case was saved from the register: the board may follow

    def __init__(
        self, desk: Desk, login: str, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk, self._login, self._zone = desk, login, zone
        self._reader = ReadWhenShown(self)
        self._reader.read_now.connect(self._reload)
        self._generation = self._counted = 0
        self.setAccessibleName(self.tr("Registre du droit à l'erreur"))
        self.filters = RegisterFilters(desk, self._today())
        self.filters.changed.connect(self.apply_filters)
        self.filters.search_entered.connect(self._on_filters_search_entered)
        self.model = RegisterModel(desk, self.filters.wanted())
        self._build_table()
        self.stats = RegisterStatsBox()
        self.action_bar = RegisterActions(desk, self._today, self.filters.wanted)
        self.action_bar.new_requested.connect(lambda: self.open_case(None))
        self.action_bar.refresh_requested.connect(self.refresh)
        self.action_bar.add_shortcuts(self)
        self._lay_out()

    # -- building --------------------------------------------------------------------

    def _build_table(self) -> None:
        self.table = list_table(self.model)
        self.table.setAccessibleName(self.tr("Cas du registre"))
        self.table.setToolTip(
            self.tr("Entrée ou double-clic : ouvrir le cas ; clic sur un en-tête : trier")
        )
        self.table.setAccessibleDescription(self.tr("Entrée ou double-clic : ouvrir le cas"))
        header = self.table.horizontalHeader()
        bold = QFont(self.table.font())
        bold.setBold(True)
        for column, sample in COLUMN_SAMPLES.items():
            section = COLUMNS.index(column)
            title = str(self.model.headerData(section, Qt.Orientation.Horizontal))
            # The title with room for the sort arrow, or the sample, whichever is wider.
            width = max(
                QFontMetrics(bold).horizontalAdvance(sample),
                header.fontMetrics().horizontalAdvance(title) + header.fontMetrics().height(),
            )
            self.table.setColumnWidth(section, width + 2 * CELL_PADDING)
        header.setSortIndicator(
            COLUMNS.index(RegisterColumn.DISCOVERED), Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        RowOpener(self.table, self._open_row)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Nombre de cas affichés"))
        self.count_label.setWordWrap(True)

    def _lay_out(self) -> None:
        cases = QWidget()
        cases_box = QVBoxLayout(cases)
        cases_box.setContentsMargins(0, 0, 0, 0)
        cases_box.addWidget(self.table, stretch=1)
        cases_box.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(cases)
        self.splitter.addWidget(scrolled(self.stats))  # large text: it scrolls
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # as the journal's, in the same tabs
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, stretch=1)
        layout.addWidget(self.action_bar)
        tab_chain(
            [*self.filters.controls(), self.table, self.stats.table, *self.action_bar.buttons]
        )

    # -- reading ---------------------------------------------------------------------

    def _today(self) -> date:
        return self._desk.clock.now().astimezone(self._zone).date()

    @property
    def busy(self) -> bool:
        """The count and the statistics are being read (tests wait for the end)."""
        return self._counted != self._generation

    def refresh(self) -> None:
        """Read the register again (a case saved here or elsewhere); a hidden register
        reads when it is shown next."""
        self._reader.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reader.shown()

    def _reload(self) -> None:
        if self.filters.set_today(self._today()):  # past midnight: the periods moved
            self.apply_filters()
            return
        try:
            self.model.reload()
        except UserError as error:
            self.action_bar.warn(error.message)
            return
        self._count()

    def reload_choices(self) -> None:
        """The procedures or agents were edited: the filters offer them."""
        self.filters.reload_choices()

    def apply_filters(self) -> None:
        """Show the cases the filters describe, or say why they cannot be shown."""
        self.filters.stop_search_timer()
        try:
            self.model.set_filter(self.filters.wanted())
        except UserError as error:
            self.count_label.setText(f"⚠ {error.message}")
            return
        self._count()

    def _on_filters_search_entered(self) -> None:
        self.apply_filters()
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def _count(self) -> None:
        self._generation += 1
        generation, desk, wanted = self._generation, self._desk, self.model.current_filter
        self.count_label.setText(self.tr("Comptage des cas…"))
        self.stats.show_reading(wanted.start, wanted.end)

        def read() -> _Counts:
            return register_count(desk, wanted), register_stats(desk, wanted.start, wanted.end)

        run_in_background(
            read,
            lambda counts: self._on_counted(generation, counts),
            lambda error: self._on_counted(generation, error),
        )

    def _on_counted(self, generation: int, counts: _Counts | BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return  # the panel is gone, or the filters changed since
        self._counted = generation
        if isinstance(counts, UserError):
            self.count_label.setText(f"⚠ {counts.message}")
            self.stats.show_problem(counts.message)
        elif isinstance(counts, BaseException):
            raise counts  # a bug: reported by the app's exception hook
        else:
            total, stats = counts
            self.count_label.setText(count_text(total, self.tr("cas"), self.tr("cas")))
            self.stats.show_stats(stats)

    # -- opening a case --------------------------------------------------------------

    def open_case(self, case_id: uuid.UUID | None) -> None:
        """The case form: a new case, or the one chosen; the register follows a save."""
        try:
            dialog = open_case_form(self, self._desk, self._login, self._zone, case_id=case_id)
        except UserError as error:  # gone since the register was read
            self.action_bar.warn(error.message)
            self.refresh()
            return
        dialog.case_saved.connect(self._on_case_saved)

    def _on_case_saved(self, record: ErrorCaseRecord) -> None:
        if not isValid(self):
            return
        self.action_bar.tell(
            self.tr("Registre mis à jour : cas « %1 » découvert le %2.")
            .replace("%1", record.procedure)
            .replace("%2", f"{record.draft.discovered_on:%d/%m/%Y}")
        )
        self.refresh()
        row = self.model.row_of(record.id)
        if row is not None:
            self.table.selectRow(row)
        self.cases_changed.emit()

    def _open_row(self, row: int) -> None:
        self.open_case(self.model.case_id(row))
