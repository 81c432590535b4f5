"""The results poster, read back with pypdf: the figures of a period built by hand (the
charts' test factory), each with its numerator and denominator, the few-cases remark,
the charts, the paper and the metadata. The expected figures are written out, never
computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from spplus_desk.domain.documents import PaperSize, PrintLook, ResultsPoster
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import CaseOutcome
from spplus_desk.domain.indicators import (
    ContactIndicators,
    FeedbackIndicators,
    Period,
    Ratio,
    RequestIndicators,
    SatisfactionCounts,
    distribution,
)
from spplus_desk.reports.results_poster import results_poster_pdf
from spplus_desk.reports.results_poster_text import key_figures
from spplus_desk.ui.dashboard_data import sections
from tests.reports.pdf_checks import (
    A3_PORTRAIT,
    A4_PORTRAIT,
    assert_fonts_embedded,
    image_count,
    page_sizes,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    sample_service,
    tiny_png,
)
from tests.reports.test_indicator_charts import NOTHING, indicators

YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))
PRINTED_ON = date(2027, 1, 5)
FEW = "moins de 20 cas : à interpréter avec prudence"


def poster_pdf(
    size: PaperSize = PaperSize.A4, look: PrintLook | None = None, **changes: object
) -> str:
    """The poster's text for the charts' factory indicators over 2026, ``changes``
    replacing some of them."""
    return pdf_text(poster_bytes(size, look, **changes))


def poster_bytes(
    size: PaperSize = PaperSize.A4, look: PrintLook | None = None, **changes: object
) -> bytes:
    poster = ResultsPoster(
        sample_service(), indicators(period=YEAR_2026, **changes), range(8, 17), PRINTED_ON
    )
    return results_poster_pdf(poster, size, look or PrintLook())


def test_the_key_figures_in_large_with_what_they_are_computed_from() -> None:
    text = poster_pdf()
    title = "Mairie de Saint-Étienne Nos résultats Du 1er janvier au 31 décembre 2026 Taux"
    assert title in text
    # The labels of a row, then its values, then their details (a table's rows).
    assert (
        "Taux de décroché Demandes traitées dans les délais annoncés Délai médian de réponse "
        "95 % 92 % 2 jours "
        "800 sur 842 appels à décrocher 46 sur 50 demandes arrivées à échéance sur 3 réponses "
        f"{FEW} "
        "Taux de satisfaction Satisfaction nette 77 % +67 points "
        "46 sur 60 réponses % de satisfaits − % de pas satisfaits, sur 60 réponses"
    ) in text


def test_the_dashboard_charts_follow_the_figures() -> None:
    text = poster_pdf()
    titles = [
        "Demandes traitées dans les délais annoncés, par type",
        "Satisfaction des usagers",
        "Contacts par canal",
    ]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert text.index("+67 points") < positions[0]
    for shown in ("Acte d'état civil", "95 % (40 sur 42)", "71 % (5 sur 7) *", "1 234 (52 %)"):
        assert shown in text
    assert "Taux de satisfaction : 77 % (46 sur 60) · satisfaction nette : +67 points" in text


def test_the_right_to_error_and_the_complaints_in_small_print() -> None:
    text = poster_pdf()
    assert (
        "Droit à l'erreur : 9 cas examinés sur la période (en attente : 2 ; aucune sanction : 7)."
    ) in text
    assert f"Réclamations répondues dans les délais : 80 % (4 sur 5, {FEW})." in text


def test_a_figure_from_few_cases_is_flagged_and_one_from_enough_is_not() -> None:
    few_answers = FeedbackIndicators(SatisfactionCounts(9, 2, 1), {}, 0, Ratio(0, 0), 0, 0, 0)
    many_answers = RequestIndicators(
        Ratio(46, 50), distribution([2] * 25), distribution([]), (("Urbanisme", Ratio(46, 50)),)
    )
    text = poster_pdf(feedback=few_answers, requests=many_answers, error_cases={})
    assert (
        "Taux de satisfaction Satisfaction nette 75 % +67 points "
        f"9 sur 12 réponses {FEW} % de satisfaits − % de pas satisfaits, sur 12 réponses {FEW}"
    ) in text
    assert "92 % 2 jours 800 sur 842 appels à décrocher" in text
    assert "46 sur 50 demandes arrivées à échéance sur 25 réponses Taux de satisfaction" in text
    assert text.count(FEW) == 2
    # Neither right-to-error cases nor complaints fell due: no line for them.
    assert "Droit à l'erreur" not in text
    assert "Réclamations" not in text


def test_a_period_without_any_case_shows_dashes_not_zeros() -> None:
    poster = ResultsPoster(sample_service(), NOTHING, None, PRINTED_ON)
    text = pdf_text(results_poster_pdf(poster, PaperSize.A4, PrintLook()))
    assert "Du 1er au 31 mars 2027" in text
    assert "– – – aucun cas sur la période aucun cas sur la période aucune réponse" in text
    assert "0 %" not in text
    assert text.count("Aucune donnée sur la période") == 4  # the busy hours fit too
    assert "Horaires d'affluence" in text


def test_the_median_in_hours_when_every_delay_is_in_hours() -> None:
    in_hours = RequestIndicators(
        Ratio(46, 50), distribution([]), distribution([2, 4, 5]), (("Urbanisme", Ratio(46, 50)),)
    )
    text = poster_pdf(requests=in_hours)
    assert "92 % 4 h 800 sur 842" in text
    assert f"heures d'ouverture, sur 3 réponses {FEW}" in text


def test_both_medians_when_delays_are_in_days_and_in_hours() -> None:
    kinds = (("Urbanisme", Ratio(20, 21)), ("Courriel", Ratio(26, 29)))
    both = RequestIndicators(Ratio(46, 50), distribution([1] * 30), distribution([2.5] * 21), kinds)
    text = poster_pdf(requests=both)
    assert "92 % 1 jour 800 sur 842" in text
    assert "sur 30 réponses ; délais en heures : 2,5 h d'ouverture (21 réponses)" in text


def test_the_busy_hours_grid_when_it_fits_at_a_readable_size() -> None:
    assert "Horaires d'affluence" not in poster_pdf()  # three kinds, four channels, notes
    few_contacts = ContactIndicators(
        YEAR_2026,
        {Channel.COUNTER: 12, Channel.PHONE: 5},
        (),
        {(0, 9): 4, (1, 14): 2},
        Ratio(5, 5),
        distribution([], 15),
    )
    one_kind = RequestIndicators(
        Ratio(3, 4), distribution([]), distribution([]), (("Rendez-vous", Ratio(3, 4)),)
    )
    text = poster_pdf(contacts=few_contacts, requests=one_kind)
    hours = " ".join(f"{hour} h" for hour in range(8, 17))
    assert f"Horaires d'affluence {hours} Lundi 4 Mardi 2 Mercredi Jeudi" in text


@pytest.mark.parametrize(
    ("size", "paper"), [(PaperSize.A4, A4_PORTRAIT), (PaperSize.A3, A3_PORTRAIT)]
)
def test_one_portrait_page_of_the_size_asked_with_its_fonts_and_metadata(
    size: PaperSize, paper: tuple[float, float]
) -> None:
    data = poster_bytes(size)
    assert page_sizes(data) == [pytest.approx(paper, abs=0.01)]
    assert_fonts_embedded(data)
    assert pdf_lang(data) == "fr-FR"
    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Nos résultats — Mairie de Saint-Étienne"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"
    text = pdf_text(data)
    assert text.startswith("Mairie de Saint-Étienne — édité le 5 janvier 2027 ")  # the footer
    assert image_count(data) == 0


def test_many_kinds_of_request_still_make_one_page_with_the_logo() -> None:
    kinds = tuple((f"Type {n}", Ratio(20, 25)) for n in range(10))
    many = RequestIndicators(Ratio(200, 250), distribution([1] * 30), distribution([]), kinds)
    data = poster_bytes(PaperSize.A4, PrintLook(logo=tiny_png()), requests=many)
    assert len(page_sizes(data)) == 1
    assert image_count(data) == 1
    text = pdf_text(data)
    assert "Type 7" in text
    assert "+ 2 autres types, non montrés" in text


def test_outcomes_are_named_in_the_registers_order() -> None:
    cases = {CaseOutcome.SANCTION_MAINTAINED: 1, CaseOutcome.NO_SANCTION: 1}
    text = poster_pdf(error_cases=cases)
    assert (
        "Droit à l'erreur : 2 cas examinés sur la période "
        "(aucune sanction : 1 ; sanction maintenue : 1)."
    ) in text
    assert "Droit à l'erreur : 1 cas examiné sur la période" in poster_pdf(
        error_cases={CaseOutcome.PENDING: 1}
    )


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), "du 1er janvier au 31 décembre 2026"),
        (date(2027, 5, 1), date(2027, 5, 31), "du 1er au 31 mai 2027"),
        (date(2026, 12, 1), date(2027, 2, 28), "du 1er décembre 2026 au 28 février 2027"),
        (date(2027, 3, 2), date(2027, 4, 1), "du 2 mars au 1er avril 2027"),
        (date(2027, 5, 4), date(2027, 5, 4), "le 4 mai 2027"),
    ],
)
def test_a_period_in_words(first: date, last: date, words: str) -> None:
    assert Period(first, last).text() == words


def test_the_poster_prints_the_dashboards_very_figures() -> None:
    """The same value and small print on paper as on screen (their labels and warnings
    are each worded for their medium)."""
    figures = indicators(period=YEAR_2026)
    cards = {card.key: card for section in sections(figures) for card in section.figures}
    tiles = key_figures(figures)
    pairs = [
        (tiles[0], "pickup"),
        (tiles[1], "on_time"),
        (tiles[3], "satisfaction"),
        (tiles[4], "net_satisfaction"),
    ]
    for tile, key in pairs:
        assert (tile.value, tile.detail) == (cards[key].value, cards[key].detail)
        assert bool(tile.remark) == bool(cards[key].warning)
    assert tiles[2].value == cards["response_days"].value == "2\u00a0jours"
