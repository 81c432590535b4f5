"""Shared workstations: who is at the desk, each agent's optional PIN, and the auto-lock.

By default the agent is the operating-system user. On a workstation several agents
share, each one signs in (« Qui êtes-vous ? ») and the app passes their login to every
service instead; a PIN, when the agent chose one, proves it is them. PINs are stored as
argon2id hashes (never the PIN, never the hash in the audit trail).

Guessing is slowed down per agent: after ``MAX_WRONG`` wrong PINs in a row, each further
try waits ``WAIT``. The count is kept in this process's memory: restarting the app starts
it again (a four-digit PIN only guards a desk inside the service's premises; anyone able
to read the database file could try every PIN offline anyway).
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import SUPERVISORS, acting_agent
from spplus_desk.store import audit, queries
from spplus_desk.store.database import CONFLICT_MESSAGE, load_for_edit
from spplus_desk.store.schema import Agent, Service

# argon2id with OWASP's smaller profile (19 MiB, 2 passes, 1 lane): about 30 ms per check
# on a counter's PC, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took about
# 200 ms on a 2-core machine. Hashes made with other parameters are redone at the next
# right PIN (``check_needs_rehash``).
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
MIN_PIN, MAX_PIN = 4, 12
MAX_WRONG = 5  # wrong PINs in a row before each try must wait
WAIT = timedelta(seconds=30)
MAX_AUTO_LOCK_MINUTES = 240
PIN_SET, PIN_REMOVED = "défini", "retiré"  # what the audit trail says of a PIN
_PIN_PATTERN = re.compile(f"[0-9]{{{MIN_PIN},{MAX_PIN}}}")


@dataclass(frozen=True, slots=True)
class SignInChoice:
    """An active agent as the sign-in lists them."""

    agent: AgentInfo
    has_pin: bool


@dataclass(frozen=True, slots=True)
class SharedDeskSettings:
    auto_lock_minutes: int  # 0: never
    version: int  # the service row's, for a stale save


def check_pin(pin: str) -> str:
    """The PIN as stored (spaces around it dropped), or a French refusal."""
    text = pin.strip()
    if not _PIN_PATTERN.fullmatch(text):
        raise UserError(
            f"Le code PIN doit compter de {MIN_PIN} à {MAX_PIN} chiffres, sans lettres ni espaces."
        )
    return text


# -- who may sign in ------------------------------------------------------------------


def sign_in_choices(desk: Desk) -> list[SignInChoice]:
    """The active agents, alphabetical as read, and whether each has a PIN."""
    with desk.database.reading() as session:
        rows = queries.agents(session, include_inactive=False)
        choices = [SignInChoice(_info(row), row.pin_hash is not None) for row in rows]
    return sorted(choices, key=lambda choice: fold(choice.agent.name))


def sign_in_needed(desk: Desk, os_login: str) -> bool:
    """Whether the app asks « Qui êtes-vous ? » at start: the desk locks itself, or
    several agents protect themselves with a PIN, or the session's own agent does."""
    with desk.database.reading() as session:
        minutes = session.scalars(select(Service.auto_lock_minutes)).first() or 0
        with_pin = session.scalars(
            select(func.count())
            .select_from(Agent)
            .where(Agent.active.is_(True), Agent.pin_hash.is_not(None))
        ).one()
        own = queries.agent_by_login(session, os_login)
        own_pin = own is not None and own.active and own.pin_hash is not None
    return minutes > 0 or with_pin >= 2 or own_pin


def sign_in(desk: Desk, *, os_login: str, login: str, pin: str) -> AgentInfo:
    """The agent ``login`` becomes the session's agent on a desk where ``os_login`` is
    the operating-system user. Their PIN when they have one; without one, a lead or an
    administrator may only be the session's own user (else anyone at a shared desk
    could pick them and act with their rights)."""
    agent, hashed = _agent_and_hash(desk, login)
    if hashed is not None:
        if not pin.strip():
            raise UserError(f"Tapez le code PIN de {agent.name}.")
        _require_pin(desk, agent, hashed, pin)
    elif agent.role in SUPERVISORS and agent.login.casefold() != os_login.casefold():
        raise UserError(
            f"{agent.name} est {ROLE_LABELS[agent.role].lower()} : sans code PIN, ce "
            f"compte ne s'ouvre que dans la session « {agent.login} » de l'ordinateur. "
            "Choisissez-y un code PIN (Fichier › Mon code PIN…) pour vous connecter ici."
        )
    return agent


