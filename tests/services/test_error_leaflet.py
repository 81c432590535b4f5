"""The right-to-error leaflet of the service set up in the database: its name, address,
phone and hours, dated the service's own day; a clear message while none is set up."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import parse_day
from spplus_desk.domain.service import FirstRunSettings, OpeningHours
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.setup import complete_first_run, initialise
from spplus_desk.store.location import DatabaseLocation
from tests.support import TEST_LOGIN, FixedClock


def leaflet_document(desk: Desk) -> bytes:
    return build_document(desk, DocumentOrder(DocumentKind.LEAFLET)).data


def text_of(data: bytes) -> str:
    [page] = PdfReader(io.BytesIO(data)).pages  # one page, always
    return " ".join(page.extract_text().split())


def test_the_leaflet_names_the_service_and_how_to_reach_it(desk: Desk) -> None:
    complete_first_run(
        desk,
        login=TEST_LOGIN,
        settings=FirstRunSettings(
            service_name="Mairie de Test",
            departement_code="75",
            address="1 place de la Mairie\n75001 Paris",
            opening_hours=OpeningHours((parse_day("9h-12h, 14h-17h"),) * 5 + ((), ())),
            phone="01.23.45.67.89",
            email="accueil@mairie-test.fr",
        ),
    )

    text = text_of(leaflet_document(desk))

    assert "Le droit à l'erreur" in text
    assert (
        "« Dans le respect mutuel, vous êtes accueillis avec bienveillance et avez le droit à "
        "l'erreur »"
    ) in text
    assert "Mairie de Test" in text
    assert "1 place de la Mairie 75001 Paris" in text
    assert "Téléphone : 01 23 45 67 89" in text
    assert "Courriel : accueil@mairie-test.fr" in text
    assert "Du lundi au vendredi 9 h 00 – 12 h 00, 14 h 00 – 17 h 00" in text
    assert "imprimé le 4 mai 2027" in text  # the desk's clock: 4 May 2027, 11 h 30 in Paris


def test_the_date_is_the_services_own_day(desk: Desk, clock: FixedClock) -> None:
    initialise(desk, login=TEST_LOGIN, departement_code="974")  # La Réunion, UTC+4
    clock.at = datetime(2027, 5, 4, 21, 30, tzinfo=UTC)  # already 5 May in Saint-Denis
    assert "imprimé le 5 mai 2027" in text_of(leaflet_document(desk))


def test_no_leaflet_before_the_service_is_set_up(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = open_desk(location, clock=clock).desk
    try:
        with pytest.raises(UserError, match="pas encore configuré"):
            leaflet_document(desk)  # no service at all
        initialise(desk, login="camille")  # a service, but no name yet
        with pytest.raises(UserError, match="pas encore configuré"):
            leaflet_document(desk)
    finally:
        desk.close()
