"""A lead sets the service's calendar: Whit Monday worked or not, the service's own
closure days. Open requests' deadlines follow at once; useless closures are refused."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import find_request
from spplus_desk.services.service_calendar import (
    DEFAULT_CLOSURE_LABEL,
    Closure,
    add_closure,
    calendar_settings,
    remove_closure,
    set_whit_monday_worked,
)
from spplus_desk.store.schema import AuditEntry, Request, Service
from tests.support import TEST_LOGIN

PONT = date(2027, 5, 7)  # the Friday after Ascension (Thursday 6 May 2027)


def open_email_request(desk: Desk) -> str:
    """A « Réponse à un courriel » (5 jours ouvrés) received Tue 4 May 2027: due Wed 12 May."""
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.EMAIL, ContactOutcome.REQUEST_OPENED, request_kind_id=kind.id),
    )
    assert record.request_reference is not None
    return record.request_reference


def due_date(desk: Desk, reference: str) -> date | None:
    with desk.database.reading() as session:
        return session.get_one(Request, find_request(desk, reference)).due_date


def calendar_entries(desk: Desk) -> list[AuditEntry]:
    with desk.database.reading() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "service.calendar_changed")
                .order_by(AuditEntry.seq)
            )
        )


def test_the_settings_show_the_departements_holidays(desk: Desk) -> None:
    settings = calendar_settings(desk)
    assert settings.departement == "75 – Paris"
    assert not settings.whit_monday_worked
    assert settings.closures == ()
    days = [holiday.day for holiday in settings.holidays]
    assert days[0] == date(2027, 1, 1)
    assert days[-1] == date(2028, 12, 25)  # this year and next
    assert (date(2027, 5, 6), "Ascension") in settings.holidays
    assert date(2027, 12, 26) not in days  # Saint-Étienne: Alsace-Moselle only


def test_a_closure_moves_the_open_requests_deadlines(desk: Desk) -> None:
    reference = open_email_request(desk)
    assert due_date(desk, reference) == date(2027, 5, 12)
    change = add_closure(desk, login=TEST_LOGIN, day=PONT, label="  Pont de l'Ascension ")
    assert change.requests_changed == 1
    assert change.settings.closures == (Closure(PONT, "Pont de l'Ascension"),)
    assert due_date(desk, reference) == date(2027, 5, 13)
    with desk.database.reading() as session:
        stored = session.scalars(select(Service.closures)).one()
    assert stored == [{"date": "2027-05-07", "label": "Pont de l'Ascension"}]
    # A closure after the due date changes no deadline.
    later = add_closure(desk, login=TEST_LOGIN, day=date(2027, 6, 4), label="")
    assert later.requests_changed == 0
    assert [c.day for c in later.settings.closures] == [PONT, date(2027, 6, 4)]
    assert later.settings.closures[1].label == DEFAULT_CLOSURE_LABEL
    removed = remove_closure(desk, login=TEST_LOGIN, day=PONT)
    assert removed.requests_changed == 1
    assert due_date(desk, reference) == date(2027, 5, 12)
    [first, _second, third] = calendar_entries(desk)
    assert first.before == {"whit_monday_worked": False, "closures": []}
    assert first.after["closures"] == [{"date": "2027-05-07", "label": "Pont de l'Ascension"}]
    assert first.after["requests_changed"] == 1
    assert third.after["closures"] == [{"date": "2027-06-04", "label": DEFAULT_CLOSURE_LABEL}]


def test_whit_monday_worked_shortens_deadlines_across_it(desk: Desk) -> None:
    # Received Tue 11 May 2027 + 5 jours ouvrés: Wed 19 May, Whit Monday (17 May) skipped;
    # Tue 18 May when the service works it.
    desk.clock.at = desk.clock.at.replace(day=11)  # type: ignore[attr-defined]
    reference = open_email_request(desk)
    assert due_date(desk, reference) == date(2027, 5, 19)
    change = set_whit_monday_worked(desk, login=TEST_LOGIN, worked=True)
    assert change.requests_changed == 1
    assert change.settings.whit_monday_worked
    assert due_date(desk, reference) == date(2027, 5, 18)
    whit = [h for h in change.settings.holidays if h.day == date(2027, 5, 17)]
    assert whit[0].name.startswith("Lundi de Pentecôte (travaillé")
    again = set_whit_monday_worked(desk, login=TEST_LOGIN, worked=True)
    assert again.requests_changed == 0
    assert len(calendar_entries(desk)) == 1  # the same setting again records nothing


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2027, 5, 6), "Le jeudi 6 mai 2027 est férié (Ascension)"),
        (date(2027, 5, 9), "Le dimanche 9 mai 2027 est un dimanche"),
        (date(2027, 5, 15), "le service n'ouvre pas le samedi"),
        (date(2027, 5, 17), "est férié (Lundi de Pentecôte)"),
    ],
    ids=["férié", "dimanche", "samedi", "pentecôte"],
)
def test_useless_closures_are_refused(desk: Desk, day: date, message: str) -> None:
    with pytest.raises(UserError, match=re.escape(message)):
        add_closure(desk, login=TEST_LOGIN, day=day, label="Fermé")
    assert calendar_settings(desk).closures == ()
    assert calendar_entries(desk) == []


def test_a_day_is_closed_once_and_a_worked_whit_monday_may_be_closed(desk: Desk) -> None:
    add_closure(desk, login=TEST_LOGIN, day=PONT, label="Pont")
    with pytest.raises(UserError, match=r"Le vendredi 7 mai 2027 est déjà un jour de fermeture"):
        add_closure(desk, login=TEST_LOGIN, day=PONT, label="Pont encore")
    with pytest.raises(UserError, match="n'est pas \\(ou plus\\) un jour de fermeture"):
        remove_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 10))
    set_whit_monday_worked(desk, login=TEST_LOGIN, worked=True)
    change = add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 17), label="Pont")
    assert [c.day for c in change.settings.closures] == [PONT, date(2027, 5, 17)]


def test_a_saturday_may_be_closed_when_the_service_opens_on_saturdays(desk: Desk) -> None:
    with desk.database.writing() as session:
        service = session.scalars(select(Service)).one()
        service.opening_hours = [*service.opening_hours[:5], [["09:00", "12:00"]], []]
    change = add_closure(desk, login=TEST_LOGIN, day=date(2027, 5, 15), label="Inventaire")
    assert change.settings.closures == (Closure(date(2027, 5, 15), "Inventaire"),)


def test_a_past_closure_is_accepted(desk: Desk) -> None:
    change = add_closure(desk, login=TEST_LOGIN, day=date(2027, 4, 2), label="Grève")
    assert change.settings.closures[0].day == date(2027, 4, 2)


def test_agents_cannot_change_the_calendar(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Léa", agent_login="lea", role=Role.AGENT)
    with pytest.raises(UserError, match="réservée"):
        add_closure(desk, login="lea", day=PONT, label="Pont")
    with pytest.raises(UserError, match="réservée"):
        set_whit_monday_worked(desk, login="lea", worked=True)
    add_closure(desk, login=TEST_LOGIN, day=PONT, label="Pont")
    with pytest.raises(UserError, match="réservée"):
        remove_closure(desk, login="lea", day=PONT)
    settings = calendar_settings(desk)
    assert not settings.whit_monday_worked
    assert [c.day for c in settings.closures] == [PONT]


def test_a_too_long_label_is_refused(desk: Desk) -> None:
    with pytest.raises(UserError, match="Le libellé de la fermeture est trop long"):
        add_closure(desk, login=TEST_LOGIN, day=PONT, label="x" * 201)
