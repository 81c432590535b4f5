"""What ``check`` reads: the storage itself, the audit chain, the rows' seals.

Each function returns French sentences, one per problem found (none when sound), so
the command and the app print them as they are. They read only: a check never repairs.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from spplus_desk.domain.audit import GENESIS_HASH, audit_hash, personal_digest
from spplus_desk.domain.formatting import count_text
from spplus_desk.store import seals, tallies
from spplus_desk.store.schema import (
    AuditEntry,
    AuditHead,
    AuditPersonal,
    Base,
    Contact,
    ErrorCase,
    Feedback,
    ReferenceCounter,
    Request,
)

MAX_LISTED = 5  # rows named per problem: enough to find them, not a wall of text
_BATCH = 5000

# What a sealed table holds, in French (singular, plural, feminine): « 3 contacts ont
# été modifiés… ».
TABLE_WORDS = {
    "agent": ("agent", "agents", False),
    "contact": ("contact", "contacts", False),
    "error_case": ("dossier du droit à l'erreur", "dossiers du droit à l'erreur", False),
    "feedback": ("avis d'usager", "avis d'usagers", False),
    "improvement_action": ("action d'amélioration", "actions d'amélioration", True),
    "motif": ("motif de contact", "motifs de contact", False),
    "partner": ("partenaire", "partenaires", False),
    "procedure": ("démarche", "démarches", True),
    "request": ("demande", "demandes", True),
    "request_event": ("étape de demande", "étapes de demandes", True),
    "request_kind": ("type de demande", "types de demande", False),
    "service": ("fiche du service", "fiches du service", True),
}


@dataclass
class ChainFigures:
    entries: int = 0
    personal_erased: int = 0


def storage_problems(connection: Connection) -> list[str]:
    """SQLite's integrity_check and foreign_key_check; on PostgreSQL, every table read
    through (a damaged page fails the read) and the unique references counted again."""
    if connection.dialect.name == "sqlite":
        return _sqlite_problems(connection)
    problems = []
    for table in Base.metadata.sorted_tables:
        try:
            with connection.begin_nested():
                connection.execute(select(func.count()).select_from(table)).scalar_one()
        except DBAPIError as error:  # a failure to read is the finding
            problems.append(f"La table {table.name} ne peut pas être lue entièrement : {error}.")
    duplicated = connection.execute(
        select(Request.reference).group_by(Request.reference).having(func.count() > 1)
    ).scalars()
    for reference in duplicated:
        problems.append(f"La référence {reference} est portée par plusieurs demandes.")
    return problems


def _sqlite_problems(connection: Connection) -> list[str]:
    problems = []
    verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check(20)")]
    if verdict != ["ok"]:
        problems.append(
            "Le fichier SQLite est endommagé (integrity_check : " + " ; ".join(verdict) + ")."
        )
    orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if orphans:
        tables = sorted({str(row[0]) for row in orphans})
        problems.append(
            f"{count_text(len(orphans), 'ligne renvoie', 'lignes renvoient')} à une ligne "
            f"absente (tables : {', '.join(tables)})."
        )
    return problems


def audit_problems(connection: Connection, figures: ChainFigures | None = None) -> list[str]:
    """Walk the chain from its start: numbering without gaps, each entry's link to the
    one before, each hash recomputed, the personal values against their digest, and the
    head at the last entry."""
    figures = figures if figures is not None else ChainFigures()
    problems: list[str] = []
    previous_hash, expected_seq = GENESIS_HASH, 1
    for entry, personal in _entries(connection):
        figures.entries += 1
        seq = entry.seq
        if seq != expected_seq:
            if seq == expected_seq + 1:
                problems.append(f"Journal d'audit : l'entrée n° {expected_seq} manque.")
            elif seq > expected_seq:
                problems.append(
                    f"Journal d'audit : les entrées n° {expected_seq} à {seq - 1} manquent."
                )
            else:
                problems.append(f"Journal d'audit : entrée n° {seq} en double ou hors d'ordre.")
        if entry.prev_hash != previous_hash:
            problems.append(
                f"Journal d'audit : l'entrée n° {seq} n'est plus liée à la précédente "
                "(une entrée a été supprimée ou modifiée)."
            )
        recomputed = audit_hash(
            entry.prev_hash,
            seq=seq,
            at=entry.at,
            actor_id=str(entry.actor_id) if entry.actor_id is not None else None,
            action=entry.action,
            entity_type=entry.entity_type,
            entity_id=entry.entity_id,
            before=entry.before,
            after=entry.after,
            personal_digest=entry.personal_digest,
        )
        if recomputed != entry.hash:
            problems.append(
                f"Journal d'audit : l'entrée n° {seq} ({entry.action}, {entry.at:%d/%m/%Y}) "
                "a été modifiée après son enregistrement."
            )
        if personal is None:
            figures.personal_erased += entry.personal_digest is not None
        elif entry.personal_digest != personal_digest(personal[0], personal[1]):
            problems.append(
                f"Journal d'audit : les données personnelles de l'entrée n° {seq} ont été "
                "modifiées après leur enregistrement."
            )
        previous_hash, expected_seq = entry.hash, seq + 1
        if len(problems) > 50:
            problems.append("Journal d'audit : vérification arrêtée après 50 problèmes.")
            return problems
    head = connection.execute(select(AuditHead.seq, AuditHead.hash)).one_or_none()
    if head is None or tuple(head) != (expected_seq - 1, previous_hash):
        problems.append(
            "Journal d'audit : sa tête ne désigne pas sa dernière entrée (des entrées ont "
            "été supprimées ou ajoutées hors de l'application)."
        )
    return problems


def _entries(connection: Connection) -> Iterator[tuple[Any, tuple[str, Any] | None]]:
    """Each entry with its personal values (salt, values), or None when it has none."""
    query = (
        select(AuditEntry.__table__, AuditPersonal.salt, AuditPersonal.values)
        .outerjoin(AuditPersonal, AuditPersonal.seq == AuditEntry.seq)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=_BATCH)
    )
    for row in connection.execute(query):
        yield row, (row.salt, row.values) if row.salt is not None else None


def seal_problems(connection: Connection, counted: dict[str, int] | None = None) -> list[str]:
    """Rows whose values no longer match the seal the app wrote: edited, or added,
    behind the app's back."""
    problems = []
    for model in seals.sealed_models():
        broken: list[uuid.UUID] = []
        rows = 0
        for row_id, sound in seals.checked_rows(connection, model, _BATCH):
            rows += 1
            if not sound:
                broken.append(row_id)
        if counted is not None:
            counted[model.__tablename__] = rows
        if broken:
            problems.append(_seal_sentence(connection, model.__tablename__, broken))
    return problems


