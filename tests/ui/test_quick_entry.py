"""The quick entry, used as a counter agent does: the keyboard only, then a look at what
the services saved."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from spplus_desk.domain.enums import Channel, ContactOutcome, Need
from spplus_desk.services.choice_lists import PARTNERS, add_choice
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import AuditEntry, Contact, Request
from spplus_desk.ui.quick_entry import QuickEntryPanel
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
MOTIF = "État civil (actes de naissance, mariage, décès)"


@pytest.fixture
def panel(qtbot: QtBot, desk: Desk) -> QuickEntryPanel:
    widget = QuickEntryPanel(desk, TEST_LOGIN, PARIS)
    qtbot.addWidget(widget)
    widget.resize(520, 1100)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.focus_channel()
    return widget


def contacts(desk: Desk) -> list[Contact]:
    with desk.database.reading() as session:
        rows = list(session.scalars(select(Contact).order_by(Contact.recorded_at)))
        session.expunge_all()
        return rows


def key(
    qtbot: QtBot,
    panel: QuickEntryPanel,
    which: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed wherever the focus is, as on a real keyboard."""
    qtbot.keyClick(QApplication.focusWidget() or panel, which, modifier)


def type_text(qtbot: QtBot, panel: QuickEntryPanel, text: str) -> None:
    """Typed into the focused field (ASCII: QTest cannot type accented letters)."""
    qtbot.keyClicks(QApplication.focusWidget() or panel, text)


def tab(qtbot: QtBot, panel: QuickEntryPanel, times: int = 1) -> None:
    for _ in range(times):
        key(qtbot, panel, Qt.Key.Key_Tab)


def focused_name() -> str:
    widget = QApplication.focusWidget()
    return widget.accessibleName() if widget else ""


