"""A lead corrects the service's details after the first run (name, département,
address, hours, general phone and e-mail): saved and audited; a stale form, an agent or
a bad value are refused in French and change nothing; the open requests' deadlines
follow a new département."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.opening_hours_text import parse_day
from spplus_desk.domain.service import (
    ContactPoint,
    FirstRunSettings,
    OpeningHours,
    ServiceInfo,
    TimeRange,
)
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import get_print_settings, update_print_settings
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import find_request
from spplus_desk.services.service_calendar import add_closure, calendar_settings
from spplus_desk.services.service_details import update_service_details
from spplus_desk.services.setup import complete_first_run, get_service
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import AuditEntry, Request, Service
from tests.support import TEST_LOGIN

OVERLAP = (TimeRange(time(8), time(12)), TimeRange(time(11), time(14)))
WEEK = OpeningHours((parse_day("8h30-12h, 13h30-17h"),) * 5 + ((), ()))
SAVED = FirstRunSettings(
    service_name="Mairie de Test",
    departement_code="75",
    address="1 place de la Mairie\n75001 Paris",
    opening_hours=WEEK,
    phone="01 23 45 67 89",
    email="accueil@mairie-test.fr",
)


def service(desk: Desk) -> ServiceInfo:
    found = get_service(desk)
    assert found is not None
    return found


def updates(desk: Desk) -> list[tuple[Any, Any]]:
    """The service's "service.updated" entries, oldest first: (before, after)."""
    with desk.database.reading() as session:
        found = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "service.updated")
            .order_by(AuditEntry.seq)
        )
        return [(entry.before, entry.after) for entry in found]


@pytest.fixture
def saved(desk: Desk) -> ServiceInfo:
    """The service as the first run left it, with a second phone line of its own."""
    complete_first_run(desk, login=TEST_LOGIN, settings=SAVED)
    with desk.database.writing() as session:
        row = session.scalars(select(Service)).one()
        row.contact_points = [
            *row.contact_points,
            {"kind": "phone", "value": "01 98 76 54 32", "purpose": "État civil"},
        ]
    return service(desk)


def test_changes_are_saved_and_audited(desk: Desk, saved: ServiceInfo) -> None:
    before = len(updates(desk))
    changed = FirstRunSettings(
        service_name=" Mairie de Test – accueil ",
        departement_code="974",
        address="2 rue de Paris\n97400 Saint-Denis",
        opening_hours=OpeningHours((parse_day("7h30-12h"),) * 5 + ((), ())),
        phone="02.62.40.04.04",
        email="Accueil@SaintDenis.RE",
        admin_name="ignored here",
    )
    shown = update_service_details(desk, login=TEST_LOGIN, version=saved.version, settings=changed)
    assert shown == service(desk)
    assert shown.version > saved.version
    assert shown.name == "Mairie de Test – accueil"
    assert (shown.departement.code, shown.time_zone) == ("974", "Indian/Reunion")
    assert shown.address == "2 rue de Paris\n97400 Saint-Denis"
    assert shown.opening_hours.days[0] == parse_day("7h30-12h")
    assert shown.contact_points == (
        ContactPoint("phone", "02 62 40 04 04"),
        ContactPoint("email", "Accueil@saintdenis.re"),  # the domain folded, not the name
        ContactPoint("phone", "01 98 76 54 32", "État civil"),  # kept as it was
    )
    entries = updates(desk)
    assert len(entries) == before + 1
    old, new = entries[-1]
    assert old["name"] == "Mairie de Test"
    assert old["departement"] == "75"
    assert new["name"] == "Mairie de Test – accueil"
    assert new["time_zone"] == "Indian/Reunion"
    assert new["contact_points"][0] == {"kind": "phone", "value": "02 62 40 04 04", "purpose": ""}
    # Saving the same answers again changes nothing and writes no entry.
    again = update_service_details(desk, login=TEST_LOGIN, version=shown.version, settings=changed)
    assert again == shown
    assert len(updates(desk)) == before + 1


