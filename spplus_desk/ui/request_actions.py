"""The actions on one request: a button for each action that makes sense now (the
others are not offered), and a small form under them for the three that need a word
from the person — the documents awaited, the reason of a cancellation, the agent to
give the request to.

Each action is one service call (it writes the event and its audit entry). A refusal is
shown under the form with what was typed kept; a conflict (someone else acted on the
request meanwhile) is said too, and the view reloads the request as it now stands.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import RequestEventType, RequestStatus, Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.request_case import RequestCase
from spplus_desk.domain.request_state import MAX_REASON
from spplus_desk.services.agents import find_agent, list_agents
from spplus_desk.services.desk import Desk
from spplus_desk.services.requests import act_on_request
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    message_label,
    named_button,
    say,
    shortcut_tip,
    show_problem,
)
from spplus_desk.ui.request_deadline import answered_in_time

Action = RequestEventType
# The actions asking for a reason or an agent before they are done.
ASKING = (Action.WAITING_FOR_USER, Action.CANCELLED, Action.REASSIGNED)
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RequestActions(QGroupBox):
    acted = Signal(object)  # the RequestCase after the action
    conflicted = Signal()  # the request changed under the person's eyes: reload it

    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._case: RequestCase | None = None
        self._asking: Action | None = None
        me = find_agent(desk, login)
        self._my_id = me.id if me else None
        self._lead = me is not None and me.role in (Role.LEAD, Role.ADMIN)
        self.setTitle(self.tr("Actions"))
        self.buttons: dict[Action, QPushButton] = {
            Action.ACKNOWLEDGED: self._button(
                self.tr("&Accuser réception"), self.tr("Noter l'accusé de réception envoyé")
            ),
            Action.WAITING_FOR_USER: self._button(
                self.tr("En attente de &pièces…"),
                self.tr("Mettre en attente des pièces ou informations de l'usager"),
            ),
            Action.RESUMED: self._button(
                self.tr("&Reprendre"), self.tr("Reprendre la demande : les pièces sont arrivées")
            ),
            Action.ANSWERED: self._button(
                self.tr("Répon&dre"), self.tr("Noter la réponse apportée : la demande est traitée")
            ),
            Action.REASSIGNED: self._button(
                self.tr("Réa&ttribuer…"), self.tr("Confier la demande à un autre agent")
            ),
            Action.CANCELLED: self._button(
                self.tr("A&nnuler la demande…"), self.tr("Annuler la demande avec un motif")
            ),
            Action.REOPENED: self._button(self.tr("R&ouvrir"), self.tr("Rouvrir la demande close")),
        }
        self.form = self._form()
        self.problem_label = message_label(self.tr("Action refusée"))
        self.confirmation = confirmation_label()
        layout = QVBoxLayout(self)
        for button in self.buttons.values():
            layout.addWidget(button)
        layout.addWidget(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.confirmation)
        layout.addStretch(1)

    # --- building blocks ------------------------------------------------------------------

    def _button(self, text: str, name: str) -> QPushButton:
        button = named_button(text, name)
        button.clicked.connect(self._on_action_button_clicked)
        return button

    def _form(self) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.returnPressed.connect(self._on_confirm_button_clicked)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason_edit)
        form.addRow(self.reason_label, self.reason_edit)
        self.agent_combo = QComboBox()
        self.agent_combo.setAccessibleName(self.tr("Agent à qui confier la demande"))
        agent_label = QLabel(self.tr("&Confier à :"))
        agent_label.setBuddy(self.agent_combo)
        shortcut_tip(self.agent_combo, agent_label.text(), self.tr("Entrée pour valider"))
        form.addRow(agent_label, self.agent_combo)
        self._agent_label = agent_label
        self.confirm_button = named_button(
            self.tr("&Valider"), self.tr("Valider l'action"), self.tr("Entrée")
        )
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.back_button = named_button(
            self.tr("Ne rien chan&ger"), self.tr("Fermer ce formulaire sans rien changer")
        )
        self.back_button.clicked.connect(self._on_back_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.confirm_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        form.addRow(row)
        form_widget.hide()
        self._word_reason(Action.WAITING_FOR_USER)
        return form_widget

    def controls(self) -> list[QWidget]:
        """The focusable controls in reading order, for the dialog's tab chain."""
        return [
            *self.buttons.values(),
            self.reason_edit,
            self.agent_combo,
            self.confirm_button,
            self.back_button,
        ]

    # --- showing a case -------------------------------------------------------------------

    def show_case(self, case: RequestCase) -> None:
        """Offer the actions possible now; a form whose action no longer is closes."""
        self._case = case
        for action, button in self.buttons.items():
            button.setVisible(self._offered(case, action))
        if self._asking is not None and not self._offered(case, self._asking):
            self._close_form()

    def _offered(self, case: RequestCase, action: Action) -> bool:
        if action not in case.possible:
            return False
        # Only a lead gives away a request that is someone else's.
        return action is not Action.REASSIGNED or self._lead or case.assignee_id == self._my_id

    def focus_first(self) -> None:
        """The first action offered gets the focus (the form's field while it is open)."""
        if self._asking is not None:
            self._field().setFocus()
            return
        offered = [button for button in self.buttons.values() if not button.isHidden()]
        if offered:
            offered[0].setFocus()

    # --- slots ----------------------------------------------------------------------------

    def _on_action_button_clicked(self) -> None:
        sender = self.sender()
        action = next(action for action, button in self.buttons.items() if button is sender)
        self._clear_problem()
        self.confirmation.hide()
        if action in ASKING:
            self._ask(action)
        else:
            self._close_form()
            self._act(action)

    def _on_confirm_button_clicked(self) -> None:
        if self._asking is None:
            return
        if self._asking is Action.REASSIGNED:
            chosen = self.agent_combo.currentData()
            self._act(self._asking, assignee_id=chosen if isinstance(chosen, uuid.UUID) else None)
        else:
            self._act(self._asking, reason=self.reason_edit.text())

    def _on_back_button_clicked(self) -> None:
        self._close_form()
        self._clear_problem()
        self.focus_first()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the list of agents confirms, as it does in the reason's field.
        if event.key() in _RETURN_KEYS and self.agent_combo.hasFocus():
            self._on_confirm_button_clicked()
            return
        super().keyPressEvent(event)

    # --- the form -------------------------------------------------------------------------

    def _ask(self, action: Action) -> None:
        if action != self._asking:
            self.reason_edit.clear()  # a reason typed for another action does not carry over
        self._asking = action
        reassign = action is Action.REASSIGNED
        self.reason_label.setVisible(not reassign)
        self.reason_edit.setVisible(not reassign)
        self._agent_label.setVisible(reassign)
        self.agent_combo.setVisible(reassign)
        if reassign:
            self._fill_agents()
        else:
            self._word_reason(action)
        self.form.show()
        self._field().setFocus()

    def _word_reason(self, action: Action) -> None:
        """The reason's field says what it is for: the documents awaited, or why cancel."""
        if action is Action.WAITING_FOR_USER:
            label = self.tr("Pièces ou informations &manquantes :")
            name = self.tr("Pièces ou informations attendues de l'usager")
            example = self.tr("ex. justificatif de domicile de moins de 3 mois")
        else:
            label = self.tr("&Motif de l'annulation :")
            name = self.tr("Motif de l'annulation de la demande")
            example = self.tr("ex. demande faite en double")
        self.reason_label.setText(label)
        self.reason_edit.setAccessibleName(name)
        self.reason_edit.setPlaceholderText(example)
        self.reason_edit.setToolTip(name)
        shortcut_tip(self.reason_edit, label, self.tr("Entrée pour valider"))

    def _fill_agents(self) -> None:
        """The active agents; the first one the request is not with is proposed."""
        current = self._case.assignee_id if self._case else None
        chosen = self.agent_combo.currentData()
        self.agent_combo.clear()
        for agent in list_agents(self._desk, include_inactive=False):
            self.agent_combo.addItem(agent.name, agent.id)
        row = data_index(self.agent_combo, chosen) if chosen != current else -1
        if row < 0:
            rows = range(self.agent_combo.count())
            row = next((i for i in rows if self.agent_combo.itemData(i) != current), 0)
        self.agent_combo.setCurrentIndex(row)

    def _field(self) -> QWidget:
        return self.agent_combo if self._asking is Action.REASSIGNED else self.reason_edit

    def _close_form(self) -> None:
        self._asking = None
        self.reason_edit.clear()
        self.form.hide()

    # --- acting ---------------------------------------------------------------------------

    def _act(
        self, action: Action, *, reason: str | None = None, assignee_id: uuid.UUID | None = None
    ) -> None:
        case = self._case
        if case is None:
            return
        try:
            case = act_on_request(
                self._desk,
                login=self._login,
                request_id=case.id,
                action=action,
                version=case.version,
                reason=reason,
                assignee_id=assignee_id,
            )
        except ConflictError as error:
            self.conflicted.emit()  # the view shows the request as it now is
            self._refuse(action, error.message)
            return
        except UserError as error:
            self._refuse(action, error.message)
            return
        self._close_form()
        self._clear_problem()
        self.acted.emit(case)
        self.confirmation.setText(self._done_text(action, case))
        self.confirmation.show()
        self.focus_first()

    def _refuse(self, action: Action, message: str) -> None:
        """The message under the form, the typed reason kept, the focus where to fix it."""
        field = self._field() if self._asking is not None else self.buttons[action]
        show_problem(self.problem_label, field, message)
        if field.isVisible():
            field.setFocus()
        else:
            self.focus_first()

    def _clear_problem(self) -> None:
        say(self.problem_label, None)
        for control in self.controls():
            control.setAccessibleDescription("")

    def _done_text(self, action: Action, case: RequestCase) -> str:
        if action is Action.ACKNOWLEDGED:
            return self.tr("✓ Accusé de réception noté.")
        if action is Action.WAITING_FOR_USER:
            if case.wait_restarts:
                return self.tr(
                    "✓ Demande en attente de l'usager : le délai repartira de zéro à la reprise."
                )
            return self.tr("✓ Demande en attente de l'usager : le délai est suspendu.")
        if action is Action.RESUMED:
            return self.tr("✓ Demande reprise : le délai court de nouveau.")
        if action is Action.ANSWERED:
            if answered_in_time(case):
                return self.tr("✓ Réponse notée : demande traitée dans le délai.")
            return self.tr("✓ Réponse notée : demande traitée hors délai.")
        if action is Action.REASSIGNED:
            return self.tr("✓ Demande confiée à %1.").replace("%1", case.assignee)
        if action is Action.CANCELLED:
            return self.tr("✓ Demande annulée.")
        if case.status is RequestStatus.WAITING:  # closed while waiting: it waits again
            return self.tr("✓ Demande rouverte : elle attend toujours l'usager.")
        return self.tr("✓ Demande rouverte : le délai court de nouveau.")
