"""The calendar a deadline is checked against outside the app (``spplus-desk deadline``,
``spplus-desk overdue``): the service's when there is one, else metropolitan France's
with the usual opening hours. Checking a deadline never creates a database.
"""

from __future__ import annotations

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, departement
from spplus_desk.services.desk import Desk, OpenReport, open_desk
from spplus_desk.store import queries, requests
from spplus_desk.store.location import DatabaseLocation


def default_calendar() -> WorkingCalendar:
    """Metropolitan France (Paris): national holidays, default opening hours."""
    return WorkingCalendar(departement(DEFAULT_DEPARTEMENT))


def service_calendar(desk: Desk) -> WorkingCalendar | None:
    """The service's calendar (holidays, Whit Monday, closures, opening hours), or None
    when the service is not set up yet."""
    with desk.database.reading() as session:
        service = queries.service_row(session)
        return requests.calendar_of(service) if service is not None else None


def service_calendar_or_default(desk: Desk | None) -> WorkingCalendar:
    if desk is None:
        return default_calendar()
    return service_calendar(desk) or default_calendar()


def open_existing_desk(location: DatabaseLocation) -> OpenReport | None:
    """The database at ``location`` opened as usual, or None when its SQLite file does not
    exist: nothing is created. (A server is always reached.)"""
    if location.sqlite_path is not None and not location.sqlite_path.exists():
        return None
    return open_desk(location, create=False)
