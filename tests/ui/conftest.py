"""Fixtures of the screen tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    """The whole app at 200 % text size, as a person with low vision sets it."""
    font = QFont(qapp.font())
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(big)
    yield
    qapp.setFont(font)
