"""The outcome part of the case form: the decision, its reason (required when the
sanction is maintained), the amount at stake, the agent, and notes with the journal's
sensitive-data warning.

While a condition of the law is not met, the outcome is « Non éligible » and cannot be
changed; once they all are, « Non éligible » is no longer offered.
"""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from spplus_desk.domain.error_case import (
    MAX_REASON,
    OUTCOME_LABELS,
    CaseOutcome,
    amount_text,
    parse_amount,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import check_line, message_label, shortcut_tip
from spplus_desk.ui.quick_entry_choices import InputProblemError
from spplus_desk.ui.quick_entry_fields import NotesField
from spplus_desk.ui.request_deadline import value_label

REQUIRED_STYLE = "font-weight: bold"


def _amount_as_written(text: str) -> str:
    """« 1250,5 » -> « 1 250,50 € »: the amount as the register shows it."""
    cents = parse_amount(text)
    return "" if cents is None else amount_text(cents)


class OutcomeBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Issue du cas"))
        self._chosen = CaseOutcome.PENDING  # the choice kept while the case is not eligible
        self._eligible = True
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(self.tr("Issue"))
        self.outcome_combo.setToolTip(self.tr("La décision prise pour ce cas"))
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_combo.addItem(label, outcome)
        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_combo_changed)
        self.locked_label = QLabel(
            self.tr("Issue fixée : une condition du droit à l'erreur n'est pas remplie.")
        )
        self.locked_label.setWordWrap(True)
        self.locked_label.setAccessibleName(self.tr("Pourquoi l'issue est fixée"))

        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Motif de la décision"))
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setToolTip(self.tr("Motif de la décision"))
        self.reason_hint = QLabel()
        self.reason_hint.setWordWrap(True)
        self.reason_hint.setAccessibleName(self.tr("Motif obligatoire ou non"))

        self.amount_edit = QLineEdit()
        self.amount_edit.setAccessibleName(self.tr("Montant en jeu en euros"))
        self.amount_edit.setMaxLength(30)
        self.amount_edit.setPlaceholderText(self.tr("facultatif, ex. 150 ou 1 250,50"))
        self.amount_edit.setToolTip(
            self.tr("Montant de la sanction ou de la prestation en jeu, en euros")
        )
        self.amount_problem = message_label(self.tr("Problème sur le montant"))
        self.amount_edit.editingFinished.connect(self.check_amount)

        self.agent_label = value_label(self.tr("Agent"))
        self.notes = NotesField()
        self.notes.edit.setAccessibleName(self.tr("Notes sur le cas"))
        self.notes.warning.setAccessibleName(self.tr("Avertissement sur les notes"))

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._row(form, self.tr("&Issue :"), self.outcome_combo)
        form.addRow("", self.locked_label)
        reason = QHBoxLayout()
        reason.addWidget(self.reason_edit, stretch=2)
        reason.addWidget(self.reason_hint, stretch=1)
        self._row(form, self.tr("&Motif :"), self.reason_edit, reason)
        self._row(form, self.tr("Montant en &jeu :"), self.amount_edit)
        form.addRow(self.amount_problem)
        form.addRow(self.tr("Agent :"), self.agent_label)
        self._row(
            form,
            self.tr("N&otes :"),
            self.notes.edit,
            self.notes,
            self.tr("Ctrl+Entrée enregistre"),
        )
        self._show_lock()

    @staticmethod
    def _row(
        form: QFormLayout,
        text: str,
        field: QWidget,
        shown: QWidget | QHBoxLayout | None = None,
        keys: str = "",
    ) -> None:
        """A labelled row whose label's mnemonic reaches ``field``; ``shown`` is what the
        row holds when the field comes with more (a hint, a warning)."""
        label = QLabel(text)
        label.setBuddy(field)
        shortcut_tip(field, text, keys)
        if isinstance(shown, QHBoxLayout):
            form.addRow(label, shown)
        else:
            form.addRow(label, shown or field)

    def controls(self) -> list[QWidget]:
        return [self.outcome_combo, self.reason_edit, self.amount_edit, self.notes.edit]

    # --- values ---------------------------------------------------------------------------

    def outcome(self) -> CaseOutcome:
        return CaseOutcome(self.outcome_combo.currentData())

    def amount_cents(self) -> int | None:
        try:
            return parse_amount(self.amount_edit.text())
        except UserError as error:
            raise InputProblemError(error.message, self.amount_edit) from error

    def check_amount(self) -> bool:
        return check_line(self.amount_edit, self.amount_problem, _amount_as_written)

    def show_values(
        self, outcome: CaseOutcome, reason: str, amount_cents: int | None, notes: str, agent: str
    ) -> None:
        if outcome is not CaseOutcome.NOT_ELIGIBLE:
            self._chosen = outcome
        self._select(outcome)
        self.reason_edit.setText(reason)
        self.amount_edit.setText("" if amount_cents is None else amount_text(amount_cents))
        self.check_amount()
        self.notes.edit.setPlainText(notes)
        self.notes.check()
        self.agent_label.setText(agent)
        self._show_lock()

    # --- eligibility ----------------------------------------------------------------------

    def set_eligible(self, eligible: bool) -> None:
        """Not eligible: the outcome is « Non éligible », fixed. Eligible again: the
        outcome chosen before comes back, and « Non éligible » is not offered."""
        if eligible == self._eligible:
            return
        self._eligible = eligible
        self._show_lock()

    def _show_lock(self) -> None:
        model = self.outcome_combo.model()
        row = data_index(self.outcome_combo, CaseOutcome.NOT_ELIGIBLE)
        if isinstance(model, QStandardItemModel) and row >= 0:
            item = model.item(row)
            if item is not None:
                item.setEnabled(not self._eligible)
        self._select(CaseOutcome.NOT_ELIGIBLE if not self._eligible else self._chosen)
        self.outcome_combo.setEnabled(self._eligible)
        self.locked_label.setVisible(not self._eligible)
        self._show_reason_need()

    def _select(self, outcome: CaseOutcome) -> None:
        self.outcome_combo.setCurrentIndex(data_index(self.outcome_combo, outcome))

    def _on_outcome_combo_changed(self, _index: int) -> None:
        if self._eligible and self.outcome() is not CaseOutcome.NOT_ELIGIBLE:
            self._chosen = self.outcome()
        self._show_reason_need()

    def _show_reason_need(self) -> None:
        """Say next to the reason whether it is required (a maintained sanction)."""
        required = self.outcome() is CaseOutcome.SANCTION_MAINTAINED
        if required:
            hint = self.tr("obligatoire : dites pourquoi la sanction est maintenue")
        else:
            hint = self.tr("facultatif")
        self.reason_hint.setText(hint)
        self.reason_hint.setStyleSheet(REQUIRED_STYLE if required else "")
        self.reason_edit.setPlaceholderText(
            self.tr("ex. régularisation arrivée après le délai donné") if required else ""
        )
        self.reason_edit.setAccessibleDescription(hint)
