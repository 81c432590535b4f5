"""Helpers shared by test modules (import as ``tests.support``)."""

from __future__ import annotations

from datetime import datetime, timedelta

TEST_LOGIN = "agent.test"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)
