"""Editing one of the service's lists (motifs, orientation partners): add, rename, retire
and restore entries. Nothing is deleted: a retired entry stays on past contacts. The
services decide who may edit; a refusal is shown next to the field with the text kept.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from PySide6.QtCore import (
    QItemSelection,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.validation import MAX_NAME_LENGTH
from spplus_desk.services.choice_lists import (
    ChoiceInfo,
    ChoiceList,
    add_choice,
    list_choices,
    rename_choice,
    set_choice_active,
)
from spplus_desk.services.desk import Desk
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


class _Wording(NamedTuple):
    title: str
    entry: str  # the field's accessible name
    example: str
    used_on: str = "les contacts passés"  # where a retired entry stays


class ChoicesModel(RowsModel):
    """The entries, retired ones marked « (retiré) » in words."""

    def __init__(self) -> None:
        super().__init__([("Libellé", lambda c: c.label if c.active else f"{c.label} (retiré)")])

    def choice(self, row: int) -> ChoiceInfo:
        choice: ChoiceInfo = self.item(row)
        return choice


class ChoiceListDialog(QDialog):
    def __init__(
        self, desk: Desk, login: str, kind: ChoiceList, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._kind = kind
        self._selected: ChoiceInfo | None = None
        self._refreshing = False
        self._renaming = False  # the field holds the selected entry's label, being edited
        wording = self._wording(kind)
        self.setWindowTitle(wording.title)
        self.setAccessibleName(wording.title)

        self.model = ChoicesModel()
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setAccessibleName(wording.title)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        list_label = QLabel(self.tr("E&ntrées :"))
        list_label.setBuddy(self.list_view)
        shortcut_tip(self.list_view, list_label.text())

        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(wording.entry)
        self.label_edit.setMaxLength(MAX_NAME_LENGTH)
        self.label_edit.setPlaceholderText(wording.example)
        edit_label = QLabel(self.tr("&Libellé :"))
        edit_label.setBuddy(self.label_edit)
        shortcut_tip(
            self.label_edit,
            edit_label.text(),
            self.tr("Entrée : ajouter, ou renommer l'entrée choisie"),
        )
        self.label_edit.returnPressed.connect(self._on_label_edit_return_pressed)
        self.error_label = message_label(self.tr("Modification refusée"))

        self.add_button = named_button(
            self.tr("&Ajouter"), self.tr("Ajouter le libellé saisi à la liste")
        )
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.rename_button = named_button(
            self.tr("&Renommer"), self.tr("Renommer l'entrée sélectionnée avec le libellé saisi")
        )
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.toggle_button = named_button(
            self.tr("Re&tirer"), self.tr("Retirer l'entrée sélectionnée")
        )
        self.toggle_button.clicked.connect(self._on_toggle_button_clicked)
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.accept)

        note = note_label(
            self.tr(
                "Rien n'est supprimé : une entrée retirée n'est plus proposée à la saisie, "
                "mais elle reste sur %1 et peut être rétablie."
            ).replace("%1", wording.used_on)
        )
        self.status_label = confirmation_label()

        content = QWidget()
        grid = QGridLayout(content)
        grid.addWidget(list_label, 0, 0, 1, 2)
        grid.addWidget(self.list_view, 1, 0)
        actions = QVBoxLayout()
        for button in (self.rename_button, self.toggle_button):
            actions.addWidget(button)
        actions.addStretch(1)
        grid.addLayout(actions, 1, 1)
        grid.addWidget(edit_label, 2, 0, 1, 2)
        field = QHBoxLayout()
        field.addWidget(self.label_edit, stretch=1)
        field.addWidget(self.add_button)
        grid.addLayout(field, 3, 0, 1, 2)
        grid.addWidget(self.error_label, 4, 0, 1, 2)
        grid.addWidget(self.status_label, 5, 0, 1, 2)
        grid.addWidget(note, 6, 0, 1, 2)
        grid.setRowStretch(1, 1)
        scrolled_with_footer(self, content, self.close_button)
        order = [
            self.list_view,
            self.rename_button,
            self.toggle_button,
            self.label_edit,
            self.add_button,
            self.close_button,
        ]
        tab_chain(order)

        self.list_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._refresh(None)
        self.label_edit.setFocus()
        fit_to_screen(self, 90, 30)

    def _wording(self, kind: ChoiceList) -> _Wording:
        if kind.entity_type == "partner":
            return _Wording(
                self.tr("Services et partenaires d'orientation"),
                self.tr("Libellé du partenaire"),
                self.tr("ex. CAF, France Travail"),
            )
        if kind.entity_type == "procedure":  # the right-to-error register's list
            return _Wording(
                self.tr("Démarches (droit à l'erreur)"),
                self.tr("Libellé de la démarche"),
                self.tr("ex. Prestations sociales"),
                self.tr("les cas passés du registre"),
            )
        return _Wording(
            self.tr("Motifs de contact"), self.tr("Libellé du motif"), self.tr("ex. Cartes grises")
        )

    # Slots

    def _on_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        self._select(self.model.choice(rows.pop()) if rows else None)
        if self._selected is not None and not self._refreshing:
            # Renaming usually changes a few words: start from the current label, and
            # Enter then renames it (rather than adding a near-duplicate).
            self.label_edit.setText(self._selected.label)
            self._renaming = True

    def _on_label_edit_return_pressed(self) -> None:
        if self._renaming and self._selected is not None:
            self._on_rename_button_clicked()
        else:
            self._on_add_button_clicked()

    def _on_add_button_clicked(self) -> None:
        try:
            choice = add_choice(
                self._desk, self._kind, login=self._login, label=self.label_edit.text()
            )
        except UserError as error:
            self._refuse(error)
            return
        self._done(choice, self.tr("%1 « %2 » a été ajouté."))
        self.label_edit.clear()
        self._renaming = False
        self.label_edit.setFocus()

    def _on_rename_button_clicked(self) -> None:
        choice = self._selected
        if choice is None:
            return
        try:
            renamed = rename_choice(
                self._desk,
                self._kind,
                login=self._login,
                choice=choice,
                label=self.label_edit.text(),
            )
        except UserError as error:
            self._refuse(error)
            return
        template = self.tr("%1 « %3 » a été renommé en « %2 ».").replace("%3", choice.label)
        self._done(renamed, template)
        self.label_edit.clear()  # what is typed next is a new entry
        self._renaming = False

    def _on_toggle_button_clicked(self) -> None:
        choice = self._selected
        if choice is None:
            return
        try:
            changed = set_choice_active(
                self._desk, self._kind, login=self._login, choice=choice, active=not choice.active
            )
        except UserError as error:
            self._refuse(error)
            return
        if changed.active:
            self._done(changed, self.tr("%1 « %2 » a été rétabli."))
        else:
            self._done(changed, self.tr("%1 « %2 » a été retiré."))
        self.toggle_button.setFocus()

    # State

    def _refuse(self, error: UserError) -> None:
        """The service's sentence next to the field; the typed text stays."""
        typed = self.label_edit.text()
        if isinstance(error, ConflictError):  # show the entries as they are now
            self._refresh(self._selected.id if self._selected else None)
            self.label_edit.setText(typed)
        self.status_label.hide()
        say(self.error_label, error.message)
        self.label_edit.setFocus()

    def _done(self, choice: ChoiceInfo, template: str) -> None:
        say(self.error_label, None)
        self._refresh(choice.id)
        text = template.replace("%1", self._kind.field).replace("%2", choice.label)
        self.status_label.setText(text)
        self.status_label.show()

    def _refresh(self, select_id: uuid.UUID | None) -> None:
        self.model.set_rows(list_choices(self._desk, self._kind, include_retired=True))
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0:
            index = self.model.index(row, 0)
            self._refreshing = True  # the field keeps its text
            try:
                self.list_view.setCurrentIndex(index)
            finally:
                self._refreshing = False
            self.list_view.scrollTo(index)
        else:
            self._select(None)

    def _select(self, choice: ChoiceInfo | None) -> None:
        self._selected = choice
        self.rename_button.setEnabled(choice is not None)
        self.toggle_button.setEnabled(choice is not None)
        retired = choice is not None and not choice.active
        text = self.tr("Réta&blir") if retired else self.tr("Re&tirer")
        name = (
            self.tr("Rétablir l'entrée sélectionnée")
            if retired
            else self.tr("Retirer l'entrée sélectionnée")
        )
        self.toggle_button.setText(text)
        self.toggle_button.setAccessibleName(name)
        self.toggle_button.setToolTip("")
        shortcut_tip(self.toggle_button, text)
