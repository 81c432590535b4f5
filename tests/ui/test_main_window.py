"""The main window and the first-run dialog, driven with the keyboard as a person does."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service, initialise
from spplus_desk.store.location import sqlite_location
from spplus_desk.ui.agents_dialog import AgentsDialog
from spplus_desk.ui.app import start
from spplus_desk.ui.choice_list_dialog import ChoiceListDialog
from spplus_desk.ui.first_run import FirstRunDialog
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.translation import install_french


class RecordingDialogs:
    def __init__(self, answer: FirstRunSettings | None) -> None:
        self.answer = answer
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def first_settings(self) -> FirstRunSettings | None:
        return self.answer


def test_first_start_asks_the_service_and_saves_it(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "accueil.db"
    dialogs = RecordingDialogs(FirstRunSettings("Mairie de Colmar", "68"))
    window = start(str(db), None, dialogs)
    assert window is not None
    qtbot.addWidget(window)
    assert window.windowTitle() == "SP+ Desk — Mairie de Colmar"
    assert window.database_label.text() == f"Base : SQLite : {db}"
    assert dialogs.errors == []
    desk = open_desk(sqlite_location(db)).desk
    try:
        service = get_service(desk)
    finally:
        desk.close()
    assert service is not None
    assert service.name == "Mairie de Colmar"
    assert service.departement.holiday_subdivision == "6AE"


def test_cancelling_the_first_run_opens_nothing(tmp_path: Path) -> None:
    assert start(str(tmp_path / "x.db"), None, RecordingDialogs(None)) is None


def test_a_corrupt_file_is_explained_and_left_alone(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "abime.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 2000)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    dialogs = RecordingDialogs(FirstRunSettings("Mairie", "75"))
    assert start(str(db), None, dialogs) is None
    assert len(dialogs.errors) == 1
    assert "endommagée" in dialogs.errors[0]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_qt_speaks_french(qapp: QApplication) -> None:
    assert install_french(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    button = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert button.text().replace("&", "") == "Annuler"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_about_box_and_quit_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = start(str(tmp_path / "x.db"), None, RecordingDialogs(FirstRunSettings("Mairie", "75")))
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Offscreen windows never become active, so key shortcuts cannot be delivered:
    # check the bindings, then trigger the actions as the shortcut would.
    shortcuts = {a.shortcut().toString(): a for a in window.findChildren(QAction)}
    assert {"F1", "Ctrl+Q"} <= set(shortcuts)
    shortcuts["F1"].trigger()
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    assert str(tmp_path / "x.db") in boxes[0].text()
    boxes[0].close()
    with qtbot.waitSignal(window.closed):
        shortcuts["Ctrl+Q"].trigger()
    assert not window.isVisible()


def interactive_widgets(root: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox)
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        # Their own line edit: named too, and Qt shows the parent's tooltip over it.
        and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
    ]


def test_every_control_has_a_french_accessible_name(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    window = start(str(tmp_path / "x.db"), None, RecordingDialogs(FirstRunSettings("Mairie", "75")))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    for root in (dialog, window):
        for widget in interactive_widgets(root):
            name = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            assert name.strip(), f"{type(widget).__name__} has no accessible name"
            # ... and a tooltip that says what it does, with its shortcut when it has one.
            assert widget.toolTip().strip(), f"{type(widget).__name__} {name} has no tooltip"
    labels = [w for w in window.statusBar().findChildren(QLabel) if w.accessibleName()]
    assert {w.accessibleName() for w in labels} >= {"Base de données utilisée", "Agent connecté"}


def test_the_quick_entry_sits_beside_the_journal_and_follows_the_lists(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = start(str(tmp_path / "x.db"), None, RecordingDialogs(FirstRunSettings("Mairie", "75")))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    assert window.quick_entry is not None
    assert window.journal is not None
    assert window.quick_entry.isEnabled()  # the first admin is an agent of the service
    # The first start's admin manages the lists: the menu is there for them.
    agents, motifs, partners, *_others = window.manage_actions  # kinds, calendar, démarches
    assert all(action.isEnabled() for action in window.manage_actions)
    motifs.trigger()
    [editor] = [d for d in window.findChildren(ChoiceListDialog) if d.isVisible()]
    editor.label_edit.setText("Piscine municipale")
    editor.add_button.click()
    editor.close_button.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    combo = window.quick_entry.motif_combo
    assert "Piscine municipale" in [combo.itemText(row) for row in range(combo.count())]
    journal_motifs = window.journal.motif_combo
    assert "Piscine municipale" in [
        journal_motifs.itemText(row) for row in range(journal_motifs.count())
    ]
    partners.trigger()
    assert [d for d in window.findChildren(ChoiceListDialog) if d.isVisible()]
    agents.trigger()
    assert [d for d in window.findChildren(AgentsDialog) if d.isVisible()]


def test_a_login_without_an_agent_row_sees_why_it_cannot_log_contacts(
    qtbot: QtBot, desk: Desk
) -> None:
    service = get_service(desk)
    assert service is not None
    window = MainWindow(login="stagiaire", log_path=None)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=None,
    )
    assert window.quick_entry is not None
    assert not window.quick_entry.usable()
    assert "« stagiaire » n'est pas enregistré" in window.quick_entry.blocked_label.text()
    assert not window.quick_entry.save_button.isEnabled()
    assert not any(action.isEnabled() for action in window.manage_actions)
    assert window.agent_label.text() == "Agent : stagiaire (non enregistré)"


def test_at_200_percent_font_the_window_fits_a_laptop_screen(
    qtbot: QtBot, tmp_path: Path, large_font: None
) -> None:
    window = start(str(tmp_path / "x.db"), None, RecordingDialogs(FirstRunSettings("M", "75")))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    # 1366 x 768 is the smallest screen counters have; the quick entry scrolls
    # down (its rows stack), the journal's filters stack in two columns.
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 768
    assert window.quick_entry is not None
    entry_area = window.splitter.widget(0)
    assert entry_area is not None
    assert entry_area.minimumWidth() >= window.quick_entry.minimumSizeHint().width()


def test_only_an_admin_is_asked_to_set_the_service_up(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    report = open_desk(sqlite_location(db))
    try:
        initialise(report.desk, login="informatique")  # IT created it, nobody set it up
    finally:
        report.desk.close()
    dialogs = RecordingDialogs(FirstRunSettings("Nom choisi par un agent", "972"))
    window = start(str(db), None, dialogs)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert dialogs.errors == [
        "Le service n'est pas encore configuré et seul un administrateur peut le faire : "
        "demandez-lui de lancer SP+ Desk une première fois."
    ]
    assert window.windowTitle() == "SP+ Desk"  # nothing was changed
    assert window.quick_entry is not None
    assert not window.quick_entry.usable()  # and this login is not an agent either
