"""An announced delay ("5 jours ouvrés") and the instant a request was received, as
people write them: on the command line, in the catalogue editor, in a script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import DELAY_UNIT_LABELS, delay_text

MAX_DELAY = {  # far beyond any promise a service makes; a bigger figure is a typing slip
    DelayUnit.WORKING_DAYS: 365,
    DelayUnit.BUSINESS_DAYS: 365,
    DelayUnit.CALENDAR_DAYS: 730,
    DelayUnit.WORKING_HOURS: 2000,
}
DELAY_FORMS = (
    "« 5 jours ouvrés », « 6 jours ouvrables », « 15 jours calendaires » ou « 48 heures ouvrées »"
)
START_FORMS = "« 2027-05-04 », « 2027-05-04T14:30 », « 04/05/2027 » ou « 04/05/2027 14:30 »"


@dataclass(frozen=True, slots=True)
class Delay:
    amount: int
    unit: DelayUnit

    def __post_init__(self) -> None:
        if not 1 <= self.amount <= MAX_DELAY[self.unit]:
            raise UserError(
                f"Un délai en {DELAY_UNIT_LABELS[self.unit]} va de 1 à {MAX_DELAY[self.unit]} "
                f"({self.amount} demandé)."
            )

    @property
    def text(self) -> str:
        """'5 jours ouvrés': the words of the commitments poster."""
        return delay_text(self.amount, self.unit)

    @property
    def in_hours(self) -> bool:
        return self.unit is DelayUnit.WORKING_HOURS


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: « Jours  OUVRÉS » -> 'jours ouvres'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# Every way of writing a unit that we accept, singular or plural, accents optional.
_UNIT_WORDS: dict[str, DelayUnit] = {
    "jours ouvres": DelayUnit.WORKING_DAYS,
    "j ouvres": DelayUnit.WORKING_DAYS,
    "jours ouvrables": DelayUnit.BUSINESS_DAYS,
    "j ouvrables": DelayUnit.BUSINESS_DAYS,
    "jours calendaires": DelayUnit.CALENDAR_DAYS,
    "jours francs": DelayUnit.CALENDAR_DAYS,
    "heures ouvrees": DelayUnit.WORKING_HOURS,
    "h ouvrees": DelayUnit.WORKING_HOURS,
}
_DELAY = re.compile(r"(\d{1,9})\s*([a-z ]+?)\.?")


def _singular_forms() -> dict[str, DelayUnit]:
    forms = dict(_UNIT_WORDS)
    for words, unit in _UNIT_WORDS.items():
        forms[" ".join(word.removesuffix("s") for word in words.split())] = unit
    return forms


_UNIT_FORMS = _singular_forms()


def parse_delay(text: str) -> Delay:
    """The delay written in ``text``; a UserError naming the accepted forms otherwise."""
    match = _DELAY.fullmatch(_plain(text))
    unit = _UNIT_FORMS.get(match.group(2).strip()) if match else None
    if match is None or unit is None:
        raise UserError(
            f"Délai illisible : « {text.strip()} ». Écrivez un nombre suivi de l'unité, "
            f"par exemple {DELAY_FORMS}."
        )
    return Delay(int(match.group(1)), unit)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(?:à\s+)?(\d{1,2})\s*[h:]\s*(\d{2})?)?")


def parse_start(text: str, zone: ZoneInfo) -> datetime:
    """When a request was received, as typed: an ISO date or date-time (with or without
    an offset) or a French « 04/05/2027 14:30 ». A date alone means the start of that day;
    a time without an offset is the service's local time."""
    cleaned = text.strip()
    try:
        parsed = _parse_start(cleaned)
    except ValueError:
        parsed = None
    if parsed is None:
        raise UserError(
            f"Date de réception illisible : « {cleaned} ». Formes acceptées : {START_FORMS}."
        )
    if isinstance(parsed, datetime):
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    return datetime.combine(parsed, time(0), zone)


def _parse_start(text: str) -> date | datetime | None:
    if _ISO_DAY.fullmatch(text):
        return date.fromisoformat(text)
    french = _FRENCH.fullmatch(text)
    if french:
        day, month, year, hour, minute = french.groups()
        found = date(int(year), int(month), int(day))
        if hour is None:
            return found
        return datetime.combine(found, time(int(hour), int(minute or 0)))
    if _ISO_DAY.match(text):
        return datetime.fromisoformat(text.replace(" ", "T", 1))
    return None
