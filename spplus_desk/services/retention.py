"""How long personal data is kept, per record type: shown to everyone, set by an
administrator (domain.retention's defaults until then).

A change is audited (``service.retention``, every duration before and after) and refused
when someone saved the service's settings meanwhile, as for the other settings.
"""

from __future__ import annotations

from collections.abc import Mapping

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.purge import RetentionSettings, checked_months, retention_settings
from spplus_desk.domain.retention import RecordType, retention_months
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, queries
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import Service

ACTION = "service.retention"


def get_retention(desk: Desk) -> RetentionSettings:
    with desk.database.reading() as session:
        row = queries.service_row(session)
        if row is None:
            raise UserError(NOT_CONFIGURED)
        return retention_settings(row.retention, row.version)


def update_retention(
    desk: Desk, *, login: str, version: int, months: Mapping[RecordType, int]
) -> RetentionSettings:
    """Each record type's duration in months (a type left out keeps its default)."""
    stored = checked_months(months)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, Role.ADMIN)
        current = queries.service_row(session)
        if current is None:
            raise UserError(NOT_CONFIGURED)
        row = load_for_edit(session, Service, current.id, version)
        before = {k.value: v for k, v in retention_months(row.retention).items()}
        if stored == before:  # the durations in force already: nothing to change
            return retention_settings(row.retention, row.version)
        row.retention = stored
        row.updated_at = now
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=ACTION,
            entity_type="service",
            entity_id=row.id,
            before={"retention": before},
            after={"retention": stored},
        )
        return retention_settings(row.retention, row.version)
