"""The case form of the right-to-error register (droit à l'erreur, CRPA L123-1).

A new case — blank, or started from a contact or a request — is typed and saved with
« Enregistrer » (Ctrl+Entrée). A saved case opens read-only, as sentences (the
summary); its author, a lead or an
administrator may correct it (the reason is asked under the form, at saving time) or
cancel it with a reason; a cancelled case stays in the register and is not changed
again. Refusals are said at the bottom in French and everything typed stays.

Reading and saving one case are a few indexed lookups, well under the 50 ms that would
call for a background job (as for the request view): the services are called directly.
``case_saved`` carries the saved ErrorCaseRecord to whoever opened the form.
"""

from __future__ import annotations

import uuid
from enum import Enum, auto
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.error_case import ErrorCaseRecord
from spplus_desk.domain.error_register import CaseOrigin
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.history import moment_text
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import (
    cancel_case,
    change_refusal,
    correct_case,
    error_case,
    record_case,
)
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    named_button,
    say,
    scrolled,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.error_case_form import CaseForm
from spplus_desk.ui.error_case_reason import ReasonPanel
from spplus_desk.ui.error_case_summary import CaseSummary
from spplus_desk.ui.feedback_widgets import title_label
from spplus_desk.ui.quick_entry_choices import InputProblemError
from spplus_desk.ui.request_deadline import value_label

SAVE_KEYS = "Ctrl+Entrée"
NO_CORRECTION_REASON = (
    "Dites pourquoi vous corrigez ce cas : le motif de la correction est obligatoire."
)


class Mode(Enum):
    NEW = auto()  # a case being typed
    VIEW = auto()  # a saved case, read-only
    CORRECTING = auto()  # a saved case being corrected
    CANCELLING = auto()  # the reason of a cancellation being typed
    CANCELLED = auto()  # cancelled: shown, never changed again


