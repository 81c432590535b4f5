"""The service's agents: who may sign in at the desk, with which role.

Leads and admins add agents and edit the selected one; the services enforce who may do
what, so a refusal (an agent opening the dialog, a lead touching an admin, the last admin)
is shown next to the form with what was typed kept. Agents are deactivated, never deleted.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import (
    QItemSelection,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.domain.service import AgentInfo
from spplus_desk.domain.validation import MAX_NAME_LENGTH
from spplus_desk.services.agents import (
    LOGIN_FIELD,
    MAX_LOGIN_LENGTH,
    add_agent,
    list_agents,
    update_agent,
)
from spplus_desk.services.desk import Desk
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    named_button,
    note_label,
    say,
    scrolled_with_footer,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.rows_model import RowsModel

COL_NAME, COL_LOGIN, COL_ROLE, COL_ACTIVE = range(4)


class AgentsModel(RowsModel):
    """The agents as rows: name, identifier, role, active (« oui » / « non », in words)."""

    def __init__(self) -> None:
        super().__init__(
            [
                ("Nom", lambda agent: agent.name),
                ("Identifiant", lambda agent: agent.login),
                ("Rôle", lambda agent: ROLE_LABELS[agent.role]),
                ("Actif", lambda agent: "oui" if agent.active else "non"),
            ]
        )

    def agent(self, row: int) -> AgentInfo:
        agent: AgentInfo = self.item(row)
        return agent


class AgentsDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._editing: AgentInfo | None = None
        self.setWindowTitle(self.tr("Agents du service"))
        self.setAccessibleName(self.tr("Agents du service"))

        self.model = AgentsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Liste des agents"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the form
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        table_label = QLabel(self.tr("Agen&ts :"))
        table_label.setBuddy(self.table)
        shortcut_tip(self.table, table_label.text())

        edit_box = QGroupBox(self.tr("Agent sélectionné"))
        edit_form = QFormLayout(edit_box)
        self.name_edit = self._line(self.tr("Nom de l'agent sélectionné"), MAX_NAME_LENGTH)
        self._row(edit_form, self.tr("No&m :"), self.name_edit)
        self.login_label = QLabel()
        self.login_label.setAccessibleName(self.tr("Identifiant de l'agent sélectionné"))
        self.login_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.login_label.setToolTip(
            self.tr("L'identifiant ne change pas : c'est la session de l'ordinateur de l'agent.")
        )
        edit_form.addRow(self.tr("Identifiant :"), self.login_label)
        self.role_combo = self._roles(self.tr("Rôle de l'agent sélectionné"))
        self._row(edit_form, self.tr("Rô&le :"), self.role_combo)
        self.active_box = QCheckBox(self.tr("A&ctif (peut utiliser SP+ Desk)"))
        self.active_box.setAccessibleName(self.tr("Agent actif"))
        shortcut_tip(self.active_box, self.active_box.text())
        edit_form.addRow("", self.active_box)
        self.save_button = named_button(
            self.tr("&Enregistrer les modifications"),
            self.tr("Enregistrer les modifications de l'agent sélectionné"),
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        edit_form.addRow("", self.save_button)
        self.edit_error = message_label(self.tr("Modification refusée"))
        edit_form.addRow(self.edit_error)
        self.name_edit.returnPressed.connect(self._on_save_button_clicked)

        add_box = QGroupBox(self.tr("Ajouter un agent"))
        add_form = QFormLayout(add_box)
        self.new_name_edit = self._line(self.tr("Nom du nouvel agent"), MAX_NAME_LENGTH)
        self.new_name_edit.setPlaceholderText(self.tr("ex. Léa Martin"))
        self._row(add_form, self.tr("&Nom :"), self.new_name_edit)
        self.new_login_edit = self._line(self.tr("Identifiant du nouvel agent"), MAX_LOGIN_LENGTH)
        self.new_login_edit.setPlaceholderText(self.tr("session de l'ordinateur, ex. lea.martin"))
        self._row(add_form, self.tr("&Identifiant :"), self.new_login_edit)
        self.new_role_combo = self._roles(self.tr("Rôle du nouvel agent"))
        self._row(add_form, self.tr("&Rôle :"), self.new_role_combo)
        self.add_button = named_button(self.tr("&Ajouter"), self.tr("Ajouter l'agent"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        add_form.addRow("", self.add_button)
        self.add_error = message_label(self.tr("Ajout refusé"))
        add_form.addRow(self.add_error)
        self.new_name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.new_login_edit.returnPressed.connect(self._on_add_button_clicked)

        note = note_label(
            self.tr(
                "Un agent n'est jamais supprimé : désactivé, il ne peut plus utiliser "
                "SP+ Desk mais reste l'auteur de ses contacts."
            )
        )
        self.status_label = confirmation_label()
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.accept)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(table_label)
        column.addWidget(self.table, stretch=1)
        column.addWidget(self.status_label)
        forms = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        forms.addWidget(edit_box, stretch=1)
        forms.addWidget(add_box, stretch=1)
        column.addLayout(forms)
        column.addWidget(note)
        scrolled_with_footer(self, content, self.close_button)
        order = [
            self.table,
            self.name_edit,
            self.role_combo,
            self.active_box,
            self.save_button,
            self.new_name_edit,
            self.new_login_edit,
            self.new_role_combo,
            self.add_button,
            self.close_button,
        ]
        tab_chain(order)

        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._on_selection_changed)
        self._refresh(None)
        self.table.setFocus()
        # Side by side when they fit (large font, small screen: one under the other).
        if content.sizeHint().width() > self.screen().availableGeometry().width() * 0.9:
            forms.setDirection(QBoxLayout.Direction.TopToBottom)
        fit_to_screen(self, 110, 42)

    # Building blocks

    def _line(self, name: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(max_length)
        return edit

    def _roles(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for role, label in ROLE_LABELS.items():
            combo.addItem(label, role)
        return combo

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        shortcut_tip(field, text)
        form.addRow(label, field)

    # Slots

    def _on_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        self._fill(self.model.agent(rows.pop()) if rows else None)

    def _on_add_button_clicked(self) -> None:
        try:
            agent = add_agent(
                self._desk,
                login=self._login,
                name=self.new_name_edit.text(),
                agent_login=self.new_login_edit.text(),
                role=Role(self.new_role_combo.currentData()),
            )
        except UserError as error:
            say(self.add_error, error.message)
            # The field the message is about: the identifier, or else the name.
            about_login = error.message.startswith(LOGIN_FIELD)
            (self.new_login_edit if about_login else self.new_name_edit).setFocus()
            return
        say(self.add_error, None)
        self.new_name_edit.clear()
        self.new_login_edit.clear()
        self.new_role_combo.setCurrentIndex(data_index(self.new_role_combo, Role.AGENT))
        self._refresh(agent.id)
        self._tell(self.tr("Compte de %1 créé.").replace("%1", agent.name))
        self.new_name_edit.setFocus()

    def _on_save_button_clicked(self) -> None:
        agent = self._editing
        if agent is None:
            return
        try:
            saved = update_agent(
                self._desk,
                login=self._login,
                agent=agent,
                name=self.name_edit.text(),
                role=Role(self.role_combo.currentData()),
                active=self.active_box.isChecked(),
            )
        except ConflictError as error:
            # Show the current state in the table, keep what was typed in the form: saving
            # again applies it, knowingly, over the other person's change.
            self._refresh(agent.id, fill=False)
            say(self.edit_error, error.message)
            self.name_edit.setFocus()
            return
        except UserError as error:
            say(self.edit_error, error.message)
            self.name_edit.setFocus()
            return
        say(self.edit_error, None)
        self._refresh(saved.id)
        self._tell(self.tr("Modifications de %1 enregistrées.").replace("%1", saved.name))
        self.table.setFocus()

    # State

    def _refresh(self, select_id: uuid.UUID | None, *, fill: bool = True) -> None:
        """Reload the agents and select ``select_id`` (else the first row); ``fill`` puts
        the selected agent in the edit form, otherwise the form keeps what was typed."""
        typed = (self.name_edit.text(), self.role_combo.currentIndex(), self.active_box.isChecked())
        self.model.set_rows(list_agents(self._desk))
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, COL_NAME))
        else:
            self._fill(None)
        if not fill:
            self.name_edit.setText(typed[0])
            self.role_combo.setCurrentIndex(typed[1])
            self.active_box.setChecked(typed[2])

    def _fill(self, agent: AgentInfo | None) -> None:
        self._editing = agent
        say(self.edit_error, None)
        for widget in (self.name_edit, self.role_combo, self.active_box, self.save_button):
            widget.setEnabled(agent is not None)
        self.name_edit.setText(agent.name if agent else "")
        self.login_label.setText(agent.login if agent else "")
        role = agent.role if agent else Role.AGENT
        self.role_combo.setCurrentIndex(data_index(self.role_combo, role))
        self.active_box.setChecked(agent.active if agent else False)

    def _tell(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.show()
