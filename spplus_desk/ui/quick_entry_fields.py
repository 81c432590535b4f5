"""Parts of the quick entry: the person, the needs, the counter visit's timing, the notes.

Each part checks what it holds as the agent leaves a field, and says what is wrong next
to it, in words (not only colour), so nothing is discovered at saving time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.clock_time import parse_clock
from spplus_desk.domain.contact import MAX_DURATION, ContactDraft
from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.enums import Channel, ContactOutcome, Need
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import clock_text, duration_text
from spplus_desk.domain.history import NOT_GIVEN
from spplus_desk.domain.labels import NEED_LABELS
from spplus_desk.domain.sensitive import find_sensitive, sensitive_warning
from spplus_desk.ui.contact_widgets import (
    check_line,
    in_columns,
    message_label,
    shortcut_tip,
    show_problem,
    side_by_side,
)
from spplus_desk.ui.quick_entry_choices import InputProblemError

NOTES_PAUSE_MS = 250
NOT_CALLED_YET = "Personne pas encore appelée (F12 : appeler le suivant)"


class PersonFields(QGroupBox):
    """Anonymous by default; name, phone and e-mail when the person gives them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("La personne (facultatif)"), parent)
        self.name_edit = self._edit("Nom de la personne", 200)
        self.phone_edit = self._edit("Téléphone de la personne", 32)
        self.email_edit = self._edit("Courriel de la personne", 254)
        self.phone_problem = message_label(self.tr("Problème de téléphone"))
        self.email_problem = message_label(self.tr("Problème de courriel"))
        self.phone_edit.editingFinished.connect(self.check_phone)
        self.email_edit.editingFinished.connect(self.check_email)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, edit in (
            ("&Nom :", self.name_edit),
            ("Télép&hone :", self.phone_edit),
            ("Co&urriel :", self.email_edit),
        ):
            label = QLabel(self.tr(text))
            label.setBuddy(edit)
            shortcut_tip(edit, label.text())
            form.addRow(label, edit)
            if edit is self.phone_edit:
                form.addRow(self.phone_problem)
            elif edit is self.email_edit:
                form.addRow(self.email_problem)

    def _edit(self, name: str, length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(self.tr(name))
        edit.setPlaceholderText(self.tr(NOT_GIVEN))
        edit.setMaxLength(length)
        return edit

    def check_phone(self) -> bool:
        return check_line(self.phone_edit, self.phone_problem, parse_phone)

    def check_email(self) -> bool:
        return check_line(self.email_edit, self.email_problem, parse_email)

    def first_invalid(self) -> QLineEdit | None:
        """The first field still wrong (its message is shown), or None."""
        if not self.check_phone():
            return self.phone_edit
        if not self.check_email():
            return self.email_edit
        return None

    def is_blank(self) -> bool:
        return not any(e.text() for e in (self.name_edit, self.phone_edit, self.email_edit))

    def clear(self) -> None:
        for edit in (self.name_edit, self.phone_edit, self.email_edit):
            edit.clear()
            edit.setAccessibleDescription("")
        for problem in (self.phone_problem, self.email_problem):
            problem.setVisible(False)


class NeedsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Besoins particuliers"), parent)
        self.boxes: dict[Need, QCheckBox] = {}
        for need, label in NEED_LABELS.items():
            box = QCheckBox(self.tr(label))
            box.setAccessibleName(self.tr("Besoin : %1").replace("%1", label))
            box.setToolTip(self.tr("%1 (Espace pour cocher ou décocher)").replace("%1", label))
            self.boxes[need] = box
        in_columns(list(self.boxes.values()), QGridLayout(self))

    def needs(self) -> Need:
        chosen = Need.NONE
        for need, box in self.boxes.items():
            if box.isChecked():
                chosen |= need
        return chosen

    def is_blank(self) -> bool:
        return self.needs() == Need.NONE

    def clear(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)


class VisitTiming(QGroupBox):
    """Arrival, the moment the person was called ("Appeler le suivant"), and duration."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Visite au guichet"), parent)
        self._zone = zone
        self.called_at: datetime | None = None
        # A line edit, not a QTimeEdit: "non notée" must be a state of its own, and
        # agents type « 9h30 » or « 0930 » from the ticket, faster than section keys.
        self.arrival_edit = QLineEdit()
        self.arrival_edit.setAccessibleName(self.tr("Heure d'arrivée de la personne"))
        self.arrival_edit.setPlaceholderText(self.tr("non notée (ex. 9h30)"))
        self.arrival_edit.setMaxLength(10)
        self.arrival_edit.setToolTip(
            self.tr("Heure d'arrivée (ticket, registre) : l'attente est mesurée, pas estimée")
        )
        self.arrival_problem = message_label(self.tr("Problème d'heure d'arrivée"))
        self.arrival_edit.editingFinished.connect(self.check_arrival)
        self.called_label = QLabel(
            self.tr("Personne pas encore appelée (F12 : appeler le suivant)")
        )
        self.called_label.setAccessibleName(self.tr("Appel de la personne et attente"))
        self.called_label.setWordWrap(True)
        self.duration_spin = QSpinBox()
        self.duration_spin.setAccessibleName(self.tr("Durée du contact en minutes"))
        self.duration_spin.setRange(0, int(MAX_DURATION.total_seconds() // 60))
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setSpecialValueText(self.tr("mesurée"))
        self.duration_spin.setToolTip(
            self.tr(
                "Laissez « mesurée » : la durée va de l'appel de la personne à l'enregistrement"
            )
        )
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        arrival_label = QLabel(self.tr("Arri&vée :"))
        arrival_label.setBuddy(self.arrival_edit)
        shortcut_tip(self.arrival_edit, arrival_label.text())
        duration_label = QLabel(self.tr("&Durée :"))
        duration_label.setBuddy(self.duration_spin)
        shortcut_tip(self.duration_spin, duration_label.text())
        form.addRow(arrival_label, self.arrival_edit)
        form.addRow(self.arrival_problem)
        form.addRow(self.called_label)
        form.addRow(duration_label, self.duration_spin)

    def check_arrival(self) -> bool:
        """The time typed, rewritten the French way (« 09 h 30 »), or a message."""
        return check_line(self.arrival_edit, self.arrival_problem, _clock_as_written)

    def arrived_at(self, now: datetime) -> datetime | None:
        """The arrival time as an instant, the last one at that hour before ``now`` (the
        moment the person was called), or None when it was not noted (or is wrong:
        ``check_arrival`` says so)."""
        text = self.arrival_edit.text().strip()
        try:
            value = parse_clock(text) if text else None
        except UserError:
            return None
        if value is None:
            return None
        arrived = datetime.combine(now.astimezone(self._zone).date(), value, self._zone)
        if arrived - now > timedelta(hours=12):
            arrived -= timedelta(days=1)  # « 23h30 » typed just after midnight: last night
        return arrived

    def instants(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """(arrival, call) of a counter visit saved ``now``, or an InputProblemError."""
        if not self.check_arrival():
            message = self.tr("Corrigez l'heure d'arrivée ou effacez-la.")
            raise InputProblemError(message, self.arrival_edit)
        called = self.called_at
        arrived = self.arrived_at(called or now)
        if arrived is not None and arrived > (called or now):
            message = (
                self.tr("L'heure d'arrivée est postérieure à l'appel de la personne : vérifiez-la.")
                if called
                else self.tr("L'heure d'arrivée est postérieure à l'heure actuelle : vérifiez-la.")
            )
            raise InputProblemError(message, self.arrival_edit)
        return arrived, called

    def call_next(self, now: datetime) -> None:
        self.called_at = now
        local = now.astimezone(self._zone)
        text = self.tr("Personne appelée à %1").replace("%1", clock_text(local.hour, local.minute))
        arrived = self.arrived_at(now)
        if arrived is not None and arrived <= now:
            wait = int((now - arrived).total_seconds())
            text += self.tr(" — attente %1").replace("%1", duration_text(wait))
        self.called_label.setText(text)

    def duration_seconds(self, started: datetime | None, now: datetime) -> int | None:
        """The minutes typed, else the time since the person was called (or since the
        entry began), capped at the longest contact the journal accepts; None when
        nothing tells."""
        if self.duration_spin.value() > 0:
            return self.duration_spin.value() * 60
        start = self.called_at or started
        if start is None:
            return None
        measured = now - start
        return int(min(max(measured, timedelta(0)), MAX_DURATION).total_seconds())

    def set_physical(self, physical: bool) -> None:
        """Arrival and waiting only mean something when the person is at the counter."""
        self.arrival_edit.setEnabled(physical)
        self.called_label.setEnabled(physical)

    def is_blank(self) -> bool:
        typed = self.arrival_edit.text() or self.duration_spin.value()
        return self.called_at is None and not typed

    def clear(self) -> None:
        self.called_at = None
        self.arrival_edit.clear()
        show_problem(self.arrival_problem, self.arrival_edit, None)
        self.called_label.setText(NOT_CALLED_YET)
        self.duration_spin.setValue(0)


class NotesField(QWidget):
    """Free text, with a live warning when it looks like sensitive data (CNIL's advice
    on comment fields). The warning never blocks saving: the agent decides."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(self.tr("Notes sur le contact"))
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(
            self.tr("Notes (Entrée : nouvelle ligne ; Ctrl+Entrée : enregistrer)")
        )
        self.edit.setToolTip(
            self.tr("Notez les faits utiles, sans données de santé ni numéros personnels")
        )
        lines = self.edit.fontMetrics().lineSpacing()
        self.edit.setMinimumHeight(lines * 3)
        self.edit.setMaximumHeight(lines * 6)
        self.warning = message_label(self.tr("Avertissement sur les notes"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTES_PAUSE_MS)
        self._timer.timeout.connect(self.check)
        self.edit.textChanged.connect(self._timer.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.warning)

    def check(self) -> None:
        self._timer.stop()
        show_problem(self.warning, self.edit, sensitive_warning(find_sensitive(self.text())))

    def text(self) -> str:
        return self.edit.toPlainText()

    def is_blank(self) -> bool:
        return not self.text()

    def clear(self) -> None:
        self.edit.clear()
        self.check()


class MissedCallBox(QGroupBox):
    """A call nobody could take, logged with one key; the number, when it is known, is
    what makes a promised callback possible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Appel manqué ou abandonné"), parent)
        self.callback_box = QCheckBox(self.tr("&Rappel promis"))
        self.callback_box.setAccessibleName(self.tr("Rappel promis pour l'appel manqué"))
        self.callback_box.setToolTip(self.tr("Le service rappellera la personne (Alt+R)"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setAccessibleName(self.tr("Numéro à rappeler"))
        self.phone_edit.setToolTip(self.tr("Numéro affiché ou laissé sur le répondeur"))
        self.phone_edit.setPlaceholderText(self.tr(NOT_GIVEN))
        self.phone_edit.setMaxLength(32)
        self.phone_problem = message_label(self.tr("Problème de numéro à rappeler"))
        self.phone_edit.editingFinished.connect(self.check_phone)
        self.missed_button = QPushButton(self.tr("Appel manqué (F11)"))
        self.missed_button.setAccessibleName(self.tr("Noter un appel manqué"))
        self.missed_button.setToolTip(self.tr("Noter un appel manqué (F11)"))
        self.abandoned_button = QPushButton(self.tr("Appel abandonné (Maj+F11)"))
        self.abandoned_button.setAccessibleName(self.tr("Noter un appel abandonné"))
        self.abandoned_button.setToolTip(
            self.tr("La personne a raccroché avant qu'un agent réponde (Maj+F11)")
        )
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.callback_box)
        phone_label = QLabel(self.tr("Numéro à rappeler :"))
        phone_label.setBuddy(self.phone_edit)
        form.addRow(phone_label, self.phone_edit)
        form.addRow(self.phone_problem)
        buttons = side_by_side([self.missed_button, self.abandoned_button])
        buttons.addWidget(self.missed_button)
        buttons.addWidget(self.abandoned_button)
        form.addRow(buttons)

    def check_phone(self) -> bool:
        return check_line(self.phone_edit, self.phone_problem, parse_phone)

    def draft(self, outcome: ContactOutcome) -> ContactDraft:
        """The call, on the phone channel; never a satisfaction: nobody to ask."""
        return ContactDraft(
            Channel.PHONE,
            outcome,
            person_phone=self.phone_edit.text(),
            callback_promised=self.callback_box.isChecked(),
        )

    def clear(self) -> None:
        self.callback_box.setChecked(False)
        self.phone_edit.clear()
        show_problem(self.phone_problem, self.phone_edit, None)


def _clock_as_written(text: str) -> str:
    value = parse_clock(text)
    return clock_text(value.hour, value.minute)
