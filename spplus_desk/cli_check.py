"""``spplus-desk check``: is the database sound? (a stable contract: IT staff schedule it)

Exit 0 when it is; exit 3 with one French line per problem found — a damaged file, a
broken audit chain, a row edited behind the app's back, a request whose cached status
or dates no longer match its history. The database is never created here.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from spplus_desk.domain.errors import EXIT_CHECK_FAILED, EXIT_OK, UserError


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from spplus_desk.cli_requests import print_opening_notes
    from spplus_desk.services.deadline_check import open_existing_desk
    from spplus_desk.services.desk import locate
    from spplus_desk.services.integrity import check_desk
    from spplus_desk.store import preflight

    location = locate(args.db, args.database_url)
    path = location.sqlite_path
    if path is not None and path.exists():
        damage = preflight.integrity_problem(path)  # before opening: it may not open
        if damage is not None:
            return _failed((f"Le fichier SQLite {path} est endommagé ({damage}).",), out)
    report = open_existing_desk(location)
    if report is None:
        raise UserError(f"La base de données {path} n'existe pas : rien à vérifier.")
    try:
        print_opening_notes(report, err)
        print(f"Vérification de {report.desk.description}…", file=err)
        result = check_desk(report.desk)
    finally:
        report.desk.close()
    if not result.sound:
        return _failed(result.problems, out)
    print(f"Base saine : {result.summary()}.", file=out)
    return EXIT_OK


def _failed(problems: tuple[str, ...], out: TextIO) -> int:
    print(f"Problèmes trouvés ({len(problems)}) :", file=out)
    for problem in problems:
        print(f"- {problem}", file=out)
    print(
        "La base n'est pas saine : restaurez la dernière sauvegarde saine "
        "(spplus-desk restore FICHIER) ou faites examiner le fichier.",
        file=out,
    )
    return EXIT_CHECK_FAILED
