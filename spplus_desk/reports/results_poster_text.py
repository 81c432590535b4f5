"""The words of the results poster: each SP+ figure of a period as a tile says it (its
name, its value in large, what it was computed from in small print, the few-cases
remark), and the small lines on the right to error and the complaints. The figures are
worded by ``domain.indicator_text``, as on the dashboard: paper and screen agree."""

from __future__ import annotations

from dataclasses import dataclass

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.formatting import NBSP, count_text, format_int
from spplus_desk.domain.formatting import format_percent as percent
from spplus_desk.domain.indicator_text import (
    NO_VALUE,
    FigureText,
    days_text,
    few_cases,
    hours_text,
    net_satisfaction_text,
    rate_text,
)
from spplus_desk.domain.indicators import MIN_SAMPLE, Distribution, Indicators, Ratio

FEW_CASES_REMARK = f"moins de {MIN_SAMPLE} cas : à interpréter avec prudence"


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A tile: « Taux de décroché », « 95 % », « 800 sur 842 appels à décrocher »."""

    label: str
    value: str
    detail: str
    remark: str = ""  # the few-cases warning, or ""


def key_figures(indicators: Indicators) -> tuple[KeyFigure, ...]:
    """The five figures in large, in the poster's order (its two rows)."""
    answers = indicators.feedback.satisfaction
    return (
        _rate(
            "Taux de décroché",
            indicators.contacts.pickup,
            ("appel à décrocher", "appels à décrocher"),
        ),
        _rate(
            "Demandes traitées dans les délais annoncés",
            indicators.requests.on_time,
            ("demande arrivée à échéance", "demandes arrivées à échéance"),
        ),
        _response_time(indicators),
        _rate("Taux de satisfaction", answers.satisfaction, ("réponse", "réponses")),
        _net_satisfaction(indicators),
    )


def _remark(cases: int) -> str:
    return FEW_CASES_REMARK if few_cases(cases) else ""


def _tile(label: str, text: FigureText) -> KeyFigure:
    return KeyFigure(label, text.value, text.detail, FEW_CASES_REMARK if text.few_cases else "")


def _rate(label: str, ratio: Ratio, what: tuple[str, str]) -> KeyFigure:
    """« 92 % » over « 46 sur 50 demandes… »; a dash and « aucun cas » without a case."""
    return _tile(label, rate_text(ratio, *what))


def _net_satisfaction(indicators: Indicators) -> KeyFigure:
    return _tile("Satisfaction nette", net_satisfaction_text(indicators.feedback.satisfaction))


def _response_time(indicators: Indicators) -> KeyFigure:
    """The median answer time, in days; in opening hours when every answer of the period
    was owed in hours (each counted in its own delay's unit, never mixed)."""
    label = "Délai médian de réponse"
    days, hours = indicators.requests.response_days, indicators.requests.response_hours
    if days.median is not None:
        detail = f"sur {count_text(days.count, 'réponse', 'réponses')}"
        if hours.median is not None:
            detail += (
                f" ; délais en heures : {hours_text(hours.median)} d'ouverture ({_answers(hours)})"
            )
        return KeyFigure(label, days_text(days.median), detail, _remark(days.count))
    if hours.median is not None:
        detail = f"heures d'ouverture, sur {count_text(hours.count, 'réponse', 'réponses')}"
        return KeyFigure(label, hours_text(hours.median), detail, _remark(hours.count))
    return KeyFigure(label, NO_VALUE, "aucune réponse sur la période")


def _answers(spread: Distribution) -> str:
    return count_text(spread.count, "réponse", "réponses")


def other_results(indicators: Indicators) -> list[str]:
    """The right to error and the complaints, in a line each when the period has any."""
    lines = []
    total = indicators.error_cases_total
    if total:
        outcomes = [
            f"{OUTCOME_LABELS[outcome].lower()}{NBSP}: {format_int(count)}"
            for outcome in CaseOutcome
            if (count := indicators.error_cases.get(outcome, 0))
        ]
        lines.append(f"Droit à l'erreur : {total_cases(total)} ({' ; '.join(outcomes)}).")
    complaints = indicators.feedback.complaints_on_time
    if complaints.denominator:
        line = (
            f"Réclamations répondues dans les délais : "
            f"{percent(complaints.numerator, complaints.denominator)} "
            f"({format_int(complaints.numerator)} sur {format_int(complaints.denominator)}"
        )
        remark = _remark(complaints.denominator)
        lines.append(f"{line}{f', {remark}' if remark else ''}).")
    return lines


def total_cases(total: int) -> str:
    return f"{format_int(total)} cas examiné{'s' if total > 1 else ''} sur la période"
