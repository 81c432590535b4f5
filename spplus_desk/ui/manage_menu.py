"""The « Gestion » menu: the service's lists and people, for leads and administrators
(the services refuse anyone else anyway). Its dialogs open over the main window; when
one closes, the lists shown elsewhere follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

if TYPE_CHECKING:
    from spplus_desk.domain.service import ServiceInfo
    from spplus_desk.services.choice_lists import ChoiceList
    from spplus_desk.services.desk import Desk
    from spplus_desk.ui.first_run import FirstRunDialog


class ManageMenu(QObject):
    lists_changed = Signal()  # a management dialog closed: lists elsewhere reload

    def __init__(self, window: QMainWindow, login: str) -> None:
        # The window is reached through ``parent()``: a Python reference to it here would
        # make a cycle, and the garbage collector would then destroy the window at some
        # random later moment (in the middle of another window's events).
        super().__init__(window)
        self._login = login
        self.desk: Desk | None = None  # set once the service is shown
        menu = window.menuBar().addMenu(self.tr("&Gestion"))
        self.actions: list[QAction] = []
        entries: tuple[tuple[str, str, Callable[[], None]], ...] = (
            ("&Agents du service…", "Ajouter, modifier ou désactiver les agents", self.agents),
            ("&Motifs de contact…", "La liste des motifs proposés à la saisie", self.motifs),
            (
                "&Partenaires d'orientation…",
                "Les services et partenaires vers lesquels orienter",
                self.partners,
            ),
            (
                "&Types de demande et délais…",
                "Les types de demande, leur délai annoncé et la règle d'attente de l'usager",
                self.request_kinds,
            ),
            (
                "Coordonnées du &service…",
                "Le nom, le département, l'adresse, les horaires, le téléphone et le courriel "
                "du service, imprimés sur l'affiche et les accusés de réception",
                self.service_details,
            ),
            (
                "&Calendrier du service…",
                "Le lundi de Pentecôte et les jours de fermeture que les délais sautent",
                self.service_calendar,
            ),
            (
                # « A&ffiches »: Alt+A already opens « &Agents du service… ».
                "A&ffiches et documents…",
                "Les engagements locaux, la prise de rendez-vous, le logo et la police "
                "des documents imprimés",
                self.print_settings,
            ),
            (
                "&Démarches (droit à l'erreur)…",
                "Les démarches proposées dans le registre du droit à l'erreur",
                self.procedures,
            ),
            # -- right of access (issue 8) --
            (
                "D&roit d'accès : exporter les données d'une personne…",
                "Tout ce que le service conserve sur une personne, en PDF et JSON (RGPD)",
                self.person_export,
            ),
            # -- end right of access --
            # -- shared workstations (issue 8) --
            (
                "P&ostes partagés…",
                "Le verrouillage automatique des postes et les codes PIN des agents",
                self.shared_desks,
            ),
            # -- end shared workstations --
            # -- retention (issue 8) --
            (
                "Co&nservation des données (RGPD)…",
                "Combien de temps les données personnelles sont gardées, et leur anonymisation",
                self.retention,
            ),
            # -- end retention --
            # -- backups (issue 8) --
            (
                "Sau&vegardes…",
                "Le dossier des sauvegardes automatiques, combien en garder, la liste des copies",
                self.backups,
            ),
            # -- end backups --
        )
        for text, tip, slot in entries:
            action = QAction(self.tr(text), window)
            action.setStatusTip(self.tr(tip))
            action.setEnabled(False)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions.append(action)

    def enable(self, manager: bool) -> None:
        for action in self.actions:
            action.setEnabled(manager)

    def agents(self) -> None:
        from spplus_desk.ui.agents_dialog import AgentsDialog

        if self.desk is not None:
            self._open(AgentsDialog(self.desk, self._login, self._parent_window()))

    def motifs(self) -> None:
        from spplus_desk.services.choice_lists import MOTIFS

        self._open_choice_list(MOTIFS)

    def partners(self) -> None:
        from spplus_desk.services.choice_lists import PARTNERS

        self._open_choice_list(PARTNERS)

    def procedures(self) -> None:
        from spplus_desk.services.choice_lists import PROCEDURES

        self._open_choice_list(PROCEDURES)

    def request_kinds(self) -> None:
        from spplus_desk.ui.request_kinds_dialog import RequestKindsDialog

        if self.desk is not None:
            self._open(RequestKindsDialog(self.desk, self._login, self._parent_window()))

    def service_calendar(self) -> None:
        from spplus_desk.ui.service_calendar_dialog import ServiceCalendarDialog

        if self.desk is not None:
            self._open(ServiceCalendarDialog(self.desk, self._login, self._parent_window()))

    def print_settings(self) -> None:
        from spplus_desk.ui.print_settings_dialog import PrintSettingsDialog

        if self.desk is not None:
            self._open(PrintSettingsDialog(self.desk, self._login, self._parent_window()))

    # -- right of access (issue 8) --
    def person_export(self) -> None:
        from spplus_desk.ui.person_export_dialog import PersonExportDialog

        if self.desk is not None:
            self._open(PersonExportDialog(self.desk, self._login, self._parent_window()))

    # -- end right of access --
    # -- shared workstations (issue 8): the session's agent changes the login used --
    def shared_desks(self) -> None:
        from spplus_desk.ui.shared_desks_dialog import SharedDesksDialog

        if self.desk is not None:
            self._open(SharedDesksDialog(self.desk, self._login, self._parent_window()))

    def set_login(self, login: str) -> None:
        self._login = login

    # -- end shared workstations --
    # -- retention (issue 8) --
    def retention(self) -> None:
        from spplus_desk.ui.retention_dialog import RetentionDialog

        if self.desk is not None:
            self._open(RetentionDialog(self.desk, self._login, self._parent_window()))

    # -- end retention --
    # -- backups (issue 8): an administrator's; anyone else is told so --
    def backups(self) -> None:
        from spplus_desk.ui.backup_dialog import open_backups_dialog

        if self.desk is not None:
            dialog = open_backups_dialog(self._parent_window(), self.desk, self._login)
            if dialog is not None:
                self._open(dialog)

    # -- end backups --
    # -- « Coordonnées du service… »: the first-run wizard, filled in; saved here --
    def service_details(self) -> None:
        from spplus_desk.services.setup import get_service
        from spplus_desk.ui.first_run import FirstRunDialog

        service = get_service(self.desk) if self.desk is not None else None
        if service is not None:
            dialog = FirstRunDialog(self._parent_window(), login=self._login, current=service)
            dialog.save_requested.connect(self._on_service_details_save_requested)
            self._open(dialog)

    def _on_service_details_save_requested(self, dialog: FirstRunDialog) -> None:
        """Saved in the background (new deadlines may be counted): the dialog then closes,
        or says why not and keeps what was typed."""
        from shiboken6 import isValid

        from spplus_desk.domain.errors import ConflictError, UserError
        from spplus_desk.services.service_details import update_service_details
        from spplus_desk.services.setup import get_service
        from spplus_desk.ui.background import run_in_background

        desk, login, settings = self.desk, self._login, dialog.settings()
        assert desk is not None  # the entry opens the dialog only with a desk
        assert dialog.current is not None  # it asks for a save only when editing
        version = dialog.current.version

        def save() -> ServiceInfo:
            return update_service_details(desk, login=login, version=version, settings=settings)

        def done(_saved: ServiceInfo) -> None:
            if isValid(dialog):  # else it was closed meanwhile: the change is saved
                dialog.accept()

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if isValid(dialog):
                newer = get_service(desk) if isinstance(error, ConflictError) else None
                dialog.refuse(error.message, newer)

        run_in_background(save, done, failed)

    # -- end « Coordonnées du service… » --
    def _open_choice_list(self, kind: ChoiceList) -> None:
        from spplus_desk.ui.choice_list_dialog import ChoiceListDialog

        if self.desk is not None:
            self._open(ChoiceListDialog(self.desk, self._login, kind, self._parent_window()))

    def _parent_window(self) -> QWidget:
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.lists_changed)
        dialog.open()
