"""The service's calendar, used as a lead does: type a closure day, see how many open
requests got a new due date, take it back; Whit Monday as a box to tick; refusals
explained next to the date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.service_calendar import Closure, add_closure, calendar_settings
from spplus_desk.ui.service_calendar_dialog import DaysModel, ServiceCalendarDialog
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
PONT = date(2027, 5, 7)


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> ServiceCalendarDialog:
    dialog = ServiceCalendarDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def rows(table: QTableView, column: int = 0) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def open_email_request(desk: Desk) -> None:
    """Received Tue 4 May 2027, 5 jours ouvrés: due Wed 12 May, so Fri 7 May counts."""
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.EMAIL, ContactOutcome.REQUEST_OPENED, request_kind_id=kind.id),
    )


def test_add_a_closure_with_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    open_email_request(desk)
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Calendrier du service"
    assert "75 – Paris" in dialog.departement_label.text()
    assert dialog.focusWidget() is dialog.date_edit
    assert dialog.date_edit.text() == "04/05/2027"  # today, in the service's zone
    qtbot.keyClicks(dialog.date_edit, "07052027")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.label_edit
    qtbot.keyClicks(dialog.label_edit, "Pont de l'Ascension")
    with qtbot.waitSignal(dialog.calendar_changed) as changed:
        qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    assert changed.args == [1]
    assert dialog.status_label.text() == (
        "Vendredi 7 mai 2027 est ajouté aux jours de fermeture. "
        "1 demande en cours a une nouvelle échéance."
    )
    assert calendar_settings(desk).closures == (Closure(PONT, "Pont de l'Ascension"),)
    assert rows(dialog.closures_table) == ["Vendredi 7 mai 2027"]
    assert rows(dialog.closures_table, 1) == ["Pont de l'Ascension"]
    assert dialog.label_edit.text() == ""
    assert dialog.focusWidget() is dialog.date_edit
    # Enter in the date field adds too; a day after every due date moves none.
    qtbot.keyClicks(dialog.date_edit, "04062027")
    with qtbot.waitSignal(dialog.calendar_changed) as changed:
        qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert changed.args == [0]
    assert dialog.status_label.text().endswith("Aucune demande en cours ne change d'échéance.")
    assert rows(dialog.closures_table, 1) == ["Pont de l'Ascension", "Fermeture exceptionnelle"]


def test_a_useless_closure_is_explained_next_to_the_date(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClicks(dialog.date_edit, "09052027")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.label_edit, "Fete")
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.closure_error.isVisible)
    assert dialog.closure_error.text().startswith("⚠ Le dimanche 9 mai 2027 est un dimanche")
    assert dialog.date_edit.accessibleDescription().startswith("Le dimanche 9 mai 2027")
    assert dialog.focusWidget() is dialog.date_edit
    assert dialog.label_edit.text() == "Fete"  # what was typed is kept
    assert calendar_settings(desk).closures == ()
    qtbot.keyClicks(dialog.date_edit, "06052027")  # Ascension
    with qtbot.waitSignal(dialog.add_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # « &Ajouter »
    qtbot.waitUntil(lambda: "Ascension" in dialog.closure_error.text())
    assert calendar_settings(desk).closures == ()


def test_remove_a_closure(qtbot: QtBot, desk: Desk) -> None:
    open_email_request(desk)
    add_closure(desk, login=TEST_LOGIN, day=PONT, label="Pont")
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_J, ALT)  # « &Jours de fermeture : »
    assert dialog.focusWidget() is dialog.closures_table
    # The first row is the current one once the list has the focus.
    with qtbot.waitSignal(dialog.calendar_changed) as changed:
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # « &Retirer le jour choisi »
    assert changed.args == [1]
    assert dialog.status_label.text() == (
        "Vendredi 7 mai 2027 n'est plus un jour de fermeture. "
        "1 demande en cours a une nouvelle échéance."
    )
    assert calendar_settings(desk).closures == ()
    assert rows(dialog.closures_table) == []
    assert not dialog.remove_button.isEnabled()


def test_whit_monday_is_a_box_to_tick(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    whit = rows(dialog.holidays_table, 1)[rows(dialog.holidays_table).index("Lundi 17 mai 2027")]
    assert whit == "Lundi de Pentecôte"
    with qtbot.waitSignal(dialog.calendar_changed):
        qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # « Le lundi de &Pentecôte est travaillé »
    assert calendar_settings(desk).whit_monday_worked
    assert dialog.whit_box.isChecked()
    assert dialog.status_label.text().startswith("Le lundi de Pentecôte est désormais travaillé")
    names = rows(dialog.holidays_table, 1)
    assert names[rows(dialog.holidays_table).index("Lundi 17 mai 2027")].startswith(
        "Lundi de Pentecôte (travaillé"
    )


def test_an_agent_is_refused_and_the_box_shows_the_stored_setting(qtbot: QtBot, desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, login="paul")
    dialog.whit_box.click()
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "réservée au rôle" in dialog.error_label.text()
    assert not dialog.whit_box.isChecked()
    assert not calendar_settings(desk).whit_monday_worked


def test_the_holidays_of_this_year_and_next_are_listed(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    days = rows(dialog.holidays_table)
    assert days[0] == "Vendredi 1er janvier 2027"
    assert days[-1] == "Lundi 25 décembre 2028"
    assert dialog.holidays_label.text() == "Jours fériés déjà &comptés (2027 et 2028)\u00a0:"
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    assert dialog.focusWidget() is dialog.holidays_table


def test_every_control_is_named_and_explained_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    assert dialog.close_button.isVisible()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QAbstractButton, QAbstractSpinBox, QTableView))
        and not w.objectName().startswith("qt_")  # Qt's own parts (the date's editor)
    ]
    assert len(controls) == 8
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.date_edit.toolTip() == (
        "Date du jour de fermeture à ajouter (Alt+D ou Entrée : ajouter)"
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_days_model_passes_qt_model_tester(qtmodeltester: ModelTester, desk: Desk) -> None:
    model = DaysModel("Jour férié")
    model.set_rows(calendar_settings(desk).holidays)
    qtmodeltester.check(model)


def test_removing_needs_a_day_chosen_in_the_list(qtbot: QtBot, desk: Desk) -> None:
    add_closure(desk, login=TEST_LOGIN, day=PONT, label="Pont")
    dialog = open_dialog(qtbot, desk)
    dialog.remove_button.click()
    assert dialog.closure_error.text() == (
        "⚠ Choisissez d'abord dans la liste le jour de fermeture à retirer."
    )
    assert dialog.focusWidget() is dialog.closures_table
    assert calendar_settings(desk).closures == (Closure(PONT, "Pont"),)
