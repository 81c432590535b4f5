"""Parsing and checking of what people type, with French messages."""

from __future__ import annotations

import unicodedata

from spplus_desk.domain.errors import UserError

MAX_NAME_LENGTH = 200


def clean_text(value: str, *, field: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """Trimmed single-line text without control characters; may be empty."""
    text = " ".join(value.split())
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
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise UserError(f"{field} contient des caractères de contrôle : retirez-les.")
    if len(text) > max_length:
        raise UserError(f"{field} est trop long ({len(text)} caractères, {max_length} au plus).")
    return text
