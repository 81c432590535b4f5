"""The law's conditions as the agent answers them (CRPA L123-1 and L123-2), the verdict
they give, said live in plain French, and the person's earlier cases, which tell whether
this is really a first time.

Good faith is presumed (the service must prove bad faith) and a first time is the rule:
both boxes start ticked. The verdict is said in words with a sign (✔, ✖): colour only
repeats it.
"""

from __future__ import annotations

import textwrap
import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.error_case import (
    EXCLUSION_LABELS,
    NATURE_LABELS,
    OUTCOME_LABELS,
    CaseDraft,
    Checklist,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    eligibility,
)
from spplus_desk.domain.error_register import EarlierCase
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import earlier_cases
from spplus_desk.ui.contact_widgets import shortcut_tip

ELIGIBLE_STYLE = "color: #1a6b1a; font-weight: bold"
NOT_ELIGIBLE_STYLE = "color: #a4000f; font-weight: bold"
SHOWN_CASES = 5  # the latest ones; the others are counted


def earlier_case_line(case: EarlierCase) -> str:
    """« • 04/05/2027 — Urbanisme (…) — Omission — Aucune sanction (même téléphone) »"""
    return (
        f"• {case.discovered_on:%d/%m/%Y} — {case.procedure} — {NATURE_LABELS[case.nature]} — "
        f"{OUTCOME_LABELS[case.outcome]} (même {case.matched_on})"
    )


class EarlierCases(QWidget):
    """The cases recorded for the same person (same phone, e-mail or name), latest first,
    with one sentence saying what to check. Lines of text rather than a table: they wrap
    at 200 % where a table's columns would be cut."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.cases: list[EarlierCase] = []
        self.summary_label = self._label(self.tr("Cas antérieurs de la personne"))
        self.list_label = self._label(self.tr("Liste des cas antérieurs de la personne"))
        self.list_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.list_label)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(name)
        return label

    def show_person(
        self, person: PersonIdentity, exclude: uuid.UUID | None, until: date | None = None
    ) -> None:
        """Look the person up again (a few indexed lookups: done at once); for a saved
        case, ``until`` its discovery: later cases are no earlier ones."""
        self.cases = earlier_cases(self._desk, person, exclude=exclude, until=until)
        lines = [earlier_case_line(case) for case in self.cases[:SHOWN_CASES]]
        if len(self.cases) > SHOWN_CASES:
            more = count_text(len(self.cases) - SHOWN_CASES, "autre", "autres")
            lines.append(self.tr("• et %1, plus anciens").replace("%1", more))
        self.list_label.setText("\n".join(lines))
        self.list_label.setVisible(bool(lines))
        if self.cases:
            found = count_text(len(self.cases), "cas antérieur", "cas antérieurs")
            text = self.tr("%1 pour cette personne : vérifiez que ce n'est pas une récidive.")
            text = text.replace("%1", found)
        elif person.identified:
            text = self.tr("Aucun cas antérieur pour cette personne.")
        else:
            text = self.tr(
                "Personne non identifiée : ses cas antérieurs ne peuvent pas être recherchés."
            )
        self.summary_label.setText(text)


class ChecklistBox(QGroupBox):
    """The conditions; ``changed`` fires on every answer so the verdict and the outcome
    follow at once."""

    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Conditions du droit à l'erreur (CRPA L123-1)"))
        self._nature = ErrorNature.OMISSION
        self.first_time_box = self._box(
            self.tr("&Première fois (pas de récidive)"),
            self.tr("Première fois : pas de récidive"),
            self.tr("Décochez si la personne a déjà commis la même erreur"),
        )
        self.earlier = EarlierCases(desk)
        self.good_faith_box = self._box(
            self.tr("&Bonne foi"),
            self.tr("Bonne foi de la personne"),
            self.tr(
                "La bonne foi est présumée : décochez seulement si le service établit la "
                "mauvaise foi"
            ),
        )
        self.exclusions_box = QGroupBox(self.tr("E&xclusions (CRPA L123-2)"))
        self.exclusions_box.setAccessibleName(self.tr("Exclusions du droit à l'erreur"))
        self.exclusions_box.setToolTip(
            self.tr("Cochez ce qui s'applique : chaque exclusion rend le cas non éligible (Alt+X)")
        )
        self.exclusion_boxes: dict[Exclusion, QCheckBox] = {}
        exclusions = QVBoxLayout(self.exclusions_box)
        for exclusion, label in EXCLUSION_LABELS.items():
            box = QCheckBox(self._fitting(label))
            box.setAccessibleName(self.tr("Exclusion : %1").replace("%1", label))
            box.setToolTip(self.tr("%1 (Espace pour cocher ou décocher)").replace("%1", label))
            box.toggled.connect(self._on_box_toggled)
            exclusions.addWidget(box)
            self.exclusion_boxes[exclusion] = box
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_label.setAccessibleName(self.tr("Éligibilité au droit à l'erreur"))
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.first_time_box)
        layout.addWidget(self.earlier)
        layout.addWidget(self.good_faith_box)
        layout.addWidget(self.exclusions_box)
        layout.addWidget(self.verdict_label)
        self._show_verdict()

    def _fitting(self, text: str) -> str:
        """``text`` on several lines when one would be wider than most of the screen (a
        check box does not wrap by itself; at 200 % it would widen the dialog)."""
        room = self.screen().availableGeometry().width() * 0.6
        columns = max(20, int(room / self.fontMetrics().averageCharWidth()))
        return textwrap.fill(text, columns)

    def _box(self, text: str, name: str, tip: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(True)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        shortcut_tip(box, text, self.tr("Espace pour cocher ou décocher"))
        box.toggled.connect(self._on_box_toggled)
        return box

    def controls(self) -> list[QWidget]:
        """The focusable controls in reading order (the dialog's tab chain)."""
        return [
            self.first_time_box,
            self.good_faith_box,
            *self.exclusion_boxes.values(),
        ]

    def set_nature(self, nature: ErrorNature) -> None:
        """A late declaration is not covered: the verdict depends on the nature too."""
        self._nature = nature
        self._show_verdict()
        self.changed.emit()

    def checklist(self) -> Checklist:
        chosen = frozenset(e for e, box in self.exclusion_boxes.items() if box.isChecked())
        return Checklist(
            self._nature, self.first_time_box.isChecked(), self.good_faith_box.isChecked(), chosen
        )

    def eligible(self) -> bool:
        return eligibility(self.checklist()).eligible

    def show_draft(self, draft: CaseDraft) -> None:
        self._nature = draft.nature
        self.first_time_box.setChecked(draft.checklist_first_time)
        self.good_faith_box.setChecked(draft.checklist_good_faith)
        for exclusion, box in self.exclusion_boxes.items():
            box.setChecked(exclusion in draft.exclusions)
        self._show_verdict()
        self.changed.emit()

    def _on_box_toggled(self, _checked: bool) -> None:
        self._show_verdict()
        self.changed.emit()

    def _show_verdict(self) -> None:
        verdict = eligibility(self.checklist())
        sign = "✔" if verdict.eligible else "✖"
        text = f"{sign} {verdict.text}"
        self.verdict_label.setText(text)
        self.verdict_label.setAccessibleDescription(verdict.text)
        self.verdict_label.setStyleSheet(ELIGIBLE_STYLE if verdict.eligible else NOT_ELIGIBLE_STYLE)
