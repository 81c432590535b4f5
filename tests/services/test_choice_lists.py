"""A lead edits the lists of motifs and of orientation partners; agents cannot; nothing
is ever deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services.choice_lists import (
    MOTIFS,
    PARTNERS,
    ChoiceList,
    add_choice,
    list_choices,
    rename_choice,
    set_choice_active,
)
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import Agent, AuditEntry, Contact
from tests.support import TEST_LOGIN

BOTH_LISTS = pytest.mark.parametrize("kind", [MOTIFS, PARTNERS], ids=["motifs", "partenaires"])


@BOTH_LISTS
def test_add_rename_retire_and_restore(desk: Desk, kind: ChoiceList) -> None:
    added = add_choice(desk, kind, login=TEST_LOGIN, label="  Cartes  grises ")
    assert added.label == "Cartes grises"
    assert list_choices(desk, kind)[-1] == added
    renamed = rename_choice(
        desk, kind, login=TEST_LOGIN, choice=added, label="Certificat d'immatriculation"
    )
    retired = set_choice_active(desk, kind, login=TEST_LOGIN, choice=renamed, active=False)
    assert retired not in list_choices(desk, kind)
    assert retired in list_choices(desk, kind, include_retired=True)
    restored = set_choice_active(desk, kind, login=TEST_LOGIN, choice=retired, active=True)
    assert restored.active
    with desk.database.reading() as session:
        actions = list(
            session.scalars(
                select(AuditEntry.action).where(AuditEntry.entity_type == kind.entity_type)
            )
        )
    verbs = ["created", "renamed", "retired", "restored"]
    assert actions == [f"{kind.entity_type}.{verb}" for verb in verbs]


def test_a_retired_motif_stays_on_its_contacts(desk: Desk) -> None:
    motif = list_choices(desk, MOTIFS)[0]
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER, motif_id=motif.id),
    )
    set_choice_active(desk, MOTIFS, login=TEST_LOGIN, choice=motif, active=False)
    with desk.database.reading() as session:
        assert session.get_one(Contact, record.id).motif_id == motif.id


@BOTH_LISTS
def test_same_entry_twice_is_refused_whatever_the_case(desk: Desk, kind: ChoiceList) -> None:
    add_choice(desk, kind, login=TEST_LOGIN, label="Élections")
    with pytest.raises(UserError, match=f"{kind.field} « Élections » existe déjà"):
        add_choice(desk, kind, login=TEST_LOGIN, label="élections")
    with pytest.raises(UserError, match="ne peut pas être vide"):
        add_choice(desk, kind, login=TEST_LOGIN, label="  ")


def test_a_stale_rename_is_a_conflict(desk: Desk) -> None:
    motif = add_choice(desk, MOTIFS, login=TEST_LOGIN, label="Cimetière")
    rename_choice(desk, MOTIFS, login=TEST_LOGIN, choice=motif, label="Concessions funéraires")
    with pytest.raises(ConflictError):
        rename_choice(desk, MOTIFS, login=TEST_LOGIN, choice=motif, label="Cimetières")


@BOTH_LISTS
def test_agents_cannot_edit_the_list(desk: Desk, kind: ChoiceList) -> None:
    with desk.database.writing() as session:
        session.add(
            Agent(
                name="Léa",
                login="lea",
                role=Role.AGENT.value,
                active=True,
                created_at=desk.clock.now(),
            )
        )
    with pytest.raises(UserError, match="réservée"):
        add_choice(desk, kind, login="lea", label="Nouvelle entrée")
    assert "Nouvelle entrée" not in [c.label for c in list_choices(desk, kind)]
