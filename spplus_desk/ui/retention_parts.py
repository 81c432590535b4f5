"""The pieces of « Conservation des données (RGPD) »: one duration field per record
type, and the two questions asked before a purge (export first? then: for good?),
non-blocking like every message box of the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QMessageBox, QSpinBox, QWidget

from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.purge import NOUNS, PurgePlan, RetentionSetting, months_text
from spplus_desk.domain.retention import MAX_MONTHS, MIN_MONTHS, RecordType
from spplus_desk.ui.contact_widgets import shortcut_tip

# Each field's label with its Alt letter, unique in the dialog (E, V, X: its buttons).
FIELD_LABELS: dict[RecordType, str] = {
    RecordType.CONTACT: "&Identité des personnes sur les contacts",
    RecordType.REQUEST: "&Demandes et leur suivi",
    RecordType.ERROR_CASE: "D&ossiers du droit à l'erreur",
    RecordType.FEEDBACK: "&Réclamations, suggestions et remerciements",
}


def ask_export_path(parent: QWidget, suggested: Path) -> Path | None:
    """The JSON file the export goes to; None when the person cancels. Tests replace
    this function rather than drive the platform's file dialog."""
    name, _chosen = QFileDialog.getSaveFileName(
        parent,
        parent.tr("Exporter avant d'anonymiser"),
        str(suggested),
        parent.tr("Fichiers JSON (*.json)"),
    )
    return Path(name) if name else None


class DurationFields:
    """A spin box in months per record type, with its default and what it counts from."""

    def __init__(self, parent: QWidget, grid: QGridLayout) -> None:
        self.boxes: dict[RecordType, QSpinBox] = {}
        self.hints: dict[RecordType, QLabel] = {}
        for row, (kind, text) in enumerate(FIELD_LABELS.items()):
            box = QSpinBox()
            box.setRange(MIN_MONTHS, MAX_MONTHS)
            box.setSuffix(parent.tr(" mois"))
            box.setAccessibleName(parent.tr(text).replace("&", ""))
            label = QLabel(f"{parent.tr(text)} :")
            label.setBuddy(box)
            shortcut_tip(box, label.text())
            hint = QLabel()
            hint.setWordWrap(True)
            hint.setAccessibleName(parent.tr("Durée par défaut et point de départ"))
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(box, 2 * row, 1, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(hint, 2 * row + 1, 0, 1, 2)
            self.boxes[kind], self.hints[kind] = box, hint

    def show(self, settings: tuple[RetentionSetting, ...]) -> None:
        for setting in settings:
            self.boxes[setting.record_type].setValue(setting.months)
            text = QCoreApplication.translate(
                "RetentionDialog", "Par défaut : %1 ; compté à partir de %2."
            )
            self.hints[setting.record_type].setText(
                text.replace("%1", months_text(setting.default_months)).replace(
                    "%2", setting.counted_from
                )
            )

    def months(self) -> dict[RecordType, int]:
        return {kind: box.value() for kind, box in self.boxes.items()}

    def controls(self) -> list[QWidget]:
        return list(self.boxes.values())


def ask_export_first(
    parent: QWidget, on_export: Callable[[], None], on_skip: Callable[[], None]
) -> QMessageBox:
    """« Exporter d'abord… » (the default), « Anonymiser sans export » or « Annuler »."""
    tr = parent.tr
    box = QMessageBox(
        QMessageBox.Icon.Question,
        tr("Exporter avant d'anonymiser ?"),
        tr(
            "Un fichier JSON peut garder d'abord tout ce qui va être anonymisé : les noms, "
            "coordonnées et textes libres, fiche par fiche. Conservez-le en lieu sûr."
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    export = box.addButton(tr("&Exporter d'abord…"), QMessageBox.ButtonRole.AcceptRole)
    export.setAccessibleName(tr("Exporter d'abord dans un fichier, puis anonymiser"))
    export.setToolTip(tr("Choisir le fichier de l'export (Alt+E ou Entrée)"))
    skip = box.addButton(tr("Anonymiser &sans export"), QMessageBox.ButtonRole.DestructiveRole)
    skip.setAccessibleName(tr("Anonymiser sans export"))
    skip.setToolTip(tr("Ne garder aucune copie (Alt+S)"))
    cancel = box.addButton(tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
    cancel.setAccessibleName(tr("Annuler : rien n'est anonymisé"))
    cancel.setToolTip(tr("Rien n'est anonymisé (Échap)"))
    box.setDefaultButton(export)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    export.clicked.connect(on_export)
    skip.clicked.connect(on_skip)
    box.open()
    return box


def confirm_purge(
    parent: QWidget, plan: PurgePlan, export: Path | None, on_confirm: Callable[[], None]
) -> QMessageBox:
    """The counts, where the export goes, and that it cannot be undone; « Annuler » is
    the default: Entrée by mistake anonymises nothing."""
    tr = parent.tr
    counts = [count_text(item.count, *NOUNS[item.record_type]) for item in plan.items if item.count]
    where = (
        tr("Export : %1.").replace("%1", str(export))
        if export is not None
        else tr("Sans export : aucune copie ne sera gardée.")
    )
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Anonymiser définitivement ?"),
        tr("À anonymiser : %1.\n%2\nL'anonymisation ne peut pas être annulée.")
        .replace("%1", ", ".join(counts))
        .replace("%2", where),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    go = box.addButton(tr("&Anonymiser"), QMessageBox.ButtonRole.DestructiveRole)
    go.setAccessibleName(tr("Anonymiser définitivement"))
    go.setToolTip(tr("Lancer l'anonymisation (Alt+A)"))
    cancel = box.addButton(tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
    cancel.setAccessibleName(tr("Annuler : rien n'est anonymisé"))
    cancel.setToolTip(tr("Rien n'est anonymisé (Échap ou Entrée)"))
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    go.clicked.connect(on_confirm)
    box.open()
    return box
