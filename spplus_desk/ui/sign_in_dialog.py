"""« Qui êtes-vous ? »: on a shared workstation, the agent picks their name (typing a few
letters finds it) and types their PIN when they have one. The chosen agent's login then
goes to every service call instead of the operating-system user's.

The panel lives on the lock screen (ui/lock_screen.py), which the app shows at start on a
shared desk, on « Changer d'agent » and after the idle delay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import fold
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.domain.service import AgentInfo
from spplus_desk.ui.contact_widgets import message_label, named_button, say, shortcut_tip, tab_chain

if TYPE_CHECKING:  # the services (SQLAlchemy) load after the window shows: see ui/app.py
    from spplus_desk.services.desk import Desk
    from spplus_desk.services.sign_in import SignInChoice

_CHOICE = Qt.ItemDataRole.UserRole
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}


class SignInPanel(QWidget):
    signed_in = Signal(object)  # the AgentInfo of who signed in

    def __init__(self, desk: Desk, os_login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._os_login = desk, os_login
        self._choices: list[SignInChoice] = []
        self.setAccessibleName(self.tr("Connexion d'un agent"))
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Rechercher un agent par son nom"))
        self.search_edit.setPlaceholderText(self.tr("les premières lettres du nom"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.returnPressed.connect(self._on_choice_confirmed)
        self.search_edit.installEventFilter(self)
        self.agent_list = QListWidget()
        self.agent_list.setAccessibleName(self.tr("Agents du service"))
        self.agent_list.currentItemChanged.connect(self._on_agent_list_current_item_changed)
        self.agent_list.itemActivated.connect(self._on_choice_confirmed)
        self.agent_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.pin_edit = QLineEdit()
        self.pin_edit.setAccessibleName(self.tr("Code PIN de l'agent choisi"))
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(_max_pin())
        self.pin_edit.setValidator(QRegularExpressionValidator(r"[0-9]*", self.pin_edit))
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_edit.returnPressed.connect(self.try_sign_in)
        self.pin_note = QLabel()
        self.pin_note.setWordWrap(True)  # no accessible name: its text is what is read
        self.message = message_label(self.tr("Connexion refusée"))
        self.sign_in_button = named_button(
            self.tr("Se &connecter"), self.tr("Se connecter"), self.tr("Entrée")
        )
        self.sign_in_button.clicked.connect(self.try_sign_in)
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field in (
            (self.tr("&Nom :"), self.search_edit),
            (self.tr("A&gents :"), self.agent_list),
            (self.tr("Code &PIN :"), self.pin_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            shortcut_tip(field, text)
            form.addRow(label, field)
        form.addRow("", self.pin_note)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.sign_in_button, alignment=Qt.AlignmentFlag.AlignRight)
        tab_chain([self.search_edit, self.agent_list, self.pin_edit, self.sign_in_button])

    # -- filling ----------------------------------------------------------------------

    def load(self, chosen: str | None, *, to_pin: bool) -> None:
        """The active agents, the one whose login is ``chosen`` selected; the cursor in
        the PIN (``to_pin``: the same agent carries on) or else in the search."""
        from spplus_desk.services.sign_in import sign_in_choices

        self._choices = sign_in_choices(self._desk)
        self.agent_list.clear()
        self.search_edit.clear()
        self.pin_edit.clear()
        say(self.message, None)
        for choice in self._choices:
            agent = choice.agent
            text = f"{agent.name} — {ROLE_LABELS[agent.role]}"
            item = QListWidgetItem(text + (self.tr(" · code PIN") if choice.has_pin else ""))
            item.setData(_CHOICE, choice)
            item.setToolTip(self.tr("Identifiant : %1").replace("%1", agent.login))
            self.agent_list.addItem(item)
        wanted = (chosen or "").casefold()
        rows = [i for i, c in enumerate(self._choices) if c.agent.login.casefold() == wanted]
        self.agent_list.setCurrentRow(rows[0] if rows else 0)
        self._show_pin_state()
        if to_pin and self.pin_edit.isEnabled():
            self.pin_edit.setFocus()
        elif to_pin:
            self.sign_in_button.setFocus()
        else:
            self.search_edit.setFocus()

    def chosen(self) -> SignInChoice | None:
        item = self.agent_list.currentItem()
        if item is None or item.isHidden():
            return None
        choice: SignInChoice = item.data(_CHOICE)
        return choice

    # -- signing in -------------------------------------------------------------------

    def try_sign_in(self) -> None:
        """Checked by the service (a PIN takes about 30 ms to check: no background job)."""
        choice = self.chosen()
        if choice is None:
            say(self.message, self.tr("Choisissez votre nom dans la liste."))
            self.search_edit.setFocus()
            return
        from spplus_desk.services.sign_in import sign_in

        try:
            agent = sign_in(
                self._desk,
                os_login=self._os_login,
                login=choice.agent.login,
                pin=self.pin_edit.text(),
            )
        except UserError as error:
            self.refuse(error.message)
            return
        say(self.message, None)
        self.pin_edit.clear()
        self.signed_in.emit(agent)

    def refuse(self, message: str) -> None:
        """Not signed in: why, under the fields; the PIN to type again."""
        say(self.message, message)
        self.pin_edit.clear()
        (self.pin_edit if self.pin_edit.isEnabled() else self.search_edit).setFocus()

    # -- slots ------------------------------------------------------------------------

    def _on_search_edit_text_edited(self, text: str) -> None:
        wanted = fold(text.strip())
        first = None
        for row in range(self.agent_list.count()):
            item = self.agent_list.item(row)
            agent: AgentInfo = item.data(_CHOICE).agent
            shown = wanted in fold(agent.name) or wanted in fold(agent.login)
            item.setHidden(not shown)
            if shown and first is None:
                first = row
        if first is not None:
            self.agent_list.setCurrentRow(first)
        self._show_pin_state()

    def _on_agent_list_current_item_changed(self, *_items: object) -> None:
        self.pin_edit.clear()
        say(self.message, None)
        self._show_pin_state()

    def _on_choice_confirmed(self, *_args: object) -> None:
        """Enter on a name: on to the PIN, or signed in at once without one."""
        choice = self.chosen()
        if choice is not None and choice.has_pin:
            self.pin_edit.setFocus()
        else:
            self.try_sign_in()

    def _show_pin_state(self) -> None:
        choice = self.chosen()
        has_pin = choice is not None and choice.has_pin
        self.pin_edit.setEnabled(has_pin)
        if choice is None:
            self.pin_note.setText(self.tr("Aucun agent ne porte ce nom."))
        elif has_pin:
            name = choice.agent.name
            self.pin_note.setText(self.tr("Tapez le code PIN de %1.").replace("%1", name))
        else:
            self.pin_note.setText(
                self.tr("%1 n'a pas de code PIN : « Se connecter » suffit.").replace(
                    "%1", choice.agent.name
                )
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search move through the names found, as in a list."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None:
                self._move(step)
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        rows = range(self.agent_list.count())
        visible = [r for r in rows if not self.agent_list.item(r).isHidden()]
        if not visible:
            return
        current = self.agent_list.currentRow()
        position = visible.index(current) if current in visible else 0
        target = visible[max(0, min(len(visible) - 1, position + step))]
        self.agent_list.setCurrentRow(target)


def _max_pin() -> int:
    from spplus_desk.services.sign_in import MAX_PIN

    return MAX_PIN
