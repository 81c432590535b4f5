"""Cancelling a contact with a reason: it stays in the journal and its history, marked
cancelled, and its request in progress is cancelled with the same reason. The dialog calls
the service itself, so a refusal is shown inside it; ``saved`` tells the detail view.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import UserError
from spplus_desk.services.contact_changes import MAX_REASON_LENGTH, cancel_contact
from spplus_desk.services.contact_detail import ContactDetail
from spplus_desk.services.desk import Desk
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    message_label,
    say,
    scrolled,
    shortcut_tip,
)


class CancelContactDialog(QDialog):
    saved = Signal()

    def __init__(
        self, desk: Desk, login: str, detail: ContactDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._detail = detail
        self.setWindowTitle(self.tr("Annuler le contact du %1").replace("%1", detail.occurred_text))
        self.setAccessibleName(self.tr("Annulation du contact"))
        explanation = self.tr(
            "Le contact reste dans le journal et dans son historique, marqué annulé : "
            "il ne compte plus dans les résultats."
        )
        request = detail.request
        if request is not None and not request.status.is_closed:
            explanation += " " + self.tr(
                "Sa demande %1, encore en cours, sera annulée avec le même motif."
            ).replace("%1", request.reference)
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Motif d'annulation"))
        self.reason_edit.setPlaceholderText(self.tr("ex. contact saisi deux fois"))
        self.reason_edit.setMaxLength(MAX_REASON_LENGTH)
        self.reason_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        label = QLabel(self.tr("&Motif d'annulation :"))
        label.setBuddy(self.reason_edit)
        shortcut_tip(self.reason_edit, label.text())
        self.error_label = message_label(self.tr("Annulation refusée"))

        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(
            self.tr("&Annuler le contact"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setAccessibleName(self.tr("Confirmer l'annulation du contact"))
        self.confirm_button.setDefault(True)
        shortcut_tip(self.confirm_button, self.confirm_button.text(), self.tr("Entrée"))
        keep = self.buttons.addButton(
            self.tr("&Garder le contact"), QDialogButtonBox.ButtonRole.RejectRole
        )
        keep.setAccessibleName(self.tr("Garder le contact sans l'annuler"))
        shortcut_tip(keep, keep.text(), self.tr("Échap"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        content = QWidget()
        form_layout = QVBoxLayout(content)
        form_layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(label, self.reason_edit)
        form_layout.addLayout(form)
        form_layout.addWidget(self.error_label)
        form_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(content), stretch=1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.reason_edit, self.buttons)
        self.reason_edit.setFocus()
        fit_to_screen(self, 70, 14)

    def _on_buttons_accepted(self) -> None:
        try:
            cancel_contact(
                self._desk,
                login=self._login,
                contact_id=self._detail.id,
                version=self._detail.version,
                reason=self.reason_edit.text(),
            )
        except UserError as error:
            say(self.error_label, error.message)
            self.reason_edit.setFocus()
            return
        self.saved.emit()
        self.accept()
