"""What a service prints beyond its identity, set by a lead or an admin: its local
engagements and how to book an appointment, its logo, its own font. Each change is
audited; a stale form, an agent, a bad image or font are refused in French and change
nothing (issue 7)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from spplus_desk.domain.documents import PrintLook, PrintSettings
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.reports.fonts import BOLD_FILE, REGULAR_FILE, bundled_font
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import (
    get_print_settings,
    set_logo,
    set_print_font,
    update_print_settings,
)
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.store.schema import AuditEntry
from tests.support import TEST_LOGIN

ACTION = "service.print_settings"
LOCAL = ("Nous rappelons sous 48 h", "Un accueil sans rendez-vous le mardi matin")
BOOKING = "Par téléphone au 01 23 45 67 89\nou sur www.mairie-test.fr/rendez-vous"


def png(width: int = 60, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 0, 145)).save(out, "PNG")
    return out.getvalue()


def noisy(kind: str) -> bytes:
    """An image whose pixels do not compress away: cutting it loses some of them."""
    out = io.BytesIO()
    Image.effect_noise((120, 80), 60).convert("RGB").save(out, kind)
    return out.getvalue()


DAMAGED = (
    "Le logo n'a pas pu être lu : l'image semble abîmée ou incomplète. Enregistrez-la de "
    "nouveau et choisissez-la encore."
)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 30), (225, 0, 15)).save(out, "JPEG")
    return out.getvalue()


def entries(desk: Desk) -> list[tuple[Any, Any]]:
    """The print settings' audit entries, oldest first: (before, after)."""
    with desk.database.reading() as session:
        found = session.scalars(
            select(AuditEntry).where(AuditEntry.action == ACTION).order_by(AuditEntry.seq)
        )
        return [(entry.before, entry.after) for entry in found]


def wording(desk: Desk, settings: PrintSettings | None = None, **changes: Any) -> PrintSettings:
    values: dict[str, Any] = {"local_engagements": LOCAL, "appointment": BOOKING}
    values.update(changes)
    version = (settings or get_print_settings(desk)).version
    return update_print_settings(desk, login=TEST_LOGIN, version=version, **values)


def test_defaults(desk: Desk) -> None:
    settings = get_print_settings(desk)
    assert settings.local_engagements == ()
    assert settings.appointment == ""
    assert settings.look == PrintLook()
    assert settings.look.logo is None
    assert (settings.look.font_regular, settings.look.font_bold) == ("", "")


def test_update_read_back_and_audit(desk: Desk) -> None:
    before = get_print_settings(desk)
    typed = ["  Nous rappelons sous 48 h ", "", LOCAL[1]]
    saved = wording(desk, before, local_engagements=typed, appointment=f"  {BOOKING}\n")
    assert saved.local_engagements == LOCAL  # trimmed, blank line dropped, order kept
    assert saved.appointment == BOOKING  # its line break kept
    assert saved.version > before.version
    assert get_print_settings(desk) == saved
    assert entries(desk) == [
        (
            {"local_engagements": [], "appointment": ""},
            {"local_engagements": list(LOCAL), "appointment": BOOKING},
        )
    ]
    # Saving the same again is no change: no entry, no new version.
    assert wording(desk, saved) == saved
    assert len(entries(desk)) == 1
    emptied = wording(desk, saved, local_engagements=[], appointment="")
    assert (emptied.local_engagements, emptied.appointment) == ((), "")
    assert entries(desk)[-1][1] == {"local_engagements": [], "appointment": ""}


def test_a_stale_version_is_refused_and_changes_nothing(desk: Desk) -> None:
    read = get_print_settings(desk)
    saved = wording(desk, read)  # someone else saves first
    with pytest.raises(ConflictError) as refused:
        wording(desk, read, local_engagements=["Autre chose"])
    assert refused.value.message == CONFLICT_MESSAGE
    with pytest.raises(ConflictError):
        set_logo(desk, login=TEST_LOGIN, version=read.version, data=png())
    with pytest.raises(ConflictError):
        set_print_font(desk, login=TEST_LOGIN, version=read.version, regular="", bold="")
    assert get_print_settings(desk) == saved
    assert len(entries(desk)) == 1


