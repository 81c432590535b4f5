"""« Conservation des données (RGPD) »: how long personal data is kept per record type,
what a purge would anonymise now, and the purge itself (administrators).

The durations are saved with « Enregistrer les durées » (audited; a stale save is
refused). « Voir ce qui serait anonymisé » counts, per record type, what is past its
duration, naming nobody. « Exporter puis anonymiser… » counts again, offers an export
first (the default), states the counts and that it cannot be undone, then anonymises
in the background; the dialog says what went. Anyone may look; only an administrator
may change or purge, and the services refuse anyone else anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.purge import PurgePlan, PurgeResult, plan_lines, result_lines
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.purge import plan_purge, run_purge
from spplus_desk.services.retention import get_retention, update_retention
from spplus_desk.ui import retention_parts
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    named_button,
    note_label,
    say,
    scrolled_with_footer,
    side_by_side,
    tab_chain,
)


class RetentionDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._busy = False
        self.plan: PurgePlan | None = None
        self.question: QMessageBox | None = None  # the open question, for tests and Échap
        title = self.tr("Conservation des données (RGPD)")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        settings = get_retention(desk)
        self._version = settings.version
        agent = find_agent(desk, login)
        self.is_admin = agent is not None and agent.role is Role.ADMIN

        intro = note_label(
            self.tr(
                "Passé ces durées, l'identité des personnes et les textes libres sont "
                "anonymisés ; les dates, canaux, motifs et issues restent, et avec eux les "
                "statistiques. Rien n'est anonymisé sans votre confirmation."
            )
        )
        durations = QGroupBox(self.tr("Durées de conservation"))
        grid = QGridLayout(durations)
        self.fields = retention_parts.DurationFields(self, grid)
        self.fields.show(settings.settings)
        self.plan_label = QLabel(self.tr("Pas encore compté."))
        self.plan_label.setWordWrap(True)
        self.plan_label.setAccessibleName(self.tr("Ce qui serait anonymisé"))
        planned = QGroupBox(self.tr("Ce qui serait anonymisé maintenant"))
        QVBoxLayout(planned).addWidget(self.plan_label)
        self.status_label = confirmation_label()
        self.problem_label = message_label(self.tr("Problème"))

        self.save_button = named_button(
            self.tr("&Enregistrer les durées"),
            self.tr("Enregistrer les durées de conservation"),
            self.tr("Ctrl+S"),
        )
        self.save_button.clicked.connect(self._on_save_button_clicked)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_button_clicked)
        self.plan_button = named_button(
            self.tr("&Voir ce qui serait anonymisé"),
            self.tr("Compter ce qui serait anonymisé maintenant"),
        )
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.purge_button = named_button(
            self.tr("E&xporter puis anonymiser…"),
            self.tr("Exporter puis anonymiser ce qui a dépassé sa durée de conservation"),
        )
        self.purge_button.clicked.connect(self._on_purge_button_clicked)
        self.close_button = named_button(self.tr("Fermer"), self.tr("Fermer"), self.tr("Échap"))
        self.close_button.clicked.connect(self.reject)

        # The buttons sit with what they act on: at 200 % a footer of four would be
        # wider than the screen; one above the other when a row does not fit.
        saving = side_by_side([self.save_button], share=0.9)
        saving.addStretch(1)
        saving.addWidget(self.save_button)
        grid.addLayout(saving, grid.rowCount(), 0, 1, 2)
        acting = side_by_side([self.plan_button, self.purge_button], share=0.9)
        acting.addWidget(self.plan_button)
        acting.addWidget(self.purge_button)
        acting.addStretch(1)
        planned_column = planned.layout()
        assert isinstance(planned_column, QVBoxLayout)
        planned_column.addLayout(acting)
        content = QWidget()
        column = QVBoxLayout(content)
        for widget in (intro, durations, planned):
            column.addWidget(widget)
        if not self.is_admin:
            column.addWidget(
                note_label(
                    self.tr(
                        "Seul un administrateur peut changer ces durées et lancer l'anonymisation."
                    )
                )
            )
        column.addStretch(1)
        buttons = (self.save_button, self.plan_button, self.purge_button, self.close_button)
        scrolled_with_footer(self, content, self.close_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.problem_label)  # in sight above the buttons
        layout.insertWidget(1, self.status_label)
        for control in (*self.fields.controls(), self.save_button, self.purge_button):
            control.setEnabled(self.is_admin)
        tab_chain([*self.fields.controls(), *buttons])
        first = self.fields.controls()[0] if self.is_admin else self.plan_button
        first.setFocus()
        fit_to_screen(self, 100, 46)

    # Slots

    def _on_save_button_clicked(self) -> None:
        if self._busy or not self.is_admin:
            return
        desk, login, version, months = self._desk, self._login, self._version, self.fields.months()
        self._start(self.tr("Enregistrement…"))

        def done(settings: Any) -> None:
            self._version = settings.version
            self.fields.show(settings.settings)
            self.plan = None  # counted with the old durations
            self.plan_label.setText(self.tr("Durées changées : comptez de nouveau."))
            self._finish(self.tr("Durées de conservation enregistrées."))

        def work() -> Any:
            return update_retention(desk, login=login, version=version, months=months)

        self._run(work, done)

    def _on_plan_button_clicked(self) -> None:
        self._count(lambda _plan: self._finish(None))

    def _on_purge_button_clicked(self) -> None:
        if self.is_admin:
            self._count(self._offer_export)

    # The purge, step by step

    def _count(self, then: Callable[[PurgePlan], None]) -> None:
        if self._busy:
            return
        desk = self._desk
        self._start(self.tr("Recherche de ce qui serait anonymisé…"))

        def done(plan: PurgePlan) -> None:
            self.plan = plan
            self.plan_label.setText("\n".join(plan_lines(plan)))
            then(plan)

        self._run(lambda: plan_purge(desk), done)

    def _offer_export(self, plan: PurgePlan) -> None:
        if plan.total == 0:
            self._finish(self.tr("Rien à anonymiser."))
            return
        self._finish(None)
        self._asked(
            retention_parts.ask_export_first(
                self, lambda: self._choose_export(plan), lambda: self._confirm(plan, None)
            )
        )

    def _choose_export(self, plan: PurgePlan) -> None:
        day = plan.at.date().isoformat()
        suggested = Path.home() / f"donnees-avant-anonymisation-{day}.json"
        path = retention_parts.ask_export_path(self, suggested)
        if path is not None:
            self._confirm(plan, path)

    def _confirm(self, plan: PurgePlan, export: Path | None) -> None:
        self._asked(
            retention_parts.confirm_purge(self, plan, export, lambda: self._purge(plan, export))
        )

    def _asked(self, box: QMessageBox) -> None:
        """The question now open; forgotten once answered (it deletes itself)."""
        self.question = box

        def answered() -> None:
            if self.question is box:  # not the next question, opened by this answer
                self.question = None

        box.finished.connect(answered)

    def _purge(self, plan: PurgePlan, export: Path | None) -> None:
        desk, login = self._desk, self._login
        self._start(self.tr("Anonymisation en cours…"))

        def done(result: PurgeResult) -> None:
            self.plan = None
            self.plan_label.setText(self.tr("Anonymisation faite : comptez de nouveau."))
            self._finish("\n".join(result_lines(result)))

        self._run(lambda: run_purge(desk, login=login, plan=plan, export_path=export), done)

    # Background work

    def _start(self, text: str) -> None:
        self._busy = True
        for button in (self.save_button, self.plan_button, self.purge_button):
            button.setEnabled(False)
        say(self.problem_label, None)
        self.status_label.setText(text)
        self.status_label.show()

    def _finish(self, text: str | None) -> None:
        self._busy = False
        self.plan_button.setEnabled(True)
        self.save_button.setEnabled(self.is_admin)
        self.purge_button.setEnabled(self.is_admin)
        self.status_label.setText(text or "")
        self.status_label.setVisible(bool(text))

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def finished(result: Any) -> None:
            if isValid(self):  # closed meanwhile: what was done stays done
                done(result)

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if not isValid(self):
                return
            if isinstance(error, ConflictError):  # the next save starts from what is saved
                self._version = get_retention(self._desk).version
            self._finish(None)
            say(self.problem_label, error.message)

        run_in_background(work, finished, failed)
