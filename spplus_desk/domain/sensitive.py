"""Spotting sensitive data in free-text notes, as the CNIL advises for comment fields.

A note is readable by the person it is about (right of access): it must stay objective
and hold no social security number, bank details or health information. The detector
only warns; the agent decides. Numbers are reported only when their check key is valid,
so a reference or a phone number is not mistaken for one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class SensitiveKind(StrEnum):
    NIR = "nir"
    IBAN = "iban"
    HEALTH = "health"


SENSITIVE_LABELS = {
    SensitiveKind.NIR: "un numéro de sécurité sociale",
    SensitiveKind.IBAN: "des coordonnées bancaires (IBAN)",
    SensitiveKind.HEALTH: "une information de santé",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: SensitiveKind
    start: int
    end: int
    text: str


# Sex (1-4, 7-8), year, month, département (2 digits, 2A/2B), commune, order, key (97 - n % 97).
_NIR = re.compile(
    r"(?<![\dA-Za-z])([1-478])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AaBb])[ .]?(\d{3})"
    r"[ .]?(\d{3})[ .]?(\d{2})(?![\dA-Za-z])"
)
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8})(?![A-Za-z0-9])", re.IGNORECASE
)
# Words that only ever mean health ("opération", "ordonnance", "diagnostic" also mean
# administrative things, so they are left out).
_HEALTH_WORDS = (
    "maladie",
    "malade",
    "cancer",
    "chimiotherapie",
    "vih",
    "sida",
    "seropositif",
    "seropositive",
    "hepatite",
    "diabete",
    "diabetique",
    "depression",
    "depressif",
    "depressive",
    "psychiatre",
    "psychiatrique",
    "schizophrene",
    "bipolaire",
    "alzheimer",
    "hospitalise",
    "hospitalisee",
    "hospitalisation",
    "enceinte",
    "grossesse",
    "avortement",
    "ivg",
    "handicape",
    "handicapee",
    "addiction",
    "alcoolique",
    "toxicomane",
    "medicament",
    "medicaments",
    "therapie",
    "chirurgie",
    "covid",
    "tuberculose",
    "epilepsie",
    "autiste",
    "autisme",
)
_HEALTH = re.compile(r"\b(" + "|".join(_HEALTH_WORDS) + r")\b")


def nir_key_is_valid(digits13: str, key: int) -> bool:
    """INSEE rule: key = 97 - (number mod 97); Corsica's 2A/2B count as 19/18."""
    number = digits13.upper().replace("2A", "19", 1).replace("2B", "18", 1)
    return number.isdigit() and 97 - int(number) % 97 == key


def iban_is_valid(text: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97."""
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _folded(text: str) -> str:
    """Lower case without accents, same length as the text (one character each)."""
    return "".join(
        unicodedata.normalize("NFKD", ch)[0].lower() if ch.isalpha() else ch.lower() for ch in text
    )


def find_sensitive(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _NIR.finditer(text):
        *parts, key = match.groups()
        if nir_key_is_valid("".join(parts), int(key)):
            findings.append(Finding(SensitiveKind.NIR, *match.span(), match.group()))
    for match in _IBAN.finditer(text):
        if iban_is_valid(match.group(1)):
            findings.append(Finding(SensitiveKind.IBAN, *match.span(1), match.group(1)))
    for match in _HEALTH.finditer(_folded(text)):
        start, end = match.span()
        findings.append(Finding(SensitiveKind.HEALTH, start, end, text[start:end]))
    return sorted(findings, key=lambda f: f.start)


def sensitive_warning(findings: list[Finding]) -> str | None:
    """One French sentence for the agent, or None when nothing was found."""
    kinds = list(dict.fromkeys(f.kind for f in findings))
    if not kinds:
        return None
    what = ", ".join(SENSITIVE_LABELS[k] for k in kinds)
    return (
        f"Cette note semble contenir {what}. La personne peut la lire (droit d'accès) : "
        "gardez-la objective et retirez ces données si elles ne sont pas indispensables."
    )
