"""The request view, used as a counter agent or a lead does: read where a request stands
against its deadline, then act on it with the keyboard — acknowledge, wait for documents,
resume, reassign, answer, reopen, cancel — and see the result through the services."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    RequestEventType,
    RequestStatus,
    Role,
)
from spplus_desk.domain.request_case import RequestCase
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.requests import act_on_request, request_case
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import AuditEntry, Request, RequestKind
from spplus_desk.ui.contact_dialog import ContactDialog
from spplus_desk.ui.request_dialog import COL_DETAIL, COL_EVENT, RequestDialog, TimelineModel
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
PARIS = ZoneInfo("Europe/Paris")
Action = RequestEventType


def kind_id(desk: Desk, label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(RequestKind.id).where(RequestKind.label == label)).one()


def log_request(desk: Desk, channel: Channel, kind: str) -> uuid.UUID:
    """A contact that opens a request; the id of that request."""
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            channel,
            ContactOutcome.REQUEST_OPENED,
            request_kind_id=kind_id(desk, kind),
            person_name="Jeanne Martin",
        ),
    )
    with desk.database.reading() as session:
        return session.scalars(select(Request.id).where(Request.contact_id == record.id)).one()


@pytest.fixture
def email_request(desk: Desk) -> uuid.UUID:
    """An e-mail received Tue 4 May 2027 at 11 h 30 (Paris): 5 jours ouvrés, due Wed
    12 May (Ascension, 6 May, skipped); acknowledgement due Tue 11 May; waiting suspends."""
    return log_request(desk, Channel.EMAIL, "Réponse à un courriel")


def open_dialog(qtbot: QtBot, desk: Desk, request_id: uuid.UUID, login: str) -> RequestDialog:
    dialog = RequestDialog(desk, login, request_id, PARIS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shown(widget: QWidget, name: str) -> str:
    """The text of the value labelled ``name``, as a screen reader reaches it."""
    [label] = [w for w in widget.findChildren(QLabel) if w.accessibleName() == name]
    return label.text()


def events(dialog: RequestDialog) -> list[str]:
    model = dialog.timeline.model()
    return [model.index(row, COL_EVENT).data() for row in range(model.rowCount())]


def details(dialog: RequestDialog) -> list[str]:
    model = dialog.timeline.model()
    return [model.index(row, COL_DETAIL).data() for row in range(model.rowCount())]


def offered(dialog: RequestDialog) -> set[Action]:
    return {a for a, button in dialog.action_panel.buttons.items() if not button.isHidden()}


def act_by_key(qtbot: QtBot, dialog: RequestDialog, key: Qt.Key) -> RequestCase:
    """Press the action's Alt shortcut; the case the view sends once it is done."""
    with qtbot.waitSignal(dialog.request_changed) as changed:
        qtbot.keyClick(dialog, key, ALT)
    case = changed.args[0] if changed.args else None
    assert isinstance(case, RequestCase)
    return case


def ask_by_key(qtbot: QtBot, dialog: RequestDialog, key: Qt.Key, field: QWidget) -> None:
    """Press a « … » action's shortcut: its form opens with the focus in its field."""
    qtbot.keyClick(dialog, key, ALT)
    qtbot.waitUntil(field.hasFocus)


def confirmation(dialog: RequestDialog) -> str:
    label = dialog.action_panel.confirmation
    assert label.isVisible()
    return label.text()


def audit_count(desk: Desk) -> int:
    with desk.database.reading() as session:
        return len(list(session.scalars(select(AuditEntry.seq))))


