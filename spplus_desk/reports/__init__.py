"""Printed documents and exports, built from domain dataclasses (no database access)."""
