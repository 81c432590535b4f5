"""The person's satisfaction, asked at the end of a contact: three levels, one key each,
and an optional comment.

Ctrl+5 « Satisfait », Ctrl+6 « Moyennement », Ctrl+7 « Pas satisfait » work from anywhere
in the window (Ctrl+1–4 already choose the outcome, F2–F12 the channel and the calls);
pressing the key of the level already chosen takes it back (no level: not asked).

Which contact a key is for, so that it is never ambiguous:
- while a contact is being typed, the key sets the level in the form, saved with it;
- the form untouched since a save (no channel key, no F12, nothing typed, chosen or
  ticked) and that save less than 5 minutes ago (the window of « Annuler ma dernière
  saisie »), the key records the level on the contact just saved: the person, leaving,
  was asked once it was saved. The line at the top of the panel says so. Missed and
  abandoned calls are never that contact: nobody is there to ask.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from spplus_desk.domain.contact import MAX_COMMENT, UNDO_WINDOW, ContactDraft, ContactRecord
from spplus_desk.domain.enums import Satisfaction
from spplus_desk.domain.formatting import clock_text
from spplus_desk.domain.labels import SATISFACTION_LABELS
from spplus_desk.services.contacts import record_satisfaction
from spplus_desk.services.desk import Desk
from spplus_desk.ui.contact_widgets import side_by_side

SATISFACTION_KEYS: dict[Satisfaction, str] = {
    Satisfaction.SATISFIED: "Ctrl+5",
    Satisfaction.MIXED: "Ctrl+6",
    Satisfaction.DISSATISFIED: "Ctrl+7",
}
# Short enough for three buttons on one line of the quick entry.
BUTTON_LABELS: dict[Satisfaction, str] = {
    Satisfaction.SATISFIED: "Satisfait",
    Satisfaction.MIXED: "Moyennement",
    Satisfaction.DISSATISFIED: "Pas satisfait",
}
# How long after a save the keys still rate that contact (with an untouched form).
LATE_ANSWER_WINDOW = UNDO_WINDOW


class SatisfactionRow(QGroupBox):
    """Three checkable buttons, none or one checked, and the comment, enabled once a
    level is chosen. ``key_pressed`` leaves the choice of contact to the panel."""

    key_pressed = Signal(object)  # Satisfaction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Satisfaction (facultatif)"), parent)
        self.buttons: dict[Satisfaction, QPushButton] = {}
        for level, keys in SATISFACTION_KEYS.items():
            label = SATISFACTION_LABELS[level]
            button = QPushButton(f"{self.tr(BUTTON_LABELS[level])} ({keys})")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setAccessibleName(self.tr("Satisfaction : %1").replace("%1", label))
            button.setToolTip(
                self.tr(
                    "%1 (%2 ; la même touche retire l'avis). Formulaire encore vide dans "
                    "les 5 minutes après un enregistrement : l'avis va au contact enregistré."
                )
                .replace("%1", label)
                .replace("%2", keys)
            )
            button.toggled.connect(lambda checked, chosen=level: self._on_toggled(chosen, checked))
            self.buttons[level] = button
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda chosen=level: self.key_pressed.emit(chosen))
        self.comment_edit = QLineEdit()
        self.comment_edit.setAccessibleName(self.tr("Commentaire de la personne sur le contact"))
        self.comment_edit.setPlaceholderText(self.tr("facultatif"))
        self.comment_edit.setMaxLength(MAX_COMMENT)
        self.comment_edit.setToolTip(
            self.tr(
                "Ce que la personne en dit, en quelques mots (500 caractères au plus) ; "
                "s'ouvre quand un niveau est choisi"
            )
        )
        self.comment_edit.setEnabled(False)
        levels = side_by_side(list(self.buttons.values()))
        for button in self.buttons.values():
            levels.addWidget(button)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(levels)
        comment_label = QLabel(self.tr("Commentaire :"))
        comment_label.setBuddy(self.comment_edit)
        form.addRow(comment_label, self.comment_edit)

    def tab_chain(self) -> list[QWidget]:
        return [*self.buttons.values(), self.comment_edit]

    def level(self) -> Satisfaction | None:
        for level, button in self.buttons.items():
            if button.isChecked():
                return level
        return None

    def comment(self) -> str:
        """The comment, only with a level: without one it is not saved."""
        return self.comment_edit.text() if self.level() else ""

    def is_blank(self) -> bool:
        return self.level() is None and not self.comment_edit.text()

    def toggle(self, level: Satisfaction) -> None:
        """A level's key: chooses it (the comment comes next), or takes it back."""
        button = self.buttons[level]
        button.setChecked(not button.isChecked())
        target = self.comment_edit if button.isChecked() else button
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_allowed(self, allowed: bool) -> None:
        """Off, and emptied, where the service refuses an answer (missed calls)."""
        if not allowed:
            self.clear()
        self.setEnabled(allowed)

    def set_answer(self, level: Satisfaction | None, comment: str) -> None:
        for chosen, button in self.buttons.items():
            button.setChecked(chosen is level)
        self.comment_edit.setText(comment)

    def clear(self) -> None:
        self.set_answer(None, "")

    def _on_toggled(self, level: Satisfaction, checked: bool) -> None:
        if checked:  # exclusive, yet all may be off: a QButtonGroup cannot do both
            for other, button in self.buttons.items():
                if other is not level:
                    button.setChecked(False)
        # Typed text stays while the level is off: pressing the key again brings it back.
        self.comment_edit.setEnabled(self.level() is not None)


