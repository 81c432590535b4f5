"""The lead's dashboard, used with the keyboard: the figures of the current month, the
previous one (Alt+←), the year; chosen dates the wrong way round; a result that comes
late never hides a newer one; the charts; 200 % text; the tab and its Ctrl+T.

The journal is built by hand through the services, so the figures are known: the clock
stands on Tuesday 4 May 2027 at 11 h 30 in Paris.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.contact import ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType, Satisfaction
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.indicators import Period
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.ui import dashboard_view
from spplus_desk.ui.dashboard_data import DashboardData, dashboard_data
from spplus_desk.ui.dashboard_figures import ChartView, FigureCard
from spplus_desk.ui.dashboard_view import DashboardPanel, add_dashboard_tab
from tests.services.test_indicators import at, log
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
N = "\u202f"  # before « % »
NB = "\u00a0"  # before a unit


@pytest.fixture
def journal(desk: Desk, clock: FixedClock) -> None:
    """April: 3 counter visits (waits of 4, 10 and 20 min; 2 satisfied, 1 not) and 4
    calls (3 answered, 1 missed). May: an e-mail request answered the next day, another
    not due yet, a satisfied visitor."""
    now = clock.at
    for minute, (wait, answer) in enumerate(
        [(4, Satisfaction.SATISFIED), (10, Satisfaction.SATISFIED), (20, Satisfaction.DISSATISFIED)]
    ):
        called = at(date(2027, 4, 6), 9, 30 + minute)
        log(
            desk,
            clock,
            called,
            channel=Channel.COUNTER,
            arrived_at=called - timedelta(minutes=wait),
            called_at=called,
            satisfaction=answer,
        )
    for minute, outcome in enumerate(
        [ContactOutcome.IMMEDIATE_ANSWER] * 3 + [ContactOutcome.MISSED_CALL]
    ):
        log(desk, clock, at(date(2027, 4, 7), 14, minute), channel=Channel.PHONE, outcome=outcome)
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    answered = request(desk, clock, at(date(2027, 5, 3), 10), kind.id)
    request(desk, clock, at(date(2027, 5, 3), 11), kind.id)  # due on 10 May
    clock.at = at(date(2027, 5, 4), 9)
    act_on_request(desk, login=TEST_LOGIN, request_id=answered, action=RequestEventType.ANSWERED)
    log(
        desk,
        clock,
        at(date(2027, 5, 4), 10),
        channel=Channel.COUNTER,
        satisfaction=Satisfaction.SATISFIED,
    )
    clock.at = now


def request(desk: Desk, clock: FixedClock, when: datetime, kind_id: uuid.UUID) -> uuid.UUID:
    record: ContactRecord = log(
        desk,
        clock,
        when,
        channel=Channel.EMAIL,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id,
    )
    assert record.request_reference is not None
    return find_request(desk, record.request_reference)


@pytest.fixture
def open_panel(qtbot: QtBot, desk: Desk) -> Iterator[Callable[..., DashboardPanel]]:
    def make(width: int = 1400, height: int = 900) -> DashboardPanel:
        panel = DashboardPanel(desk, PARIS)
        qtbot.addWidget(panel)
        panel.resize(width, height)
        panel.show()
        qtbot.waitExposed(panel)
        panel.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
        qtbot.waitUntil(lambda: not panel.busy)
        return panel

    yield make
    QThreadPool.globalInstance().waitForDone()  # computations end before the database closes


def card(panel: DashboardPanel, key: str) -> FigureCard:
    found = panel.findChild(FigureCard, f"figure_{key}")
    assert isinstance(found, FigureCard), key
    return found


def value(panel: DashboardPanel, key: str) -> str:
    return card(panel, key).value_label.text()


def detail(panel: DashboardPanel, key: str) -> str:
    return card(panel, key).detail_label.text()


def warned(panel: DashboardPanel, key: str) -> bool:
    return card(panel, key).warning_label.isVisible()


def charts(panel: DashboardPanel) -> list[ChartView]:
    return [chart for section in panel.sections for chart in section.charts]


def test_the_month_then_the_previous_one_then_the_year(
    qtbot: QtBot, journal: None, open_panel: Callable[..., DashboardPanel]
) -> None:
    panel = open_panel()
    picker = panel.picker
    # The current month at first; no month after it yet.
    assert picker.name_label.text() == "mai 2027"
    assert panel.heading.text() == (
        "Indicateurs du 1er mai 2027 au 31 mai 2027 (période en cours, au 4 mai 2027)"
    )
    assert not picker.next_button.isEnabled()
    assert value(panel, "contacts") == "3"
    assert value(panel, "on_time") == f"100{N}%"
    assert detail(panel, "on_time") == "1 sur 1 demande arrivée à échéance"
    assert warned(panel, "on_time")  # one request: no reliable percentage
    assert card(panel, "on_time").warning_label.text() == (
        "⚠ Trop peu de cas pour un pourcentage fiable"
    )
    assert value(panel, "response_days") == f"1{NB}jour"
    assert value(panel, "pickup") == "–"
    assert detail(panel, "pickup") == "aucun cas sur la période"
    assert panel.findChild(FigureCard, "figure_response_hours") is None  # no delay in hours

    # April, with Alt+← from the period's field.
    picker.kind_combo.setFocus()
    qtbot.keyClick(picker.kind_combo, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: not panel.busy)
    assert picker.name_label.text() == "avril 2027"
    assert panel.heading.text() == "Indicateurs du 1er avril 2027 au 30 avril 2027"
    assert picker.next_button.isEnabled()
    assert value(panel, "contacts") == "7"
    assert value(panel, "pickup") == f"75{N}%"
    assert detail(panel, "pickup") == "3 sur 4 appels à décrocher"
    assert value(panel, "wait") == f"10{NB}min"
    assert detail(panel, "wait") == (
        f"moyenne : 11{NB}min · 90e{NB}centile : 20{NB}min · 3 attentes mesurées"
    )
    assert value(panel, "short_waits") == f"67{N}%"
    assert detail(panel, "short_waits") == "2 sur 3 attentes mesurées"
    assert value(panel, "satisfaction") == f"67{N}%"
    assert value(panel, "net_satisfaction") == f"+33{NB}points"
    assert warned(panel, "satisfaction")
    assert value(panel, "on_time") == "–"
    # A screen reader hears the whole card.
    assert card(panel, "pickup").accessibleName() == (
        f"Taux de décroché : 75{N}%, 3 sur 4 appels à décrocher. "
        "Trop peu de cas pour un pourcentage fiable"
    )

    # The year: typed in the period's field.
    qtbot.keyClicks(picker.kind_combo, "Ann")  # QTest types ASCII only
    qtbot.waitUntil(lambda: not panel.busy)
    assert picker.name_label.text() == "année 2027"
    assert value(panel, "contacts") == "10"
    assert picker.from_edit.text() == "01/01/2027"
    assert picker.to_edit.text() == "31/12/2027"
    assert not picker.from_edit.isEnabled()  # the dates are typed for « Dates choisies »


def test_the_charts_are_svg_in_proportion_with_their_words(
    qtbot: QtBot, journal: None, open_panel: Callable[..., DashboardPanel]
) -> None:
    panel = open_panel()
    qtbot.keyClick(panel.picker.kind_combo, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: not panel.busy and panel.picker.name_label.text() == "avril 2027")
    shown = charts(panel)
    assert [chart.accessibleName() for chart in shown] == [
        "Contacts par canal",
        "Horaires d'affluence",
        "Demandes traitées dans les délais annoncés, par type",
        "Satisfaction des usagers",
        "Droit à l'erreur : cas par issue",
    ]
    for chart in shown:
        assert isinstance(chart, QSvgWidget)
        assert chart.renderer().isValid()
        assert chart.isVisible()
        ratio = chart.image.height / chart.image.width
        assert abs(chart.height() - chart.width() * ratio) <= 2
    channels, busy, on_time, satisfaction, _ = shown
    assert channels.accessibleDescription() == (
        f"7 contacts sur la période. Téléphone : 4 (57{N}%) ; Accueil physique : 3 (43{N}%)."
    )
    assert b"Horaires d'affluence" in busy.image.svg
    assert f"mercredi de 14{NB}h à 15{NB}h (4 contacts)" in busy.accessibleDescription()
    assert on_time.accessibleDescription() == "Aucune donnée sur la période"
    assert b"Aucune donn\xc3\xa9e sur la p\xc3\xa9riode" in on_time.image.svg
    assert f"Satisfait : 2 (67{N}%)" in satisfaction.accessibleDescription()


def test_chosen_dates_the_wrong_way_round_are_explained(
    qtbot: QtBot, journal: None, open_panel: Callable[..., DashboardPanel]
) -> None:
    panel = open_panel()
    picker = panel.picker
    picker.kind_combo.setFocus()
    qtbot.keyClicks(picker.kind_combo, "Dates")
    assert picker.from_edit.isEnabled()
    assert not picker.previous_button.isEnabled()
    qtbot.keyClick(picker.kind_combo, Qt.Key.Key_Tab)  # the disabled buttons are skipped
    assert panel.focusWidget() is picker.from_edit
    qtbot.keyClicks(picker.from_edit, "06042027")
    qtbot.keyClick(picker.from_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(picker.to_edit, "01042027")
    qtbot.keyClick(picker.to_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.message.isVisible())
    assert panel.message.text() == "⚠ La date de fin précède la date de début : inversez-les."
    assert not panel.scroll_area.isVisible()  # no figure of another period under it
    # Put right: the figures of 6 to 30 April.
    qtbot.keyClick(picker.to_edit, Qt.Key.Key_Backtab)
    qtbot.keyClick(picker.from_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(picker.to_edit, "30042027")
    qtbot.keyClick(picker.to_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.busy and panel.scroll_area.isVisible())
    assert not panel.message.isVisible()
    assert panel.heading.text() == "Indicateurs du 6 avril 2027 au 30 avril 2027"
    assert value(panel, "contacts") == "7"


def test_a_result_arriving_late_never_hides_a_newer_one(
    qtbot: QtBot,
    journal: None,
    open_panel: Callable[..., DashboardPanel],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_panel()
    release = threading.Event()
    started: list[Period] = []

    def slow_for_may(desk: Desk, period: Period) -> DashboardData:
        started.append(period)
        if period.first_day.month == 5:
            release.wait(10)  # May's computation ends after April's
        return dashboard_data(desk, period)

    monkeypatch.setattr(dashboard_view, "dashboard_data", slow_for_may)
    panel.refresh_button.click()  # May again, slowly
    assert panel.busy
    assert panel.progress.isVisible()
    assert panel.busy_label.text() == "Calcul en cours…"
    qtbot.keyClick(panel.picker.kind_combo, Qt.Key.Key_Left, ALT)  # April, at once
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.heading.text() == "Indicateurs du 1er avril 2027 au 30 avril 2027"
    release.set()
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # May's result reaches the main thread, and is dropped
    assert sorted(p.first_day.month for p in started) == [4, 5]  # both were computed
    assert value(panel, "contacts") == "7"
    assert not panel.progress.isVisible()


def test_a_problem_in_the_computation_is_said_in_french(
    qtbot: QtBot,
    desk: Desk,
    open_panel: Callable[..., DashboardPanel],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_panel()

    def unavailable(_desk: Desk, _period: Period) -> DashboardData:
        raise UserError("La base de données ne répond pas : réessayez dans un instant.")

    monkeypatch.setattr(dashboard_view, "dashboard_data", unavailable)
    qtbot.keyClick(panel.picker.kind_combo, Qt.Key.Key_R, CTRL)  # Ctrl+R: compute again
    qtbot.waitUntil(lambda: panel.message.isVisible())
    assert panel.message.text() == "⚠ La base de données ne répond pas : réessayez dans un instant."
    assert not panel.busy


def test_at_200_percent_nothing_is_cut_it_scrolls(
    qtbot: QtBot, large_font: None, journal: None, open_panel: Callable[..., DashboardPanel]
) -> None:
    panel = open_panel(1000, 700)
    # Beside the quick entry on a 1366 x 768 laptop: the figures scroll, the panel fits.
    assert panel.minimumSizeHint().width() <= 1366 * 0.55
    content = panel.scroll_area.widget()
    assert content is not None
    assert content.width() >= content.minimumSizeHint().width()
    assert panel.scroll_area.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    for section in panel.sections:
        for figure in section.cards:
            assert figure.width() >= figure.minimumSizeHint().width()
            big = figure.value_label
            assert big.width() >= big.sizeHint().width(), big.text()  # « 100 % » whole
            for label in figure.findChildren(QLabel):
                if label.isVisible():
                    assert label.height() >= label.heightForWidth(label.width()), label.text()
        for chart in section.charts:
            # Its text no smaller than 80 % of the screen's: a chart is not squeezed.
            assert chart.width() >= chart.minimumWidth()
    channels, busy = panel.sections[0].charts
    assert busy.y() > channels.y()  # one chart a row at this size


def test_every_control_is_named_and_tab_goes_through_the_figures(
    qtbot: QtBot, journal: None, open_panel: Callable[..., DashboardPanel]
) -> None:
    panel = open_panel()
    kinds = (QComboBox, QAbstractButton, QAbstractSpinBox)
    controls = [
        w
        for w in panel.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
    ]
    for widget in controls:
        assert widget.accessibleName(), type(widget).__name__
        assert widget.toolTip(), widget.accessibleName()
    assert "Alt+←" in panel.picker.previous_button.toolTip()
    assert "Ctrl+R" in panel.refresh_button.toolTip()
    picker = panel.picker
    picker.kind_combo.setFocus()
    order = [panel.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(panel.focusWidget())
    # The next month is not there yet and the dates are for « Dates choisies »: skipped.
    first_card = panel.sections[0].cards[0]
    assert order == [
        picker.kind_combo,
        picker.previous_button,
        panel.refresh_button,
        first_card,
        panel.sections[0].cards[1],
    ]


def test_the_tab_ctrl_t_and_the_figures_computed_again_when_back(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    other = QWidget()
    tabs.addTab(other, "Journal")
    panel = add_dashboard_tab(tabs, 1, desk, PARIS)
    assert tabs.tabText(1) == "Tableau de bord"
    assert "Ctrl+T" in tabs.tabToolTip(1)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tabs)
    assert tabs.currentWidget() is other
    qtbot.keyClick(tabs, Qt.Key.Key_T, CTRL)
    assert tabs.currentWidget() is panel
    assert panel.focusWidget() is panel.picker.kind_combo
    qtbot.waitUntil(lambda: not panel.busy)
    assert value(panel, "contacts") == "0"
    # Back to the journal, a contact is logged; the dashboard counts it when shown again.
    qtbot.keyClick(panel.picker.kind_combo, Qt.Key.Key_Tab, CTRL)
    assert tabs.currentWidget() is other
    log(desk, clock, clock.at, channel=Channel.COUNTER)
    qtbot.keyClick(tabs, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: not panel.busy)
    assert value(panel, "contacts") == "1"
    QThreadPool.globalInstance().waitForDone()


def test_a_dashboard_left_open_overnight_reaches_the_new_month(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    clock.at = at(date(2027, 5, 31), 17)
    panel = DashboardPanel(desk, PARIS)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.busy)
    assert not panel.picker.next_button.isEnabled()  # May is the current month
    clock.at = at(date(2027, 6, 1), 8)
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.picker.next_button.isEnabled()
    QThreadPool.globalInstance().waitForDone()
