"""Row generation for the demo data, kept apart from the writing and planning in demo.py.

Everything random comes from one ``random.Random``, consumed in a fixed order, so a seed
reproduces the same rows.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from spplus_desk.domain.calendar import ACKNOWLEDGEMENT_DAYS, WorkingCalendar
from spplus_desk.domain.deadline import Deadline, Run, deadline_from, elapsed
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    RequestEventType,
    RequestStatus,
    WaitPolicy,
)
from spplus_desk.domain.ids import uuid_v7
from spplus_desk.domain.request_state import RequestEventData, RequestTerms, derive
from spplus_desk.domain.service import TimeRange
from spplus_desk.services import demo_data as vocab

# id, channels, delay amount and unit, wait policy, implicit decision and its months
KindRow = tuple[uuid.UUID, tuple[Channel, ...], int, DelayUnit, WaitPolicy, str, int]
SLOT_MINUTES = 5
_SLOT_SECONDS = range(SLOT_MINUTES * 60)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_ONSITE = frozenset({Channel.COUNTER, Channel.APPOINTMENT_ONSITE})
_WRITTEN = frozenset(c for c in Channel if c.is_written)
_UNANSWERED = frozenset(o for o in ContactOutcome if o.is_unanswered_call)
_REDIRECTED = ContactOutcome.REDIRECTED


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: date
    count: int
    ranges: tuple[TimeRange, ...]


class RowFactory:
    def __init__(
        self,
        *,
        rng: random.Random,
        zone: ZoneInfo,
        calendar: WorkingCalendar,
        agents: list[uuid.UUID],
        motifs: list[uuid.UUID],
        kinds: list[KindRow],
        today: date,
    ) -> None:
        if not agents or not kinds:
            raise ValueError("demo data needs agents and kinds of request")
        self.rng, self.zone, self.calendar = rng, zone, calendar
        # Nothing happens after yesterday: demo rows are never later than "now".
        self.last_day = today - timedelta(days=1)
        self.agents, self.motifs = agents, motifs
        self.kinds_by_channel = {
            channel: [k for k in kinds if channel in k[1]] or kinds for channel in Channel
        }
        self.channels = list(vocab.CHANNEL_WEIGHTS)
        self.channel_cum = list(accumulate(vocab.CHANNEL_WEIGHTS.values()))
        self.outcomes = list(vocab.OUTCOME_WEIGHTS)
        self.outcome_cum = list(accumulate(vocab.OUTCOME_WEIGHTS.values()))
        # A few motifs make most of the traffic (Zipf-like), as at a real counter.
        self.motif_cum = list(accumulate(1 / (rank + 1) for rank in range(len(motifs))))
        self._due_cache: dict[tuple[date, int, DelayUnit], date] = {}
        self._deadline_cache: dict[tuple[date, int, DelayUnit], Deadline] = {}

    def _uuid(self, at: datetime) -> uuid.UUID:
        # Whole seconds since the epoch are exact in UTC: cheaper than at.timestamp().
        millis = (at - _EPOCH) // _MILLISECOND
        return uuid_v7(millis, self.rng.getrandbits(74))

    def _slots(self, plan: DayPlan) -> tuple[list[int], list[float]]:
        slots: list[int] = []
        for r in plan.ranges:
            start, end = r.start.hour * 60 + r.start.minute, r.end.hour * 60 + r.end.minute
            slots.extend(range(start, end, SLOT_MINUTES))
        weights = [vocab.HOUR_WEIGHTS.get(m // 60, 0.5) for m in slots]
        return slots, list(accumulate(weights))

    def _utc_midnight(self, day: date) -> datetime:
        # Offset taken at noon: daylight-saving switches happen at night, never while open.
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=self.zone).utcoffset()
        return datetime(day.year, day.month, day.day, tzinfo=UTC) - (offset or timedelta())

    def add_day(
        self,
        plan: DayPlan,
        contacts: list[dict[str, Any]],
        requests: list[dict[str, Any]],
        events: list[dict[str, Any]],
    ) -> None:
        # Everything a day needs is drawn in bulk: one C-level call per column instead of
        # several Python calls per contact (a million contacts take a few seconds less).
        rng, count = self.rng, plan.count
        slots, cum = self._slots(plan)
        minutes = sorted(rng.choices(slots, cum_weights=cum, k=count))
        channels = rng.choices(self.channels, cum_weights=self.channel_cum, k=count)
        on_duty = rng.sample(self.agents, k=min(len(self.agents), 5))
        agents = rng.choices(on_duty, k=count)
        motifs = (
            rng.choices(self.motifs, cum_weights=self.motif_cum, k=count)
            if self.motifs
            else [None] * count
        )
        general = rng.choices(self.outcomes, cum_weights=self.outcome_cum, k=count)
        draws = [rng.random() for _ in range(count)]
        seconds = rng.choices(_SLOT_SECONDS, k=count)
        notes = rng.choices(vocab.NOTES, k=count)
        midnight = self._utc_midnight(plan.day)
        opened = ContactOutcome.REQUEST_OPENED
        for i, channel in enumerate(channels):
            offset = minutes[i] * 60 + seconds[i]
            occurred = midnight + timedelta(seconds=offset)
            outcome = self._outcome(channel, draws[i], general[i])
            contact = self._contact(occurred, channel, outcome, agents[i], motifs[i], notes[i])
            contacts.append(contact)
            if outcome is opened:
                self._request(contact, plan.day, requests, events)

    def _outcome(self, channel: Channel, draw: float, general: ContactOutcome) -> ContactOutcome:
        if channel is Channel.PHONE:
            if draw < vocab.MISSED_CALL_SHARE:
                return ContactOutcome.MISSED_CALL
            if draw < vocab.MISSED_CALL_SHARE + vocab.ABANDONED_CALL_SHARE:
                return ContactOutcome.ABANDONED_CALL
        elif channel in _WRITTEN:
            if draw < vocab.WRITTEN_REQUEST_SHARE:
                return ContactOutcome.REQUEST_OPENED
            return ContactOutcome.IMMEDIATE_ANSWER
        return general

    def _contact(
        self,
        occurred: datetime,
        channel: Channel,
        outcome: ContactOutcome,
        agent: uuid.UUID,
        motif: uuid.UUID | None,
        notes: str,
    ) -> dict[str, Any]:
        rng = self.rng
        arrived = called = None
        duration: int | None = None
        name = phone = email = None
        if outcome not in _UNANSWERED:
            if channel in _ONSITE:
                mean = vocab.MEAN_COUNTER_WAIT_MINUTES if channel is Channel.COUNTER else 2.0
                wait = min(rng.expovariate(1 / (mean * 60)), 90 * 60)
                arrived, called = occurred - timedelta(seconds=int(wait)), occurred
                duration = int(rng.lognormvariate(6.2, 0.5))  # ~8 min
            elif channel not in _WRITTEN:
                duration = int(rng.lognormvariate(5.4, 0.6))  # ~4 min
            if rng.random() < vocab.IDENTIFIED_SHARE:
                first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
                name = f"{first} {last}"
                if rng.random() < 0.6:  # ARCEP numbers reserved for fiction
                    phone = f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}"
                if channel is Channel.EMAIL or rng.random() < 0.25:
                    email = _ascii(f"{first}.{last}@example.org".lower().replace(" ", "-"))
        needs = rng.choice(vocab.NEED_CHOICES).value if rng.random() < vocab.NEED_SHARE else 0
        redirected = rng.choice(vocab.REDIRECTIONS) if outcome is _REDIRECTED else None
        # Half the missed calls that left a number are promised a callback.
        callback = outcome is ContactOutcome.CALLBACK_PROMISED or (
            outcome is ContactOutcome.MISSED_CALL and phone is not None and rng.random() < 0.5
        )
        satisfaction, comment = self._satisfaction(outcome)
        return {
            "id": self._uuid(occurred),
            "occurred_at": occurred,
            "recorded_at": occurred + timedelta(seconds=(duration or 0) + 20),
            "agent_id": agent,
            "channel": channel.value,
            "motif_id": motif,
            "outcome": outcome.value,
            "redirected_to": redirected,
            "person_name": name,
            "person_phone": phone,
            "person_email": email,
            "needs": needs,
            "arrived_at": arrived,
            "called_at": called,
            "duration_seconds": duration,
            "notes": notes,
            "callback_promised": callback,
            "satisfaction": satisfaction,
            "satisfaction_comment": comment,
            "cancelled_at": None,
            "cancel_reason": None,
            "version": 1,
        }

    def _satisfaction(self, outcome: ContactOutcome) -> tuple[str | None, str | None]:
        """Asked at the end of some contacts: mostly satisfied, as services report."""
        rng = self.rng
        if outcome in _UNANSWERED or rng.random() >= vocab.SATISFACTION_ASKED_SHARE:
            return None, None
        level = rng.choices(
            list(vocab.SATISFACTION_WEIGHTS), list(vocab.SATISFACTION_WEIGHTS.values())
        )[0]
        comments = vocab.SATISFACTION_COMMENTS[level]
        comment = rng.choice(comments) if rng.random() < vocab.SATISFACTION_COMMENT_SHARE else None
        return level.value, comment

    def _due(self, start: date, amount: int, unit: DelayUnit) -> date:
        key = (start, amount, unit)
        if key not in self._due_cache:
            self._due_cache[key] = self.calendar.add_days(start, amount, unit).due
        return self._due_cache[key]

    def _deadline(self, received_at: datetime, received: date, delay: Delay) -> Deadline:
        """The engine's deadline; day delays depend only on the day of receipt."""
        key = (received, delay.amount, delay.unit)
        if key not in self._deadline_cache:
            self._deadline_cache[key] = deadline_from(self.calendar, received_at, delay)
        return self._deadline_cache[key]

    def _working_day_after(self, start: date, days: int) -> date:
        return self._due(start, max(days, 1), DelayUnit.WORKING_DAYS)

    def _at(self, day: date) -> datetime:
        """A moment during office hours of ``day``, in UTC."""
        return self._utc_midnight(day) + timedelta(minutes=self.rng.randrange(9 * 60, 17 * 60))

    def _request(
        self,
        contact: dict[str, Any],
        received: date,
        requests: list[dict[str, Any]],
        events: list[dict[str, Any]],
    ) -> None:
        rng = self.rng
        channel = Channel(contact["channel"])
        kind_id, _channels, amount, unit, policy, decision, months = rng.choice(
            self.kinds_by_channel[channel]
        )
        deadline = self._deadline(contact["occurred_at"], received, Delay(amount, unit))
        assert deadline.due_date is not None  # a clock never stopped reaches its due date
        due = deadline.due_date
        assignee = contact["agent_id"] if rng.random() < 0.85 else rng.choice(self.agents)
        request_id = self._uuid(contact["occurred_at"])
        trail = [(RequestEventType.RECEIVED, contact["occurred_at"])]
        ack_due = acknowledged = None
        if channel.is_written:
            ack_due = self._due(received, ACKNOWLEDGEMENT_DAYS[channel], DelayUnit.CALENDAR_DAYS)
            ack_day = self._working_day_after(received, rng.randint(1, 4))
            if ack_day <= self.last_day:
                acknowledged = max(self._at(ack_day), contact["occurred_at"])
                trail.append((RequestEventType.ACKNOWLEDGED, acknowledged))
        answered = self._answer_day(received, due)
        answered_at = None
        waiting_reason = None
        if answered is not None:
            answered_at = max(self._at(answered), trail[-1][1] + timedelta(minutes=5))
            trail.append((RequestEventType.ANSWERED, answered_at))
        elif rng.random() < vocab.WAITING_SHARE:
            waiting_day = min(self._working_day_after(received, rng.randint(1, 3)), self.last_day)
            waiting_reason = rng.choice(vocab.MISSING_DOCUMENTS)
            trail.append(
                (
                    RequestEventType.WAITING_FOR_USER,
                    max(self._at(waiting_day), trail[-1][1] + timedelta(minutes=5)),
                )
            )
        status = (
            RequestStatus.ANSWERED
            if answered_at
            else RequestStatus.WAITING
            if waiting_reason
            else RequestStatus.ACKNOWLEDGED
            if acknowledged
            else RequestStatus.OPEN
        )
        if waiting_reason:  # the clock stopped: the engine says what is left of it
            log = [RequestEventData(t, at, waiting_reason) for t, at in trail]
            log[0] = RequestEventData(RequestEventType.RECEIVED, trail[0][1], assignee_id=assignee)
            terms = RequestTerms(channel, Delay(amount, unit), policy)
            deadline = derive(terms, log, self.calendar).deadline
        requests.append(
            {
                "id": request_id,
                "reference": str(received.year),  # numbered when written
                "kind_id": kind_id,
                "contact_id": contact["id"],
                "channel": channel.value,
                "received_at": contact["occurred_at"],
                "delay_amount": amount,
                "delay_unit": unit.value,
                "wait_policy": policy.value,
                "implicit_decision": decision,
                "implicit_months": months,
                "assignee_id": assignee,
                "status": status.value,
                "due_date": deadline.due_date,
                "due_at": deadline.due_at,
                "alert_at": deadline.alert_at,
                "ack_due_date": ack_due,
                "acknowledged_at": acknowledged,
                "answered_at": answered_at,
                "response_time": None
                if answered_at is None
                else elapsed(
                    self.calendar,
                    Delay(amount, unit),
                    (Run(contact["occurred_at"], None, restart=True),),
                    answered_at,
                ),
                "version": 1,
            }
        )
        for seq, (event_type, at) in enumerate(trail, start=1):
            events.append(
                {
                    "id": self._uuid(at),
                    "request_id": request_id,
                    "seq": seq,
                    "type": event_type.value,
                    "at": at,
                    "actor_id": assignee,
                    "reason": waiting_reason
                    if event_type is RequestEventType.WAITING_FOR_USER
                    else None,
                    "assignee_id": assignee if seq == 1 else None,
                }
            )

    def _answer_day(self, received: date, due: date) -> date | None:
        """When the request was answered: on time, late, or not yet (None)."""
        rng = self.rng
        if received >= self.last_day:
            return None
        if due < self.last_day:
            draw = rng.random()
            if draw < vocab.LEFT_OPEN_SHARE:
                return None  # overdue
            if draw < vocab.LEFT_OPEN_SHARE + vocab.ANSWERED_LATE_SHARE:
                late = self._working_day_after(due, rng.randint(1, 8))
                return late if late <= self.last_day else None
        elif rng.random() < 0.55:
            return None  # still within its delay
        span = max((min(due, self.last_day) - received).days, 1)
        day = self._working_day_after(received, 1) + timedelta(days=rng.randrange(span))
        day = min(day, due, self.last_day)
        while day > received and self.calendar.closed_reason(day, DelayUnit.WORKING_DAYS):
            day -= timedelta(days=1)
        return day if day > received else None


def _ascii(text: str) -> str:
    """'inès.guérin' -> 'ines.guerin': what people type in an e-mail address."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