class LastContact(QObject):
    """The contact the agent last saved from the form, which the person leaving may
    still rate (see the module's rule); it also words the panel's confirmation line."""

    def __init__(self, desk: Desk, login: str, zone: ZoneInfo, parent: QObject | None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._zone = zone
        self._record: ContactRecord | None = None
        self._saved_at: datetime | None = None
        self._level: Satisfaction | None = None
        self._comment = ""
        self._saved_text = ""

    def remember(self, record: ContactRecord, draft: ContactDraft, now: datetime, text: str) -> str:
        """After a save from the form; the confirmation, with the answer when given."""
        self._record, self._saved_at = record, now
        self._level, self._comment = draft.satisfaction, draft.satisfaction_comment
        if draft.satisfaction is not None:
            label = SATISFACTION_LABELS[draft.satisfaction]
            text += self.tr(" Satisfaction\u00a0: %1.").replace("%1", label)
        self._saved_text = text
        return text

    def forget(self, contact_id: uuid.UUID) -> None:
        """After an undo: a contact taken back is rated no more."""
        if self._record is not None and self._record.id == contact_id:
            self._record = None

    def is_open(self, now: datetime) -> bool:
        saved_at = self._saved_at
        if self._record is None or saved_at is None:
            return False
        return now - saved_at < LATE_ANSWER_WINDOW

    def rate(self, pressed: Satisfaction) -> str:
        """Record the key's level on the contact (its own level again: withdrawn); the
        confirmation line. Raises the service's UserError."""
        if self._record is None:
            raise RuntimeError("no contact to rate: check is_open() first")
        level = None if pressed is self._level else pressed
        comment = self._comment if level else ""
        record_satisfaction(
            self._desk,
            login=self._login,
            contact_id=self._record.id,
            satisfaction=level,
            comment=comment,
        )
        self._level, self._comment = level, comment
        local = self._record.occurred_at.astimezone(self._zone)
        when = clock_text(local.hour, local.minute)
        if level is None:
            line = self.tr("↶ Satisfaction retirée du contact de %1.").replace("%1", when)
        else:
            line = (
                self.tr("✓ Satisfaction notée sur le contact de %1\u00a0: %2.")
                .replace("%1", when)
                .replace("%2", SATISFACTION_LABELS[level])
            )
        return f"{self._saved_text}\n{line}"
