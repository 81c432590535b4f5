"""The listening tab of the main window: what users told the service, and what it did.

« Avis reçus »: how many replies are owed and how many are late, the filters, and the
complaints, suggestions and compliments the newest first (Enter or a double-click opens
one; Ctrl+N records a new one). « Améliorations »: the actions « Vous nous avez dit… /
Nous avons fait… » (improvement_list.py).

A service receives a few hundred entries a year: a page of the list and the two counts
are a few indexed reads, done when the tab is shown (as the case form's, well under the
50 ms that would call for a background job).
"""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.enums import Role
from spplus_desk.domain.error_register import CaseOrigin
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import FeedbackRecord
from spplus_desk.domain.formatting import format_int
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import open_feedback_counts
from spplus_desk.ui.action_bar import ActionBar, add_shortcuts
from spplus_desk.ui.contact_widgets import named_button, tab_chain
from spplus_desk.ui.feedback_dialog import FeedbackDialog
from spplus_desk.ui.feedback_filters import FeedbackFilters
from spplus_desk.ui.feedback_model import COLUMNS, FeedbackColumn, FeedbackModel
from spplus_desk.ui.improvement_list import ImprovementList
from spplus_desk.ui.read_when_shown import ReadWhenShown
from spplus_desk.ui.row_opener import RowOpener, list_table

# Every letter of « Avis des usagers » is taken beside the tabs (the quick entry's
# Arri&vée, Not&es, Co&urriel…, the menus' &Aide and &Gestion): Alt+É, a key of French
# keyboards, as the register's Alt+À.
TAB_TITLE = "&Écoute des usagers"
TAB_TIP = "Avis des usagers (réclamations, suggestions, compliments) et améliorations (Alt+É)"
# The widest usual value of each column, measured in the table's font; « Avis » gets
# room for a sentence and « Agent » takes the rest.
COLUMN_SAMPLES = {
    FeedbackColumn.RECEIVED: "00/00/0000",
    FeedbackColumn.KIND: "Réclamation",
    FeedbackColumn.CHANNEL: "Accueil physique",
    FeedbackColumn.PERSON: "Raphaël Trabelsi",
    FeedbackColumn.TEXT: "Trop d'attente le lundi matin, avec un seul guichet",
    FeedbackColumn.DUE: "Réponse due le",
    FeedbackColumn.STATUS: "⚠ En retard (à répondre)",
}
CELL_MARGIN = 24  # the cell's padding and the sort indicator


