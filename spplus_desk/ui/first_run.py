"""First start: a short wizard asks what every screen and poster needs.

Three pages: the service (name, département), how to reach it (address, opening hours,
phone, e-mail) and the person answering, who becomes the first administrator. Each field
is checked as the person leaves it, with the reason written next to it; "Suivant" does not
move on while something is wrong and puts the cursor on it. Nothing is saved here:
``ask`` returns the answers and the caller saves them (services.setup.complete_first_run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.departements import DEFAULT_DEPARTEMENT, DEPARTEMENTS
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import EXAMPLE, format_day, parse_day
from spplus_desk.domain.service import (
    ADMIN_NAME_FIELD,
    SERVICE_NAME_FIELD,
    WEEKDAY_NAMES,
    FirstRunSettings,
    OpeningHours,
    clean_address,
)
from spplus_desk.domain.validation import clean_required_text
from spplus_desk.services.login import current_login
from spplus_desk.ui.contact_widgets import (
    fit_to_screen,
    message_label,
    say,
    scrolled,
    shortcut_tip,
    tab_chain,
)

# Mnemonics are unique on each page, buttons included (Alt+P, Alt+S, Alt+C).
DAY_LABELS = (
    "&Lundi :",
    "&Mardi :",
    "M&ercredi :",
    "&Jeudi :",
    "&Vendredi :",
    "Same&di :",
    "D&imanche :",
)
SERVICE_PAGE, REACH_PAGE, ADMIN_PAGE = range(3)
PAGE_TITLES = ("Votre service", "Pour joindre le service", "Vous, premier administrateur")


@dataclass(slots=True, weakref_slot=True)  # Qt connects to its validate()
class _Field:
    """An answer checked as the person leaves it: ``check`` returns the tidied text or
    raises a UserError whose message is shown next to the field."""

    widget: QLineEdit | QPlainTextEdit
    message: QLabel
    check: Callable[[str], str]
    page: int

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def validate(self) -> bool:
        try:
            tidy = self.check(self.text())
        except UserError as error:
            say(self.message, error.message)
            self.widget.setAccessibleDescription(error.message)
            return False
        say(self.message, None)
        self.widget.setAccessibleDescription("")
        if isinstance(self.widget, QLineEdit) and tidy != self.widget.text():
            self.widget.setText(tidy)
        return True


def _optional(parse: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: parse(text) if text.strip() else ""


def _day_check(text: str) -> str:
    return format_day(parse_day(text))


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, login: str | None = None) -> None:
        super().__init__(parent)
        self.login = login or current_login()
        self.setWindowTitle(self.tr("Bienvenue dans SP+ Desk"))
        self.fields: list[_Field] = []
        self.pages = QStackedWidget()
        self._areas: list[QScrollArea] = []
        self._first: dict[int, QWidget] = {}  # where the cursor goes on each page
        self._build_service_page()
        self._build_reach_page()
        self._build_admin_page()

        self.back_button = self._button(self.tr("&Précédent"), self.tr("Page précédente"))
        enter = self.tr("Entrée")
        self.next_button = self._button(self.tr("&Suivant"), self.tr("Page suivante"), enter)
        self.start_button = self._button(
            self.tr("&Commencer"), self.tr("Enregistrer et commencer"), enter
        )
        self.cancel_button = self._button(self.tr("Annuler"), self.tr("Quitter sans enregistrer"))
        shortcut_tip(self.cancel_button, "", self.tr("Échap"))
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.start_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, stretch=1)
        layout.addLayout(buttons)
        chain = [
            self.name_edit,
            self.departement_combo,
            self.address_edit,
            *self.day_edits,
            self.phone_edit,
            self.email_edit,
            self.admin_name_edit,
            self.login_edit,
            self.back_button,
            self.next_button,
            self.start_button,
            self.cancel_button,
        ]
        tab_chain(chain)
        self.address_edit.installEventFilter(self)
        self._show_page(SERVICE_PAGE)
        fit_to_screen(self, 90, 42)

    # --- pages -----------------------------------------------------------------------------

    def _build_service_page(self) -> None:
        form = self._page(
            SERVICE_PAGE,
            self.tr(
                "Indiquez le nom de votre service et son département : le département fixe "
                "les jours fériés et le fuseau horaire utilisés pour les délais."
            ),
        )
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

    def _build_reach_page(self) -> None:
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
        default = OpeningHours.default()
        for name, label, ranges in zip(WEEKDAY_NAMES, DAY_LABELS, default.days, strict=True):
            edit = QLineEdit(format_day(ranges))
            edit.setAccessibleName(self.tr("Horaires du {day}").format(day=name))
            edit.setMaxLength(200)
            self._field(form, REACH_PAGE, self.tr(label), edit, _day_check)
            self.day_edits.append(edit)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("ex. 01 23 45 67 89"))
        phone_check = _optional(parse_phone)
        self._field(form, REACH_PAGE, self.tr("&Téléphone :"), self.phone_edit, phone_check)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(self.tr("ex. accueil@mairie-villeneuve.fr"))
        email_check = _optional(parse_email)
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

    def _page(self, index: int, intro_text: str) -> QFormLayout:
        content = QWidget()
        layout = QVBoxLayout(content)
        title = QLabel(
            self.tr("Étape {step} sur 3 — {title}").format(
                step=index + 1, title=self.tr(PAGE_TITLES[index])
            )
        )
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        title.setFont(font)
        title.setWordWrap(True)
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        area = scrolled(content)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._areas.append(area)
        self.pages.addWidget(area)
        return form

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
        field = _Field(widget, message, check, page)
        self.fields.append(field)
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(field.validate)

    def _button(self, text: str, name: str, extra: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        shortcut_tip(button, text, extra)
        return button

    # --- moving between pages ----------------------------------------------------------------

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        last = index == ADMIN_PAGE
        self.back_button.setEnabled(index > SERVICE_PAGE)
        self.next_button.setVisible(not last)
        self.start_button.setVisible(last)
        self.next_button.setDefault(not last)
        self.start_button.setDefault(last)
        self._first[index].setFocus()

    def _first_wrong(self, page: int) -> _Field | None:
        wrong = [field for field in self.fields if field.page == page and not field.validate()]
        return wrong[0] if wrong else None

    def _go_to(self, field: _Field) -> None:
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
        elif page < ADMIN_PAGE:
            self._show_page(page + 1)

    def _on_start_button_clicked(self) -> None:
        for page in range(ADMIN_PAGE + 1):
            wrong = self._first_wrong(page)
            if wrong is not None:
                self._go_to(wrong)
                return
        self.accept()

    def _on_departement_combo_current_index_changed(self) -> None:
        chosen = DEPARTEMENTS[str(self.departement_combo.currentData())]
        self.zone_label.setText(self.tr("Fuseau horaire : {zone}.").format(zone=chosen.time_zone))

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
            admin_name=self.admin_name_edit.text(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, *, login: str | None = None
    ) -> FirstRunSettings | None:
        dialog = cls(parent, login=login)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
