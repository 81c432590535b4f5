"""Following a request through the services: every action appends one event, caches the
state the engine derives from the whole log, and is audited; refusals are French and
write nothing; deadlines move as the calendar and the waits say (issue 4 services)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    Role,
)
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.request_case import RequestCase
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import add_agent, find_agent, update_agent
from spplus_desk.services.contacts import log_contact, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import (
    act_on_request,
    find_request,
    reassign_requests,
    request_case,
)
from spplus_desk.services.setup import get_service
from spplus_desk.store import audit, requests
from spplus_desk.store.schema import AuditEntry, ReferenceCounter, Request
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
EMAIL_KIND = "Réponse à un courriel"  # 5 jours ouvrés, waiting suspends the clock
LETTER_KIND = "Réponse à un courrier"  # 15 jours ouvrés, suspends
COPY_KIND = "Copie d'acte d'état civil"  # 3 jours ouvrés, waiting restarts the clock
E = RequestEventType


def paris(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An instant given as the service (Paris) reads it."""
    return datetime.combine(day, time(hour, minute), PARIS).astimezone(UTC)


def end_of(day: date) -> datetime:
    """The due instant of a day-based deadline: the local midnight ending its day."""
    return paris(day + timedelta(days=1), 0)


def kind_ids(desk: Desk) -> dict[str, uuid.UUID]:
    return {kind.label: kind.id for kind in list_request_kinds(desk)}


def open_request(
    desk: Desk,
    label: str,
    channel: Channel,
    *,
    login: str = TEST_LOGIN,
    person: str = "",
) -> uuid.UUID:
    """The request a contact logged now (by the clock) opens; assigned to ``login``."""
    draft = ContactDraft(
        channel=channel,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_ids(desk)[label],
        person_name=person,
    )
    record = log_contact(desk, login=login, draft=draft)
    assert record.request_reference is not None
    return find_request(desk, record.request_reference)


def act(
    desk: Desk,
    request_id: uuid.UUID,
    action: RequestEventType,
    *,
    login: str = TEST_LOGIN,
    **options: Any,
) -> RequestCase:
    """``options``: version, reason, assignee_id, as act_on_request takes them."""
    return act_on_request(desk, login=login, request_id=request_id, action=action, **options)


def add(desk: Desk, name: str, login: str, role: Role = Role.AGENT) -> AgentInfo:
    return add_agent(desk, login=TEST_LOGIN, name=name, agent_login=login, role=role)


def me(desk: Desk) -> AgentInfo:
    found = find_agent(desk, TEST_LOGIN)
    assert found is not None
    return found


def row(desk: Desk, request_id: uuid.UUID) -> Request:
    with desk.database.reading() as session:
        found = session.get_one(Request, request_id)
        session.expunge(found)
        return found


def events(desk: Desk, request_id: uuid.UUID) -> list[tuple[object, ...]]:
    with desk.database.reading() as session:
        return [
            (e.id, e.seq, e.type, e.at, e.actor_id, e.reason, e.assignee_id)
            for e in requests.events_of(session, request_id)
        ]


def request_audit(desk: Desk, request_id: uuid.UUID) -> list[audit.RecordedEntry]:
    with desk.database.reading() as session:
        return audit.read_trail(
            session,
            AuditEntry.entity_type == "request",
            AuditEntry.entity_id == str(request_id),
        )


def audit_count(desk: Desk) -> int:
    with desk.database.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def assert_cache_is_derived(desk: Desk, request_id: uuid.UUID) -> None:
    """The cached columns equal a recomputation from the log, read afresh."""
    with desk.database.reading() as session:
        request = session.get_one(Request, request_id)
        log = requests.events_of(session, request_id)
        calendar = requests.service_calendar(session)
        cached = dict(requests.cached_columns(request))
        # Written on the row of a reading session, which rolls back: nothing is saved.
        requests.cache(request, requests.state_of(request, log, calendar))
        assert requests.cached_columns(request) == cached


# --- 1. The cache equals a recomputation after every event ------------------------------