def test_the_view_shows_the_request_its_deadline_and_timeline(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID
) -> None:
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    assert dialog.windowTitle() == "Demande 2027-000001 — Réponse à un courriel"
    assert dialog.title_label.text() == "Demande n°\u00a02027-000001"
    assert shown(dialog, "Type de demande") == "Réponse à un courriel"
    assert shown(dialog, "Canal") == "Courriel"
    assert shown(dialog, "Reçue le") == "4 mai 2027 à 11\u00a0h\u00a030"
    assert shown(dialog, "Personne") == "Jeanne Martin"
    assert shown(dialog, "Confiée à") == "agent.test"
    assert shown(dialog, "État") == "En cours"
    assert shown(dialog, "Délai annoncé") == (
        "5\u00a0jours ouvrés — l'attente de l'usager suspend le délai"
    )
    assert shown(dialog, "Échéance") == "mercredi 12 mai 2027"
    assert shown(dialog, "Situation de la demande") == "✓ Dans le délai."
    explanation = shown(dialog, "Calcul de l'échéance").split("\n")
    assert "• Non compté : jeudi 6 mai 2027 (Ascension)." in explanation
    assert explanation[-1] == "• Échéance : mercredi 12 mai 2027."
    assert shown(dialog, "Accusé de réception") == "à envoyer au plus tard le mardi 11 mai 2027"
    assert events(dialog) == ["Reçue"]
    assert details(dialog) == ["confiée à agent.test"]
    assert offered(dialog) == {
        Action.ACKNOWLEDGED,
        Action.WAITING_FOR_USER,
        Action.ANSWERED,
        Action.REASSIGNED,
        Action.CANCELLED,
    }
    assert dialog.focusWidget() is dialog.action_panel.buttons[Action.ACKNOWLEDGED]


def test_due_today_then_late_in_words_not_only_in_red(
    qtbot: QtBot, desk: Desk, clock: FixedClock, email_request: uuid.UUID
) -> None:
    clock.at = datetime(2027, 5, 12, 8, 0, tzinfo=UTC)
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    assert shown(dialog, "Situation de la demande") == "À rendre aujourd'hui."
    assert shown(dialog, "Accusé de réception") == (
        "⚠ en retard : à envoyer au plus tard le mardi 11 mai 2027"
    )
    clock.at = datetime(2027, 5, 18, 8, 0, tzinfo=UTC)  # 13, 14 and 18 May (17: Whit Monday)
    dialog.reload()
    assert shown(dialog, "Situation de la demande") == "⚠ En retard de 3\u00a0jours ouvrés."


def test_an_oral_request_owes_no_acknowledgement(qtbot: QtBot, desk: Desk) -> None:
    request_id = log_request(desk, Channel.COUNTER, "Copie d'acte d'état civil")
    dialog = open_dialog(qtbot, desk, request_id, TEST_LOGIN)
    assert shown(dialog, "Accusé de réception") == "sans objet (demande orale)"
    assert shown(dialog, "Délai annoncé").endswith("l'attente de l'usager fait repartir le délai")