def test_only_the_address_changes(desk: Desk, saved: ServiceInfo) -> None:
    add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 7), label="Pont")
    settings = get_print_settings(desk)
    update_print_settings(
        desk,
        login=TEST_LOGIN,
        version=settings.version,
        local_engagements=("Nous rappelons sous 48 h",),
        appointment="Par téléphone",
    )
    current = service(desk)
    printed, calendar = get_print_settings(desk), calendar_settings(desk)
    shown = update_service_details(
        desk,
        login=TEST_LOGIN,
        version=current.version,
        settings=replace(SAVED, address="3 rue Neuve\n75002 Paris"),
    )
    assert shown == replace(current, address="3 rue Neuve\n75002 Paris", version=shown.version)
    assert calendar_settings(desk) == calendar
    assert replace(get_print_settings(desk), version=0) == replace(printed, version=0)
    old, new = updates(desk)[-1]
    assert {key for key in new if new[key] != old[key]} == {"address"}


def test_a_stale_version_is_refused_and_changes_nothing(desk: Desk, saved: ServiceInfo) -> None:
    # Someone else saved the service (its print settings) since the form was filled in.
    printed = get_print_settings(desk)
    update_print_settings(
        desk,
        login=TEST_LOGIN,
        version=printed.version,
        local_engagements=(),
        appointment="Sur rendez-vous",
    )
    before = len(updates(desk))
    with pytest.raises(ConflictError) as refused:
        update_service_details(
            desk,
            login=TEST_LOGIN,
            version=saved.version,
            settings=replace(SAVED, service_name="Autre nom"),
        )
    assert refused.value.message == CONFLICT_MESSAGE
    assert service(desk).name == "Mairie de Test"
    assert len(updates(desk)) == before


def test_an_agent_is_refused_a_lead_may(desk: Desk, saved: ServiceInfo) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    add_agent(desk, login=TEST_LOGIN, name="Léa Mars", agent_login="lea", role=Role.LEAD)
    renamed = replace(SAVED, service_name="Mairie de Paul")
    with pytest.raises(UserError, match="réservée au rôle responsable d'équipe ou administrateur"):
        update_service_details(desk, login="paul", version=saved.version, settings=renamed)
    with pytest.raises(UserError, match="n'est pas enregistré comme agent actif"):
        update_service_details(desk, login="inconnu", version=saved.version, settings=renamed)
    assert service(desk) == saved
    renamed = replace(SAVED, service_name="Mairie de Léa")
    shown = update_service_details(desk, login="lea", version=saved.version, settings=renamed)
    assert shown.name == "Mairie de Léa"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"phone": "01 23"}, "Numéro de téléphone non reconnu : « 01 23 »"),
        ({"email": "accueil@mairie"}, "Adresse électronique non valable"),
        ({"service_name": "  "}, "Le nom du service ne peut pas être vide."),
        ({"departement_code": "999"}, "Département inconnu"),
        ({"address": "\n".join("abcdefg")}, "L'adresse tient en 6 lignes au plus"),
        # Built by hand: the dialog could not produce overlapping ranges, a caller could.
        ({"opening_hours": OpeningHours((OVERLAP,) * 5 + ((), ()))}, "se chevauchent"),
    ],
)
def test_bad_values_are_refused_in_french(
    desk: Desk, saved: ServiceInfo, change: dict[str, Any], expected: str
) -> None:
    before = len(updates(desk))
    with pytest.raises(UserError) as refused:
        update_service_details(
            desk, login=TEST_LOGIN, version=saved.version, settings=replace(SAVED, **change)
        )
    assert expected in refused.value.message
    assert service(desk) == saved
    assert len(updates(desk)) == before


def test_a_new_departement_moves_the_open_requests_deadlines(
    desk: Desk, saved: ServiceInfo
) -> None:
    # Received Tue 25 May 2027 + 5 jours ouvrés: Tue 1 June in Paris; Wed 2 June in
    # Guadeloupe, which keeps 27 May (abolition of slavery).
    desk.clock.at = desk.clock.at.replace(day=25)  # type: ignore[attr-defined]
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.EMAIL, ContactOutcome.REQUEST_OPENED, request_kind_id=kind.id),
    )
    assert record.request_reference is not None
    request_id = find_request(desk, record.request_reference)

    def due() -> date | None:
        with desk.database.reading() as session:
            return session.get_one(Request, request_id).due_date

    assert due() == date(2027, 6, 1)
    update_service_details(
        desk,
        login=TEST_LOGIN,
        version=saved.version,
        settings=replace(SAVED, departement_code="971"),
    )
    assert due() == date(2027, 6, 2)
