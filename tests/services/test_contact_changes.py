"""Correcting and cancelling a contact after the undo window, and reading its detail with
its history (issue 3)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    Need,
    RequestEventType,
    RequestStatus,
    Role,
    Satisfaction,
)
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services.contact_changes import (
    cancel_contact,
    cancellation_refusal,
    correct_contact,
    correction_refusal,
)
from spplus_desk.services.contact_detail import contact_detail
from spplus_desk.services.contacts import log_contact, record_satisfaction, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.store import audit
from spplus_desk.store.schema import (
    Agent,
    Contact,
    Motif,
    Request,
    RequestEvent,
    RequestKind,
)
from tests.support import TEST_LOGIN, FixedClock

CIVIL = "État civil (actes de naissance, mariage, décès)"
PLANNING = "Urbanisme (permis, déclaration préalable)"


def add_agent(desk: Desk, login: str, role: Role, name: str) -> None:
    with desk.database.writing() as session:
        session.add(
            Agent(name=name, login=login, role=role.value, active=True, created_at=desk.clock.now())
        )


@pytest.fixture
def team(desk: Desk) -> Desk:
    """Léa and Paul are agents, Inès is a team lead (the test login is an administrator)."""
    add_agent(desk, "lea", Role.AGENT, "Léa Petit")
    add_agent(desk, "paul", Role.AGENT, "Paul Roux")
    add_agent(desk, "ines", Role.LEAD, "Inès Robert")
    return desk


def motif_id(desk: Desk, label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(Motif.id).where(Motif.label == label)).one()


def kind_id(desk: Desk, label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(RequestKind.id).where(RequestKind.label == label)).one()


def entries(desk: Desk) -> list[audit.RecordedEntry]:
    with desk.database.reading() as session:
        return audit.read_trail(session)


def last_seq(desk: Desk) -> int:
    return entries(desk)[-1].seq


def request_rows(desk: Desk) -> list[tuple[Request, list[RequestEvent]]]:
    with desk.database.reading() as session:
        requests = list(session.scalars(select(Request).order_by(Request.reference)))
        return [
            (
                r,
                list(
                    session.scalars(
                        select(RequestEvent)
                        .where(RequestEvent.request_id == r.id)
                        .order_by(RequestEvent.seq)
                    )
                ),
            )
            for r in requests
        ]


def log(desk: Desk, clock: FixedClock, login: str = "lea", **fields: Any) -> ContactRecord:
    """A contact logged now; the clock then moves past the 5-minute undo."""
    draft = ContactDraft(
        **({"channel": Channel.COUNTER, "outcome": ContactOutcome.IMMEDIATE_ANSWER} | fields)
    )
    record = log_contact(desk, login=login, draft=draft)
    clock.advance(minutes=10)
    return record


def correct(desk: Desk, record: ContactRecord, login: str = "lea", **changes: Any) -> ContactRecord:
    detail = contact_detail(desk, record.id)
    return correct_contact(
        desk,
        login=login,
        contact_id=record.id,
        version=detail.version,
        draft=replace(detail.draft(), **changes),
    )


def cancel(desk: Desk, record: ContactRecord, login: str = "lea", reason: str = "Doublon") -> None:
    version = contact_detail(desk, record.id).version
    cancel_contact(desk, login=login, contact_id=record.id, version=version, reason=reason)


# --- corrections -------------------------------------------------------------------------


def test_the_author_corrects_the_motif_audited_with_the_changed_field_only(
    team: Desk, clock: FixedClock
) -> None:
    record = log(team, clock, motif_id=motif_id(team, CIVIL), notes="Acte demandé")
    corrected = correct(team, record, motif_id=motif_id(team, PLANNING))
    assert corrected.motif_id == motif_id(team, PLANNING)
    assert corrected.version == record.version + 1
    assert corrected.occurred_at == record.occurred_at  # the occurred time stays
    last = entries(team)[-1]
    assert last.action == "contact.corrected"
    assert last.entity_id == str(record.id)
    assert last.before == {"motif_id": str(motif_id(team, CIVIL))}
    assert last.after == {"motif_id": str(motif_id(team, PLANNING))}
    history = contact_detail(team, record.id).history
    assert [h.action for h in history] == ["contact.created", "contact.corrected"]
    assert history[-1].actor == "Léa Petit"
    assert history[-1].text == f"Contact corrigé\nMotif : « {CIVIL} » → « {PLANNING} »"


def test_the_satisfaction_is_audited_whether_corrected_or_noted_afterwards(
    team: Desk, clock: FixedClock
) -> None:
    record = log(team, clock, satisfaction=Satisfaction.MIXED)
    corrected = correct(team, record, satisfaction=Satisfaction.SATISFIED)
    assert entries(team)[-1].after == {"satisfaction": "satisfied"}
    record_satisfaction(team, login="lea", contact_id=corrected.id, satisfaction=None, comment="")
    history = contact_detail(team, record.id).history
    assert [h.text for h in history[1:]] == [
        "Contact corrigé\nSatisfaction : « Moyennement satisfait » → « Satisfait »",
        "Satisfaction notée\nSatisfaction : « Satisfait » → non demandée",
    ]


def test_several_fields_corrected_each_in_french(team: Desk, clock: FixedClock) -> None:
    record = log(team, clock, duration_seconds=360)
    correct(
        team,
        record,
        person_name=" Jeanne  Martin ",
        person_phone="06.39.98.12.34",
        needs=Need.INTERPRETER | Need.DIGITAL_HELP,
        duration_seconds=600,
        notes="Rappeler mardi",
    )
    with team.database.reading() as session:
        row = session.get_one(Contact, record.id)
    assert (row.person_name, row.person_phone) == ("Jeanne Martin", "06 39 98 12 34")
    assert entries(team)[-1].before == {
        "person_name": None,
        "person_phone": None,
        "needs": 0,
        "duration_seconds": 360,
        "notes": "",
    }
    text = contact_detail(team, record.id).history[-1].text
    assert text.splitlines() == [
        "Contact corrigé",
        "Nom de la personne : non communiqué → « Jeanne Martin »",
        "Téléphone de la personne : non communiqué → « 06 39 98 12 34 »",
        "Besoins particuliers : aucun → Interprète, Aide au numérique",
        "Durée : 6\u00a0min → 10\u00a0min",
        "Note : non renseigné → « Rappeler mardi »",
    ]


def test_a_lead_or_an_admin_corrects_anyones_contact_another_agent_may_not(
    team: Desk, clock: FixedClock
) -> None:
    record = log(team, clock)
    with pytest.raises(UserError, match=r"saisi par un autre agent.*le corriger"):
        correct(team, record, login="paul", notes="Pas à moi")
    assert "saisi par un autre agent" in (
        correction_refusal(team, login="paul", contact_id=record.id) or ""
    )
    assert correction_refusal(team, login="lea", contact_id=record.id) is None
    assert correction_refusal(team, login="ines", contact_id=record.id) is None
    correct(team, record, login="ines", notes="Vu par la responsable")
    correct(team, record, login=TEST_LOGIN, notes="Vu par l'administrateur")
    actors = [h.actor for h in contact_detail(team, record.id).history]
    assert actors == ["Léa Petit", "Inès Robert", TEST_LOGIN]  # the admin is named by login


def test_a_stale_version_is_a_conflict_and_nothing_changes(team: Desk, clock: FixedClock) -> None:
    record = log(team, clock)
    stale = contact_detail(team, record.id)
    correct(team, record, login="ines", notes="Première correction")
    with pytest.raises(ConflictError, match="Quelqu'un a modifié cette fiche"):
        correct_contact(
            team,
            login="lea",
            contact_id=record.id,
            version=stale.version,
            draft=replace(stale.draft(), notes="Seconde"),
        )
    with pytest.raises(ConflictError):
        cancel_contact(team, login="lea", contact_id=record.id, version=stale.version, reason="x")
    assert contact_detail(team, record.id).notes == "Première correction"


def test_domain_checks_refuse_a_channel_change_that_breaks_the_rules(
    team: Desk, clock: FixedClock
) -> None:
    record = log(team, clock, channel=Channel.PHONE, outcome=ContactOutcome.MISSED_CALL)
    before = last_seq(team)
    with pytest.raises(UserError, match="canal Téléphone"):
        correct(team, record, channel=Channel.COUNTER)
    with pytest.raises(UserError, match="10 chiffres"):
        correct(team, record, person_phone="12")
    assert last_seq(team) == before


def test_measured_times_stay_and_an_empty_correction_writes_nothing(
    team: Desk, clock: FixedClock
) -> None:
    called = clock.now() - timedelta(minutes=3)
    record = log(team, clock, arrived_at=called - timedelta(minutes=9), called_at=called)
    before = last_seq(team)
    unchanged = correct(team, record, called_at=called + timedelta(hours=1))
    assert unchanged.version == record.version
    assert last_seq(team) == before
    detail = contact_detail(team, record.id)
    assert detail.called_at == called
    assert detail.waiting_text == "9\u00a0min"


def test_an_orientation_is_cleared_when_the_outcome_changes(team: Desk, clock: FixedClock) -> None:
    record = log(team, clock, outcome=ContactOutcome.REDIRECTED, redirected_to="CAF")
    correct(team, record, outcome=ContactOutcome.CALLBACK_PROMISED)
    detail = contact_detail(team, record.id)
    assert detail.redirected_to == ""
    assert detail.history[-1].text.splitlines()[1:] == [
        "Suite donnée : « Orienté vers… » → « Rappel promis »",
        "Orienté vers : « CAF » → non renseigné",
        "Rappel promis : non → oui",
    ]


def test_unknown_contact_is_explained(team: Desk) -> None:
    with pytest.raises(UserError, match="introuvable"):
        contact_detail(team, uuid.uuid4())
    with pytest.raises(UserError, match="introuvable"):
        cancel_contact(team, login="lea", contact_id=uuid.uuid4(), version=1, reason="x")


# --- the linked request ------------------------------------------------------------------


def letter_request(team: Desk, clock: FixedClock) -> ContactRecord:
    return log(
        team,
        clock,
        channel=Channel.LETTER,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(team, "Réponse à un courrier"),
    )


def test_leaving_request_opened_cancels_an_untouched_request(team: Desk, clock: FixedClock) -> None:
    record = letter_request(team, clock)
    corrected = correct(team, record, outcome=ContactOutcome.IMMEDIATE_ANSWER)
    assert corrected.request_reference == "2027-000001"
    [(request, events)] = request_rows(team)
    assert request.status == RequestStatus.CANCELLED.value
    assert [e.type for e in events] == ["received", "cancelled"]
    assert (
        events[-1].reason == "Contact corrigé : la suite donnée est désormais « Réponse immédiate »"
    )
    assert [e.action for e in entries(team)[-2:]] == ["contact.corrected", "request.cancelled"]
    detail = contact_detail(team, record.id)
    assert detail.history[-1].text == (
        "Demande 2027-000001 annulée : "
        "Contact corrigé : la suite donnée est désormais « Réponse immédiate »"
    )
    assert detail.request is not None
    assert detail.request.status_label == "Annulée"


def test_a_request_already_worked_on_is_not_cancelled_by_a_correction(
    team: Desk, clock: FixedClock
) -> None:
    record = letter_request(team, clock)
    with team.database.writing() as session:
        request = session.scalars(select(Request)).one()
        request.status = RequestStatus.ACKNOWLEDGED.value
        session.add(
            RequestEvent(
                request_id=request.id,
                seq=2,
                type=RequestEventType.ACKNOWLEDGED.value,
                at=clock.now(),
            )
        )
    before = last_seq(team)
    with pytest.raises(UserError, match=r"2027-000001 .*déjà suivie.*depuis sa fiche"):
        correct(team, record, outcome=ContactOutcome.IMMEDIATE_ANSWER)
    with pytest.raises(UserError, match="déjà suivie"):
        correct(team, record, request_kind_id=kind_id(team, "Copie d'acte d'état civil"))
    assert last_seq(team) == before
    correct(team, record, notes="Pièces reçues")  # other fields stay correctable


def test_switching_to_request_opened_opens_it_from_the_contact_day(
    team: Desk, clock: FixedClock
) -> None:
    record = log(team, clock, channel=Channel.EMAIL)
    clock.advance(days=3)
    corrected = correct(
        team,
        record,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(team, "Réponse à un courriel"),
    )
    assert corrected.request_reference == "2027-000001"
    [(request, events)] = request_rows(team)
    assert request.received_at == record.occurred_at
    assert request.due_date == date(2027, 5, 12)  # Tue 4 May + 5 jours ouvrés (Ascension)
    assert request.ack_due_date == date(2027, 5, 11)
    assert [e.type for e in events] == ["received"]
    detail = contact_detail(team, record.id)
    assert [h.action for h in detail.history] == [
        "contact.created",
        "contact.corrected",
        "request.opened",
    ]
    assert detail.history[-1].text == (
        "Demande 2027-000001 ouverte : « Réponse à un courriel », échéance le 12 mai 2027"
    )


def test_changing_the_kind_of_an_untouched_request_keeps_its_reference(
    team: Desk, clock: FixedClock
) -> None:
    record = letter_request(team, clock)
    correct(team, record, request_kind_id=kind_id(team, "Copie d'acte d'état civil"))
    [(request, _)] = request_rows(team)
    assert request.reference == "2027-000001"
    assert request.kind_id == kind_id(team, "Copie d'acte d'état civil")
    assert request.due_date == date(2027, 5, 10)  # 3 jours ouvrés, Ascension skipped
    last = entries(team)[-1]
    assert last.action == "request.corrected"
    assert last.before["due_date"] == "2027-05-27"
    text = contact_detail(team, record.id).history[-1].text
    assert text.splitlines() == [
        "Demande 2027-000001 corrigée",
        "Type de demande : « Réponse à un courrier » → « Copie d'acte d'état civil »",
        "Échéance : 27 mai 2027 → 10 mai 2027",
    ]


def test_back_and_forth_opens_a_new_request_and_undo_cancels_only_that_one(
    team: Desk, clock: FixedClock
) -> None:
    record = log_contact(
        team,
        login="lea",
        draft=ContactDraft(
            Channel.LETTER,
            ContactOutcome.REQUEST_OPENED,
            request_kind_id=kind_id(team, "Réponse à un courrier"),
        ),
    )
    correct(team, record, outcome=ContactOutcome.IMMEDIATE_ANSWER)
    correct(
        team,
        record,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(team, "Réponse à un courrier"),
    )
    undo_last_contact(team, login="lea")  # still within 5 minutes of saving
    rows = request_rows(team)
    assert [r.reference for r, _ in rows] == ["2027-000001", "2027-000002"]
    assert [[e.type for e in events] for _, events in rows] == [
        ["received", "cancelled"],
        ["received", "cancelled"],
    ]


# --- cancellation ------------------------------------------------------------------------


def test_cancelling_keeps_the_contact_and_cancels_its_request_with_the_reason(
    team: Desk, clock: FixedClock
) -> None:
    record = letter_request(team, clock)
    cancel(team, record, reason="  Courrier   saisi deux fois ")
    with team.database.reading() as session:
        row = session.get_one(Contact, record.id)  # nothing deleted
    assert row.cancelled_at == clock.now()
    assert row.cancel_reason == "Courrier saisi deux fois"
    [(request, events)] = request_rows(team)
    assert request.status == RequestStatus.CANCELLED.value
    assert events[-1].reason == "Courrier saisi deux fois"
    cancelled, request_cancelled = entries(team)[-2:]
    assert cancelled.action == "contact.cancelled"
    assert cancelled.before == {"cancelled_at": None, "cancel_reason": None}
    assert cancelled.after == {
        "cancelled_at": "2027-05-04 09:40:00+00:00",
        "cancel_reason": "Courrier saisi deux fois",
    }
    assert request_cancelled.action == "request.cancelled"
    assert request_cancelled.entity_id == str(request.id)
    detail = contact_detail(team, record.id)
    assert detail.cancelled
    assert detail.cancelled_text == "4 mai 2027 à 11\u00a0h\u00a040"
    assert [h.text for h in detail.history[-2:]] == [
        "Contact annulé : Courrier saisi deux fois",
        "Demande 2027-000001 annulée : Courrier saisi deux fois",
    ]


def test_a_reason_is_required(team: Desk, clock: FixedClock) -> None:
    record = log(team, clock)
    with pytest.raises(UserError, match="Le motif d'annulation ne peut pas être vide"):
        cancel(team, record, reason=" \n ")
    with pytest.raises(UserError, match="trop long"):
        cancel(team, record, reason="x" * 501)
    assert not contact_detail(team, record.id).cancelled


def test_who_may_cancel_and_cancelling_twice(team: Desk, clock: FixedClock) -> None:
    record = log(team, clock)
    with pytest.raises(UserError, match=r"saisi par un autre agent.*l'annuler"):
        cancel(team, record, login="paul")
    assert cancellation_refusal(team, login="paul", contact_id=record.id) is not None
    cancel(team, record, login="ines", reason="Erreur de guichet")
    with pytest.raises(UserError, match=r"déjà annulé depuis le 4 mai 2027.*Erreur de guichet"):
        cancel(team, record, login="lea")
    assert "déjà annulé" in (cancellation_refusal(team, login="lea", contact_id=record.id) or "")
    with pytest.raises(UserError, match="ne peut plus être corrigé"):
        correct(team, record, notes="Trop tard")
    assert "ne peut plus être corrigé" in (
        correction_refusal(team, login="lea", contact_id=record.id) or ""
    )


def test_an_answered_request_stays_answered_when_its_contact_is_cancelled(
    team: Desk, clock: FixedClock
) -> None:
    record = letter_request(team, clock)
    with team.database.writing() as session:
        request = session.scalars(select(Request)).one()
        request.status = RequestStatus.ANSWERED.value
    cancel(team, record)
    [(request, events)] = request_rows(team)
    assert request.status == RequestStatus.ANSWERED.value
    assert [e.type for e in events] == ["received"]


# --- the detail view ---------------------------------------------------------------------


def test_the_detail_in_french(team: Desk, clock: FixedClock) -> None:
    called = clock.now() - timedelta(minutes=4)
    record = log(
        team,
        clock,
        motif_id=motif_id(team, CIVIL),
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(team, "Copie d'acte d'état civil"),
        person_email="Jeanne@Example.FR",
        needs=Need.SIGN_LANGUAGE,
        arrived_at=called - timedelta(minutes=12, seconds=20),
        called_at=called,
        duration_seconds=95,
        notes="Copie intégrale",
    )
    detail = contact_detail(team, record.id)
    assert detail.occurred_text == "4 mai 2027 à 11\u00a0h\u00a026"
    assert detail.recorded_text == "4 mai 2027 à 11\u00a0h\u00a030"
    assert (detail.channel_label, detail.motif_label) == ("Accueil physique", CIVIL)
    assert detail.outcome_label == "Demande enregistrée"
    assert detail.agent_name == "Léa Petit"
    assert (detail.person_name_text, detail.person_phone_text) == (
        "non communiqué",
        "non communiqué",
    )
    assert detail.person_email_text == "Jeanne@example.fr"
    assert detail.needs_text == "LSF / relais écrit"
    assert (detail.arrived_text, detail.called_text) == ("11\u00a0h\u00a013", "11\u00a0h\u00a026")
    assert detail.waiting_text == "12\u00a0min"
    assert detail.duration_text == "2\u00a0min"
    assert not detail.cancelled
    request = detail.request
    assert request is not None
    assert (request.reference, request.kind_label) == ("2027-000001", "Copie d'acte d'état civil")
    assert request.announced_delay == "3\u00a0jours ouvrés"
    assert (request.status_label, request.due_text) == ("En cours", "10 mai 2027")
    assert request.ack_due_text == "sans objet (demande orale)"
    assert [(e.label, e.actor) for e in request.events] == [("Reçue", "Léa Petit")]
    assert [h.text for h in detail.history] == ["Contact enregistré ; demande 2027-000001 ouverte"]
    assert detail.draft().request_kind_id == kind_id(team, "Copie d'acte d'état civil")


def test_an_undone_contact_tells_its_story_and_cannot_be_cancelled_again(
    team: Desk, clock: FixedClock
) -> None:
    record = log_contact(
        team, login="lea", draft=ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
    )
    undo_last_contact(team, login="lea")
    detail = contact_detail(team, record.id)
    assert [(h.actor, h.text) for h in detail.history] == [
        ("Léa Petit", "Contact enregistré"),
        ("Léa Petit", "Saisie retirée par son auteur dans les 5 minutes"),
    ]
    assert detail.request is None
    with pytest.raises(UserError, match="déjà annulé"):
        cancel(team, record)


def test_a_promised_callback_follows_the_outcome(team: Desk, clock: FixedClock) -> None:
    record = log(
        team,
        clock,
        channel=Channel.PHONE,
        outcome=ContactOutcome.MISSED_CALL,
        callback_promised=True,
    )
    assert contact_detail(team, record.id).callback_promised
    correct(team, record, outcome=ContactOutcome.IMMEDIATE_ANSWER)  # it was answered after all
    detail = contact_detail(team, record.id)
    assert not detail.callback_promised
    assert detail.history[-1].text.splitlines()[1:] == [
        "Suite donnée : « Appel manqué » → « Réponse immédiate »",
        "Rappel promis : oui → non",
    ]
    correct(team, record, outcome=ContactOutcome.CALLBACK_PROMISED)
    assert contact_detail(team, record.id).callback_promised
