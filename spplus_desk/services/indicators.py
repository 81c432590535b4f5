"""The SP+ indicators of a period, from what agents already log (issue 6).

One read, one consistent snapshot: the journal's roll-ups, the requests' answers, the
feedback and the right-to-error register. Every figure keeps its numerator and
denominator (``domain.indicators``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, DelayUnit, Satisfaction
from spplus_desk.domain.feedback import FeedbackKind
from spplus_desk.domain.indicators import (
    ContactIndicators,
    FeedbackIndicators,
    Indicators,
    Period,
    Ratio,
    RequestIndicators,
    SatisfactionCounts,
    busy_hours,
    histogram_distribution,
)
from spplus_desk.services.desk import Desk
from spplus_desk.store import error_cases, indicators, requests
from spplus_desk.store import feedback as feedback_store

SHORT_WAIT_MINUTES = 15  # « part des attentes de moins de 15 minutes »
MINUTES_PER_HOUR = 60


def period_indicators(desk: Desk, period: Period) -> Indicators:
    """Every indicator of ``period`` (local days of the service, both included)."""
    period = period.checked()
    now = desk.clock.now()
    with desk.database.snapshot() as session:  # the counts of one instant add up
        zone = requests.service_calendar(session).zone
        bounds = period.bounds(zone)
        contacts = _contacts(session, period, bounds, zone)
        today = now.astimezone(zone).date()
        register = error_cases.register_stats(session, period.first_day, period.last_day, at=now)
        return Indicators(
            period=period,
            contacts=contacts,
            requests=_requests(session, period, bounds, now),
            feedback=_feedback(session, period, bounds, today),
            error_cases={outcome: n for outcome, n in register.by_outcome.items() if n},
        )


def period_busy_hours(desk: Desk, period: Period) -> dict[tuple[int, int], int]:
    """Contacts by (weekday, local hour) over ``period``: the busy hours a poster names,
    from the hourly roll-ups alone."""
    period = period.checked()
    with desk.database.reading() as session:
        zone = requests.service_calendar(session).zone
        return busy_hours(indicators.contacts_by_hour(session, period.bounds(zone)), zone)


def _contacts(
    session: Session, period: Period, bounds: tuple[datetime, datetime], zone: ZoneInfo
) -> ContactIndicators:
    by_channel = indicators.contacts_by_channel(session, bounds)
    by_motif = indicators.contacts_by_motif(session, bounds)
    without_motif = sum(by_channel.values()) - sum(n for _, n in by_motif)
    if without_motif > 0:  # "" for the contacts without a motif, in its place by count
        by_motif = sorted([*by_motif, ("", without_motif)], key=lambda m: (-m[1], m[0]))
    needed, answered = indicators.phone_pickup(session, bounds)
    minutes, seconds = indicators.counter_waits(session, bounds)
    waits = histogram_distribution(
        [(float(m), n) for m, n in minutes], threshold=SHORT_WAIT_MINUTES
    )
    if waits.count:  # the mean from the exact seconds, not the whole minutes
        waits = replace(waits, mean=seconds / 60 / waits.count)
    return ContactIndicators(
        period=period,
        by_channel=by_channel,
        by_motif=tuple(by_motif),
        busy_hours=busy_hours(indicators.contacts_by_hour(session, bounds), zone),
        pickup=Ratio(answered, needed),
        waits=waits,
    )


def _requests(
    session: Session, period: Period, bounds: tuple[datetime, datetime], now: datetime
) -> RequestIndicators:
    answered = indicators.answers(session, bounds)
    late = indicators.late_unanswered(session, period.first_day, period.last_day, now)
    due: Counter[uuid.UUID] = Counter(late)
    in_time: Counter[uuid.UUID] = Counter()
    days: Counter[float] = Counter()
    hours: Counter[float] = Counter()
    for kind, unit, response, on_time, count in answered:
        due[kind] += count
        if on_time:
            in_time[kind] += count
        if response is None:
            continue
        if unit is DelayUnit.WORKING_HOURS:
            hours[response / MINUTES_PER_HOUR] += count
        else:
            days[float(response)] += count
    labels = indicators.kind_labels(session)
    by_kind = sorted(due.items(), key=lambda item: (-item[1], labels.get(item[0], "")))
    return RequestIndicators(
        on_time=Ratio(sum(in_time.values()), sum(due.values())),
        response_days=histogram_distribution(list(days.items())),
        response_hours=histogram_distribution(list(hours.items())),
        on_time_by_kind=tuple(
            (labels.get(kind, "?"), Ratio(in_time[kind], count)) for kind, count in by_kind
        ),
    )


def _feedback(
    session: Session, period: Period, bounds: tuple[datetime, datetime], today: date
) -> FeedbackIndicators:
    by_channel: dict[Channel, Counter[str]] = {}
    for channel, answer, count in indicators.satisfaction_answers(session, bounds):
        by_channel.setdefault(channel, Counter())[answer] += count
    per_channel = {channel: _satisfaction(counts) for channel, counts in by_channel.items()}
    overall: Counter[str] = Counter()
    for counts in by_channel.values():
        overall.update(counts)
    first, last = period.first_day, period.last_day
    kinds = feedback_store.counts_by_kind(session, first, last)
    due, on_time = feedback_store.complaints_on_time(session, first, last, today)
    return FeedbackIndicators(
        satisfaction=_satisfaction(overall),
        satisfaction_by_channel=per_channel,
        complaints=kinds.get(FeedbackKind.COMPLAINT, 0),
        complaints_on_time=Ratio(on_time, due),
        suggestions=kinds.get(FeedbackKind.SUGGESTION, 0),
        compliments=kinds.get(FeedbackKind.COMPLIMENT, 0),
        improvements_done=feedback_store.improvements_done(session, first, last),
    )


def _satisfaction(counts: Counter[str]) -> SatisfactionCounts:
    return SatisfactionCounts(
        satisfied=counts[Satisfaction.SATISFIED.value],
        mixed=counts[Satisfaction.MIXED.value],
        dissatisfied=counts[Satisfaction.DISSATISFIED.value],
    )
