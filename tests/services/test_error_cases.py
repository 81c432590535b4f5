"""The right-to-error register: recording, correcting and cancelling cases; the invited
regularisation's deadline on the board; the register's pages, counts and the earlier
cases of a person (issue 5)."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import (
    Channel,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    Role,
    WaitPolicy,
)
from spplus_desk.domain.error_case import (
    NATURE_LABELS,
    REGULARISATION_KIND_LABEL,
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.error_register import RegisterColumn, RegisterFilter, RegisterSort
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.request_board import BoardFilter, Bucket
from spplus_desk.services.agents import list_agents
from spplus_desk.services.catalogue import default_catalogue
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.error_cases import (
    cancel_case,
    change_refusal,
    correct_case,
    error_case,
    record_case,
)
from spplus_desk.services.error_register import (
    all_register_rows,
    case_of_follow_up,
    earlier_cases,
    origin_of_contact,
    register_count,
    register_rows,
    register_stats,
)
from spplus_desk.services.request_board import board_rows, board_summary, overdue_requests
from spplus_desk.services.request_kinds import add_request_kind, list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request, request_case
from spplus_desk.store import audit
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.migrations import KNOWN_REVISIONS
from spplus_desk.store.opening import MigrationSet, open_database
from spplus_desk.store.schema import AuditEntry, ErrorCase, Request, RequestEvent
from tests.services.test_requests import add, open_request, paris, row
from tests.support import TEST_LOGIN, FixedClock

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
TODAY = date(2027, 5, 4)  # the clock fixture: Tuesday 4 May 2027, 11:30 in Paris


def procedure(desk: Desk, start: str = "Prestations") -> uuid.UUID:
    return next(c.id for c in list_choices(desk, PROCEDURES) if c.label.startswith(start))


def draft(desk: Desk, **changes: object) -> CaseDraft:
    """An eligible case regularised spontaneously today, without sanction."""
    base = CaseDraft(
        procedure_id=procedure(desk),
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
        person=PersonIdentity("Jeanne Dupont", "06 12 34 56 78", ""),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def invited(desk: Desk, delay: str = "15 jours calendaires", **changes: object) -> CaseDraft:
    return draft(
        desk,
        regularisation=Regularisation.INVITED,
        invited_on=TODAY,
        regularisation_delay=parse_delay(delay),
        regularised_on=None,
        outcome=CaseOutcome.PENDING,
        **changes,
    )


def audit_actions(desk: Desk, case_id: uuid.UUID) -> list[str]:
    with desk.database.reading() as session:
        query = select(AuditEntry.action).where(AuditEntry.entity_id == str(case_id))
        return list(session.scalars(query.order_by(AuditEntry.seq)))


def test_a_case_is_recorded_with_its_eligibility_and_audited(desk: Desk) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=draft(desk))
    assert record.eligibility.eligible
    assert record.draft.outcome is CaseOutcome.NO_SANCTION
    assert record.procedure.startswith("Prestations sociales")
    assert record.follow_up is None
    assert error_case(desk, record.id) == record
    assert audit_actions(desk, record.id) == ["error_case.created"]


def test_a_case_the_law_does_not_cover_is_recorded_as_not_eligible(desk: Desk) -> None:
    case = draft(desk, exclusions=frozenset({Exclusion.FRAUD}), outcome=CaseOutcome.PENDING)
    record = record_case(desk, login=TEST_LOGIN, draft=case)
    assert record.draft.outcome is CaseOutcome.NOT_ELIGIBLE
    assert not record.eligibility.eligible
    assert "fraude" in record.eligibility.text


BAD_CASES = [
    ({"procedure_id": None}, "démarche"),
    ({"discovered_on": TODAY + timedelta(days=1)}, "futur"),
    ({"error_on": TODAY + timedelta(days=0), "discovered_on": TODAY - timedelta(days=1)}, "dates"),
    ({"regularised_on": TODAY + timedelta(days=1)}, "futur"),
    ({"regularised_on": None}, "date de la régularisation"),
    ({"outcome": CaseOutcome.SANCTION_MAINTAINED}, "pourquoi la sanction"),
    ({"outcome": CaseOutcome.NOT_ELIGIBLE}, "éligible"),
    ({"regularisation": Regularisation.INVITED}, "date de l'invitation"),
    ({"regularisation": None}, "spontanée ou faite sur invitation"),
    ({"person": PersonIdentity("A", "12", "")}, "téléphone"),
    ({"amount_cents": -5}, "montant"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_CASES)
def test_bad_input_is_explained_and_nothing_is_written(
    desk: Desk, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        record_case(desk, login=TEST_LOGIN, draft=draft(desk, **changes))
    assert register_count(desk, RegisterFilter(include_cancelled=True)) == 0


def test_an_invited_regularisation_is_followed_on_the_board_and_falls_late(
    desk: Desk, clock: FixedClock
) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    follow_up = record.follow_up
    assert follow_up is not None
    assert follow_up.due_date == date(2027, 5, 19)  # 4 May + 15 calendar days
    assert not follow_up.late
    request_id = next(
        r.id
        for r in board_rows(desk, BoardFilter(Bucket.ALL))
        if r.reference == follow_up.reference
    )
    assert case_of_follow_up(desk, request_id) == record.id
    board = board_rows(desk, BoardFilter(Bucket.ALL))
    mine = next(r for r in board if r.reference == follow_up.reference)
    assert mine.kind == REGULARISATION_KIND_LABEL
    assert mine.person == "Jeanne Dupont"  # the case's person: the deadline has no contact
    assert request_case(desk, request_id).person == "Jeanne Dupont"
    assert not mine.ack_pending  # a deadline given to a person owes no acknowledgement
    assert REGULARISATION_KIND_LABEL not in {k.label for k in list_request_kinds(desk, True)}

    clock.at = paris(date(2027, 5, 20))
    late = [r.reference for r in overdue_requests(desk)]
    assert follow_up.reference in late
    assert board_summary(desk).totals[Bucket.OVERDUE] >= 1
    assert error_case(desk, record.id).follow_up == replace(follow_up, late=True)
    [listed] = register_rows(desk, RegisterFilter())
    assert listed.late
    assert listed.regularisation_text() == "Attendue au 19/05/2027 (en retard)"


def test_the_regularisation_done_closes_the_deadline_and_withdrawn_reopens_it(
    desk: Desk, clock: FixedClock
) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    clock.at = paris(date(2027, 5, 12))
    done = replace(record.draft, regularised_on=date(2027, 5, 11), outcome=CaseOutcome.NO_SANCTION)
    corrected = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=record.version,
        draft=done,
        reason="Pièces reçues",
    )
    assert corrected.follow_up is not None
    assert corrected.follow_up.done
    request = _follow_up_row(desk, corrected.id)
    assert request.status == RequestStatus.ANSWERED.value
    assert request.answered_at is not None
    assert request.answered_at.date() == date(2027, 5, 11)

    undone = replace(done, regularised_on=None, outcome=CaseOutcome.PENDING)
    again = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=corrected.version,
        draft=undone,
        reason="Pièce illisible",
    )
    assert again.follow_up is not None
    assert not again.follow_up.done
    assert _follow_up_row(desk, record.id).status == RequestStatus.OPEN.value


def test_a_corrected_invitation_replaces_its_deadline(desk: Desk) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    assert record.follow_up is not None
    first = record.follow_up.reference
    longer = replace(record.draft, regularisation_delay=parse_delay("30 jours calendaires"))
    corrected = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=record.version,
        draft=longer,
        reason="Délai légal de 30 jours",
    )
    assert corrected.follow_up is not None
    assert corrected.follow_up.reference != first
    assert corrected.follow_up.due_date == date(2027, 6, 3)
    assert overdue_requests(desk, paris(date(2027, 6, 10))) != []
    with desk.database.reading() as session:
        old = session.scalars(select(Request).where(Request.reference == first)).one()
        assert old.status == RequestStatus.CANCELLED.value

    spontaneous = replace(
        corrected.draft,
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
    )
    final = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=corrected.version,
        draft=spontaneous,
        reason="La personne était venue d'elle-même",
    )
    assert final.follow_up is None
    assert overdue_requests(desk, paris(date(2027, 6, 10))) == []


def test_cancelling_keeps_the_case_and_cancels_its_deadline(desk: Desk) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    cancelled = cancel_case(
        desk, login=TEST_LOGIN, case_id=record.id, version=record.version, reason="Doublon"
    )
    assert cancelled.cancelled
    assert cancelled.cancel_reason == "Doublon"
    assert _follow_up_row(desk, record.id).status == RequestStatus.CANCELLED.value
    assert register_rows(desk, RegisterFilter()) == []
    [kept] = register_rows(desk, RegisterFilter(include_cancelled=True))
    assert kept.cancelled
    with pytest.raises(UserError, match="annulé"):
        cancel_case(
            desk, login=TEST_LOGIN, case_id=record.id, version=cancelled.version, reason="x"
        )
    assert audit_actions(desk, record.id) == ["error_case.created", "error_case.cancelled"]


def test_a_correction_needs_a_reason_a_right_and_a_fresh_version(desk: Desk) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=draft(desk))
    changed = replace(record.draft, nature=ErrorNature.MATERIAL_ERROR)
    with pytest.raises(UserError, match="motif"):
        correct_case(
            desk,
            login=TEST_LOGIN,
            case_id=record.id,
            version=record.version,
            draft=changed,
            reason=" ",
        )
    add(desk, "Paul Agent", "paul")
    assert change_refusal(desk, login="paul", case_id=record.id) is not None
    with pytest.raises(UserError, match="autre agent"):
        correct_case(
            desk,
            login="paul",
            case_id=record.id,
            version=record.version,
            draft=changed,
            reason="x",
        )
    add(desk, "Léa Lead", "lea", Role.LEAD)
    assert change_refusal(desk, login="lea", case_id=record.id) is None
    fixed = correct_case(
        desk,
        login="lea",
        case_id=record.id,
        version=record.version,
        draft=changed,
        reason="Erreur matérielle en fait",
    )
    assert fixed.draft.nature is ErrorNature.MATERIAL_ERROR
    with pytest.raises(ConflictError):
        correct_case(
            desk,
            login=TEST_LOGIN,
            case_id=record.id,
            version=record.version,
            draft=record.draft,
            reason="retour",
        )
    with desk.database.reading() as session:
        [entry] = audit.read_trail(session, AuditEntry.action == "error_case.corrected")
        assert entry.before == {"nature": "omission", "follow_up": None}
        assert entry.after["nature"] == "material_error"
        assert entry.after["reason"] == "Erreur matérielle en fait"


def test_the_register_filters_sorts_and_counts(desk: Desk, clock: FixedClock) -> None:
    add(desk, "Léa Martin", "lea")
    other = procedure(desk, "Urbanisme")
    record_case(desk, login=TEST_LOGIN, draft=draft(desk, discovered_on=date(2027, 4, 2)))
    record_case(
        desk,
        login="lea",
        draft=draft(
            desk,
            procedure_id=other,
            nature=ErrorNature.LATE_DECLARATION,
            person=PersonIdentity("Zoé Bernard"),
            notes="Déclaration préalable de travaux déposée après coup",
        ),
    )
    record_case(desk, login=TEST_LOGIN, draft=invited(desk, person=PersonIdentity("Hélène Roy")))
    assert register_count(desk, RegisterFilter()) == 3
    april = RegisterFilter(start=date(2027, 4, 1), end=date(2027, 4, 30))
    assert [r.discovered_on for r in register_rows(desk, april)] == [date(2027, 4, 2)]
    assert len(register_rows(desk, RegisterFilter(procedure_id=other))) == 1
    late = register_rows(desk, RegisterFilter(outcome=CaseOutcome.NOT_ELIGIBLE))
    assert [r.person for r in late] == ["Zoé Bernard"]
    assert [r.person for r in register_rows(desk, RegisterFilter(search="helene"))] == [
        "Hélène Roy"
    ]
    assert len(register_rows(desk, RegisterFilter(search="travaux"))) == 1
    assert len(register_rows(desk, RegisterFilter(search="urbanisme"))) == 1
    by_person = register_rows(desk, RegisterFilter(), RegisterSort(RegisterColumn.PERSON, False))
    assert [r.person for r in by_person] == ["Hélène Roy", "Jeanne Dupont", "Zoé Bernard"]
    paged = [
        register_rows(desk, RegisterFilter(), offset=offset, limit=1)[0].id for offset in range(3)
    ]
    assert len(set(paged)) == 3
    assert next(r.discovered_on for r in all_register_rows(desk, RegisterFilter())) == date(
        2027, 4, 2
    )

    stats = register_stats(desk, date(2027, 1, 1), date(2027, 12, 31))
    assert stats.total == 3
    assert stats.by_outcome[CaseOutcome.NOT_ELIGIBLE] == 1
    assert stats.granted == 1
    assert stats.eligible == 2
    assert stats.regularised == 2
    assert stats.awaited == 1
    assert stats.late == 0
    assert {line.procedure[:11]: line.total for line in stats.by_procedure} == {
        "Prestations": 2,
        "Urbanisme (": 1,
    }
    with pytest.raises(UserError, match="à l'envers"):
        register_stats(desk, date(2027, 12, 31), date(2027, 1, 1))


def test_earlier_cases_of_the_same_person(desk: Desk) -> None:
    first = record_case(desk, login=TEST_LOGIN, draft=draft(desk))
    assert earlier_cases(desk, PersonIdentity()) == []
    by_phone = earlier_cases(desk, PersonIdentity("", "0612345678", ""))
    assert [(c.id, c.matched_on) for c in by_phone] == [(first.id, "téléphone")]
    by_name = earlier_cases(desk, PersonIdentity("  jeanne   DUPONT "))
    assert [c.matched_on for c in by_name] == ["nom"]
    assert earlier_cases(desk, PersonIdentity("Jeanne Dupont"), exclude=first.id) == []


def test_a_case_opened_from_a_contact_keeps_its_person_and_channel(
    desk: Desk, clock: FixedClock
) -> None:
    request_id = open_request(desk, "Réponse à un courriel", Channel.EMAIL, person="Marc Petit")
    contact_id = row(desk, request_id).contact_id
    assert contact_id is not None
    origin = origin_of_contact(desk, contact_id)
    assert origin.person_name == "Marc Petit"
    assert origin.channel is Channel.EMAIL
    assert origin.day == TODAY
    record = record_case(
        desk,
        login=TEST_LOGIN,
        draft=draft(desk, contact_id=contact_id, channel=origin.channel, person=PersonIdentity()),
    )
    with desk.database.reading() as session:
        stored = session.get(ErrorCase, record.id)
        assert stored is not None
        assert stored.contact_id == contact_id


def _follow_up_row(desk: Desk, case_id: uuid.UUID) -> Request:
    with desk.database.reading() as session:
        case = session.get(ErrorCase, case_id)
        assert case is not None
        assert case.follow_up_id is not None
        request = session.get(Request, case.follow_up_id)
        assert request is not None
        return request


def test_a_service_upgraded_to_the_register_gets_the_default_procedures(tmp_path: Path) -> None:
    path = tmp_path / "avant-registre.db"
    before = MigrationSet(head="0006", known=KNOWN_REVISIONS[:6])
    open_database(sqlite_location(path), now=NOW, migration_set=before).database.close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO service (id, name, address, departement, time_zone, opening_hours,"
            " contact_points, referential, whit_monday_worked, closures, created_at,"
            " updated_at, version) VALUES (?, 'Mairie', '', '75', 'Europe/Paris', '[]', '[]',"
            " 'sp-2023', 0, '[]', ?, ?, 1)",
            (uuid.uuid4().hex, NOW.isoformat(), NOW.isoformat()),
        )
    report = open_desk(sqlite_location(path), clock=FixedClock(NOW))
    try:
        assert report.previous_revision == "0006"
        labels = [c.label for c in list_choices(report.desk, PROCEDURES)]
        assert labels == list(default_catalogue().procedures)
        with report.desk.database.reading() as session:
            assert session.scalars(
                select(AuditEntry.after).where(AuditEntry.action == "catalogue.seeded")
            ).one() == {"procedures": labels}
    finally:
        report.desk.close()


def test_nature_and_outcome_sort_as_their_labels_read(desk: Desk) -> None:
    record_case(desk, login=TEST_LOGIN, draft=draft(desk, nature=ErrorNature.OMISSION))
    record_case(desk, login=TEST_LOGIN, draft=draft(desk, nature=ErrorNature.MATERIAL_ERROR))
    record_case(desk, login=TEST_LOGIN, draft=invited(desk, nature=ErrorNature.MISSING_DOCUMENT))
    by_nature = register_rows(desk, RegisterFilter(), RegisterSort(RegisterColumn.NATURE, False))
    assert [NATURE_LABELS[r.nature] for r in by_nature] == [
        "Erreur matérielle",
        "Omission",
        "Pièce manquante",
    ]
    by_outcome = register_rows(desk, RegisterFilter(), RegisterSort(RegisterColumn.OUTCOME, False))
    assert next(r.outcome for r in by_outcome) is CaseOutcome.NO_SANCTION  # « Aucune… »
    assert [r.outcome for r in by_outcome][-1] is CaseOutcome.PENDING  # « En attente »


def test_a_regularisation_deadline_is_acted_on_through_its_case(desk: Desk) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    assert record.follow_up is not None
    request_id = find_request(desk, record.follow_up.reference)
    view = request_case(desk, request_id)
    assert view.possible == frozenset({RequestEventType.REASSIGNED})
    with pytest.raises(UserError, match="suit un cas du droit à l'erreur"):
        act_on_request(
            desk, login=TEST_LOGIN, request_id=request_id, action=RequestEventType.ANSWERED
        )
    add(desk, "Léa Martin", "lea")
    lea = next(a.id for a in list_agents(desk) if a.name == "Léa Martin")
    moved = act_on_request(
        desk,
        login=TEST_LOGIN,
        request_id=request_id,
        action=RequestEventType.REASSIGNED,
        assignee_id=lea,
    )
    assert moved.assignee == "Léa Martin"


def events_of(desk: Desk, request: Request) -> list[str]:
    with desk.database.reading() as session:
        query = select(RequestEvent.type).where(RequestEvent.request_id == request.id)
        return list(session.scalars(query.order_by(RequestEvent.seq)))


def test_a_regularisation_after_the_deadline_earns_no_right_to_error(
    desk: Desk, clock: FixedClock
) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))  # due 19 May
    clock.at = paris(date(2027, 5, 25))
    late = replace(
        record.draft, regularised_on=date(2027, 5, 24), outcome=CaseOutcome.SANCTION_WAIVED
    )
    with pytest.raises(UserError, match="après le délai donné"):
        correct_case(
            desk,
            login=TEST_LOGIN,
            case_id=record.id,
            version=record.version,
            draft=late,
            reason="Pièces reçues",
        )
    assert _follow_up_row(desk, record.id).status == RequestStatus.OPEN.value  # untouched
    kept = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=record.version,
        draft=replace(late, outcome=CaseOutcome.SANCTION_MAINTAINED, outcome_reason="Hors délai"),
        reason="Pièces reçues hors délai",
    )
    [row] = register_rows(desk, RegisterFilter())
    assert row.regularised_late
    assert row.regularisation_text() == "Faite le 24/05/2027, après l'échéance du 19/05/2027"
    assert register_stats(desk).granted == 0
    assert kept.follow_up is not None
    assert kept.follow_up.done


def test_the_follow_up_stays_in_step_through_corrections_and_cancellation(
    desk: Desk, clock: FixedClock
) -> None:
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    clock.at = paris(date(2027, 5, 12))
    done = replace(record.draft, regularised_on=date(2027, 5, 11), outcome=CaseOutcome.NO_SANCTION)
    record = correct_case(
        desk, login=TEST_LOGIN, case_id=record.id, version=record.version, draft=done, reason="a"
    )
    first = _follow_up_row(desk, record.id)
    # The day corrected: answered again, the log in order.
    earlier = replace(record.draft, regularised_on=date(2027, 5, 10))
    record = correct_case(
        desk, login=TEST_LOGIN, case_id=record.id, version=record.version, draft=earlier, reason="b"
    )
    again = _follow_up_row(desk, record.id)
    assert again.id == first.id
    assert again.status == RequestStatus.ANSWERED.value
    assert events_of(desk, again) == ["received", "answered", "reopened", "answered"]
    # A channel corrected keeps the deadline.
    by_phone = replace(record.draft, channel=Channel.PHONE)
    record = correct_case(
        desk,
        login=TEST_LOGIN,
        case_id=record.id,
        version=record.version,
        draft=by_phone,
        reason="c",
    )
    assert _follow_up_row(desk, record.id).id == first.id
    # The invitation corrected: the answered deadline is withdrawn, not left orphaned.
    moved = replace(record.draft, invited_on=date(2027, 5, 3), discovered_on=date(2027, 5, 3))
    record = correct_case(
        desk, login=TEST_LOGIN, case_id=record.id, version=record.version, draft=moved, reason="d"
    )
    with desk.database.reading() as session:
        old = session.get(Request, first.id)
        assert old is not None
        assert old.status == RequestStatus.CANCELLED.value
    replacement = _follow_up_row(desk, record.id)
    assert replacement.status == RequestStatus.ANSWERED.value
    # Cancelling the case withdraws its answered deadline too.
    cancel_case(desk, login=TEST_LOGIN, case_id=record.id, version=record.version, reason="e")
    assert _follow_up_row(desk, record.id).status == RequestStatus.CANCELLED.value


def test_a_regularisation_before_the_invitation_was_spontaneous(desk: Desk) -> None:
    early = replace(
        invited(desk),
        discovered_on=TODAY - timedelta(days=5),
        regularised_on=TODAY - timedelta(days=1),
        outcome=CaseOutcome.NO_SANCTION,
    )
    with pytest.raises(UserError, match="Spontanée"):
        record_case(desk, login=TEST_LOGIN, draft=early)


def test_search_and_earlier_cases_ignore_case_accents_and_spacing(desk: Desk) -> None:
    record_case(
        desk,
        login=TEST_LOGIN,
        draft=draft(
            desk,
            person=PersonIdentity("Hélène Roy", "06 12 34 56 78", "Helene.Roy@example.fr"),
            notes="Élément oublié dans la déclaration",
        ),
    )
    for words in ("élément", "ELEMENT", "0612345678", "06 12", "helene.roy"):
        assert len(register_rows(desk, RegisterFilter(search=words))) == 1, words
    found = earlier_cases(desk, PersonIdentity("", "", "HELENE.ROY@example.FR"))
    assert [case.matched_on for case in found] == ["courriel"]


def test_bad_input_the_form_cannot_send_is_still_explained(desk: Desk) -> None:
    with pytest.raises(UserError, match="caractères de contrôle"):
        record_case(desk, login=TEST_LOGIN, draft=draft(desk, notes="a\x00b"))
    with pytest.raises(UserError, match="contact d'origine"):
        record_case(desk, login=TEST_LOGIN, draft=draft(desk, contact_id=uuid.uuid4()))
    long_name = "ß" * 150  # folds to 300 letters: the matching key is cut, not refused
    assert record_case(desk, login=TEST_LOGIN, draft=draft(desk, person=PersonIdentity(long_name)))
    assert register_count(desk, RegisterFilter()) == 1


def test_the_reserved_kind_never_clashes_with_the_services_own(desk: Desk) -> None:
    add_request_kind(
        desk,
        login=TEST_LOGIN,
        label=REGULARISATION_KIND_LABEL,
        channels=[Channel.COUNTER],
        delay_amount=10,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
    )
    record = record_case(desk, login=TEST_LOGIN, draft=invited(desk))
    assert record.follow_up is not None
    with pytest.raises(UserError, match="réservé"):
        add_request_kind(
            desk,
            login=TEST_LOGIN,
            label=f"{REGULARISATION_KIND_LABEL} — suivi du registre",
            channels=[Channel.COUNTER],
            delay_amount=10,
            delay_unit=DelayUnit.WORKING_DAYS,
            wait_policy=WaitPolicy.SUSPEND,
        )


def test_an_older_case_looked_at_again_lists_only_the_cases_before_it(desk: Desk) -> None:
    older = record_case(desk, login=TEST_LOGIN, draft=draft(desk, discovered_on=date(2027, 4, 1)))
    later = record_case(desk, login=TEST_LOGIN, draft=draft(desk))
    person = PersonIdentity("Jeanne Dupont")
    assert earlier_cases(desk, person, exclude=older.id, until=date(2027, 4, 1)) == []
    found = earlier_cases(desk, person, exclude=later.id, until=TODAY)
    assert [case.id for case in found] == [older.id]
