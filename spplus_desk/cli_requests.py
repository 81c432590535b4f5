"""The command line's queries on requests: ``deadline`` (when a request falls due, and
why) and ``overdue`` (the open requests past their due date).

They only read: no database is created, nor read page by page beforehand (a million
contacts take seconds). Their imports are made inside the functions: ``deadline
--departement`` answers without loading the database layer at all.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from spplus_desk.domain.errors import EXIT_OK
from spplus_desk.domain.formatting import count_text

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from spplus_desk.domain.calendar import WorkingCalendar
    from spplus_desk.domain.deadline import Deadline
    from spplus_desk.domain.request_board import LateRequest
    from spplus_desk.services.desk import OpenReport

Query = Callable[[argparse.Namespace, TextIO, TextIO], None]


def run_query(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    queries: Mapping[str, Query] | None = None,
) -> int:
    """Run a query command: these ones, or another module's (``cli_register``)."""
    try:
        (QUERIES if queries is None else queries)[args.command](args, out, err)
    except BrokenPipeError:  # the reader had enough (« | head »): not a problem
        _discard_output(out)
    return EXIT_OK


def _discard_output(out: TextIO) -> None:
    """Point ``out`` at the null device, so that flushing it at exit fails no more."""
    # A stream without a file descriptor (tests) is not flushed at exit: nothing to do.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())


def print_opening_notes(report: OpenReport, err: TextIO) -> None:
    """What opening the database found or did that the person should know (every command
    that opens one prints this, ``init`` and ``demo`` too)."""
    for warning in report.warnings:
        print(f"Attention : {warning}", file=err)
    if report.backup_path:
        print(f"Sauvegarde faite avant la mise à jour du schéma : {report.backup_path}", file=err)