def _seal_sentence(connection: Connection, table: str, broken: list[uuid.UUID]) -> str:
    one, many, feminine = TABLE_WORDS.get(table, (table, table, False))
    named = ", ".join(_row_name(connection, table, row_id) for row_id in broken[:MAX_LISTED])
    more = "…" if len(broken) > MAX_LISTED else ""
    ending = ("e" if feminine else "") + ("s" if len(broken) > 1 else "")
    verb = "a" if len(broken) == 1 else "ont"
    return (
        f"{count_text(len(broken), one, many)} {verb} été modifié{ending} ou "
        f"ajouté{ending} hors de l'application : {named}{more}."
    )


def _row_name(connection: Connection, table: str, row_id: uuid.UUID) -> str:
    if table == "request":
        reference = connection.execute(
            select(Request.reference).where(Request.id == row_id)
        ).scalar_one_or_none()
        if reference:
            return reference
    return f"identifiant {row_id}"


_COUNT_COLUMNS = frozenset({"contacts", "visits", "seconds", "answers"})  # last in each
TALLY_WORDS = {
    "answer_tally": "réponses aux demandes",
    "contact_tally": "contacts par canal et par suite donnée",
    "motif_tally": "contacts par motif",
    "wait_tally": "attentes à l'accueil",
}


def tally_problems(session: Session) -> list[str]:
    """The roll-ups the indicators and posters read, against a recount of the journal
    and the requests (the very queries that rebuild them)."""
    problems = []
    for model, columns, counted in tallies.recounts(session):
        table = cast(Table, model.__table__)
        stored = session.execute(select(*(table.c[name] for name in columns))).all()
        counts = sum(name in _COUNT_COLUMNS for name in columns)
        recounted = session.execute(counted).all()
        if _normalised(stored, counts) != _normalised(recounted, counts):
            problems.append(
                f"Les cumuls statistiques ({TALLY_WORDS[model.__tablename__]}) ne "
                "correspondent plus au journal : les indicateurs et les affiches seraient faux."
            )
    return problems


