"""A table of thousands of rows laid out in linear time.

reportlab's ``Table`` measures every remaining row again at each page break: the day's
list of a service with 13 690 late requests took nine minutes to lay out. Here each row is
measured once, and the table is cut into one ``Table`` per page, each starting with the
same heading rows (repeated on every page, as ``repeatRows`` does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

Row = Sequence[Flowable | str]  # a plain string is one line of the table's font
# Makes the style of a piece: given the number of body rows it holds.
StyleFor = Callable[[int], TableStyle]
SLACK = 0.5  # added to each row's measure: a piece never runs over by rounding


class LongTable(Flowable):
    def __init__(
        self,
        head: Sequence[Sequence[Any]],
        body: Sequence[Row],
        *,
        widths: Sequence[float],
        style_for: StyleFor,
        cell_padding: tuple[float, float, float, float],
        text_leading: float,
        _heights: Sequence[float] | None = None,
        _head_height: float | None = None,
    ) -> None:
        """``cell_padding``: the body cells' left, right, top and bottom padding."""
        super().__init__()
        self._head, self._body, self._widths = list(head), list(body), list(widths)
        self._style_for, self._padding = style_for, cell_padding
        self._leading = text_leading
        self._heights = list(_heights) if _heights is not None else self._measure()
        self._head_height = (
            _head_height if _head_height is not None else self._piece(0).wrap(sum(widths), 1e6)[1]
        )

    def _measure(self) -> list[float]:
        left, right, top, bottom = self._padding
        inner = [width - left - right for width in self._widths]
        return [
            max(self._height(cell, width) for cell, width in zip(row, inner, strict=True))
            + top
            + bottom
            + SLACK
            for row in self._body
        ]

    def _height(self, cell: Flowable | str, width: float) -> float:
        if isinstance(cell, str):
            return self._leading * (cell.count("\n") + 1)
        return cell.wrap(width, 1e6)[1]

    def _piece(self, count: int, start: int = 0) -> Table:
        rows = [list(row) for row in (*self._head, *self._body[start : start + count])]
        return Table(
            rows,
            colWidths=self._widths,
            repeatRows=len(self._head),
            style=self._style_for(count),
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self._widths)
        self.height = self._head_height + sum(self._heights)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self._head_height
        taken, used = 0, 0.0
        while taken < len(self._body) and used + self._heights[taken] <= room:
            used += self._heights[taken]
            taken += 1
        if taken == 0:
            return []  # not even one row here: the whole table goes to the next page
        if taken == len(self._body):
            return [self._piece(taken)]
        rest = LongTable(
            self._head,
            self._body[taken:],
            widths=self._widths,
            style_for=self._style_for,
            cell_padding=self._padding,
            text_leading=self._leading,
            _heights=self._heights[taken:],
            _head_height=self._head_height,
        )
        return [self._piece(taken), rest]

    def draw(self) -> None:
        # Drawn whole only when it fits where it stands (else the frame splits it).
        whole = self._piece(len(self._body))
        height = whole.wrapOn(self.canv, self.width, self.height)[1]
        whole.drawOn(self.canv, 0, self.height - height)  # at the top of the room it took
