"""Index contacts by channel and by outcome with their time: the journal sorted by one
of them over a year reads each group from its index instead of sorting every row.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch_op:
        batch_op.create_index("ix_contact_channel_occurred", ["channel", "occurred_at"])
        batch_op.create_index("ix_contact_outcome_occurred", ["outcome", "occurred_at"])


def downgrade() -> None:
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_index("ix_contact_outcome_occurred")
        batch_op.drop_index("ix_contact_channel_occurred")
