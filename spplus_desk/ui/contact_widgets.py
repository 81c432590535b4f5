"""Small widget helpers shared by the contact dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QWidget


def fit_to_screen(dialog: QDialog, columns: int, lines: int) -> None:
    """Room for about ``columns`` characters and ``lines`` lines of the current font (so
    more at 200 %), or less on a small screen (1366 x 768 laptops): the content scrolls."""
    metrics = dialog.fontMetrics()
    available = dialog.screen().availableGeometry()
    width = metrics.averageCharWidth() * columns
    height = metrics.lineSpacing() * lines
    dialog.resize(min(width, available.width()), min(height, available.height()))


def scrolled(content: QWidget) -> QScrollArea:
    """Content that scrolls when large text does not fit (200 % font, small screens)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


def message_label(name: str) -> QLabel:
    """A message shown under a field or a form; hidden while there is nothing to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    label.hide()
    return label


def say(label: QLabel, text: str | None) -> None:
    """Show ``text`` in a message label, or hide it."""
    # The "⚠" keeps the meaning without colour; the colour only helps.
    label.setText(f"⚠ {text}" if text else "")
    label.setStyleSheet("color: #a4000f")
    label.setVisible(bool(text))


def shortcut_tip(widget: QWidget, label_text: str, extra: str = "") -> None:
    """A tooltip naming the control and its keyboard shortcut: « Motif (Alt+M) »."""
    position = label_text.find("&")
    keys = (
        [f"Alt+{label_text[position + 1].upper()}"] if 0 <= position < len(label_text) - 1 else []
    )
    keys += [extra] if extra else []
    what = widget.toolTip() or widget.accessibleName()
    widget.setToolTip(f"{what} ({' ou '.join(keys)})" if keys else what)
