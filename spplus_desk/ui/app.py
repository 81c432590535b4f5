"""Starting the desktop app: show the window, open the database, ask what is missing.

The window appears first; the database layer (SQLAlchemy alone takes a third of a second
to import) is loaded and opened in the background, then the window is filled in. Dialogs
go through a ``StartupDialogs`` object so tests replace it instead of fighting modal loops.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import (
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from spplus_desk import paths
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import (
    EXIT_BUG,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USER,
    UserError,
    bug_message,
)
from spplus_desk.domain.formatting import format_decimal
from spplus_desk.domain.service import AgentInfo, FirstRunSettings, ServiceInfo
from spplus_desk.services.login import current_login
from spplus_desk.services.referential import Referential, load_referential
from spplus_desk.ui.background import finish_background_work, run_in_background
from spplus_desk.ui.first_run import FirstRunDialog
from spplus_desk.ui.look import install_look
from spplus_desk.ui.main_window import APP_TITLE, MainWindow
from spplus_desk.ui.translation import install_french

if TYPE_CHECKING:
    from spplus_desk.services.desk import Desk, OpenReport

SELF_TEST_TIMEOUT_MS = 60_000
log = logging.getLogger(__name__)


class StartupDialogs(Protocol):
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def first_settings(self) -> FirstRunSettings | None: ...


class QtStartupDialogs:
    """Modal dialogs: until they are answered there is nothing else the person can do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self._wizard: FirstRunDialog | None = None

    def error(self, message: str) -> None:
        QMessageBox.critical(self.parent, f"{APP_TITLE} — erreur", message)

    def warning(self, message: str) -> None:
        QMessageBox.warning(self.parent, f"{APP_TITLE} — attention", message)

    def first_settings(self) -> FirstRunSettings | None:
        # The same wizard each time: after a refusal the answers are still there.
        if self._wizard is None:
            self._wizard = FirstRunDialog(self.parent)
        accepted = self._wizard.exec() == QDialog.DialogCode.Accepted
        return self._wizard.settings() if accepted else None


class ConsoleStartupDialogs:
    """For --self-test: nobody is there to answer a dialog, so messages go to stderr."""

    def error(self, message: str) -> None:
        print(f"Erreur : {message}", file=sys.stderr)

    def warning(self, message: str) -> None:
        print(f"Attention : {message}", file=sys.stderr)

    def first_settings(self) -> FirstRunSettings | None:
        return None


@dataclass(frozen=True)
class StartupData:
    report: OpenReport
    service: ServiceInfo
    agent: AgentInfo | None
    referential: Referential


def load_startup(db_path: str | None, database_url: str | None, login: str) -> StartupData:
    """Open (create, upgrade) the database and read what the window shows. No Qt here:
    it runs in the background. Imported here so the window can show before SQLAlchemy."""
    from spplus_desk.services.agents import find_agent
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.setup import get_service, initialise

    report = open_desk(locate(db_path, database_url))
    try:
        desk = report.desk
        service = get_service(desk) or initialise(desk, login=login).service
        return StartupData(
            report, service, find_agent(desk, login), load_referential(service.referential)
        )
    except BaseException:
        report.desk.close()
        raise


def finish_startup(
    data: StartupData,
    window: MainWindow,
    dialogs: StartupDialogs,
    login: str,
    *,
    interactive: bool = True,
) -> bool:
    """On the main thread: warnings, first-run settings, then the filled-in window.
    False when the person gave up (the database is then closed)."""
    from spplus_desk.services.setup import complete_first_run

    desk = data.report.desk
    for warning in data.report.warnings:
        dialogs.warning(warning)
    service, agent = data.service, data.agent
    if interactive and not service.is_configured and (agent is None or agent.role != Role.ADMIN):
        # Only an admin may set the service up (the service refuses anyone else): say so
        # now rather than after a whole wizard.
        dialogs.error(
            "Le service n'est pas encore configuré et seul un administrateur peut le "
            "faire : demandez-lui de lancer SP+ Desk une première fois."
        )
        interactive = False
    while interactive and not service.is_configured:
        chosen = dialogs.first_settings()
        if chosen is None:
            desk.close()
            return False
        try:
            # The first admin may have just given their name: the window shows it.
            done = complete_first_run(desk, login=login, settings=chosen)
            service, agent = done.service, done.agent
        except UserError as error:
            dialogs.error(error.message)
    window.show_service(desk=desk, service=service, referential=data.referential, agent=agent)
    window.destroyed.connect(desk.close)
    return True


def start(
    db_path: str | None,
    database_url: str | None,
    dialogs: StartupDialogs,
    *,
    log_path: str | None = None,
    interactive: bool = True,
    settings: QSettings | None = None,
) -> MainWindow | None:
    """The whole start-up in one go (tests, scripts); None when the person cannot go on."""
    login = current_login()
    try:
        data = load_startup(db_path, database_url, login)
    except UserError as error:
        dialogs.error(error.message)
        return None
    window = MainWindow(login=login, log_path=log_path, settings=settings)
    if not finish_startup(data, window, dialogs, login, interactive=interactive):
        window.deleteLater()
        return None
    window.closed.connect(data.report.desk.close)
    return window


