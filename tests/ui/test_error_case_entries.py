"""The other ways into the right-to-error case form: a contact's « Droit à l'erreur… »
button, the request view, and a regularisation's deadline on the board, which opens its
case rather than the request (issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.journal import JournalFilter, JournalSort
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import record_case
from spplus_desk.services.error_register import origin_of_contact
from spplus_desk.services.journal import read_page
from spplus_desk.services.requests import find_request
from spplus_desk.ui.contact_dialog import ContactDialog
from spplus_desk.ui.error_case_dialog import Mode
from spplus_desk.ui.request_board_model import COLUMNS, BoardColumn
from spplus_desk.ui.request_board_view import RequestBoardPanel
from spplus_desk.ui.request_dialog import RequestDialog
from tests.services.test_error_cases import draft
from tests.services.test_requests import COPY_KIND, open_request
from tests.support import TEST_LOGIN
from tests.ui.test_error_register import ALT, PARIS, Cases, make_cases, visible_forms


@pytest.fixture
def cases(desk: Desk) -> Cases:
    return make_cases(desk)  # the register's tests' five cases


def test_the_contact_dialog_opens_the_form_started_from_the_contact(
    qtbot: QtBot, desk: Desk
) -> None:
    open_request(desk, COPY_KIND, Channel.EMAIL, person="Jeanne Martin")
    [contact] = read_page(desk, JournalFilter.day(date(2027, 5, 4)), JournalSort(), offset=0)
    dialog = ContactDialog(desk, TEST_LOGIN, contact.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.error_case_button.text() == "Droit à l'&erreur…"
    assert "Alt+E" in dialog.error_case_button.toolTip()
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: bool(visible_forms(dialog)))
    [form] = visible_forms(dialog)
    assert form.mode is Mode.NEW
    assert form.form.person.name_edit.text() == "Jeanne Martin"
    assert form.origin_label.text() == (
        f"Ouvert depuis : {origin_of_contact(desk, contact.id).label}"
    )
    with qtbot.waitSignal(dialog.contact_changed):  # the window follows a saved case
        form.case_saved.emit(record_case(desk, login=TEST_LOGIN, draft=draft(desk)))
    form.close()


def test_a_regularisation_deadline_on_the_board_opens_its_case(
    qtbot: QtBot, desk: Desk, cases: Cases
) -> None:
    late = cases["late"]
    assert late.follow_up is not None
    assert late.follow_up.late
    board = RequestBoardPanel(desk, TEST_LOGIN, PARIS, find_agent(desk, TEST_LOGIN))
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    qtbot.waitUntil(lambda: not board.busy)
    references = [
        board.model.index(row, COLUMNS.index(BoardColumn.REFERENCE)).data()
        for row in range(board.model.rowCount())
    ]
    board.table.setFocus()
    board.table.selectRow(references.index(late.follow_up.reference))  # « En retard »
    qtbot.keyClick(board.table, Qt.Key.Key_Return)
    [form] = visible_forms(board)
    assert form.record is not None
    assert form.record.id == late.id
    assert not [d for d in board.findChildren(RequestDialog) if d.isVisible()]
    with qtbot.waitSignal(board.requests_changed):  # a save refreshes the board
        form.case_saved.emit(late)
    form.close()
    QThreadPool.globalInstance().waitForDone()


def test_the_request_view_says_which_case_a_deadline_follows(
    qtbot: QtBot, desk: Desk, cases: Cases
) -> None:
    late = cases["late"]
    assert late.follow_up is not None
    request_id = find_request(desk, late.follow_up.reference)
    view = RequestDialog(desk, TEST_LOGIN, request_id, PARIS)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.follow_up_label.isVisible()
    assert "suit un cas du droit à l'erreur" in view.follow_up_label.text()
    assert view.error_case_button.text() == "Ouvrir le cas du droit à l'&erreur…"
    view.error_case_button.click()
    [form] = visible_forms(view)
    assert form.record is not None
    assert form.record.id == late.id
    form.close()

    other = open_request(desk, COPY_KIND, Channel.COUNTER, person="Louis Leroy")
    plain = RequestDialog(desk, TEST_LOGIN, other, PARIS)
    qtbot.addWidget(plain)
    plain.show()
    qtbot.waitExposed(plain)
    assert not plain.follow_up_label.isVisible()
    assert plain.error_case_button.text() == "Droit à l'&erreur…"
    plain.error_case_button.click()
    [form] = visible_forms(plain)
    assert form.mode is Mode.NEW
    assert form.form.person.name_edit.text() == "Louis Leroy"
    form.close()
