"""The reason of a correction or a cancellation of a right-to-error case, asked under
the form rather than in a box over it: what was typed in the form stays in sight."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from spplus_desk.domain.error_case import MAX_REASON
from spplus_desk.ui.contact_widgets import named_button


class ReasonPanel(QWidget):
    """``edit`` takes the reason; ``confirm_button`` shows only for a cancellation."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setMaxLength(MAX_REASON)
        self.label = QLabel()
        self.label.setBuddy(self.edit)
        self.confirm_button = named_button(
            self.tr("Confirmer l'annulation"),
            self.tr("Confirmer l'annulation du cas"),
            self.tr("Entrée dans le motif"),
        )
        row = QHBoxLayout()
        row.addWidget(self.edit, stretch=1)
        row.addWidget(self.confirm_button)
        form.addRow(self.label, row)
        self.ask(cancelling=False)
        self.hide()

    def ask(self, *, cancelling: bool) -> None:
        """Word the field for a correction or for a cancellation."""
        if cancelling:
            label = self.tr("Motif de l'annulation :")
            name = self.tr("Motif de l'annulation du cas")
            example = self.tr("ex. cas saisi deux fois")
            keys = self.tr("Entrée : confirmer l'annulation")
        else:
            label = self.tr("Motif de la correction (obligatoire) :")
            name = self.tr("Motif de la correction")
            example = self.tr("ex. date de découverte mal saisie")
            keys = self.tr("Entrée ou Ctrl+Entrée : enregistrer la correction")
        self.label.setText(label)
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(example)
        self.edit.setToolTip(f"{name} ({keys})")
        self.confirm_button.setVisible(cancelling)
