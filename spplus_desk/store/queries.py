"""Small lookups shared by several services, inside the caller's unit of work."""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import Table, bindparam, exists, func, insert, select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import RequestStatus
from spplus_desk.store import tallies
from spplus_desk.store.schema import (
    Agent,
    AuditEntry,
    Base,
    Contact,
    Motif,
    Request,
    RequestEvent,
    RequestKind,
    Service,
)
from spplus_desk.store.seals import seal_values


def agent_id_for_login(session: Session, login: str) -> uuid.UUID | None:
    """The agent behind a session name, found as ``agent_by_login`` finds it."""
    agent = agent_by_login(session, login)
    return agent.id if agent is not None else None


def service_row(session: Session) -> Service | None:
    return session.scalars(select(Service)).first()


def contact_count(session: Session) -> int:
    return row_count(session, Contact)


def audit_has_action(session: Session, action: str) -> bool:
    return bool(session.scalar(select(exists().where(AuditEntry.action == action))))


# Built once: it runs on every save at the counter.
_AGENT_BY_LOGIN = select(Agent).where(Agent.login == bindparam("login"))


_AGENT_TABLE = cast(Table, Agent.__table__)
_AGENT_STATE = select(_AGENT_TABLE.c.id, _AGENT_TABLE.c.role, _AGENT_TABLE.c.active).where(
    _AGENT_TABLE.c.login == bindparam("login")
)


def agent_state(session: Session, login: str) -> tuple[uuid.UUID, str, bool] | None:
    """(id, role, active) of the agent whose login is exactly ``login``: three columns,
    no object, for the check made on every save."""
    if not _storable(login):
        return None
    row = session.connection().execute(_AGENT_STATE, {"login": login}).first()
    return None if row is None else (row[0], row[1], bool(row[2]))


def _storable(text: str) -> bool:
    """Whether a database could hold ``text``: no NUL (PostgreSQL refuses it), no lone
    surrogate (what Python makes of a user name that is not UTF-8). Anything else is
    nobody's login; asking the database would only make its driver fail."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def agent_by_login(session: Session, login: str) -> Agent | None:
    """The agent behind a session's user name, whatever its case: Windows gives
    « Jean.Dupont » or « jean.dupont » for the same account (agents refuse two logins
    differing only by case)."""
    if not _storable(login):
        return None
    exact = session.scalars(_AGENT_BY_LOGIN, {"login": login}).first()
    if exact is not None:
        return exact
    wanted = login.casefold()
    return next((a for a in session.scalars(select(Agent)) if a.login.casefold() == wanted), None)


def agent_logins(session: Session) -> set[str]:
    return set(session.scalars(select(Agent.login)))


def active_agent_ids(session: Session) -> list[uuid.UUID]:
    return list(
        session.scalars(select(Agent.id).where(Agent.active.is_(True)).order_by(Agent.login))
    )


def active_motif_ids(session: Session) -> list[uuid.UUID]:
    return list(
        session.scalars(select(Motif.id).where(Motif.active.is_(True)).order_by(Motif.position))
    )


def active_request_kinds(session: Session) -> list[RequestKind]:
    return list(
        session.scalars(
            select(RequestKind).where(RequestKind.active.is_(True)).order_by(RequestKind.label)
        )
    )


def row_count(session: Session, model: type[Base]) -> int:
    return session.scalars(select(func.count()).select_from(model)).one()


def last_contact_of(session: Session, agent_id: uuid.UUID) -> Contact | None:
    """The agent's most recent contact still standing (not cancelled)."""
    return session.scalars(
        select(Contact)
        .where(Contact.agent_id == agent_id, Contact.cancelled_at.is_(None))
        .order_by(Contact.recorded_at.desc())
        .limit(1)
        .with_for_update()
    ).first()


def request_of_contact(session: Session, contact_id: uuid.UUID) -> Request | None:
    return session.scalars(select(Request).where(Request.contact_id == contact_id)).first()


def last_event_seq(session: Session, request_id: uuid.UUID) -> int:
    return session.scalars(
        select(func.coalesce(func.max(RequestEvent.seq), 0)).where(
            RequestEvent.request_id == request_id
        )
    ).one()


def requests_of_contact(session: Session, contact_id: uuid.UUID) -> list[Request]:
    """Every request a contact opened, oldest first (a correction may have cancelled one
    and opened another)."""
    return list(
        session.scalars(
            select(Request).where(Request.contact_id == contact_id).order_by(Request.reference)
        )
    )


def open_request_of_contact(session: Session, contact_id: uuid.UUID) -> Request | None:
    """The contact's request still in progress (neither answered nor cancelled), if any."""
    closed = [status.value for status in RequestStatus if status.is_closed]
    return session.scalars(
        select(Request)
        .where(Request.contact_id == contact_id, Request.status.not_in(closed))
        .order_by(Request.reference.desc())
        .limit(1)
    ).first()


def agents(session: Session, *, include_inactive: bool) -> list[Agent]:
    query = select(Agent).order_by(Agent.name, Agent.login)
    if not include_inactive:
        query = query.where(Agent.active.is_(True))
    return list(session.scalars(query))


_INSERT_CONTACT = insert(cast(Table, Contact.__table__))
_CONTACT_COLUMNS = tuple(cast(Table, Contact.__table__).columns)


def insert_contact(session: Session, contact: Contact) -> None:
    """Write a new contact with a plain INSERT (the counter's hot path); ``contact``
    stays out of the session, every column set (its seal here: no ORM hook runs)."""
    contact.seal = seal_values(Contact, {c.key: getattr(contact, c.key) for c in _CONTACT_COLUMNS})
    session.connection().execute(
        _INSERT_CONTACT,
        {column.key: getattr(contact, column.key) for column in _CONTACT_COLUMNS},
    )
    tallies.count_new(session, contact)
