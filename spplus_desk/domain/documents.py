"""What the printed documents say: the data of each poster and of the acknowledgement of
receipt, gathered by ``services.documents`` and laid out by ``reports``.

Every value comes from the settings that drive the app (the delays a poster announces are
the delays the deadline engine counts), so paper and screen never disagree.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import ImprovementRecord
from spplus_desk.domain.indicators import Indicators, Period
from spplus_desk.domain.journal import fold
from spplus_desk.domain.service import WEEKDAY_NAMES, OpeningHours, ServiceInfo
from spplus_desk.domain.validation import clean_long_text, clean_text

DEFAULT_IMPLICIT_MONTHS = 2  # CRPA L231-1: two months of silence, by default
MAX_IMPLICIT_MONTHS = 24
MAX_LOCAL_ENGAGEMENTS = 6
MAX_ENGAGEMENT_LENGTH = 200
MAX_APPOINTMENT_LENGTH = 300
BUSY_SLOTS = 3  # the busiest hours a poster names


class PaperSize(StrEnum):
    A4 = "A4"
    A3 = "A3"


class ImplicitDecision(StrEnum):
    """What the administration's silence means for a kind of request (CRPA L231-1 and
    its exceptions): not said yet (the receipt then claims nothing), nothing (an answer
    is owed, no decision is born), acceptance or rejection once the delay is over."""

    UNSET = "unset"
    NONE = "none"
    ACCEPTANCE = "acceptance"
    REJECTION = "rejection"

    @property
    def decides(self) -> bool:
        """Whether silence makes a decision, on a day its months give."""
        return self in (ImplicitDecision.ACCEPTANCE, ImplicitDecision.REJECTION)


IMPLICIT_DECISION_LABELS: dict[ImplicitDecision, str] = {
    ImplicitDecision.UNSET: "Non précisée",
    ImplicitDecision.NONE: "Pas de décision implicite",
    ImplicitDecision.ACCEPTANCE: "Acceptation implicite",
    ImplicitDecision.REJECTION: "Rejet implicite",
}


def implicit_decision_day(received: date, months: int) -> date:
    """The day the silence becomes a decision: the same day number ``months`` later,
    or the month's last day when it is shorter (received 31 December + 2 months: the last
    day of February)."""
    month_index = received.month - 1 + months
    year, month = received.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class PrintLook:
    """How the service's documents look: its logo and, if it is entitled to one, its own
    font (paths to TrueType files; empty: DejaVu Sans, shipped with the app)."""

    logo: bytes | None = None
    font_regular: str = ""
    font_bold: str = ""


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """What the service prints beyond its identity, as a lead or an admin sets it."""

    local_engagements: tuple[str, ...]
    appointment: str  # how to book an appointment, as the poster says it; "" : not said
    look: PrintLook
    version: int  # the service row's version: a stale save is refused


@dataclass(frozen=True, slots=True)
class AnnouncedDelay:
    """A kind of request and the delay the service announces for it."""

    label: str  # "Réponse à un courriel"
    delay: str  # "5 jours ouvrés"
    channels: tuple[Channel, ...]  # empty: every channel


@dataclass(frozen=True, slots=True)
class CommitmentsPoster:
    service: ServiceInfo
    referential_title: str
    engagements: tuple[str, ...]  # the referential's, word for word
    local_engagements: tuple[str, ...]
    delays: tuple[AnnouncedDelay, ...]
    acknowledgement: str  # the SP+ standard for written requests; "" : none taken
    busy_hours: tuple[str, ...]  # "le lundi de 9 h à 10 h", the busiest first
    appointment: str
    printed_on: date


@dataclass(frozen=True, slots=True)
class ResultsPoster:
    service: ServiceInfo
    indicators: Indicators
    hours: range | None  # the opening hours' span, for the busy-hours chart
    printed_on: date


@dataclass(frozen=True, slots=True)
class FeedbackPoster:
    service: ServiceInfo
    period: Period
    actions: tuple[ImprovementRecord, ...]  # done in the period, the latest first
    printed_on: date


@dataclass(frozen=True, slots=True)
class Receipt:
    """An acknowledgement of receipt (CRPA L112-3 and R112-5)."""

    service: ServiceInfo
    reference: str
    kind: str
    channel: Channel
    received_at: datetime  # in the service's time zone
    person: str  # "" : not known
    delay: str  # "5 jours ouvrés"
    due_date: date | None  # None while the clock waits for the person's documents
    due_at: datetime | None  # for delays in hours, in the service's time zone
    implicit: ImplicitDecision
    implicit_months: int
    implicit_on: date | None  # when the silence becomes a decision
    printed_on: date


def busy_hours_text(
    grid: Mapping[tuple[int, int], int], hours: OpeningHours, top: int = BUSY_SLOTS
) -> tuple[str, ...]:
    """The ``top`` busiest hours of the week while the service is open, in the week's
    order and joined when they follow each other ("le lundi de 9 h à 11 h", "le mardi de
    10 h à 11 h"); an hour with no contact is never named."""
    open_cells = [
        (count, weekday, hour)
        for (weekday, hour), count in grid.items()
        if count > 0 and _open_during(hours, weekday, hour)
    ]
    open_cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    ranges: list[list[int]] = []  # [weekday, first hour, hour after the last]
    for weekday, hour in sorted((day, hour) for _count, day, hour in open_cells[:top]):
        if ranges and ranges[-1][0] == weekday and ranges[-1][2] == hour:
            ranges[-1][2] = hour + 1
        else:
            ranges.append([weekday, hour, hour + 1])
    return tuple(
        f"le {WEEKDAY_NAMES[weekday]} de {first}\u00a0h à {end}\u00a0h"
        for weekday, first, end in ranges
    )


def _open_during(hours: OpeningHours, weekday: int, hour: int) -> bool:
    # An hour counts when the desk is open for part of it (8 h 30 – 12 h 00: 8 h to 11 h).
    return any(
        r.start.hour <= hour < r.end.hour + (1 if r.end.minute else 0) for r in hours.days[weekday]
    )


class DocumentKind(StrEnum):
    """The documents of the print centre."""

    COMMITMENTS = "commitments"
    RESULTS = "results"
    FEEDBACK = "feedback"
    RECEIPT = "receipt"
    LEAFLET = "leaflet"
    DAY_LIST = "day_list"
    REGISTER_ENTRY = "register_entry"  # the RGPD register of processing (issue 8)


DOCUMENT_TITLES: dict[DocumentKind, str] = {
    DocumentKind.COMMITMENTS: "Affiche des engagements",
    DocumentKind.RESULTS: "Affiche des résultats",
    DocumentKind.FEEDBACK: "Affiche « Vous nous avez dit… Nous avons fait… »",
    DocumentKind.RECEIPT: "Accusé de réception d'une demande",
    DocumentKind.LEAFLET: "Fiche d'information droit à l'erreur",
    DocumentKind.DAY_LIST: "Liste du jour des demandes",
    DocumentKind.REGISTER_ENTRY: "Fiche du registre des traitements (RGPD)",
}
# Posters come in A4 and A3; the others are A4 sheets.
SIZED_DOCUMENTS = frozenset({DocumentKind.COMMITMENTS, DocumentKind.RESULTS, DocumentKind.FEEDBACK})
PERIOD_DOCUMENTS = frozenset({DocumentKind.RESULTS, DocumentKind.FEEDBACK})


@dataclass(frozen=True, slots=True)
class DocumentOrder:
    """Which document to build, and for what: the print centre's and the CLI's choice."""

    kind: DocumentKind
    size: PaperSize = PaperSize.A4
    period: Period | None = None  # results and feedback: None, the last 12 full months
    reference: str = ""  # the receipt's request


@dataclass(frozen=True, slots=True)
class BuiltDocument:
    data: bytes  # the PDF
    title: str  # "Affiche des résultats — 1er janvier au 31 décembre 2026"
    file_name: str  # what a save dialog proposes: "affiche-resultats-2026-01-01-2026-12-31.pdf"
    warnings: tuple[str, ...] = ()  # what the person should know (a font given way)


ENGAGEMENT_FIELD = "Un engagement local"
APPOINTMENT_FIELD = "Le texte de prise de rendez-vous"  # « … est trop long »: masculine


def clean_local_engagements(lines: Sequence[str]) -> tuple[str, ...]:
    """The service's own engagements as typed: each trimmed, blank ones dropped, at most
    ``MAX_LOCAL_ENGAGEMENTS``, none twice (accents and case aside)."""
    kept = tuple(
        text
        for text in (
            clean_text(line, field=ENGAGEMENT_FIELD, max_length=MAX_ENGAGEMENT_LENGTH)
            for line in lines
        )
        if text
    )
    if len(kept) > MAX_LOCAL_ENGAGEMENTS:
        raise UserError(
            f"Un service affiche {MAX_LOCAL_ENGAGEMENTS} engagements locaux au plus "
            f"({len(kept)} saisis) : regroupez-en ou retirez-en."
        )
    seen: set[str] = set()
    for text in kept:
        key = fold(text)
        if key in seen:
            raise UserError(f"L'engagement « {text} » figure deux fois : retirez l'un des deux.")
        seen.add(key)
    return kept


def clean_appointment(text: str) -> str:
    return clean_long_text(text, field=APPOINTMENT_FIELD, max_length=MAX_APPOINTMENT_LENGTH)