def test_the_whole_life_of_a_request_with_the_keyboard(
    qtbot: QtBot, desk: Desk, clock: FixedClock, email_request: uuid.UUID
) -> None:
    paul = add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    panel = dialog.action_panel

    case = act_by_key(qtbot, dialog, Qt.Key.Key_A)  # « &Accuser réception »
    assert request_case(desk, email_request).acknowledged_at == clock.now()
    assert case.status is RequestStatus.ACKNOWLEDGED
    assert confirmation(dialog) == "✓ Accusé de réception noté."
    assert events(dialog) == ["Reçue", "Accusé de réception envoyé"]
    assert Action.ACKNOWLEDGED not in offered(dialog)
    assert shown(dialog, "Accusé de réception").startswith("envoyé le 4 mai 2027")

    clock.advance(days=1)
    ask_by_key(qtbot, dialog, Qt.Key.Key_P, panel.reason_edit)  # « En attente de &pièces… »
    qtbot.keyClicks(panel.reason_edit, "justificatif de domicile")
    with qtbot.waitSignal(dialog.request_changed):
        qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    assert request_case(desk, email_request).status is RequestStatus.WAITING
    assert details(dialog)[-1] == "justificatif de domicile"
    assert shown(dialog, "Situation de la demande") == "Délai suspendu : en attente de l'usager."
    assert shown(dialog, "Échéance") == "fixée à la reprise du dossier"
    assert "le délai est suspendu" in confirmation(dialog)
    assert not panel.form.isVisible()

    clock.advance(days=2)
    act_by_key(qtbot, dialog, Qt.Key.Key_R)  # « &Reprendre »
    assert request_case(desk, email_request).status is RequestStatus.ACKNOWLEDGED
    assert events(dialog)[-1] == "Reprise"
    # 1 day counted (5 May) before the wait, 4 left from the day after Fri 7 May.
    assert shown(dialog, "Échéance") == "jeudi 13 mai 2027"

    ask_by_key(qtbot, dialog, Qt.Key.Key_T, panel.agent_combo)  # « Réa&ttribuer… »
    qtbot.keyClicks(panel.agent_combo, "P")  # type-ahead in the list of agents
    assert panel.agent_combo.currentText() == "Paul Roux"
    with qtbot.waitSignal(dialog.request_changed):
        qtbot.keyClick(panel.agent_combo, Qt.Key.Key_Return)
    assert request_case(desk, email_request).assignee_id == paul.id
    assert details(dialog)[-1] == "confiée à Paul Roux"
    assert shown(dialog, "Confiée à") == "Paul Roux"
    assert confirmation(dialog) == "✓ Demande confiée à Paul Roux."

    act_by_key(qtbot, dialog, Qt.Key.Key_D)  # « Répon&dre »
    assert request_case(desk, email_request).status is RequestStatus.ANSWERED
    assert shown(dialog, "Situation de la demande").endswith(", dans le délai.")
    assert confirmation(dialog) == "✓ Réponse notée : demande traitée dans le délai."
    assert offered(dialog) == {Action.REOPENED}

    act_by_key(qtbot, dialog, Qt.Key.Key_O)  # « R&ouvrir »
    assert request_case(desk, email_request).status is RequestStatus.ACKNOWLEDGED

    ask_by_key(qtbot, dialog, Qt.Key.Key_N, panel.reason_edit)  # « A&nnuler la demande… »
    qtbot.keyClicks(panel.reason_edit, "demande faite en double")
    with qtbot.waitSignal(dialog.request_changed):
        qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    assert request_case(desk, email_request).status is RequestStatus.CANCELLED
    assert events(dialog) == [
        "Reçue",
        "Accusé de réception envoyé",
        "En attente de l'usager",
        "Reprise",
        "Réattribuée",
        "Réponse apportée",
        "Rouverte",
        "Annulée",
    ]
    assert details(dialog)[-1] == "demande faite en double"
    assert shown(dialog, "Situation de la demande").startswith("Annulée le 7 mai 2027")
    # The newest event is the current row of the timeline, for the keyboard too.
    assert dialog.timeline.currentIndex().row() == 7


def test_a_refusal_is_shown_and_nothing_is_written(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID
) -> None:
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    panel = dialog.action_panel
    before = audit_count(desk)
    ask_by_key(qtbot, dialog, Qt.Key.Key_N, panel.reason_edit)
    qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)  # no reason given
    assert panel.problem_label.isVisible()
    assert "Indiquez le motif" in panel.problem_label.text()
    assert panel.reason_edit.accessibleDescription() == panel.problem_label.text()[2:]
    assert panel.reason_edit.hasFocus()
    assert request_case(desk, email_request).version == dialog.case.version
    assert audit_count(desk) == before
    assert events(dialog) == ["Reçue"]
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # « Ne rien chan&ger »
    qtbot.waitUntil(lambda: not panel.form.isVisible())
    assert not panel.problem_label.isVisible()


