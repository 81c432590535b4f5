"""The commitments poster, read back with pypdf: the referential's engagements word for
word (compared with the JSON file the app ships, not with the code's own copy), the
service's local engagements, delays and contacts, on one A4 or A3 portrait page with
embedded fonts and the metadata a screen reader announces.

Posters are built by hand from dataclasses (no database); the expected words are
written out.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from spplus_desk.domain.documents import AnnouncedDelay, CommitmentsPoster, PaperSize, PrintLook
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.service import ContactPoint
from spplus_desk.reports.commitments_poster import commitments_poster_pdf
from tests.reports.pdf_checks import (
    A3_PORTRAIT,
    A4_PORTRAIT,
    assert_fonts_embedded,
    hours,
    image_count,
    normalised,
    page_sizes,
    page_texts,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    sample_service,
    text_sizes,
    tiny_png,
)

REFERENTIAL = json.loads(
    (Path(__file__).parents[2] / "resources" / "referential" / "sp-2023.json").read_text(
        encoding="utf-8"
    )
)
PRINTED_ON = date(2027, 5, 4)
# No text under 8 pt on A4; an A3 poster is an A4 one enlarged by √2.
FLOOR = {PaperSize.A4: 8.0, PaperSize.A3: 8.0 * 2**0.5}
# As services.request_kinds.acknowledgement_text words it, and the sentence printed.
ACKNOWLEDGEMENT_DELAYS = "sous 7 jours (courriel, formulaire en ligne) ; sous 14 jours (courrier)"
ACKNOWLEDGEMENT = (
    "Nous accusons réception de vos demandes écrites sous 7 jours (courriel, formulaire "
    "en ligne) ; sous 14 jours (courrier)."
)
DELAYS = (
    AnnouncedDelay("Réponse à un courriel", "5 jours ouvrés", (Channel.EMAIL, Channel.ONLINE_FORM)),
    AnnouncedDelay("Réponse à un courrier", "15 jours ouvrés", (Channel.LETTER,)),
    AnnouncedDelay("Rappel téléphonique", "48 heures", ()),
)
BUSY = ("le lundi de 9\u00a0h à 10\u00a0h", "le mardi de 14\u00a0h à 15\u00a0h")
SERVICE = sample_service(
    contact_points=(
        ContactPoint("phone", "04 77 48 77 48", "accueil"),
        ContactPoint("email", "accueil@saint-etienne.fr"),
    )
)


def poster(**changes: object) -> CommitmentsPoster:
    values: dict[str, object] = {
        "service": SERVICE,
        "referential_title": REFERENTIAL["title"],
        "engagements": tuple(REFERENTIAL["engagements"]),
        "local_engagements": (
            "Nous vous recevons sans rendez-vous tous les matins.",
            "Un agent vous aide à faire vos démarches en ligne.",
        ),
        "delays": DELAYS,
        "acknowledgement": ACKNOWLEDGEMENT_DELAYS,
        "busy_hours": BUSY,
        "appointment": "sur rdv.saint-etienne.fr ou au 04 77 48 77 48",
        "printed_on": PRINTED_ON,
    }
    values.update(changes)
    return CommitmentsPoster(**values)  # type: ignore[arg-type]


def a4(made: CommitmentsPoster, look: PrintLook | None = None) -> bytes:
    return commitments_poster_pdf(made, PaperSize.A4, look or PrintLook())


STRESS_ADDRESS = "\n".join(
    [
        "Bâtiment B, 2e étage, porte 214 (accès par la rue des Tanneurs)",
        "Cité administrative Jean Moulin",
        "12 boulevard du Général de Gaulle prolongé",
        "Zone d'activités des Quatre Chemins",
        "BP 12345",
        "97400 Saint-Denis CEDEX 9",
    ]
)
# Six local engagements of 200 characters each, the most the settings accept.
STRESS_LOCAL = tuple(
    (f"Engagement local n° {number} : " + "nous vous répondons avec soin et sans délai, " * 6)[:199]
    + "."
    for number in range(1, 7)
)
STRESS_DELAYS = tuple(
    AnnouncedDelay(
        f"Demande de type {number} au libellé assez long",
        f"{number + 1} jours ouvrés",
        (Channel.EMAIL, Channel.LETTER, Channel.COUNTER),
    )
    for number in range(1, 13)
)
STRESS = poster(
    service=sample_service(
        name="Centre communal d'action sociale et maison France Services de l'agglomération",
        address=STRESS_ADDRESS,
        opening_hours=hours(
            "8:30-12:00 13:30-17:00",
            "8:00-12:00 13:30-18:00",
            "8:30-12:00 13:00-17:00",
            "8:30-12:00 14:00-18:00",
            "8:30-12:00 13:30-16:00",
            "9:00-12:00",
            "",
        ),
        contact_points=(
            ContactPoint("phone", "02 62 12 34 56", "accueil général"),
            ContactPoint("phone", "02 62 12 34 57", "état civil, naissances, mariages et décès"),
            ContactPoint("email", "accueil@ccas-agglomeration-exemple.re", "toutes demandes"),
            ContactPoint("web", "https://www.ccas-agglomeration-exemple.re/demarches", "en ligne"),
        ),
    ),
    local_engagements=STRESS_LOCAL,
    delays=STRESS_DELAYS,
    busy_hours=(*BUSY, "le samedi de 10\u00a0h à 11\u00a0h"),
)


def test_every_engagement_of_the_referential_is_printed_word_for_word_in_order() -> None:
    text = pdf_text(a4(poster()))

    engagements = REFERENTIAL["engagements"]
    assert len(engagements) == 8
    positions = [text.index(f"{number} {normalised(engagement)}") for number, engagement in
                 enumerate(engagements, start=1)]  # fmt: skip
    assert positions == sorted(positions)
    assert "Nos engagements" in text
    assert "Services Publics+, référentiel de mai 2023" in text


def test_local_engagements_follow_under_their_own_heading() -> None:
    text = pdf_text(a4(poster()))

    local = text.index("Nos engagements locaux")
    assert text.index("Nous vous recevons sans rendez-vous tous les matins.") > local
    assert text.index("Un agent vous aide à faire vos démarches en ligne.") > local


def test_announced_delays_are_sentences_with_their_channels() -> None:
    text = pdf_text(a4(poster()))

    assert "Nos délais de réponse" in text
    assert "Réponse à un courriel : sous 5 jours ouvrés Courriel, formulaire en ligne" in text
    assert "Réponse à un courrier : sous 15 jours ouvrés Courrier" in text
    assert "Rappel téléphonique : sous 48 heures" in text  # every channel: none named
    assert text.count(ACKNOWLEDGEMENT) == 1


def test_the_poster_says_how_to_reach_the_service() -> None:
    text = pdf_text(a4(poster()))

    assert "Nous contacter Mairie de Saint-Étienne Place de l'Hôtel de Ville 42000" in text
    assert "Téléphone : 04 77 48 77 48 (accueil)" in text
    assert "Courriel : accueil@saint-etienne.fr" in text
    assert "Horaires d'ouverture" in text
    assert "Du lundi au vendredi 8 h 30 – 12 h 00, 13 h 30 – 17 h 00" in text
    assert "Samedi et dimanche fermé" in text
    assert "Prendre rendez-vous : sur rdv.saint-etienne.fr ou au 04 77 48 77 48" in text
    assert (
        "Horaires d'affluence Affluence la plus forte : le lundi de 9 h à 10 h "
        "et le mardi de 14 h à 15 h." in text
    )


def test_the_poster_reminds_the_right_to_error_and_asks_for_opinions() -> None:
    text = pdf_text(a4(poster()))

    assert "Vous avez droit à l'erreur" in text
    assert "Vous pouvez la corriger sans sanction." in text
    assert "article L123-1" in text
    assert (
        "Votre avis nous intéresse Dites-le à l'accueil, par téléphone au 04 77 48 77 48 "
        "ou par courriel à accueil@saint-etienne.fr." in text
    )
    assert "Mairie de Saint-Étienne — édité le 4 mai 2027" in text  # the footer


def test_what_the_service_did_not_set_is_left_out() -> None:
    bare = poster(
        service=replace(SERVICE, contact_points=()),
        local_engagements=(),
        delays=(),
        acknowledgement="",
        busy_hours=(),
        appointment="",
    )
    text = pdf_text(a4(bare))

    for absent in (
        "Nos engagements locaux",
        "Nos délais de réponse",
        "Horaires d'affluence",
        "Prendre rendez-vous",
        "Téléphone",
    ):
        assert absent not in text
    assert "Nous contacter" in text
    assert "Du lundi au vendredi" in text
    assert "Votre avis nous intéresse Dites-le à l'accueil." in text
    assert normalised(REFERENTIAL["engagements"][7]) in text


@pytest.mark.parametrize(
    ("size", "expected"), [(PaperSize.A4, A4_PORTRAIT), (PaperSize.A3, A3_PORTRAIT)]
)
def test_one_portrait_page_of_the_chosen_size(
    size: PaperSize, expected: tuple[float, float]
) -> None:
    [(width, height)] = page_sizes(commitments_poster_pdf(poster(), size, PrintLook()))
    assert width == pytest.approx(expected[0], abs=1)
    assert height == pytest.approx(expected[1], abs=1)


def smallest_text(data: bytes) -> float:
    return min(size for page in text_sizes(data) for size in page)


@pytest.mark.parametrize("size", [PaperSize.A4, PaperSize.A3])
def test_the_usual_poster_is_one_page_with_no_text_under_8_points(size: PaperSize) -> None:
    data = commitments_poster_pdf(poster(), size, PrintLook(logo=tiny_png()))

    assert len(page_sizes(data)) == 1
    assert smallest_text(data) >= FLOOR[size] - 0.01


@pytest.mark.parametrize("size", [PaperSize.A4, PaperSize.A3])
def test_the_longest_settings_go_on_over_a_second_page_rather_than_under_8_points(
    size: PaperSize,
) -> None:
    data = commitments_poster_pdf(STRESS, size, PrintLook(logo=tiny_png()))

    assert len(page_sizes(data)) == 2
    assert smallest_text(data) >= FLOOR[size] - 0.01
    first_page = page_texts(data)[0]
    assert "Centre communal d'action sociale" in first_page  # the masthead on page 1
    assert "Nos engagements Services Publics+, référentiel de mai 2023 1 " in first_page
    text = pdf_text(data)
    for engagement in (*REFERENTIAL["engagements"], *STRESS_LOCAL):
        assert normalised(engagement) in text
    for number in range(1, 13):
        assert (
            f"Demande de type {number} au libellé assez long : sous {number + 1} jours ouvrés "
            "Courriel, courrier, accueil physique" in text
        )
    for line in STRESS_ADDRESS.splitlines():
        assert line in text
    assert "https://www.ccas-agglomeration-exemple.re/demarches" in text
    assert "Samedi 9 h 00 – 12 h 00" in text
    assert "Votre avis nous intéresse" in text


# A whole catalogue: 31 kinds of request, each with a long label and three channels.
CATALOGUE = tuple(
    AnnouncedDelay(
        f"Demande n° {number} : attestation, certificat ou duplicata",
        f"{number % 20 + 2} jours ouvrés",
        (Channel.EMAIL, Channel.LETTER, Channel.ONLINE_FORM),
    )
    for number in range(1, 32)
)


@pytest.mark.parametrize("size", [PaperSize.A4, PaperSize.A3])
def test_a_catalogue_of_31_kinds_keeps_its_type_over_two_pages_at_most(size: PaperSize) -> None:
    made = poster(delays=CATALOGUE, local_engagements=STRESS_LOCAL)
    data = commitments_poster_pdf(made, size, PrintLook(logo=tiny_png()))

    assert len(page_sizes(data)) <= 2
    assert smallest_text(data) >= FLOOR[size] - 0.01
    first_page, *later = page_texts(data)  # each page's footer first, then its story
    assert "Mairie de Saint-Étienne Nos engagements Services Publics+" in first_page
    assert all("Nos engagements Services Publics+" not in page for page in later)
    text = pdf_text(data)
    for number in range(1, 32):
        assert (
            f"Demande n° {number} : attestation, certificat ou duplicata : sous "
            f"{number % 20 + 2} jours ouvrés Courriel, courrier, formulaire en ligne" in text
        )
    for engagement in (*REFERENTIAL["engagements"], *STRESS_LOCAL):
        assert normalised(engagement) in text
    assert text.count(ACKNOWLEDGEMENT) == 1
    assert "Du lundi au vendredi 8 h 30 – 12 h 00, 13 h 30 – 17 h 00" in text
    assert "Votre avis nous intéresse" in (later or [first_page])[-1]


@pytest.mark.parametrize("logo", [None, tiny_png()], ids=["no-logo", "logo"])
def test_every_font_is_embedded_never_a_standard_one(logo: bytes | None) -> None:
    assert_fonts_embedded(a4(poster(), PrintLook(logo=logo)))
    assert_fonts_embedded(commitments_poster_pdf(STRESS, PaperSize.A3, PrintLook(logo=logo)))


def test_metadata_names_the_poster_and_the_service_in_french() -> None:
    data = a4(poster())

    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Nos engagements — Mairie de Saint-Étienne"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"
    assert pdf_lang(data) == "fr-FR"


def test_the_logo_is_printed_when_set() -> None:
    assert image_count(a4(poster())) == 0
    assert image_count(a4(poster(), PrintLook(logo=tiny_png()))) == 1


def test_a_narrow_no_break_space_in_the_name_survives() -> None:
    name = "France Services n°\u202f3\u202f: Lyon"
    data = a4(poster(service=replace(SERVICE, name=name)), PrintLook(logo=tiny_png()))

    assert "France Services n° 3 : Lyon Nos engagements" in pdf_text(data)
    assert pdf_metadata(data)["/Author"] == name
    assert_fonts_embedded(data)


def test_what_the_service_typed_is_printed_as_text_never_as_markup() -> None:
    odd = poster(
        service=replace(SERVICE, name="Mairie <b>Nord</b> & Sud", address="1 rue <des> Lilas"),
        local_engagements=("Nous répondons <vite> & bien.",),
        delays=(AnnouncedDelay("Demande <urgente> & simple", "2 jours ouvrés", ()),),
        appointment="au guichet <A> & <B>",
    )
    text = pdf_text(a4(odd))

    assert "Mairie <b>Nord</b> & Sud" in text
    assert "1 rue <des> Lilas" in text
    assert "Nous répondons <vite> & bien." in text
    assert "Demande <urgente> & simple : sous 2 jours ouvrés" in text
    assert "Prendre rendez-vous : au guichet <A> & <B>" in text


def test_the_same_poster_always_gets_the_same_text() -> None:
    assert pdf_text(a4(poster())) == pdf_text(a4(poster()))


def test_even_an_absurd_number_of_delays_goes_on_over_pages_at_8_points() -> None:
    delays = tuple(
        AnnouncedDelay(f"Demande n° {number}", "10 jours ouvrés", (Channel.LETTER,))
        for number in range(1, 81)
    )
    data = a4(replace(STRESS, delays=delays))

    pages = page_texts(data)
    assert len(pages) > 1
    assert smallest_text(data) >= 8 - 0.01
    assert "Nos engagements" in pages[0]
    assert all("Nos engagements Services Publics+" not in page for page in pages[1:])
    text = pdf_text(data)
    for number in range(1, 81):
        assert f"Demande n° {number} : sous 10 jours ouvrés Courrier" in text
    assert normalised(STRESS_LOCAL[-1]) in text
    assert "Votre avis nous intéresse" in text


def test_an_acknowledgement_without_delays_still_prints() -> None:
    # The services never give one without the other; the layout must not break on it.
    text = pdf_text(a4(poster(delays=(), acknowledgement="sous 7 jours (courriel)")))
    assert "Nous accusons réception de vos demandes écrites sous 7 jours (courriel)." in text
