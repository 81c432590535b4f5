"""The board's counts: the list of buckets (« En retard (12) »…) and the small tables
« Par agent » and « Par type », all from one ``BoardSummary`` read in the background."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.formatting import format_int
from spplus_desk.domain.request_board import (
    BUCKET_LABELS,
    BoardCount,
    BoardFilter,
    BoardSummary,
    Bucket,
)
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.journal_view import JOURNAL_SHARE
from spplus_desk.ui.rows_model import RowsModel

# The list's order: the most urgent first, then the others, then everything.
LISTED_BUCKETS = (
    Bucket.OVERDUE,
    Bucket.TODAY,
    Bucket.SOON,
    Bucket.ALERT,
    Bucket.ON_TRACK,
    Bucket.WAITING,
    Bucket.ACK,
    Bucket.ALL,
)
# The columns of the summary tables: what a lead watches.
COUNTED = (
    (Bucket.OVERDUE, "Retard"),
    (Bucket.TODAY, "Auj."),
    (Bucket.SOON, "2 j."),
    (Bucket.ALERT, "75 %"),
    (Bucket.ALL, "Total"),
)
_Index = QModelIndex | QPersistentModelIndex


def bucket_text(bucket: Bucket, count: int | None) -> str:
    """'En retard (12)'; just the label while the counts are being read."""
    label = BUCKET_LABELS[bucket]
    return label if count is None else f"{label} ({format_int(count)})"


def counts_for(
    summary: BoardSummary, assignee_id: uuid.UUID | None, kind_id: uuid.UUID | None
) -> dict[Bucket, int]:
    """The counts the bucket list shows for the filters chosen: the agent's when one is
    chosen (the summary has no agent-by-kind counts), else the kind's, else all."""
    if assignee_id is not None:
        return _line(summary.by_agent, assignee_id)
    if kind_id is not None:
        return _line(summary.by_kind, kind_id)
    return summary.totals


def _line(lines: tuple[BoardCount, ...], wanted: uuid.UUID) -> dict[Bucket, int]:
    return next((line.counts for line in lines if line.id == wanted), {})


class BucketList(QListWidget):
    """The buckets with their counts; the current one is what the table shows."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Échéances des demandes"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Narrowed (large text), a label goes on two lines: its count stays in sight.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        for bucket in LISTED_BUCKETS:
            self.addItem(self.tr(bucket_text(bucket, None)))
        self.setCurrentRow(0)

    def set_counts(self, counts: dict[Bucket, int]) -> None:
        for row, bucket in enumerate(LISTED_BUCKETS):
            item = self.item(row)
            if item is not None:
                item.setText(bucket_text(bucket, counts.get(bucket, 0)))
                item.setToolTip(item.text())

    def chosen(self) -> Bucket:
        return LISTED_BUCKETS[max(self.currentRow(), 0)]

    def choose(self, bucket: Bucket) -> None:
        self.setCurrentRow(LISTED_BUCKETS.index(bucket))

    def sizeHint(self) -> QSize:
        """Wide enough for the longest label with a count; narrower when the room is
        short (large text), the labels then scroll."""
        metrics = self.fontMetrics()
        longest = max(metrics.horizontalAdvance(bucket_text(b, 999)) for b in LISTED_BUCKETS)
        width = longest + 2 * metrics.averageCharWidth() + 2 * self.frameWidth()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(12 * self.fontMetrics().averageCharWidth(), super().minimumSizeHint().height())


class CountsModel(RowsModel):
    """Agents or kinds with their counts, numbers on the right."""

    def __init__(self, first_title: str) -> None:
        super().__init__(
            [(first_title, lambda line: line.label)]
            + [(title, _counter(bucket)) for bucket, title in COUNTED]
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Short titles keep the names readable; the whole label in the tooltip and for
        # screen readers.
        if orientation is Qt.Orientation.Horizontal and 1 <= section <= len(COUNTED):
            whole = BUCKET_LABELS[COUNTED[section - 1][0]]
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return whole
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def line_id(self, row: int) -> uuid.UUID | None:
        line: BoardCount = self.item(row)
        return line.id


def _counter(bucket: Bucket) -> Any:
    return lambda line: format_int(line.count(bucket))


def counts_table(name: str, description: str, model: CountsModel) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setAccessibleDescription(description)
    table.setToolTip(description)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab goes on to the next control
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def counts_width(table: QTableView) -> int:
    """What a table of counts needs to show a name of about 12 characters and every
    count."""
    metrics = table.fontMetrics()
    titles = sum(metrics.horizontalAdvance(title) for _bucket, title in COUNTED)
    padding = 3 * metrics.averageCharWidth() * (len(COUNTED) + 1)
    return 12 * metrics.averageCharWidth() + titles + padding


def counts_area(agent_table: QTableView, kind_table: QTableView) -> QSplitter:
    """« Par agent » and « Par type » under their titles: side by side when both show
    their names, else one above the other (large text)."""
    share = JOURNAL_SHARE * agent_table.screen().availableGeometry().width()
    wide = 2 * counts_width(agent_table) <= share
    area = QSplitter(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
    area.setChildrenCollapsible(False)
    for table in (agent_table, kind_table):
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(table.accessibleName()))
        column.addWidget(table)
        area.addWidget(box)
    return area


def scope_text(wanted: BoardFilter, agent: str, kind: str) -> str:
    """What the bucket list counts: 'Nombres : Léa Martin', 'Nombres : tout le service'…"""
    if wanted.assignee_id is not None and wanted.kind_id is not None:
        return f"Nombres\u00a0: {agent}, tous types confondus"
    if wanted.assignee_id is not None:
        return f"Nombres\u00a0: {agent}"
    if wanted.kind_id is not None:
        return f"Nombres\u00a0: type « {kind} »"
    return "Nombres\u00a0: tout le service"


def filter_combo(name: str, everything: str) -> QComboBox:
    """A filter of the board: « Tous les agents », then each one."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    combo.addItem(everything, None)
    return combo


def refill(combo: QComboBox, entries: list[tuple[str, uuid.UUID]], keep: int) -> bool:
    """New entries after the first ``keep`` ones, the choice kept, without a signal;
    False when the entry chosen is gone (the first one is chosen instead)."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > keep:
        combo.removeItem(keep)
    for text, value in entries:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, data_index(combo, chosen)))
    combo.blockSignals(False)
    return bool(combo.currentData() == chosen)
