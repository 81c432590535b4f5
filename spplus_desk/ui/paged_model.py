"""A table model fed by SQL a page at a time: the journal's and the register's.

Rows are read when the view scrolls near the end (``canFetchMore``/``fetchMore``), and a
click on a header sorts in SQL through the subclass's ``_sort_by``: a long list never
comes into memory at once, and no proxy model sorts rows in Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
PAGE_SIZE = 200


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


RowT = TypeVar("RowT", bound=_Identified)
FilterT = TypeVar("FilterT")
SortT = TypeVar("SortT")
ColumnT = TypeVar("ColumnT")


class PagedModel(QAbstractTableModel, Generic[RowT, FilterT, SortT, ColumnT]):
    """Given how to read a page and how a header click sorts; subclasses say what a
    cell shows (``data``, ``headerData``)."""

    def __init__(
        self,
        wanted: FilterT,
        sort: SortT,
        columns: Sequence[ColumnT],
        read_page: Callable[[FilterT, SortT, int, int], list[RowT]],
        sort_by: Callable[[ColumnT, bool], SortT],
    ) -> None:
        """``read_page(filter, sort, offset, limit)``; ``sort_by(column, descending)``
        with one of ``columns``."""
        super().__init__()
        self._filter = wanted
        self._sort = sort
        self._columns = list(columns)
        self._column_count = len(self._columns)
        self._read_page = read_page
        self._sort_by = sort_by
        self.page_size = PAGE_SIZE
        self._rows: list[RowT] = []
        self._exhausted = True

    # -- what is shown ---------------------------------------------------------------

    @property
    def current_filter(self) -> FilterT:
        return self._filter

    @property
    def current_sort(self) -> SortT:
        return self._sort

    def set_filter(self, wanted: FilterT) -> None:
        """Show other rows; a bad filter raises UserError and changes nothing."""
        first = self._read(wanted, offset=0)
        self._filter = wanted
        self._replace_rows(first)

    def reload(self) -> None:
        """Read the first page again (after a row was saved, corrected or cancelled)."""
        self._replace_rows(self._read(self._filter, offset=0))

    def row_item(self, row: int) -> RowT:
        return self._rows[row]

    def row_of(self, row_id: uuid.UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.id == row_id), None)

    def _read(self, wanted: FilterT, *, offset: int) -> list[RowT]:
        return self._read_page(wanted, self._sort, offset, self.page_size)

    def _replace_rows(self, rows: list[RowT]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def _row_at(self, index: _Index) -> RowT | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    # -- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._column_count

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = self._read(self._filter, offset=len(self._rows))
        self._exhausted = len(more) < self.page_size
        if more:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self._column_count:
            return
        self._sort = self._sort_by(self._columns[column], order is Qt.SortOrder.DescendingOrder)
        self.reload()
