"""The left column of the print centre: the list of documents and, under it, the options
of the one chosen — the paper (posters), the period (results and « Vous nous avez
dit… »), the request's reference (acknowledgement of receipt). Only the options that
apply to the chosen document are shown.

``order_changed`` gives the ``DocumentOrder`` to build each time the choice changes; the
reference is taken on Enter only, not at each key (a half-typed one is no request), but
each key sends ``reference_edited``: what the preview shows is no longer what the field
says. ``order()`` always reads the fields as they are now, typed dates included, so the
centre can check that the document shown is still the one asked for.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.documents import (
    DOCUMENT_TITLES,
    PERIOD_DOCUMENTS,
    SIZED_DOCUMENTS,
    DocumentKind,
    DocumentOrder,
    PaperSize,
)
from spplus_desk.domain.indicators import Period, last_full_months
from spplus_desk.services.desk import Desk
from spplus_desk.services.setup import get_service
from spplus_desk.ui.contact_widgets import note_label, shortcut_tip
from spplus_desk.ui.date_edit import edit_date
from spplus_desk.ui.period_picker import PeriodKind, PeriodPicker

PAPER_LABELS: dict[PaperSize, str] = {
    PaperSize.A4: "A4 (21 × 29,7 cm)",
    PaperSize.A3: "A3 (29,7 × 42 cm)",
}
REFERENCE_EXAMPLE = "ex. 2027-000123"
LEFT_TO_RIGHT = QBoxLayout.Direction.LeftToRight


class PosterPeriodPicker(PeriodPicker):
    """The dashboard's period picker, for a poster. It starts on chosen dates (the last
    twelve full months, as the command line does) and is labelled « Péri&ode » : Alt+P is
    the centre's « Enregistrer en PDF »."""

    def __init__(self, today: date, start: Period, parent: QWidget | None = None) -> None:
        super().__init__(today, parent)
        self._two_lines()
        self.kind_combo.setAccessibleName(self.tr("Période de l'affiche"))
        self.kind_combo.setToolTip(self.tr("Mois, trimestre, année ou dates choisies"))
        for label in self.findChildren(QLabel):
            if label.buddy() is self.kind_combo:
                label.setText(self.tr("Péri&ode :"))
                shortcut_tip(self.kind_combo, label.text())
        self.show_dates(start)

    def _two_lines(self) -> None:
        """The choice on one line, the dates on the next, whatever the screen: the
        dashboard gives the picker a whole row, the centre a column beside the preview."""
        rows = self.layout()
        if not isinstance(rows, QBoxLayout) or rows.direction() is not LEFT_TO_RIGHT:
            return  # already on two lines (large text), each line to the left
        rows.setDirection(QBoxLayout.Direction.TopToBottom)
        for index in range(2):
            item = rows.itemAt(index)
            line = item.layout() if item is not None else None
            if isinstance(line, QBoxLayout):
                line.addStretch(1)

    def show_dates(self, period: Period) -> None:
        """``period`` as « Dates choisies », the two dates shown and editable."""
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(list(PeriodKind).index(PeriodKind.CUSTOM))
        self.kind_combo.blockSignals(False)
        self._set(period)


