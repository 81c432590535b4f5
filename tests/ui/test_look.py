"""French accents over capitals stay visible on unselected tabs (« Écoute des usagers »)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QStyleFactory, QTabBar
from pytestqt.qtbot import QtBot

from spplus_desk.reports import fonts
from spplus_desk.ui.look import RoomForAccents, add_bundled_fonts, bundled_font_files

TEXT_LIGHTNESS = 150  # text and its antialiased accent; the tabs' grey frame is lighter (~190)


def _top_ink_row(image: QImage, left: int, right: int) -> int:
    """The highest row with text between two columns."""
    for y in range(image.height()):
        for x in range(left, right):
            if image.pixelColor(x, y).lightness() < TEXT_LIGHTNESS:
                return y
    return image.height()


def _tabs(qtbot: QtBot, styled: bool) -> tuple[QTabBar, QImage]:
    add_bundled_fonts()
    bar = QTabBar()
    qtbot.addWidget(bar)
    base = QStyleFactory.create("Fusion")
    bar.setStyle(RoomForAccents(base) if styled else base)
    bar.setFont(QFont("DejaVu Sans", 9))
    for label in ("Choisi", "E", "É"):  # the first is current: the other two are not
        bar.addTab(label)
    bar.adjustSize()
    return bar, bar.grab().toImage()


def test_unselected_tab_shows_the_accent_of_a_capital(qtbot: QtBot) -> None:
    bar, image = _tabs(qtbot, styled=True)
    plain_e, accented_e = bar.tabRect(1), bar.tabRect(2)
    # The É's accent is ink above the E's top: it was cut off before.
    assert _top_ink_row(image, accented_e.left() + 4, accented_e.right() - 4) < _top_ink_row(
        image, plain_e.left() + 4, plain_e.right() - 4
    )


def test_plain_fusion_cuts_the_accent_off(qtbot: QtBot) -> None:
    """The fault itself, so the test above keeps meaning something with a new Qt."""
    bar, image = _tabs(qtbot, styled=False)
    plain_e, accented_e = bar.tabRect(1), bar.tabRect(2)
    assert _top_ink_row(image, accented_e.left() + 4, accented_e.right() - 4) == _top_ink_row(
        image, plain_e.left() + 4, plain_e.right() - 4
    )


def test_tabs_are_taller_only_by_the_room_for_accents(qtbot: QtBot) -> None:
    plain, _ = _tabs(qtbot, styled=False)
    roomy, _ = _tabs(qtbot, styled=True)
    assert roomy.tabSizeHint(2).height() == plain.tabSizeHint(2).height() + 4
    assert roomy.tabSizeHint(2).width() == plain.tabSizeHint(2).width()


def test_the_bundled_fonts_are_those_the_documents_embed() -> None:
    assert bundled_font_files() == [
        fonts.bundled_font(fonts.REGULAR_FILE),
        fonts.bundled_font(fonts.BOLD_FILE),
    ]
    assert all(path.is_file() for path in bundled_font_files())


def test_the_look_imports_no_reportlab_before_the_window_shows() -> None:
    """reportlab takes a tenth of a second to import: the window shows first."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import spplus_desk.ui.app\n"
        "from spplus_desk.ui.look import install_look\n"
        "install_look(QApplication([]))\n"
        "print('reportlab' in sys.modules)\n"
    )
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False", result.stderr
