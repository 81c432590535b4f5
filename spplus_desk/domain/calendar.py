"""French working days: which days count in a delay, and why the others do not.

Day-based delays follow the rules of DOMAIN.md: the day of receipt does not count;
"jours ouvrés" are Monday-Friday, "jours ouvrables" Monday-Saturday, both minus public
holidays and the service's closure days; a delay in calendar days that ends on a day the
service cannot answer moves to the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from spplus_desk.domain.departements import Departement
from spplus_desk.domain.enums import Channel, DelayUnit
from spplus_desk.domain.french_holidays import covers, easter_sunday, french_holidays
from spplus_desk.domain.service import WEEKDAY_NAMES, OpeningHours

_WEEKEND_NAMES = {5: "samedi", 6: "dimanche"}
# SP+ standard: a written request is acknowledged within 1 week (e-mail, online form)
# or 2 weeks (post), in calendar days.
ACKNOWLEDGEMENT_DAYS = {Channel.EMAIL: 7, Channel.ONLINE_FORM: 7, Channel.LETTER: 14}


@dataclass(frozen=True, slots=True)
class SkippedDay:
    day: date
    reason: str  # "samedi", "Ascension", "fermeture exceptionnelle"


@dataclass(frozen=True, slots=True)
class DayDeadline:
    start: date
    due: date
    skipped: tuple[SkippedDay, ...]


@lru_cache(maxsize=64)
def _holidays(subdivision: str | None, year: int) -> dict[date, str]:
    if covers(subdivision, year):  # metropolitan France and Alsace-Moselle, since 2008
        return french_holidays(subdivision, year)
    import holidays  # overseas calendars and older years: loaded only for them

    calendar = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    return dict(calendar.items())


CLOSURE_REASON = "fermeture exceptionnelle"


@dataclass(frozen=True)
class WorkingCalendar:
    """The days (and, for hour delays, the opening hours) a service's promises count.

    Its time zone is the département's: a day-based deadline is a date there, and an hour
    delay counts that zone's opening hours.
    """

    departement: Departement
    whit_monday_worked: bool = False
    closures: frozenset[date] = field(default_factory=frozenset)
    opening_hours: OpeningHours = field(default_factory=OpeningHours.default)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.departement.time_zone)

    def holiday_name(self, day: date) -> str | None:
        if self.whit_monday_worked and day == whit_monday(day.year):
            return None  # journée de solidarité: the service works that day
        return _holidays(self.departement.holiday_subdivision, day.year).get(day)

    def closed_reason(self, day: date, unit: DelayUnit) -> str | None:
        """Why ``day`` does not count for ``unit``, or None when it counts."""
        weekday = day.weekday()
        if unit is DelayUnit.WORKING_DAYS and weekday >= 5:
            return _WEEKEND_NAMES[weekday]
        if unit is DelayUnit.BUSINESS_DAYS and weekday == 6:
            return _WEEKEND_NAMES[weekday]
        if unit is DelayUnit.CALENDAR_DAYS:
            return None
        holiday = self.holiday_name(day)
        if holiday:
            return holiday
        if day in self.closures:
            return CLOSURE_REASON
        return None

    def closed_hours_reason(self, day: date) -> str | None:
        """Why ``day`` has no opening hours to count, or None when the service is open."""
        if not self.opening_hours.days[day.weekday()]:
            name = WEEKDAY_NAMES[day.weekday()]
            return _WEEKEND_NAMES.get(day.weekday(), f"{name} (service fermé)")
        return self.holiday_name(day) or (CLOSURE_REASON if day in self.closures else None)

    def add_days(self, start: date, amount: int, unit: DelayUnit) -> DayDeadline:
        """The due date ``amount`` days of ``unit`` after ``start`` (receipt day excluded)."""
        if unit is DelayUnit.WORKING_HOURS:
            raise ValueError("hour delays are counted on opening hours, not days")
        if amount < 0:
            raise ValueError("a delay cannot be negative")
        skipped: list[SkippedDay] = []
        day = start
        if unit is DelayUnit.CALENDAR_DAYS:
            day = start + timedelta(days=amount)
            return self._roll_to_working_day(start, day, skipped)
        counted = 0
        while counted < amount:
            day += timedelta(days=1)
            reason = self.closed_reason(day, unit)
            if reason is None:
                counted += 1
            else:
                skipped.append(SkippedDay(day, reason))
        return DayDeadline(start, day, tuple(skipped))

    def _roll_to_working_day(
        self, start: date, day: date, skipped: list[SkippedDay]
    ) -> DayDeadline:
        # A calendar-day delay ending on a weekend or holiday moves to the next working day.
        while (reason := self.closed_reason(day, DelayUnit.WORKING_DAYS)) is not None:
            skipped.append(SkippedDay(day, reason))
            day += timedelta(days=1)
        return DayDeadline(start, day, tuple(skipped))

    def acknowledgement_due(self, received: date, channel: Channel) -> date | None:
        """When the acknowledgement of receipt is due, for written requests only."""
        days = ACKNOWLEDGEMENT_DAYS.get(channel)
        return None if days is None else self.add_days(received, days, DelayUnit.CALENDAR_DAYS).due

    def working_days(self, first: date, last: date) -> Iterable[date]:
        """Every jour ouvré from ``first`` to ``last`` inclusive."""
        day = first
        while day <= last:
            if self.closed_reason(day, DelayUnit.WORKING_DAYS) is None:
                yield day
            day += timedelta(days=1)


def whit_monday(year: int) -> date:
    """Lundi de Pentecôte: 50 days after Easter Sunday."""
    return easter_sunday(year) + timedelta(days=50)
