"""The register's buttons: a new case, the leaflet explaining the right to error to a
person (in the print centre: previewed, printed at 300 dpi or saved as PDF), the register
as a CSV file, read again. The files are built in the background; how it went is said
on the line above."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from spplus_desk.domain.documents import DocumentKind
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import register_file, register_file_name
from spplus_desk.services.request_exports import save_file
from spplus_desk.ui.action_bar import ActionBar, add_shortcuts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import named_button
from spplus_desk.ui.pdf_print import ask_save_path, documents_folder
from spplus_desk.ui.print_centre import open_print_centre

CSV_FILTER = "Fichier CSV pour Excel (*.csv)"


class RegisterActions(ActionBar):
    new_requested = Signal()
    refresh_requested = Signal()

    def __init__(
        self, desk: Desk, today: Callable[[], date], wanted: Callable[[], RegisterFilter]
    ) -> None:
        super().__init__()
        self._desk, self._today, self._wanted = desk, today, wanted
        self.new_button = named_button(
            self.tr("Nouveau cas…"),
            self.tr("Enregistrer un nouveau cas du droit à l'erreur"),
            "Ctrl+N",
        )
        self.leaflet_button = named_button(
            self.tr("Fiche d'information droit à l'erreur…"),
            self.tr("Aperçu de la fiche d'information sur le droit à l'erreur"),
        )
        self.leaflet_button.setToolTip(
            self.tr("La fiche d'une page à remettre à la personne : aperçu, impression, PDF")
            + " (Ctrl+P)"
        )
        self.csv_button = named_button(
            self.tr("E&xporter (CSV)…"), self.tr("Exporter les cas affichés en CSV")
        )
        self.refresh_button = named_button(self.tr("Actualiser"), self.tr("Actualiser"), "Ctrl+R")
        self.new_button.clicked.connect(self.new_requested)
        self.leaflet_button.clicked.connect(self.preview_leaflet)
        self.csv_button.clicked.connect(self.export_csv)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self._lay_out([self.new_button, self.leaflet_button, self.csv_button, self.refresh_button])

    def add_shortcuts(self, register: QWidget) -> None:
        """Ctrl+N, Ctrl+P and Ctrl+R while the focus is in ``register`` (the board has
        its own Ctrl+P and Ctrl+R)."""
        add_shortcuts(
            register,
            [
                ("Ctrl+N", self.new_requested.emit),
                ("Ctrl+P", self.preview_leaflet),
                ("Ctrl+R", self.refresh_requested.emit),
            ],
        )

    # -- files -----------------------------------------------------------------------

    def preview_leaflet(self) -> None:
        """The print centre on the one-page leaflet for the person: previewed, printed
        or saved there."""
        open_print_centre(self.window(), self._desk, kind=DocumentKind.LEAFLET)

    def export_csv(self) -> None:
        """The cases the filters keep (every page), into a file the person names."""
        wanted = self._wanted()
        path = ask_save_path(
            self,
            self.tr("Exporter le registre en CSV"),
            documents_folder() / register_file_name(self._today()),
            self.tr(CSV_FILTER),
        )
        if path is None:
            return
        if path.suffix.lower() != ".csv":
            path = path.with_name(f"{path.name}.csv")
        self.tell(self.tr("Export en cours…"))
        desk = self._desk

        def done(_none: None) -> None:
            if isValid(self):
                self.tell(self.tr("Exporté dans « %1 ».").replace("%1", str(path)))

        run_in_background(lambda: save_file(path, register_file(desk, wanted)), done, self._refused)
