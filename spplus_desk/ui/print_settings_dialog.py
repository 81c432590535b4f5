"""« Affiches et documents »: what the service's printed documents say beyond its identity
(its local engagements, how to book an appointment) and how they look (logo, font).

Nothing is saved until « Enregistrer », which sends only what changed, each part through
its own service function, in the background (a font on a network share is read to check
it). A refusal is shown next to the part it is about and the form keeps everything typed;
the parts already saved stay saved, and the dialog says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from spplus_desk.domain.documents import MAX_APPOINTMENT_LENGTH, PrintSettings
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import (
    get_print_settings,
    set_logo,
    set_print_font,
    update_print_settings,
)
from spplus_desk.services.referential import Referential, load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.ui.background import run_in_background
from spplus_desk.ui.contact_widgets import (
    confirmation_label,
    fit_to_screen,
    named_button,
    scrolled_with_footer,
    shortcut_tip,
    tab_chain,
)
from spplus_desk.ui.feedback_widgets import CountedText
from spplus_desk.ui.print_settings_parts import EngagementsEditor, FontFields, LogoPicker


def ask_logo_path(parent: QWidget) -> Path | None:
    """The logo file the person chooses; None when they cancel. Tests replace this
    function rather than drive the platform's file dialog."""
    name, _chosen = QFileDialog.getOpenFileName(
        parent,
        parent.tr("Choisir un logo"),
        "",
        parent.tr("Images PNG ou JPEG (*.png *.jpg *.jpeg)"),
    )
    return Path(name) if name else None


def ask_font_path(parent: QWidget, title: str) -> Path | None:
    """A TrueType file the person chooses; None when they cancel (replaced in tests)."""
    name, _chosen = QFileDialog.getOpenFileName(
        parent, title, "", parent.tr("Polices TrueType (*.ttf)")
    )
    return Path(name) if name else None


@dataclass(frozen=True, slots=True)
class _Step:
    """One part to save: what it is called in the dialog's sentences, the service call
    (given the version it starts from) and where a refusal goes."""

    name: str
    save: Callable[[int], PrintSettings]
    refuse: Callable[[str], None]


@dataclass(frozen=True, slots=True)
class _Outcome:
    settings: PrintSettings  # as saved by the last step that went through
    saved: tuple[str, ...]  # the names of the steps saved
    failed: _Step | None = None
    error: UserError | None = None


