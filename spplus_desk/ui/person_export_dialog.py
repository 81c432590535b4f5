"""« Droit d'accès : exporter les données d'une personne » (Gestion, leads and
administrators): find the person, pick them among the people found, and save
everything the service holds about them as a PDF and a JSON file.

The search runs in the background on Enter; the people found are listed with their
phone and e-mail masked, and the arrow keys pick one. The list always belongs to the
query it was found for: typing anything else empties it, so an export never goes to a
namesake of the person now asked about. The export (Ctrl+S) asks where to save the PDF
— the JSON goes beside it — and is audited by the service.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.person_search import Identity
from spplus_desk.services.desk import Desk
from spplus_desk.services.journal import service_today
from spplus_desk.services.person_export import (
    SavedExport,
    find_people,
    save_person_export,
    suggested_file_name,
)
from spplus_desk.ui.background import run_in_background
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
from spplus_desk.ui.pdf_print import ask_save_path, documents_folder

EXPLANATION = (
    "Tapez le nom et le prénom de la personne, son numéro de téléphone ou son adresse "
    "électronique, puis Entrée. Si plusieurs personnes correspondent, choisissez la bonne "
    "avec les flèches. Le PDF est à remettre à la personne ; le fichier JSON, écrit à côté, "
    "contient les mêmes données. Chaque export est inscrit au journal d'audit."
)


class PersonExportDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._generation = 0  # a search answered after another began is dropped
        self._searched = ""  # the query the list was found for
        self._busy = False
        title = self.tr("Droit d'accès : exporter les données d'une personne")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.query_edit = QLineEdit()
        self.query_edit.setAccessibleName(self.tr("Personne recherchée"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setPlaceholderText(self.tr("ex. Paul Martin, 06 12 34 56 78"))
        self.query_edit.setToolTip(self.tr("Nom et prénom, téléphone ou courriel, puis Entrée"))
        self.query_edit.returnPressed.connect(self._on_query_edit_return_pressed)
        self.query_edit.textEdited.connect(self._on_query_edit_text_edited)
        query_label = QLabel(self.tr("&Personne recherchée :"))
        query_label.setBuddy(self.query_edit)
        shortcut_tip(self.query_edit, query_label.text(), self.tr("Entrée : chercher"))
        self.message = message_label(self.tr("Message de la recherche"))
        self.people_list = QListWidget()
        self.people_list.setAccessibleName(self.tr("Personnes trouvées"))
        self.people_list.setToolTip(self.tr("La personne dont exporter les données ; flèches"))
        self.people_list.setWordWrap(True)
        self.people_list.currentRowChanged.connect(self._on_people_list_current_row_changed)
        people_label = QLabel(self.tr("Personnes &trouvées :"))
        people_label.setBuddy(self.people_list)
        shortcut_tip(self.people_list, people_label.text())
        self.status_label = confirmation_label()
        self.export_button = named_button(
            self.tr("&Exporter en PDF et JSON…"),
            self.tr("Exporter les données de la personne choisie en PDF et JSON"),
            self.tr("Ctrl+S"),
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_export_button_clicked)
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(note_label(self.tr(EXPLANATION)))
        for widget in (query_label, self.query_edit, self.message, people_label):
            column.addWidget(widget)
        column.addWidget(self.people_list, stretch=1)
        column.addWidget(self.status_label)
        scrolled_with_footer(self, content, self.export_button, self.close_button)
        tab_chain([self.query_edit, self.people_list, self.export_button, self.close_button])
        self.query_edit.setFocus()
        fit_to_screen(self, 90, 30)

    # Slots

    def _on_query_edit_text_edited(self, _text: str) -> None:
        """The list was found for another query: it goes, and the export with it."""
        self._generation += 1
        self._searched = ""
        self.people_list.clear()
        self.export_button.setEnabled(False)
        say(self.message, None)

    def _on_query_edit_return_pressed(self) -> None:
        self._generation += 1
        generation, query = self._generation, self.query_edit.text().strip()
        desk, login = self._desk, self._login
        self.people_list.clear()
        self.export_button.setEnabled(False)
        self.status_label.hide()
        self._inform(self.tr("Recherche…"))

        def done(people: tuple[Identity, ...]) -> None:
            if isValid(self) and generation == self._generation:
                self._show_people(query, people)

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if isValid(self) and generation == self._generation:
                say(self.message, error.message)

        run_in_background(lambda: find_people(desk, login=login, query=query), done, failed)

    def _on_people_list_current_row_changed(self, row: int) -> None:
        self.export_button.setEnabled(row >= 0 and not self._busy)

    def _on_export_button_clicked(self) -> None:
        identity = self.chosen()
        if identity is None or self._busy:
            return
        suggested = documents_folder() / suggested_file_name(identity, service_today(self._desk))
        path = ask_save_path(
            self,
            self.tr("Exporter les données concernant %1").replace("%1", identity.title),
            suggested,
            self.tr("Documents PDF (*.pdf)"),
        )
        if path is None:
            return
        self._export(identity, path)

    # Work

    def chosen(self) -> Identity | None:
        item = self.people_list.currentItem()
        if item is None or not self._searched:
            return None
        found = item.data(Qt.ItemDataRole.UserRole)
        return found if isinstance(found, Identity) else None

    def _show_people(self, query: str, people: tuple[Identity, ...]) -> None:
        self._searched = query
        for person in people:
            item = QListWidgetItem(person.text)
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.people_list.addItem(item)
        self.people_list.setCurrentRow(0)
        found = count_text(len(people), "personne trouvée", "personnes trouvées")
        if len(people) == 1:
            self._inform(self.tr("%1 : Ctrl+S pour exporter ses données.").replace("%1", found))
            self.export_button.setFocus()
        else:
            choose = self.tr("%1 : choisissez la bonne avec les flèches, puis Ctrl+S.")
            self._inform(choose.replace("%1", found))
            self.people_list.setFocus()

    def _inform(self, text: str) -> None:
        """A message that is no refusal: in the usual colour, without the warning sign."""
        say(self.message, None)
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()

    def _export(self, identity: Identity, path: Path) -> None:
        self._busy = True
        self.export_button.setEnabled(False)
        self.status_label.setText(self.tr("Export en cours…"))
        self.status_label.show()
        desk, login, query, key = self._desk, self._login, self._searched, identity.key

        def work() -> SavedExport:
            return save_person_export(desk, login=login, query=query, out=path, identity=key)

        def done(saved: SavedExport) -> None:
            if isValid(self):
                self._busy = False
                self.export_button.setEnabled(self.chosen() is not None)
                self.status_label.setText(
                    self.tr("Enregistré : %1 et %2.")
                    .replace("%1", saved.pdf.name)
                    .replace("%2", saved.json.name)
                )

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error
            if isValid(self):
                self._busy = False
                self.export_button.setEnabled(self.chosen() is not None)
                self.status_label.hide()
                say(self.message, error.message)

        run_in_background(work, done, failed)
