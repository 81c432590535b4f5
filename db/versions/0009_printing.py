"""Printing (issue 7): what the posters print beyond the service's identity (local
engagements, how to book an appointment, a logo, the service's own font) and the
implicit decision of a kind of request, copied onto each request at receipt for its
acknowledgement.

Plain ADD COLUMN everywhere (no batch rebuild): instant even on a million contacts, and
the request table's indexes stay as they are.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "service",
        sa.Column("local_engagements", sa.JSON(), nullable=False, server_default="[]"),
    )
    op.add_column("service", sa.Column("appointment", sa.Text(), nullable=False, server_default=""))
    op.add_column("service", sa.Column("logo", sa.LargeBinary(), nullable=True))
    op.add_column(
        "service", sa.Column("font_regular", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("service", sa.Column("font_bold", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "request_kind",
        sa.Column(
            "implicit_decision", sa.String(length=16), nullable=False, server_default="unset"
        ),
    )
    op.add_column(
        "request_kind",
        sa.Column("implicit_months", sa.Integer(), nullable=False, server_default="2"),
    )
    op.add_column("request", sa.Column("implicit_decision", sa.String(length=16), nullable=True))
    op.add_column("request", sa.Column("implicit_months", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: the tables keep their
    # triggers and expression indexes.
    for table, column in (
        ("request", "implicit_months"),
        ("request", "implicit_decision"),
        ("request_kind", "implicit_months"),
        ("request_kind", "implicit_decision"),
        ("service", "font_bold"),
        ("service", "font_regular"),
        ("service", "logo"),
        ("service", "appointment"),
        ("service", "local_engagements"),
    ):
        op.drop_column(table, column)
