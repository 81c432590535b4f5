"""The TrueType fonts embedded in every printed document.

PDF's standard fonts (Helvetica…) cannot print U+202F, the narrow no-break space of French
typography, so documents always embed a TTF: DejaVu Sans, shipped in resources/fonts with
its licence, unless the service gives the files of another font (the State font it is
entitled to, for instance).
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from spplus_desk.domain.documents import PrintLook
from spplus_desk.domain.errors import UserError

# Letters a French document cannot do without: a font missing one prints boxes.
FRENCH_LETTERS = "éèêàâçôîùûëïœÉÈÀÇ«»’\u00a0"
REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"

# Reports may be built on background threads: registration happens under a lock.
_lock = threading.Lock()
_registered: dict[Path, str] = {}  # font file -> the name reportlab knows it by


@dataclass(frozen=True, slots=True)
class FontNames:
    """The reportlab names of a registered family, for styles and canvas calls."""

    regular: str
    bold: str


def bundled_font(file_name: str) -> Path:
    """A font shipped in resources/fonts (a real file, also in a wheel or frozen build)."""
    return Path(str(resources.files("spplus_desk.resources") / "fonts" / file_name))


def register_fonts(regular: Path | None = None, bold: Path | None = None) -> FontNames:
    """Register the two faces with reportlab (again: no work) and return their names.

    Without paths, the bundled DejaVu Sans. A regular face given alone also serves as bold.
    A file that is missing or not a TrueType font raises a ``UserError``.
    """
    if regular is None and bold is None:
        regular, bold = bundled_font(REGULAR_FILE), bundled_font(BOLD_FILE)
    elif regular is None:
        regular = bundled_font(REGULAR_FILE)
    with _lock:
        regular_name = _register(regular)
        bold_name = _register(bold) if bold is not None else regular_name
        # Lets <b> in a Paragraph pick the bold face of the family.
        addMapping(regular_name, 0, 0, regular_name)
        addMapping(regular_name, 1, 0, bold_name)
        addMapping(regular_name, 0, 1, regular_name)
        addMapping(regular_name, 1, 1, bold_name)
    return FontNames(regular=regular_name, bold=bold_name)


def _register(path: Path) -> str:
    key = path.resolve()
    name = _registered.get(key)
    if name is not None:
        return name
    if not key.is_file():
        raise UserError(
            f"Le fichier de police « {path} » est introuvable depuis ce poste (déplacé, ou "
            "sur un partage réseau hors d'atteinte)."
        )
    name = _font_name(key)
    try:
        pdfmetrics.registerFont(TTFont(name, str(key)))
    except (OSError, TTFError) as error:
        raise UserError(
            f"La police « {path} » n'a pas pu être chargée : vérifiez qu'il s'agit d'un "
            "fichier TrueType (.ttf) lisible."
        ) from error
    _registered[key] = name
    return name


def _font_name(key: Path) -> str:
    """'DejaVuSans' for a bundled face; other files get their path's checksum too, since
    two of them may share a stem (the State font copied into two folders)."""
    if key.parent == bundled_font(REGULAR_FILE).resolve().parent:
        return key.stem
    return f"{key.stem}-{zlib.crc32(str(key).encode()):08x}"


def fonts_for(look: PrintLook) -> FontNames:
    """The service's own font when it set one, else DejaVu Sans (both embedded)."""
    regular, bold = look.font_regular.strip(), look.font_bold.strip()
    return register_fonts(Path(regular) if regular else None, Path(bold) if bold else None)


def check_font(path: Path) -> None:
    """A TrueType file reportlab can embed, with the letters French needs; else a
    ``UserError`` saying what is wrong."""
    try:
        found = path.is_file()
    except OSError:  # a name too long for the system, a share that does not answer
        found = False
    if not found:
        raise UserError(
            f"Le fichier de police « {path} » est introuvable depuis ce poste : vérifiez le "
            "chemin (un chemin réseau convient s'il est lisible de tous les postes)."
        )
    font = pdfmetrics.getFont(register_fonts(path).regular)
    assert isinstance(font, TTFont)  # registered from a .ttf just above
    face = font.face
    missing = [ch for ch in FRENCH_LETTERS if ord(ch) not in face.charToGlyph]
    if missing:
        shown = " ".join("espace insécable" if ch == "\u00a0" else ch for ch in missing)
        raise UserError(
            f"La police « {path.name} » n'a pas tous les caractères du français ({shown}) : "
            "choisissez-en une autre."
        )
