"""The review's cases (issue 6): links taken from another improvement are versioned and
audited, a reply cannot precede its receipt, owed replies follow a change of the
calendar, control characters and far-off years get French messages."""

from __future__ import annotations

from datetime import date

import pytest

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import ImprovementDraft, ImprovementStatus
from spplus_desk.domain.indicators import Period
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import (
    FeedbackFilter,
    correct_feedback,
    feedback_entry,
    list_feedback,
    reply_to_feedback,
)
from spplus_desk.services.improvements import correct_improvement, improvement, record_improvement
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.service_calendar import add_closure
from tests.services.test_feedback import TODAY, audit_actions, complaint, record
from tests.support import TEST_LOGIN


def draft(said: str, *linked: object) -> ImprovementDraft:
    return ImprovementDraft(
        said=said,
        done="Un accueil sur rendez-vous le mardi matin.",
        status=ImprovementStatus.PLANNED,
        done_on=None,
        feedback_ids=frozenset(linked),  # type: ignore[arg-type]
    )


def test_an_entry_taken_from_another_improvement_changes_that_one_too(desk: Desk) -> None:
    entry = record(desk, complaint())
    first = record_improvement(desk, login=TEST_LOGIN, draft=draft("L'attente.", entry.id))
    second = record_improvement(desk, login=TEST_LOGIN, draft=draft("Le guichet.", entry.id))
    moved = improvement(desk, first.id)
    assert moved.feedback_ids == frozenset()
    assert moved.version == first.version + 1  # a desk still showing the link is stale
    assert audit_actions(desk, first.id) == ["improvement.created", "improvement.corrected"]
    with pytest.raises(ConflictError):  # and cannot take it back unseen
        correct_improvement(
            desk,
            login=TEST_LOGIN,
            improvement_id=first.id,
            version=first.version,
            draft=draft("L'attente !", entry.id),
        )
    assert improvement(desk, second.id).feedback_ids == {entry.id}


def test_a_reply_cannot_come_before_the_receipt_corrected_later(desk: Desk) -> None:
    entry = record(desk, complaint(received_on=date(2027, 5, 3)))
    answered = reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=entry.id,
        version=entry.version,
        reply="Nous avons rappelé la personne.",
        replied_on=date(2027, 5, 3),
    )
    with pytest.raises(UserError, match="avant cette date de réception"):
        correct_feedback(
            desk,
            login=TEST_LOGIN,
            feedback_id=entry.id,
            version=answered.version,
            draft=complaint(received_on=TODAY),
        )
    assert feedback_entry(desk, entry.id).received_on == date(2027, 5, 3)


def test_owed_replies_follow_a_closure_added_to_the_calendar(desk: Desk) -> None:
    entry = record(desk, complaint())  # 15 working days from Tue 4 May 2027
    due = entry.reply_due
    assert due is not None
    add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 7), label="Pont de l'Ascension")
    moved = feedback_entry(desk, entry.id).reply_due
    assert moved is not None
    assert moved > due


def test_control_characters_and_far_off_years_are_explained(desk: Desk) -> None:
    with pytest.raises(UserError, match="caractères de contrôle"):
        record(desk, complaint(text="Attente\x85 trop longue"))  # a C1 control
    with pytest.raises(UserError, match="entre 1900 et 2999"):
        period_indicators(desk, Period(date(2027, 1, 1), date(9999, 12, 31)))


def test_the_search_ignores_accents_and_case_and_finds_phone_digits(desk: Desk) -> None:
    entry = record(desk, complaint(text="L'ÉCOLE ferme trop tôt", person_phone="06 12 34 56 78"))
    record(desk, complaint(text="Attente au guichet", person_name="", person_phone=""))
    for words in ("ecole", "École tot", "0612", "dupont"):
        assert [e.id for e in list_feedback(desk, FeedbackFilter(text=words))] == [entry.id]
    assert list_feedback(desk, FeedbackFilter(text="100%_")) == []
