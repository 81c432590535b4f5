"""The service's details as the public sees them: name, département (so its calendar and
time zone), address, opening hours, general phone and e-mail.

The first-run wizard sets them (services.setup.complete_first_run); a lead or an
administrator corrects them later (``update_service_details``). Both read the answers
with ``changes_from`` and write them with ``apply_changes``, so the same checks and the
same audit entry ("service.updated", before/after) hold either way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.departements import Departement, departement
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import check_opening_hours
from spplus_desk.domain.service import (
    SERVICE_NAME_FIELD,
    ContactPoint,
    FirstRunSettings,
    OpeningHours,
    ServiceInfo,
    clean_address,
)
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, feedback, queries, requests
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.schema import Service

# The general phone number and e-mail address (no purpose) are what these details set.
PHONE, EMAIL = "phone", "email"
EDITORS = (Role.LEAD, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class DetailChanges:
    """Service details to apply; None leaves one as it is."""

    name: str | None = None
    dep: Departement | None = None
    address: str | None = None
    hours: OpeningHours | None = None
    phone: str | None = None
    email: str | None = None


def changes_from(settings: FirstRunSettings) -> DetailChanges:
    """The answers checked and tidied (a UserError says what is wrong); the admin's name
    is not a detail of the service and is left to the caller."""
    return DetailChanges(
        name=clean_required_text(settings.service_name, field=SERVICE_NAME_FIELD),
        dep=departement(settings.departement_code),
        address=None if settings.address is None else clean_address(settings.address),
        hours=None
        if settings.opening_hours is None
        else check_opening_hours(settings.opening_hours),
        phone=None if settings.phone is None else _optional(settings.phone, parse_phone),
        email=None if settings.email is None else _optional(settings.email, parse_email),
    )


def update_service_details(
    desk: Desk, *, login: str, version: int, settings: FirstRunSettings
) -> ServiceInfo:
    """A lead's or an administrator's correction of the details the first run asked,
    refused if someone saved the service since ``version`` was read. A new département
    or new opening hours count the open requests' deadlines again, in the same unit of
    work, as a change of the service's calendar does."""
    changes = changes_from(settings)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        current = queries.service_row(session)
        if current is None:
            raise UserError(requests.NOT_CONFIGURED)
        row = load_for_edit(session, Service, current.id, version)
        calendar_before = (row.departement, row.opening_hours)
        apply_changes(session, row, changes, now, agent.id)
        if (row.departement, row.opening_hours) != calendar_before:
            requests.refresh_open(session)
            feedback.refresh_open_due(session, requests.calendar_of(row))
        return service_info_from_row(row)


def service_info_from_row(row: Service) -> ServiceInfo:
    return ServiceInfo(
        id=row.id,
        name=row.name,
        address=row.address,
        departement=departement(row.departement),
        time_zone=row.time_zone,
        opening_hours=OpeningHours.from_json(row.opening_hours),
        contact_points=tuple(
            ContactPoint(p["kind"], p["value"], p.get("purpose", "")) for p in row.contact_points
        ),
        referential=row.referential,
        whit_monday_worked=row.whit_monday_worked,
        version=row.version,
    )


def apply_changes(
    session: Session,
    service: Service,
    changes: DetailChanges,
    now: datetime,
    actor_id: uuid.UUID | None,
) -> bool:
    """Apply ``changes`` to the service's row, audited; False when nothing differed."""
    before = snapshot(service)
    apply_details(service, changes)
    after = snapshot(service)
    if after == before:
        return False
    service.updated_at = now
    session.flush()
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        action="service.updated",
        entity_type="service",
        entity_id=service.id,
        before=before,
        after=after,
    )
    return True


def snapshot(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "departement": service.departement,
        "time_zone": service.time_zone,
        "address": service.address,
        "opening_hours": service.opening_hours,
        "contact_points": service.contact_points,
    }


def apply_details(service: Service, changes: DetailChanges) -> None:
    """Set what changes asks; JSON columns get new lists (never mutated in place)."""
    if changes.name is not None and changes.name != service.name:
        service.name = changes.name
    if changes.dep is not None and changes.dep.code != service.departement:
        service.departement = changes.dep.code
        service.time_zone = changes.dep.time_zone
    if changes.address is not None and changes.address != service.address:
        service.address = changes.address
    if changes.hours is not None and changes.hours.to_json() != service.opening_hours:
        service.opening_hours = changes.hours.to_json()
    points = _contact_points(list(service.contact_points), changes.phone, changes.email)
    if points != service.contact_points:
        service.contact_points = points


def _contact_points(
    current: list[dict[str, str]], phone: str | None, email: str | None
) -> list[dict[str, str]]:
    """The general phone and e-mail (no purpose) first, replaced by those given; the
    service's other contact points kept as they are."""
    given = {kind: value for kind, value in ((PHONE, phone), (EMAIL, email)) if value is not None}
    kept = [p for p in current if not (p["kind"] in given and not p.get("purpose"))]
    general = [{"kind": k, "value": v, "purpose": ""} for k, v in given.items() if v]
    return [*general, *kept] if given else current


def _optional(text: str, parse: Callable[[str], str]) -> str:
    """Empty: none given; otherwise parsed (a UserError says what is expected)."""
    return parse(text) if text.strip() else ""
