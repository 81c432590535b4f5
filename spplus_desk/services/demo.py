"""Realistic, reproducible demo data: a year of a busy counter's contacts and requests,
its right-to-error register, and what users told it (complaints, suggestions,
compliments) with the improvements that followed.

The same seed on the same day gives the same rows (UUIDs included). Rows are written with
bulk inserts, one transaction per batch: a million contacts load in about 90 s on two cores.
The right-to-error cases and the feedback, far fewer, go through the real services
(demo_cases, demo_feedback).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT
from spplus_desk.domain.enums import Channel, DelayUnit, Role, WaitPolicy
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int
from spplus_desk.domain.service import FirstRunSettings, ServiceInfo
from spplus_desk.services import demo_data as vocab
from spplus_desk.services.agents import list_agents
from spplus_desk.services.demo_cases import add_demo_cases
from spplus_desk.services.demo_feedback import DemoFeedback, add_demo_feedback
from spplus_desk.services.demo_rows import DayPlan, RowFactory
from spplus_desk.services.desk import Desk, finish_upkeep
from spplus_desk.services.permissions import acting_agent
from spplus_desk.services.print_settings import update_print_settings
from spplus_desk.services.setup import complete_first_run, get_service, initialise
from spplus_desk.store import audit, queries, references, upkeep
from spplus_desk.store.bulk import bulk_insert
from spplus_desk.store.requests import service_calendar
from spplus_desk.store.schema import Agent, Contact, Request, RequestEvent

MAX_DEMO_CONTACTS = 20_000_000
DEMO_SERVICE_NAME = "Mairie de Démoville (démonstration)"
DAYS_COVERED = 365
DEMO_AUDIT_ACTION = "demo.generated"
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoReport:
    contacts: int
    requests: int
    events: int
    agents_added: int
    first_day: date
    last_day: date
    seconds: float
    cases: int = 0  # right-to-error cases recorded
    regularisations_awaited: int = 0  # invited regularisations still awaited
    regularisations_late: int = 0  # of which past their deadline
    feedback: DemoFeedback = field(default_factory=DemoFeedback)  # and improvements


def fill_demo(
    desk: Desk,
    *,
    contacts: int,
    login: str,
    seed: int = 0,
    batch_size: int = 20_000,
    progress: ProgressCallback | None = None,
) -> DemoReport:
    if not 1 <= contacts <= MAX_DEMO_CONTACTS:
        raise UserError(
            "Le nombre de contacts de démonstration doit être compris entre 1 et "
            f"{format_int(MAX_DEMO_CONTACTS)}."
        )
    started = time.perf_counter()
    existing = _contacts_already_there(desk)
    service = _demo_service(desk, login)
    agents_added = _ensure_demo_agents(desk, login)
    today = desk.clock.now().astimezone(ZoneInfo(service.time_zone)).date()
    # The contacts already there join the seed: a second run adds new rows instead of
    # colliding with the first run's identifiers, and a fresh database stays reproducible.
    factory = _row_factory(desk, service, f"{seed}:{existing}", today)
    open_days = _open_days(factory, service, today)
    plans = _plan_days(open_days, service, contacts)
    # Audited first: an interrupted run is still known as demo data, never as real contacts.
    # The roll-ups are recounted once at the end; until then the recount is pending, so an
    # interrupted run is recounted at the next opening.
    _audit_demo(desk, login, seed, contacts)

    # Writing a batch (mostly in SQLite, which releases the GIL) overlaps with generating
    # the next one: about a third faster on two cores.
    written = requests = events = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-writer") as writer:
        in_flight: Future[int] | None = None
        pending = _Batch()
        for index, plan in enumerate(plans):
            factory.add_day(plan, pending.contacts, pending.requests, pending.events)
            last = index == len(plans) - 1
            if len(pending.contacts) < batch_size and not last:
                continue
            requests += len(pending.requests)
            events += len(pending.events)
            if in_flight is not None:
                written += in_flight.result()
                if progress:
                    progress(written, contacts)
            in_flight = writer.submit(_write, desk, pending)
            pending = _Batch()
        if in_flight is not None:
            written += in_flight.result()
            if progress:
                progress(written, contacts)
    finish_upkeep(desk.database)  # the bulk insert went past the roll-ups' hook
    days, zone = [day for day, _ in open_days], ZoneInfo(service.time_zone)
    logins = _demo_logins(desk) or [login]
    cases = add_demo_cases(
        desk,
        # Its own generator: the contacts stay the same whatever the cases draw.
        rng=random.Random(f"{seed}:{existing}:cases"),
        contacts=contacts,
        days=days,
        hours=service.opening_hours,
        zone=zone,
        logins=logins,
        today=today,
    )
    feedback = add_demo_feedback(
        desk,
        rng=random.Random(f"{seed}:{existing}:feedback"),
        contacts=contacts,
        days=days,
        hours=service.opening_hours,
        zone=zone,
        logins=logins,
        lead=_demo_lead(desk) or login,
        today=today,
    )
    return DemoReport(
        contacts=written,
        requests=requests,
        events=events,
        agents_added=agents_added,
        first_day=plans[0].day,
        last_day=plans[-1].day,
        seconds=time.perf_counter() - started,
        cases=cases.cases,
        regularisations_awaited=cases.awaited,
        regularisations_late=cases.late,
        feedback=feedback,
    )


@dataclass
class _Batch:
    contacts: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def __init__(self) -> None:
        self.contacts, self.requests, self.events = [], [], []


def _contacts_already_there(desk: Desk) -> int:
    """Refuse to mix made-up contacts into a service's real journal."""
    with desk.database.reading() as session:
        existing = queries.contact_count(session)
        if existing and not queries.audit_has_action(session, DEMO_AUDIT_ACTION):
            raise UserError(
                "Cette base contient déjà de vrais contacts : les données de démonstration "
                "ne s'y mélangent pas. Utilisez une autre base, par exemple "
                "« spplus-desk --db demo.db demo --contacts 5000 »."
            )
    return existing


