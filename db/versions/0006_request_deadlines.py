"""Requests keep the promise made at receipt (delay and waiting policy) and the instants
the deadline engine derives: late from ``due_at``, three quarters gone at ``alert_at``.
The service gains its exceptional closure days.

Closed requests get ``due_at`` here, from their due date; the open ones are recomputed
by the deadline engine when the app first opens the upgraded database
(services.requests.refresh_open_deadlines), since they now may wait and resume.

Revision ID: 0006
Revises: 0005
"""

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = sa.text("status IN ('open', 'acknowledged', 'waiting')")
_OPEN_INDEXES = {
    "ix_request_open_due": ["due_at", "reference"],
    "ix_request_open_owner": [
        "assignee_id",
        "kind_id",
        "due_at",
        "alert_at",
        "ack_due_date",
        "acknowledged_at",
        "status",
    ],
}


def upgrade() -> None:
    with op.batch_alter_table("service") as batch_op:
        batch_op.add_column(sa.Column("closures", sa.JSON(), nullable=True))
    op.execute("UPDATE service SET closures = '[]'")
    with op.batch_alter_table("service") as batch_op:
        batch_op.alter_column("closures", existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table("request") as batch_op:
        batch_op.add_column(sa.Column("delay_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("delay_unit", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("wait_policy", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("alert_at", sa.DateTime(timezone=True), nullable=True))
    for column in ("delay_amount", "delay_unit", "wait_policy"):
        op.execute(
            f"UPDATE request SET {column} = "
            f"(SELECT k.{column} FROM request_kind AS k WHERE k.id = request.kind_id)"
        )
    _due_instants_of_closed_requests()
    with _contact_reflected_quietly(), op.batch_alter_table("request") as batch_op:
        batch_op.alter_column("delay_amount", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("delay_unit", existing_type=sa.String(16), nullable=False)
        batch_op.alter_column("wait_policy", existing_type=sa.String(16), nullable=False)
        batch_op.drop_index("ix_request_status_due")
    # Partial indexes over open requests only (the board, ``overdue``, agents' counts).
    for name, columns in _OPEN_INDEXES.items():
        op.create_index(name, "request", columns, sqlite_where=_OPEN, postgresql_where=_OPEN)


@contextmanager
def _contact_reflected_quietly() -> Iterator[None]:
    """Rebuilding ``request`` (SQLite) reflects the ``contact`` table it refers to, whose
    expression index (0005) SQLAlchemy cannot reflect; ``contact`` itself is untouched."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index ix_contact_wait")
        yield


def _due_instants_of_closed_requests() -> None:
    """A closed request is late from the midnight that ends its due day (service zone)."""
    bind = op.get_bind()
    zone_name = bind.execute(sa.text("SELECT time_zone FROM service")).scalar()
    zone = ZoneInfo(zone_name or "Europe/Paris")
    request = sa.table(
        "request",
        sa.column("id", sa.Uuid()),
        sa.column("status", sa.String()),
        sa.column("due_date", sa.Date()),
        sa.column("due_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(
        sa.select(request.c.id, request.c.due_date).where(
            request.c.status.in_(("answered", "cancelled")), request.c.due_date.is_not(None)
        )
    ).all()
    naive = bind.dialect.name == "sqlite"  # SQLite keeps naive UTC text (store.types)
    updates = [{"key": row.id, "due": _end_of_day(row.due_date, zone, naive)} for row in rows]
    if updates:
        bind.execute(
            request.update()
            .where(request.c.id == sa.bindparam("key"))
            .values(due_at=sa.bindparam("due")),
            updates,
        )


def _end_of_day(day: date, zone: ZoneInfo, naive: bool) -> datetime:
    end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    return end.replace(tzinfo=None) if naive else end


def downgrade() -> None:
    for name in _OPEN_INDEXES:
        op.drop_index(name, "request")
    with op.batch_alter_table("request") as batch_op:
        batch_op.create_index("ix_request_status_due", ["status", "due_date"])
        for column in ("alert_at", "due_at", "wait_policy", "delay_unit", "delay_amount"):
            batch_op.drop_column(column)
    with op.batch_alter_table("service") as batch_op:
        batch_op.drop_column("closures")
