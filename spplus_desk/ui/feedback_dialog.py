"""The form of a feedback entry: a complaint, a suggestion or a compliment.

A new entry is typed and saved with « Enregistrer » (Ctrl+Entrée); the day its reply
falls due shows as the delay is typed. A saved entry opens as sentences with where its
reply stands: one still to answer gets the reply (its text and day) or is closed without
one, with a reason; an answered or closed one may be reopened. Its author, a lead or an
administrator may correct it. Refusals are said at the bottom in French and everything
typed stays; Échap on typed text asks before losing it.

Reading and saving one entry are a few indexed lookups: the services are called
directly, as in the case form. ``feedback_saved`` carries the saved FeedbackRecord.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from enum import Enum, auto
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.error_register import CaseOrigin
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.feedback import (
    FEEDBACK_KIND_LABELS,
    FeedbackRecord,
    FeedbackStatus,
)
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import (
    close_feedback,
    correct_feedback,
    feedback_entry,
    record_feedback,
    reopen_feedback,
    reply_to_feedback,
)
from spplus_desk.services.permissions import SUPERVISORS
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    say,
    scrolled,
    tab_chain,
)
from spplus_desk.ui.date_edit import edit_date
from spplus_desk.ui.feedback_buttons import FeedbackButtons
from spplus_desk.ui.feedback_form import FeedbackForm
from spplus_desk.ui.feedback_reply import FeedbackSummary, ReplyBox, done_text, title_text
from spplus_desk.ui.feedback_widgets import DiscardGuard, focus_to_retype, title_label
from spplus_desk.ui.quick_entry_choices import InputProblemError


class Mode(Enum):
    NEW = auto()  # an entry being typed
    VIEW = auto()  # a saved entry: its reply, its closing, its reopening
    CORRECTING = auto()  # a saved entry being corrected


class FeedbackDialog(QDialog):
    """Open it with ``open()`` or ``show()``; an unknown ``feedback_id`` raises the
    services' UserError before any window appears."""

    feedback_saved = Signal(object)  # the FeedbackRecord after any change

    def __init__(
        self,
        desk: Desk,
        login: str,
        zone: ZoneInfo,
        *,
        feedback_id: uuid.UUID | None = None,
        origin: CaseOrigin | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._origin = origin  # a new entry given during a contact
        self._desk, self._login, self._zone = desk, login, zone
        self.record: FeedbackRecord | None = None
        if feedback_id is not None:
            self.record = feedback_entry(desk, feedback_id)
        self._agent = find_agent(desk, login)  # who may correct: read once
        self.mode = Mode.NEW
        self.setAccessibleName(self.tr("Fiche d'un avis d'usager"))
        self.guard = DiscardGuard(self, self.typed)
        self._typed_from: tuple[object, ...] = ()

        self.title_label = title_label(self.tr("Titre de la fiche"), self.font())
        self.form = FeedbackForm(desk, self._today())
        self.summary = FeedbackSummary()
        self.reply_box = ReplyBox(self._today())
        self.reply_box.save_button.clicked.connect(self.save_reply)
        self.reply_box.close_button.clicked.connect(self._on_close_button_clicked)
        self.reply_box.confirm_button.clicked.connect(self.close_without_reply)
        self.reply_box.reason_edit.returnPressed.connect(self.close_without_reply)
        self.message = message_label(self.tr("Problème à corriger avant d'enregistrer"))
        self.confirmation = confirmation_label()
        self.buttons = buttons = FeedbackButtons()
        buttons.save_button.clicked.connect(self.save)
        buttons.correct_button.clicked.connect(self._on_correct_button_clicked)
        buttons.reopen_button.clicked.connect(self.reopen)
        buttons.back_button.clicked.connect(self._reload)
        buttons.reload_button.clicked.connect(self._reload)
        buttons.close_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_save_keys)
        self._lay_out()
        if self.record is None:
            self._start_new()
        else:
            self._show_record(self.record)
        fit_to_screen(self, 100, 50)
        self._focus_first()

    # --- building -------------------------------------------------------------------------

    def _lay_out(self) -> None:
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.addWidget(self.title_label)
        column.addWidget(self.summary)
        column.addWidget(self.reply_box)
        column.addWidget(self.form, stretch=1)
        column.addStretch(0)
        self.area = scrolled(self.content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.area, stretch=1)
        layout.addWidget(self.message)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.buttons)
        tab_chain([*self.reply_box.controls(), *self.form.controls(), *self.buttons.buttons()])

    def _today(self) -> date:
        return self._desk.clock.now().astimezone(self._zone).date()

    # --- showing --------------------------------------------------------------------------

    def _start_new(self) -> None:
        self.setWindowTitle(self.tr("Nouvel avis d'usager"))
        title = self.tr("Nouvel avis : réclamation, suggestion ou compliment")
        if self._origin is not None:
            self.form.start_from(self._origin)
            title += self.tr(" — %1").replace("%1", self._origin.label)
        self.title_label.setText(title)
        self._set_mode(Mode.NEW)

    def _show_record(self, record: FeedbackRecord) -> None:
        self.record = record
        kind = self.tr(FEEDBACK_KIND_LABELS[record.kind])
        day = f"{record.received_on:%d/%m/%Y}"
        self.setWindowTitle(self.tr("%1 du %2").replace("%1", kind).replace("%2", day))
        self.title_label.setText(self.tr(title_text(record)))
        self.summary.show_record(record, self._today())
        self._set_mode(Mode.VIEW)

    def _may_correct(self, record: FeedbackRecord) -> bool:
        """What the services allow (they check it again): the author, a lead, an admin."""
        agent = self._agent
        if agent is None or not agent.active:
            return False
        return agent.role in SUPERVISORS or agent.name == record.agent

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        editing = mode in (Mode.NEW, Mode.CORRECTING)
        record = self.record
        status = None if record is None else record.status
        self.form.setVisible(editing)
        self.summary.setVisible(not editing)
        self.reply_box.setVisible(mode is Mode.VIEW and status is FeedbackStatus.TO_ANSWER)
        self.reply_box.ask_reason(False)
        self.buttons.show_for(
            editing=editing,
            correcting=mode is Mode.CORRECTING,
            may_correct=record is not None and self._may_correct(record),
            may_reopen=record is not None
            and record.reply_due is not None
            and status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED),
        )
        self._typed_from = self.form.snapshot()

    def _focus_first(self) -> None:
        if self.mode is not Mode.VIEW:
            self.form.first_field().setFocus()
        elif self.reply_box.isVisibleTo(self):
            self.reply_box.reply_edit.setFocus()
        elif self.buttons.reopen_button.isVisibleTo(self):
            self.buttons.reopen_button.setFocus()
        else:
            self.buttons.close_button.setFocus()

    def typed(self) -> bool:
        """Whether closing now would lose something typed."""
        if self.mode is Mode.VIEW:
            return self.reply_box.isVisibleTo(self) and self.reply_box.typed()
        return self.form.snapshot() != self._typed_from

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Save the new entry, or the correction; a refusal is said at the bottom and the
        focus goes to the field concerned, everything typed kept."""
        if self.mode is Mode.VIEW:
            return
        self._act(self._save_draft, self.form.field_for)

    def _save_draft(self) -> FeedbackRecord:
        draft = self.form.draft()
        if self.record is None:
            return record_feedback(self._desk, login=self._login, draft=draft)
        return correct_feedback(
            self._desk,
            login=self._login,
            feedback_id=self.record.id,
            version=self.record.version,
            draft=draft,
        )

    def save_reply(self) -> None:
        record = self.record
        if record is None or not self.reply_box.isVisibleTo(self):
            return
        box = self.reply_box
        self._act(
            lambda: reply_to_feedback(
                self._desk,
                login=self._login,
                feedback_id=record.id,
                version=record.version,
                reply=box.reply_edit.toPlainText(),
                replied_on=edit_date(box.replied_edit),
            ),
            lambda message: box.replied_edit if "date" in message else box.reply_edit,
        )

    def close_without_reply(self) -> None:
        record = self.record
        if record is None or not self.reply_box.asking_reason:
            return
        self._act(
            lambda: close_feedback(
                self._desk,
                login=self._login,
                feedback_id=record.id,
                version=record.version,
                reason=self.reply_box.reason_edit.text(),
            ),
            lambda _message: self.reply_box.reason_edit,
        )

    def reopen(self) -> None:
        record = self.record
        if record is None:
            return
        self._act(
            lambda: reopen_feedback(
                self._desk, login=self._login, feedback_id=record.id, version=record.version
            ),
            lambda _message: self.buttons.reopen_button,
        )

    def _act(
        self, action: Callable[[], FeedbackRecord], field_for: Callable[[str], QWidget | None]
    ) -> None:
        """Run one of the services' actions; say what was done, or why not."""
        self._refuse(None)
        before = self.record
        was_new = self.mode is Mode.NEW
        try:
            record = action()
        except InputProblemError as error:
            self._refuse(error.message, error.field)
            return
        except ConflictError as error:
            self._refuse(error.message, self._conflict_button())
            return
        except UserError as error:
            self._refuse(error.message, field_for(error.message))
            return
        self.feedback_saved.emit(record)
        if was_new:
            self.accept()
            return
        self.reply_box.clear()
        self._show_record(record)
        self._confirm(self.tr(done_text(before, record)))

    def _conflict_button(self) -> QWidget:
        """After a conflict: back to the current version, the way the mode offers."""
        if self.mode is Mode.CORRECTING:
            return self.buttons.back_button
        self.buttons.reload_button.show()
        return self.buttons.reload_button

    def _refuse(self, message: str | None, field: QWidget | None = None) -> None:
        say(self.message, message)
        self.message.setAccessibleDescription(message or "")
        if field is not None and field.isEnabled() and field.isVisibleTo(self):
            focus_to_retype(field)
            if self.content.isAncestorOf(field):  # a field of the form: bring it in sight
                self.area.ensureWidgetVisible(field)
        if message:
            self.confirmation.hide()

    def _confirm(self, text: str) -> None:
        self.confirmation.setText(text)
        self.confirmation.show()
        self._focus_first()

    # --- slots ----------------------------------------------------------------------------

    def _on_save_keys(self) -> None:
        if self.mode is not Mode.VIEW:
            self.save()
        elif self.reply_box.asking_reason:
            self.close_without_reply()
        else:
            self.save_reply()

    def _on_correct_button_clicked(self) -> None:
        assert self.record is not None
        self._refuse(None)
        self.confirmation.hide()
        self.form.show_record(self.record)
        self._set_mode(Mode.CORRECTING)
        self._focus_first()

    def _on_close_button_clicked(self) -> None:
        self._refuse(None)
        self.reply_box.ask_reason(True)

    def _reload(self) -> None:
        """The entry as it now stands (another desk may have changed it meanwhile); what
        was typed in the reply stays."""
        assert self.record is not None
        self._refuse(None)
        try:
            self._show_record(feedback_entry(self._desk, self.record.id))
        except UserError as error:
            self._refuse(error.message)
        self._focus_first()

    def reject(self) -> None:
        if self.guard.may_close():
            super().reject()