def _demo_service(desk: Desk, login: str) -> ServiceInfo:
    """The service as found; a database without one gets the made-up town hall, with an
    address, contacts and engagements of its own so that its posters look real."""
    service = get_service(desk)
    if service is not None and service.is_configured:
        return service
    initialise(desk, login=login)  # the first admin, the default catalogue
    details = FirstRunSettings(
        service_name=DEMO_SERVICE_NAME,
        departement_code=DEFAULT_DEPARTEMENT,
        address=vocab.DEMO_ADDRESS,
        phone=vocab.DEMO_PHONE,
        email=vocab.DEMO_EMAIL,
    )
    service = complete_first_run(desk, login=login, settings=details).service
    update_print_settings(
        desk,
        login=login,
        version=service.version,
        local_engagements=vocab.DEMO_LOCAL_ENGAGEMENTS,
        appointment=vocab.DEMO_APPOINTMENT,
    )
    return service


def _ensure_demo_agents(desk: Desk, login: str) -> int:
    now = desk.clock.now()
    added = 0
    with desk.database.writing() as session:
        # Made-up agents (a lead among them) and contacts: an administrator's decision.
        actor = acting_agent(session, login, Role.ADMIN).id
        existing = queries.agent_logins(session)
        for name, role in vocab.DEMO_AGENTS:
            agent_login = _demo_login(name)
            if agent_login in existing:
                continue
            agent = Agent(
                name=name, login=agent_login, role=Role(role).value, active=True, created_at=now
            )
            session.add(agent)
            session.flush()
            audit.record(
                session,
                at=now,
                actor_id=actor,
                action="agent.created",
                entity_type="agent",
                entity_id=agent.id,
                after={"name": name, "login": agent_login, "role": role, "demo": True},
            )
            added += 1
    return added


def _demo_login(name: str) -> str:
    return "demo." + name.split()[0].lower().replace("é", "e")


def _demo_logins(desk: Desk) -> list[str]:
    """The demo agents still active (a person trying the app may have retired some)."""
    wanted = {_demo_login(name) for name, _ in vocab.DEMO_AGENTS}
    return [a.login for a in list_agents(desk, include_inactive=False) if a.login in wanted]


