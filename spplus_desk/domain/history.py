"""The history of a contact in French: audit entries turned into sentences.

Audit entries keep the before and after of what changed as plain JSON (codes, ids,
ISO instants). This module words them for the person reading the contact's history:
"Motif : « État civil » → « Urbanisme »", "Contact annulé : doublon". Ids of motifs and
kinds of request are named through ``names`` (id text -> label), read by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, Need, RequestStatus, Satisfaction
from spplus_desk.domain.formatting import clock_text
from spplus_desk.domain.labels import (
    CHANNEL_LABELS,
    NEED_LABELS,
    OUTCOME_LABELS,
    REQUEST_STATUS_LABELS,
    SATISFACTION_LABELS,
)
from spplus_desk.domain.service import WEEKDAY_NAMES

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NOT_GIVEN = "non communiqué"  # the person's identity: anonymous is normal
NOT_FILLED = "non renseigné"
NOTE_EXCERPT = 80

# The words of the contact form, for each stored field a correction may change.
FIELD_LABELS: dict[str, str] = {
    "channel": "Canal",
    "motif_id": "Motif",
    "outcome": "Suite donnée",
    "redirected_to": "Orienté vers",
    "person_name": "Nom de la personne",
    "person_phone": "Téléphone de la personne",
    "person_email": "Courriel de la personne",
    "needs": "Besoins particuliers",
    "arrived_at": "Arrivée",
    "called_at": "Appel de la personne",
    "duration_seconds": "Durée",
    "notes": "Note",
    "callback_promised": "Rappel promis",
    "satisfaction": "Satisfaction",
    "satisfaction_comment": "Commentaire de la personne",
    "cancelled_at": "Annulé le",
    "cancel_reason": "Motif d'annulation",
    "kind_id": "Type de demande",
    "status": "État",
    "due_date": "Échéance",
    "ack_due_date": "Accusé de réception à envoyer avant le",
}
_PERSON_FIELDS = frozenset({"person_name", "person_phone", "person_email"})
_ID_FIELDS = frozenset({"motif_id", "kind_id"})


def moment_text(instant: datetime, zone: ZoneInfo) -> str:
    """'4 mai 2027 à 11 h 30' in the service's time zone."""
    return f"{day_text(instant.astimezone(zone).date())} à {time_text(instant, zone)}"


def time_text(instant: datetime, zone: ZoneInfo) -> str:
    """'11 h 30': a time of day in the service's time zone."""
    local = instant.astimezone(zone)
    return f"{local.hour}\u00a0h\u00a0{local.minute:02d}"


def day_text(day: date) -> str:
    """'4 mai 2027' ('1er mai 2027' on the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def duration_text(seconds: int) -> str:
    """'45 s', '6 min', '1 h 05'."""
    if seconds < 60:
        return f"{seconds}\u00a0s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}\u00a0min"
    return f"{minutes // 60}\u00a0h\u00a0{minutes % 60:02d}"


def waiting_text(arrived_at: datetime | None, called_at: datetime | None) -> str:
    """The measured wait at the counter, or 'non mesurée'."""
    if arrived_at is None or called_at is None:
        return "non mesurée"
    return duration_text(max(0, int((called_at - arrived_at) / timedelta(seconds=1))))


def needs_text(needs: Need) -> str:
    labels = [label for need, label in NEED_LABELS.items() if need in needs]
    return ", ".join(labels) if labels else "aucun"


def value_text(field: str, value: Any, names: Mapping[str, str], zone: ZoneInfo) -> str:
    """One stored value as the contact form shows it."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or value == "":
        if field == "satisfaction":
            return "non demandée"
        return NOT_GIVEN if field in _PERSON_FIELDS else NOT_FILLED
    if field in _ID_FIELDS:
        return _quoted(names.get(str(value), "entrée inconnue"))
    if field == "channel":
        return _quoted(CHANNEL_LABELS[Channel(value)])
    if field == "outcome":
        return _quoted(OUTCOME_LABELS[ContactOutcome(value)])
    if field == "status":
        return _quoted(REQUEST_STATUS_LABELS[RequestStatus(value)])
    if field == "needs":
        return needs_text(Need(int(value)))
    if field == "satisfaction":
        return _quoted(SATISFACTION_LABELS[Satisfaction(value)])
    if field == "duration_seconds":
        return duration_text(int(value))
    if field.endswith("_at"):
        return moment_text(datetime.fromisoformat(str(value)), zone)
    if field.endswith("_date"):
        return day_text(date.fromisoformat(str(value)))
    text = " ".join(str(value).split())
    if len(text) > NOTE_EXCERPT:
        text = text[: NOTE_EXCERPT - 1].rstrip() + "…"
    return _quoted(text)


