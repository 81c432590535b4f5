"""The « Vous nous avez dit… Nous avons fait… » poster, read back with pypdf: each
improvement's two halves side by side, the period in words, one page for a usual list,
several pages (headings repeated) for a long one, a plain sentence when nothing was done.

Posters are built by hand from dataclasses (no database); the expected words are
written out.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from spplus_desk.domain.documents import FeedbackPoster, PaperSize, PrintLook
from spplus_desk.domain.feedback import ImprovementRecord, ImprovementStatus
from spplus_desk.domain.indicators import Period
from spplus_desk.domain.service import ServiceInfo
from spplus_desk.reports.feedback_poster import feedback_poster_pdf
from tests.reports.pdf_checks import (
    A3_PORTRAIT,
    A4_PORTRAIT,
    assert_fonts_embedded,
    image_count,
    page_sizes,
    page_texts,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    sample_service,
    text_sizes,
    tiny_png,
)

YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))
PRINTED_ON = date(2027, 1, 15)
HEADINGS = "Vous nous avez dit… Nous avons fait…"
NOTHING = "Aucune amélioration n'a été terminée sur cette période."
PAIRS = (
    (
        "L'attente au guichet est trop longue le lundi matin.",
        "Nous ouvrons un deuxième guichet le lundi de 8 h 30 à 12 h.",
    ),
    (
        "On ne trouve pas le bureau de l'état civil.",
        "Nous avons posé des panneaux dès l'entrée du bâtiment.",
    ),
    (
        "Les formulaires sont difficiles à comprendre.",
        "Nous avons réécrit nos trois formulaires les plus demandés en langage clair, avec "
        "l'aide d'usagers volontaires.",
    ),
    (
        "Il n'y a pas de place pour les poussettes dans la salle d'attente.",
        "Nous avons réaménagé la salle d'attente.",
    ),
    (
        "Vous ne répondez pas au téléphone entre midi et deux.",
        "Une permanence téléphonique est assurée de 12 h à 14 h.",
    ),
    (
        "Je ne sais pas où en est ma demande.",
        "Nous vous envoyons un courriel à chaque étape de votre demande.",
    ),
    (
        "Le site internet n'indique pas vos horaires.",
        "Nos horaires sont affichés sur la page d'accueil du site.",
    ),
    ("Pas de toilettes accessibles.", "Des toilettes accessibles ont été installées."),
)


def action(said: str, done: str, done_on: date | None = date(2026, 5, 4)) -> ImprovementRecord:
    return ImprovementRecord(
        id=uuid.uuid4(),
        said=said,
        done=done,
        status=ImprovementStatus.DONE,
        done_on=done_on,
        recorded_on=date(2026, 1, 5),
        agent="Claire Martin",
        feedback_ids=frozenset(),
        version=1,
    )


EIGHT = tuple(action(said, done) for said, done in PAIRS)


def poster(
    actions: tuple[ImprovementRecord, ...] = EIGHT, service: ServiceInfo | None = None
) -> FeedbackPoster:
    return FeedbackPoster(service or sample_service(), YEAR_2026, actions, PRINTED_ON)


def a4(made: FeedbackPoster, look: PrintLook | None = None) -> bytes:
    return feedback_poster_pdf(made, PaperSize.A4, look or PrintLook())


def test_each_improvement_shows_what_was_said_beside_what_was_done() -> None:
    data = a4(poster())

    assert len(page_sizes(data)) == 1  # eight improvements: one A4 page
    text = pdf_text(data)
    assert "Mairie de Saint-Étienne Vous nous avez dit… Nous avons fait…" in text
    assert "Les améliorations réalisées du 1er janvier au 31 décembre 2026" in text
    assert "Voici ce que nous avons changé grâce à vous." in text
    assert text.count(HEADINGS) == 2  # the title and the columns' headings
    for said, done in PAIRS:
        assert said in text
        assert done in text
    assert text.count("le 4 mai 2026") == len(PAIRS)
    assert "Votre avis nous intéresse : dites-le à l'accueil, par téléphone" in text
    assert "Mairie de Saint-Étienne — édité le 15 janvier 2027" in text  # the footer


def test_an_action_done_on_an_unknown_day_has_no_date() -> None:
    text = pdf_text(a4(poster((action(*PAIRS[0], done_on=None),))))
    assert PAIRS[0][1] in text
    assert re.search(r"\ble (1er|\d+) \w+ 2026", text) is None


def test_a_long_list_runs_over_pages_with_the_headings_repeated() -> None:
    many = tuple(
        action(f"{number}. {said} {said}", f"{done} {done}", date(2026, 3, number))
        for number, (said, done) in enumerate(PAIRS * 3, start=1)
    )
    data = a4(poster(many))

    pages = page_texts(data)
    assert len(pages) > 1
    for page in pages[1:]:
        assert HEADINGS in page
    text = pdf_text(data)
    for number in range(1, len(many) + 1):
        assert f"{number}. " in text
    assert "le 24 mars 2026" in text
    assert_fonts_embedded(data)


def test_with_nothing_done_the_poster_says_so_plainly() -> None:
    data = a4(poster(()))

    assert len(page_sizes(data)) == 1
    text = pdf_text(data)
    assert NOTHING in text
    assert text.count(HEADINGS) == 1  # the title only: no empty table
    assert "Voici ce que nous avons changé" not in text
    assert "Votre avis nous intéresse" in text


@pytest.mark.parametrize(
    ("size", "expected"), [(PaperSize.A4, A4_PORTRAIT), (PaperSize.A3, A3_PORTRAIT)]
)
def test_one_portrait_page_of_the_chosen_size(
    size: PaperSize, expected: tuple[float, float]
) -> None:
    [(width, height)] = page_sizes(feedback_poster_pdf(poster(), size, PrintLook()))
    assert width == pytest.approx(expected[0], abs=1)
    assert height == pytest.approx(expected[1], abs=1)


@pytest.mark.parametrize("logo", [None, tiny_png()], ids=["no-logo", "logo"])
def test_every_font_is_embedded_never_a_standard_one(logo: bytes | None) -> None:
    assert_fonts_embedded(a4(poster(), PrintLook(logo=logo)))
    assert_fonts_embedded(a4(poster(()), PrintLook(logo=logo)))


def test_metadata_names_the_poster_and_the_service_in_french() -> None:
    data = a4(poster())

    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Vous nous avez dit… Nous avons fait… — Mairie de Saint-Étienne"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"
    assert pdf_lang(data) == "fr-FR"


def test_the_logo_is_printed_when_set() -> None:
    assert image_count(a4(poster())) == 0
    assert image_count(a4(poster(), PrintLook(logo=tiny_png()))) == 1


def test_what_was_typed_is_printed_as_text_never_as_markup() -> None:
    text = pdf_text(
        a4(
            poster(
                (action("Le <guichet> & l'accueil", "Nous avons <tout> revu & corrigé"),),
                service=sample_service(name="Mairie <b>Nord</b> & Sud"),
            )
        )
    )
    assert "Le <guichet> & l'accueil" in text
    assert "Nous avons <tout> revu & corrigé" in text
    assert "Mairie <b>Nord</b> & Sud" in text


def test_a_narrow_no_break_space_in_the_name_survives() -> None:
    name = "France Services n°\u202f3"
    data = a4(poster(service=sample_service(name=name)))

    assert "France Services n° 3 — édité le 15 janvier 2027" in pdf_text(data)
    assert pdf_metadata(data)["/Author"] == name


@pytest.mark.parametrize("count", [8, 10, 24])
def test_no_text_under_8_points_however_many_improvements(count: int) -> None:
    made = tuple(action(f"{n}. {said}", done) for n, (said, done) in enumerate(PAIRS * 3, 1))
    data = a4(poster(made[:count]))

    assert min(size for page in text_sizes(data) for size in page) >= 8 - 0.01
    assert f"{count}. " in pdf_text(data)
