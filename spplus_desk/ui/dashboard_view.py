"""The lead's dashboard, a tab of the main window (« Tableau de bord »): the SP+
indicators of a period, as figures (each with its numerator and denominator, and a
warning when there are too few cases) and charts, by section: contacts and the counter,
requests, what users said, the right to error.

The period is chosen above (``PeriodPicker``: the current month at first); the figures
are worked out in the background with a busy bar, and a result that arrives after the
person chose another period is dropped. Everything scrolls, so a large text size cuts
nothing. They are computed again each time the tab is shown, and on Ctrl+R. Ctrl+T
anywhere in the window opens the tab.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import day_text
from spplus_desk.domain.indicators import Period
from spplus_desk.services.desk import Desk
from spplus_desk.ui.action_bar import add_shortcuts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import message_label, named_button, say, scrolled, tab_chain
from spplus_desk.ui.dashboard_data import DashboardData, dashboard_data
from spplus_desk.ui.dashboard_figures import SectionView
from spplus_desk.ui.period_picker import PeriodPicker

# Every letter of « Tableau de bord » is already an Alt key of the window (the quick
# entry's fields, the other tabs, the menus): the tab has Ctrl+T instead.
TAB_TITLE = "Tableau de bord"
OPEN_KEYS = "Ctrl+T"
TAB_TIP = "Les indicateurs SP+ de la période choisie : chiffres et graphiques (Ctrl+T)"
REFRESH_KEYS = "Ctrl+R"
BUSY_TEXT = "Calcul en cours…"


def add_dashboard_tab(tabs: QTabWidget, index: int, desk: Desk, zone: ZoneInfo) -> DashboardPanel:
    """The dashboard's tab at ``index`` of the main window's tabs, and Ctrl+T to it."""
    panel = DashboardPanel(desk, zone)
    position = tabs.insertTab(index, panel, panel.tr(TAB_TITLE))
    tabs.setTabToolTip(position, panel.tr(TAB_TIP))
    shortcut = QShortcut(QKeySequence(OPEN_KEYS), tabs)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: panel.open_in(tabs))
    return panel


def period_heading(period: Period, today: date) -> str:
    """« Indicateurs du 1er mai 2027 au 31 mai 2027 (période en cours, au 4 mai 2027) »."""
    text = f"Indicateurs du {day_text(period.first_day)} au {day_text(period.last_day)}"
    if period.first_day <= today <= period.last_day:
        text += f" (période en cours, au {day_text(today)})"
    return text


class DashboardPanel(QWidget):
    def __init__(self, desk: Desk, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._zone = desk, zone
        self._stale = True
        self._generation = self._shown = 0
        self.sections: list[SectionView] = []
        self.setAccessibleName(self.tr("Tableau de bord des indicateurs"))
        self.picker = PeriodPicker(self._today())
        self.picker.period_changed.connect(self._on_picker_period_changed)
        self.picker.add_shortcuts(self)
        self.refresh_button = named_button(
            self.tr("Actualiser"), self.tr("Recalculer les indicateurs"), REFRESH_KEYS
        )
        self.refresh_button.clicked.connect(self.refresh)
        add_shortcuts(self, [(REFRESH_KEYS, self.refresh)])
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: how long is not known
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr(BUSY_TEXT))
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.busy_label = QLabel(self.tr(BUSY_TEXT))
        self.busy_label.setAccessibleName(self.tr("État du calcul"))
        self.message = message_label(self.tr("Problème"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Période des indicateurs affichés"))
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.scroll_area: QScrollArea = scrolled(QWidget())
        self.scroll_area.setAccessibleName(self.tr("Indicateurs"))
        self._lay_out()
        self._set_busy(False)

    def _lay_out(self) -> None:
        # The button under the period, not beside it: the period takes two lines at a
        # large text size, and the panel stays narrow enough for a laptop.
        status = QHBoxLayout()
        status.addWidget(self.refresh_button)
        status.addWidget(self.progress)
        status.addWidget(self.busy_label)
        status.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addLayout(status)
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, stretch=1)
        self._chain()

    def _chain(self) -> None:
        figures = [widget for section in self.sections for widget in section.focusable()]
        tab_chain([*self.picker.controls(), self.refresh_button, *figures])

    # -- computing -------------------------------------------------------------------

    def _today(self) -> date:
        return self._desk.clock.now().astimezone(self._zone).date()

    @property
    def busy(self) -> bool:
        """A computation is under way (tests wait for its end)."""
        return self._shown != self._generation

    def open_in(self, tabs: QTabWidget) -> None:
        """Ctrl+T: this tab, the focus on the period."""
        tabs.setCurrentWidget(self)
        self.picker.kind_combo.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # Contacts are logged while another tab is shown: computed again when back.
        self._stale = True

    def refresh(self) -> None:
        """Compute the figures of the period chosen (again: new contacts since)."""
        self._stale = False
        self._generation += 1
        self.picker.set_today(self._today())
        generation, desk, period = self._generation, self._desk, self.picker.period()
        try:
            period.checked()
        except UserError as error:
            self._on_computed(generation, error)
            return
        self._set_busy(True)
        run_in_background(
            lambda: dashboard_data(desk, period),
            lambda data: self._on_computed(generation, data),
            lambda error: self._on_computed(generation, error),
        )

    def _on_picker_period_changed(self, _period: Period) -> None:
        self.refresh()

    def _on_computed(self, generation: int, result: DashboardData | BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return  # the panel is gone, or another period was asked for since
        self._shown = generation
        self._set_busy(False)
        if isinstance(result, UserError):
            say(self.message, result.message)
            self.heading.hide()
            self.scroll_area.hide()
        elif isinstance(result, BaseException):
            raise result  # a bug: reported by the app's exception hook
        else:
            say(self.message, None)
            self._show(result)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _show(self, data: DashboardData) -> None:
        self.heading.setText(period_heading(data.period, self._today()))
        self.heading.show()
        content = QWidget()
        content.setAccessibleName(self.tr("Indicateurs de la période"))
        box = QVBoxLayout(content)
        self.sections = [SectionView(section) for section in data.sections]
        for view in self.sections:
            box.addWidget(view)
        box.addStretch(1)
        self.scroll_area.setWidget(content)  # the previous content is deleted
        self.scroll_area.show()
        self._chain()
