"""The « Améliorations » part of the listening tab: the actions « Vous nous avez dit… /
Nous avons fait… », their status, the day they were done and how many feedback entries
prompted each. A service decides a few dozen a year: the list is read whole.

Leads and administrators add them; for an agent « Nouvelle amélioration… » is greyed,
and the line above the buttons says why (not only its tooltip).
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget
from shiboken6 import isValid

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import IMPROVEMENT_STATUS_LABELS, ImprovementRecord
from spplus_desk.domain.formatting import format_int
from spplus_desk.services.desk import Desk
from spplus_desk.services.improvements import list_improvements
from spplus_desk.services.permissions import SUPERVISORS
from spplus_desk.ui.action_bar import ActionBar
from spplus_desk.ui.contact_widgets import named_button, note_label
from spplus_desk.ui.feedback_model import extract
from spplus_desk.ui.improvement_dialog import LEADS_ONLY, ImprovementDialog
from spplus_desk.ui.row_opener import RowOpener
from spplus_desk.ui.rows_model import RowsModel

COLUMNS = (
    ("Vous nous avez dit…", lambda a: extract(a.said, 80)),
    ("Nous avons fait…", lambda a: extract(a.done, 80)),
    ("Statut", lambda a: IMPROVEMENT_STATUS_LABELS[a.status]),
    ("Réalisée le", lambda a: f"{a.done_on:%d/%m/%Y}" if a.done_on else "—"),
    ("Avis liés", lambda a: format_int(len(a.feedback_ids))),
)


def open_improvement_form(
    parent: QWidget,
    desk: Desk,
    login: str,
    zone: ZoneInfo,
    role: Role | None,
    *,
    improvement_id: uuid.UUID | None = None,
) -> ImprovementDialog:
    """The improvement's form, window-modal (non-blocking); one that cannot be read
    raises the service's UserError before any window appears."""
    dialog = ImprovementDialog(
        desk, login, zone, role, improvement_id=improvement_id, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ImprovementActions(ActionBar):
    def __init__(self, allowed: bool) -> None:
        super().__init__()
        self.new_button = named_button(
            self.tr("Nouvelle amélioration…"),
            self.tr("Enregistrer une nouvelle amélioration"),
            "Ctrl+N",
        )
        if not allowed:
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(self.tr(LEADS_ONLY))
        self.refresh_button = named_button(self.tr("Actualiser"), self.tr("Actualiser"), "Ctrl+R")
        self._lay_out([self.new_button, self.refresh_button])


class ImprovementList(QWidget):
    changed = Signal()  # an improvement was saved

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        role: Role | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._login, self._zone, self._role = desk, login, zone, role
        self.allowed = role in SUPERVISORS
        self.setAccessibleName(self.tr("Améliorations"))
        self.model = RowsModel([(self.tr(title), text) for title, text in COLUMNS])
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Améliorations décidées"))
        self.table.setToolTip(self.tr("Entrée ou double-clic : ouvrir l'amélioration"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # A few dozen actions, each two sentences the lead reads whole: they wrap, and
        # the short columns keep the width of their content.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        RowOpener(self.table, self._open_row)
        self.actions_bar = ImprovementActions(self.allowed)
        self.actions_bar.new_button.clicked.connect(self.new_improvement)
        self.actions_bar.refresh_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        if not self.allowed:
            layout.addWidget(note_label(self.tr(LEADS_ONLY)))
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.actions_bar)

    def reload(self) -> None:
        try:
            self.model.set_rows(list_improvements(self._desk))
        except UserError as error:
            self.actions_bar.warn(error.message)

    def new_improvement(self) -> None:
        if self.allowed:
            self._open(None)

    def _open_row(self, row: int) -> None:
        record: ImprovementRecord = self.model.item(row)
        self._open(record.id)

    def _open(self, improvement_id: uuid.UUID | None) -> None:
        try:
            dialog = open_improvement_form(
                self, self._desk, self._login, self._zone, self._role, improvement_id=improvement_id
            )
        except UserError as error:  # gone since the list was read
            self.actions_bar.warn(error.message)
            self.reload()
            return
        dialog.improvement_saved.connect(self._on_improvement_saved)

    def _on_improvement_saved(self, record: ImprovementRecord) -> None:
        if not isValid(self):
            return
        self.reload()
        self.actions_bar.tell(
            self.tr("Amélioration enregistrée : « %1 ».").replace("%1", extract(record.done, 60))
        )
        row = self.model.row_of(record.id)
        if row >= 0:
            self.table.selectRow(row)
        self.changed.emit()
