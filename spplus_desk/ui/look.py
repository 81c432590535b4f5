"""The app's look beyond Qt's defaults: the bundled fonts, and room for French accents.

Fusion (Qt's style on Linux, and the frozen build's everywhere but Windows) draws an
unselected tab 2 px lower inside a rect cut to the text's height: the accent of a capital
(« Écoute des usagers ») was cut off. Tabs get a few pixels more height, in every style.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

log = logging.getLogger(__name__)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")  # reports.fonts' REGULAR_FILE, BOLD_FILE
ACCENT_ROOM_PX = 4  # an accent over a capital, at any font size a desk uses


class RoomForAccents(QProxyStyle):
    def sizeFromContents(
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        /,
        widget: QWidget | None = None,
    ) -> QSize:
        result = super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]  # Qt passes None
        if kind == QStyle.ContentsType.CT_TabBarTab:
            result.setHeight(result.height() + ACCENT_ROOM_PX)
        return result


def bundled_font_files() -> list[Path]:
    """The files of DejaVu Sans in resources/fonts, found without spplus_desk.reports.fonts:
    that module imports reportlab, a tenth of a second before the window shows."""
    folder = resources.files("spplus_desk.resources") / "fonts"
    return [Path(str(folder / name)) for name in FONT_FILES]


def add_bundled_fonts() -> None:
    """The charts' SVG names DejaVu Sans, the font the PDFs embed: Windows has none, so
    the bundled files are made known to Qt (the screen then matches the paper)."""
    for path in bundled_font_files():
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("Qt could not load the bundled font %s", path.name)


def install_look(app: QApplication) -> None:
    """The platform's own style, wrapped, and the bundled fonts."""
    app.setStyle(RoomForAccents(app.style().name()))
    add_bundled_fonts()
