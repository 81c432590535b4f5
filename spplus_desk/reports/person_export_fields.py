"""The right of access's content, field by field: each record as a list of fields with
a stable key (the JSON's), a French label and text (the PDF's) and a plain value (the
JSON's: dates in ISO 8601, codes by their French label, empty as null).

Both files are made from these very fields, so they hold the same content, and every
field of a record is there, empty ones included (« — »): the person sees what the
service could have held and did not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from spplus_desk.domain.documents import IMPLICIT_DECISION_LABELS
from spplus_desk.domain.enums import Need
from spplus_desk.domain.error_case import (
    DISCOVERED_BY_LABELS,
    EXCLUSION_LABELS,
    NATURE_LABELS,
    REGULARISATION_LABELS,
    amount_text,
)
from spplus_desk.domain.error_case import OUTCOME_LABELS as CASE_OUTCOME_LABELS
from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
)
from spplus_desk.domain.history import FIELD_LABELS, day_text, duration_text, moment_text
from spplus_desk.domain.labels import (
    CHANNEL_LABELS,
    NEED_LABELS,
    OUTCOME_LABELS,
    REQUEST_EVENT_LABELS,
    REQUEST_STATUS_LABELS,
    SATISFACTION_LABELS,
)
from spplus_desk.domain.person_export import (
    HeldContact,
    HeldErrorCase,
    HeldFeedback,
    PersonExport,
)
from spplus_desk.domain.request_case import RequestCase, TimelineEntry

EMPTY = "—"
YES, NO = "Oui", "Non"


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # the JSON's, stable
    label: str  # French
    text: str  # French, as printed; EMPTY when there is nothing
    value: Any  # as the JSON holds it; None when there is nothing


@dataclass(frozen=True, slots=True)
class Item:
    """One record: its title, its fields, and (a request) the events of its history."""

    title: str
    fields: tuple[Field, ...]
    history: tuple[tuple[Field, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # the JSON's: "contacts", "requests", "error_cases", "feedback"
    title: str
    items: tuple[Item, ...]


HISTORY_LABELS = ("Date", "Événement", "Motif", "Agent", "Attribuée à")


def sections(export: PersonExport) -> tuple[Section, ...]:
    zone = ZoneInfo(export.service.time_zone)
    return (
        Section(
            "contacts",
            "Vos contacts avec le service",
            tuple(_contact(c, zone) for c in export.contacts),
        ),
        Section("requests", "Vos demandes", tuple(_request(r, zone) for r in export.requests)),
        Section(
            "error_cases",
            "Vos dossiers au titre du droit à l'erreur",
            tuple(_case(c, zone) for c in export.error_cases),
        ),
        Section(
            "feedback",
            "Vos réclamations, suggestions et remerciements",
            tuple(_feedback(f, zone) for f in export.feedback),
        ),
    )


# -- one field -----------------------------------------------------------------------------


def text_field(key: str, label: str, value: str | None) -> Field:
    cleaned = (value or "").strip()
    return Field(key, label, cleaned or EMPTY, cleaned or None)


def moment_field(key: str, label: str, value: datetime | None, zone: ZoneInfo) -> Field:
    if value is None:
        return Field(key, label, EMPTY, None)
    return Field(key, label, moment_text(value, zone), value.astimezone(zone).isoformat())


def day_field(key: str, label: str, value: date | None) -> Field:
    if value is None:
        return Field(key, label, EMPTY, None)
    return Field(key, label, day_text(value), value.isoformat())


def flag_field(key: str, label: str, value: bool) -> Field:
    return Field(key, label, YES if value else NO, value)


def list_field(key: str, label: str, values: Iterable[str], none: str = EMPTY) -> Field:
    listed = list(values)
    return Field(key, label, ", ".join(listed) or none, listed)


# -- one record ----------------------------------------------------------------------------


def _contact(contact: HeldContact, zone: ZoneInfo) -> Item:
    cancelled = " (annulé)" if contact.cancelled_at else ""
    channel = CHANNEL_LABELS[contact.channel]
    label = FIELD_LABELS.get
    duration = contact.duration_seconds
    fields = (
        moment_field("occurred_at", "Date et heure", contact.occurred_at, zone),
        text_field("channel", label("channel", ""), channel),
        text_field("motif", label("motif_id", ""), contact.motif),
        text_field("outcome", label("outcome", ""), OUTCOME_LABELS[contact.outcome]),
        text_field("redirected_to", label("redirected_to", ""), contact.redirected_to),
        list_field("requests", "Demande ouverte", contact.requests),
        text_field("person_name", label("person_name", ""), contact.person_name),
        text_field("person_phone", label("person_phone", ""), contact.person_phone),
        text_field("person_email", label("person_email", ""), contact.person_email),
        list_field(
            "needs", label("needs", ""), (NEED_LABELS[n] for n in Need if n and n in contact.needs)
        ),
        moment_field("arrived_at", label("arrived_at", ""), contact.arrived_at, zone),
        moment_field("called_at", label("called_at", ""), contact.called_at, zone),
        Field(
            "duration_seconds",
            label("duration_seconds", ""),
            duration_text(duration) if duration is not None else EMPTY,
            duration,
        ),
        text_field("notes", "Note de l'agent", contact.notes),
        flag_field("callback_promised", label("callback_promised", ""), contact.callback_promised),
        text_field(
            "satisfaction",
            label("satisfaction", ""),
            SATISFACTION_LABELS[contact.satisfaction] if contact.satisfaction else None,
        ),
        text_field(
            "satisfaction_comment", label("satisfaction_comment", ""), contact.satisfaction_comment
        ),
        text_field("agent", "Agent", contact.agent),
        moment_field("recorded_at", "Enregistré le", contact.recorded_at, zone),
        moment_field("cancelled_at", "Annulé le", contact.cancelled_at, zone),
        text_field("cancel_reason", "Motif d'annulation", contact.cancel_reason),
    )
    title = f"Contact du {moment_text(contact.occurred_at, zone)} — {channel}{cancelled}"
    return Item(title, fields)


def _request(case: RequestCase, zone: ZoneInfo) -> Item:
    due = (
        moment_field("due", "Échéance", case.due_at, zone)
        if case.in_hours
        else day_field("due", "Échéance", case.due_date)
    )
    fields = (
        text_field("reference", "Référence", case.reference),
        text_field("kind", "Type de demande", case.kind),
        text_field("channel", "Canal", CHANNEL_LABELS[case.channel]),
        moment_field("received_at", "Reçue le", case.received_at, zone),
        text_field("person", "Personne", case.person),
        text_field("delay", "Délai annoncé", case.delay),
        due,
        text_field("status", "État", REQUEST_STATUS_LABELS[case.status]),
        day_field("ack_due_date", "Accusé de réception à envoyer avant le", case.ack_due_date),
        moment_field(
            "acknowledged_at", "Accusé de réception envoyé le", case.acknowledged_at, zone
        ),
        moment_field("answered_at", "Réponse apportée le", case.answered_at, zone),
        text_field("assignee", "Agent chargé de la demande", case.assignee),
        text_field(
            "implicit_decision",
            "Décision implicite",
            IMPLICIT_DECISION_LABELS[case.implicit_decision],
        ),
    )
    history = tuple(_event(entry, zone) for entry in case.timeline)
    return Item(f"Demande {case.reference} — {case.kind}", fields, history)


def _event(entry: TimelineEntry, zone: ZoneInfo) -> tuple[Field, ...]:
    date_label, event_label, reason_label, agent_label, assignee_label = HISTORY_LABELS
    return (
        moment_field("at", date_label, entry.at, zone),
        text_field("event", event_label, REQUEST_EVENT_LABELS[entry.type]),
        text_field("reason", reason_label, entry.reason),
        text_field("agent", agent_label, entry.actor),
        text_field("assignee", assignee_label, entry.assignee),
    )


def _case(case: HeldErrorCase, zone: ZoneInfo) -> Item:
    amount = case.amount_cents
    fields = (
        day_field("discovered_on", "Erreur découverte le", case.discovered_on),
        text_field("discovered_by", "Découverte", DISCOVERED_BY_LABELS[case.discovered_by]),
        text_field("channel", "Canal", CHANNEL_LABELS[case.channel]),
        text_field("procedure", "Démarche", case.procedure),
        text_field("nature", "Nature de l'erreur", NATURE_LABELS[case.nature]),
        day_field("error_on", "Date de l'erreur", case.error_on),
        flag_field("first_time", "Première fois", case.first_time),
        flag_field("good_faith", "Bonne foi", case.good_faith),
        list_field(
            "exclusions",
            "Exclusions (CRPA, art. L123-2)",
            (EXCLUSION_LABELS[e] for e in case.exclusions),
            none="Aucune",
        ),
        flag_field("eligible", "Droit à l'erreur applicable", case.eligible),
        text_field(
            "regularisation",
            "Régularisation",
            REGULARISATION_LABELS[case.regularisation] if case.regularisation else None,
        ),
        day_field("invited_on", "Invitation à régulariser le", case.invited_on),
        text_field("regularisation_delay", "Délai accordé", case.regularisation_delay),
        text_field("follow_up", "Échéance suivie (demande)", case.follow_up),
        day_field("regularised_on", "Régularisée le", case.regularised_on),
        text_field("outcome", "Issue", CASE_OUTCOME_LABELS[case.outcome]),
        text_field("outcome_reason", "Motif de l'issue", case.outcome_reason),
        Field(
            "amount_cents",
            "Montant en jeu",
            amount_text(amount) if amount is not None else EMPTY,
            amount,
        ),
        text_field("person_name", "Nom de la personne", case.person_name),
        text_field("person_phone", "Téléphone de la personne", case.person_phone),
        text_field("person_email", "Courriel de la personne", case.person_email),
        text_field("notes", "Notes de l'agent", case.notes),
        text_field("agent", "Agent", case.agent),
        moment_field("recorded_at", "Enregistré le", case.recorded_at, zone),
        moment_field("cancelled_at", "Annulé le", case.cancelled_at, zone),
        text_field("cancel_reason", "Motif d'annulation", case.cancel_reason),
    )
    title = (
        f"Droit à l'erreur — {case.procedure}, erreur découverte le {day_text(case.discovered_on)}"
    )
    return Item(title + (" (annulé)" if case.cancelled_at else ""), fields)


def _feedback(entry: HeldFeedback, zone: ZoneInfo) -> Item:
    kind = FEEDBACK_KIND_LABELS[entry.kind]
    fields = (
        day_field("received_on", "Reçu le", entry.received_on),
        text_field("kind", "Nature", kind),
        text_field("channel", "Canal", CHANNEL_LABELS[entry.channel]),
        text_field("text", "Ce que vous nous avez dit", entry.text),
        text_field("person_name", "Nom de la personne", entry.person_name),
        text_field("person_phone", "Téléphone de la personne", entry.person_phone),
        text_field("person_email", "Courriel de la personne", entry.person_email),
        text_field("reply_delay", "Délai de réponse annoncé", entry.reply_delay),
        day_field("reply_due", "Réponse attendue le", entry.reply_due),
        text_field("status", "État", FEEDBACK_STATUS_LABELS[entry.status]),
        text_field("reply", "Réponse du service", entry.reply),
        day_field("replied_on", "Répondu le", entry.replied_on),
        text_field("close_reason", "Motif de classement", entry.close_reason),
        text_field("agent", "Agent", entry.agent),
        moment_field("recorded_at", "Enregistré le", entry.recorded_at, zone),
    )
    received = "reçu" if entry.kind is FeedbackKind.COMPLIMENT else "reçue"
    return Item(f"{kind} {received} le {day_text(entry.received_on)}", fields)
