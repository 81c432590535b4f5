"""The journal panel, used as a person does: filters, search, sort, paging, opening a
contact with the keyboard; and its model under Qt's model tester."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.journal import JournalColumn, JournalFilter, fold
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.ui.journal_model import COLUMNS, JournalModel
from spplus_desk.ui.journal_view import JournalPanel, Period
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2027, 5, 4)


def _log(desk: Desk, **fields: object) -> ContactRecord:
    values: dict[str, object] = {
        "channel": Channel.COUNTER,
        "outcome": ContactOutcome.IMMEDIATE_ANSWER,
    }
    values.update(fields)
    return log_contact(desk, login=TEST_LOGIN, draft=ContactDraft(**values))  # type: ignore[arg-type]


@pytest.fixture
def panel(qtbot: QtBot, desk: Desk) -> Iterator[JournalPanel]:
    widget = JournalPanel(desk, PARIS)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    QThreadPool.globalInstance().waitForDone()  # counts finish before the database closes


def _status(qtbot: QtBot, panel: JournalPanel) -> str:
    """The count under the table, once the background count has come back."""
    qtbot.waitUntil(lambda: not panel.counting)
    return panel.status_label.text()


def _shown(panel: JournalPanel, column: JournalColumn) -> list[str]:
    model = panel.model
    return [model.data(model.index(row, COLUMNS.index(column))) for row in range(model.rowCount())]


def test_the_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, desk: Desk, clock: FixedClock
) -> None:
    for minute in range(5):
        clock.advance(minutes=minute)
        _log(desk, person_name=f"Personne {minute}" if minute % 2 else "")
    model = JournalModel(desk, PARIS, JournalFilter.day(TODAY))
    qtmodeltester.check(model, force_py=True)
    model.sort(COLUMNS.index(JournalColumn.PERSON), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_today_by_default_latest_first_in_french(
    qtbot: QtBot, panel: JournalPanel, desk: Desk, clock: FixedClock
) -> None:
    clock.at = datetime(2027, 5, 3, 15, 0, tzinfo=UTC)
    _log(desk, person_name="Hier Personne")
    clock.at = datetime(2027, 5, 4, 7, 5, tzinfo=UTC)  # 09 h 05 in Paris
    _log(desk, channel=Channel.PHONE, outcome=ContactOutcome.REDIRECTED, redirected_to="CAF")
    clock.at = datetime(2027, 5, 4, 8, 40, tzinfo=UTC)
    _log(desk, person_name="Lucie Bernard", duration_seconds=720)
    panel.refresh()
    assert panel.period_combo.currentText() == "Aujourd'hui"
    assert _shown(panel, JournalColumn.TIME) == ["10\u00a0h\u00a040", "09\u00a0h\u00a005"]
    assert _shown(panel, JournalColumn.PERSON) == ["Lucie Bernard", "non communiqué"]
    assert _shown(panel, JournalColumn.OUTCOME) == ["Réponse immédiate", "Orienté vers CAF"]
    assert _shown(panel, JournalColumn.DURATION) == ["12\u00a0min", ""]
    assert _status(qtbot, panel) == "2 contacts"


def test_filters_and_period_with_the_keyboard(
    qtbot: QtBot, panel: JournalPanel, desk: Desk, clock: FixedClock
) -> None:
    _log(desk, channel=Channel.PHONE)
    _log(desk, channel=Channel.EMAIL)
    clock.at = datetime(2027, 5, 3, 15, 0, tzinfo=UTC)
    _log(desk, channel=Channel.PHONE)
    clock.at = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
    panel.refresh()
    panel.channel_combo.setFocus()
    for _ in range(2):  # past "Tous les canaux" and "Accueil physique"
        qtbot.keyClick(panel.channel_combo, Qt.Key.Key_Down)
    assert Channel(panel.channel_combo.currentData()) is Channel.PHONE
    assert panel.model.rowCount() == 1
    panel.period_combo.setCurrentIndex(panel.period_combo.findData(Period.LAST_7_DAYS))
    assert panel.model.rowCount() == 2
    assert _shown(panel, JournalColumn.TIME)[1].startswith("03/05/2027")
    assert _status(qtbot, panel) == "2 contacts"


def test_a_custom_period_the_wrong_way_round_is_explained(panel: JournalPanel, desk: Desk) -> None:
    _log(desk)
    panel.refresh()
    panel.period_combo.setCurrentIndex(panel.period_combo.findData(Period.CUSTOM))
    assert panel.from_edit.isEnabled()
    panel.from_edit.setDate(panel.from_edit.date().addDays(3))
    assert "La date de fin précède la date de début" in panel.status_label.text()
    assert panel.model.rowCount() == 1  # the previous list stays


def test_search_waits_for_a_pause_then_enter_opens_the_first_contact(
    qtbot: QtBot, panel: JournalPanel, desk: Desk
) -> None:
    _log(desk, person_name="Hélène Dupont")
    wanted = _log(desk, person_name="Marc Durand", notes="Revient avec son livret de famille")
    panel.refresh()
    qtbot.keyClick(panel, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search_edit
    qtbot.keyClicks(panel.search_edit, "livret fam")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is panel.table
    with qtbot.waitSignal(panel.open_contact) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened.args == [wanted.id]


def test_header_click_sorts_in_sql_and_scrolling_reads_more(
    qtbot: QtBot,
    panel: JournalPanel,
    desk: Desk,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel.model.page_size = 10
    motifs = list_choices(desk, MOTIFS)
    for i in range(25):
        clock.advance(seconds=30)
        _log(desk, motif_id=motifs[i % 4].id)
    panel.refresh()
    assert panel.model.rowCount() == 10
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 10)
    header = panel.table.horizontalHeader()
    motif_column = COLUMNS.index(JournalColumn.MOTIF)
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(header, motif_column)
    )
    while panel.model.canFetchMore(panel.table.rootIndex()):
        panel.model.fetchMore(panel.table.rootIndex())
    shown = _shown(panel, JournalColumn.MOTIF)
    assert len(shown) == 25
    # Alphabetical as read: « État civil » among the E.
    assert shown in (sorted(shown, key=fold), sorted(shown, key=fold, reverse=True))


def _header_point(header: QWidget, column: int) -> object:
    from PySide6.QtCore import QPoint

    view = header  # a QHeaderView
    x = view.sectionViewportPosition(column) + view.sectionSize(column) // 2  # type: ignore[attr-defined]
    return QPoint(x, view.height() // 2)


def test_every_filter_control_has_a_french_accessible_name(panel: JournalPanel) -> None:
    for widget in panel.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(panel):
            owner: QWidget | None = widget
            # Inner widgets of a combo box or date edit are named by their owner.
            while owner is not None and not owner.accessibleName() and owner is not panel:
                owner = owner.parentWidget()
            assert owner is not None, widget
            assert owner is not panel, widget


def test_the_journal_finds_a_contact_it_just_logged(panel: JournalPanel, desk: Desk) -> None:
    record = _log(desk)
    panel.refresh()
    panel.select_contact(record.id)
    assert panel.table.currentIndex().row() == 0
    assert uuid.UUID(panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.UserRole + 1)) == (
        record.id
    )


def test_a_promised_callback_shows_beside_the_missed_call(
    qtbot: QtBot, panel: JournalPanel, desk: Desk
) -> None:
    _log(desk, channel=Channel.PHONE, outcome=ContactOutcome.MISSED_CALL, callback_promised=True)
    _log(desk, channel=Channel.PHONE, outcome=ContactOutcome.ABANDONED_CALL)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert sorted(_shown(panel, JournalColumn.OUTCOME)) == [
        "Appel abandonné",
        "Appel manqué · rappel promis",
    ]
