"""The indicators' arithmetic on hand-built figures whose answers are known, and its
properties (rates within bounds, percentiles among the values, net satisfaction)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.indicators import (
    MIN_SAMPLE,
    NO_CASE,
    Ratio,
    SatisfactionCounts,
    distribution,
    percentile,
    percentile_rank,
)


def test_a_rate_keeps_its_numerator_and_denominator() -> None:
    ratio = Ratio(46, 50)
    assert ratio.rate == 92
    assert ratio.reliable
    assert ratio.text() == "92\u202f% (46 sur 50)"


def test_no_case_is_no_rate() -> None:
    assert Ratio(0, 0).rate is None
    assert Ratio(0, 0).text() == NO_CASE


def test_too_few_cases_say_so() -> None:
    ratio = Ratio(1, 2)
    assert ratio.rate == 50
    assert not ratio.reliable
    assert ratio.text() == "50\u202f% (1 sur 2 : trop peu de cas pour un pourcentage fiable)"
    assert Ratio(0, MIN_SAMPLE).reliable


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 3), (4, 3)])
def test_an_impossible_ratio_is_a_bug(numerator: int, denominator: int) -> None:
    with pytest.raises(ValueError, match="ratio"):
        Ratio(numerator, denominator)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_rates_stay_within_bounds(a: int, b: int) -> None:
    ratio = Ratio(min(a, b), max(a, b))
    assert ratio.rate is None or 0 <= ratio.rate <= 100


def test_percentiles_by_nearest_rank() -> None:
    waits = [12, 3, 7, 30, 5, 9, 15, 4, 8, 60]  # sorted: 3 4 5 7 8 9 12 15 30 60
    assert percentile(waits, 50) == 8
    assert percentile(waits, 90) == 30
    assert percentile(waits, 100) == 60
    assert percentile(waits, 1) == 3
    assert percentile([], 90) is None
    assert percentile_rank(10, 90) == 8  # the store's OFFSET
    assert percentile_rank(1, 50) == 0


@pytest.mark.parametrize(("count", "percent"), [(0, 50), (5, 0), (5, 101)])
def test_a_percentile_out_of_range_is_a_bug(count: int, percent: float) -> None:
    with pytest.raises(ValueError, match=r"percentile|value"):
        percentile_rank(count, percent)


@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=200),
    st.floats(min_value=0.5, max_value=100),
)
def test_a_percentile_is_one_of_the_values_with_enough_below(
    values: list[int], percent: float
) -> None:
    found = percentile(values, percent)
    assert found in values
    at_or_below = sum(1 for value in values if value <= found)
    assert at_or_below / len(values) >= percent / 100 - 1e-9


def test_the_waits_at_the_counter() -> None:
    waits = distribution([12, 3, 7, 30, 5, 9, 15, 4, 8, 60], threshold=15)
    assert waits.count == 10
    assert waits.mean == pytest.approx(15.3)
    assert (waits.median, waits.p90) == (8, 30)
    assert waits.under_threshold == Ratio(7, 10)  # 15 itself is not « moins de 15 »
    empty = distribution([], threshold=15)
    assert (empty.count, empty.mean, empty.median, empty.p90) == (0, None, None, None)
    assert empty.under_threshold == Ratio(0, 0)


def test_satisfaction_and_net_satisfaction() -> None:
    counts = SatisfactionCounts(satisfied=60, mixed=20, dissatisfied=20)
    assert counts.answers == 100
    assert counts.satisfaction == Ratio(60, 100)
    assert counts.net == 40
    assert counts.net_text() == "+40\u00a0points"
    assert SatisfactionCounts(1, 0, 3).net_text() == "\u221250\u00a0points"
    assert SatisfactionCounts().net is None
    assert SatisfactionCounts().net_text() == NO_CASE


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_net_satisfaction_is_in_points_between_minus_and_plus_100(
    satisfied: int, mixed: int, dissatisfied: int
) -> None:
    counts = SatisfactionCounts(satisfied, mixed, dissatisfied)
    net, rate = counts.net, counts.satisfaction.rate
    if counts.answers == 0:
        assert net is None
        assert rate is None
        return
    assert net is not None
    assert rate is not None
    assert -100 <= net <= 100
    assert net <= rate  # the dissatisfied can only take points away
