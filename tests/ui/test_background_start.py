"""The window shows first; the database opens in the background and fills it in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.ui.app import StartupData, finish_startup, load_startup
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.main_window import MainWindow
from tests.support import TEST_LOGIN


class RecordingDialogs:
    def __init__(self, answer: FirstRunSettings | None) -> None:
        self.answer = answer
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.asked = 0

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def first_settings(self) -> FirstRunSettings | None:
        self.asked += 1
        return self.answer


def test_results_and_errors_come_back_on_the_main_thread(qtbot: QtBot) -> None:
    main_thread = QThread.currentThread()
    worker_threads: list[QThread] = []
    results: list[object] = []
    on_main: list[bool] = []

    def work() -> int:
        worker_threads.append(QThread.currentThread())
        return 6 * 7

    def collect(value: object) -> None:
        on_main.append(QThread.currentThread() is main_thread)
        results.append(value)

    run_in_background(work, collect, collect)
    run_in_background(lambda: 1 / 0, collect, collect)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert 42 in results
    assert any(isinstance(r, ZeroDivisionError) for r in results)
    assert on_main == [True, True]
    assert worker_threads[0] is not main_thread


def test_loading_window_is_filled_in_after_the_first_run_answers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    window.show()
    assert not window.is_loaded()
    assert window.windowTitle() == "SP+ Desk"
    loaded: list[StartupData] = []
    failures: list[BaseException] = []
    db = tmp_path / "guichet.db"
    run_in_background(
        lambda: load_startup(str(db), None, TEST_LOGIN), loaded.append, failures.append
    )
    qtbot.waitUntil(lambda: bool(loaded or failures))
    assert failures == []
    dialogs = RecordingDialogs(FirstRunSettings("Mairie de Rennes", "35"))
    assert finish_startup(loaded[0], window, dialogs, TEST_LOGIN)
    assert dialogs.asked == 1
    assert window.is_loaded()
    assert window.windowTitle() == "SP+ Desk — Mairie de Rennes"
    assert str(db) in window.database_label.text()
    loaded[0].report.desk.close()


def test_a_refused_database_arrives_as_a_user_error(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "pas-une-base.db"
    db.write_text("bonjour", encoding="utf-8")
    failures: list[BaseException] = []
    run_in_background(
        lambda: load_startup(str(db), None, TEST_LOGIN), failures.append, failures.append
    )
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], UserError)
    assert "pas une base de données SP+ Desk" in failures[0].message
    assert db.read_text(encoding="utf-8") == "bonjour"


def test_giving_up_the_first_run_leaves_the_window_empty(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    data = load_startup(str(tmp_path / "abandon.db"), None, TEST_LOGIN)
    dialogs = RecordingDialogs(None)
    assert not finish_startup(data, window, dialogs, TEST_LOGIN)
    assert not window.is_loaded()


def test_a_database_on_a_network_share_is_warned_about(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "spplus_desk.store.opening.netshare.is_on_network_share", lambda _path: True
    )
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    data = load_startup(str(tmp_path / "partage.db"), None, TEST_LOGIN)
    dialogs = RecordingDialogs(FirstRunSettings("Mairie de Brest", "29"))
    assert finish_startup(data, window, dialogs, TEST_LOGIN)
    assert len(dialogs.warnings) == 1
    assert "partage réseau" in dialogs.warnings[0]
    assert "PostgreSQL" in dialogs.warnings[0]
    assert window.is_loaded()
    data.report.desk.close()
