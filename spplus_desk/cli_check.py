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
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.integrity import check_desk
    from spplus_desk.store import preflight
    from spplus_desk.store.migrations import HEAD_REVISION, KNOWN_REVISIONS

    location = locate(args.db, args.database_url)
    path = location.sqlite_path
    upgrade = True
    if path is not None:
        if path.is_dir():
            raise UserError(f"{path} est un dossier, pas un fichier de base de données.")
        if not path.exists():
            raise UserError(f"La base de données {path} n'existe pas : rien à vérifier.")
        damage = preflight.integrity_problem(path)  # before opening: it may not open
        if damage is not None:
            return _failed((f"Le fichier SQLite {path} est endommagé ({_french(damage)}).",), out)
        upgrade = preflight.inspect_file(path, KNOWN_REVISIONS).revision != HEAD_REVISION
    # A check writes nothing of its own: no copy of the day (a damaged database must not
    # enter the rotation). Only an older schema is brought up to date first, after the
    # usual copy, as any opening does: this version can only read its own schema.
    report = open_desk(location, create=False, backups=upgrade)
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


# SQLite's own words for a damaged file, in French.
_SQLITE_WORDS = {
    "database disk image is malformed": "sa structure interne est abîmée",
    "file is not a database": "ce n'est pas un fichier de base de données SQLite",
    "disk I/O error": "erreur de lecture du disque",
}


def _french(reason: str) -> str:
    for words, french in _SQLITE_WORDS.items():
        if words in reason:
            return french
    return reason


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
