"""The listening tab used with the keyboard, as an agent or a lead does: the replies owed
and late, the filters (« En retard », kind, period, words), a new entry with Ctrl+N, an
entry opened with Enter and answered, the improvements linked to the feedback that
prompted them, what an agent may not do, and the tab at 200 % (issue 6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Role
from spplus_desk.domain.feedback import FeedbackRecord, FeedbackStatus, ImprovementStatus
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import FeedbackFilter, feedback_entry, list_feedback
from spplus_desk.services.improvements import list_improvements, record_improvement
from spplus_desk.ui.feedback_dialog import FeedbackDialog
from spplus_desk.ui.feedback_model import COLUMNS, FeedbackColumn, FeedbackModel
from spplus_desk.ui.feedback_view import TAB_TITLE, FeedbackPanel, add_feedback_tab
from spplus_desk.ui.improvement_dialog import LEADS_ONLY, ImprovementDialog
from tests.services.test_feedback import action, made_list
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PARIS = ZoneInfo("Europe/Paris")
Made = dict[str, FeedbackRecord]


@pytest.fixture
def made(desk: Desk, clock: FixedClock) -> Made:
    """Four entries (see made_list): a complaint late on 4 May 2027, a suggestion to
    answer, a complaint answered, a compliment; the clock back on 4 May."""
    return made_list(desk, clock)


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QTabWidget]:
    """The main window's tabs: another tab first, the listening tab added second."""
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "&Journal du jour")
    qtbot.addWidget(tabs)
    yield tabs
    QThreadPool.globalInstance().waitForDone()


def open_panel(qtbot: QtBot, host: QTabWidget, desk: Desk, role: Role | None) -> FeedbackPanel:
    panel = add_feedback_tab(host, 1, desk, TEST_LOGIN, PARIS, role)
    host.setCurrentWidget(panel)
    host.resize(1100, 800)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    return panel


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def column(panel: FeedbackPanel, which: FeedbackColumn) -> list[str]:
    model = panel.model
    return [model.index(row, COLUMNS.index(which)).data() for row in range(model.rowCount())]


def shown_ids(panel: FeedbackPanel) -> list[object]:
    return [panel.model.feedback_id(row) for row in range(panel.model.rowCount())]