def _demo_lead(desk: Desk) -> str | None:
    """The demo's team lead, who decides the improvements (None if retired)."""
    leads = {_demo_login(name) for name, role in vocab.DEMO_AGENTS if role == Role.LEAD.value}
    return next((login for login in _demo_logins(desk) if login in leads), None)


def _row_factory(desk: Desk, service: ServiceInfo, seed: str, today: date) -> RowFactory:
    with desk.database.reading() as session:
        agents = queries.active_agent_ids(session)
        motifs = queries.active_motif_ids(session)
        kinds = [
            (
                row.id,
                tuple(Channel(c) for c in row.channels),
                row.delay_amount,
                DelayUnit(row.delay_unit),
                WaitPolicy(row.wait_policy),
                row.implicit_decision,
                row.implicit_months,
            )
            for row in queries.active_request_kinds(session)
        ]
        calendar = service_calendar(session)
    return RowFactory(
        rng=random.Random(seed),
        zone=ZoneInfo(service.time_zone),
        calendar=calendar,
        agents=agents,
        motifs=motifs,
        kinds=[k for k in kinds if k[3] is not DelayUnit.WORKING_HOURS],
        today=today,
    )


def _open_days(factory: RowFactory, service: ServiceInfo, today: date) -> list[tuple[date, float]]:
    """The open days of the 12 months before today, oldest first, each with its weight
    (its share of the year's contacts).

    Today is left to the agents: it depends only on the date, so the same seed on the
    same day gives the same rows, and no demo row is ever later than now.
    """
    days: list[tuple[date, float]] = []
    for offset in range(DAYS_COVERED, 0, -1):
        day = today - timedelta(days=offset)
        ranges = service.opening_hours.days[day.weekday()]
        if not ranges or factory.calendar.holiday_name(day):
            continue
        weight = vocab.WEEKDAY_WEIGHTS[day.weekday()] * vocab.MONTH_WEIGHTS[day.month - 1]
        if weight > 0:
            days.append((day, weight))
    if not days:
        raise UserError("Le service n'a aucun jour d'ouverture : impossible de créer la démo.")
    return days


def _plan_days(
    days: list[tuple[date, float]], service: ServiceInfo, contacts: int
) -> list[DayPlan]:
    """How many contacts each open day gets."""
    total = sum(w for _, w in days)
    exact = [contacts * w / total for _, w in days]
    counts = [math.floor(x) for x in exact]
    # Largest remainders get the leftover contacts, so the total is exact.
    order = sorted(range(len(days)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: contacts - sum(counts)]:
        counts[i] += 1
    return [
        DayPlan(day, count, service.opening_hours.days[day.weekday()])
        for (day, _), count in zip(days, counts, strict=True)
        if count
    ]


def _write(desk: Desk, batch: _Batch) -> int:
    with desk.database.writing() as session:
        connection = session.connection()
        years: dict[int, list[dict[str, Any]]] = {}
        for row in batch.requests:  # "reference" holds the local year until numbered
            years.setdefault(int(row["reference"]), []).append(row)
        for year, rows in years.items():
            for row, number in zip(
                rows, references.allocate_numbers(session, year, len(rows)), strict=True
            ):
                row["reference"] = references.format_reference(year, number)
        bulk_insert(connection, Contact, batch.contacts)
        bulk_insert(connection, Request, batch.requests)
        bulk_insert(connection, RequestEvent, batch.events)
    return len(batch.contacts)


def _audit_demo(desk: Desk, login: str, seed: int, contacts: int) -> None:
    now = desk.clock.now()
    with desk.database.writing() as session:
        upkeep.request(session, upkeep.TALLIES, now)
        actor = queries.agent_id_for_login(session, login)
        audit.record(
            session,
            at=now,
            actor_id=actor,
            action=DEMO_AUDIT_ACTION,
            entity_type="database",
            entity_id=None,
            after={"contacts": contacts, "seed": seed},
        )
