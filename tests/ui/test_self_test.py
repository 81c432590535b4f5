"""--self-test names what an install lacks: Qt's French, the image plugins, QtPdf."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.ui.self_test import check_installation
from spplus_desk.ui.translation import install_french
from tests.support import FixedClock


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    before = set(qapp.findChildren(QTranslator))
    assert install_french(qapp)
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture
def untranslated(qapp: QApplication) -> Iterator[None]:
    """Qt as a build without qtbase_fr.qm: every installed translator taken away."""
    installed = qapp.findChildren(QTranslator)
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    yield
    for translator in installed:
        QCoreApplication.installTranslator(translator)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.usefixtures("french")
def test_a_complete_install_passes_every_check(desk: Desk, window: QWidget) -> None:
    report = check_installation(desk, window)
    assert report.problems == []
    assert report.checked[:2] == ["textes de Qt en français", "images SVG et PDF"]
    assert report.checked[2].startswith("affiche des engagements créée et affichée (")


@pytest.mark.usefixtures("untranslated")
def test_missing_french_translation_is_named(desk: Desk, window: QWidget) -> None:
    report = check_installation(desk, window)
    assert report.problems == [
        "la traduction française de Qt (qtbase_fr.qm) manque : les boutons standard "
        "s'afficheraient en anglais"
    ]


@pytest.mark.usefixtures("french")
def test_unconfigured_service_skips_the_poster(
    location: DatabaseLocation, clock: FixedClock, window: QWidget
) -> None:
    desk = open_desk(location, clock=clock).desk  # a fresh database, never set up
    try:
        report = check_installation(desk, window)
    finally:
        desk.close()
    assert report.problems == []
    assert report.checked[-1] == "affiches non essayées (service pas encore configuré)"
