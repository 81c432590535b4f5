"""The SP+ indicators of a period as files: JSON for scripts, CSV for French Excel and
the programme's open data (issue 6).

The JSON keys are a stable contract (``spplus-desk indicators --json``): rates are
percentages from 0 to 100 with one decimal, or null when there was no case to count;
``few_cases`` names the figures computed on fewer than ``MIN_SAMPLE`` cases, which a
poster should not show as a bare percentage. The CSV has one row per indicator with
its value, numerator and denominator, as the programme's « export-indicateurs » does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.indicators import (
    MIN_SAMPLE,
    Distribution,
    Indicators,
    Ratio,
    SatisfactionCounts,
)
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.reports.request_lists import DAY_FORMAT, defused

SHORT_WAIT_MINUTES = 15  # services.indicators counts the waits under this many minutes

# Units, as the CSV and the command's table write them.
PERCENT = "%"
POINTS = "points"
CONTACTS = "contacts"
CALLS = "appels"
REQUESTS = "demandes"
ANSWERS = "réponses"
ENTRIES = "avis"
CASES = "cas"
ACTIONS = "actions"
DAYS = "jours"
HOURS = "heures ouvrées"
MINUTES = "minutes"

CSV_HEADERS = (
    "Début de période",
    "Fin de période",
    "Code",
    "Indicateur",
    "Valeur",
    "Numérateur",
    "Dénominateur",
    "Unité",
    "Remarque",
)
FEW_CASES_NOTE = f"calculé sur moins de {MIN_SAMPLE} cas : peu fiable"
NO_CASE_NOTE = "aucun cas sur la période"


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One figure: its stable code, French label, value and what it was computed from.
    ``numerator`` is None for counts and averages; ``denominator`` is the number of
    cases behind a rate, a median or a mean (None for a plain count)."""

    code: str
    label: str
    value: float | int | None
    numerator: int | None
    denominator: int | None
    unit: str

    @property
    def few_cases(self) -> bool:
        """Computed, but from fewer cases than a reliable figure needs."""
        return self.denominator is not None and 0 < self.denominator < MIN_SAMPLE

    @property
    def no_case(self) -> bool:
        return self.denominator == 0


# --- rounding --------------------------------------------------------------------------


def _one_decimal(exact: Decimal) -> float:
    """Halves rounded away from zero as people do (12.25 -> 12.3), not to the even
    neighbour as ``round`` does."""
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def tenths(value: float | None) -> float | None:
    """A measure (minutes, days) with one decimal."""
    return None if value is None else _one_decimal(Decimal(repr(value)))


def rate(ratio: Ratio) -> float | None:
    """The ratio as a percentage with one decimal, computed from the integers (exact)."""
    if ratio.denominator == 0:
        return None
    return _one_decimal(Decimal(100 * ratio.numerator) / ratio.denominator)


def net_points(counts: SatisfactionCounts) -> float | None:
    """Satisfied minus dissatisfied, in points of percentage, with one decimal."""
    if counts.answers == 0:
        return None
    return _one_decimal(Decimal(100 * (counts.satisfied - counts.dissatisfied)) / counts.answers)


# --- one row per indicator -------------------------------------------------------------


def indicator_rows(indicators: Indicators) -> list[IndicatorRow]:
    """Every figure of the period, in the order a report reads them."""
    return [
        *_contact_rows(indicators),
        *_request_rows(indicators),
        *_satisfaction_rows(indicators.feedback.satisfaction),
        *_feedback_rows(indicators),
        *_error_case_rows(indicators),
    ]


def _ratio_row(code: str, label: str, ratio: Ratio) -> IndicatorRow:
    return IndicatorRow(code, label, rate(ratio), ratio.numerator, ratio.denominator, PERCENT)


def _count_row(code: str, label: str, count: int, unit: str) -> IndicatorRow:
    return IndicatorRow(code, label, count, None, None, unit)


def _spread_rows(
    spread: Distribution, unit: str, *codes_and_labels: tuple[str, str]
) -> Iterator[IndicatorRow]:
    """The mean, median and 90th percentile of ``spread`` (the codes name which: "mean",
    "median" or "p90" in the code), each computed on ``spread.count`` cases."""
    for code, label in codes_and_labels:
        value = spread.mean if "mean" in code else spread.p90 if "p90" in code else spread.median
        yield IndicatorRow(code, label, tenths(value), None, spread.count, unit)


