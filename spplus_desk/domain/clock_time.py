"""A time of day as an agent types it: « 9h30 », « 09:30 », « 0930 », « 9 h »."""

from __future__ import annotations

import re
from datetime import time

from spplus_desk.domain.errors import UserError

_CLOCK = re.compile(r"(\d{1,2})\s*(?:[h:.]\s*(\d{2})?)?", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"(\d{1,2})(\d{2})")


def parse_clock(text: str) -> time:
    """The time written in ``text``; a UserError in French when it is not one."""
    cleaned = text.strip()
    match = _CLOCK.fullmatch(cleaned) or _DIGITS_ONLY.fullmatch(cleaned)
    if match is None:
        raise UserError(f"« {cleaned} » n'est pas une heure : écrivez-la par exemple 9h30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise UserError(f"« {cleaned} » n'est pas une heure de la journée (00h00 à 23h59).")
    return time(hour, minute)
