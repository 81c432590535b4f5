"""The right-to-error register's tab, used with the keyboard as a lead or an agent does:
this year's cases, the filters and the search, sorting by a header, opening a case,
the statistics, the cancelled cases, the leaflet and the CSV file; and the other ways
into the case form (a contact, a request, a regularisation's deadline on the board)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import DocumentKind
from spplus_desk.domain.error_case import CaseOutcome, ErrorCaseRecord, Exclusion, PersonIdentity
from spplus_desk.domain.error_register import RegisterColumn, RegisterFilter
from spplus_desk.services.agents import find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import cancel_case, record_case
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.ui import error_register_actions
from spplus_desk.ui.choice_list_dialog import ChoiceListDialog
from spplus_desk.ui.error_case_dialog import ErrorCaseDialog, Mode
from spplus_desk.ui.error_register_model import COLUMNS, RegisterModel
from spplus_desk.ui.error_register_view import ErrorRegisterPanel
from spplus_desk.ui.main_window import MainWindow
from tests.services.test_error_cases import draft, invited, procedure
from tests.services.test_requests import add
from tests.support import TEST_LOGIN
from tests.ui.test_print_centre import shown_centre, wait_preview

PARIS = ZoneInfo("Europe/Paris")
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
Cases = dict[str, ErrorCaseRecord]


@pytest.fixture
def cases(desk: Desk) -> Cases:
    return make_cases(desk)


def make_cases(desk: Desk) -> Cases:
    """Five cases around Tuesday 4 May 2027 (the clock): three of this year shown by
    default, one of last year, one cancelled."""
    add(desk, "Léa Martin", "lea")
    made = {
        "recent": draft(desk, amount_cents=125050, notes="Oubli du justificatif de revenus"),
        "late": replace(  # invited on 1 April for 15 days: late since 17 April
            invited(desk),
            procedure_id=procedure(desk, "Urbanisme"),
            discovered_on=date(2027, 4, 1),
            invited_on=date(2027, 4, 1),
            person=PersonIdentity("Paul Martin"),
        ),
        "refused": replace(
            draft(desk),
            procedure_id=procedure(desk, "État civil"),
            error_on=date(2027, 1, 2),
            discovered_on=date(2027, 1, 15),
            exclusions=frozenset({Exclusion.FRAUD}),
            regularisation=None,
            regularised_on=None,
            outcome=CaseOutcome.PENDING,
            person=PersonIdentity(),
        ),
        "old": replace(
            draft(desk),
            error_on=date(2026, 11, 1),
            discovered_on=date(2026, 11, 20),
            regularised_on=date(2026, 11, 25),
            person=PersonIdentity("Anne Ancienne"),
        ),
        "cancelled": draft(desk, discovered_on=date(2027, 5, 3), person=PersonIdentity("Marc")),
    }
    records = {
        name: record_case(desk, login="lea" if name == "late" else TEST_LOGIN, draft=case)
        for name, case in made.items()
    }
    gone = records["cancelled"]
    records["cancelled"] = cancel_case(
        desk, login=TEST_LOGIN, case_id=gone.id, version=gone.version, reason="Saisi deux fois"
    )
    return records


@pytest.fixture
def open_register(qtbot: QtBot, desk: Desk) -> Iterator[Callable[[], ErrorRegisterPanel]]:
    def make() -> ErrorRegisterPanel:
        panel = ErrorRegisterPanel(desk, TEST_LOGIN, PARIS)
        qtbot.addWidget(panel)
        panel.resize(1100, 800)
        panel.show()
        qtbot.waitExposed(panel)
        panel.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
        qtbot.waitUntil(lambda: not panel.busy)
        return panel

    yield make
    QThreadPool.globalInstance().waitForDone()  # readings end before the database closes


def column(panel: ErrorRegisterPanel, which: RegisterColumn) -> list[str]:
    model = panel.model
    return [model.index(row, COLUMNS.index(which)).data() for row in range(model.rowCount())]


def persons(qtbot: QtBot, panel: ErrorRegisterPanel) -> list[str]:
    qtbot.waitUntil(lambda: not panel.busy)
    return column(panel, RegisterColumn.PERSON)


def visible_forms(widget: QWidget) -> list[ErrorCaseDialog]:
    return [d for d in widget.findChildren(ErrorCaseDialog) if d.isVisible()]


def test_the_model_passes_qt_model_tester_and_reads_page_by_page(
    qtmodeltester: ModelTester, desk: Desk, cases: Cases
) -> None:
    model = RegisterModel(desk, RegisterFilter(include_cancelled=True))
    model.page_size = 2
    model.reload()
    assert model.rowCount() == 2
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 5
    assert not model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model, force_py=True)


def test_this_years_cases_with_late_and_anonymous_ones_in_words(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    assert panel.filters.period_combo.currentText() == "Cette année"
    assert persons(qtbot, panel) == ["Jeanne Dupont", "Paul Martin", "non communiqué"]
    assert column(panel, RegisterColumn.DISCOVERED) == ["04/05/2027", "01/04/2027", "15/01/2027"]
    assert column(panel, RegisterColumn.OUTCOME) == [
        "Aucune sanction",
        "En attente",
        "Non éligible",
    ]
    assert column(panel, RegisterColumn.NATURE)[0] == "Omission"
    assert column(panel, RegisterColumn.AGENT)[1] == "Léa Martin"
    regularisation = column(panel, RegisterColumn.REGULARISATION)
    assert regularisation[:2] == ["Faite le 04/05/2027", "Attendue au 16/04/2027 (en retard)"]
    late = panel.model.index(1, COLUMNS.index(RegisterColumn.REGULARISATION))
    font = late.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert "en retard" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.count_label.text() == "3 cas"


def test_filters_and_search_change_the_rows(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    filters = panel.filters
    qtbot.keyClick(panel, Qt.Key.Key_P, ALT)  # « &Période »
    assert panel.focusWidget() is filters.period_combo
    qtbot.keyClicks(filters.period_combo, "Tout")
    assert persons(qtbot, panel) == [
        "Jeanne Dupont",
        "Paul Martin",
        "non communiqué",
        "Anne Ancienne",
    ]
    assert filters.from_edit.text() == "début"
    qtbot.keyClick(filters.period_combo, Qt.Key.Key_Home)  # « Ce mois-ci »
    assert persons(qtbot, panel) == ["Jeanne Dupont"]
    qtbot.keyClick(filters.period_combo, Qt.Key.Key_Down)
    qtbot.keyClick(filters.period_combo, Qt.Key.Key_Down)  # « Cette année »
    assert filters.period_combo.currentText() == "Cette année"
    for combo, typed, shown in (
        (filters.procedure_combo, "Urb", ["Paul Martin"]),
        (filters.outcome_combo, "Non", ["non communiqué"]),
        (filters.agent_combo, "L", ["Paul Martin"]),
    ):
        combo.setFocus()
        qtbot.keyClicks(combo, typed)
        assert persons(qtbot, panel) == shown
        qtbot.keyClick(combo, Qt.Key.Key_Home)  # « Toutes les… », « Tous les agents »
    assert len(persons(qtbot, panel)) == 3
    # Ctrl+F, a word of the notes, Enter: the matching case, and the focus on it.
    qtbot.keyClick(panel.table, Qt.Key.Key_F, CTRL)
    assert panel.focusWidget() is filters.search_edit
    qtbot.keyClicks(filters.search_edit, "justificatif")
    qtbot.keyClick(filters.search_edit, Qt.Key.Key_Return)
    assert persons(qtbot, panel) == ["Jeanne Dupont"]
    filters.search_edit.clear()
    qtbot.keyClicks(filters.search_edit, "paul")
    qtbot.keyClick(filters.search_edit, Qt.Key.Key_Return)
    assert persons(qtbot, panel) == ["Paul Martin"]
    assert panel.count_label.text() == "1 cas"


def test_chosen_dates_and_the_statistics_of_the_period(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    stats = panel.stats
    assert stats.title() == "Statistiques du 01/01/2027 au 04/05/2027"
    model = stats.model
    lines = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(4)]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Démarche",
        "En attente",
        "Aucune sanction",
        "Sanction écartée",
        "Sanction maintenue",
        "Non éligible",
        "Total",
    ]
    assert [line[0][:10] for line in lines] == ["Prestation", "Urbanisme ", "État civil", "Total"]
    assert lines[0][1:] == ["0", "1", "0", "0", "0", "1"]
    assert lines[3][1:] == ["1", "1", "0", "0", "1", "3"]
    assert stats.summary_label.text() == (
        "3 cas · 1 droit à l'erreur accordé · 1 non éligible · 1 régularisation attendue "
        "dont 1 en retard · montant épargné 1\u202f250,50\u00a0€"
    )
    filters = panel.filters
    filters.period_combo.setFocus()
    qtbot.keyClicks(filters.period_combo, "Dates")
    assert filters.from_edit.isEnabled()
    qtbot.keyClick(filters.period_combo, Qt.Key.Key_Tab)
    assert panel.focusWidget() is filters.from_edit
    qtbot.keyClicks(filters.from_edit, "01112026")  # the day, the month, the year
    qtbot.keyClick(filters.from_edit, Qt.Key.Key_Tab)
    assert panel.focusWidget() is filters.to_edit
    qtbot.keyClicks(filters.to_edit, "31012027")
    assert persons(qtbot, panel) == ["non communiqué", "Anne Ancienne"]
    assert stats.title() == "Statistiques du 01/11/2026 au 31/01/2027"
    assert stats.summary_label.text().startswith("2 cas · 1 droit à l'erreur accordé")


def click_header(qtbot: QtBot, panel: ErrorRegisterPanel, which: RegisterColumn) -> None:
    header = panel.table.horizontalHeader()
    section = COLUMNS.index(which)
    where = QPoint(header.sectionViewportPosition(section) + 4, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_a_click_on_a_header_sorts_in_sql(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    click_header(qtbot, panel, RegisterColumn.DISCOVERED)  # latest first: now oldest first
    assert persons(qtbot, panel) == ["non communiqué", "Paul Martin", "Jeanne Dupont"]
    assert panel.model.current_sort.descending is False
    click_header(qtbot, panel, RegisterColumn.DISCOVERED)
    assert persons(qtbot, panel) == ["Jeanne Dupont", "Paul Martin", "non communiqué"]
    click_header(qtbot, panel, RegisterColumn.OUTCOME)  # by outcome, from the start
    assert panel.model.current_sort.column is RegisterColumn.OUTCOME
    assert panel.model.current_sort.descending is False
    # As the labels read: « Aucune sanction », « En attente », « Non éligible ».
    assert persons(qtbot, panel) == ["Jeanne Dupont", "Paul Martin", "non communiqué"]


def test_cancelled_cases_show_only_when_asked_and_say_so(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    assert "Marc" not in persons(qtbot, panel)
    with qtbot.waitSignal(panel.filters.cancelled_check.toggled):
        qtbot.keyClick(panel, Qt.Key.Key_L, ALT)  # « Afficher les cas annu&lés »
    assert persons(qtbot, panel)[1] == "Marc"
    outcome = panel.model.index(1, COLUMNS.index(RegisterColumn.OUTCOME))
    assert outcome.data() == "Aucune sanction (annulé)"  # in words, not colour alone
    font = outcome.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.italic()
    assert panel.count_label.text() == "4 cas"
    assert panel.stats.summary_label.text().startswith("3 cas")  # never counted


def test_enter_opens_the_case_and_a_new_one_refreshes_the_register(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases, desk: Desk
) -> None:
    panel = open_register()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # Paul Martin's case
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    [form] = visible_forms(panel)
    assert form.record is not None
    assert form.record.id == cases["late"].id
    assert form.mode is Mode.VIEW
    form.close()
    qtbot.waitUntil(lambda: not visible_forms(panel))

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, CTRL)  # « Nouveau cas… »
    [form] = visible_forms(panel)
    assert form.mode is Mode.NEW
    assert form.record is None
    # What the form does on « Enregistrer »: the case saved, then said to the register.
    new = record_case(
        desk,
        login=TEST_LOGIN,
        draft=draft(desk, discovered_on=date(2027, 4, 20), person=PersonIdentity("Zoé Nouvelle")),
    )
    form.case_saved.emit(new)
    assert persons(qtbot, panel) == [
        "Jeanne Dupont",
        "Zoé Nouvelle",
        "Paul Martin",
        "non communiqué",
    ]
    assert panel.table.currentIndex().row() == 1
    assert panel.count_label.text() == "4 cas"
    assert panel.stats.summary_label.text().startswith("4 cas · 2 droits à l'erreur accordés")
    assert "Registre mis à jour" in panel.action_bar.message.text()
    form.close()


def test_a_double_click_opens_the_case(
    qtbot: QtBot, open_register: Callable[[], ErrorRegisterPanel], cases: Cases
) -> None:
    panel = open_register()
    rect = panel.table.visualRect(panel.model.index(2, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [form] = visible_forms(panel)
    assert form.record is not None
    assert form.record.id == cases["refused"].id
    form.close()


def test_the_leaflet_opens_in_the_print_centre_and_the_register_is_exported(
    qtbot: QtBot,
    open_register: Callable[[], ErrorRegisterPanel],
    cases: Cases,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = open_register()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_P, CTRL)  # the print centre, on the leaflet
    centre = shown_centre(qtbot, panel)
    assert centre.options.kind() is DocumentKind.LEAFLET
    document = wait_preview(qtbot, centre)
    assert document is not None
    assert document.pageCount() == 1
    assert centre.heading.text() == "Fiche d'information droit à l'erreur (1 page)"
    assert "droit à l'erreur" in document.getAllText(0).text()
    centre.close()
    panel.activateWindow()  # the window comes back to the front
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    bar = panel.action_bar
    bar.leaflet_button.click()  # the button opens it too
    centre = shown_centre(qtbot, panel)
    assert centre.options.kind() is DocumentKind.LEAFLET
    assert wait_preview(qtbot, centre) is not None
    centre.close()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)

    asked: list[Path] = []

    def ask(_parent: QWidget, _title: str, suggested: Path, _filter: str) -> Path:
        asked.append(suggested)
        return tmp_path / "registre"

    monkeypatch.setattr(error_register_actions, "ask_save_path", ask)
    with qtbot.waitSignal(bar.csv_button.clicked):
        qtbot.keyClick(panel, Qt.Key.Key_X, ALT)  # « E&xporter (CSV)… »
    qtbot.waitUntil(lambda: bar.message.text().startswith("Exporté"))
    assert asked[0].name == "registre-droit-a-l-erreur-2027-05-04.csv"
    lines = (tmp_path / "registre.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 4  # the header and this year's three cases, oldest first
    assert lines[1].startswith("15/01/2027;")


def test_every_control_is_named_and_the_register_fits_at_200_percent(
    qtbot: QtBot, large_font: None, desk: Desk, cases: Cases
) -> None:
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    service = get_service(desk)
    assert service is not None
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, TEST_LOGIN),
    )
    window.show()
    panel = window.register
    assert panel is not None
    assert window.tabs.tabText(2) == "Droit &à l'erreur"
    assert "Alt+À" in window.tabs.tabToolTip(2)
    # Beside the quick entry, on a 1366 x 768 laptop.
    assert panel.minimumSizeHint().width() <= 1366 * 0.55
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 768
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.busy and panel.model.rowCount() == 3)
    kinds = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox)
    controls: list[QWidget] = [
        w
        for w in panel.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
    ]
    controls += [panel.table, panel.stats.table]
    for widget in controls:
        assert widget.accessibleName(), type(widget).__name__
        assert widget.toolTip(), widget.accessibleName()
    # Tab goes through the filters in reading order, the table, the statistics, the buttons.
    filters = panel.filters.controls()
    filters[0].setFocus()
    order = [panel.focusWidget()]
    for _ in range(len(filters) + 1 + len(panel.action_bar.buttons)):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(panel.focusWidget())
    enabled = [w for w in filters if w.isEnabled()]  # the dates only for « Dates choisies »
    assert order[: len(enabled) + 2] == [*enabled, panel.table, panel.stats.table]
    assert order[len(enabled) + 2 : len(enabled) + 6] == panel.action_bar.buttons


def test_the_gestion_menu_edits_the_procedures_and_the_filter_follows(
    qtbot: QtBot, desk: Desk, cases: Cases
) -> None:
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    service = get_service(desk)
    assert service is not None
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, TEST_LOGIN),
    )
    window.show()
    [procedures] = [
        a for a in window.manage_actions if a.text() == "&Démarches (droit à l'erreur)…"
    ]
    assert procedures.isEnabled()
    procedures.trigger()
    [editor] = [d for d in window.findChildren(ChoiceListDialog) if d.isVisible()]
    assert editor.windowTitle() == "Démarches (droit à l'erreur)"
    editor.label_edit.setText("Cimetière (concessions)")
    editor.add_button.click()
    editor.close_button.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert window.register is not None
    combo = window.register.filters.procedure_combo
    assert "Cimetière (concessions)" in [combo.itemText(row) for row in range(combo.count())]
    QThreadPool.globalInstance().waitForDone()