def change_lines(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    names: Mapping[str, str],
    zone: ZoneInfo,
) -> list[str]:
    """'Motif : « État civil » → « Urbanisme »' for each field whose value changed."""
    old, new = before or {}, after or {}
    lines = []
    for field in FIELD_LABELS:
        if field not in old and field not in new:
            continue
        if old.get(field) == new.get(field):
            continue
        was = value_text(field, old.get(field), names, zone)
        now = value_text(field, new.get(field), names, zone)
        lines.append(f"{FIELD_LABELS[field]} : {was} → {now}")
    return lines


def describe_entry(
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    names: Mapping[str, str],
    zone: ZoneInfo,
) -> str:
    """The sentence shown in the history; changed fields follow, one per line."""
    old, new = before or {}, after or {}
    reference = new.get("reference") or old.get("reference")
    request = f"Demande {reference}" if reference else "Demande"
    if action == "contact.created":
        opened = new.get("request")
        return f"Contact enregistré ; demande {opened} ouverte" if opened else "Contact enregistré"
    if action == "contact.undone":
        return "Saisie retirée par son auteur dans les 5 minutes"
    if action == "contact.cancelled":
        return f"Contact annulé : {new.get('cancel_reason') or NOT_FILLED}"
    if action == "request.cancelled":
        return f"{request} annulée : {new.get('reason') or NOT_FILLED}"
    if action == "request.opened":
        kind = value_text("kind_id", new.get("kind_id"), names, zone)
        due = new.get("due_date")
        deadline = f", échéance le {value_text('due_date', due, names, zone)}" if due else ""
        return f"{request} ouverte : {kind}{deadline}"
    if action == "contact.corrected":
        title = "Contact corrigé"
    elif action == "contact.satisfaction":
        title = "Satisfaction notée"
    elif action == "request.corrected":
        title = f"{request} corrigée"
    elif action.startswith("request."):
        title = f"{request} modifiée"
    else:
        title = f"Modification enregistrée ({action})"
    return "\n".join([title, *change_lines(old, new, names, zone)])


def _quoted(text: str) -> str:
    return f"« {text} »"


def saved_text(record: ContactRecord, draft: ContactDraft, zone: ZoneInfo) -> str:
    """The line confirming a save at the counter: '✓ Enregistré à 09 h 48 : Accueil
    physique, demande enregistrée — demande n° 2027-000001, réponse promise au plus tard
    le mercredi 12 mai 2027.' (what the agent tells the person)."""
    local = record.recorded_at.astimezone(zone)
    what = OUTCOME_LABELS[draft.outcome].lower()
    if draft.outcome is ContactOutcome.REDIRECTED:
        what = f"orienté vers {draft.redirected_to}"  # the partner keeps its capitals
    elif draft.callback_promised and draft.outcome.is_unanswered_call:
        what += ", rappel promis"
    text = (
        f"✓ Enregistré à {clock_text(local.hour, local.minute)}\u00a0: "
        f"{CHANNEL_LABELS[draft.channel]}, {what}"
    )
    if record.request_reference:
        text += f" — demande n° {record.request_reference}"
    if isinstance(record.request_due, datetime):
        text += f", réponse promise au plus tard le {moment_text(record.request_due, zone)}"
    elif record.request_due is not None:
        weekday = WEEKDAY_NAMES[record.request_due.weekday()]
        text += f", réponse promise au plus tard le {weekday} {day_text(record.request_due)}"
    return text + "."


def undone_text(record: ContactRecord, zone: ZoneInfo) -> str:
    local = record.occurred_at.astimezone(zone)
    return (
        f"↶ Contact de {clock_text(local.hour, local.minute)} retiré du journal "
        "(l'historique le garde)."
    )
