"""First start: a short wizard asks what every screen and poster needs.

Three pages: the service (name, département), how to reach it (address, opening hours,
phone, e-mail) and the person answering, who becomes the first administrator. Each field
is checked as the person leaves it, with the reason written next to it; "Suivant" does not
move on while something is wrong and puts the cursor on it. Nothing is saved here:
``ask`` returns the answers and the caller saves them (services.setup.complete_first_run).

Given the service as saved (``current``), the same wizard corrects its details later
(« Coordonnées du service… »): the first two pages, filled in, ending with
« Enregistrer ». It still saves nothing: ``save_requested`` hands the checked answers to
the caller (services.service_details.update_service_details), which then closes it
(``accept``) or says why it could not save (``refuse``), keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, DEPARTEMENTS
from spplus_desk.domain.opening_hours_text import EXAMPLE, format_day, parse_day
from spplus_desk.domain.service import (
    ADMIN_NAME_FIELD,
    SERVICE_NAME_FIELD,
    WEEKDAY_NAMES,
    FirstRunSettings,
    OpeningHours,
    ServiceInfo,
    clean_address,
)
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.login import current_login
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    message_label,
    named_button,
    shortcut_tip,
    show_problem,
    tab_chain,
)
from spplus_desk.ui.first_run_fields import DAY_LABELS, Field, day_check, optional, wizard_page

SERVICE_PAGE, REACH_PAGE, ADMIN_PAGE = range(3)
PAGE_TITLES = ("Votre service", "Pour joindre le service", "Vous, premier administrateur")
# The kinds of the general contact points (services.service_details.PHONE, EMAIL),
# written out: that module brings SQLAlchemy, which the first window does not wait for.
PHONE, EMAIL = "phone", "email"


class FirstRunDialog(QDialog):
    # Editing only: the answers are checked; the caller saves them, then calls accept()
    # or refuse() on the dialog it is given.
    save_requested = Signal(object)
    # Not built when editing (no admin page): the people are managed in « Agents ».
    admin_name_edit: QLineEdit
    login_edit: QLineEdit

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        login: str | None = None,
        current: ServiceInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.login = login or current_login()
        self.current = current  # editing the service as saved, else a first run
        self._last = ADMIN_PAGE if current is None else REACH_PAGE
        self.setWindowTitle(
            self.tr("Bienvenue dans SP+ Desk")
            if current is None
            else self.tr("Coordonnées du service")
        )
        self.fields: list[Field] = []
        self.pages = QStackedWidget()
        self._areas: list[QScrollArea] = []
        self._first: dict[int, QWidget] = {}  # where the cursor goes on each page
        self._build_service_page()
        self._build_reach_page(OpeningHours.default() if current is None else current.opening_hours)
        if current is None:
            self._build_admin_page()
        else:
            self._fill(current)

        self.save_error = message_label(self.tr("Enregistrement refusé"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, stretch=1)
        layout.addWidget(self.save_error)
        layout.addLayout(self._build_buttons())
        chain = [self.name_edit, self.departement_combo, self.address_edit, *self.day_edits]
        chain += [self.phone_edit, self.email_edit]
        if current is None:
            chain += [self.admin_name_edit, self.login_edit]
        chain += [self.back_button, self.next_button, self.start_button, self.cancel_button]
        tab_chain(chain)
        self.address_edit.installEventFilter(self)
        self._show_page(SERVICE_PAGE)
        fit_to_screen(self, 90, 42)

    # --- pages -----------------------------------------------------------------------------

    def _build_service_page(self) -> None:
        intro = self.tr(
            "Indiquez le nom de votre service et son département : le département fixe "
            "les jours fériés et le fuseau horaire utilisés pour les délais."
        )
        if self.current is not None:
            intro += " " + self.tr(
                "Un autre département ou d'autres horaires recalculent aussitôt l'échéance "
                "des demandes en cours."
            )
        form = self._page(SERVICE_PAGE, intro)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("ex. Mairie de Villeneuve – accueil"))
        self.name_edit.setMaxLength(200)
        self._field(
            form,
            SERVICE_PAGE,
            self.tr("&Nom du service :"),
            self.name_edit,
            lambda text: clean_required_text(text, field=SERVICE_NAME_FIELD),
        )
        self.departement_combo = QComboBox()
        self.departement_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.departement_combo.setMinimumContentsLength(16)
        for code, departement in DEPARTEMENTS.items():
            self.departement_combo.addItem(departement.display, code)
        self.departement_combo.setCurrentIndex(self.departement_combo.findData(DEFAULT_DEPARTEMENT))
        self._row(form, self.tr("&Département :"), self.departement_combo)
        self.zone_label = QLabel()
        self.zone_label.setWordWrap(True)
        self.zone_label.setAccessibleName(self.tr("Fuseau horaire du département"))
        form.addRow("", self.zone_label)
        self.departement_combo.currentIndexChanged.connect(
            self._on_departement_combo_current_index_changed
        )
        self._on_departement_combo_current_index_changed()

    def _build_reach_page(self, week: OpeningHours) -> None:
        form = self._page(
            REACH_PAGE,
            self.tr(
                "Ce que le public doit savoir pour venir ou vous joindre : ces informations "
                "figurent sur l'affiche et les accusés de réception. Laissez vide ce que le "
                "service ne communique pas."
            ),
        )
        self.address_edit = QPlainTextEdit()
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setPlaceholderText(self.tr("ex. 1 place de la Mairie\n12345 Villeneuve"))
        lines = self.address_edit.fontMetrics().lineSpacing()
        self.address_edit.setFixedHeight(lines * 4 + 12)
        self._field(form, REACH_PAGE, self.tr("&Adresse :"), self.address_edit, clean_address)
        hours = QLabel(
            self.tr(
                "Horaires d'ouverture au public, par exemple « {example} ». Laissez vide ou "
                "écrivez « fermé » pour un jour de fermeture."
            ).format(example=EXAMPLE)
        )
        hours.setWordWrap(True)
        form.addRow(hours)
        self.day_edits: list[QLineEdit] = []
        for name, label, ranges in zip(WEEKDAY_NAMES, DAY_LABELS, week.days, strict=True):
            edit = QLineEdit(format_day(ranges))
            edit.setAccessibleName(self.tr("Horaires du {day}").format(day=name))
            edit.setMaxLength(200)
            self._field(form, REACH_PAGE, self.tr(label), edit, day_check)
            self.day_edits.append(edit)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("ex. 01 23 45 67 89"))
        phone_check = optional(parse_phone)
        self._field(form, REACH_PAGE, self.tr("&Téléphone :"), self.phone_edit, phone_check)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(self.tr("ex. accueil@mairie-villeneuve.fr"))
        email_check = optional(parse_email)
        self._field(form, REACH_PAGE, self.tr("C&ourriel :"), self.email_edit, email_check)

    def _build_admin_page(self) -> None:
        form = self._page(
            ADMIN_PAGE,
            self.tr(
                "Vous serez le premier administrateur du service dans SP+ Desk. Vous pourrez "
                "ensuite ajouter les agents et leur donner un rôle : chacun est reconnu par "
                "l'identifiant avec lequel il ouvre sa session sur l'ordinateur."
            ),
        )
        self.admin_name_edit = QLineEdit(self.login)
        self.admin_name_edit.setMaxLength(200)
        self.admin_name_edit.setPlaceholderText(self.tr("ex. Camille Martin"))
        self._field(
            form,
            ADMIN_PAGE,
            self.tr("&Votre nom :"),
            self.admin_name_edit,
            lambda text: clean_required_text(text, field=ADMIN_NAME_FIELD),
        )
        self.login_edit = QLineEdit(self.login)
        self.login_edit.setReadOnly(True)
        self._row(form, self.tr("&Identifiant :"), self.login_edit)
        self.login_edit.setToolTip(
            self.tr("Identifiant de session, non modifiable (Alt+I)"),
        )

    def _build_buttons(self) -> QHBoxLayout:
        self.back_button = named_button(self.tr("&Précédent"), self.tr("Page précédente"))
        enter = self.tr("Entrée")
        self.next_button = named_button(self.tr("&Suivant"), self.tr("Page suivante"), enter)
        if self.current is None:
            self.start_button = named_button(
                self.tr("&Commencer"), self.tr("Enregistrer et commencer"), enter
            )
            leave = self.tr("Quitter sans enregistrer")
        else:
            self.start_button = named_button(
                self.tr("En&registrer"), self.tr("Enregistrer les coordonnées du service"), enter
            )
            leave = self.tr("Fermer sans enregistrer")
        self.cancel_button = named_button(self.tr("Annuler"), leave, self.tr("Échap"))
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.start_button):
            buttons.addWidget(button)
        return buttons

    def _page(self, index: int, intro_text: str) -> QFormLayout:
        title = self.tr("Étape {step} sur {steps} — {title}").format(
            step=index + 1, steps=self._last + 1, title=self.tr(PAGE_TITLES[index])
        )
        area, form = wizard_page(title, intro_text)
        self._areas.append(area)
        self.pages.addWidget(area)
        return form

    def _fill(self, service: ServiceInfo) -> None:
        """Editing: every field shows what is saved (the hours are filled in as built)."""
        self.name_edit.setText(service.name)
        combo = self.departement_combo
        combo.setCurrentIndex(combo.findData(service.departement.code))
        self.address_edit.setPlainText(service.address)
        # The general phone and e-mail: those without a purpose, the first of each kind.
        general = {p.kind: p.value for p in reversed(service.contact_points) if not p.purpose}
        self.phone_edit.setText(general.get(PHONE, ""))
        self.email_edit.setText(general.get(EMAIL, ""))

    def _row(self, form: QFormLayout, label_text: str, widget: QWidget) -> QLabel:
        label = QLabel(label_text)
        label.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(label_text.replace("&", "").rstrip(" :"))
        shortcut_tip(widget, label_text)
        form.addRow(label, widget)
        self._first.setdefault(self.pages.count() - 1, widget)
        return label

    def _field(
        self,
        form: QFormLayout,
        page: int,
        label_text: str,
        widget: QLineEdit | QPlainTextEdit,
        check: Callable[[str], str],
    ) -> None:
        self._row(form, label_text, widget)
        name = widget.accessibleName()
        message = message_label(self.tr("Problème : {name}").format(name=name))
        form.addRow("", message)
        field = Field(widget, message, check, page)
        self.fields.append(field)
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(field.validate)

    # --- moving between pages ----------------------------------------------------------------

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        last = index == self._last
        self.back_button.setEnabled(index > SERVICE_PAGE)
        self.next_button.setVisible(not last)
        self.start_button.setVisible(last)
        self.next_button.setDefault(not last)
        self.start_button.setDefault(last)
        self._first[index].setFocus()

    def _first_wrong(self, page: int) -> Field | None:
        wrong = [field for field in self.fields if field.page == page and not field.validate()]
        return wrong[0] if wrong else None

    def _go_to(self, field: Field) -> None:
        if self.pages.currentIndex() != field.page:
            self._show_page(field.page)
        field.widget.setFocus()
        # Once the message just shown has its place: the message under the field, then the
        # field itself (if both do not fit).
        area = self._areas[field.page]
        QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(field.message))
        QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(field.widget))

    def _on_back_button_clicked(self) -> None:
        self._show_page(max(SERVICE_PAGE, self.pages.currentIndex() - 1))

    def _on_next_button_clicked(self) -> None:
        page = self.pages.currentIndex()
        wrong = self._first_wrong(page)
        if wrong is not None:
            self._go_to(wrong)
        elif page < self._last:
            self._show_page(page + 1)

    def _on_start_button_clicked(self) -> None:
        for page in range(self._last + 1):
            wrong = self._first_wrong(page)
            if wrong is not None:
                self._go_to(wrong)
                return
        if self.current is None:
            self.accept()
            return
        show_problem(self.save_error, self.start_button, None)
        self.start_button.setEnabled(False)  # one save at a time: refuse() gives it back
        self.save_requested.emit(self)

    def _on_departement_combo_current_index_changed(self) -> None:
        chosen = DEPARTEMENTS[str(self.departement_combo.currentData())]
        text = self.tr("Fuseau horaire : {zone}.").format(zone=chosen.time_zone)
        if self.current is not None and chosen.time_zone != self.current.time_zone:
            # The open panels were built with the old zone.
            text += " " + self.tr(
                "Après l'enregistrement, redémarrez SP+ Desk pour voir les heures dans ce fuseau."
            )
        self.zone_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A multi-line box has no editingFinished: it is checked when the focus leaves it.
        if watched is self.address_edit and event.type() == QEvent.Type.FocusOut:
            next(f for f in self.fields if f.widget is self.address_edit).validate()
        return super().eventFilter(watched, event)

    # --- the answers -------------------------------------------------------------------------

    def settings(self) -> FirstRunSettings:
        """The answers as typed (the service checks them again before saving)."""
        return FirstRunSettings(
            service_name=self.name_edit.text(),
            departement_code=str(self.departement_combo.currentData()),
            address=self.address_edit.toPlainText(),
            opening_hours=OpeningHours(tuple(parse_day(e.text()) for e in self.day_edits)),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            admin_name=None if self.current is not None else self.admin_name_edit.text(),
        )

    def refuse(self, message: str, newer: ServiceInfo | None = None) -> None:
        """Editing: the caller could not save; why, above the buttons, and what was typed
        stays. ``newer``: someone saved the service meanwhile; saving again puts what is
        typed here over their version."""
        if newer is not None:
            self.current = newer
            message += " " + self.tr(
                "Pour garder votre saisie, enregistrez de nouveau : elle remplacera la "
                "version actuelle."
            )
        self.start_button.setEnabled(True)
        show_problem(self.save_error, self.start_button, message)
        self.start_button.setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, *, login: str | None = None
    ) -> FirstRunSettings | None:
        dialog = cls(parent, login=login)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
