"""The command line's options, in an argparse that speaks French.

Kept free of any other import of the app: the desktop app starts through here too, and
every module loaded before the window shows costs start-up time.

argparse only speaks English; its few messages a person meets are translated here so
that a wrong option gets one clear French sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from spplus_desk import __version__

_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.*)", r"argument(s) non reconnu(s) : \1"),
    (
        r"argument (\S+): not allowed with argument (\S+)",
        r"les options \1 et \2 ne peuvent pas être utilisées ensemble",
    ),
    (r"argument (\S+): expected one argument", r"l'option \1 attend une valeur"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"\1 : choix invalide \2 (choix possibles : \3)",
    ),
    (r"argument (\S+): invalid (\S+) value: '(.*)'", r"\1 : valeur invalide « \3 »"),
    (r"argument (\S+): (.*)", r"\1 : \2"),
    (r"ambiguous option: (.*)", r"option ambiguë : \1"),
)


def translate(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self, usage: str | None, actions: object, groups: object, prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)  # type: ignore[arg-type]


class FrenchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._optionals.title = "options"
        self._positionals.title = "arguments"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")


def positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(" ", "").replace("\u202f", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} : un nombre supérieur à zéro est attendu")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="spplus-desk",
        description="SP+ Desk : journal d'accueil et suivi des engagements Services Publics+.\n"
        "Sans commande, ouvre l'application ; avec une commande, travaille sans fenêtre.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"SP+ Desk {__version__}",
        help="affiche la version et quitte",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        metavar="CHEMIN",
        help="fichier SQLite à utiliser (défaut : dossier de l'utilisateur, "
        "ou la variable SPPLUS_DESK_DB)",
    )
    where.add_argument(
        "--database-url",
        metavar="URL",
        help="serveur PostgreSQL partagé, ex. postgresql://agent@serveur/spplus "
        "(ou la variable SPPLUS_DESK_DATABASE_URL)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="ouvre la fenêtre principale puis quitte (vérification d'installation)",
    )
    commands = parser.add_subparsers(
        dest="command", title="commandes", metavar="COMMANDE", parser_class=FrenchArgumentParser
    )
    init = commands.add_parser(
        "init",
        help="crée ou met à jour la base de données",
        description="Crée la base de données ou la met à jour.",
    )
    init.add_argument("--service-name", metavar="NOM", help="nom du service")
    init.add_argument(
        "--departement",
        metavar="CODE",
        help="département du service (ex. 75, 2A, 67, 974) : il fixe les "
        "jours fériés et le fuseau horaire",
    )
    demo = commands.add_parser(
        "demo",
        help="remplit la base avec des données de démonstration",
        description="Ajoute des contacts et des demandes réalistes, "
        "répartis sur les 12 derniers mois.",
    )
    demo.add_argument(
        "--contacts",
        type=positive_int,
        required=True,
        metavar="N",
        help="nombre de contacts à créer",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="graine du hasard : la même graine redonne les mêmes données",
    )
    _add_request_commands(commands)
    _add_register_command(commands)
    _add_indicators_command(commands)
    _add_document_commands(commands)
    from spplus_desk.cli_parser_trust import add_trust_commands  # it uses this module's

    add_trust_commands(commands)
    return parser


def quoted(*examples: str) -> str:
    """'« a », « b » ou « c »', with no-break spaces inside the quotes: a help line never
    wraps between a quote and its text."""
    quoted = [f"«\u00a0{example}\u00a0»" for example in examples]
    return " ou ".join((", ".join(quoted[:-1]), quoted[-1])) if len(quoted) > 1 else quoted[0]


def _add_request_commands(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    deadline = commands.add_parser(
        "deadline",
        help="calcule une échéance : date de réception + délai annoncé",
        description="Calcule l'échéance d'une demande comme l'application le fait : le jour\n"
        "de réception ne compte pas ; week-ends, jours fériés et fermetures sont sautés,\n"
        "et chacun est nommé. Sans --departement : le calendrier du service si sa base\n"
        "de données existe (elle n'est jamais créée), sinon celui de la métropole (75).",
    )
    deadline.add_argument(
        "--start",
        required=True,
        metavar="DATE",
        help="réception : "
        + quoted("2027-05-04", "2027-05-04T14:30", "04/05/2027", "04/05/2027 14:30")
        + " (heure du fuseau du département)",
    )
    deadline.add_argument(
        "--delay",
        required=True,
        metavar="DÉLAI",
        help="délai annoncé : "
        + quoted(
            "5 jours ouvrés", "6 jours ouvrables", "15 jours calendaires", "48 heures ouvrées"
        ),
    )
    deadline.add_argument(
        "--departement",
        metavar="CODE",
        help="calendrier de ce département (ex. 75, 67, 974) avec les horaires d'ouverture "
        "par défaut, sans lire la base de données",
    )
    deadline.add_argument("--json", action="store_true", help="résultat en JSON, pour les scripts")
    overdue = commands.add_parser(
        "overdue",
        help="liste les demandes en retard",
        description="Les demandes en cours dont l'échéance est passée, la plus en retard\n"
        "d'abord ; le retard est compté en jours ouvrés. Le nom des usagers n'y figure pas.",
    )
    overdue.add_argument(
        "--at",
        metavar="DATE",
        help="à ce moment plutôt que maintenant, ex. "
        + quoted("2027-05-20", "20/05/2027 14:30")
        + " (heure du service)",
    )
    _add_output_options(overdue)


def _add_register_command(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    register = commands.add_parser(
        "register",
        help="liste le registre du droit à l'erreur",
        description="Les cas du droit à l'erreur (CRPA, art. L123-1) découverts dans la\n"
        "période, le plus ancien d'abord, avec le total par issue. Le CSV et le JSON\n"
        "nomment la personne (c'est le registre du service) mais ni son téléphone,\n"
        "ni son courriel, ni les notes de l'agent. La base de données n'est jamais créée.",
    )
    day = quoted("2027-05-04", "04/05/2027")
    register.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help=f"cas découverts ce jour-là ou après, ex. {day}",
    )
    register.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        help=f"cas découverts ce jour-là ou avant, ex. {day}",
    )
    register.add_argument(
        "--cancelled",
        action="store_true",
        help="inclut les cas annulés (signalés comme tels ; exclus des totaux)",
    )
    _add_output_options(register)


def _add_indicators_command(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    indicators = commands.add_parser(
        "indicators",
        help="calcule les indicateurs Services Publics+ d'une période",
        description="Les indicateurs de la période, jours de début et de fin compris : contacts\n"
        "par canal, taux de décroché, demandes traitées dans le délai annoncé, délais de\n"
        "réponse, attente à l'accueil, satisfaction, réclamations, droit à l'erreur.\n"
        "Chaque taux vient avec son numérateur et son dénominateur ; un taux calculé sur\n"
        "moins de 20 cas est signalé. Aucune personne n'y est nommée. La base de données\n"
        "n'est jamais créée.",
    )
    day = quoted("2027-01-01", "01/01/2027")
    indicators.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help=f"premier jour, ex. {day}"
    )
    indicators.add_argument(
        "--to",
        dest="end",
        required=True,
        metavar="DATE",
        help=f"dernier jour (compris), ex. {quoted('2027-12-31', '31/12/2027')}",
    )
    _add_output_options(
        indicators,
        json_help="résultat en JSON, pour les scripts (taux de 0 à 100, null sans aucun cas)",
        csv_help="une ligne par indicateur avec sa valeur, son numérateur et son dénominateur, "
        f"pour Excel et l'open data du programme (séparateur {quoted(';')}, UTF-8 avec BOM)",
    )


def _add_output_options(
    parser: FrenchArgumentParser,
    *,
    json_help: str = "résultat en JSON, pour les scripts",
    csv_help: str = f"résultat en CSV pour Excel (séparateur {quoted(';')}, UTF-8 avec BOM)",
) -> None:
    """--json or --csv (a readable table without either), as every listing command has."""
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=json_help)
    output.add_argument("--csv", action="store_true", help=csv_help)


def _add_document_commands(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    poster = commands.add_parser(
        "poster",
        help="imprime une affiche du service dans un fichier PDF",
        description="Les affiches du service, en PDF prêt à imprimer :\n"
        "  commitments  nos engagements, nos délais annoncés et comment nous joindre ;\n"
        "  results      nos résultats de qualité de service sur une période ;\n"
        "  feedback     « Vous nous avez dit… Nous avons fait… » (améliorations terminées).\n"
        "Sans --from ni --to, les résultats et les améliorations portent sur les 12 derniers\n"
        "mois complets. La base de données n'est jamais créée.",
    )
    poster.add_argument(
        "poster", choices=("commitments", "results", "feedback"), metavar="AFFICHE",
        help="commitments, results ou feedback",
    )  # fmt: skip
    add_out_option(poster)
    poster.add_argument(
        "--size", choices=("A4", "A3"), default="A4", type=str.upper,
        help="format du papier (défaut : A4)",
    )  # fmt: skip
    poster.add_argument("--from", dest="start", metavar="DATE", help="premier jour de la période")
    poster.add_argument("--to", dest="end", metavar="DATE", help="dernier jour (compris)")
    receipt = commands.add_parser(
        "receipt",
        help="imprime l'accusé de réception d'une demande dans un fichier PDF",
        description="L'accusé de réception d'une demande (articles L112-3 et R112-5 du code\n"
        "des relations entre le public et l'administration) : date de réception, délai\n"
        "annoncé et échéance, décision implicite éventuelle, voies de recours.",
    )
    receipt.add_argument(
        "reference",
        metavar="RÉFÉRENCE",
        help=f"la référence de la demande, ex. {quoted('2027-000123')}",
    )
    add_out_option(receipt)


def add_out_option(parser: FrenchArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="FICHIER.pdf", help="le fichier PDF à écrire"
    )


# -- backups (issue 8) --
