"""The default catalogue (motifs, kinds of request, orientation partners, procedures)
shipped in resources/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, DelayUnit, WaitPolicy
from spplus_desk.store import queries
from spplus_desk.store.schema import Procedure


@dataclass(frozen=True, slots=True)
class KindTemplate:
    label: str
    channels: tuple[Channel, ...]
    delay_amount: int
    delay_unit: DelayUnit
    wait_policy: WaitPolicy


@dataclass(frozen=True, slots=True)
class Catalogue:
    motifs: tuple[str, ...]
    request_kinds: tuple[KindTemplate, ...]
    partners: tuple[str, ...] = ()
    procedures: tuple[str, ...] = ()  # the démarches of the right-to-error register


def default_catalogue() -> Catalogue:
    text = (
        resources.files("spplus_desk.resources")
        .joinpath("catalogue/default.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    kinds = tuple(
        KindTemplate(
            label=item["label"],
            channels=tuple(Channel(c) for c in item["channels"]),
            delay_amount=int(item["delay_amount"]),
            delay_unit=DelayUnit(item["delay_unit"]),
            wait_policy=WaitPolicy(item["wait_policy"]),
        )
        for item in data["request_kinds"]
    )
    return Catalogue(
        motifs=tuple(data["motifs"]),
        request_kinds=kinds,
        partners=tuple(data.get("partners", ())),
        procedures=tuple(data.get("procedures", ())),
    )


def seed_procedures(session: Session) -> int:
    """The default procedures while the service has none (a new database, or one made
    before the register existed); returns how many were added."""
    if queries.row_count(session, Procedure):
        return 0
    labels = default_catalogue().procedures
    for position, label in enumerate(labels):
        session.add(Procedure(label=label, active=True, position=position))
    return len(labels)
