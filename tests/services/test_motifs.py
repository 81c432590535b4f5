"""A lead edits the list of motifs; agents cannot; nothing is ever deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.motifs import add_motif, list_motifs, rename_motif, set_motif_active
from spplus_desk.store.schema import Agent, AuditEntry, Contact
from tests.support import TEST_LOGIN


def test_add_rename_retire_and_restore(desk: Desk) -> None:
    added = add_motif(desk, login=TEST_LOGIN, label="  Cartes  grises ")
    assert added.label == "Cartes grises"
    assert list_motifs(desk)[-1] == added
    renamed = rename_motif(
        desk, login=TEST_LOGIN, motif=added, label="Certificat d'immatriculation"
    )
    retired = set_motif_active(desk, login=TEST_LOGIN, motif=renamed, active=False)
    assert retired not in list_motifs(desk)
    assert retired in list_motifs(desk, include_retired=True)
    restored = set_motif_active(desk, login=TEST_LOGIN, motif=retired, active=True)
    assert restored.active
    with desk.database.reading() as session:
        actions = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "motif"))
        )
    assert actions == ["motif.created", "motif.renamed", "motif.retired", "motif.restored"]


def test_a_retired_motif_stays_on_its_contacts(desk: Desk) -> None:
    motif = list_motifs(desk)[0]
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER, motif_id=motif.id),
    )
    set_motif_active(desk, login=TEST_LOGIN, motif=motif, active=False)
    with desk.database.reading() as session:
        assert session.get_one(Contact, record.id).motif_id == motif.id


def test_same_motif_twice_is_refused_whatever_the_case(desk: Desk) -> None:
    add_motif(desk, login=TEST_LOGIN, label="Élections")
    with pytest.raises(UserError, match="existe déjà"):
        add_motif(desk, login=TEST_LOGIN, label="élections")
    with pytest.raises(UserError, match="ne peut pas être vide"):
        add_motif(desk, login=TEST_LOGIN, label="  ")


def test_a_stale_rename_is_a_conflict(desk: Desk) -> None:
    motif = add_motif(desk, login=TEST_LOGIN, label="Cimetière")
    rename_motif(desk, login=TEST_LOGIN, motif=motif, label="Concessions funéraires")
    with pytest.raises(ConflictError):
        rename_motif(desk, login=TEST_LOGIN, motif=motif, label="Cimetières")


def test_agents_cannot_edit_the_list(desk: Desk) -> None:
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
        add_motif(desk, login="lea", label="Nouveau motif")
    assert "Nouveau motif" not in [m.label for m in list_motifs(desk)]
