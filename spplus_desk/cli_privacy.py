"""The command line's retention purge (RGPD): ``purge --dry-run`` lists what would be
anonymised; ``purge --export FICHIER --yes`` exports it, then anonymises it.

Without ``--yes`` nothing is anonymised: the plan is printed and the command refuses
(exit 2), so a script never purges by accident and a person at a terminal reads the
warning first. The purge is an administrator's: the operating-system login must be
one. The database is never created here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO
from zoneinfo import ZoneInfo

from spplus_desk.cli_documents import writable_output
from spplus_desk.cli_requests import print_opening_notes
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int
from spplus_desk.domain.history import moment_text
from spplus_desk.domain.purge import SETTINGS_PLACE, PurgePlan, plan_lines, result_lines

REFUSAL = (
    "Rien n'a été anonymisé : l'anonymisation est définitive. Pour exporter d'abord ces "
    "données puis les anonymiser, relancez avec --export FICHIER.json --yes "
    "(ou --yes seul pour anonymiser sans export)."
)


def _purge(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    # The file is checked before anything is read: a wrong path costs nothing.
    export = writable_output(args.export) if args.export else None
    from spplus_desk.services.desk import locate, open_desk, verify_integrity
    from spplus_desk.services.login import current_login
    from spplus_desk.services.purge import check_purger, plan_purge, run_purge
    from spplus_desk.services.setup import get_service

    report = open_desk(locate(args.db, args.database_url), create=False)
    desk = report.desk
    try:
        print_opening_notes(report, err)
        login = current_login()
        if not args.dry_run:  # the role first: the plan reads the whole database
            check_purger(desk, login=login)
        service = get_service(desk)
        plan = plan_purge(desk)
        _print_plan(plan, ZoneInfo(service.time_zone) if service is not None else None, out)
        if args.dry_run:
            return
        if plan.total == 0:
            print("Rien à anonymiser.", file=out)
            return
        if not args.yes:
            raise UserError(REFUSAL)
        verify_integrity(desk)  # a damaged file is not written to
        if export is None:
            print("Attention : anonymisation sans export préalable.", file=err)
        result = run_purge(
            desk,
            login=login,
            plan=plan,
            export_path=export,
            progress=_progress(err),
        )
    finally:
        desk.close()
    for line in result_lines(result):
        print(line, file=out)


def _print_plan(plan: PurgePlan, zone: ZoneInfo | None, out: TextIO) -> None:
    when = f" au {moment_text(plan.at, zone)}" if zone is not None else ""
    print(f"Données personnelles à anonymiser (RGPD){when} :", file=out)
    for line in plan_lines(plan, examples=True):
        print(f"  {line}", file=out)
    print(
        f"Les durées de conservation se changent dans l'application : {SETTINGS_PLACE}.", file=out
    )


def _progress(err: TextIO) -> Callable[[int, int], None]:
    interactive = err.isatty()
    shown = [0]

    def progress(done: int, total: int) -> None:
        # A line per tenth on a terminal's one line, or in a log: never one per batch.
        step = max(total // 10, 1)
        if done < total and done // step == shown[0]:
            return
        shown[0] = done // step
        line = f"Anonymisation : {format_int(done)} / {format_int(total)} ({100 * done // total} %)"
        print(f"\r{line}" if interactive else line, end="" if interactive else "\n", file=err)
        if interactive and done == total:
            print(file=err)

    return progress


QUERIES = {"purge": _purge}
