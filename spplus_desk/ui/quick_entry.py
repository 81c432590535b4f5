"""The quick entry, always beside the journal: a contact logged with the keyboard alone
while the person is still at the counter.

F2–F9 choose the channel, Enter saves (Ctrl+Enter from the notes), F12 calls the next
person, F11 logs a missed call (Maj+F11 an abandoned one), Ctrl+Maj+Retour arrière takes
back one's own last contact for 5 minutes, Ctrl+5–7 note the person's satisfaction (see
``satisfaction_row`` for which contact). After a save the form empties, keeps the
channel and puts the focus back on it; a line at the top confirms what was saved.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.contact import UNDO_WINDOW, ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, Satisfaction
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import saved_text, undone_text
from spplus_desk.services.contacts import log_contact, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.ui.contact_widgets import (
    QUICK_ENTRY_SHARE,
    message_label,
    say,
    shortcut_tip,
    side_by_side,
    tab_chain,
)
from spplus_desk.ui.quick_entry_choices import ContactChoices, InputProblemError
from spplus_desk.ui.quick_entry_fields import (
    MissedCallBox,
    NeedsBox,
    NotesField,
    PersonFields,
    VisitTiming,
)
from spplus_desk.ui.satisfaction_row import LastContact, SatisfactionRow

PHYSICAL_CHANNELS = (Channel.COUNTER, Channel.APPOINTMENT_ONSITE)
UNDO_KEYS = "Ctrl+Shift+Backspace"
UNDO_KEYS_TEXT = "Ctrl+Maj+Retour arrière"


class QuickEntryPanel(QWidget):
    contact_saved = Signal(object)  # ContactRecord
    contact_undone = Signal(object)  # ContactRecord

    def __init__(
        self, desk: Desk, login: str, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._zone = zone
        self._started: datetime | None = None  # when the agent began this contact
        self._last_saved_at: datetime | None = None
        self.setAccessibleName(self.tr("Saisie rapide d'un contact"))

        self.choices = ContactChoices(desk)
        self.choices.channel_chosen.connect(self._mark_started)
        self.choices.channel_changed.connect(self._on_channel_changed)
        # The fields tests and the main window reach directly.
        self.channel_buttons = self.choices.channel_buttons
        self.motif_combo = self.choices.motif_combo
        self.outcome_combo = self.choices.outcome_combo
        self.kind_combo = self.choices.kind_combo
        self.partner_combo = self.choices.partner_combo

        self.person = PersonFields()
        self.needs = NeedsBox()
        self.timing = VisitTiming(zone)
        self.notes = NotesField()
        self.missed = MissedCallBox()
        self.satisfaction = SatisfactionRow()
        self.satisfaction.key_pressed.connect(self._on_satisfaction_key)
        self.last_contact = LastContact(desk, login, zone, self)

        self.save_button = QPushButton(self.tr("Enregistrer le contact (Entrée)"))
        self.save_button.setAccessibleName(self.tr("Enregistrer le contact"))
        self.save_button.setToolTip(
            self.tr("Enregistrer le contact (Entrée ; Ctrl+Entrée depuis les notes)")
        )
        self.save_button.clicked.connect(self.save)
        self.next_button = QPushButton(self.tr("Appeler le suivant (F12)"))
        self.next_button.setAccessibleName(self.tr("Appeler la personne suivante"))
        self.next_button.setToolTip(
            self.tr("Note l'heure où la personne est appelée : l'attente est mesurée (F12)")
        )
        self.next_button.clicked.connect(self.call_next)
        self.undo_button = QPushButton(self.tr("Annuler ma dernière saisie"))
        self.undo_button.setAccessibleName(self.tr("Annuler mon dernier contact enregistré"))
        self.undo_button.setToolTip(
            self.tr("Retire votre dernier contact, dans les 5 minutes (%1)").replace(
                "%1", UNDO_KEYS_TEXT
            )
        )
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        self.missed.missed_button.clicked.connect(
            lambda: self.log_unanswered_call(ContactOutcome.MISSED_CALL)
        )
        self.missed.abandoned_button.clicked.connect(
            lambda: self.log_unanswered_call(ContactOutcome.ABANDONED_CALL)
        )
        for keys, slot in (
            ("F12", self.call_next),
            ("F11", lambda: self.log_unanswered_call(ContactOutcome.MISSED_CALL)),
            ("Shift+F11", lambda: self.log_unanswered_call(ContactOutcome.ABANDONED_CALL)),
            (UNDO_KEYS, self.undo),
            ("Ctrl+Return", self.save),
            ("Ctrl+Enter", self.save),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        self.error_label = message_label(self.tr("Problème à corriger avant d'enregistrer"))
        self.confirmation = QLabel()
        self.confirmation.setWordWrap(True)
        self.confirmation.setAccessibleName(self.tr("Dernier enregistrement"))
        self.blocked_label = message_label(self.tr("Saisie impossible"))
        # The undo button turns off by itself when the 5 minutes are over.
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._refresh_undo)

        self._lay_out()
        self._on_channel_changed()
        self.motif_combo.editTextChanged.connect(self._mark_started)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _lay_out(self) -> None:
        notes_label = QLabel(self.tr("Not&es :"))
        notes_label.setBuddy(self.notes.edit)
        shortcut_tip(self.notes.edit, notes_label.text(), self.tr("Ctrl+Entrée enregistre"))
        # What was just saved, and what is wrong, stay at the top: in sight whenever
        # the focus is back on the channel, even when the form scrolls.
        # The button beside the confirmation while it leaves it half of the width.
        last = side_by_side([self.undo_button], QUICK_ENTRY_SHARE / 2)
        last.addWidget(self.confirmation, stretch=1)
        last.addWidget(self.undo_button)
        actions = side_by_side([self.save_button, self.next_button])
        actions.addWidget(self.save_button)
        actions.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.blocked_label)
        layout.addLayout(last)
        layout.addWidget(self.error_label)
        layout.addWidget(self.choices)
        layout.addWidget(self.person)
        layout.addWidget(self.needs)
        layout.addWidget(self.timing)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        layout.addWidget(self.satisfaction)
        layout.addLayout(actions)
        layout.addWidget(self.missed)
        layout.addStretch(1)
        chain: list[QWidget] = [
            *self.choices.tab_chain(),
            self.person.name_edit,
            self.person.phone_edit,
            self.person.email_edit,
            *self.needs.boxes.values(),
            self.timing.arrival_edit,
            self.timing.duration_spin,
            self.notes.edit,
            *self.satisfaction.tab_chain(),
            self.save_button,
            self.next_button,
            self.undo_button,
            self.missed.callback_box,
            self.missed.phone_edit,
            self.missed.missed_button,
            self.missed.abandoned_button,
        ]
        tab_chain(chain)

    def reload_choices(self) -> None:
        """After a lead edited the lists of motifs, partners or kinds of request."""
        self.choices.reload()

    def channel(self) -> Channel:
        return self.choices.channel()

    def outcome(self) -> ContactOutcome:
        return self.choices.outcome()

    def usable(self) -> bool:
        """False when blocked: the keys (F2–F12, Enter) then do nothing either."""
        return self.isEnabled() and self.blocked_label.isHidden()

    def set_blocked(self, message: str | None) -> None:
        """No agent row for this login: the form stays visible but cannot be used."""
        say(self.blocked_label, message)
        for child in self.findChildren(QWidget):
            if child is not self.blocked_label and child.parent() is self:
                child.setEnabled(message is None)

    def _mark_started(self) -> None:
        if self._started is None:
            self._started = self._desk.clock.now()

    def _on_channel_changed(self) -> None:
        self.timing.set_physical(self.channel() in PHYSICAL_CHANNELS)

    # Actions -------------------------------------------------------------------------

    def call_next(self) -> None:
        """The agent calls the next person: the wait ends and the contact begins."""
        if not self.usable():
            return
        if self.channel() not in PHYSICAL_CHANNELS:
            self.channel_buttons[Channel.COUNTER].setChecked(True)
        now = self._desk.clock.now()
        self.timing.call_next(now)
        self._started = now
        self.motif_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> None:
        if not self.usable():
            return
        now = self._desk.clock.now()
        try:
            draft = self._draft(now)
            record = log_contact(self._desk, login=self._login, draft=draft)
        except InputProblemError as problem:
            self._refuse(problem.message, problem.field)
            return
        except UserError as error:
            # The only check left to the service that concerns a field: call before arrival.
            arrival = "arrivée" in error.message
            self._refuse(error.message, self.timing.arrival_edit if arrival else None)
            return
        text = self.last_contact.remember(record, draft, now, saved_text(record, draft, self._zone))
        self._saved(record, now, text)
        self.clear()

    def log_unanswered_call(self, outcome: ContactOutcome) -> None:
        """One key: a call nobody could take, with its promised callback if ticked. The
        contact being typed is left as it is."""
        if not self.usable():
            return
        if not self.missed.check_phone():
            self._refuse(self.tr("Le numéro à rappeler est mal écrit."), self.missed.phone_edit)
            return
        draft = self.missed.draft(outcome)
        now = self._desk.clock.now()
        try:
            record = log_contact(self._desk, login=self._login, draft=draft)
        except UserError as error:
            self._refuse(error.message, None)
            return
        self._saved(record, now, saved_text(record, draft, self._zone))
        self.missed.clear()

    def undo(self) -> None:
        # Only one step back, as the button shows: the service would otherwise go on
        # taking back earlier contacts of the last 5 minutes.
        if not self.usable() or not self.undo_button.isEnabled():
            return
        try:
            record = undo_last_contact(self._desk, login=self._login)
        except UserError as error:
            self._refuse(error.message, None)
            self._last_saved_at = None
            self._refresh_undo()
            return
        self._confirm(undone_text(record, self._zone))
        self.last_contact.forget(record.id)
        self._last_saved_at = None
        self._refresh_undo()
        self.contact_undone.emit(record)
        self.focus_channel()

    def clear(self) -> None:
        """Ready for the next contact: same channel, everything else empty."""
        self.choices.reset()
        self.person.clear()
        self.needs.clear()
        self.timing.clear()
        self.notes.clear()
        self.satisfaction.clear()
        self._started = None
        self.focus_channel()

    def pristine(self) -> bool:
        """Nothing done for a new contact since the last save: no channel key, no F12,
        nothing typed, chosen or ticked (the missed-call box is not the contact)."""
        parts = (self.choices, self.person, self.needs, self.timing, self.notes, self.satisfaction)
        return self._started is None and all(part.is_blank() for part in parts)

    def _on_satisfaction_key(self, level: Satisfaction) -> None:
        """For the contact being typed, or for the one just saved (satisfaction_row)."""
        if not self.usable():
            return
        if not (self.pristine() and self.last_contact.is_open(self._desk.clock.now())):
            self.satisfaction.toggle(level)
            return
        try:
            text = self.last_contact.rate(level)
        except UserError as error:
            self._refuse(error.message, None)
            return
        self._confirm(text)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Shortcuts and error messages move the focus anywhere in the form: the form
        scrolls to show it (200 % font, small screens)."""
        if new is None or not isValid(self) or not self.isAncestorOf(new):
            return
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            target = self.channel_buttons[self.channel()] if new is self.choices else new
            parent.ensureWidgetVisible(target)
            if target in self.channel_buttons.values():
                parent.verticalScrollBar().setValue(0)  # the confirmation above it too

    def focus_channel(self) -> None:
        self.channel_buttons[self.channel()].setFocus(Qt.FocusReason.OtherFocusReason)

    # Helpers -------------------------------------------------------------------------

    def _draft(self, now: datetime) -> ContactDraft:
        invalid = self.person.first_invalid()
        if invalid is not None:
            raise InputProblemError(
                self.tr("Corrigez le champ signalé avant d'enregistrer."), invalid
            )
        arrived, called = None, None
        if self.channel() in PHYSICAL_CHANNELS:
            arrived, called = self.timing.instants(now)
        return ContactDraft(
            self.channel(),
            self.outcome(),
            motif_id=self.choices.motif_id(),
            request_kind_id=self.choices.kind_id(),
            redirected_to=self.choices.redirected_to(),
            person_name=self.person.name_edit.text(),
            person_phone=self.person.phone_edit.text(),
            person_email=self.person.email_edit.text(),
            needs=self.needs.needs(),
            arrived_at=arrived,
            called_at=called,
            duration_seconds=self.timing.duration_seconds(self._started, now),
            notes=self.notes.text(),
            satisfaction=self.satisfaction.level(),
            satisfaction_comment=self.satisfaction.comment(),
        )

    def _saved(self, record: ContactRecord, now: datetime, text: str) -> None:
        self._confirm(text)
        self._last_saved_at = now
        self._refresh_undo()
        self.contact_saved.emit(record)

    def _confirm(self, text: str) -> None:
        say(self.error_label, None)
        self.confirmation.setText(text)
        self.confirmation.setAccessibleDescription(text)

    def _refuse(self, message: str, field: QWidget | None) -> None:
        """Nothing typed is lost: the message says what to fix, the field gets the focus."""
        say(self.error_label, message)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_undo(self) -> None:
        if self._last_saved_at is None:
            self.undo_button.setEnabled(False)
            return
        left = UNDO_WINDOW - (self._desk.clock.now() - self._last_saved_at)
        self.undo_button.setEnabled(left.total_seconds() > 0)
        if left.total_seconds() > 0:
            self._undo_timer.start(int(left.total_seconds() * 1000) + 500)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves from any field that does not use it itself (the notes do)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and not focused.isCheckable():
                focused.click()  # Enter on a button does what the button says
            elif focused is self.missed.phone_edit:
                self.log_unanswered_call(ContactOutcome.MISSED_CALL)
            elif focused is None or not self.missed.isAncestorOf(focused):
                # Never the contact being typed from the missed-call box; on a
                # satisfaction level (a checkable button), Space chooses, Enter saves.
                self.save()
            event.accept()
            return
        super().keyPressEvent(event)
