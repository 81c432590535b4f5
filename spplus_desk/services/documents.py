"""Every printed document, built from the service's own data: the posters (commitments,
results, « Vous nous avez dit… Nous avons fait… »), the acknowledgement of receipt of a
request, the right-to-error leaflet and the lead's day's list.

The values printed are those the app runs on: a poster's delays are the catalogue the
deadline engine counts, its figures the indicators of the dashboard. The screens and the
CLI both come here (they may not import ``reports``); building runs on a background
thread in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from spplus_desk.domain.documents import (
    DOCUMENT_TITLES,
    PERIOD_DOCUMENTS,
    SIZED_DOCUMENTS,
    AnnouncedDelay,
    BuiltDocument,
    CommitmentsPoster,
    DocumentKind,
    DocumentOrder,
    FeedbackPoster,
    ImplicitDecision,
    PaperSize,
    PrintLook,
    PrintSettings,
    Receipt,
    ResultsPoster,
    busy_hours_text,
    implicit_decision_day,
)
from spplus_desk.domain.enums import RequestEventType, RequestStatus
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import ImprovementStatus
from spplus_desk.domain.indicators import Period, last_full_months
from spplus_desk.domain.request_case import RequestCase
from spplus_desk.domain.service import ServiceInfo
from spplus_desk.reports.commitments_poster import commitments_poster_pdf
from spplus_desk.reports.day_list import day_list_pdf
from spplus_desk.reports.error_leaflet import leaflet_pdf
from spplus_desk.reports.feedback_poster import feedback_poster_pdf
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.indicator_charts_hours import opening_span
from spplus_desk.reports.processing_register import processing_register_pdf
from spplus_desk.reports.receipt import receipt_pdf
from spplus_desk.reports.results_poster import results_poster_pdf
from spplus_desk.services.desk import Desk
from spplus_desk.services.improvements import list_improvements
from spplus_desk.services.indicators import period_busy_hours, period_indicators
from spplus_desk.services.print_settings import get_print_settings
from spplus_desk.services.processing_register import register_entry
from spplus_desk.services.referential import load_referential
from spplus_desk.services.request_board import board_summary, day_list
from spplus_desk.services.request_kinds import acknowledgement_text, list_request_kinds
from spplus_desk.services.requests import find_request, request_case
from spplus_desk.services.setup import get_service
from spplus_desk.store.requests import NOT_CONFIGURED

# Engagement n° 1 of the SP+ referential promises the right to error: the leaflet quotes
# it word for word.
RIGHT_TO_ERROR_ENGAGEMENT = 0
# The day's list prints the most urgent requests of each section: a few pages a lead
# reads (a backlog of thousands is for the board and its exports, which list them all).
PRINTED_PER_SECTION = 100
FILE_STEMS: dict[DocumentKind, str] = {
    DocumentKind.COMMITMENTS: "affiche-engagements",
    DocumentKind.RESULTS: "affiche-resultats",
    DocumentKind.FEEDBACK: "affiche-vous-nous-avez-dit",
    DocumentKind.RECEIPT: "accuse-de-reception",
    DocumentKind.LEAFLET: "droit-a-l-erreur",
    DocumentKind.DAY_LIST: "liste-du-jour",
    DocumentKind.REGISTER_ENTRY: "registre-des-traitements",
}


def build_document(
    desk: Desk, order: DocumentOrder, *, at: datetime | None = None
) -> BuiltDocument:
    """The PDF ``order`` asks for, with its title and the file name to propose. A request
    that does not exist, a service not set up yet or a period not begun raise a
    ``UserError``; the service's own font, unreadable from this desk, gives way to DejaVu
    Sans with a warning (a receipt must print while the person waits)."""
    moment = at or desk.clock.now()
    service = _configured_service(desk)
    today = moment.astimezone(ZoneInfo(service.time_zone)).date()
    settings = get_print_settings(desk)
    look, warnings = _usable_look(settings.look)
    job = _Job(desk, service, settings, look, moment, today)
    kind = order.kind
    size = order.size if kind in SIZED_DOCUMENTS else PaperSize.A4
    title, stem = DOCUMENT_TITLES[kind], FILE_STEMS[kind]
    if kind in PERIOD_DOCUMENTS:
        period = _begun((order.period or last_full_months(today)).checked(), today)
        make = _results if kind is DocumentKind.RESULTS else _feedback
        data = make(job, period, size)
        title, stem = f"{title} — {period.text()}", _dated(stem, period, size)
    elif kind is DocumentKind.COMMITMENTS:
        data = _commitments(job, size)
        stem += f"-{size.value.lower()}"
    elif kind is DocumentKind.RECEIPT:
        receipt = _receipt(job, order.reference)
        data = receipt_pdf(receipt, look)
        warnings += _unsaid_decision(receipt)
        title, stem = f"{title} {receipt.reference}", f"{stem}-{receipt.reference}"
    elif kind is DocumentKind.LEAFLET:
        data = _leaflet(job)
    elif kind is DocumentKind.REGISTER_ENTRY:  # issue 8: the RGPD register's entry
        data = processing_register_pdf(register_entry(job.desk, job.today), job.look)
        stem += f"-{job.today.isoformat()}"
    else:
        data = _day_list(job)
        stem += f"-{today.isoformat()}"
    return BuiltDocument(data=data, title=title, file_name=f"{stem}.pdf", warnings=warnings)


@dataclass(frozen=True, slots=True)
class _Job:
    """What every document is built from: the service as it stands, at one moment."""

    desk: Desk
    service: ServiceInfo
    settings: PrintSettings
    look: PrintLook  # the settings' look, with a font this desk can read
    moment: datetime
    today: date  # the service's day


def _usable_look(look: PrintLook) -> tuple[PrintLook, tuple[str, ...]]:
    """The service's look, or the same with DejaVu Sans when its font cannot be read
    here (a file moved, a network share out of reach), and why."""
    if not (look.font_regular or look.font_bold):
        return look, ()
    try:
        fonts_for(look)
    except UserError as error:
        note = (
            f"{error.message} Le document est imprimé avec la police fournie (DejaVu Sans) ; "
            "un responsable peut corriger la police dans Gestion › Affiches et documents."
        )
        return replace(look, font_regular="", font_bold=""), (note,)
    return look, ()


def _unsaid_decision(receipt: Receipt) -> tuple[str, ...]:
    """An acknowledgement owes the implicit decision (R112-5; without it, the delays of
    appeal do not run: L112-6): the agent hears when the kind does not say it."""
    if receipt.implicit is not ImplicitDecision.UNSET:
        return ()
    return (
        f"Le type de demande « {receipt.kind} » ne précise pas la décision implicite : "
        "l'accusé de réception n'en dit rien (article R112-5). Un responsable peut la "
        "préciser dans Gestion › Types de demande et délais.",
    )


def _begun(period: Period, today: date) -> Period:
    if period.first_day > today:
        raise UserError(
            f"La période choisie commence le {period.first_day:%d/%m/%Y}, après aujourd'hui : "
            "il n'y a encore rien à afficher."
        )
    return period


def default_period(desk: Desk) -> Period:
    """The period a poster shows unless told: the 12 last full months."""
    service = _configured_service(desk)
    return last_full_months(desk.clock.now().astimezone(ZoneInfo(service.time_zone)).date())


def _dated(stem: str, period: Period, size: PaperSize) -> str:
    return (
        f"{stem}-{period.first_day.isoformat()}-{period.last_day.isoformat()}-{size.value.lower()}"
    )


def _configured_service(desk: Desk) -> ServiceInfo:
    service = get_service(desk)
    if service is None or not service.is_configured:
        raise UserError(NOT_CONFIGURED)
    return service


def _commitments(job: _Job, size: PaperSize) -> bytes:
    service, settings = job.service, job.settings
    referential = load_referential(service.referential)
    kinds = list_request_kinds(job.desk)
    written = {channel for kind in kinds for channel in kind.channels}
    acknowledgement = acknowledgement_text(written)
    busy = period_busy_hours(job.desk, last_full_months(job.today))
    poster = CommitmentsPoster(
        service=service,
        referential_title=referential.title,
        engagements=referential.engagements,
        local_engagements=settings.local_engagements,
        delays=tuple(AnnouncedDelay(k.label, k.delay, k.channels) for k in kinds),
        acknowledgement="" if acknowledgement == "—" else acknowledgement,
        busy_hours=busy_hours_text(busy, service.opening_hours),
        appointment=settings.appointment,
        printed_on=job.today,
    )
    return commitments_poster_pdf(poster, size, job.look)


def _results(job: _Job, period: Period, size: PaperSize) -> bytes:
    indicators = period_indicators(job.desk, period)
    # The dashboard's very grid: the hours begun while open, Monday to Saturday.
    hours = opening_span(job.service.opening_hours)
    poster = ResultsPoster(job.service, indicators, hours, printed_on=job.today)
    return results_poster_pdf(poster, size, job.look)


def _feedback(job: _Job, period: Period, size: PaperSize) -> bytes:
    done = [
        action
        for action in list_improvements(job.desk, ImprovementStatus.DONE)
        if action.done_on is not None and period.first_day <= action.done_on <= period.last_day
    ]
    poster = FeedbackPoster(job.service, period, tuple(done), printed_on=job.today)
    return feedback_poster_pdf(poster, size, job.look)


def _receipt(job: _Job, reference: str) -> Receipt:
    desk, service = job.desk, job.service
    case = request_case(desk, find_request(desk, reference))
    decision, months = case.implicit_decision, case.implicit_months
    zone = ZoneInfo(service.time_zone)
    received = case.received_at.astimezone(zone)
    return Receipt(
        service=service,
        reference=case.reference,
        kind=case.kind,
        channel=case.channel,
        received_at=received,
        person=case.person,
        delay=case.delay,
        due_date=case.due_date,
        due_at=case.due_at.astimezone(zone) if case.due_at and case.in_hours else None,
        implicit=decision,
        implicit_months=months,
        implicit_on=_implicit_day(case, months, zone) if decision.decides else None,
        printed_on=job.today,
    )


def _implicit_day(case: RequestCase, months: int, zone: ZoneInfo) -> date | None:
    """The day the silence becomes a decision. Its delay runs from a complete file (CRPA
    L114-5): none while the service waits for the person's documents, and counted from
    their arrival (the last resumption) once they came."""
    if case.status is RequestStatus.WAITING:
        return None
    resumed = [entry.at for entry in case.timeline if entry.type is RequestEventType.RESUMED]
    start = max(resumed, default=case.received_at)
    return implicit_decision_day(start.astimezone(zone).date(), months)


def _leaflet(job: _Job) -> bytes:
    service = job.service
    engagement = load_referential(service.referential).engagements[RIGHT_TO_ERROR_ENGAGEMENT]
    return leaflet_pdf(
        service, engagement=engagement, printed_on=job.today, fonts=fonts_for(job.look)
    )


def _day_list(job: _Job) -> bytes:
    rows = day_list(job.desk, at=job.moment, per_bucket=PRINTED_PER_SECTION)
    totals = board_summary(job.desk, at=job.moment).totals
    return day_list_pdf(
        rows,
        service_name=job.service.name,
        at=job.moment,
        zone=ZoneInfo(job.service.time_zone),
        fonts=fonts_for(job.look),
        totals=totals,
    )
