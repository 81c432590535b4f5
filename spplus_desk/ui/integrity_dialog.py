"""Fichier › « Vérifier la base de données… »: ``check`` from the app.

The check reads the whole database (seconds on a million contacts), so it runs in the
background; the dialog says what it is doing, then the verdict and each problem in the
words of ``spplus-desk check``. Non-modal: the counter keeps working meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.integrity import IntegrityReport, check_desk
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import fit_to_screen

ADVICE = (
    "Restaurez la dernière sauvegarde saine (Fichier › Restaurer une sauvegarde…) ou "
    "faites examiner le fichier avant de continuer à saisir."
)


class IntegrityDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vérification de la base de données"))
        self.setAccessibleName(self.tr("Vérification de la base de données"))
        self.verdict = QLabel(
            self.tr("Vérification en cours de %1…").replace("%1", desk.description)
        )
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(self.tr("Résultat de la vérification"))
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problèmes trouvés"))
        self.problems.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(self.tr("Fermer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 90, 16)
        run_in_background(lambda: check_desk(desk), self._on_check_done, self._on_check_failed)

    def _on_check_done(self, report: IntegrityReport) -> None:
        if not isValid(self):  # closed before the check ended: nobody to tell
            return
        if report.sound:
            self.verdict.setText(self.tr("✔ Base saine : %1.").replace("%1", report.summary()))
            return
        found = count_text(len(report.problems), "problème trouvé", "problèmes trouvés")
        self.verdict.setText(
            self.tr("⚠ La base n'est pas saine : %1. %2").replace("%1", found).replace("%2", ADVICE)
        )
        self.verdict.setStyleSheet("color: #a4000f")
        self.problems.setPlainText("\n".join(f"• {problem}" for problem in report.problems))
        self.problems.setVisible(True)
        self.problems.setFocus()

    def _on_check_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error  # a bug: the app's handler logs it and tells the person
        if not isValid(self):
            return
        self.verdict.setText(f"⚠ {error.message}")


def open_integrity_check(parent: QWidget, desk: Desk) -> IntegrityDialog:
    dialog = IntegrityDialog(desk, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
