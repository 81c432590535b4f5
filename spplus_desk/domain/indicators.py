"""The arithmetic of the SP+ indicators (issue 6): rates with their numerator and
denominator, percentiles, satisfaction and net satisfaction.

Every figure keeps what it was computed from, so a poster or an export can print
« 92 % (46 sur 50) », and a figure computed from too few cases says so rather than
showing a misleading percentage. The store aggregates in SQL; these functions only
finish the sums it returns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.enums import Satisfaction as Satisfaction
from spplus_desk.domain.error_case import CaseOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import NBSP, format_decimal, format_int, format_percent
from spplus_desk.domain.history import MONTHS, day_text
from spplus_desk.domain.journal import JournalFilter
from spplus_desk.domain.labels import SATISFACTION_LABELS as SATISFACTION_LABELS

# Below this many cases a rate is still computed, but flagged: « 1 sur 2 » is no 50 %.
MIN_SAMPLE = 20
FEW_CASES = "trop peu de cas pour un pourcentage fiable"
NO_CASE = "aucun cas sur la période"
# Periods a service may ask about: a typing slip (« 9999 ») is explained, not computed.
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True, slots=True)
class Ratio:
    """``numerator`` of ``denominator`` cases, as a percentage from 0 to 100."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if not 0 <= self.numerator <= self.denominator:
            raise ValueError(f"a ratio needs 0 <= {self.numerator} <= {self.denominator}")

    @property
    def rate(self) -> float | None:
        """None when there is no case: 0 of 0 is no rate at all."""
        if self.denominator == 0:
            return None
        return 100 * self.numerator / self.denominator

    @property
    def reliable(self) -> bool:
        return self.denominator >= MIN_SAMPLE

    def text(self) -> str:
        """'92 % (46 sur 50)', '50 % (1 sur 2 : trop peu de cas…)', 'aucun cas…'."""
        if self.denominator == 0:
            return NO_CASE
        counts = f"{format_int(self.numerator)} sur {format_int(self.denominator)}"
        if not self.reliable:
            counts = f"{counts} : {FEW_CASES}"
        return f"{format_percent(self.numerator, self.denominator)} ({counts})"


def percentile_rank(count: int, percent: float) -> int:
    """The 0-based position of the ``percent``-th percentile among ``count`` sorted values
    (nearest rank: the smallest value with at least ``percent`` % of the values at or
    below it). The store reads it with ORDER BY … OFFSET, walking an index."""
    if count <= 0:
        raise ValueError("no value, no percentile")
    if not 0 < percent <= 100:
        raise ValueError("a percentile is above 0 and at most 100")
    return max(math.ceil(percent / 100 * count), 1) - 1


def percentile(values: Sequence[float], percent: float) -> float | None:
    """The nearest-rank percentile of ``values`` (any order); None without values."""
    if not values:
        return None
    return sorted(values)[percentile_rank(len(values), percent)]


@dataclass(frozen=True, slots=True)
class Distribution:
    """Durations (waits in minutes, response times in days): how many, their mean, the
    median, the 90th percentile, and how many stayed under a threshold."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    under_threshold: Ratio | None = None


def distribution(values: Sequence[float], threshold: float | None = None) -> Distribution:
    """The distribution of ``values``; ``under_threshold`` counts those strictly below
    ``threshold`` (« moins de 15 minutes »)."""
    return histogram_distribution(list(Counter(values).items()), threshold)


@dataclass(frozen=True, slots=True)
class SatisfactionCounts:
    satisfied: int = 0
    mixed: int = 0
    dissatisfied: int = 0

    @property
    def answers(self) -> int:
        return self.satisfied + self.mixed + self.dissatisfied

    @property
    def satisfaction(self) -> Ratio:
        """Taux de satisfaction: satisfied answers among all answers."""
        return Ratio(self.satisfied, self.answers)

    @property
    def net(self) -> float | None:
        """Satisfaction nette, in points: % satisfied − % dissatisfied (−100 to 100)."""
        if self.answers == 0:
            return None
        return 100 * (self.satisfied - self.dissatisfied) / self.answers

    def net_text(self) -> str:
        """'+40 points', '−12 points' (a true minus sign), or the absence of answers."""
        net = self.net
        if net is None:
            return NO_CASE
        sign = "+" if net > 0 else "\u2212" if net < 0 else ""
        return f"{sign}{format_decimal(abs(net), 0)}{NBSP}points"


@dataclass(frozen=True, slots=True)
class Period:
    """From ``first_day`` to ``last_day`` included, in the service's time zone."""

    first_day: date
    last_day: date

    def checked(self) -> Period:
        if self.last_day < self.first_day:
            raise UserError("La date de fin précède la date de début : inversez-les.")
        if self.first_day.year < FIRST_YEAR or self.last_day.year > LAST_YEAR:
            raise UserError(
                f"Choisissez une période entre {FIRST_YEAR} et {LAST_YEAR} : "
                "vérifiez l'année tapée."
            )
        return self

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as UTC instants, midnight to midnight in the service's zone."""
        return JournalFilter(self.first_day, self.last_day).bounds(zone)

    def text(self) -> str:
        """'du 1er janvier au 31 décembre 2026', 'du 1er au 31 mai 2027', 'le 4 mai 2027':
        the period as a poster says it, the year (and month) written once when shared."""
        first, last = self.first_day, self.last_day
        if first == last:
            return f"le {day_text(first)}"
        start = "1er" if first.day == 1 else str(first.day)
        if (first.year, first.month) != (last.year, last.month):
            start += f" {MONTHS[first.month - 1]}"
        if first.year != last.year:
            start += f" {first.year}"
        return f"du {start} au {day_text(last)}"


