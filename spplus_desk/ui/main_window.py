"""The main window: the quick entry always visible beside the journal, the day's
counters and the database in the status bar.

It can be shown before the database is open (``show_loading``) and filled in once the
background start-up has read the service (``show_service``): the person sees the app at
once instead of waiting for the database layer to load.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.domain.service import AgentInfo, ServiceInfo
from spplus_desk.services.referential import Referential
from spplus_desk.ui.backup_menu import BackupMenu
from spplus_desk.ui.desk_session import DeskSession
from spplus_desk.ui.help_menu import HelpMenu
from spplus_desk.ui.manage_menu import ManageMenu
from spplus_desk.ui.service_overview import ServiceOverview

if TYPE_CHECKING:  # imported when the service is shown: the window appears before them
    from spplus_desk.services.desk import Desk
    from spplus_desk.ui.dashboard_view import DashboardPanel
    from spplus_desk.ui.day_counters import DayCounters
    from spplus_desk.ui.deadline_status import DeadlineStatus
    from spplus_desk.ui.error_register_view import ErrorRegisterPanel
    from spplus_desk.ui.feedback_view import FeedbackPanel
    from spplus_desk.ui.journal_view import JournalPanel
    from spplus_desk.ui.quick_entry import QuickEntryPanel
    from spplus_desk.ui.request_board_view import RequestBoardPanel

APP_TITLE = "SP+ Desk"


def name_scroll_buttons(tabs: QTabWidget) -> None:
    """Six tabs do not fit beside the form at 200 % font: Qt then shows arrows to scroll
    the tab bar, which it leaves without a French name."""
    for button in tabs.tabBar().findChildren(QToolButton):
        if button.arrowType() == Qt.ArrowType.LeftArrow:
            button.setAccessibleName(tabs.tr("Onglets précédents"))
            button.setToolTip(tabs.tr("Onglets précédents"))
        elif button.arrowType() == Qt.ArrowType.RightArrow:
            button.setAccessibleName(tabs.tr("Onglets suivants"))
            button.setToolTip(tabs.tr("Onglets suivants"))


def window_title(service: ServiceInfo) -> str:
    return f"{APP_TITLE} — {service.name}" if service.is_configured else APP_TITLE


class MainWindow(QMainWindow):
    # Emitted from closeEvent, during normal event processing: safe for closing the
    # database (unlike ``destroyed``, which may fire while Python is shutting down).
    closed = Signal()

    def __init__(
        self,
        *,
        login: str,
        log_path: str | None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._log_path = log_path
        self._database_description = ""
        self._settings = settings
        self._desk: Desk | None = None
        self._referential: Referential | None = None
        self.overview: ServiceOverview | None = None
        self.journal: JournalPanel | None = None
        self.quick_entry: QuickEntryPanel | None = None
        self.counters: DayCounters | None = None
        self.board: RequestBoardPanel | None = None
        self.deadlines: DeadlineStatus | None = None
        self.register: ErrorRegisterPanel | None = None
        self.feedback: FeedbackPanel | None = None
        self.dashboard: DashboardPanel | None = None
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(self.tr("Fenêtre principale de SP+ Desk"))
        self._build_menus()

        self.database_label = QLabel()
        self.database_label.setAccessibleName(self.tr("Base de données utilisée"))
        self.agent_label = QLabel()
        self.agent_label.setAccessibleName(self.tr("Agent connecté"))
        self.statusBar().addWidget(self.database_label, stretch=1)
        self.statusBar().addPermanentWidget(self.agent_label)
        self._fit_to_screen(1400, 860)
        if settings is not None and settings.contains("main_window/geometry"):
            self.restoreGeometry(settings.value("main_window/geometry"))
        self.show_loading()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, or less on a small screen (1366 x 768 laptops)."""
        available = self.screen().availableGeometry()
        self.resize(min(width, available.width()), min(height, available.height()))

    def show_loading(self) -> None:
        label = QLabel(self.tr("Ouverture de la base de données…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAccessibleName(self.tr("Chargement en cours"))
        self.setCentralWidget(label)
        self.database_label.setText(self.tr("Base : ouverture…"))

    def show_service(
        self,
        *,
        desk: Desk,
        service: ServiceInfo,
        referential: Referential,
        agent: AgentInfo | None,
    ) -> None:
        from spplus_desk.ui.day_counters import DayCounters
        from spplus_desk.ui.journal_view import JournalPanel
        from spplus_desk.ui.quick_entry import QuickEntryPanel

        # -- session's agent (issue 8): built again when another agent signs in --
        self._drop_service_view()
        self._referential = referential
        # -- end session's agent --
        self._desk = desk
        self._database_description = desk.description
        self.setWindowTitle(window_title(service))
        self.overview = ServiceOverview.read(desk, service, referential)
        self.journal = JournalPanel(desk, ZoneInfo(service.time_zone))
        self.journal.open_contact.connect(self.open_contact)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Journal et présentation du service"))
        self.tabs.addTab(self.journal, self.tr("&Journal du jour"))
        self.tabs.addTab(self.overview, self.tr("Mon serv&ice"))
        self._add_request_board(desk, ZoneInfo(service.time_zone), agent)
        zone = ZoneInfo(service.time_zone)
        self._add_error_register(desk, zone)
        self._add_listening(desk, zone, agent)
        self.quick_entry = QuickEntryPanel(desk, self._login, zone)
        self.quick_entry.contact_saved.connect(self.contacts_changed)
        self.quick_entry.contact_undone.connect(self.contacts_changed)
        if agent is None:
            self.quick_entry.set_blocked(
                self.tr(
                    "« %1 » n'est pas enregistré comme agent actif de ce service : un "
                    "responsable ou un administrateur doit vous ajouter pour que vous "
                    "puissiez noter des contacts."
                ).replace("%1", self._login)
            )
        # The form scrolls rather than squeezing its fields (200 % font, 1366 x 768).
        entry_area = QScrollArea()
        entry_area.setWidgetResizable(True)
        entry_area.setWidget(self.quick_entry)
        entry_area.setAccessibleName(self.tr("Saisie rapide"))
        entry_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(entry_area)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        # Never narrower than the form itself: it scrolls down, not sideways.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        entry_width = self.quick_entry.minimumSizeHint().width() + scroll_bar + 4
        entry_area.setMinimumWidth(entry_width)
        self.splitter.setSizes([entry_width, max(self.width() - entry_width, 200)])
        self.setCentralWidget(self._with_banner(self.splitter))
        if self.deadlines is not None:  # goes with the content when it is built again
            self.deadlines.install_shortcut(self.splitter)
        if self.quick_entry.usable():
            self.quick_entry.focus_channel()
        else:
            self.journal.table.setFocus()  # the form is off: the journal can still be read
        self.counters = DayCounters(desk)
        self.statusBar().addWidget(self.counters, stretch=1)
        self.counters.refresh()
        self.database_label.setText(self.tr("Base : %1").replace("%1", self._database_description))
        self.agent_label.setText(self._agent_text(agent))
        self.manage_menu.desk = desk
        self.manage_menu.enable(agent is not None and agent.role in (Role.LEAD, Role.ADMIN))
        self.print_action.setEnabled(True)
        self.backup_menu.show_desk(desk, agent, self._login)  # backups (issue 8)
        self.session.attach(desk, agent)  # may ask « Qui êtes-vous ? » (issue 8)
        self.check_action.setEnabled(True)

    def open_print_centre(self) -> None:
        """The print centre (Ctrl+Maj+P), non-modal: the journal stays usable."""
        from spplus_desk.ui.print_centre import open_print_centre

        if self._desk is not None:
            open_print_centre(self, self._desk)

    def open_contact(self, contact_id: uuid.UUID) -> None:
        """The contact's detail, history and request; corrections refresh the journal."""
        from spplus_desk.ui.contact_dialog import ContactDialog

        if self._desk is None:
            return
        dialog = ContactDialog(self._desk, self._login, contact_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.contact_changed.connect(self.contacts_changed)
        dialog.open()

    def lists_changed(self) -> None:
        if self.quick_entry is not None:
            self.quick_entry.reload_choices()
        if self.journal is not None:
            self.journal.reload_choices()
        if self.register is not None:
            self.register.reload_choices()
        self._show_service_details()

    # -- « Coordonnées du service… », the calendar and the posters' settings change what
    # « Mon service » shows --
    def _show_service_details(self) -> None:
        if self._desk is None or self.overview is None:
            return
        fresh = self.overview.reread(self._desk)
        if fresh is None:
            return
        self.setWindowTitle(window_title(fresh.service))
        old, self.overview = self.overview, fresh
        index, current = self.tabs.indexOf(old), self.tabs.currentIndex()
        self.tabs.insertTab(index, self.overview, self.tabs.tabText(index))
        self.tabs.removeTab(index + 1)
        self.tabs.setCurrentIndex(current)
        old.deleteLater()

    # -- end « Coordonnées du service… » --

    def contacts_changed(self) -> None:
        """A contact was saved, corrected or undone: the journal and counters follow."""
        if self.journal is not None:
            self.journal.refresh()
        if self.counters is not None:
            self.counters.refresh()
        if self.board is not None:
            self.board.refresh()
        self.requests_changed()

    # -- the board of requests and my own deadlines ----------------------------------

    def _add_request_board(self, desk: Desk, zone: ZoneInfo, agent: AgentInfo | None) -> None:
        """The board's tab after the journal; my due and late requests in the status bar
        (not for a login that is no agent: nothing is theirs)."""
        from spplus_desk.ui.deadline_status import DeadlineStatus
        from spplus_desk.ui.request_board_view import RequestBoardPanel

        self.board = RequestBoardPanel(desk, self._login, zone, agent)
        self.board.requests_changed.connect(self.requests_changed)
        # « &Demandes » would take Alt+D from the quick entry's « &Durée ».
        self.tabs.insertTab(1, self.board, self.tr("Ta&bleau des demandes"))
        self.tabs.setAccessibleName(self.tr("Journal, demandes et présentation du service"))
        if agent is None:
            return
        self.deadlines = DeadlineStatus(desk, self._login)
        self.deadlines.open_requested.connect(self.show_my_late_requests)
        # Beside the agent's name, on its left.
        self.statusBar().removeWidget(self.agent_label)
        self.statusBar().addPermanentWidget(self.deadlines)
        self.statusBar().addPermanentWidget(self.agent_label)
        self.agent_label.show()
        self.deadlines.refresh()

    def _with_banner(self, content: QWidget) -> QWidget:
        """``content`` under the notice that one of my requests fell late."""
        if self.deadlines is None:
            return content
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.deadlines.banner)
        layout.addWidget(content, stretch=1)
        return page

    def show_my_late_requests(self) -> None:
        from spplus_desk.domain.request_board import Bucket

        if self.board is not None:
            self.tabs.setCurrentWidget(self.board)
            self.board.show_mine(Bucket.OVERDUE)

    def requests_changed(self) -> None:
        """Requests, cases or feedback changed (board, request view, case or feedback
        form): my counts and the lists follow."""
        if self.deadlines is not None:
            self.deadlines.refresh()
        if self.register is not None:
            self.register.refresh()
        if self.feedback is not None:
            self.feedback.refresh()

    def _add_error_register(self, desk: Desk, zone: ZoneInfo) -> None:
        """The register's tab after the board, which shows its cases' deadlines."""
        from spplus_desk.ui.error_register_view import add_register_tab

        self.register = add_register_tab(self.tabs, 2, desk, self._login, zone)
        if self.board is not None:
            self.register.cases_changed.connect(self.board.refresh)
        if self.deadlines is not None:
            self.register.cases_changed.connect(self.deadlines.refresh)
        self.tabs.setAccessibleName(
            self.tr("Journal, demandes, droit à l'erreur et présentation du service")
        )

    def _add_listening(self, desk: Desk, zone: ZoneInfo, agent: AgentInfo | None) -> None:
        """What users said and the service's results, before « Mon service »."""
        from spplus_desk.ui.dashboard_view import add_dashboard_tab
        from spplus_desk.ui.feedback_view import add_feedback_tab

        role = agent.role if agent is not None else None
        self.feedback = add_feedback_tab(self.tabs, 3, desk, self._login, zone, role)
        self.dashboard = add_dashboard_tab(self.tabs, 4, desk, zone)
        name_scroll_buttons(self.tabs)
        self.tabs.setAccessibleName(
            self.tr(
                "Journal, demandes, droit à l'erreur, écoute des usagers, tableau de bord "
                "et présentation du service"
            )
        )

    # -- session's agent (issue 8) --------------------------------------------------

    @property
    def login(self) -> str:
        """The session's agent's login, given to every screen and so to every service."""
        return self._login

    def change_agent(self, agent: AgentInfo) -> None:
        """Another agent signed in on this desk: every screen is built again for them.
        UserError if they cannot be (the database busy a moment): the login and the
        screens stay the previous agent's, so nobody acts in another's name."""
        from spplus_desk.services.setup import get_service

        desk, referential = self._desk, self._referential
        service = get_service(desk) if desk is not None else None  # UserError: nothing changed
        if desk is None or service is None or referential is None:
            raise UserError(self.tr("Le service n'a pas pu être lu : réessayez dans un instant."))
        previous, previous_agent = self._login, self.session.agent
        self._login = agent.login
        try:
            self.show_service(desk=desk, service=service, referential=referential, agent=agent)
        except UserError:
            self._login = previous  # the screens built half-way were the new agent's
            try:
                self.show_service(
                    desk=desk, service=service, referential=referential, agent=previous_agent
                )
            except UserError:
                self.show_loading()  # nobody's screens: the next sign-in builds them
                self.session.forget_agent()
            raise
        self.manage_menu.set_login(agent.login)

    def _drop_service_view(self) -> None:
        """Before building the screens again: the status bar's parts of the previous
        ones go (the central widget is replaced, and deleted, by setCentralWidget)."""
        for widget in (self.counters, self.deadlines):
            if widget is not None:
                self.statusBar().removeWidget(widget)
                widget.deleteLater()
        self.counters = self.deadlines = None

    # -- end session's agent --

    def is_loaded(self) -> bool:
        return self.overview is not None

    def _agent_text(self, agent: AgentInfo | None) -> str:
        if agent is None:
            return self.tr("Agent : %1 (non enregistré)").replace("%1", self._login)
        return (
            self.tr("Agent : %1 (%2)")
            .replace("%1", agent.name)
            .replace("%2", ROLE_LABELS[agent.role])
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        # -- print centre (issue 7): enabled once the service is shown --
        self.print_action = QAction(self.tr("&Imprimer une affiche ou un document…"), self)
        self.print_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.print_action.setStatusTip(
            self.tr("Affiches, accusé de réception, dépliant et liste du jour, à imprimer")
        )
        self.print_action.setEnabled(False)
        self.print_action.triggered.connect(self.open_print_centre)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        # -- end print centre --
        # -- backups (issue 8): enabled by role once the service is shown --
        self.backup_menu = BackupMenu(
            self, file_menu, log_path=self._log_path, settings=self._settings
        )
        # -- end backups --
        # -- session's agent (issue 8): change agent, lock, my PIN --
        self.session = DeskSession(
            self, file_menu, os_login=self._login, settings=self._settings, build=self.change_agent
        )
        file_menu.addSeparator()
        # -- end session's agent --
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.manage_menu = ManageMenu(self, self._login)
        self.manage_menu.lists_changed.connect(self.lists_changed)
        self.manage_menu.lists_changed.connect(self.session.reload_settings)  # the auto-lock
        self.manage_actions = self.manage_menu.actions

        self.help_menu = HelpMenu(self)
        self.about_action = self.help_menu.about_action
        self.check_action = self.help_menu.check_action

    def about_text(self) -> str:
        return self.help_menu.about_text()

    def current_desk(self) -> Desk | None:
        return self._desk

    def about_lines(self) -> list[str]:
        lines = [self.tr("Base de données : %1").replace("%1", self._database_description)]
        if self._log_path:
            lines.append(self.tr("Journal technique : %1").replace("%1", self._log_path))
        return lines

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings is not None:
            self._settings.setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
