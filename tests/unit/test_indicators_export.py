"""The indicators as files (issue 6): JSON with the stable keys of the command line's
contract, CSV for French Excel and the programme's open data, on hand-built figures
whose answers are known."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import CaseOutcome
from spplus_desk.domain.indicators import (
    ContactIndicators,
    Distribution,
    FeedbackIndicators,
    Indicators,
    Period,
    Ratio,
    RequestIndicators,
    SatisfactionCounts,
)
from spplus_desk.reports.indicators_export import (
    CSV_HEADERS,
    FEW_CASES_NOTE,
    NO_CASE_NOTE,
    indicator_rows,
    indicators_csv,
    indicators_json,
    indicators_json_bytes,
    rate,
    tenths,
)

REQUIRED_KEYS = {  # the issue's stable contract, also checked on the command's output
    "contacts_total",
    "contacts_by_channel",
    "calls_needing_agent",
    "calls_answered",
    "pickup_rate",
    "requests_due",
    "requests_on_time",
    "on_time_rate",
    "median_response_days",
    "p90_response_days",
    "wait_minutes_mean",
    "wait_minutes_p90",
    "satisfaction_rate",
    "net_satisfaction",
    "right_to_error_cases",
}
QUARTER = Period(date(2027, 1, 1), date(2027, 3, 31))


def quarter() -> Indicators:
    """A quarter: 200 counter visits, 120 calls (100 answered), 30 e-mails; 45 requests
    due, 36 answered in time; 50 satisfaction answers, 3 complaints due."""
    contacts = ContactIndicators(
        period=QUARTER,
        by_channel={Channel.COUNTER: 200, Channel.PHONE: 120, Channel.EMAIL: 30},
        by_motif=(("État civil", 180), ("", 120), ("Urbanisme", 50)),
        busy_hours={(0, 9): 60, (1, 14): 40},
        pickup=Ratio(100, 120),
        waits=Distribution(
            count=160, mean=8.25, median=6.0, p90=19.0, under_threshold=Ratio(130, 160)
        ),
    )
    requests = RequestIndicators(
        on_time=Ratio(36, 45),
        response_days=Distribution(count=40, mean=4.2, median=3.0, p90=12.0),
        response_hours=Distribution(count=0, mean=None, median=None, p90=None),
        on_time_by_kind=(("Acte d'état civil", Ratio(30, 35)), ("Urbanisme", Ratio(6, 10))),
    )
    feedback = FeedbackIndicators(
        satisfaction=SatisfactionCounts(satisfied=35, mixed=10, dissatisfied=5),
        satisfaction_by_channel={
            Channel.PHONE: SatisfactionCounts(5, 3, 2),
            Channel.COUNTER: SatisfactionCounts(30, 7, 3),
        },
        complaints=4,
        complaints_on_time=Ratio(2, 3),
        suggestions=2,
        compliments=1,
        improvements_done=1,
    )
    return Indicators(
        period=QUARTER,
        contacts=contacts,
        requests=requests,
        feedback=feedback,
        error_cases={CaseOutcome.NO_SANCTION: 2, CaseOutcome.PENDING: 1},
    )


def empty() -> Indicators:
    """A period without anything: every rate is null, every count zero."""
    nothing = Distribution(0, None, None, None)
    return Indicators(
        period=QUARTER,
        contacts=ContactIndicators(
            QUARTER, {}, (), {}, Ratio(0, 0), Distribution(0, None, None, None, Ratio(0, 0))
        ),
        requests=RequestIndicators(Ratio(0, 0), nothing, nothing, ()),
        feedback=FeedbackIndicators(SatisfactionCounts(), {}, 0, Ratio(0, 0), 0, 0, 0),
        error_cases={},
    )


def test_json_has_the_contracts_keys_with_known_answers() -> None:
    data = indicators_json(quarter())
    assert set(data) >= REQUIRED_KEYS
    assert data["period"] == {"from": "2027-01-01", "to": "2027-03-31"}
    assert data["contacts_total"] == 350
    assert data["contacts_by_channel"]["counter"] == 200
    assert data["contacts_by_channel"]["letter"] == 0  # every channel, always there
    assert set(data["contacts_by_channel"]) == {c.value for c in Channel}
    assert sum(data["contacts_by_channel"].values()) == data["contacts_total"]
    assert (data["calls_needing_agent"], data["calls_answered"]) == (120, 100)
    assert data["pickup_rate"] == 83.3  # 100 / 120
    assert (data["requests_due"], data["requests_on_time"], data["on_time_rate"]) == (45, 36, 80)
    assert (data["median_response_days"], data["p90_response_days"]) == (3, 12)
    assert data["median_response_hours"] is None
    assert data["answers_in_days"] == 40
    assert (data["wait_minutes_mean"], data["wait_minutes_median"]) == (8.3, 6)  # half up
    assert (data["wait_minutes_p90"], data["waits_measured"]) == (19, 160)
    assert data["waits_under_15_rate"] == 81.3  # 130 / 160 = 81.25
    assert data["satisfaction_answers"] == 50
    assert (data["satisfied"], data["mixed"], data["dissatisfied"]) == (35, 10, 5)
    assert (data["satisfaction_rate"], data["net_satisfaction"]) == (70, 60)
    assert data["complaints"] == 4
    assert (data["complaints_due"], data["complaints_on_time"]) == (3, 2)
    assert data["complaints_on_time_rate"] == 66.7
    assert (data["suggestions"], data["compliments"], data["improvements_done"]) == (2, 1, 1)
    assert data["right_to_error_cases"] == 3
    assert data["right_to_error_by_outcome"] == {
        "pending": 1,
        "no_sanction": 2,
        "sanction_waived": 0,
        "sanction_maintained": 0,
        "not_eligible": 0,
    }
    assert data["contacts_by_motif"][1] == {"motif": None, "contacts": 120}  # no motif
    assert data["busy_hours"][0] == {"weekday": 0, "hour": 9, "contacts": 60}
    assert data["on_time_by_kind"][1] == {"kind": "Urbanisme", "due": 10, "on_time": 6, "rate": 60}
    assert list(data["satisfaction_by_channel"]) == ["counter", "phone"]  # the channels' order
    assert data["satisfaction_by_channel"]["phone"]["net_satisfaction"] == 30


def test_figures_on_few_cases_are_named() -> None:
    data = indicators_json(quarter())
    assert data["min_sample"] == 20
    # 3 complaints due, 10 phone answers by channel (not a top-level figure): only the
    # complaints' rate is flagged; no figure without a case is.
    assert data["few_cases"] == ["complaints_on_time_rate"]
    assert "median_response_hours" not in data["few_cases"]


def test_an_empty_period_has_null_rates_and_zero_counts() -> None:
    data = indicators_json(empty())
    assert set(data) >= REQUIRED_KEYS
    for key in (
        "pickup_rate",
        "on_time_rate",
        "median_response_days",
        "p90_response_days",
        "wait_minutes_mean",
        "wait_minutes_p90",
        "waits_under_15_rate",
        "satisfaction_rate",
        "net_satisfaction",
        "complaints_on_time_rate",
    ):
        assert data[key] is None, key
    assert data["contacts_total"] == 0
    assert data["contacts_by_channel"] == {c.value: 0 for c in Channel}
    assert data["right_to_error_cases"] == 0
    assert data["few_cases"] == []
    json.loads(indicators_json_bytes(empty()))  # null, not NaN: valid JSON


def test_json_bytes_are_utf8_with_accents_as_they_are() -> None:
    raw = indicators_json_bytes(quarter())
    assert "État civil".encode() in raw
    assert json.loads(raw.decode("utf-8"))["contacts_total"] == 350


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(1, 3, 33.3), (2, 3, 66.7), (1, 8, 12.5), (1, 16, 6.3), (0, 5, 0), (7, 7, 100)],
)
def test_rates_have_one_decimal_rounded_half_up(
    numerator: int, denominator: int, expected: float
) -> None:
    assert rate(Ratio(numerator, denominator)) == expected


def test_tenths_round_as_people_do() -> None:
    assert tenths(2.25) == 2.3  # round() would give 2.2
    assert tenths(-2.25) == -2.3
    assert tenths(None) is None


def test_one_row_per_indicator_with_numerator_and_denominator() -> None:
    rows = {row.code: row for row in indicator_rows(quarter())}
    assert len(rows) == len(indicator_rows(quarter()))  # codes are unique
    pickup = rows["pickup_rate"]
    assert (pickup.label, pickup.value, pickup.numerator, pickup.denominator, pickup.unit) == (
        "Taux de décroché",
        83.3,
        100,
        120,
        "%",
    )
    waits = rows["wait_minutes_median"]
    assert (waits.value, waits.numerator, waits.denominator, waits.unit) == (
        6,
        None,
        160,
        "minutes",
    )
    counter = rows["contacts_by_channel.counter"]
    assert (counter.label, counter.value, counter.denominator) == (
        "Contacts : Accueil physique",
        200,
        None,
    )
    assert rows["net_satisfaction"].unit == "points"
    assert rows["complaints_on_time_rate"].few_cases
    assert rows["median_response_hours"].no_case
    assert all(row.label for row in rows.values())


def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs for accents
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_parses_back_one_row_per_indicator() -> None:
    table = read_csv(indicators_csv(quarter()))
    assert tuple(table[0]) == CSV_HEADERS
    assert table[0][:2] == ["Début de période", "Fin de période"]
    body = table[1:]
    assert len(body) == len(indicator_rows(quarter()))
    assert all(len(line) == len(CSV_HEADERS) for line in body)
    assert {(line[0], line[1]) for line in body} == {("01/01/2027", "31/03/2027")}
    by_code = {line[2]: line for line in body}
    assert by_code["pickup_rate"][3:] == ["Taux de décroché", "83,3", "100", "120", "%", ""]
    assert by_code["contacts_total"][4:7] == ["350", "", ""]
    assert by_code["wait_minutes_mean"][4:8] == ["8,3", "", "160", "minutes"]
    assert by_code["complaints_on_time_rate"][8] == FEW_CASES_NOTE
    assert by_code["median_response_hours"][4:] == ["", "", "0", "heures ouvrées", NO_CASE_NOTE]


def test_a_negative_figure_stays_a_number_in_the_csv() -> None:
    figures = quarter()
    unhappy = replace(
        figures, feedback=replace(figures.feedback, satisfaction=SatisfactionCounts(5, 5, 30))
    )
    by_code = {line[2]: line for line in read_csv(indicators_csv(unhappy))[1:]}
    assert by_code["net_satisfaction"][4] == "-62,5"  # not defused into text
    assert indicators_json(unhappy)["net_satisfaction"] == -62.5
