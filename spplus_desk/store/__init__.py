"""Persistence: SQLAlchemy mappings, engines, migrations, backups and audit trail."""
