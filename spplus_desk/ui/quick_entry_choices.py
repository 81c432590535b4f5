"""What a contact was: its channel (F2–F9), motif, outcome (Ctrl+1–4) and, for the
outcomes that need one, the kind of request or the partner the person is sent to."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.labels import CHANNEL_LABELS, OUTCOME_LABELS
from spplus_desk.services.choice_lists import MOTIFS, PARTNERS, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import RequestKindInfo, list_request_kinds
from spplus_desk.ui.choice_combo import ChoiceCombo, data_index
from spplus_desk.ui.contact_widgets import in_columns, shortcut_tip

CHANNEL_KEYS: dict[Channel, str] = {
    Channel.COUNTER: "F2",
    Channel.PHONE: "F3",
    Channel.LETTER: "F4",
    Channel.EMAIL: "F5",
    Channel.ONLINE_FORM: "F6",
    Channel.APPOINTMENT_ONSITE: "F7",
    Channel.APPOINTMENT_PHONE: "F8",
    Channel.APPOINTMENT_VIDEO: "F9",
}
# The outcomes an agent chooses; missed and abandoned calls have their own keys.
CHOSEN_OUTCOMES = (
    ContactOutcome.IMMEDIATE_ANSWER,
    ContactOutcome.REQUEST_OPENED,
    ContactOutcome.REDIRECTED,
    ContactOutcome.CALLBACK_PROMISED,
)


class InputProblemError(UserError):
    """A message about one field of the form, which gets the focus."""

    def __init__(self, message: str, field: QWidget) -> None:
        super().__init__(message)
        self.field = field


class ContactChoices(QWidget):
    channel_chosen = Signal()  # by its key (F2–F9) or the arrows: the contact has begun
    channel_changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._kinds: list[RequestKindInfo] = []
        self.channel_buttons: dict[Channel, QRadioButton] = {}
        self.channel_group = QButtonGroup(self)
        self.channels_box = QGroupBox(self.tr("Canal"))
        grid = QGridLayout(self.channels_box)
        for channel, key in CHANNEL_KEYS.items():
            label = CHANNEL_LABELS[channel]
            button = QRadioButton(f"{label} ({key})")
            button.setAccessibleName(self.tr("Canal : %1").replace("%1", label))
            button.setToolTip(self.tr("%1 (%2)").replace("%1", label).replace("%2", key))
            self.channel_group.addButton(button)
            self.channel_buttons[channel] = button
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda c=channel: self.choose_channel(c))
        in_columns(list(self.channel_buttons.values()), grid)
        self.channel_buttons[Channel.COUNTER].setChecked(True)
        self.channel_group.buttonToggled.connect(self._on_channel_toggled)

        self.motif_combo = ChoiceCombo(self.tr("Motif du contact"))
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(self.tr("Suite donnée au contact"))
        self.outcome_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.outcome_combo.setMinimumContentsLength(18)
        for number, outcome in enumerate(CHOSEN_OUTCOMES, start=1):
            self.outcome_combo.addItem(f"{OUTCOME_LABELS[outcome]} (Ctrl+{number})", outcome)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda o=outcome: self.choose_outcome(o))
        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Type de demande enregistrée"))
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(18)
        self.partner_combo = ChoiceCombo(self.tr("Service ou partenaire vers lequel orienter"))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field in (
            ("&Motif :", self.motif_combo),
            ("&Suite donnée :", self.outcome_combo),
            ("&Type de demande :", self.kind_combo),
            ("&Orienté vers :", self.partner_combo),
        ):
            field_label = QLabel(self.tr(text))
            field_label.setBuddy(field)
            shortcut_tip(field, field_label.text())
            form.addRow(field_label, field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.channels_box)
        layout.addLayout(form)
        self.reload()
        self._on_outcome_changed()

    def tab_chain(self) -> list[QWidget]:
        return [
            *self.channel_buttons.values(),
            self.motif_combo,
            self.outcome_combo,
            self.kind_combo,
            self.partner_combo,
        ]

    def reload(self) -> None:
        """Motifs, partners and kinds of request as the service's lists now stand."""
        self.motif_combo.set_choices((c.id, c.label) for c in list_choices(self._desk, MOTIFS))
        self.partner_combo.set_choices((c.id, c.label) for c in list_choices(self._desk, PARTNERS))
        self._kinds = list_request_kinds(self._desk)
        self._fill_kinds()

    def channel(self) -> Channel:
        for channel, button in self.channel_buttons.items():
            if button.isChecked():
                return channel
        return Channel.COUNTER

    def outcome(self) -> ContactOutcome:
        # Qt hands a StrEnum back as its plain string.
        data = self.outcome_combo.currentData()
        return ContactOutcome(data) if data else ContactOutcome.IMMEDIATE_ANSWER

    def choose_channel(self, channel: Channel) -> None:
        if not self.isEnabled():
            return
        self.channel_buttons[channel].setChecked(True)
        self.channel_buttons[channel].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.channel_chosen.emit()

    def choose_outcome(self, outcome: ContactOutcome) -> None:
        if not self.isEnabled():
            return
        self.outcome_combo.setCurrentIndex(data_index(self.outcome_combo, outcome))
        self.outcome_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reset(self) -> None:
        """Ready for the next contact; the channel stays (an agent's contacts mostly
        come by the same one)."""
        self.motif_combo.reset()
        self.outcome_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(-1)
        self.partner_combo.reset()

    def is_blank(self) -> bool:
        """Nothing chosen for a new contact (the channel is kept from the last one)."""
        chosen = self.motif_combo.text() or self.partner_combo.text()
        return not chosen and self.outcome_combo.currentIndex() == 0

    def motif_id(self) -> uuid.UUID | None:
        if not self.motif_combo.text():
            return None
        motif_id = self.motif_combo.choice_id()
        if motif_id is None:
            raise InputProblemError(
                self.tr(
                    "Le motif « %1 » n'est pas dans la liste du service : choisissez-en "
                    "un proposé (un responsable peut compléter la liste)."
                ).replace("%1", self.motif_combo.text()),
                self.motif_combo,
            )
        return motif_id

    def kind_id(self) -> uuid.UUID | None:
        if self.outcome() is not ContactOutcome.REQUEST_OPENED:
            return None
        kind_id = self.kind_combo.currentData()
        if not isinstance(kind_id, uuid.UUID):
            raise InputProblemError(self.tr("Choisissez le type de demande."), self.kind_combo)
        return kind_id

    def redirected_to(self) -> str:
        """The list's spelling when the partner is listed, else the words typed."""
        if self.outcome() is not ContactOutcome.REDIRECTED:
            return ""
        partner = self.partner_combo.label_of_text() or self.partner_combo.text()
        if not partner:
            raise InputProblemError(
                self.tr("Indiquez vers quel service ou partenaire la personne est orientée."),
                self.partner_combo,
            )
        return partner

    def _fill_kinds(self) -> None:
        chosen = self.kind_combo.currentData()
        self.kind_combo.clear()
        for kind in self._kinds:
            if kind.offered_on(self.channel()):
                self.kind_combo.addItem(f"{kind.label} — {kind.delay}", kind.id)
        self.kind_combo.setCurrentIndex(data_index(self.kind_combo, chosen))

    def _on_channel_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return  # the button left; the one chosen follows
        self._fill_kinds()
        self.channel_changed.emit()
        self.channel_chosen.emit()

    def _on_outcome_changed(self) -> None:
        outcome = self.outcome()
        self.kind_combo.setEnabled(outcome is ContactOutcome.REQUEST_OPENED)
        self.partner_combo.setEnabled(outcome is ContactOutcome.REDIRECTED)