def audit_actions(desk: Desk) -> list[str]:
    with desk.database.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_a_counter_visit_typed_with_the_keyboard_only(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    clock.at = datetime(2027, 5, 4, 7, 42, tzinfo=UTC)  # 09 h 42 in Paris
    key(qtbot, panel, Qt.Key.Key_F3)
    key(qtbot, panel, Qt.Key.Key_F2)
    assert panel.channel_buttons[Channel.COUNTER].hasFocus()
    key(qtbot, panel, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # "Arri&vée"
    assert panel.timing.arrival_edit.hasFocus()
    type_text(qtbot, panel, "0930")  # from the ticket
    key(qtbot, panel, Qt.Key.Key_F12)  # the agent calls the next person
    assert (
        "Personne appelée à 09\u00a0h\u00a042 — attente 12\u00a0min"
        in panel.timing.called_label.text()
    )
    assert panel.motif_combo.hasFocus()
    type_text(qtbot, panel, "naissance")  # part of the label, without its accent
    popup = panel.motif_combo.completion_list()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert panel.motif_combo.currentText() == MOTIF
    key(qtbot, panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert panel.outcome() is ContactOutcome.REQUEST_OPENED
    tab(qtbot, panel)
    assert panel.kind_combo.hasFocus()
    type_text(qtbot, panel, "C")  # "Copie d'acte d'état civil"
    tab(qtbot, panel)  # the partner is skipped: it is off for this outcome
    assert panel.person.name_edit.hasFocus()
    type_text(qtbot, panel, "Jeanne Martin")
    tab(qtbot, panel)
    type_text(qtbot, panel, "0612345678")
    tab(qtbot, panel)
    type_text(qtbot, panel, "jeanne.martin@example.fr")
    tab(qtbot, panel)
    key(qtbot, panel, Qt.Key.Key_Space)  # first need: interprète
    tab(qtbot, panel, 7)  # the other needs, the arrival time, the duration
    assert panel.notes.edit.hasFocus()
    type_text(qtbot, panel, "Acte de naissance pour un dossier de mariage")
    clock.advance(minutes=6)
    key(qtbot, panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [saved] = contacts(desk)
    assert saved.channel == Channel.COUNTER.value
    assert saved.outcome == ContactOutcome.REQUEST_OPENED.value
    assert saved.person_name == "Jeanne Martin"
    assert saved.person_phone == "06 12 34 56 78"
    assert saved.person_email == "jeanne.martin@example.fr"
    assert saved.needs == Need.INTERPRETER.value
    assert saved.notes == "Acte de naissance pour un dossier de mariage"
    assert saved.arrived_at is not None
    assert saved.called_at is not None
    assert (saved.called_at - saved.arrived_at).total_seconds() == 12 * 60
    assert saved.duration_seconds == 6 * 60
    with desk.database.reading() as session:
        request = session.scalars(select(Request)).one()
        assert request.contact_id == saved.id
    assert panel.confirmation.text() == (
        "✓ Enregistré à 09\u00a0h\u00a048\u00a0: Accueil physique, demande enregistrée — "
        f"demande n° {request.reference}, réponse promise au plus tard le lundi 10 mai 2027."
    )  # 3 jours ouvrés after Tuesday 4 May: Ascension (Thursday 6) and the weekend skipped
    # Ready for the next person: same channel, empty form, focus on the channel.
    assert panel.channel_buttons[Channel.COUNTER].hasFocus()
    assert panel.motif_combo.currentText() == ""
    assert panel.person.name_edit.text() == ""
    assert panel.needs.needs() == Need.NONE
    assert panel.timing.called_at is None


def test_enter_saves_an_anonymous_call_from_any_field(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    key(qtbot, panel, Qt.Key.Key_F3)
    tab(qtbot, panel)
    type_text(qtbot, panel, "retraite")
    clock.advance(minutes=4)
    key(qtbot, panel, Qt.Key.Key_Return)
    [saved] = contacts(desk)
    assert saved.channel == Channel.PHONE.value
    assert saved.outcome == ContactOutcome.IMMEDIATE_ANSWER.value
    assert saved.person_name is None  # "non communiqué"
    assert saved.duration_seconds == 4 * 60  # from the channel key to the save
    assert panel.confirmation.text().endswith(": Téléphone, réponse immédiate.")
    assert panel.channel_buttons[Channel.PHONE].hasFocus()  # the channel is kept


def test_an_orientation_to_a_listed_or_typed_partner(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    add_choice(desk, PARTNERS, login=TEST_LOGIN, label="Caisse d'allocations familiales")
    panel.reload_choices()
    key(qtbot, panel, Qt.Key.Key_F2)
    assert not panel.partner_combo.isEnabled()
    key(qtbot, panel, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert panel.partner_combo.isEnabled()
    key(qtbot, panel, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # "&Orienté vers"
    type_text(qtbot, panel, "caisse d'allocations familiales")
    key(qtbot, panel, Qt.Key.Key_Escape)  # closes the completion list
    key(qtbot, panel, Qt.Key.Key_Return)
    key(qtbot, panel, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, panel, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "Point-justice de Montreuil")
    key(qtbot, panel, Qt.Key.Key_Return)
    assert panel.confirmation.text().endswith(
        ": Accueil physique, orienté vers Point-justice de Montreuil."
    )
    assert [(c.outcome, c.redirected_to) for c in contacts(desk)] == [
        (ContactOutcome.REDIRECTED.value, "Caisse d'allocations familiales"),  # the list's spelling
        (ContactOutcome.REDIRECTED.value, "Point-justice de Montreuil"),
    ]


def test_the_kinds_offered_follow_the_channel(qtbot: QtBot, panel: QuickEntryPanel) -> None:
    def offered() -> list[str]:
        combo = panel.kind_combo
        return [combo.itemText(row).split(" — ")[0] for row in range(combo.count())]

    key(qtbot, panel, Qt.Key.Key_F5)  # Courriel
    assert "Réponse à un courriel" in offered()
    assert "Dossier d'aide sociale" not in offered()
    key(qtbot, panel, Qt.Key.Key_F2)
    assert "Dossier d'aide sociale" in offered()
    assert "Copie d'acte d'état civil — 3\u00a0jours ouvrés" in [  # the promise, shown
        panel.kind_combo.itemText(row) for row in range(panel.kind_combo.count())
    ]


def test_a_missed_call_with_one_key_leaves_the_contact_being_typed(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, panel, Qt.Key.Key_F2)
    key(qtbot, panel, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "Paul Durand")  # a visit in progress when the phone rang
    key(qtbot, panel, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # "&Rappel promis"
    key(qtbot, panel, Qt.Key.Key_Space)
    tab(qtbot, panel)
    type_text(qtbot, panel, "+33 6 11 22 33 44")
    key(qtbot, panel, Qt.Key.Key_F11)
    key(qtbot, panel, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    missed, abandoned = contacts(desk)
    assert (missed.channel, missed.outcome) == (Channel.PHONE.value, "missed_call")
    assert missed.callback_promised
    assert missed.person_phone == "06 11 22 33 44"  # written the French way
    assert abandoned.outcome == "abandoned_call"
    assert not abandoned.callback_promised  # the box was emptied after the first call
    assert "appel abandonné" in panel.confirmation.text()
    assert panel.person.name_edit.text() == "Paul Durand"  # nothing of the visit is lost
    assert panel.channel() is Channel.COUNTER


def test_wrong_input_is_explained_next_to_the_field_and_nothing_is_lost(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, panel, Qt.Key.Key_F2)
    key(qtbot, panel, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # "Télép&hone"
    type_text(qtbot, panel, "06 12")
    key(qtbot, panel, Qt.Key.Key_Return)
    assert contacts(desk) == []
    assert panel.person.phone_problem.isVisible()
    assert "téléphone" in panel.person.phone_problem.text().lower()
    assert panel.error_label.text() == "⚠ Corrigez le champ signalé avant d'enregistrer."
    assert panel.person.phone_edit.hasFocus()
    assert panel.person.phone_edit.text() == "06 12"
    panel.person.phone_edit.clear()

    key(qtbot, panel, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Co&urriel"
    type_text(qtbot, panel, "jeanne@")
    tab(qtbot, panel)
    assert panel.person.email_problem.isVisible()  # said as the agent leaves the field
    panel.person.email_edit.clear()

    key(qtbot, panel, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "Piscine")
    key(qtbot, panel, Qt.Key.Key_Escape)
    key(qtbot, panel, Qt.Key.Key_Return)
    assert "« Piscine » n'est pas dans la liste du service" in panel.error_label.text()
    assert focused_name() == "Motif du contact"
    panel.motif_combo.reset()

    key(qtbot, panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, panel, Qt.Key.Key_Return)
    assert panel.error_label.text() == "⚠ Choisissez le type de demande."
    assert panel.kind_combo.hasFocus()
    key(qtbot, panel, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    key(qtbot, panel, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "25h")
    key(qtbot, panel, Qt.Key.Key_Return)
    assert "n'est pas une heure de la journée" in panel.timing.arrival_problem.text()
    assert panel.timing.arrival_edit.hasFocus()
    assert contacts(desk) == []
    panel.timing.arrival_edit.clear()
    key(qtbot, panel, Qt.Key.Key_Return)
    assert len(contacts(desk)) == 1
    assert not panel.error_label.isVisible()


def test_sensitive_notes_are_warned_about_but_kept_if_the_agent_wants(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, panel, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # "Not&es"
    type_text(qtbot, panel, "NIR 1 84 12 75 123 456 40 pour le dossier")
    qtbot.waitUntil(panel.notes.warning.isVisible)
    assert "sécurité sociale" in panel.notes.warning.text()
    assert panel.notes.edit.accessibleDescription()  # read out by screen readers too
    key(qtbot, panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [saved] = contacts(desk)
    assert "1 84 12 75 123 456 40" in saved.notes
    assert not panel.notes.warning.isVisible()  # the next contact starts clean


def test_undo_within_five_minutes_and_not_after(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    assert not panel.undo_button.isEnabled()
    key(qtbot, panel, Qt.Key.Key_F3)
    key(qtbot, panel, Qt.Key.Key_Return)
    assert panel.undo_button.isEnabled()
    clock.advance(minutes=4)
    key(qtbot, panel, Qt.Key.Key_Backspace, CTRL_SHIFT)
    [undone] = contacts(desk)
    assert undone.cancelled_at is not None
    assert panel.confirmation.text().startswith("↶ Contact de ")
    assert not panel.undo_button.isEnabled()
    assert audit_actions(desk)[-2:] == ["contact.created", "contact.undone"]

    key(qtbot, panel, Qt.Key.Key_Return)
    clock.advance(minutes=5, seconds=1)
    key(qtbot, panel, Qt.Key.Key_Backspace, CTRL_SHIFT)
    assert "plus de 5 minutes" in panel.error_label.text()
    assert contacts(desk)[-1].cancelled_at is None  # corrected or cancelled from the journal
    assert not panel.undo_button.isEnabled()


def test_a_login_that_is_not_an_agent_is_refused_by_the_service(qtbot: QtBot, desk: Desk) -> None:
    panel = QuickEntryPanel(desk, "inconnu", PARIS)
    qtbot.addWidget(panel)
    panel.save()
    assert "n'est pas enregistré comme agent actif" in panel.error_label.text()
    assert contacts(desk) == []


def test_every_control_is_named_explained_and_in_the_tab_chain(
    qtbot: QtBot, panel: QuickEntryPanel
) -> None:
    controls = (QComboBox, QLineEdit, QPlainTextEdit, QCheckBox, QPushButton, QRadioButton)
    for control in panel.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        if isinstance(control, (*controls, QAbstractSpinBox)) and not inner:
            assert control.accessibleName(), control
            assert control.toolTip(), control
    # Tab goes from the channel through the form in reading order.
    names = []
    for _ in range(7):
        names.append(focused_name())
        tab(qtbot, panel)
    assert names == [
        "Canal : Accueil physique",
        "Motif du contact",
        "Suite donnée au contact",
        "Nom de la personne",  # the request kind and the partner wait for their outcome
        "Téléphone de la personne",
        "Courriel de la personne",
        "Besoin : Interprète",
    ]


def test_enter_in_the_missed_call_box_logs_the_missed_call_not_the_form(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, panel, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    key(qtbot, panel, Qt.Key.Key_Return)  # on the box: nothing happens
    assert contacts(desk) == []
    tab(qtbot, panel)
    type_text(qtbot, panel, "0611223344")
    key(qtbot, panel, Qt.Key.Key_Return)
    [missed] = contacts(desk)
    assert (missed.channel, missed.outcome) == (Channel.PHONE.value, "missed_call")
    assert missed.person_phone == "06 11 22 33 44"


def test_undo_takes_back_one_contact_only(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    key(qtbot, panel, Qt.Key.Key_Return)
    clock.advance(minutes=1)
    key(qtbot, panel, Qt.Key.Key_Return)
    key(qtbot, panel, Qt.Key.Key_Backspace, CTRL_SHIFT)
    key(qtbot, panel, Qt.Key.Key_Backspace, CTRL_SHIFT)  # the button is off: no second step
    assert [c.cancelled_at is None for c in contacts(desk)] == [True, False]
    assert panel.confirmation.accessibleDescription().startswith("↶ Contact de ")


def test_an_arrival_before_midnight_called_after_it(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk, clock: FixedClock
) -> None:
    clock.at = datetime(2027, 5, 4, 21, 40, tzinfo=UTC)  # 23 h 40 in Paris
    key(qtbot, panel, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "23h30")
    clock.advance(minutes=25)  # called at 00 h 05 the next day
    key(qtbot, panel, Qt.Key.Key_F12)
    key(qtbot, panel, Qt.Key.Key_Return)
    [saved] = contacts(desk)
    assert saved.arrived_at is not None
    assert saved.called_at is not None
    assert (saved.called_at - saved.arrived_at).total_seconds() == 35 * 60
    key(qtbot, panel, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, panel, "8h")  # later than now, by mistake
    key(qtbot, panel, Qt.Key.Key_Return)
    assert "postérieure à l'heure actuelle" in panel.error_label.text()
    assert panel.timing.arrival_edit.hasFocus()


def test_the_request_kind_starts_empty_for_each_contact(
    qtbot: QtBot, panel: QuickEntryPanel, desk: Desk
) -> None:
    key(qtbot, panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    tab(qtbot, panel)
    type_text(qtbot, panel, "C")
    key(qtbot, panel, Qt.Key.Key_Return)
    assert len(contacts(desk)) == 1
    key(qtbot, panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, panel, Qt.Key.Key_Return)
    assert panel.error_label.text() == "⚠ Choisissez le type de demande."
    assert len(contacts(desk)) == 1
