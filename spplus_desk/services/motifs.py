"""The service's list of motifs: leads add, rename and retire them; nothing is deleted,
so every past contact keeps the motif it was logged with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.schema import Motif

MOTIF_FIELD = "Le motif"
EDITORS = (Role.LEAD, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class MotifInfo:
    id: uuid.UUID
    label: str
    active: bool
    version: int


def list_motifs(desk: Desk, *, include_retired: bool = False) -> list[MotifInfo]:
    with desk.database.reading() as session:
        query = select(Motif).order_by(Motif.position, Motif.label)
        if not include_retired:
            query = query.where(Motif.active.is_(True))
        return [_info(m) for m in session.scalars(query)]


def add_motif(desk: Desk, *, login: str, label: str) -> MotifInfo:
    text = clean_required_text(label, field=MOTIF_FIELD)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        _refuse_duplicate(session, text, None)
        position = session.scalars(select(func.coalesce(func.max(Motif.position), -1))).one()
        motif = Motif(id=uuid.uuid4(), label=text, active=True, position=position + 1)
        session.add(motif)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="motif.created",
            entity_type="motif",
            entity_id=motif.id,
            after={"label": text},
        )
        return _info(motif)


def rename_motif(desk: Desk, *, login: str, motif: MotifInfo, label: str) -> MotifInfo:
    text = clean_required_text(label, field=MOTIF_FIELD)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, Motif, motif.id, motif.version)
        _refuse_duplicate(session, text, row.id)
        before = row.label
        row.label = text
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="motif.renamed",
            entity_type="motif",
            entity_id=row.id,
            before={"label": before},
            after={"label": text},
        )
        return _info(row)


def set_motif_active(desk: Desk, *, login: str, motif: MotifInfo, active: bool) -> MotifInfo:
    """Retire a motif (it leaves the list of choices) or bring it back."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, Motif, motif.id, motif.version)
        row.active = active
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="motif.restored" if active else "motif.retired",
            entity_type="motif",
            entity_id=row.id,
            before={"active": not active},
            after={"active": active},
        )
        return _info(row)


def _refuse_duplicate(session: Session, label: str, own_id: uuid.UUID | None) -> None:
    # « État civil » and « état civil » are the same motif for people. Compared in Python:
    # SQLite's lower() ignores accented capitals, and a service has a few dozen motifs.
    wanted = label.casefold()
    clash = next(
        (
            m
            for m in session.scalars(select(Motif))
            if m.label.casefold() == wanted and m.id != own_id
        ),
        None,
    )
    if clash is not None:
        state = "" if clash.active else " (retiré : vous pouvez le rétablir)"
        raise UserError(f"Le motif « {clash.label} » existe déjà{state}.")


def _info(row: Motif) -> MotifInfo:
    return MotifInfo(row.id, row.label, row.active, row.version)
