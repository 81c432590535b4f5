"""Shared workstations (issue 8): each agent's optional PIN (argon2), the sign-in that
checks it, the slowing down of guesses, and the auto-lock setting."""

from __future__ import annotations

import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.sign_in import (
    HASHER,
    check_pin,
    set_auto_lock,
    set_pin,
    shared_desk_settings,
    sign_in,
    sign_in_choices,
    sign_in_needed,
    verify_pin,
)
from spplus_desk.store.schema import Agent, AuditEntry
from tests.support import TEST_LOGIN, FixedClock


@pytest.fixture
def team(desk: Desk) -> dict[str, AgentInfo]:
    """The test login is the administrator; Léa leads the team, Bob and Zoé are agents."""
    people = {
        "lea": add_agent(
            desk, login=TEST_LOGIN, name="Léa Petit", agent_login="lea", role=Role.LEAD
        ),
        "bob": add_agent(
            desk, login=TEST_LOGIN, name="Bob Martin", agent_login="bob", role=Role.AGENT
        ),
        "zoe": add_agent(
            desk, login=TEST_LOGIN, name="Zoé Roux", agent_login="zoe", role=Role.AGENT
        ),
    }
    admin = find_agent(desk, TEST_LOGIN)
    assert admin is not None
    return people | {"admin": admin}


def pin_hash(desk: Desk, agent_id: uuid.UUID) -> str | None:
    with desk.database.reading() as session:
        row = session.get(Agent, agent_id)
        assert row is not None
        return row.pin_hash


def pin_audit(desk: Desk) -> list[tuple[str | None, object, object]]:
    with desk.database.reading() as session:
        query = select(AuditEntry).where(AuditEntry.action == "agent.pin_changed")
        return [
            (e.entity_id, e.before, e.after)
            for e in session.scalars(query.order_by(AuditEntry.seq))
        ]


def audit_text(desk: Desk) -> str:
    with desk.database.reading() as session:
        return repr([(e.before, e.after) for e in session.scalars(select(AuditEntry))])


@pytest.mark.parametrize("typed", ["123", "1234567890123", "12a4", "12 34", "١٢٣٤", "", "    "])
def test_a_pin_is_4_to_12_digits(typed: str) -> None:
    with pytest.raises(UserError, match="de 4 à 12 chiffres"):
        check_pin(typed)


def test_spaces_around_a_pin_are_dropped() -> None:
    assert check_pin(" 0042 ") == "0042"
    assert check_pin("123456789012") == "123456789012"