def open_feedback_form(
    parent: QWidget,
    desk: Desk,
    login: str,
    zone: ZoneInfo,
    *,
    feedback_id: uuid.UUID | None = None,
    origin: CaseOrigin | None = None,
) -> FeedbackDialog:
    """The feedback form, window-modal (non-blocking); an entry that cannot be read
    raises the service's UserError before any window appears."""
    dialog = FeedbackDialog(
        desk, login, zone, feedback_id=feedback_id, origin=origin, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def add_feedback_tab(
    tabs: QTabWidget, index: int, desk: Desk, login: str, zone: ZoneInfo, role: Role | None
) -> FeedbackPanel:
    """The listening tab at ``index`` of the main window's tabs; ``role`` is the agent's
    (None for a login that is no agent)."""
    panel = FeedbackPanel(desk, login, zone, role)
    position = tabs.insertTab(index, panel, panel.tr(TAB_TITLE))
    tabs.setTabToolTip(position, panel.tr(TAB_TIP))
    return panel


class FeedbackActions(ActionBar):
    def __init__(self) -> None:
        super().__init__()
        self.new_button = named_button(
            self.tr("Nouvel avis…"),
            self.tr("Enregistrer une réclamation, une suggestion ou un compliment"),
            "Ctrl+N",
        )
        self.late_button = named_button(
            self.tr("Avis en retard"), self.tr("Afficher les avis dont la réponse est en retard")
        )
        self.refresh_button = named_button(self.tr("Actualiser"), self.tr("Actualiser"), "Ctrl+R")
        self._lay_out([self.new_button, self.late_button, self.refresh_button])


class FeedbackPanel(QWidget):
    feedback_changed = Signal()  # an entry or an improvement was saved here

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        role: Role | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._login, self._zone = desk, login, zone
        self._reader = ReadWhenShown(self)
        self._reader.read_now.connect(self._reload)
        self.setAccessibleName(self.tr("Avis des usagers et améliorations"))
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName(self.tr("Avis à répondre"))
        self.counts_label.setWordWrap(True)
        bold = QFont(self.counts_label.font())
        bold.setBold(True)
        self.counts_label.setFont(bold)
        self.filters = FeedbackFilters(self._today())
        self.filters.changed.connect(self.apply_filters)
        self.filters.search_entered.connect(self._on_filters_search_entered)
        self.model = FeedbackModel(desk, self.filters.wanted(), self._today())
        self._build_table()
        self.action_bar = FeedbackActions()
        self.action_bar.new_button.clicked.connect(lambda: self.open_feedback(None))
        self.action_bar.late_button.clicked.connect(self.show_late)
        self.action_bar.refresh_button.clicked.connect(self.refresh)
        self.improvements = ImprovementList(desk, login, zone, role)
        self.improvements.changed.connect(self.feedback_changed)
        self._lay_out()
        add_shortcuts(self, [("Ctrl+N", self._on_new_keys), ("Ctrl+R", self.refresh)])

    # -- building --------------------------------------------------------------------

    def _build_table(self) -> None:
        self.table = list_table(self.model)
        self.table.setAccessibleName(self.tr("Avis reçus"))
        self.table.setToolTip(self.tr("Entrée ou double-clic : ouvrir l'avis"))
        self.table.setAccessibleDescription(self.tr("Entrée ou double-clic : ouvrir l'avis"))
        metrics = self.table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            width = metrics.horizontalAdvance(sample) + CELL_MARGIN
            self.table.setColumnWidth(COLUMNS.index(column), width)
        RowOpener(self.table, self._open_row)

    def _lay_out(self) -> None:
        received = QWidget()
        column = QVBoxLayout(received)
        column.addWidget(self.counts_label)
        column.addWidget(self.filters)
        column.addWidget(self.table, stretch=1)
        column.addWidget(self.action_bar)
        self.sections = QTabWidget()
        self.sections.setAccessibleName(self.tr("Avis reçus et améliorations"))
        self.sections.addTab(received, self.tr("Avis re&çus"))
        self.sections.addTab(self.improvements, self.tr("Amé&liorations"))
        self.sections.setTabToolTip(
            0, self.tr("Réclamations, suggestions et compliments (Alt+Ç ou Ctrl+Tab)")
        )
        self.sections.setTabToolTip(
            1, self.tr("« Vous nous avez dit… Nous avons fait… » (Alt+L ou Ctrl+Tab)")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # as the journal's, in the same tabs
        layout.addWidget(self.sections)
        tab_chain([*self.filters.controls(), self.table, *self.action_bar.buttons])

    # -- reading ---------------------------------------------------------------------

    def _today(self) -> date:
        return self._desk.clock.now().astimezone(self._zone).date()

    def refresh(self) -> None:
        """Read again (an entry saved here or elsewhere); a hidden tab reads when it is
        shown next."""
        self._reader.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reader.shown()

    def _reload(self) -> None:
        today = self._today()
        self.filters.set_today(today)  # past midnight: « au » and « En retard » follow
        self.model.today = today
        self.apply_filters()
        self.improvements.reload()

    def apply_filters(self) -> None:
        """Show the entries the filters describe, and the counts of replies owed."""
        self.filters.stop_search_timer()
        try:
            self.model.set_filter(self.filters.wanted())
            to_answer, late = open_feedback_counts(self._desk)
        except UserError as error:
            self.counts_label.setText(f"⚠ {error.message}")
            return
        self.counts_label.setText(self.counts_text(to_answer, late))

    def counts_text(self, to_answer: int, late: int) -> str:
        """« 3 avis à répondre, dont 1 en retard »."""
        if to_answer == 0:
            return self.tr("Aucun avis à répondre.")
        text = self.tr("%1 avis à répondre").replace("%1", format_int(to_answer))
        if late == 0:
            return self.tr("%1, aucun en retard.").replace("%1", text)
        return self.tr("%1, dont %2 en retard.").replace("%1", text).replace("%2", format_int(late))

    def show_late(self) -> None:
        """Only the replies owed and late."""
        self.sections.setCurrentIndex(0)
        self.filters.show_late()
        self.apply_filters()
        self.table.setFocus()
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _on_filters_search_entered(self) -> None:
        self.apply_filters()
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    # -- opening an entry ------------------------------------------------------------

    def _on_new_keys(self) -> None:
        if self.sections.currentWidget() is self.improvements:
            self.improvements.new_improvement()
        else:
            self.open_feedback(None)

    def open_feedback(self, feedback_id: uuid.UUID | None) -> None:
        """The form: a new entry, or the one chosen; the list follows a save."""
        try:
            dialog = open_feedback_form(
                self, self._desk, self._login, self._zone, feedback_id=feedback_id
            )
        except UserError as error:  # gone since the list was read
            self.action_bar.warn(error.message)
            self.refresh()
            return
        dialog.feedback_saved.connect(self._on_feedback_saved)

    def _on_feedback_saved(self, record: FeedbackRecord) -> None:
        if not isValid(self):
            return
        day = f"{record.received_on:%d/%m/%Y}"
        if record.reply_due is not None and record.status.is_open:
            text = (
                self.tr("Avis du %1 enregistré : réponse à donner au plus tard le %2.")
                .replace("%1", day)
                .replace("%2", long_date(record.reply_due))
            )
        else:
            text = self.tr("Avis du %1 enregistré.").replace("%1", day)
        self.action_bar.tell(text)
        self.refresh()
        row = self.model.row_of(record.id)
        if row is not None:
            self.table.selectRow(row)
        self.feedback_changed.emit()

    def _open_row(self, row: int) -> None:
        self.open_feedback(self.model.feedback_id(row))
