"""What the service prints beyond its identity: its local engagements, how to book an
appointment, its logo and, for a service entitled to one, its own font.

Stored on the service's row, so every desk prints the same posters; each change is a
lead's or an admin's, audited, and refused when someone saved the settings meanwhile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.documents import (
    PrintLook,
    PrintSettings,
    clean_appointment,
    clean_local_engagements,
)
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.reports.fonts import check_font
from spplus_desk.reports.logo import check_logo
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import audit, queries
from spplus_desk.store.database import load_for_edit
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import Service

EDITORS = (Role.LEAD, Role.ADMIN)
ENTITY = "service"


def get_print_settings(desk: Desk) -> PrintSettings:
    with desk.database.reading() as session:
        return _settings(_service(session))


def local_engagements(desk: Desk) -> tuple[str, ...]:
    """The service's own engagements alone (« Mon service »): not the logo's bytes."""
    with desk.database.reading() as session:
        return tuple(session.scalars(select(Service.local_engagements)).first() or ())


def update_print_settings(
    desk: Desk,
    *,
    login: str,
    version: int,
    local_engagements: Sequence[str],
    appointment: str,
) -> PrintSettings:
    """The local engagements (in the order given) and the appointment wording."""
    engagements = list(clean_local_engagements(local_engagements))
    booking = clean_appointment(appointment)

    def apply(row: Service) -> dict[str, Any]:
        row.local_engagements = engagements
        row.appointment = booking
        return {"local_engagements": engagements, "appointment": booking}

    return _change(desk, login, version, apply, _wording)


def set_logo(desk: Desk, *, login: str, version: int, data: bytes | None) -> PrintSettings:
    """The service's logo (a PNG or JPEG image of 2 MB at most); None removes it."""
    if data is not None:
        check_logo(data)

    def apply(row: Service) -> dict[str, Any]:
        row.logo = data
        return _logo_audit(data)

    return _change(desk, login, version, apply, lambda row: _logo_audit(row.logo))


def set_print_font(
    desk: Desk, *, login: str, version: int, regular: str, bold: str
) -> PrintSettings:
    """The TrueType files of the service's own font (regular, and bold if it has one); two
    empty paths bring back DejaVu Sans, shipped with the app."""
    # Stored absolute: « ~/polices/… » or a relative path would mean another file on
    # another desk (a network path stays as it is).
    regular, bold = (_absolute(path) for path in (regular, bold))
    if bold and not regular:
        raise UserError("Indiquez aussi le fichier de la police normale, pas seulement le gras.")
    with desk.database.reading() as session:  # the role first: the files are read next
        acting_agent(session, login, *EDITORS)
    if regular:
        check_font(Path(regular))
    if bold:
        check_font(Path(bold))

    def apply(row: Service) -> dict[str, Any]:
        row.font_regular, row.font_bold = regular, bold
        return {"font_regular": regular, "font_bold": bold}

    return _change(
        desk,
        login,
        version,
        apply,
        lambda row: {"font_regular": row.font_regular, "font_bold": row.font_bold},
    )


def _absolute(path: str) -> str:
    text = path.strip()
    return str(Path(text).expanduser().absolute()) if text else ""


def _service(session: Session) -> Service:
    row = queries.service_row(session)
    if row is None:
        raise UserError(NOT_CONFIGURED)
    return row


def _settings(row: Service) -> PrintSettings:
    return PrintSettings(
        local_engagements=tuple(row.local_engagements),
        appointment=row.appointment,
        look=PrintLook(logo=row.logo, font_regular=row.font_regular, font_bold=row.font_bold),
        version=row.version,
    )


def _wording(row: Service) -> dict[str, Any]:
    return {"local_engagements": list(row.local_engagements), "appointment": row.appointment}


def _logo_audit(data: bytes | None) -> dict[str, Any]:
    """The audit names the logo by its size and fingerprint, not its bytes."""
    if data is None:
        return {"logo": None}
    return {"logo": {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}


def _change(
    desk: Desk,
    login: str,
    version: int,
    apply: Callable[[Service], dict[str, Any]],
    snapshot: Callable[[Service], dict[str, Any]],
) -> PrintSettings:
    now = desk.clock.now()
    with desk.database.writing() as session:
        agent = acting_agent(session, login, *EDITORS)
        current = _service(session)
        row = load_for_edit(session, Service, current.id, version)
        before = snapshot(row)
        after = apply(row)
        if after == before:
            return _settings(row)
        row.updated_at = now
        session.flush()
        audit.record(
            session,
            at=now,
            actor_id=agent.id,
            action=f"{ENTITY}.print_settings",
            entity_type=ENTITY,
            entity_id=row.id,
            before=before,
            after=after,
        )
        return _settings(row)
