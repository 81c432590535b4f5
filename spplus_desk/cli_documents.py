"""The command line's printed documents: ``poster commitments|results|feedback`` and
``receipt REFERENCE`` write a PDF file (a stable contract: IT staff schedule them).

Like the other queries, the database is never created here, the options are checked
before it is opened, and the output folder before anything is built: a wrong path costs
the person nothing. The file is written whole or not at all (services.request_exports).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from spplus_desk.cli_register import period
from spplus_desk.cli_requests import print_opening_notes
from spplus_desk.domain.documents import DocumentKind, DocumentOrder, PaperSize
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.indicators import Period

POSTERS = {
    "commitments": DocumentKind.COMMITMENTS,
    "results": DocumentKind.RESULTS,
    "feedback": DocumentKind.FEEDBACK,
}


def _poster(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    kind = POSTERS[args.poster]
    start, end = period(args)
    if (start is None) != (end is None):
        raise UserError("Donnez la période en entier : --from et --to, ou aucun des deux.")
    if kind is DocumentKind.COMMITMENTS and start is not None:
        raise UserError(
            "L'affiche des engagements ne porte pas sur une période : retirez --from et --to."
        )
    chosen = Period(start, end).checked() if start is not None and end is not None else None
    order = DocumentOrder(kind, size=PaperSize(args.size), period=chosen)
    _write(args, order, out, err)


def _receipt(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    _write(args, DocumentOrder(DocumentKind.RECEIPT, reference=args.reference), out, err)


def _write(args: argparse.Namespace, order: DocumentOrder, out: TextIO, err: TextIO) -> None:
    path = writable_output(args.out)  # before the imports: a wrong path answers at once
    from spplus_desk.services.desk import locate, open_desk
    from spplus_desk.services.documents import build_document
    from spplus_desk.services.request_exports import save_file

    report = open_desk(locate(args.db, args.database_url), create=False)
    try:
        print_opening_notes(report, err)
        document = build_document(report.desk, order)
    finally:
        report.desk.close()
    save_file(path, document.data)
    for warning in document.warnings:
        print(f"Attention : {warning}", file=err)
    print(f"{document.title} : enregistré dans {path}", file=out)


def writable_output(text: str) -> Path:
    """The output file asked for, refused before any work when it cannot be written."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise UserError(f"« {path} » est un dossier : donnez un nom de fichier, ex. affiche.pdf.")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(
            f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez-en un autre."
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserError(
            f"Impossible d'écrire « {path.name} » dans « {folder} » : l'accès est refusé. "
            "Choisissez un autre emplacement."
        )
    return path


QUERIES = {"poster": _poster, "receipt": _receipt}
