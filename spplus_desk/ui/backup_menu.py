"""« Sauvegarder maintenant… » and « Restaurer une sauvegarde… » in the Fichier menu.

A copy runs in the background while the person keeps working. A restore replaces the
database under the whole window: once the person has confirmed (what is replaced, where
its copy goes), the window's timers stop so that nothing reads the database meanwhile,
the restore runs in the background, and a new main window opens on the restored
database in place of this one, exactly as at start-up. A refusal (a file that fails the
check, the database open in another program) leaves everything as it was and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget
from shiboken6 import isValid

from spplus_desk.domain.backups import SERVER_BACKUPS
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.ui.background import run_in_background

if TYPE_CHECKING:
    from spplus_desk.services.desk import Desk
    from spplus_desk.services.restoring import RestoreOutcome
    from spplus_desk.ui.app import StartupData

FILE_FILTER = "Sauvegardes SP+ Desk (*.db *.sqlite *.sqlite3);;Tous les fichiers (*)"


def ask_backup_destination(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write the copy; None when the person cancels (replaced in tests)."""
    name, _chosen = QFileDialog.getSaveFileName(
        parent, parent.tr("Sauvegarder la base"), str(suggested), parent.tr(FILE_FILTER)
    )
    return Path(name) if name else None


def ask_backup_to_restore(parent: QWidget, folder: Path) -> Path | None:
    """The backup to restore, chosen in the backups folder; None when the person
    cancels (replaced in tests)."""
    name, _chosen = QFileDialog.getOpenFileName(
        parent, parent.tr("Restaurer une sauvegarde"), str(folder), parent.tr(FILE_FILTER)
    )
    return Path(name) if name else None


