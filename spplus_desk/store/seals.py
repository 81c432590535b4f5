"""Seals written on every save, and read back by ``check`` (domain.seal).

Every ORM insert and update of a sealed row gets its seal from the mapper's hooks,
registered when this module is imported (store.database does). The two Core paths that
write sealed rows by hand — the counter's plain INSERT of a contact and the bulk loads —
call ``seal_values`` themselves. Columns a Core statement updates without the ORM
(a request's response time, a feedback's improvement) are derived, so left out of the
seal (``Sealed.SEAL_EXCLUDED``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from sqlalchemy import Column, Connection, Table, bindparam, event, select
from sqlalchemy.orm import Mapper

from spplus_desk.domain.seal import row_seal
from spplus_desk.store.schema import Base, Sealed

SEAL_COLUMN = "seal"
_NEVER_SEALED = frozenset({SEAL_COLUMN, "version"})  # the version moves at flush time


def sealed_models() -> list[type[Base]]:
    classes: list[type[Base]] = [m.class_ for m in Base.registry.mappers]
    models = [model for model in classes if issubclass(model, Sealed)]
    return sorted(models, key=lambda model: model.__tablename__)


def sealed_columns(model: type[Base]) -> list[Column[Any]]:
    excluded = _NEVER_SEALED | cast(type[Sealed], model).SEAL_EXCLUDED
    table = cast(Table, model.__table__)
    return [column for column in table.columns if column.name not in excluded]


def seal_values(model: type[Base], values: Mapping[str, Any]) -> str:
    """The seal of a row given as {column name: value}; a column missing is NULL."""
    return row_seal(
        model.__tablename__, {c.name: values.get(c.name) for c in sealed_columns(model)}
    )


def _apply_python_defaults(model: type[Base], target: Any) -> None:
    """Fill what INSERT would default (ids, empty notes…): the seal must cover the values
    stored, and the ORM applies column defaults only after this hook."""
    for column in cast(Table, model.__table__).columns:
        default = column.default
        if default is None or getattr(target, column.key) is not None:
            continue
        if default.is_scalar:
            setattr(target, column.key, default.arg)  # type: ignore[attr-defined]
        elif default.is_callable:
            setattr(target, column.key, default.arg(None))  # type: ignore[attr-defined]


def _seal_before_insert(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    model = mapper.class_
    _apply_python_defaults(model, target)
    target.seal = _object_seal(model, target)


def _seal_before_update(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    target.seal = _object_seal(mapper.class_, target)


def _object_seal(model: type[Base], target: Any) -> str:
    return row_seal(
        model.__tablename__, {c.name: getattr(target, c.key) for c in sealed_columns(model)}
    )


event.listen(Sealed, "before_insert", _seal_before_insert, propagate=True)
event.listen(Sealed, "before_update", _seal_before_update, propagate=True)


def checked_rows(
    connection: Connection, model: type[Base], batch: int = 5000
) -> Iterator[tuple[Any, bool]]:
    """Each row's id, and whether its seal matches its values (a missing seal does not)."""
    table = cast(Table, model.__table__)
    columns = sealed_columns(model)
    query = select(table.c.id, table.c.seal, *columns).execution_options(yield_per=batch)
    name = model.__tablename__
    names = [c.name for c in columns]
    for row in connection.execute(query):
        values = dict(zip(names, row[2:], strict=True))
        yield row[0], row[1] == row_seal(name, values)


def seal_missing(connection: Connection, model: type[Base], batch: int = 5000) -> int:
    """Seal the rows written before seals existed (migration 0010), in key order a batch
    at a time; the count sealed."""
    table = cast(Table, model.__table__)
    columns = sealed_columns(model)
    names = [c.name for c in columns]
    name = model.__tablename__
    statement = (
        table.update().where(table.c.id == bindparam("row_id")).values(seal=bindparam("digest"))
    )
    sealed = 0
    last: Any = None
    while True:
        query = select(table.c.id, table.c.seal, *columns).order_by(table.c.id).limit(batch)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = connection.execute(query).all()
        if not rows:
            return sealed
        last = rows[-1][0]
        updates = [
            {"row_id": row[0], "digest": row_seal(name, dict(zip(names, row[2:], strict=True)))}
            for row in rows
            if row[1] is None
        ]
        if updates:
            connection.execute(statement, updates)
            sealed += len(updates)
