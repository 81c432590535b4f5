"""A request's state derived from its events: statuses, pauses, refusals, lateness and the
French explanation of its deadline."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import pytest

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import Pause, deadline_from, explain, long_date
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import (
    Channel,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    WaitPolicy,
)
from spplus_desk.domain.request_board import LateCounter, board_window
from spplus_desk.domain.request_state import (
    CLOSED_PAUSE,
    RequestEventData,
    RequestState,
    RequestTerms,
    derive,
    refusal,
)

PARIS = WorkingCalendar(departement("75"))
ZONE = PARIS.zone
E = RequestEventType
FIVE_OUVRES = Delay(5, DelayUnit.WORKING_DAYS)
SUSPEND = RequestTerms(Channel.EMAIL, FIVE_OUVRES, WaitPolicy.SUSPEND)
RESTART = RequestTerms(Channel.EMAIL, FIVE_OUVRES, WaitPolicy.RESTART)
NBSP = "\u00a0"
WAIT_REASON = "en attente de l'usager : pièce d'identité"


def hm(hour: int, minute: int = 0) -> str:
    """'15 h 00' as the explanation writes times, with no-break spaces."""
    return f"{hour}{NBSP}h{NBSP}{minute:02d}"


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2027) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def ev(
    kind: RequestEventType,
    when: datetime,
    reason: str | None = None,
    assignee: uuid.UUID | None = None,
) -> RequestEventData:
    return RequestEventData(kind, when, reason, assignee)


RECEIVED = ev(E.RECEIVED, at(5, 4))  # Tue 4 May 2027 10:00: 5 jours ouvrés -> Wed 12 May
WAITING = ev(E.WAITING_FOR_USER, at(5, 5, 15), "pièce d'identité")  # Wed 5 May, 1 day counted
RESUMED = ev(E.RESUMED, at(5, 10, 9))  # Mon 10 May


def state(*events: RequestEventData, terms: RequestTerms = SUSPEND) -> RequestState:
    return derive(terms, [RECEIVED, *events], PARIS)


# --- Statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "status"),
    [
        pytest.param((), RequestStatus.OPEN, id="received"),
        pytest.param((ev(E.ACKNOWLEDGED, at(5, 4, 11)),), RequestStatus.ACKNOWLEDGED, id="ack"),
        pytest.param((WAITING,), RequestStatus.WAITING, id="waiting"),
        pytest.param((WAITING, RESUMED), RequestStatus.OPEN, id="resumed-not-acknowledged"),
        pytest.param(
            (ev(E.ACKNOWLEDGED, at(5, 4, 11)), WAITING, RESUMED),
            RequestStatus.ACKNOWLEDGED,
            id="resumed-acknowledged",
        ),
        pytest.param((ev(E.ANSWERED, at(5, 6)),), RequestStatus.ANSWERED, id="answered"),
        pytest.param(
            (ev(E.CANCELLED, at(5, 6), "doublon"),), RequestStatus.CANCELLED, id="cancelled"
        ),
        pytest.param(
            (ev(E.ANSWERED, at(5, 6)), ev(E.REOPENED, at(5, 7))),
            RequestStatus.OPEN,
            id="reopened-open",
        ),
        pytest.param(
            (
                ev(E.ACKNOWLEDGED, at(5, 4, 11)),
                ev(E.CANCELLED, at(5, 6), "x"),
                ev(E.REOPENED, at(5, 7)),
            ),
            RequestStatus.ACKNOWLEDGED,
            id="reopened-acknowledged",
        ),
        pytest.param(
            (WAITING, ev(E.CANCELLED, at(5, 6), "x"), ev(E.REOPENED, at(5, 7))),
            RequestStatus.WAITING,
            id="reopened-while-waiting",
        ),
    ],
)
def test_status_after_each_event(
    events: tuple[RequestEventData, ...], status: RequestStatus
) -> None:
    assert state(*events).status is status


def test_answer_and_cancel_record_when_and_keep_the_due_date() -> None:
    answered = state(ev(E.ACKNOWLEDGED, at(5, 4, 11)), ev(E.ANSWERED, at(5, 6, 16)))
    assert answered.answered_at == at(5, 6, 16)
    assert answered.acknowledged_at == at(5, 4, 11)
    assert not answered.is_open
    assert answered.deadline.due_date == date(2027, 5, 12)
    cancelled = state(ev(E.CANCELLED, at(5, 6), "doublon"))
    assert cancelled.answered_at is None
    assert cancelled.deadline.due_date == date(2027, 5, 12)


def test_reopening_treats_the_closed_stretch_as_a_pause() -> None:
    # Answered Thu 6 May (Ascension: nothing counted yet but Wed 5), reopened Mon 10 May.
    reopened = state(ev(E.ANSWERED, at(5, 6, 16)), ev(E.REOPENED, at(5, 10, 9)))
    assert reopened.answered_at is None
    assert reopened.pauses == (Pause(at(5, 6, 16), at(5, 10, 9), CLOSED_PAUSE),)
    # Counted: Wed 5 (Thu 6 is Ascension), then Tue 11, Wed 12, Thu 13, Fri 14 May.
    assert reopened.deadline.due_date == date(2027, 5, 14)


def test_reassignment_changes_the_assignee() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    received = ev(E.RECEIVED, at(5, 4), assignee=first)
    assert derive(SUSPEND, [received], PARIS).assignee_id == first
    moved = derive(SUSPEND, [received, ev(E.REASSIGNED, at(5, 5), assignee=second)], PARIS)
    assert moved.assignee_id == second
    assert moved.status is RequestStatus.OPEN


def test_the_log_must_start_with_the_receipt() -> None:
    with pytest.raises(ValueError, match="receipt"):
        derive(SUSPEND, [ev(E.ACKNOWLEDGED, at(5, 4))], PARIS)


# --- Waiting for the user -------------------------------------------------------------------


def test_while_waiting_the_due_date_is_unknown_and_the_rest_is_kept() -> None:
    waiting = state(WAITING)
    assert waiting.deadline.due_date is None
    assert waiting.deadline.due_at is None
    assert waiting.deadline.alert_at is None
    assert waiting.deadline.remaining == 4
    assert waiting.pauses == (Pause(at(5, 5, 15), None, WAIT_REASON),)
    assert not waiting.deadline.is_late(at(12, 31))


def test_suspend_policy_resumes_with_the_time_left() -> None:
    resumed = state(WAITING, RESUMED)
    # Left 4 after Mon 10 May: Tue 11, Wed 12, Thu 13, Fri 14.
    assert resumed.deadline.due_date == date(2027, 5, 14)
    assert resumed.deadline.clock_start == RECEIVED.at
    assert resumed.pauses == (Pause(at(5, 5, 15), at(5, 10, 9), WAIT_REASON, restarts=False),)


def test_restart_policy_counts_the_full_delay_from_the_resumption() -> None:
    restarted = state(WAITING, RESUMED, terms=RESTART)
    # Tue 11, Wed 12, Thu 13, Fri 14, (Mon 17 Pentecôte), Tue 18 May.
    assert restarted.deadline.due_date == date(2027, 5, 18)
    assert restarted.deadline.clock_start == RESUMED.at
    assert restarted.pauses == (Pause(at(5, 5, 15), at(5, 10, 9), WAIT_REASON, restarts=True),)


def test_waiting_without_reason_is_recorded_as_such() -> None:
    waiting = state(ev(E.WAITING_FOR_USER, at(5, 5)))
    assert waiting.pauses[0].reason == "en attente de l'usager : sans motif"


def test_waiting_on_the_due_day_itself_keeps_that_day() -> None:
    # The day the clock stops counts: stopping on Wed 12 May completes the 5 days.
    waiting = state(ev(E.WAITING_FOR_USER, at(5, 12, 16), "avis d'imposition"))
    assert waiting.status is RequestStatus.WAITING
    assert waiting.deadline.due_date == date(2027, 5, 12)
    assert waiting.deadline.remaining == 0


# --- Acknowledgement of receipt -------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "received", "due"),
    [
        # 14 calendar days: Thu 6 May is Ascension -> Fri 7 May.
        pytest.param(Channel.LETTER, date(2027, 4, 22), date(2027, 5, 7), id="letter"),
        # 7 calendar days: Sat 8 May (Victoire) -> Mon 10 May.
        pytest.param(Channel.EMAIL, date(2027, 5, 1), date(2027, 5, 10), id="email"),
        pytest.param(Channel.ONLINE_FORM, date(2027, 1, 4), date(2027, 1, 11), id="online-form"),
        pytest.param(Channel.COUNTER, date(2027, 1, 4), None, id="counter"),
        pytest.param(Channel.PHONE, date(2027, 1, 4), None, id="phone"),
    ],
)
def test_acknowledgement_due_date(channel: Channel, received: date, due: date | None) -> None:
    terms = RequestTerms(channel, FIVE_OUVRES, WaitPolicy.SUSPEND)
    received_at = datetime.combine(received, time(10), ZONE)
    result = derive(terms, [ev(E.RECEIVED, received_at)], PARIS)
    assert result.ack_due_date == due
    assert result.ack_pending() is (due is not None)


def test_acknowledged_or_closed_requests_owe_no_acknowledgement() -> None:
    assert not state(ev(E.ACKNOWLEDGED, at(5, 4, 11))).ack_pending()
    assert not state(ev(E.ANSWERED, at(5, 4, 11))).ack_pending()
    assert state().ack_pending()  # e-mail, not acknowledged yet


# --- Refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "kind", "reason", "message"),
    [
        pytest.param(
            (),
            E.RESUMED,
            None,
            "Cette demande n'est pas en attente : rien à reprendre.",
            id="resume",
        ),
        pytest.param(
            (ev(E.ACKNOWLEDGED, at(5, 4, 11)),),
            E.ACKNOWLEDGED,
            None,
            "L'accusé de réception a déjà été envoyé.",
            id="acknowledge-twice",
        ),
        pytest.param(
            (),
            E.WAITING_FOR_USER,
            "  ",
            "Indiquez les pièces attendues : la personne a le droit de savoir pourquoi.",
            id="wait-without-reason",
        ),
        pytest.param(
            (),
            E.CANCELLED,
            None,
            "Indiquez le motif : la personne a le droit de savoir pourquoi.",
            id="cancel-without-reason",
        ),
        pytest.param(
            (WAITING,),
            E.WAITING_FOR_USER,
            "autre pièce",
            "Cette demande attend déjà l'usager.",
            id="wait-twice",
        ),
        pytest.param(
            (ev(E.ANSWERED, at(5, 6)),),
            E.ACKNOWLEDGED,
            None,
            "Cette demande est close : rouvrez-la d'abord.",
            id="act-on-closed",
        ),
        pytest.param(
            (ev(E.CANCELLED, at(5, 6), "doublon"),),
            E.REASSIGNED,
            None,
            "Cette demande est close : rouvrez-la d'abord.",
            id="reassign-closed",
        ),
        pytest.param(
            (),
            E.REOPENED,
            None,
            "Cette demande n'est pas close : rien à rouvrir.",
            id="reopen-open",
        ),
        pytest.param(
            (),
            E.CANCELLED,
            "x" * 501,
            "Le motif est trop long (501 caractères, 500 au plus).",
            id="reason-too-long",
        ),
    ],
)
def test_refusals_are_explained_in_french(
    events: tuple[RequestEventData, ...], kind: RequestEventType, reason: str | None, message: str
) -> None:
    assert refusal(state(*events), kind, reason=reason) == message


@pytest.mark.parametrize(
    ("events", "kind", "reason"),
    [
        pytest.param((), E.ACKNOWLEDGED, None, id="acknowledge"),
        pytest.param((), E.WAITING_FOR_USER, "pièce d'identité", id="wait"),
        pytest.param((WAITING,), E.RESUMED, None, id="resume"),
        pytest.param((WAITING,), E.ANSWERED, None, id="answer-while-waiting"),
        pytest.param((ev(E.ANSWERED, at(5, 6)),), E.REOPENED, None, id="reopen-answered"),
        pytest.param((), E.CANCELLED, "x" * 500, id="longest-reason"),
    ],
)
def test_allowed_actions_are_not_refused(
    events: tuple[RequestEventData, ...], kind: RequestEventType, reason: str | None
) -> None:
    assert refusal(state(*events), kind, reason=reason) is None


# --- Lateness -------------------------------------------------------------------------------


def days_late(due_date: date | None, due_at: datetime | None, now: datetime) -> int:
    return LateCounter(PARIS, board_window(PARIS, now), due_date).days_late(due_date, due_at)


@pytest.mark.parametrize(
    ("now", "late"),
    [
        pytest.param(at(5, 12, 23, 59), 0, id="due-day-evening"),
        pytest.param(at(5, 13, 0), 1, id="next-midnight"),
        pytest.param(at(5, 15, 12), 2, id="saturday"),
        pytest.param(at(5, 17, 12), 2, id="pentecote-not-counted"),
        pytest.param(at(5, 18, 9), 3, id="tuesday"),
    ],
)
def test_days_late_counts_jours_ouvres_after_the_due_date(now: datetime, late: int) -> None:
    deadline = state().deadline  # due Wed 12 May 2027
    assert deadline.is_late(now) is (now >= at(5, 13, 0))
    assert days_late(deadline.due_date, deadline.due_at, now) == late


def test_days_late_for_an_hour_delay() -> None:
    deadline = deadline_from(PARIS, at(1, 4, 16), Delay(2, DelayUnit.WORKING_HOURS))
    assert deadline.due_at == datetime(2027, 1, 5, 8, 30, tzinfo=UTC)  # Tue 9:30 local
    assert days_late(deadline.due_date, deadline.due_at, at(1, 5, 9)) == 0
    assert days_late(deadline.due_date, deadline.due_at, at(1, 5, 18)) == 0
    assert deadline.is_late(at(1, 5, 18))
    assert days_late(deadline.due_date, deadline.due_at, at(1, 6, 8)) == 1
    assert days_late(None, None, at(1, 6, 8)) == 0


# --- Explanation ----------------------------------------------------------------------------


def test_long_date() -> None:
    assert long_date(date(2027, 5, 12)) == "mercredi 12 mai 2027"
    assert long_date(date(2027, 11, 1)) == "lundi 1er novembre 2027"


def test_explain_names_the_skipped_holidays() -> None:
    received = state()
    assert explain(received.deadline, received.pauses, PARIS) == [
        f"Délai annoncé : 5{NBSP}jours ouvrés.",
        "Décompte à partir du lendemain du mardi 4 mai 2027 (le jour de réception ne compte pas).",
        "Non comptés : 1 samedi et 1 dimanche.",
        "Non compté : jeudi 6 mai 2027 (Ascension).",
        "Échéance : mercredi 12 mai 2027.",
    ]


def test_explain_while_waiting_says_what_is_left() -> None:
    waiting = state(WAITING)
    assert explain(waiting.deadline, waiting.pauses, PARIS)[-2:] == [
        f"Délai suspendu depuis le mercredi 5 mai 2027 à {hm(15)} : {WAIT_REASON}.",
        f"Échéance fixée à la reprise : il restera 4{NBSP}jours ouvrés.",
    ]


def test_explain_a_restart() -> None:
    restarted = state(WAITING, RESUMED, terms=RESTART)
    lines = explain(restarted.deadline, restarted.pauses, PARIS)
    assert lines[1] == (
        "Décompte à partir du lendemain du lundi 10 mai 2027 (le jour de la reprise ne compte pas)."
    )
    assert "Non compté : lundi 17 mai 2027 (Lundi de Pentecôte)." in lines
    assert (
        f"Suspendu du mercredi 5 mai 2027 à {hm(15)} au lundi 10 mai 2027 à {hm(9)} "
        f"({WAIT_REASON}) ; le délai est reparti de zéro."
    ) in lines
    assert lines[-1] == "Échéance : mardi 18 mai 2027."


def test_explain_a_suspension_and_a_reopening() -> None:
    suspended = state(WAITING, RESUMED)
    assert (
        f"Suspendu du mercredi 5 mai 2027 à {hm(15)} au lundi 10 mai 2027 à {hm(9)} "
        f"({WAIT_REASON}) ; le délai a repris."
    ) in explain(suspended.deadline, suspended.pauses, PARIS)
    reopened = state(ev(E.ANSWERED, at(5, 6, 16)), ev(E.REOPENED, at(5, 10, 9)))
    assert (
        f"Suspendu du jeudi 6 mai 2027 à {hm(16)} au lundi 10 mai 2027 à {hm(9)} "
        f"({CLOSED_PAUSE}) ; le délai a repris."
    ) in explain(reopened.deadline, reopened.pauses, PARIS)


def test_explain_an_hour_delay() -> None:
    deadline = deadline_from(PARIS, at(10, 29, 16), Delay(8, DelayUnit.WORKING_HOURS))
    assert explain(deadline, (), PARIS) == [
        f"Délai annoncé : 8{NBSP}heures ouvrées.",
        f"Décompte des heures d'ouverture à partir du vendredi 29 octobre 2027 à {hm(16)}.",
        "Non comptés : 1 samedi et 1 dimanche.",
        "Non compté : lundi 1er novembre 2027 (Toussaint).",
        f"Échéance : mardi 2 novembre 2027 à {hm(17)}.",
    ]


def test_hour_delay_waiting_keeps_the_opening_time_left() -> None:
    terms = RequestTerms(Channel.EMAIL, Delay(8, DelayUnit.WORKING_HOURS), WaitPolicy.SUSPEND)
    events = [ev(E.RECEIVED, at(1, 4, 9)), ev(E.WAITING_FOR_USER, at(1, 4, 14, 15), "RIB")]
    waiting = derive(terms, events, PARIS)
    # Counted 9:00-12:00 and 13:30-14:15: 3 h 45; 4 h 15 left.
    assert waiting.deadline.remaining == 4 * 3600 + 15 * 60
    assert explain(waiting.deadline, waiting.pauses, PARIS)[-1] == (
        f"Échéance fixée à la reprise : il restera {hm(4, 15)} d'ouverture."
    )


def test_a_pause_within_a_closed_day_lists_that_day_once() -> None:
    terms = RequestTerms(Channel.EMAIL, Delay(8, DelayUnit.WORKING_HOURS), WaitPolicy.SUSPEND)
    events = [
        ev(E.RECEIVED, at(1, 8, 16)),  # Friday 16:00
        ev(E.WAITING_FOR_USER, at(1, 9, 10), "RIB"),  # Saturday 10:00
        ev(E.RESUMED, at(1, 9, 15)),  # Saturday 15:00 (documents sent by e-mail)
    ]
    deadline = derive(terms, events, PARIS).deadline
    assert deadline.due_at == datetime(2027, 1, 11, 16, 0, tzinfo=UTC)  # Mon 17:00 local
    assert [(s.day, s.reason) for s in deadline.skipped] == [
        (date(2027, 1, 9), "samedi"),
        (date(2027, 1, 10), "dimanche"),
    ]
    assert "Non comptés : 1 samedi et 1 dimanche." in explain(deadline, (), PARIS)
