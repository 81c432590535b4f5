"""Every service entry point that takes text a person typed, as one table for the fuzz
tests: each entry puts the text in one field, saves it the way the app does, and gives
back what the database now holds next to what the service answered.

An entry either raises a UserError (the text was refused) or returns an ``Echo``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    RequestEventType,
    Satisfaction,
)
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.feedback import (
    DEFAULT_REPLY_DELAY,
    FeedbackDraft,
    FeedbackKind,
    ImprovementDraft,
    ImprovementStatus,
)
from spplus_desk.services import (
    choice_lists,
    contact_changes,
    contacts,
    error_cases,
    feedback,
    improvements,
    request_kinds,
    requests,
)
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import (
    Base,
    Contact,
    ErrorCase,
    Feedback,
    ImprovementAction,
    RequestEvent,
)
from tests.support import TEST_LOGIN


@dataclass(frozen=True, slots=True)
class Echo:
    stored: object  # read again from the database, in a unit of work of its own
    shown: object  # what the service gave back to the screen
    typed: str | None = None  # the text as typed, when it is kept word for word


Entry = Callable[[Desk, str], Echo]


def column(desk: Desk, model: type[Base], row_id: object, name: str) -> object:
    with desk.database.reading() as session:
        return getattr(session.get_one(model, row_id), name)


def _today(desk: Desk) -> date:
    return desk.clock.now().date()


# --- Contacts ---------------------------------------------------------------------


def _logged(desk: Desk, draft: ContactDraft, name: str, typed: str | None) -> Echo:
    record = contacts.log_contact(desk, login=TEST_LOGIN, draft=draft)
    return Echo(column(desk, Contact, record.id, name) or "", getattr(record, name, None), typed)


def contact_name(desk: Desk, text: str) -> Echo:
    draft = ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER, person_name=text)
    echo = _logged(desk, draft, "person_name", text)
    return replace(echo, shown=echo.shown or "")


def _contact_field(name: str, typed_kept: bool = True, **draft: object) -> Entry:
    def entry(desk: Desk, text: str) -> Echo:
        base = ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
        made = replace(base, **{name: text, **draft})  # type: ignore[arg-type]
        stored = _logged(desk, made, name, None).stored
        return Echo(stored, stored, text if typed_kept else None)

    return entry


def _plain_contact(desk: Desk) -> tuple[uuid.UUID, int]:
    draft = ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER)
    record = contacts.log_contact(desk, login=TEST_LOGIN, draft=draft)
    return record.id, record.version


def contact_correction(desk: Desk, text: str) -> Echo:
    contact_id, version = _plain_contact(desk)
    draft = ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER, notes=text)
    contact_changes.correct_contact(
        desk, login=TEST_LOGIN, contact_id=contact_id, version=version, draft=draft
    )
    stored = column(desk, Contact, contact_id, "notes")
    return Echo(stored, stored, text)


def contact_cancellation(desk: Desk, text: str) -> Echo:
    contact_id, version = _plain_contact(desk)
    contact_changes.cancel_contact(
        desk, login=TEST_LOGIN, contact_id=contact_id, version=version, reason=text
    )
    stored = column(desk, Contact, contact_id, "cancel_reason")
    return Echo(stored, stored, text)


# --- Requests ---------------------------------------------------------------------


def _request_reason(action: RequestEventType) -> Entry:
    def entry(desk: Desk, text: str) -> Echo:
        kind_id = request_kinds.list_request_kinds(desk)[0].id
        draft = ContactDraft(Channel.EMAIL, ContactOutcome.REQUEST_OPENED, request_kind_id=kind_id)
        record = contacts.log_contact(desk, login=TEST_LOGIN, draft=draft)
        assert record.request_reference is not None
        request_id = requests.find_request(desk, record.request_reference)
        case = requests.act_on_request(
            desk, login=TEST_LOGIN, request_id=request_id, action=action, reason=text
        )
        with desk.database.reading() as session:
            query = select(RequestEvent.reason).where(RequestEvent.request_id == request_id)
            stored = list(session.scalars(query.order_by(RequestEvent.seq)))[-1]
        return Echo(stored, case.timeline[-1].reason, text)

    return entry


# --- Right-to-error cases ---------------------------------------------------------


def _case_draft(desk: Desk, **changes: object) -> CaseDraft:
    procedures = choice_lists.list_choices(desk, choice_lists.PROCEDURES)
    base = CaseDraft(
        procedure_id=procedures[0].id,
        nature=ErrorNature.OMISSION,
        channel=Channel.COUNTER,
        error_on=None,
        discovered_on=_today(desk),
        discovered_by=DiscoveredBy.PERSON,
        checklist_first_time=True,
        checklist_good_faith=True,
        exclusions=frozenset(),
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
        regularised_on=_today(desk),
        outcome=CaseOutcome.NO_SANCTION,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def case_notes(desk: Desk, text: str) -> Echo:
    record = error_cases.record_case(desk, login=TEST_LOGIN, draft=_case_draft(desk, notes=text))
    stored = column(desk, ErrorCase, record.id, "notes")
    return Echo(stored, stored, text)


def case_person(desk: Desk, text: str) -> Echo:
    draft = _case_draft(desk, person=PersonIdentity(name=text))
    record = error_cases.record_case(desk, login=TEST_LOGIN, draft=draft)
    stored = column(desk, ErrorCase, record.id, "person_name") or ""
    return Echo(stored, stored, text)


def _recorded_case(desk: Desk) -> tuple[uuid.UUID, int]:
    record = error_cases.record_case(desk, login=TEST_LOGIN, draft=_case_draft(desk))
    return record.id, record.version


def case_correction(desk: Desk, text: str) -> Echo:
    case_id, version = _recorded_case(desk)
    draft = _case_draft(desk, notes="Corrigé")
    error_cases.correct_case(
        desk, login=TEST_LOGIN, case_id=case_id, version=version, draft=draft, reason=text
    )
    return Echo("Corrigé", column(desk, ErrorCase, case_id, "notes"))


def case_cancellation(desk: Desk, text: str) -> Echo:
    case_id, version = _recorded_case(desk)
    error_cases.cancel_case(desk, login=TEST_LOGIN, case_id=case_id, version=version, reason=text)
    stored = column(desk, ErrorCase, case_id, "cancel_reason")
    return Echo(stored, stored, text)


# --- Feedback and improvements ----------------------------------------------------


def _complaint(desk: Desk, **changes: object) -> FeedbackDraft:
    base = FeedbackDraft(
        kind=FeedbackKind.COMPLAINT,
        channel=Channel.LETTER,
        received_on=_today(desk),
        text="Trois heures d'attente.",
        reply_delay=parse_delay(DEFAULT_REPLY_DELAY),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _feedback_field(name: str) -> Entry:
    def entry(desk: Desk, text: str) -> Echo:
        draft = _complaint(desk, **{name: text})
        record = feedback.record_feedback(desk, login=TEST_LOGIN, draft=draft)
        return Echo(column(desk, Feedback, record.id, name), getattr(record, name), text)

    return entry


def feedback_reply(desk: Desk, text: str) -> Echo:
    record = feedback.record_feedback(desk, login=TEST_LOGIN, draft=_complaint(desk))
    answered = feedback.reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=record.id,
        version=record.version,
        reply=text,
        replied_on=_today(desk),
    )
    return Echo(column(desk, Feedback, record.id, "reply"), answered.reply, text)


def feedback_closing(desk: Desk, text: str) -> Echo:
    record = feedback.record_feedback(desk, login=TEST_LOGIN, draft=_complaint(desk))
    closed = feedback.close_feedback(
        desk, login=TEST_LOGIN, feedback_id=record.id, version=record.version, reason=text
    )
    return Echo(column(desk, Feedback, record.id, "close_reason"), closed.close_reason, text)


def improvement(desk: Desk, text: str) -> Echo:
    draft = ImprovementDraft(said=text, done=text, status=ImprovementStatus.PLANNED, done_on=None)
    record = improvements.record_improvement(desk, login=TEST_LOGIN, draft=draft)
    stored = (column(desk, ImprovementAction, record.id, "said"),
              column(desk, ImprovementAction, record.id, "done"))  # fmt: skip
    return Echo(stored, (record.said, record.done))


CONTACT_ENTRIES: dict[str, Entry] = {
    "nom de la personne": contact_name,
    "notes": _contact_field("notes"),
    "orientation": _contact_field("redirected_to", outcome=ContactOutcome.REDIRECTED),
    "commentaire de satisfaction": _contact_field(
        "satisfaction_comment", satisfaction=Satisfaction.SATISFIED
    ),
    "téléphone": _contact_field("person_phone", typed_kept=False),
    "courriel": _contact_field("person_email", typed_kept=False),
    "correction": contact_correction,
    "annulation": contact_cancellation,
    "demande en attente": _request_reason(RequestEventType.WAITING_FOR_USER),
    "demande annulée": _request_reason(RequestEventType.CANCELLED),
}
RECORD_ENTRIES: dict[str, Entry] = {
    "cas : notes": case_notes,
    "cas : personne": case_person,
    "cas : correction": case_correction,
    "cas : annulation": case_cancellation,
    "avis : texte": _feedback_field("text"),
    "avis : nom": _feedback_field("person_name"),
    "avis : réponse": feedback_reply,
    "avis : classement": feedback_closing,
    "amélioration": improvement,
}
