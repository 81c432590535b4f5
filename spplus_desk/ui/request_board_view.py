"""The lead's board of requests, a tab of the main window.

Left, the buckets with their counts (« En retard (12) »…); right, the chosen bucket's
requests, filtered by agent and kind; below, the counts « Par agent » and « Par type »
(choosing a line filters the table) and the actions. An agent's board opens on their
own requests. Everything is read in the background; a hidden tab reads again when shown.
"""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.journal import fold
from spplus_desk.domain.request_board import BoardFilter, BoardSummary, Bucket
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import list_agents
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_board import board_summary
from spplus_desk.services.request_kinds import RequestKindInfo, list_request_kinds
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import side_by_side, tab_chain
from spplus_desk.ui.journal_view import JOURNAL_SHARE
from spplus_desk.ui.read_when_shown import ReadWhenShown
from spplus_desk.ui.request_board_actions import BoardActions
from spplus_desk.ui.request_board_model import BoardModel, board_table
from spplus_desk.ui.request_board_summary import (
    BucketList,
    CountsModel,
    counts_area,
    counts_for,
    counts_table,
    filter_combo,
    refill,
    scope_text,
)
from spplus_desk.ui.row_opener import RowOpener

REFRESH_MS = 5 * 60_000  # buckets move with time: a request due today becomes late
LEADS = (Role.LEAD, Role.ADMIN)
_Choices = tuple[BoardSummary, list[AgentInfo], list[RequestKindInfo]]


def _uuid(value: Any) -> uuid.UUID | None:
    return value if isinstance(value, uuid.UUID) else None


