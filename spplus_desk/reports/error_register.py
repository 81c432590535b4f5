"""The right-to-error register as files: CSV for French Excel and JSON for scripts.

This is the service's own evidence that it applies the law (CRPA L123-1), so each case
names the person, as the register does; their phone, e-mail and the agent's notes stay
out (minimisation): the register's rows do not even carry them. Both files have the same
cases with the same facts; the JSON keys are stable English codes, the CSV speaks French.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from spplus_desk.domain.error_case import (
    EXCLUSION_LABELS,
    NATURE_LABELS,
    OUTCOME_LABELS,
    REGULARISATION_LABELS,
)
from spplus_desk.domain.error_register import REGISTER_COLUMN_LABELS as LABELS
from spplus_desk.domain.error_register import RegisterColumn, RegisterRow
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.reports.request_lists import Cell, cell_text


def yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


def amount_cell(cents: int | None) -> str:
    """12345 -> '123,45': a number French Excel reads as such (no unit, no spaces)."""
    if cents is None:
        return ""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}"


# (header, value of a row): the CSV's columns, in order. Dates are written dd/mm/yyyy
# and text is defused against formulas by request_lists.cell_text, as the board's export.
COLUMNS: tuple[tuple[str, Callable[[RegisterRow], Cell]], ...] = (
    (LABELS[RegisterColumn.DISCOVERED], lambda row: row.discovered_on),
    (LABELS[RegisterColumn.PROCEDURE], lambda row: row.procedure),
    (LABELS[RegisterColumn.NATURE], lambda row: NATURE_LABELS[row.nature]),
    ("Canal", lambda row: CHANNEL_LABELS[row.channel]),
    (LABELS[RegisterColumn.PERSON], lambda row: row.person),
    # The law's checklist as the agent answered it, and what it made of the case.
    ("Première fois", lambda row: yes_no(row.first_time)),
    ("Bonne foi", lambda row: yes_no(row.good_faith)),
    ("Exclusions", lambda row: " / ".join(EXCLUSION_LABELS[e] for e in row.exclusions)),
    ("Éligible", lambda row: yes_no(row.eligible)),
    ("Conditions non remplies", lambda row: " ".join(row.not_eligible_reasons)),
    (
        LABELS[RegisterColumn.REGULARISATION],
        lambda row: REGULARISATION_LABELS[row.regularisation] if row.regularisation else None,
    ),
    ("Invitée le", lambda row: row.invited_on),
    ("Délai donné", lambda row: row.delay),
    ("Échéance de régularisation", lambda row: row.due_date),
    ("Régularisée le", lambda row: row.regularised_on),
    ("En retard", lambda row: _late(row)),
    ("Suivi (demande)", lambda row: row.follow_up_reference),
    (LABELS[RegisterColumn.OUTCOME], lambda row: OUTCOME_LABELS[row.outcome]),
    ("Motif de l'issue", lambda row: row.outcome_reason),
    (LABELS[RegisterColumn.AGENT], lambda row: row.agent),
    ("Montant en jeu (€)", lambda row: amount_cell(row.amount_cents)),
    ("Annulé", lambda row: yes_no(row.cancelled)),
)


def _late(row: RegisterRow) -> str | None:
    """Awaited past the deadline, or done after it; blank without a deadline."""
    if row.due_date is None:
        return None
    return yes_no(row.late or row.regularised_late)


HEADERS = tuple(header for header, _ in COLUMNS)


def register_csv(rows: Sequence[RegisterRow]) -> bytes:
    """UTF-8 with a BOM, ';' between cells and CRLF line ends: what French Excel opens
    cleanly with a double click (accents intact, one column per field)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([cell_text(value(row)) for _, value in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def case_json(row: RegisterRow) -> dict[str, Any]:
    """One case with stable keys: codes for scripts, French labels beside them for people;
    dates in ISO 8601, the amount in euro cents (exact)."""
    return {
        "id": str(row.id),
        "discovered_on": row.discovered_on.isoformat(),
        "procedure": row.procedure,
        "nature": row.nature.value,
        "nature_label": NATURE_LABELS[row.nature],
        "covered": row.nature.covered,
        "channel": row.channel.value,
        "person": row.person or None,
        "first_time": row.first_time,
        "good_faith": row.good_faith,
        "exclusions": [exclusion.value for exclusion in row.exclusions],
        "eligible": row.eligible,
        "not_eligible_reasons": list(row.not_eligible_reasons),
        "outcome": row.outcome.value,
        "outcome_label": OUTCOME_LABELS[row.outcome],
        "outcome_reason": row.outcome_reason,
        "regularisation": row.regularisation.value if row.regularisation else None,
        "invited_on": row.invited_on.isoformat() if row.invited_on else None,
        "delay": row.delay,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "regularised_on": row.regularised_on.isoformat() if row.regularised_on else None,
        "late": row.late,
        "regularised_late": row.regularised_late,
        "follow_up_reference": row.follow_up_reference,
        "agent": row.agent,
        "amount_cents": row.amount_cents,
        "cancelled": row.cancelled,
    }


def register_json(rows: Sequence[RegisterRow]) -> bytes:
    """A list of cases on one line of UTF-8 JSON (accents as they are), encoded by the
    json module's C encoder: a register of thousands of cases stays quick to write."""
    records = [case_json(row) for row in rows]
    return (json.dumps(records, ensure_ascii=False) + "\n").encode("utf-8")
