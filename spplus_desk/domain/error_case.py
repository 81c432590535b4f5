"""The right to error (droit à l'erreur, CRPA L123-1 and L123-2): the law's conditions as
rules, and the checks a case must pass before it is recorded.

A person who breaches a rule for the first time, in good faith, is not sanctioned if
they regularise, spontaneously or within the time the service gives them. Late
declarations, repeats, bad faith, fraud and the exclusions of L123-2 are not covered:
``eligibility`` says which condition fails, in plain French, so a service applies the
law the same way at every desk.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_text, refuse_unreadable

# The kind of request that carries an invited regularisation's deadline, so the deadline
# engine, the board and the overdue list follow it like any promised answer. It is made
# on first use, with this id, and never offered at the counter or in the catalogue.
REGULARISATION_KIND_ID = uuid.UUID("0195f0e0-0000-7000-8000-00000000e44e")
REGULARISATION_KIND_LABEL = "Régularisation demandée (droit à l'erreur)"
DEFAULT_REGULARISATION_DELAY = "30 jours calendaires"
MAX_NOTES = 2000
MAX_REASON = 500
MAX_AMOUNT_CENTS = 100_000_000_000  # a billion euros: anything above is a typing slip


class ErrorNature(StrEnum):
    OMISSION = "omission"
    MATERIAL_ERROR = "material_error"
    INACCURATE_DECLARATION = "inaccurate_declaration"
    MISSING_DOCUMENT = "missing_document"
    LATE_DECLARATION = "late_declaration"

    @property
    def covered(self) -> bool:
        """A late declaration is no error in a declaration: the law leaves it out."""
        return self is not ErrorNature.LATE_DECLARATION


class DiscoveredBy(StrEnum):
    PERSON = "person"
    SERVICE = "service"


class Exclusion(StrEnum):
    """What L123-2 and the law's exceptions leave outside the right to error."""

    FRAUD = "fraud"
    PROTECTED_INTERESTS = "protected_interests"  # health, safety, environment
    EUROPEAN_LAW = "european_law"
    CONTRACT = "contract"
    PROFESSION_REGULATOR = "profession_regulator"


class Regularisation(StrEnum):
    SPONTANEOUS = "spontaneous"
    INVITED = "invited"


class CaseOutcome(StrEnum):
    PENDING = "pending"  # the regularisation is awaited or the decision not taken yet
    NO_SANCTION = "no_sanction"
    SANCTION_WAIVED = "sanction_waived"
    SANCTION_MAINTAINED = "sanction_maintained"
    NOT_ELIGIBLE = "not_eligible"


NATURE_LABELS: dict[ErrorNature, str] = {
    ErrorNature.OMISSION: "Omission",
    ErrorNature.MATERIAL_ERROR: "Erreur matérielle",
    ErrorNature.INACCURATE_DECLARATION: "Déclaration inexacte",
    ErrorNature.MISSING_DOCUMENT: "Pièce manquante",
    ErrorNature.LATE_DECLARATION: "Retard de déclaration (non couvert)",
}
DISCOVERED_BY_LABELS: dict[DiscoveredBy, str] = {
    DiscoveredBy.PERSON: "Par la personne",
    DiscoveredBy.SERVICE: "Par le service",
}
EXCLUSION_LABELS: dict[Exclusion, str] = {
    Exclusion.FRAUD: "Fraude",
    Exclusion.PROTECTED_INTERESTS: (
        "Santé publique, sécurité des personnes et des biens ou environnement"
    ),
    Exclusion.EUROPEAN_LAW: "Sanction prévue par le droit de l'Union européenne",
    Exclusion.CONTRACT: "Sanction prévue par un contrat",
    Exclusion.PROFESSION_REGULATOR: "Sanction d'un régulateur d'une profession",
}
REGULARISATION_LABELS: dict[Regularisation, str] = {
    Regularisation.SPONTANEOUS: "Spontanée",
    Regularisation.INVITED: "Sur invitation du service",
}
OUTCOME_LABELS: dict[CaseOutcome, str] = {
    CaseOutcome.PENDING: "En attente",
    CaseOutcome.NO_SANCTION: "Aucune sanction",
    CaseOutcome.SANCTION_WAIVED: "Sanction écartée",
    CaseOutcome.SANCTION_MAINTAINED: "Sanction maintenue",
    CaseOutcome.NOT_ELIGIBLE: "Non éligible",
}

