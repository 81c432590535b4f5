"""The indicator charts, read back as SVG (what the dashboard shows) and as PDF text
(what the poster will print). The indicators are built by hand; the expected labels and
values are written out, never computed by the code under test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import CaseOutcome
from spplus_desk.domain.indicators import (
    ContactIndicators,
    FeedbackIndicators,
    Indicators,
    Period,
    Ratio,
    RequestIndicators,
    SatisfactionCounts,
    distribution,
)
from spplus_desk.domain.service import OpeningHours, TimeRange
from spplus_desk.reports.indicator_charts import (
    Chart,
    busy_hours_chart,
    channel_chart,
    dashboard_charts,
    error_cases_chart,
    on_time_chart,
    opening_span,
    satisfaction_chart,
    svg_bytes,
)
from spplus_desk.reports.indicator_charts_hours import shade_limits

SVG = "{http://www.w3.org/2000/svg}"
N = "\u202f"  # French thousands separator and space before %
NB = "\u00a0"  # between a number and its unit
MARCH = Period(date(2027, 3, 1), date(2027, 3, 31))
NO_CONTACTS = ContactIndicators(MARCH, {}, (), {}, Ratio(0, 0), distribution([], 15))
NO_REQUESTS = RequestIndicators(Ratio(0, 0), distribution([]), distribution([]), ())
NO_FEEDBACK = FeedbackIndicators(SatisfactionCounts(), {}, 0, Ratio(0, 0), 0, 0, 0)
NOTHING = Indicators(MARCH, NO_CONTACTS, NO_REQUESTS, NO_FEEDBACK, {})
# Monday 9 h: 14 contacts, the busiest; Tuesday 14 h: 5; Sunday 23 h: an e-mail.
BUSY = {(0, 9): 14, (0, 10): 3, (1, 14): 5, (5, 11): 1, (6, 23): 1}


def indicators(**changes: object) -> Indicators:
    contacts = ContactIndicators(
        MARCH,
        {Channel.COUNTER: 1234, Channel.PHONE: 842, Channel.EMAIL: 311, Channel.LETTER: 4},
        (),
        BUSY,
        Ratio(800, 842),
        distribution([4, 9, 12, 20, 35], 15),
    )
    requests = RequestIndicators(
        Ratio(46, 50),
        distribution([1, 2, 3]),
        distribution([]),
        (
            ("Acte d'état civil", Ratio(40, 42)),
            ("Urbanisme", Ratio(5, 7)),
            ("Cimetière", Ratio(1, 1)),
        ),
    )
    feedback = FeedbackIndicators(SatisfactionCounts(46, 8, 6), {}, 5, Ratio(4, 5), 3, 2, 1)
    values: dict[str, object] = {
        "period": MARCH,
        "contacts": contacts,
        "requests": requests,
        "feedback": feedback,
        "error_cases": {CaseOutcome.NO_SANCTION: 7, CaseOutcome.PENDING: 2},
    }
    return Indicators(**{**values, **changes})  # type: ignore[arg-type]


def svg_of(chart: Chart) -> ET.Element:
    return ET.fromstring(svg_bytes(chart))


def texts(chart: Chart) -> list[str]:
    """The SVG's texts in drawing order."""
    return [node.text or "" for node in svg_of(chart).iter(f"{SVG}text")]


def top_down(chart: Chart, wanted: list[str]) -> list[str]:
    """Which of ``wanted`` the chart shows, from its top to its bottom: the texts' heights
    in the drawing (reportlab's y grows upwards; groups move their texts by a matrix)."""
    found: list[tuple[float, str]] = []

    def walk(node: ET.Element, rise: float) -> None:
        match = re.search(r"matrix\(([^)]*)\)", node.get("transform", ""))
        if node.tag == f"{SVG}g" and match:
            rise += float(match.group(1).split(",")[5])
        if node.tag == f"{SVG}text" and node.text in wanted:
            found.append((rise + float(node.get("y", "0")), node.text))
        for child in node:
            walk(child, rise)

    walk(svg_of(chart), 0.0)
    return [text for _, text in sorted(found, key=lambda item: -item[0])]


def fills(chart: Chart) -> list[str]:
    """The fill colours of the SVG's rectangles, in drawing order."""
    styles = [node.get("style", "") for node in svg_of(chart).iter(f"{SVG}rect")]
    return [part.split(":")[1].strip() for s in styles for part in s.split(";") if "fill:" in part]


def test_contacts_by_channel_the_most_used_first_with_counts_and_shares() -> None:
    chart = channel_chart(indicators())
    shown = texts(chart)
    assert shown[0] == "Contacts par canal"
    labels = ["Accueil physique", "Téléphone", "Courriel", "Courrier"]
    assert top_down(chart, labels) == labels
    for value in (f"1{N}234 (52{N}%)", f"842 (35{N}%)", f"311 (13{N}%)", f"4 (<{NB}1{N}%)"):
        assert value in shown
    assert f"2{N}391 contacts sur la période." in shown
    root = svg_of(chart)
    assert root.findtext(f"{SVG}title") == "Contacts par canal"
    assert f"Accueil physique : 1{N}234 (52{N}%)" in (root.findtext(f"{SVG}desc") or "")


def test_a_chart_without_data_says_so_instead_of_an_empty_axis() -> None:
    for chart in dashboard_charts(NOTHING):
        assert texts(chart) == [chart.title, "Aucune donnée sur la période"]
        assert chart.description == "Aucune donnée sur la période"
        assert fills(chart) == ["none"]  # the frame alone: no bar, no cell