class ErrorCaseDialog(QDialog):
    """Open it with ``open()`` or ``show()``; an unknown ``case_id`` raises the services'
    UserError before any window appears."""

    case_saved = Signal(object)  # the ErrorCaseRecord after a save, correction or cancellation

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        *,
        case_id: uuid.UUID | None = None,
        origin: CaseOrigin | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._zone = zone
        self.record: ErrorCaseRecord | None = None
        self.refusal: str | None = None  # why this login may not change the case
        if case_id is not None:
            self.record = error_case(desk, case_id)
            self.refusal = change_refusal(desk, login=login, case_id=case_id)
        self.mode = Mode.NEW
        self.setAccessibleName(self.tr("Fiche d'un cas de droit à l'erreur"))
        today = desk.clock.now().astimezone(zone).date()

        self.title_label = title_label(self.tr("Titre de la fiche"), self.font())
        self.origin_label = value_label(self.tr("Origine du cas"))
        self.origin_label.hide()
        self.status_label = value_label(self.tr("État du cas"))
        self.form = CaseForm(desk, today)
        self.summary = CaseSummary(desk, zone)
        self._build_reason_panel()
        self.message = message_label(self.tr("Problème à corriger avant d'enregistrer"))
        self.confirmation = confirmation_label()
        self._build_buttons()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

        self.content = content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.title_label)
        column.addWidget(self.origin_label)
        column.addWidget(self.status_label)
        column.addWidget(self.summary, stretch=1)
        column.addWidget(self.form, stretch=1)
        layout = QVBoxLayout(self)
        self.area = scrolled(content)
        layout.addWidget(self.area, stretch=1)
        layout.addWidget(self.reason_panel)
        layout.addWidget(self.message)
        layout.addWidget(self.confirmation)
        layout.addLayout(self.button_row)
        tab_chain(
            [
                *self.form.controls(),
                self.reason_edit,
                self.confirm_cancel_button,
                self.save_button,
                self.correct_button,
                self.cancel_case_button,
                self.back_button,
                self.close_button,
            ]
        )

        if self.record is None:
            self._start_new(origin)
        else:
            self._show_record(self.record)
        fit_to_screen(self, 120, 60)
        self._focus_first()

    # --- building -------------------------------------------------------------------------

    def _build_reason_panel(self) -> None:
        self.reason_panel = ReasonPanel()
        self.reason_edit, self.reason_label = self.reason_panel.edit, self.reason_panel.label
        self.confirm_cancel_button = self.reason_panel.confirm_button
        self.reason_edit.returnPressed.connect(self._on_reason_edit_return_pressed)
        self.confirm_cancel_button.clicked.connect(self._on_confirm_cancel_button_clicked)

    def _build_buttons(self) -> None:
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer le cas"), SAVE_KEYS
        )
        self.save_button.clicked.connect(self.save)
        self.correct_button = named_button(
            self.tr("&Corriger"), self.tr("Corriger le cas : le motif sera demandé")
        )
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.cancel_case_button = named_button(
            self.tr("&Annuler le cas…"),
            self.tr("Annuler le cas avec un motif : il reste au registre, marqué annulé"),
        )
        self.cancel_case_button.clicked.connect(self._on_cancel_case_button_clicked)
        self.back_button = named_button(
            self.tr("Ne rien chan&ger"), self.tr("Revenir au cas enregistré sans rien changer")
        )
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.close_button = named_button(
            self.tr("Fermer"), self.tr("Fermer la fiche du cas"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)
        self.button_row = QHBoxLayout()
        for button in (self.correct_button, self.cancel_case_button, self.back_button):
            self.button_row.addWidget(button)
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.save_button)
        self.button_row.addWidget(self.close_button)

    # --- showing --------------------------------------------------------------------------

    def _start_new(self, origin: CaseOrigin | None) -> None:
        self.setWindowTitle(self.tr("Nouveau cas — droit à l'erreur"))
        self.title_label.setText(self.tr("Nouveau cas de droit à l'erreur"))
        if origin is not None:
            self.origin_label.setText(self.tr("Ouvert depuis : %1").replace("%1", origin.label))
            self.origin_label.show()
        agent = find_agent(self._desk, self._login)
        self.form.start_new(origin, agent.name if agent else self._login)
        self._set_mode(Mode.NEW)

    def _show_record(self, record: ErrorCaseRecord) -> None:
        self.record = record
        day = f"{record.draft.discovered_on:%d/%m/%Y}"
        self.setWindowTitle(
            self.tr("Cas du %1 — %2").replace("%1", day).replace("%2", record.procedure)
        )
        self.title_label.setText(self.tr("Cas de droit à l'erreur du %1").replace("%1", day))
        self.form.show_record(record)
        self.summary.show_record(record)
        self._set_mode(Mode.CANCELLED if record.cancelled else Mode.VIEW)

    def _status_text(self, record: ErrorCaseRecord) -> str:
        text = (
            self.tr("Enregistré le %1 par %2.")
            .replace("%1", moment_text(record.recorded_at, self._zone))
            .replace("%2", record.agent)
        )
        if record.cancelled_at is not None:
            return (
                text
                + "\n"
                + self.tr("✖ Annulé le %1 : %2. Il reste au registre et ne peut plus être modifié.")
                .replace("%1", moment_text(record.cancelled_at, self._zone))
                .replace("%2", record.cancel_reason or "")
            )
        if self.refusal is not None:
            return f"{text} {self.refusal}"
        return text

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        editing = mode in (Mode.NEW, Mode.CORRECTING)
        changeable = mode is Mode.VIEW and self.refusal is None
        asking = mode in (Mode.CORRECTING, Mode.CANCELLING)
        # Typing in the form; reading the summary, whose sentences stay black on white.
        self.form.setVisible(editing)
        self.summary.setVisible(not editing)
        self.save_button.setVisible(editing)
        self.correct_button.setVisible(changeable)
        self.cancel_case_button.setVisible(changeable)
        self.back_button.setVisible(asking)
        self.reason_panel.setVisible(asking)
        if asking:
            self.reason_panel.ask(cancelling=mode is Mode.CANCELLING)
        if mode is Mode.CORRECTING:
            self._set_save_text(
                self.tr("&Enregistrer la correction"), self.tr("Enregistrer la correction du cas")
            )
        else:
            self._set_save_text(self.tr("&Enregistrer"), self.tr("Enregistrer le cas"))
        if self.record is not None:
            self.status_label.setText(self._status_text(self.record))
            self.status_label.setStyleSheet("font-weight: bold" if self.record.cancelled else "")
        self.status_label.setVisible(self.record is not None)

    def _set_save_text(self, text: str, name: str) -> None:
        self.save_button.setText(text)
        self.save_button.setAccessibleName(name)
        self.save_button.setToolTip("")
        shortcut_tip(self.save_button, text, SAVE_KEYS)

    def _focus_first(self) -> None:
        if self.mode in (Mode.NEW, Mode.CORRECTING):
            self.form.procedure_combo.setFocus()
        elif self.mode is Mode.CANCELLING:
            self.reason_edit.setFocus()
        elif self.correct_button.isVisibleTo(self):
            self.correct_button.setFocus()
        else:
            self.close_button.setFocus()

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Save the new case, or the correction (with its reason); a refusal is said at
        the bottom and the focus goes to the field concerned, everything typed kept."""
        if self.mode not in (Mode.NEW, Mode.CORRECTING):
            return
        self._refuse(None)
        try:
            draft = self.form.draft()
            if self.mode is Mode.NEW:
                record = record_case(self._desk, login=self._login, draft=draft)
            else:
                assert self.record is not None
                if not self.reason_edit.text().strip():
                    raise InputProblemError(NO_CORRECTION_REASON, self.reason_edit)
                record = correct_case(
                    self._desk,
                    login=self._login,
                    case_id=self.record.id,
                    version=self.record.version,
                    draft=draft,
                    reason=self.reason_edit.text(),
                )
        except InputProblemError as error:
            self._refuse(error.message, error.field)
            return
        except ConflictError as error:
            self._refuse(error.message, self.back_button)
            return
        except UserError as error:
            self._refuse(error.message, self.form.field_for(error.message))
            return
        self.case_saved.emit(record)
        if self.mode is Mode.NEW:
            self.accept()
            return
        self.reason_edit.clear()
        self._show_record(record)
        self._confirm(self.tr("✓ Correction enregistrée."))

    def _refuse(self, message: str | None, field: QWidget | None = None) -> None:
        say(self.message, message)
        self.message.setAccessibleDescription(message or "")
        if field is not None and field.isEnabled():
            field.setFocus()
            if self.content.isAncestorOf(field):  # a field of the form: bring it in sight
                self.area.ensureWidgetVisible(field)
        if message:
            self.confirmation.hide()

    def _confirm(self, text: str) -> None:
        self.confirmation.setText(text)
        self.confirmation.show()
        self._focus_first()

    # --- slots ----------------------------------------------------------------------------

    def _on_correct_button_clicked(self) -> None:
        self._ask(Mode.CORRECTING)

    def _on_cancel_case_button_clicked(self) -> None:
        self._ask(Mode.CANCELLING)

    def _ask(self, mode: Mode) -> None:
        """Open the correction (the form) or the cancellation (its reason)."""
        self._refuse(None)
        self.confirmation.hide()
        self.reason_edit.clear()
        self._set_mode(mode)
        self._focus_first()

    def _on_back_button_clicked(self) -> None:
        """The case as it now stands (another desk may have changed it meanwhile)."""
        assert self.record is not None
        self._refuse(None)
        self.reason_edit.clear()
        try:
            self.refusal = change_refusal(self._desk, login=self._login, case_id=self.record.id)
            self._show_record(error_case(self._desk, self.record.id))
        except UserError as error:
            self._refuse(error.message)
        self._focus_first()

    def _on_reason_edit_return_pressed(self) -> None:
        if self.mode is Mode.CANCELLING:
            self._on_confirm_cancel_button_clicked()
        else:
            self.save()

    def _on_confirm_cancel_button_clicked(self) -> None:
        assert self.record is not None
        self._refuse(None)
        try:
            record = cancel_case(
                self._desk,
                login=self._login,
                case_id=self.record.id,
                version=self.record.version,
                reason=self.reason_edit.text(),
            )
        except ConflictError as error:
            self._refuse(error.message, self.back_button)
            return
        except UserError as error:
            self._refuse(error.message, self.reason_edit)
            return
        self.reason_edit.clear()
        self._show_record(record)
        self.case_saved.emit(record)
        self._confirm(self.tr("✓ Cas annulé : il reste au registre, marqué annulé."))
