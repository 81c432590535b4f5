"""``indicators``, run as a real process as IT staff script it: the SP+ figures of a
period as JSON (a stable contract), CSV for French Excel and the open data, or a table
for people (issue 6)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.indicators import MIN_SAMPLE, Period
from spplus_desk.reports.indicators_export import (
    CSV_HEADERS,
    FEW_CASES_NOTE,
    indicators_json,
)
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.demo import fill_demo
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.indicators import period_indicators
from spplus_desk.store.location import sqlite_location
from tests.cli.test_commands import assert_user_error, run
from tests.cli.test_register_command import run_bytes
from tests.cli.test_request_commands import FORBIDDEN_MODULES, loaded_modules, where
from tests.support import TEST_LOGIN, FixedClock
from tests.unit.test_indicators_export import REQUIRED_KEYS

RATES = (
    "pickup_rate",
    "on_time_rate",
    "waits_under_15_rate",
    "satisfaction_rate",
    "complaints_on_time_rate",
)
# Around the demo's year, 4 May 2026 to 3 May 2027 (the tests' clock is on 4 May 2027).
YEAR = ("--from", "01/05/2026", "--to", "2027-05-31")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database shared by the module's tests, which only read it."""
    path = tmp_path_factory.mktemp("indicators") / "demo.db"
    clock = FixedClock(datetime(2027, 5, 4, 9, 30, tzinfo=UTC))
    desk = open_desk(sqlite_location(path), clock=clock).desk
    try:
        fill_demo(desk, contacts=2000, seed=3, login=TEST_LOGIN)
    finally:
        desk.close()
    return path


def figures(db: Path, *period: str) -> dict[str, Any]:
    result = run_bytes("--db", str(db), "indicators", *period, "--json")
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout.decode("utf-8"))
    return found