_LAW = "(CRPA, art. L123-1)"
_EXCLUDED = "(CRPA, art. L123-2)"
_WHY_NOT: dict[Exclusion, str] = {
    Exclusion.FRAUD: f"Il y a fraude : le droit à l'erreur ne la couvre jamais {_LAW}.",
    Exclusion.PROTECTED_INTERESTS: (
        "La règle protège la santé publique, la sécurité des personnes et des biens ou "
        f"l'environnement : le droit à l'erreur ne s'applique pas {_EXCLUDED}."
    ),
    Exclusion.EUROPEAN_LAW: (
        "La sanction est imposée par le droit de l'Union européenne : le droit à l'erreur "
        f"ne peut pas l'écarter {_EXCLUDED}."
    ),
    Exclusion.CONTRACT: (
        "La sanction est prévue par un contrat : le droit à l'erreur ne s'applique pas "
        f"{_EXCLUDED}."
    ),
    Exclusion.PROFESSION_REGULATOR: (
        "La sanction relève d'une autorité de régulation d'une profession : le droit à "
        f"l'erreur ne s'applique pas {_EXCLUDED}."
    ),
}


@dataclass(frozen=True, slots=True)
class Checklist:
    """The law's conditions, as the agent answers them."""

    nature: ErrorNature
    first_time: bool
    good_faith: bool
    exclusions: frozenset[Exclusion] = frozenset()


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # why not, one plain French sentence per failed condition

    @property
    def text(self) -> str:
        if self.eligible:
            return "Éligible : toutes les conditions du droit à l'erreur sont remplies."
        return "Non éligible. " + " ".join(self.reasons)


def eligibility(checklist: Checklist) -> Eligibility:
    """Which of the law's conditions fail, each with the reason in plain French."""
    reasons: list[str] = []
    if not checklist.nature.covered:
        reasons.append(
            "Une déclaration faite en retard n'est pas une erreur de déclaration : "
            f"le droit à l'erreur ne la couvre pas {_LAW}."
        )
    if not checklist.first_time:
        reasons.append(
            "Ce n'est pas la première fois : le droit à l'erreur ne vaut que pour une "
            f"première méconnaissance de la règle {_LAW}."
        )
    if not checklist.good_faith:
        reasons.append(
            "La mauvaise foi est établie par le service : le droit à l'erreur suppose la "
            f"bonne foi {_LAW}."
        )
    reasons.extend(
        _WHY_NOT[exclusion] for exclusion in Exclusion if exclusion in checklist.exclusions
    )
    return Eligibility(not reasons, tuple(reasons))


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    """Who made the error, as far as the person told: all optional (anonymous is normal)."""

    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def identified(self) -> bool:
        return bool(self.name or self.phone or self.email)


@dataclass(frozen=True, slots=True)
class CaseDraft:
    """What the case form holds. The origin (contact or request) is kept when the form
    was opened from one; the invitation's deadline is given as a delay the engine counts
    from ``invited_on``."""

    procedure_id: uuid.UUID | None
    nature: ErrorNature
    channel: Channel
    error_on: date | None
    discovered_on: date
    discovered_by: DiscoveredBy
    checklist_first_time: bool
    checklist_good_faith: bool
    exclusions: frozenset[Exclusion]
    regularisation: Regularisation | None
    invited_on: date | None
    regularisation_delay: Delay | None
    regularised_on: date | None
    outcome: CaseOutcome
    outcome_reason: str = ""
    amount_cents: int | None = None
    person: PersonIdentity = PersonIdentity()
    notes: str = ""
    contact_id: uuid.UUID | None = None
    request_id: uuid.UUID | None = None

    @property
    def checklist(self) -> Checklist:
        return Checklist(
            self.nature, self.checklist_first_time, self.checklist_good_faith, self.exclusions
        )


def checked_case(draft: CaseDraft, today: date) -> CaseDraft:
    """The draft with its texts cleaned, or a UserError saying what to fix. A case that
    the law does not cover is recorded as « non éligible » whatever outcome was chosen."""
    if draft.procedure_id is None:
        raise UserError("Choisissez la démarche concernée par l'erreur.")
    _check_dates(draft, today)
    _check_regularisation(draft)
    outcome = draft.outcome
    if not eligibility(draft.checklist).eligible:
        outcome = CaseOutcome.NOT_ELIGIBLE
    elif outcome is CaseOutcome.NOT_ELIGIBLE:
        raise UserError(
            "Toutes les conditions du droit à l'erreur sont remplies : le cas est éligible. "
            "Choisissez une autre issue, ou cochez la condition qui n'est pas remplie."
        )
    reason = clean_text(draft.outcome_reason, field="Le motif", max_length=MAX_REASON)
    if outcome is CaseOutcome.SANCTION_MAINTAINED and not reason:
        raise UserError("Dites pourquoi la sanction est maintenue (motif obligatoire).")
    if outcome in (CaseOutcome.NO_SANCTION, CaseOutcome.SANCTION_WAIVED) and (
        draft.regularised_on is None
    ):
        raise UserError(
            "Le droit à l'erreur suppose que la personne régularise : indiquez la date de "
            "la régularisation, ou laissez l'issue « En attente »."
        )
    if draft.amount_cents is not None and not 0 <= draft.amount_cents <= MAX_AMOUNT_CENTS:
        raise UserError("Le montant en jeu doit être positif et raisonnable.")
    notes = draft.notes.strip()
    if "\x00" in notes:  # PostgreSQL refuses it in text; nobody types it on purpose
        raise UserError("Les notes contiennent des caractères de contrôle : retirez-les.")
    refuse_unreadable(notes, field="Les notes")
    if len(notes) > MAX_NOTES:
        raise UserError(
            f"Les notes sont trop longues ({len(notes)} caractères, {MAX_NOTES} au plus)."
        )
    phone, email = draft.person.phone.strip(), draft.person.email.strip()
    person = PersonIdentity(
        clean_text(draft.person.name, field="Le nom"),
        parse_phone(phone) if phone else "",
        parse_email(email) if email else "",
    )
    return replace(draft, outcome=outcome, outcome_reason=reason, notes=notes, person=person)


