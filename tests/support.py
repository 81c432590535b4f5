"""Helpers shared by test modules (import as ``tests.support``)."""

from __future__ import annotations

from spplus_desk.domain.clock import FixedClock

__all__ = ["TEST_LOGIN", "FixedClock"]

TEST_LOGIN = "agent.test"
