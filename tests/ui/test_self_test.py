"""--self-test names what an install lacks: Qt's French, the image plugins, the bundled
fonts, QtPdf; and it ends, with a code, whatever goes wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication, QSize, QTranslator
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.errors import EXIT_BUG, EXIT_CHECK_FAILED
from spplus_desk.reports import fonts
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.ui import self_test
from spplus_desk.ui.self_test import check_installation
from spplus_desk.ui.translation import install_french
from tests.support import FixedClock

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture
def fresh_desk(location: DatabaseLocation, clock: FixedClock) -> Iterator[Desk]:
    """A fresh database, never set up (CI's first self-test)."""
    desk = open_desk(location, clock=clock).desk
    yield desk
    desk.close()


@pytest.fixture
def no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle without resources/fonts."""
    monkeypatch.setattr(fonts, "bundled_font", lambda name: tmp_path / "absent" / name)


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
def test_missing_image_plugins_are_named(
    desk: Desk, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    class OnlyPng:
        @staticmethod
        def supportedImageFormats() -> list[QByteArray]:  # noqa: N802 (Qt's name)
            return [QByteArray(b"png"), QByteArray(b"pdf")]

    monkeypatch.setattr(self_test, "QImageReader", OnlyPng)
    report = check_installation(desk, window)
    assert report.problems == [
        "les modules d'images de Qt pour SVG manquent : icônes et graphiques ne "
        "s'afficheraient pas",
        "le module d'images de Qt pour JPEG manque : le logo d'un service en JPEG ne "
        "s'afficherait pas",
    ]


@pytest.mark.usefixtures("french")
def test_a_fresh_database_still_tries_a_pdf(fresh_desk: Desk, window: QWidget) -> None:
    """No poster before the service is set up: a test page in the bundled font instead,
    so the first self-test (CI's) tries reportlab, the fonts and QtPdf too."""
    report = check_installation(fresh_desk, window)
    assert report.problems == []
    assert report.checked[-1].startswith(
        "page d'essai en DejaVu Sans (service pas encore configuré) créée et affichée ("
    )


@pytest.mark.usefixtures("french", "no_fonts")
def test_missing_fonts_fail_on_a_service_set_up(desk: Desk, window: QWidget) -> None:
    """Not mistaken for a service not set up (the poster's UserError was taken for one)."""
    report = check_installation(desk, window)
    assert len(report.problems) == 1
    assert report.problems[0].startswith(
        "les documents PDF ne peuvent pas être créés : Le fichier de police "
    )
    assert "DejaVuSans.ttf" in report.problems[0]


@pytest.mark.usefixtures("french", "no_fonts")
def test_missing_fonts_fail_on_a_fresh_database(fresh_desk: Desk, window: QWidget) -> None:
    report = check_installation(fresh_desk, window)
    assert [p.split(" : ")[0] for p in report.problems] == [
        "les documents PDF ne peuvent pas être créés"
    ]


@pytest.mark.usefixtures("french")
def test_a_preview_that_stays_blank_is_named(
    desk: Desk, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BlankDocument:
        def pageCount(self) -> int:  # noqa: N802 (Qt's name)
            return 1

        def render(self, _page: int, size: QSize) -> QImage:
            image = QImage(size, QImage.Format.Format_ARGB32)
            image.fill(QColor(0, 0, 0, 0))  # transparent: nothing drawn
            return image

        def deleteLater(self) -> None:  # noqa: N802 (Qt's name)
            pass

    monkeypatch.setattr(self_test, "pdf_document", lambda _data, _parent: BlankDocument())
    report = check_installation(desk, window)
    assert report.problems == [
        "l'aperçu des documents PDF ne fonctionne pas (module QtPdf) : les affiches ne "
        "pourraient pas être vues avant impression"
    ]


def _self_test_with(prelude: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``spplus-desk --self-test`` in a new process, after ``prelude`` (Python code)."""
    code = (
        f"import sys\n{prelude}\n"
        "from spplus_desk.__main__ import main\n"
        "sys.exit(main(['--self-test']))\n"
    )
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPPLUS_DESK_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=50,  # under the app's own 60 s: a hang fails here, not after it
        check=False,
    )


def test_a_check_that_crashes_fails_at_once(tmp_path: Path) -> None:
    """It used to leave the window open and the process running for ever."""
    prelude = (
        "import spplus_desk.ui.self_test as checks\n"
        "def crash(*_args):\n"
        "    raise RuntimeError('boom')\n"
        "checks.check_installation = crash\n"
    )
    result = _self_test_with(prelude, tmp_path / "home")
    assert result.returncode == EXIT_BUG, result.stderr
    assert "Erreur interne inattendue" in result.stderr
    assert "Auto-test réussi" not in result.stdout


def test_a_module_left_out_of_the_bundle_is_named(tmp_path: Path) -> None:
    result = _self_test_with("sys.modules['PySide6.QtPdf'] = None", tmp_path / "home")
    assert result.returncode == EXIT_CHECK_FAILED, result.stderr
    assert "Problème d'installation : un module ne se charge pas (" in result.stderr
    assert "PySide6.QtPdf" in result.stderr
    assert "Auto-test échoué : l'installation est incomplète." in result.stderr
