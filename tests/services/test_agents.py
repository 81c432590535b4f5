"""Leads and admins manage the service's agents; agents cannot; an admin always remains;
nobody is ever deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import (
    add_agent,
    clean_login,
    find_agent,
    list_agents,
    update_agent,
)
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import AuditEntry, Contact
from tests.support import TEST_LOGIN


def admin(desk: Desk) -> AgentInfo:
    found = find_agent(desk, TEST_LOGIN)
    assert found is not None
    return found


def add(desk: Desk, name: str, agent_login: str, role: Role = Role.AGENT) -> AgentInfo:
    return add_agent(desk, login=TEST_LOGIN, name=name, agent_login=agent_login, role=role)


def update(desk: Desk, agent: AgentInfo, *, by: str = TEST_LOGIN, **changes: object) -> AgentInfo:
    values: dict[str, object] = {"name": agent.name, "role": agent.role, "active": agent.active}
    values.update(changes)
    return update_agent(desk, login=by, agent=agent, **values)  # type: ignore[arg-type]


def audit_trail(desk: Desk, agent: AgentInfo) -> list[tuple[str, object, object]]:
    with desk.database.reading() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity_type == "agent", AuditEntry.entity_id == str(agent.id))
            .order_by(AuditEntry.seq)
        )
        return [(action, before, after) for action, before, after in rows]


def test_add_rename_deactivate_and_reactivate(desk: Desk) -> None:
    lea = add(desk, "  Léa   Martin ", " lea.martin ")
    assert (lea.name, lea.login, lea.role, lea.active) == (
        "Léa Martin",
        "lea.martin",
        Role.AGENT,
        True,
    )
    assert find_agent(desk, "lea.martin") == lea
    renamed = update(desk, lea, name="Léa Martin-Roux", role=Role.LEAD)
    assert (renamed.name, renamed.role) == ("Léa Martin-Roux", Role.LEAD)
    inactive = update(desk, renamed, active=False)
    assert not inactive.active
    assert find_agent(desk, "lea.martin") is None  # can no longer act at the desk
    assert inactive in list_agents(desk)
    assert inactive not in list_agents(desk, include_inactive=False)
    again = update(desk, inactive, active=True)
    assert again.active
    assert find_agent(desk, "lea.martin") == again
    assert update(desk, again) == again  # nothing changed: nothing written

    trail = audit_trail(desk, lea)
    assert [action for action, _, _ in trail] == ["agent.created"] + ["agent.updated"] * 3
    assert trail[0][1:] == (
        None,
        {"login": "lea.martin", "name": "Léa Martin", "role": "agent", "active": True},
    )
    assert trail[1][1:] == (
        {"name": "Léa Martin", "role": "agent", "active": True},
        {"name": "Léa Martin-Roux", "role": "lead", "active": True},
    )
    assert trail[2][2] == {"name": "Léa Martin-Roux", "role": "lead", "active": False}
    assert trail[3][2] == {"name": "Léa Martin-Roux", "role": "lead", "active": True}
    with desk.database.reading() as session:
        actors = set(
            session.scalars(select(AuditEntry.actor_id).where(AuditEntry.entity_id == str(lea.id)))
        )
    assert actors == {admin(desk).id}


def test_a_deactivated_agent_stays_the_author_of_their_contacts(desk: Desk) -> None:
    paul = add(desk, "Paul Roux", "paul")
    record = log_contact(
        desk, login="paul", draft=ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
    )
    update(desk, paul, active=False)
    with desk.database.reading() as session:
        assert session.get_one(Contact, record.id).agent_id == paul.id
    with pytest.raises(UserError, match="agent actif"):
        log_contact(
            desk, login="paul", draft=ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
        )


def test_an_agent_is_refused(desk: Desk) -> None:
    paul = add(desk, "Paul Roux", "paul")
    with pytest.raises(UserError, match="réservée au rôle responsable d'équipe ou administrateur"):
        add_agent(desk, login="paul", name="Zoé", agent_login="zoe", role=Role.AGENT)
    with pytest.raises(UserError, match="réservée"):
        update(desk, paul, by="paul", name="Paul le chef", role=Role.LEAD)
    assert {a.login for a in list_agents(desk)} == {TEST_LOGIN, "paul"}
    assert find_agent(desk, "paul") == paul


def test_a_lead_manages_agents_but_not_admins(desk: Desk) -> None:
    add(desk, "Chloé Lead", "chloe", Role.LEAD)
    zoe = add_agent(desk, login="chloe", name="Zoé", agent_login="zoe", role=Role.AGENT)
    lead = update(desk, zoe, by="chloe", role=Role.LEAD)
    assert lead.role is Role.LEAD
    with pytest.raises(UserError, match="Seul un administrateur peut créer"):
        add_agent(desk, login="chloe", name="Max", agent_login="max", role=Role.ADMIN)
    with pytest.raises(UserError, match="Seul un administrateur peut nommer"):
        update(desk, lead, by="chloe", role=Role.ADMIN)
    with pytest.raises(UserError, match="Seul un administrateur peut modifier ou désactiver"):
        update(desk, admin(desk), by="chloe", active=False)
    with pytest.raises(UserError, match="Seul un administrateur"):
        update(desk, admin(desk), by="chloe", name="Renamed")
    assert find_agent(desk, "max") is None
    assert admin(desk).role is Role.ADMIN


def test_the_last_active_admin_is_protected(desk: Desk) -> None:
    first = admin(desk)
    with pytest.raises(UserError, match="dernier administrateur actif"):
        update(desk, first, role=Role.LEAD)
    other = add(desk, "Second Admin", "second", Role.ADMIN)
    demoted = update(desk, first, role=Role.LEAD)  # another admin remains
    assert demoted.role is Role.LEAD
    with pytest.raises(UserError, match="dernier administrateur actif"):
        update(desk, other, by="second", role=Role.AGENT)
    with pytest.raises(UserError, match="Seul un administrateur"):
        update(desk, other, by=TEST_LOGIN, active=False)  # now a lead
    assert find_agent(desk, "second") == other


def test_the_last_admin_cannot_be_deactivated_by_another_admin(desk: Desk) -> None:
    other = add(desk, "Second Admin", "second", Role.ADMIN)
    update(desk, other, active=False)  # two admins: allowed
    with pytest.raises(UserError, match="dernier administrateur actif"):
        update(desk, admin(desk), by=TEST_LOGIN, role=Role.AGENT)


def test_nobody_deactivates_themselves(desk: Desk) -> None:
    add(desk, "Second Admin", "second", Role.ADMIN)
    with pytest.raises(UserError, match="votre propre compte"):
        update(desk, admin(desk), active=False)
    chloe = add(desk, "Chloé Lead", "chloe", Role.LEAD)
    with pytest.raises(UserError, match="votre propre compte"):
        update(desk, chloe, by="chloe", active=False)
    assert admin(desk).active


def test_a_login_is_used_once_whatever_the_case(desk: Desk) -> None:
    add(desk, "Jean Dupont", "jean.dupont")
    with pytest.raises(UserError, match=r"« jean\.dupont » est déjà utilisé par Jean Dupont"):
        add(desk, "Autre Jean", "Jean.DUPONT")
    with pytest.raises(UserError, match=r"« agent\.test » est déjà utilisé"):
        add(desk, "Homonyme", "AGENT.TEST")
    assert len(list_agents(desk)) == 2


def test_a_deactivated_login_is_still_taken(desk: Desk) -> None:
    jean = add(desk, "Jean Dupont", "jean")
    update(desk, jean, active=False)
    with pytest.raises(UserError, match="désactivé : vous pouvez le réactiver"):
        add(desk, "Jean Dupond", "JEAN")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "L'identifiant ne peut pas être vide"),
        ("   ", "L'identifiant ne peut pas être vide"),
        ("jean\tdupont", "caractères de contrôle"),
        ("x" * 101, "trop long"),
        ("bad\x00login", "caractères de contrôle"),
    ],
)
def test_bad_logins_are_refused(desk: Desk, typed: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        add(desk, "Quelqu'un", typed)
    assert len(list_agents(desk)) == 1


def test_login_cleaning() -> None:
    assert clean_login("  jean.dupont\n") == "jean.dupont"
    assert clean_login("Marie Curie") == "Marie Curie"  # a Windows local account
    assert clean_login("x" * 100) == "x" * 100


def test_the_session_name_finds_its_agent_whatever_the_case(desk: Desk) -> None:
    add(desk, "Jean Dupont", "Jean.Dupont")
    found = find_agent(desk, "jean.dupont")
    assert found is not None
    assert found.name == "Jean Dupont"


def test_a_name_is_required(desk: Desk) -> None:
    with pytest.raises(UserError, match="Le nom de l'agent ne peut pas être vide"):
        add(desk, "  ", "jean")
    jean = add(desk, "Jean", "jean")
    with pytest.raises(UserError, match="Le nom de l'agent ne peut pas être vide"):
        update(desk, jean, name="")


def test_a_stale_edit_is_a_conflict(desk: Desk) -> None:
    jean = add(desk, "Jean", "jean")
    update(desk, jean, name="Jean Dupont")  # saved by someone else meanwhile
    with pytest.raises(ConflictError):
        update(desk, jean, role=Role.LEAD)
    current = find_agent(desk, "jean")
    assert current is not None
    assert (current.name, current.role) == ("Jean Dupont", Role.AGENT)
    assert update(desk, current, role=Role.LEAD).role is Role.LEAD


def test_agents_are_listed_alphabetically_as_read(desk: Desk) -> None:
    for name, login in (
        ("Élodie Fontaine", "elodie"),
        ("zoé Roux", "zoe"),
        ("Bruno Petit", "bruno"),
    ):
        add(desk, name, login)
    names = [agent.name for agent in list_agents(desk)]
    assert names.index("Bruno Petit") < names.index("Élodie Fontaine") < names.index("zoé Roux")
