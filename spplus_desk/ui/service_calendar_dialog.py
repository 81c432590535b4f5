"""The service's calendar as deadlines count it: Whit Monday worked or not, the service's
own closure days, and (read-only) the public holidays already counted.

Each change recomputes the deadlines of the open requests, which may take a moment on a
large service: it runs in the background and the dialog then says how many requests got
a new due date. A refusal (a Sunday, a holiday, a day already closed) is shown next to
the date, with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.validation import MAX_NAME_LENGTH
from spplus_desk.services.desk import Desk
from spplus_desk.services.service_calendar import (
    CalendarChange,
    CalendarSettings,
    Closure,
    add_closure,
    calendar_settings,
    remove_closure,
    set_whit_monday_worked,
)
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    message_label,
    named_button,
    note_label,
    scrolled_with_footer,
    shortcut_tip,
    show_problem,
    tab_chain,
)
from spplus_desk.ui.rows_model import RowsModel

_FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


def _day(day: date) -> str:
    """« Vendredi 7 mai 2027 »."""
    text = long_date(day)
    return text[:1].upper() + text[1:]


class DaysModel(RowsModel):
    """Days with a name: the closures (date, label), the holidays (date, name)."""

    def __init__(self, name_title: str) -> None:
        super().__init__([("Date", lambda row: _day(row[0])), (name_title, lambda row: row[1])])

    def row_of_day(self, day: date) -> int:
        return next((i for i in range(self.rowCount()) if self.item(i)[0] == day), -1)


class ServiceCalendarDialog(QDialog):
    # Emitted once a change is saved, with how many open requests got a new due date.
    calendar_changed = Signal(int)

    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._busy = False
        title = self.tr("Calendrier du service")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        settings = calendar_settings(desk)

        self.departement_label = QLabel()
        self.departement_label.setAccessibleName(self.tr("Département du service"))
        self.departement_label.setWordWrap(True)
        self.whit_box = QCheckBox(
            self.tr("Le lundi de &Pentecôte est travaillé (journée de solidarité)")
        )
        self.whit_box.setAccessibleName(self.tr("Le lundi de Pentecôte est travaillé"))
        self.whit_box.setToolTip(
            self.tr("Coché, le lundi de Pentecôte compte dans les délais comme un jour ouvré")
        )
        shortcut_tip(self.whit_box, self.whit_box.text())
        self.whit_box.toggled.connect(self._on_whit_box_toggled)

        self.closures_model = DaysModel(self.tr("Libellé"))
        self.closures_table = self._table(self.closures_model, self.tr("Jours de fermeture"))
        closures_label = QLabel(self.tr("&Jours de fermeture du service :"))
        closures_label.setBuddy(self.closures_table)
        shortcut_tip(self.closures_table, closures_label.text())
        self.remove_button = named_button(
            self.tr("&Retirer le jour choisi"), self.tr("Retirer le jour de fermeture choisi")
        )
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.date_edit = QDateEdit()
        self.date_edit.setLocale(_FRENCH)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Date du jour de fermeture à ajouter"))
        date_label = QLabel(self.tr("&Date :"))
        date_label.setBuddy(self.date_edit)
        shortcut_tip(self.date_edit, date_label.text(), self.tr("Entrée : ajouter"))
        self.label_edit = QLineEdit()
        self.label_edit.setMaxLength(MAX_NAME_LENGTH)
        self.label_edit.setAccessibleName(self.tr("Libellé du jour de fermeture à ajouter"))
        self.label_edit.setPlaceholderText(self.tr("ex. Pont de l'Ascension"))
        self.label_edit.returnPressed.connect(self._on_add_button_clicked)
        name_label = QLabel(self.tr("&Libellé :"))
        name_label.setBuddy(self.label_edit)
        shortcut_tip(self.label_edit, name_label.text(), self.tr("Entrée : ajouter"))
        self.add_button = named_button(self.tr("&Ajouter"), self.tr("Ajouter ce jour de fermeture"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.closure_error = message_label(self.tr("Jour de fermeture refusé"))
        self.status_label = confirmation_label()

        self.holidays_model = DaysModel(self.tr("Jour férié"))
        self.holidays_table = self._table(self.holidays_model, self.tr("Jours fériés"))
        self.holidays_label = QLabel()
        self.holidays_label.setWordWrap(True)
        self.holidays_label.setBuddy(self.holidays_table)

        self.error_label = message_label(self.tr("Modification refusée"))
        note = note_label(
            self.tr(
                "Les délais en jours ouvrés et ouvrables sautent les jours fériés et les "
                "jours de fermeture ; un délai en jours calendaires qui finit un de ces "
                "jours passe au jour ouvré suivant. Chaque changement recalcule aussitôt "
                "l'échéance des demandes en cours."
            )
        )
        self.close_button = named_button(
            self.tr("&Fermer"), self.tr("Fermer la fenêtre"), self.tr("Échap")
        )
        self.close_button.clicked.connect(self.accept)

        closures = QGridLayout()
        closures.addWidget(closures_label, 0, 0, 1, 3)
        closures.addWidget(self.closures_table, 1, 0, 1, 3)
        closures.addWidget(self.remove_button, 2, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
        closures.addWidget(date_label, 3, 0)
        closures.addWidget(self.date_edit, 3, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        closures.addWidget(name_label, 4, 0)
        closures.addWidget(self.label_edit, 4, 1)
        closures.addWidget(self.add_button, 4, 2)
        closures.addWidget(self.closure_error, 5, 0, 1, 3)
        closures.addWidget(self.status_label, 6, 0, 1, 3)
        closures.setColumnStretch(1, 1)
        closures.setRowStretch(1, 1)
        holidays = QVBoxLayout()
        holidays.addWidget(self.holidays_label)
        holidays.addWidget(self.holidays_table, stretch=1)
        # Side by side when they fit (large font, small screen: one under the other).
        lists = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        lists.addLayout(closures, stretch=1)
        lists.addLayout(holidays, stretch=1)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.departement_label)
        column.addWidget(self.whit_box)
        column.addWidget(self.error_label)
        column.addLayout(lists, stretch=1)
        column.addWidget(note)
        scrolled_with_footer(self, content, self.close_button)
        tab_chain(
            [
                self.whit_box,
                self.closures_table,
                self.remove_button,
                self.date_edit,
                self.label_edit,
                self.add_button,
                self.holidays_table,
                self.close_button,
            ]
        )
        self._show(settings)
        self.date_edit.setDate(QDate(settings.today.year, settings.today.month, settings.today.day))
        self.date_edit.setFocus()
        if content.sizeHint().width() > self.screen().availableGeometry().width() * 0.9:
            lists.setDirection(QBoxLayout.Direction.TopToBottom)
        fit_to_screen(self, 150, 40)

    def _table(self, model: DaysModel, name: str) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        # Rows as high as their text: a few dozen days at most.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        return table

    # Slots

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the date field adds the day, as in the label field (the date field
        # lets the key through to the dialog).
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.date_edit.hasFocus():
            self._on_add_button_clicked()
            return
        super().keyPressEvent(event)

    def _on_whit_box_toggled(self, checked: bool) -> None:
        self._run(
            lambda: set_whit_monday_worked(self._desk, login=self._login, worked=checked),
            self.tr("Le lundi de Pentecôte est désormais travaillé : il compte dans les délais.")
            if checked
            else self.tr("Le lundi de Pentecôte est désormais chômé : les délais le sautent."),
            self.whit_box,
        )

    def _on_add_button_clicked(self) -> None:
        typed = self.date_edit.date()
        day = date(typed.year(), typed.month(), typed.day())
        label = self.label_edit.text()
        self._run(
            lambda: add_closure(self._desk, login=self._login, day=day, label=label),
            self.tr("%1 est ajouté aux jours de fermeture.").replace("%1", _day(day)),
            self.date_edit,
            added=day,
        )

    def _on_remove_button_clicked(self) -> None:
        # The row the person sees as current (the first once the list has the focus).
        current = self.closures_table.currentIndex()
        if not current.isValid():
            show_problem(
                self.closure_error,
                self.closures_table,
                self.tr("Choisissez d'abord dans la liste le jour de fermeture à retirer."),
            )
            self.closures_table.setFocus()
            return
        closure: Closure = self.closures_model.item(current.row())
        self._run(
            lambda: remove_closure(self._desk, login=self._login, day=closure.day),
            self.tr("%1 n'est plus un jour de fermeture.").replace("%1", _day(closure.day)),
            self.closures_table,
        )

    # Work

    def _run(
        self,
        change: Callable[[], CalendarChange],
        done_text: str,
        about: QWidget,
        *,
        added: date | None = None,
    ) -> None:
        """One change in the background; its result, or its refusal next to ``about``."""
        if self._busy:
            return  # one change at a time: the next click waits for this one
        self._busy = True
        self.status_label.setText(self.tr("Enregistrement et calcul des échéances…"))
        self.status_label.show()

        def done(result: CalendarChange) -> None:
            if isValid(self):  # else the dialog was closed meanwhile: the change is saved
                self._busy = False
                self._done(result, done_text, added)

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                raise error  # a bug: reported by the app's exception hook
            if isValid(self):
                self._busy = False
                self._refuse(error.message, about)

        run_in_background(change, done, failed)

    def _done(self, change: CalendarChange, text: str, added: date | None) -> None:
        self._clear_problems()
        self._show(change.settings)
        moved = change.requests_changed
        if moved:
            text += " " + count_text(
                moved,
                self.tr("demande en cours a une nouvelle échéance."),
                self.tr("demandes en cours ont une nouvelle échéance."),
            )
        else:
            text += " " + self.tr("Aucune demande en cours ne change d'échéance.")
        self.status_label.setText(text)
        self.status_label.show()
        if added is not None:
            self.label_edit.clear()
            row = self.closures_model.row_of_day(added)
            self.closures_table.selectRow(row)
            self.closures_table.scrollTo(self.closures_model.index(row, 0))
            self.date_edit.setFocus()
        self.calendar_changed.emit(moved)

    def _refuse(self, message: str, about: QWidget) -> None:
        self.status_label.hide()
        self._clear_problems()
        if about is self.whit_box:
            show_problem(self.error_label, self.whit_box, message)
            self._show(calendar_settings(self._desk))  # the box shows the stored setting
        else:
            show_problem(self.closure_error, about, message)
        about.setFocus()

    def _clear_problems(self) -> None:
        show_problem(self.error_label, self.whit_box, None)
        for field in (self.closures_table, self.date_edit):
            show_problem(self.closure_error, field, None)

    def _show(self, settings: CalendarSettings) -> None:
        self.departement_label.setText(
            self.tr("Département : %1 — les délais sautent déjà ses jours fériés.").replace(
                "%1", settings.departement
            )
        )
        self.whit_box.blockSignals(True)  # showing the setting is not changing it
        self.whit_box.setChecked(settings.whit_monday_worked)
        self.whit_box.blockSignals(False)
        self.closures_model.set_rows(settings.closures)
        self.remove_button.setEnabled(bool(settings.closures))
        self.holidays_model.set_rows(settings.holidays)
        first, last = settings.holidays[0].day.year, settings.holidays[-1].day.year
        self.holidays_label.setText(
            self.tr("Jours fériés déjà &comptés (%1 et %2)\u00a0:")
            .replace("%1", str(first))
            .replace("%2", str(last))
        )
        self.holidays_table.setToolTip("")
        shortcut_tip(self.holidays_table, self.holidays_label.text())