@pytest.mark.parametrize(
    ("label", "channel", "restarts"),
    [(EMAIL_KIND, Channel.EMAIL, False), (COPY_KIND, Channel.COUNTER, True)],
)
def test_the_cache_equals_a_recomputation_after_every_event(
    desk: Desk, clock: FixedClock, label: str, channel: Channel, restarts: bool
) -> None:
    lea = add(desk, "Léa Martin", "lea")
    request_id = open_request(desk, label, channel)
    assert request_case(desk, request_id).wait_restarts is restarts  # both policies
    assert_cache_is_derived(desk, request_id)
    steps: list[tuple[RequestEventType, dict[str, Any], RequestStatus]] = [
        (E.ACKNOWLEDGED, {}, RequestStatus.ACKNOWLEDGED),
        (E.WAITING_FOR_USER, {"reason": "pièce d'identité"}, RequestStatus.WAITING),
        (E.RESUMED, {}, RequestStatus.ACKNOWLEDGED),
        (E.REASSIGNED, {"assignee_id": lea.id}, RequestStatus.ACKNOWLEDGED),
        (E.ANSWERED, {}, RequestStatus.ANSWERED),
        (E.REOPENED, {}, RequestStatus.ACKNOWLEDGED),
        (E.WAITING_FOR_USER, {"reason": "justificatif de domicile"}, RequestStatus.WAITING),
        (E.CANCELLED, {"reason": "la personne a renoncé"}, RequestStatus.CANCELLED),
        (E.REOPENED, {}, RequestStatus.WAITING),  # closed while waiting: waits again
        (E.ANSWERED, {}, RequestStatus.ANSWERED),
    ]
    for action, options, status in steps:
        clock.advance(days=1, hours=2)  # across Ascension (6 May) and a weekend
        case = act(desk, request_id, action, **options)
        assert case.status is status, action
        assert_cache_is_derived(desk, request_id)
    final = request_case(desk, request_id)
    assert [entry.type for entry in final.timeline] == [E.RECEIVED] + [s[0] for s in steps]
    assert final.assignee_id == lea.id
    assert row(desk, request_id).answered_at == clock.now()


# --- 2. Deadlines through the services ----------------------------------------------------


