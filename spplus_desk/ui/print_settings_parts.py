"""Parts of the « Affiches et documents » dialog: the service's local engagements under
the referential's, the logo with its preview, and the paths of the service's own font.

Each part only shows and gives back values; the dialog asks for files and saves. A part
reaches nothing above it (no Python reference to the dialog: see ``manage_menu``).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.documents import MAX_ENGAGEMENT_LENGTH, MAX_LOCAL_ENGAGEMENTS
from spplus_desk.domain.formatting import format_int
from spplus_desk.services.referential import Referential
from spplus_desk.ui.contact_widgets import (
    message_label,
    named_button,
    note_label,
    shortcut_tip,
    show_problem,
)


class EngagementsEditor(QGroupBox):
    """The referential's engagements (read only) and the service's own, in print order.

    The field below the list edits the engagement chosen in the list as it is typed, so
    the list always shows, word for word, what the poster will print."""

    def __init__(self, referential: Referential | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Engagements de l'affiche"), parent)
        common = QLabel(self._referential_text(referential))
        common.setWordWrap(True)
        common.setTextFormat(Qt.TextFormat.PlainText)
        common.setAccessibleName(self.tr("Engagements du référentiel, imprimés tels quels"))

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Nos engagements locaux"))
        self.list.setToolTip(self.tr("Nos engagements locaux, dans l'ordre de l'affiche"))
        self.list.setWordWrap(True)  # a 200-character engagement is read whole
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        list_label = QLabel(
            self.tr("Nos engagements &locaux (%1 au plus, imprimés après ceux-ci) :").replace(
                "%1", str(MAX_LOCAL_ENGAGEMENTS)
            )
        )
        list_label.setWordWrap(True)
        list_label.setBuddy(self.list)
        shortcut_tip(
            self.list,
            list_label.text(),
            self.tr("Inser : ajouter, F2 : modifier, Suppr : retirer, Alt+Haut ou Bas : déplacer"),
        )
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.activated.connect(self._on_modify_button_clicked)  # Entrée, double clic

        self.edit = QLineEdit()
        self.edit.setMaxLength(MAX_ENGAGEMENT_LENGTH)
        self.edit.setAccessibleName(self.tr("Texte de l'engagement choisi"))
        self.edit.setPlaceholderText(
            self.tr("ex. Vous êtes reçus sans rendez-vous le samedi matin")
        )
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.returnPressed.connect(self.list.setFocus)  # done: back to the list
        edit_label = QLabel(self.tr("Te&xte de l'engagement choisi :"))
        edit_label.setBuddy(self.edit)
        shortcut_tip(self.edit, edit_label.text(), self.tr("Entrée : revenir à la liste"))
        self.counter = QLabel()
        self.counter.setAccessibleName(self.tr("Nombre de caractères de l'engagement"))

        self.add_button = named_button(
            self.tr("&Ajouter"), self.tr("Ajouter un engagement local"), self.tr("Inser")
        )
        self.modify_button = named_button(
            self.tr("&Modifier"),
            self.tr("Modifier l'engagement choisi"),
            self.tr("F2 ou Entrée dans la liste"),
        )
        self.remove_button = named_button(
            self.tr("Re&tirer"), self.tr("Retirer l'engagement choisi"), self.tr("Suppr")
        )
        self.up_button = named_button(
            self.tr("M&onter"), self.tr("Monter l'engagement choisi"), self.tr("Alt+Haut")
        )
        self.down_button = named_button(
            self.tr("&Descendre"), self.tr("Descendre l'engagement choisi"), self.tr("Alt+Bas")
        )
        self.error_label = message_label(self.tr("Problème sur les engagements"))
        buttons = QVBoxLayout()
        for button, key, slot in (
            (self.add_button, "Ins", self._on_add_button_clicked),
            (self.modify_button, "F2", self._on_modify_button_clicked),
            (self.remove_button, "Del", self._on_remove_button_clicked),
            (self.up_button, "Alt+Up", self._on_up_button_clicked),
            (self.down_button, "Alt+Down", self._on_down_button_clicked),
        ):
            button.clicked.connect(slot)
            # The keys act while the list has the focus.
            QShortcut(QKeySequence(key), self.list, slot, Qt.ShortcutContext.WidgetShortcut)
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(common, 0, 0, 1, 2)
        grid.addWidget(list_label, 1, 0, 1, 2)
        grid.addWidget(self.list, 2, 0)
        grid.addLayout(buttons, 2, 1)
        grid.addWidget(edit_label, 3, 0, 1, 2)
        grid.addWidget(self.edit, 4, 0, 1, 2)
        grid.addWidget(self.counter, 5, 0, 1, 2)
        grid.addWidget(self.error_label, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self._follow_choice()

    def _referential_text(self, referential: Referential | None) -> str:
        if referential is None:
            return self.tr("Aucun référentiel d'engagements n'est choisi pour le service.")
        lines = [f"{number}. {text}" for number, text in enumerate(referential.engagements, 1)]
        heading = self.tr("Engagements communs (%1), imprimés mot pour mot :").replace(
            "%1", referential.title
        )
        return "\n".join([heading, *lines])

    def controls(self) -> list[QWidget]:
        """In the order of the form as read (the dialog's tab chain)."""
        buttons = (self.add_button, self.modify_button, self.remove_button)
        return [self.list, *buttons, self.up_button, self.down_button, self.edit]

    # Values

    def set_engagements(self, engagements: tuple[str, ...]) -> None:
        self.list.clear()
        for text in engagements:
            self.list.addItem(self._item(text))
        self.list.setCurrentRow(0 if engagements else -1)
        self._follow_choice()

    def engagements(self) -> tuple[str, ...]:
        """As the services take them: blank lines left out."""
        texts = (self.list.item(row).text().strip() for row in range(self.list.count()))
        return tuple(text for text in texts if text)

    def refuse(self, message: str | None) -> None:
        show_problem(self.error_label, self.list, message)

    # Slots

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Entrée in the list or the field is theirs: it must not reach the dialog, where
        # it would save.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_add_button_clicked(self) -> None:
        if self.list.count() >= MAX_LOCAL_ENGAGEMENTS:
            self.refuse(
                self.tr(
                    "%1 engagements locaux au plus : retirez-en un avant d'en ajouter un autre."
                ).replace("%1", str(MAX_LOCAL_ENGAGEMENTS))
            )
            self.list.setFocus()
            return
        self.refuse(None)
        self.list.addItem(self._item(""))
        self.list.setCurrentRow(self.list.count() - 1)
        self.edit.setFocus()

    def _on_modify_button_clicked(self) -> None:
        if self.list.currentItem() is None:
            self._ask_to_choose()
            return
        self.edit.setFocus()
        self.edit.end(False)

    def _on_remove_button_clicked(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            self._ask_to_choose()
            return
        self.refuse(None)
        self.list.takeItem(row)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.setFocus()

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_list_current_row_changed(self, _row: int) -> None:
        self._follow_choice()

    def _on_edit_text_edited(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            item.setText(text)
        self._count()

    # State

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setToolTip(self.tr("Imprimé tel quel sur l'affiche"))
        return item

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return  # already first or last: nothing to move
        self.list.insertItem(target, self.list.takeItem(row))
        self.list.setCurrentRow(target)
        self.list.setFocus()

    def _ask_to_choose(self) -> None:
        self.refuse(self.tr("Choisissez d'abord un engagement dans la liste."))
        self.list.setFocus()

    def _follow_choice(self) -> None:
        """The field holds the chosen engagement; with none chosen, there is nothing to
        type into nor to act on."""
        item = self.list.currentItem()
        self.edit.setText(item.text() if item is not None else "")
        self.edit.setEnabled(item is not None)
        for button in (self.modify_button, self.remove_button):
            button.setEnabled(item is not None)
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)
        self._count()

    def _count(self) -> None:
        self.counter.setText(
            self.tr("%1 / %2 caractères")
            .replace("%1", format_int(len(self.edit.text())))
            .replace("%2", format_int(MAX_ENGAGEMENT_LENGTH))
        )


class LogoPicker(QGroupBox):
    """The logo printed at the top of the posters and the receipts, as a preview; the
    dialog asks for the file and the services check it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Logo"), parent)
        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Aperçu du logo"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lines = self.fontMetrics().lineSpacing()
        self.preview.setMinimumSize(lines * 8, lines * 4)  # room for a logo, at any size
        self.choose_button = named_button(
            self.tr("&Choisir un logo…"), self.tr("Choisir le fichier du logo (PNG ou JPEG)")
        )
        self.remove_button = named_button(
            self.tr("Ret&irer le logo"), self.tr("Ne plus imprimer de logo")
        )
        self.error_label = message_label(self.tr("Problème sur le logo"))
        note = note_label(
            self.tr(
                "Une image PNG ou JPEG de 2 Mo au plus, imprimée en haut des affiches et des "
                "accusés de réception."
            )
        )
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview, stretch=1)
        row.addLayout(buttons)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(note)
        column.addWidget(self.error_label)

    def controls(self) -> list[QWidget]:
        return [self.choose_button, self.remove_button]

    def show_logo(self, data: bytes | None) -> bool:
        """Show ``data``, or say there is no logo; False when the image cannot be read
        (the preview then keeps what it showed)."""
        if data is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Aucun logo"))
            self.remove_button.setEnabled(False)
            return True
        pixmap = QPixmap()
        if not pixmap.loadFromData(QByteArray(data)):
            return False
        box = self.preview.minimumSize()
        self.preview.setPixmap(
            pixmap.scaled(
                box,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.remove_button.setEnabled(True)
        return True

    def refuse(self, message: str | None) -> None:
        show_problem(self.error_label, self.choose_button, message)


class FontFields(QGroupBox):
    """The service's own TrueType files (the State's Marianne, for the services entitled
    to it); empty fields: the font shipped with the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Police des documents"), parent)
        note = note_label(
            self.tr(
                "Par défaut, les documents sont imprimés en DejaVu Sans, fournie avec "
                "l'application. Un service autorisé à utiliser la police de l'État "
                "(Marianne) peut choisir ici ses fichiers TrueType (.ttf) : ils doivent "
                "être lisibles depuis chaque poste qui imprime (un chemin réseau convient, "
                "par exemple \\\\serveur\\polices\\Marianne-Regular.ttf)."
            )
        )
        grid = QGridLayout(self)
        grid.addWidget(note, 0, 0, 1, 3)
        self.regular_edit, self.regular_button = self._row(
            grid, 1, self.tr("Police &normale :"), self.tr("police normale")
        )
        self.bold_edit, self.bold_button = self._row(
            grid, 2, self.tr("Police &grasse :"), self.tr("police grasse")
        )
        self.default_button = named_button(
            self.tr("Police &fournie (DejaVu Sans)"),
            self.tr("Revenir à la police fournie, DejaVu Sans"),
        )
        self.default_button.clicked.connect(self._on_default_button_clicked)
        grid.addWidget(self.default_button, 3, 1, Qt.AlignmentFlag.AlignLeft)
        self.error_label = message_label(self.tr("Problème sur la police"))
        grid.addWidget(self.error_label, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)

    def _row(
        self, grid: QGridLayout, row: int, text: str, what: str
    ) -> tuple[QLineEdit, QPushButton]:
        edit = QLineEdit()
        edit.setAccessibleName(self.tr("Fichier de la %1").replace("%1", what))
        edit.setPlaceholderText(self.tr("DejaVu Sans, fournie"))
        label = QLabel(text)
        label.setBuddy(edit)
        shortcut_tip(edit, text)
        button = named_button(
            self.tr("Choisir…"), self.tr("Choisir le fichier de la %1").replace("%1", what)
        )
        grid.addWidget(label, row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(button, row, 2)
        return edit, button

    def controls(self) -> list[QWidget]:
        return [
            self.regular_edit,
            self.regular_button,
            self.bold_edit,
            self.bold_button,
            self.default_button,
        ]

    def set_fonts(self, regular: str, bold: str) -> None:
        self.regular_edit.setText(regular)
        self.bold_edit.setText(bold)

    def fonts(self) -> tuple[str, str]:
        return self.regular_edit.text().strip(), self.bold_edit.text().strip()

    def refuse(self, message: str | None) -> None:
        show_problem(self.error_label, self.regular_edit, message)

    def _on_default_button_clicked(self) -> None:
        self.set_fonts("", "")
        self.regular_edit.setFocus()
