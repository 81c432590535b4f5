"""Index contacts by the person's name, the duration and the measured wait: the journal
sorted by one of them over a long period walks the index instead of sorting every row.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The wait as store/journal_order.wait_expression computes it, on each engine: an
# expression index is used only for the very same expression.
_WAIT_INDEX = {
    "sqlite": "CREATE INDEX ix_contact_wait ON contact "
    "((julianday(called_at) - julianday(arrived_at)))",
    "postgresql": "CREATE INDEX ix_contact_wait ON contact ((called_at - arrived_at))",
}


def upgrade() -> None:
    with op.batch_alter_table("contact") as batch_op:
        batch_op.create_index("ix_contact_person_occurred", ["person_name", "occurred_at"])
        batch_op.create_index("ix_contact_duration_occurred", ["duration_seconds", "occurred_at"])
    op.execute(_WAIT_INDEX[op.get_bind().dialect.name])


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_wait")
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_index("ix_contact_duration_occurred")
        batch_op.drop_index("ix_contact_person_occurred")