class PrintSettingsDialog(QDialog):
    def __init__(self, desk: Desk, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._login = login
        self._busy = False
        title = self.tr("Affiches et documents")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._saved = get_print_settings(desk)
        self._logo = self._saved.look.logo  # the logo as the form holds it

        self.engagements = EngagementsEditor(self._referential())
        self.appointment = CountedText(
            self.tr("Prendre rendez-vous"),
            self.tr("Comment prendre rendez-vous, tel que l'affiche le dira"),
            MAX_APPOINTMENT_LENGTH,
        )
        self.appointment.edit.setPlaceholderText(
            self.tr("ex. en ligne sur www.ville.fr/rdv ou au 01 23 45 67 89")
        )
        appointment_label = QLabel(self.tr("&Prendre rendez-vous :"))
        appointment_label.setBuddy(self.appointment.edit)
        shortcut_tip(self.appointment.edit, appointment_label.text(), self.tr("Tab : sortir"))
        self.logo = LogoPicker()
        self.logo.choose_button.clicked.connect(self._on_choose_logo_clicked)
        self.logo.remove_button.clicked.connect(self._on_remove_logo_clicked)
        self.fonts = FontFields()
        self.fonts.regular_button.clicked.connect(self._on_regular_button_clicked)
        self.fonts.bold_button.clicked.connect(self._on_bold_button_clicked)

        self.status_label = confirmation_label()
        self.save_button = named_button(
            self.tr("&Enregistrer"), self.tr("Enregistrer les modifications"), self.tr("Ctrl+S")
        )
        self.save_button.setDefault(True)  # Entrée in the appointment or font fields
        self.save_button.clicked.connect(self._on_save_button_clicked)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_button_clicked)
        self.cancel_button = named_button(
            self.tr("Annuler"), self.tr("Fermer sans enregistrer"), self.tr("Échap")
        )
        self.cancel_button.clicked.connect(self.reject)

        booking = QGroupBox(self.tr("Rendez-vous"))
        booking_column = QVBoxLayout(booking)
        booking_column.addWidget(appointment_label)
        booking_column.addWidget(self.appointment)
        look = QVBoxLayout()
        for part in (booking, self.logo, self.fonts):
            look.addWidget(part)
        look.addStretch(1)
        # The wording on the left, the look on the right; one under the other when that
        # is too wide (200 % font, small screens).
        content = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        columns.addWidget(self.engagements, stretch=1)
        columns.addLayout(look, stretch=1)
        if content.sizeHint().width() > self.screen().availableGeometry().width() * 0.9:
            columns.setDirection(QBoxLayout.Direction.TopToBottom)
        scrolled_with_footer(self, content, self.save_button, self.cancel_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.status_label)  # in sight above the buttons
        tab_chain(
            [
                *self.engagements.controls(),
                self.appointment.edit,
                *self.logo.controls(),
                *self.fonts.controls(),
                self.save_button,
                self.cancel_button,
            ]
        )
        self._show(self._saved)
        self.engagements.list.setFocus()
        fit_to_screen(self, 200, 44)

    def _referential(self) -> Referential | None:
        service = get_service(self._desk)
        return load_referential(service.referential) if service is not None else None

    # Slots

    def _on_choose_logo_clicked(self) -> None:
        path = ask_logo_path(self)
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError:
            self._refuse_logo(
                self.tr("Le fichier « %1 » n'a pas pu être lu.").replace("%1", str(path))
            )
            return
        if not self.logo.show_logo(data):
            self._refuse_logo(
                self.tr(
                    "« %1 » n'est pas une image PNG ou JPEG lisible : choisissez un autre fichier."
                ).replace("%1", path.name)
            )
            return
        self._logo = data
        self.logo.refuse(None)

    def _on_remove_logo_clicked(self) -> None:
        self._logo = None
        self.logo.show_logo(None)
        self.logo.refuse(None)
        self.logo.choose_button.setFocus()  # the remove button is now off

    def _on_regular_button_clicked(self) -> None:
        self._choose_font(self.fonts.regular_edit, self.tr("Choisir la police normale"))

    def _on_bold_button_clicked(self) -> None:
        self._choose_font(self.fonts.bold_edit, self.tr("Choisir la police grasse"))

    def _on_save_button_clicked(self) -> None:
        if self._busy:
            return  # one save at a time
        steps = self._steps()
        if not steps:
            self.accept()  # nothing changed: nothing to save
            return
        self._busy = True
        self.save_button.setEnabled(False)
        for part in (self.engagements, self.logo, self.fonts):
            part.refuse(None)  # the last refusals are answered, or said again
        self.status_label.setText(self.tr("Enregistrement…"))
        self.status_label.show()
        start = self._saved

        def work() -> _Outcome:
            settings, saved = start, list[str]()
            for step in steps:
                try:
                    settings = step.save(settings.version)
                except UserError as error:
                    return _Outcome(settings, tuple(saved), step, error)
                saved.append(step.name)
            return _Outcome(settings, tuple(saved))

        def done(outcome: _Outcome) -> None:
            # Closed meanwhile (Échap): what went through is saved, nobody to tell.
            if isValid(self) and self.isVisible():
                self._done(outcome)

        def failed(error: BaseException) -> None:
            raise error  # a bug (refusals come back in the outcome): the app reports it

        run_in_background(work, done, failed)

    # Saving

    def _steps(self) -> list[_Step]:
        """The parts that differ from what is saved, in the order of the form."""
        # The service calls run on another thread: they take plain values, not widgets.
        desk, login, saved, steps = self._desk, self._login, self._saved, []
        engagements, appointment = self.engagements.engagements(), self.appointment.text().strip()
        if (engagements, appointment) != (saved.local_engagements, saved.appointment):
            steps.append(
                _Step(
                    self.tr("les engagements et le rendez-vous"),
                    lambda version: update_print_settings(
                        desk,
                        login=login,
                        version=version,
                        local_engagements=engagements,
                        appointment=appointment,
                    ),
                    self._refuse_texts,
                )
            )
        logo = self._logo
        if logo != saved.look.logo:
            steps.append(
                _Step(
                    self.tr("le logo"),
                    lambda version: set_logo(desk, login=login, version=version, data=logo),
                    self._refuse_logo,
                )
            )
        regular, bold = self.fonts.fonts()
        if (regular, bold) != (saved.look.font_regular, saved.look.font_bold):
            steps.append(
                _Step(
                    self.tr("la police"),
                    lambda version: set_print_font(
                        desk, login=login, version=version, regular=regular, bold=bold
                    ),
                    self._refuse_font,
                )
            )
        return steps

    def _done(self, outcome: _Outcome) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self._saved = outcome.settings
        if outcome.failed is None or outcome.error is None:
            self.accept()
            return
        if isinstance(outcome.error, ConflictError):
            # Someone saved the service meanwhile: the next « Enregistrer » applies this
            # form's changes to the version saved now (what was typed is kept).
            current = get_print_settings(self._desk)
            self._saved = replace(self._saved, version=current.version)
        text = self.tr("Rien n'a été enregistré.")
        if outcome.saved:
            text = self.tr("Enregistré : %1 ; le reste ne l'est pas.").replace(
                "%1", ", ".join(outcome.saved)
            )
        self.status_label.setText(text)
        self.status_label.show()
        outcome.failed.refuse(outcome.error.message)

    def _refuse_texts(self, message: str) -> None:
        self.engagements.refuse(message)
        if len(self.appointment.text().strip()) > MAX_APPOINTMENT_LENGTH:
            self._point_at(self.appointment.edit)
        else:
            self._point_at(self.engagements.list)

    def _refuse_logo(self, message: str) -> None:
        self.logo.refuse(message)
        self._point_at(self.logo.choose_button)

    def _refuse_font(self, message: str) -> None:
        self.fonts.refuse(message)
        self._point_at(self.fonts.regular_edit)

    # State

    def _choose_font(self, edit: QLineEdit, title: str) -> None:
        path = ask_font_path(self, title)
        if path is not None:
            edit.setText(str(path))
            self.fonts.refuse(None)
        edit.setFocus()

    def _point_at(self, field: QWidget) -> None:
        """The focus on ``field``, scrolled into sight (200 % font, small screens)."""
        area = self.findChild(QScrollArea)
        if area is not None:
            area.ensureWidgetVisible(field)
        field.setFocus()

    def _show(self, settings: PrintSettings) -> None:
        self.engagements.set_engagements(settings.local_engagements)
        self.appointment.set_text(settings.appointment)
        self.logo.show_logo(settings.look.logo)
        self.fonts.set_fonts(settings.look.font_regular, settings.look.font_bold)
