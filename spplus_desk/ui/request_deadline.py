"""The deadline part of the request view: when the answer is due, where the request
stands against it (late, due today, suspended, answered in time...), how the date was
counted, and the acknowledgement of receipt.

The state is said in words with a sign (⚠, ✓); red only repeats what the words say.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.enums import DelayUnit, RequestEventType, RequestStatus
from spplus_desk.domain.history import moment_text, time_text
from spplus_desk.domain.labels import delay_text
from spplus_desk.domain.request_case import RequestCase

ALARM_STYLE = "color: #a4000f; font-weight: bold"
PLAIN_STYLE = "font-weight: bold"


def answered_in_time(case: RequestCase) -> bool:
    """Answered before the deadline ran out (or while the clock stood still)."""
    return case.answered_at is not None and (case.due_at is None or case.answered_at < case.due_at)


def value_label(name: str) -> QLabel:
    """A value of the view: wraps, selectable, read by its name."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class DeadlineBox(QGroupBox):
    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.setTitle(self.tr("Délai"))
        self.due_label = value_label(self.tr("Échéance"))
        self.state_label = value_label(self.tr("Situation de la demande"))
        self.explanation_label = value_label(self.tr("Calcul de l'échéance"))
        self.ack_label = value_label(self.tr("Accusé de réception"))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.row_labels: list[QLabel] = []
        for text, value in (
            (self.tr("Échéance :"), self.due_label),
            (self.tr("Situation :"), self.state_label),
            (self.tr("Calcul :"), self.explanation_label),
            (self.tr("Accusé de réception :"), self.ack_label),
        ):
            self.row_labels.append(QLabel(text))
            form.addRow(self.row_labels[-1], value)

    def show_case(self, case: RequestCase, today: date) -> None:
        self.due_label.setText(self._due_text(case))
        state, alarming = self._state(case, today)
        self.state_label.setText(state)
        self.state_label.setStyleSheet(ALARM_STYLE if alarming else PLAIN_STYLE)
        self.explanation_label.setText("\n".join(f"• {line}" for line in case.explanation))
        ack, late = self._ack(case, today)
        self.ack_label.setText(ack)
        self.ack_label.setStyleSheet(ALARM_STYLE if late else "")

    def _due_text(self, case: RequestCase) -> str:
        if case.due_date is None:
            return self.tr("fixée à la reprise du dossier")
        if case.in_hours and case.due_at is not None:
            return (
                self.tr("%1 à %2")
                .replace("%1", long_date(case.due_at.astimezone(self._zone).date()))
                .replace("%2", time_text(case.due_at, self._zone))
            )
        return long_date(case.due_date)

    def _state(self, case: RequestCase, today: date) -> tuple[str, bool]:
        """The one line saying where the request stands; True when it is bad news."""
        if case.status is RequestStatus.CANCELLED:
            closed = [e.at for e in case.timeline if e.type is RequestEventType.CANCELLED]
            when = moment_text(closed[-1], self._zone) if closed else ""
            return self.tr("Annulée le %1 : plus aucun délai ne court.").replace("%1", when), False
        if case.status is RequestStatus.ANSWERED and case.answered_at is not None:
            when = moment_text(case.answered_at, self._zone)
            if answered_in_time(case):
                return self.tr("✓ Traitée le %1, dans le délai.").replace("%1", when), False
            return self.tr("⚠ Traitée le %1, hors délai.").replace("%1", when), True
        if case.status is RequestStatus.WAITING:
            if case.wait_restarts:
                return self.tr(
                    "Délai arrêté : en attente de l'usager. Il repartira de zéro à la reprise."
                ), False
            return self.tr("Délai suspendu : en attente de l'usager."), False
        if case.late:
            if case.days_late:
                days = delay_text(case.days_late, DelayUnit.WORKING_DAYS)
                return self.tr("⚠ En retard de %1.").replace("%1", days), True
            return self.tr("⚠ En retard : le délai est dépassé."), True
        if case.due_date == today:
            if case.in_hours and case.due_at is not None:
                at = time_text(case.due_at, self._zone)
                return self.tr("À rendre aujourd'hui, avant %1.").replace("%1", at), False
            return self.tr("À rendre aujourd'hui."), False
        return self.tr("✓ Dans le délai."), False

    def _ack(self, case: RequestCase, today: date) -> tuple[str, bool]:
        """The acknowledgement of receipt line; True when it is overdue."""
        due = case.ack_due_date
        if due is None:  # an oral request, or a deadline the service gave a person
            if case.channel.is_written:
                return self.tr("sans objet"), False
            return self.tr("sans objet (demande orale)"), False
        if case.acknowledged_at is not None:
            sent = self.tr("envoyé le %1").replace(
                "%1", moment_text(case.acknowledged_at, self._zone)
            )
            if case.acknowledged_at.astimezone(self._zone).date() > due:
                sent += self.tr(" (après la date limite du %1)").replace("%1", long_date(due))
            return sent, False
        if case.status.is_closed:
            return self.tr("non envoyé (il était dû au plus tard le %1)").replace(
                "%1", long_date(due)
            ), False
        if today > due:
            return self.tr("⚠ en retard : à envoyer au plus tard le %1").replace(
                "%1", long_date(due)
            ), True
        return self.tr("à envoyer au plus tard le %1").replace("%1", long_date(due)), False