class BackupMenu(QObject):
    restored = Signal(QMainWindow)  # the window opened on the restored database

    def __init__(
        self,
        window: QMainWindow,
        menu: QMenu,
        *,
        log_path: str | None,
        settings: QSettings | None,
    ) -> None:
        # The window is reached through ``parent()`` (see ManageMenu: no cycle).
        super().__init__(window)
        self._log_path, self._settings = log_path, settings
        self._login = ""  # the session's agent, once the service is shown
        self.desk: Desk | None = None
        self.save_action = QAction(self.tr("&Sauvegarder maintenant…"), window)
        self.save_action.setStatusTip(
            self.tr("Une copie vérifiée de la base, dans le fichier de votre choix")
        )
        self.restore_action = QAction(self.tr("&Restaurer une sauvegarde…"), window)
        self.restore_action.setStatusTip(
            self.tr(
                "Remplacer la base par une sauvegarde vérifiée ; une copie de la base "
                "actuelle est gardée"
            )
        )
        self.save_action.triggered.connect(self.save_now)
        self.restore_action.triggered.connect(self.restore)
        for action in (self.save_action, self.restore_action):
            action.setEnabled(False)
            menu.addAction(action)
        menu.addSeparator()

    def show_desk(self, desk: Desk, agent: AgentInfo | None, login: str) -> None:
        """For the session's agent: a copy is a lead's or an admin's, a restore an
        admin's (the services refuse anyone else anyway)."""
        self.desk, self._login = desk, login
        role = agent.role if agent is not None else None
        self.save_action.setEnabled(role in (Role.LEAD, Role.ADMIN))
        self.restore_action.setEnabled(role is Role.ADMIN)

    # -- « Sauvegarder maintenant… » ----------------------------------------------------

    def save_now(self) -> None:
        from spplus_desk.services.backups import backup_now, suggested_backup

        desk, window, login = self.desk, self._window(), self._login
        if desk is None:
            return
        if not desk.database.location.is_sqlite:
            self._tell(SERVER_BACKUPS)
            return
        target = ask_backup_destination(window, suggested_backup(desk))
        if target is None:
            return
        self.save_action.setEnabled(False)
        window.statusBar().showMessage(self.tr("Sauvegarde en cours…"))

        def done(path: Path) -> None:
            if isValid(window):
                self.save_action.setEnabled(True)
                text = self.tr("Sauvegarde vérifiée et enregistrée : %1").replace("%1", str(path))
                window.statusBar().showMessage(text, 15_000)
                self._tell(text, QMessageBox.Icon.Information)

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if isValid(window):
                self.save_action.setEnabled(True)
                window.statusBar().clearMessage()
                self._tell(error.message)

        run_in_background(lambda: backup_now(desk, target, login=login), done, failed)

    # -- « Restaurer une sauvegarde… » --------------------------------------------------

    def restore(self) -> None:
        from spplus_desk.services.backups import backup_folder

        desk, window = self.desk, self._window()
        if desk is None:
            return
        if not desk.database.location.is_sqlite:
            self._tell(SERVER_BACKUPS)
            return
        folder = backup_folder(desk)
        source = ask_backup_to_restore(window, folder)
        if source is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Restaurer une sauvegarde"),
            self._confirmation(desk, source, folder),
            QMessageBox.StandardButton.NoButton,
            window,
        )
        restore_button = box.addButton(self.tr("&Restaurer"), QMessageBox.ButtonRole.AcceptRole)
        restore_button.setAccessibleName(self.tr("Restaurer cette sauvegarde"))
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Entrée does not replace a database by mistake
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _result: (
                self._start_restore(source) if box.clickedButton() is restore_button else None
            )
        )
        box.open()

    def _confirmation(self, desk: Desk, source: Path, folder: Path) -> str:
        return "\n\n".join(
            (
                self.tr(
                    "La base de données actuelle (%1) va être remplacée par la sauvegarde "
                    "« %2 » du dossier %3."
                )
                .replace("%1", desk.description)
                .replace("%2", source.name)
                .replace("%3", str(source.parent)),
                self.tr(
                    "Ce qui a été enregistré depuis cette sauvegarde ne sera plus dans la "
                    "base. Une copie de la base actuelle sera d'abord gardée dans le "
                    "dossier %1."
                ).replace("%1", str(folder)),
                self.tr(
                    "La sauvegarde est vérifiée avant d'être restaurée, puis SP+ Desk rouvre "
                    "la base. Les autres fenêtres ou programmes qui l'utilisent doivent "
                    "être fermés."
                ),
            )
        )

    def _start_restore(self, source: Path) -> None:
        from spplus_desk.services.login import current_login
        from spplus_desk.services.restoring import restore_backup
        from spplus_desk.ui.app import load_startup

        desk, window, login = self.desk, self._window(), self._login
        if desk is None:
            return
        # Nothing reads the database while it is replaced (the counters' refreshes…).
        paused = [timer for timer in window.findChildren(QTimer) if timer.isActive()]
        for timer in paused:
            timer.stop()
        window.setEnabled(False)
        window.statusBar().showMessage(self.tr("Vérification et restauration de la sauvegarde…"))

        database = str(desk.database.location.sqlite_path)

        def work() -> tuple[RestoreOutcome, StartupData]:
            outcome = restore_backup(desk, source, login=login)
            outcome.report.desk.close()  # opened again as at start-up, for the new window
            try:
                return outcome, load_startup(database, None, current_login())
            except UserError as error:
                raise UserError(
                    self.tr(
                        "La sauvegarde a été restaurée, mais la base n'a pas pu être rouverte "
                        "(%1) : fermez SP+ Desk puis relancez-le."
                    ).replace("%1", error.message)
                ) from None

        def done(result: tuple[RestoreOutcome, StartupData]) -> None:
            self._reopen(*result)

        def failed(error: BaseException) -> None:
            if isValid(window):
                window.setEnabled(True)
                for timer in paused:
                    timer.start()
                window.statusBar().clearMessage()
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            self._tell(error.message)

        run_in_background(work, done, failed)

    def _reopen(self, outcome: RestoreOutcome, data: StartupData) -> None:
        """A new main window on the restored database, in place of this one."""
        from spplus_desk.services.login import current_login
        from spplus_desk.ui.app import QtStartupDialogs, finish_startup
        from spplus_desk.ui.main_window import MainWindow

        # As at start-up: the workstation's user, then whoever signs in on a shared desk.
        login, old = current_login(), self._window()
        new = MainWindow(login=login, log_path=self._log_path, settings=self._settings)
        new.restoreGeometry(old.saveGeometry())
        if not finish_startup(data, new, QtStartupDialogs(new), login):
            new.deleteLater()  # the person gave up the service's first settings
            old.close()
            return
        new.closed.connect(data.report.desk.close)
        new.show()
        self.restored.emit(new)
        old.close()
        old.deleteLater()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            new.tr("Sauvegarde restaurée"),
            self._restored_text(outcome),
            QMessageBox.StandardButton.Ok,
            new,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _restored_text(self, outcome: RestoreOutcome) -> str:
        lines = [
            self.tr("La sauvegarde « %1 » a été restaurée et la base rouverte.").replace(
                "%1", outcome.source.name
            )
        ]
        if outcome.kept is not None:
            lines.append(
                self.tr("La base remplacée est gardée ici : %1").replace("%1", str(outcome.kept))
            )
        report = outcome.report
        if report.backup_path is not None:
            lines.append(
                self.tr("Elle a été mise à jour (schéma %1) après une copie : %2")
                .replace("%1", report.revision)
                .replace("%2", str(report.backup_path))
            )
        lines.extend(outcome.warnings)
        return "\n\n".join(lines)

    # -- helpers ----------------------------------------------------------------------

    def _window(self) -> QMainWindow:
        window = self.parent()
        assert isinstance(window, QMainWindow)
        return window

    def _tell(self, message: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(
            icon, self.tr("Sauvegardes"), message, QMessageBox.StandardButton.Ok, self._window()
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # non-blocking: tests and screen readers keep control
