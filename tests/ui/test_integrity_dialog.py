"""« Vérifier la base de données… » (issue 8): the check runs in the background and its
verdict is read from the keyboard; a tampered database shows each problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import text

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.ui.app import start
from spplus_desk.ui.integrity_dialog import IntegrityDialog
from tests.support import TEST_LOGIN
from tests.ui.test_main_window import RecordingDialogs


def logged(desk: Desk) -> Desk:
    draft = ContactDraft(
        channel=Channel.PHONE, outcome=ContactOutcome.IMMEDIATE_ANSWER, person_name="Léa Roux"
    )
    log_contact(desk, login=TEST_LOGIN, draft=draft)
    return desk


def finished(qtbot: QtBot, dialog: IntegrityDialog) -> str:
    qtbot.waitUntil(lambda: "en cours" not in dialog.verdict.text())
    return dialog.verdict.text()


def test_a_sound_database_says_so(qtbot: QtBot, desk: Desk) -> None:
    dialog = IntegrityDialog(logged(desk))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.verdict.text().startswith("Vérification en cours de SQLite")
    assert finished(qtbot, dialog).startswith("✔ Base saine : ")
    assert not dialog.problems.isVisible()


@pytest.mark.usefixtures("large_font")
def test_a_tampered_database_lists_each_problem(qtbot: QtBot, desk: Desk) -> None:
    logged(desk)
    with desk.database.writing() as session:
        session.execute(text("UPDATE contact SET person_name = 'Autre'"))
    dialog = IntegrityDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    verdict = finished(qtbot, dialog)
    assert verdict.startswith("⚠ La base n'est pas saine : 1 problème trouvé.")
    assert "Restaurer une sauvegarde" in verdict
    assert dialog.problems.isVisible()
    assert QApplication.focusWidget() is dialog.problems  # read at once by a screen reader
    assert "1 contact a été modifié" in dialog.problems.toPlainText()


def test_the_help_menu_opens_it_once_the_service_shows(qtbot: QtBot, tmp_path: Path) -> None:
    window = start(str(tmp_path / "a.db"), None, RecordingDialogs(FirstRunSettings("Mairie", "75")))
    assert window is not None
    qtbot.addWidget(window)
    assert window.check_action.isEnabled()
    assert window.check_action.text() == "&Vérifier la base de données…"
    window.check_action.trigger()
    dialog = window.findChild(IntegrityDialog)
    assert dialog is not None
    assert finished(qtbot, dialog).startswith("✔ Base saine")
    dialog.close()


def test_closing_before_the_check_ends_is_harmless(qtbot: QtBot, desk: Desk) -> None:
    dialog = IntegrityDialog(logged(desk))
    dialog.show()
    dialog.reject()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(dialog)
    QThreadPool.globalInstance().waitForDone(30_000)
    QCoreApplication.processEvents()  # the result arrives for a window that is gone
