"""The « Aide » menu: « À propos de SP+ Desk » (F1) and « Vérifier la base de données… »."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from spplus_desk import __version__, paths

if TYPE_CHECKING:
    from spplus_desk.services.desk import Desk


class HelpfulWindow(Protocol):
    """What the menu asks its window (reached through ``parent()``: no Python reference
    back to the window, whose wrapper would then never be freed before Qt's object)."""

    def about_lines(self) -> list[str]: ...
    def current_desk(self) -> Desk | None: ...


class HelpMenu(QObject):
    """Built on ``window``'s menu bar."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        menu = window.menuBar().addMenu(self.tr("&Aide"))
        self.about_action = QAction(self.tr("À &propos de SP+ Desk"), window)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.about_action.triggered.connect(self._on_about_action_triggered)
        menu.addAction(self.about_action)
        # Issue 8: ``check`` from the app, once a database is shown.
        self.check_action = QAction(self.tr("&Vérifier la base de données…"), window)
        self.check_action.setStatusTip(
            self.tr("Intégrité du fichier, journal d'audit, modifications hors de l'application")
        )
        self.check_action.setEnabled(False)
        self.check_action.triggered.connect(self._on_check_action_triggered)
        menu.addAction(self.check_action)

    def about_text(self) -> str:
        lines = [
            self.tr("SP+ Desk %1").replace("%1", __version__),
            self.tr("Journal d'accueil et suivi des engagements Services Publics+."),
            "",
            *self._window().about_lines(),
        ]
        portable = paths.portable_home_in_use()
        if portable is not None:
            lines.append(
                self.tr("Mode portable : données, journaux et réglages dans %1").replace(
                    "%1", str(portable)
                )
            )
        return "\n".join(lines)

    def _window(self) -> HelpfulWindow:
        return self.parent()  # type: ignore[return-value]  # a MainWindow

    def _on_about_action_triggered(self) -> None:
        window = self.parent()
        assert isinstance(window, QMainWindow)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("À propos de SP+ Desk"),
            self.about_text(),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()  # non-blocking: tests and screen readers keep control

    def _on_check_action_triggered(self) -> None:
        """« Vérifier la base de données… »: ``check`` in the background, non-modal."""
        from spplus_desk.ui.integrity_dialog import open_integrity_check

        desk = self._window().current_desk()
        window = self.parent()
        if desk is not None and isinstance(window, QMainWindow):
            open_integrity_check(window, desk)
