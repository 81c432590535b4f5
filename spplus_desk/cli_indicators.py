"""The command line's SP+ indicators: ``indicators`` gives the figures of a period as a
table for people, JSON for scripts (a stable contract) or CSV for French Excel and the
programme's open data.

Read-only like ``register`` (cli_register): no database is created, the dates are
checked before one is opened, and the services are imported inside the function.
The figures are counts and rates: no person is named anywhere.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from spplus_desk.cli_register import period
from spplus_desk.cli_requests import Query, print_opening_notes, write_bytes
from spplus_desk.domain.formatting import NBSP, format_decimal, format_int
from spplus_desk.domain.indicators import FEW_CASES, NO_CASE

if TYPE_CHECKING:
    from spplus_desk.domain.indicators import Period
    from spplus_desk.reports.indicators_export import IndicatorRow

# The table's groups: the code of a group's first row, and its heading.
GROUPS = {
    "contacts_total": "Contacts",
    "calls_needing_agent": "Téléphone",
    "waits_measured": "Attente à l'accueil",
    "requests_due": "Demandes",
    "satisfaction_answers": "Satisfaction",
    "complaints": "Réclamations, suggestions et compliments",
    "right_to_error_cases": "Droit à l'erreur",
}
FEW_FIGURES = "trop peu de cas pour un chiffre fiable"  # a median, a mean
SHORT_UNITS = {"minutes": "min", "jours": "j", "heures ouvrées": "h ouvrées"}


def _indicators(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.domain.indicators import Period
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.indicators import period_indicators

    start, end = period(args)  # both options are required: neither is None
    assert start is not None
    assert end is not None
    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        figures = period_indicators(report.desk, Period(start, end))
    finally:
        report.desk.close()
    from spplus_desk.reports import indicators_export as export

    if args.json:
        write_bytes(out, export.indicators_json_bytes(figures))
    elif args.csv:
        write_bytes(out, export.indicators_csv(figures))
    else:
        _print_table(export.indicator_rows(figures), figures.period, out)


def _print_table(rows: Sequence[IndicatorRow], when: Period, out: TextIO) -> None:
    print(
        f"Indicateurs Services Publics+ du {when.first_day:%d/%m/%Y} au {when.last_day:%d/%m/%Y}",
        file=out,
    )
    lines = [(row.code, row.label, value_text(row), counts_text(row)) for row in rows]
    label_width = max(len(label) for _, label, _, _ in lines)
    value_width = max(len(value) for _, _, value, _ in lines)
    for code, label, value, counts in lines:
        if code in GROUPS:
            print(f"\n{GROUPS[code]}", file=out)
        line = f"  {label.ljust(label_width)}  {value.rjust(value_width)}  {counts}"
        print(line.rstrip(), file=out)


def number_text(value: float) -> str:
    """12.0 -> '12', 12.5 -> '12,5', 1234 -> '1 234': no useless ',0'."""
    if value == int(value):
        return format_int(int(value))
    return format_decimal(value, 1)


def value_text(row: IndicatorRow) -> str:
    """'92,3 %', '12 min', '+40 points' (a true minus sign), or '–' without a case."""
    if row.value is None:
        return "–"
    if row.unit == "%":
        return f"{number_text(row.value)}\u202f%"
    if row.unit == "points":
        sign = "+" if row.value > 0 else "\u2212" if row.value < 0 else ""
        return f"{sign}{number_text(abs(row.value))}{NBSP}points"
    if row.denominator is None:  # a count: its unit is in the label
        return number_text(row.value)
    return f"{number_text(row.value)}{NBSP}{SHORT_UNITS.get(row.unit, row.unit)}"


def counts_text(row: IndicatorRow) -> str:
    """« 46 sur 50 », « sur 1 234 cas », and what a figure on few cases is worth."""
    if row.denominator is None:
        return ""
    if row.no_case:
        return NO_CASE
    if row.numerator is not None:
        text = f"{format_int(row.numerator)} sur {format_int(row.denominator)}"
    else:
        text = f"sur {format_int(row.denominator)} cas"
    if not row.few_cases:
        return text
    return f"{text} : {FEW_CASES if row.unit == '%' else FEW_FIGURES}"


QUERIES: dict[str, Query] = {"indicators": _indicators}
