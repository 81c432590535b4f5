"""Creating a database's service, first admin and default catalogue; reading them back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, Departement, departement
from spplus_desk.domain.enums import Role
from spplus_desk.domain.service import (
    SP_2023_REFERENTIAL,
    AgentInfo,
    ContactPoint,
    OpeningHours,
    ServiceInfo,
)
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.catalogue import default_catalogue
from spplus_desk.services.desk import Desk
from spplus_desk.store import audit, queries
from spplus_desk.store.schema import Agent, Motif, RequestKind, Service

SERVICE_NAME_FIELD = "Le nom du service"


@dataclass(frozen=True, slots=True)
class InitReport:
    service: ServiceInfo
    service_created: bool
    service_changed: bool
    admin_created: AgentInfo | None
    motifs_added: int
    kinds_added: int


def initialise(
    desk: Desk,
    *,
    login: str,
    service_name: str | None = None,
    departement_code: str | None = None,
) -> InitReport:
    """Make the database ready: the service row, a first admin, the default catalogue.

    Safe to run again: it only fills what is missing and applies the name and
    département given, each change audited.
    """
    name = (
        clean_required_text(service_name, field=SERVICE_NAME_FIELD)
        if service_name is not None
        else None
    )
    dep = departement(departement_code) if departement_code is not None else None
    now = desk.clock.now()
    with desk.database.writing() as session:
        # Taken first, so two desks initialising at once (PostgreSQL) run one after the
        # other instead of both creating an admin and a catalogue.
        audit.lock(session)
        admin = _ensure_first_admin(session, login, now)
        actor_id = queries.agent_id_for_login(session, login)
        service = queries.service_row(session)
        created = changed = False
        if service is None:
            chosen = dep or departement(DEFAULT_DEPARTEMENT)
            service = Service(
                name=name or "",
                address="",
                departement=chosen.code,
                time_zone=chosen.time_zone,
                opening_hours=OpeningHours.default().to_json(),
                contact_points=[],
                referential=SP_2023_REFERENTIAL,
                whit_monday_worked=False,
                created_at=now,
                updated_at=now,
            )
            session.add(service)
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=actor_id,
                action="service.created",
                entity_type="service",
                entity_id=service.id,
                after=_snapshot(service),
            )
            created = True
        else:
            changed = _apply_changes(session, service, name, dep, now, actor_id)
        motifs, kinds = _seed_catalogue(session, now, actor_id)
        return InitReport(
            service=service_info_from_row(service),
            service_created=created,
            service_changed=changed,
            admin_created=admin,
            motifs_added=motifs,
            kinds_added=kinds,
        )


def configure_service(desk: Desk, *, login: str, name: str, departement_code: str) -> ServiceInfo:
    """First-run settings chosen in the app: the service's name and département."""
    return initialise(
        desk, login=login, service_name=name, departement_code=departement_code
    ).service


def get_service(desk: Desk) -> ServiceInfo | None:
    with desk.database.reading() as session:
        row = queries.service_row(session)
        return service_info_from_row(row) if row is not None else None


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


def _snapshot(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "departement": service.departement,
        "time_zone": service.time_zone,
    }


def _apply_changes(
    session: Session,
    service: Service,
    name: str | None,
    dep: Departement | None,
    now: datetime,
    actor_id: uuid.UUID | None,
) -> bool:
    before = _snapshot(service)
    if name is not None and name != service.name:
        service.name = name
    if dep is not None and dep.code != service.departement:
        service.departement = dep.code
        service.time_zone = dep.time_zone
    after = _snapshot(service)
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


def _ensure_first_admin(session: Session, login: str, now: datetime) -> AgentInfo | None:
    if queries.row_count(session, Agent):
        return None
    admin = Agent(name=login, login=login, role=Role.ADMIN.value, active=True, created_at=now)
    session.add(admin)
    session.flush()
    info = AgentInfo(admin.id, admin.name, admin.login, Role.ADMIN, True)
    audit.record(
        session,
        at=admin.created_at,
        actor_id=admin.id,
        action="agent.created",
        entity_type="agent",
        entity_id=admin.id,
        after={"name": info.name, "login": info.login, "role": info.role.value},
    )
    return info


def _seed_catalogue(session: Session, now: datetime, actor_id: uuid.UUID | None) -> tuple[int, int]:
    catalogue = default_catalogue()
    motifs_added = kinds_added = 0
    if not queries.row_count(session, Motif):
        for position, label in enumerate(catalogue.motifs):
            session.add(Motif(label=label, active=True, position=position))
        motifs_added = len(catalogue.motifs)
    if not queries.row_count(session, RequestKind):
        for kind in catalogue.request_kinds:
            session.add(
                RequestKind(
                    label=kind.label,
                    channels=[c.value for c in kind.channels],
                    delay_amount=kind.delay_amount,
                    delay_unit=kind.delay_unit.value,
                    wait_policy=kind.wait_policy.value,
                    active=True,
                )
            )
        kinds_added = len(catalogue.request_kinds)
    if motifs_added or kinds_added:
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=actor_id,
            action="catalogue.seeded",
            entity_type="catalogue",
            entity_id=None,
            after={
                "motifs": list(catalogue.motifs) if motifs_added else [],
                "request_kinds": [k.label for k in catalogue.request_kinds] if kinds_added else [],
            },
        )
    return motifs_added, kinds_added
