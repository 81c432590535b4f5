"""How long personal data is kept, per record type (RGPD: never unlimited).

An administrator sets each duration (``Service.retention``, {record type: months}); a
type not set keeps its default below. Past its duration a record is not deleted: the
retention purge anonymises it (the person's identity and free texts go, the statistics
stay), and the purge itself is audited.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class RecordType(enum.StrEnum):
    CONTACT = "contact"  # identity on a contact (name, phone, e-mail, notes, comment)
    REQUEST = "request"  # a request's person and texts, counted from its closing
    ERROR_CASE = "error_case"  # a right-to-error case, counted from its discovery
    FEEDBACK = "feedback"  # a complaint, suggestion or compliment, from its closing


@dataclass(frozen=True)
class RetentionRule:
    record_type: RecordType
    default_months: int
    label: str  # French, for the settings and the register of processing
    counted_from: str  # French: what the duration counts from


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        RecordType.CONTACT, 12, "Identité des personnes sur les contacts", "la date du contact"
    ),
    RetentionRule(RecordType.REQUEST, 12, "Demandes et leur suivi", "la clôture de la demande"),
    RetentionRule(
        RecordType.ERROR_CASE, 60, "Dossiers du droit à l'erreur", "la découverte de l'erreur"
    ),
    RetentionRule(
        RecordType.FEEDBACK, 24, "Réclamations, suggestions et remerciements", "leur clôture"
    ),
)
RULE_OF = {rule.record_type: rule for rule in RULES}
MIN_MONTHS = 1
MAX_MONTHS = 120  # ten years: longer than any duration a service's archives ask for


def retention_months(stored: Mapping[str, Any] | None) -> dict[RecordType, int]:
    """Each record type's duration: the stored one when valid, else the default."""
    stored = stored or {}
    months: dict[RecordType, int] = {}
    for rule in RULES:
        value = stored.get(rule.record_type.value)
        valid = type(value) is int and MIN_MONTHS <= value <= MAX_MONTHS
        months[rule.record_type] = value if valid else rule.default_months  # type: ignore[assignment]
    return months
