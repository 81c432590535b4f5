"""The request view (« fiche de la demande »): one request, its deadline explained, every
event of its log as a timeline, and the actions possible now.

Reading one request is a few indexed lookups, well under the 50 ms that would call for a
background job (as for the contact dialog): it is read on the main thread when the view
opens, and the case each action returns is shown at once. ``request_changed`` carries
that new case to whoever opened the view (the lead's board, the contact dialog).
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.enums import RequestEventType, WaitPolicy
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import NOT_GIVEN, moment_text
from spplus_desk.domain.labels import (
    CHANNEL_LABELS,
    REQUEST_EVENT_LABELS,
    REQUEST_STATUS_LABELS,
    WAIT_POLICY_LABELS,
)
from spplus_desk.domain.request_case import RequestCase, TimelineEntry
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_register import case_of_follow_up, origin_of_request
from spplus_desk.services.requests import request_case
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    named_button,
    say,
    scrolled_with_footer,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.request_actions import RequestActions
from spplus_desk.ui.request_deadline import DeadlineBox, value_label
from spplus_desk.ui.rows_model import RowsModel

COL_DATE, COL_EVENT, COL_BY, COL_DETAIL = range(4)


class TimelineModel(RowsModel):
    """The request's events, oldest first: when, what, by whom, and the detail (the
    reason given, or who has the request from then on)."""

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__(
            [
                ("Date", lambda entry: moment_text(entry.at, zone)),
                ("Événement", lambda entry: REQUEST_EVENT_LABELS[entry.type]),
                ("Par", lambda entry: entry.actor or "—"),
                ("Détail", _detail),
            ]
        )


def _detail(entry: TimelineEntry) -> str:
    if entry.type in (RequestEventType.RECEIVED, RequestEventType.REASSIGNED) and entry.assignee:
        return f"confiée à {entry.assignee}"
    return entry.reason or ""


class RequestDialog(QDialog):
    """Open it with ``open()`` or ``show()``; an unknown id raises the service's UserError
    before any window appears."""

    request_changed = Signal(object)  # the RequestCase after an action (or a conflict)

    def __init__(
        self,
        desk: Desk,
        login: str,
        request_id: uuid.UUID,
        zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._request_id = request_id
        self._zone = zone
        self._values: dict[str, QLabel] = {}
        self._row_labels: list[QLabel] = []
        self.case: RequestCase = request_case(desk, request_id)
        self.setAccessibleName(self.tr("Fiche de la demande"))

        self.title_label = QLabel()
        self.title_label.setAccessibleName(self.tr("Référence de la demande"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.deadline = DeadlineBox(zone)
        self.action_panel = RequestActions(desk, login)
        self.action_panel.acted.connect(self._on_action_panel_acted)
        self.action_panel.conflicted.connect(self._on_action_panel_conflicted)
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fiche de la demande"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.reject)
        self._error_case_part()
        # The acknowledgement of receipt to print: the print centre, on this request.
        self.receipt_button = named_button(
            self.tr("Accusé de récept&ion…"),
            self.tr("Préparer l'accusé de réception de cette demande, à imprimer"),
        )
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.title_label)
        column.addWidget(self.follow_up_label)
        self.sides = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        facts = QVBoxLayout()
        facts.addWidget(self._request_box())
        facts.addWidget(self.deadline)
        facts.addStretch(1)
        self.sides.addLayout(facts, stretch=3)
        self.sides.addWidget(self.action_panel, stretch=2)
        column.addLayout(self.sides)
        column.addLayout(self._timeline(), stretch=1)
        footer = (self.receipt_button, self.error_case_button, self.close_button)
        scrolled_with_footer(self, content, *footer)
        # The two boxes' values start at the same place, read as one column.
        labels = [*self._row_labels, *self.deadline.row_labels]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)
        controls = [*self.action_panel.controls(), self.timeline]
        tab_chain([*controls, *footer])

        self._show(self.case)
        # Side by side when they fit (large font, small screen: one under the other).
        if content.sizeHint().width() > self.screen().availableGeometry().width() * 0.9:
            self.sides.setDirection(QBoxLayout.Direction.TopToBottom)
        fit_to_screen(self, 150, 52)
        self.action_panel.focus_first()

    # --- parts of the view ----------------------------------------------------------------

    def _request_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Demande"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._add(form, "kind", self.tr("Type de demande"))
        self._add(form, "channel", self.tr("Canal"))
        self._add(form, "received", self.tr("Reçue le"))
        self._add(form, "person", self.tr("Personne"))
        self._add(form, "assignee", self.tr("Confiée à"))
        self._add(form, "status", self.tr("État"))
        self._add(form, "promise", self.tr("Délai annoncé"))
        return box

    def _error_case_part(self) -> None:
        """A right-to-error case from this request; for the deadline of a case's
        regularisation, that case (the request is its follow-up)."""
        self._error_case_id = case_of_follow_up(self._desk, self._request_id)
        follows = self._error_case_id is not None
        self.follow_up_label = value_label(self.tr("Cas suivi"))
        self.follow_up_label.setText(
            self.tr(
                "Cette échéance suit un cas du droit à l'erreur : la régularisation demandée "
                "à la personne. Le cas se modifie dans sa fiche."
            )
        )
        self.follow_up_label.setVisible(follows)
        if follows:
            text = self.tr("Ouvrir le cas du droit à l'&erreur…")
            name = self.tr("Ouvrir le cas du droit à l'erreur que cette échéance suit")
        else:
            text = self.tr("Droit à l'&erreur…")
            name = self.tr("Enregistrer un cas du droit à l'erreur à partir de cette demande")
        self.error_case_button = named_button(text, name)
        self.error_case_button.clicked.connect(self._on_error_case_button_clicked)

    def _add(self, form: QFormLayout, key: str, name: str) -> None:
        value = value_label(name)
        self._values[key] = value
        label = QLabel(self.tr("%1 :").replace("%1", name))
        self._row_labels.append(label)
        form.addRow(label, value)

    def _timeline(self) -> QVBoxLayout:
        self.timeline_model = TimelineModel(self._zone)
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setAccessibleName(self.tr("Suivi de la demande"))
        self.timeline.setToolTip(self.tr("Les événements de la demande, du plus ancien au dernier"))
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setTabKeyNavigation(False)  # arrows move in it, Tab leaves it
        self.timeline.setWordWrap(True)
        self.timeline.verticalHeader().hide()
        self.timeline.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.timeline.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        label = QLabel(self.tr("&Suivi :"))
        label.setBuddy(self.timeline)
        shortcut_tip(self.timeline, label.text())
        layout = QVBoxLayout()
        layout.addWidget(label)
        layout.addWidget(self.timeline, stretch=1)
        return layout

    # --- showing a case -------------------------------------------------------------------

    def _show(self, case: RequestCase) -> None:
        self.case = case
        self.setWindowTitle(
            self.tr("Demande %1 — %2").replace("%1", case.reference).replace("%2", case.kind)
        )
        self.title_label.setText(self.tr("Demande n°\u00a0%1").replace("%1", case.reference))
        policy = WaitPolicy.RESTART if case.wait_restarts else WaitPolicy.SUSPEND
        texts = {
            "kind": case.kind,
            "channel": CHANNEL_LABELS[case.channel],
            "received": moment_text(case.received_at, self._zone),
            "person": case.person or NOT_GIVEN,
            "assignee": case.assignee or self.tr("personne"),
            "status": REQUEST_STATUS_LABELS[case.status],
            "promise": self.tr("%1 — l'attente de l'usager %2")
            .replace("%1", case.delay)
            .replace("%2", WAIT_POLICY_LABELS[policy]),
        }
        for key, text in texts.items():
            self._values[key].setText(text)
        today = self._desk.clock.now().astimezone(self._zone).date()
        self.deadline.show_case(case, today)
        self.action_panel.show_case(case)
        self.timeline_model.set_rows(case.timeline)
        last = self.timeline_model.rowCount() - 1
        if last >= 0:  # the newest event, last, is the current row
            self.timeline.setCurrentIndex(self.timeline_model.index(last, COL_DATE))
            self.timeline.scrollToBottom()

    def reload(self) -> None:
        self._show(request_case(self._desk, self._request_id))

    # --- slots ----------------------------------------------------------------------------

    def _on_error_case_button_clicked(self) -> None:
        from spplus_desk.ui.error_register_view import open_case_form

        try:
            if self._error_case_id is not None:
                case_id, origin = self._error_case_id, None
            else:
                case_id, origin = None, origin_of_request(self._desk, self._request_id)
            dialog = open_case_form(
                self, self._desk, self._login, self._zone, case_id=case_id, origin=origin
            )
        except UserError as error:
            say(self.action_panel.problem_label, error.message)
            return
        dialog.case_saved.connect(self._on_case_saved)

    def _on_receipt_button_clicked(self) -> None:
        from spplus_desk.ui.print_centre import open_print_centre

        open_print_centre(_main_window(self), self._desk, receipt=self.case.reference)

    def _on_case_saved(self, _record: object) -> None:
        """The regularisation done (or the case cancelled) closes this deadline."""
        self.reload()
        self.request_changed.emit(self.case)

    def _on_action_panel_acted(self, case: RequestCase) -> None:
        self._show(case)
        self.request_changed.emit(case)

    def _on_action_panel_conflicted(self) -> None:
        self.reload()
        self.request_changed.emit(self.case)


def _main_window(dialog: QWidget) -> QWidget:
    """The window under every other (the main window): the print centre outlives this
    view, deleted when closed, and the contact dialog that may have opened it."""
    window = dialog
    while (parent := window.parentWidget()) is not None:
        window = parent.window()
    return window
