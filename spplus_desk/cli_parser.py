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
    commands.add_parser(
        "check",
        help="vérifie la base : fichier, journal d'audit, modifications hors de l'application",
        description="Vérifie que la base est saine : l'intégrité du fichier (ou du serveur), "
        "la chaîne du journal d'audit, les sceaux de chaque ligne (une modification faite "
        "hors de l'application se voit) et le statut et les dates de chaque demande "
        "recalculés depuis leur historique.\nCode de sortie 0 si la base est saine, "
        "3 si un problème est trouvé (chacun décrit en une ligne).",
    )
    _add_request_commands(commands)
    _add_register_command(commands)
    _add_indicators_command(commands)
    _add_document_commands(commands)
    _add_backup_commands(commands)
    _add_privacy_commands(commands)
    _add_person_commands(commands)
    return parser


def _quoted(*examples: str) -> str:
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
        + _quoted("2027-05-04", "2027-05-04T14:30", "04/05/2027", "04/05/2027 14:30")
        + " (heure du fuseau du département)",
    )
    deadline.add_argument(
        "--delay",
        required=True,
        metavar="DÉLAI",
        help="délai annoncé : "
        + _quoted(
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
        + _quoted("2027-05-20", "20/05/2027 14:30")
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
    day = _quoted("2027-05-04", "04/05/2027")
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
    day = _quoted("2027-01-01", "01/01/2027")
    indicators.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help=f"premier jour, ex. {day}"
    )
    indicators.add_argument(
        "--to",
        dest="end",
        required=True,
        metavar="DATE",
        help=f"dernier jour (compris), ex. {_quoted('2027-12-31', '31/12/2027')}",
    )
    _add_output_options(
        indicators,
        json_help="résultat en JSON, pour les scripts (taux de 0 à 100, null sans aucun cas)",
        csv_help="une ligne par indicateur avec sa valeur, son numérateur et son dénominateur, "
        f"pour Excel et l'open data du programme (séparateur {_quoted(';')}, UTF-8 avec BOM)",
    )


def _add_output_options(
    parser: FrenchArgumentParser,
    *,
    json_help: str = "résultat en JSON, pour les scripts",
    csv_help: str = f"résultat en CSV pour Excel (séparateur {_quoted(';')}, UTF-8 avec BOM)",
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
    _add_out_option(poster)
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
        help=f"la référence de la demande, ex. {_quoted('2027-000123')}",
    )
    _add_out_option(receipt)


def _add_out_option(parser: FrenchArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="FICHIER.pdf", help="le fichier PDF à écrire"
    )


# -- backups (issue 8) --
def _add_backup_commands(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup",
        help="copie la base de données dans un fichier de sauvegarde",
        description="Copie la base SQLite dans FICHIER, même pendant qu'on y travaille, vérifie\n"
        "la copie et ne l'enregistre sous ce nom qu'entière. La base elle-même ne peut pas\n"
        "être écrasée. Une base PostgreSQL se sauvegarde avec pg_dump, par l'administrateur\n"
        "du serveur.",
    )
    backup.add_argument(
        "--out", required=True, metavar="FICHIER", help="la sauvegarde à écrire, ex. copie.db"
    )
    restore = commands.add_parser(
        "restore",
        help="remplace la base de données par une sauvegarde vérifiée",
        description="Vérifie FICHIER comme « spplus-desk check » (refusé s'il a un défaut ou\n"
        "s'il vient d'une version plus récente), garde une copie de la base actuelle dans\n"
        "le dossier des sauvegardes (« avant-restauration »), met la sauvegarde à sa place\n"
        "puis l'ouvre (mise à jour du schéma si elle est plus ancienne). Fermez d'abord\n"
        "SP+ Desk sur ce poste : une base ouverte ailleurs est refusée.",
    )
    restore.add_argument("file", metavar="FICHIER", help="la sauvegarde à restaurer")


# -- end backups --


# -- retention purge (issue 8) --
def _add_privacy_commands(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    purge = commands.add_parser(
        "purge",
        help="anonymise les données personnelles dont la durée de conservation est passée",
        description="Liste, par type de fiche, les données personnelles dont la durée de\n"
        "conservation est passée (RGPD) : nombre, date la plus ancienne, durée appliquée.\n"
        "L'anonymisation efface l'identité des personnes et les textes libres, garde les\n"
        "statistiques, et ne se défait pas. Sans --yes, rien n'est anonymisé (code 2).\n"
        "Réservé aux administrateurs (l'utilisateur du système doit en être un).",
    )
    what = purge.add_mutually_exclusive_group()
    what.add_argument(
        "--dry-run", action="store_true", help="affiche seulement ce qui serait anonymisé"
    )
    what.add_argument("--yes", action="store_true", help="confirme l'anonymisation (définitive)")
    purge.add_argument(
        "--export",
        metavar="FICHIER.json",
        help="écrit d'abord dans ce fichier JSON tout ce qui va être anonymisé",
    )


# -- end retention purge --


# -- right of access and register of processing (issue 8) --
def _add_person_commands(commands: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    export = commands.add_parser(
        "person-export",
        help="exporte tout ce que le service conserve sur une personne (droit d'accès)",
        description="Droit d'accès (RGPD, article 15) : les contacts, les demandes (avec leur\n"
        "historique), les dossiers du droit à l'erreur et les avis d'une personne, dans\n"
        "FICHIER.pdf (à lui remettre) et FICHIER.json à côté (le même contenu). La\n"
        "recherche est un nom (tous ses mots, sans tenir compte des accents ni des\n"
        "majuscules), un numéro de téléphone ou une adresse électronique ; si elle trouve\n"
        "plusieurs personnes, elles sont listées (téléphone et courriel masqués) et rien\n"
        "n'est écrit (code 2) : précisez-la. Les données anonymisées ne sont plus trouvées.\n"
        "Réservé aux responsables et administrateurs (l'utilisateur du système doit en\n"
        "être un) ; chaque export est inscrit au journal d'audit.",
    )
    export.add_argument(
        "--query",
        required=True,
        metavar="TEXTE",
        help="la personne : "
        + _quoted("Paul Martin", "06 12 34 56 78", "paul.martin@exemple.fr")
        + " (3 caractères au moins)",
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="FICHIER.pdf",
        help="le PDF à écrire ; le JSON est écrit à côté (dupont.pdf et dupont.json)",
    )
    register = commands.add_parser(
        "processing-register",
        help="imprime la fiche du registre des traitements (RGPD) dans un fichier PDF",
        description="La fiche du registre des activités de traitement (RGPD, article 30) :\n"
        "responsable, finalités, base légale, personnes et données concernées,\n"
        "destinataires, durées de conservation du service, mesures de sécurité.",
    )
    _add_out_option(register)


# -- end right of access --
