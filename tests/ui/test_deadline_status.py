"""My due and late requests in the status bar, and the notice when one of mine falls
late: read on start, then when the clock passes a due instant; the main window's board
tab and its shortcut to my late requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.request_board import Bucket
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.ui.deadline_status import REFRESH_MS, DeadlineStatus, late_notice, wait_ms
from spplus_desk.ui.main_window import MainWindow
from tests.services.test_request_board import AT, Made, build_board
from tests.services.test_requests import end_of
from tests.support import TEST_LOGIN, FixedClock


@pytest.fixture
def board(desk: Desk, clock: FixedClock) -> Iterator[dict[str, Made]]:
    yield build_board(desk, clock)  # Léa has O2 (late), T (due today), S and W
    QThreadPool.globalInstance().waitForDone()  # readings end before the database closes


def status_of(qtbot: QtBot, desk: Desk, login: str) -> DeadlineStatus:
    status = DeadlineStatus(desk, login)
    qtbot.addWidget(status)
    qtbot.addWidget(status.banner)  # the window places it; here it stands alone
    status.refresh()
    qtbot.waitUntil(lambda: not status.reading)
    return status


def read_again(qtbot: QtBot, status: DeadlineStatus) -> None:
    status.refresh()
    qtbot.waitUntil(lambda: not status.reading)


def test_my_counts_on_start_without_a_notice(
    qtbot: QtBot, desk: Desk, board: dict[str, Made]
) -> None:
    status = status_of(qtbot, desk, "lea")
    assert status.full_text() == "⚠ Mes demandes\u00a0: 1 à rendre aujourd'hui · 1 en retard"
    assert status.accessibleName() == "Mes demandes"
    assert "Ctrl+D" in status.toolTip()
    assert status.banner.isHidden()  # late already at start: the count says it


def test_a_notice_when_the_clock_passes_a_due_instant(
    qtbot: QtBot,
    desk: Desk,
    clock: FixedClock,
    board: dict[str, Made],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alerts: list[QWidget] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, _ms=0: alerts.append(widget))
    status = status_of(qtbot, desk, "lea")
    # T falls due at midnight: the check is set for then, at most 5 minutes away.
    assert status.next_check_ms is not None
    assert status.next_check_ms <= REFRESH_MS
    clock.at = end_of(date(2027, 6, 16)) - timedelta(seconds=30)
    read_again(qtbot, status)
    assert status.next_check_ms is not None
    assert 30_000 <= status.next_check_ms <= 31_000 + 100
    assert status.banner.isHidden()
    clock.advance(seconds=31)  # what the single-shot timer would find
    read_again(qtbot, status)
    assert status.full_text().endswith("1 à rendre aujourd'hui · 2 en retard")  # S: Thursday
    assert not status.banner.isHidden()
    assert status.banner.label.text() == (
        f"⚠ La demande {board['T'].reference} est désormais en retard."
    )
    assert alerts == [status.window()]
    read_again(qtbot, status)  # read again: nothing new, no second alert
    assert alerts == [status.window()]
    status.banner.close_button.click()
    assert status.banner.isHidden()


def test_the_notice_leads_to_my_late_requests(
    qtbot: QtBot, desk: Desk, clock: FixedClock, board: dict[str, Made]
) -> None:
    status = status_of(qtbot, desk, "lea")
    clock.at = AT + timedelta(days=1)
    read_again(qtbot, status)
    with qtbot.waitSignal(status.open_requested):
        status.banner.show_button.click()
    assert status.banner.isHidden()
    with qtbot.waitSignal(status.open_requested):
        qtbot.mouseClick(status, Qt.MouseButton.LeftButton)


def test_a_login_that_is_no_agent_sees_nothing(
    qtbot: QtBot, desk: Desk, board: dict[str, Made]
) -> None:
    status = status_of(qtbot, desk, "stagiaire")
    assert status.isHidden()


def test_wording_and_waiting() -> None:
    assert late_notice(["2027-000001", "2027-000002", "2027-000003"]) == (
        "Les demandes 2027-000001, 2027-000002 et 2027-000003 sont désormais en retard."
    )
    assert wait_ms(None, AT) == REFRESH_MS
    assert wait_ms(AT - timedelta(seconds=5), AT) == 0
    assert wait_ms(AT + timedelta(seconds=10), AT) == 11_000  # a second's margin
    assert wait_ms(AT + timedelta(hours=3), AT) == REFRESH_MS


def shown_window(qtbot: QtBot, desk: Desk, login: str) -> MainWindow:
    service = get_service(desk)
    assert service is not None
    window = MainWindow(login=login, log_path=None)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, login),
    )
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_has_the_board_and_my_late_requests_one_key_away(
    qtbot: QtBot, desk: Desk, board: dict[str, Made]
) -> None:
    window = shown_window(qtbot, desk, "lea")
    assert window.tabs.tabText(1) == "Ta&bleau des demandes"
    status, panel = window.deadlines, window.board
    assert status is not None
    assert panel is not None
    qtbot.waitUntil(lambda: status.deadlines is not None)
    assert status.isVisible()
    keys = [s.key().toString() for s in window.findChildren(QShortcut)]
    keys += [a.shortcut().toString() for a in window.findChildren(QAction)]
    assert keys.count("Ctrl+D") == 1
    status.click()  # what Ctrl+D does
    assert window.tabs.currentWidget() is panel
    assert panel.bucket_list.chosen() is Bucket.OVERDUE
    assert panel.agent_combo.currentText() == "Mes demandes"
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.model.rowCount() == 1
    window.contacts_changed()  # a save elsewhere: the board and my counts read again
    assert status.reading
    qtbot.waitUntil(lambda: not panel.busy and not status.reading)


def test_no_count_for_a_login_that_is_no_agent(
    qtbot: QtBot, desk: Desk, board: dict[str, Made]
) -> None:
    window = shown_window(qtbot, desk, "stagiaire")
    assert window.deadlines is None
    assert window.board is not None
    assert window.tabs.indexOf(window.board) == 1
    assert TEST_LOGIN != "stagiaire"