class DocumentOptions(QWidget):
    """Starts on ``kind`` (with ``reference`` for a receipt): the first order is the one
    wanted, nothing else is built before it."""

    order_changed = Signal(object)  # the DocumentOrder to build
    reference_edited = Signal(str)  # the reference as typed, not confirmed yet

    def __init__(
        self,
        today: date,
        start: Period,
        parent: QWidget | None = None,
        *,
        kind: DocumentKind = DocumentKind.COMMITMENTS,
        reference: str = "",
    ) -> None:
        super().__init__(parent)
        self.documents = self._document_list()
        self.size_combo = QComboBox()
        self.size_combo.setAccessibleName(self.tr("Format du papier"))
        self.size_combo.setToolTip(self.tr("Format du papier de l'affiche"))
        for size, text in PAPER_LABELS.items():
            self.size_combo.addItem(self.tr(text), size)
        self.size_combo.currentIndexChanged.connect(self._on_option_changed)
        self.picker = PosterPeriodPicker(today, start)
        self.picker.period_changed.connect(self._on_option_changed)
        self.picker.add_shortcuts(self.picker)  # Alt+← and Alt+→ while in the period
        self.reference_edit = QLineEdit()
        self.reference_edit.setAccessibleName(self.tr("Référence de la demande"))
        self.reference_edit.setToolTip(self.tr("Référence de la demande, puis Entrée"))
        self.reference_edit.setPlaceholderText(self.tr(REFERENCE_EXAMPLE))
        self.reference_edit.setClearButtonEnabled(True)
        self.reference_edit.setText(reference)
        self.reference_edit.returnPressed.connect(self._on_option_changed)
        self.reference_edit.textEdited.connect(self.reference_edited)
        self.no_option = note_label(self.tr("Ce document n'a pas d'option : il est prêt."))
        self._lay_out()
        self.documents.currentRowChanged.connect(self._on_documents_current_row_changed)
        self.documents.setCurrentRow(list(DOCUMENT_TITLES).index(kind))
        self._show_options()

    def _document_list(self) -> QListWidget:
        documents = QListWidget()
        documents.setAccessibleName(self.tr("Document à imprimer"))
        documents.setToolTip(self.tr("Le document à préparer ; flèches pour en changer"))
        for kind, title in DOCUMENT_TITLES.items():
            item = QListWidgetItem(self.tr(title))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            documents.addItem(item)
        # Six fixed entries: all in sight, none cut (the column is as wide as they need).
        frame = 2 * documents.frameWidth()
        rows = sum(documents.sizeHintForRow(row) for row in range(documents.count()))
        documents.setFixedHeight(rows + frame)
        documents.setMinimumWidth(documents.sizeHintForColumn(0) + frame + 8)
        return documents

    def _lay_out(self) -> None:
        documents_label = QLabel(self.tr("&Document :"))
        documents_label.setBuddy(self.documents)
        shortcut_tip(self.documents, documents_label.text())
        size_label = QLabel(self.tr("For&mat du papier :"))
        size_label.setBuddy(self.size_combo)
        shortcut_tip(self.size_combo, size_label.text())
        reference_label = QLabel(self.tr("&Référence de la demande :"))
        reference_label.setBuddy(self.reference_edit)
        shortcut_tip(self.reference_edit, reference_label.text())
        self.size_row = _row(size_label, self.size_combo)
        self.reference_row = _row(reference_label, self.reference_edit)
        self.options_box = QGroupBox(self.tr("Options du document"))
        options = QVBoxLayout(self.options_box)
        for widget in (self.size_row, self.picker, self.reference_row, self.no_option):
            options.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(documents_label)
        layout.addWidget(self.documents)
        layout.addWidget(self.options_box)
        layout.addStretch(1)

    def widest(self) -> int:
        """The width the column needs with every option shown: it keeps it whatever the
        document (the period's row is the widest), so nothing is ever squeezed."""
        rows = (self.size_row, self.picker, self.reference_row, self.no_option)
        hidden = [row for row in rows if row.isHidden()]
        for row in hidden:
            row.setVisible(True)
        width = self._minimum_width()
        for row in hidden:
            row.setVisible(False)
        self._minimum_width()  # as it is again
        return width

    def _minimum_width(self) -> int:
        # Before the window is shown, layouts learn of a row shown or hidden only at the
        # next event loop: told now.
        for layout in (self.options_box.layout(), self.layout()):
            if layout is not None:
                layout.invalidate()
        return self.minimumSizeHint().width()

    def controls(self) -> list[QWidget]:
        """In reading order, for the centre's tab chain."""
        return [self.documents, self.size_combo, *self.picker.controls(), self.reference_edit]

    # -- the choice ------------------------------------------------------------------

    def kind(self) -> DocumentKind:
        item = self.documents.currentItem()
        return (
            DocumentKind(item.data(Qt.ItemDataRole.UserRole)) if item else DocumentKind.COMMITMENTS
        )

    def order(self) -> DocumentOrder:
        kind = self.kind()
        size = PaperSize(self.size_combo.currentData()) if kind in SIZED_DOCUMENTS else PaperSize.A4
        period = self._typed_period() if kind in PERIOD_DOCUMENTS else None
        reference = self.reference_edit.text().strip() if kind is DocumentKind.RECEIPT else ""
        return DocumentOrder(kind, size, period, reference)

    def _typed_period(self) -> Period:
        """The period as the fields show it: typed dates become the picker's period only
        after a pause, and a document printed meanwhile would not be the one on screen."""
        if self.picker.kind() is PeriodKind.CUSTOM:
            return Period(edit_date(self.picker.from_edit), edit_date(self.picker.to_edit))
        return self.picker.period()

    def choose(self, kind: DocumentKind, reference: str | None = None) -> None:
        """Show ``kind`` (with this request's reference) as if the person had chosen it;
        ``order_changed`` follows once."""
        if reference is not None:
            self.reference_edit.setText(reference)
        row = list(DOCUMENT_TITLES).index(kind)
        if row == self.documents.currentRow():
            self._on_option_changed()
        else:
            self.documents.setCurrentRow(row)

    def _on_documents_current_row_changed(self, _row: int) -> None:
        self._show_options()
        self._on_option_changed()

    def _on_option_changed(self) -> None:
        self.order_changed.emit(self.order())

    def _show_options(self) -> None:
        kind = self.kind()
        self.size_row.setVisible(kind in SIZED_DOCUMENTS)
        self.picker.setVisible(kind in PERIOD_DOCUMENTS)
        self.reference_row.setVisible(kind is DocumentKind.RECEIPT)
        self.no_option.setVisible(
            kind not in SIZED_DOCUMENTS | PERIOD_DOCUMENTS and kind is not DocumentKind.RECEIPT
        )


def _row(label: QLabel, field: QWidget) -> QWidget:
    """A label above its field, shown or hidden together."""
    row = QWidget()
    layout = QVBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(field)
    return row


def first_dates(desk: Desk) -> tuple[date, Period]:
    """Today in the service's time zone (the period picker goes no further) and the
    posters' period until the person chooses another: the 12 last full months."""
    service = get_service(desk)
    now = desk.clock.now()
    today = now.astimezone(ZoneInfo(service.time_zone)).date() if service else now.date()
    return today, last_full_months(today)  # what services.documents.default_period gives
