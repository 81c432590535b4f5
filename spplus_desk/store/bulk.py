"""Fast bulk inserts for large imports (demo data, later merges).

SQLAlchemy's per-value type processing costs more than SQLite itself at a million rows,
so on SQLite values are converted once here to exactly what the mapped types store
(UUID as 32 hex digits, UTC instants as 'YYYY-MM-DD HH:MM:SS.ffffff', dates as ISO) and
handed to the driver's executemany. PostgreSQL's driver takes Python values directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Uuid, insert

from spplus_desk.store.schema import Base, Sealed
from spplus_desk.store.seals import SEAL_COLUMN, seal_values
from spplus_desk.store.types import UTCDateTime


def _sqlite_instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # drops "+00:00"


def _sqlite_uuid(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return _sqlite_instant
    if isinstance(column_type, Uuid):
        return _sqlite_uuid
    if isinstance(column_type, Date):
        return _sqlite_date
    if isinstance(column_type, Boolean):
        return _sqlite_bool
    return None


def bulk_insert(connection: Connection, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name; a column missing is NULL) into
    ``model``, sealed as the app's own saves are."""
    if not rows:
        return
    if issubclass(model, Sealed):
        for row in rows:
            row[SEAL_COLUMN] = seal_values(model, row)
    table = Base.metadata.tables[model.__tablename__]
    if connection.dialect.name != "sqlite":
        names = [c.name for c in table.columns]
        connection.execute(insert(table), [{n: row.get(n) for n in names} for row in rows])
        return
    columns = list(table.columns)
    names = [c.name for c in columns]
    converters = [_converter(c.type) for c in columns]
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(n) for n in names)
    marks = ", ".join("?" for _ in names)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})"
    # Column by column: one C-level map per column instead of a Python loop per value.
    columns_values = []
    for name, convert in zip(names, converters, strict=True):
        raw = [row.get(name) for row in rows]
        columns_values.append(list(map(convert, raw)) if convert else raw)
    connection.exec_driver_sql(sql, list(zip(*columns_values, strict=True)))
