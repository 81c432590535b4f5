"""The board's counts: the list of buckets (« En retard (12) »…) and the small tables
« Par agent » and « Par type », all from one ``BoardSummary`` read in the background."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QListWidget, QTableView

from spplus_desk.domain.formatting import format_int
from spplus_desk.domain.request_board import BUCKET_LABELS, BoardCount, BoardSummary, Bucket
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
    (Bucket.OVERDUE, "En retard"),
    (Bucket.TODAY, "Aujourd'hui"),
    (Bucket.SOON, "2 j. ouvrés"),
    (Bucket.ALERT, "75 %"),
    (Bucket.ALL, "En cours"),
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
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for bucket in LISTED_BUCKETS:
            self.addItem(self.tr(bucket_text(bucket, None)))
        self.setCurrentRow(0)

    def set_counts(self, counts: dict[Bucket, int]) -> None:
        for row, bucket in enumerate(LISTED_BUCKETS):
            item = self.item(row)
            if item is not None:
                item.setText(bucket_text(bucket, counts.get(bucket, 0)))

    def chosen(self) -> Bucket:
        return LISTED_BUCKETS[max(self.currentRow(), 0)]

    def choose(self, bucket: Bucket) -> None:
        self.setCurrentRow(LISTED_BUCKETS.index(bucket))

    def preferred_width(self) -> int:
        """Wide enough for the longest label with a count (it may be narrowed)."""
        metrics = self.fontMetrics()
        longest = max(metrics.horizontalAdvance(bucket_text(b, 9999)) for b in LISTED_BUCKETS)
        return longest + 4 * metrics.averageCharWidth()


class CountsModel(RowsModel):
    """Agents or kinds with their counts, numbers on the right."""

    def __init__(self, first_title: str) -> None:
        super().__init__(
            [(first_title, lambda line: line.label)]
            + [(title, _counter(bucket)) for bucket, title in COUNTED]
        )

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
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table
