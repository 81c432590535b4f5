"""First start: the service's name and département, the two things every screen needs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, DEPARTEMENTS


@dataclass(frozen=True, slots=True)
class FirstSettings:
    service_name: str
    departement_code: str


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bienvenue dans SP+ Desk"))
        intro = QLabel(
            self.tr(
                "Indiquez le nom de votre service et son département : le département fixe "
                "les jours fériés et le fuseau horaire utilisés pour les délais."
            )
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Nom du service"))
        self.name_edit.setPlaceholderText(self.tr("ex. Mairie de Villeneuve – accueil"))
        self.name_edit.setMaxLength(200)
        # Room for a real name, in characters of the current font (so also at 200 %).
        self.name_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 45)

        self.departement_combo = QComboBox()
        self.departement_combo.setAccessibleName(self.tr("Département du service"))
        for code, departement in DEPARTEMENTS.items():
            self.departement_combo.addItem(departement.display, code)
        self.departement_combo.setCurrentIndex(self.departement_combo.findData(DEFAULT_DEPARTEMENT))

        form = QFormLayout()
        name_label = QLabel(self.tr("&Nom du service :"))
        name_label.setBuddy(self.name_edit)
        dep_label = QLabel(self.tr("&Département :"))
        dep_label.setBuddy(self.departement_combo)
        form.addRow(name_label, self.name_edit)
        form.addRow(dep_label, self.departement_combo)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Commencer"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.name_edit, self.departement_combo)
        self.setTabOrder(self.departement_combo, self.buttons)

    def _on_name_edit_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))

    def settings(self) -> FirstSettings:
        return FirstSettings(self.name_edit.text(), str(self.departement_combo.currentData()))

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> FirstSettings | None:
        dialog = cls(parent)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
