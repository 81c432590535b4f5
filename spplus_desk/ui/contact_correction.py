"""Correcting a contact after the undo window: the correctable fields, checked as they
are typed. The dialog calls the service itself, so a refusal is shown inside it and the
person can fix what they typed; ``saved`` tells the detail view.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.contact import MAX_COMMENT, MAX_DURATION, ContactDraft
from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.enums import Channel, ContactOutcome, Need, Satisfaction
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import NEED_LABELS, OUTCOME_LABELS, SATISFACTION_LABELS
from spplus_desk.domain.sensitive import find_sensitive, sensitive_warning
from spplus_desk.services.choice_lists import MOTIFS, PARTNERS, list_choices
from spplus_desk.services.contact_changes import (
    correct_contact,
)
from spplus_desk.services.contact_detail import ContactDetail
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import (
    check_line,
    fit_to_screen,
    message_label,
    say,
    scrolled,
    shortcut_tip,
    tab_chain,
)


class ContactCorrectionDialog(QDialog):
    saved = Signal()

    def __init__(
        self, desk: Desk, login: str, detail: ContactDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._detail = detail
        self.setWindowTitle(
            self.tr("Corriger le contact du %1").replace("%1", detail.occurred_text)
        )
        self.setAccessibleName(self.tr("Correction du contact"))
        form = QFormLayout()

        self.motif_combo = self._combo(self.tr("Motif"))
        self.motif_combo.addItem(self.tr("Aucun motif"), None)
        for motif in list_choices(desk, MOTIFS, include_retired=True):
            if motif.active or motif.id == detail.motif_id:
                self.motif_combo.addItem(motif.label, motif.id)
        self._select(self.motif_combo, detail.motif_id)
        self._row(form, self.tr("&Motif :"), self.motif_combo)

        self.outcome_combo = self._combo(self.tr("Suite donnée"))
        for outcome, label in OUTCOME_LABELS.items():
            # Missed and abandoned calls only exist on the phone channel.
            if not outcome.is_unanswered_call or detail.channel is Channel.PHONE:
                self.outcome_combo.addItem(label, outcome)
        self._select(self.outcome_combo, detail.outcome)
        self._row(form, self.tr("&Suite donnée :"), self.outcome_combo)
        self.callback_box = QCheckBox(self.tr("Rappe&l promis"))
        self.callback_box.setAccessibleName(self.tr("Rappel promis à la personne"))
        self.callback_box.setToolTip(self.tr("Un appel manqué que le service rappellera (Alt+L)"))
        self.callback_box.setChecked(detail.callback_promised)
        form.addRow("", self.callback_box)

        self.kind_combo = self._combo(self.tr("Type de demande"))
        current_kind = detail.request.kind_id if detail.request else None
        for kind in list_request_kinds(desk):
            if kind.offered_on(detail.channel) or kind.id == current_kind:
                self.kind_combo.addItem(f"{kind.label} ({kind.delay})", kind.id)
        if detail.request is not None and not self._has(self.kind_combo, current_kind):
            self.kind_combo.addItem(detail.request.kind_label, current_kind)
        self._select(self.kind_combo, current_kind)
        self._row(form, self.tr("&Type de demande :"), self.kind_combo)

        self.partner_combo = self._combo(self.tr("Orienté vers"))
        self.partner_combo.setEditable(True)
        partner_edit = self.partner_combo.lineEdit()
        if partner_edit is not None:
            partner_edit.setMaxLength(200)
        self.partner_combo.addItems([p.label for p in list_choices(desk, PARTNERS)])
        self.partner_combo.setEditText(detail.redirected_to)
        self._row(form, self.tr("&Orienté vers :"), self.partner_combo)

        self.name_edit = self._line(self.tr("Nom de la personne"), detail.person_name)
        self.name_edit.setPlaceholderText(self.tr("non communiqué"))
        self._row(form, self.tr("&Nom :"), self.name_edit)
        self.phone_edit = self._line(self.tr("Téléphone de la personne"), detail.person_phone)
        self.phone_edit.setPlaceholderText(self.tr("ex. 01 23 45 67 89 ou +33 1 23 45 67 89"))
        self.phone_error = message_label(self.tr("Erreur sur le téléphone"))
        self._row(form, self.tr("Télé&phone :"), self.phone_edit, self.phone_error)
        self.email_edit = self._line(self.tr("Courriel de la personne"), detail.person_email)
        self.email_edit.setPlaceholderText(self.tr("ex. nom@domaine.fr"))
        self.email_error = message_label(self.tr("Erreur sur le courriel"))
        self._row(form, self.tr("Courr&iel :"), self.email_edit, self.email_error)

        self.need_boxes: dict[Need, QCheckBox] = {}
        needs = QGroupBox(self.tr("Besoins particuliers"))
        grid = QGridLayout(needs)
        for position, (need, label) in enumerate(NEED_LABELS.items()):
            box = QCheckBox(label)
            box.setAccessibleName(self.tr("Besoin : %1").replace("%1", label))
            box.setToolTip(self.tr("%1 (Espace pour cocher ou décocher)").replace("%1", label))
            box.setChecked(need in detail.needs)
            self.need_boxes[need] = box
            grid.addWidget(box, position // 2, position % 2)

        self.duration_spin = QSpinBox()
        self.duration_spin.setAccessibleName(self.tr("Durée du contact en minutes"))
        self.duration_spin.setRange(0, int(MAX_DURATION.total_seconds()) // 60)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setSpecialValueText(self.tr("non renseignée"))
        self.duration_spin.setValue(self._shown_minutes(detail.duration_seconds))
        duration_form = QFormLayout()
        self._row(duration_form, self.tr("&Durée :"), self.duration_spin)

        self.notes_edit = QPlainTextEdit(detail.notes)
        self.notes_edit.setAccessibleName(self.tr("Note"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.moveCursor(QTextCursor.MoveOperation.End)  # to add to the note
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 5 + 12)
        self.notes_edit.setToolTip(
            self.tr("Objective, sans donnée sensible : la personne peut la lire (droit d'accès)")
        )
        self.notes_warning = message_label(self.tr("Avertissement sur la note"))
        self._row(duration_form, self.tr("Not&e :"), self.notes_edit, self.notes_warning)

        # The person's answer, kept as it is unless changed here; none for a missed call.
        self.satisfaction_combo = self._combo(self.tr("Satisfaction de la personne"))
        self.satisfaction_combo.addItem(self.tr("Non demandée"), None)
        for level, label in SATISFACTION_LABELS.items():
            self.satisfaction_combo.addItem(self.tr(label), level)
        self._select(self.satisfaction_combo, detail.satisfaction)
        self._row(duration_form, self.tr("Satis&faction :"), self.satisfaction_combo)
        self.comment_edit = self._line(
            self.tr("Commentaire de la personne"), detail.satisfaction_comment
        )
        self.comment_edit.setMaxLength(MAX_COMMENT)
        self._row(duration_form, self.tr("&Commentaire :"), self.comment_edit)

        self.error_label = message_label(self.tr("Correction refusée"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("En&registrer la correction"))
        self.save_button.setAccessibleName(self.tr("Enregistrer la correction"))
        self.save_button.setDefault(True)
        shortcut_tip(self.save_button, self.save_button.text(), self.tr("Entrée"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Fermer sans enregistrer"))
        shortcut_tip(cancel, "", self.tr("Échap"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(form)
        content_layout.addWidget(needs)
        content_layout.addLayout(duration_form)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(content), stretch=1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_combo_changed)
        self.satisfaction_combo.currentIndexChanged.connect(self._on_satisfaction_combo_changed)
        self.phone_edit.editingFinished.connect(self._on_phone_edit_editing_finished)
        self.phone_edit.textChanged.connect(self._on_phone_edit_text_changed)
        self.email_edit.editingFinished.connect(self._on_email_edit_editing_finished)
        self.email_edit.textChanged.connect(self._on_email_edit_text_changed)
        self.notes_edit.textChanged.connect(self._on_notes_edit_text_changed)
        self._on_outcome_combo_changed()
        self._on_notes_edit_text_changed()
        chain = [
            self.motif_combo,
            self.outcome_combo,
            self.callback_box,
            self.kind_combo,
            self.partner_combo,
            self.name_edit,
            self.phone_edit,
            self.email_edit,
            *self.need_boxes.values(),
            self.duration_spin,
            self.notes_edit,
            self.satisfaction_combo,
            self.comment_edit,
            self.buttons,
        ]
        tab_chain(chain)
        self.motif_combo.setFocus()
        fit_to_screen(self, 110, 46)

    # --- building -------------------------------------------------------------------------

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        # Long motif labels must not widen the form past a small screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        return combo

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        edit.setMaxLength(254)
        return edit

    def _row(
        self, form: QFormLayout, text: str, field: QWidget, message: QLabel | None = None
    ) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        shortcut_tip(field, text)
        if message is None:
            form.addRow(label, field)
            return
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(message)
        form.addRow(label, box)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, data_index(combo, value)))

    @staticmethod
    def _has(combo: QComboBox, value: object) -> bool:
        return data_index(combo, value) >= 0

    @staticmethod
    def _shown_minutes(seconds: int | None) -> int:
        return 0 if seconds is None else max(1, round(seconds / 60))

    # --- live checks ----------------------------------------------------------------------

    def _outcome(self) -> ContactOutcome:
        return ContactOutcome(self.outcome_combo.currentData())

    def _on_outcome_combo_changed(self, _index: int = 0) -> None:
        outcome = self._outcome()
        self.kind_combo.setEnabled(outcome is ContactOutcome.REQUEST_OPENED)
        self.partner_combo.setEnabled(outcome is ContactOutcome.REDIRECTED)
        # "Rappel promis" always owes a callback; a missed call may; nothing else does.
        self.callback_box.setEnabled(outcome.is_unanswered_call)
        if outcome is ContactOutcome.CALLBACK_PROMISED:
            self.callback_box.setChecked(True)
        elif not outcome.is_unanswered_call:
            self.callback_box.setChecked(False)
        # Nobody answered a missed call: the service refuses a satisfaction for it.
        if outcome.is_unanswered_call:
            self.satisfaction_combo.setCurrentIndex(0)
            self.comment_edit.clear()
        self.satisfaction_combo.setEnabled(not outcome.is_unanswered_call)
        self._on_satisfaction_combo_changed()

    def _satisfaction(self) -> Satisfaction | None:
        data = self.satisfaction_combo.currentData()  # Qt hands a StrEnum back as a str
        return Satisfaction(data) if data else None

    def _on_satisfaction_combo_changed(self, _index: int = 0) -> None:
        # Typed text stays while no level is chosen; it is saved only with one.
        self.comment_edit.setEnabled(self._satisfaction() is not None)

    def _check(self, edit: QLineEdit, label: QLabel, parse: Callable[[str], str]) -> bool:
        return check_line(edit, label, parse, tidy=False)

    def _on_phone_edit_editing_finished(self) -> None:
        self._check(self.phone_edit, self.phone_error, parse_phone)

    def _on_phone_edit_text_changed(self, _text: str) -> None:
        if self.phone_error.isVisible():  # the message goes as soon as the number is right
            self._check(self.phone_edit, self.phone_error, parse_phone)

    def _on_email_edit_editing_finished(self) -> None:
        self._check(self.email_edit, self.email_error, parse_email)

    def _on_email_edit_text_changed(self, _text: str) -> None:
        if self.email_error.isVisible():
            self._check(self.email_edit, self.email_error, parse_email)

    def _on_notes_edit_text_changed(self) -> None:
        # A warning only: the agent may keep the note.
        say(self.notes_warning, sensitive_warning(find_sensitive(self.notes_edit.toPlainText())))

    # --- saving ---------------------------------------------------------------------------

    def draft(self) -> ContactDraft:
        needs = Need.NONE
        for need, box in self.need_boxes.items():
            if box.isChecked():
                needs |= need
        minutes = self.duration_spin.value()
        original = self._detail.duration_seconds
        if minutes == self._shown_minutes(original):
            duration = original  # untouched: keep the seconds that were measured
        else:
            duration = minutes * 60 if minutes else None
        kind = self.kind_combo.currentData()
        return replace(
            self._detail.draft(),
            motif_id=self.motif_combo.currentData(),
            outcome=self._outcome(),
            request_kind_id=kind if isinstance(kind, uuid.UUID) else None,
            redirected_to=self.partner_combo.currentText(),
            person_name=self.name_edit.text(),
            person_phone=self.phone_edit.text(),
            person_email=self.email_edit.text(),
            needs=needs,
            duration_seconds=duration,
            notes=self.notes_edit.toPlainText(),
            callback_promised=self.callback_box.isChecked(),
            satisfaction=self._satisfaction(),
            satisfaction_comment=self.comment_edit.text() if self._satisfaction() else "",
        )

    def _on_buttons_accepted(self) -> None:
        phone_ok = self._check(self.phone_edit, self.phone_error, parse_phone)
        email_ok = self._check(self.email_edit, self.email_error, parse_email)
        if not phone_ok or not email_ok:
            say(self.error_label, self.tr("Corrigez les champs signalés, puis enregistrez."))
            (self.phone_edit if not phone_ok else self.email_edit).setFocus()
            return
        try:
            correct_contact(
                self._desk,
                login=self._login,
                contact_id=self._detail.id,
                version=self._detail.version,
                draft=self.draft(),
            )
        except UserError as error:
            say(self.error_label, error.message)
            return
        self.saved.emit()
        self.accept()
