"""The service at the counter: identity, opening hours, ways to reach it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time
from typing import Any

from spplus_desk.domain.departements import Departement
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.validation import clean_text

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SP_2023_REFERENTIAL = "sp-2023"
SERVICE_NAME_FIELD = "Le nom du service"
ADMIN_NAME_FIELD = "Votre nom"
ADDRESS_FIELD = "L'adresse"
MAX_ADDRESS_LINES = 6
CLOSED = "fermé"


@dataclass(frozen=True, slots=True)
class TimeRange:
    start: time
    end: time

    def describe(self) -> str:
        return f"{_hour(self.start)} – {_hour(self.end)}"


def _hour(value: time) -> str:
    # French typography: "8 h 30", with no-break spaces so it never wraps.
    return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Opening ranges for each weekday, Monday first (7 entries)."""

    days: tuple[tuple[TimeRange, ...], ...]

    @classmethod
    def default(cls) -> OpeningHours:
        morning = TimeRange(time(8, 30), time(12, 0))
        afternoon = TimeRange(time(13, 30), time(17, 0))
        weekday = (morning, afternoon)
        return cls((weekday,) * 5 + ((), ()))

    def to_json(self) -> list[list[list[str]]]:
        return [
            [[r.start.strftime("%H:%M"), r.end.strftime("%H:%M")] for r in d] for d in self.days
        ]

    @classmethod
    def from_json(cls, data: Any) -> OpeningHours:
        days = tuple(
            tuple(TimeRange(time.fromisoformat(a), time.fromisoformat(b)) for a, b in day)
            for day in data
        )
        if len(days) != 7:
            raise ValueError("opening hours need 7 days")
        return cls(days)

    def describe(self) -> list[str]:
        """One French line per weekday: 'Lundi : 8 h 30 – 12 h 00, 13 h 30 – 17 h 00'."""
        return [
            f"{name.capitalize()}\u00a0: {describe_day(ranges)}"
            for name, ranges in zip(WEEKDAY_NAMES, self.days, strict=True)
        ]


def describe_day(ranges: tuple[TimeRange, ...]) -> str:
    """One day's ranges in French: '8 h 30 – 12 h 00, 13 h 30 – 17 h 00', or 'fermé'."""
    return ", ".join(r.describe() for r in ranges) if ranges else CLOSED


def clean_address(text: str) -> str:
    """A postal address as typed on several lines: each line trimmed, blank lines dropped."""
    lines = [clean_text(line, field=ADDRESS_FIELD) for line in text.splitlines()]
    kept = [line for line in lines if line]
    if len(kept) > MAX_ADDRESS_LINES:
        raise UserError(
            f"{ADDRESS_FIELD} tient en {MAX_ADDRESS_LINES} lignes au plus ({len(kept)} saisies)."
        )
    return "\n".join(kept)


@dataclass(frozen=True, slots=True)
class ContactPoint:
    """A phone number, e-mail or web address with what it is for."""

    kind: str  # "phone" | "email" | "web"
    value: str
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    id: uuid.UUID
    name: str
    address: str
    departement: Departement
    time_zone: str
    opening_hours: OpeningHours
    contact_points: tuple[ContactPoint, ...]
    referential: str
    whit_monday_worked: bool
    version: int

    @property
    def is_configured(self) -> bool:
        """False until someone has given the service its name."""
        return bool(self.name.strip())


@dataclass(frozen=True, slots=True)
class FirstRunSettings:
    """What the first-run wizard asks. ``None`` leaves a setting as it is, so a caller
    may give only what it knows (the name and département, say)."""

    service_name: str
    departement_code: str
    address: str | None = None
    opening_hours: OpeningHours | None = None
    phone: str | None = None  # "" : no phone number for the public
    email: str | None = None  # "" : no e-mail address for the public
    admin_name: str | None = None


@dataclass(frozen=True, slots=True)
class AgentInfo:
    id: uuid.UUID
    name: str
    login: str
    role: Role
    active: bool
