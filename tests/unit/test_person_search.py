"""How a query is read and the records found are told apart into people (right of
access): pure rules, no database."""

from __future__ import annotations

import uuid

import pytest

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.person_search import (
    QueryKind,
    Sighting,
    SightingGroup,
    exact_group,
    group_sightings,
    identity_of,
    mask_email,
    mask_phone,
    merge_groups,
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


def test_one_name_with_separate_phones_and_emails_is_several_people() -> None:
    first, second = seen("Paul Martin", "06 11 11 11 11"), seen("Paul MARTIN", "0722222222")
    third, bare = seen("Martin Paul", email="p@exemple.fr"), seen("Paul Martin")
    groups = group_sightings([first, second, third, bare])
    assert [[s.id for s in group.sightings] for group in groups] == [
        [bare.id],  # neither phone nor e-mail: none of the three for sure
        [third.id],
        [first.id],
        [second.id],
    ]
    assert {group.name_key for group in groups} == {"martin paul"}
    assert len({group.key for group in groups}) == 4
    assert exact_group(groups, parse_person_query("Paul Martin")) is None


def test_records_chained_by_phone_and_email_are_one_person_with_the_bare_ones() -> None:
    by_phone, by_both = (
        seen("Paul Martin", "0611111111"),
        seen("Paul Martin", "06 11 11 11 11", "p@x.fr"),
    )
    by_email, bare = seen("Paul Martin", email="P@X.fr"), seen("Paul Martin")
    [group] = group_sightings([by_phone, by_both, by_email, bare])
    assert group.key == "nom:martin paul"
    assert len(group.sightings) == 4


def test_namesakes_sharing_records_once_gathered_are_one_person() -> None:
    by_phone, by_email = seen("Paul Martin", "0611111111"), seen("Paul Martin", email="p@x.fr")
    bare, bridge = seen("Paul Martin"), seen(phone="0611111111", email="p@x.fr")
    alone, *linked = group_sightings([by_phone, by_email, bare])
    assert alone.sightings == (bare,)
    assert len(linked) == 2
    # Each reaches the unnamed record giving both: they are one person, bare included.
    gathered = [SightingGroup(g.key, g.name_key, (*g.sightings, bridge)) for g in linked]
    [merged] = merge_groups([alone, *gathered])
    assert merged.key == "nom:martin paul"
    assert {s.id for s in merged.sightings} == {by_phone.id, by_email.id, bare.id, bridge.id}
    assert merge_groups([alone, *linked]) == [alone, *linked]  # nothing shared: apart


def test_an_email_differing_by_case_is_listed_once() -> None:
    group = SightingGroup(
        "nom:martin paul",
        "martin paul",
        (seen("Paul Martin", email="p@exemple.fr"), seen("Paul Martin", email="P@Exemple.FR")),
    )
    assert identity_of(group, 0).emails == ("p••@exemple.fr",)