def run_app(
    db_path: str | None,
    database_url: str | None,
    *,
    self_test: bool = False,
    log_path: str | None = None,
) -> int:
    qInstallMessageHandler(_qt_message_to_log)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("SP+ Desk")
    icon = resources.files("spplus_desk.resources") / "icons/spplus-desk.svg"
    app.setWindowIcon(QIcon(str(icon)))
    install_look(app)
    if not install_french(app):
        log.warning("Qt's French translation (qtbase_fr) was not found")
    login = current_login()
    window = MainWindow(login=login, log_path=log_path, settings=_window_settings())
    window.show()
    shown = seconds_since_launch()
    dialogs: StartupDialogs = ConsoleStartupDialogs() if self_test else QtStartupDialogs(window)
    state = _RunState()

    def fail(error: BaseException) -> None:
        if isinstance(error, UserError):
            state.exit_code = EXIT_USER
            dialogs.error(error.message)
        elif self_test and isinstance(error, ImportError):
            # A module the bundle left out (QtPdf, say): what the self-test is there to name.
            log.error("a module could not be loaded", exc_info=error)
            state.exit_code = EXIT_CHECK_FAILED
            print(
                f"Problème d'installation : un module ne se charge pas ({error}).", file=sys.stderr
            )
            print("Auto-test échoué : l'installation est incomplète.", file=sys.stderr)
        else:  # a bug: logged with its traceback, reported once with the log's path
            log.error("unexpected error", exc_info=error)
            state.exit_code = EXIT_BUG
            dialogs.error(bug_message(log_path))
        window.close()

    def on_loaded(data: StartupData) -> None:
        state.desk = data.report.desk
        try:
            if not finish_startup(data, window, dialogs, login, interactive=not self_test):
                window.close()
                return
        except Exception as error:
            fail(error)
            return
        if self_test:
            try:
                state.exit_code = _report_self_test(data.report.desk, window, shown)
            except Exception as error:  # a check that crashes fails the self-test, now
                fail(error)
                return
            QTimer.singleShot(0, window.close)
            return
        window.statusBar().showMessage(window.tr("Vérification de la base de données…"))
        run_in_background(
            lambda: _verify_integrity(data.report.desk),
            lambda _none: window.statusBar().showMessage(
                window.tr("Base de données vérifiée."), 5000
            ),
            fail,
        )

    if self_test:  # an install that hangs must fail the check, not block it forever

        def give_up() -> None:
            # Still running: the base never opened, or something kept the app from closing.
            if window.is_loaded():
                print(
                    "Auto-test échoué : l'application ne s'est pas fermée à temps.", file=sys.stderr
                )
            else:
                print(
                    "Auto-test échoué : la base n'a pas pu être ouverte à temps.", file=sys.stderr
                )
            state.exit_code = EXIT_BUG
            app.quit()

        QTimer.singleShot(SELF_TEST_TIMEOUT_MS, give_up)

    def report_bug(kind: type[BaseException], error: BaseException, trace: object) -> None:
        # Any exception escaping a slot lands here: logged with its traceback, shown once.
        log.error("unexpected error in the app", exc_info=(kind, error, trace))  # type: ignore[arg-type]
        if not state.bug_shown:
            state.bug_shown = True
            dialogs.error(bug_message(log_path))
        if self_test:  # nobody is there to go on: the self-test has failed
            state.exit_code = EXIT_BUG
            QTimer.singleShot(0, app.quit)

    sys.excepthook = report_bug
    run_in_background(lambda: load_startup(db_path, database_url, login), on_loaded, fail)
    app.exec()
    sys.excepthook = sys.__excepthook__
    finish_background_work()
    if state.desk is not None:
        state.desk.close()
    return state.exit_code


def _report_self_test(desk: Desk, window: MainWindow, shown: float) -> int:
    loaded = seconds_since_launch()
    # Imported only here: reportlab and the documents are no part of a normal start-up.
    from spplus_desk.ui.self_test import check_installation

    installation = check_installation(desk, window)
    for problem in installation.problems:
        print(f"Problème d'installation : {problem}.", file=sys.stderr)
    if installation.problems:
        print("Auto-test échoué : l'installation est incomplète.", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"Vérifié : {', '.join(installation.checked)}.")
    print(
        f"Auto-test réussi : fenêtre « {window.windowTitle()} » affichée "
        f"{format_decimal(shown, 2)} s après le lancement, service chargé à "
        f"{format_decimal(loaded, 2)} s."
    )
    return EXIT_OK


def _window_settings() -> QSettings:
    """The window's remembered geometry: in the platform's place, or in an INI file in
    the portable (or overridden) home, so a portable copy leaves nothing on the PC."""
    file = paths.settings_file()
    if file is None:
        return QSettings()
    return QSettings(str(file), QSettings.Format.IniFormat)


def _verify_integrity(desk: Desk) -> None:
    from spplus_desk.services.desk import verify_integrity

    verify_integrity(desk)


@dataclass
class _RunState:
    exit_code: int = EXIT_OK
    desk: Desk | None = None
    bug_shown: bool = False


def seconds_since_launch() -> float:
    """Time since the process started (Linux: from /proc; elsewhere: since this module
    was imported), so the self-test reports start-up as a person experiences it."""
    try:
        stat = Path(f"/proc/{os.getpid()}/stat").read_text(encoding="ascii")
        fields = stat.rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 (starttime), after pid and comm
        ticks = os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started_ticks / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT


_IMPORTED_AT = time.perf_counter()


def _qt_message_to_log(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own diagnostics go to the log file, not to the person's terminal."""
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)
