"""Creating a database's service, first admin and default catalogue; the first-run
settings; reading them back. How the service's details are checked, applied and audited
(and corrected later by a lead) is in services.service_details."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, departement
from spplus_desk.domain.enums import Role
from spplus_desk.domain.service import (
    ADMIN_NAME_FIELD,
    SERVICE_NAME_FIELD,
    SP_2023_REFERENTIAL,
    AgentInfo,
    FirstRunSettings,
    OpeningHours,
    ServiceInfo,
)
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.catalogue import default_catalogue, seed_procedures
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.services.service_details import (
    DetailChanges,
    apply_changes,
    apply_details,
    changes_from,
    service_info_from_row,
    snapshot,
)
from spplus_desk.store import audit, queries
from spplus_desk.store.schema import Agent, Motif, Partner, RequestKind, Service


@dataclass(frozen=True, slots=True)
class InitReport:
    service: ServiceInfo
    service_created: bool
    service_changed: bool
    admin_created: AgentInfo | None
    motifs_added: int
    kinds_added: int
    partners_added: int


@dataclass(frozen=True, slots=True)
class FirstRunResult:
    service: ServiceInfo
    agent: AgentInfo | None  # the person who answered, as the window shows them


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
    with desk.database.writing() as session:
        return _setup(session, login, desk.clock.now(), DetailChanges(name=name, dep=dep))


def configure_service(desk: Desk, *, login: str, name: str, departement_code: str) -> ServiceInfo:
    """First-run settings chosen in the app: the service's name and département."""
    return initialise(
        desk, login=login, service_name=name, departement_code=departement_code
    ).service


def complete_first_run(desk: Desk, *, login: str, settings: FirstRunSettings) -> FirstRunResult:
    """Everything the first-run wizard asked, in one transaction: the service's name,
    département (so its calendar and time zone), address, opening hours, general phone and
    e-mail, and the display name of the person answering (the first admin)."""
    changes = changes_from(settings)
    admin_name = (
        None
        if settings.admin_name is None
        else clean_required_text(settings.admin_name, field=ADMIN_NAME_FIELD)
    )
    now = desk.clock.now()
    with desk.database.writing() as session:
        report = _setup(session, login, now, changes)
        # The first admin was made above when there was none; anyone else is checked.
        agent = acting_agent(session, login, Role.ADMIN)
        if admin_name is not None and admin_name != agent.name:
            before = agent.name
            agent.name = admin_name
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=agent.id,
                action="agent.updated",
                entity_type="agent",
                entity_id=agent.id,
                before={"name": before},
                after={"name": admin_name},
            )
        shown = (
            AgentInfo(agent.id, agent.name, agent.login, Role(agent.role), agent.active)
            if agent is not None and agent.active
            else None
        )
        return FirstRunResult(report.service, shown)


def get_service(desk: Desk) -> ServiceInfo | None:
    with desk.database.reading() as session:
        row = queries.service_row(session)
        return service_info_from_row(row) if row is not None else None


def _setup(session: Session, login: str, now: datetime, changes: DetailChanges) -> InitReport:
    """What initialise does, inside the caller's transaction."""
    # Taken first, so two desks initialising at once (PostgreSQL) run one after the
    # other instead of both creating an admin and a catalogue.
    audit.lock(session)
    admin = _ensure_first_admin(session, login, now)
    if changes != DetailChanges():
        # Naming the service or moving its département is an administrator's (on an
        # empty database the person was just made the first one).
        acting_agent(session, login, Role.ADMIN)
    actor_id = queries.agent_id_for_login(session, login)
    service = queries.service_row(session)
    created = changed = False
    if service is None:
        chosen = changes.dep or departement(DEFAULT_DEPARTEMENT)
        service = Service(
            name="",
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
        apply_details(service, changes)
        session.add(service)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=actor_id,
            action="service.created",
            entity_type="service",
            entity_id=service.id,
            after=snapshot(service),
        )
        created = True
    else:
        changed = apply_changes(session, service, changes, now, actor_id)
    motifs, kinds, partners = _seed_catalogue(session, now, actor_id)
    return InitReport(
        service=service_info_from_row(service),
        service_created=created,
        service_changed=changed,
        admin_created=admin,
        motifs_added=motifs,
        kinds_added=kinds,
        partners_added=partners,
    )


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


def _seed_catalogue(
    session: Session, now: datetime, actor_id: uuid.UUID | None
) -> tuple[int, int, int]:
    """The default motifs, kinds of request and partners, each list only while empty."""
    catalogue = default_catalogue()
    motifs_added = kinds_added = partners_added = 0
    if not queries.row_count(session, Motif):
        for position, label in enumerate(catalogue.motifs):
            session.add(Motif(label=label, active=True, position=position))
        motifs_added = len(catalogue.motifs)
    if not queries.row_count(session, Partner):
        for position, label in enumerate(catalogue.partners):
            session.add(Partner(label=label, active=True, position=position))
        partners_added = len(catalogue.partners)
    if not queries.row_count(session, RequestKind):  # the reserved kind comes later
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
    procedures_added = seed_procedures(session)
    if motifs_added or kinds_added or partners_added or procedures_added:
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
                "partners": list(catalogue.partners) if partners_added else [],
                "procedures": list(catalogue.procedures) if procedures_added else [],
            },
        )
    return motifs_added, kinds_added, partners_added
