"""Complaints, suggestions and compliments for the demo data, and the improvements they
prompted (issue 6), so that a person trying the app finds feedback to answer and a
« Vous nous avez dit… / Nous avons fait… » list already filled.

As the right-to-error cases (demo_cases), each entry goes through the real services at
the moment it happened: ``record_feedback`` the day it was received, ``reply_to_feedback``
or ``close_feedback`` on a later day, ``record_improvement`` by the team lead, all in time
order. Most complaints are answered in time, some late, a few still await a reply (some
past their due date) or were closed without one; compliments call for no reply.
"""

from __future__ import annotations

import bisect
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.feedback import (
    DEFAULT_REPLY_DELAY,
    FeedbackDraft,
    FeedbackKind,
    FeedbackRecord,
    FeedbackStatus,
    ImprovementDraft,
    ImprovementStatus,
)
from spplus_desk.domain.service import OpeningHours
from spplus_desk.services import demo_data as vocab
from spplus_desk.services.demo_cases import StoppedClock, open_moment
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import (
    close_feedback,
    record_feedback,
    reply_due,
    reply_to_feedback,
)
from spplus_desk.services.improvements import record_improvement


class Story(Enum):
    """What becomes of an entry that calls for a reply."""

    ON_TIME = "answered by its due date"
    LATE = "answered after its due date"
    AWAITED = "received lately: the reply is not due yet"
    OVERDUE = "received weeks ago, still unanswered"
    CLOSED = "closed without a reply, with a reason"


STORY_WEIGHTS = {
    FeedbackKind.COMPLAINT: {
        Story.ON_TIME: 0.72,
        Story.LATE: 0.12,
        Story.AWAITED: 0.06,
        Story.OVERDUE: 0.04,
        Story.CLOSED: 0.06,
    },
    FeedbackKind.SUGGESTION: {
        Story.ON_TIME: 0.8,
        Story.LATE: 0.08,
        Story.AWAITED: 0.08,
        Story.OVERDUE: 0.02,
        Story.CLOSED: 0.02,
    },
}
_ANSWERED = frozenset({Story.ON_TIME, Story.LATE, Story.CLOSED})
# The first complaints and suggestions of any demo: every story at least once.
SHOWCASE = {
    FeedbackKind.COMPLAINT: (Story.ON_TIME, Story.LATE, Story.AWAITED, Story.OVERDUE, Story.CLOSED),
    FeedbackKind.SUGGESTION: (Story.ON_TIME, Story.AWAITED),
}


@dataclass(frozen=True, slots=True)
class DemoFeedback:
    complaints: int = 0
    suggestions: int = 0
    compliments: int = 0
    to_answer: int = 0  # entries still awaiting their reply at the end
    late: int = 0  # of which past their due date
    improvements: int = 0
    improvements_done: int = 0

    @property
    def entries(self) -> int:
        return self.complaints + self.suggestions + self.compliments


@dataclass(frozen=True, slots=True)
class _Entry:
    """One entry: recorded the day it is received; answered or closed ``later_on``."""

    login: str
    draft: FeedbackDraft
    theme: str
    story: Story | None  # None: no reply expected (a compliment)
    later_on: date | None = None


@dataclass(frozen=True, slots=True)
class _Improvement:
    on: date  # done that day, or decided that day when not done yet
    theme: str
    draft: ImprovementDraft


def feedback_count(contacts: int) -> int:
    """About one entry per 200 contacts, at least 15 (every kind and status), at most 1,000."""
    return min(
        vocab.MAX_FEEDBACK, max(vocab.MIN_FEEDBACK, round(contacts / vocab.CONTACTS_PER_FEEDBACK))
    )


def kind_counts(entries: int) -> dict[FeedbackKind, int]:
    """Half complaints, 30 % suggestions, the rest compliments (rounded half up)."""
    complaints = int(entries * vocab.COMPLAINT_SHARE + 0.5)
    suggestions = int(entries * vocab.SUGGESTION_SHARE + 0.5)
    return {
        FeedbackKind.COMPLAINT: complaints,
        FeedbackKind.SUGGESTION: suggestions,
        FeedbackKind.COMPLIMENT: entries - complaints - suggestions,
    }


