"""The form of one kind of request: its name, channels, announced delay, what waiting
for the user does to the clock and the implicit decision its silence brings, with the
acknowledgement deadline its channels imply.

The catalogue dialog owns what the buttons do; the form shows a kind, gives back what
is typed, and puts a refusal next to the field it is about.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.delay import MAX_DELAY
from spplus_desk.domain.documents import (
    DEFAULT_IMPLICIT_MONTHS,
    IMPLICIT_DECISION_LABELS,
    MAX_IMPLICIT_MONTHS,
    ImplicitDecision,
)
from spplus_desk.domain.enums import Channel, DelayUnit, WaitPolicy
from spplus_desk.domain.labels import CHANNEL_LABELS, DELAY_UNIT_LABELS
from spplus_desk.domain.validation import MAX_NAME_LENGTH
from spplus_desk.services.request_kinds import NO_CHANNEL, RequestKindInfo, acknowledgement_text
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import message_label, named_button, shortcut_tip, show_problem

NEW_KIND_DELAY = 5  # a blank form proposes 5 jours ouvrés, the most common promise
# How the services' refusal of a number of months begins: shown next to the months.
IMPLICIT_PROBLEM = "Le délai de la décision implicite"


class KindValues(NamedTuple):
    """What the form holds, named as the services take it."""

    label: str
    channels: list[Channel]
    delay_amount: int
    delay_unit: DelayUnit
    wait_policy: WaitPolicy
    implicit_decision: ImplicitDecision
    implicit_months: int


class RequestKindForm(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Type de demande"), parent)
        self.form = QFormLayout(self)
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(self.tr("Nom du type de demande"))
        self.label_edit.setMaxLength(MAX_NAME_LENGTH)
        self.label_edit.setPlaceholderText(self.tr("ex. Permis de construire"))
        name_label = QLabel(self.tr("&Nom :"))
        name_label.setBuddy(self.label_edit)
        shortcut_tip(
            self.label_edit,
            name_label.text(),
            self.tr("Entrée : ajouter, ou enregistrer le type choisi"),
        )
        self.form.addRow(name_label, self.label_edit)
        self.error_label = message_label(self.tr("Modification refusée"))
        self.form.addRow(self.error_label)
        self._add_channels()
        self._add_delay()
        self._add_wait_policy()
        self._add_implicit_decision()
        self.add_button = named_button(
            self.tr("&Ajouter"), self.tr("Ajouter un type de demande avec ce formulaire")
        )
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer les modifications du type choisi")
        )
        self.toggle_button = named_button(self.tr("Re&tirer"), self.tr("Retirer le type choisi"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.form.addRow(buttons)

    def _add_channels(self) -> None:
        box = QGroupBox(self.tr("&Canaux"))
        box.setAccessibleName(self.tr("Canaux par lesquels ce type de demande arrive"))
        box.setToolTip(self.tr("Canaux par lesquels ce type de demande arrive (Alt+C)"))
        grid = QGridLayout(box)
        self.channel_boxes: dict[Channel, QCheckBox] = {}
        for position, (channel, text) in enumerate(CHANNEL_LABELS.items()):
            check = QCheckBox(text)
            check.setAccessibleName(self.tr("Canal : %1").replace("%1", text))
            check.setToolTip(self.tr("Ce type de demande peut arriver par ce canal"))
            check.toggled.connect(self._on_channel_toggled)
            grid.addWidget(check, position // 2, position % 2)
            self.channel_boxes[channel] = check
        self.form.addRow(box)
        self.channels_error = message_label(self.tr("Problème sur les canaux"))
        self.form.addRow(self.channels_error)
        self.ack_label = QLabel()
        self.ack_label.setWordWrap(True)
        self.ack_label.setAccessibleName(self.tr("Accusé de réception"))
        self.ack_label.setToolTip(
            self.tr("Standard Services Publics+ : les demandes écrites sont accusées à part")
        )
        self.form.addRow(self.tr("Accusé de réception :"), self.ack_label)

    def _add_delay(self) -> None:
        self.amount_spin = QSpinBox()
        # From 0, so a slip gets the services' sentence on the bounds rather than a
        # silently corrected figure.
        self.amount_spin.setRange(0, max(MAX_DELAY.values()))
        self.amount_spin.setAccessibleName(self.tr("Délai annoncé : nombre"))
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(self.tr("Délai annoncé : unité"))
        self.unit_combo.setToolTip(self.tr("Unité du délai annoncé"))
        for unit, text in DELAY_UNIT_LABELS.items():
            self.unit_combo.addItem(text, unit)
        row = QHBoxLayout()
        row.addWidget(self.amount_spin)
        row.addWidget(self.unit_combo)
        row.addStretch(1)
        label = QLabel(self.tr("Dé&lai annoncé :"))
        label.setBuddy(self.amount_spin)
        shortcut_tip(self.amount_spin, label.text())
        self.form.addRow(label, row)
        self.delay_error = message_label(self.tr("Problème sur le délai"))
        self.form.addRow(self.delay_error)

    def _add_wait_policy(self) -> None:
        box = QGroupBox(self.tr("Quand on attend des pièces de l'usager, l'attente…"))
        column = QVBoxLayout(box)
        self.wait_group = QButtonGroup(self)
        self.wait_radios: dict[WaitPolicy, QRadioButton] = {}
        for policy, text, name in (
            (
                WaitPolicy.SUSPEND,
                self.tr("&suspend le délai (il reprend où il en était à l'arrivée des pièces)"),
                self.tr("L'attente de l'usager suspend le délai"),
            ),
            (
                WaitPolicy.RESTART,
                self.tr("fait re&partir le délai (un délai complet à l'arrivée des pièces)"),
                self.tr("L'attente de l'usager fait repartir le délai"),
            ),
        ):
            radio = QRadioButton(text)
            radio.setAccessibleName(name)
            shortcut_tip(radio, text)
            self.wait_group.addButton(radio)
            column.addWidget(radio)
            self.wait_radios[policy] = radio
        self.form.addRow(box)

    def _add_implicit_decision(self) -> None:
        tip = self.tr(
            "Par défaut, le silence gardé par l'administration pendant 2 mois vaut "
            "acceptation (CRPA, art. L231-1), avec de nombreuses exceptions : rejet "
            "implicite, autre délai. Le choix est imprimé sur l'accusé de réception."
        )
        self.implicit_combo = QComboBox()
        self.implicit_combo.setAccessibleName(self.tr("Décision implicite"))
        self.implicit_combo.setToolTip(tip)
        for decision, text in IMPLICIT_DECISION_LABELS.items():
            self.implicit_combo.addItem(text, decision)
        self.implicit_combo.currentIndexChanged.connect(self._on_implicit_combo_changed)
        label = QLabel(self.tr("Décision &implicite :"))
        label.setBuddy(self.implicit_combo)
        shortcut_tip(self.implicit_combo, label.text())
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, MAX_IMPLICIT_MONTHS)
        self.months_spin.setAccessibleName(
            self.tr("Décision implicite au bout de : nombre de mois")
        )
        self.months_spin.setToolTip(
            self.tr("Mois de silence avant la décision implicite, de 1 à %1").replace(
                "%1", str(MAX_IMPLICIT_MONTHS)
            )
        )
        months_label = QLabel(self.tr("au b&out de"))
        months_label.setBuddy(self.months_spin)
        shortcut_tip(self.months_spin, months_label.text())
        row = QHBoxLayout()
        row.addWidget(self.implicit_combo)
        row.addWidget(months_label)
        row.addWidget(self.months_spin)
        row.addWidget(QLabel(self.tr("mois")))
        row.addStretch(1)
        self.form.addRow(label, row)
        self.implicit_error = message_label(self.tr("Problème sur la décision implicite"))
        self.form.addRow(self.implicit_error)

    def controls(self) -> list[QWidget]:
        """Every control, in the order of the form as read (the dialog's tab chain)."""
        return [
            self.label_edit,
            *self.channel_boxes.values(),
            self.amount_spin,
            self.unit_combo,
            *self.wait_radios.values(),
            self.implicit_combo,
            self.months_spin,
            self.add_button,
            self.save_button,
            self.toggle_button,
        ]

    def _on_channel_toggled(self, _checked: bool) -> None:
        self.ack_label.setText(acknowledgement_text(self.channels()))

    def _on_implicit_combo_changed(self, _index: int) -> None:
        # Months only mean something once silence makes a decision.
        self.months_spin.setEnabled(self.implicit_decision().decides)

    def implicit_decision(self) -> ImplicitDecision:
        return ImplicitDecision(self.implicit_combo.currentData())

    def channels(self) -> list[Channel]:
        return [channel for channel, box in self.channel_boxes.items() if box.isChecked()]

    def values(self) -> KindValues:
        policy = next(
            (p for p, radio in self.wait_radios.items() if radio.isChecked()), WaitPolicy.SUSPEND
        )
        return KindValues(
            label=self.label_edit.text(),
            channels=self.channels(),
            delay_amount=self.amount_spin.value(),
            delay_unit=DelayUnit(self.unit_combo.currentData()),
            wait_policy=policy,
            implicit_decision=self.implicit_decision(),
            implicit_months=self.months_spin.value(),
        )

    def show_kind(self, kind: RequestKindInfo | None) -> None:
        """``kind``'s values, or a blank new kind (5 jours ouvrés, waiting suspends)."""
        self.clear_problems()
        self.label_edit.setText(kind.label if kind else "")
        for channel, box in self.channel_boxes.items():
            box.setChecked(kind is not None and channel in kind.channels)
        self.amount_spin.setValue(kind.delay_amount if kind else NEW_KIND_DELAY)
        unit = kind.delay_unit if kind else DelayUnit.WORKING_DAYS
        self.unit_combo.setCurrentIndex(data_index(self.unit_combo, unit))
        policy = kind.wait_policy if kind else WaitPolicy.SUSPEND
        self.wait_radios[policy].setChecked(True)
        decision = kind.implicit_decision if kind else ImplicitDecision.UNSET
        self.implicit_combo.setCurrentIndex(data_index(self.implicit_combo, decision))
        self.months_spin.setValue(kind.implicit_months if kind else DEFAULT_IMPLICIT_MONTHS)
        self._on_implicit_combo_changed(self.implicit_combo.currentIndex())
        self.ack_label.setText(acknowledgement_text(self.channels()))

    def show_selected(self, kind: RequestKindInfo | None) -> None:
        """Saving and retiring act on the kind chosen in the table: none, no buttons."""
        self.save_button.setEnabled(kind is not None)
        self.toggle_button.setEnabled(kind is not None)
        retired = kind is not None and not kind.active
        text = self.tr("Réta&blir") if retired else self.tr("Re&tirer")
        self.toggle_button.setText(text)
        self.toggle_button.setAccessibleName(
            self.tr("Rétablir le type choisi") if retired else self.tr("Retirer le type choisi")
        )
        self.toggle_button.setToolTip("")
        shortcut_tip(self.toggle_button, text)

    def refuse(self, message: str) -> None:
        """The services' sentence next to the field it is about, which gets the focus."""
        self.clear_problems()
        if message == NO_CHANNEL:
            first = self.channel_boxes[Channel.COUNTER]
            show_problem(self.channels_error, first, message)
            first.setFocus()
        elif message.startswith(IMPLICIT_PROBLEM):
            show_problem(self.implicit_error, self.months_spin, message)
            self.months_spin.setFocus()
        elif message.startswith("Un délai"):
            show_problem(self.delay_error, self.amount_spin, message)
            self.amount_spin.setFocus()
        else:
            show_problem(self.error_label, self.label_edit, message)
            self.label_edit.setFocus()

    def clear_problems(self) -> None:
        show_problem(self.channels_error, self.channel_boxes[Channel.COUNTER], None)
        show_problem(self.delay_error, self.amount_spin, None)
        show_problem(self.implicit_error, self.months_spin, None)
        show_problem(self.error_label, self.label_edit, None)
