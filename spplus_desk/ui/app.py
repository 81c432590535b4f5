"""Starting the desktop app: open the database, ask what is missing, show the window.

Dialogs shown before the main window goes through a ``StartupDialogs`` object, so tests
replace it with one that records messages instead of fighting modal loops.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from spplus_desk.domain.errors import UserError
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import OpenReport, current_login, locate, open_desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import configure_service, get_service, initialise
from spplus_desk.ui.first_run import FirstRunDialog, FirstSettings
from spplus_desk.ui.main_window import APP_TITLE, MainWindow
from spplus_desk.ui.translation import install_french

EXIT_OK, EXIT_USER = 0, 2


class StartupDialogs(Protocol):
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def first_settings(self) -> FirstSettings | None: ...


class QtStartupDialogs:
    """Modal dialogs: nothing else is on screen yet, so blocking is what the person needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, message: str) -> None:
        QMessageBox.critical(self.parent, f"{APP_TITLE} — erreur", message)

    def warning(self, message: str) -> None:
        QMessageBox.warning(self.parent, f"{APP_TITLE} — attention", message)

    def first_settings(self) -> FirstSettings | None:
        return FirstRunDialog.ask(self.parent)


def start(
    db_path: str | None,
    database_url: str | None,
    dialogs: StartupDialogs,
    *,
    log_path: str | None = None,
    interactive: bool = True,
    settings: QSettings | None = None,
) -> MainWindow | None:
    """Everything up to a main window ready to show; None when the person cannot go on."""
    login = current_login()
    try:
        report = open_desk(locate(db_path, database_url))
    except UserError as error:
        dialogs.error(error.message)
        return None
    for warning in report.warnings:
        dialogs.warning(warning)
    try:
        return _main_window(report, dialogs, login, log_path, interactive, settings)
    except UserError as error:
        report.desk.close()
        dialogs.error(error.message)
        return None


def _main_window(
    report: OpenReport,
    dialogs: StartupDialogs,
    login: str,
    log_path: str | None,
    interactive: bool,
    settings: QSettings | None,
) -> MainWindow | None:
    desk = report.desk
    service = get_service(desk)
    if service is None:
        service = initialise(desk, login=login).service
    while interactive and not service.is_configured:
        chosen = dialogs.first_settings()
        if chosen is None:
            desk.close()
            return None
        try:
            service = configure_service(
                desk,
                login=login,
                name=chosen.service_name,
                departement_code=chosen.departement_code,
            )
        except UserError as error:
            dialogs.error(error.message)
    window = MainWindow(
        service=service,
        referential=load_referential(service.referential),
        database_description=desk.description,
        agent=find_agent(desk, login),
        login=login,
        log_path=log_path,
        settings=settings,
    )
    window.destroyed.connect(desk.close)
    return window


def run_app(
    db_path: str | None,
    database_url: str | None,
    *,
    self_test: bool = False,
    log_path: str | None = None,
) -> int:
    started = time.perf_counter()
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("SP+ Desk")
    install_french(app)
    window = start(
        db_path,
        database_url,
        QtStartupDialogs(),
        log_path=log_path,
        interactive=not self_test,
        settings=QSettings(),
    )
    if window is None:
        return EXIT_USER
    window.show()
    if self_test:

        def report_and_quit() -> None:
            elapsed = time.perf_counter() - started
            print(
                f"Auto-test réussi : fenêtre « {window.windowTitle()} » affichée en "
                f"{elapsed:.2f} s."
            )
            window.close()
            app.quit()

        QTimer.singleShot(0, report_and_quit)
    return app.exec()
