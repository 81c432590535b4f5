"""The built-in referentials of engagements, printed word for word."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from spplus_desk.domain.errors import UserError


@dataclass(frozen=True, slots=True)
class Referential:
    code: str
    title: str
    engagements: tuple[str, ...]


def load_referential(code: str) -> Referential:
    folder = resources.files("spplus_desk.resources").joinpath("referential")
    entry = folder.joinpath(f"{code}.json")
    if not entry.is_file():
        raise UserError(f"Référentiel d'engagements inconnu : « {code} ».")
    data = json.loads(entry.read_text(encoding="utf-8"))
    return Referential(data["code"], data["title"], tuple(data["engagements"]))