def verify_pin(desk: Desk, login: str, pin: str) -> bool:
    """Whether ``pin`` is the PIN of the active agent ``login`` (False without one). A
    UserError says how long to wait after too many wrong PINs in a row."""
    try:
        agent, hashed = _agent_and_hash(desk, login)
    except UserError:
        return False
    if hashed is None:
        return False
    return _attempt(desk, agent, hashed, pin)


# -- choosing a PIN -------------------------------------------------------------------


def set_pin(
    desk: Desk,
    *,
    login: str,
    agent_id: uuid.UUID,
    pin: str | None,
    current_pin: str | None = None,
) -> None:
    """An agent chooses, changes (giving the current one) or removes (``pin=None``) their
    own PIN; an administrator removes anyone's (a forgotten PIN). Nobody chooses a PIN
    for someone else."""
    new_pin = None if pin is None else check_pin(pin)
    with desk.database.reading() as session:
        actor = acting_agent(session, login)
        target = session.get(Agent, agent_id)
        if target is None or not target.active:
            raise UserError("Cet agent n'existe pas ou a été désactivé : actualisez la liste.")
        own = target.id == actor.id
        known, who = target.pin_hash, _info(target)
        _refuse_pin_change(Role(actor.role), who, own, new_pin, known)
    if own and known is not None:
        if not (current_pin or "").strip():
            raise UserError("Tapez d'abord votre code PIN actuel.")
        if not _attempt(desk, who, known, current_pin or "", rehash=False):  # replaced below
            raise UserError("Le code PIN actuel est incorrect.")
    # Hashed before the unit of work: a write lock is not held while argon2 runs.
    new_hash = None if new_pin is None else HASHER.hash(new_pin)
    with desk.database.writing() as session:
        actor = acting_agent(session, login)
        row = session.get(Agent, agent_id, with_for_update=True)
        if row is None or row.pin_hash != known:  # changed since it was checked above
            raise ConflictError(CONFLICT_MESSAGE)
        row.pin_hash = new_hash
        session.flush()
        audit.record(
            session,
            at=desk.clock.now(),
            actor_id=actor.id,
            action="agent.pin_changed",
            entity_type="agent",
            entity_id=row.id,
            before=None if known is None else {"pin": PIN_SET},
            after={"pin": PIN_SET if new_hash else PIN_REMOVED},
        )
    if new_hash is not None:
        _GUARD.forget(_key(desk, who))


def _refuse_pin_change(
    role: Role, target: AgentInfo, own: bool, new_pin: str | None, known: str | None
) -> None:
    if not own:
        if role is not Role.ADMIN:
            raise UserError(
                "Seul un administrateur peut retirer le code PIN d'un autre agent ; chacun "
                "choisit le sien."
            )
        if new_pin is not None:
            raise UserError(
                "Un administrateur peut retirer le code PIN d'un agent, pas le choisir à sa "
                "place : l'agent choisit le sien."
            )
    if new_pin is None and known is None:
        whose = "Vous n'avez" if own else f"{target.name} n'a"
        raise UserError(f"{whose} pas de code PIN.")


def has_pin(desk: Desk, agent_id: uuid.UUID) -> bool:
    with desk.database.reading() as session:
        row = session.get(Agent, agent_id)
        return row is not None and row.pin_hash is not None


# -- the auto-lock --------------------------------------------------------------------


def shared_desk_settings(desk: Desk) -> SharedDeskSettings:
    with desk.database.reading() as session:
        row = queries.service_row(session)
        if row is None:
            return SharedDeskSettings(0, 0)
        return SharedDeskSettings(row.auto_lock_minutes, row.version)