def last_full_months(today: date, months: int = 12) -> Period:
    """The ``months`` last full months before ``today``'s: on 23 November 2026, 1 November
    2025 to 31 October 2026 (a month not over yet would weigh less than the others)."""
    last = today.replace(day=1) - timedelta(days=1)
    index = last.year * 12 + last.month - months  # the first month, counted from year 0
    return Period(date(index // 12, index % 12 + 1, 1), last)


@dataclass(frozen=True, slots=True)
class ContactIndicators:
    """What the journal says about a period: contacts by channel, by motif and by hour
    of the week (the busy hours), the phone's pick-up rate and the counter's waits."""

    period: Period
    by_channel: dict[Channel, int]
    by_motif: tuple[tuple[str, int], ...]  # the most frequent first; "" for no motif
    busy_hours: dict[tuple[int, int], int]  # (weekday Monday=0, local hour) -> contacts
    pickup: Ratio  # calls handled by an agent among the calls that needed one
    waits: Distribution  # minutes from arrival to call, at the counter

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def busy_hours(
    utc_hours: Sequence[tuple[datetime, int]], zone: ZoneInfo
) -> dict[tuple[int, int], int]:
    """Contacts counted by UTC hour, folded into the service's (weekday, hour) grid:
    the store groups by UTC hour on both engines, the zone's rules apply here."""
    grid: dict[tuple[int, int], int] = {}
    for instant, count in utc_hours:
        local = instant.astimezone(zone)
        key = (local.weekday(), local.hour)
        grid[key] = grid.get(key, 0) + count
    return grid


@dataclass(frozen=True, slots=True)
class RequestIndicators:
    """Engagement 4, « votre demande est traitée dans les délais annoncés »: among the
    requests whose answer fell due in the period (answered in it, or still unanswered
    past their due date), those answered in time; and how long answers took, each
    counted in its own delay's unit (days for days, opening hours for hours)."""

    on_time: Ratio
    response_days: Distribution
    response_hours: Distribution
    on_time_by_kind: tuple[tuple[str, Ratio], ...]  # the kinds with the most requests first


@dataclass(frozen=True, slots=True)
class FeedbackIndicators:
    """What users said: the satisfaction answers at the end of contacts, the
    complaints and whether they were answered in time, suggestions and compliments,
    and the improvements made."""

    satisfaction: SatisfactionCounts
    satisfaction_by_channel: dict[Channel, SatisfactionCounts]
    complaints: int
    complaints_on_time: Ratio  # complaints whose reply fell due in the period
    suggestions: int
    compliments: int
    improvements_done: int


@dataclass(frozen=True, slots=True)
class Indicators:
    """Every SP+ figure of a period, each keeping its numerator and denominator."""

    period: Period
    contacts: ContactIndicators
    requests: RequestIndicators
    feedback: FeedbackIndicators
    error_cases: dict[CaseOutcome, int]  # right-to-error cases discovered in the period

    @property
    def error_cases_total(self) -> int:
        return sum(self.error_cases.values())


def histogram_distribution(
    counts: Sequence[tuple[float, int]], threshold: float | None = None
) -> Distribution:
    """The distribution of values given as (value, how many times): what the store's
    roll-ups return, so percentiles stay exact without a row per value."""
    ordered = sorted((value, n) for value, n in counts if n > 0)
    total = sum(n for _, n in ordered)
    under = None
    if threshold is not None:
        under = Ratio(sum(n for value, n in ordered if value < threshold), total)
    if total == 0:
        return Distribution(0, None, None, None, under)
    mean = sum(value * n for value, n in ordered) / total
    return Distribution(
        count=total,
        mean=mean,
        median=_value_at(ordered, percentile_rank(total, 50)),
        p90=_value_at(ordered, percentile_rank(total, 90)),
        under_threshold=under,
    )


def _value_at(ordered: Sequence[tuple[float, int]], rank: int) -> float:
    seen = 0
    for value, n in ordered:
        seen += n
        if rank < seen:
            return value
    raise ValueError("rank beyond the values")  # pragma: no cover - rank < total
