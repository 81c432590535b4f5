"""Listening and proof (issue 6): satisfaction on contacts, feedback and improvement
actions, the answer's response time on requests, and the hourly roll-ups of contacts
and answers the indicators read. The roll-ups and response times of existing data are
computed after the upgrade by ``services.desk.open_desk``, from the tasks left in
``upkeep``.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): the contact table's search triggers stay.
    op.add_column("contact", sa.Column("satisfaction", sa.String(length=16), nullable=True))
    op.add_column("contact", sa.Column("satisfaction_comment", sa.Text(), nullable=True))
    op.add_column("request", sa.Column("response_time", sa.Integer(), nullable=True))
    _tallies()
    # The roll-ups and the response times of the data already there are derived at the
    # next opening (services.desk), which deletes these rows when it is done: an
    # interrupted start-up leaves them, and the work is finished at the following one.
    upkeep = op.create_table(
        "upkeep",
        sa.Column("task", sa.String(length=32), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("task", name=op.f("pk_upkeep")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        upkeep,
        [
            {"task": "response_times", "requested_at": now},
            {"task": "tallies", "requested_at": now},
        ],
    )
    op.create_table(
        "improvement_action",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("done", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agent.id"], name=op.f("fk_improvement_action_agent_id_agent")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_action")),
    )
    op.create_index("ix_improvement_action_done_on", "improvement_action", ["done_on"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("person_phone", sa.String(length=32), nullable=False),
        sa.Column("person_email", sa.String(length=254), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("delay_amount", sa.Integer(), nullable=True),
        sa.Column("delay_unit", sa.String(length=16), nullable=True),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=False),
        sa.Column("improvement_id", sa.Uuid(), nullable=True),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agent.id"], name=op.f("fk_feedback_agent_id_agent")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_feedback_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["improvement_id"],
            ["improvement_action.id"],
            name=op.f("fk_feedback_improvement_id_improvement_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index("ix_feedback_received", "feedback", ["received_on"])
    op.create_index("ix_feedback_reply_due", "feedback", ["reply_due"])
    op.create_index("ix_feedback_improvement_id", "feedback", ["improvement_id"])


def _tallies() -> None:
    op.create_table(
        "contact_tally",
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("satisfaction", sa.String(length=16), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "hour", "channel", "outcome", "satisfaction", name=op.f("pk_contact_tally")
        ),
    )
    op.create_table(
        "motif_tally",
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("motif_id", sa.Uuid(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "motif_id", name=op.f("pk_motif_tally")),
    )
    op.create_table(
        "wait_tally",
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("minutes", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "minutes", name=op.f("pk_wait_tally")),
    )
    op.create_table(
        "answer_tally",
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind_id", sa.Uuid(), nullable=False),
        sa.Column("delay_unit", sa.String(length=16), nullable=False),
        sa.Column("response_time", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "hour",
            "kind_id",
            "delay_unit",
            "response_time",
            "on_time",
            name=op.f("pk_answer_tally"),
        ),
    )


def downgrade() -> None:
    op.drop_table("upkeep")
    op.drop_table("feedback")
    op.drop_table("improvement_action")
    for table in ("answer_tally", "wait_tally", "motif_tally", "contact_tally"):
        op.drop_table(table)
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: the contact table keeps its
    # search triggers and expression index.
    for table, column in (
        ("request", "response_time"),
        ("contact", "satisfaction_comment"),
        ("contact", "satisfaction"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
