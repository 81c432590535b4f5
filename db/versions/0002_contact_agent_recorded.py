"""Index contacts by agent and time of saving: "undo my last contact" reads one row.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch_op:
        batch_op.create_index("ix_contact_agent_recorded", ["agent_id", "recorded_at"])


def downgrade() -> None:
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_index("ix_contact_agent_recorded")
