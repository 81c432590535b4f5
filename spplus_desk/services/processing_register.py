"""The facts the register-of-processing entry prints beyond its fixed wording, read
from the service as it stands: its retention durations, who may read the data, the
backups kept and the sign-in protections in use."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.processing_register import RegisterEntry, retention_lines
from spplus_desk.services.desk import Desk
from spplus_desk.services.service_details import service_info_from_row
from spplus_desk.store import queries
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import Agent


def register_entry(desk: Desk, printed_on: date) -> RegisterEntry:
    with desk.database.reading() as session:
        row = queries.service_row(session)
        if row is None:
            raise UserError(NOT_CONFIGURED)
        by_role = select(Agent.role, func.count()).where(Agent.active).group_by(Agent.role)
        roles: dict[str, int] = dict(session.execute(by_role).all())
        pins = session.scalar(select(func.count()).where(Agent.active, Agent.pin_hash.is_not(None)))
        return RegisterEntry(
            service=service_info_from_row(row),
            retention=retention_lines(row.retention),
            agents=tuple((role, int(roles.get(role.value, 0))) for role in Role),
            pins=int(pins or 0),
            backup_daily=row.backup_daily,
            backup_monthly=row.backup_monthly,
            auto_lock_minutes=row.auto_lock_minutes,
            printed_on=printed_on,
        )
