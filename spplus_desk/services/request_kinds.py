"""The service's kinds of request, as the counter offers them (the catalogue editor and
the deadline engine come with issue 4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from spplus_desk.domain.enums import Channel, DelayUnit
from spplus_desk.domain.labels import delay_text
from spplus_desk.services.desk import Desk
from spplus_desk.store import queries


@dataclass(frozen=True, slots=True)
class RequestKindInfo:
    id: uuid.UUID
    label: str
    channels: tuple[Channel, ...]
    delay_amount: int
    delay_unit: DelayUnit

    @property
    def delay(self) -> str:
        """'5 jours ouvrés': the promise, in the words of the commitments poster."""
        return delay_text(self.delay_amount, self.delay_unit)

    def offered_on(self, channel: Channel) -> bool:
        return not self.channels or channel in self.channels


def list_request_kinds(desk: Desk) -> list[RequestKindInfo]:
    """The active kinds of request, by label."""
    with desk.database.reading() as session:
        return [
            RequestKindInfo(
                id=row.id,
                label=row.label,
                channels=tuple(Channel(c) for c in row.channels),
                delay_amount=row.delay_amount,
                delay_unit=DelayUnit(row.delay_unit),
            )
            for row in queries.active_request_kinds(session)
        ]