class RequestBoardPanel(QWidget):
    requests_changed = Signal()  # requests were reassigned or acted on from the board

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        agent: AgentInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._login, self._zone, self._agent = desk, login, zone, agent
        self._manager = agent is not None and agent.role in LEADS
        self._summary: BoardSummary | None = None
        self._agents: list[AgentInfo] = []
        self._summary_generation = self._summary_done = 0
        self._reader = ReadWhenShown(self)
        self._reader.read_now.connect(self._reload)
        self.setAccessibleName(self.tr("Tableau des demandes"))
        mine = agent.id if agent is not None and not self._manager else None
        self.model = BoardModel(desk, zone, BoardFilter(Bucket.OVERDUE, assignee_id=mine))
        self.model.loaded.connect(self._on_model_loaded)
        self._build_lists()
        self.action_bar = actions = BoardActions(
            desk, login, zone, manager=self._manager, board=self
        )
        actions.acted.connect(self._on_acted)
        actions.refresh_requested.connect(self.refresh)
        actions.add_shortcuts(self)
        self._lay_out()
        if mine is not None:
            self.agent_combo.setCurrentIndex(1)  # « Mes demandes »
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    # -- building --------------------------------------------------------------------

    def _build_lists(self) -> None:
        self.bucket_list = BucketList()
        self.bucket_label = QLabel(self.tr("É&chéances :"))
        self.bucket_label.setBuddy(self.bucket_list)
        self.bucket_list.setToolTip(self.tr("Les demandes en cours selon leur échéance (Alt+C)"))
        self.scope_label = QLabel()
        self.scope_label.setWordWrap(True)
        self.scope_label.setAccessibleName(self.tr("Demandes comptées"))
        self.agent_combo = filter_combo(self.tr("Filtrer par agent"), self.tr("Tous les agents"))
        if self._agent is not None:
            self.agent_combo.addItem(self.tr("Mes demandes"), self._agent.id)
        self.kind_combo = filter_combo(
            self.tr("Filtrer par type de demande"), self.tr("Tous les types de demande")
        )
        self.table = board_table(self.model)
        RowOpener(self.table, self._open_row)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Nombre de demandes affichées"))
        self.count_label.setWordWrap(True)
        self.agent_counts = CountsModel(self.tr("Agent"))
        self.kind_counts = CountsModel(self.tr("Type de demande"))
        self.agent_table = counts_table(
            self.tr("Par agent"),
            self.tr("Demandes en cours de chaque agent ; choisir une ligne filtre la liste"),
            self.agent_counts,
        )
        self.kind_table = counts_table(
            self.tr("Par type"),
            self.tr("Demandes en cours de chaque type ; choisir une ligne filtre la liste"),
            self.kind_counts,
        )
        self.bucket_list.currentRowChanged.connect(self.apply_filters)
        self.agent_combo.currentIndexChanged.connect(self.apply_filters)
        self.kind_combo.currentIndexChanged.connect(self.apply_filters)
        for table, combo in (
            (self.agent_table, self.agent_combo),
            (self.kind_table, self.kind_combo),
        ):
            # The selection, not the current line: the line Qt marks on entering the
            # table by Tab must not change the filters by itself.
            table.selectionModel().selectionChanged.connect(
                lambda _selected, _deselected, t=table, c=combo: self._on_line_chosen(t, c)
            )

    def _lay_out(self) -> None:
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.bucket_label)
        left_box.addWidget(self.bucket_list, stretch=1)
        left_box.addWidget(self.scope_label)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        # The filters side by side when they fit beside the buckets (not at 200 %).
        filters = side_by_side([self.bucket_list, self.agent_combo, self.kind_combo], JOURNAL_SHARE)
        filters.addWidget(self.agent_combo)
        filters.addWidget(self.kind_combo)
        filters.addStretch(1)
        right_box.addLayout(filters)
        right_box.addWidget(self.table, stretch=1)
        right_box.addWidget(self.count_label)
        # The buckets as wide as their labels, the table the rest; when the room is short
        # (large text) the table keeps two thirds, the labels lose their middle.
        left.setMaximumWidth(self.bucket_list.sizeHint().width())
        lists = QWidget()
        lists_box = QHBoxLayout(lists)
        lists_box.setContentsMargins(0, 0, 0, 0)
        lists_box.addWidget(left, stretch=1)
        lists_box.addWidget(right, stretch=2)
        counts = counts_area(self.agent_table, self.kind_table)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.addWidget(lists)
        self.main_splitter.addWidget(counts)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.main_splitter, stretch=1)
        layout.addWidget(self.action_bar)
        tab_chain([self.bucket_list, self.agent_combo, self.kind_combo, self.table])
        tab_chain([self.table, self.agent_table, self.kind_table, *self.action_bar.buttons])

    # -- reading ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Something is being read (tests wait for the end of it)."""
        return self.model.loading or self._summary_done != self._summary_generation

    def refresh(self) -> None:
        """Read the counts and the rows again (a request saved, an action, time passing);
        a hidden board reads when it is shown next."""
        self._reader.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reader.shown()

    def _reload(self) -> None:
        self.model.reload()
        self._summary_generation += 1
        generation, desk = self._summary_generation, self._desk
        self._show_count()

        def read() -> _Choices:
            return board_summary(desk), list_agents(desk), list_request_kinds(desk)

        run_in_background(
            read,
            lambda choices: self._on_summary_read(generation, choices),
            lambda error: self._on_summary_failed(generation, error),
        )

    def _on_summary_read(self, generation: int, choices: _Choices) -> None:
        if not isValid(self) or generation != self._summary_generation:
            return
        self._summary_done = generation
        self._summary, self._agents, kinds = choices
        others = [a for a in self._agents if self._agent is None or a.id != self._agent.id]
        self._fill(self.agent_combo, [(a.name, a.id) for a in others], keep=2 if self._agent else 1)
        named = [(k.label, k.id) for k in kinds]
        known = {k.id for k in kinds}
        # A retired kind still has open requests: it stays in the filter while it does.
        named += [
            (line.label, line.id)
            for line in self._summary.by_kind
            if line.id is not None and line.id not in known
        ]
        self._fill(self.kind_combo, sorted(named, key=lambda pair: fold(pair[0])))
        self.agent_counts.set_rows(self._summary.by_agent)
        self.kind_counts.set_rows(self._summary.by_kind)
        self._show_count()

    def _on_summary_failed(self, generation: int, error: BaseException) -> None:
        if not isValid(self) or generation != self._summary_generation:
            return
        self._summary_done = generation
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        self.action_bar.warn(error.message)

    def _fill(self, combo: QComboBox, entries: list[tuple[str, uuid.UUID]], keep: int = 1) -> None:
        if not refill(combo, entries, keep):  # the agent or kind chosen is gone
            self.apply_filters()

    # -- filters ---------------------------------------------------------------------

    def wanted(self) -> BoardFilter:
        return BoardFilter(
            bucket=self.bucket_list.chosen(),
            assignee_id=_uuid(self.agent_combo.currentData()),
            kind_id=_uuid(self.kind_combo.currentData()),
        )

    def apply_filters(self) -> None:
        self.model.set_filter(self.wanted())
        self._show_count()

    def show_mine(self, bucket: Bucket = Bucket.OVERDUE) -> None:
        """The person's own requests of ``bucket`` (the status bar's shortcut)."""
        for combo, value in ((self.agent_combo, self._agent.id if self._agent else None),
                             (self.kind_combo, None)):  # fmt: skip
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, data_index(combo, value)))
            combo.blockSignals(False)
        self.bucket_list.blockSignals(True)
        self.bucket_list.choose(bucket)
        self.bucket_list.blockSignals(False)
        self.apply_filters()
        self.table.setFocus()

    def _on_line_chosen(self, table: QTableView, combo: QComboBox) -> None:
        rows = table.selectionModel().selectedRows()
        model = table.model()
        if not rows or not isinstance(model, CountsModel):
            return
        line_id = model.line_id(rows[0].row())
        if line_id is not None:  # « Non attribuée » cannot be asked for
            combo.setCurrentIndex(max(0, data_index(combo, line_id)))

    def _on_model_loaded(self) -> None:
        if self.model.problem:
            self.action_bar.warn(self.model.problem)
        self._show_count()

    def _show_count(self) -> None:
        wanted = self.model.current_filter
        counted: int | None = None
        if self._summary is not None:
            counts = counts_for(self._summary, wanted.assignee_id, wanted.kind_id)
            self.bucket_list.set_counts(counts)
            agent, kind = self.agent_combo.currentText(), self.kind_combo.currentText()
            self.scope_label.setText(scope_text(wanted, agent, kind))
            if wanted.assignee_id is None or wanted.kind_id is None:
                counted = counts.get(wanted.bucket, 0)
        if counted is None and self.model.complete:
            counted = self.model.rowCount()
        if self.model.loading and self.model.rowCount() == 0:
            self.count_label.setText(self.tr("Lecture des demandes…"))
        elif counted is not None:
            self.count_label.setText(count_text(counted, self.tr("demande"), self.tr("demandes")))
        else:
            shown = count_text(self.model.rowCount(), self.tr("demande"), self.tr("demandes"))
            self.count_label.setText(self.tr("%1 affichées, d'autres suivent").replace("%1", shown))

    # -- actions ---------------------------------------------------------------------

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.request_id(row) for row in rows]

    def agents(self) -> list[AgentInfo]:
        return self._agents

    def _on_acted(self) -> None:
        self.refresh()
        self.requests_changed.emit()

    # -- opening a request -----------------------------------------------------------

    def open_request(self, request_id: uuid.UUID) -> None:
        """The request's view; what is done there shows on the board at once. The
        deadline of a right-to-error regularisation opens its case instead."""
        from spplus_desk.ui.request_dialog import RequestDialog

        if self._open_error_case(request_id):
            return
        try:
            dialog = RequestDialog(self._desk, self._login, request_id, self._zone, self)
        except UserError as error:  # gone since the board was read
            self.action_bar.warn(error.message)
            self.refresh()
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.request_changed.connect(lambda _case: self._on_acted())
        dialog.open()

    def _open_error_case(self, request_id: uuid.UUID) -> bool:
        """The case form when this request follows a case; False when it does not."""
        from spplus_desk.services.error_register import case_of_follow_up
        from spplus_desk.ui.error_register_view import open_case_form

        case_id = case_of_follow_up(self._desk, request_id)
        if case_id is None:
            return False
        try:
            dialog = open_case_form(self, self._desk, self._login, self._zone, case_id=case_id)
        except UserError as error:  # gone since the board was read
            self.action_bar.warn(error.message)
            self.refresh()
            return True
        dialog.case_saved.connect(self._on_error_case_saved)
        return True

    def _on_error_case_saved(self, _record: object) -> None:
        self._on_acted()  # the regularisation done or the case cancelled: off the board

    def _open_row(self, row: int) -> None:
        self.open_request(self.model.request_id(row))
