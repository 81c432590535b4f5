"""The status bar's counters: contacts today, by channel, and the waiting time so far.

Read in the background after every contact and each minute (other desks log too), so
the counter agent's next keystroke never waits for them.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text, duration_text
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.services.journal import DaySummary, day_summary, service_today
from spplus_desk.ui.background import run_in_background

REFRESH_MS = 60_000


def summary_text(summary: DaySummary) -> str:
    """'Aujourd'hui : 42 contacts (Accueil physique 20, Téléphone 15…) · attente
    moyenne 12 min sur 18 visites'."""
    text = f"Aujourd'hui\u00a0: {count_text(summary.total, 'contact', 'contacts')}"
    if summary.by_channel:
        ordered = sorted(summary.by_channel.items(), key=lambda item: -item[1])
        text += " (" + ", ".join(f"{CHANNEL_LABELS[c]} {n}" for c, n in ordered) + ")"
    if summary.missed_calls:
        text += f" · {count_text(summary.missed_calls, 'appel manqué', 'appels manqués')}"
    if summary.mean_wait_seconds is not None:
        text += (
            f" · attente moyenne {duration_text(summary.mean_wait_seconds)} sur "
            f"{count_text(summary.waits_measured, 'visite', 'visites')}"
        )
    return text


class DayCounters(QLabel):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._reading = False
        self.summary: DaySummary | None = None
        self.setAccessibleName(self.tr("Compteurs du jour"))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        desk = self._desk
        run_in_background(
            lambda: day_summary(desk, service_today(desk)), self._show, self._show_error
        )

    @property
    def reading(self) -> bool:
        return self._reading

    def _show(self, summary: DaySummary) -> None:
        if not isValid(self):
            return
        self._reading = False
        self.summary = summary
        self.setText(summary_text(summary))
        self.setToolTip(self.text())

    def _show_error(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._reading = False
        if not isinstance(error, UserError):
            raise error  # a bug: reported by the app's exception hook
        self.setText(self.tr("Compteurs indisponibles : %1").replace("%1", str(error)))