def set_auto_lock(desk: Desk, *, login: str, version: int, minutes: int) -> SharedDeskSettings:
    """After how many idle minutes every desk locks itself (0: never); an administrator's
    setting, refused if someone saved the service since ``version`` was read."""
    if not 0 <= minutes <= MAX_AUTO_LOCK_MINUTES:
        raise UserError(
            f"Le verrouillage automatique se règle de 1 à {MAX_AUTO_LOCK_MINUTES} minutes "
            "(0 : jamais)."
        )
    with desk.database.writing() as session:
        agent = acting_agent(session, login, Role.ADMIN)
        current = queries.service_row(session)
        if current is None:
            raise UserError("Le service n'est pas encore configuré.")
        row = load_for_edit(session, Service, current.id, version)
        before = row.auto_lock_minutes
        if before != minutes:
            row.auto_lock_minutes = minutes
            row.updated_at = desk.clock.now()
            session.flush()
            audit.record(
                session,
                at=desk.clock.now(),
                actor_id=agent.id,
                action="service.auto_lock",
                entity_type="service",
                entity_id=row.id,
                before={"auto_lock_minutes": before},
                after={"auto_lock_minutes": minutes},
            )
        return SharedDeskSettings(row.auto_lock_minutes, row.version)


# -- checking a PIN -------------------------------------------------------------------


def _agent_and_hash(desk: Desk, login: str) -> tuple[AgentInfo, str | None]:
    with desk.database.reading() as session:
        row = acting_agent(session, login)
        return _info(row), row.pin_hash


def _require_pin(desk: Desk, agent: AgentInfo, hashed: str, pin: str) -> None:
    if _attempt(desk, agent, hashed, pin):
        return
    left = MAX_WRONG - _GUARD.failures(_key(desk, agent))
    if left > 0:
        tries = "essai" if left == 1 else "essais"
        raise UserError(
            f"Code PIN incorrect : encore {left} {tries} avant d'attendre "
            f"{int(WAIT.total_seconds())} secondes entre deux essais."
        )
    raise UserError(
        f"Code PIN incorrect. Attendez {int(WAIT.total_seconds())} secondes avant de réessayer."
    )


def _attempt(desk: Desk, agent: AgentInfo, hashed: str, pin: str, *, rehash: bool = True) -> bool:
    """One try of a PIN, counted: refused outright while the agent must wait."""
    key, now = _key(desk, agent), desk.clock.now()
    _GUARD.check(key, now)
    right = _matches(hashed, pin.strip())
    _GUARD.record(key, right, now)
    if right and rehash and HASHER.check_needs_rehash(hashed):
        _rehash(desk, agent.id, hashed, pin.strip())
    return right


def _matches(hashed: str, pin: str) -> bool:
    if not _PIN_PATTERN.fullmatch(pin):  # no PIN looks like that: not worth hashing
        return False
    try:
        return HASHER.verify(hashed, pin)
    except (VerificationError, InvalidHashError):
        return False


def _rehash(desk: Desk, agent_id: uuid.UUID, hashed: str, pin: str) -> None:
    """The same PIN under today's parameters. Not audited: the PIN did not change (the
    row's seal is written again by the ORM, as for any save)."""
    fresh = HASHER.hash(pin)
    with desk.database.writing() as session:
        row = session.get(Agent, agent_id, with_for_update=True)
        if row is not None and row.pin_hash == hashed:
            row.pin_hash = fresh


def _key(desk: Desk, agent: AgentInfo) -> tuple[str, uuid.UUID]:
    return desk.description, agent.id


class _Guard:
    """Wrong PINs in a row per agent (and database), in this process's memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wrong: dict[tuple[str, uuid.UUID], tuple[int, datetime]] = {}

    def failures(self, key: tuple[str, uuid.UUID]) -> int:
        with self._lock:
            return self._wrong.get(key, (0, datetime.min))[0]

    def check(self, key: tuple[str, uuid.UUID], now: datetime) -> None:
        with self._lock:
            count, last = self._wrong.get(key, (0, now))
        if count < MAX_WRONG:
            return
        wait = last + WAIT - now
        if wait > timedelta(0):
            seconds = max(1, int(wait.total_seconds() + 0.999))
            raise UserError(
                f"{count} codes PIN erronés de suite : attendez encore {seconds} seconde"
                f"{'s' if seconds > 1 else ''} avant de réessayer."
            )

    def record(self, key: tuple[str, uuid.UUID], right: bool, now: datetime) -> None:
        with self._lock:
            if right:
                self._wrong.pop(key, None)
            else:
                count = self._wrong.get(key, (0, now))[0]
                self._wrong[key] = (count + 1, now)

    def forget(self, key: tuple[str, uuid.UUID]) -> None:
        with self._lock:
            self._wrong.pop(key, None)


_GUARD = _Guard()


def _info(row: Agent) -> AgentInfo:
    return AgentInfo(row.id, row.name, row.login, Role(row.role), row.active)
