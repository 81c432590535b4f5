"""Trust (issue 8): row seals, PINs, backups, retention and auto-lock settings, and the
mark the retention purge leaves on what it anonymised.

Plain ADD COLUMN everywhere (no batch rebuild): instant even on a million contacts. The
seals of the rows already there are computed at the next opening (services.desk, upkeep
task ``seals``), by the same code that seals every save, so they match what ``check``
recomputes.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEALED_TABLES = (
    "agent",
    "contact",
    "error_case",
    "feedback",
    "improvement_action",
    "motif",
    "partner",
    "procedure",
    "request",
    "request_event",
    "request_kind",
    "service",
)
ANONYMISED_TABLES = ("contact", "error_case", "feedback")


def upgrade() -> None:
    for table in SEALED_TABLES:
        op.add_column(table, sa.Column("seal", sa.String(length=32), nullable=True))
    for table in ANONYMISED_TABLES:
        op.add_column(table, sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("agent", sa.Column("pin_hash", sa.Text(), nullable=True))
    op.add_column(
        "service", sa.Column("backup_folder", sa.Text(), nullable=False, server_default="")
    )
    op.add_column(
        "service", sa.Column("backup_daily", sa.Integer(), nullable=False, server_default="14")
    )
    op.add_column(
        "service", sa.Column("backup_monthly", sa.Integer(), nullable=False, server_default="12")
    )
    op.add_column("service", sa.Column("retention", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column(
        "service", sa.Column("auto_lock_minutes", sa.Integer(), nullable=False, server_default="0")
    )
    # The audit trail's personal values move to their own table (covered by a digest):
    # the retention purge can erase them without breaking the chain. ADD COLUMN is no
    # UPDATE: the append-only triggers do not fire.
    op.add_column("audit_entry", sa.Column("personal_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_personal",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"], ["audit_entry.seq"], name=op.f("fk_audit_personal_seq_audit_entry")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_personal")),
    )
    upkeep = sa.table(
        "upkeep", sa.column("task", sa.String), sa.column("requested_at", sa.DateTime)
    )
    op.bulk_insert(upkeep, [{"task": "seals", "requested_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.execute("DELETE FROM upkeep WHERE task = 'seals'")
    op.drop_table("audit_personal")
    op.drop_column("audit_entry", "personal_digest")
    for column in (
        "auto_lock_minutes",
        "retention",
        "backup_monthly",
        "backup_daily",
        "backup_folder",
    ):
        op.drop_column("service", column)
    op.drop_column("agent", "pin_hash")
    for table in ANONYMISED_TABLES:
        op.drop_column(table, "anonymised_at")
    for table in SEALED_TABLES:
        op.drop_column(table, "seal")
