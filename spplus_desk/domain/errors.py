"""Errors the person in front of the screen can understand and fix.

Anything that is not a ``UserError`` is a bug: it is logged with its traceback and
reported once with the path of the log file.
"""


class UserError(Exception):
    """A problem the person can fix; ``message`` is one clear French sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConflictError(UserError):
    """Someone else saved the same record first (optimistic version check)."""


# Exit codes of the command line and the app (a stable contract for IT scripts).
EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2
EXIT_CHECK_FAILED = 3  # ``check`` found problems: the database is not sound


def bug_message(log_path: str | None) -> str:
    """What the person is told about a bug: not their fault, and where the details are."""
    where = f" Détails dans {log_path}." if log_path else ""
    return f"Erreur interne inattendue : ce n'est pas de votre fait.{where}"
