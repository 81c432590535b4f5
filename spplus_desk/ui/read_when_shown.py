"""A list behind a tab (the board, the register, the feedback) reads its rows when it is
shown: asked to read again while hidden, it only notes it, and reads when shown next —
a desk saving in one tab does not make every hidden tab query the database."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class ReadWhenShown(QObject):
    """Owned by the panel it serves, which connects ``read_now`` to its reading, calls
    ``refresh()`` when its rows may have changed and ``shown()`` from its showEvent (an
    event filter on the panel would run at each of its events). It keeps no Python
    reference to the panel (``parent()`` and a signal instead): a cycle would leave the
    panel to the garbage collector, which destroys it at a random later moment."""

    read_now = Signal()

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self.stale = True  # read at the first showing

    def refresh(self) -> None:
        self.stale = True
        panel = self.parent()
        if isinstance(panel, QWidget) and panel.isVisible():
            self._read()

    def shown(self) -> None:
        if self.stale:
            self._read()

    def _read(self) -> None:
        self.stale = False
        self.read_now.emit()