def _contact_rows(indicators: Indicators) -> Iterator[IndicatorRow]:
    contacts = indicators.contacts
    yield _count_row("contacts_total", "Contacts", contacts.total, CONTACTS)
    for channel in Channel:
        yield _count_row(
            f"contacts_by_channel.{channel.value}",
            f"Contacts : {CHANNEL_LABELS[channel]}",
            contacts.by_channel.get(channel, 0),
            CONTACTS,
        )
    yield _count_row("calls_needing_agent", "Appels à traiter", contacts.pickup.denominator, CALLS)
    yield _count_row("calls_answered", "Appels décrochés", contacts.pickup.numerator, CALLS)
    yield _ratio_row("pickup_rate", "Taux de décroché", contacts.pickup)
    waits = contacts.waits
    yield _count_row("waits_measured", "Attentes mesurées à l'accueil", waits.count, CONTACTS)
    yield from _spread_rows(
        waits,
        MINUTES,
        ("wait_minutes_mean", "Temps d'attente moyen à l'accueil"),
        ("wait_minutes_median", "Temps d'attente médian à l'accueil"),
        ("wait_minutes_p90", "Temps d'attente à l'accueil (90e centile)"),
    )
    under = waits.under_threshold or Ratio(0, waits.count)
    yield _ratio_row(
        "waits_under_15_rate", f"Attentes de moins de {SHORT_WAIT_MINUTES} minutes", under
    )


def _request_rows(indicators: Indicators) -> Iterator[IndicatorRow]:
    requests = indicators.requests
    yield _count_row(
        "requests_due",
        "Demandes répondues ou échues sans réponse",
        requests.on_time.denominator,
        REQUESTS,
    )
    yield _count_row(
        "requests_on_time", "Demandes traitées dans le délai", requests.on_time.numerator, REQUESTS
    )
    yield _ratio_row("on_time_rate", "Demandes traitées dans le délai annoncé", requests.on_time)
    yield from _spread_rows(
        requests.response_days,
        DAYS,
        ("median_response_days", "Délai de réponse médian"),
        ("p90_response_days", "Délai de réponse (90e centile)"),
    )
    yield from _spread_rows(  # the requests promised in opening hours, counted apart
        requests.response_hours,
        HOURS,
        ("median_response_hours", "Délai de réponse médian (délais en heures)"),
        ("p90_response_hours", "Délai de réponse (délais en heures, 90e centile)"),
    )


def _satisfaction_rows(counts: SatisfactionCounts) -> Iterator[IndicatorRow]:
    yield _count_row(
        "satisfaction_answers", "Réponses sur la satisfaction", counts.answers, ANSWERS
    )
    yield _count_row("satisfied", "Usagers satisfaits", counts.satisfied, ANSWERS)
    yield _count_row("mixed", "Usagers moyennement satisfaits", counts.mixed, ANSWERS)
    yield _count_row("dissatisfied", "Usagers pas satisfaits", counts.dissatisfied, ANSWERS)
    yield _ratio_row("satisfaction_rate", "Taux de satisfaction", counts.satisfaction)
    yield IndicatorRow(
        "net_satisfaction",
        "Satisfaction nette (satisfaits moins pas satisfaits)",
        net_points(counts),
        None,
        counts.answers,
        POINTS,
    )


def _feedback_rows(indicators: Indicators) -> Iterator[IndicatorRow]:
    feedback = indicators.feedback
    yield _count_row("complaints", "Réclamations reçues", feedback.complaints, ENTRIES)
    on_time = feedback.complaints_on_time
    yield _count_row(
        "complaints_due", "Réclamations arrivées à échéance", on_time.denominator, ENTRIES
    )
    yield _count_row(
        "complaints_on_time", "Réclamations répondues dans le délai", on_time.numerator, ENTRIES
    )
    yield _ratio_row(
        "complaints_on_time_rate", "Réclamations répondues dans le délai annoncé", on_time
    )
    yield _count_row("suggestions", "Suggestions reçues", feedback.suggestions, ENTRIES)
    yield _count_row("compliments", "Compliments reçus", feedback.compliments, ENTRIES)
    yield _count_row(
        "improvements_done", "Actions d'amélioration réalisées", feedback.improvements_done, ACTIONS
    )


