"""The retention purge as people see it: the durations set, what is due, what went.

Past its duration a record is anonymised, never deleted (domain.retention): its
identity fields are emptied and a free text the app requires (a reason, a reply, the
text of a feedback) becomes « Anonymisé »; dates, channels, motifs, outcomes and
amounts stay, so every statistic is the same before and after.

An identity goes once no rule keeps it any more: a contact's person stays while the
request it opened is open or closed for less than the requests' duration.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.history import day_text
from spplus_desk.domain.retention import (
    MAX_MONTHS,
    MIN_MONTHS,
    RULE_OF,
    RULES,
    RecordType,
    retention_months,
)

ANONYMISED = "Anonymisé"  # what replaces a required free text
SETTINGS_PLACE = "Gestion › Conservation des données (RGPD)… (administrateurs)"

# How each record type is counted in a sentence: (singular, plural).
NOUNS: dict[RecordType, tuple[str, str]] = {
    RecordType.CONTACT: ("contact", "contacts"),
    RecordType.REQUEST: ("demande", "demandes"),
    RecordType.ERROR_CASE: ("dossier", "dossiers"),
    RecordType.FEEDBACK: ("avis", "avis"),
}


@dataclass(frozen=True, slots=True)
class RetentionSetting:
    record_type: RecordType
    months: int
    default_months: int
    label: str  # French
    counted_from: str  # French: « la date du contact »


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    settings: tuple[RetentionSetting, ...]
    version: int  # the service row's: a stale save is refused

    def months(self) -> dict[RecordType, int]:
        return {setting.record_type: setting.months for setting in self.settings}


def retention_settings(stored: Mapping[str, Any] | None, version: int) -> RetentionSettings:
    months = retention_months(stored)
    return RetentionSettings(
        tuple(
            RetentionSetting(
                rule.record_type,
                months[rule.record_type],
                rule.default_months,
                rule.label,
                rule.counted_from,
            )
            for rule in RULES
        ),
        version,
    )


def checked_months(months: Mapping[RecordType, int]) -> dict[str, int]:
    """Every record type's duration as stored ({type: months}), the types not given
    keeping their default; a duration out of bounds is refused in French."""
    stored: dict[str, int] = {}
    for rule in RULES:
        value = months.get(rule.record_type, rule.default_months)
        if type(value) is not int or not MIN_MONTHS <= value <= MAX_MONTHS:
            raise UserError(
                f"« {rule.label} » : la durée de conservation doit être comprise entre "
                f"{MIN_MONTHS} et {MAX_MONTHS} mois ({MAX_MONTHS // 12} ans)."
            )
        stored[rule.record_type.value] = value
    return stored


def months_before(instant: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (31 March - 1 month: the last
    day of February)."""
    year, month, day = _shifted(instant.year, instant.month, instant.day, months)
    return instant.replace(year=year, month=month, day=day)


def months_before_day(day: date, months: int) -> date:
    return day.replace(*_shifted(day.year, day.month, day.day, months))


def _shifted(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    index = year * 12 + (month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return year, month + 1, min(day, last)


def months_text(months: int) -> str:
    """« 12 mois », « 60 mois, soit 5 ans », « 18 mois »."""
    text = f"{months}\u00a0mois"
    if months % 12 == 0 and months > 12:
        text += f", soit {count_text(months // 12, 'an', 'ans')}"
    return text


@dataclass(frozen=True, slots=True)
class PurgeSample:
    """One record due, as the plan may show it: a reference (a request's) and the day
    its duration counts from; never a person."""

    reference: str | None
    on: date


@dataclass(frozen=True, slots=True)
class PurgeItem:
    record_type: RecordType
    months: int
    count: int
    oldest: date | None  # the earliest day counted from among those due
    samples: tuple[PurgeSample, ...] = ()

    @property
    def label(self) -> str:
        return RULE_OF[self.record_type].label

    @property
    def counted_from(self) -> str:
        return RULE_OF[self.record_type].counted_from

    def count_text(self) -> str:
        return count_text(self.count, *NOUNS[self.record_type])


@dataclass(frozen=True, slots=True)
class PurgePlan:
    """What a purge at ``at`` would anonymise, per record type."""

    at: datetime
    items: tuple[PurgeItem, ...]

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)

    def counts(self) -> dict[RecordType, int]:
        return {item.record_type: item.count for item in self.items}

    def months(self) -> dict[RecordType, int]:
        return {item.record_type: item.months for item in self.items}


@dataclass(frozen=True, slots=True)
class PurgeResult:
    at: datetime
    counts: dict[RecordType, int]  # anonymised
    planned: dict[RecordType, int]  # due when the purge began
    export_path: Path | None
    notes: tuple[str, ...] = field(default=())  # French: what differed from the plan

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def plan_lines(plan: PurgePlan, *, examples: bool = False) -> list[str]:
    """The plan in French, one line per record type; with ``examples``, the first
    references due (requests have one a person can look up) on the line after."""
    lines = []
    for item in plan.items:
        duration = f"conservation : {item.months}\u00a0mois à compter de {item.counted_from}"
        if item.count == 0:
            lines.append(f"{item.label} : rien à anonymiser ({duration}).")
            continue
        oldest = f", date la plus ancienne : {day_text(item.oldest)}" if item.oldest else ""
        lines.append(f"{item.label} : {item.count_text()} à anonymiser{oldest} ({duration}).")
        references = [s.reference for s in item.samples if s.reference]
        if examples and references:
            lines.append(f"  par exemple : {', '.join(references)}")
    return lines


def result_lines(result: PurgeResult) -> list[str]:
    done = [count_text(count, *NOUNS[record_type]) for record_type, count in result.counts.items()]
    lines = [f"Anonymisés : {', '.join(done)}." if result.total else "Rien n'a été anonymisé."]
    if result.export_path is not None:
        lines.append(f"Export des données avant anonymisation : {result.export_path}")
    return lines + list(result.notes)
