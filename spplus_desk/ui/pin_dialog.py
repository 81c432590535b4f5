"""« Mon code PIN » (Fichier menu): the session's agent chooses, changes or removes the PIN
that proves it is them on a shared desk. The current PIN is asked when there is one; the
new one is typed twice. A refusal is shown under the fields, what was typed kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.desk import Desk
from spplus_desk.services.sign_in import MAX_PIN, MIN_PIN, has_pin, set_pin
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    message_label,
    named_button,
    note_label,
    say,
    shortcut_tip,
    tab_chain,
)


class PinDialog(QDialog):
    def __init__(self, desk: Desk, agent: AgentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._agent = desk, agent
        title = self.tr("Mon code PIN")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.current_edit = self._pin_edit(self.tr("Code PIN actuel"))
        self.new_edit = self._pin_edit(self.tr("Nouveau code PIN"))
        self.again_edit = self._pin_edit(self.tr("Nouveau code PIN, une seconde fois"))
        self.error = message_label(self.tr("Code PIN refusé"))
        self.saved_label = confirmation_label()
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer le nouveau code PIN"), self.tr("Entrée")
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.remove_button = named_button(
            self.tr("&Retirer mon code PIN"), self.tr("Retirer mon code PIN")
        )
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)
        for edit in (self.current_edit, self.new_edit, self.again_edit):
            edit.returnPressed.connect(self._on_save_button_clicked)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._current_label = self._row(form, self.tr("Code PIN &actuel :"), self.current_edit)
        self._row(form, self.tr("&Nouveau code PIN :"), self.new_edit)
        self._row(form, self.tr("&Confirmation :"), self.again_edit)
        note = note_label(
            self.tr(
                "De %1 à %2 chiffres. Sur un poste partagé, il prouve que c'est bien vous ; "
                "oublié, un administrateur peut le retirer (Gestion › Postes partagés)."
            )
            .replace("%1", str(MIN_PIN))
            .replace("%2", str(MAX_PIN))
        )
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Code PIN de %1").replace("%1", agent.name))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(form)
        for widget in (note, self.error, self.saved_label):
            layout.addWidget(widget)
        for button in (self.save_button, self.remove_button, self.close_button):
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignRight)
        tab_chain(
            [
                self.current_edit,
                self.new_edit,
                self.again_edit,
                self.save_button,
                self.remove_button,
                self.close_button,
            ]
        )
        self._show_state()

    def _pin_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(MAX_PIN)
        edit.setValidator(QRegularExpressionValidator(r"[0-9]*", edit))
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return edit

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        shortcut_tip(field, text)
        form.addRow(label, field)
        return label

    def _show_state(self) -> None:
        """The current PIN asked only when there is one; the cursor where to type."""
        exists = has_pin(self._desk, self._agent.id)
        for widget in (self._current_label, self.current_edit, self.remove_button):
            widget.setVisible(exists)
        for edit in (self.current_edit, self.new_edit, self.again_edit):
            edit.clear()
        (self.current_edit if exists else self.new_edit).setFocus()

    def _on_save_button_clicked(self) -> None:
        if self.new_edit.text() != self.again_edit.text():
            say(self.error, self.tr("Les deux nouveaux codes PIN ne sont pas identiques."))
            self.again_edit.clear()
            self.again_edit.setFocus()
            return
        self._save(self.new_edit.text(), self.tr("Votre code PIN est enregistré."))

    def _on_remove_button_clicked(self) -> None:
        self._save(None, self.tr("Votre code PIN est retiré."))

    def _save(self, pin: str | None, done: str) -> None:
        try:
            set_pin(
                self._desk,
                login=self._agent.login,
                agent_id=self._agent.id,
                pin=pin,
                current_pin=self.current_edit.text() or None,
            )
        except UserError as error:
            say(self.error, error.message)
            self.saved_label.hide()
            about_current = "actuel" in error.message or "attendez" in error.message
            (self.current_edit if about_current else self.new_edit).setFocus()
            return
        say(self.error, None)
        self.saved_label.setText(done)
        self.saved_label.show()
        self._show_state()
