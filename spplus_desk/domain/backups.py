"""Backups as the screens and the command line show them: which copy, taken when, of
what kind, how large; and the settings of their rotation.

A backup's name says all of that (``spplus-desk-quotidienne-20270504-093000.db``), so
listing the folder is enough to know what it holds: no file is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import NBSP, format_decimal, format_int
from spplus_desk.domain.history import day_text

DAILY_LABEL = "quotidienne"  # the first opening of the day
MANUAL_LABEL = "manuelle"  # « Sauvegarder maintenant… »
RESTORE_LABEL = "avant-restauration"  # the database a restore replaced
MIGRATION_PREFIX = "avant-migration"  # before a schema upgrade: « avant-migration-0009 »

DEFAULT_DAILY, DEFAULT_MONTHLY = 14, 12
MIN_DAILY, MAX_DAILY = 1, 366  # the newest copy is never rotated away
MIN_MONTHLY, MAX_MONTHLY = 0, 120

SERVER_BACKUPS = (
    "Cette base est sur un serveur PostgreSQL : ses sauvegardes sont l'affaire de "
    "l'administrateur du serveur (pg_dump, ou la sauvegarde du serveur lui-même), pas de "
    "SP+ Desk, qui ne fait des copies que d'une base en fichier SQLite."
)


@dataclass(frozen=True, slots=True)
class BackupEntry:
    """One copy in the backups' folder."""

    path: Path
    label: str  # DAILY_LABEL, MANUAL_LABEL…
    taken: datetime  # as written in its name: the service's wall-clock time, naive
    size: int  # bytes

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """Where the copies go and how many are kept (the service's row)."""

    folder: str  # as set; "" = the default folder beside the database
    default_folder: str
    daily: int
    monthly: int
    version: int

    @property
    def effective_folder(self) -> str:
        return self.folder or self.default_folder


def check_counts(daily: int, monthly: int) -> None:
    """The rotation's counts, refused in French outside their bounds."""
    if not MIN_DAILY <= daily <= MAX_DAILY:
        raise UserError(
            f"Le nombre de sauvegardes quotidiennes gardées doit être compris entre "
            f"{MIN_DAILY} et {MAX_DAILY} : la plus récente est toujours gardée."
        )
    if not MIN_MONTHLY <= monthly <= MAX_MONTHLY:
        raise UserError(
            f"Le nombre de sauvegardes mensuelles gardées doit être compris entre "
            f"{MIN_MONTHLY} et {MAX_MONTHLY}."
        )


def label_text(label: str) -> str:
    """« Quotidienne », « Avant la mise à jour du schéma 0009 »…"""
    if label.startswith(MIGRATION_PREFIX):
        revision = label.removeprefix(MIGRATION_PREFIX).strip("-")
        return f"Avant la mise à jour du schéma {revision}".strip()
    known = {
        DAILY_LABEL: "Quotidienne",
        MANUAL_LABEL: "Manuelle",
        RESTORE_LABEL: "Avant une restauration",
    }
    return known.get(label, label.replace("-", " ").capitalize())


def taken_text(taken: datetime) -> str:
    """'4 mai 2027 à 9 h 30'."""
    return f"{day_text(taken.date())} à {taken.hour}{NBSP}h{NBSP}{taken.minute:02d}"


def size_text(size: int) -> str:
    """'512 octets', '48 ko', '3,2 Mo', '1,4 Go' (1 ko = 1 000 octets, as files show)."""
    if size < 1000:
        return f"{format_int(size)}{NBSP}octet{'s' if size > 1 else ''}"
    for unit, scale in (("Go", 10**9), ("Mo", 10**6)):
        if size >= scale:
            return f"{format_decimal(size / scale)}{NBSP}{unit}"
    return f"{format_int(round(size / 1000))}{NBSP}ko"
