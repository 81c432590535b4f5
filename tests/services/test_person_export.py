"""The right of access (issue 8): one person's contacts, requests, right-to-error cases
and feedback found whatever the spelling, never a namesake's; several people found are
listed for a choice; anonymised records hold nobody; only a lead or an administrator
exports, and the trail keeps the export without the person's data."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.person_search import AmbiguousPersonError
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.person_export import (
    IS_FOLDER,
    export_paths,
    export_person,
    find_people,
    save_person_export,
)
from spplus_desk.services.request_kinds import list_request_kinds
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
    contact,
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
    assert dict(paul.counts) == {  # gathered as the export will: his unnamed records too
        RecordType.CONTACT: 3,
        RecordType.REQUEST: 1,
        RecordType.ERROR_CASE: 1,
        RecordType.FEEDBACK: 1,
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


def test_a_folder_is_refused_and_nothing_is_written_beside_it(
    desk: Desk, world: World, tmp_path: Path
) -> None:
    root = tmp_path / "sortie"
    folder = root / "acces"
    folder.mkdir(parents=True)
    (root / "dupont.json").mkdir()
    for out, refused in ((folder, folder), (root / "dupont.pdf", root / "dupont.json")):
        with pytest.raises(UserError) as caught:
            save_person_export(desk, login=TEST_LOGIN, query="Paul Martin", out=out)
        assert caught.value.message == IS_FOLDER.format(path=refused)
        assert "ex. dupont.pdf" in caught.value.message
    assert sorted(p.name for p in root.iterdir()) == ["acces", "dupont.json"]
    assert list(folder.iterdir()) == []
    assert exports(desk) == []


# -- namesakes: one name, several people ------------------------------------------------

NOTES = ("Notes du premier", "Notes du deuxième", "Notes du troisième")


@pytest.fixture
def namesakes(desk: Desk) -> list[uuid.UUID]:
    """Three people called Luc Moreau, told apart by a phone, another phone, an e-mail;
    the first opened a request. Then a fourth visit of a Luc Moreau who gave neither."""
    first = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            channel=Channel.COUNTER,
            outcome=ContactOutcome.REQUEST_OPENED,
            request_kind_id=list_request_kinds(desk)[0].id,
            person_name="Luc Moreau",
            person_phone="06 11 11 11 11",
            notes=NOTES[0],
        ),
    ).id
    return [
        first,
        contact(desk, person_name="Luc MOREAU", person_phone="07 22 22 22 22", notes=NOTES[1]),
        contact(desk, person_name="Moreau Luc", person_email="luc@exemple.fr", notes=NOTES[2]),
        contact(desk, person_name="Luc Moreau", notes="Sans coordonnées"),
    ]


def test_a_phone_exports_only_its_holder_never_a_namesake(
    desk: Desk, namesakes: list[uuid.UUID]
) -> None:
    [shown] = find_people(desk, login=TEST_LOGIN, query="06 11 11 11 11")
    assert shown.text == "Luc Moreau — 1 contact, 1 demande — 06 •• •• •• 11"
    found = export_person(desk, login=TEST_LOGIN, query="06 11 11 11 11")
    assert [c.id for c in found.contacts] == [namesakes[0]]
    assert [c.notes for c in found.contacts] == [NOTES[0]]
    assert found.counts == {"contacts": 1, "requests": 1, "error_cases": 0, "feedback": 0}
    [other] = export_person(desk, login=TEST_LOGIN, query="luc@EXEMPLE.fr").contacts
    assert other.id == namesakes[2]


def test_a_name_shared_by_several_people_lists_each_of_them(
    desk: Desk, namesakes: list[uuid.UUID]
) -> None:
    people = find_people(desk, login=TEST_LOGIN, query="Luc Moreau")
    assert sorted(p.text for p in people) == [
        "Luc MOREAU — 1 contact — 07 •• •• •• 22",
        "Luc Moreau — 1 contact",  # gave neither phone nor e-mail: nobody's for sure
        "Luc Moreau — 1 contact, 1 demande — 06 •• •• •• 11",
        "Moreau Luc — 1 contact — l••@exemple.fr",
    ]
    with pytest.raises(AmbiguousPersonError, match="correspond à 4 personnes différentes"):
        export(desk, "Luc Moreau")
    held = [
        [
            c.id
            for c in export_person(
                desk, login=TEST_LOGIN, query="Luc Moreau", identity=p.key
            ).contacts
        ]
        for p in people
    ]
    assert sorted(i for ids in held for i in ids) == sorted(namesakes)  # each once


def test_a_name_without_phone_joins_its_only_person(desk: Desk, world: World) -> None:
    bare = contact(desk, person_name="Paul Martin", notes="Passé sans rien laisser")
    found = export_person(desk, login=TEST_LOGIN, query="Paul Martin")
    assert bare in {c.id for c in found.contacts}
    assert found.counts == {**PAUL, "contacts": 4}


@pytest.mark.parametrize("query", ["Martin", "01 45 00 00 00", "Luc Moreau", "06 12 34 56 78"])
def test_the_counts_shown_are_the_records_exported(
    desk: Desk, world: World, namesakes: list[uuid.UUID], query: str
) -> None:
    names = dict(zip(RecordType, ("contacts", "requests", "error_cases", "feedback"), strict=True))
    for person in find_people(desk, login=TEST_LOGIN, query=query):
        shown = {names[record_type]: count for record_type, count in person.counts}
        assert export(desk, query, identity=person.key) == shown, person.text


def test_a_missing_name_index_is_said_in_french(desk: Desk, world: World) -> None:
    with desk.database.writing() as session:
        if session.connection().dialect.name != "sqlite":
            pytest.skip("the full-text table is SQLite's")
        session.execute(text("DROP TABLE contact_fts"))
    for search in (find_people, export_person):
        with pytest.raises(UserError, match="L'index de recherche des noms est absent ou "):
            search(desk, login=TEST_LOGIN, query="Paul Martin")
    assert export(desk, "06 12 34 56 78") == PAUL  # a phone needs no index
