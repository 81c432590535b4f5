"""Listening (issue 6): complaints, suggestions and compliments with the reply each calls
for — recorded, corrected, answered, closed, reopened, listed and counted — and the
improvement actions linked to them; every change audited, stale saves refused, and the
reply's due date counted in working days by the service's calendar."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.delay import Delay, parse_delay
from spplus_desk.domain.enums import Channel, DelayUnit, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import (
    DEFAULT_REPLY_DELAY,
    FeedbackDraft,
    FeedbackKind,
    FeedbackRecord,
    FeedbackStatus,
    ImprovementDraft,
    ImprovementStatus,
)
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import (
    FeedbackFilter,
    close_feedback,
    correct_feedback,
    feedback_entry,
    list_feedback,
    open_feedback_counts,
    record_feedback,
    reopen_feedback,
    reply_due,
    reply_to_feedback,
)
from spplus_desk.services.improvements import (
    correct_improvement,
    improvement,
    list_improvements,
    record_improvement,
)
from spplus_desk.services.service_calendar import add_closure
from spplus_desk.store import audit
from spplus_desk.store.schema import AuditEntry, Feedback
from tests.services.test_requests import add
from tests.support import TEST_LOGIN, FixedClock

TODAY = date(2027, 5, 4)  # the clock fixture: Tuesday 4 May 2027, 11:30 in Paris
FIFTEEN_DAYS = parse_delay(DEFAULT_REPLY_DELAY)


def complaint(**changes: object) -> FeedbackDraft:
    base = FeedbackDraft(
        kind=FeedbackKind.COMPLAINT,
        channel=Channel.LETTER,
        received_on=TODAY,
        text="Trois heures d'attente pour une carte d'identité.",
        reply_delay=FIFTEEN_DAYS,
        person_name="Jeanne Dupont",
        person_phone="0612345678",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def compliment(**changes: object) -> FeedbackDraft:
    base = FeedbackDraft(
        kind=FeedbackKind.COMPLIMENT,
        channel=Channel.COUNTER,
        received_on=TODAY,
        text="Merci pour votre patience.",
        reply_delay=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def audit_actions(desk: Desk, entity_id: uuid.UUID) -> list[str]:
    with desk.database.reading() as session:
        query = select(AuditEntry.action).where(AuditEntry.entity_id == str(entity_id))
        return list(session.scalars(query.order_by(AuditEntry.seq)))


def feedback_rows(desk: Desk) -> int:
    with desk.database.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Feedback)) or 0)


def record(desk: Desk, draft: FeedbackDraft, login: str = TEST_LOGIN) -> FeedbackRecord:
    return record_feedback(desk, login=login, draft=draft)


# --- the reply's due date -------------------------------------------------------------------


def test_the_due_date_counts_working_days_from_the_next_day(desk: Desk, clock: FixedClock) -> None:
    # The DOMAIN example: received Tue 4 May 2027 + 5 jours ouvrés, Ascension skipped.
    assert reply_due(desk, TODAY, Delay(5, DelayUnit.WORKING_DAYS)) == date(2027, 5, 12)
    with pytest.raises(UserError, match="dans le futur"):  # a typing slip, never computed
        reply_due(desk, date(9999, 12, 31), FIFTEEN_DAYS)
    # Received Monday 8 November 2027: Thursday 11 November is a holiday.
    clock.at = datetime(2027, 12, 1, 9, tzinfo=UTC)
    monday = date(2027, 11, 8)
    assert reply_due(desk, monday, Delay(5, DelayUnit.WORKING_DAYS)) == date(2027, 11, 16)
    assert reply_due(desk, monday, FIFTEEN_DAYS) == date(2027, 11, 30)
    # Calendar days ending on a Saturday move to the next working day.
    assert reply_due(desk, monday, Delay(5, DelayUnit.CALENDAR_DAYS)) == date(2027, 11, 15)


def test_the_services_closures_push_the_due_date_too(desk: Desk) -> None:
    add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 10), label="Inventaire")
    assert reply_due(desk, TODAY, Delay(5, DelayUnit.WORKING_DAYS)) == date(2027, 5, 13)
    saved = record(desk, complaint(reply_delay=Delay(5, DelayUnit.WORKING_DAYS)))
    assert saved.reply_due == date(2027, 5, 13)


def test_a_complaint_recorded_in_november_skips_the_armistice(
    desk: Desk, clock: FixedClock
) -> None:
    clock.at = datetime(2027, 11, 9, 9, 0, tzinfo=UTC)
    saved = record(desk, complaint(received_on=date(2027, 11, 8)))
    assert saved.reply_due == date(2027, 11, 30)  # 29 November without 11 November
    assert not saved.late(date(2027, 11, 30))
    assert saved.late(date(2027, 12, 1))


# --- recording ------------------------------------------------------------------------------


def test_a_complaint_is_recorded_to_answer_with_its_due_date_and_audited(desk: Desk) -> None:
    saved = record(desk, complaint())
    assert saved.status is FeedbackStatus.TO_ANSWER
    assert saved.reply_delay == FIFTEEN_DAYS
    assert saved.reply_due == date(2027, 5, 27)  # Ascension, Whit Monday skipped
    assert saved.person_phone == "06 12 34 56 78"  # stored as written for people
    assert saved.agent == TEST_LOGIN
    assert saved.version == 1
    assert feedback_entry(desk, saved.id) == saved
    assert audit_actions(desk, saved.id) == ["feedback.created"]


def test_a_compliment_expects_no_reply(desk: Desk) -> None:
    saved = record(desk, compliment())
    assert saved.status is FeedbackStatus.NO_REPLY
    assert saved.reply_due is None
    assert saved.reply_delay is None
    assert not saved.late(TODAY + timedelta(days=400))


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (complaint(text="   \n "), "texte de l'avis est vide"),
        (complaint(received_on=TODAY + timedelta(days=1)), "dans le futur"),
        (complaint(reply_delay=Delay(48, DelayUnit.WORKING_HOURS)), "en jours, pas en heures"),
        (complaint(person_phone="12"), "téléphone"),
        (complaint(person_email="jeanne@"), "adresse électronique"),
        (complaint(text="x" * 2001), "trop long"),
        (complaint(text="bip\x07"), "caractères de contrôle"),
    ],
)
def test_bad_input_is_explained_in_french_and_nothing_is_saved(
    desk: Desk, draft: FeedbackDraft, message: str
) -> None:
    with pytest.raises(UserError) as refused:
        record(desk, draft)
    assert message in refused.value.message.lower()
    assert feedback_rows(desk) == 0


def test_only_an_active_agent_records_and_an_unknown_contact_is_refused(desk: Desk) -> None:
    with pytest.raises(UserError, match="agent actif"):
        record(desk, complaint(), login="inconnu")
    with pytest.raises(UserError, match="contact d'origine"):
        record(desk, complaint(contact_id=uuid.uuid4()))
    assert feedback_rows(desk) == 0


# --- correcting -----------------------------------------------------------------------------


def test_the_author_a_lead_or_an_admin_corrects_and_a_stale_version_is_refused(
    desk: Desk,
) -> None:
    add(desk, "Léa Martin", "lea")
    add(desk, "Paul Durand", "paul")
    add(desk, "Lina Lead", "lina", Role.LEAD)
    saved = record(desk, complaint(), login="lea")
    with pytest.raises(UserError, match="seul son auteur"):
        correct_feedback(
            desk, login="paul", feedback_id=saved.id, version=1, draft=complaint(text="Autre")
        )
    by_author = correct_feedback(
        desk, login="lea", feedback_id=saved.id, version=1, draft=complaint(text="Deux heures")
    )
    assert by_author.text == "Deux heures"
    assert by_author.version == 2
    with pytest.raises(ConflictError):
        correct_feedback(desk, login="lina", feedback_id=saved.id, version=1, draft=complaint())
    by_lead = correct_feedback(
        desk,
        login="lina",
        feedback_id=saved.id,
        version=2,
        draft=complaint(text="Deux heures", received_on=date(2027, 5, 3)),
    )
    assert by_lead.reply_due == date(2027, 5, 26)  # counted again from the new day
    by_admin = correct_feedback(
        desk, login=TEST_LOGIN, feedback_id=saved.id, version=3, draft=complaint(text="Une")
    )
    assert by_admin.agent == "Léa Martin"  # the author stays the author
    assert audit_actions(desk, saved.id) == ["feedback.created"] + ["feedback.corrected"] * 3
    with desk.database.reading() as session:
        last = audit.read_trail(session, AuditEntry.entity_id == str(saved.id))[-1]
        assert last.before is not None
        assert last.before["text"] == "Deux heures"


def test_a_correction_that_changes_nothing_is_not_audited(desk: Desk) -> None:
    saved = record(desk, complaint())
    same = correct_feedback(
        desk, login=TEST_LOGIN, feedback_id=saved.id, version=1, draft=complaint()
    )
    assert same.version == 1
    assert audit_actions(desk, saved.id) == ["feedback.created"]


def test_a_reply_expected_or_no_longer_opens_or_closes_the_wait(desk: Desk) -> None:
    saved = record(desk, complaint())
    none = correct_feedback(
        desk, login=TEST_LOGIN, feedback_id=saved.id, version=1, draft=complaint(reply_delay=None)
    )
    assert none.status is FeedbackStatus.NO_REPLY
    assert none.reply_due is None
    again = correct_feedback(
        desk, login=TEST_LOGIN, feedback_id=saved.id, version=2, draft=complaint()
    )
    assert again.status is FeedbackStatus.TO_ANSWER
    assert again.reply_due == date(2027, 5, 27)
    with pytest.raises(UserError, match="dans le futur"):
        correct_feedback(
            desk,
            login=TEST_LOGIN,
            feedback_id=saved.id,
            version=3,
            draft=complaint(received_on=TODAY + timedelta(days=2)),
        )
    assert feedback_entry(desk, saved.id) == again


# --- replying, closing, reopening -----------------------------------------------------------


def test_a_reply_is_recorded_then_reopened(desk: Desk) -> None:
    saved = record(desk, complaint())
    answered = reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=saved.id,
        version=1,
        reply="  Nous avons ajouté un agent le mardi matin.  ",
        replied_on=TODAY,
    )
    assert answered.status is FeedbackStatus.ANSWERED
    assert answered.reply == "Nous avons ajouté un agent le mardi matin."
    assert answered.replied_on == TODAY
    assert not answered.late(TODAY)
    with pytest.raises(UserError, match="rouvrez-le"):
        reply_to_feedback(
            desk, login=TEST_LOGIN, feedback_id=saved.id, version=2, reply="x", replied_on=TODAY
        )
    with pytest.raises(UserError, match="rien à classer"):
        close_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=2, reason="x")
    reopened = reopen_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=2)
    assert reopened.status is FeedbackStatus.TO_ANSWER
    assert (reopened.reply, reopened.replied_on) == ("", None)
    assert audit_actions(desk, saved.id) == [
        "feedback.created",
        "feedback.answered",
        "feedback.reopened",
    ]


def test_a_reply_after_the_due_date_counts_as_late(desk: Desk, clock: FixedClock) -> None:
    saved = record(desk, complaint(reply_delay=Delay(2, DelayUnit.WORKING_DAYS)))
    assert saved.reply_due == date(2027, 5, 7)  # Ascension on the 6th
    clock.advance(days=7)
    answered = reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=saved.id,
        version=1,
        reply="Réponse tardive",
        replied_on=date(2027, 5, 10),
    )
    assert answered.late(date(2027, 5, 11))


@pytest.mark.parametrize(
    ("reply", "replied_on", "message"),
    [
        ("", TODAY, "écrivez la réponse"),
        ("Réponse", TODAY + timedelta(days=1), "dans le futur"),
        ("Réponse", TODAY - timedelta(days=1), "précède la réception"),
    ],
)
def test_a_reply_needs_its_text_and_a_plausible_date(
    desk: Desk, reply: str, replied_on: date, message: str
) -> None:
    saved = record(desk, complaint())
    with pytest.raises(UserError) as refused:
        reply_to_feedback(
            desk,
            login=TEST_LOGIN,
            feedback_id=saved.id,
            version=1,
            reply=reply,
            replied_on=replied_on,
        )
    assert message in refused.value.message.lower()
    assert feedback_entry(desk, saved.id) == saved


def test_closing_needs_a_reason_and_a_fresh_version(desk: Desk) -> None:
    saved = record(desk, complaint())
    with pytest.raises(UserError, match="motif du classement"):
        close_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=1, reason="  ")
    with pytest.raises(ConflictError):
        close_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=7, reason="Doublon")
    closed = close_feedback(
        desk, login=TEST_LOGIN, feedback_id=saved.id, version=1, reason=" Doublon du courrier "
    )
    assert closed.status is FeedbackStatus.CLOSED
    assert closed.close_reason == "Doublon du courrier"
    assert not closed.late(TODAY + timedelta(days=100))
    reopened = reopen_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=2)
    assert reopened.status is FeedbackStatus.TO_ANSWER
    assert reopened.close_reason == ""
    assert audit_actions(desk, saved.id)[-2:] == ["feedback.closed", "feedback.reopened"]


def test_nothing_to_reopen_without_a_reply_expected(desk: Desk) -> None:
    saved = record(desk, compliment())
    with pytest.raises(UserError, match="rien à rouvrir"):
        reopen_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=1)
    with pytest.raises(UserError, match="n'attend pas de réponse"):
        close_feedback(desk, login=TEST_LOGIN, feedback_id=saved.id, version=1, reason="x")


def test_an_unknown_entry_is_said_so(desk: Desk) -> None:
    gone = uuid.uuid4()
    with pytest.raises(UserError, match="introuvable"):
        feedback_entry(desk, gone)
    with pytest.raises(UserError, match="introuvable"):
        reopen_feedback(desk, login=TEST_LOGIN, feedback_id=gone, version=1)


# --- lists and counts -----------------------------------------------------------------------


def made_list(desk: Desk, clock: FixedClock) -> dict[str, FeedbackRecord]:
    """Four entries received over a month; one complaint late on 4 May, one answered."""
    clock.at = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
    made = {
        "late": record(desk, complaint(received_on=date(2027, 4, 1), text="Guichet fermé")),
        "old": record(desk, compliment(received_on=date(2027, 3, 15))),
    }
    clock.at = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
    made["idea"] = record(
        desk,
        FeedbackDraft(
            kind=FeedbackKind.SUGGESTION,
            channel=Channel.ONLINE_FORM,
            received_on=date(2027, 5, 3),
            text="Ouvrir le samedi matin",
            reply_delay=FIFTEEN_DAYS,
            person_name="Marc Petit",
        ),
    )
    fresh = record(desk, complaint(text="Formulaire illisible"))
    made["answered"] = reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=fresh.id,
        version=1,
        reply="Le formulaire est refait",
        replied_on=TODAY,
    )
    return made


def ids(records: list[FeedbackRecord]) -> list[uuid.UUID]:
    return [r.id for r in records]


def test_the_list_filters_and_pages_the_newest_first(desk: Desk, clock: FixedClock) -> None:
    made = made_list(desk, clock)
    everything = list_feedback(desk, FeedbackFilter())
    assert ids(everything) == [made[n].id for n in ("answered", "idea", "late", "old")]
    assert ids(list_feedback(desk, FeedbackFilter(), offset=1, limit=2)) == [
        made["idea"].id,
        made["late"].id,
    ]
    kinds = FeedbackFilter(kind=FeedbackKind.COMPLAINT)
    assert ids(list_feedback(desk, kinds)) == [made["answered"].id, made["late"].id]
    waiting = FeedbackFilter(status=FeedbackStatus.TO_ANSWER)
    assert ids(list_feedback(desk, waiting)) == [made["idea"].id, made["late"].id]
    april = FeedbackFilter(first_day=date(2027, 4, 1), last_day=date(2027, 4, 30))
    assert ids(list_feedback(desk, april)) == [made["late"].id]
    assert ids(list_feedback(desk, FeedbackFilter(late_on=TODAY))) == [made["late"].id]
    # Words anywhere in the text, the person or the reply, whatever their case.
    assert ids(list_feedback(desk, FeedbackFilter(text="SAMEDI"))) == [made["idea"].id]
    assert ids(list_feedback(desk, FeedbackFilter(text="marc"))) == [made["idea"].id]
    assert ids(list_feedback(desk, FeedbackFilter(text="refait formulaire"))) == [
        made["answered"].id
    ]


def test_the_open_counts_follow_the_days(desk: Desk, clock: FixedClock) -> None:
    made_list(desk, clock)
    assert open_feedback_counts(desk) == (2, 1)
    clock.at = datetime(2027, 5, 26, 9, 0, tzinfo=UTC)  # the suggestion's due date
    assert open_feedback_counts(desk) == (2, 1)
    clock.advance(days=1)
    assert open_feedback_counts(desk) == (2, 2)


# --- improvements ---------------------------------------------------------------------------


def action(**changes: object) -> ImprovementDraft:
    base = ImprovementDraft(
        said="L'attente est trop longue le mardi matin.",
        done="Un deuxième agent tient l'accueil le mardi matin.",
        status=ImprovementStatus.DONE,
        done_on=TODAY,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_an_improvement_links_the_feedback_that_prompted_it(desk: Desk, clock: FixedClock) -> None:
    made = made_list(desk, clock)
    linked = frozenset({made["late"].id, made["idea"].id})
    saved = record_improvement(desk, login=TEST_LOGIN, draft=action(feedback_ids=linked))
    assert saved.feedback_ids == linked
    assert (saved.recorded_on, saved.agent, saved.version) == (TODAY, TEST_LOGIN, 1)
    assert feedback_entry(desk, made["late"].id).improvement_id == saved.id
    assert improvement(desk, saved.id) == saved
    assert audit_actions(desk, saved.id) == ["improvement.created"]

    # One link dropped, one added: the entries name exactly the chosen action.
    relinked = frozenset({made["idea"].id, made["answered"].id})
    corrected = correct_improvement(
        desk,
        login=TEST_LOGIN,
        improvement_id=saved.id,
        version=1,
        draft=action(feedback_ids=relinked, status=ImprovementStatus.IN_PROGRESS),
    )
    assert corrected.feedback_ids == relinked
    assert corrected.version == 2
    assert corrected.done_on is None  # only a realised action keeps its date
    assert feedback_entry(desk, made["late"].id).improvement_id is None
    assert audit_actions(desk, saved.id) == ["improvement.created", "improvement.corrected"]
    with pytest.raises(ConflictError):
        correct_improvement(
            desk, login=TEST_LOGIN, improvement_id=saved.id, version=1, draft=action()
        )

    # An entry names one action at most: linked elsewhere, it moves.
    other = record_improvement(
        desk,
        login=TEST_LOGIN,
        draft=action(said="Samedi", done="Étudié", feedback_ids=frozenset({made["idea"].id})),
    )
    assert improvement(desk, saved.id).feedback_ids == {made["answered"].id}
    assert improvement(desk, other.id).feedback_ids == {made["idea"].id}


def test_only_leads_and_admins_decide_improvements(desk: Desk) -> None:
    add(desk, "Léa Martin", "lea")
    add(desk, "Lina Lead", "lina", Role.LEAD)
    with pytest.raises(UserError, match="réservée"):
        record_improvement(desk, login="lea", draft=action())
    saved = record_improvement(desk, login="lina", draft=action())
    with pytest.raises(UserError, match="réservée"):
        correct_improvement(
            desk, login="lea", improvement_id=saved.id, version=1, draft=action(done="Autre")
        )
    assert list_improvements(desk) == [saved]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (action(said=" "), "vous nous avez dit"),
        (action(done=""), "nous avons fait"),
        (action(said="x" * 301), "trop long"),
        (action(done_on=None), "date à laquelle"),
        (action(done_on=TODAY + timedelta(days=1)), "dans le futur"),
        (action(feedback_ids=frozenset({uuid.uuid4()})), "n'existe plus"),
    ],
)
def test_a_bad_improvement_is_explained_and_not_saved(
    desk: Desk, draft: ImprovementDraft, message: str
) -> None:
    with pytest.raises(UserError) as refused:
        record_improvement(desk, login=TEST_LOGIN, draft=draft)
    assert message in refused.value.message.lower()
    assert list_improvements(desk) == []


def test_improvements_are_listed_planned_first_then_latest_done(desk: Desk) -> None:
    done_early = record_improvement(desk, login=TEST_LOGIN, draft=action(done_on=date(2027, 1, 5)))
    planned = record_improvement(
        desk, login=TEST_LOGIN, draft=action(status=ImprovementStatus.PLANNED, done_on=None)
    )
    done_late = record_improvement(desk, login=TEST_LOGIN, draft=action(done_on=date(2027, 4, 2)))
    assert [a.id for a in list_improvements(desk)] == [planned.id, done_late.id, done_early.id]
    assert list_improvements(desk, ImprovementStatus.PLANNED) == [planned]
    unchanged = correct_improvement(
        desk,
        login=TEST_LOGIN,
        improvement_id=planned.id,
        version=1,
        draft=action(status=ImprovementStatus.PLANNED, done_on=None),
    )
    assert unchanged.version == 1
    assert audit_actions(desk, planned.id) == ["improvement.created"]
    with pytest.raises(UserError, match="introuvable"):
        improvement(desk, uuid.uuid4())


def test_changing_only_the_links_is_a_new_version(desk: Desk) -> None:
    entry = record(desk, complaint())
    saved = record_improvement(desk, login=TEST_LOGIN, draft=action())
    linked = correct_improvement(
        desk,
        login=TEST_LOGIN,
        improvement_id=saved.id,
        version=1,
        draft=action(feedback_ids=frozenset({entry.id})),
    )
    assert linked.feedback_ids == {entry.id}
    assert linked.version == 2  # a desk that read version 1 cannot undo the link silently
    with pytest.raises(ConflictError):
        correct_improvement(
            desk, login=TEST_LOGIN, improvement_id=saved.id, version=1, draft=action()
        )
