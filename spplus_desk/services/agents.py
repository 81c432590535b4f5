"""Who is at the desk: agents as the services see them, and their management.

Leads and admins add agents, rename them, change their role and deactivate them; only an
admin touches an admin. Agents are never deleted: a deactivated agent stays the author of
their contacts. The service always keeps at least one active admin.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.service import AgentInfo
from spplus_desk.domain.validation import clean_required_text, refuse_unreadable
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, queries
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import Agent

MANAGERS = (Role.LEAD, Role.ADMIN)
NAME_FIELD = "Le nom de l'agent"
LOGIN_FIELD = "L'identifiant"
MAX_LOGIN_LENGTH = 100  # the column's width


def find_agent(desk: Desk, login: str) -> AgentInfo | None:
    """The active agent whose login is ``login`` (the operating-system user by default)."""
    with desk.database.reading() as session:
        row = queries.agent_by_login(session, login)
        if row is None or not row.active:
            return None
        return _info(row)


def list_agents(desk: Desk, *, include_inactive: bool = True) -> list[AgentInfo]:
    """The service's agents by name, alphabetical as read (« Élodie » among the E), for
    filters and the agents' editor."""
    with desk.database.reading() as session:
        rows = queries.agents(session, include_inactive=include_inactive)
        return sorted((_info(row) for row in rows), key=lambda agent: fold(agent.name))


def clean_login(value: str) -> str:
    """The identifier as stored: the operating-system user name, trimmed. Inner spaces
    are kept: Windows local accounts often have one (« Marie Curie »)."""
    text = value.strip()
    if not text:
        raise UserError(f"{LOGIN_FIELD} ne peut pas être vide.")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise UserError(f"{LOGIN_FIELD} contient des caractères de contrôle : retirez-les.")
    refuse_unreadable(text, field=LOGIN_FIELD)
    if len(text) > MAX_LOGIN_LENGTH:
        raise UserError(
            f"{LOGIN_FIELD} est trop long ({len(text)} caractères, {MAX_LOGIN_LENGTH} au plus)."
        )
    return text


def add_agent(desk: Desk, *, login: str, name: str, agent_login: str, role: Role) -> AgentInfo:
    """A new active agent; ``login`` is the person adding them (a lead or an admin)."""
    new_login = clean_login(agent_login)
    text = clean_required_text(name, field=NAME_FIELD)
    now = desk.clock.now()
    with desk.database.writing() as session:
        # Taken first, so two desks adding « Jean » and « jean » at once (PostgreSQL) run
        # one after the other and the second one sees the first.
        audit.lock(session)
        actor = acting_agent(session, login, *MANAGERS)
        if role is Role.ADMIN and Role(actor.role) is not Role.ADMIN:
            raise UserError("Seul un administrateur peut créer un autre administrateur.")
        _refuse_duplicate_login(session, new_login)
        row = Agent(name=text, login=new_login, role=role.value, active=True, created_at=now)
        session.add(row)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=actor.id,
            action="agent.created",
            entity_type="agent",
            entity_id=row.id,
            after={"login": row.login, **_snapshot(row)},
        )
        return _info(row)


def update_agent(
    desk: Desk, *, login: str, agent: AgentInfo, name: str, role: Role, active: bool
) -> AgentInfo:
    """Rename ``agent``, change their role, deactivate or reactivate them. Their login
    never changes: it is the operating-system user they sign in as."""
    text = clean_required_text(name, field=NAME_FIELD)
    now = desk.clock.now()
    with desk.database.writing() as session:
        audit.lock(session)  # one change of agents at a time: the last admin stays
        actor = acting_agent(session, login, *MANAGERS)
        row = _load_for_edit(session, agent)
        before = _snapshot(row)
        after = {"name": text, "role": role.value, "active": active}
        if after == before:
            return _info(row)
        _check_update(session, actor, row, role, active)
        row.name, row.role, row.active = text, role.value, active
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=actor.id,
            action="agent.updated",
            entity_type="agent",
            entity_id=row.id,
            before=before,
            after=after,
        )
        return _info(row)


def _load_for_edit(session: Session, agent: AgentInfo) -> Agent:
    """The agent's row, refused if someone saved it since ``agent`` was read.

    ``AgentInfo`` carries no version: the row must still hold what was read (the ORM
    still bumps the row's version, so other edits that compare versions see this one)."""
    row = session.get(Agent, agent.id, with_for_update=True)
    if row is None or (row.name, row.login, Role(row.role), row.active) != (
        agent.name,
        agent.login,
        agent.role,
        agent.active,
    ):
        raise ConflictError(CONFLICT_MESSAGE)
    return row


def _check_update(session: Session, actor: Agent, row: Agent, role: Role, active: bool) -> None:
    was_admin = Role(row.role) is Role.ADMIN
    if Role(actor.role) is not Role.ADMIN:
        if was_admin:
            raise UserError("Seul un administrateur peut modifier ou désactiver un administrateur.")
        if role is Role.ADMIN:
            raise UserError("Seul un administrateur peut nommer un administrateur.")
    if row.id == actor.id and row.active and not active:
        raise UserError(
            "Vous ne pouvez pas désactiver votre propre compte : "
            "demandez-le à un autre responsable ou administrateur."
        )
    stays_admin = role is Role.ADMIN and active
    if was_admin and row.active and not stays_admin and _other_active_admins(session, row) == 0:
        raise UserError(
            f"{row.name} est le dernier administrateur actif : nommez d'abord un autre "
            "administrateur, le service doit toujours en avoir un."
        )


def _other_active_admins(session: Session, row: Agent) -> int:
    return session.scalars(
        select(func.count())
        .select_from(Agent)
        .where(Agent.role == Role.ADMIN.value, Agent.active.is_(True), Agent.id != row.id)
    ).one()


def _refuse_duplicate_login(session: Session, new_login: str) -> None:
    # « Jean.Dupont » and « jean.dupont » are the same user on Windows. Compared in Python:
    # SQLite's lower() ignores accented capitals, and a service has a few dozen agents.
    wanted = new_login.casefold()
    clash = next(
        (row for row in session.scalars(select(Agent)) if row.login.casefold() == wanted),
        None,
    )
    if clash is not None:
        state = "" if clash.active else " (désactivé : vous pouvez le réactiver)"
        raise UserError(
            f"{LOGIN_FIELD} « {clash.login} » est déjà utilisé par {clash.name}{state}."
        )


def _snapshot(row: Agent) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "active": row.active}


def _info(row: Agent) -> AgentInfo:
    return AgentInfo(row.id, row.name, row.login, Role(row.role), row.active)
