"""The command line's options for trust (issue 8): ``check``, ``backup``, ``restore``,
``purge``, ``person-export`` and ``processing-register``. Import-free like cli_parser."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from spplus_desk.cli_parser import FrenchArgumentParser, add_out_option, quoted

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[FrenchArgumentParser]


def add_trust_commands(commands: Commands) -> None:
    commands.add_parser(
        "check",
        help="vérifie la base : fichier, journal d'audit, modifications hors de l'application",
        description="Vérifie que la base est saine : l'intégrité du fichier (ou du serveur), "
        "la chaîne du journal d'audit, les sceaux de chaque ligne (une modification faite "
        "hors de l'application se voit) et le statut et les dates de chaque demande "
        "recalculés depuis leur historique.\nCode de sortie 0 si la base est saine, "
        "3 si un problème est trouvé (chacun décrit en une ligne).",
    )
    _add_backup_commands(commands)
    _add_privacy_commands(commands)
    _add_person_commands(commands)


def _add_backup_commands(commands: Commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="copie la base de données dans un fichier de sauvegarde",
        description="Copie la base SQLite dans FICHIER, même pendant qu'on y travaille, vérifie\n"
        "la copie et ne l'enregistre sous ce nom qu'entière. La base elle-même ne peut pas\n"
        "être écrasée. Réservé aux responsables et administrateurs (l'utilisateur du\n"
        "système doit en être un). Une base PostgreSQL se sauvegarde avec pg_dump, par\n"
        "l'administrateur du serveur.",
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
        "SP+ Desk sur ce poste : une base ouverte ailleurs est refusée.\n"
        "Réservé aux administrateurs de la base remplacée (l'utilisateur du système doit\n"
        "en être un). Si elle est absente ou trop endommagée pour être lue, seul --force\n"
        "permet de la remplacer.",
    )
    restore.add_argument("file", metavar="FICHIER", help="la sauvegarde à restaurer")
    restore.add_argument(
        "--force",
        action="store_true",
        help="remplace même une base absente ou illisible, sans vérifier le rôle",
    )


# -- end backups --


# -- retention purge (issue 8) --
def _add_privacy_commands(commands: Commands) -> None:
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
def _add_person_commands(commands: Commands) -> None:
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
        + quoted("Paul Martin", "06 12 34 56 78", "paul.martin@exemple.fr")
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
    add_out_option(register)


# -- end right of access --
