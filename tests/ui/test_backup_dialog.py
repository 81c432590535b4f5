"""Backups in the app (issue 8), used as an administrator does: Gestion › Sauvegardes…
to choose the folder and how many copies to keep, from the keyboard; Fichier ›
Sauvegarder maintenant… and Restaurer une sauvegarde…, after which the app carries on
with the restored database in a new window."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from spplus_desk.domain.enums import Role
from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.backups import backup_now, backup_settings, update_backup_settings
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.login import current_login
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.location import DatabaseLocation, sqlite_location
from spplus_desk.ui import backup_dialog, backup_menu
from spplus_desk.ui.app import start
from spplus_desk.ui.backup_dialog import BackupsDialog, open_backups_dialog
from spplus_desk.ui.main_window import MainWindow
from tests.support import TEST_LOGIN, FixedClock
from tests.ui.test_main_window import RecordingDialogs

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def db(desk: Desk) -> Path:
    path = desk.database.location.sqlite_path
    if path is None:
        pytest.skip("file backups are SQLite's: a PostgreSQL server is backed up with pg_dump")
    return path


def open_dialog(qtbot: QtBot, desk: Desk) -> BackupsDialog:
    dialog = BackupsDialog(desk, TEST_LOGIN, backup_settings(desk, login=TEST_LOGIN))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: dialog.listing_label.text() != "Lecture du dossier…")
    return dialog


def type_number(qtbot: QtBot, spin: QAbstractSpinBox, number: int) -> None:
    qtbot.keyClick(spin, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(spin, str(number))


def save(qtbot: QtBot, dialog: BackupsDialog) -> None:
    """Ctrl+S, and wait for the answer (saving runs in the background)."""
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(dialog.save_button.isEnabled)


def visible_boxes(root: QWidget | None = None) -> list[QMessageBox]:
    found = root.findChildren(QMessageBox) if root else QApplication.topLevelWidgets()
    return [w for w in found if isinstance(w, QMessageBox) and w.isVisible()]


def test_choose_the_folder_and_the_counts_from_the_keyboard(
    qtbot: QtBot,
    desk: Desk,
    db: Path,
    location: DatabaseLocation,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_desk(location, clock=clock).desk.close()  # today's copy, in the default folder
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Sauvegardes"
    assert dialog.focusWidget() is dialog.folder_edit
    assert dialog.folder_edit.text() == ""
    assert dialog.folder_edit.placeholderText() == f"Vide : {db.parent / 'sauvegardes'}"
    date, kind, size, name = (dialog.model.index(0, column).data() for column in range(4))
    assert (date, kind, name) == (
        "4 mai 2027 à 11\u00a0h\u00a030",
        "Quotidienne",
        "spplus-quotidienne-20270504-113000.db",
    )
    assert size.endswith("\u00a0ko")  # a new database: a few hundred kilobytes
    assert dialog.listing_label.text().startswith("1 sauvegarde dans ")

    share = tmp_path / "partage"
    share.mkdir()
    monkeypatch.setattr(backup_dialog, "ask_folder", lambda _parent, _start: str(share))
    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.browse_button
    qtbot.keyClick(dialog.browse_button, Qt.Key.Key_Space)  # « Parcourir… »
    assert dialog.folder_edit.text() == str(share)
    assert dialog.focusWidget() is dialog.folder_edit
    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.browse_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.daily_spin
    type_number(qtbot, dialog.daily_spin, 7)
    qtbot.keyClick(dialog.daily_spin, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.monthly_spin
    type_number(qtbot, dialog.monthly_spin, 3)
    assert backup_settings(desk, login=TEST_LOGIN).daily == 14  # not before « Enregistrer »
    save(qtbot, dialog)
    saved = backup_settings(desk, login=TEST_LOGIN)
    assert (saved.folder, saved.daily, saved.monthly) == (str(share), 7, 3)
    assert dialog.status_label.text() == (
        f"Réglages enregistrés : les sauvegardes vont dans {share}."
    )
    assert dialog.isVisible()  # it stays open, and lists the new folder
    qtbot.waitUntil(lambda: dialog.listing_label.text().startswith("Aucune sauvegarde"))
    assert dialog.model.rowCount() == 0


def test_a_refused_folder_and_a_stale_form_keep_what_was_typed(
    qtbot: QtBot, desk: Desk, db: Path, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, desk)
    absent = str(tmp_path / "absent")
    qtbot.keyClicks(dialog.folder_edit, absent)
    save(qtbot, dialog)
    assert dialog.folder_error.isVisible()
    assert "n'existe pas ou n'est pas accessible" in dialog.folder_error.text()
    assert dialog.folder_edit.text() == absent
    assert dialog.focusWidget() is dialog.folder_edit
    assert dialog.status_label.text() == "Rien n'a été enregistré."
    assert backup_settings(desk, login=TEST_LOGIN).folder == ""

    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Delete)
    current = backup_settings(desk, login=TEST_LOGIN)  # another desk saves meanwhile
    update_backup_settings(
        desk, login=TEST_LOGIN, version=current.version, folder="", daily=30, monthly=12
    )
    type_number(qtbot, dialog.monthly_spin, 24)
    save(qtbot, dialog)
    assert dialog.error_label.text() == f"⚠ {CONFLICT_MESSAGE}"
    assert not dialog.folder_error.isVisible()
    assert dialog.monthly_spin.value() == 24
    assert backup_settings(desk, login=TEST_LOGIN).monthly == 12
    save(qtbot, dialog)  # once more, over what was saved meanwhile
    assert backup_settings(desk, login=TEST_LOGIN).monthly == 24


def test_only_an_admin_opens_it(qtbot: QtBot, desk: Desk, db: Path) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Chef", agent_login="chef", role=Role.LEAD)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert open_backups_dialog(parent, desk, "chef") is None
    [box] = visible_boxes(parent)
    assert box.text() == "Cette action est réservée au rôle administrateur."


def test_at_200_percent_font_every_control_is_named_and_in_sight(
    qtbot: QtBot, desk: Desk, db: Path, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    assert dialog.save_button.isVisible()
    assert dialog.close_button.isVisible()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QAbstractButton, QAbstractSpinBox))
        and w.isVisible()
        and not isinstance(w.parent(), QAbstractSpinBox)
    ]
    assert len(controls) >= 6
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.save_button.toolTip() == "Enregistrer les réglages (Alt+E ou Ctrl+S)"
    assert dialog.daily_spin.toolTip() == "Sauvegardes quotidiennes gardées (Alt+Q)"


# -- Fichier › Sauvegarder maintenant… / Restaurer une sauvegarde… ---------------------


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The app started on a new database, by its first administrator."""
    opened = start(
        str(tmp_path / "accueil.db"), None, RecordingDialogs(FirstRunSettings("Mairie", "75"))
    )
    assert isinstance(opened, MainWindow)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened
    if isValid(opened):  # a restore replaces it by a new window, and deletes it
        opened.close()
        opened.deleteLater()


