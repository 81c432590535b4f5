"""Right-to-error cases for the demo data, so that a person trying the app finds a living
register (issue 5): eligible and not, regularised or awaited, a few overdue.

Cases are few (about one per 200 contacts), so each goes through the real services with
the clock set to the moment it happened: ``record_case`` the day the error is found,
``correct_case`` the day a later regularisation comes in, all in time order. The audit
trail, the regularisation deadlines on the board and every check are those of a real
case. What the cases say is reproducible from the seed; their identifiers are not (the
services draw them).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorCaseRecord,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.service import OpeningHours
from spplus_desk.services import demo_data as vocab
from spplus_desk.services.choice_lists import PROCEDURES, ChoiceInfo, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import correct_case, record_case

CORRECTION_REASON = "Régularisation reçue"


class Story(Enum):
    """What becomes of a case."""

    SPONTANEOUS = "put right the day it is found: no sanction"
    SPONTANEOUS_LATER = "put right some days later: the sanction is waived"
    INVITED_DONE = "invited to regularise, done within the delay"
    INVITED_AWAITED = "invited lately: the delay runs"
    INVITED_OVERDUE = "invited long ago, nothing came: late on the board"
    MAINTAINED = "done after the delay: the sanction is maintained"
    LATE_DECLARATION = "a late declaration: not covered"
    FRAUD = "fraud: not covered"
    PROTECTED = "a rule protecting safety: not covered"
    REPEAT = "the same person again: not a first time"


# The first cases of any demo, one story or two each: a small demo shows them all. The
# first one falls in the first half of the year, so a later repeat always has a past.
SHOWCASE = (
    Story.SPONTANEOUS,
    Story.SPONTANEOUS_LATER,
    Story.INVITED_DONE,
    Story.INVITED_DONE,
    Story.INVITED_AWAITED,
    Story.INVITED_OVERDUE,
    Story.INVITED_OVERDUE,
    Story.LATE_DECLARATION,
    Story.FRAUD,
    Story.PROTECTED,
    Story.REPEAT,
    Story.MAINTAINED,
)
# The stories of the cases beyond those: mostly rights to error granted.
STORY_WEIGHTS = {
    Story.SPONTANEOUS: 0.3,
    Story.SPONTANEOUS_LATER: 0.15,
    Story.INVITED_DONE: 0.22,
    Story.INVITED_AWAITED: 0.04,
    Story.INVITED_OVERDUE: 0.02,
    Story.MAINTAINED: 0.02,
    Story.LATE_DECLARATION: 0.08,
    Story.FRAUD: 0.03,
    Story.PROTECTED: 0.05,
    Story.REPEAT: 0.09,
}
_NOT_COVERED = frozenset({Story.LATE_DECLARATION, Story.FRAUD, Story.PROTECTED, Story.REPEAT})


@dataclass(frozen=True, slots=True)
class DemoCases:
    cases: int
    awaited: int  # invited regularisations still awaited at the end
    late: int  # of which the deadline has passed


@dataclass(frozen=True, slots=True)
class _Plan:
    """One case: what is recorded the day it is found, and what a later day brings."""

    login: str
    found_at: datetime
    draft: CaseDraft
    later_at: datetime | None = None
    later: CaseDraft | None = None


@dataclass(frozen=True, slots=True)
class StoppedClock:
    """The services' clock set to the moment a demo event happened (demo_feedback too)."""

    at: datetime

    def now(self) -> datetime:
        return self.at


