"""The right-to-error register: the procedures (démarches) a service lists, and the
cases, each with the law's checklist, its regularisation and its outcome.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "procedure",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
        sa.UniqueConstraint("label", name=op.f("uq_procedure_label")),
    )
    op.create_table(
        "error_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("procedure_id", sa.Uuid(), nullable=False),
        sa.Column("nature", sa.String(length=32), nullable=False),
        sa.Column("error_on", sa.Date(), nullable=True),
        sa.Column("discovered_on", sa.Date(), nullable=False),
        sa.Column("discovered_by", sa.String(length=16), nullable=False),
        sa.Column("first_time", sa.Boolean(), nullable=False),
        sa.Column("good_faith", sa.Boolean(), nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("regularisation", sa.String(length=16), nullable=True),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("delay_amount", sa.Integer(), nullable=True),
        sa.Column("delay_unit", sa.String(length=16), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        sa.Column("regularised_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=True),
        sa.Column("person_key", sa.String(length=200), nullable=True),
        sa.Column("person_phone", sa.String(length=32), nullable=True),
        sa.Column("person_email", sa.String(length=254), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agent.id"], name=op.f("fk_error_case_agent_id_agent")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_error_case_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["request.id"], name=op.f("fk_error_case_request_id_request")
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"], ["request.id"], name=op.f("fk_error_case_follow_up_id_request")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_error_case_procedure_id_procedure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_case")),
    )
    for name, columns in (
        ("ix_error_case_discovered", ["discovered_on", "recorded_at"]),
        ("ix_error_case_person_key", ["person_key"]),
        ("ix_error_case_person_phone", ["person_phone"]),
        ("ix_error_case_person_email", ["person_email"]),
        ("ix_error_case_agent_id", ["agent_id"]),
        ("ix_error_case_contact_id", ["contact_id"]),
        ("ix_error_case_procedure_id", ["procedure_id"]),
        ("ix_error_case_follow_up_id", ["follow_up_id"]),
        ("ix_error_case_outcome", ["outcome"]),
    ):
        op.create_index(name, "error_case", columns)


def downgrade() -> None:
    op.drop_table("error_case")
    op.drop_table("procedure")
