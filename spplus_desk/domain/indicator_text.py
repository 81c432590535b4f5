"""The words of an SP+ figure, shared by the dashboard's cards and the results poster, so
that screen and paper always show the same value and the same small print: a rate as
« 92 % » over « 46 sur 50 demandes… », a dash and « aucun cas sur la période » without a
case, durations as « 2 jours », « 2,5 h », « 12 min ». How few cases are too few is said
here too; each document words its own warning."""

from __future__ import annotations

from dataclasses import dataclass

from spplus_desk.domain.formatting import (
    NBSP,
    count_text,
    format_decimal,
    format_int,
    format_percent,
)
from spplus_desk.domain.indicators import MIN_SAMPLE, NO_CASE, Ratio, SatisfactionCounts

NO_VALUE = "–"  # a figure without a case: never « 0 % »


@dataclass(frozen=True, slots=True)
class FigureText:
    """A figure's value in large and what it was computed from in small print."""

    value: str
    detail: str
    few_cases: bool = False  # computed from fewer than MIN_SAMPLE cases: read with care


def rate_text(ratio: Ratio, singular: str, plural: str) -> FigureText:
    """« 92 % » over « 46 sur 50 demandes arrivées à échéance » (``singular`` and
    ``plural`` name the cases); a dash over « aucun cas sur la période » without one."""
    if ratio.denominator == 0:
        return FigureText(NO_VALUE, NO_CASE)
    detail = f"{format_int(ratio.numerator)} sur {count_text(ratio.denominator, singular, plural)}"
    return FigureText(
        format_percent(ratio.numerator, ratio.denominator), detail, few_cases(ratio.denominator)
    )


def net_satisfaction_text(answers: SatisfactionCounts) -> FigureText:
    """« +67 points » over how it is computed and from how many answers."""
    if answers.net is None:
        return FigureText(NO_VALUE, NO_CASE)
    among = count_text(answers.answers, "réponse", "réponses")
    detail = f"% de satisfaits − % de pas satisfaits, sur {among}"
    return FigureText(answers.net_text(), detail, few_cases(answers.answers))


def few_cases(count: int) -> bool:
    """Some cases, but too few for a percentage or a median to mean much."""
    return 0 < count < MIN_SAMPLE


def number_text(value: float) -> str:
    """3 -> '3', 2.5 -> '2,5'."""
    return format_int(int(value)) if float(value).is_integer() else format_decimal(value)


def days_text(value: float) -> str:
    """'1 jour', '1,5 jour', '2 jours' (French: under 2, the singular)."""
    return f"{number_text(value)}{NBSP}{'jour' if value < 2 else 'jours'}"


def hours_text(value: float) -> str:
    """'4 h', '2,5 h': hours of opening, to a tenth."""
    return f"{number_text(round(value, 1))}{NBSP}h"


def minutes_text(value: float) -> str:
    """'12 min', rounded to the minute."""
    return f"{format_decimal(value, 0)}{NBSP}min"
