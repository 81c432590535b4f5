"""What the dashboard shows, worked out off the main thread and without Qt: the
indicators of the period, each figure as a card's French texts (its name, its value in
large, the numerator and denominator in small print, a warning when there are too few
cases), and the charts as SVG documents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.formatting import NBSP, count_text, format_int
from spplus_desk.domain.indicator_text import (
    NO_VALUE,
    FigureText,
    days_text,
    hours_text,
    minutes_text,
    net_satisfaction_text,
    rate_text,
)
from spplus_desk.domain.indicators import (
    FEW_CASES,
    NO_CASE,
    Distribution,
    Indicators,
    Period,
    Ratio,
)
from spplus_desk.reports.indicator_charts import (
    busy_hours_chart,
    channel_chart,
    error_cases_chart,
    on_time_chart,
    opening_span,
    satisfaction_chart,
    svg_bytes,
)
from spplus_desk.reports.indicator_charts_parts import Chart
from spplus_desk.services.desk import Desk
from spplus_desk.services.indicators import SHORT_WAIT_MINUTES, period_indicators
from spplus_desk.services.setup import get_service

FEW_CASES_WARNING = FEW_CASES[0].upper() + FEW_CASES[1:]  # « Trop peu de cas… »
SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Figure:
    """One card: « Taux de décroché », « 92 % », « 46 sur 50 appels à décrocher »."""

    key: str  # a stable name (the card's object name)
    label: str
    value: str
    detail: str
    warning: str = ""  # « Trop peu de cas pour un pourcentage fiable »

    def spoken(self) -> str:
        """The whole card in one sentence, for screen readers."""
        text = f"{self.label} : {self.value}, {self.detail}"
        return f"{text}. {self.warning}" if self.warning else text


@dataclass(frozen=True, slots=True)
class ChartImage:
    """A chart as the screen shows it: SVG, its size in points, its words."""

    key: str
    title: str
    description: str
    svg: bytes
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    figures: tuple[Figure, ...]
    charts: tuple[ChartImage, ...]


@dataclass(frozen=True, slots=True)
class DashboardData:
    period: Period
    sections: tuple[Section, ...]


def dashboard_data(desk: Desk, period: Period) -> DashboardData:
    """The period's indicators, figures and charts (a UserError for a reversed period).
    The busy hours' grid spans the service's opening hours."""
    indicators = period_indicators(desk, period)
    service = get_service(desk)
    hours = opening_span(service.opening_hours) if service is not None else None
    return DashboardData(period, sections(indicators, hours))


def sections(indicators: Indicators, hours: range | None = None) -> tuple[Section, ...]:
    return (
        Section(
            "Contacts et accueil",
            contact_figures(indicators),
            _images(
                ("channels", channel_chart(indicators)),
                ("busy_hours", busy_hours_chart(indicators, hours)),
            ),
        ),
        Section(
            "Demandes", request_figures(indicators), _images(("on_time", on_time_chart(indicators)))
        ),
        Section(
            "Écoute des usagers",
            feedback_figures(indicators),
            _images(("satisfaction", satisfaction_chart(indicators))),
        ),
        Section(
            "Droit à l'erreur",
            (error_figure(indicators),),
            _images(("error_cases", error_cases_chart(indicators))),
        ),
    )


def _images(*charts: tuple[str, Chart]) -> tuple[ChartImage, ...]:
    return tuple(
        ChartImage(key, chart.title, chart.description, svg_bytes(chart), chart.width, chart.height)
        for key, chart in charts
    )


# -- the texts of the cards (the words in domain.indicator_text, shared with the poster) --


def text_figure(key: str, label: str, text: FigureText) -> Figure:
    """A card from a figure's words; a warning under 20 cases, where a figure misleads."""
    return Figure(key, label, text.value, text.detail, FEW_CASES_WARNING if text.few_cases else "")


def rate_figure(key: str, label: str, ratio: Ratio, singular: str, plural: str) -> Figure:
    """« 92 % » over « 46 sur 50 demandes… »; a dash and « aucun cas » without cases."""
    return text_figure(key, label, rate_text(ratio, singular, plural))