def improvement_count(entries: int) -> int:
    """4 to 8 actions: a service answers its most frequent themes first."""
    return min(
        len(vocab.IMPROVEMENTS),
        max(vocab.MIN_IMPROVEMENTS, entries // vocab.FEEDBACK_PER_IMPROVEMENT),
    )


def add_demo_feedback(
    desk: Desk,
    *,
    rng: random.Random,
    contacts: int,
    days: Sequence[date],
    hours: OpeningHours,
    zone: ZoneInfo,
    logins: Sequence[str],
    lead: str,
    today: date,
) -> DemoFeedback:
    """Record ``feedback_count(contacts)`` entries over the open ``days`` (oldest first)
    and the improvements they prompted, decided by ``lead``."""
    if not days or not logins:
        return DemoFeedback()
    maker = _FeedbackMaker(desk, rng, days, logins, today)
    entries = maker.entries(kind_counts(feedback_count(contacts)))
    improvements = maker.improvements(improvement_count(len(entries)))
    return _play(desk, entries, improvements, rng, hours, zone, lead, today)


def _play(
    desk: Desk,
    entries: Sequence[_Entry],
    improvements: Sequence[_Improvement],
    rng: random.Random,
    hours: OpeningHours,
    zone: ZoneInfo,
    lead: str,
    today: date,
) -> DemoFeedback:
    """Record, answer and close the entries and decide the improvements, in time order,
    each at a moment of its day's opening hours."""
    # (day, order within the day: received, then answered, then improvements; index)
    steps = sorted(
        [(entry.draft.received_on, 0, index) for index, entry in enumerate(entries)]
        + [(e.later_on, 1, index) for index, e in enumerate(entries) if e.later_on]
        + [(action.on, 2, index) for index, action in enumerate(improvements)]
    )
    records: dict[int, FeedbackRecord] = {}
    for day, step, index in steps:
        at_desk = replace(desk, clock=StoppedClock(open_moment(rng, day, hours, zone)))
        if step == 0:
            entry = entries[index]
            records[index] = record_feedback(at_desk, login=entry.login, draft=entry.draft)
        elif step == 1:
            records[index] = _answer(at_desk, entries[index], records[index], rng)
        else:
            action = improvements[index]
            prompting = sorted(
                (entry.draft.received_on, i)
                for i, entry in enumerate(entries)
                if entry.theme == action.theme and entry.draft.received_on < action.on
            )[-vocab.MAX_LINKED_FEEDBACK :]  # the latest entries on its theme
            draft = replace(
                action.draft, feedback_ids=frozenset(records[i].id for _, i in prompting)
            )
            record_improvement(at_desk, login=lead, draft=draft)
    waiting = [r for r in records.values() if r.status is FeedbackStatus.TO_ANSWER]
    kinds = [entry.draft.kind for entry in entries]
    return DemoFeedback(
        complaints=kinds.count(FeedbackKind.COMPLAINT),
        suggestions=kinds.count(FeedbackKind.SUGGESTION),
        compliments=kinds.count(FeedbackKind.COMPLIMENT),
        to_answer=len(waiting),
        late=sum(1 for r in waiting if r.reply_due is not None and r.reply_due < today),
        improvements=len(improvements),
        improvements_done=sum(
            1 for action in improvements if action.draft.status is ImprovementStatus.DONE
        ),
    )


def _answer(
    desk: Desk, entry: _Entry, record: FeedbackRecord, rng: random.Random
) -> FeedbackRecord:
    assert entry.later_on is not None  # only entries answered or closed have this step
    if entry.story is Story.CLOSED:
        return close_feedback(
            desk,
            login=entry.login,
            feedback_id=record.id,
            version=record.version,
            reason=rng.choice(vocab.CLOSE_REASONS),
        )
    return reply_to_feedback(
        desk,
        login=entry.login,
        feedback_id=record.id,
        version=record.version,
        reply=vocab.FEEDBACK_REPLIES[entry.theme],
        replied_on=entry.later_on,
    )


class _FeedbackMaker:
    def __init__(
        self,
        desk: Desk,
        rng: random.Random,
        days: Sequence[date],
        logins: Sequence[str],
        today: date,
    ) -> None:
        self.desk, self.rng, self.days = desk, rng, list(days)
        self.logins, self.today = list(logins), today
        self.delay = parse_delay(DEFAULT_REPLY_DELAY)
        self.themes = list(vocab.FEEDBACK_TEXTS)

    def day_between(self, first_back: int, last_back: int) -> date:
        """An open day between ``first_back`` and ``last_back`` days before today (the
        nearest open day when there is none in between)."""
        low = bisect.bisect_left(self.days, self.today - timedelta(days=first_back))
        high = bisect.bisect_right(self.days, self.today - timedelta(days=last_back))
        if low < high:
            return self.days[self.rng.randrange(low, high)]
        return self.days[min(low, len(self.days) - 1)]

    def open_day_in(self, first: date, last: date) -> date | None:
        """An open day from ``first`` to ``last`` (both included) before today, if any."""
        low = bisect.bisect_left(self.days, first)
        high = bisect.bisect_right(self.days, min(last, self.today - timedelta(days=1)))
        return self.days[self.rng.randrange(low, high)] if low < high else None

    # --- the entries ------------------------------------------------------------------

    def entries(self, counts: dict[FeedbackKind, int]) -> list[_Entry]:
        """The showcase stories first, then stories drawn at random. The first entries
        answered take the improvements' themes, early in the year: every action then
        has feedback that prompted it."""
        made: list[_Entry] = []
        themes = iter([theme for theme, *_ in vocab.IMPROVEMENTS])
        for kind, count in counts.items():
            if kind is FeedbackKind.COMPLIMENT:
                made += [self.entry(kind, None, None) for _ in range(count)]
                continue
            weights = STORY_WEIGHTS[kind]
            stories = list(SHOWCASE[kind][:count])
            stories += self.rng.choices(
                list(weights), weights=list(weights.values()), k=count - len(stories)
            )
            for story in stories:
                early = next(themes, None) if story in _ANSWERED else None
                made.append(self.entry(kind, story, early))
        return made

    def entry(self, kind: FeedbackKind, story: Story | None, early_theme: str | None) -> _Entry:
        rng = self.rng
        theme = early_theme or rng.choice(self.themes)
        received = self.day_between(365, 200) if early_theme else self.received_day(story)
        channel = rng.choices(
            list(vocab.FEEDBACK_CHANNEL_WEIGHTS),
            weights=list(vocab.FEEDBACK_CHANNEL_WEIGHTS.values()),
        )[0]
        if kind is FeedbackKind.COMPLIMENT:
            text = rng.choice(vocab.COMPLIMENTS)
        else:
            complaints, suggestions = vocab.FEEDBACK_TEXTS[theme]
            text = rng.choice(complaints if kind is FeedbackKind.COMPLAINT else suggestions)
        # Closed ones were anonymous, duplicates or for another service.
        named = story is not Story.CLOSED and rng.random() < vocab.FEEDBACK_NAMED_SHARE
        name, phone, email = self.person(channel, named=named)
        draft = FeedbackDraft(
            kind=kind,
            channel=channel,
            received_on=received,
            text=text,
            reply_delay=None if story is None else self.delay,
            person_name=name,
            person_phone=phone,
            person_email=email,
        )
        login = rng.choice(self.logins)
        if story is None:
            return _Entry(login, draft, "", None)
        return _Entry(login, draft, theme, story, self.later_day(story, received))

    def received_day(self, story: Story | None) -> date:
        if story is Story.AWAITED:
            return self.day_between(8, 1)  # 15 working days: not due yet
        if story is Story.OVERDUE:
            return self.day_between(120, 35)
        if story is Story.LATE:
            return self.day_between(365, 45)
        return self.day_between(365, 25)  # answered or closed by now

    def later_day(self, story: Story, received: date) -> date | None:
        """The day of the reply (or of the closing); None while it is awaited."""
        if story in (Story.AWAITED, Story.OVERDUE):
            return None
        after = received + timedelta(days=1)
        if story is Story.CLOSED:
            return self.open_day_in(after, received + timedelta(days=10))
        due = reply_due(self.desk, received, self.delay)
        if story is Story.LATE:
            return self.open_day_in(due + timedelta(days=1), due + timedelta(days=20))
        return self.open_day_in(after, due)

    def person(self, channel: Channel, *, named: bool) -> tuple[str, str, str]:
        """Someone to answer: their name and the channel's address (phone numbers in
        ARCEP's range for fiction, e-mails at RFC 2606's example.org); or nobody."""
        if not named:
            return "", "", ""
        rng = self.rng
        first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
        phone = email = ""
        if channel is Channel.PHONE:
            phone = f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}"
        elif channel in (Channel.EMAIL, Channel.ONLINE_FORM):
            email = f"{_ascii(first)}.{_ascii(last)}@example.org"
        return f"{first} {last}", phone, email

    # --- the improvements -------------------------------------------------------------

    def improvements(self, count: int) -> list[_Improvement]:
        """Done ones some weeks after the showcase feedback; the others decided lately."""
        made = []
        for theme, said, done, status_code in vocab.IMPROVEMENTS[:count]:
            status = ImprovementStatus(status_code)
            if status is ImprovementStatus.DONE:
                on = self.day_between(180, 20)
            else:
                on = self.day_between(30, 1)
            draft = ImprovementDraft(
                said=said,
                done=done,
                status=status,
                done_on=on if status is ImprovementStatus.DONE else None,
            )
            made.append(_Improvement(on, theme, draft))
        return made


def _ascii(name: str) -> str:
    """'Aïcha' -> 'aicha', 'Da Silva' -> 'dasilva': an e-mail address's local part."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())