def _normalised(rows: Sequence[Row[Any]], counts: int) -> Counter[tuple[Any, ...]]:
    """Rows as comparable tuples (SQLite gives a comparison's truth as 0 or 1), without
    the rows an undo or a correction brought back to zero (the recount has none)."""
    return Counter(
        tuple(int(v) if isinstance(v, bool) else v for v in row)
        for row in rows
        if any(row[-counts:])
    )


_SQLITE_SEARCH_OBJECTS = (
    "contact_fts",
    "contact_search_key",
    "contact_fts_insert",
    "contact_fts_update",
)
_SEARCH_MISMATCHES = """
    SELECT count(*) FROM contact AS c
    LEFT JOIN contact_search_key AS k ON k.contact_id = c.id
    LEFT JOIN contact_fts AS f ON f.rowid = k.rowid
    WHERE f.rowid IS NULL OR f.person_name != coalesce(c.person_name, '') OR f.notes != c.notes
"""


def search_index_problems(connection: Connection) -> list[str]:
    """The journal's full-text search (and the person export's): its structures present
    and, on SQLite, holding exactly the contacts' names and notes — an anonymised name
    must not linger there, and a contact missing from it could not be found."""
    if connection.dialect.name != "sqlite":
        found = connection.exec_driver_sql(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_contact_fulltext'"
        ).first()
        return [] if found else [_SEARCH_MISSING]
    names = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name IN "
            f"({', '.join(repr(n) for n in _SQLITE_SEARCH_OBJECTS)})"
        )
    }
    if names != set(_SQLITE_SEARCH_OBJECTS):
        return [_SEARCH_MISSING]
    wrong = connection.exec_driver_sql(_SEARCH_MISMATCHES).scalar_one()
    if not wrong:
        return []
    return [
        f"L'index de recherche du journal ne correspond plus à "
        f"{count_text(wrong, 'contact', 'contacts')} (nom ou notes) : la recherche et "
        "l'export des données d'une personne seraient faux."
    ]


_SEARCH_MISSING = (
    "L'index de recherche du journal a été supprimé ou modifié hors de l'application : "
    "la recherche et l'export des données d'une personne ne fonctionnent plus."
)


# What the app creates and never deletes (a wrong entry is cancelled), by audited action
# (requests: their numbers, counted above).
_CREATED = {
    "contact.created": ("contact", Contact),
    "error_case.created": ("dossier du droit à l'erreur", ErrorCase),
    "feedback.created": ("avis d'usager", Feedback),
}


def deletion_problems(session: Session) -> list[str]:
    """Rows deleted behind the app's back, which no seal can show: every request number
    given out must still be a request, and every record the trail saw created must still
    be there."""
    problems = []
    given = session.execute(select(ReferenceCounter.year, ReferenceCounter.last_number)).all()
    for year, last_number in given:
        held = session.scalar(
            select(func.count()).select_from(Request).where(Request.reference.like(f"{year}-%"))
        )
        if held != last_number:
            numbers = count_text(last_number, "numéro donné", "numéros donnés")
            present = count_text(held or 0, "demande présente", "demandes présentes")
            problems.append(
                f"Demandes de {year} : {numbers}, {present} (des demandes ou le compteur "
                "des numéros ont été modifiés hors de l'application)."
            )
    for action, (word, model) in _CREATED.items():
        created = {
            uuid.UUID(entity_id)
            for entity_id in session.scalars(
                select(AuditEntry.entity_id).where(AuditEntry.action == action)
            )
            if entity_id
        }
        missing = _missing(session, model, created)
        if missing:
            problems.append(
                f"{count_text(len(missing), word, word + 's')} enregistré(s) puis supprimé(s) "
                f"hors de l'application : identifiant {', '.join(map(str, missing[:MAX_LISTED]))}"
                f"{'…' if len(missing) > MAX_LISTED else ''}."
            )
    return problems


def _missing(session: Session, model: Any, wanted: set[uuid.UUID]) -> list[uuid.UUID]:
    found: set[uuid.UUID] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(session.scalars(select(model.id).where(model.id.in_(chunk))))
    return sorted(wanted - found)
