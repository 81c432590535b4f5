"""What the board's buttons do beyond showing: give the selected requests to another
agent (leads), print the day's list (in the print centre), export the bucket as a
spreadsheet, read again.

The work (reading every row, building the file, writing it) runs in the background;
how it went is said in French on the line above the buttons.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.documents import DocumentKind
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.request_board import BoardFilter
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_exports import (
    ExportFormat,
    export_board,
    export_file_name,
    save_file,
)
from spplus_desk.services.requests import reassign_requests
from spplus_desk.ui.action_bar import ActionBar, add_shortcuts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    named_button,
    shortcut_tip,
)
from spplus_desk.ui.pdf_print import ask_save_path, documents_folder
from spplus_desk.ui.print_centre import open_print_centre

FILTERS: dict[ExportFormat, str] = {
    "csv": "Fichier CSV pour Excel (*.csv)",
    "xlsx": "Classeur Excel (*.xlsx)",
}


class ReassignDialog(QDialog):
    """« Confier les 3 demandes sélectionnées à : [agent] » — the button says the count
    again, so the lead confirms what they see."""

    def __init__(self, agents: Sequence[AgentInfo], count: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Réattribuer des demandes"))
        self.setAccessibleName(self.windowTitle())
        what = count_text(count, "demande sélectionnée", "demandes sélectionnées")
        label = QLabel(self.tr("Confier %1 à l'&agent\u00a0:").replace("%1", what))
        label.setWordWrap(True)
        self.agent_combo = QComboBox()
        self.agent_combo.setAccessibleName(self.tr("Agent à qui confier les demandes"))
        for agent in agents:
            if agent.active:
                self.agent_combo.addItem(agent.name, agent.id)
        label.setBuddy(self.agent_combo)
        shortcut_tip(self.agent_combo, label.text())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(
            self.tr("&Réattribuer %1").replace("%1", count_text(count, "demande", "demandes")),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setToolTip(self.tr("Confier les demandes à cet agent (Entrée)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.agent_combo)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 60, 8)
        # Once inside the dialog: set earlier, Qt makes « Annuler » the default instead.
        self.ok_button.setDefault(True)

    def chosen(self) -> uuid.UUID | None:
        value = self.agent_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None


class Board(Protocol):
    """What the actions need from the board they act on."""

    def selected_ids(self) -> list[uuid.UUID]: ...
    def wanted(self) -> BoardFilter: ...
    def agents(self) -> list[AgentInfo]: ...


class BoardActions(ActionBar):
    """The board's buttons and the line saying how the last action went."""

    acted = Signal()  # requests changed: the board and the status bar read again
    refresh_requested = Signal()

    def __init__(
        self, desk: Desk, login: str, zone: ZoneInfo, *, manager: bool, board: Board
    ) -> None:
        super().__init__()
        self._desk, self._login, self._zone, self._board = desk, login, zone, board
        self._manager = manager
        self.reassign_button = named_button(
            self.tr("Réattribuer &la sélection…"), self.tr("Réattribuer la sélection")
        )
        if not manager:
            self.reassign_button.setEnabled(False)
            why = self.tr("Réservé aux responsables d'équipe et aux administrateurs")
            self.reassign_button.setToolTip(why)
            self.reassign_button.setAccessibleDescription(why)
        self.print_button = named_button(
            self.tr("Imprimer la liste du jour…"), self.tr("Imprimer la liste du jour"), "Ctrl+P"
        )
        self.csv_button = named_button(self.tr("Exporter en CSV…"), self.tr("Exporter en CSV"))
        self.xlsx_button = named_button(self.tr("Exporter en XLSX…"), self.tr("Exporter en XLSX"))
        self.refresh_button = named_button(self.tr("Actualiser"), self.tr("Actualiser"), "Ctrl+R")
        self.reassign_button.clicked.connect(self.reassign)
        self.print_button.clicked.connect(self.print_day_list)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self._lay_out(
            [
                self.reassign_button,
                self.print_button,
                self.csv_button,
                self.xlsx_button,
                self.refresh_button,
            ],
            narrower=(3, 2),
        )

    def add_shortcuts(self, board: QWidget) -> None:
        """Ctrl+P and Ctrl+R while the focus is in ``board``. (F5 is the quick entry's
        « Courriel »: the board takes other keys.)"""
        add_shortcuts(
            board, [("Ctrl+P", self.print_day_list), ("Ctrl+R", self.refresh_requested.emit)]
        )

    def _today(self) -> date:
        return self._desk.clock.now().astimezone(self._zone).date()

    # -- reassigning -----------------------------------------------------------------

    def reassign(self) -> None:
        if not self._manager:
            return
        ids = self._board.selected_ids()
        if not ids:
            self.warn(self.tr("Choisissez d'abord les demandes à réattribuer (Maj ou Ctrl)."))
            return
        dialog = ReassignDialog(self._board.agents(), len(ids), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._reassign(ids, dialog.chosen()))
        dialog.open()

    def _reassign(self, ids: list[uuid.UUID], agent_id: uuid.UUID | None) -> None:
        agent = next((a for a in self._board.agents() if a.id == agent_id), None)
        if agent is None:
            return
        self.tell(self.tr("Réattribution en cours…"))
        desk, login = self._desk, self._login

        def done(changed: int) -> None:
            text = f"{count_text(changed, 'demande confiée', 'demandes confiées')} à {agent.name}."
            if changed < len(ids):
                others = count_text(len(ids) - changed, "autre l'était", "autres l'étaient")
                text += f" ({others} déjà.)"
            if isValid(self):
                self.tell(text)
                self.acted.emit()

        run_in_background(
            lambda: reassign_requests(desk, login=login, request_ids=ids, assignee_id=agent.id),
            done,
            self._refused,
        )

    # -- files -----------------------------------------------------------------------

    def print_day_list(self) -> None:
        """The print centre on the day's list: previewed, printed or saved there."""
        open_print_centre(self.window(), self._desk, kind=DocumentKind.DAY_LIST)

    def export(self, fmt: ExportFormat) -> None:
        """Every row of the bucket, agent and kind shown, into a file the person names."""
        wanted = self._board.wanted()
        path = ask_save_path(
            self,
            self.tr("Exporter en %1").replace("%1", fmt.upper()),
            documents_folder() / export_file_name(wanted, fmt, self._today()),
            self.tr(FILTERS[fmt]),
        )
        if path is None:
            return
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        self.tell(self.tr("Export en cours…"))
        desk = self._desk

        def done(_none: None) -> None:
            if isValid(self):
                self.tell(self.tr("Exporté dans « %1 ».").replace("%1", str(path)))

        run_in_background(
            lambda: save_file(path, export_board(desk, wanted, fmt)), done, self._refused
        )
