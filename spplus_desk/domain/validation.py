"""Parsing and checking of what people type, with French messages."""

from __future__ import annotations

import unicodedata

from spplus_desk.domain.errors import UserError

MAX_NAME_LENGTH = 200


def refuse_unreadable(text: str, *, field: str) -> None:
    """Lone surrogates (what Python makes of bytes that are not UTF-8, e.g. a name given
    on a command line in another encoding) cannot be stored by any database."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(
            f"{field} contient des caractères illisibles (un texte mal encodé) : retapez-le."
        ) from None


def clean_text(value: str, *, field: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """Trimmed single-line text without control characters; may be empty."""
    text = " ".join(value.split())
    refuse_unreadable(text, field=field)
    # split() already removed tabs and newlines; what is left (NUL, ESC...) is never meant.
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise UserError(f"{field} contient des caractères de contrôle : retirez-les.")
    if len(text) > max_length:
        raise UserError(f"{field} est trop long ({len(text)} caractères, {max_length} au plus).")
    return text


def clean_required_text(value: str, *, field: str, max_length: int = MAX_NAME_LENGTH) -> str:
    text = clean_text(value, field=field, max_length=max_length)
    if not text:
        raise UserError(f"{field} ne peut pas être vide.")
    return text


def clean_long_text(value: str, *, field: str, max_length: int) -> str:
    """Trimmed text that may run over several lines: line breaks and tabs are kept,
    other control characters refused; may be empty."""
    text = value.strip()
    refuse_unreadable(text, field=field)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise UserError(f"{field} contient des caractères de contrôle : retirez-les.")
    if len(text) > max_length:
        raise UserError(f"{field} est trop long ({len(text)} caractères, {max_length} au plus).")
    return text
