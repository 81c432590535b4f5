"""A contact as the agent types it, checked before anything is saved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.enums import Channel, ContactOutcome, Need, Satisfaction
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_long_text, clean_text, refuse_unreadable

UNDO_WINDOW = timedelta(minutes=5)
MAX_NOTES_LENGTH = 4000
MAX_DURATION = timedelta(hours=8)
MAX_COMMENT = 500  # the person's words with a satisfaction answer


def checked_comment(text: str) -> str:
    """The optional comment given with a satisfaction answer."""
    return clean_long_text(text, field="Le commentaire", max_length=MAX_COMMENT)


@dataclass(frozen=True, slots=True)
class ContactDraft:
    channel: Channel
    outcome: ContactOutcome
    motif_id: uuid.UUID | None = None
    request_kind_id: uuid.UUID | None = None  # when the outcome opens a request
    redirected_to: str = ""
    person_name: str = ""  # empty: "non communiqué"
    person_phone: str = ""
    person_email: str = ""
    needs: Need = Need.NONE
    arrived_at: datetime | None = None  # counter visits: waiting time is measured
    called_at: datetime | None = None
    duration_seconds: int | None = None
    notes: str = ""
    callback_promised: bool = False  # implied by the "Rappel promis" outcome
    satisfaction: Satisfaction | None = None  # asked at the end of the contact
    satisfaction_comment: str = ""


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: uuid.UUID
    occurred_at: datetime
    recorded_at: datetime
    agent_id: uuid.UUID
    channel: Channel
    outcome: ContactOutcome
    motif_id: uuid.UUID | None
    person_name: str | None
    request_reference: str | None
    cancelled: bool
    version: int
    # The answer promised to the person: a date, or an instant for an hour delay.
    request_due: date | datetime | None = None


def checked_draft(draft: ContactDraft) -> ContactDraft:
    """The draft with its text cleaned and phone/e-mail normalised, or a UserError."""
    notes = draft.notes.strip()
    if len(notes) > MAX_NOTES_LENGTH:
        raise UserError(
            f"La note est trop longue ({len(notes)} caractères, {MAX_NOTES_LENGTH} au plus)."
        )
    if "\x00" in notes:
        raise UserError("La note contient des caractères de contrôle : retirez-les.")
    refuse_unreadable(notes, field="La note")
    cleaned = replace(
        draft,
        person_name=clean_text(draft.person_name, field="Le nom de la personne"),
        person_phone=parse_phone(draft.person_phone) if draft.person_phone.strip() else "",
        person_email=parse_email(draft.person_email) if draft.person_email.strip() else "",
        redirected_to=clean_text(draft.redirected_to, field="L'orientation"),
        notes=notes,
        satisfaction_comment=checked_comment(draft.satisfaction_comment)
        if draft.satisfaction
        else "",
        callback_promised=draft.callback_promised
        or draft.outcome is ContactOutcome.CALLBACK_PROMISED,
    )
    _check_consistency(cleaned)
    return cleaned


def _check_consistency(draft: ContactDraft) -> None:
    if draft.outcome.is_unanswered_call and draft.channel is not Channel.PHONE:
        raise UserError("Un appel manqué ou abandonné se note sur le canal Téléphone.")
    if draft.outcome is ContactOutcome.REDIRECTED and not draft.redirected_to:
        raise UserError("Indiquez vers quel service ou partenaire la personne est orientée.")
    if draft.outcome is ContactOutcome.REQUEST_OPENED and draft.request_kind_id is None:
        raise UserError("Choisissez le type de demande à enregistrer.")
    if draft.satisfaction and draft.outcome.is_unanswered_call:
        raise UserError("Un appel manqué ou abandonné ne reçoit pas d'avis de satisfaction.")
    if draft.arrived_at and draft.called_at and draft.called_at < draft.arrived_at:
        raise UserError("L'heure d'appel de la personne précède son heure d'arrivée.")
    if draft.duration_seconds is not None and not (
        0 <= draft.duration_seconds <= MAX_DURATION.total_seconds()
    ):
        raise UserError("La durée du contact doit être comprise entre 0 et 8 heures.")
