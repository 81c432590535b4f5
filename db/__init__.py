"""Alembic environment and migration scripts, shipped in the wheel as spplus_desk.db."""
