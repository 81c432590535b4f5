"""One function per user action: a unit of work each, returning frozen dataclasses."""
