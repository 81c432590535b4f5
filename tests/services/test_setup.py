"""Initialising a database: the service, its first admin, the default catalogue."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import parse_day
from spplus_desk.domain.service import ContactPoint, FirstRunSettings, OpeningHours, TimeRange
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.catalogue import default_catalogue
from spplus_desk.services.choice_lists import PARTNERS, list_choices
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import (
    complete_first_run,
    configure_service,
    get_service,
    initialise,
)
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import AuditEntry, Motif, Partner, RequestKind, Service
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


WIZARD = FirstRunSettings(
    service_name="  Mairie de  Fort-de-France ",
    departement_code="972",
    address=" 2 rue Victor Sévère \n\n 97200 Fort-de-France ",
    opening_hours=OpeningHours((parse_day("7h30-12h30, 13h30-16h"),) * 5 + ((), ())),
    phone="05.96.59.60.00",
    email="Accueil@Mairie-FortDeFrance.FR",
    admin_name=" Josiane  Lafleur ",
)


# Built by hand: the wizard could not produce overlapping ranges, another caller could.
TIME_MIX = (
    TimeRange(time(8), time(12)),
    TimeRange(time(11), time(14)),
)


def new_desk(location: DatabaseLocation, clock: FixedClock, login: str = "camille") -> Desk:
    desk = open_desk(location, clock=clock).desk
    initialise(desk, login=login)
    return desk


def audit_entries(desk: Desk, action: str) -> list[AuditEntry]:
    with desk.database.reading() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def test_the_first_run_saves_everything_in_one_go(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = new_desk(location, clock)
    try:
        result = complete_first_run(desk, login="camille", settings=WIZARD)
        service = get_service(desk)
        assert service is not None
        assert service == result.service
        assert service.name == "Mairie de Fort-de-France"
        assert (service.departement.code, service.time_zone) == ("972", "America/Martinique")
        assert service.address == "2 rue Victor Sévère\n97200 Fort-de-France"
        assert service.opening_hours == WIZARD.opening_hours
        assert service.contact_points == (
            ContactPoint("phone", "05 96 59 60 00"),
            ContactPoint("email", "Accueil@mairie-fortdefrance.fr"),
        )
        admin = find_agent(desk, "camille")
        assert admin is not None
        assert (admin.name, admin.login, admin.role) == ("Josiane Lafleur", "camille", Role.ADMIN)
        assert result.agent == admin
        assert audit_actions(desk)[-2:] == ["service.updated", "agent.updated"]
        [updated] = audit_entries(desk, "service.updated")
        assert updated.before is not None
        assert updated.after is not None
        assert (updated.before["name"], updated.after["name"]) == ("", service.name)
        assert updated.before["contact_points"] == []
        assert updated.after["contact_points"][0]["value"] == "05 96 59 60 00"
        assert updated.after["address"] == service.address
        assert updated.after["opening_hours"][0] == [["07:30", "12:30"], ["13:30", "16:00"]]
        [renamed] = audit_entries(desk, "agent.updated")
        assert (renamed.before, renamed.after) == ({"name": "camille"}, {"name": "Josiane Lafleur"})
        # The same answers again change nothing and record nothing.
        complete_first_run(desk, login="camille", settings=WIZARD)
        assert len(audit_entries(desk, "service.updated")) == 1
        assert len(audit_entries(desk, "agent.updated")) == 1
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "01 23"}, "Numéro de téléphone non reconnu"),
        ({"email": "accueil@mairie"}, "Adresse électronique non valable"),
        ({"admin_name": "  "}, "Votre nom ne peut pas être vide"),
        ({"service_name": ""}, "Le nom du service ne peut pas être vide"),
        ({"departement_code": "99"}, "Département inconnu"),
        ({"address": "rue\x1b"}, "caractères de contrôle"),
        (
            {"opening_hours": OpeningHours((parse_day("8h-12h"),) * 6 + ((TIME_MIX),))},
            "Dimanche : « 8 h 00 – 12 h 00 » et « 11 h 00 – 14 h 00 » se chevauchent",
        ),
    ],
)
def test_a_wrong_answer_saves_nothing(
    location: DatabaseLocation, clock: FixedClock, change: dict[str, Any], message: str
) -> None:
    desk = new_desk(location, clock)
    try:
        before = audit_actions(desk)
        with pytest.raises(UserError, match=message):
            complete_first_run(desk, login="camille", settings=replace(WIZARD, **change))
        assert audit_actions(desk) == before
        service = get_service(desk)
        assert service is not None
        assert not service.is_configured
        agent = find_agent(desk, "camille")
        assert agent is not None
        assert agent.name == "camille"
    finally:
        desk.close()


def test_phone_and_email_may_be_left_empty_and_other_points_stay(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = new_desk(location, clock)
    try:
        with desk.database.writing() as session:
            row = session.scalars(select(Service)).one()
            row.contact_points = [
                {"kind": "phone", "value": "01 11 11 11 11", "purpose": ""},
                {"kind": "phone", "value": "01 22 22 22 22", "purpose": "État civil"},
            ]
        settings = replace(WIZARD, phone="", email="")
        service = complete_first_run(desk, login="camille", settings=settings).service
        assert service.contact_points == (ContactPoint("phone", "01 22 22 22 22", "État civil"),)
        kept = complete_first_run(
            desk, login="camille", settings=FirstRunSettings("Mairie", "972")
        ).service
        assert kept.contact_points == service.contact_points
        assert kept.address == service.address
        assert (
            find_agent(desk, "camille")
            == complete_first_run(
                desk, login="camille", settings=FirstRunSettings("Mairie", "972")
            ).agent
        )
    finally:
        desk.close()


def test_someone_who_is_not_an_agent_cannot_claim_to_be_the_admin(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = new_desk(location, clock, login="informatique")
    try:
        with pytest.raises(UserError, match=r"« camille » n'est pas enregistré comme agent"):
            complete_first_run(desk, login="camille", settings=WIZARD)
        assert find_agent(desk, "camille") is None
        service = get_service(desk)
        assert service is not None
        assert not service.is_configured
    finally:
        desk.close()


def test_an_agent_cannot_set_the_service_up(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Bob Martin", agent_login="bob", role=Role.AGENT)
    with pytest.raises(UserError, match="réservée au rôle administrateur"):
        complete_first_run(desk, login="bob", settings=FirstRunSettings("Autre nom", "972"))
    service = get_service(desk)
    assert service is not None
    assert service.name == "Mairie de Test"
    assert service.time_zone == "Europe/Paris"


def test_the_first_run_on_an_empty_database_creates_everything(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = open_desk(location, clock=clock).desk
    try:
        result = complete_first_run(desk, login="camille", settings=WIZARD)
        assert result.service.name == "Mairie de Fort-de-France"
        assert result.agent is not None
        assert result.agent.role is Role.ADMIN
        assert result.agent.name == "Josiane Lafleur"
        assert audit_actions(desk) == [
            "agent.created",
            "service.created",
            "catalogue.seeded",
            "agent.updated",
        ]
    finally:
        desk.close()


def test_default_partners_are_seeded_once(desk: Desk) -> None:
    partners = [p.label for p in list_choices(desk, PARTNERS)]
    assert partners == list(default_catalogue().partners)
    assert {"CAF", "France Travail", "France services", "Conciliateur de justice"} <= set(partners)
    [seeded] = audit_entries(desk, "catalogue.seeded")
    assert seeded.after is not None
    assert seeded.after["partners"] == partners
    again = initialise(desk, login=TEST_LOGIN)
    assert (again.motifs_added, again.kinds_added, again.partners_added) == (0, 0, 0)
    with desk.database.reading() as session:
        assert session.scalars(select(func.count()).select_from(Partner)).one() == len(partners)
