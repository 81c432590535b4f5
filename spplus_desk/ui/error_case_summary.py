"""A saved right-to-error case, read-only: the same parts as the form, as sentences a
person reads at 200 % or hears from a screen reader (greyed-out fields would be neither),
with the person's other cases and the regularisation deadline as the board follows it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from spplus_desk.domain.error_case import (
    DISCOVERED_BY_LABELS,
    EXCLUSION_LABELS,
    NATURE_LABELS,
    OUTCOME_LABELS,
    REGULARISATION_LABELS,
    ErrorCaseRecord,
    Regularisation,
    amount_text,
)
from spplus_desk.domain.history import NOT_FILLED, NOT_GIVEN, day_text
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.services.desk import Desk
from spplus_desk.ui.error_case_checklist import (
    ELIGIBLE_STYLE,
    NOT_ELIGIBLE_STYLE,
    EarlierCases,
)
from spplus_desk.ui.error_case_regularisation import follow_up_text
from spplus_desk.ui.request_deadline import ALARM_STYLE, value_label


class CaseSummary(QWidget):
    def __init__(self, desk: Desk, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.values: dict[str, QLabel] = {}
        self.row_labels: list[QLabel] = []
        self.earlier = EarlierCases(desk)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        parts = (
            (
                self.tr("L'erreur"),
                (
                    ("procedure", self.tr("Démarche")),
                    ("nature", self.tr("Nature")),
                    ("channel", self.tr("Canal")),
                    ("error_on", self.tr("Date de l'erreur")),
                    ("discovered", self.tr("Découverte")),
                ),
            ),
            (
                self.tr("La personne"),
                (
                    ("name", self.tr("Nom")),
                    ("phone", self.tr("Téléphone")),
                    ("email", self.tr("Courriel")),
                ),
            ),
            (
                self.tr("Conditions du droit à l'erreur (CRPA L123-1)"),
                (
                    ("first_time", self.tr("Première fois")),
                    ("good_faith", self.tr("Bonne foi")),
                    ("exclusions", self.tr("Exclusions (L123-2)")),
                    ("verdict", self.tr("Éligibilité")),
                ),
            ),
            (
                self.tr("Régularisation"),
                (
                    ("regularisation", self.tr("Régularisation")),
                    ("follow_up", self.tr("Échéance suivie")),
                    ("done", self.tr("Faite le")),
                ),
            ),
            (
                self.tr("Issue du cas"),
                (
                    ("outcome", self.tr("Issue")),
                    ("reason", self.tr("Motif")),
                    ("amount", self.tr("Montant en jeu")),
                    ("agent", self.tr("Agent")),
                    ("notes", self.tr("Notes")),
                ),
            ),
        )
        for title, rows in parts:
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            # A label beside the first line of a value that wraps.
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            for key, name in rows:
                self._add(form, key, name)
            if rows[0][0] == "name":  # the person's other cases, under the person
                form.addRow(self.earlier)
            layout.addWidget(box)
        layout.addStretch(1)
        widest = max(label.sizeHint().width() for label in self.row_labels)
        for label in self.row_labels:
            label.setMinimumWidth(widest)

    def _add(self, form: QFormLayout, key: str, name: str) -> None:
        value = value_label(name)
        self.values[key] = value
        label = QLabel(self.tr("%1 :").replace("%1", name))
        self.row_labels.append(label)
        form.addRow(label, value)

    def show_record(self, record: ErrorCaseRecord) -> None:
        draft = record.draft
        verdict = record.eligibility
        delay = draft.regularisation_delay
        regularisation = self.tr("pas encore")
        if draft.regularisation is Regularisation.INVITED and draft.invited_on and delay:
            regularisation = (
                self.tr("sur invitation du service le %1, avec un délai de %2")
                .replace("%1", day_text(draft.invited_on))
                .replace("%2", delay.text)
            )
        elif draft.regularisation is not None:
            regularisation = REGULARISATION_LABELS[draft.regularisation]
        follow_up = record.follow_up
        texts = {
            "procedure": record.procedure,
            "nature": NATURE_LABELS[draft.nature],
            "channel": CHANNEL_LABELS[draft.channel],
            "error_on": day_text(draft.error_on) if draft.error_on else self.tr("non renseignée"),
            "discovered": self.tr("le %1, %2")
            .replace("%1", day_text(draft.discovered_on))
            .replace("%2", DISCOVERED_BY_LABELS[draft.discovered_by].lower()),
            "name": draft.person.name or NOT_GIVEN,
            "phone": draft.person.phone or NOT_GIVEN,
            "email": draft.person.email or NOT_GIVEN,
            "first_time": self.tr("oui")
            if draft.checklist_first_time
            else self.tr("non : récidive"),
            "good_faith": self.tr("oui (présumée)")
            if draft.checklist_good_faith
            else self.tr("non : mauvaise foi établie par le service"),
            "exclusions": "\n".join(
                f"• {label}" for e, label in EXCLUSION_LABELS.items() if e in draft.exclusions
            )
            or self.tr("aucune"),
            "verdict": f"{'✔' if verdict.eligible else '✖'} {verdict.text}",
            "regularisation": regularisation,
            "follow_up": self._follow_up_text(record),
            "done": day_text(draft.regularised_on)
            if draft.regularised_on
            else self.tr("pas encore"),
            "outcome": OUTCOME_LABELS[draft.outcome],
            "reason": draft.outcome_reason or self.tr("aucun"),
            "amount": amount_text(draft.amount_cents)
            if draft.amount_cents is not None
            else NOT_FILLED,
            "agent": record.agent,
            "notes": draft.notes or self.tr("aucune"),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.values["verdict"].setStyleSheet(
            ELIGIBLE_STYLE if verdict.eligible else NOT_ELIGIBLE_STYLE
        )
        late = follow_up is not None and follow_up.late and not record.cancelled
        self.values["follow_up"].setStyleSheet(ALARM_STYLE if late else "")
        self.earlier.show_person(draft.person, record.id, draft.discovered_on)

    def _follow_up_text(self, record: ErrorCaseRecord) -> str:
        follow_up = record.follow_up
        if follow_up is None:
            return self.tr("sans objet")
        if record.cancelled:  # its deadline was cancelled with it
            return self.tr("demande %1, annulée avec le cas").replace("%1", follow_up.reference)
        return follow_up_text(follow_up)