def test_the_busy_hours_grid_over_the_opening_hours() -> None:
    hours = opening_span(OpeningHours.default())  # 8 h 30 – 12 h, 13 h 30 – 17 h
    assert hours == range(8, 17)
    chart = busy_hours_chart(indicators(), hours)
    shown = texts(chart)
    assert shown[0] == "Horaires d'affluence"
    assert [t for t in shown if t.endswith(f"{NB}h")] == [f"{h}{NB}h" for h in range(8, 17)]
    days = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"]
    assert top_down(chart, [*days, "Dimanche"]) == days  # no Sunday row
    assert {"14", "3", "5", "1"} <= set(shown)
    # Five shades up to the busiest cell, each in the legend, the darkest for Monday 9 h.
    assert shade_limits(14) == (3, 6, 9, 12, 14)
    assert [t for t in shown if t == "aucun" or " à " in t] == [
        "aucun",
        "1 à 3",
        "4 à 6",
        "7 à 9",
        "10 à 12",
        "13 à 14",
    ]
    assert fills(chart).count("rgb(0%,0%,56%)") == 2  # the busiest cell and its swatch
    # The Sunday e-mail is outside the grid, and said to be.
    assert "1 contact en dehors de cette grille (dimanche ou hors des heures d'ouverture)." in shown
    assert "lundi de 9\u00a0h à 10\u00a0h (14 contacts)" in chart.description


def test_the_busy_hours_grid_without_opening_hours_covers_the_day_and_the_contacts() -> None:
    late = indicators(
        contacts=ContactIndicators(
            MARCH, {Channel.PHONE: 2}, (), {(2, 19): 2}, Ratio(2, 2), distribution([], 15)
        )
    )
    shown = texts(busy_hours_chart(late))
    assert [t for t in shown if t.endswith(f"{NB}h")] == [f"{h}{NB}h" for h in range(8, 20)]
    assert not any("en dehors" in t for t in shown)
    assert shade_limits(2) == (1, 2)  # fewer contacts than shades: one per count


def test_a_service_open_late_on_saturday_widens_the_grid() -> None:
    days: list[tuple[TimeRange, ...]] = [(TimeRange(time(9), time(12)),)] * 5
    days += [(TimeRange(time(8, 30), time(18, 30)),), ()]
    assert opening_span(OpeningHours(tuple(days))) == range(8, 19)
    assert opening_span(OpeningHours(((),) * 7)) == range(8, 18)


def test_requests_on_time_by_kind_from_0_to_100_percent() -> None:
    chart = on_time_chart(indicators())
    shown = texts(chart)
    assert shown[0] == "Demandes traitées dans les délais annoncés, par type"
    assert f"95{N}% (40 sur 42)" in shown
    assert f"71{N}% (5 sur 7) *" in shown  # too few: marked, and grey
    assert f"100{N}% (1 sur 1) *" in shown
    assert f"Toutes les demandes : 92{N}% (46 sur 50)" in shown
    assert "* moins de 20 cas : trop peu de cas pour un pourcentage fiable." in shown
    assert "rgb(57%,57%,57%)" in fills(chart)


def test_only_the_most_frequent_kinds_and_the_others_counted() -> None:
    kinds = tuple((f"Type {n}", Ratio(20, 25)) for n in range(10))
    many = RequestIndicators(Ratio(200, 250), distribution([]), distribution([]), kinds)
    shown = texts(on_time_chart(indicators(requests=many)))
    assert "Type 7" in shown
    assert "Type 8" not in shown
    assert "+ 2 autres types, non montrés" in shown
    assert not any(t.endswith("*") for t in shown)


def test_satisfaction_with_its_rate_and_net_score() -> None:
    chart = satisfaction_chart(indicators())
    shown = texts(chart)
    answers = ["Satisfait", "Moyennement satisfait", "Pas satisfait"]
    values = [f"46 (77{N}%)", f"8 (13{N}%)", f"6 (10{N}%)"]
    assert top_down(chart, answers) == answers
    assert top_down(chart, values) == values
    assert (
        f"Taux de satisfaction : 77{N}% (46 sur 60) · satisfaction nette : +67{NB}points" in shown
    )
    assert "rgb(88%,0%,5%)" in fills(chart)  # « pas satisfait » in red, the only red


def test_few_satisfaction_answers_are_flagged() -> None:
    few = NO_FEEDBACK.__class__(SatisfactionCounts(2, 1, 0), {}, 0, Ratio(0, 0), 0, 0, 0)
    shown = texts(satisfaction_chart(indicators(feedback=few)))
    assert "Moins de 20 réponses : trop peu de cas pour un pourcentage fiable." in shown


def test_right_to_error_cases_by_outcome() -> None:
    chart = error_cases_chart(indicators())
    shown = texts(chart)
    outcomes = [
        "En attente",
        "Aucune sanction",
        "Sanction écartée",
        "Sanction maintenue",
        "Non éligible",
    ]
    assert top_down(chart, outcomes) == outcomes
    assert "9 cas sur la période (cas annulés exclus)." in shown
    assert {"2", "7", "0"} <= set(shown)


@pytest.mark.parametrize("make", [channel_chart, on_time_chart, satisfaction_chart])
def test_the_same_drawing_prints_on_paper_with_french_spaces(
    make: Callable[[Indicators], Chart], tmp_path: Path
) -> None:
    chart = make(indicators())
    renderPDF.drawToFile(chart, str(tmp_path / "chart.pdf"))
    page = PdfReader(tmp_path / "chart.pdf").pages[0]
    text = page.extract_text()
    assert chart.title in text
    assert f"{N}%" in text  # the narrow no-break space survives: an embedded TTF


def test_the_charts_do_not_need_qt() -> None:
    code = (
        "import sys; import spplus_desk.reports.indicator_charts as c; "
        "assert 'PySide6' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
