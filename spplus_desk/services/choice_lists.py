"""The service's editable lists: motifs (why people come), orientation partners (where
they are sent) and procedures (the démarches of the right-to-error register). Leads add,
rename and retire entries; nothing is deleted, so every past contact or case keeps the
entry it was logged with."""

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
from spplus_desk.store.schema import ListedChoice, Motif, Partner, Procedure

EDITORS = (Role.LEAD, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class ChoiceList:
    model: type[ListedChoice]
    entity_type: str  # in the audit trail: "motif.created", "partner.retired"…
    field: str  # names the entry in messages: "Le motif « … » existe déjà."


MOTIFS = ChoiceList(Motif, "motif", "Le motif")
PARTNERS = ChoiceList(Partner, "partner", "Le partenaire")
PROCEDURES = ChoiceList(Procedure, "procedure", "La démarche")


@dataclass(frozen=True, slots=True)
class ChoiceInfo:
    id: uuid.UUID
    label: str
    active: bool
    version: int


def list_choices(
    desk: Desk, kind: ChoiceList, *, include_retired: bool = False
) -> list[ChoiceInfo]:
    model = kind.model
    with desk.database.reading() as session:
        query = select(model).order_by(model.position, model.label)
        if not include_retired:
            query = query.where(model.active.is_(True))
        return [_info(row) for row in session.scalars(query)]


def add_choice(desk: Desk, kind: ChoiceList, *, login: str, label: str) -> ChoiceInfo:
    text = clean_required_text(label, field=kind.field)
    now = desk.clock.now()
    model = kind.model
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        _refuse_duplicate(session, kind, text, None)
        position = session.scalars(select(func.coalesce(func.max(model.position), -1))).one()
        row = model(id=uuid.uuid4(), label=text, active=True, position=position + 1)
        session.add(row)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{kind.entity_type}.created",
            entity_type=kind.entity_type,
            entity_id=row.id,
            after={"label": text},
        )
        return _info(row)


def rename_choice(
    desk: Desk, kind: ChoiceList, *, login: str, choice: ChoiceInfo, label: str
) -> ChoiceInfo:
    text = clean_required_text(label, field=kind.field)
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, kind.model, choice.id, choice.version)
        _refuse_duplicate(session, kind, text, row.id)
        before = row.label
        row.label = text
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{kind.entity_type}.renamed",
            entity_type=kind.entity_type,
            entity_id=row.id,
            before={"label": before},
            after={"label": text},
        )
        return _info(row)


def set_choice_active(
    desk: Desk, kind: ChoiceList, *, login: str, choice: ChoiceInfo, active: bool
) -> ChoiceInfo:
    """Retire an entry (it leaves the list of choices) or bring it back."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, kind.model, choice.id, choice.version)
        row.active = active
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{kind.entity_type}.{'restored' if active else 'retired'}",
            entity_type=kind.entity_type,
            entity_id=row.id,
            before={"active": not active},
            after={"active": active},
        )
        return _info(row)


def _refuse_duplicate(
    session: Session, kind: ChoiceList, label: str, own_id: uuid.UUID | None
) -> None:
    # « État civil » and « état civil » are the same entry for people. Compared in Python:
    # SQLite's lower() ignores accented capitals, and a service has a few dozen entries.
    wanted = label.casefold()
    clash = next(
        (
            row
            for row in session.scalars(select(kind.model))
            if row.label.casefold() == wanted and row.id != own_id
        ),
        None,
    )
    if clash is not None:
        retired = "retirée" if kind.field.startswith("La ") else "retiré"
        state = "" if clash.active else f" ({retired} : vous pouvez le rétablir)"
        raise UserError(f"{kind.field} « {clash.label} » existe déjà{state}.")


def _info(row: ListedChoice) -> ChoiceInfo:
    return ChoiceInfo(row.id, row.label, row.active, row.version)
