"""A delay typed in words (« 15 jours ouvrés ») and, under it, a live line: what is wrong
with the delay, or the due date it gives. The feedback form (the reply owed) and the case
form (the regularisation) use it; each counts its own due date."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from spplus_desk.domain.delay import Delay, parse_delay
from spplus_desk.domain.errors import UserError
from spplus_desk.ui.contact_widgets import message_label, show_problem
from spplus_desk.ui.quick_entry_choices import InputProblemError
from spplus_desk.ui.request_deadline import PLAIN_STYLE, value_label


class DelayField(QObject):
    """``edit``, then in one ``cell`` (a layout for the form's row) its ``problem`` and
    its ``due_label``: the hidden one leaves no gap."""

    def __init__(
        self, parent: QWidget, names: tuple[str, str], tip: str, width: int, text: str = ""
    ) -> None:
        """``names``: the French names of the field and of its due date line; ``width``
        in pixels, the field's least."""
        super().__init__(parent)
        name, due_name = names
        self.edit = QLineEdit(text)
        self.edit.setAccessibleName(name)
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(width)
        self.edit.setToolTip(tip)
        self.problem = message_label(self.tr("Problème sur le délai"))
        self.due_label = value_label(due_name)
        self.due_label.setStyleSheet(PLAIN_STYLE)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit)
        edit_row.addStretch(1)
        self.cell = QVBoxLayout()
        self.cell.addLayout(edit_row)
        self.cell.addWidget(self.problem)
        self.cell.addWidget(self.due_label)

    def delay(self) -> Delay:
        """The delay typed; an InputProblemError on the field when it cannot be read."""
        try:
            return parse_delay(self.edit.text())
        except UserError as error:
            raise InputProblemError(error.message, self.edit) from error

    def show_due(self, text: str) -> None:
        """The due date line (hidden when ``text`` is empty); no problem any more."""
        show_problem(self.problem, self.edit, None)
        self.due_label.setText(text)
        self.due_label.setVisible(bool(text))

    def show_wrong(self, message: str) -> None:
        """What is wrong with the delay, in place of the due date."""
        show_problem(self.problem, self.edit, message)
        self.due_label.setText("")
        self.due_label.hide()