def _check_dates(draft: CaseDraft, today: date) -> None:
    if draft.discovered_on > today:
        raise UserError("La date de découverte de l'erreur ne peut pas être dans le futur.")
    if draft.error_on is not None and draft.error_on > draft.discovered_on:
        raise UserError(
            "L'erreur ne peut pas avoir été commise après sa découverte : vérifiez les dates."
        )
    if draft.regularised_on is not None:
        if draft.regularised_on > today:
            raise UserError("La date de régularisation ne peut pas être dans le futur.")
        first = draft.error_on or draft.discovered_on
        if draft.regularised_on < first:
            raise UserError("La régularisation ne peut pas précéder l'erreur : vérifiez les dates.")
    if draft.invited_on is not None:
        if draft.invited_on > today:
            raise UserError("La date de l'invitation à régulariser ne peut pas être dans le futur.")
        if draft.invited_on < draft.discovered_on:
            raise UserError(
                "L'invitation à régulariser ne peut pas précéder la découverte de l'erreur."
            )
        if draft.regularised_on is not None and draft.regularised_on < draft.invited_on:
            raise UserError(
                "La régularisation précède l'invitation du service : elle a été spontanée. "
                "Choisissez « Spontanée », ou corrigez les dates."
            )


def _check_regularisation(draft: CaseDraft) -> None:
    invited = draft.regularisation is Regularisation.INVITED
    if invited and (draft.invited_on is None or draft.regularisation_delay is None):
        raise UserError(
            "Une régularisation sur invitation a un délai : indiquez la date de l'invitation "
            "et le délai donné à la personne (par exemple « 30 jours calendaires »)."
        )
    if not invited and (draft.invited_on is not None or draft.regularisation_delay is not None):
        raise UserError("Un délai de régularisation ne se donne que sur invitation du service.")
    if draft.regularised_on is not None and draft.regularisation is None:
        raise UserError(
            "Dites si la régularisation a été spontanée ou faite sur invitation du service."
        )


# At most 12 digits of euros: a longer figure is a slip (and Python refuses to convert
# more than 4,300 digits, which a paste could give).
_AMOUNT = re.compile(r"(\d{1,12})(?:[.,](\d{1,2}))?")


def parse_amount(text: str) -> int | None:
    """'1 250,50 €', '1250.5', '300' -> cents; '' -> None; anything else is refused."""
    plain = re.sub(r"[\s\u00a0\u202f€]|euros?|eur", "", text.strip(), flags=re.IGNORECASE)
    if not plain:
        return None
    found = _AMOUNT.fullmatch(plain)
    if found is None:
        raise UserError(
            f"Montant non reconnu : « {text.strip()} ». Attendu : un nombre d'euros, "
            "par exemple « 150 » ou « 1 250,50 »."
        )
    euros, cents = found.groups()
    return int(euros) * 100 + int((cents or "0").ljust(2, "0"))


def amount_text(cents: int) -> str:
    """12345 -> '123,45 €', 30000 -> '300 €' (French spacing)."""
    euros, rest = divmod(cents, 100)
    whole = f"{euros:,}".replace(",", "\u202f")
    return f"{whole}\u00a0€" if rest == 0 else f"{whole},{rest:02d}\u00a0€"


@dataclass(frozen=True, slots=True)
class RegularisationFollowUp:
    """The invited regularisation's deadline, as the request engine follows it."""

    reference: str
    due_date: date | None
    late: bool
    done: bool


@dataclass(frozen=True, slots=True)
class ErrorCaseRecord:
    """A case as the form and the register show it."""

    id: uuid.UUID
    recorded_at: datetime
    agent_id: uuid.UUID
    agent: str
    procedure: str
    draft: CaseDraft
    eligibility: Eligibility
    follow_up: RegularisationFollowUp | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    version: int

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None