def test_the_test_service_counts_paris_holidays(desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    assert (service.departement.code, service.time_zone) == ("75", "Europe/Paris")


@pytest.mark.parametrize(
    ("waits", "resumes", "waited", "due"),
    [
        # Received Tue 1 June 2027, 5 jours ouvrés: due Tue 8 June without a wait.
        (date(2027, 6, 2), date(2027, 6, 2), 0, date(2027, 6, 8)),  # resumed the same day
        (date(2027, 6, 4), date(2027, 6, 7), 1, date(2027, 6, 9)),  # over a weekend
        (date(2027, 6, 2), date(2027, 6, 4), 2, date(2027, 6, 10)),  # Thu 3, Fri 4
        (date(2027, 6, 2), date(2027, 6, 9), 5, date(2027, 6, 15)),
    ],
)
def test_suspending_moves_the_due_date_by_the_working_days_waited(
    desk: Desk, clock: FixedClock, waits: date, resumes: date, waited: int, due: date
) -> None:
    calendar = WorkingCalendar(departement("75"))
    assert len(list(calendar.working_days(waits + timedelta(days=1), resumes))) == waited
    assert calendar.add_days(date(2027, 6, 8), waited, DelayUnit.WORKING_DAYS).due == due
    clock.at = paris(date(2027, 6, 1))
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert row(desk, request_id).due_date == date(2027, 6, 8)
    clock.at = paris(waits)
    waiting = act(desk, request_id, E.WAITING_FOR_USER, reason="avis d'imposition")
    assert (waiting.due_date, waiting.due_at) == (None, None)
    clock.at = paris(resumes, 15)
    resumed = act(desk, request_id, E.RESUMED)
    assert (resumed.due_date, resumed.due_at) == (due, end_of(due))
    assert row(desk, request_id).due_date == due


def test_the_remaining_time_is_told_while_waiting(desk: Desk, clock: FixedClock) -> None:
    clock.at = paris(date(2027, 6, 1))
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    clock.at = paris(date(2027, 6, 2))
    waiting = act(desk, request_id, E.WAITING_FOR_USER, reason="avis d'imposition")
    left = Delay(4, DelayUnit.WORKING_DAYS).text
    assert waiting.explanation[-1] == f"Échéance fixée à la reprise : il restera {left}."


@pytest.mark.parametrize(
    ("resumes", "due"),
    [
        (date(2027, 6, 7), date(2027, 6, 10)),  # Mon + 3 jours ouvrés: Thu
        (date(2027, 6, 4), date(2027, 6, 9)),  # Fri + 3: Wed (the weekend skipped)
    ],
)
def test_restarting_gives_the_full_delay_from_the_resumption(
    desk: Desk, clock: FixedClock, resumes: date, due: date
) -> None:
    clock.at = paris(date(2027, 6, 1))
    request_id = open_request(desk, COPY_KIND, Channel.COUNTER)
    assert row(desk, request_id).due_date == date(2027, 6, 4)
    clock.at = paris(date(2027, 6, 2))
    act(desk, request_id, E.WAITING_FOR_USER, reason="livret de famille")
    clock.at = paris(resumes, 16)
    resumed = act(desk, request_id, E.RESUMED)
    assert (resumed.due_date, resumed.due_at) == (due, end_of(due))
    assert resumed.wait_restarts


@pytest.mark.parametrize(
    ("received", "label", "channel", "ack_due"),
    [
        (paris(date(2027, 6, 1)), LETTER_KIND, Channel.LETTER, date(2027, 6, 15)),  # 14 days
        (paris(date(2027, 6, 1)), EMAIL_KIND, Channel.EMAIL, date(2027, 6, 8)),  # 7 days
        # Sat 1 May + 14 = Sat 15, Sun 16, Whit Monday 17: Tue 18 May.
        (paris(date(2027, 5, 1)), LETTER_KIND, Channel.LETTER, date(2027, 5, 18)),
        # 23:30 UTC on Mon 31 May is Tue 1 June in Paris: the local day counts.
        (datetime(2027, 5, 31, 23, 30, tzinfo=UTC), EMAIL_KIND, Channel.EMAIL, date(2027, 6, 8)),
        (paris(date(2027, 6, 1)), COPY_KIND, Channel.COUNTER, None),  # none at the counter
    ],
)
def test_acknowledgement_deadline_by_channel(
    desk: Desk,
    clock: FixedClock,
    received: datetime,
    label: str,
    channel: Channel,
    ack_due: date | None,
) -> None:
    clock.at = received
    request_id = open_request(desk, label, channel)
    assert row(desk, request_id).ack_due_date == ack_due
    clock.advance(hours=1)
    acknowledged = act(desk, request_id, E.ACKNOWLEDGED)
    assert acknowledged.ack_due_date == ack_due  # kept: the acknowledgement is measured
    assert acknowledged.acknowledged_at == clock.now()


# --- 3. Audited, append-only ---------------------------------------------------------------


def test_every_action_is_audited_and_the_log_only_grows(desk: Desk, clock: FixedClock) -> None:
    admin, lea = me(desk), add(desk, "Léa Martin", "lea")
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    reference = row(desk, request_id).reference
    actions: list[tuple[RequestEventType, dict[str, Any]]] = [
        (E.ACKNOWLEDGED, {}),
        (E.WAITING_FOR_USER, {"reason": "RIB"}),
        (E.RESUMED, {}),
        (E.REASSIGNED, {"assignee_id": lea.id}),
        (E.ANSWERED, {}),
        (E.REOPENED, {}),
        (E.CANCELLED, {"reason": "doublon"}),
    ]
    seen = events(desk, request_id)
    for action, options in actions:
        clock.advance(hours=5)
        act(desk, request_id, action, **options)
        now_seen = events(desk, request_id)
        assert now_seen[: len(seen)] == seen  # nothing before is edited
        assert [e[1] for e in now_seen] == list(range(1, len(seen) + 2))
        assert now_seen[-1][2:5] == (action.value, clock.now(), admin.id)
        seen = now_seen
    trail = request_audit(desk, request_id)
    assert [entry.action for entry in trail] == [f"request.{a.value}" for a, _ in actions]
    assert {entry.actor_id for entry in trail} == {admin.id}
    assert all(entry.before["reference"] == reference for entry in trail)
    acknowledged, waiting, _, reassigned, answered, _, cancelled = trail
    assert (acknowledged.before["status"], acknowledged.after["status"]) == ("open", "acknowledged")
    assert acknowledged.after["acknowledged_at"] is not None
    assert (waiting.after["status"], waiting.after["reason"]) == ("waiting", "RIB")
    assert waiting.before["due_date"] is not None
    assert waiting.after["due_date"] is None
    assert reassigned.before["assignee_id"] == str(admin.id)
    assert reassigned.after["assignee_id"] == str(lea.id)
    assert "status" not in reassigned.after  # only what changed
    assert answered.after["status"] == "answered"
    assert answered.after["answered_at"] is not None
    assert (cancelled.after["status"], cancelled.after["reason"]) == ("cancelled", "doublon")


# --- 4. Refusals, in French, writing nothing -----------------------------------------------


REFUSALS = [
    # (history before, action, options, message)
    ([], E.RESUMED, {}, "n'est pas en attente : rien à reprendre"),
    ([(E.ACKNOWLEDGED, {})], E.ACKNOWLEDGED, {}, "accusé de réception a déjà été envoyé"),
    ([], E.WAITING_FOR_USER, {}, "Indiquez les pièces attendues"),
    ([], E.WAITING_FOR_USER, {"reason": "  \n "}, "Indiquez les pièces attendues"),
    ([], E.CANCELLED, {}, "Indiquez le motif"),
    (
        [(E.WAITING_FOR_USER, {"reason": "RIB"})],
        E.WAITING_FOR_USER,
        {"reason": "RIB"},
        "attend déjà",
    ),
    ([(E.ANSWERED, {})], E.ACKNOWLEDGED, {}, "est close : rouvrez-la d'abord"),
    ([(E.ANSWERED, {})], E.ANSWERED, {}, "est close : rouvrez-la d'abord"),
    ([(E.CANCELLED, {"reason": "doublon"})], E.RESUMED, {}, "est close : rouvrez-la d'abord"),
    ([], E.REOPENED, {}, "n'est pas close : rien à rouvrir"),
    ([], E.REASSIGNED, {}, "Choisissez un agent actif à qui confier la demande."),
    (
        [],
        E.REASSIGNED,
        {"assignee_id": uuid.uuid4()},
        "Choisissez un agent actif à qui confier la demande.",
    ),
    ([], E.WAITING_FOR_USER, {"reason": "x" * 501}, "Le motif est trop long"),
]


@pytest.mark.parametrize(("history", "action", "options", "message"), REFUSALS)
def test_a_refused_action_is_explained_and_writes_nothing(
    desk: Desk,
    clock: FixedClock,
    history: list[tuple[RequestEventType, dict[str, Any]]],
    action: RequestEventType,
    options: dict[str, Any],
    message: str,
) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    for done, done_options in history:
        act(desk, request_id, done, **done_options)
    assert_refused(desk, request_id, message, lambda: act(desk, request_id, action, **options))


def assert_refused(
    desk: Desk, request_id: uuid.UUID, message: str, attempt: Callable[[], object]
) -> None:
    before = (events(desk, request_id), row(desk, request_id).version, audit_count(desk))
    with pytest.raises(UserError) as refused:
        attempt()
    assert message in refused.value.message
    assert (events(desk, request_id), row(desk, request_id).version, audit_count(desk)) == before


def test_a_refusal_in_a_bulk_reassignment_names_the_request(desk: Desk) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    act(desk, request_id, E.ANSWERED)
    lea = add(desk, "Léa Martin", "lea")
    with pytest.raises(UserError) as refused:
        reassign_requests(desk, login=TEST_LOGIN, request_ids=[request_id], assignee_id=lea.id)
    assert refused.value.message == (
        "Demande 2027-000001 : Cette demande est close : rouvrez-la d'abord."
    )


def test_the_request_of_a_withdrawn_contact_is_not_reopened(desk: Desk) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    undo_last_contact(desk, login=TEST_LOGIN)
    assert row(desk, request_id).status == "cancelled"
    assert_refused(
        desk,
        request_id,
        "Le contact qui a ouvert cette demande a été annulé (saisie erronée)",
        lambda: act(desk, request_id, E.REOPENED),
    )


def test_reassigning_to_an_inactive_agent_is_refused(desk: Desk) -> None:
    lea = add(desk, "Léa Martin", "lea")
    update_agent(desk, login=TEST_LOGIN, agent=lea, name=lea.name, role=lea.role, active=False)
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert_refused(
        desk,
        request_id,
        "Choisissez un agent actif à qui confier la demande.",
        lambda: act(desk, request_id, E.REASSIGNED, assignee_id=lea.id),
    )


def test_reassigning_to_the_current_assignee_is_refused(desk: Desk) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    admin = me(desk)
    assert_refused(
        desk,
        request_id,
        f"La demande est déjà confiée à {admin.name}.",
        lambda: act(desk, request_id, E.REASSIGNED, assignee_id=admin.id),
    )


def test_a_plain_agent_reassigns_their_own_requests_only(desk: Desk) -> None:
    add(desk, "Paul Durand", "paul")
    lea = add(desk, "Léa Martin", "lea")
    someone_elses = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert_refused(
        desk,
        someone_elses,
        "Seul un responsable réattribue une demande confiée à quelqu'un d'autre.",
        lambda: act(desk, someone_elses, E.REASSIGNED, login="paul", assignee_id=lea.id),
    )
    own = open_request(desk, EMAIL_KIND, Channel.EMAIL, login="paul")
    case = act(desk, own, E.REASSIGNED, login="paul", assignee_id=lea.id)
    assert (case.assignee_id, case.assignee) == (lea.id, "Léa Martin")


def test_an_unknown_login_is_refused(desk: Desk) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert_refused(
        desk,
        request_id,
        "« inconnu » n'est pas enregistré comme agent actif",
        lambda: act(desk, request_id, E.ACKNOWLEDGED, login="inconnu"),
    )


def test_an_unknown_request_is_refused(desk: Desk) -> None:
    with pytest.raises(UserError, match="Cette demande n'existe pas"):
        act(desk, uuid.uuid4(), E.ACKNOWLEDGED)
    with pytest.raises(UserError, match="Cette demande n'existe pas"):
        request_case(desk, uuid.uuid4())


def test_an_action_on_a_stale_version_is_a_conflict(desk: Desk, clock: FixedClock) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    seen = request_case(desk, request_id).version
    clock.advance(minutes=5)
    elsewhere = act(desk, request_id, E.ACKNOWLEDGED, version=seen)  # another desk
    assert elsewhere.version > seen
    assert_refused(
        desk,
        request_id,
        "Quelqu'un a modifié cette fiche",
        lambda: act(desk, request_id, E.WAITING_FOR_USER, version=seen, reason="RIB"),
    )
    with pytest.raises(ConflictError):
        act(desk, request_id, E.WAITING_FOR_USER, version=seen, reason="RIB")
    assert act(desk, request_id, E.WAITING_FOR_USER, version=elsewhere.version, reason="RIB")


# --- 7. Finding a request by its reference ----------------------------------------------------


def test_a_reference_is_found_in_its_short_forms(desk: Desk) -> None:
    with desk.database.writing() as session:
        session.add(ReferenceCounter(year=2027, last_number=122))
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert row(desk, request_id).reference == "2027-000123"
    for typed in ("2027-000123", "2027-123", "123", " 000123 "):
        assert find_request(desk, typed) == request_id, typed
    for typed in ("2026-123", "124", "abc"):
        with pytest.raises(UserError) as refused:
            find_request(desk, typed)
        assert refused.value.message == f"Aucune demande ne porte la référence « {typed} »."


def test_a_short_reference_uses_the_services_year_at_new_year(
    desk: Desk, clock: FixedClock
) -> None:
    clock.at = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)  # 1 Jan 2028, 00:30 in Paris
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL)
    assert row(desk, request_id).reference == "2028-000001"
    assert find_request(desk, "1") == request_id
