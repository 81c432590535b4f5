"""What the journal shows: its filter, its sort, and the words a search is made of."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError

MAX_RANGE_DAYS = 3 * 366  # a wider range is a mistake, and would scan the whole journal
MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 200  # a longer search is a paste; PostgreSQL cannot parse a huge word
_WORD = re.compile(r"\w+", re.UNICODE)


class JournalColumn(StrEnum):
    """The journal's columns, in display order; each one sorts in SQL."""

    TIME = "time"
    CHANNEL = "channel"
    MOTIF = "motif"
    OUTCOME = "outcome"
    PERSON = "person"
    AGENT = "agent"
    WAIT = "wait"
    DURATION = "duration"
    REQUEST = "request"


@dataclass(frozen=True, slots=True)
class JournalSort:
    column: JournalColumn = JournalColumn.TIME
    descending: bool = True  # the latest contact first: the one the agent just logged


@dataclass(frozen=True, slots=True)
class JournalFilter:
    """Contacts between two local dates (inclusive), narrowed by the chosen values.

    Empty sets mean "all". Cancelled contacts leave the journal unless asked for.
    """

    first_day: date
    last_day: date
    channels: frozenset[Channel] = field(default_factory=frozenset)
    outcomes: frozenset[ContactOutcome] = field(default_factory=frozenset)
    motif_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    agent_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    text: str = ""
    include_cancelled: bool = False

    @classmethod
    def day(cls, day: date) -> JournalFilter:
        return cls(first_day=day, last_day=day)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as instants: from the first day's midnight to the day after the last,
        in the service's time zone (a day has 23 or 25 hours at the clock changes)."""
        start = datetime.combine(self.first_day, time(0), zone)
        end = datetime.combine(self.last_day + timedelta(days=1), time(0), zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def checked(self) -> JournalFilter:
        if self.last_day < self.first_day:
            raise UserError("La date de fin précède la date de début : inversez-les.")
        if (self.last_day - self.first_day).days > MAX_RANGE_DAYS:
            raise UserError("Choisissez une période de trois ans au plus.")
        search_words(self.text)  # refuses an unusable search before any query
        return self


def fold(text: str) -> str:
    """Lower case without accents: « Hélène » and « helene » are the same word to a person."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_words(text: str) -> list[str]:
    """The words of a search in lower case; punctuation only separates them.

    Accents are kept: SQLite's index ignores them by itself, PostgreSQL's compares them.
    The words are safe to put in a full-text query: letters and digits only.
    """
    if len(text) > MAX_SEARCH_LENGTH:
        raise UserError(
            f"La recherche est trop longue ({len(text)} caractères, {MAX_SEARCH_LENGTH} au "
            "plus) : cherchez avec quelques mots."
        )
    words = [w.casefold().replace("_", "") for w in _WORD.findall(text)]
    words = [w for w in words if w]
    if len(words) > MAX_SEARCH_WORDS:
        raise UserError(f"Cherchez avec {MAX_SEARCH_WORDS} mots au plus.")
    return words


def label_matches(label: str, words: list[str]) -> bool:
    """Every word starts a word of the label (as the full-text search does)."""
    label_words = [fold(w) for w in _WORD.findall(label)]
    return bool(words) and all(any(lw.startswith(fold(w)) for lw in label_words) for w in words)


@dataclass(frozen=True, slots=True)
class JournalRow:
    """One line of the journal, as read for display."""

    id: uuid.UUID
    occurred_at: datetime
    channel: Channel
    motif: str | None
    outcome: ContactOutcome
    redirected_to: str | None
    person_name: str | None
    agent_name: str
    arrived_at: datetime | None
    called_at: datetime | None
    duration_seconds: int | None
    request_reference: str | None
    cancelled: bool
    callback_promised: bool = False  # a missed call the service will return

    @property
    def wait_seconds(self) -> int | None:
        """Measured waiting time of a counter visit, from arrival to being called."""
        if self.arrived_at is None or self.called_at is None:
            return None
        return max(0, int((self.called_at - self.arrived_at).total_seconds()))