def test_an_agent_chooses_a_pin_audited_without_its_hash(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    bob = team["bob"]
    set_pin(desk, login="bob", agent_id=bob.id, pin="4821")
    stored = pin_hash(desk, bob.id)
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert "4821" not in stored
    assert pin_audit(desk) == [(str(bob.id), None, {"pin": "défini"})]
    assert "argon2" not in audit_text(desk)
    assert "4821" not in audit_text(desk)
    assert verify_pin(desk, "bob", "4821")
    assert verify_pin(desk, "BOB", " 4821 ")  # the login whatever its case, the PIN trimmed
    assert not verify_pin(desk, "bob", "4822")
    assert not verify_pin(desk, "zoe", "4821")  # no PIN: nothing matches
    assert not verify_pin(desk, "inconnu", "4821")


def test_a_bad_pin_is_explained_and_nothing_is_saved(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    with pytest.raises(UserError, match="de 4 à 12 chiffres"):
        set_pin(desk, login="bob", agent_id=team["bob"].id, pin="12")
    assert pin_hash(desk, team["bob"].id) is None
    assert pin_audit(desk) == []


def test_changing_a_pin_asks_for_the_current_one(desk: Desk, team: dict[str, AgentInfo]) -> None:
    bob = team["bob"]
    set_pin(desk, login="bob", agent_id=bob.id, pin="4821")
    first = pin_hash(desk, bob.id)
    with pytest.raises(UserError, match="Tapez d'abord votre code PIN actuel"):
        set_pin(desk, login="bob", agent_id=bob.id, pin="9999")
    with pytest.raises(UserError, match="code PIN actuel est incorrect"):
        set_pin(desk, login="bob", agent_id=bob.id, pin="9999", current_pin="1111")
    assert pin_hash(desk, bob.id) == first
    set_pin(desk, login="bob", agent_id=bob.id, pin="9999", current_pin="4821")
    assert verify_pin(desk, "bob", "9999")
    assert not verify_pin(desk, "bob", "4821")
    set_pin(desk, login="bob", agent_id=bob.id, pin=None, current_pin="9999")
    assert pin_hash(desk, bob.id) is None
    assert [after for _id, _before, after in pin_audit(desk)] == [
        {"pin": "défini"},
        {"pin": "défini"},
        {"pin": "retiré"},
    ]
    with pytest.raises(UserError, match="Vous n'avez pas de code PIN"):
        set_pin(desk, login="bob", agent_id=bob.id, pin=None)


def test_an_admin_clears_a_forgotten_pin_but_never_chooses_one(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    bob = team["bob"]
    set_pin(desk, login="bob", agent_id=bob.id, pin="4821")
    with pytest.raises(UserError, match="pas le choisir"):
        set_pin(desk, login=TEST_LOGIN, agent_id=bob.id, pin="0000")
    for other in ("lea", "zoe"):  # a lead, another agent
        with pytest.raises(UserError, match="Seul un administrateur peut retirer"):
            set_pin(desk, login=other, agent_id=bob.id, pin=None)
    assert verify_pin(desk, "bob", "4821")
    set_pin(desk, login=TEST_LOGIN, agent_id=bob.id, pin=None)
    assert pin_hash(desk, bob.id) is None
    assert pin_audit(desk)[-1] == (str(bob.id), {"pin": "défini"}, {"pin": "retiré"})
    with pytest.raises(UserError, match="Bob Martin n'a pas de code PIN"):
        set_pin(desk, login=TEST_LOGIN, agent_id=bob.id, pin=None)


def test_an_unknown_or_inactive_login_sets_no_pin(desk: Desk, team: dict[str, AgentInfo]) -> None:
    with pytest.raises(UserError, match="n'est pas enregistré comme agent actif"):
        set_pin(desk, login="inconnu", agent_id=team["bob"].id, pin="4821")
    assert pin_hash(desk, team["bob"].id) is None


def test_five_wrong_pins_in_a_row_make_the_agent_wait(
    desk: Desk, team: dict[str, AgentInfo], clock: FixedClock
) -> None:
    set_pin(desk, login="bob", agent_id=team["bob"].id, pin="4821")
    for _ in range(4):
        assert not verify_pin(desk, "bob", "0000")
    assert verify_pin(desk, "bob", "4821")  # a right PIN starts the count again
    for left in (4, 3, 2, 1):
        with pytest.raises(UserError, match=f"encore {left} essais?"):
            sign_in(desk, os_login="accueil", login="bob", pin="0000")
    with pytest.raises(UserError, match="Attendez 30 secondes"):
        sign_in(desk, os_login="accueil", login="bob", pin="0000")
    with pytest.raises(UserError, match="attendez encore 30 secondes"):
        verify_pin(desk, "bob", "4821")  # even the right one, until the wait is over
    assert verify_pin(desk, "zoe", "4821") is False  # other agents are not held up
    clock.advance(seconds=29)
    with pytest.raises(UserError, match="attendez encore 1 seconde avant"):
        sign_in(desk, os_login="accueil", login="bob", pin="4821")
    clock.advance(seconds=1)
    assert not verify_pin(desk, "bob", "1111")  # still wrong in a row: wait again
    with pytest.raises(UserError, match="attendez encore 30 secondes"):
        verify_pin(desk, "bob", "4821")
    clock.advance(seconds=30)
    assert sign_in(desk, os_login="accueil", login="bob", pin="4821").login == "bob"
    assert not verify_pin(desk, "bob", "0000")  # counted from zero again


def test_a_pin_hashed_with_older_parameters_is_hashed_again(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("4821")
    with desk.database.writing() as session:
        row = session.get(Agent, team["bob"].id)
        assert row is not None
        row.pin_hash = old
    assert not verify_pin(desk, "bob", "1234")
    assert pin_hash(desk, team["bob"].id) == old  # a wrong PIN changes nothing
    assert verify_pin(desk, "bob", "4821")
    fresh = pin_hash(desk, team["bob"].id)
    assert fresh != old
    assert fresh is not None
    assert not HASHER.check_needs_rehash(fresh)
    assert verify_pin(desk, "bob", "4821")
    assert pin_audit(desk) == []  # the PIN did not change
    with desk.database.writing() as session:  # an old hash again, and the PIN changed
        row = session.get(Agent, team["bob"].id)
        assert row is not None
        row.pin_hash = old
    set_pin(desk, login="bob", agent_id=team["bob"].id, pin="1234", current_pin="4821")
    assert verify_pin(desk, "bob", "1234")


def test_signing_in_checks_the_pin_and_the_supervisors_own_session(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    set_pin(desk, login="bob", agent_id=team["bob"].id, pin="4821")
    with pytest.raises(UserError, match="Tapez le code PIN de Bob Martin"):
        sign_in(desk, os_login="accueil", login="bob", pin="  ")
    assert sign_in(desk, os_login="accueil", login="bob", pin="4821") == team["bob"]
    assert sign_in(desk, os_login="accueil", login="zoe", pin="") == team["zoe"]  # no PIN
    # A lead without a PIN is not picked by whoever sits at a shared desk…
    with pytest.raises(UserError, match="ne s'ouvre que dans la session « lea »"):
        sign_in(desk, os_login="accueil", login="lea", pin="")
    # … but opens in their own session, and anywhere once they have chosen a PIN.
    assert sign_in(desk, os_login="LEA", login="lea", pin="") == team["lea"]
    set_pin(desk, login="lea", agent_id=team["lea"].id, pin="55555")
    assert sign_in(desk, os_login="accueil", login="lea", pin="55555") == team["lea"]
    with pytest.raises(UserError, match="n'est pas enregistré comme agent actif"):
        sign_in(desk, os_login="accueil", login="inconnu", pin="")


def test_the_sign_in_lists_active_agents_by_name_with_their_pin(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    set_pin(desk, login="zoe", agent_id=team["zoe"].id, pin="1357")
    choices = [(c.agent.name, c.has_pin) for c in sign_in_choices(desk)]
    assert choices == [
        ("agent.test", False),
        ("Bob Martin", False),
        ("Léa Petit", False),
        ("Zoé Roux", True),
    ]


def test_the_sign_in_is_asked_on_shared_desks_only(desk: Desk, team: dict[str, AgentInfo]) -> None:
    assert not sign_in_needed(desk, "bob")
    set_pin(desk, login="zoe", agent_id=team["zoe"].id, pin="1357")
    assert not sign_in_needed(desk, "bob")  # one PIN, someone else's
    assert sign_in_needed(desk, "zoe")  # the session's own agent chose a PIN
    set_pin(desk, login="bob", agent_id=team["bob"].id, pin="2468")
    assert sign_in_needed(desk, "accueil")  # several agents with a PIN
    set_pin(desk, login=TEST_LOGIN, agent_id=team["bob"].id, pin=None)
    set_pin(desk, login=TEST_LOGIN, agent_id=team["zoe"].id, pin=None)
    settings = shared_desk_settings(desk)
    set_auto_lock(desk, login=TEST_LOGIN, version=settings.version, minutes=5)
    assert sign_in_needed(desk, "accueil")  # the desk locks itself


def test_the_auto_lock_is_an_admins_audited_setting(desk: Desk, team: dict[str, AgentInfo]) -> None:
    settings = shared_desk_settings(desk)
    assert settings.auto_lock_minutes == 0
    for login in ("lea", "bob"):
        with pytest.raises(UserError, match="réservée au rôle administrateur"):
            set_auto_lock(desk, login=login, version=settings.version, minutes=5)
    for minutes in (-1, 241):
        with pytest.raises(UserError, match="de 1 à 240 minutes"):
            set_auto_lock(desk, login=TEST_LOGIN, version=settings.version, minutes=minutes)
    assert shared_desk_settings(desk) == settings
    saved = set_auto_lock(desk, login=TEST_LOGIN, version=settings.version, minutes=10)
    assert saved.auto_lock_minutes == 10
    assert saved.version > settings.version
    with pytest.raises(ConflictError):
        set_auto_lock(desk, login=TEST_LOGIN, version=settings.version, minutes=3)
    with desk.database.reading() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "service.auto_lock")
        )
        assert (entry.before, entry.after) == ({"auto_lock_minutes": 0}, {"auto_lock_minutes": 10})
    assert (
        set_auto_lock(desk, login=TEST_LOGIN, version=saved.version, minutes=0).auto_lock_minutes
        == 0
    )


def test_an_admin_removes_their_own_pin_only_with_it(
    desk: Desk, team: dict[str, AgentInfo]
) -> None:
    """Removing anyone's forgotten PIN is an administrator's right, but not their own
    without it: whoever finds their desk unlocked could otherwise take the PIN off."""
    admin = team["admin"]
    set_pin(desk, login=TEST_LOGIN, agent_id=admin.id, pin="8642")
    with pytest.raises(UserError, match="Tapez d'abord votre code PIN actuel"):
        set_pin(desk, login=TEST_LOGIN, agent_id=admin.id, pin=None)
    with pytest.raises(UserError, match="code PIN actuel est incorrect"):
        set_pin(desk, login=TEST_LOGIN, agent_id=admin.id, pin=None, current_pin="1111")
    assert verify_pin(desk, TEST_LOGIN, "8642")
    set_pin(desk, login=TEST_LOGIN, agent_id=admin.id, pin=None, current_pin="8642")
    assert pin_hash(desk, admin.id) is None
