"""The service's calendar, as its deadlines count it: the département's public holidays
(from ``holidays``, with the département's own days), Whit Monday worked or not (the
journée de solidarité), and the service's own closure days.

Leads and admins change it; each change derives again the deadlines of the open
requests in the same unit of work, so the board never shows a due date the calendar no
longer gives, and says how many requests got a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import WorkingCalendar, whit_monday
from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, feedback, queries, requests
from spplus_desk.store.schema import Service

EDITORS = (Role.LEAD, Role.ADMIN)
LABEL_FIELD = "Le libellé de la fermeture"
DEFAULT_CLOSURE_LABEL = "Fermeture exceptionnelle"
WORKED_WHIT_MONDAY = " (travaillé : journée de solidarité, compté dans les délais)"


class Closure(NamedTuple):
    day: date
    label: str


class PublicHoliday(NamedTuple):
    day: date
    name: str


@dataclass(frozen=True, slots=True)
class CalendarSettings:
    departement: str  # « 75 – Paris »
    whit_monday_worked: bool
    closures: tuple[Closure, ...]  # by date
    # This year's and next year's public holidays in the département, by date, so a
    # lead sees which days the deadlines already leave out.
    holidays: tuple[PublicHoliday, ...]
    today: date  # in the service's time zone: where the date field starts


@dataclass(frozen=True, slots=True)
class CalendarChange:
    settings: CalendarSettings
    requests_changed: int  # open requests whose deadline the change moved


def calendar_settings(desk: Desk) -> CalendarSettings:
    with desk.database.reading() as session:
        return _settings(_service(session), desk.clock.now())


def set_whit_monday_worked(desk: Desk, *, login: str, worked: bool) -> CalendarChange:
    def edit(service: Service) -> None:
        service.whit_monday_worked = worked

    return _change(desk, login, edit)


def add_closure(desk: Desk, *, login: str, day: date, label: str) -> CalendarChange:
    """A day the service is closed: day-based deadlines skip it like a holiday. A past
    day is accepted (a closure noted late still moves the requests it delayed)."""
    text = clean_text(label, field=LABEL_FIELD) or DEFAULT_CLOSURE_LABEL

    def edit(service: Service) -> None:
        _refuse_useless_closure(service, day)
        entries = [*_closures(service), Closure(day, text)]
        service.closures = [{"date": c.day.isoformat(), "label": c.label} for c in sorted(entries)]

    return _change(desk, login, edit)


def remove_closure(desk: Desk, *, login: str, day: date) -> CalendarChange:
    def edit(service: Service) -> None:
        entries = _closures(service)
        if day not in {c.day for c in entries}:
            raise UserError(
                f"Le {long_date(day)} n'est pas (ou plus) un jour de fermeture du service."
            )
        service.closures = [
            {"date": c.day.isoformat(), "label": c.label} for c in entries if c.day != day
        ]

    return _change(desk, login, edit)


def _change(desk: Desk, login: str, edit: Callable[[Service], None]) -> CalendarChange:
    """One change of the calendar: checked, stored, audited, and the open requests'
    deadlines derived again, in one unit of work."""
    now = desk.clock.now()
    with desk.database.writing() as session:
        audit.lock(session)  # calendar changes queue here: none is lost on PostgreSQL
        agent = acting_agent(session, login, *EDITORS)
        service = _service(session)
        before = _snapshot(service)
        edit(service)
        after = _snapshot(service)
        if after == before:
            return CalendarChange(_settings(service, now), 0)
        service.updated_at = now
        session.flush()
        changed = requests.refresh_open(session)
        replies_moved = feedback.refresh_open_due(session, requests.service_calendar(session))
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action="service.calendar_changed",
            entity_type="service",
            entity_id=service.id,
            before=before,
            after={**after, "requests_changed": changed, "replies_moved": replies_moved},
        )
        return CalendarChange(_settings(service, now), changed)


def _refuse_useless_closure(service: Service, day: date) -> None:
    """A closure must change something: not twice the same day, nor a day that no
    deadline counts already."""
    calendar = requests.calendar_of(service)
    when = long_date(day)
    for closure in _closures(service):
        if closure.day == day:
            raise UserError(f"Le {when} est déjà un jour de fermeture (« {closure.label} »).")
    holiday = calendar.holiday_name(day)
    if holiday:
        raise UserError(
            f"Le {when} est férié ({holiday}) : les délais le sautent déjà, "
            "inutile d'en faire un jour de fermeture."
        )
    if day.weekday() == 6:
        raise UserError(
            f"Le {when} est un dimanche : aucun délai ne le compte, "
            "inutile d'en faire un jour de fermeture."
        )
    # A Saturday counts in jours ouvrables: closing it matters only if the service
    # opens on Saturdays; otherwise it is closed that day anyway.
    if day.weekday() == 5 and not calendar.opening_hours.days[5]:
        raise UserError(
            f"Le {when} est un samedi, et le service n'ouvre pas le samedi : "
            "inutile d'en faire un jour de fermeture."
        )


def _service(session: Session) -> Service:
    service = queries.service_row(session)
    if service is None:
        raise UserError(requests.NOT_CONFIGURED)
    return service


def _closures(service: Service) -> list[Closure]:
    return sorted(
        Closure(date.fromisoformat(entry["date"]), str(entry.get("label") or ""))
        for entry in service.closures or ()
    )


def _snapshot(service: Service) -> dict[str, Any]:
    return {
        "whit_monday_worked": service.whit_monday_worked,
        "closures": [{"date": c.day.isoformat(), "label": c.label} for c in _closures(service)],
    }


def _settings(service: Service, now: datetime) -> CalendarSettings:
    calendar = requests.calendar_of(service)
    today = now.astimezone(calendar.zone).date()
    year = today.year
    return CalendarSettings(
        departement=calendar.departement.display,
        whit_monday_worked=service.whit_monday_worked,
        closures=tuple(_closures(service)),
        holidays=public_holidays(calendar, year) + public_holidays(calendar, year + 1),
        today=today,
    )


def public_holidays(calendar: WorkingCalendar, year: int) -> tuple[PublicHoliday, ...]:
    """The public holidays of ``year`` in the calendar's département, Whit Monday said
    to be worked when the service works it."""
    # Asked without the setting, so Whit Monday is listed either way.
    every_one = WorkingCalendar(calendar.departement)
    worked = whit_monday(year) if calendar.whit_monday_worked else None
    found: list[PublicHoliday] = []
    day = date(year, 1, 1)
    while day.year == year:
        name = every_one.holiday_name(day)
        if name:
            found.append(PublicHoliday(day, name + (WORKED_WHIT_MONDAY if day == worked else "")))
        day += timedelta(days=1)
    return tuple(found)
