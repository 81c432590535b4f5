"""``spplus-desk backup --out FILE`` and ``spplus-desk restore FILE``: IT staff script
them (a nightly copy onto a share, a restore after a disk failure).

Neither opens the database the way the other commands do beforehand: ``backup`` copies
the file as it is (no upgrade, no daily copy first), and ``restore`` works on a database
that may be too damaged to open. Both only read the operating-system login's role in it
first (a lead or an admin copies, an admin restores); ``restore --force`` replaces a
database missing or too damaged to be asked. On a PostgreSQL server both answer exit 2
and why: its backups are its administrator's (pg_dump).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from spplus_desk.cli_requests import print_opening_notes


def _backup(args: argparse.Namespace, out: TextIO, _err: TextIO) -> None:
    from spplus_desk.services.backups import backup_to_file
    from spplus_desk.services.desk import locate
    from spplus_desk.services.login import current_login

    location = locate(args.db, args.database_url)
    path = backup_to_file(location, Path(args.out), login=current_login())
    print(f"Sauvegarde vérifiée et enregistrée : {path}", file=out)


def _restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.services.desk import locate
    from spplus_desk.services.login import current_login
    from spplus_desk.services.restoring import restore_database

    location = locate(args.db, args.database_url)
    outcome = restore_database(location, Path(args.file), login=current_login(), force=args.force)
    report = outcome.report
    try:
        for warning in outcome.warnings:
            print(f"Attention : {warning}", file=err)
        print_opening_notes(report, err)
        if outcome.kept is not None:
            print(f"Copie de la base remplacée : {outcome.kept}", file=out)
        print(
            f"Sauvegarde restaurée : {outcome.source} est maintenant la base "
            f"{report.desk.description} (schéma {report.revision}).",
            file=out,
        )
    finally:
        report.desk.close()


QUERIES = {"backup": _backup, "restore": _restore}
