"""SP+ Desk: the front-desk journal and commitments tracker for Services Publics+."""

__version__ = "0.1.0"
