"""The journal's full-text search and motif filter, the audit trail indexed by entity,
the service's list of orientation partners, and callbacks promised after a missed call.

SQLite: an FTS5 index over the person's name and the notes, kept by triggers. Its rows
are keyed by ``contact_search_key``, whose INTEGER PRIMARY KEY survives VACUUM (the
implicit rowid of ``contact`` does not, so it cannot key the index).
PostgreSQL: a GIN index over the same text as a ``simple`` tsvector (prefix queries).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_UP = (
    """
    CREATE TABLE contact_search_key (
        rowid INTEGER PRIMARY KEY,
        contact_id CHAR(32) NOT NULL UNIQUE REFERENCES contact (id)
    )
    """,
    """
    CREATE VIRTUAL TABLE contact_fts USING fts5(
        person_name, notes, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER contact_fts_insert AFTER INSERT ON contact BEGIN
        INSERT INTO contact_search_key (contact_id) VALUES (new.id);
        INSERT INTO contact_fts (rowid, person_name, notes)
            VALUES (last_insert_rowid(), coalesce(new.person_name, ''), new.notes);
    END
    """,
    """
    CREATE TRIGGER contact_fts_update AFTER UPDATE OF person_name, notes ON contact BEGIN
        UPDATE contact_fts
            SET person_name = coalesce(new.person_name, ''), notes = new.notes
            WHERE rowid = (SELECT rowid FROM contact_search_key WHERE contact_id = new.id);
    END
    """,
    """
    INSERT INTO contact_search_key (contact_id) SELECT id FROM contact ORDER BY occurred_at
    """,
    """
    INSERT INTO contact_fts (rowid, person_name, notes)
        SELECT k.rowid, coalesce(c.person_name, ''), c.notes
        FROM contact_search_key AS k JOIN contact AS c ON c.id = k.contact_id
    """,
)

_SQLITE_DOWN = (
    "DROP TRIGGER contact_fts_update",
    "DROP TRIGGER contact_fts_insert",
    "DROP TABLE contact_fts",
    "DROP TABLE contact_search_key",
)

_PG_INDEX = (
    "CREATE INDEX ix_contact_fulltext ON contact USING gin "
    "(to_tsvector('simple'::regconfig, coalesce(person_name, '') || ' ' || notes))"
)


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("label", name=op.f("uq_partner_label")),
    )
    with op.batch_alter_table("audit_entry") as batch_op:
        batch_op.create_index("ix_audit_entry_entity", ["entity_id", "seq"])
    with op.batch_alter_table("contact") as batch_op:
        batch_op.create_index("ix_contact_motif_occurred", ["motif_id", "occurred_at"])
        batch_op.add_column(
            sa.Column("callback_promised", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE contact SET callback_promised = true WHERE outcome = 'callback_promised'")
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
    else:
        op.execute(_PG_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX ix_contact_fulltext")
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_column("callback_promised")
        batch_op.drop_index("ix_contact_motif_occurred")
    with op.batch_alter_table("audit_entry") as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
    op.drop_table("partner")
