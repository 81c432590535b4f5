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