def test_a_conflict_is_said_the_view_reloads_and_the_reason_stays(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID
) -> None:
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    panel = dialog.action_panel
    ask_by_key(qtbot, dialog, Qt.Key.Key_P, panel.reason_edit)
    qtbot.keyClicks(panel.reason_edit, "avis d'imposition")
    # Meanwhile, at another desk, someone acknowledges the request.
    act_on_request(
        desk, login=TEST_LOGIN, request_id=email_request, action=Action.ACKNOWLEDGED, version=1
    )
    with qtbot.waitSignal(dialog.request_changed):
        qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    assert panel.problem_label.text() == f"⚠ {CONFLICT_MESSAGE}"
    assert panel.reason_edit.text() == "avis d'imposition"
    assert events(dialog) == ["Reçue", "Accusé de réception envoyé"]
    assert Action.ACKNOWLEDGED not in offered(dialog)
    with qtbot.waitSignal(dialog.request_changed):  # now on the version seen: it is done
        qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    assert request_case(desk, email_request).status is RequestStatus.WAITING


def test_an_agent_is_not_offered_to_give_away_someone_elses_request(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID
) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, email_request, "paul")
    assert Action.REASSIGNED not in offered(dialog)
    assert Action.ANSWERED in offered(dialog)


def test_escape_closes_the_view(qtbot: QtBot, desk: Desk, email_request: uuid.UUID) -> None:
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_contact_dialog_opens_its_request(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID
) -> None:
    with desk.database.reading() as session:
        contact_id = session.get_one(Request, email_request).contact_id
    assert contact_id is not None
    contact = ContactDialog(desk, TEST_LOGIN, contact_id)
    qtbot.addWidget(contact)
    contact.show()
    qtbot.waitExposed(contact)
    contact.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is contact)
    qtbot.keyClick(contact, Qt.Key.Key_D, ALT)  # the « &Demande liée » tab
    qtbot.waitUntil(contact.open_request_button.isVisible)
    qtbot.keyClick(contact, Qt.Key.Key_O, ALT)  # « &Ouvrir la demande »
    qtbot.waitUntil(lambda: contact.findChild(RequestDialog) is not None)
    view = contact.findChild(RequestDialog)
    assert isinstance(view, RequestDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    assert view.case.id == email_request
    with qtbot.waitSignal(contact.contact_changed):
        view.action_panel.buttons[Action.ACKNOWLEDGED].click()
    assert contact.detail.request is not None  # the contact dialog shows it as it now is
    assert contact.detail.request.status_label == "Accusé de réception envoyé"


def check_window(window: QWidget) -> None:
    """Fits the screen; every control has a French name and a tooltip."""
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    for control in window.findChildren(QWidget):
        inner = isinstance(control.parent(), QComboBox)
        if isinstance(control, (QComboBox, QLineEdit, QPushButton, QTableView)) and not inner:
            assert control.accessibleName(), control
            assert control.toolTip(), control


def test_every_control_is_named_and_the_view_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, email_request: uuid.UUID, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk, email_request, TEST_LOGIN)
    check_window(dialog)
    panel = dialog.action_panel
    assert panel.buttons[Action.ACKNOWLEDGED].toolTip() == (
        "Noter l'accusé de réception envoyé (Alt+A)"
    )
    assert dialog.close_button.toolTip() == "Fermer la fiche de la demande (Alt+F ou Échap)"
    ask_by_key(qtbot, dialog, Qt.Key.Key_T, panel.agent_combo)
    check_window(dialog)
    assert panel.agent_combo.toolTip() == (
        "Agent à qui confier la demande (Alt+C ou Entrée pour valider)"
    )


def test_the_timeline_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, desk: Desk, email_request: uuid.UUID
) -> None:
    act_on_request(desk, login=TEST_LOGIN, request_id=email_request, action=Action.ACKNOWLEDGED)
    model = TimelineModel(PARIS)
    model.set_rows(request_case(desk, email_request).timeline)
    qtmodeltester.check(model)
