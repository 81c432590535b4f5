"""The improvement form used by a lead: the poster lines counted as they are typed, the
day done asked only for a realised action, bad input explained with nothing saved, the
links to feedback changed, a stale version refused, Échap on typed text, and the form
at 200 % (issue 6)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from spplus_desk.domain.enums import Role
from spplus_desk.domain.feedback import ImprovementStatus
from spplus_desk.services.desk import Desk
from spplus_desk.services.improvements import (
    correct_improvement,
    improvement,
    list_improvements,
    record_improvement,
)
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.ui.improvement_dialog import ImprovementDialog
from tests.services.test_feedback import action, complaint, made_list, record
from tests.support import TEST_LOGIN, FixedClock
from tests.ui.test_feedback_dialog import check_window, discard_box, mnemonics

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PARIS = ZoneInfo("Europe/Paris")


def open_dialog(
    qtbot: QtBot, desk: Desk, role: Role | None = Role.LEAD, **kwargs: object
) -> ImprovementDialog:
    dialog = ImprovementDialog(desk, TEST_LOGIN, PARIS, role, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def ctrl_enter(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)


def problem(dialog: ImprovementDialog) -> str:
    assert dialog.message.isVisible()
    return dialog.message.text()


def test_the_counter_says_what_is_too_long_and_nothing_is_saved(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    assert dialog.said_text.counter.text() == "0 / 300 caractères"
    qtbot.keyClicks(focused(), "x" * 301)
    assert dialog.said_text.counter.text() == "⚠ 301 / 300 caractères : 1 de trop"
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(dialog.done_text.edit.hasFocus)
    qtbot.keyClicks(focused(), "Une borne d'accueil")
    ctrl_enter(qtbot)
    assert "trop long (301 caractères, 300 au plus)" in problem(dialog)
    assert dialog.said_text.edit.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    assert dialog.said_text.counter.text() == "300 / 300 caractères"
    with qtbot.waitSignal(dialog.improvement_saved):
        ctrl_enter(qtbot)
    [saved] = list_improvements(desk)
    assert saved.status is ImprovementStatus.PLANNED
    assert saved.done_on is None


def test_empty_lines_and_a_future_day_are_explained(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    ctrl_enter(qtbot)
    assert problem(dialog) == ("⚠ Écrivez ce que les usagers ont dit (« Vous nous avez dit… »).")
    qtbot.keyClicks(focused(), "Trop d'attente")
    ctrl_enter(qtbot)
    assert "Nous avons fait" in problem(dialog)
    assert dialog.done_text.edit.hasFocus()
    qtbot.keyClicks(focused(), "Un agent de plus")
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(dialog.status_combo.hasFocus)
    qtbot.keyClicks(focused(), "R")  # « Réalisée »: its day is asked
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)
    qtbot.waitUntil(dialog.done_on_edit.hasFocus)
    qtbot.keyClicks(focused(), "05052027")
    ctrl_enter(qtbot)
    assert problem(dialog) == "⚠ La date de réalisation est dans le futur : corrigez-la."
    assert dialog.done_on_edit.hasFocus()
    assert list_improvements(desk) == []


def test_the_links_are_changed_and_a_stale_version_refused(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    made = made_list(desk, clock)
    old = record(desk, complaint(received_on=date(2026, 1, 12), text="Ancienne plainte"))
    also_old = record(desk, complaint(received_on=date(2026, 1, 13), text="Autre ancienne"))
    linked = frozenset({made["late"].id, old.id})
    saved = record_improvement(desk, login=TEST_LOGIN, draft=action(feedback_ids=linked))
    dialog = open_dialog(qtbot, desk, improvement_id=saved.id)
    links = dialog.links
    offered = {links.entry(row).id for row in range(links.rowCount())}
    # The last twelve months, and the older one already linked (not the other).
    assert offered == {*(e.id for e in made.values()), old.id}
    assert also_old.id not in offered
    assert dialog.link_count.text() == "2 avis liés"
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(dialog.filter_edit.hasFocus)
    qtbot.keyClicks(focused(), "ancienne")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # unticked
    assert dialog.link_count.text() == "1 avis lié"
    with qtbot.waitSignal(dialog.improvement_saved):
        ctrl_enter(qtbot)
    assert improvement(desk, saved.id).feedback_ids == {made["late"].id}

    stale = open_dialog(qtbot, desk, improvement_id=saved.id)
    correct_improvement(
        desk, login=TEST_LOGIN, improvement_id=saved.id, version=2, draft=action(done="Autre")
    )
    qtbot.keyClicks(focused(), " (mardi)")
    ctrl_enter(qtbot)
    assert problem(stale) == f"⚠ {CONFLICT_MESSAGE}"
    assert stale.isVisible()
    assert improvement(desk, saved.id).done == "Autre"


def test_escape_asks_before_losing_typed_text(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClicks(focused(), "Trop d'attente")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    box = discard_box(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_A, ALT)  # « Abandonner la saisie »
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert list_improvements(desk) == []
    reader = open_dialog(qtbot, desk, role=Role.AGENT)  # read-only: nothing to lose
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not reader.isVisible())
    assert not [b for b in reader.findChildren(QMessageBox) if b.isVisible()]


def test_every_control_is_named_and_the_form_works_at_200_percent(
    qtbot: QtBot, desk: Desk, clock: FixedClock, large_font: None
) -> None:
    made_list(desk, clock)
    dialog = open_dialog(qtbot, desk)
    check_window(dialog)
    assert len(mnemonics(dialog)) == 7
    assert dialog.save_button.toolTip() == "Enregistrer l'amélioration (Alt+E ou Ctrl+Entrée)"
    reader = open_dialog(qtbot, desk, role=Role.AGENT)
    check_window(reader)
    assert not reader.save_button.isVisible()
