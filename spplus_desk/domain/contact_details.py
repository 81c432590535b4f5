"""Phone numbers and e-mail addresses as people type them at the counter.

Each parser returns the normalised form to store, or raises a UserError whose message
says what is accepted.
"""

from __future__ import annotations

import re

from spplus_desk.domain.errors import UserError

_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")
_FRENCH = re.compile(r"0[1-9]\d{8}")
_INTERNATIONAL = re.compile(r"\+[1-9]\d{6,14}")  # E.164: at most 15 digits
PHONE_FORMS = "10 chiffres (01 23 45 67 89) ou format international (+33 1 23 45 67 89)"


def parse_phone(text: str) -> str:
    """'01.23.45.67.89', '+33 1 23 45 67 89', '0033123456789' -> '01 23 45 67 89';
    other countries -> '+44 20 7946 0958' kept as '+442079460958'."""
    compact = _SEPARATORS.sub("", text.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+33") and len(compact) == 12 and compact[3] != "0":
        compact = "0" + compact[3:]
    if compact.startswith("+330") and len(compact) == 13:  # +33 (0)1 23 45 67 89
        compact = compact[3:]
    if _FRENCH.fullmatch(compact):
        return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
    if _INTERNATIONAL.fullmatch(compact):
        return compact
    raise UserError(
        f"Numéro de téléphone non reconnu : « {text.strip()} ». Attendu : {PHONE_FORMS}."
    )


_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def parse_email(text: str) -> str:
    """A syntactically valid address, its domain in lower case; no guess, no DNS."""
    address = text.strip()
    local, at, domain = address.rpartition("@")
    labels = domain.split(".")
    valid = (
        at == "@"
        and len(address) <= 254
        and 0 < len(local) <= 64
        and _LOCAL.fullmatch(local) is not None
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )
    if not valid:
        raise UserError(
            f"Adresse électronique non valable : « {address} ». "
            "Attendu : nom@domaine.fr, sans espace ni accent."
        )
    return f"{local}@{domain.lower()}"
