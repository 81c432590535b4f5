"""The catalogue of kinds of request: what the service promises and how its clock runs.

Leads and admins define each kind's label, the channels it is offered on, the announced
delay (« 5 jours ouvrés ») and whether waiting for the user's documents suspends or
restarts the clock. The same catalogue feeds the quick entry, the deadline engine and
the commitments poster. A request keeps the promise made when it was received: editing
a kind only changes the requests received afterwards. Kinds are retired, never deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import ACKNOWLEDGEMENT_DAYS
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.documents import (
    DEFAULT_IMPLICIT_MONTHS,
    MAX_IMPLICIT_MONTHS,
    ImplicitDecision,
)
from spplus_desk.domain.enums import Channel, DelayUnit, Role, WaitPolicy
from spplus_desk.domain.error_case import REGULARISATION_KIND_ID
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.labels import CHANNEL_LABELS, delay_text
from spplus_desk.domain.service import OpeningHours
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, queries
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import RequestKind

EDITORS = (Role.LEAD, Role.ADMIN)
LABEL_FIELD = "Le nom du type de demande"
NO_CHANNEL = "Cochez au moins un canal par lequel ce type de demande peut arriver."
NO_OPENING_HOURS = (
    "Un délai en heures ouvrées se compte sur les horaires d'ouverture, et le service "
    "n'en a aucun : renseignez d'abord ses horaires, ou choisissez un délai en jours."
)
ENTITY = "request_kind"


@dataclass(frozen=True, slots=True)
class RequestKindInfo:
    id: uuid.UUID
    label: str
    channels: tuple[Channel, ...]
    delay_amount: int
    delay_unit: DelayUnit
    wait_policy: WaitPolicy
    active: bool
    version: int
    implicit_decision: ImplicitDecision = ImplicitDecision.UNSET
    implicit_months: int = DEFAULT_IMPLICIT_MONTHS

    @property
    def delay(self) -> str:
        """'5 jours ouvrés': the promise, in the words of the commitments poster."""
        return delay_text(self.delay_amount, self.delay_unit)

    @property
    def acknowledgement(self) -> str:
        """When a written request of this kind is acknowledged (SP+ standard)."""
        return acknowledgement_text(self.channels)

    def offered_on(self, channel: Channel) -> bool:
        return not self.channels or channel in self.channels


def acknowledgement_text(channels: Iterable[Channel]) -> str:
    """'sous 7 jours (courriel, formulaire en ligne) ; sous 14 jours (courrier)', or '—'
    when none of the channels is written: the acknowledgement is its own deadline."""
    by_days: dict[int, list[str]] = {}
    for channel in Channel:  # the channels' own order, whatever order they were ticked in
        days = ACKNOWLEDGEMENT_DAYS.get(channel)
        if days is not None and channel in channels:
            by_days.setdefault(days, []).append(CHANNEL_LABELS[channel].lower())
    if not by_days:
        return "—"
    return " ; ".join(
        f"sous {days}\u00a0jours ({', '.join(names)})" for days, names in sorted(by_days.items())
    )


@dataclass(frozen=True, slots=True)
class _Terms:
    """A kind as typed, once checked."""

    label: str
    channels: tuple[Channel, ...]
    delay: Delay
    wait_policy: WaitPolicy
    implicit_decision: ImplicitDecision
    implicit_months: int

    def snapshot(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "channels": [c.value for c in self.channels],
            "delay_amount": self.delay.amount,
            "delay_unit": self.delay.unit.value,
            "wait_policy": self.wait_policy.value,
            "implicit_decision": self.implicit_decision.value,
            "implicit_months": self.implicit_months,
        }


def list_request_kinds(desk: Desk, include_retired: bool = False) -> list[RequestKindInfo]:
    """The kinds of request, alphabetical as read (« État civil » among the E); only the
    active ones unless ``include_retired`` (the catalogue editor)."""
    with desk.database.reading() as session:
        if include_retired:  # the regularisations' reserved kind is no catalogue entry
            query = select(RequestKind).where(RequestKind.id != REGULARISATION_KIND_ID)
            rows = list(session.scalars(query))
        else:
            rows = queries.active_request_kinds(session)
        return sorted((_info(row) for row in rows), key=lambda kind: fold(kind.label))


def add_request_kind(
    desk: Desk,
    *,
    login: str,
    label: str,
    channels: Iterable[Channel],
    delay_amount: int,
    delay_unit: DelayUnit,
    wait_policy: WaitPolicy,
    implicit_decision: ImplicitDecision = ImplicitDecision.UNSET,
    implicit_months: int = DEFAULT_IMPLICIT_MONTHS,
) -> RequestKindInfo:
    terms = _check(
        label, channels, (delay_amount, DelayUnit(delay_unit)), wait_policy,
        (ImplicitDecision(implicit_decision), implicit_months),
    )  # fmt: skip
    now = desk.clock.now()
    with desk.database.writing() as session:
        # Taken first: two desks adding « Urbanisme » and « urbanisme » queue here, and
        # the second sees the first.
        audit.lock(session)
        agent = acting_agent(session, login, *EDITORS)
        _refuse_hours_without_opening(session, terms)
        _refuse_duplicate(session, terms.label, None)
        row = RequestKind(id=uuid.uuid4(), active=True)
        _apply(row, terms)
        session.add(row)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{ENTITY}.created",
            entity_type=ENTITY,
            entity_id=row.id,
            after=terms.snapshot(),
        )
        return _info(row)


def update_request_kind(
    desk: Desk,
    *,
    login: str,
    kind_id: uuid.UUID,
    version: int,
    label: str,
    channels: Iterable[Channel],
    delay_amount: int,
    delay_unit: DelayUnit,
    wait_policy: WaitPolicy,
    implicit_decision: ImplicitDecision,  # required: a form that forgot it would clear it
    implicit_months: int,
) -> RequestKindInfo:
    """Change a kind as read at ``version``. Requests already received keep the delay,
    wait policy and implicit decision they were promised; the new ones get these."""
    terms = _check(
        label, channels, (delay_amount, DelayUnit(delay_unit)), wait_policy,
        (ImplicitDecision(implicit_decision), implicit_months),
    )  # fmt: skip
    now = desk.clock.now()
    with desk.database.writing() as session:
        audit.lock(session)
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, RequestKind, kind_id, version)
        before = _snapshot(row)
        if terms.snapshot() == before:
            return _info(row)
        if terms.delay.unit.value != row.delay_unit:
            _refuse_hours_without_opening(session, terms)
        _refuse_duplicate(session, terms.label, row.id)
        _apply(row, terms)
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{ENTITY}.updated",
            entity_type=ENTITY,
            entity_id=row.id,
            before=before,
            after=terms.snapshot(),
        )
        return _info(row)


def retire_request_kind(
    desk: Desk, *, login: str, kind_id: uuid.UUID, version: int
) -> RequestKindInfo:
    """The kind is no longer offered for new requests; those received keep it."""
    return _set_active(desk, login, kind_id, version, active=False)


def restore_request_kind(
    desk: Desk, *, login: str, kind_id: uuid.UUID, version: int
) -> RequestKindInfo:
    return _set_active(desk, login, kind_id, version, active=True)


def _set_active(
    desk: Desk, login: str, kind_id: uuid.UUID, version: int, *, active: bool
) -> RequestKindInfo:
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        row = load_for_edit(session, RequestKind, kind_id, version)
        if row.active == active:
            return _info(row)
        row.active = active
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{ENTITY}.{'restored' if active else 'retired'}",
            entity_type=ENTITY,
            entity_id=row.id,
            before={"active": not active},
            after={"active": active},
        )
        return _info(row)


def _check(
    label: str,
    channels: Iterable[Channel],
    delay: tuple[int, DelayUnit],
    wait_policy: WaitPolicy,
    implicit: tuple[ImplicitDecision, int],
) -> _Terms:
    """The kind as typed, or the first problem in the order of the form."""
    text = clean_required_text(label, field=LABEL_FIELD)
    chosen = set(channels)
    if not chosen:
        raise UserError(NO_CHANNEL)
    checked_delay = Delay(*delay)
    decision, months = implicit
    if not decision.decides:
        months = DEFAULT_IMPLICIT_MONTHS  # unused: an unchanged form stays no change
    elif not 1 <= months <= MAX_IMPLICIT_MONTHS:
        raise UserError(
            f"Le délai de la décision implicite se compte en mois, de 1 à {MAX_IMPLICIT_MONTHS}."
        )
    return _Terms(
        label=text,
        channels=tuple(c for c in Channel if c in chosen),
        delay=checked_delay,
        wait_policy=WaitPolicy(wait_policy),
        implicit_decision=decision,
        implicit_months=months,
    )


def _refuse_hours_without_opening(session: Session, terms: _Terms) -> None:
    if not terms.delay.in_hours:
        return
    service = queries.service_row(session)
    if service is None:
        raise UserError(NOT_CONFIGURED)
    if not any(OpeningHours.from_json(service.opening_hours).days):
        raise UserError(NO_OPENING_HOURS)


def _refuse_duplicate(session: Session, label: str, own_id: uuid.UUID | None) -> None:
    # « État civil » and « etat civil » are the same kind for people. Compared in Python:
    # SQLite's lower() ignores accented capitals, and a catalogue has a few dozen kinds.
    wanted = fold(label)
    clash = next(
        (
            row
            for row in session.scalars(select(RequestKind))
            if fold(row.label) == wanted and row.id != own_id
        ),
        None,
    )
    if clash is not None and clash.id == REGULARISATION_KIND_ID:
        raise UserError(
            f"« {clash.label} » est réservé au suivi des régularisations du droit à "
            "l'erreur : choisissez un autre libellé."
        )
    if clash is not None:
        state = "" if clash.active else " (retiré : vous pouvez le rétablir)"
        raise UserError(f"Le type de demande « {clash.label} » existe déjà{state}.")


def _apply(row: RequestKind, terms: _Terms) -> None:
    row.label = terms.label
    row.channels = [c.value for c in terms.channels]
    row.delay_amount = terms.delay.amount
    row.delay_unit = terms.delay.unit.value
    row.wait_policy = terms.wait_policy.value
    row.implicit_decision = terms.implicit_decision.value
    row.implicit_months = terms.implicit_months


def _snapshot(row: RequestKind) -> dict[str, Any]:
    return {
        "label": row.label,
        # In the channels' own order, as _check gives them: an unchanged form is no change.
        "channels": [c.value for c in Channel if c.value in row.channels],
        "delay_amount": row.delay_amount,
        "delay_unit": row.delay_unit,
        "wait_policy": row.wait_policy,
        "implicit_decision": row.implicit_decision,
        "implicit_months": row.implicit_months,
    }


def _info(row: RequestKind) -> RequestKindInfo:
    return RequestKindInfo(
        id=row.id,
        label=row.label,
        channels=tuple(Channel(c) for c in row.channels),
        delay_amount=row.delay_amount,
        delay_unit=DelayUnit(row.delay_unit),
        wait_policy=WaitPolicy(row.wait_policy),
        active=row.active,
        version=row.version,
        implicit_decision=ImplicitDecision(row.implicit_decision),
        implicit_months=row.implicit_months,
    )
