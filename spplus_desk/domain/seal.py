"""A row's seal: a digest of its own values, so an edit made behind the app's back shows.

The app writes the seal on every save; ``check`` recomputes it from what the database
holds. Values are reduced to one plain form first (UUIDs as hex, instants in UTC), so a
row read back from SQLite or PostgreSQL gives the digest it was written with.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from spplus_desk.domain.audit import canonical_json

SEAL_LENGTH = 32  # hex digits: 128 bits, plenty to notice an edit


def row_seal(table: str, values: Mapping[str, Any]) -> str:
    flat: list[Any] = [table]
    for name in sorted(values):
        value = values[name]
        convert = _CONVERTERS.get(type(value))
        flat.append(name)
        flat.append(convert(value) if convert is not None else _plain(value))
    # A JSON array: unambiguous, and encoded by the json module's C code (every save and
    # every row ``check`` reads pays for this).
    payload = json.dumps(flat, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:SEAL_LENGTH]


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime in a sealed row")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    str: lambda v: v,
    int: lambda v: v,
    bool: lambda v: v,
    type(None): lambda v: v,
    uuid.UUID: lambda v: v.hex,
    datetime: _instant,
    date: lambda v: v.isoformat(),
    bytes: lambda v: hashlib.sha256(v).hexdigest(),
}


def _plain(value: Any) -> Any:
    """The rarer values: JSON lists and objects (canonical: sorted keys), enums, and
    subclasses of the types above."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return _instant(value)
    for kind, convert in _CONVERTERS.items():
        if isinstance(value, kind):
            return convert(value)
    return json.loads(canonical_json(value))
