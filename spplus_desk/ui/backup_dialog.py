"""« Sauvegardes » (Gestion menu, administrators): where the automatic copies go, how
many the rotation keeps, and the copies already in that folder with their date and size.

Saving runs in the background (the folder, perhaps a network share, is tried first) and
is refused, with what was typed kept, when someone saved the service's settings
meanwhile. The dialog stays open after a save and lists the folder chosen.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.backups import (
    MAX_DAILY,
    MAX_MONTHLY,
    MIN_DAILY,
    MIN_MONTHLY,
    BackupEntry,
    BackupSettings,
    label_text,
    size_text,
    taken_text,
)
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.backups import (
    BackupListing,
    backup_settings,
    list_backups,
    update_backup_settings,
)
from spplus_desk.services.desk import Desk
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    named_button,
    note_label,
    scrolled_with_footer,
    shortcut_tip,
    show_problem,
    tab_chain,
)
from spplus_desk.ui.rows_model import RowsModel

TITLE = "Sauvegardes"


def ask_folder(parent: QWidget, start: str) -> str | None:
    """The folder the person chooses; None when they cancel (replaced in tests)."""
    chosen = QFileDialog.getExistingDirectory(
        parent, parent.tr("Choisir le dossier des sauvegardes"), start
    )
    return chosen or None


def open_backups_dialog(parent: QWidget, desk: Desk, login: str) -> BackupsDialog | None:
    """The dialog, or (not an admin, a server's database) the reason in a message."""
    try:
        settings = backup_settings(desk, login=login)
    except UserError as error:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            parent.tr(TITLE),
            error.message,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.open()  # non-blocking: tests and screen readers keep control
        return None
    return BackupsDialog(desk, login, settings, parent)


class BackupsModel(RowsModel):
    def __init__(self) -> None:
        super().__init__(
            [
                ("Date", lambda entry: taken_text(entry.taken)),
                ("Type", lambda entry: label_text(entry.label)),
                ("Taille", lambda entry: size_text(entry.size)),
                ("Fichier", lambda entry: entry.name),
            ]
        )

    def item(self, row: int) -> BackupEntry:
        entry: BackupEntry = super().item(row)
        return entry


class BackupsDialog(QDialog):
    def __init__(
        self, desk: Desk, login: str, settings: BackupSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk, self._login, self._settings = desk, login, settings
        self._busy = False
        self.setWindowTitle(self.tr(TITLE))
        self.setAccessibleName(self.tr(TITLE))

        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName(self.tr("Dossier des sauvegardes"))
        self.folder_edit.setPlaceholderText(
            self.tr("Vide : %1").replace("%1", settings.default_folder)
        )
        self.folder_edit.setToolTip(
            self.tr("Un dossier local ou un partage réseau ; vide : à côté de la base")
        )
        folder_label = QLabel(self.tr("&Dossier des sauvegardes :"))
        folder_label.setBuddy(self.folder_edit)
        shortcut_tip(self.folder_edit, folder_label.text())
        self.browse_button = named_button(
            self.tr("&Parcourir…"), self.tr("Choisir le dossier des sauvegardes")
        )
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.folder_error = message_label(self.tr("Dossier refusé"))

        self.daily_spin = self._spin(MIN_DAILY, MAX_DAILY, "Sauvegardes quotidiennes gardées")
        daily_label = QLabel(self.tr("Sauvegardes &quotidiennes gardées :"))
        daily_label.setBuddy(self.daily_spin)
        shortcut_tip(self.daily_spin, daily_label.text())
        self.monthly_spin = self._spin(MIN_MONTHLY, MAX_MONTHLY, "Sauvegardes mensuelles gardées")
        monthly_label = QLabel(self.tr("Sauvegardes &mensuelles gardées :"))
        monthly_label.setBuddy(self.monthly_spin)
        shortcut_tip(self.monthly_spin, monthly_label.text())

        self.model = BackupsModel()
        self.table = self._table()
        table_label = QLabel(self.tr("&Liste des sauvegardes du dossier :"))
        table_label.setBuddy(self.table)
        shortcut_tip(self.table, table_label.text())
        self.listing_label = QLabel()
        self.listing_label.setWordWrap(True)
        self.listing_label.setAccessibleName(self.tr("État de la liste des sauvegardes"))

        self.error_label = message_label(self.tr("Enregistrement refusé"))
        self.status_label = confirmation_label()
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer les réglages"), self.tr("Ctrl+S")
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_button_clicked)
        self.close_button = named_button(
            self.tr("Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)

        self._lay_out(folder_label, daily_label, monthly_label, table_label)
        self._show(settings)
        self.folder_edit.setFocus()
        fit_to_screen(self, 120, 36)
        self._read_folder()

    def _spin(self, low: int, high: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setAccessibleName(self.tr(name))
        return spin

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Sauvegardes présentes dans le dossier"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        return table

    def _lay_out(self, *labels: QLabel) -> None:
        folder_label, daily_label, monthly_label, table_label = labels
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, stretch=1)
        folder_row.addWidget(self.browse_button)
        counts = QGridLayout()
        counts.addWidget(daily_label, 0, 0)
        counts.addWidget(self.daily_spin, 0, 1)
        counts.addWidget(monthly_label, 1, 0)
        counts.addWidget(self.monthly_spin, 1, 1)
        counts.setColumnStretch(2, 1)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(
            note_label(
                self.tr(
                    "SP+ Desk copie la base à la première ouverture de chaque journée et "
                    "avant chaque mise à jour. Il garde la plus récente de chacun des "
                    "derniers jours qui en ont une, et la première de chacun des derniers "
                    "mois ; il ne touche à aucun autre fichier du dossier."
                )
            )
        )
        column.addWidget(folder_label)
        column.addLayout(folder_row)
        column.addWidget(self.folder_error)
        column.addLayout(counts)
        column.addWidget(table_label)
        column.addWidget(self.table, stretch=1)
        column.addWidget(self.listing_label)
        column.addWidget(self.error_label)
        column.addWidget(self.status_label)
        scrolled_with_footer(self, content, self.save_button, self.close_button)
        tab_chain(
            [
                self.folder_edit,
                self.browse_button,
                self.daily_spin,
                self.monthly_spin,
                self.table,
                self.save_button,
                self.close_button,
            ]
        )

    # Slots

    def _on_browse_button_clicked(self) -> None:
        chosen = ask_folder(self, self.folder_edit.text() or self._settings.effective_folder)
        if chosen is not None:
            self.folder_edit.setText(chosen)
        self.folder_edit.setFocus()

    def _on_save_button_clicked(self) -> None:
        if self._busy:
            return  # one save at a time
        self._busy = True
        self.save_button.setEnabled(False)
        show_problem(self.folder_error, self.folder_edit, None)
        show_problem(self.error_label, self.save_button, None)
        self.status_label.setText(self.tr("Enregistrement…"))
        self.status_label.show()
        desk, login, version = self._desk, self._login, self._settings.version
        folder, daily = self.folder_edit.text(), self.daily_spin.value()
        monthly = self.monthly_spin.value()

        def save() -> BackupSettings:
            return update_backup_settings(
                desk, login=login, version=version, folder=folder, daily=daily, monthly=monthly
            )

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if isValid(self):
                self._refuse(error)

        run_in_background(save, self._saved, failed)

    # Work

    def _saved(self, settings: BackupSettings) -> None:
        if not isValid(self):
            return  # closed meanwhile: the settings are saved
        self._busy = False
        self.save_button.setEnabled(True)
        self._settings = settings
        self._show(settings)
        self.status_label.setText(
            self.tr("Réglages enregistrés : les sauvegardes vont dans %1.").replace(
                "%1", settings.effective_folder
            )
        )
        self._read_folder()

    def _refuse(self, error: UserError) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.status_label.setText(self.tr("Rien n'a été enregistré."))
        if isinstance(error, ConflictError):
            # Someone saved meanwhile: the next « Enregistrer » applies what is typed here
            # to the version saved now.
            current = backup_settings(self._desk, login=self._login)
            self._settings = current
            show_problem(self.error_label, self.save_button, error.message)
            self.save_button.setFocus()
            return
        show_problem(self.folder_error, self.folder_edit, error.message)
        self.folder_edit.setFocus()

    def _read_folder(self) -> None:
        self.listing_label.setText(self.tr("Lecture du dossier…"))
        desk, login = self._desk, self._login

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error
            if isValid(self):
                self.listing_label.setText(error.message)

        run_in_background(lambda: list_backups(desk, login=login), self._show_listing, failed)

    def _show_listing(self, listing: BackupListing) -> None:
        if not isValid(self):
            return
        self.model.set_rows(listing.backups)
        if listing.problem is not None:
            text = listing.problem
        elif not listing.backups:
            text = self.tr("Aucune sauvegarde dans %1 pour l'instant.")
        else:
            text = self.tr("%2 dans %1, la plus récente en premier.").replace(
                "%2", count_text(len(listing.backups), "sauvegarde", "sauvegardes")
            )
        self.listing_label.setText(text.replace("%1", str(listing.folder)))

    def _show(self, settings: BackupSettings) -> None:
        self.folder_edit.setText(settings.folder)
        self.daily_spin.setValue(settings.daily)
        self.monthly_spin.setValue(settings.monthly)
