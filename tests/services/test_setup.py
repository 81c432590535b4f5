"""Initialising a database: the service, its first admin, the default catalogue."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import configure_service, get_service, initialise
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import AuditEntry, Motif, RequestKind
from tests.support import TEST_LOGIN, FixedClock


def audit_actions(desk: Desk) -> list[str]:
    with desk.database.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_initialise_creates_service_admin_and_catalogue(desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    assert service.name == "Mairie de Test"
    assert service.departement.code == "75"
    assert service.time_zone == "Europe/Paris"
    assert service.referential == "sp-2023"
    admin = find_agent(desk, TEST_LOGIN)
    assert admin is not None
    assert admin.role is Role.ADMIN
    with desk.database.reading() as session:
        assert session.scalars(select(func.count()).select_from(Motif)).one() >= 10
        assert session.scalars(select(func.count()).select_from(RequestKind)).one() >= 5
    assert audit_actions(desk) == ["agent.created", "service.created", "catalogue.seeded"]


def test_initialise_again_changes_only_what_is_asked(desk: Desk) -> None:
    again = initialise(desk, login=TEST_LOGIN)
    assert not again.service_created
    assert not again.service_changed
    assert again.admin_created is None
    assert again.motifs_added == 0
    moved = initialise(desk, login=TEST_LOGIN, departement_code="974")
    assert moved.service_changed
    assert moved.service.time_zone == "Indian/Reunion"
    assert moved.service.name == "Mairie de Test"
    assert audit_actions(desk)[-1] == "service.updated"


@pytest.mark.parametrize("code", ["999", "", "Paris", "7 5"])
def test_unknown_departement_is_refused_and_nothing_changes(desk: Desk, code: str) -> None:
    before = audit_actions(desk)
    with pytest.raises(UserError, match="Département inconnu"):
        initialise(desk, login=TEST_LOGIN, departement_code=code)
    assert audit_actions(desk) == before


@pytest.mark.parametrize(
    ("typed", "expected"), [("2a", "2A"), ("1", "01"), (" 974 ", "974"), ("67", "67")]
)
def test_departement_codes_are_read_as_people_type_them(
    desk: Desk, typed: str, expected: str
) -> None:
    assert initialise(desk, login=TEST_LOGIN, departement_code=typed).service.departement.code == (
        expected
    )


def test_first_run_requires_a_name(location: DatabaseLocation, clock: FixedClock) -> None:
    desk = open_desk(location, clock=clock).desk
    try:
        created = initialise(desk, login="camille").service
        assert not created.is_configured
        with pytest.raises(UserError, match="ne peut pas être vide"):
            configure_service(desk, login="camille", name="   ", departement_code="75")
        with pytest.raises(UserError, match="caractères de contrôle"):
            configure_service(desk, login="camille", name="Mairie\x00", departement_code="75")
        service = configure_service(
            desk, login="camille", name="  Mairie   de  Lyon ", departement_code="69"
        )
        assert service.name == "Mairie de Lyon"
        assert service.is_configured
    finally:
        desk.close()


def test_built_in_referential_is_the_2023_list_word_for_word() -> None:
    referential = load_referential("sp-2023")
    assert len(referential.engagements) == 8
    assert referential.engagements[0] == (
        "Dans le respect mutuel, vous êtes accueillis avec bienveillance et avez le droit à "
        "l'erreur"
    )
    assert referential.engagements[3] == "Votre demande est traitée dans les délais annoncés"
    with pytest.raises(UserError):
        load_referential("marianne-1900")
