"""The row of buttons at the bottom of the feedback form, each shown when it applies:
« Enregistrer » while typing, « Corriger » and « Rouvrir » on a saved entry,
« Abandonner la correction » while correcting, « Recharger la fiche » after a conflict,
and « Fermer » always."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from spplus_desk.ui.contact_widgets import named_button

SAVE_KEYS = "Ctrl+Entrée"


class FeedbackButtons(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer l'avis"), SAVE_KEYS
        )
        self.correct_button = named_button(
            self.tr("&Corriger"), self.tr("Corriger l'avis (son auteur, un responsable)")
        )
        self.reopen_button = named_button(
            self.tr("Rou&vrir"), self.tr("Rouvrir l'avis : il attendra de nouveau sa réponse")
        )
        self.back_button = named_button(
            self.tr("A&bandonner la correction"),
            self.tr("Revenir à l'avis enregistré sans rien changer"),
        )
        self.reload_button = named_button(
            self.tr("Recharger la f&iche"), self.tr("Relire la version actuelle de l'avis")
        )
        self.close_button = named_button(
            self.tr("Fermer"), self.tr("Fermer la fiche de l'avis"), self.tr("Échap")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in self.buttons()[:-2]:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)

    def buttons(self) -> list[QWidget]:
        """In reading order, for the form's tab chain."""
        return [
            self.correct_button,
            self.reopen_button,
            self.back_button,
            self.reload_button,
            self.save_button,
            self.close_button,
        ]

    def show_for(
        self, *, editing: bool, correcting: bool, may_correct: bool, may_reopen: bool
    ) -> None:
        """The buttons that apply: typing (a new entry or a correction), or a saved one."""
        self.save_button.setVisible(editing)
        self.correct_button.setVisible(not editing and may_correct)
        self.reopen_button.setVisible(not editing and may_reopen)
        self.back_button.setVisible(correcting)
        self.reload_button.hide()
        if correcting:
            text, name = (
                self.tr("&Enregistrer la correction"),
                self.tr("Enregistrer la correction de l'avis"),
            )
        else:
            text, name = self.tr("&Enregistrer"), self.tr("Enregistrer l'avis")
        self.save_button.setText(text)
        self.save_button.setAccessibleName(name)
        self.save_button.setToolTip(
            self.tr("%1 (Alt+E ou %2)").replace("%1", name).replace("%2", SAVE_KEYS)
        )
