"""French accents over capitals stay visible on unselected tabs (« Écoute des usagers »)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QStyleFactory, QTabBar
from pytestqt.qtbot import QtBot

from spplus_desk.ui.look import RoomForAccents, add_bundled_fonts

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