def test_an_agent_may_not_change_them(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Léa Agent", agent_login="lea", role=Role.AGENT)
    version = get_print_settings(desk).version
    attempts: list[Callable[[], PrintSettings]] = [
        lambda: update_print_settings(
            desk, login="lea", version=version, local_engagements=LOCAL, appointment=""
        ),
        lambda: set_logo(desk, login="lea", version=version, data=png()),
        lambda: set_print_font(
            desk, login="lea", version=version, regular=str(bundled_font(REGULAR_FILE)), bold=""
        ),
        # Refused for the role before any file is read.
        lambda: set_print_font(
            desk, login="lea", version=version, regular="/nulle/part/Marianne.ttf", bold=""
        ),
    ]
    for attempt in attempts:
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.message == (
            "Cette action est réservée au rôle responsable d'équipe ou administrateur."
        )
    assert get_print_settings(desk).look == PrintLook()
    assert get_print_settings(desk).local_engagements == ()
    assert entries(desk) == []


def test_a_lead_may(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Responsable", agent_login="paul", role=Role.LEAD)
    version = get_print_settings(desk).version
    saved = update_print_settings(
        desk, login="paul", version=version, local_engagements=LOCAL, appointment=""
    )
    assert saved.local_engagements == LOCAL


def test_bad_engagements_are_refused_and_change_nothing(desk: Desk) -> None:
    version = get_print_settings(desk).version
    with pytest.raises(UserError, match="6 engagements locaux au plus"):
        wording(desk, local_engagements=[f"Engagement {n}" for n in range(7)])
    with pytest.raises(UserError, match="figure deux fois"):
        wording(desk, local_engagements=["Un accueil", "un ACCUEIL"])
    with pytest.raises(UserError, match="Le texte de prise de rendez-vous est trop long"):
        wording(desk, appointment="x" * 301)
    with pytest.raises(UserError, match="Le texte de prise de rendez-vous contient des caractères"):
        wording(desk, appointment="Au guichet\x07")
    assert get_print_settings(desk).version == version
    assert entries(desk) == []


def test_logo_png_and_jpeg_accepted_none_removes(desk: Desk) -> None:
    logo = png()
    saved = set_logo(desk, login=TEST_LOGIN, version=get_print_settings(desk).version, data=logo)
    assert saved.look.logo == logo
    assert get_print_settings(desk).look.logo == logo
    _before, after = entries(desk)[-1]
    assert after["logo"]["bytes"] == len(logo)  # named by size and fingerprint, not bytes
    assert len(after["logo"]["sha256"]) == 64
    photo = jpeg()
    saved = set_logo(desk, login=TEST_LOGIN, version=saved.version, data=photo)
    assert get_print_settings(desk).look.logo == photo
    removed = set_logo(desk, login=TEST_LOGIN, version=saved.version, data=None)
    assert removed.look.logo is None
    assert get_print_settings(desk).look.logo is None
    assert entries(desk)[-1][1] == {"logo": None}
    assert len(entries(desk)) == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Ceci n'est pas une image.", "Le logo doit être une image PNG ou JPEG."),
        (b"\x89PNG\r\n\x1a\n" + b"abime" * 20, DAMAGED),
        # Cut short: the header reads, the pixels do not (it would fail at printing).
        (noisy("PNG")[: len(noisy("PNG")) // 3], DAMAGED),
        (noisy("JPEG")[: len(noisy("JPEG")) // 3], DAMAGED),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024),
            "Le logo pèse plus de 2 Mo : enregistrez-le en plus petit (PNG ou JPEG) et "
            "choisissez-le de nouveau.",
        ),
    ],
)
def test_bad_logos_are_refused_in_french(desk: Desk, data: bytes, expected: str) -> None:
    logo = png()
    kept = set_logo(desk, login=TEST_LOGIN, version=get_print_settings(desk).version, data=logo)
    with pytest.raises(UserError) as refused:
        set_logo(desk, login=TEST_LOGIN, version=kept.version, data=data)
    assert refused.value.message == expected
    assert get_print_settings(desk) == kept


def test_font_bundled_accepted_empty_resets(desk: Desk) -> None:
    regular, bold = str(bundled_font(REGULAR_FILE)), str(bundled_font(BOLD_FILE))
    version = get_print_settings(desk).version
    saved = set_print_font(desk, login=TEST_LOGIN, version=version, regular=regular, bold=bold)
    assert (saved.look.font_regular, saved.look.font_bold) == (regular, bold)
    assert get_print_settings(desk).look == PrintLook(font_regular=regular, font_bold=bold)
    assert entries(desk)[-1] == (
        {"font_regular": "", "font_bold": ""},
        {"font_regular": regular, "font_bold": bold},
    )
    alone = set_print_font(
        desk, login=TEST_LOGIN, version=saved.version, regular=f"  {regular} ", bold=""
    )
    assert (alone.look.font_regular, alone.look.font_bold) == (regular, "")  # trimmed
    reset = set_print_font(desk, login=TEST_LOGIN, version=alone.version, regular="", bold="")
    assert get_print_settings(desk).look == PrintLook()
    assert reset.look == PrintLook()
    assert len(entries(desk)) == 3


def test_bad_fonts_are_refused_in_french(desk: Desk, tmp_path: Path) -> None:
    regular = str(bundled_font(REGULAR_FILE))
    missing = tmp_path / "absente.ttf"
    text = tmp_path / "marianne.ttf"
    text.write_text("Ceci n'est pas une police.", encoding="utf-8")
    version = get_print_settings(desk).version
    cases = [
        (
            (str(missing), ""),
            f"Le fichier de police « {missing} » est introuvable depuis ce poste : vérifiez le "
            "chemin (un chemin réseau convient s'il est lisible de tous les postes).",
        ),
        (
            (regular, str(missing)),
            f"Le fichier de police « {missing} » est introuvable",
        ),
        (
            (str(text), ""),
            f"La police « {text} » n'a pas pu être chargée : vérifiez qu'il s'agit d'un "
            "fichier TrueType (.ttf) lisible.",
        ),
        (
            (str(tmp_path), ""),  # a folder
            "est introuvable depuis ce poste",
        ),
        (
            ("", str(bundled_font(BOLD_FILE))),
            "Indiquez aussi le fichier de la police normale, pas seulement le gras.",
        ),
    ]
    for (font_regular, font_bold), expected in cases:
        with pytest.raises(UserError) as refused:
            set_print_font(
                desk, login=TEST_LOGIN, version=version, regular=font_regular, bold=font_bold
            )
        assert expected in refused.value.message
    assert get_print_settings(desk).look == PrintLook()
    assert get_print_settings(desk).version == version
    assert entries(desk) == []
