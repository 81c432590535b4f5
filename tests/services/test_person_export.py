"""The right of access (issue 8): one person's contacts, requests, right-to-error cases
and feedback found whatever the spelling, never a namesake's; several people found are
listed for a choice; anonymised records hold nobody; only a lead or an administrator
exports, and the trail keeps the export without the person's data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from spplus_desk.domain.enums import RequestEventType, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.person_search import AmbiguousPersonError
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.person_export import (
    export_paths,
    export_person,
    find_people,
    save_person_export,
)
from spplus_desk.store import audit
from spplus_desk.store.schema import AuditEntry, Service
from tests.services.person_world import (
    CASE_NOTES,
    COMPLAINT,
    PAUL_NOTES,
    WAITING_REASON,
    World,
    anonymise,
    build_world,
)
from tests.support import TEST_LOGIN, FixedClock

PAUL = {"contacts": 3, "requests": 1, "error_cases": 1, "feedback": 1}


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    return build_world(desk, clock)


def export(desk: Desk, query: str, identity: str | None = None) -> dict[str, int]:
    return export_person(desk, login=TEST_LOGIN, query=query, identity=identity).counts


def test_a_full_name_finds_all_of_the_person_and_nobody_else(desk: Desk, world: World) -> None:
    found = export_person(desk, login=TEST_LOGIN, query="paul martin")
    assert found.counts == PAUL
    # Named twice alike, once « Martin Paul »; then by his phone and his e-mail alone.
    assert {c.id for c in found.contacts} == {
        world.paul_counter,
        world.paul_email,
        world.paul_phone_only,
    }
    assert found.identity.title in ("Paul MARTIN", "Paul Martin", "Martin Paul")
    counter = next(c for c in found.contacts if c.id == world.paul_counter)
    assert (counter.notes, counter.satisfaction_comment) == (PAUL_NOTES, "Accueil rapide")
    [request] = found.requests
    assert request.reference == world.paul_request
    waiting = [e for e in request.timeline if e.type is RequestEventType.WAITING_FOR_USER]
    assert [e.reason for e in waiting] == [WAITING_REASON]
    [case] = found.error_cases
    assert (case.id, case.notes) == (world.paul_case, CASE_NOTES)
    [complaint] = found.feedback
    assert (complaint.id, complaint.text) == (world.paul_complaint, COMPLAINT)
    assert found.query == "paul martin"


@pytest.mark.parametrize(
    "query",
    ["PAUL martin", "Martin Paul", "06.12.34.56.78", "+33 6 12 34 56 78", "Paul.Martin@EXEMPLE.fr"],
)
def test_any_spelling_of_the_name_the_phone_or_the_email_finds_him(
    desk: Desk, world: World, query: str
) -> None:
    assert export(desk, query) == PAUL


def test_accents_and_case_are_ignored(desk: Desk, world: World) -> None:
    found = export_person(desk, login=TEST_LOGIN, query="HELENE dupont")
    assert [c.id for c in found.contacts] == [world.helene]
    assert export(desk, "h.dupont@exemple.fr") == {
        "contacts": 1,
        "requests": 0,
        "error_cases": 0,
        "feedback": 0,
    }


def test_several_people_are_listed_masked_and_one_is_chosen(desk: Desk, world: World) -> None:
    with pytest.raises(AmbiguousPersonError) as refused:
        export(desk, "Martin")
    message = refused.value.message
    for name in ("Jeanne Martin", "Marc Martin", "Paul Martin-Durand"):
        assert name in message
    assert "01 •• •• •• 00" in message
    assert "01 45 00 00 00" not in message
    assert "paul.martin@" not in message
    assert "Précisez la recherche" in message
    people = find_people(desk, login=TEST_LOGIN, query="Martin")
    assert [p.key for p in people] == [p.key for p in refused.value.identities]
    jeanne = next(p for p in people if p.title == "Jeanne Martin")
    assert dict(jeanne.counts)[RecordType.CONTACT] == 1
    paul = next(p for p in people if p.key == "nom:martin paul")
    assert dict(paul.counts) == {
        RecordType.CONTACT: 2,  # found by the name: the phone-only one joins on export
        RecordType.REQUEST: 1,
        RecordType.ERROR_CASE: 1,
        RecordType.FEEDBACK: 0,
    }
    # Jeanne alone: the household's phone is Marc's too, so its unnamed call is no one's.
    chosen = export_person(desk, login=TEST_LOGIN, query="Martin", identity=jeanne.key)
    assert [c.id for c in chosen.contacts] == [world.jeanne]
    assert export(desk, "Martin", identity=paul.key) == PAUL


def test_a_shared_phone_lists_each_holder_and_the_unnamed_call(desk: Desk, world: World) -> None:
    people = find_people(desk, login=TEST_LOGIN, query="01 45 00 00 00")
    assert sorted(p.title for p in people) == ["Jeanne Martin", "Marc Martin", "Personne sans nom"]
    unnamed = next(p for p in people if p.title == "Personne sans nom")
    found = export_person(desk, login=TEST_LOGIN, query="0145000000", identity=unnamed.key)
    assert [c.id for c in found.contacts] == [world.household_only]


def test_anonymised_records_are_not_found(desk: Desk, world: World, clock: FixedClock) -> None:
    with pytest.raises(UserError, match="Aucune donnée ne correspond à « Zoé Anonyme »"):
        export(desk, "Zoé Anonyme")
    with pytest.raises(UserError, match="Aucune donnée"):
        find_people(desk, login=TEST_LOGIN, query="07 11 22 33 44")
    anonymise(desk, world.paul_phone_only, clock)
    assert export(desk, "Paul Martin")["contacts"] == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ab", "au moins 3 caractères"),
        ("   ", "au moins 3 caractères"),
        ("-- !", "au moins 3 caractères"),
        ("\U0001f600\U0001f600\U0001f600", "au moins 3 caractères"),
        ("1234", "Numéro de téléphone non reconnu"),
        ("paul @exemple.fr", "sans espace"),
        ("a\x00bc", "caractères de contrôle"),
        ("un deux trois quatre cinq six sept huit neuf", "8 mots au plus"),
    ],
)
def test_a_vague_or_bad_query_is_refused_in_french(
    desk: Desk, world: World, query: str, expected: str
) -> None:
    for search in (find_people, export_person):
        with pytest.raises(UserError, match=expected):
            search(desk, login=TEST_LOGIN, query=query)


def test_an_agent_may_not_search_nor_export(desk: Desk, world: World) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Lea Roux", agent_login="lea", role=Role.AGENT)
    add_agent(desk, login=TEST_LOGIN, name="Noé Chef", agent_login="noe", role=Role.LEAD)
    before = exports(desk)
    for search in (find_people, export_person):
        with pytest.raises(UserError, match="réservée au rôle responsable d'équipe ou admin"):
            search(desk, login="lea", query="Paul Martin")
    assert exports(desk) == before
    assert export_person(desk, login="noe", query="Paul Martin").counts == PAUL


def exports(desk: Desk) -> list[AuditEntry]:
    with desk.database.reading() as session:
        query = select(AuditEntry).where(AuditEntry.action == "person.exported")
        entries = list(session.scalars(query.order_by(AuditEntry.seq)))
        session.expunge_all()
        return entries


def test_the_export_is_audited_with_counts_never_the_data(desk: Desk, world: World) -> None:
    assert exports(desk) == []
    export(desk, "Paul Martin")
    [entry] = exports(desk)
    assert (entry.entity_type, entry.entity_id) == ("person", None)
    assert entry.after == PAUL
    trail = json.dumps([entry.before, entry.after], ensure_ascii=False)
    for personal in ("Paul", "Martin", "06 12", "exemple.fr", PAUL_NOTES):
        assert personal not in trail
    # The query is the trail's personal part: kept apart, erasable with the rest.
    with desk.database.reading() as session:
        assert audit.personal_values(session, [entry.seq]) == {
            entry.seq: {"after": {"query": "Paul Martin"}}
        }


def test_the_durations_given_are_the_services(desk: Desk, world: World) -> None:
    with desk.database.writing() as session:
        service = session.scalars(select(Service)).one()
        service.retention = {"contact": 6, "error_case": 36}
    found = export_person(desk, login=TEST_LOGIN, query="Paul Martin")
    assert {line.record_type: line.months for line in found.retention} == {
        RecordType.CONTACT: 6,
        RecordType.REQUEST: 12,
        RecordType.ERROR_CASE: 36,
        RecordType.FEEDBACK: 24,
    }


def test_both_files_are_written_beside_each_other(desk: Desk, world: World, tmp_path: Path) -> None:
    folder = tmp_path / "acces"
    folder.mkdir()
    saved = save_person_export(desk, login=TEST_LOGIN, query="Paul Martin", out=folder / "dupont")
    assert (saved.pdf, saved.json) == (folder / "dupont.pdf", folder / "dupont.json")
    assert saved.pdf.read_bytes().startswith(b"%PDF")
    data = json.loads(saved.json.read_text(encoding="utf-8"))
    assert {key: len(data[key]) for key in PAUL} == PAUL
    assert sorted(p.name for p in folder.iterdir()) == ["dupont.json", "dupont.pdf"]
    assert export_paths(Path("x/dupont.PDF")) == (Path("x/dupont.PDF"), Path("x/dupont.json"))
    with pytest.raises(UserError, match="donnez le nom du fichier PDF"):
        export_paths(Path("dupont.txt"))
