"""The lead's board, used with the keyboard as a lead or an agent does: the buckets with
their counts, the filters, opening a request, giving several to another agent, the
exports and the day's list; checked through the services and the files written."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import DocumentKind
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.request_board import BoardFilter, Bucket
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.request_board import board_rows
from spplus_desk.services.setup import get_service
from spplus_desk.ui import print_centre, request_board_actions
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.request_board_actions import ReassignDialog
from spplus_desk.ui.request_board_model import COLUMNS, BoardColumn, BoardModel
from spplus_desk.ui.request_board_view import RequestBoardPanel
from spplus_desk.ui.request_dialog import RequestDialog
from tests.services.test_request_board import AT, Made, build_board, references
from tests.services.test_requests import COPY_KIND, open_request
from tests.support import TEST_LOGIN, FixedClock
from tests.ui.test_print_centre import shown_centre, wait_preview

PARIS = ZoneInfo("Europe/Paris")
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def agent(desk: Desk, login: str) -> AgentInfo:
    found = find_agent(desk, login)
    assert found is not None
    return found


@pytest.fixture
def board(desk: Desk, clock: FixedClock) -> dict[str, Made]:
    return build_board(desk, clock)  # the clock stays at AT, Wednesday 16 June 2027


@pytest.fixture
def open_board(qtbot: QtBot, desk: Desk) -> Iterator[Callable[[str], RequestBoardPanel]]:
    def make(login: str) -> RequestBoardPanel:
        panel = RequestBoardPanel(desk, login, PARIS, agent(desk, login))
        qtbot.addWidget(panel)
        panel.resize(1200, 800)
        panel.show()
        qtbot.waitExposed(panel)
        panel.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
        qtbot.waitUntil(lambda: not panel.busy)
        return panel

    yield make
    QThreadPool.globalInstance().waitForDone()  # readings end before the database closes


def shown(qtbot: QtBot, panel: RequestBoardPanel) -> list[str]:
    """The references in the table, once the reading has come back."""
    qtbot.waitUntil(lambda: not panel.busy)
    model = panel.model
    column = COLUMNS.index(BoardColumn.REFERENCE)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def buckets(panel: RequestBoardPanel) -> list[str]:
    return [panel.bucket_list.item(row).text() for row in range(panel.bucket_list.count())]


def test_the_model_passes_qt_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, desk: Desk, board: dict[str, Made]
) -> None:
    model = BoardModel(desk, PARIS, BoardFilter(Bucket.ALL))
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert model.rowCount() == 8
    qtmodeltester.check(model, force_py=True)
    QThreadPool.globalInstance().waitForDone()


def test_the_buckets_with_their_counts_and_the_late_ones_first(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board(TEST_LOGIN)  # the first admin: a lead sees everyone
    assert buckets(panel) == [
        "En retard (3)",
        "À traiter aujourd'hui (1)",
        "Dans les 2 jours ouvrés (1)",
        "75 % du délai écoulé (1)",
        "Dans les temps (1)",
        "En attente de l'usager (1)",
        "Accusés de réception à envoyer (4)",
        "Toutes les demandes en cours (8)",
    ]
    assert panel.agent_combo.currentText() == "Tous les agents"
    assert shown(qtbot, panel) == references(board, "O1", "O2", "O3")
    assert panel.count_label.text() == "3 demandes"
    model = panel.model
    late = model.index(0, COLUMNS.index(BoardColumn.LATE)).data()
    assert late == "6\u00a0j.\u00a0ouvrés"  # due Tue 8 June: Wed 9 to Wed 16
    assert model.index(1, COLUMNS.index(BoardColumn.ACK)).data() == (
        "à envoyer avant le 11/06/2027"
    )
    assert model.index(0, COLUMNS.index(BoardColumn.DUE)).data() == "08/06/2027"


def test_choosing_a_bucket_with_the_keyboard(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board(TEST_LOGIN)
    qtbot.keyClick(panel, Qt.Key.Key_C, ALT)  # « É&chéances »
    assert panel.focusWidget() is panel.bucket_list
    qtbot.keyClick(panel.bucket_list, Qt.Key.Key_Down)
    assert shown(qtbot, panel) == references(board, "T")
    qtbot.keyClick(panel.bucket_list, Qt.Key.Key_Down)
    assert shown(qtbot, panel) == references(board, "S")
    qtbot.keyClick(panel.bucket_list, Qt.Key.Key_End)
    assert shown(qtbot, panel) == references(board, "O1", "O2", "O3", "T", "S", "A", "N", "W")
    waiting = panel.model.row_of(board["W"].id)
    assert waiting is not None
    due = panel.model.index(waiting, COLUMNS.index(BoardColumn.DUE)).data()
    assert due == "à la reprise"


def test_filters_by_agent_and_kind(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board(TEST_LOGIN)
    qtbot.keyClick(panel, Qt.Key.Key_C, ALT)
    qtbot.keyClick(panel.bucket_list, Qt.Key.Key_Tab)
    assert panel.focusWidget() is panel.agent_combo
    qtbot.keyClicks(panel.agent_combo, "L")  # type-ahead: « Léa Martin »
    assert panel.agent_combo.currentText() == "Léa Martin"
    assert shown(qtbot, panel) == references(board, "O2")
    assert buckets(panel)[0] == "En retard (1)"  # Léa's own counts
    assert panel.scope_label.text() == "Nombres\u00a0: Léa Martin"
    qtbot.keyClick(panel.agent_combo, Qt.Key.Key_Home)  # « Tous les agents »
    qtbot.keyClick(panel.agent_combo, Qt.Key.Key_Tab)
    assert panel.focusWidget() is panel.kind_combo
    qtbot.keyClicks(panel.kind_combo, "Copie")
    assert panel.kind_combo.currentText() == COPY_KIND
    assert shown(qtbot, panel) == references(board, "O3")
    assert panel.scope_label.text() == f"Nombres\u00a0: type « {COPY_KIND} »"


def test_a_line_of_the_summary_filters_the_table(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board(TEST_LOGIN)
    names = [panel.agent_counts.index(r, 0).data() for r in range(panel.agent_counts.rowCount())]
    assert names == [agent(panel_desk(panel), TEST_LOGIN).name, "Léa Martin"]
    assert panel.agent_counts.index(1, 1).data() == "1"  # Léa: 1 late
    panel.agent_table.setFocus()  # entering the table chooses nothing by itself
    assert panel.agent_combo.currentText() == "Tous les agents"
    qtbot.keyClick(panel.agent_table, Qt.Key.Key_Down)  # Léa's line
    assert panel.agent_combo.currentText() == "Léa Martin"
    assert shown(qtbot, panel) == references(board, "O2")
    panel.kind_table.setFocus()
    qtbot.keyClick(panel.kind_table, Qt.Key.Key_Space)  # the e-mails, the most late
    assert shown(qtbot, panel) == references(board, "O2")  # Léa's late e-mail
    assert panel.scope_label.text() == "Nombres\u00a0: Léa Martin, tous types confondus"


def panel_desk(panel: RequestBoardPanel) -> Desk:
    return panel._desk


def test_an_agent_opens_on_their_own_requests_and_cannot_reassign(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board("lea")
    assert panel.agent_combo.currentText() == "Mes demandes"
    assert shown(qtbot, panel) == references(board, "O2")
    assert buckets(panel)[1] == "À traiter aujourd'hui (1)"
    button = panel.action_bar.reassign_button
    assert not button.isEnabled()
    assert "Réservé aux responsables" in button.toolTip()


def select_rows(qtbot: QtBot, panel: RequestBoardPanel, count: int) -> None:
    """The first ``count`` rows, chosen with the keyboard (Shift+Down)."""
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(count - 1):
        qtbot.keyClick(panel.table, Qt.Key.Key_Down, SHIFT)


def test_enter_opens_the_request(
    qtbot: QtBot, open_board: Callable[[str], RequestBoardPanel], board: dict[str, Made]
) -> None:
    panel = open_board(TEST_LOGIN)
    select_rows(qtbot, panel, 1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    [dialog] = [d for d in panel.findChildren(RequestDialog) if d.isVisible()]
    assert board["O1"].reference in dialog.title_label.text()
    dialog.close()


def test_a_lead_gives_two_requests_to_another_agent(
    qtbot: QtBot,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
    desk: Desk,
) -> None:
    panel = open_board(TEST_LOGIN)
    select_rows(qtbot, panel, 2)  # O1 (mine) and O2 (already Léa's)
    select_rows(qtbot, panel, 3)
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, SHIFT)  # O1 and O2 remain chosen
    assert panel.selected_ids() == [board["O1"].id, board["O2"].id]
    with qtbot.waitSignal(panel.action_bar.reassign_button.clicked):
        qtbot.keyClick(panel, Qt.Key.Key_L, ALT)  # « Réattribuer &la sélection… »
    [dialog] = [d for d in panel.findChildren(ReassignDialog) if d.isVisible()]
    assert dialog.ok_button.text() == "&Réattribuer 2 demandes"
    dialog.activateWindow()  # what open() does with a window manager
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.agent_combo
    qtbot.keyClicks(dialog.agent_combo, "L")
    with qtbot.waitSignal(panel.requests_changed):
        qtbot.keyClick(dialog.agent_combo, Qt.Key.Key_Return)
    assert panel.action_bar.message.text() == (
        "1 demande confiée à Léa Martin. (1 autre l'était déjà.)"
    )
    lea = agent(desk, "lea").id
    late = board_rows(desk, BoardFilter(Bucket.OVERDUE, assignee_id=lea), at=AT)
    assert [r.reference for r in late] == references(board, "O1", "O2")
    qtbot.waitUntil(lambda: buckets(panel)[0] == "En retard (3)" and not panel.busy)


def test_exports_write_the_whole_bucket(
    qtbot: QtBot,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_board(TEST_LOGIN)
    asked: list[Path] = []
    answers = iter([tmp_path / "retards.csv", tmp_path / "retards"])

    def ask(_parent: QWidget, _title: str, suggested: Path, _filter: str) -> Path:
        asked.append(suggested)
        return next(answers)

    monkeypatch.setattr(request_board_actions, "ask_save_path", ask)
    bar = panel.action_bar
    bar.csv_button.setFocus()
    qtbot.keyClick(bar.csv_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.message.text().startswith("Exporté"))
    assert asked[0].name == "demandes-en-retard-2027-06-16.csv"
    lines = (tmp_path / "retards.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == references(board, "O1", "O2", "O3")
    bar.xlsx_button.setFocus()
    qtbot.keyClick(bar.xlsx_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.message.text() == f"Exporté dans « {tmp_path / 'retards.xlsx'} ».")
    sheet = load_workbook(io.BytesIO((tmp_path / "retards.xlsx").read_bytes())).active
    assert sheet is not None
    assert sheet.max_row == 4


def test_an_export_that_cannot_be_written_is_explained(
    qtbot: QtBot,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_board(TEST_LOGIN)
    monkeypatch.setattr(
        request_board_actions, "ask_save_path", lambda *_args: tmp_path / "parti" / "x.csv"
    )
    panel.action_bar.csv_button.click()
    qtbot.waitUntil(lambda: "n'existe pas" in panel.action_bar.message.text())
    assert panel.action_bar.message.text().startswith("⚠")


def test_the_day_list_opens_in_the_print_centre_to_print_or_save(
    qtbot: QtBot,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_board(TEST_LOGIN)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    centre = shown_centre(qtbot, panel)
    assert centre.options.kind() is DocumentKind.DAY_LIST
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert centre.heading.text().startswith("Liste du jour des demandes (")
    text = " ".join(document.getAllText(page).text() for page in range(document.pageCount()))
    for reference in references(board, "O1", "O2", "O3", "T"):  # late, and due today
        assert reference in text
    monkeypatch.setattr(print_centre, "ask_save_path", lambda *_args: tmp_path / "liste")
    qtbot.keyClick(centre.options.documents, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: centre.busy_label.text().startswith("Enregistré"))
    assert (tmp_path / "liste.pdf").read_bytes().startswith(b"%PDF")
    centre.close()
    # The button opens it too.
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    assert panel.action_bar.print_button.toolTip() == "Imprimer la liste du jour (Ctrl+P)"
    panel.action_bar.print_button.setFocus()
    qtbot.keyClick(panel.action_bar.print_button, Qt.Key.Key_Space)
    centre = shown_centre(qtbot, panel)
    assert centre.options.kind() is DocumentKind.DAY_LIST
    assert wait_preview(qtbot, centre) is not None
    centre.close()


def test_a_new_request_shows_after_a_refresh(
    qtbot: QtBot,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
    desk: Desk,
) -> None:
    panel = open_board(TEST_LOGIN)
    open_request(desk, COPY_KIND, Channel.COUNTER, person="Nouvelle")
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.busy)
    assert buckets(panel)[-1] == "Toutes les demandes en cours (9)"


def test_every_control_is_named_and_the_board_fits_at_200_percent(
    qtbot: QtBot,
    large_font: None,
    open_board: Callable[[str], RequestBoardPanel],
    board: dict[str, Made],
) -> None:
    panel = open_board(TEST_LOGIN)
    # In the window, beside the quick entry, on a 1366 x 768 laptop: the lists scroll,
    # the filters, the counts and the buttons stack.
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    service = get_service(panel_desk(panel))
    assert service is not None
    window.show_service(
        desk=panel_desk(panel),
        service=service,
        referential=load_referential(service.referential),
        agent=agent(panel_desk(panel), TEST_LOGIN),
    )
    assert window.board is not None
    assert window.board.minimumSizeHint().width() <= 1366 * 0.55
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 768
    for widget in [panel.bucket_list, panel.agent_combo, panel.kind_combo, panel.table]:
        assert widget.accessibleName()
        assert widget.toolTip()
    for button in panel.action_bar.buttons:
        assert button.accessibleName()
        assert button.toolTip()
    # Tab goes from the buckets to the filters, the table, the counts, then the buttons.
    panel.bucket_list.setFocus()
    order = [panel.focusWidget()]
    for _ in range(10):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(panel.focusWidget())
    assert order == [
        panel.bucket_list,
        panel.agent_combo,
        panel.kind_combo,
        panel.table,
        panel.agent_table,
        panel.kind_table,
        *panel.action_bar.buttons,
    ]
