"""Alembic environment: runs migrations on the connection SP+ Desk hands over.

SP+ Desk calls Alembic itself (spplus_desk.store.migrations.upgrade) inside its own
transaction, so a migration is applied entirely or not at all. A developer creating a
new revision passes a URL instead:
``alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."`` (see db/README.md).
"""

from alembic import context
from sqlalchemy import create_engine

from spplus_desk.store.schema import Base, is_mapped_object

config = context.config
connection = config.attributes.get("connection")


def _run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        compare_type=True,
        include_name=lambda name, _type, _parent: is_mapped_object(name),
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("usage: alembic -x url=sqlite:///dev.db ...")
    with create_engine(url).begin() as own_connection:
        _run(own_connection)