def test_help_is_french() -> None:
    assert "calcule les indicateurs Services Publics+" in run("--help").stdout
    result = run("indicators", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("utilisation : spplus-desk indicators")
    assert "numérateur" in result.stdout
    assert "--json" in result.stdout


def test_json_keys_and_consistency_on_a_demo_year(demo_db: Path) -> None:
    data = figures(demo_db, *YEAR)
    assert set(data) >= REQUIRED_KEYS
    assert data["period"] == {"from": "2026-05-01", "to": "2027-05-31"}
    assert data["contacts_total"] == 2000  # the whole demo
    assert sum(data["contacts_by_channel"].values()) == data["contacts_total"]
    assert set(data["contacts_by_channel"]) == {channel.value for channel in Channel}
    assert sum(m["contacts"] for m in data["contacts_by_motif"]) == data["contacts_total"]
    assert sum(h["contacts"] for h in data["busy_hours"]) == data["contacts_total"]
    assert data["calls_needing_agent"] == data["contacts_by_channel"]["phone"]
    assert 0 < data["calls_answered"] < data["calls_needing_agent"]  # missed calls too
    for key in (*RATES, "satisfaction_rate"):
        assert data[key] is None or 0 <= data[key] <= 100, key
    assert -100 <= data["net_satisfaction"] <= 100
    assert data["satisfaction_answers"] == data["satisfied"] + data["mixed"] + data["dissatisfied"]
    assert data["requests_on_time"] <= data["requests_due"]
    assert data["wait_minutes_median"] <= data["wait_minutes_p90"]
    assert data["median_response_days"] <= data["p90_response_days"]
    assert min(data["complaints"], data["suggestions"], data["compliments"]) > 0
    assert data["improvements_done"] >= 1
    assert data["right_to_error_cases"] == sum(data["right_to_error_by_outcome"].values()) > 0
    assert all(key in data for key in data["few_cases"])


def test_the_command_writes_what_the_service_computes(demo_db: Path) -> None:
    # Same clock as the process (the real one): the same figures, key for key.
    desk = open_desk(sqlite_location(demo_db), create=False).desk
    try:
        period = Period(date(2026, 5, 1), date(2027, 5, 31))
        expected = indicators_json(period_indicators(desk, period))
    finally:
        desk.close()
    assert figures(demo_db, *YEAR) == json.loads(json.dumps(expected))


def test_the_files_count_short_waits_as_the_service_does() -> None:
    from spplus_desk.reports import indicators_export
    from spplus_desk.services import indicators

    assert indicators_export.SHORT_WAIT_MINUTES == indicators.SHORT_WAIT_MINUTES


def test_rates_are_null_without_a_case(demo_db: Path) -> None:
    data = figures(demo_db, "--from", "2020-01-01", "--to", "31/12/2020")
    assert data["contacts_total"] == 0
    assert all(data[key] is None for key in (*RATES, "net_satisfaction", "median_response_days"))
    assert data["few_cases"] == []


def test_csv_one_row_per_indicator(demo_db: Path) -> None:
    result = run_bytes("--db", str(demo_db), "indicators", *YEAR, "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    text = result.stdout.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert tuple(table[0]) == CSV_HEADERS
    body = table[1:]
    assert text.count("\r\n") == len(table)
    codes = [line[2] for line in body]
    assert len(codes) == len(set(codes))
    assert {(line[0], line[1]) for line in body} == {("01/05/2026", "31/05/2027")}
    rows = {line[2]: line for line in body}
    total = int(rows["contacts_total"][4])
    assert total == 2000
    by_channel = [int(line[4]) for code, line in rows.items() if code.startswith("contacts_by_")]
    assert sum(by_channel) == total
    pickup = rows["pickup_rate"]
    assert pickup[3] == "Taux de décroché"
    assert pickup[7] == "%"
    numerator, denominator = int(pickup[5]), int(pickup[6])
    value = float(pickup[4].replace(",", "."))  # the decimal comma of French Excel
    assert value == pytest.approx(100 * numerator / denominator, abs=0.05)
    for line in body:
        if line[7] == "%" and line[4]:
            assert 0 <= float(line[4].replace(",", ".")) <= 100, line


def test_table_for_people(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "indicators", *YEAR)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Indicateurs Services Publics+ du 01/05/2026 au 31/05/2027"
    assert "Contacts" in lines
    pickup = next(line for line in lines if "Taux de décroché" in line)
    assert "\u202f%" in pickup
    assert " sur " in pickup  # « n sur d »
    assert any("Satisfaction nette" in line and "points" in line for line in lines)


def test_figures_on_few_cases_say_so(desk: Desk, clock: FixedClock) -> None:
    """Three calls and a visit on a known day, on SQLite or PostgreSQL."""
    day = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    outcomes = [ContactOutcome.IMMEDIATE_ANSWER] * 2 + [ContactOutcome.MISSED_CALL]
    for minute, outcome in enumerate(outcomes):
        clock.at = day + timedelta(minutes=minute)
        draft = ContactDraft(channel=Channel.PHONE, outcome=outcome)
        log_contact(desk, login=TEST_LOGIN, draft=draft)
    visit = ContactDraft(channel=Channel.COUNTER, outcome=ContactOutcome.IMMEDIATE_ANSWER)
    log_contact(desk, login=TEST_LOGIN, draft=visit)
    result = run_bytes(
        *where(desk), "indicators", "--from", "2026-03-10", "--to", "2026-03-10", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["contacts_total"] == 4
    assert data["contacts_by_channel"]["phone"] == 3
    assert (data["calls_needing_agent"], data["calls_answered"]) == (3, 2)
    assert data["pickup_rate"] == 66.7
    assert data["few_cases"] == ["pickup_rate"]  # 3 calls < MIN_SAMPLE
    assert data["min_sample"] == MIN_SAMPLE
    table = run(*where(desk), "indicators", "--from", "10/03/2026", "--to", "10/03/2026")
    pickup = next(line for line in table.stdout.splitlines() if "Taux de décroché" in line)
    assert "2 sur 3 : trop peu de cas pour un pourcentage fiable" in pickup
    one_day = ("--from", "2026-03-10", "--to", "2026-03-10")
    lines = run_bytes(*where(desk), "indicators", *one_day, "--csv").stdout.decode("utf-8-sig")
    pickup = next(line for line in lines.splitlines() if ";pickup_rate;" in line)
    assert pickup.endswith(f";66,7;2;3;%;{FEW_CASES_NOTE}")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "hier", "--to", "2027-01-31"], "Date illisible pour --from : « hier »"),
        (["--from", "2027-01-01", "--to", "31/02/2027"], "Date illisible pour --to"),
        (
            ["--from", "2027-05-04", "--to", "01/05/2027"],
            "La période est à l'envers : --from (04/05/2027) est après --to (01/05/2027).",
        ),
        (["--from", "2027-01-01"], "obligatoire(s) manquant(s) : --to"),
        (["--to", "2027-01-01"], "obligatoire(s) manquant(s) : --from"),
        (["--from", "2027-01-01", "--to", "2027-01-31", "--json", "--csv"], "ensemble"),
    ],
)
def test_mistakes_get_one_french_sentence_before_any_database(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    missing = tmp_path / "absent.db"
    result = run("--db", str(missing), "indicators", *args)
    assert_user_error(result, expected)
    assert result.stdout == ""
    assert not missing.exists()


def test_needs_an_existing_database_and_never_creates_one(tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"
    result = run("--db", str(missing), "indicators", *YEAR, "--json")
    assert_user_error(result, "Aucune base de données", "init")
    assert result.stdout == ""
    assert not missing.exists()


def test_loads_no_heavy_module(demo_db: Path) -> None:
    loaded = loaded_modules("--db", str(demo_db), "indicators", *YEAR, "--csv")
    assert not loaded & set(FORBIDDEN_MODULES)


def test_the_demo_says_what_it_heard(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "demo.db"), "demo", "--contacts", "300", "--seed", "2")
    assert result.returncode == 0, result.stderr
    heard = next(line for line in result.stdout.splitlines() if line.startswith("15 avis"))
    assert heard.startswith("15 avis enregistrés : 8 réclamations, 5 suggestions et 2 compliments")
    assert "4 actions d'amélioration, dont 2 réalisées." in heard