def test_save_now_writes_a_checked_copy(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggested: list[Path] = []

    def ask(_parent: QWidget, proposed: Path) -> Path:
        suggested.append(proposed)
        return tmp_path / "copie.db"

    monkeypatch.setattr(backup_menu, "ask_backup_destination", ask)
    menu = window.backup_menu
    assert menu.save_action.isEnabled()
    assert menu.save_action.text() == "&Sauvegarder maintenant…"
    menu.save_action.trigger()
    qtbot.waitUntil(lambda: bool(visible_boxes(window)))
    [box] = visible_boxes(window)
    assert box.text() == f"Sauvegarde vérifiée et enregistrée : {tmp_path / 'copie.db'}"
    assert suggested[0].parent == tmp_path / "sauvegardes"
    assert suggested[0].name.startswith("accueil-manuelle-")
    copy = sqlite3.connect(tmp_path / "copie.db")
    assert copy.execute("SELECT name FROM service").fetchall() == [("Mairie",)]
    copy.close()


def confirm(qtbot: QtBot, window: MainWindow, *, restore: bool) -> QMessageBox:
    qtbot.waitUntil(lambda: bool(visible_boxes(window)))
    [box] = visible_boxes(window)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    if restore:
        [button] = [b for b in box.buttons() if b.text() == "&Restaurer"]
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    return box


def test_restore_keeps_a_copy_and_reopens_the_restored_database(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "accueil.db"
    other = open_desk(sqlite_location(db)).desk  # as another window would
    try:
        copy = backup_now(other, tmp_path / "copie.db", login=current_login())
        add_agent(other, login=current_login(), name="Zoé", agent_login="zoe", role=Role.AGENT)
    finally:
        other.close()
    monkeypatch.setattr(backup_menu, "ask_backup_to_restore", lambda _parent, _folder: copy)
    assert window.backup_menu.restore_action.isEnabled()

    window.backup_menu.restore_action.trigger()
    box = confirm(qtbot, window, restore=False)  # Échap: nothing happens
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible()

    window.backup_menu.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(visible_boxes(window)))
    [question] = visible_boxes(window)
    assert f"La base de données actuelle (SQLite : {db})" in question.text()
    assert "« copie.db »" in question.text()
    assert f"gardée dans le dossier {tmp_path / 'sauvegardes'}" in question.text()
    with qtbot.waitSignal(window.backup_menu.restored, timeout=60_000) as restored:
        confirm(qtbot, window, restore=True)
    new = restored.args[0]
    assert isinstance(new, MainWindow)
    qtbot.addWidget(new)
    assert new.isVisible()
    assert new.is_loaded()
    assert new.windowTitle() == "SP+ Desk — Mairie"
    qtbot.waitUntil(lambda: not window.isVisible())
    [kept] = (tmp_path / "sauvegardes").glob("accueil-avant-restauration-*.db")
    [told] = visible_boxes(new)
    assert told.text().startswith("La sauvegarde « copie.db » a été restaurée")
    assert f"La base remplacée est gardée ici : {kept}" in told.text()
    check = open_desk(sqlite_location(db)).desk
    try:
        assert find_agent(check, "zoe") is None  # added after the backup
    finally:
        check.close()


def test_a_refused_restore_changes_nothing_and_the_window_goes_on(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "abimee.db"
    bad.write_bytes(b"ceci n'est pas une sauvegarde")
    monkeypatch.setattr(backup_menu, "ask_backup_to_restore", lambda _parent, _folder: bad)
    window.backup_menu.restore_action.trigger()
    confirm(qtbot, window, restore=True)
    qtbot.waitUntil(lambda: window.isEnabled() and bool(visible_boxes(window)))
    [box] = visible_boxes(window)
    assert box.text() == (
        f"Le fichier {bad} n'est pas une sauvegarde SP+ Desk (ce n'est pas un fichier SQLite)."
    )
    assert window.isVisible()
    assert not list((tmp_path / "sauvegardes").glob("*avant-restauration*"))
