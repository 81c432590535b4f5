"""A saved feedback entry as sentences (what was said, by whom, where its reply stands),
and the part that records the reply or closes the entry without one, with its reason.

Late is said in words (« ⚠ en retard »); red only repeats them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
    FeedbackRecord,
    FeedbackStatus,
)
from spplus_desk.domain.history import NOT_GIVEN
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.feedback import MAX_REASON
from spplus_desk.ui.contact_widgets import named_button, shortcut_tip, side_by_side
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, to_qdate
from spplus_desk.ui.feedback_widgets import long_text_edit
from spplus_desk.ui.request_deadline import ALARM_STYLE, PLAIN_STYLE, value_label


def state_text(record: FeedbackRecord, today: date) -> str:
    """Where the reply stands, in a sentence."""
    due = long_date(record.reply_due) if record.reply_due else ""
    late = record.late(today)
    match record.status:
        case FeedbackStatus.TO_ANSWER if late:
            return f"À répondre — ⚠ en retard : la réponse était attendue au plus tard le {due}."
        case FeedbackStatus.TO_ANSWER:
            return f"À répondre au plus tard le {due}."
        case FeedbackStatus.ANSWERED:
            assert record.replied_on is not None  # an answer has its day
            text = f"Répondu le {long_date(record.replied_on)}"
            return f"{text} — ⚠ en retard (attendue au plus tard le {due})." if late else text + "."
        case FeedbackStatus.CLOSED:
            return f"Classé sans réponse : {record.close_reason}"
    return FEEDBACK_STATUS_LABELS[record.status] + "."


def title_text(record: FeedbackRecord) -> str:
    """« Réclamation reçue le mardi 4 mai 2027 » (a compliment is « reçu »)."""
    received = long_date(record.received_on)
    if record.kind is FeedbackKind.COMPLIMENT:
        return f"Compliment reçu le {received}"
    return f"{FEEDBACK_KIND_LABELS[record.kind]} reçue le {received}"


def done_text(before: FeedbackRecord | None, after: FeedbackRecord) -> str:
    """What the last action did, said under the form."""
    if before is not None and before.status is not after.status:
        match after.status:
            case FeedbackStatus.ANSWERED:
                return "✓ Réponse enregistrée."
            case FeedbackStatus.CLOSED:
                return "✓ Avis classé sans réponse."
            case FeedbackStatus.TO_ANSWER if before.status is not FeedbackStatus.NO_REPLY:
                return "✓ Avis rouvert : il attend de nouveau sa réponse."
    return "✓ Correction enregistrée."


class FeedbackSummary(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("L'avis enregistré"))
        self._form = QFormLayout(self)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind_label = self._value("Type :", "Type d'avis")
        self.channel_label = self._value("Canal :", "Canal")
        self.received_label = self._value("Reçu le :", "Date de réception")
        self.person_label = self._value("Personne :", "Personne")
        self.text_label = self._value("Avis :", "Texte de l'avis")
        self.delay_label = self._value("Réponse attendue :", "Réponse attendue")
        self.state_label = self._value("Où en est la réponse :", "Où en est la réponse")
        self.reply_label = self._value("Réponse donnée :", "Réponse donnée")
        self.agent_label = self._value("Enregistré par :", "Enregistré par")

    def _value(self, text: str, name: str) -> QLabel:
        label = value_label(self.tr(name))
        self._form.addRow(QLabel(self.tr(text)), label)
        return label

    def show_record(self, record: FeedbackRecord, today: date) -> None:
        self.kind_label.setText(self.tr(FEEDBACK_KIND_LABELS[record.kind]))
        self.channel_label.setText(self.tr(CHANNEL_LABELS[record.channel]))
        self.received_label.setText(long_date(record.received_on))
        person = [record.person_name, record.person_phone, record.person_email]
        self.person_label.setText(" — ".join(p for p in person if p) or self.tr(NOT_GIVEN))
        self.text_label.setText(record.text)
        delay = record.reply_delay
        self.delay_label.setText(
            self.tr("non") if delay is None else self.tr("sous %1").replace("%1", delay.text)
        )
        self.state_label.setText(self.tr(state_text(record, today)))
        self.state_label.setStyleSheet(ALARM_STYLE if record.late(today) else PLAIN_STYLE)
        self.reply_label.setText(record.reply)
        self._form.setRowVisible(self.reply_label, bool(record.reply))
        self.agent_label.setText(record.agent)


class ReplyBox(QGroupBox):
    """The reply typed with its day, « Enregistrer la réponse »; or « Classer sans
    réponse… », whose reason is asked on the line below."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Répondre"))
        self._today = today
        self.reply_edit = long_text_edit(
            self.tr("Réponse donnée à la personne"),
            self.tr("La réponse envoyée, ou son résumé (Entrée : nouvelle ligne)"),
        )
        self.replied_edit = date_edit(self.tr("Date d'envoi de la réponse"), today)
        self.save_button = named_button(
            self.tr("&Enregistrer la réponse"),
            self.tr("Enregistrer la réponse donnée"),
            self.tr("Ctrl+Entrée"),
        )
        self.close_button = named_button(
            self.tr("Classer sans ré&ponse…"),
            self.tr("Classer l'avis sans réponse, avec un motif"),
        )
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setAccessibleName(self.tr("Motif du classement sans réponse"))
        self.reason_edit.setPlaceholderText(self.tr("ex. avis anonyme, doublon d'un courrier"))
        self.reason_edit.setToolTip(
            self.tr("Pourquoi aucune réponse ne sera donnée (Entrée : confirmer)")
        )
        self.confirm_button = named_button(
            self.tr("C&onfirmer le classement"),
            self.tr("Confirmer le classement sans réponse"),
            self.tr("Entrée dans le motif"),
        )
        self._lay_out()
        self.ask_reason(False)

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        reply_label = QLabel(self.tr("&Réponse donnée :"))
        reply_label.setBuddy(self.reply_edit)
        shortcut_tip(self.reply_edit, reply_label.text())
        form.addRow(reply_label, self.reply_edit)
        replied_label = QLabel(self.tr("Envoyée &le :"))
        replied_label.setBuddy(self.replied_edit)
        shortcut_tip(self.replied_edit, replied_label.text(), CALENDAR_KEY)
        day = QHBoxLayout()
        day.addWidget(self.replied_edit)
        day.addStretch(1)
        form.addRow(replied_label, day)
        # Side by side, or one above the other with large text.
        buttons = side_by_side([self.save_button, self.close_button], share=0.5)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.reason_label = QLabel(self.tr("&Motif du classement :"))
        self.reason_label.setBuddy(self.reason_edit)
        shortcut_tip(self.reason_edit, self.reason_label.text())
        reason = QHBoxLayout()
        reason.addWidget(self.reason_edit, stretch=1)
        reason.addWidget(self.confirm_button)
        form.addRow(self.reason_label, reason)
        self._form = form

    def controls(self) -> list[QWidget]:
        return [
            self.reply_edit,
            self.replied_edit,
            self.save_button,
            self.close_button,
            self.reason_edit,
            self.confirm_button,
        ]

    def clear(self) -> None:
        self.reply_edit.clear()
        self.replied_edit.setDate(to_qdate(self._today))
        self.reason_edit.clear()
        self.ask_reason(False)

    def ask_reason(self, asking: bool) -> None:
        """Show the reason's line (« Classer sans réponse… ») or hide it."""
        self._form.setRowVisible(self.reason_label, asking)
        if asking:
            self.reason_edit.setFocus()

    @property
    def asking_reason(self) -> bool:
        return self.reason_edit.isVisibleTo(self)

    def typed(self) -> bool:
        return bool(self.reply_edit.toPlainText().strip() or self.reason_edit.text().strip())