def _error_case_rows(indicators: Indicators) -> Iterator[IndicatorRow]:
    yield _count_row(
        "right_to_error_cases", "Cas du droit à l'erreur", indicators.error_cases_total, CASES
    )
    for outcome in CaseOutcome:
        yield _count_row(
            f"right_to_error_by_outcome.{outcome.value}",
            f"Droit à l'erreur : {OUTCOME_LABELS[outcome].lower()}",
            indicators.error_cases.get(outcome, 0),
            CASES,
        )


# --- JSON ------------------------------------------------------------------------------


def indicators_json(indicators: Indicators) -> dict[str, Any]:
    """Every figure under a stable English key (see the module's docstring), the
    breakdowns after the figures."""
    rows = indicator_rows(indicators)
    contacts, requests = indicators.contacts, indicators.requests
    period = indicators.period
    data: dict[str, Any] = {
        "period": {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
    }
    for row in rows:  # a row's code is its key; "a.b" is the key b of the object a
        parent, _, key = row.code.rpartition(".")
        (data.setdefault(parent, {}) if parent else data)[key] = row.value
    satisfaction = indicators.feedback.satisfaction_by_channel
    data |= {
        "contacts_by_motif": [
            {"motif": label or None, "contacts": count} for label, count in contacts.by_motif
        ],
        "busy_hours": [
            {"weekday": weekday, "hour": hour, "contacts": count}
            for (weekday, hour), count in sorted(contacts.busy_hours.items())
        ],
        "answers_in_days": requests.response_days.count,
        "answers_in_hours": requests.response_hours.count,
        "on_time_by_kind": [
            {"kind": kind, "due": r.denominator, "on_time": r.numerator, "rate": rate(r)}
            for kind, r in requests.on_time_by_kind
        ],
        "satisfaction_by_channel": {
            channel.value: _satisfaction_json(satisfaction[channel])
            for channel in Channel
            if channel in satisfaction
        },
        "min_sample": MIN_SAMPLE,
        "few_cases": [row.code for row in rows if row.few_cases],
    }
    return data


def _satisfaction_json(counts: SatisfactionCounts) -> dict[str, Any]:
    return {
        "answers": counts.answers,
        "satisfied": counts.satisfied,
        "mixed": counts.mixed,
        "dissatisfied": counts.dissatisfied,
        "satisfaction_rate": rate(counts.satisfaction),
        "net_satisfaction": net_points(counts),
    }


def indicators_json_bytes(indicators: Indicators) -> bytes:
    """Indented UTF-8 JSON (accents as they are): a few dozen keys, read by people too."""
    text = json.dumps(indicators_json(indicators), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


# --- CSV -------------------------------------------------------------------------------


def number_cell(value: float | int | None) -> str:
    """12.5 -> '12,5', 7 -> '7', None -> '': numbers French Excel reads as numbers (the
    decimal comma, no unit, no spaces; a minus sign stays a number, never defused)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}".replace(".", ",")


def note(row: IndicatorRow) -> str:
    if row.no_case:
        return NO_CASE_NOTE
    return FEW_CASES_NOTE if row.few_cases else ""


def indicators_csv(indicators: Indicators) -> bytes:
    """UTF-8 with a BOM, ';' between cells and CRLF line ends, as the board's and the
    register's exports: one row per indicator, dates dd/mm/yyyy."""
    first: date = indicators.period.first_day
    last: date = indicators.period.last_day
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in indicator_rows(indicators):
        writer.writerow(
            (
                first.strftime(DAY_FORMAT),
                last.strftime(DAY_FORMAT),
                row.code,
                defused(row.label),
                number_cell(row.value),
                number_cell(row.numerator),
                number_cell(row.denominator),
                row.unit,
                note(row),
            )
        )
    return out.getvalue().encode("utf-8-sig")
