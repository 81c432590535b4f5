"""The words of an SP+ figure, as the dashboard's cards and the results poster both print
them: a rate over its numerator and denominator, a dash without a case, the few-cases
flag, durations in French. The expected words are written out."""

from __future__ import annotations

import pytest

from spplus_desk.domain.indicator_text import (
    FigureText,
    days_text,
    few_cases,
    hours_text,
    minutes_text,
    net_satisfaction_text,
    number_text,
    rate_text,
)
from spplus_desk.domain.indicators import Ratio, SatisfactionCounts


def test_a_rate_over_what_it_was_computed_from() -> None:
    assert rate_text(Ratio(46, 50), "demande", "demandes") == FigureText(
        "92\u202f%", "46 sur 50 demandes"
    )
    assert rate_text(Ratio(1, 1234), "appel", "appels") == FigureText(
        "0\u202f%", "1 sur 1\u202f234 appels"
    )


def test_a_rate_from_fewer_than_20_cases_is_flagged() -> None:
    assert rate_text(Ratio(1, 1), "réponse", "réponses") == FigureText(
        "100\u202f%", "1 sur 1 réponse", few_cases=True
    )
    assert not rate_text(Ratio(0, 20), "réponse", "réponses").few_cases


def test_no_case_is_a_dash_never_zero_percent() -> None:
    assert rate_text(Ratio(0, 0), "demande", "demandes") == FigureText(
        "–", "aucun cas sur la période"
    )
    assert net_satisfaction_text(SatisfactionCounts()) == FigureText(
        "–", "aucun cas sur la période"
    )


def test_net_satisfaction_says_how_it_is_computed() -> None:
    assert net_satisfaction_text(SatisfactionCounts(46, 8, 6)) == FigureText(
        "+67\u00a0points", "% de satisfaits − % de pas satisfaits, sur 60 réponses"
    )
    assert net_satisfaction_text(SatisfactionCounts(2, 0, 7)) == FigureText(
        "\u221256\u00a0points",
        "% de satisfaits − % de pas satisfaits, sur 9 réponses",
        few_cases=True,
    )


@pytest.mark.parametrize(("count", "few"), [(0, False), (1, True), (19, True), (20, False)])
def test_few_cases_means_some_but_under_20(count: int, few: bool) -> None:
    assert few_cases(count) is few


@pytest.mark.parametrize(
    ("value", "days", "hours"),
    [
        (1, "1\u00a0jour", "1\u00a0h"),
        (1.5, "1,5\u00a0jour", "1,5\u00a0h"),
        (2, "2\u00a0jours", "2\u00a0h"),
        (3.14, "3,1\u00a0jours", "3,1\u00a0h"),
        (1234, "1\u202f234\u00a0jours", "1\u202f234\u00a0h"),
    ],
)
def test_durations_in_french(value: float, days: str, hours: str) -> None:
    assert days_text(value) == days
    assert hours_text(value) == hours


def test_numbers_and_minutes() -> None:
    assert number_text(3.0) == "3"
    assert number_text(2.5) == "2,5"
    assert minutes_text(12.4) == "12\u00a0min"
