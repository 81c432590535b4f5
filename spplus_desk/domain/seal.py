"""A row's seal: a digest of its own values, so an edit made behind the app's back shows.

The app writes the seal on every save; ``check`` recomputes it from what the database
holds. Values are reduced to one plain form first (UUIDs as hex, instants in UTC), so a
row read back from SQLite or PostgreSQL gives the digest it was written with.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from spplus_desk.domain.audit import canonical_json

SEAL_LENGTH = 32  # hex digits: 128 bits, plenty to notice an edit


def row_seal(table: str, values: Mapping[str, Any]) -> str:
    plain = {name: _plain(value) for name, value in values.items()}
    payload = canonical_json({"table": table, "values": plain})
    return hashlib.sha256(payload.encode()).hexdigest()[:SEAL_LENGTH]


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a sealed row")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, enum.Enum):
        return value.value
    return value
