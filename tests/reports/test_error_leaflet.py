"""The right-to-error leaflet, read back as a person's tools would: pypdf for the pages
and their text.

Services are built by hand; the expected words are written out, never computed by the
code under test. Whatever the service gives (a six-line address, eight contact points,
different hours every day), the leaflet is one A4 portrait page.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject

from spplus_desk.domain.departements import departement
from spplus_desk.domain.service import ContactPoint
from spplus_desk.reports.error_leaflet import leaflet_pdf
from spplus_desk.reports.error_leaflet_text import french, hours_rows
from tests.reports.pdf_checks import WEEKDAYS, hours
from tests.reports.pdf_checks import page_texts as pages
from tests.reports.pdf_checks import sample_service as service

ENGAGEMENT = (
    "Dans le respect mutuel, vous êtes accueillis avec bienveillance et avez le droit à l'erreur"
)
LEGAL_BASIS = (
    "Loi n° 2018-727 du 10 août 2018 pour un État au service d'une société de confiance — "
    "articles L123-1 et L123-2 du code des relations entre le public et l'administration."
)
EXCLUSIONS = (
    "en cas de fraude ou de mauvaise foi ;",
    "si vous refaites la même erreur ;",
    "si vous déclarez en retard ;",
    "aux règles qui protègent la santé publique, la sécurité des personnes et des biens, "
    "ou l'environnement ;",
    "aux sanctions prévues par le droit de l'Union européenne ;",
    "aux sanctions prévues par un contrat ;",
    "aux sanctions des autorités qui contrôlent certaines professions.",
)
PRINTED_ON = date(2027, 5, 4)
A4_PORTRAIT = (595, 842)  # points, rounded


CROWDED_POINTS = (
    ContactPoint("phone", "02 62 12 34 56", "accueil général"),
    ContactPoint("phone", "02 62 12 34 57", "état civil, naissances, mariages et décès"),
    ContactPoint("phone", "02 62 12 34 58", "rendez-vous pour les passeports et cartes d'identité"),
    ContactPoint("email", "accueil@ccas-agglomeration-exemple.re", "toutes demandes"),
    ContactPoint("email", "etat-civil@ccas-agglomeration-exemple.re", "actes d'état civil"),
    ContactPoint("web", "https://www.ccas-agglomeration-exemple.re/demarches", "en ligne"),
    ContactPoint("phone", "+262262123459", "urgences sociales le week-end"),
    ContactPoint("email", "droit-erreur@ccas-agglomeration-exemple.re", "signaler une erreur"),
)
CROWDED = service(
    name="Centre communal d'action sociale et maison France Services de l'agglomération",
    address="\n".join(
        [
            "Bâtiment B, 2e étage, porte 214 (accès par la rue des Tanneurs)",
            "Cité administrative Jean Moulin",
            "12 boulevard du Général de Gaulle prolongé",
            "Zone d'activités des Quatre Chemins",
            "BP 12345",
            "97400 Saint-Denis CEDEX 9",
        ]
    ),
    departement=departement("974"),
    time_zone="Indian/Reunion",
    opening_hours=hours(
        "8:30-12:00 13:30-17:00",
        "8:00-12:00 13:30-18:00",
        "8:30-12:00 13:00-17:00",
        "8:30-12:00 14:00-18:00",
        "8:30-12:00 13:30-16:00",
        "9:00-12:00",
        "",
    ),
    contact_points=CROWDED_POINTS,
)


def only_page(data: bytes) -> str:
    [page] = pages(data)
    return page


def test_the_leaflet_explains_the_right_to_error_on_one_a4_page() -> None:
    data = leaflet_pdf(service(), engagement=ENGAGEMENT, printed_on=PRINTED_ON)

    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_PORTRAIT
    text = only_page(data)
    assert "Le droit à l'erreur" in text
    assert "Vous avez fait une erreur de bonne foi ? Vous pouvez la corriger sans sanction." in text
    for heading in (
        "De quoi s'agit-il ?",
        "À quelles conditions ?",
        "Ce qui n'est pas couvert",
        "Que faire ?",
        "Nous contacter",
    ):
        assert heading in text
    assert f"« {ENGAGEMENT} »" in text
    for exclusion in EXCLUSIONS:
        assert exclusion in text
    assert "C'est la première fois que vous faites cette erreur." in text
    assert "Prévenez-nous dès que possible." in text
    assert LEGAL_BASIS in text


def test_the_leaflet_says_how_to_reach_the_service() -> None:
    text = only_page(leaflet_pdf(service(), engagement=ENGAGEMENT, printed_on=PRINTED_ON))

    assert "Mairie de Saint-Étienne Le droit à l'erreur" in text  # the name above the title
    assert "Place de l'Hôtel de Ville 42000 Saint-Étienne" in text
    assert "Téléphone : 04 77 48 77 48" in text
    assert "Courriel : accueil@saint-etienne.fr" in text
    assert "Horaires d'ouverture" in text
    assert "Du lundi au vendredi 8 h 30 – 12 h 00, 13 h 30 – 17 h 00" in text
    assert "Samedi et dimanche fermé" in text
    assert "Mairie de Saint-Étienne — imprimé le 4 mai 2027" in text  # the footer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De quoi s'agit-il ?", "De quoi\xa0s'agit-il\xa0?"),
        ("Vous êtes de bonne foi : vous", "Vous êtes de bonne foi\xa0:\xa0vous"),
        ("en cas de fraude ou de mauvaise foi ;", "en cas de fraude ou de mauvaise\xa0foi\xa0;"),
        ("on dit « régulariser » ici", "on dit «\xa0régulariser\xa0»\xa0ici"),
        ("Loi n° 2018-727", "Loi n°\xa02018-727"),
        ("Que faire", "Que faire"),  # two words: nothing to tie
    ],
)
def test_french_spacing_never_lets_a_sign_or_a_word_start_a_line_alone(
    text: str, expected: str
) -> None:
    # U+00A0: reportlab breaks lines at U+202F, so only U+00A0 holds the sign on the line
    # (the extracted text of a PDF reads both as plain spaces, hence a test of the text).
    assert french(text) == expected


def test_no_date_is_printed_unless_given() -> None:
    text = only_page(leaflet_pdf(service(), engagement=ENGAGEMENT))
    assert "imprimé" not in text
    assert "Mairie de Saint-Étienne Loi n° 2018-727" not in text


def test_a_crowded_service_still_gets_one_page_with_everything() -> None:
    data = leaflet_pdf(CROWDED, engagement=ENGAGEMENT, printed_on=PRINTED_ON)

    text = only_page(data)
    # The name above the title went first, to keep the type large (the footer, drawn
    # first, comes before the title in the text); it is still under "Nous contacter".
    assert "imprimé le 4 mai 2027 Le droit à l'erreur" in text
    assert CROWDED.name in text
    assert "Cité administrative Jean Moulin" in text
    assert "97400 Saint-Denis CEDEX 9" in text
    for point in CROWDED_POINTS:
        assert point.value in text
        assert f"({point.purpose})" in text
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"):
        assert day in text
    assert "9 h 00 – 12 h 00" in text
    assert f"« {ENGAGEMENT} »" in text
    for exclusion in EXCLUSIONS:
        assert exclusion in text
    assert LEGAL_BASIS in text


def test_even_an_absurd_list_of_contacts_is_shrunk_onto_one_page() -> None:
    points = tuple(
        ContactPoint("phone", f"01 23 45 67 {number:02d}", "une ligne pour un seul service " * 3)
        for number in range(40)
    )
    text = only_page(
        leaflet_pdf(service(contact_points=points), engagement=ENGAGEMENT, printed_on=PRINTED_ON)
    )
    assert "01 23 45 67 00" in text
    assert "01 23 45 67 39" in text
    assert LEGAL_BASIS in text


def test_the_same_service_always_gets_the_same_page() -> None:
    first = leaflet_pdf(CROWDED, engagement=ENGAGEMENT, printed_on=PRINTED_ON)
    second = leaflet_pdf(CROWDED, engagement=ENGAGEMENT, printed_on=PRINTED_ON)
    assert pages(first) == pages(second)


def test_what_a_service_typed_is_printed_as_text_never_as_markup() -> None:
    odd = service(
        name="Mairie <b>Nord</b> & Sud",
        address="1 rue <des> Lilas",
        contact_points=(ContactPoint("web", "https://exemple.fr/?a=1&b=2", "<démarches>"),),
    )
    text = only_page(leaflet_pdf(odd, engagement=ENGAGEMENT))
    assert "Mairie <b>Nord</b> & Sud" in text
    assert "1 rue <des> Lilas" in text
    assert "Site internet : https://exemple.fr/?a=1&b=2 (<démarches>)" in text


def test_a_service_with_no_address_and_no_contact_points_still_prints() -> None:
    bare = service(address="", contact_points=())
    text = only_page(leaflet_pdf(bare, engagement=ENGAGEMENT))
    assert "Nous contacter Mairie de Saint-Étienne Horaires d'ouverture" in text
    assert "Téléphone" not in text


def test_the_leaflet_embeds_its_own_font_never_helvetica() -> None:
    data = leaflet_pdf(CROWDED, engagement=ENGAGEMENT)
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = _dictionary(_dictionary(page["/Resources"])["/Font"])
    names = {str(_dictionary(font)["/BaseFont"]) for font in fonts.values()}
    assert names
    assert all("DejaVuSans" in name for name in names)


def _dictionary(value: PdfObject) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (
            [WEEKDAYS] * 5 + ["", ""],
            [
                (
                    "Du lundi au vendredi",
                    "8\xa0h\xa030\xa0–\xa012\xa0h\xa000, 13\xa0h\xa030\xa0–\xa017\xa0h\xa000",
                ),
                ("Samedi et dimanche", "fermé"),
            ],
        ),
        (
            ["9:00-12:00", "9:00-12:00", "", "9:00-12:00", "9:00-12:00", "9:00-12:00", ""],
            [
                ("Lundi et mardi", "9\xa0h\xa000\xa0–\xa012\xa0h\xa000"),
                ("Mercredi", "fermé"),
                ("Du jeudi au samedi", "9\xa0h\xa000\xa0–\xa012\xa0h\xa000"),
                ("Dimanche", "fermé"),
            ],
        ),
        ([""] * 7, [("Du lundi au dimanche", "fermé")]),
    ],
)
def test_days_with_the_same_hours_are_grouped(
    week: list[str], expected: list[tuple[str, str]]
) -> None:
    assert hours_rows(hours(*week)) == expected
