"""The right of access (RGPD art. 15): everything the service holds about one person,
exported as a PDF to hand over and a JSON file with the same content.

It reveals anyone's personal data, so only a lead or an administrator may search and
export, and each export is audited (``person.exported``: the query and how many records
of each type, never the data itself; the trail keeps the query apart, as personal).
How a person is found and told apart from a namesake: ``domain.person_search``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from spplus_desk.domain.documents import PrintLook
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.person_export import PersonExport
from spplus_desk.domain.person_search import (
    AmbiguousPersonError,
    Identity,
    PersonQuery,
    QueryKind,
    Sighting,
    SightingGroup,
    exact_group,
    group_sightings,
    identity_of,
    merge_groups,
    nobody_found,
    parse_person_query,
)
from spplus_desk.domain.processing_register import retention_lines
from spplus_desk.domain.retention import RecordType
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.person_export import person_export_json, person_export_pdf
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.services.print_settings import get_print_settings
from spplus_desk.services.request_exports import save_file
from spplus_desk.services.requests import request_case
from spplus_desk.services.service_details import service_info_from_row
from spplus_desk.store import audit, queries
from spplus_desk.store import person_search as store
from spplus_desk.store.requests import NOT_CONFIGURED

LEADS = (Role.LEAD, Role.ADMIN)
ACTION = "person.exported"
# Phone numbers and e-mails lead to records that give others: followed this many times.
GATHER_ROUNDS = 3
GONE = (
    "Cette personne n'est plus trouvée par « {query} » (ses données ont pu être "
    "anonymisées ou corrigées entre-temps) : relancez la recherche."
)

IS_FOLDER = (
    "« {path} » est un dossier : donnez le nom du fichier PDF à écrire, ex. dupont.pdf "
    "(le fichier JSON est écrit à côté)."
)


@dataclass(frozen=True, slots=True)
class SavedExport:
    pdf: Path
    json: Path
    identity: Identity
    counts: dict[str, int]


def find_people(desk: Desk, *, login: str, query: str) -> tuple[Identity, ...]:
    """The identities the query finds, to choose from (a lead or an administrator), each
    counted as its export will hold it."""
    wanted = parse_person_query(query)
    with desk.database.reading() as session:
        acting_agent(session, login, *LEADS)
        return _identities(session, _people(session, wanted))


def export_person(
    desk: Desk, *, login: str, query: str, identity: str | None = None
) -> PersonExport:
    """Everything held about the one person the query finds — or about ``identity``
    (an ``Identity.key`` of ``find_people``'s answer) when it finds several; else
    ``AmbiguousPersonError`` lists them. The export is audited."""
    wanted = parse_person_query(query)
    now = desk.clock.now()
    with desk.database.reading() as session:
        acting_agent(session, login, *LEADS)
        row = queries.service_row(session)
        if row is None or not row.name.strip():
            raise UserError(NOT_CONFIGURED)
        group = _chosen(session, _people(session, wanted), wanted, identity)
        contact_ids = group.ids(RecordType.CONTACT)
        case_ids = group.ids(RecordType.ERROR_CASE)
        request_ids = store.request_ids(session, contact_ids, case_ids)
        contacts = store.held_contacts(session, contact_ids)
        cases = store.held_cases(session, case_ids)
        feedback = store.held_feedback(session, group.ids(RecordType.FEEDBACK))
        service, retention = service_info_from_row(row), retention_lines(row.retention)
    export = PersonExport(
        service=service,
        exported_at=now,
        query=wanted.text,
        identity=identity_of(group, len(request_ids)),
        contacts=tuple(contacts),
        requests=tuple(request_case(desk, request_id) for request_id in request_ids),
        error_cases=tuple(cases),
        feedback=tuple(feedback),
        retention=retention,
    )
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *LEADS)
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=ACTION,
            entity_type="person",
            entity_id=None,
            after={"query": wanted.text, **export.counts},
        )
    return export


def export_files(desk: Desk, export: PersonExport) -> tuple[bytes, bytes]:
    """The PDF and the JSON, in the service's look (DejaVu Sans when its own font cannot
    be read from this desk)."""
    return person_export_pdf(export, _look(desk)), person_export_json(export)


def export_paths(out: Path) -> tuple[Path, Path]:
    """The PDF named and the JSON beside it: « dupont.pdf » gives « dupont.json »; a
    name without extension gets both (« dupont » gives « dupont.pdf », « dupont.json »).
    A folder is refused: the files would land beside it, not in it."""
    if out.is_dir():
        raise UserError(IS_FOLDER.format(path=out))
    if out.suffix.lower() == ".pdf":
        pdf = out
    elif not out.suffix:
        pdf = out.with_name(f"{out.name}.pdf")
    else:
        raise UserError(
            f"« {out.name} » : donnez le nom du fichier PDF, par exemple dupont.pdf ; le "
            "fichier JSON est écrit à côté (dupont.json)."
        )
    for path in (pdf, pdf.with_suffix(".json")):
        if path.is_dir():
            raise UserError(IS_FOLDER.format(path=path))
    return pdf, pdf.with_suffix(".json")


def save_person_export(
    desk: Desk, *, login: str, query: str, out: Path, identity: str | None = None
) -> SavedExport:
    """Export and write both files, each whole or not at all."""
    pdf_path, json_path = export_paths(out)
    export = export_person(desk, login=login, query=query, identity=identity)
    pdf, data = export_files(desk, export)
    save_file(pdf_path, pdf)
    save_file(json_path, data)
    return SavedExport(pdf_path, json_path, export.identity, export.counts)


def suggested_file_name(identity: Identity, today: date) -> str:
    """« donnees-paul-martin-2027-05-04.pdf »: what the save dialog proposes."""
    words = "".join(
        c if c.isalnum() else " " for c in fold(identity.names[0] if identity.names else "")
    )
    name = "-".join(words.split()[:4]) or "personne"
    return f"donnees-{name}-{today.isoformat()}.pdf"


def _people(session: Session, wanted: PersonQuery) -> list[SightingGroup]:
    """The identities the query finds, each with all its records: what is listed to
    choose from is what gets exported."""
    groups = group_sightings(store.sightings(session, wanted))
    if not groups:
        raise nobody_found(wanted.text)
    return merge_groups([_gathered(session, group) for group in groups])


def _identities(session: Session, groups: list[SightingGroup]) -> tuple[Identity, ...]:
    return tuple(
        identity_of(
            group,
            len(
                store.request_ids(
                    session, group.ids(RecordType.CONTACT), group.ids(RecordType.ERROR_CASE)
                )
            ),
        )
        for group in groups
    )


def _chosen(
    session: Session, groups: list[SightingGroup], wanted: PersonQuery, key: str | None
) -> SightingGroup:
    if not groups:
        raise nobody_found(wanted.text)
    if key is not None:
        found = next((group for group in groups if group.key == key), None)
        if found is None:
            raise UserError(GONE.format(query=wanted.text))
        return found
    if len(groups) == 1:
        return groups[0]
    exact = exact_group(groups, wanted)
    if exact is not None:
        return exact
    raise AmbiguousPersonError(wanted.text, _identities(session, groups))


def _gathered(session: Session, group: SightingGroup) -> SightingGroup:
    """The identity with its other records: reached through its phone numbers and
    e-mails (unless someone else uses them too), and opened from its contacts (unless
    they name someone else). Never through its name alone: a namesake is another
    person (``group_sightings`` already holds the name's records that are this one's)."""
    held: dict[tuple[RecordType, uuid.UUID], Sighting] = {
        (s.record_type, s.id): s for s in group.sightings
    }

    def take(found: list[Sighting]) -> None:
        for sighting in found:
            held.setdefault((sighting.record_type, sighting.id), sighting)

    followed: set[str] = set()
    for _round in range(GATHER_ROUNDS):
        links = {link for s in held.values() for link in s.links} - followed
        for link in sorted(links):
            followed.add(link)
            reached = store.sightings(session, _link_query(link))
            if not group.shares(reached):
                take(reached)
    contact_ids = [s.id for s in held.values() if s.record_type is RecordType.CONTACT]
    take([s for s in store.linked_sightings(session, contact_ids) if group.owns(s.name)])
    return SightingGroup(group.key, group.name_key, tuple(held.values()))


def _link_query(link: str) -> PersonQuery:
    kind, _, value = link.partition(":")
    if kind == "tel":
        return PersonQuery(value, QueryKind.PHONE, phone=value)
    return PersonQuery(value, QueryKind.EMAIL, email=value)


def _look(desk: Desk) -> PrintLook:
    look = get_print_settings(desk).look
    try:
        fonts_for(look)
    except UserError:
        return replace(look, font_regular="", font_bold="")
    return look
