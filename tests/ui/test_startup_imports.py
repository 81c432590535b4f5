"""The window shows before the database layer and the PDF library are imported: they
take most of a second, which a person would wait through at every start."""

from __future__ import annotations

import os
import subprocess
import sys

SHOW_THE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication
from spplus_desk.ui.app import install_look
from spplus_desk.ui.main_window import MainWindow
app = QApplication([])
install_look(app)
window = MainWindow(login="agent", log_path=None)
window.show()
app.processEvents()
print(sorted(name for name in ("sqlalchemy", "reportlab", "alembic") if name in sys.modules))
"""


def test_nothing_heavy_is_imported_before_the_window_shows() -> None:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SHOW_THE_WINDOW],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
