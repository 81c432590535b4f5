"""The catalogue of kinds of request: what each promises and how its clock runs.

A lead picks a kind in the table (the form below fills in) and saves it, or fills the
form and adds a new one. Kinds are retired, never deleted. A changed delay only applies
to the requests received afterwards; the dialog says so. The services decide who may
edit: a refusal is shown next to the field it is about, with what was typed kept.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.documents import ImplicitDecision
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.labels import CHANNEL_LABELS, WAIT_POLICY_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import (
    RequestKindInfo,
    add_request_kind,
    list_request_kinds,
    restore_request_kind,
    retire_request_kind,
    update_request_kind,
)
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    named_button,
    note_label,
    scrolled_with_footer,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.request_kind_form import RequestKindForm
from spplus_desk.ui.rows_model import RowsModel

COL_LABEL, COL_CHANNELS, COL_DELAY, COL_WAIT, COL_ACK, COL_IMPLICIT = range(6)


def implicit_text(kind: RequestKindInfo) -> str:
    """« Acceptation au bout de 2 mois », « Aucune » when silence decides nothing, « Non
    précisée » when the service has not said."""
    if kind.implicit_decision is ImplicitDecision.UNSET:
        return "Non précisée"
    if kind.implicit_decision is ImplicitDecision.NONE:
        return "Aucune"
    what = "Acceptation" if kind.implicit_decision is ImplicitDecision.ACCEPTANCE else "Rejet"
    return f"{what} au bout de {kind.implicit_months}\u00a0mois"


class RequestKindsModel(RowsModel):
    """The kinds as the commitments poster words them; retired ones say so in words."""

    def __init__(self) -> None:
        super().__init__(
            [
                ("Type", lambda k: k.label if k.active else f"{k.label} (retiré)"),
                ("Canaux", lambda k: ", ".join(CHANNEL_LABELS[c] for c in k.channels)),
                ("Délai annoncé", lambda k: k.delay),
                ("Attente de l'usager", lambda k: WAIT_POLICY_LABELS[k.wait_policy]),
                ("Accusé de réception", lambda k: k.acknowledgement),
                ("Décision implicite", implicit_text),
            ]
        )

    def kind(self, row: int) -> RequestKindInfo:
        kind: RequestKindInfo = self.item(row)
        return kind


class RequestKindsDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._selected: RequestKindInfo | None = None
        self._refreshing = False
        title = self.tr("Types de demande et délais")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.model = RequestKindsModel()
        self.table = self._table()
        table_label = QLabel(self.tr("Types de &demande :"))
        table_label.setBuddy(self.table)
        shortcut_tip(self.table, table_label.text())
        self.retired_box = QCheckBox(self.tr("Affic&her les types retirés"))
        self.retired_box.setAccessibleName(self.tr("Afficher les types de demande retirés"))
        shortcut_tip(self.retired_box, self.retired_box.text())
        self.retired_box.toggled.connect(self._on_retired_box_toggled)

        self.form = RequestKindForm()
        self.form.label_edit.returnPressed.connect(self._on_label_edit_return_pressed)
        self.form.add_button.clicked.connect(self._on_add_button_clicked)
        self.form.save_button.clicked.connect(self._on_save_button_clicked)
        self.form.toggle_button.clicked.connect(self._on_toggle_button_clicked)
        self.status_label = confirmation_label()
        note = note_label(
            self.tr(
                "Un délai modifié ne vaut que pour les demandes reçues ensuite : chaque "
                "demande garde le délai, la règle d'attente et la décision implicite "
                "annoncés à sa réception. "
                "Les demandes écrites ont en plus leur accusé de réception à envoyer "
                "(standard Services Publics+), suivi comme une échéance à part. "
                "Rien n'est supprimé : un type retiré n'est plus proposé à la saisie."
            )
        )
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.accept)

        content = QWidget()
        column = QVBoxLayout(content)
        heading = QHBoxLayout()
        heading.addWidget(table_label, stretch=1)
        heading.addWidget(self.retired_box)
        column.addLayout(heading)
        column.addWidget(self.table, stretch=1)
        column.addWidget(self.status_label)
        column.addWidget(self.form)
        column.addWidget(note)
        scrolled_with_footer(self, content, self.close_button)
        tab_chain([self.table, self.retired_box, *self.form.controls(), self.close_button])
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._refresh(None)
        self.form.show_kind(None)
        self.form.label_edit.setFocus()
        fit_to_screen(self, 160, 58)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Liste des types de demande"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the form
        table.verticalHeader().hide()
        # Long lists of channels wrap: a catalogue has a few dozen kinds at most.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DELAY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WAIT, QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        return table

    # Slots

    def _on_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        self._select(self.model.kind(rows.pop()) if rows else None)
        if self._selected is not None and not self._refreshing:
            self.form.show_kind(self._selected)

    def _on_retired_box_toggled(self, _checked: bool) -> None:
        self._refresh(self._selected.id if self._selected else None, fill=False)

    def _on_label_edit_return_pressed(self) -> None:
        if self._selected is not None:
            self._on_save_button_clicked()
        else:
            self._on_add_button_clicked()

    def _on_add_button_clicked(self) -> None:
        try:
            kind = add_request_kind(self._desk, login=self._login, **self.form.values()._asdict())
        except UserError as error:
            self._refuse(error)
            return
        self._refresh(None)  # what is typed next is another new kind
        self.form.show_kind(None)
        self._tell(
            self.tr("Le type « %1 » a été ajouté (%2).")
            .replace("%1", kind.label)
            .replace("%2", kind.delay)
        )
        self.form.label_edit.setFocus()

    def _on_save_button_clicked(self) -> None:
        kind = self._selected
        if kind is None:
            return
        try:
            saved = update_request_kind(
                self._desk,
                login=self._login,
                kind_id=kind.id,
                version=kind.version,
                **self.form.values()._asdict(),
            )
        except UserError as error:
            self._refuse(error)
            return
        self._refresh(saved.id)
        self._tell(
            self.tr(
                "Le type « %1 » a été enregistré. Les demandes déjà reçues gardent "
                "le délai annoncé à leur réception."
            ).replace("%1", saved.label)
        )
        self.table.setFocus()

    def _on_toggle_button_clicked(self) -> None:
        kind = self._selected
        if kind is None:
            return
        change = retire_request_kind if kind.active else restore_request_kind
        try:
            changed = change(self._desk, login=self._login, kind_id=kind.id, version=kind.version)
        except UserError as error:
            self._refuse(error)
            return
        self._refresh(changed.id)
        if changed.active:
            text = self.tr("Le type « %1 » a été rétabli.")
        elif self.retired_box.isChecked():
            text = self.tr("Le type « %1 » a été retiré.")
        else:
            text = self.tr(
                "Le type « %1 » a été retiré. Cochez « Afficher les types retirés » "
                "pour le voir ou le rétablir."
            )
        self._tell(text.replace("%1", changed.label))
        if self._selected is None:  # retired out of sight: the form is for a new kind
            self.form.show_kind(None)
            self.table.setFocus()
        else:
            self.form.toggle_button.setFocus()

    # State

    def _refuse(self, error: UserError) -> None:
        """The refusal next to its field; the form keeps what was typed."""
        if isinstance(error, ConflictError):  # show the kinds as they are now
            self._refresh(self._selected.id if self._selected else None, fill=False)
        self.status_label.hide()
        self.form.refuse(error.message)

    def _tell(self, text: str) -> None:
        self.form.clear_problems()
        self.status_label.setText(text)
        self.status_label.show()

    def _refresh(self, select_id: uuid.UUID | None, *, fill: bool = True) -> None:
        """Reload the kinds and select ``select_id``; ``fill`` puts it in the form,
        otherwise the form keeps what was typed."""
        kinds = list_request_kinds(self._desk, include_retired=self.retired_box.isChecked())
        self.model.set_rows(kinds)
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row < 0:
            self._select(None)
            return
        self._refreshing = not fill
        try:
            self.table.selectRow(row)
        finally:
            self._refreshing = False
        self.table.scrollTo(self.model.index(row, COL_LABEL))

    def _select(self, kind: RequestKindInfo | None) -> None:
        self._selected = kind
        self.form.show_selected(kind)
