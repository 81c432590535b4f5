"""Reading the right-to-error register: its pages, its counts, the earlier cases of a
person, and where a new case starts from (a contact or a request)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import PersonIdentity
from spplus_desk.domain.error_register import (
    CaseOrigin,
    EarlierCase,
    RegisterFilter,
    RegisterRow,
    RegisterSort,
    RegisterStats,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import moment_text
from spplus_desk.domain.validation import clean_text
from spplus_desk.reports.error_register import register_csv
from spplus_desk.services.desk import Desk
from spplus_desk.store import error_cases, requests
from spplus_desk.store.schema import Contact, Request

MAX_PAGE = 1000
DEFAULT_SORT = RegisterSort()  # the latest discovered first


def register_rows(
    desk: Desk,
    wanted: RegisterFilter,
    sort: RegisterSort = DEFAULT_SORT,
    *,
    offset: int = 0,
    limit: int = 200,
    at: datetime | None = None,
) -> list[RegisterRow]:
    """A page of the register, sorted in SQL on a total order."""
    with desk.database.reading() as session:
        return error_cases.register_rows(
            session,
            wanted,
            sort,
            at=at or desk.clock.now(),
            offset=max(offset, 0),
            limit=min(max(limit, 1), MAX_PAGE),
        )


def register_count(desk: Desk, wanted: RegisterFilter) -> int:
    with desk.database.reading() as session:
        return error_cases.register_count(session, wanted)


def register_stats(
    desk: Desk, start: date | None = None, end: date | None = None, *, at: datetime | None = None
) -> RegisterStats:
    """The cases of a period by procedure and outcome (the results poster's figures)."""
    if start is not None and end is not None and start > end:
        raise UserError("La période est à l'envers : la date de début suit la date de fin.")
    with desk.database.reading() as session:
        return error_cases.register_stats(session, start, end, at=at or desk.clock.now())


def all_register_rows(desk: Desk, wanted: RegisterFilter) -> list[RegisterRow]:
    """Every case the filter keeps, oldest first (exports and the command line)."""
    rows: list[RegisterRow] = []
    sort = RegisterSort(descending=False)
    at = desk.clock.now()
    while True:
        page = register_rows(desk, wanted, sort, offset=len(rows), limit=MAX_PAGE, at=at)
        rows.extend(page)
        if len(page) < MAX_PAGE:
            return rows


def register_file(desk: Desk, wanted: RegisterFilter) -> bytes:
    """Every case the filters keep, oldest first, as CSV for Excel: the same file as
    ``spplus-desk register --csv``."""
    return register_csv(all_register_rows(desk, wanted))


def register_file_name(today: date) -> str:
    return f"registre-droit-a-l-erreur-{today.isoformat()}.csv"


def earlier_cases(
    desk: Desk,
    person: PersonIdentity,
    *,
    exclude: uuid.UUID | None = None,
    until: date | None = None,
) -> list[EarlierCase]:
    """The person's earlier cases (matched on phone, e-mail or name), latest first:
    those discovered by ``until`` when an older case is looked at again."""
    person = PersonIdentity(
        _normalised(_name, person.name),
        _normalised(parse_phone, person.phone),
        _normalised(parse_email, person.email),
    )
    if not person.identified:
        return []
    with desk.database.reading() as session:
        return error_cases.earlier_cases(session, person, exclude=exclude, until=until)


def _name(text: str) -> str:
    return clean_text(text, field="Le nom")


def _normalised(parse: Callable[[str], str], text: str) -> str:
    """As stored; a half-typed number or address matches nothing (the form says why)."""
    try:
        return parse(text) if text.strip() else ""
    except UserError:
        return ""


def case_of_follow_up(desk: Desk, request_id: uuid.UUID) -> uuid.UUID | None:
    """The case whose regularisation deadline this request follows, if any."""
    with desk.database.reading() as session:
        return error_cases.case_of_follow_up(session, request_id)


def origin_of_contact(desk: Desk, contact_id: uuid.UUID) -> CaseOrigin:
    """A case opened from a contact: its channel, its day and the person it names."""
    with desk.database.reading() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise UserError("Ce contact est introuvable dans cette base : actualisez le journal.")
        zone = requests.service_calendar(session).zone
        return CaseOrigin(
            label=f"Contact du {moment_text(contact.occurred_at, zone)}",
            channel=Channel(contact.channel),
            day=contact.occurred_at.astimezone(zone).date(),
            person_name=contact.person_name or "",
            person_phone=contact.person_phone or "",
            person_email=contact.person_email or "",
            contact_id=contact.id,
            at=contact.occurred_at,
        )


def origin_of_request(desk: Desk, request_id: uuid.UUID) -> CaseOrigin:
    """A case opened from a request: its channel and the person of its contact."""
    with desk.database.reading() as session:
        request = session.get(Request, request_id)
        if request is None:
            raise UserError("Cette demande est introuvable dans cette base : actualisez.")
        contact = session.get(Contact, request.contact_id) if request.contact_id else None
        zone = requests.service_calendar(session).zone
        return CaseOrigin(
            label=f"Demande {request.reference}",
            channel=Channel(request.channel),
            day=request.received_at.astimezone(zone).date(),
            person_name=(contact.person_name if contact else None) or "",
            person_phone=(contact.person_phone if contact else None) or "",
            person_email=(contact.person_email if contact else None) or "",
            contact_id=request.contact_id,
            request_id=request.id,
            at=request.received_at,
        )
