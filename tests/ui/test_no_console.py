"""The windowed Windows program given a command says, in a window, to use the console one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from spplus_desk.__main__ import main
from spplus_desk.domain.errors import EXIT_USER


def test_a_command_without_a_console_names_the_console_program(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(sys, "stdout", None)  # as in a PyInstaller windowed program
    database = tmp_path / "service.db"
    assert main(["--db", str(database), "check"]) == EXIT_USER
    assert shown == [
        "Les commandes s'utilisent dans une invite de commandes, avec spplus-desk-cli.exe : "
        "par exemple « spplus-desk-cli.exe check ». spplus-desk.exe ouvre l'application. "
        "Rien n'a été fait."
    ]
    assert not database.exists()
