"""The default catalogue (motifs, kinds of request, orientation partners) shipped in
resources/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spplus_desk.domain.enums import Channel, DelayUnit, WaitPolicy


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
    )
