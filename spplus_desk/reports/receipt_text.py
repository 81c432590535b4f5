"""The words of the acknowledgement of receipt (CRPA L112-3 and R112-5): the date of
receipt, the promise and its due date, the implicit decision the silence would make and,
for a rejection, the means and delays of appeal.

Plain strings with ordinary spaces (``french`` adds the no-break ones when laid out);
the person's and the kind's words are the service's data, escaped by the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.documents import DEFAULT_IMPLICIT_MONTHS, ImplicitDecision, Receipt
from spplus_desk.domain.formatting import NBSP
from spplus_desk.domain.history import time_text

TITLE = "Accusé de réception"
SERVICE_HEADING = "Le service qui traite votre demande"
REQUEST_HEADING = "Votre demande"
GREETING = "Madame, Monsieur,"
DELAY_HEADING = "Délai de réponse"
INCOMPLETE = (
    "Si votre demande est incomplète, nous vous indiquerons les pièces manquantes et le "
    "délai pour les fournir (article\u00a0L114-5)."
)
DECISION_HEADING = "Décision implicite"
ANSWER_HEADING = "Notre réponse"
NO_DECISION = (
    "Cette demande n'appelle pas de décision implicite : nous vous répondrons par écrit.",
    "Vous pourrez contester notre réponse selon les voies et délais de recours qu'elle "
    "vous indiquera.",
)
WRITTEN_ANSWER = "Nous vous répondrons par écrit."
ATTESTATION = (
    "Vous pourrez alors obtenir, sur simple demande, une attestation de cette décision "
    "(article\u00a0L232-3)."
)
APPEAL_HEADING = "Voies et délais de recours"
APPEAL_INTRO = "Vous pourrez contester cette décision implicite de rejet :"
APPEALS = (
    "par un recours gracieux auprès de notre service, ou par un recours hiérarchique "
    "auprès de l'autorité dont il relève, dans les deux mois suivant la naissance de la "
    "décision implicite ;",
    "par un recours contentieux devant le tribunal administratif territorialement "
    "compétent, dans les deux mois suivant la naissance de la décision implicite ou, si "
    "vous avez d'abord formé un recours gracieux ou hiérarchique, suivant le rejet de ce "
    "recours (notre silence pendant deux mois sur ce recours vaut rejet).",
)
TELERECOURS = (
    "Le tribunal administratif peut aussi être saisi par l'application « Télérecours "
    "citoyens », sur le site www.telerecours.fr."
)
CLOSING = (
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
)
LEGAL_BASIS = (
    "Accusé de réception établi en application des articles L112-3 et R112-5 du code des "
    "relations entre le public et l'administration"
)


@dataclass(frozen=True, slots=True)
class Detail:
    """A line of the request's box: « Référence » / « 2027-0042 »."""

    label: str
    value: str


def tied(text: str) -> str:
    """``text`` on one line: a date is read whole, never « 12 » here and « mai » below."""
    return text.replace(" ", NBSP)


def day_words(day: date) -> str:
    """'mercredi 12 mai 2027', unbroken."""
    return tied(long_date(day))


def moment_words(day: date, hour: str) -> str:
    """'mardi 4 mai 2027 à 10 h 15', unbroken."""
    return tied(f"{long_date(day)} à {hour}")


def received_text(receipt: Receipt) -> str:
    """'mardi 4 mai 2027 à 10 h 15', in the service's time zone."""
    zone = ZoneInfo(receipt.service.time_zone)
    day = receipt.received_at.astimezone(zone).date()
    return moment_words(day, time_text(receipt.received_at, zone))


def opening(receipt: Receipt) -> str:
    return (
        f"Nous accusons réception de votre demande « {receipt.kind} », reçue le "
        f"{received_text(receipt)}. Elle est enregistrée sous la référence "
        f"{receipt.reference} : rappelez-la dans vos échanges avec nous."
    )


def promise(receipt: Receipt) -> str:
    """The delay and the day (and hour) the answer is due; while the clock waits for the
    person's documents, when it runs again."""
    # « 5 jours ouvrés »: the figure and its unit stay together.
    text = f"Nous nous engageons à vous répondre sous {receipt.delay.replace(' ', NBSP, 1)}"
    if receipt.due_at is not None:
        zone = ZoneInfo(receipt.service.time_zone)
        day = receipt.due_at.astimezone(zone).date()
        return f"{text}, soit avant le {moment_words(day, time_text(receipt.due_at, zone))}."
    if receipt.due_date is not None:
        return f"{text}, soit au plus tard le {day_words(receipt.due_date)}."
    return (
        f"{text}. Ce délai ne court pas tant que nous attendons les pièces que nous vous "
        "avons demandées : il court de nouveau dès leur réception, et nous vous indiquerons "
        "alors la date de notre réponse."
    )


def decision(receipt: Receipt) -> tuple[str, ...]:
    """What the administration's silence would mean, in the kind's own terms; nothing
    claimed when the service has not said it for this kind."""
    if receipt.implicit is ImplicitDecision.UNSET:
        return (WRITTEN_ANSWER,)
    if receipt.implicit is ImplicitDecision.NONE:
        return NO_DECISION
    months = f"{receipt.implicit_months}{NBSP}mois"
    if receipt.implicit_on is None:  # the silence's clock waits for the documents too
        when = (
            f"À défaut de réponse de notre part dans un délai de {months} à compter de la "
            "réception de votre dossier complet"
        )
    else:
        day = day_words(receipt.implicit_on)
        when = f"À défaut de réponse de notre part au {day} (délai de {months})"
    if receipt.implicit is ImplicitDecision.ACCEPTANCE:
        # L231-1 sets the two months; another delay comes from a decree (L231-6).
        basis = (
            f", article{NBSP}L231-1 du CRPA"
            if receipt.implicit_months == DEFAULT_IMPLICIT_MONTHS
            else ""
        )
        return (
            f"{when}, votre demande sera réputée acceptée (décision implicite "
            f"d'acceptation{basis}).",
            ATTESTATION,
        )
    return (f"{when}, votre demande sera réputée rejetée (décision implicite de rejet).",)


def request_details(receipt: Receipt, channel: str) -> tuple[Detail, ...]:
    """The box beside the service's address: what the request is and when it came."""
    details = [
        Detail("Référence", receipt.reference),
        Detail("Objet", receipt.kind),
        Detail("Canal", channel),
        Detail("Reçue le", received_text(receipt)),
    ]
    if receipt.person.strip():
        details.append(Detail("À l'attention de", receipt.person.strip()))
    return tuple(details)
