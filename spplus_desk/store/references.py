"""Human references for requests ("2027-000123"), allocated without races.

One atomic INSERT ... ON CONFLICT DO UPDATE ... RETURNING per allocation: two desks on
PostgreSQL asking at the same moment get different numbers, never the same one.
"""

from __future__ import annotations

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from spplus_desk.store.schema import ReferenceCounter


def format_reference(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def allocate_numbers(session: Session, year: int, count: int = 1) -> range:
    """Reserve ``count`` consecutive numbers for ``year``; returns them."""
    if count < 1:
        raise ValueError("count must be positive")
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement: Insert = insert(ReferenceCounter).values(year=year, last_number=count)
    statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=[ReferenceCounter.year],
        set_={"last_number": ReferenceCounter.last_number + count},
    ).returning(ReferenceCounter.last_number)
    last = int(session.execute(statement).scalar_one())
    return range(last - count + 1, last + 1)
