"""The form of an improvement action: « Vous nous avez dit… » / « Nous avons fait… » (a
poster line each, 300 characters at most, counted as they are typed), its status and the
day it was done, and the feedback entries that prompted it, ticked in a list.

Leads and administrators decide improvements (the services refuse anyone else): an
agent sees the form read-only, told why. Saving closes the form;
``improvement_saved`` carries the ImprovementRecord.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QWidget,
)

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import (
    IMPROVEMENT_STATUS_LABELS,
    MAX_IMPROVEMENT_TEXT,
    FeedbackRecord,
    ImprovementDraft,
    ImprovementRecord,
    ImprovementStatus,
)
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import FeedbackFilter, feedback_entry, list_feedback
from spplus_desk.services.improvements import correct_improvement, improvement, record_improvement
from spplus_desk.services.permissions import SUPERVISORS
from spplus_desk.ui.choice_combo import data_index
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    message_label,
    named_button,
    note_label,
    say,
    scrolled_with_footer,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, edit_date, to_qdate
from spplus_desk.ui.feedback_widgets import CountedText, DiscardGuard, focus_to_retype
from spplus_desk.ui.improvement_links import LinkModel

SAVE_KEYS = "Ctrl+Entrée"
LINKABLE_DAYS = 365  # the entries of the last twelve months are offered
MAX_LINKABLE = 2000
LEADS_ONLY = (
    "Seuls un responsable d'équipe ou un administrateur enregistrent et modifient les "
    "améliorations."
)


class ImprovementDialog(QDialog):
    """Open it with ``open()`` or ``show()``; an unknown ``improvement_id`` raises the
    services' UserError before any window appears."""

    improvement_saved = Signal(object)  # the ImprovementRecord saved

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        role: Role | None,
        *,
        improvement_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._login = desk, login
        self._today = desk.clock.now().astimezone(zone).date()
        self.record: ImprovementRecord | None = None
        if improvement_id is not None:
            self.record = improvement(desk, improvement_id)
        self.editable = role in SUPERVISORS
        self.setAccessibleName(self.tr("Fiche d'une amélioration"))
        self.setWindowTitle(
            self.tr("Nouvelle amélioration") if self.record is None else self.tr("Amélioration")
        )
        self._build_fields()
        self._build_links()
        self.message = message_label(self.tr("Problème à corriger avant d'enregistrer"))
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer l'amélioration"), SAVE_KEYS
        )
        self.save_button.clicked.connect(self.save)
        self.close_button = named_button(
            self.tr("Fermer"), self.tr("Fermer la fiche de l'amélioration"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)
        self._lay_out()
        self._show(self.record)
        self.guard = DiscardGuard(self, self.typed)
        self._typed_from = self.snapshot()
        fit_to_screen(self, 100, 50)
        self.said_text.edit.setFocus()

    # --- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.said_text = CountedText(
            self.tr("Vous nous avez dit"),
            self.tr("Ce que les usagers ont dit, en une phrase d'affiche"),
            MAX_IMPROVEMENT_TEXT,
        )
        self.done_text = CountedText(
            self.tr("Nous avons fait"),
            self.tr("Ce que le service a fait ou va faire, en une phrase d'affiche"),
            MAX_IMPROVEMENT_TEXT,
        )
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Statut de l'amélioration"))
        self.status_combo.setToolTip(self.status_combo.accessibleName())
        for status, label in IMPROVEMENT_STATUS_LABELS.items():
            self.status_combo.addItem(self.tr(label), status.value)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_changed)
        self.done_on_edit = date_edit(self.tr("Date de réalisation"), self._today)
        shortcut_tip(self.done_on_edit, "", CALENDAR_KEY)

    def _build_links(self) -> None:
        self.links = LinkModel(
            None if self.record is None else self.record.id, editable=self.editable
        )
        self.links.dataChanged.connect(self._count_links)
        self.links.modelReset.connect(self._count_links)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(self.tr("Filtrer les avis proposés"))
        self.filter_edit.setToolTip(self.tr("Mots du texte, de la personne, du type ou la date"))
        self.filter_edit.setPlaceholderText(self.tr("ex. attente, samedi, 05/2027"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.links.set_words)
        self.link_view = QListView()
        self.link_view.setModel(self.links)
        self.link_view.setAccessibleName(self.tr("Avis des douze derniers mois à lier"))
        self.link_view.setToolTip(self.tr("Espace : cocher ou décocher l'avis sélectionné"))
        self.link_view.setUniformItemSizes(True)
        self.link_view.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.link_count = QLabel()
        self.link_count.setAccessibleName(self.tr("Nombre d'avis liés"))

    def _lay_out(self) -> None:
        content = QWidget()
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if not self.editable:
            form.addRow(note_label(self.tr(LEADS_ONLY)))
        for text, widget, buddy in (
            (self.tr("&Vous nous avez dit… :"), self.said_text, self.said_text.edit),
            (self.tr("&Nous avons fait… :"), self.done_text, self.done_text.edit),
            (self.tr("&Statut :"), self.status_combo, self.status_combo),
            (self.tr("Réalisée &le :"), self.done_on_edit, self.done_on_edit),
            (self.tr("&Filtrer les avis :"), self.filter_edit, self.filter_edit),
            (self.tr("Avis l&iés :"), self.link_view, self.link_view),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            shortcut_tip(buddy, text)
            if widget is self.done_on_edit:
                row = QHBoxLayout()
                row.addWidget(widget)
                row.addStretch(1)
                form.addRow(label, row)
            else:
                form.addRow(label, widget)
        form.addRow(self.link_count)
        form.addRow(self.message)
        self.save_button.setVisible(self.editable)
        scrolled_with_footer(self, content, self.save_button, self.close_button)
        tab_chain(
            [
                self.said_text.edit,
                self.done_text.edit,
                self.status_combo,
                self.done_on_edit,
                self.filter_edit,
                self.link_view,
                self.save_button,
                self.close_button,
            ]
        )

    # --- showing --------------------------------------------------------------------------

    def _show(self, record: ImprovementRecord | None) -> None:
        status = ImprovementStatus.PLANNED if record is None else record.status
        self.said_text.set_text("" if record is None else record.said)
        self.done_text.set_text("" if record is None else record.done)
        self.status_combo.setCurrentIndex(max(0, data_index(self.status_combo, status.value)))
        done_on = None if record is None else record.done_on
        self.done_on_edit.setDate(to_qdate(done_on or self._today))
        linked = frozenset() if record is None else record.feedback_ids
        self.links.set_entries(self._linkable(linked), linked)
        for edit in (self.said_text.edit, self.done_text.edit):
            edit.setReadOnly(not self.editable)
        self.status_combo.setEnabled(self.editable)
        self._on_status_combo_changed()

    def _linkable(self, linked: frozenset[uuid.UUID]) -> list[FeedbackRecord]:
        """The last twelve months' entries, and the older ones already linked."""
        since = self._today - timedelta(days=LINKABLE_DAYS)
        recent = list_feedback(self._desk, FeedbackFilter(first_day=since), limit=MAX_LINKABLE)
        missing = linked - {entry.id for entry in recent}
        older: list[FeedbackRecord] = []
        for entry_id in missing:
            try:
                older.append(feedback_entry(self._desk, entry_id))
            except UserError:
                continue  # gone since: the services say so at saving time
        return recent + sorted(older, key=lambda entry: entry.received_on, reverse=True)

    def _count_links(self) -> None:
        count = len(self.links.checked)
        self.link_count.setText(count_text(count, self.tr("avis lié"), self.tr("avis liés")))

    def _on_status_combo_changed(self, _index: int = 0) -> None:
        done = self.status() is ImprovementStatus.DONE
        self.done_on_edit.setEnabled(self.editable and done)

    def status(self) -> ImprovementStatus:
        return ImprovementStatus(self.status_combo.currentData())

    def snapshot(self) -> tuple[object, ...]:
        return (
            self.said_text.text(),
            self.done_text.text(),
            self.status_combo.currentIndex(),
            self.done_on_edit.date(),
            frozenset(self.links.checked),
        )

    def typed(self) -> bool:
        return self.editable and self.snapshot() != self._typed_from

    # --- saving ---------------------------------------------------------------------------

    def draft(self) -> ImprovementDraft:
        done = self.status() is ImprovementStatus.DONE
        return ImprovementDraft(
            said=self.said_text.text(),
            done=self.done_text.text(),
            status=self.status(),
            done_on=edit_date(self.done_on_edit) if done else None,
            feedback_ids=frozenset(self.links.checked),
        )

    def save(self) -> None:
        if not self.editable:
            return
        say(self.message, None)
        try:
            if self.record is None:
                saved = record_improvement(self._desk, login=self._login, draft=self.draft())
            else:
                saved = correct_improvement(
                    self._desk,
                    login=self._login,
                    improvement_id=self.record.id,
                    version=self.record.version,
                    draft=self.draft(),
                )
        except ConflictError as error:
            self._refuse(error.message, self.close_button)
            return
        except UserError as error:
            self._refuse(error.message, self._field_for(error.message))
            return
        self.improvement_saved.emit(saved)
        self.accept()

    def _refuse(self, message: str, field: QWidget) -> None:
        say(self.message, message)
        self.message.setAccessibleDescription(message)
        focus_to_retype(field)

    def _field_for(self, message: str) -> QWidget:
        lowered = message.lower()
        if "avez dit" in lowered:
            return self.said_text.edit
        if "avons fait" in lowered or "va faire" in lowered:
            return self.done_text.edit
        if "date" in lowered:
            return self.done_on_edit
        return self.link_view if "avis" in lowered else self.said_text.edit

    def reject(self) -> None:
        if self.guard.may_close():
            super().reject()
