"""One day's opening hours as people type them, and back.

Accepted: "8h30-12h, 13h30-17h", "08:30 - 12:00 / 13:30-17:00", "8 h 30 – 12 h et 14 h à
17 h", "fermé" or nothing (closed). Ranges come back sorted; each must end after it starts
and none may overlap another. ``format_day`` writes what ``parse_day`` reads.
"""

from __future__ import annotations

import re
from datetime import time
from itertools import pairwise

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import WEEKDAY_NAMES, OpeningHours, TimeRange, describe_day

EXAMPLE = "8h30-12h, 13h30-17h"
_CLOSED_WORDS = {"ferme", "fermé", "fermée", "fermee", "-", "–", "—"}
_RANGE_SEPARATORS = re.compile(r"\s*(?:[,;/+&]|\bet\b)\s*", re.IGNORECASE)
_TIME = r"(\d{1,2})(?:\s*(?:h|:|\.)\s*(\d{2})?)?"
_RANGE = re.compile(rf"{_TIME}\s*(?:-|–|—|\bà\b|\ba\b)\s*{_TIME}", re.IGNORECASE)


def parse_day(text: str) -> tuple[TimeRange, ...]:
    """The ranges of one day, sorted; raises a UserError saying what is wrong."""
    plain = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    if not plain or plain.lower() in _CLOSED_WORDS:
        return ()
    pieces = [piece for piece in _RANGE_SEPARATORS.split(plain) if piece]
    if not pieces:
        raise _not_understood(text.strip())
    ranges = sorted((_parse_range(piece) for piece in pieces), key=lambda r: r[1].start)
    for (first_text, first), (second_text, second) in pairwise(ranges):
        if second.start < first.end:
            raise UserError(
                f"« {first_text} » et « {second_text} » se chevauchent : "
                "une plage doit finir avant que la suivante commence."
            )
    return tuple(r for _text, r in ranges)


def format_day(ranges: tuple[TimeRange, ...]) -> str:
    """'8 h 30 – 12 h 00, 13 h 30 – 17 h 00', or 'fermé'."""
    return describe_day(ranges)


def check_opening_hours(hours: OpeningHours) -> OpeningHours:
    """The same week, each day checked as if it had been typed (sorted, no overlap)."""
    if len(hours.days) != len(WEEKDAY_NAMES):
        raise ValueError("opening hours need 7 days")
    days = []
    for name, ranges in zip(WEEKDAY_NAMES, hours.days, strict=True):
        try:
            days.append(parse_day(format_day(ranges)))
        except UserError as error:
            raise UserError(f"{name.capitalize()} : {error.message}") from error
    return OpeningHours(tuple(days))


def _parse_range(piece: str) -> tuple[str, TimeRange]:
    match = _RANGE.fullmatch(piece)
    if match is None:
        raise _not_understood(piece)
    start = _time(piece, match.group(1), match.group(2))
    end = _time(piece, match.group(3), match.group(4))
    if end == start:
        raise UserError(f"« {piece} » : la plage commence et finit à {_spoken(start)}.")
    if end < start:
        raise UserError(
            f"« {piece} » : la plage finit ({_spoken(end)}) avant de commencer "
            f"({_spoken(start)}). Écrivez le début, puis la fin."
        )
    return piece, TimeRange(start, end)


def _time(piece: str, hours: str, minutes: str | None) -> time:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23:
        hint = " (pour finir à minuit, écrivez 23h59)" if hour == 24 else ""
        raise UserError(f"« {piece} » : l'heure {hour} h n'existe pas{hint}.")
    if minute > 59:
        raise UserError(f"« {piece} » : {hour} h {minute} n'existe pas (minutes de 00 à 59).")
    return time(hour, minute)


def _spoken(value: time) -> str:
    return f"{value.hour} h {value.minute:02d}"


def _not_understood(piece: str) -> UserError:
    return UserError(
        f"« {piece} » : horaire non reconnu. Écrivez par exemple {EXAMPLE}, ou « fermé »."
    )
