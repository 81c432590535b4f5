"""A command typed after the windowed ``spplus-desk.exe`` (Windows): it has no console,
so what the command prints would go nowhere and the person would see nothing at all."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from spplus_desk.domain.errors import EXIT_USER


def explain_console_needed(command: str) -> int:
    """Say, in a window, which program runs commands; nothing else is done."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "SP+ Desk",
        "Les commandes s'utilisent dans une invite de commandes, avec "
        f"spplus-desk-cli.exe : par exemple « spplus-desk-cli.exe {command} ». "
        "spplus-desk.exe ouvre l'application. Rien n'a été fait.",
    )
    box.exec()
    return EXIT_USER
