"""Who is at the desk: agents as the services see them."""

from __future__ import annotations

from spplus_desk.domain.enums import Role
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.desk import Desk
from spplus_desk.store import queries


def find_agent(desk: Desk, login: str) -> AgentInfo | None:
    """The active agent whose login is ``login`` (the operating-system user by default)."""
    with desk.database.reading() as session:
        row = queries.agent_by_login(session, login)
        if row is None or not row.active:
            return None
        return AgentInfo(row.id, row.name, row.login, Role(row.role), row.active)


def list_agents(desk: Desk, *, include_inactive: bool = True) -> list[AgentInfo]:
    """The service's agents by name (for filters and the agents' editor)."""
    with desk.database.reading() as session:
        return [
            AgentInfo(row.id, row.name, row.login, Role(row.role), row.active)
            for row in queries.agents(session, include_inactive=include_inactive)
        ]
