"""The service's entry in its register of processing activities (RGPD art. 30): what
SP+ Desk does with personal data, for whom, for how long, and how it is protected.

The durations are the service's own (``Service.retention``), each beside its default,
so the entry printed is the rule the retention purge applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from spplus_desk.domain.enums import Role
from spplus_desk.domain.retention import RULES, RecordType, retention_months
from spplus_desk.domain.service import ServiceInfo


@dataclass(frozen=True, slots=True)
class RetentionLine:
    """How long one type of record keeps the person's identity, in this service."""

    record_type: RecordType
    label: str  # « Identité des personnes sur les contacts »
    months: int  # the service's duration
    default_months: int
    counted_from: str  # « la date du contact »

    @property
    def duration(self) -> str:
        """« 12 mois », « 60 mois (5 ans) », « 18 mois »."""
        return months_text(self.months)


def months_text(months: int) -> str:
    text = f"{months}\u00a0mois"
    if months > 12 and months % 12 == 0:
        text += f" ({months // 12}\u00a0ans)"
    return text


def retention_lines(stored: Mapping[str, Any] | None) -> tuple[RetentionLine, ...]:
    """Each record type's duration as the service set it (or its default)."""
    months = retention_months(stored)
    return tuple(
        RetentionLine(
            rule.record_type,
            rule.label,
            months[rule.record_type],
            rule.default_months,
            rule.counted_from,
        )
        for rule in RULES
    )


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """What the printed entry states beyond its fixed wording: the controller, the
    durations, who may read the data and the protections switched on."""

    service: ServiceInfo
    retention: tuple[RetentionLine, ...]
    agents: tuple[tuple[Role, int], ...]  # active agents by role
    pins: int  # active agents who sign in with a PIN
    backup_daily: int
    backup_monthly: int
    auto_lock_minutes: int  # 0: never
    printed_on: date
