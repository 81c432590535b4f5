"""The headless command line (stable: IT staff script it).

Exit codes (domain.errors): 0 success; 2 a problem the person can fix (one French sentence
on stderr); 1 a bug (logged with its traceback, the log path shown).

Services are imported inside each command, so each pays only for what it uses: the
queries on requests (``deadline``, ``overdue``, in cli_requests), the register
(``register``, in cli_register) and the indicators (``indicators``, in cli_indicators)
must start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from spplus_desk import (
    cli_backup,
    cli_check,
    cli_documents,
    cli_indicators,
    cli_person,
    cli_privacy,
    cli_register,
    cli_requests,
)
from spplus_desk.domain.errors import EXIT_OK
from spplus_desk.domain.formatting import count_text, format_decimal, format_int

if TYPE_CHECKING:
    from spplus_desk.services.demo import DemoReport
    from spplus_desk.services.desk import OpenReport

Handler = Callable[[argparse.Namespace, "OpenReport", TextIO, TextIO], None]


def run_command(
    args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    if args.command == "check":  # its own exit code (3) when the database is not sound
        return cli_check.run_check(args, out, err)
    if args.command in cli_requests.QUERIES:
        return cli_requests.run_query(args, out, err)
    if args.command in cli_register.QUERIES:
        return cli_requests.run_query(args, out, err, cli_register.QUERIES)
    if args.command in cli_indicators.QUERIES:
        return cli_requests.run_query(args, out, err, cli_indicators.QUERIES)
    if args.command in cli_documents.QUERIES:
        return cli_requests.run_query(args, out, err, cli_documents.QUERIES)
    if args.command in cli_backup.QUERIES:  # backups (issue 8)
        return cli_requests.run_query(args, out, err, cli_backup.QUERIES)
    if args.command in cli_privacy.QUERIES:  # the retention purge (issue 8)
        return cli_requests.run_query(args, out, err, cli_privacy.QUERIES)
    if args.command in cli_person.QUERIES:  # right of access, register of processing
        return cli_requests.run_query(args, out, err, cli_person.QUERIES)
    from spplus_desk.services.desk import locate, open_desk, verify_integrity

    handlers: dict[str, Handler] = {"init": _init, "demo": _demo}
    report = open_desk(locate(args.db, args.database_url))
    try:
        if not report.created:
            verify_integrity(report.desk)  # before a command writes to it
        cli_requests.print_opening_notes(report, err)
        handlers[args.command](args, report, out, err)
    finally:
        report.desk.close()
    return EXIT_OK


def _init(args: argparse.Namespace, report: OpenReport, out: TextIO, _err: TextIO) -> None:
    from spplus_desk.services import setup
    from spplus_desk.services.login import current_login

    result = setup.initialise(
        report.desk,
        login=current_login(),
        service_name=args.service_name,
        departement_code=args.departement,
    )
    service = result.service
    state = "créée" if report.created else "mise à jour" if report.migrated else "déjà à jour"
    print(
        f"Base de données {state} : {report.desk.description} (schéma {report.revision}).", file=out
    )
    name = service.name or "(nom à renseigner)"
    print(
        f"Service : {name} — département {service.departement.display}, "
        f"fuseau {service.time_zone}.",
        file=out,
    )
    if result.admin_created:
        print(f"Premier administrateur : {result.admin_created.login}.", file=out)
    added = [
        count_text(count, singular, plural)
        for count, singular, plural in (
            (result.motifs_added, "motif", "motifs"),
            (result.kinds_added, "type de demande", "types de demande"),
            (result.partners_added, "partenaire d'orientation", "partenaires d'orientation"),
        )
        if count
    ]
    if added:  # only what was missing: an older database may just gain the partners
        print(f"Catalogue par défaut ajouté : {', '.join(added)}.", file=out)
    if not service.is_configured:
        print(
            "Le nom du service sera demandé au premier lancement de l'application "
            '(ou : spplus-desk init --service-name "Nom du service").',
            file=out,
        )


def _demo(args: argparse.Namespace, report: OpenReport, out: TextIO, err: TextIO) -> None:
    from spplus_desk.services.demo import fill_demo
    from spplus_desk.services.login import current_login

    interactive = err.isatty()

    def progress(done: int, total: int) -> None:
        line = (
            f"Données de démonstration : {format_int(done)} / {format_int(total)} "
            f"contacts ({100 * done // total} %)"
        )
        print(
            f"\r{line}" if interactive else line,
            end="" if interactive else "\n",
            file=err,
            flush=True,
        )

    result = fill_demo(
        report.desk,
        contacts=args.contacts,
        seed=args.seed,
        login=current_login(),
        progress=progress,
    )
    if interactive:
        print(file=err)
    rate = result.contacts / result.seconds if result.seconds else 0.0
    print(
        f"{count_text(result.contacts, 'contact', 'contacts')}, "
        f"{count_text(result.requests, 'demande', 'demandes')} et "
        f"{count_text(result.events, 'événement', 'événements')} créés du "
        f"{result.first_day:%d/%m/%Y} au {result.last_day:%d/%m/%Y} en "
        f"{format_decimal(result.seconds)}\u00a0s ({format_int(int(rate))} contacts/s).",
        file=out,
    )
    if result.cases:
        print(_cases_line(result), file=out)
    if result.feedback.entries:
        print(_feedback_line(result), file=out)


def _cases_line(result: DemoReport) -> str:
    """'15 cas du droit à l'erreur enregistrés, dont 4 régularisations attendues
    (2 en retard).'"""
    recorded = "enregistré" if result.cases < 2 else "enregistrés"
    line = f"{count_text(result.cases, 'cas', 'cas')} du droit à l'erreur {recorded}"
    if result.regularisations_awaited:
        awaited = count_text(
            result.regularisations_awaited, "régularisation attendue", "régularisations attendues"
        )
        line += f", dont {awaited} ({format_int(result.regularisations_late)} en retard)"
    return line + "."


def _feedback_line(result: DemoReport) -> str:
    """'15 avis enregistrés : 8 réclamations, 5 suggestions et 2 compliments (3 réponses
    à donner, dont 1 en retard) ; 4 actions d'amélioration, dont 2 réalisées.'"""
    feedback = result.feedback
    recorded = "enregistré" if feedback.entries < 2 else "enregistrés"
    kinds = (
        f"{count_text(feedback.complaints, 'réclamation', 'réclamations')}, "
        f"{count_text(feedback.suggestions, 'suggestion', 'suggestions')} et "
        f"{count_text(feedback.compliments, 'compliment', 'compliments')}"
    )
    line = f"{count_text(feedback.entries, 'avis', 'avis')} {recorded} : {kinds}"
    if feedback.to_answer:
        waiting = count_text(feedback.to_answer, "réponse à donner", "réponses à donner")
        line += f" ({waiting}, dont {format_int(feedback.late)} en retard)"
    if feedback.improvements:
        actions = count_text(
            feedback.improvements, "action d'amélioration", "actions d'amélioration"
        )
        done = "réalisée" if feedback.improvements_done < 2 else "réalisées"
        line += f" ; {actions}, dont {format_int(feedback.improvements_done)} {done}"
    return line + "."
