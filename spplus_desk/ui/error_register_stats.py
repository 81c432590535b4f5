"""The register's statistics for the period chosen: cases by procedure and outcome in a
small table with its totals, and one line saying what they add up to (the figures the
results poster shows). Cancelled cases are not counted."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome, amount_text
from spplus_desk.domain.error_register import ProcedureCounts, RegisterStats
from spplus_desk.domain.formatting import count_text, format_int
from spplus_desk.ui.rows_model import Column, RowsModel

_Index = QModelIndex | QPersistentModelIndex
# The outcomes in the order a case goes through them, the refusals last.
OUTCOME_ORDER = (
    CaseOutcome.PENDING,
    CaseOutcome.NO_SANCTION,
    CaseOutcome.SANCTION_WAIVED,
    CaseOutcome.SANCTION_MAINTAINED,
    CaseOutcome.NOT_ELIGIBLE,
)
TOTAL = "Total"
SEPARATOR = " · "


def summary_text(stats: RegisterStats) -> str:
    """'12 cas · 8 droits à l'erreur accordés · 2 non éligibles · 3 régularisations
    attendues dont 1 en retard · montant épargné 1 250,50 €'."""
    outcomes = stats.by_outcome
    awaited = stats.awaited + stats.late
    parts = [
        count_text(stats.total, "cas", "cas"),
        count_text(stats.granted, "droit à l'erreur accordé", "droits à l'erreur accordés"),
        count_text(outcomes[CaseOutcome.NOT_ELIGIBLE], "non éligible", "non éligibles"),
        count_text(awaited, "régularisation attendue", "régularisations attendues")
        + (f" dont {format_int(stats.late)} en retard" if stats.late else ""),
    ]
    if stats.amount_spared_cents:
        parts.append(f"montant épargné {amount_text(stats.amount_spared_cents)}")
    return SEPARATOR.join(parts)


def period_text(start: date | None, end: date | None) -> str:
    """'du 01/01/2027 au 04/05/2027', 'depuis le début du registre'…"""
    if start is None and end is None:
        return "depuis le début du registre"
    if start is None:
        return f"jusqu'au {end:%d/%m/%Y}"
    if end is None:
        return f"depuis le {start:%d/%m/%Y}"
    if start == end:
        return f"du {start:%d/%m/%Y}"
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


def _counter(outcome: CaseOutcome) -> Any:
    return lambda line: format_int(line.by_outcome.get(outcome, 0))


class StatsModel(RowsModel):
    """One line per procedure, the most frequent first, then the totals line; one
    column per outcome, then the total. Numbers on the right, the totals in bold."""

    def __init__(self) -> None:
        columns: list[Column] = [("Démarche", lambda line: line.procedure)]
        columns += [(OUTCOME_LABELS[outcome], _counter(outcome)) for outcome in OUTCOME_ORDER]
        columns.append((TOTAL, lambda line: format_int(line.total)))
        super().__init__(columns)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_stats(self, stats: RegisterStats) -> None:
        lines = list(stats.by_procedure)
        if lines:
            lines.append(ProcedureCounts(TOTAL, stats.by_outcome))
        self.set_rows(lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        last_column = index.column() == self.columnCount() - 1
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (last_column or index.row() == self.rowCount() - 1):
            return self._bold
        return super().data(index, role)


class StatsTable(QTableView):
    """The procedures take the width the counts leave, but never less than a readable
    start (large text, narrow window): then the counts scroll sideways. A procedure's
    whole name is its tooltip."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_first_column()

    def fit_first_column(self) -> None:
        header = self.horizontalHeader()
        counts = sum(header.sectionSize(c) for c in range(1, header.count()))
        readable = self.fontMetrics().averageCharWidth() * 18
        self.setColumnWidth(0, max(self.viewport().width() - counts, readable))


class RegisterStatsBox(QGroupBox):
    """« Statistiques du 01/01/2027 au 04/05/2027 »: the table and the summary line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Statistiques du droit à l'erreur"))
        self.model = StatsModel()
        self.table = StatsTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Cas par démarche et par issue"))
        self.table.setToolTip(
            self.tr("Nombre de cas de la période par démarche et par issue (annulés exclus)")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # arrows move in it, Tab leaves it
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setAccessibleName(self.tr("Résumé des statistiques"))
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, stretch=1)
        self.show_reading(None, None)

    def show_reading(self, start: date | None, end: date | None) -> None:
        self.setTitle(self.tr("Statistiques %1").replace("%1", period_text(start, end)))
        self.summary_label.setText(self.tr("Calcul des statistiques…"))

    def show_stats(self, stats: RegisterStats) -> None:
        self.setTitle(self.tr("Statistiques %1").replace("%1", period_text(stats.start, stats.end)))
        self.model.set_stats(stats)
        self.table.fit_first_column()
        if stats.total == 0:
            self.summary_label.setText(self.tr("Aucun cas sur cette période."))
        else:
            self.summary_label.setText(summary_text(stats))

    def show_problem(self, message: str) -> None:
        self.summary_label.setText(f"⚠ {message}")