def open_moment(rng: random.Random, day: date, hours: OpeningHours, zone: ZoneInfo) -> datetime:
    """A minute of the day's opening hours, in UTC."""
    ranges = hours.days[day.weekday()]
    minutes = [
        minute
        for r in ranges
        for minute in range(r.start.hour * 60 + r.start.minute, r.end.hour * 60 + r.end.minute)
    ] or [10 * 60]
    minute = rng.choice(minutes)
    local = datetime.combine(day, time(minute // 60, minute % 60), zone)
    return local.astimezone(UTC)


def case_count(contacts: int) -> int:
    """About one case per 200 contacts, at least 12 (every story), at most 1,000."""
    return min(vocab.MAX_CASES, max(vocab.MIN_CASES, round(contacts / vocab.CONTACTS_PER_CASE)))


def add_demo_cases(
    desk: Desk,
    *,
    rng: random.Random,
    contacts: int,
    days: Sequence[date],
    hours: OpeningHours,
    zone: ZoneInfo,
    logins: Sequence[str],
    today: date,
) -> DemoCases:
    """Record the cases of ``case_count(contacts)`` over the open ``days`` (oldest first);
    none when the service has no procedure left to choose."""
    procedures = list_choices(desk, PROCEDURES)
    if not procedures or not days or not logins:
        return DemoCases(0, 0, 0)
    maker = _CaseMaker(rng, days, hours, zone, procedures, logins, today)
    count = case_count(contacts)
    stories = list(SHOWCASE[:count])
    extra = list(STORY_WEIGHTS)
    stories += rng.choices(extra, weights=list(STORY_WEIGHTS.values()), k=count - len(stories))
    plans = [maker.plan(story, first=index == 0) for index, story in enumerate(stories)]
    return _record(desk, plans, today=today)


def _record(desk: Desk, plans: Sequence[_Plan], *, today: date) -> DemoCases:
    """Play the plans in time order, each at its own moment."""
    steps = sorted(
        [(plan.found_at, index, False) for index, plan in enumerate(plans)]
        + [(plan.later_at, index, True) for index, plan in enumerate(plans) if plan.later_at]
    )
    records: dict[int, ErrorCaseRecord] = {}
    for at, index, correcting in steps:
        plan = plans[index]
        at_desk = replace(desk, clock=StoppedClock(at))
        if not correcting:
            records[index] = record_case(at_desk, login=plan.login, draft=plan.draft)
            continue
        assert plan.later is not None
        recorded = records[index]
        records[index] = correct_case(
            at_desk,
            login=plan.login,
            case_id=recorded.id,
            version=recorded.version,
            draft=plan.later,
            reason=CORRECTION_REASON,
        )
    awaited = [
        record.follow_up
        for record in records.values()
        if record.follow_up is not None and not record.follow_up.done
    ]
    late = [f for f in awaited if f.due_date is not None and f.due_date < today]
    return DemoCases(len(records), len(awaited), len(late))


class _CaseMaker:
    def __init__(
        self,
        rng: random.Random,
        days: Sequence[date],
        hours: OpeningHours,
        zone: ZoneInfo,
        procedures: Sequence[ChoiceInfo],
        logins: Sequence[str],
        today: date,
    ) -> None:
        self.rng, self.days, self.hours, self.zone = rng, list(days), hours, zone
        self.procedures, self.logins = list(procedures), list(logins)
        self.today = today
        # A few procedures make most of the cases, as at a real service.
        self.procedure_weights = [1 / (rank + 1) for rank in range(len(procedures))]
        self.named: list[tuple[date, PersonIdentity, ChoiceInfo]] = []  # for repeats
        self.used_names: set[str] = set()

    # --- days and moments ----------------------------------------------------------

    def day_between(self, first_back: int, last_back: int) -> date:
        """An open day between ``first_back`` and ``last_back`` days before today (the
        nearest open day when there is none in between: a short period)."""
        low = bisect.bisect_left(self.days, self.today - timedelta(days=first_back))
        high = bisect.bisect_right(self.days, self.today - timedelta(days=last_back))
        if low < high:
            return self.days[self.rng.randrange(low, high)]
        return self.days[min(low, len(self.days) - 1)]

    def open_day_after(self, day: date, days: int) -> date | None:
        """The first open day at least ``days`` after ``day``; None after the period."""
        index = bisect.bisect_left(self.days, day + timedelta(days=days))
        return self.days[index] if index < len(self.days) else None

    def moment(self, day: date) -> datetime:
        return open_moment(self.rng, day, self.hours, self.zone)

    # --- the case ------------------------------------------------------------------

    def plan(self, story: Story, *, first: bool = False) -> _Plan:
        rng = self.rng
        day = self.found_day(story, first=first)
        procedure = self.procedure(story)
        person = self.person(named=first or rng.random() < 0.8)
        if story is Story.REPEAT:
            earlier = [entry for entry in self.named if entry[0] <= day - timedelta(days=30)]
            if earlier:  # else a repeat of an error made before the register was kept
                _, person, procedure = rng.choice(earlier)
        elif person.name:
            self.named.append((day, person, procedure))
        nature = (
            ErrorNature.LATE_DECLARATION
            if story is Story.LATE_DECLARATION
            else rng.choices(
                list(vocab.CASE_NATURE_WEIGHTS), weights=list(vocab.CASE_NATURE_WEIGHTS.values())
            )[0]
        )
        channel = rng.choices(
            list(vocab.CASE_CHANNEL_WEIGHTS), weights=list(vocab.CASE_CHANNEL_WEIGHTS.values())
        )[0]
        found = CaseDraft(
            procedure_id=procedure.id,
            nature=nature,
            channel=channel,
            error_on=None if rng.random() < 0.1 else day - timedelta(days=rng.randint(3, 150)),
            discovered_on=day,
            discovered_by=self.discovered_by(story),
            checklist_first_time=story is not Story.REPEAT,
            checklist_good_faith=story is not Story.FRAUD,
            exclusions=_exclusions(story),
            regularisation=None,
            invited_on=None,
            regularisation_delay=None,
            regularised_on=None,
            outcome=CaseOutcome.NOT_ELIGIBLE if story in _NOT_COVERED else CaseOutcome.PENDING,
            amount_cents=self.amount(story),
            person=person,
            notes=self.notes(story, nature),
        )
        return self.regularised(story, found)

    def found_day(self, story: Story, *, first: bool) -> date:
        if first:
            return self.day_between(365, 200)
        if story is Story.INVITED_AWAITED:
            return self.day_between(20, 1)  # a 30-day delay still runs today
        if story is Story.INVITED_OVERDUE:
            return self.day_between(150, 45)
        if story is Story.MAINTAINED:
            return self.day_between(300, 70)
        if story is Story.REPEAT:
            return self.day_between(180, 1)
        if story in (Story.INVITED_DONE, Story.SPONTANEOUS_LATER):
            return self.day_between(365, 40)  # the regularisation came before today
        return self.day_between(365, 1)

    def regularised(self, story: Story, found: CaseDraft) -> _Plan:
        """The regularisation: the day the case is found, or a later day's correction."""
        rng, day = self.rng, found.discovered_on
        login = rng.choice(self.logins)
        plan = _Plan(login, self.moment(day), found)
        if story is Story.SPONTANEOUS:
            done = replace(
                found,
                regularisation=Regularisation.SPONTANEOUS,
                regularised_on=day,
                outcome=CaseOutcome.NO_SANCTION,
            )
            return replace(plan, draft=done)
        if story is Story.SPONTANEOUS_LATER:
            found = replace(found, regularisation=Regularisation.SPONTANEOUS)
            return self.done_later(plan, found, rng.randint(2, 20), CaseOutcome.SANCTION_WAIVED)
        if story not in (
            Story.INVITED_DONE,
            Story.INVITED_AWAITED,
            Story.INVITED_OVERDUE,
            Story.MAINTAINED,
        ):
            return plan
        delay_text = "15 jours calendaires" if story is Story.MAINTAINED else "30 jours calendaires"
        if story is Story.INVITED_DONE:
            delay_text = rng.choice(vocab.CASE_DELAYS)
        delay = parse_delay(delay_text)
        found = replace(
            found,
            regularisation=Regularisation.INVITED,
            invited_on=day,
            regularisation_delay=delay,
        )
        if story is Story.INVITED_DONE:
            outcome = CaseOutcome.SANCTION_WAIVED if found.amount_cents else CaseOutcome.NO_SANCTION
            return self.done_later(plan, found, rng.randint(3, delay.amount - 3), outcome)
        if story is Story.MAINTAINED:
            maintained = replace(found, outcome_reason=vocab.MAINTAINED_REASON)
            return self.done_later(
                plan, maintained, delay.amount + rng.randint(5, 20), CaseOutcome.SANCTION_MAINTAINED
            )
        return replace(plan, draft=found)  # awaited, or overdue by now

    def done_later(self, plan: _Plan, found: CaseDraft, after: int, outcome: CaseOutcome) -> _Plan:
        later = self.open_day_after(found.discovered_on, after)
        if later is None:  # not yet: the case stays pending
            return replace(plan, draft=found)
        done = replace(found, regularised_on=later, outcome=outcome)
        return replace(plan, draft=found, later_at=self.moment(later), later=done)

    def discovered_by(self, story: Story) -> DiscoveredBy:
        if story in (Story.SPONTANEOUS, Story.SPONTANEOUS_LATER):
            return DiscoveredBy.PERSON
        if story in (Story.LATE_DECLARATION, Story.REPEAT):
            return self.rng.choice((DiscoveredBy.PERSON, DiscoveredBy.SERVICE))
        return DiscoveredBy.SERVICE

    def procedure(self, story: Story) -> ChoiceInfo:
        if story is Story.PROTECTED:
            protected = [
                p for p in self.procedures if p.label.startswith(vocab.PROTECTED_PROCEDURES)
            ]
            if protected:
                return self.rng.choice(protected)
        return self.rng.choices(self.procedures, weights=self.procedure_weights)[0]

    def person(self, *, named: bool) -> PersonIdentity:
        """Someone new (a name not used by another case while names remain), or nobody:
        a person may stay anonymous."""
        if not named:
            return PersonIdentity()
        rng = self.rng
        for _ in range(20):
            name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        # ARCEP numbers reserved for fiction, as the demo's contacts have.
        phone = f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}"
        return PersonIdentity(name, phone if rng.random() < 0.5 else "")

    def amount(self, story: Story) -> int | None:
        share = {
            Story.SPONTANEOUS_LATER: 1.0,  # a sanction was waived: it had an amount
            Story.MAINTAINED: 1.0,
            Story.FRAUD: 0.9,
            Story.INVITED_DONE: 0.5,
        }.get(story, 0.25)
        return self.rng.choice(vocab.CASE_AMOUNTS_CENTS) if self.rng.random() < share else None

    def notes(self, story: Story, nature: ErrorNature) -> str:
        if story is Story.FRAUD:
            return vocab.FRAUD_NOTE
        if story is Story.PROTECTED:
            return vocab.PROTECTED_NOTE
        if story is Story.REPEAT:
            return vocab.REPEAT_NOTE
        return self.rng.choice(vocab.CASE_NOTES[nature]) if self.rng.random() < 0.7 else ""


def _exclusions(story: Story) -> frozenset[Exclusion]:
    if story is Story.FRAUD:
        return frozenset({Exclusion.FRAUD})
    if story is Story.PROTECTED:
        return frozenset({Exclusion.PROTECTED_INTERESTS})
    return frozenset()
