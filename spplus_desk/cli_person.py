"""The command line's personal-data documents (RGPD, issue 8):

- ``person-export --query TEXT --out FILE.pdf``: everything held about one person (right
  of access), as FILE.pdf and FILE.json beside it. Reserved to leads and administrators
  (the system user must be one) and audited. A query that finds several people exits 2
  with the list of them, masked, and asks for a more precise one.
- ``processing-register --out FILE.pdf``: the service's entry in its register of
  processing activities (RGPD art. 30), as the print centre builds it.

Like the other queries, the database is never created here, and the output folder is
checked before anything is read: a wrong path costs the person nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from spplus_desk.cli_documents import writable_output
from spplus_desk.cli_requests import print_opening_notes
from spplus_desk.domain.formatting import count_text


def _person_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from spplus_desk.domain.person_search import parse_person_query
    from spplus_desk.services.person_export import export_paths

    parse_person_query(args.query)  # a query too short is refused before anything
    pdf_path, json_path = export_paths(Path(args.out).expanduser())
    writable_output(str(pdf_path))
    writable_output(str(json_path))
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.login import current_login
    from spplus_desk.services.person_export import save_person_export

    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        saved = save_person_export(
            report.desk, login=current_login(), query=args.query, out=pdf_path
        )
    finally:
        report.desk.close()
    counts = saved.counts
    held = ", ".join(
        (
            count_text(counts["contacts"], "contact", "contacts"),
            count_text(counts["requests"], "demande", "demandes"),
            count_text(
                counts["error_cases"],
                "dossier du droit à l'erreur",
                "dossiers du droit à l'erreur",
            ),
            count_text(counts["feedback"], "avis", "avis"),
        )
    )
    print(f"Données concernant {saved.identity.title} : {held}.", file=out)
    print(f"Enregistrées dans {saved.pdf} et {saved.json}", file=out)


def _processing_register(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    path = writable_output(args.out)
    from spplus_desk.domain.documents import DocumentKind, DocumentOrder
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.documents import build_document
    from spplus_desk.services.request_exports import save_file

    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        document = build_document(report.desk, DocumentOrder(DocumentKind.REGISTER_ENTRY))
    finally:
        report.desk.close()
    save_file(path, document.data)
    for warning in document.warnings:
        print(f"Attention : {warning}", file=err)
    print(f"{document.title} : enregistrée dans {path}", file=out)


QUERIES = {"person-export": _person_export, "processing-register": _processing_register}
