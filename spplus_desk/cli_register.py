"""The command line's right-to-error register: ``register`` lists the cases discovered in
a period, oldest first, as a table for people, CSV for French Excel or JSON for scripts.

Read-only like the queries on requests (cli_requests): no database is created, and the
services are imported inside the function, so ``--help`` and a bad date answer at once.
The files name the person (the register is the service's evidence) but not their phone,
e-mail or the notes; the table does not even show the name, as it may sit on a screen.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, time
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from spplus_desk.cli_requests import Query, print_opening_notes, write_bytes
from spplus_desk.domain.error_case import NATURE_LABELS, OUTCOME_LABELS, CaseOutcome, amount_text
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text

if TYPE_CHECKING:
    from spplus_desk.domain.error_register import RegisterRow, RegisterStats

DAY_FORMS = "« 2027-05-04 » ou « 04/05/2027 »"
MAX_PROCEDURE = 40  # characters in the table; the files keep the whole label
_ANY_ZONE = ZoneInfo("UTC")  # a date alone has no time zone to speak of
# The totals line: rights granted first, then refused, then undecided.
SUMMARY_ORDER = (
    CaseOutcome.NO_SANCTION,
    CaseOutcome.SANCTION_WAIVED,
    CaseOutcome.SANCTION_MAINTAINED,
    CaseOutcome.NOT_ELIGIBLE,
    CaseOutcome.PENDING,
)


def parse_day(text: str, option: str) -> date:
    """'2027-05-04' or '04/05/2027' (the forms ``deadline --start`` reads, without a time)."""
    from spplus_desk.domain.delay import parse_start

    problem = f"Date illisible pour {option} : « {text.strip()} ». Formes acceptées : {DAY_FORMS}."
    try:
        moment = parse_start(text, _ANY_ZONE)
    except UserError:
        raise UserError(problem) from None
    if moment.timetz().replace(tzinfo=None) != time(0):  # a time of day: not a date
        raise UserError(problem)
    return moment.date()


def period(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """The days asked for, checked before the database is even opened."""
    start = parse_day(args.start, "--from") if args.start is not None else None
    end = parse_day(args.end, "--to") if args.end is not None else None
    if start is not None and end is not None and start > end:
        raise UserError(
            f"La période est à l'envers : --from ({start:%d/%m/%Y}) est après "
            f"--to ({end:%d/%m/%Y})."
        )
    return start, end


def _register(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.domain.error_register import RegisterFilter
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.error_register import all_register_rows, register_stats

    start, end = period(args)
    wanted = RegisterFilter(start=start, end=end, include_cancelled=args.cancelled)
    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        rows = all_register_rows(report.desk, wanted)
        stats = None if args.json or args.csv else register_stats(report.desk, start, end)
    finally:
        report.desk.close()
    if args.json:
        from spplus_desk.reports.error_register import register_json

        write_bytes(out, register_json(rows))
    elif args.csv:
        from spplus_desk.reports.error_register import register_csv

        write_bytes(out, register_csv(rows))
    else:
        assert stats is not None  # read above for the table
        _print_table(rows, stats, start, end, out)


def period_text(start: date | None, end: date | None) -> str:
    if start is not None and end is not None:
        return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
    if start is not None:
        return f"depuis le {start:%d/%m/%Y}"
    if end is not None:
        return f"jusqu'au {end:%d/%m/%Y}"
    return "depuis l'ouverture du registre"


def _print_table(
    rows: Sequence[RegisterRow],
    stats: RegisterStats,
    start: date | None,
    end: date | None,
    out: TextIO,
) -> None:
    when = period_text(start, end)
    if not rows:
        print(f"Aucun cas du droit à l'erreur découvert {when}.", file=out)
        return
    found = "découvert" if len(rows) < 2 else "découverts"  # French: 1 cas découvert
    print(f"{count_text(len(rows), 'cas', 'cas')} du droit à l'erreur {found} {when} :", file=out)
    table = [("Découverte", "Démarche", "Nature", "Issue", "Régularisation", "Agent")]
    table += [
        (
            f"{row.discovered_on:%d/%m/%Y}",
            _cut(row.procedure, MAX_PROCEDURE),
            NATURE_LABELS[row.nature],
            OUTCOME_LABELS[row.outcome] + (" (annulé)" if row.cancelled else ""),
            row.regularisation_text(),
            row.agent,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip(), file=out)
    for total in summary_lines(stats):
        print(total, file=out)


def summary_lines(stats: RegisterStats) -> list[str]:
    """The period's totals by outcome and, when there are any, the invitations followed."""
    by_outcome = stats.by_outcome
    parts = [
        f"{OUTCOME_LABELS[outcome].lower()} {by_outcome[outcome]}"
        for outcome in SUMMARY_ORDER
        if by_outcome[outcome]
    ]
    lines = [
        f"Par issue (cas annulés exclus) : {', '.join(parts) or 'aucun cas'}."
        f" Droits à l'erreur accordés : {stats.granted} sur {stats.total}."
    ]
    if stats.awaited or stats.late:
        lines.append(
            f"Régularisations demandées : {stats.awaited} dans le délai, {stats.late} en retard."
        )
    if stats.amount_spared_cents:
        lines.append(
            f"Montant en jeu des cas clos sans sanction : {amount_text(stats.amount_spared_cents)}."
        )
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


QUERIES: dict[str, Query] = {"register": _register}
