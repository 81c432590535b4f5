"""The board of requests and my deadlines in the status bar, used as a lead and an agent
do: keys on the real widgets, results checked through the services."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Role
from spplus_desk.domain.request_board import Bucket
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.requests import request_case
from spplus_desk.ui import request_board_actions
from spplus_desk.ui.deadline_status import DeadlineStatus
from spplus_desk.ui.request_board_actions import ReassignDialog
from spplus_desk.ui.request_board_view import RequestBoardPanel
from spplus_desk.ui.request_dialog import RequestDialog
from tests.services.test_request_board import AT, build_board, references
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")


def board_panel(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> RequestBoardPanel:
    agent = find_agent(desk, login)
    panel = RequestBoardPanel(desk, login, PARIS, agent)
    qtbot.addWidget(panel)
    panel.resize(1300, 800)
    panel.show()
    qtbot.waitUntil(lambda: not panel.busy)
    return panel


def index_of(combo: QComboBox, value: object) -> int:
    """The entry holding ``value`` (Python objects are compared by Qt as identities)."""
    found = [row for row in range(combo.count()) if combo.itemData(row) == value]
    assert found, value
    return found[0]


def shown(panel: RequestBoardPanel) -> list[str]:
    model = panel.model
    return [model.row_item(row).reference for row in range(model.rowCount())]


def choose(qtbot: QtBot, panel: RequestBoardPanel, bucket: Bucket) -> None:
    panel.bucket_list.setFocus()
    target = list(Bucket).index(bucket)
    while panel.bucket_list.currentRow() != target:
        key = Qt.Key.Key_Down if panel.bucket_list.currentRow() < target else Qt.Key.Key_Up
        qtbot.keyClick(panel.bucket_list, key)
    qtbot.waitUntil(lambda: not panel.busy)


def test_the_buckets_show_their_counts_and_their_requests(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    board = build_board(desk, clock)
    panel = board_panel(qtbot, desk)
    texts = [panel.bucket_list.item(row).text() for row in range(panel.bucket_list.count())]
    assert texts[0] == "En retard (3)"
    assert "À traiter aujourd'hui (1)" in texts
    assert "Toutes les demandes en cours (8)" in texts
    assert shown(panel) == references(board, "O1", "O2", "O3")  # the most late first
    choose(qtbot, panel, Bucket.TODAY)
    assert shown(panel) == references(board, "T")
    choose(qtbot, panel, Bucket.WAITING)
    assert shown(panel) == references(board, "W")


def test_filters_by_agent_and_enter_opens_the_request(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    board = build_board(desk, clock)
    panel = board_panel(qtbot, desk)
    lea = find_agent(desk, "lea")
    assert lea is not None
    panel.agent_combo.setCurrentIndex(index_of(panel.agent_combo, lea.id))
    qtbot.waitUntil(lambda: not panel.busy)
    assert shown(panel) == references(board, "O2")
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(open_dialogs()))
    [dialog] = open_dialogs()
    assert board["O2"].reference in dialog.windowTitle()
    dialog.close()


def open_dialogs() -> list[RequestDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, RequestDialog) and widget.isVisible()
    ]


def test_a_lead_reassigns_the_selected_requests(
    qtbot: QtBot, desk: Desk, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = build_board(desk, clock)
    panel = board_panel(qtbot, desk)
    lea = find_agent(desk, "lea")
    assert lea is not None
    opened: list[ReassignDialog] = []
    monkeypatch.setattr(ReassignDialog, "open", lambda self: opened.append(self))
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.mouseClick(panel.action_bar.reassign_button, Qt.MouseButton.LeftButton)
    [dialog] = opened
    dialog.show()  # opened non-modal by the board; shown here without a window manager
    dialog.agent_combo.setCurrentIndex(index_of(dialog.agent_combo, lea.id))
    with qtbot.waitSignal(panel.action_bar.acted, timeout=10_000):
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Space)
    for name in ("O1", "O2"):
        assert request_case(desk, board[name].id).assignee == "Léa Martin"
    assert "confiée" in panel.action_bar.message.text()


def test_an_agent_sees_their_own_requests_and_cannot_reassign(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    board = build_board(desk, clock)
    lea = find_agent(desk, "lea")
    assert lea is not None
    assert lea.role is Role.AGENT
    panel = board_panel(qtbot, desk, "lea")
    assert panel.agent_combo.currentText() == "Mes demandes"
    assert shown(panel) == references(board, "O2")
    assert not panel.action_bar.reassign_button.isEnabled()
    assert "responsables" in panel.action_bar.reassign_button.toolTip()


def test_the_bucket_is_exported_to_the_file_chosen(
    qtbot: QtBot, desk: Desk, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = build_board(desk, clock)
    panel = board_panel(qtbot, desk)
    target = tmp_path / "retards"
    monkeypatch.setattr(request_board_actions, "ask_save_path", lambda *_args: target)
    qtbot.mouseClick(panel.action_bar.csv_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("retards.csv")
    qtbot.waitUntil(saved.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "Exporté" in panel.action_bar.message.text(), timeout=10_000)
    text = saved.read_bytes().decode("utf-8-sig")
    for reference in references(board, "O1", "O2", "O3"):
        assert reference in text


def test_my_deadlines_in_the_status_bar_and_the_late_notice(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    board = build_board(desk, clock)
    window = QWidget()
    qtbot.addWidget(window)
    status = DeadlineStatus(desk, "lea", window)
    status.refresh()
    qtbot.waitUntil(lambda: status.deadlines is not None and not status.reading)
    assert status.text().startswith("⚠")  # a late one: said in words, not colour alone
    assert status.text().endswith("1 à rendre aujourd'hui · 1 en retard")
    assert status.banner.isHidden()  # late at start: the count says it, no notice
    assert status.next_check_ms is not None  # a check when the next one falls due
    clock.at = AT + timedelta(days=1)  # Thursday: T is late now, S due today
    status.refresh()
    qtbot.waitUntil(lambda: status.text().endswith("2 en retard"))
    assert not status.banner.isHidden()
    notice = status.banner.label.text()
    assert board["T"].reference in notice  # the one that just fell late
    assert board["O2"].reference not in notice  # already late: no news
    status.banner.close_button.click()
    assert status.banner.isHidden()


@pytest.mark.usefixtures("large_font")
def test_the_board_fits_with_200_percent_text(qtbot: QtBot, desk: Desk, clock: FixedClock) -> None:
    build_board(desk, clock)
    panel = board_panel(qtbot, desk)
    panel.resize(1366 * 3 // 5, 700)  # the tab beside the quick entry on a small laptop
    qtbot.wait(10)
    for button in panel.action_bar.buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
    assert panel.table.isVisible()
    for widget in (panel.bucket_list, panel.agent_combo, panel.kind_combo, panel.table):
        assert widget.accessibleName()
