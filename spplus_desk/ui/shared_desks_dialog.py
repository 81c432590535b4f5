"""« Postes partagés » (Gestion menu): after how many idle minutes every desk locks
itself, and the agents' PINs an administrator may remove (a forgotten PIN). Both are
administrators' settings: the services refuse anyone else, and the refusal is shown
under the part it is about, what was typed kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.service import AgentInfo
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.sign_in import (
    MAX_AUTO_LOCK_MINUTES,
    set_auto_lock,
    set_pin,
    shared_desk_settings,
    sign_in_choices,
)
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

_AGENT = Qt.ItemDataRole.UserRole


class SharedDesksDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk, self._login = desk, login
        self._version = 0
        title = self.tr("Postes partagés")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        lock_box = QGroupBox(self.tr("Verrouillage automatique"))
        lock_form = QFormLayout(lock_box)
        lock_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setAccessibleName(self.tr("Minutes d'inactivité avant le verrouillage"))
        self.minutes_spin.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.minutes_spin.setSpecialValueText(self.tr("Jamais"))
        self.minutes_spin.setSuffix(self.tr(" min"))
        minutes_label = QLabel(self.tr("&Verrouiller après :"))
        minutes_label.setBuddy(self.minutes_spin)
        shortcut_tip(self.minutes_spin, minutes_label.text())
        lock_form.addRow(minutes_label, self.minutes_spin)
        lock_form.addRow(
            note_label(
                self.tr(
                    "Sans clavier ni souris pendant ce temps, chaque poste cache le journal "
                    "et demande le code PIN de l'agent (0 : jamais). Les autres postes "
                    "appliquent le réglage à leur prochaine connexion."
                )
            )
        )
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer le délai de verrouillage")
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        lock_form.addRow("", self.save_button)
        self.lock_error = message_label(self.tr("Réglage refusé"))
        lock_form.addRow(self.lock_error)

        pin_box = QGroupBox(self.tr("Codes PIN des agents"))
        pin_column = QVBoxLayout(pin_box)
        self.pin_list = QListWidget()
        self.pin_list.setAccessibleName(self.tr("Agents qui ont un code PIN"))
        self.pin_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        pin_label = QLabel(self.tr("A&gents ayant un code PIN :"))
        pin_label.setBuddy(self.pin_list)
        shortcut_tip(self.pin_list, pin_label.text())
        self.remove_button = named_button(
            self.tr("&Retirer son code PIN"), self.tr("Retirer le code PIN de l'agent choisi")
        )
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.pin_error = message_label(self.tr("Retrait refusé"))
        pin_column.addWidget(pin_label)
        pin_column.addWidget(self.pin_list)
        pin_column.addWidget(
            note_label(
                self.tr(
                    "Un code PIN oublié se retire ici ; l'agent en choisit un nouveau "
                    "dans Fichier › Mon code PIN. Nul ne choisit le code d'un autre."
                )
            )
        )
        pin_column.addWidget(self.remove_button, alignment=Qt.AlignmentFlag.AlignRight)
        pin_column.addWidget(self.pin_error)

        self.status_label = confirmation_label()
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.accept)
        content = QWidget()
        column = QVBoxLayout(content)
        for widget in (lock_box, pin_box, self.status_label):
            column.addWidget(widget)
        scrolled_with_footer(self, content, self.close_button)
        tab_chain(
            [
                self.minutes_spin,
                self.save_button,
                self.pin_list,
                self.remove_button,
                self.close_button,
            ]
        )
        self._read_minutes()
        self._read_pins()
        self.minutes_spin.setFocus()
        fit_to_screen(self, 70, 30)

    def _read_minutes(self) -> None:
        settings = shared_desk_settings(self._desk)
        self._version = settings.version
        self.minutes_spin.setValue(settings.auto_lock_minutes)

    def _read_pins(self) -> None:
        self.pin_list.clear()
        for choice in sign_in_choices(self._desk):
            if choice.has_pin:
                item = QListWidgetItem(choice.agent.name)
                item.setData(_AGENT, choice.agent)
                self.pin_list.addItem(item)
        self.pin_list.setCurrentRow(0)
        self.remove_button.setEnabled(self.pin_list.count() > 0)

    def _on_save_button_clicked(self) -> None:
        minutes = self.minutes_spin.value()
        try:
            saved = set_auto_lock(
                self._desk, login=self._login, version=self._version, minutes=minutes
            )
        except ConflictError as error:
            # The version saved meanwhile is read; what was typed stays: saving again
            # applies it, knowingly.
            self._version = shared_desk_settings(self._desk).version
            say(self.lock_error, error.message)
            self.minutes_spin.setFocus()
            return
        except UserError as error:
            say(self.lock_error, error.message)
            self.minutes_spin.setFocus()
            return
        say(self.lock_error, None)
        self._version = saved.version
        self._tell(
            self.tr("Verrouillage automatique : jamais.")
            if saved.auto_lock_minutes == 0
            else self.tr("Verrouillage automatique après %1 min.").replace(
                "%1", str(saved.auto_lock_minutes)
            )
        )

    def _on_remove_button_clicked(self) -> None:
        if self.pin_list.currentRow() < 0:
            return
        agent: AgentInfo = self.pin_list.currentItem().data(_AGENT)
        me = find_agent(self._desk, self._login)
        if me is not None and me.id == agent.id:
            # One's own PIN goes only with the current one typed, which this list cannot ask.
            say(
                self.pin_error,
                self.tr(
                    "C'est votre propre code PIN : changez-le ou retirez-le dans Fichier › "
                    "Mon code PIN…, en tapant votre code actuel."
                ),
            )
            self.pin_list.setFocus()
            return
        try:
            set_pin(self._desk, login=self._login, agent_id=agent.id, pin=None)
        except UserError as error:
            say(self.pin_error, error.message)
            self.pin_list.setFocus()
            return
        say(self.pin_error, None)
        self._read_pins()
        self._tell(self.tr("Le code PIN de %1 est retiré.").replace("%1", agent.name))
        self.pin_list.setFocus()

    def _tell(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.show()
