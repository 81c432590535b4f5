"""Who may do what. Enforced here, in the services, not only hidden in the screens."""

from __future__ import annotations

from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.store import queries
from spplus_desk.store.schema import Agent


def acting_agent(session: Session, login: str, *allowed: Role) -> Agent:
    """The active agent behind ``login``, refused unless their role is in ``allowed``
    (any role when none is given)."""
    agent = queries.agent_by_login(session, login)
    if agent is None or not agent.active:
        raise UserError(
            f"« {login} » n'est pas enregistré comme agent actif de ce service : "
            "demandez à un responsable ou à un administrateur de vous ajouter."
        )
    if allowed and Role(agent.role) not in allowed:
        names = " ou ".join(ROLE_LABELS[r].lower() for r in allowed)
        raise UserError(f"Cette action est réservée au rôle {names}.")
    return agent
