"""The README's screenshots (packaging/screenshots.py, issue 9): the four pictures of the
demo service, at their size, not blank, taken from its own window; the person's
environment and the app's font as they were afterwards."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication

from spplus_desk.domain.documents import DOCUMENT_TITLES, DocumentKind
from spplus_desk.paths import HOME_ENV
from spplus_desk.services.demo import DEMO_SERVICE_NAME
from spplus_desk.ui.main_window import APP_TITLE, MainWindow

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "screenshots.py"
WINDOW = QSize(1400, 860)
POSTER = QSize(900, 1273)  # A4 upright, 900 pixels wide
MIN_COLOURS = 50  # a blank or one-colour picture has a handful


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """The script as a module (``packaging`` is not a package: the name is a library's)."""
    spec = importlib.util.spec_from_file_location("spplus_screenshots", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def colours(path: Path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    return len(set(memoryview(image.constBits()).cast("I")))


def test_the_four_pictures_of_the_demo_service(
    script: ModuleType, qapp: QApplication, tmp_path: Path
) -> None:
    home, font = os.environ[HOME_ENV], QFont(qapp.font())
    out = tmp_path / "docs" / "images"

    journal, board, dashboard, poster = script.take_screenshots(out, qapp)

    assert [p.path for p in (journal, board, dashboard, poster)] == [
        out / "journal.png",
        out / "tableau.png",
        out / "indicateurs.png",
        out / "affiche.png",
    ]
    for picture in (journal, board, dashboard):
        assert picture.title == f"{APP_TITLE} — {DEMO_SERVICE_NAME}"
        assert QImage(str(picture.path)).size() == WINDOW
        assert colours(picture.path) > MIN_COLOURS
    assert journal.rows == len(script.MORNING)  # the morning's contacts, all of them
    assert board.rows > 0  # late requests
    assert dashboard.rows >= 4  # contacts, requests, users' feedback, right to error
    assert poster.title.startswith(DOCUMENT_TITLES[DocumentKind.RESULTS])
    assert QImage(str(poster.path)).size() == POSTER
    assert colours(poster.path) > MIN_COLOURS
    # Nothing left behind in the test's (or the person's) session.
    assert not [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
    assert os.environ[HOME_ENV] == home
    assert qapp.font() == font
    assert sorted(path.name for path in out.iterdir()) == [
        "affiche.png",
        "indicateurs.png",
        "journal.png",
        "tableau.png",
    ]


def test_the_command_writes_where_it_is_told_and_lists_the_pictures(
    script: ModuleType,
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked: list[Path] = []

    def take(out: Path, app: QApplication) -> list[object]:
        asked.append(out)
        return [script.Picture(out / "journal.png", "SP+ Desk", 1)]

    monkeypatch.setattr(script, "take_screenshots", take)

    assert script.main(["--out", str(tmp_path / "images")]) == 0

    assert asked == [tmp_path / "images"]
    printed = capsys.readouterr()
    assert printed.out.splitlines() == [str(tmp_path / "images" / "journal.png")]
    assert printed.err.startswith("1 image écrite en ")
    default: Path = script.IMAGES  # the README's, wherever the command is run from
    assert default == ROOT / "docs" / "images"
