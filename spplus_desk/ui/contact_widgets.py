"""Small widget helpers shared by the contact dialogs."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import UserError


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


def show_problem(label: QLabel, field: QWidget, message: str | None) -> None:
    """The message next to the field, and on the field itself for screen readers."""
    say(label, message)
    field.setAccessibleDescription(message or "")


def check_line(
    edit: QLineEdit, label: QLabel, parse: Callable[[str], str], *, tidy: bool = True
) -> bool:
    """An optional field checked as the person leaves it: empty is fine; otherwise the
    parser's message goes next to it, or (``tidy``) the text is rewritten the way it is
    stored (« 0612345678 » becomes « 06 12 34 56 78 »)."""
    text = edit.text().strip()
    try:
        value = parse(text) if text else ""
    except UserError as error:
        show_problem(label, edit, error.message)
        return False
    if tidy and value != edit.text():
        edit.setText(value)
    show_problem(label, edit, None)
    return True


def shortcut_tip(widget: QWidget, label_text: str, extra: str = "") -> None:
    """A tooltip naming the control and its keyboard shortcut: « Motif (Alt+M) »."""
    position = label_text.find("&")
    keys = (
        [f"Alt+{label_text[position + 1].upper()}"] if 0 <= position < len(label_text) - 1 else []
    )
    keys += [extra] if extra else []
    what = widget.toolTip() or widget.accessibleName()
    widget.setToolTip(f"{what} ({' ou '.join(keys)})" if keys else what)


# The quick entry shares the window with the journal: it may take this much of the
# screen's width before its rows of controls are stacked instead (200 % font, laptops).
QUICK_ENTRY_SHARE = 0.4


def row_fits(widgets: Sequence[QWidget], share: float = QUICK_ENTRY_SHARE) -> bool:
    """Whether these controls side by side, in a group box, fit within ``share`` of
    the screen's width at the current font size."""
    screen_width = widgets[0].screen().availableGeometry().width()
    needed = sum(widget.sizeHint().width() for widget in widgets)
    margins = 60 + 12 * (len(widgets) - 1)  # group box, scroll bar, spacing
    return needed + margins <= screen_width * share


def in_columns(widgets: Sequence[QWidget], grid: QGridLayout, columns: int = 2) -> None:
    """``widgets`` in a grid of ``columns`` columns, or in one when that is too wide."""
    widest = [
        max(widgets[column::columns], key=lambda widget: widget.sizeHint().width())
        for column in range(columns)
    ]
    count = columns if row_fits(widest) else 1
    for position, widget in enumerate(widgets):
        grid.addWidget(widget, position // count, position % count)


def side_by_side(widgets: Sequence[QWidget], share: float = QUICK_ENTRY_SHARE) -> QBoxLayout:
    """A row for these controls, or a column when the row would be too wide."""
    fits = row_fits(widgets, share)
    return QBoxLayout(
        QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
    )


def named_button(text: str, name: str, keys: str = "") -> QPushButton:
    """A button with its French name and a tooltip naming its shortcut. Never a default
    button: Enter in a field acts on that field's own form."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)
    shortcut_tip(button, text, keys)
    return button


def confirmation_label() -> QLabel:
    """The line saying what was just saved; hidden until then."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Confirmation")
    label.hide()
    return label


def note_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def tab_chain(widgets: Sequence[QWidget]) -> None:
    """Tab goes through ``widgets`` in this order: the order of the form as read."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def scrolled_with_footer(dialog: QDialog, content: QWidget, *buttons: QWidget) -> None:
    """The dialog's content scrolling above a row of buttons on the right, which stay
    in sight whatever the text size."""
    footer = QHBoxLayout()
    footer.addStretch(1)
    for button in buttons:
        footer.addWidget(button)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scrolled(content), stretch=1)
    layout.addLayout(footer)
