"""« Conservation des données (RGPD) », used from the keyboard as an administrator
does: set a duration, see what would be anonymised, export then anonymise after two
questions — Entrée on the last one anonymises nothing (issue 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QSpinBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.retention import get_retention, update_retention
from spplus_desk.services.setup import get_service
from spplus_desk.store.schema import AuditEntry, Contact
from spplus_desk.ui import retention_parts
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.retention_dialog import RetentionDialog
from tests.services.purge_world import OLD_NAME, World, build_world
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    return build_world(desk, clock)


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> RetentionDialog:
    dialog = RetentionDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def wait_idle(qtbot: QtBot, dialog: RetentionDialog) -> None:
    qtbot.waitUntil(dialog.plan_button.isEnabled)


def question(qtbot: QtBot, dialog: RetentionDialog, title: str) -> QMessageBox:
    qtbot.waitUntil(
        lambda: (
            dialog.question is not None
            and dialog.question.isVisible()
            and dialog.question.windowTitle() == title
        )
    )
    box = dialog.question
    assert box is not None
    box.activateWindow()  # its Alt letters act once it is the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    return box


def name_of(desk: Desk, contact_id: object) -> str | None:
    with desk.database.reading() as session:
        return session.scalars(select(Contact.person_name).where(Contact.id == contact_id)).one()


def test_a_duration_is_typed_and_saved_with_its_audit(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    contacts = dialog.fields.boxes[RecordType.CONTACT]
    assert dialog.focusWidget() is contacts
    assert contacts.value() == 12
    hint = dialog.fields.hints[RecordType.ERROR_CASE].text()
    assert (
        hint
        == "Par défaut : 60\u00a0mois, soit 5 ans ; compté à partir de la découverte de l'erreur."
    )
    qtbot.keyClick(contacts, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(contacts, "18")
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # « D&ossiers du droit à l'erreur »
    cases = dialog.fields.boxes[RecordType.ERROR_CASE]
    assert dialog.focusWidget() is cases
    qtbot.keyClick(cases, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.status_label.text() == "Durées de conservation enregistrées.")
    assert get_retention(desk).months() == {
        RecordType.CONTACT: 18,
        RecordType.REQUEST: 12,
        RecordType.ERROR_CASE: 61,
        RecordType.FEEDBACK: 24,
    }
    with desk.database.reading() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "service.retention")
        ).all()
    assert entry.before == {
        "retention": {"contact": 12, "request": 12, "error_case": 60, "feedback": 24}
    }
    assert entry.after["retention"]["contact"] == 18


def test_a_save_over_someone_elses_is_refused_and_keeps_what_was_typed(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = open_dialog(qtbot, desk)
    settings = get_retention(desk)
    update_retention(
        desk, login=TEST_LOGIN, version=settings.version, months={RecordType.FEEDBACK: 36}
    )
    contacts = dialog.fields.boxes[RecordType.CONTACT]
    qtbot.keyClick(contacts, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(contacts, "6")
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)  # « &Enregistrer les durées »
    qtbot.waitUntil(dialog.problem_label.isVisible)
    assert "Quelqu'un a modifié" in dialog.problem_label.text()
    assert contacts.value() == 6
    assert get_retention(desk).months()[RecordType.CONTACT] == 12
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)  # again, over the version saved now
    qtbot.waitUntil(lambda: dialog.status_label.text() == "Durées de conservation enregistrées.")
    assert get_retention(desk).months()[RecordType.CONTACT] == 6


def test_the_plan_counts_what_would_go_and_names_nobody(
    qtbot: QtBot, desk: Desk, world: World
) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: "contacts à anonymiser" in dialog.plan_label.text())
    text = dialog.plan_label.text()
    assert "Identité des personnes sur les contacts : 2 contacts à anonymiser" in text
    assert "Dossiers du droit à l'erreur : 1 dossier à anonymiser" in text
    assert OLD_NAME not in text
    assert name_of(desk, world.old_contact) == OLD_NAME


def test_export_then_anonymise_after_two_questions(
    qtbot: QtBot, desk: Desk, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "avant.json"
    asked: list[Path] = []

    def choose(_parent: QWidget, suggested: Path) -> Path:
        asked.append(suggested)
        return export

    monkeypatch.setattr(retention_parts, "ask_export_path", choose)
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_X, ALT)
    first = question(qtbot, dialog, "Exporter avant d'anonymiser ?")
    qtbot.keyClick(first, Qt.Key.Key_Return)  # the default: export first
    assert asked[0].name.startswith("donnees-avant-anonymisation-")
    confirm = question(qtbot, dialog, "Anonymiser définitivement ?")
    assert "2 contacts, 1 demande, 1 dossier, 2 avis" in confirm.text()
    assert str(export) in confirm.text()
    assert "ne peut pas être annulée" in confirm.text()
    qtbot.keyClick(confirm, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Anonymisés :"))
    assert "Anonymisés : 2 contacts, 1 demande, 1 dossier, 2 avis." in dialog.status_label.text()
    assert name_of(desk, world.old_contact) is None
    assert name_of(desk, world.new_contact) == "Fanny Nouvelle"
    records = json.loads(export.read_text(encoding="utf-8"))["records"]
    assert len(records) == 6


def test_enter_or_escape_on_a_question_anonymises_nothing(
    qtbot: QtBot, desk: Desk, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_X, ALT)
    first = question(qtbot, dialog, "Exporter avant d'anonymiser ?")
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.question is None)
    dialog.activateWindow()  # as the window manager does once the question is gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_X, ALT)
    first = question(qtbot, dialog, "Exporter avant d'anonymiser ?")
    qtbot.keyClick(first, Qt.Key.Key_S, ALT)  # « Anonymiser &sans export »
    confirm = question(qtbot, dialog, "Anonymiser définitivement ?")
    assert "Sans export" in confirm.text()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # the default: « Annuler »
    qtbot.waitUntil(lambda: dialog.question is None)
    wait_idle(qtbot, dialog)
    assert name_of(desk, world.old_contact) == OLD_NAME


def test_nothing_due_says_so_without_a_question(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: dialog.status_label.text() == "Rien à anonymiser.")
    assert dialog.question is None


def test_a_lead_may_look_but_not_change(qtbot: QtBot, desk: Desk, world: World) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Lina Lead", agent_login="lina", role=Role.LEAD)
    dialog = open_dialog(qtbot, desk, "lina")
    assert not dialog.save_button.isEnabled()
    assert not dialog.purge_button.isEnabled()
    assert not any(box.isEnabled() for box in dialog.fields.boxes.values())
    assert dialog.focusWidget() is dialog.plan_button
    qtbot.keyClick(dialog, Qt.Key.Key_X, ALT)  # nothing happens
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: "2 contacts à anonymiser" in dialog.plan_label.text())
    assert dialog.question is None
    assert not dialog.purge_button.isEnabled()
    assert name_of(desk, world.old_contact) == OLD_NAME


def test_at_200_percent_everything_is_named_and_reachable(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    for button in (dialog.save_button, dialog.plan_button, dialog.purge_button):
        assert button.isVisible()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QSpinBox, QAbstractButton)) and not w.objectName().startswith("qt_")
    ]
    assert len(controls) == 8
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.fields.boxes[RecordType.CONTACT].toolTip() == (
        "Identité des personnes sur les contacts (Alt+I)"
    )
    assert dialog.save_button.toolTip() == (
        "Enregistrer les durées de conservation (Alt+E ou Ctrl+S)"
    )
    order = [dialog.focusWidget()]
    for _ in range(7):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == [
        *dialog.fields.boxes.values(),
        dialog.save_button,
        dialog.plan_button,
        dialog.purge_button,
        dialog.close_button,
    ]


def test_the_gestion_menu_opens_it(qtbot: QtBot, desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, TEST_LOGIN),
    )
    [entry] = [a for a in window.manage_actions if a.text() == "Co&nservation des données (RGPD)…"]
    assert entry.isEnabled()
    entry.trigger()
    [dialog] = [d for d in window.findChildren(RetentionDialog) if d.isVisible()]
    assert dialog.parent() is window