def dialog_of(qtbot: QtBot, parent: QWidget, kind: type[QWidget]) -> QWidget:
    """The form the panel opened, once it is the active window."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(kind)))
    [dialog] = [d for d in parent.findChildren(kind) if d.isVisible()]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_list_says_what_is_owed_and_marks_the_late_in_words(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made
) -> None:
    panel = open_panel(qtbot, host, desk, Role.ADMIN)
    assert panel.counts_label.text() == "2 avis à répondre, dont 1 en retard."
    assert shown_ids(panel) == [made[n].id for n in ("answered", "idea", "late", "old")]
    assert column(panel, FeedbackColumn.STATUS) == [
        "Répondu",
        "À répondre",
        "⚠ En retard (à répondre)",
        "Pas de réponse attendue",
    ]
    assert column(panel, FeedbackColumn.DUE) == ["27/05/2027", "26/05/2027", "22/04/2027", "—"]
    assert column(panel, FeedbackColumn.KIND)[1] == "Suggestion"
    assert column(panel, FeedbackColumn.PERSON)[3] == "non communiqué"
    late = panel.model.index(2, COLUMNS.index(FeedbackColumn.STATUS))
    font = late.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert late.data(Qt.ItemDataRole.ToolTipRole) == (
        "En retard : la réponse devait être donnée au plus tard le 22/04/2027."
    )


def test_the_model_passes_qt_model_tester_and_reads_page_by_page(
    qtmodeltester: ModelTester, desk: Desk, made: Made
) -> None:
    model = FeedbackModel(desk, FeedbackFilter(), date(2027, 5, 4))
    model.page_size = 3
    model.reload()
    assert model.rowCount() == 3
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 4
    assert not model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model, force_py=True)


def test_the_late_filter_follows_the_days(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made, clock: FixedClock
) -> None:
    panel = open_panel(qtbot, host, desk, Role.ADMIN)
    combo = panel.filters.status_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "En retard")
    assert combo.currentText() == "En retard"
    assert shown_ids(panel) == [made["late"].id]
    # Past the suggestion's due date (26 May): it is late too, the counts follow.
    clock.at = datetime(2027, 5, 27, 8, 0, tzinfo=UTC)
    qtbot.keyClick(focused(), Qt.Key.Key_R, CTRL)
    assert shown_ids(panel) == [made["idea"].id, made["late"].id]
    assert panel.counts_label.text() == "2 avis à répondre, dont 2 en retard."
    assert panel.filters.to_edit.date().day() == 27  # « au » followed the day


def test_the_late_button_and_the_kind_and_period_filters(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made
) -> None:
    panel = open_panel(qtbot, host, desk, Role.ADMIN)
    filters = panel.filters
    filters.kind_combo.setFocus()
    qtbot.keyClicks(filters.kind_combo, "Suggestion")
    assert shown_ids(panel) == [made["idea"].id]
    qtbot.keyClick(filters.kind_combo, Qt.Key.Key_Home)  # « Tous les types »
    panel.action_bar.late_button.click()
    assert shown_ids(panel) == [made["late"].id]
    assert panel.table.hasFocus()
    qtbot.keyClick(filters.status_combo, Qt.Key.Key_Home)
    assert len(shown_ids(panel)) == 4
    qtbot.keyClick(panel, Qt.Key.Key_P, ALT)  # « Période : »
    qtbot.waitUntil(filters.period_combo.hasFocus)
    qtbot.keyClicks(focused(), "Dates")  # « Dates choisies »: this year to begin with
    assert len(shown_ids(panel)) == 4
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert filters.from_edit.hasFocus()
    qtbot.keyClicks(focused(), "01042027")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert filters.to_edit.hasFocus()
    qtbot.keyClicks(focused(), "30042027")
    assert shown_ids(panel) == [made["late"].id]


def test_ctrl_f_finds_words_and_enter_opens_the_entry(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made
) -> None:
    panel = open_panel(qtbot, host, desk, Role.ADMIN)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, CTRL)
    assert panel.filters.search_edit.hasFocus()
    qtbot.keyClicks(focused(), "samedi")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert shown_ids(panel) == [made["idea"].id]
    assert panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, panel, FeedbackDialog)
    assert isinstance(dialog, FeedbackDialog)
    assert dialog.record is not None
    assert dialog.record.id == made["idea"].id
    # Answered from there: the list and the counts follow.
    qtbot.keyClicks(focused(), "Nous etudions une ouverture le samedi.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: panel.counts_label.text() == "1 avis à répondre, dont 1 en retard.")
    assert feedback_entry(desk, made["idea"].id).status is FeedbackStatus.ANSWERED
    assert column(panel, FeedbackColumn.STATUS) == ["Répondu"]


def test_ctrl_n_records_a_new_entry_and_the_list_follows(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made, clock: FixedClock
) -> None:
    clock.advance(minutes=5)  # later than the entries of the morning, the same day
    panel = open_panel(qtbot, host, desk, Role.AGENT)  # any agent records feedback
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, panel, FeedbackDialog)
    assert isinstance(dialog, FeedbackDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    qtbot.waitUntil(dialog.form.text_edit.hasFocus)
    qtbot.keyClicks(focused(), "Le parking est trop loin de l'entree.")
    with qtbot.waitSignal(panel.feedback_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [new] = [e for e in list_feedback(desk, FeedbackFilter()) if "parking" in e.text]
    assert shown_ids(panel)[0] == new.id
    assert panel.counts_label.text() == "3 avis à répondre, dont 1 en retard."
    assert panel.action_bar.message.text() == (
        "Avis du 04/05/2027 enregistré : réponse à donner au plus tard le jeudi 27 mai 2027."
    )


def test_an_improvement_linked_to_two_entries(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made
) -> None:
    panel = open_panel(qtbot, host, desk, Role.LEAD)
    qtbot.keyClick(panel, Qt.Key.Key_L, ALT)  # « Amé&liorations »
    qtbot.waitUntil(lambda: panel.sections.currentWidget() is panel.improvements)
    panel.improvements.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, panel, ImprovementDialog)
    assert isinstance(dialog, ImprovementDialog)
    assert dialog.said_text.edit.hasFocus()
    qtbot.keyClicks(focused(), "Le guichet ferme trop tot.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Ouvert jusqu'a 18 h le jeudi.")
    assert dialog.said_text.counter.text() == "26 / 300 caractères"
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(dialog.status_combo.hasFocus)
    assert not dialog.done_on_edit.isEnabled()
    qtbot.keyClicks(focused(), "R")  # « Réalisée »
    assert dialog.status() is ImprovementStatus.DONE
    assert dialog.done_on_edit.isEnabled()
    for words in ("guichet", "samedi"):
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
        qtbot.waitUntil(dialog.filter_edit.hasFocus)
        qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(focused(), words)
        assert dialog.links.rowCount() == 1
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert dialog.link_view.hasFocus()
        qtbot.keyClick(focused(), Qt.Key.Key_Down)  # the first entry found
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert dialog.link_count.text() == "2 avis liés"
    with qtbot.waitSignal(panel.feedback_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    [saved] = list_improvements(desk)
    assert saved.feedback_ids == {made["late"].id, made["idea"].id}
    assert (saved.status, saved.done_on) == (ImprovementStatus.DONE, date(2027, 5, 4))
    model = panel.improvements.model
    assert [model.index(0, c).data() for c in range(5)] == [
        "Le guichet ferme trop tot.",
        "Ouvert jusqu'a 18 h le jeudi.",
        "Réalisée",
        "04/05/2027",
        "2",
    ]
    # Back to the entries: Alt+Ç, as a French keyboard sends it.
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    QTest.sendKeyEvent(QTest.KeyAction.Click, host, Qt.Key.Key_Ccedilla, "ç", ALT)
    qtbot.waitUntil(lambda: panel.sections.currentIndex() == 0)


def test_an_agent_may_not_create_or_change_an_improvement(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made
) -> None:
    existing = record_improvement(desk, login=TEST_LOGIN, draft=action())
    panel = open_panel(qtbot, host, desk, Role.AGENT)
    improvements = panel.improvements
    panel.sections.setCurrentWidget(improvements)
    button = improvements.actions_bar.new_button
    assert not button.isEnabled()
    assert button.toolTip() == LEADS_ONLY
    assert LEADS_ONLY in [
        label.text() for label in improvements.findChildren(type(panel.counts_label))
    ]
    improvements.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    assert not improvements.findChildren(ImprovementDialog)
    # Opened to read: nothing to save.
    improvements.table.selectRow(0)
    qtbot.keyClick(improvements.table, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, improvements, ImprovementDialog)
    assert isinstance(dialog, ImprovementDialog)
    assert not dialog.save_button.isVisible()
    assert dialog.said_text.edit.isReadOnly()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert list_improvements(desk) == [existing]


def test_the_tab_its_letter_and_every_control_at_200_percent(
    qtbot: QtBot, host: QTabWidget, desk: Desk, made: Made, large_font: None
) -> None:
    panel = open_panel(qtbot, host, desk, Role.AGENT)
    assert host.tabText(1) == TAB_TITLE == "&Écoute des usagers"
    assert "Alt+É" in host.tabToolTip(1)
    host.setCurrentIndex(0)
    # Alt+É, as a French keyboard sends it (QTest cannot spell « É » from a key alone).
    QTest.sendKeyEvent(QTest.KeyAction.Click, host, Qt.Key.Key_Eacute, "é", ALT)
    qtbot.waitUntil(lambda: host.currentWidget() is panel)
    # Beside the quick entry, on a 1366 x 768 laptop.
    assert panel.minimumSizeHint().width() <= 1366 * 0.55
    kinds = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox)
    for page in (0, 1):
        panel.sections.setCurrentIndex(page)
        controls: list[QWidget] = [
            w
            for w in panel.findChildren(QWidget)
            if isinstance(w, kinds)
            and w.isVisible()
            and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
        ]
        controls += [panel.table] if page == 0 else [panel.improvements.table]
        for widget in controls:
            assert widget.accessibleName(), type(widget).__name__
            assert widget.toolTip(), widget.accessibleName()
    # Tab goes through the filters in reading order, the list, the buttons.
    panel.sections.setCurrentIndex(0)
    chain = [*panel.filters.controls(), panel.table, *panel.action_bar.buttons]
    chain = [w for w in chain if w.isEnabled()]  # the dates wait for « Dates choisies »
    chain[0].setFocus()
    for expected in chain[1:]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is expected, (focused().accessibleName(), expected.accessibleName())
