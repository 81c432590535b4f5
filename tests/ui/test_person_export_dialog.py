"""« Droit d'accès : exporter les données d'une personne », used as a lead does, from the
keyboard: type the name, Enter, pick the person among those found with the arrows,
Ctrl+S; the files hold that person and nobody else. Typing again empties the list; a
refusal is said in the dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.store.schema import AuditEntry
from spplus_desk.ui import person_export_dialog
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.person_export_dialog import PersonExportDialog
from tests.services.person_world import World, build_world
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CONTROLS = (QLineEdit, QAbstractButton, QListWidget)
ENTRY = "D&roit d'accès : exporter les données d'une personne…"


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    return build_world(desk, clock)


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> PersonExportDialog:
    dialog = PersonExportDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def search(qtbot: QtBot, dialog: PersonExportDialog, query: str) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # « &Personne recherchée : »
    assert dialog.focusWidget() is dialog.query_edit
    dialog.query_edit.selectAll()
    qtbot.keyClicks(dialog.query_edit, query)
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)


def people(dialog: PersonExportDialog) -> list[str]:
    found = dialog.people_list
    return [found.item(row).text() for row in range(found.count())]


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[str, Path]]:
    """The save dialog answers ``path``; its title and what it proposed are kept."""
    proposed: list[tuple[str, Path]] = []

    def ask(_parent: QWidget, title: str, suggested: Path, _filter: str) -> Path:
        proposed.append((title, suggested))
        return path

    monkeypatch.setattr(person_export_dialog, "ask_save_path", ask)
    return proposed


def test_pick_one_of_several_people_and_export_them(
    qtbot: QtBot, desk: Desk, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposed = save_to(monkeypatch, tmp_path / "jeanne.pdf")
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Droit d'accès : exporter les données d'une personne"
    assert dialog.focusWidget() is dialog.query_edit
    search(qtbot, dialog, "Martin")
    qtbot.waitUntil(lambda: dialog.people_list.count() == 4)
    assert people(dialog)[1] == "Jeanne Martin — 1 contact — 01 •• •• •• 00"
    assert (
        dialog.message.text()
        == "4 personnes trouvées : choisissez la bonne avec les flèches, puis Ctrl+S."
    )
    assert dialog.focusWidget() is dialog.people_list  # the arrows choose at once
    qtbot.keyClick(dialog.people_list, Qt.Key.Key_Down)
    assert dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Enregistré"))
    assert dialog.status_label.text() == "Enregistré : jeanne.pdf et jeanne.json."
    assert [(title, p.name) for title, p in proposed] == [
        ("Exporter les données concernant Jeanne Martin", "donnees-jeanne-martin-2027-05-04.pdf")
    ]
    content = json.loads((tmp_path / "jeanne.json").read_text(encoding="utf-8"))
    assert [c["person_name"] for c in content["contacts"]] == ["Jeanne Martin"]
    assert (tmp_path / "jeanne.pdf").read_bytes().startswith(b"%PDF")
    with desk.database.reading() as session:
        query = select(AuditEntry.after).where(AuditEntry.action == "person.exported")
        assert list(session.scalars(query)) == [
            {"contacts": 1, "requests": 0, "error_cases": 0, "feedback": 0}
        ]


def test_one_person_found_is_exported_straight_away(
    qtbot: QtBot, desk: Desk, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_to(monkeypatch, tmp_path / "paul")
    dialog = open_dialog(qtbot, desk)
    search(qtbot, dialog, "06 12 34 56 78")
    qtbot.waitUntil(lambda: dialog.people_list.count() == 1)
    assert dialog.focusWidget() is dialog.export_button
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)  # « &Exporter en PDF et JSON… »
    qtbot.waitUntil(lambda: (tmp_path / "paul.json").exists())
    content = json.loads((tmp_path / "paul.json").read_text(encoding="utf-8"))
    assert len(content["contacts"]) == 3


def test_typing_again_empties_the_list_and_the_export(
    qtbot: QtBot, desk: Desk, world: World
) -> None:
    dialog = open_dialog(qtbot, desk)
    search(qtbot, dialog, "Martin")
    qtbot.waitUntil(lambda: dialog.people_list.count() == 4)
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)
    qtbot.keyClicks(dialog.query_edit, "x")
    assert dialog.people_list.count() == 0
    assert not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)  # nothing to export: nothing happens
    assert not dialog.status_label.isVisible()


def test_refusals_are_said_in_the_dialog(qtbot: QtBot, desk: Desk, world: World) -> None:
    dialog = open_dialog(qtbot, desk)
    search(qtbot, dialog, "ab")
    qtbot.waitUntil(lambda: "au moins 3 caractères" in dialog.message.text())
    assert dialog.message.text().startswith("⚠ Tapez au moins 3 caractères")
    search(qtbot, dialog, "Personne Inconnue")
    qtbot.waitUntil(lambda: "Aucune donnée" in dialog.message.text())
    add_agent(desk, login=TEST_LOGIN, name="Lea Roux", agent_login="lea", role=Role.AGENT)
    as_agent = open_dialog(qtbot, desk, login="lea")
    search(qtbot, as_agent, "Paul Martin")
    qtbot.waitUntil(lambda: "réservée" in as_agent.message.text())
    assert as_agent.people_list.count() == 0


def test_named_controls_and_large_text(
    qtbot: QtBot, desk: Desk, world: World, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    assert dialog.close_button.isVisible()
    controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, CONTROLS)]
    controls = [w for w in controls if not isinstance(w.parent(), QLineEdit)]  # its clear button
    assert len(controls) == 4
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.export_button.toolTip() == (
        "Exporter les données de la personne choisie en PDF et JSON (Alt+E ou Ctrl+S)"
    )
    # Tab goes through the form as it reads.
    order: list[QWidget | None] = [dialog.focusWidget()]
    for _ in range(2):  # the export waits for a person: it is skipped
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [dialog.query_edit, dialog.people_list, dialog.close_button]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_entry_is_in_gestion_for_leads_and_admins(qtbot: QtBot, desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    for login, enabled in (("paul", False), (TEST_LOGIN, True)):
        window = MainWindow(login=login, log_path=None)
        qtbot.addWidget(window)
        window.show_service(
            desk=desk,
            service=service,
            referential=load_referential(service.referential),
            agent=find_agent(desk, login),
        )
        [entry] = [a for a in window.manage_actions if a.text() == ENTRY]
        assert entry.isEnabled() is enabled
    entry.trigger()
    [dialog] = [d for d in window.findChildren(PersonExportDialog) if d.isVisible()]
    assert dialog.parent() is window
