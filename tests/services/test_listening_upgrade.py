"""A service upgraded to the listening schema (0008) finds its past journal counted in
the roll-ups and its past answers' response times derived, so the first dashboard
after the upgrade already shows the year (issue 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text, update

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType
from spplus_desk.domain.indicators import Period
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.services.setup import initialise
from spplus_desk.store import migrations, requests, tallies, upkeep
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.migrations import _config
from spplus_desk.store.schema import ContactTally, Request
from tests.support import TEST_LOGIN, FixedClock

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)


def _journal_at_0007(path: Path) -> FixedClock:
    """Six contacts and an answered request, in a database put back to 0007."""
    clock = FixedClock(NOW)
    report = open_desk(sqlite_location(path), clock=clock)
    desk = report.desk
    initialise(desk, login=TEST_LOGIN, service_name="Mairie", departement_code="75")
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    for minutes in range(0, 50, 10):
        clock.at = NOW + timedelta(minutes=minutes)
        log_contact(
            desk,
            login=TEST_LOGIN,
            draft=ContactDraft(channel=Channel.PHONE, outcome=ContactOutcome.IMMEDIATE_ANSWER),
        )
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            channel=Channel.EMAIL,
            outcome=ContactOutcome.REQUEST_OPENED,
            request_kind_id=kind.id,
        ),
    )
    assert record.request_reference is not None
    clock.at = NOW + timedelta(days=2)
    request_id = find_request(desk, record.request_reference)
    act_on_request(desk, login=TEST_LOGIN, request_id=request_id, action=RequestEventType.ANSWERED)
    desk.close()

    # Back to 0007, as a database written by the previous version.
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = _config(None)
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0007"
    engine.dispose()
    return clock


def test_an_upgrade_counts_the_past_journal_and_answers(tmp_path: Path) -> None:
    path = tmp_path / "avant-ecoute.db"
    clock = _journal_at_0007(path)
    upgraded = open_desk(sqlite_location(path), clock=clock)
    try:
        assert upgraded.previous_revision == "0007"
        with upgraded.desk.database.reading() as session:
            assert session.scalar(select(func.sum(ContactTally.contacts))) == 6
            assert session.scalar(select(Request.response_time)) == 2
        figures = period_indicators(upgraded.desk, Period(NOW.date(), NOW.date()))
        assert figures.contacts.total == 6
        assert figures.contacts.pickup.denominator == 5
    finally:
        upgraded.desk.close()


def test_an_upgrade_interrupted_after_the_migration_is_finished_at_the_next_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "interrompue.db"
    clock = _journal_at_0007(path)

    def power_cut(_session: object) -> None:
        raise KeyboardInterrupt  # the window closed, the machine switched off…

    with monkeypatch.context() as patched:
        patched.setattr(tallies, "rebuild", power_cut)
        with pytest.raises(KeyboardInterrupt):
            open_desk(sqlite_location(path), clock=clock)
    reopened = open_desk(sqlite_location(path), clock=clock)
    try:
        assert reopened.previous_revision == migrations.HEAD_REVISION  # upgraded before
        week = Period(NOW.date(), NOW.date() + timedelta(days=6))
        figures = period_indicators(reopened.desk, week)
        assert figures.contacts.total == 6
        assert figures.requests.response_days.median == 2  # answered two days later
        with reopened.desk.database.reading() as session:
            assert upkeep.pending(session) == []
    finally:
        reopened.desk.close()


def test_the_upgrade_derives_the_same_times_as_the_answers_did(
    desk: Desk, clock: FixedClock
) -> None:
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    steps = [
        [],
        [RequestEventType.ACKNOWLEDGED],
        [RequestEventType.WAITING_FOR_USER, RequestEventType.RESUMED],
        [RequestEventType.ACKNOWLEDGED, RequestEventType.WAITING_FOR_USER],
    ]
    for day, before_answer in enumerate(steps * 2):
        clock.at = NOW + timedelta(days=day, hours=1)
        record = log_contact(
            desk,
            login=TEST_LOGIN,
            draft=ContactDraft(
                channel=Channel.EMAIL,
                outcome=ContactOutcome.REQUEST_OPENED,
                request_kind_id=kind.id,
            ),
        )
        assert record.request_reference is not None
        request_id = find_request(desk, record.request_reference)
        for action in [*before_answer, RequestEventType.ANSWERED]:
            clock.advance(days=2 + day % 3)
            reason = "Pièce d'identité" if action is RequestEventType.WAITING_FOR_USER else None
            act_on_request(
                desk, login=TEST_LOGIN, request_id=request_id, action=action, reason=reason
            )
    with desk.database.writing() as session:
        live = {
            row.id: row.response_time
            for row in session.execute(select(Request.id, Request.response_time))
        }
        session.execute(update(Request).values(response_time=None))
    with desk.database.writing() as session:
        assert requests.refresh_answered(session) == len(live)
    with desk.database.reading() as session:
        derived = {
            row.id: row.response_time
            for row in session.execute(select(Request.id, Request.response_time))
        }
    assert derived == live
    assert all(time is not None for time in live.values())
