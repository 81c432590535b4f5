"""Every service action that acts for someone, with who may do it (tests/services/test_roles.py
runs them). Each entry prepares its own target (written by someone allowed) and returns
the action to try as a given login."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    RequestEventType,
    Satisfaction,
)
from spplus_desk.domain.error_case import ErrorCaseRecord
from spplus_desk.domain.feedback import FeedbackRecord, ImprovementDraft, ImprovementStatus
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services import (
    agents,
    contact_changes,
    contacts,
    error_cases,
    feedback,
    improvements,
    requests,
)
from spplus_desk.services.contact_detail import contact_detail
from spplus_desk.services.desk import Desk
from tests.services.test_error_cases import draft as case_draft
from tests.services.test_feedback import complaint
from tests.services.test_requests import kind_ids
from tests.support import TEST_LOGIN, FixedClock

ADMIN, LEAD, AUTHOR, OTHER, FORMER, STRANGER = (
    TEST_LOGIN,  # the administrator the test database starts with
    "lea",  # a team lead
    "alice",  # an agent, author of the entries the actions change
    "bob",  # another agent
    "ancien",  # a deactivated agent
    "inconnu",  # a login no agent has
)
NOT_AN_AGENT = "n'est pas enregistré comme agent actif"
ROLE_REFUSAL = "réservée au rôle"
NOT_THE_AUTHOR = "seul son auteur, un responsable"


class Rule(Enum):
    """Who may act, and so who is refused."""

    ANY_AGENT = "any active agent"  # an unknown or deactivated login is refused
    OWN = "the author (or assignee), a lead or an admin"
    SUPERVISORS = "a lead or an admin"
    ADMIN = "an admin"


REFUSED: dict[Rule, tuple[str, ...]] = {
    Rule.ANY_AGENT: (FORMER, STRANGER),
    Rule.OWN: (OTHER, FORMER, STRANGER),
    Rule.SUPERVISORS: (OTHER, FORMER, STRANGER),
    Rule.ADMIN: (OTHER, LEAD, FORMER, STRANGER),
}
ALLOWED: dict[Rule, tuple[str, ...]] = {
    Rule.ANY_AGENT: (AUTHOR,),
    Rule.OWN: (AUTHOR, LEAD),
    Rule.SUPERVISORS: (LEAD, ADMIN),
    Rule.ADMIN: (ADMIN,),
}


@dataclass
class World:
    desk: Desk
    clock: FixedClock
    ids: dict[str, uuid.UUID]  # agents' ids by login
    made: int = 0  # a counter for unique labels

    def unique(self, text: str) -> str:
        self.made += 1
        return f"{text} {self.made}"

    def agent(self, login: str) -> AgentInfo:
        return next(a for a in agents.list_agents(self.desk) if a.login == login)


Act = Callable[[str], object]


@dataclass(frozen=True)
class Protected:
    function: Callable[..., object]  # the service function it exercises
    rule: Rule
    prepare: Callable[[World], Act]  # named after the action: the test's id
    other_refusal: str = ""  # the message for a wrong role, when not the usual one

    @property
    def name(self) -> str:
        return self.prepare.__name__

    def refusal(self, login: str) -> str:
        if login in (FORMER, STRANGER):
            return NOT_AN_AGENT
        if self.other_refusal:
            return self.other_refusal
        return NOT_THE_AUTHOR if self.rule is Rule.OWN else ROLE_REFUSAL


# -- targets, written by someone allowed ----------------------------------------------


def _contact(world: World, **fields: object) -> ContactRecord:
    draft = ContactDraft(
        **({"channel": Channel.COUNTER, "outcome": ContactOutcome.IMMEDIATE_ANSWER} | fields)  # type: ignore[arg-type]
    )
    return contacts.log_contact(world.desk, login=AUTHOR, draft=draft)


def _request(world: World) -> uuid.UUID:
    kind = kind_ids(world.desk)["Réponse à un courriel"]
    record = _contact(world, outcome=ContactOutcome.REQUEST_OPENED, request_kind_id=kind)
    assert record.request_reference is not None
    return requests.find_request(world.desk, record.request_reference)


def _old_contact(world: World) -> tuple[uuid.UUID, int]:
    record = _contact(world)
    world.clock.advance(minutes=10)  # past the 5-minute undo
    return record.id, contact_detail(world.desk, record.id).version


# -- contacts -------------------------------------------------------------------------


def log_contact(world: World) -> Act:
    draft = ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
    return lambda login: contacts.log_contact(world.desk, login=login, draft=draft)


def undo_last_contact(world: World) -> Act:
    _contact(world)
    return lambda login: contacts.undo_last_contact(world.desk, login=login)


def record_satisfaction(world: World) -> Act:
    contact = _contact(world)
    return lambda login: contacts.record_satisfaction(
        world.desk, login=login, contact_id=contact.id, satisfaction=Satisfaction.SATISFIED
    )


def correct_contact(world: World) -> Act:
    contact_id, version = _old_contact(world)
    draft = replace(contact_detail(world.desk, contact_id).draft(), notes="Corrigé")
    return lambda login: contact_changes.correct_contact(
        world.desk, login=login, contact_id=contact_id, version=version, draft=draft
    )


def cancel_contact(world: World) -> Act:
    contact_id, version = _old_contact(world)
    return lambda login: contact_changes.cancel_contact(
        world.desk, login=login, contact_id=contact_id, version=version, reason="En double"
    )


# -- requests -------------------------------------------------------------------------


def act_on_request(world: World) -> Act:
    request_id = _request(world)
    return lambda login: requests.act_on_request(
        world.desk, login=login, request_id=request_id, action=RequestEventType.ANSWERED
    )


def reassign_one_request(world: World) -> Act:
    request_id = _request(world)  # assigned to its author
    return lambda login: requests.act_on_request(
        world.desk,
        login=login,
        request_id=request_id,
        action=RequestEventType.REASSIGNED,
        assignee_id=world.ids[OTHER],
    )


def reassign_requests(world: World) -> Act:
    request_ids = [_request(world), _request(world)]
    return lambda login: requests.reassign_requests(
        world.desk, login=login, request_ids=request_ids, assignee_id=world.ids[OTHER]
    )


# -- right-to-error cases -------------------------------------------------------------


def record_case(world: World) -> Act:
    draft = case_draft(world.desk)
    return lambda login: error_cases.record_case(world.desk, login=login, draft=draft)


def _case(world: World) -> ErrorCaseRecord:
    return error_cases.record_case(world.desk, login=AUTHOR, draft=case_draft(world.desk))


def correct_case(world: World) -> Act:
    case = _case(world)
    draft = replace(case.draft, notes="Pièce retrouvée")
    return lambda login: error_cases.correct_case(
        world.desk, login=login, case_id=case.id, version=case.version, draft=draft, reason="Oubli"
    )


def cancel_case(world: World) -> Act:
    case = _case(world)
    return lambda login: error_cases.cancel_case(
        world.desk, login=login, case_id=case.id, version=case.version, reason="En double"
    )


# -- feedback and improvements --------------------------------------------------------


def record_feedback(world: World) -> Act:
    return lambda login: feedback.record_feedback(world.desk, login=login, draft=complaint())


def _complaint(world: World) -> FeedbackRecord:
    return feedback.record_feedback(world.desk, login=AUTHOR, draft=complaint())


def correct_feedback(world: World) -> Act:
    entry = _complaint(world)
    draft = complaint(text="Quatre heures d'attente.")
    return lambda login: feedback.correct_feedback(
        world.desk, login=login, feedback_id=entry.id, version=entry.version, draft=draft
    )


def reply_to_feedback(world: World) -> Act:
    entry = _complaint(world)
    return lambda login: feedback.reply_to_feedback(
        world.desk,
        login=login,
        feedback_id=entry.id,
        version=entry.version,
        reply="Nous avons ouvert un second guichet.",
        replied_on=world.clock.now().date(),
    )


def close_feedback(world: World) -> Act:
    entry = _complaint(world)
    return lambda login: feedback.close_feedback(
        world.desk, login=login, feedback_id=entry.id, version=entry.version, reason="Anonyme"
    )


def reopen_feedback(world: World) -> Act:
    entry = _complaint(world)
    closed = feedback.close_feedback(
        world.desk, login=AUTHOR, feedback_id=entry.id, version=entry.version, reason="Anonyme"
    )
    return lambda login: feedback.reopen_feedback(
        world.desk, login=login, feedback_id=entry.id, version=closed.version
    )


def _improvement(done: str) -> ImprovementDraft:
    return ImprovementDraft("Trop d'attente", done, ImprovementStatus.PLANNED, None)


def record_improvement(world: World) -> Act:
    return lambda login: improvements.record_improvement(
        world.desk, login=login, draft=_improvement("Un second guichet")
    )


def correct_improvement(world: World) -> Act:
    made = improvements.record_improvement(world.desk, login=LEAD, draft=_improvement("Un guichet"))
    return lambda login: improvements.correct_improvement(
        world.desk,
        login=login,
        improvement_id=made.id,
        version=made.version,
        draft=_improvement("Deux guichets"),
    )
