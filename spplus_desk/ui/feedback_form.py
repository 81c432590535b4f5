"""The fields of a feedback entry, as the agent reads the letter or listens: what kind of
feedback, by which channel, the day it came, what the person said, who they are (if they
say), and whether a reply is owed — with the day it falls due, shown as it is typed,
counted by the deadline engine in the service's calendar.

``draft()`` gives the services' FeedbackDraft; only what the form itself reads (the
delay, a phone number, an e-mail address) is checked here: the services check the rest
and the dialog shows their French message next to the field concerned (``field_for``).
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_register import CaseOrigin
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import (
    DEFAULT_REPLY_DELAY,
    MAX_TEXT,
    FeedbackDraft,
    FeedbackKind,
    FeedbackRecord,
)
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import reply_due
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import shortcut_tip
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, edit_date, to_qdate
from spplus_desk.ui.delay_field import DelayField
from spplus_desk.ui.quick_entry_choices import InputProblemError
from spplus_desk.ui.quick_entry_fields import NotesField, PersonFields

KIND_TEXTS = {  # the radio buttons, each with its Alt letter
    FeedbackKind.COMPLAINT: "Ré&clamation",
    FeedbackKind.SUGGESTION: "Su&ggestion",
    FeedbackKind.COMPLIMENT: "Co&mpliment",
}
DELAY_EXAMPLES = "« 15 jours ouvrés », « 10 jours ouvrables » ou « 30 jours calendaires »"
IN_HOURS = "Le délai de réponse à un avis se compte en jours, pas en heures."


class FeedbackForm(QWidget):
    def __init__(self, desk: Desk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._today = today
        self._contact_id: uuid.UUID | None = None  # the contact it was given at, if any
        self.feedback_box = self._feedback_box()
        self.person = PersonFields()
        self.reply_box = self._reply_box()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in (self.feedback_box, self.person, self.reply_box):
            layout.addWidget(part)
        layout.addStretch(1)
        self.clear()

    # --- building -------------------------------------------------------------------------

    def _feedback_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("L'avis"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind_group = QButtonGroup(self)
        self.kind_radios: dict[FeedbackKind, QRadioButton] = {}
        kinds = QHBoxLayout()
        for kind, text in KIND_TEXTS.items():
            radio = QRadioButton(self.tr(text))
            radio.setAccessibleName(
                self.tr("Type d'avis : %1").replace("%1", text.replace("&", ""))
            )
            radio.setToolTip(radio.accessibleName())
            shortcut_tip(radio, radio.text(), self.tr("flèches pour changer"))
            self.kind_group.addButton(radio)
            self.kind_radios[kind] = radio
            kinds.addWidget(radio)
        kinds.addStretch(1)
        self.kind_group.buttonToggled.connect(self._on_kind_group_button_toggled)
        form.addRow(QLabel(self.tr("Type :")), kinds)

        self.channel_combo = QComboBox()
        self.channel_combo.setAccessibleName(self.tr("Canal par lequel l'avis est arrivé"))
        self.channel_combo.setToolTip(self.channel_combo.accessibleName())
        for channel, label in CHANNEL_LABELS.items():
            self.channel_combo.addItem(self.tr(label), channel.value)
        self._row(form, self.tr("Can&al :"), self.channel_combo)
        self.received_edit = date_edit(self.tr("Date de réception de l'avis"), self._today)
        shortcut_tip(self.received_edit, "", CALENDAR_KEY)
        self.received_edit.dateChanged.connect(self.show_due)
        received_row = QHBoxLayout()
        received_row.addWidget(self.received_edit)
        received_row.addStretch(1)
        received_label = QLabel(self.tr("Reçu &le :"))
        received_label.setBuddy(self.received_edit)
        shortcut_tip(self.received_edit, received_label.text())
        form.addRow(received_label, received_row)

        self.text_field = NotesField()
        self.text_edit = self.text_field.edit
        self.text_field.warning.setAccessibleName(self.tr("Avertissement sur le texte"))
        self.text_edit.setAccessibleName(self.tr("Texte de l'avis"))
        self.text_edit.setPlaceholderText(
            self.tr("Ce que la personne a dit ou écrit (Entrée : nouvelle ligne)")
        )
        self.text_edit.setToolTip(
            self.tr(
                "Les faits, sans données de santé ni numéros personnels (%1 caractères au plus)"
            ).replace("%1", str(MAX_TEXT))
        )
        lines = self.text_edit.fontMetrics().lineSpacing()
        self.text_edit.setMaximumHeight(lines * 10)
        self._row(form, self.tr("&Texte :"), self.text_field, self.text_edit)
        return box

    def _reply_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Réponse à donner"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.expects_box = QCheckBox(self.tr("Une &réponse est attendue"))
        self.expects_box.setAccessibleName(self.tr("Une réponse est attendue"))
        self.expects_box.setToolTip(
            self.tr("Cochée d'office pour une réclamation ou une suggestion, pas un compliment")
        )
        shortcut_tip(self.expects_box, self.expects_box.text())
        self.expects_box.toggled.connect(self._on_expects_box_toggled)
        form.addRow(self.expects_box)
        self.delay_field = DelayField(
            self,
            (self.tr("Délai de réponse"), self.tr("Date de réponse attendue")),
            self.tr("Délai de réponse, par exemple %1").replace("%1", DELAY_EXAMPLES),
            self.fontMetrics().averageCharWidth() * 24,
        )
        self.delay_edit = self.delay_field.edit
        self.delay_problem = self.delay_field.problem
        self.due_label = self.delay_field.due_label
        self.delay_edit.textChanged.connect(self.show_due)
        delay_label = QLabel(self.tr("&Délai :"))
        delay_label.setBuddy(self.delay_edit)
        shortcut_tip(self.delay_edit, delay_label.text())
        form.addRow(delay_label, self.delay_field.cell)
        return box

    @staticmethod
    def _row(form: QFormLayout, text: str, widget: QWidget, buddy: QWidget | None = None) -> None:
        label = QLabel(text)
        label.setBuddy(buddy or widget)
        shortcut_tip(buddy or widget, text)
        form.addRow(label, widget)

    def controls(self) -> list[QWidget]:
        """Every control in reading order: the dialog's tab chain."""
        return [
            *self.kind_radios.values(),
            self.channel_combo,
            self.received_edit,
            self.text_edit,
            self.person.name_edit,
            self.person.phone_edit,
            self.person.email_edit,
            self.expects_box,
            self.delay_edit,
        ]

    def first_field(self) -> QWidget:
        return self.kind_group.checkedButton() or self.kind_radios[FeedbackKind.COMPLAINT]

    # --- showing --------------------------------------------------------------------------

    def clear(self) -> None:
        """A new complaint received today, with the usual delay."""
        self.kind_radios[FeedbackKind.COMPLAINT].setChecked(True)
        self.channel_combo.setCurrentIndex(0)
        self.received_edit.setDate(to_qdate(self._today))
        self.text_field.clear()
        self.person.clear()
        self.expects_box.setChecked(True)
        self.delay_edit.setText(DEFAULT_REPLY_DELAY)
        self._contact_id = None
        self._update()

    def start_from(self, origin: CaseOrigin) -> None:
        """A new entry given during a contact: its channel, day and person."""
        self.clear()
        self.channel_combo.setCurrentIndex(max(0, data_index(self.channel_combo, origin.channel)))
        self.received_edit.setDate(to_qdate(origin.day))
        self.person.name_edit.setText(origin.person_name)
        self.person.phone_edit.setText(origin.person_phone)
        self.person.email_edit.setText(origin.person_email)
        self._contact_id = origin.contact_id
        self._update()

    def show_record(self, record: FeedbackRecord) -> None:
        """A saved entry, to correct it."""
        self.kind_radios[record.kind].setChecked(True)
        self.channel_combo.setCurrentIndex(max(0, data_index(self.channel_combo, record.channel)))
        self.received_edit.setDate(to_qdate(record.received_on))
        self.text_edit.setPlainText(record.text)
        self.person.clear()
        self.person.name_edit.setText(record.person_name)
        self.person.phone_edit.setText(record.person_phone)
        self.person.email_edit.setText(record.person_email)
        # After the kind: its default must not override what was saved.
        self.expects_box.setChecked(record.reply_delay is not None)
        delay = record.reply_delay
        self.delay_edit.setText(delay.text if delay else DEFAULT_REPLY_DELAY)
        self._contact_id = record.contact_id
        self._update()

    def snapshot(self) -> tuple[object, ...]:
        """What is typed, to tell whether closing would lose something."""
        return (
            self.kind(),
            self.channel_combo.currentIndex(),
            self.received_edit.date(),
            self.text_edit.toPlainText(),
            self.person.name_edit.text(),
            self.person.phone_edit.text(),
            self.person.email_edit.text(),
            self.expects_box.isChecked(),
            self.delay_edit.text(),
        )

    # --- reading --------------------------------------------------------------------------

    def kind(self) -> FeedbackKind:
        return next(k for k, radio in self.kind_radios.items() if radio.isChecked())

    def delay(self) -> Delay | None:
        """The delay typed, None when no reply is expected; InputProblemError otherwise."""
        if not self.expects_box.isChecked():
            return None
        delay = self.delay_field.delay()
        if delay.in_hours:
            raise InputProblemError(self.tr(IN_HOURS), self.delay_edit)
        return delay

    def draft(self) -> FeedbackDraft:
        wrong = self.person.first_invalid()
        if wrong is not None:
            raise InputProblemError(wrong.accessibleDescription(), wrong)
        return FeedbackDraft(
            kind=self.kind(),
            channel=Channel(self.channel_combo.currentData()),
            received_on=edit_date(self.received_edit),
            text=self.text_edit.toPlainText(),
            reply_delay=self.delay(),
            person_name=self.person.name_edit.text(),
            person_phone=self.person.phone_edit.text(),
            person_email=self.person.email_edit.text(),
            contact_id=self._contact_id,
        )

    def field_for(self, message: str) -> QWidget | None:
        """The field a services' refusal is about, to put the focus there."""
        fields = (
            ("date de réception", self.received_edit),
            ("délai", self.delay_edit),
            ("texte de l'avis", self.text_edit),
            ("nom de la personne", self.person.name_edit),
        )
        lowered = message.lower()
        return next((field for fragment, field in fields if fragment in lowered), None)

    # --- live updates ---------------------------------------------------------------------

    def _on_kind_group_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:  # a complaint is answered, a compliment is not: what is proposed
            self.expects_box.setChecked(self.kind().expects_reply)

    def _on_expects_box_toggled(self, _checked: bool) -> None:
        self._update()

    def _update(self) -> None:
        self.delay_edit.setEnabled(self.expects_box.isChecked())
        self.show_due()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_due()

    def show_due(self) -> None:
        """The day the reply falls due for the delay typed, or why it cannot be read.
        Only while the form is shown: a closing window reads nothing (its date field
        may still signal as it loses the focus)."""
        if not self.isVisible():
            return
        if not self.expects_box.isChecked():
            self.delay_field.show_due(self.tr("Pas de réponse à donner."))
            return
        try:
            delay = self.delay()
            assert delay is not None  # a reply is expected
            due = reply_due(self._desk, edit_date(self.received_edit), delay)
        except UserError as error:
            self.delay_field.show_wrong(error.message)
            return
        self.delay_field.show_due(
            self.tr("Réponse à donner au plus tard le %1.").replace("%1", long_date(due))
        )