def count_figure(key: str, label: str, count: int, detail: str) -> Figure:
    return Figure(key, label, format_int(count), detail)


def median_figure(
    key: str,
    label: str,
    spread: Distribution,
    unit: Callable[[float], str],
    what: tuple[str, str],
    *,
    with_mean: bool = False,
) -> Figure:
    """The median in large; the 90th percentile (the mean first) in small print."""
    if spread.median is None or spread.p90 is None:
        return Figure(key, label, NO_VALUE, f"aucune {what[0]} sur la période")
    parts = [f"moyenne : {unit(spread.mean)}"] if with_mean and spread.mean is not None else []
    parts += [f"90e{NBSP}centile : {unit(spread.p90)}", count_text(spread.count, *what)]
    return Figure(key, label, unit(spread.median), SEPARATOR.join(parts))


def contact_figures(indicators: Indicators) -> tuple[Figure, ...]:
    contacts = indicators.contacts
    waits = contacts.waits
    return (
        count_figure("contacts", "Contacts", contacts.total, "tous canaux confondus"),
        rate_figure(
            "pickup", "Taux de décroché", contacts.pickup, "appel à décrocher", "appels à décrocher"
        ),
        median_figure(
            "wait",
            "Attente au guichet (médiane)",
            waits,
            minutes_text,
            ("attente mesurée", "attentes mesurées"),
            with_mean=True,
        ),
        rate_figure(
            "short_waits",
            f"Attentes de moins de {SHORT_WAIT_MINUTES}{NBSP}min",
            waits.under_threshold or Ratio(0, 0),
            "attente mesurée",
            "attentes mesurées",
        ),
    )


def request_figures(indicators: Indicators) -> tuple[Figure, ...]:
    requests = indicators.requests
    figures = [
        rate_figure(
            "on_time",
            "Demandes traitées dans les délais",
            requests.on_time,
            "demande arrivée à échéance",
            "demandes arrivées à échéance",
        ),
        median_figure(
            "response_days",
            "Délai de réponse médian",
            requests.response_days,
            days_text,
            ("réponse", "réponses"),
        ),
    ]
    if requests.response_hours.count:  # only services with delays in hours have them
        figures.append(
            median_figure(
                "response_hours",
                "Délai de réponse médian (délais en heures)",
                requests.response_hours,
                hours_text,
                ("réponse", "réponses"),
            )
        )
    return tuple(figures)


def feedback_figures(indicators: Indicators) -> tuple[Figure, ...]:
    feedback = indicators.feedback
    answers = feedback.satisfaction
    net = text_figure("net_satisfaction", "Satisfaction nette", net_satisfaction_text(answers))
    return (
        rate_figure(
            "satisfaction", "Taux de satisfaction", answers.satisfaction, "réponse", "réponses"
        ),
        net,
        count_figure("complaints", "Réclamations reçues", feedback.complaints, "sur la période"),
        rate_figure(
            "complaints_on_time",
            "Réclamations répondues dans les délais",
            feedback.complaints_on_time,
            "réclamation arrivée à échéance",
            "réclamations arrivées à échéance",
        ),
        count_figure("suggestions", "Suggestions reçues", feedback.suggestions, "sur la période"),
        count_figure("compliments", "Compliments reçus", feedback.compliments, "sur la période"),
        count_figure(
            "improvements",
            "Améliorations réalisées",
            feedback.improvements_done,
            "actions terminées sur la période",
        ),
    )


def error_figure(indicators: Indicators) -> Figure:
    """The total, and each outcome met in small print."""
    total = indicators.error_cases_total
    outcomes: Sequence[str] = [
        f"{OUTCOME_LABELS[outcome]}{NBSP}:{NBSP}{format_int(count)}"  # never split
        for outcome in CaseOutcome
        if (count := indicators.error_cases.get(outcome, 0))
    ]
    detail = SEPARATOR.join(outcomes) if outcomes else NO_CASE
    return count_figure(
        "error_cases", "Cas de droit à l'erreur", total, f"{detail} (annulés exclus)"
    )
