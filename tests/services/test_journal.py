"""The journal: today's contacts by default, filters, full-text search, sort and paging
in SQL, and the day's counters — on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import update

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import JournalColumn, JournalFilter, JournalRow, JournalSort, fold
from spplus_desk.domain.labels import CHANNEL_LABELS, OUTCOME_LABELS
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contacts import log_contact, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.journal import (
    count_contacts,
    day_summary,
    read_page,
    service_today,
)
from spplus_desk.store import journal_order
from spplus_desk.store.schema import Agent, Contact
from tests.support import TEST_LOGIN, FixedClock

TODAY = date(2027, 5, 4)  # the clock fixture: 2027-05-04 09:30 UTC, 11:30 in Paris
OTHER_LOGIN = "lea.martin"


def _log(desk: Desk, login: str = TEST_LOGIN, **fields: object) -> ContactRecord:
    values: dict[str, object] = {
        "channel": Channel.COUNTER,
        "outcome": ContactOutcome.IMMEDIATE_ANSWER,
    }
    values.update(fields)
    return log_contact(desk, login=login, draft=ContactDraft(**values))  # type: ignore[arg-type]


def _add_agent(desk: Desk, login: str, name: str) -> uuid.UUID:
    with desk.database.writing() as session:
        agent = Agent(
            name=name, login=login, role=Role.AGENT.value, active=True, created_at=desk.clock.now()
        )
        session.add(agent)
        session.flush()
        return agent.id


LATEST_FIRST = JournalSort()


def _all(desk: Desk, wanted: JournalFilter, sort: JournalSort = LATEST_FIRST) -> list[JournalRow]:
    return read_page(desk, wanted, sort, offset=0, limit=10_000)


def _ids(rows: list[JournalRow]) -> list[uuid.UUID]:
    return [row.id for row in rows]


def test_today_in_the_service_time_zone(desk: Desk, clock: FixedClock) -> None:
    clock.at = datetime(2027, 5, 3, 21, 30, tzinfo=UTC)  # 23:30 in Paris: the 3rd
    late_evening = _log(desk)
    clock.at = datetime(2027, 5, 3, 22, 30, tzinfo=UTC)  # 00:30 in Paris: the 4th
    after_midnight = _log(desk)
    clock.at = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
    morning = _log(desk)
    assert service_today(desk) == TODAY
    assert _ids(_all(desk, JournalFilter.day(TODAY))) == [morning.id, after_midnight.id]
    assert _ids(_all(desk, JournalFilter.day(date(2027, 5, 3)))) == [late_evening.id]
    assert count_contacts(desk, JournalFilter(date(2027, 5, 3), TODAY)) == 3


def test_filters_narrow_the_journal(desk: Desk, clock: FixedClock) -> None:
    motifs = list_choices(desk, MOTIFS)
    lea = _add_agent(desk, OTHER_LOGIN, "Léa Martin")
    phone = _log(desk, channel=Channel.PHONE, motif_id=motifs[0].id)
    clock.advance(minutes=1)
    missed = _log(desk, channel=Channel.PHONE, outcome=ContactOutcome.MISSED_CALL)
    clock.advance(minutes=1)
    counter = _log(desk, login=OTHER_LOGIN, motif_id=motifs[1].id)
    today = JournalFilter.day(TODAY)

    def ids(**narrowing: object) -> set[uuid.UUID]:
        wanted = JournalFilter(TODAY, TODAY, **narrowing)  # type: ignore[arg-type]
        return set(_ids(_all(desk, wanted)))

    assert len(_all(desk, today)) == 3
    assert ids(channels=frozenset({Channel.PHONE})) == {phone.id, missed.id}
    assert ids(outcomes=frozenset({ContactOutcome.MISSED_CALL})) == {missed.id}
    assert ids(motif_ids=frozenset({motifs[1].id})) == {counter.id}
    assert ids(agent_ids=frozenset({lea})) == {counter.id}
    row = _all(desk, JournalFilter(TODAY, TODAY, agent_ids=frozenset({lea})))[0]
    assert (row.agent_name, row.motif, row.channel) == (
        "Léa Martin",
        motifs[1].label,
        counter.channel,
    )


def test_cancelled_contacts_leave_the_journal_unless_asked(desk: Desk) -> None:
    kept = _log(desk)
    withdrawn = _log(desk)
    undo_last_contact(desk, login=TEST_LOGIN)
    assert _ids(_all(desk, JournalFilter.day(TODAY))) == [kept.id]
    shown = _all(desk, JournalFilter(TODAY, TODAY, include_cancelled=True))
    assert {row.id: row.cancelled for row in shown} == {kept.id: False, withdrawn.id: True}


def test_search_finds_names_notes_and_motifs_by_word_beginnings(
    desk: Desk, clock: FixedClock
) -> None:
    motif = next(m for m in list_choices(desk, MOTIFS) if m.label.startswith("Urbanisme"))
    helene = _log(desk, person_name="Hélène Dupont-Aignan")
    clock.advance(minutes=1)
    noted = _log(desk, notes="Dossier de permis de construire incomplet, revient jeudi")
    clock.advance(minutes=1)
    by_motif = _log(desk, motif_id=motif.id)
    clock.advance(minutes=1)
    _log(desk, person_name="Marc Durand", notes="Renseignement")

    def found(text: str) -> set[uuid.UUID]:
        return set(_ids(_all(desk, JournalFilter(TODAY, TODAY, text=text))))

    assert found("Hélène") == {helene.id}
    assert found("dupo") == {helene.id}  # a word's beginning is enough
    assert found("AIGNAN hél") == {helene.id}  # every word, any order, any case
    assert found("permis jeudi") == {noted.id}
    assert found("urbanisme") == {by_motif.id}
    assert found("Hélène jeudi") == set()
    assert found("«  »") == {c.id for c in _all(desk, JournalFilter.day(TODAY))}
    if desk.database.location.sqlite_path is not None:
        assert found("helene") == {helene.id}  # FTS5 folds accents by itself


def test_search_follows_corrections_of_the_name(desk: Desk) -> None:
    record = _log(desk, person_name="Jean Valjean")
    with desk.database.writing() as session:
        session.execute(
            update(Contact).where(Contact.id == record.id).values(person_name="Jean Fauchelevent")
        )
    assert _all(desk, JournalFilter(TODAY, TODAY, text="valjean")) == []
    assert _ids(_all(desk, JournalFilter(TODAY, TODAY, text="fauche"))) == [record.id]


def _journal_for_sorting(desk: Desk, clock: FixedClock) -> None:
    motifs = list_choices(desk, MOTIFS)
    _add_agent(desk, OTHER_LOGIN, "Léa Martin")
    channels = list(Channel)
    for i in range(24):
        clock.advance(minutes=3)
        arrived = clock.now().replace(minute=0, second=0) if i % 3 == 0 else None
        _log(
            desk,
            login=OTHER_LOGIN if i % 2 else TEST_LOGIN,
            channel=channels[i % len(channels)] if i % 5 else Channel.COUNTER,
            outcome=ContactOutcome.REDIRECTED if i % 4 == 0 else ContactOutcome.IMMEDIATE_ANSWER,
            redirected_to="CAF" if i % 4 == 0 else "",
            motif_id=motifs[i % 5].id if i % 6 else None,
            person_name=f"Personne {chr(90 - i)}" if i % 2 else "",
            arrived_at=arrived if arrived and not i % 5 else None,
            called_at=clock.now() if arrived and not i % 5 else None,
            duration_seconds=(i * 37) % 600 if i % 3 else None,
        )


SORT_KEYS: dict[JournalColumn, Callable[[JournalRow], Any]] = {
    JournalColumn.TIME: lambda r: r.occurred_at,
    # Labels and names as a person reads them: case and accents aside.
    JournalColumn.CHANNEL: lambda r: fold(CHANNEL_LABELS[r.channel]),
    JournalColumn.MOTIF: lambda r: fold(r.motif) if r.motif else None,
    JournalColumn.OUTCOME: lambda r: fold(OUTCOME_LABELS[r.outcome]),
    JournalColumn.PERSON: lambda r: r.person_name,
    JournalColumn.AGENT: lambda r: fold(r.agent_name),
    JournalColumn.WAIT: lambda r: r.wait_seconds,
    JournalColumn.DURATION: lambda r: r.duration_seconds,
    JournalColumn.REQUEST: lambda r: r.request_reference,
}


@pytest.mark.parametrize("column", list(JournalColumn))
@pytest.mark.parametrize("descending", [False, True], ids=["croissant", "décroissant"])
@pytest.mark.parametrize("walk", [False, True], ids=["tri", "parcours d'index"])
def test_every_column_sorts_in_sql_and_pages_cover_all_rows(
    desk: Desk,
    clock: FixedClock,
    column: JournalColumn,
    descending: bool,
    walk: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A long period is read group by group from the indexes; a short one is sorted.
    # Both orders must be the same: the walk is forced here on a small journal.
    monkeypatch.setattr(journal_order, "WALK_FROM_ROWS", 1 if walk else 10**9)
    _journal_for_sorting(desk, clock)
    wanted = JournalFilter.day(TODAY)
    sort = JournalSort(column, descending)
    pages = [read_page(desk, wanted, sort, offset=offset, limit=5) for offset in range(0, 30, 5)]
    rows = [row for page in pages for row in page]
    assert len(rows) == len(set(_ids(rows))) == count_contacts(desk, wanted) == 24
    key = SORT_KEYS[column]
    present = [key(r) for r in rows if key(r) is not None]
    assert present == sorted(present, reverse=descending)
    # Rows without a value come last, whatever the direction.
    assert all(key(r) is None for r in rows[len(present) :])


def test_the_days_counters(desk: Desk, clock: FixedClock) -> None:
    arrived = clock.now()
    clock.advance(minutes=12)
    _log(desk, arrived_at=arrived, called_at=clock.now())
    clock.advance(minutes=10)
    _log(desk, arrived_at=clock.now().replace(minute=32), called_at=clock.now())
    _log(desk, channel=Channel.PHONE, outcome=ContactOutcome.ABANDONED_CALL)
    _log(desk, channel=Channel.EMAIL)
    summary = day_summary(desk, TODAY)
    assert summary.total == 4
    assert summary.by_channel == {Channel.COUNTER: 2, Channel.PHONE: 1, Channel.EMAIL: 1}
    assert summary.missed_calls == 1
    assert (summary.waits_measured, summary.mean_wait_seconds) == (2, 16 * 60)
    assert summary.median_wait_seconds == 16 * 60
    empty = day_summary(desk, date(2027, 5, 1))
    assert (empty.total, empty.mean_wait_seconds) == (0, None)


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        (JournalFilter(TODAY, date(2027, 5, 1)), "La date de fin précède la date de début"),
        (JournalFilter(date(2020, 1, 1), TODAY), "trois ans au plus"),
        (
            JournalFilter(TODAY, TODAY, text="un deux trois quatre cinq six sept huit neuf"),
            "8 mots",
        ),
    ],
)
def test_unusable_filters_get_a_french_message(
    desk: Desk, wanted: JournalFilter, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        read_page(desk, wanted, JournalSort(), offset=0)


def test_folding_ignores_case_and_accents() -> None:
    assert fold("Hélène ÉTÉ Ça") == "helene ete ca"
