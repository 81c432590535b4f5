"""Who may do what. Enforced here, in the services, not only hidden in the screens."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.store import queries
from spplus_desk.store.schema import Agent

# Leads and administrators may change anyone's entries; agents only their own.
SUPERVISORS = (Role.LEAD, Role.ADMIN)


def may_change(agent: Agent, author_id: uuid.UUID) -> bool:
    """Whether ``agent`` may correct or cancel an entry ``author_id`` made (a contact,
    a right-to-error case)."""
    return author_id == agent.id or Role(agent.role) in SUPERVISORS


def acting_agent(session: Session, login: str, *allowed: Role) -> Agent:
    """The active agent behind ``login``, refused unless their role is in ``allowed``
    (any role when none is given)."""
    agent = queries.agent_by_login(session, login)
    _refuse_unless_allowed(
        login, None if agent is None else (Role(agent.role), agent.active), allowed
    )
    assert agent is not None  # refused above otherwise
    return agent


def acting_agent_id(session: Session, login: str, *allowed: Role) -> uuid.UUID:
    """The same check, reading only the agent's id, role and active flag: it runs on
    every contact saved at the counter."""
    state = queries.agent_state(session, login)
    if state is None:  # another case of the same login, or nobody: the full lookup says
        return acting_agent(session, login, *allowed).id
    agent_id, role, active = state
    _refuse_unless_allowed(login, (Role(role), active), allowed)
    return agent_id


def _refuse_unless_allowed(
    login: str, found: tuple[Role, bool] | None, allowed: tuple[Role, ...]
) -> None:
    if found is None or not found[1]:
        raise UserError(
            f"« {login} » n'est pas enregistré comme agent actif de ce service : "
            "demandez à un responsable ou à un administrateur de vous ajouter."
        )
    if allowed and found[0] not in allowed:
        names = " ou ".join(ROLE_LABELS[r].lower() for r in allowed)
        raise UserError(f"Cette action est réservée au rôle {names}.")
