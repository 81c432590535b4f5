"""A contact opened from the journal: its fields, its request and its history, with the
two changes allowed after the 5-minute undo: correct it, or cancel it with a reason.

Reading one contact is a few indexed lookups (well under the 50 ms that would call for a
background job), so the detail is read on the main thread when the dialog opens and again
after each change. The services decide who may change what; the buttons ask them first
and show their French message when the answer is no.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.departements import PARIS
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import SATISFACTION_LABELS
from spplus_desk.services.contact_changes import cancellation_refusal, correction_refusal
from spplus_desk.services.contact_detail import ContactDetail, contact_detail
from spplus_desk.services.desk import Desk
from spplus_desk.services.setup import get_service
from spplus_desk.ui.contact_cancel import CancelContactDialog
from spplus_desk.ui.contact_correction import ContactCorrectionDialog
from spplus_desk.ui.contact_history import COL_WHAT, HistoryModel
from spplus_desk.ui.contact_widgets import fit_to_screen, named_button, scrolled
from spplus_desk.ui.request_dialog import RequestDialog


class ContactDialog(QDialog):
    """Open it with ``open()`` or ``show()``; an unknown id raises the service's UserError
    before any window appears. ``contact_changed`` tells the journal to refresh."""

    contact_changed = Signal()  # after a correction or a cancellation was saved

    def __init__(
        self, desk: Desk, login: str, contact_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._contact_id = contact_id
        self._values: dict[str, QLabel] = {}
        self._message: QMessageBox | None = None
        self._editor: QDialog | None = None
        self.detail: ContactDetail = contact_detail(desk, contact_id)
        self.setAccessibleName(self.tr("Fiche du contact"))

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("État du contact"))
        self.banner.setStyleSheet("font-weight: bold")

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Parties de la fiche"))
        self.tabs.addTab(scrolled(self._contact_page()), self.tr("&Fiche"))
        self.tabs.addTab(scrolled(self._request_page()), self.tr("&Demande liée"))
        self.tabs.addTab(self._history_page(), self.tr("&Historique"))
        self.tabs.setTabToolTip(0, self.tr("Les champs du contact et la personne (Alt+F)"))
        self.tabs.setTabToolTip(1, self.tr("La demande ouverte par ce contact (Alt+D)"))
        self.tabs.setTabToolTip(2, self.tr("Qui a modifié quoi, et quand (Alt+H)"))

        self.correct_button = QPushButton(self.tr("&Corriger…"))
        self.correct_button.setAccessibleName(self.tr("Corriger le contact"))
        self.correct_button.setToolTip(self.tr("Corriger le motif, la suite donnée… (Alt+C)"))
        self.cancel_button = QPushButton(self.tr("&Annuler le contact…"))
        self.cancel_button.setAccessibleName(self.tr("Annuler le contact avec un motif"))
        self.cancel_button.setToolTip(self.tr("Le contact reste au journal, marqué annulé (Alt+A)"))
        # A right-to-error case starting from this contact (its person, channel, day).
        self.error_case_button = named_button(
            self.tr("Droit à l'&erreur…"),
            self.tr("Enregistrer un cas du droit à l'erreur à partir de ce contact"),
        )
        self.error_case_button.clicked.connect(self._on_error_case_button_clicked)
        # A complaint, suggestion or compliment the person gave during this contact.
        self.feedback_button = named_button(
            self.tr("A&vis de la personne…"),
            self.tr("Noter une réclamation, une suggestion ou un compliment donné lors du contact"),
        )
        self.feedback_button.clicked.connect(self._on_feedback_button_clicked)
        self.close_button = QPushButton(self.tr("Fer&mer"))
        self.close_button.setAccessibleName(self.tr("Fermer la fiche"))
        self.close_button.setToolTip(self.tr("Fermer la fiche (Échap)"))
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        # What the contact leads to, on a row of its own: one row is too wide at 200 %.
        follow_ups = QHBoxLayout()
        follow_ups.addWidget(self.error_case_button)
        follow_ups.addWidget(self.feedback_button)
        follow_ups.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, stretch=1)
        layout.addLayout(follow_ups)
        layout.addLayout(buttons)
        self.setTabOrder(self.tabs, self.error_case_button)
        self.setTabOrder(self.error_case_button, self.feedback_button)
        self.setTabOrder(self.feedback_button, self.correct_button)
        self.setTabOrder(self.correct_button, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.close_button)
        self._show(self.detail)
        fit_to_screen(self, 110, 40)

    # --- pages ----------------------------------------------------------------------------

    def _contact_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        contact = QGroupBox(self.tr("Contact"))
        form = QFormLayout(contact)
        self._add(form, "occurred", self.tr("Date"))
        self._add(form, "channel", self.tr("Canal"))
        self._add(form, "motif", self.tr("Motif"))
        self._add(form, "outcome", self.tr("Suite donnée"))
        self._add(form, "redirected_to", self.tr("Orienté vers"))
        self._add(form, "callback", self.tr("Rappel promis"))
        self._add(form, "needs", self.tr("Besoins particuliers"))
        self._add(form, "arrived", self.tr("Arrivée"))
        self._add(form, "called", self.tr("Appel de la personne"))
        self._add(form, "waiting", self.tr("Attente"))
        self._add(form, "duration", self.tr("Durée"))
        self._add(form, "notes", self.tr("Note"))
        self._add(form, "satisfaction", self.tr("Satisfaction"))
        self._add(form, "satisfaction_comment", self.tr("Commentaire de la personne"))
        self._add(form, "agent", self.tr("Agent"))
        self._add(form, "recorded", self.tr("Enregistré le"))
        layout.addWidget(contact)
        person = QGroupBox(self.tr("Personne"))
        form = QFormLayout(person)
        self._add(form, "person_name", self.tr("Nom"))
        self._add(form, "person_phone", self.tr("Téléphone"))
        self._add(form, "person_email", self.tr("Courriel"))
        layout.addWidget(person)
        layout.addStretch(1)
        return page

    def _request_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.no_request = QLabel(self.tr("Ce contact n'a ouvert aucune demande."))
        self.no_request.setAccessibleName(self.tr("Demande liée"))
        layout.addWidget(self.no_request)
        self.request_box = QGroupBox(self.tr("Demande liée"))
        form = QFormLayout(self.request_box)
        self._add(form, "reference", self.tr("Référence"))
        self._add(form, "kind", self.tr("Type de demande"))
        self._add(form, "delay", self.tr("Délai annoncé"))
        self._add(form, "status", self.tr("État"))
        self._add(form, "received", self.tr("Reçue le"))
        self._add(form, "due", self.tr("Échéance"))
        self._add(form, "ack_due", self.tr("Accusé de réception avant le"))
        self._add(form, "events", self.tr("Suivi"))
        # The request's own view: its deadline explained and its actions.
        self.open_request_button = named_button(
            self.tr("&Ouvrir la demande"), self.tr("Ouvrir la fiche de la demande")
        )
        self.open_request_button.clicked.connect(self._on_open_request_button_clicked)
        form.addRow("", self.open_request_button)
        layout.addWidget(self.request_box)
        layout.addStretch(1)
        return page

    def _history_page(self) -> QWidget:
        self.history_model = HistoryModel()
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName(self.tr("Historique du contact"))
        self.history.setToolTip(self.tr("Historique du contact et de sa demande (Alt+H)"))
        self.history.setWordWrap(True)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return self.history

    def _add(self, form: QFormLayout, key: str, name: str) -> None:
        value = QLabel()
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setAccessibleName(name)
        self._values[key] = value
        form.addRow(self.tr("%1 :").replace("%1", name), value)

    # --- showing a detail -----------------------------------------------------------------

    def _show(self, detail: ContactDetail) -> None:
        self.detail = detail
        self.setWindowTitle(
            self.tr("Contact du %1 — %2")
            .replace("%1", detail.occurred_text)
            .replace("%2", detail.channel_label)
        )
        if detail.cancelled:
            self.banner.setText(
                self.tr("Contact annulé le %1 : %2")
                .replace("%1", detail.cancelled_text)
                .replace("%2", detail.cancel_reason)
            )
        self.banner.setVisible(detail.cancelled)
        texts = {
            "occurred": detail.occurred_text,
            "channel": detail.channel_label,
            "motif": detail.motif_label,
            "outcome": detail.outcome_label,
            "redirected_to": detail.redirected_to or self.tr("sans objet"),
            "callback": self.tr("oui") if detail.callback_promised else self.tr("non"),
            "needs": detail.needs_text,
            "arrived": detail.arrived_text,
            "called": detail.called_text,
            "waiting": detail.waiting_text,
            "duration": detail.duration_text,
            "notes": detail.notes or self.tr("aucune"),
            "satisfaction": self._satisfaction_text(detail),
            "satisfaction_comment": detail.satisfaction_comment or self.tr("aucun"),
            "agent": detail.agent_name,
            "recorded": detail.recorded_text,
            "person_name": detail.person_name_text,
            "person_phone": detail.person_phone_text,
            "person_email": detail.person_email_text,
        }
        request = detail.request
        self.no_request.setVisible(request is None)
        self.request_box.setVisible(request is not None)
        if request is not None:
            texts |= {
                "reference": request.reference,
                "kind": request.kind_label,
                "delay": request.announced_delay,
                "status": request.status_label,
                "received": request.received_text,
                "due": request.due_text,
                "ack_due": request.ack_due_text,
                "events": "\n".join(
                    f"{e.at_text} — {e.label} ({e.actor})" + (f" : {e.reason}" if e.reason else "")
                    for e in request.events
                ),
            }
        for key, text in texts.items():
            self._values[key].setText(text)
        self.history_model.set_rows(detail.history)

    def _satisfaction_text(self, detail: ContactDetail) -> str:
        if detail.satisfaction is not None:
            return self.tr(SATISFACTION_LABELS[detail.satisfaction])
        if detail.outcome.is_unanswered_call:
            return self.tr("sans objet (appel sans réponse)")
        return self.tr("non demandée")

    def reload(self) -> None:
        self._show(contact_detail(self._desk, self._contact_id))

    # --- changes --------------------------------------------------------------------------

    def _on_correct_button_clicked(self) -> None:
        refusal = correction_refusal(self._desk, login=self._login, contact_id=self._contact_id)
        if refusal is not None:
            self._refuse(self.tr("Correction impossible"), refusal)
            return
        self._edit(ContactCorrectionDialog(self._desk, self._login, self.detail, self))

    def _on_cancel_button_clicked(self) -> None:
        refusal = cancellation_refusal(self._desk, login=self._login, contact_id=self._contact_id)
        if refusal is not None:
            self._refuse(self.tr("Annulation impossible"), refusal)
            return
        self._edit(CancelContactDialog(self._desk, self._login, self.detail, self))

    def _on_open_request_button_clicked(self) -> None:
        request = self.detail.request
        if request is None:
            return
        service = get_service(self._desk)
        zone = ZoneInfo(service.time_zone if service else PARIS)
        dialog = RequestDialog(self._desk, self._login, request.id, zone, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.request_changed.connect(self._on_request_changed)
        dialog.open()

    def _on_error_case_button_clicked(self) -> None:
        from spplus_desk.services.error_register import origin_of_contact
        from spplus_desk.ui.error_register_view import open_case_form

        service = get_service(self._desk)
        zone = ZoneInfo(service.time_zone if service else PARIS)
        try:
            origin = origin_of_contact(self._desk, self._contact_id)
            dialog = open_case_form(self, self._desk, self._login, zone, origin=origin)
        except UserError as error:
            self._refuse(self.tr("Droit à l'erreur"), error.message)
            return
        dialog.case_saved.connect(self._on_error_case_saved)

    def _on_feedback_button_clicked(self) -> None:
        from spplus_desk.services.error_register import origin_of_contact
        from spplus_desk.ui.feedback_view import open_feedback_form

        service = get_service(self._desk)
        zone = ZoneInfo(service.time_zone if service else PARIS)
        try:
            origin = origin_of_contact(self._desk, self._contact_id)
            dialog = open_feedback_form(self, self._desk, self._login, zone, origin=origin)
        except UserError as error:
            self._refuse(self.tr("Avis de la personne"), error.message)
            return
        dialog.feedback_saved.connect(self._on_error_case_saved)

    def _on_error_case_saved(self, _record: object) -> None:
        # The window follows: the register, the board for an invited regularisation, the
        # listening tab for feedback.
        self.contact_changed.emit()

    def _on_request_changed(self, _case: object) -> None:
        self.reload()
        self.contact_changed.emit()  # the journal shows the request's state

    def _edit(self, editor: ContactCorrectionDialog | CancelContactDialog) -> None:
        self._editor = editor
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._on_editor_saved)
        # Reloaded however it ends: after a conflict, the person sees the current version.
        editor.finished.connect(self._on_editor_finished)
        editor.open()  # window-modal, non-blocking: the event loop keeps running

    def _on_editor_saved(self) -> None:
        self.contact_changed.emit()

    def _on_editor_finished(self, _result: int) -> None:
        self._editor = None
        self.reload()

    def _refuse(self, title: str, message: str) -> None:
        self._message = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        self._message.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message.open()
