"""Public holidays of metropolitan France and Alsace-Moselle, computed here.

The ``holidays`` package stays the reference (and computes the overseas calendars and
the years before 2008), but loading it imports the modules of every country it knows,
about a tenth of a second at each start of the app or of a command. The rules below are
the ones DOMAIN.md states; a test compares them with the package's, day by day and name
by name, for every year they cover.
"""

from __future__ import annotations

from datetime import date, timedelta

FIRST_YEAR = 2008  # the Whit Monday rule in force since (2005-2007: a worked day)
ALSACE_MOSELLE = frozenset({"57", "6AE"})  # the ``holidays`` package's subdivision codes


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def covers(subdivision: str | None, year: int) -> bool:
    return year >= FIRST_YEAR and (subdivision is None or subdivision in ALSACE_MOSELLE)


def french_holidays(subdivision: str | None, year: int) -> dict[date, str]:
    """The year's holidays by date, named as the ``holidays`` package names them in
    French (two on one day: both names, in alphabetical order, joined by « ; »)."""
    if not covers(subdivision, year):
        raise ValueError(f"no local rule for {subdivision!r} in {year}")
    easter = easter_sunday(year)
    found: dict[date, list[str]] = {}
    named = [
        (date(year, 1, 1), "Jour de l'an"),
        (easter + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Fête de la Victoire"),
        (easter + timedelta(days=39), "Ascension"),
        (easter + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice"),
        (date(year, 12, 25), "Noël"),
    ]
    if subdivision in ALSACE_MOSELLE:
        named += [
            (easter - timedelta(days=2), "Vendredi saint"),
            (date(year, 12, 26), "Saint-Étienne"),
        ]
    for day, name in named:
        found.setdefault(day, []).append(name)
    return {day: "; ".join(sorted(names)) for day, names in sorted(found.items())}
