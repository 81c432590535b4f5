"""Small lookups shared by several services, inside the caller's unit of work."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from spplus_desk.store.schema import Agent, AuditEntry, Contact, Service


def agent_id_for_login(session: Session, login: str) -> uuid.UUID | None:
    return session.scalars(select(Agent.id).where(Agent.login == login)).first()


def service_row(session: Session) -> Service | None:
    return session.scalars(select(Service)).first()


def contact_count(session: Session) -> int:
    return session.scalars(select(func.count()).select_from(Contact)).one()


def audit_has_action(session: Session, action: str) -> bool:
    return bool(session.scalar(select(exists().where(AuditEntry.action == action))))
