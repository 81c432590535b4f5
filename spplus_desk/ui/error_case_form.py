"""The fields of a right-to-error case, top to bottom as a counter agent reads them: the
error (procedure, nature, channel, dates, who found it), the person, the law's
conditions, the regularisation and the outcome. ``draft()`` gives the services' CaseDraft
and ``show_record()`` shows a saved case; the dialog owns what the buttons do.

Only what the form itself reads is checked here (a phone number, a delay, an amount):
the services check the rest and say it in French, which the dialog shows next to the
field concerned (``field_for``).
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import (
    DISCOVERED_BY_LABELS,
    NATURE_LABELS,
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorCaseRecord,
    ErrorNature,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.error_register import CaseOrigin
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import shortcut_tip
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, edit_date, to_qdate
from spplus_desk.ui.error_case_checklist import ChecklistBox
from spplus_desk.ui.error_case_outcome import OutcomeBox
from spplus_desk.ui.error_case_regularisation import RegularisationBox
from spplus_desk.ui.quick_entry_choices import InputProblemError
from spplus_desk.ui.quick_entry_fields import PersonFields

NOT_COVERED_TIP = "Non couvert : le droit à l'erreur ne s'applique pas aux déclarations tardives"


class CaseForm(QWidget):
    def __init__(self, desk: Desk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._today = today
        self._case_id: uuid.UUID | None = None  # left out of the person's earlier cases
        self._contact_id: uuid.UUID | None = None
        self._request_id: uuid.UUID | None = None
        self.error_box = self._error_box()
        self.person = PersonFields()
        self.checklist = ChecklistBox(desk)
        self.regularisation = RegularisationBox(desk, today)
        self.outcome = OutcomeBox()
        self.nature_combo.currentIndexChanged.connect(self._on_nature_combo_changed)
        self.checklist.changed.connect(self._on_checklist_changed)
        for edit in (self.person.name_edit, self.person.phone_edit, self.person.email_edit):
            edit.editingFinished.connect(self.refresh_earlier_cases)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in self._parts():
            layout.addWidget(part)
        layout.addStretch(1)
        self._align_labels()

    def _parts(self) -> tuple[QWidget, ...]:
        return (self.error_box, self.person, self.checklist, self.regularisation, self.outcome)

    def _align_labels(self) -> None:
        """The values of every part start at the same place: the form reads as one column."""
        labels: list[QWidget] = []
        for part in self._parts():
            form = part.layout()
            if not isinstance(form, QFormLayout):
                continue
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label = item.widget() if item is not None else None
                if label is not None:
                    labels.append(label)
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)

    def _error_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("L'erreur"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.procedure_combo = self._combo(self.tr("Démarche concernée"))
        self.procedure_combo.setPlaceholderText(self.tr("Choisissez la démarche"))
        self._row(form, self.tr("&Démarche :"), self.procedure_combo)
        self.nature_combo = self._combo(self.tr("Nature de l'erreur"))
        for nature, label in NATURE_LABELS.items():
            self.nature_combo.addItem(label, nature)
            if not nature.covered:
                row = self.nature_combo.count() - 1
                self.nature_combo.setItemData(row, NOT_COVERED_TIP, Qt.ItemDataRole.ToolTipRole)
        self._row(form, self.tr("Na&ture :"), self.nature_combo)
        self.channel_combo = self._combo(
            self.tr("Canal par lequel la personne s'est adressée au service")
        )
        for channel, label in CHANNEL_LABELS.items():
            self.channel_combo.addItem(label, channel)
        self._row(form, self.tr("Cana&l :"), self.channel_combo)

        self.error_on_box = QCheckBox(self.tr("Date de l'e&rreur :"))
        self.error_on_box.setAccessibleName(self.tr("La date de l'erreur est connue"))
        self.error_on_box.setToolTip(self.tr("Cochez pour dire quand l'erreur a été commise"))
        shortcut_tip(self.error_on_box, self.error_on_box.text())
        self.error_on_edit = date_edit(self.tr("Date de l'erreur"), self._today)
        shortcut_tip(self.error_on_edit, "", CALENDAR_KEY)
        self.error_on_edit.setEnabled(False)
        self.error_on_box.toggled.connect(self.error_on_edit.setEnabled)
        form.addRow(self.error_on_box, self.error_on_edit)

        self.discovered_on_edit = date_edit(self.tr("Date de découverte de l'erreur"), self._today)
        shortcut_tip(self.discovered_on_edit, "", CALENDAR_KEY)
        self.discovered_by_combo = self._combo(self.tr("Erreur découverte par"))
        for who, label in DISCOVERED_BY_LABELS.items():
            self.discovered_by_combo.addItem(label.lower(), who)
        self.discovered_by_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        discovered = QHBoxLayout()
        discovered.addWidget(self.discovered_on_edit)
        discovered.addWidget(self.discovered_by_combo)
        discovered.addStretch(1)
        on_label = QLabel(self.tr("Découverte le :"))
        on_label.setBuddy(self.discovered_on_edit)
        form.addRow(on_label, discovered)
        return box

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        # Long labels must not widen the form past a small screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        return combo

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        shortcut_tip(field, text)
        form.addRow(label, field)

    def controls(self) -> list[QWidget]:
        """Every control in reading order: the dialog's tab chain."""
        return [
            self.procedure_combo,
            self.nature_combo,
            self.channel_combo,
            self.error_on_box,
            self.error_on_edit,
            self.discovered_on_edit,
            self.discovered_by_combo,
            self.person.name_edit,
            self.person.phone_edit,
            self.person.email_edit,
            *self.checklist.controls(),
            *self.regularisation.controls(),
            *self.outcome.controls(),
        ]

    # --- showing a case -------------------------------------------------------------------

    def start_new(self, origin: CaseOrigin | None, agent: str) -> None:
        """A blank case, or one started from a contact or a request."""
        self._load_procedures(None, "")
        if origin is not None:
            self._select(self.channel_combo, origin.channel)
            self.discovered_on_edit.setDate(to_qdate(origin.day))
            self.person.name_edit.setText(origin.person_name)
            self.person.phone_edit.setText(origin.person_phone)
            self.person.email_edit.setText(origin.person_email)
            self._contact_id, self._request_id = origin.contact_id, origin.request_id
        self.outcome.show_values(CaseOutcome.PENDING, "", None, "", agent)
        self.refresh_earlier_cases()

    def show_record(self, record: ErrorCaseRecord) -> None:
        draft = record.draft
        self._case_id = record.id
        self._contact_id, self._request_id = draft.contact_id, draft.request_id
        self._load_procedures(draft.procedure_id, record.procedure)
        self._select(self.nature_combo, draft.nature)
        self._select(self.channel_combo, draft.channel)
        self.error_on_box.setChecked(draft.error_on is not None)
        self.error_on_edit.setDate(to_qdate(draft.error_on or draft.discovered_on))
        self.discovered_on_edit.setDate(to_qdate(draft.discovered_on))
        self._select(self.discovered_by_combo, draft.discovered_by)
        self.person.clear()
        self.person.name_edit.setText(draft.person.name)
        self.person.phone_edit.setText(draft.person.phone)
        self.person.email_edit.setText(draft.person.email)
        self.checklist.show_draft(draft)
        self.regularisation.show_draft(draft, record.follow_up)
        self.outcome.show_values(
            draft.outcome, draft.outcome_reason, draft.amount_cents, draft.notes, record.agent
        )
        self.refresh_earlier_cases()

    def _load_procedures(self, current: uuid.UUID | None, current_label: str) -> None:
        """The active procedures, and the case's own when it has been retired since."""
        self.procedure_combo.clear()
        for choice in list_choices(self._desk, PROCEDURES, include_retired=True):
            if choice.active:
                self.procedure_combo.addItem(choice.label, choice.id)
            elif choice.id == current:
                retired = self.tr("%1 (retirée)").replace("%1", choice.label or current_label)
                self.procedure_combo.addItem(retired, choice.id)
        self.procedure_combo.setCurrentIndex(data_index(self.procedure_combo, current))

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, data_index(combo, value)))

    def refresh_earlier_cases(self) -> None:
        until = None if self._case_id is None else edit_date(self.discovered_on_edit)
        self.checklist.earlier.show_person(self.person_identity(), self._case_id, until)

    # --- reading the form -----------------------------------------------------------------

    def person_identity(self) -> PersonIdentity:
        return PersonIdentity(
            self.person.name_edit.text().strip(),
            self.person.phone_edit.text().strip(),
            self.person.email_edit.text().strip(),
        )

    def draft(self) -> CaseDraft:
        """What is typed, as the services take it; InputProblemError names the field the
        form could not read (its message is shown next to it too)."""
        wrong = self.person.first_invalid()
        if wrong is not None:
            raise InputProblemError(wrong.accessibleDescription(), wrong)
        if not self.outcome.check_amount():
            raise InputProblemError(
                self.outcome.amount_edit.accessibleDescription(), self.outcome.amount_edit
            )
        kind, invited_on, delay, done = self.regularisation.values()
        procedure = self.procedure_combo.currentData()
        checklist = self.checklist.checklist()
        return CaseDraft(
            procedure_id=procedure if isinstance(procedure, uuid.UUID) else None,
            nature=ErrorNature(self.nature_combo.currentData()),
            channel=Channel(self.channel_combo.currentData()),
            error_on=edit_date(self.error_on_edit) if self.error_on_box.isChecked() else None,
            discovered_on=edit_date(self.discovered_on_edit),
            discovered_by=DiscoveredBy(self.discovered_by_combo.currentData()),
            checklist_first_time=checklist.first_time,
            checklist_good_faith=checklist.good_faith,
            exclusions=checklist.exclusions,
            regularisation=kind,
            invited_on=invited_on,
            regularisation_delay=delay,
            regularised_on=done,
            outcome=self.outcome.outcome(),
            outcome_reason=self.outcome.reason_edit.text(),
            amount_cents=self.outcome.amount_cents(),
            person=self.person_identity(),
            notes=self.outcome.notes.text(),
            contact_id=self._contact_id,
            request_id=self._request_id,
        )

    def field_for(self, message: str) -> QWidget | None:
        """The field a services' refusal is about, to put the focus there."""
        spontaneous = self.regularisation.radios[Regularisation.SPONTANEOUS]
        fields = (
            ("démarche", self.procedure_combo),
            ("découverte de l'erreur ne peut", self.discovered_on_edit),
            ("commise après sa découverte", self.error_on_edit),
            ("spontanée ou faite sur invitation", spontaneous),
            ("invitation", self.regularisation.invited_on_edit),
            ("régularisation ne peut", self.regularisation.done_edit),
            ("date de régularisation", self.regularisation.done_edit),
            ("date de la régularisation", self.regularisation.done_box),
            ("sanction est maintenue", self.outcome.reason_edit),
            ("éligible", self.outcome.outcome_combo),
            ("montant", self.outcome.amount_edit),
            ("notes", self.outcome.notes.edit),
        )
        lowered = message.lower()
        return next((field for fragment, field in fields if fragment in lowered), None)

    # --- slots ----------------------------------------------------------------------------

    def _on_nature_combo_changed(self, _index: int) -> None:
        self.checklist.set_nature(ErrorNature(self.nature_combo.currentData()))

    def _on_checklist_changed(self) -> None:
        self.outcome.set_eligible(self.checklist.eligible())