def _deadline(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.domain.deadline import deadline_from, explain
    from spplus_desk.domain.delay import parse_delay, parse_start

    delay = parse_delay(args.delay)  # checked first: the cheapest mistake to report
    calendar, source = _deadline_calendar(args, err)
    deadline = deadline_from(calendar, parse_start(args.start, calendar.zone), delay)
    lines = explain(deadline, (), calendar)
    if args.json:
        _write_json(out, _deadline_json(deadline, calendar, source, lines))
        return
    print(_calendar_line(calendar, source, in_hours=delay.in_hours), file=out)
    for line in lines:
        print(line, file=out)


def _calendar_line(calendar: WorkingCalendar, source: str, *, in_hours: bool) -> str:
    where = f"{calendar.departement.display} (fuseau {calendar.zone.key})"
    if source == "service":
        return f"Calendrier du service : {where}, avec ses fermetures et ses horaires."
    hours = " ; horaires d'ouverture par défaut" if in_hours else ""
    if source == "default":
        return f"Calendrier par défaut : métropole, {where} ; aucun service configuré{hours}."
    return f"Calendrier : {where}{hours}."


def _deadline_calendar(args: argparse.Namespace, err: TextIO) -> tuple[WorkingCalendar, str]:
    """The calendar asked for, else the service's if a database exists, else the default;
    and which of the three it is."""
    if args.departement is not None:
        from spplus_desk.domain.calendar import WorkingCalendar
        from spplus_desk.domain.departements import departement

        return WorkingCalendar(departement(args.departement)), "departement"
    from spplus_desk.services.deadline_check import (
        default_calendar,
        open_existing_desk,
        service_calendar,
    )
    from spplus_desk.services.desk import locate

    location = locate(args.db, args.database_url)
    report = open_existing_desk(location)
    if report is None:
        if not location.is_default:  # named by an option or a variable: a typing slip?
            print(
                f"Attention : aucune base de données à l'emplacement {location.sqlite_path} ; "
                "calendrier de la métropole utilisé.",
                file=err,
            )
        return default_calendar(), "default"
    try:
        print_opening_notes(report, err)
        calendar = service_calendar(report.desk)
    finally:
        report.desk.close()
    return (calendar, "service") if calendar is not None else (default_calendar(), "default")


def _deadline_json(
    deadline: Deadline, calendar: WorkingCalendar, source: str, lines: list[str]
) -> dict[str, Any]:
    from spplus_desk.domain.labels import DELAY_UNIT_LABELS

    zone = calendar.zone
    due: str | None = None
    if deadline.delay.in_hours and deadline.due_at is not None:
        due = deadline.due_at.astimezone(zone).isoformat()
    elif deadline.due_date is not None:
        due = deadline.due_date.isoformat()
    return {
        "start": deadline.clock_start.astimezone(zone).isoformat(),
        "delay": {"amount": deadline.delay.amount, "unit": DELAY_UNIT_LABELS[deadline.delay.unit]},
        "due": due,
        "skipped": [{"date": s.day.isoformat(), "reason": s.reason} for s in deadline.skipped],
        "departement": calendar.departement.code,
        "time_zone": zone.key,
        "calendar": source,  # "departement", "service" or "default"
        "explanation": lines,
    }


def _overdue(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.services.deadline_check import service_calendar_or_default
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.request_board import overdue_requests

    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        zone = service_calendar_or_default(report.desk).zone
        at = _moment(args.at, zone) if args.at else report.desk.clock.now()
        rows = overdue_requests(report.desk, at)
    finally:
        report.desk.close()
    if args.json:
        _write_json_records(out, [_row_json(row, zone) for row in rows])
    elif args.csv:
        write_bytes(out, _board_csv(rows, zone))
    else:
        _print_overdue_table(rows, at, zone, out)


def _moment(text: str, zone: ZoneInfo) -> datetime:
    from spplus_desk.domain.delay import START_FORMS, parse_start
    from spplus_desk.domain.errors import UserError

    try:
        return parse_start(text, zone)
    except UserError:
        raise UserError(
            f"Moment illisible pour --at : « {text.strip()} ». Formes acceptées : {START_FORMS}."
        ) from None


def _row_json(row: LateRequest, zone: ZoneInfo) -> dict[str, Any]:
    # No personal data (the person's name): statistics and follow-up need none.
    from spplus_desk.domain.labels import REQUEST_STATUS_LABELS

    return {
        "reference": row.reference,
        "kind": row.kind,
        "channel": row.channel.value,
        "received": row.received_at.astimezone(zone).isoformat(timespec="seconds"),
        "due": _due_iso(row, zone),
        "days_late": row.days_late,
        "assignee": row.assignee or None,
        "status": row.status.value,
        "status_label": REQUEST_STATUS_LABELS[row.status],
    }


def _due_iso(row: LateRequest, zone: ZoneInfo) -> str | None:
    """The due date; for a delay in opening hours, the due instant (the hour matters)."""
    if row.in_hours and row.due_at is not None:
        return row.due_at.astimezone(zone).isoformat(timespec="seconds")
    return row.due_date.isoformat() if row.due_date is not None else None


def _print_overdue_table(
    rows: Sequence[LateRequest], at: datetime, zone: ZoneInfo, out: TextIO
) -> None:
    from spplus_desk.domain.deadline import long_date
    from spplus_desk.domain.history import time_text
    from spplus_desk.domain.labels import REQUEST_STATUS_LABELS

    moment = f"{long_date(at.astimezone(zone).date())} à {time_text(at, zone)}"
    if not rows:
        print(f"Aucune demande en retard le {moment}.", file=out)
        return
    print(f"{count_text(len(rows), 'demande', 'demandes')} en retard le {moment} :", file=out)
    table = [("Référence", "Type de demande", "Reçue le", "Échéance", "Retard", "Agent", "État")]
    table += [
        (
            row.reference,
            row.kind,
            f"{row.received_at.astimezone(zone):%d/%m/%Y}",
            _due_text(row, zone),
            f"{row.days_late}\u00a0j",
            row.assignee or "non attribuée",
            REQUEST_STATUS_LABELS[row.status],
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip(), file=out)
    print("Retard en jours ouvrés après l'échéance.", file=out)


def _due_text(row: LateRequest, zone: ZoneInfo) -> str:
    if row.in_hours and row.due_at is not None:
        return f"{row.due_at.astimezone(zone):%d/%m/%Y %H:%M}"
    return f"{row.due_date:%d/%m/%Y}" if row.due_date is not None else ""


def _board_csv(rows: Sequence[LateRequest], zone: ZoneInfo) -> bytes:
    """For French Excel: UTF-8 with a BOM, ';' between cells, CRLF; the columns of the
    board's export (reports.request_lists) that a late request has, and no person."""
    import csv
    import io

    from spplus_desk.domain.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS
    from spplus_desk.reports.request_lists import defused

    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(_CSV_HEADERS)
    for row in rows:
        writer.writerow(
            (
                row.reference,
                defused(row.kind),
                CHANNEL_LABELS[row.channel],
                f"{row.received_at.astimezone(zone):%d/%m/%Y %H:%M}",
                _due_text(row, zone),
                row.days_late,
                defused(row.assignee),
                REQUEST_STATUS_LABELS[row.status],
            )
        )
    return text.getvalue().encode("utf-8-sig")


_CSV_HEADERS = (
    "Référence",
    "Type de demande",
    "Canal",
    "Reçue le",
    "Échéance",
    "Jours de retard (jours ouvrés)",
    "Agent",
    "État",
)


def _write_json(out: TextIO, data: object) -> None:
    write_bytes(out, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _write_json_records(out: TextIO, records: Sequence[dict[str, Any]]) -> None:
    """A list of records in one call of the json module's C encoder, on one line: an
    indented dump is encoded in Python, several times slower on the thousands of rows a
    late list may hold (scripts read it; ``| python -m json.tool`` shows it to a person)."""
    write_bytes(out, (json.dumps(records, ensure_ascii=False) + "\n").encode("utf-8"))


def write_bytes(out: TextIO, data: bytes) -> None:
    """UTF-8 whatever the console's code page (Windows pipes default to cp1252)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text-only stream (tests): it takes text
        out.write(data.decode("utf-8"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()


QUERIES: dict[str, Query] = {"deadline": _deadline, "overdue": _overdue}
