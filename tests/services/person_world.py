"""The people the right of access's tests (services, CLI, screen) look for.

Paul Martin came three times (giving his phone, then his phone and e-mail — which makes
them one person, not two namesakes — then only his phone), opened a request that waits
for a document, had a right-to-error case, and wrote a complaint giving only his
e-mail. Jeanne and Marc Martin share the household's phone, also given once without a
name. Paul Martin-Durand is another person; Hélène Dupont has accents; Zoé Anonyme's
contact was anonymised by the retention purge.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType, Satisfaction
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.feedback import DEFAULT_REPLY_DELAY, FeedbackDraft, FeedbackKind
from spplus_desk.services.choice_lists import MOTIFS, PROCEDURES, list_choices
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import record_case
from spplus_desk.services.feedback import record_feedback
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.store.schema import Contact
from tests.support import TEST_LOGIN, FixedClock

TODAY = date(2027, 5, 4)  # the clock fixture's day
WAITING_REASON = "Justificatif de domicile manquant"
PAUL_NOTES = "Venu pour sa carte d'identité"
CASE_NOTES = "Oubli de déclarer un changement d'adresse"
COMPLAINT = "Trois heures d'attente au guichet"
HOUSEHOLD = "01 45 00 00 00"


@dataclass(frozen=True)
class World:
    paul_counter: uuid.UUID  # « Paul MARTIN », 06 12 34 56 78, notes, satisfied
    paul_email: uuid.UUID  # « Paul Martin », his phone and e-mail, opened the request
    paul_phone_only: uuid.UUID  # no name, his phone
    paul_request: str  # its reference; waiting for a document
    paul_case: uuid.UUID  # « Martin Paul », his phone
    paul_complaint: uuid.UUID  # no name, his e-mail in capitals
    jeanne: uuid.UUID
    marc: uuid.UUID
    household_only: uuid.UUID  # no name, the household's phone
    paul_durand: uuid.UUID
    helene: uuid.UUID
    zoe: uuid.UUID  # anonymised


def contact(desk: Desk, **values: object) -> uuid.UUID:
    channel = values.pop("channel", Channel.PHONE)
    outcome = values.pop("outcome", ContactOutcome.IMMEDIATE_ANSWER)
    draft = ContactDraft(channel=channel, outcome=outcome, **values)  # type: ignore[arg-type]
    return log_contact(desk, login=TEST_LOGIN, draft=draft).id


def build_world(desk: Desk, clock: FixedClock) -> World:
    motif = list_choices(desk, MOTIFS)[0].id
    paul_counter = contact(
        desk,
        channel=Channel.COUNTER,
        motif_id=motif,
        person_name="Paul MARTIN",
        person_phone="06 12 34 56 78",
        notes=PAUL_NOTES,
        satisfaction=Satisfaction.SATISFIED,
        satisfaction_comment="Accueil rapide",
    )
    clock.advance(minutes=20)
    kind = list_request_kinds(desk)[0]
    opened = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            channel=Channel.EMAIL,
            outcome=ContactOutcome.REQUEST_OPENED,
            request_kind_id=kind.id,
            person_name="Paul Martin",
            person_phone="06 12 34 56 78",
            person_email="paul.martin@exemple.fr",
        ),
    )
    paul_email, reference = opened.id, opened.request_reference
    assert reference is not None
    clock.advance(minutes=20)
    act_on_request(
        desk,
        login=TEST_LOGIN,
        request_id=find_request(desk, reference),
        action=RequestEventType.WAITING_FOR_USER,
        reason=WAITING_REASON,
    )
    paul_phone_only = contact(desk, person_phone="+33 6 12 34 56 78")
    case = record_case(desk, login=TEST_LOGIN, draft=_case(desk))
    complaint = record_feedback(
        desk,
        login=TEST_LOGIN,
        draft=FeedbackDraft(
            kind=FeedbackKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_on=TODAY,
            text=COMPLAINT,
            reply_delay=parse_delay(DEFAULT_REPLY_DELAY),
            person_email="PAUL.MARTIN@exemple.fr",
        ),
    )
    world = World(
        paul_counter=paul_counter,
        paul_email=paul_email,
        paul_phone_only=paul_phone_only,
        paul_request=reference,
        paul_case=case.id,
        paul_complaint=complaint.id,
        jeanne=contact(desk, person_name="Jeanne Martin", person_phone=HOUSEHOLD),
        marc=contact(desk, person_name="Marc Martin", person_phone=HOUSEHOLD),
        household_only=contact(desk, person_phone=HOUSEHOLD),
        paul_durand=contact(desk, person_name="Paul Martin-Durand"),
        helene=contact(desk, person_name="Hélène Dupont", person_email="h.dupont@exemple.fr"),
        zoe=contact(desk, person_name="Zoé Anonyme", person_phone="07 11 22 33 44"),
    )
    anonymise(desk, world.zoe, clock)
    return world


def anonymise(desk: Desk, contact_id: uuid.UUID, clock: FixedClock) -> None:
    """As the retention purge marks it (through the ORM: the row's seal follows). The name
    is left on purpose: a record marked anonymised is never found, whatever it holds."""
    with desk.database.writing() as session:
        row = session.get_one(Contact, contact_id)
        row.anonymised_at = clock.now()


def _case(desk: Desk) -> CaseDraft:
    procedure = list_choices(desk, PROCEDURES)[0].id
    return CaseDraft(
        procedure_id=procedure,
        nature=ErrorNature.OMISSION,
        channel=Channel.COUNTER,
        error_on=date(2027, 3, 1),
        discovered_on=TODAY,
        discovered_by=DiscoveredBy.PERSON,
        checklist_first_time=True,
        checklist_good_faith=True,
        exclusions=frozenset(),
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
        regularised_on=TODAY,
        outcome=CaseOutcome.NO_SANCTION,
        person=PersonIdentity("Martin Paul", "0612345678", ""),
        notes=CASE_NOTES,
    )
