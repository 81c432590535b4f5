"""How a query is read and the records found are told apart into people (right of
access): pure rules, no database."""

from __future__ import annotations

import uuid

import pytest

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.person_search import (
    QueryKind,
    Sighting,
    exact_group,
    group_sightings,
    mask_email,
    mask_phone,
    name_key,
    parse_person_query,
)
from spplus_desk.domain.retention import RecordType


def seen(name: str = "", phone: str = "", email: str = "") -> Sighting:
    return Sighting(RecordType.CONTACT, uuid.uuid4(), name, phone, email)


def test_a_query_is_a_name_a_phone_or_an_email() -> None:
    name = parse_person_query("  Hélène   DUPONT ")
    assert (name.kind, name.words, name.text) == (
        QueryKind.NAME,
        ("helene", "dupont"),
        "Hélène DUPONT",
    )
    assert parse_person_query("+33 6 12 34 56 78").phone == "0612345678"
    assert parse_person_query("Paul.Martin@Exemple.FR").email == "paul.martin@exemple.fr"
    with pytest.raises(UserError, match="au moins 3 caractères"):
        parse_person_query("Li")


def test_a_name_matches_when_it_holds_every_word_in_any_order() -> None:
    query = parse_person_query("martin paul")
    assert query.matches("Paul MARTIN", "", "")
    assert query.matches("Paul Martin-Durand", "", "")
    assert not query.matches("Paul Marti", "", "")
    assert name_key("Martin  Paul") == name_key("paul martin") == "martin paul"
    assert name_key("  ") is None


def test_phones_and_emails_are_masked() -> None:
    assert mask_phone("06 12 34 56 78") == "06 •• •• •• 78"
    assert mask_phone("+442079460958") == "+44••58"
    assert mask_email("paul.martin@exemple.fr") == "p••@exemple.fr"


def test_unnamed_records_join_the_one_person_using_their_phone() -> None:
    paul, jeanne, marc = (
        seen("Paul Martin", "0612345678"),
        seen("Jeanne Martin", "0145000000"),
        seen("Marc Martin", "01 45 00 00 00"),
    )
    his_call, household_call = seen(phone="06 12 34 56 78"), seen(phone="0145000000")
    groups = group_sightings([paul, jeanne, marc, his_call, household_call])
    assert [group.key for group in groups] == [
        "nom:jeanne martin",
        "nom:marc martin",
        "nom:martin paul",
        "tel:0145000000",  # Jeanne's and Marc's: nobody's for sure
    ]
    assert {s.id for s in groups[2].sightings} == {paul.id, his_call.id}
    assert groups[2].shares([paul, his_call]) is False
    assert groups[0].shares([jeanne, marc]) is True


def test_a_full_name_picks_its_person_among_longer_names() -> None:
    groups = group_sightings([seen("Paul Martin"), seen("Paul Martin-Durand")])
    assert len(groups) == 2
    found = exact_group(groups, parse_person_query("Martin Paul"))
    assert found is not None
    assert found.name_key == "martin paul"
    assert exact_group(groups, parse_person_query("Martin")) is None
