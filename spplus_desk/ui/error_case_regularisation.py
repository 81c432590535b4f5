"""The regularisation part of the case form: spontaneous, or on the service's invitation
with a delay given to the person — whose due date is shown as it is typed, counted by
the same engine and calendar as the requests' deadlines — and the day it was done.

Once saved, an invitation's deadline is followed like a request: the form says which
one, when it falls due, and whether it is late.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from spplus_desk.domain.deadline import deadline_from, long_date
from spplus_desk.domain.delay import DELAY_FORMS, Delay
from spplus_desk.domain.error_case import (
    DEFAULT_REGULARISATION_DELAY,
    CaseDraft,
    Regularisation,
    RegularisationFollowUp,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import time_text
from spplus_desk.services.deadline_check import service_calendar_or_default
from spplus_desk.services.desk import Desk
from spplus_desk.services.regularisation import day_instant
from spplus_desk.ui.contact_widgets import shortcut_tip
from spplus_desk.ui.date_edit import CALENDAR_KEY, date_edit, edit_date, to_qdate
from spplus_desk.ui.delay_field import DelayField
from spplus_desk.ui.request_deadline import ALARM_STYLE, value_label


class RegularisationBox(QGroupBox):
    changed = Signal()  # the kind of regularisation changed (the outcome may follow)

    def __init__(self, desk: Desk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Régularisation"))
        self._desk = desk
        self._today = today
        # The service's holidays and closures, read once: the preview is counted as the
        # deadline will be.
        self._calendar = service_calendar_or_default(desk)
        self.radios: dict[Regularisation | None, QRadioButton] = {}
        self.group = QButtonGroup(self)
        for kind, text, name in (
            (None, self.tr("Pas encore"), self.tr("Régularisation : pas encore")),
            (
                Regularisation.SPONTANEOUS,
                self.tr("&Spontanée"),
                self.tr("Régularisation spontanée de la personne"),
            ),
            (
                Regularisation.INVITED,
                self.tr("Sur in&vitation du service"),
                self.tr("Régularisation sur invitation du service, avec un délai"),
            ),
        ):
            radio = QRadioButton(text)
            radio.setAccessibleName(name)
            radio.setToolTip(name)
            shortcut_tip(radio, text, self.tr("flèches pour changer"))
            self.group.addButton(radio)
            self.radios[kind] = radio
        self.radios[None].setChecked(True)
        self.group.buttonToggled.connect(self._on_group_button_toggled)

        self.invited_on_edit = date_edit(self.tr("Date de l'invitation à régulariser"), today)
        shortcut_tip(self.invited_on_edit, "", CALENDAR_KEY)
        self.invited_on_edit.dateChanged.connect(self._show_due)
        self.delay_field = DelayField(
            self,
            (
                self.tr("Délai donné à la personne pour régulariser"),
                self.tr("Échéance de la régularisation"),
            ),
            self.tr("Délai donné à la personne, par exemple %1").replace("%1", DELAY_FORMS),
            self.fontMetrics().averageCharWidth() * 28,
            DEFAULT_REGULARISATION_DELAY,
        )
        self.delay_edit = self.delay_field.edit
        self.delay_problem = self.delay_field.problem
        self.due_label = self.delay_field.due_label
        self.delay_edit.textChanged.connect(self._show_due)
        self.follow_up_label = value_label(self.tr("Suivi de l'échéance"))
        self.follow_up_label.hide()

        self.done_box = QCheckBox(self.tr("Régularisation &faite le :"))
        self.done_box.setAccessibleName(self.tr("La régularisation est faite"))
        self.done_box.setToolTip(self.tr("Cochez quand la personne a régularisé"))
        shortcut_tip(self.done_box, self.done_box.text())
        self.done_box.toggled.connect(self._on_done_box_toggled)
        self.done_edit = date_edit(self.tr("Date de la régularisation"), today)
        shortcut_tip(self.done_edit, "", CALENDAR_KEY)

        radios = QHBoxLayout()
        for radio in self.radios.values():
            radios.addWidget(radio)
        radios.addStretch(1)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(radios)
        invited_label = QLabel(self.tr("Invitation du :"))
        invited_label.setBuddy(self.invited_on_edit)
        form.addRow(invited_label, self.invited_on_edit)
        delay_label = QLabel(self.tr("Délai donné :"))
        delay_label.setBuddy(self.delay_edit)
        # The followed deadline too in the delay's cell: hidden, it leaves no gap.
        self.delay_field.cell.addWidget(self.follow_up_label)
        form.addRow(delay_label, self.delay_field.cell)
        form.addRow(self.done_box, self.done_edit)
        self._update()

    def controls(self) -> list[QWidget]:
        return [
            *self.radios.values(),
            self.invited_on_edit,
            self.delay_edit,
            self.done_box,
            self.done_edit,
        ]

    # --- values ---------------------------------------------------------------------------

    def regularisation(self) -> Regularisation | None:
        return next(kind for kind, radio in self.radios.items() if radio.isChecked())

    def values(self) -> tuple[Regularisation | None, date | None, Delay | None, date | None]:
        """The draft's regularisation, invitation day, delay and day done; a delay that
        cannot be read is an InputProblemError on its field."""
        kind = self.regularisation()
        invited_on, delay = None, None
        if kind is Regularisation.INVITED:
            invited_on = edit_date(self.invited_on_edit)
            delay = self.delay_field.delay()
        done = edit_date(self.done_edit) if self.done_box.isChecked() and kind else None
        return kind, invited_on, delay, done

    def show_draft(self, draft: CaseDraft, follow_up: RegularisationFollowUp | None) -> None:
        self.radios[draft.regularisation].setChecked(True)
        self.invited_on_edit.setDate(to_qdate(draft.invited_on or self._today))
        delay = draft.regularisation_delay
        self.delay_edit.setText(delay.text if delay else DEFAULT_REGULARISATION_DELAY)
        self.done_box.setChecked(draft.regularised_on is not None)
        self.done_edit.setDate(to_qdate(draft.regularised_on or self._today))
        self.follow_up_label.setText(
            self.tr("Échéance suivie : %1").replace("%1", follow_up_text(follow_up))
            if follow_up
            else ""
        )
        self.follow_up_label.setStyleSheet(ALARM_STYLE if follow_up and follow_up.late else "")
        self.follow_up_label.setVisible(follow_up is not None)
        self._update()

    # --- live updates ---------------------------------------------------------------------

    def _on_group_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update()
            self.changed.emit()

    def _on_done_box_toggled(self, _checked: bool) -> None:
        self._update()

    def _update(self) -> None:
        kind = self.regularisation()
        invited = kind is Regularisation.INVITED
        self.invited_on_edit.setEnabled(invited)
        self.delay_edit.setEnabled(invited)
        self.done_box.setEnabled(kind is not None)
        self.done_edit.setEnabled(kind is not None and self.done_box.isChecked())
        self._show_due()

    def _show_due(self) -> None:
        """The due date of the delay typed, or why it cannot be read."""
        if self.regularisation() is not Regularisation.INVITED:
            self.delay_field.show_due("")
            return
        try:
            text = self._due_text(self.delay_field.delay())
        except UserError as error:
            self.delay_field.show_wrong(error.message)
            return
        self.delay_field.show_due(text)

    def _due_text(self, delay: Delay) -> str:
        now = self._desk.clock.now()
        zone: ZoneInfo = self._calendar.zone
        start = day_instant(edit_date(self.invited_on_edit), now, zone)
        deadline = deadline_from(self._calendar, start, delay)
        if deadline.due_date is None:
            return ""
        when = long_date(deadline.due_date)
        if delay.in_hours and deadline.due_at is not None:
            when = (
                self.tr("%1 à %2")
                .replace("%1", when)
                .replace("%2", time_text(deadline.due_at, zone))
            )
        return self.tr("À régulariser au plus tard le %1.").replace("%1", when)


def follow_up_text(follow_up: RegularisationFollowUp) -> str:
    """« demande 2027-000012, au plus tard le mercredi 19 mai 2027 — ⚠ en retard… »: the
    deadline as the board follows it, in words (a sign, not only a colour)."""
    text = f"demande {follow_up.reference}"
    if follow_up.due_date is not None:
        text += f", au plus tard le {long_date(follow_up.due_date)}"
    if follow_up.done:
        return text + " — ✓ régularisation faite."
    if follow_up.late:
        return text + " — ⚠ en retard : rien n'est arrivé à temps."
    return text + "."
