"""The case form of the right-to-error register, used as a counter agent does: a case
typed with the keyboard alone, the law's conditions answered and the verdict read, an
invited regularisation followed on the board, bad input explained, and a saved case
corrected or cancelled with a reason (issue 5)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Role
from spplus_desk.domain.error_case import (
    CaseOutcome,
    DiscoveredBy,
    ErrorCaseRecord,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.domain.request_board import BoardFilter, Bucket
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import correct_case, error_case, record_case
from spplus_desk.services.error_register import origin_of_contact, register_count, register_rows
from spplus_desk.services.request_board import board_rows, overdue_requests
from spplus_desk.store.database import CONFLICT_MESSAGE
from spplus_desk.ui.error_case_dialog import NO_CORRECTION_REASON, ErrorCaseDialog, Mode
from tests.services.test_error_cases import draft, invited
from tests.services.test_requests import paris
from tests.support import TEST_LOGIN, FixedClock

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2027, 5, 4)  # the clock fixture: Tuesday 4 May 2027, 11:30 in Paris
PLANNING = "Urbanisme (déclaration préalable, permis de construire)"
SOCIAL = "Prestations sociales (aides du CCAS, RSA, aide au logement)"


def open_dialog(
    qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN, **kwargs: object
) -> ErrorCaseDialog:
    dialog = ErrorCaseDialog(desk, login, PARIS, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def alt(qtbot: QtBot, dialog: ErrorCaseDialog, key: Qt.Key, field: QWidget) -> None:
    """Press a label's Alt shortcut: its field gets the focus."""
    qtbot.keyClick(dialog, key, ALT)
    qtbot.waitUntil(field.hasFocus)


def tab(qtbot: QtBot, field: QWidget) -> None:
    """Tab from the focused control: ``field`` is next in the form's order."""
    current = focused()
    assert current is not None
    qtbot.keyClick(current, Qt.Key.Key_Tab)
    assert focused() is field, (focused(), field)


def type_date(qtbot: QtBot, digits: str) -> None:
    """A date typed into the focused date field, day, month and year (« 01032027 »)."""
    current = focused()
    assert current is not None
    qtbot.keyClicks(current, digits)


def save(qtbot: QtBot, dialog: ErrorCaseDialog) -> ErrorCaseRecord:
    """Ctrl+Entrée; the case the dialog sends once it is saved."""
    current = focused()
    assert current is not None
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.keyClick(current, Qt.Key.Key_Return, CTRL)
    record = saved.args[0] if saved.args else None
    assert isinstance(record, ErrorCaseRecord)
    return record


def shown(widget: QWidget, name: str) -> str:
    """The text of the label named ``name``, as a screen reader reaches it."""
    [label] = [
        w for w in widget.findChildren(QLabel) if w.accessibleName() == name and w.isVisible()
    ]
    return label.text()


def mode(dialog: ErrorCaseDialog) -> Mode:
    return dialog.mode


def verdict(dialog: ErrorCaseDialog) -> str:
    return dialog.form.checklist.verdict_label.text()


def problem(dialog: ErrorCaseDialog) -> str:
    assert dialog.message.isVisible()
    return dialog.message.text()


def cases(desk: Desk) -> int:
    return register_count(desk, RegisterFilter(include_cancelled=True))


def test_a_whole_case_typed_with_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    assert dialog.windowTitle() == "Nouveau cas — droit à l'erreur"
    assert form.procedure_combo.hasFocus()
    qtbot.keyClicks(form.procedure_combo, "Urb")  # type-ahead in the list of procedures
    assert form.procedure_combo.currentText() == PLANNING
    tab(qtbot, form.nature_combo)
    qtbot.keyClick(form.nature_combo, Qt.Key.Key_Down)
    assert form.nature_combo.currentText() == "Erreur matérielle"
    tab(qtbot, form.channel_combo)
    qtbot.keyClick(form.channel_combo, Qt.Key.Key_Down)
    assert form.channel_combo.currentText() == "Téléphone"
    tab(qtbot, form.error_on_box)
    qtbot.keyClick(form.error_on_box, Qt.Key.Key_Space)
    tab(qtbot, form.error_on_edit)
    type_date(qtbot, "01032027")
    tab(qtbot, form.discovered_on_edit)  # today, as proposed
    tab(qtbot, form.discovered_by_combo)
    qtbot.keyClick(form.discovered_by_combo, Qt.Key.Key_Down)
    assert form.discovered_by_combo.currentText() == "par le service"
    tab(qtbot, form.person.name_edit)
    qtbot.keyClicks(form.person.name_edit, "Jeanne Dupont")
    tab(qtbot, form.person.phone_edit)
    qtbot.keyClicks(form.person.phone_edit, "0612345678")
    tab(qtbot, form.person.email_edit)
    assert form.person.phone_edit.text() == "06 12 34 56 78"  # tidied as it is left
    qtbot.keyClicks(form.person.email_edit, "jeanne.dupont@example.fr")
    tab(qtbot, form.checklist.first_time_box)
    assert shown(dialog, "Cas antérieurs de la personne") == (
        "Aucun cas antérieur pour cette personne."
    )
    tab(qtbot, form.checklist.good_faith_box)
    for box in form.checklist.exclusion_boxes.values():
        tab(qtbot, box)
    assert verdict(dialog) == (
        "✔ Éligible : toutes les conditions du droit à l'erreur sont remplies."
    )
    tab(qtbot, form.regularisation.radios[None])  # the answer chosen: « Pas encore »
    qtbot.keyClick(form.regularisation.radios[None], Qt.Key.Key_Right)
    assert form.regularisation.radios[Regularisation.SPONTANEOUS].isChecked()
    tab(qtbot, form.regularisation.done_box)  # no invitation: its fields are skipped
    qtbot.keyClick(form.regularisation.done_box, Qt.Key.Key_Space)
    tab(qtbot, form.regularisation.done_edit)  # today, as proposed
    tab(qtbot, form.outcome.outcome_combo)
    qtbot.keyClick(form.outcome.outcome_combo, Qt.Key.Key_Down)
    assert form.outcome.outcome_combo.currentText() == "Aucune sanction"
    tab(qtbot, form.outcome.reason_edit)
    tab(qtbot, form.outcome.amount_edit)
    qtbot.keyClicks(form.outcome.amount_edit, "1250,5")
    tab(qtbot, form.outcome.notes.edit)
    assert form.outcome.amount_edit.text() == "1\u202f250,50\u00a0€"
    qtbot.keyClicks(form.outcome.notes.edit, "Case oubliee sur le formulaire")

    record = save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert error_case(desk, record.id) == record
    saved = record.draft
    assert record.procedure == PLANNING
    assert (saved.nature, saved.channel) == (ErrorNature.MATERIAL_ERROR, Channel.PHONE)
    assert (saved.error_on, saved.discovered_on) == (date(2027, 3, 1), TODAY)
    assert saved.discovered_by is DiscoveredBy.SERVICE
    assert saved.person == PersonIdentity(
        "Jeanne Dupont", "06 12 34 56 78", "jeanne.dupont@example.fr"
    )
    assert (saved.checklist_first_time, saved.checklist_good_faith) == (True, True)
    assert saved.exclusions == frozenset()
    assert (saved.regularisation, saved.regularised_on) == (Regularisation.SPONTANEOUS, TODAY)
    assert (saved.outcome, saved.amount_cents) == (CaseOutcome.NO_SANCTION, 125050)
    assert saved.notes == "Case oubliee sur le formulaire"
    assert record.agent == TEST_LOGIN
    [row] = register_rows(desk, RegisterFilter())
    assert (row.id, row.eligible, row.regularisation_text()) == (
        record.id,
        True,
        "Faite le 04/05/2027",
    )


def choose_procedure(qtbot: QtBot, dialog: ErrorCaseDialog) -> None:
    alt(qtbot, dialog, Qt.Key.Key_D, dialog.form.procedure_combo)  # « &Démarche : »
    qtbot.keyClick(dialog.form.procedure_combo, Qt.Key.Key_Down)
    assert dialog.form.procedure_combo.currentText() == SOCIAL


def test_an_exclusion_makes_the_case_not_eligible_and_fixes_the_outcome(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = open_dialog(qtbot, desk)
    outcome = dialog.form.outcome.outcome_combo
    choose_procedure(qtbot, dialog)
    alt(qtbot, dialog, Qt.Key.Key_I, outcome)  # « &Issue : »
    qtbot.keyClick(outcome, Qt.Key.Key_Down)
    assert outcome.currentText() == "Aucune sanction"
    fraud = dialog.form.checklist.exclusion_boxes[Exclusion.FRAUD]
    alt(qtbot, dialog, Qt.Key.Key_X, fraud)  # « E&xclusions »: the first one
    qtbot.keyClick(fraud, Qt.Key.Key_Space)
    assert verdict(dialog) == (
        "✖ Non éligible. Il y a fraude : le droit à l'erreur ne la couvre jamais "
        "(CRPA, art. L123-1)."
    )
    assert dialog.form.checklist.verdict_label.accessibleDescription().startswith("Non éligible.")
    assert (outcome.currentText(), outcome.isEnabled()) == ("Non éligible", False)
    assert shown(dialog, "Pourquoi l'issue est fixée").startswith("Issue fixée")
    qtbot.keyClick(fraud, Qt.Key.Key_Space)  # untick: the outcome chosen comes back
    assert (outcome.currentText(), outcome.isEnabled()) == ("Aucune sanction", True)
    qtbot.keyClick(fraud, Qt.Key.Key_Space)

    record = save(qtbot, dialog)
    assert record.draft.exclusions == frozenset({Exclusion.FRAUD})
    assert record.draft.outcome is CaseOutcome.NOT_ELIGIBLE
    assert not record.eligibility.eligible


def test_a_repeat_is_not_eligible(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    choose_procedure(qtbot, dialog)
    first_time = dialog.form.checklist.first_time_box
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # « &Première fois »: unticks it
    qtbot.waitUntil(lambda: not first_time.isChecked())
    assert verdict(dialog).startswith("✖ Non éligible. Ce n'est pas la première fois")
    assert dialog.form.outcome.outcome_combo.currentText() == "Non éligible"
    record = save(qtbot, dialog)
    assert not record.draft.checklist_first_time
    assert record.draft.outcome is CaseOutcome.NOT_ELIGIBLE


def test_a_late_declaration_is_not_covered(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    choose_procedure(qtbot, dialog)
    nature = dialog.form.nature_combo
    alt(qtbot, dialog, Qt.Key.Key_T, nature)  # « Na&ture : »
    qtbot.keyClick(nature, Qt.Key.Key_End)
    assert nature.currentText() == "Retard de déclaration (non couvert)"
    assert verdict(dialog).startswith(
        "✖ Non éligible. Une déclaration faite en retard n'est pas une erreur de déclaration"
    )
    assert not dialog.form.outcome.outcome_combo.isEnabled()
    record = save(qtbot, dialog)
    assert record.draft.nature is ErrorNature.LATE_DECLARATION
    assert record.draft.outcome is CaseOutcome.NOT_ELIGIBLE


def test_an_invited_regularisation_shows_its_due_date_and_is_followed_on_the_board(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    dialog = open_dialog(qtbot, desk)
    box = dialog.form.regularisation
    choose_procedure(qtbot, dialog)
    assert not box.delay_edit.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)  # « Sur in&vitation du service »
    qtbot.waitUntil(box.radios[Regularisation.INVITED].isChecked)
    assert box.delay_edit.text() == "30 jours calendaires"
    # 4 May + 30 days: Thursday 3 June.
    assert shown(dialog, "Échéance de la régularisation") == (
        "À régulariser au plus tard le jeudi 3 juin 2027."
    )
    tab(qtbot, box.invited_on_edit)  # today, as proposed
    tab(qtbot, box.delay_edit)
    qtbot.keyClick(box.delay_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(box.delay_edit, "15 jours")  # half typed: the form says what it expects
    assert "Délai illisible" in shown(dialog, "Problème sur le délai")
    qtbot.keyClicks(box.delay_edit, " calendaires")
    assert not box.delay_problem.isVisible()
    assert shown(dialog, "Échéance de la régularisation") == (
        "À régulariser au plus tard le mercredi 19 mai 2027."
    )
    assert "« 5 jours ouvrés »" in box.delay_edit.toolTip()  # the accepted forms

    record = save(qtbot, dialog)
    follow_up = record.follow_up
    assert follow_up is not None
    assert (follow_up.due_date, follow_up.late) == (date(2027, 5, 19), False)
    assert record.draft.invited_on == TODAY
    assert record.draft.outcome is CaseOutcome.PENDING
    board = board_rows(desk, BoardFilter(Bucket.ALL))
    assert follow_up.reference in {row.reference for row in board}

    clock.at = paris(date(2027, 5, 20))  # nothing came: the deadline is overdue
    assert follow_up.reference in {row.reference for row in overdue_requests(desk)}
    again = open_dialog(qtbot, desk, case_id=record.id)
    assert shown(again, "Échéance suivie") == (
        f"demande {follow_up.reference}, au plus tard le mercredi 19 mai 2027 — "
        "⚠ en retard : rien n'est arrivé à temps."
    )


def test_bad_input_is_explained_keeps_what_was_typed_and_writes_nothing(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    outcome = form.outcome
    choose_procedure(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # « &Spontanée »
    qtbot.waitUntil(form.regularisation.radios[Regularisation.SPONTANEOUS].isChecked)
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # « Régularisation &faite le : »
    qtbot.waitUntil(form.regularisation.done_box.isChecked)
    alt(qtbot, dialog, Qt.Key.Key_I, outcome.outcome_combo)
    qtbot.keyClick(outcome.outcome_combo, Qt.Key.Key_End)  # « Non éligible » is not offered
    assert outcome.outcome_combo.currentText() == "Sanction maintenue"
    assert outcome.reason_hint.text() == "obligatoire : dites pourquoi la sanction est maintenue"
    alt(qtbot, dialog, Qt.Key.Key_O, outcome.notes.edit)  # « N&otes : »
    qtbot.keyClicks(outcome.notes.edit, "Patient diabetique")  # QTest types ASCII only
    qtbot.waitUntil(outcome.notes.warning.isVisible)
    assert "information de santé" in outcome.notes.warning.text()

    qtbot.keyClick(outcome.notes.edit, Qt.Key.Key_Return, CTRL)
    assert problem(dialog) == "⚠ Dites pourquoi la sanction est maintenue (motif obligatoire)."
    assert outcome.reason_edit.hasFocus()
    qtbot.keyClicks(outcome.reason_edit, "Pieces jamais fournies")

    alt(qtbot, dialog, Qt.Key.Key_H, form.person.phone_edit)  # « Télép&hone : »
    qtbot.keyClicks(form.person.phone_edit, "12")
    alt(qtbot, dialog, Qt.Key.Key_J, outcome.amount_edit)  # « Montant en &jeu : »
    assert "10 chiffres" in shown(dialog, "Problème de téléphone")
    qtbot.keyClicks(outcome.amount_edit, "douze euros")
    qtbot.keyClick(outcome.amount_edit, Qt.Key.Key_Return, CTRL)
    assert "10 chiffres" in problem(dialog)
    assert form.person.phone_edit.hasFocus()
    form.person.phone_edit.clear()
    qtbot.keyClick(form.person.phone_edit, Qt.Key.Key_Return, CTRL)
    assert problem(dialog).startswith("⚠ Montant non reconnu : « douze euros »")
    assert outcome.amount_edit.hasFocus()
    assert shown(dialog, "Problème sur le montant").startswith("⚠ Montant non reconnu")

    assert cases(desk) == 0
    assert dialog.isVisible()
    assert outcome.reason_edit.text() == "Pieces jamais fournies"
    assert outcome.notes.text() == "Patient diabetique"
    assert outcome.outcome_combo.currentText() == "Sanction maintenue"
    outcome.amount_edit.clear()
    record = save(qtbot, dialog)
    assert record.draft.outcome is CaseOutcome.SANCTION_MAINTAINED
    assert record.draft.outcome_reason == "Pieces jamais fournies"


def test_the_earlier_cases_of_the_same_person_are_shown(qtbot: QtBot, desk: Desk) -> None:
    record_case(desk, login=TEST_LOGIN, draft=draft(desk))  # Jeanne Dupont, 06 12 34 56 78
    record_case(desk, login=TEST_LOGIN, draft=draft(desk, discovered_on=date(2027, 4, 2)))
    dialog = open_dialog(qtbot, desk)
    form = dialog.form
    listed = "Liste des cas antérieurs de la personne"
    assert shown(dialog, "Cas antérieurs de la personne").startswith("Personne non identifiée")
    alt(qtbot, dialog, Qt.Key.Key_N, form.person.name_edit)  # « &Nom : »
    qtbot.keyClicks(form.person.name_edit, "jeanne  DUPONT")
    tab(qtbot, form.person.phone_edit)  # the name is left: the person is looked up
    assert shown(dialog, "Cas antérieurs de la personne") == (
        "2 cas antérieurs pour cette personne : vérifiez que ce n'est pas une récidive."
    )
    assert shown(dialog, listed) == (
        f"• 04/05/2027 — {SOCIAL} — Omission — Aucune sanction (même nom)\n"
        f"• 02/04/2027 — {SOCIAL} — Omission — Aucune sanction (même nom)"
    )
    qtbot.keyClicks(form.person.phone_edit, "0612345678")
    tab(qtbot, form.person.email_edit)
    assert shown(dialog, listed).endswith("(même téléphone)")  # the strongest match


def test_a_case_opened_from_a_contact_starts_from_it(qtbot: QtBot, desk: Desk) -> None:
    contact = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            Channel.EMAIL,
            ContactOutcome.IMMEDIATE_ANSWER,
            person_name="Marc Petit",
            person_email="marc.petit@example.fr",
        ),
    )
    dialog = open_dialog(qtbot, desk, origin=origin_of_contact(desk, contact.id))
    form = dialog.form
    assert (
        shown(dialog, "Origine du cas")
        == "Ouvert depuis : Contact du 4 mai 2027 à 11\u00a0h\u00a030"
    )
    assert form.channel_combo.currentText() == "Courriel"
    assert form.person.name_edit.text() == "Marc Petit"
    assert form.person.email_edit.text() == "marc.petit@example.fr"
    assert shown(dialog, "Cas antérieurs de la personne") == (
        "Aucun cas antérieur pour cette personne."
    )
    choose_procedure(qtbot, dialog)
    record = save(qtbot, dialog)
    assert record.draft.contact_id == contact.id
    assert record.draft.channel is Channel.EMAIL


@pytest.fixture
def saved(desk: Desk) -> ErrorCaseRecord:
    """An invited case waiting for its regularisation, recorded by the test admin."""
    return record_case(desk, login=TEST_LOGIN, draft=invited(desk, amount_cents=30000))


def test_a_saved_case_opens_read_only(qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord) -> None:
    dialog = open_dialog(qtbot, desk, case_id=saved.id)
    assert mode(dialog) is Mode.VIEW
    assert not dialog.form.isVisible()
    assert not dialog.save_button.isVisible()
    assert dialog.windowTitle() == f"Cas du 04/05/2027 — {SOCIAL}"
    assert (
        shown(dialog, "État du cas")
        == "Enregistré le 4 mai 2027 à 11\u00a0h\u00a030 par agent.test."
    )
    assert shown(dialog, "Démarche") == SOCIAL
    assert shown(dialog, "Découverte") == "le 4 mai 2027, par la personne"
    assert shown(dialog, "Éligibilité") == (
        "✔ Éligible : toutes les conditions du droit à l'erreur sont remplies."
    )
    assert shown(dialog, "Régularisation") == (
        "sur invitation du service le 4 mai 2027, avec un délai de 15\u00a0jours calendaires"
    )
    assert shown(dialog, "Montant en jeu") == "300\u00a0€"
    assert shown(dialog, "Issue") == "En attente"
    assert dialog.correct_button.hasFocus()


def test_correct_a_case_with_a_reason(qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord) -> None:
    dialog = open_dialog(qtbot, desk, case_id=saved.id)
    form = dialog.form
    alt(qtbot, dialog, Qt.Key.Key_C, form.procedure_combo)  # « &Corriger »
    assert mode(dialog) is Mode.CORRECTING
    assert form.person.name_edit.text() == "Jeanne Dupont"
    assert shown(dialog, "Suivi de l'échéance").startswith("Échéance suivie : demande 2027-")
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # « Régularisation &faite le : »
    qtbot.waitUntil(form.regularisation.done_box.isChecked)
    alt(qtbot, dialog, Qt.Key.Key_I, form.outcome.outcome_combo)
    qtbot.keyClick(form.outcome.outcome_combo, Qt.Key.Key_Down)
    assert form.outcome.outcome_combo.currentText() == "Aucune sanction"
    qtbot.keyClick(form.outcome.outcome_combo, Qt.Key.Key_Return, CTRL)
    assert problem(dialog) == f"⚠ {NO_CORRECTION_REASON}"  # asked for at saving time
    assert dialog.reason_edit.hasFocus()
    assert error_case(desk, saved.id) == saved
    qtbot.keyClicks(dialog.reason_edit, "Pieces recues ce matin")
    with qtbot.waitSignal(dialog.case_saved) as signal:
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    corrected = error_case(desk, saved.id)
    assert signal.args == [corrected]
    assert (corrected.draft.regularised_on, corrected.draft.outcome) == (
        TODAY,
        CaseOutcome.NO_SANCTION,
    )
    assert corrected.follow_up is not None
    assert corrected.follow_up.done
    assert mode(dialog) is Mode.VIEW  # back to reading, the saved case shown
    assert dialog.confirmation.text() == "✓ Correction enregistrée."
    assert shown(dialog, "Issue") == "Aucune sanction"
    assert shown(dialog, "Échéance suivie").endswith("— ✓ régularisation faite.")


def test_a_conflicting_correction_is_explained(
    qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord
) -> None:
    dialog = open_dialog(qtbot, desk, case_id=saved.id)
    alt(qtbot, dialog, Qt.Key.Key_C, dialog.form.procedure_combo)
    correct_case(  # another desk, meanwhile
        desk,
        login=TEST_LOGIN,
        case_id=saved.id,
        version=saved.version,
        draft=replace(saved.draft, notes="Vu au telephone"),
        reason="Precision",
    )
    dialog.reason_edit.setText("Autre correction")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert problem(dialog) == f"⚠ {CONFLICT_MESSAGE}"
    assert dialog.back_button.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # « Ne rien chan&ger »: the case as it is now
    qtbot.waitUntil(lambda: mode(dialog) is Mode.VIEW)
    assert shown(dialog, "Notes") == "Vu au telephone"


def test_cancel_a_case_with_a_reason(qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord) -> None:
    dialog = open_dialog(qtbot, desk, case_id=saved.id)
    alt(qtbot, dialog, Qt.Key.Key_A, dialog.reason_edit)  # « &Annuler le cas… »
    assert dialog.reason_label.text() == "Motif de l'annulation :"
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason: the service says why
    assert "ne peut pas être vide" in problem(dialog)
    qtbot.keyClicks(dialog.reason_edit, "Cas saisi deux fois")
    with qtbot.waitSignal(dialog.case_saved):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    cancelled = error_case(desk, saved.id)
    assert cancelled.cancel_reason == "Cas saisi deux fois"
    assert register_rows(desk, RegisterFilter()) == []
    assert overdue_requests(desk, paris(date(2027, 6, 1))) == []  # its deadline went with it
    assert mode(dialog) is Mode.CANCELLED
    assert shown(dialog, "État du cas").endswith(
        "✖ Annulé le 4 mai 2027 à 11\u00a0h\u00a030 : Cas saisi deux fois. "
        "Il reste au registre et ne peut plus être modifié."
    )
    assert saved.follow_up is not None
    assert shown(dialog, "Échéance suivie") == (
        f"demande {saved.follow_up.reference}, annulée avec le cas"
    )
    assert dialog.confirmation.text() == "✓ Cas annulé : il reste au registre, marqué annulé."
    assert not dialog.correct_button.isVisible()
    assert not dialog.cancel_case_button.isVisible()

    reopened = open_dialog(qtbot, desk, case_id=saved.id)
    assert mode(reopened) is Mode.CANCELLED
    assert not reopened.correct_button.isVisible()
    assert reopened.close_button.hasFocus()


def test_another_agent_may_not_change_the_case(
    qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord
) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, "paul", case_id=saved.id)
    assert not dialog.correct_button.isVisible()
    assert not dialog.cancel_case_button.isVisible()
    assert "seul son auteur, un responsable d'équipe ou un administrateur" in shown(
        dialog, "État du cas"
    )
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # nothing to correct with
    assert mode(dialog) is Mode.VIEW
    add_agent(desk, login=TEST_LOGIN, name="Léa Lead", agent_login="lea", role=Role.LEAD)
    lead = open_dialog(qtbot, desk, "lea", case_id=saved.id)
    assert lead.correct_button.isVisible()


def test_escape_closes_the_form(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cases(desk) == 0


def mnemonics(window: QWidget) -> list[str]:
    """The Alt letters of the visible labels, buttons and group boxes."""
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.title() for w in window.findChildren(QGroupBox) if w.isVisible()]
    return [m.group(1).lower() for text in texts if (m := re.search(r"&(\w)", text))]


def check_window(window: ErrorCaseDialog) -> None:
    """Fits the screen; every control has a French name and a tooltip; no Alt letter
    is used twice."""
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    controls = (QComboBox, QLineEdit, QPlainTextEdit, QAbstractButton, QTableView)
    for control in window.findChildren(QWidget):
        inner = isinstance(control.parent(), (QComboBox, QAbstractSpinBox))
        own = control.objectName().startswith("qt_")  # Qt's own parts (a table's corner)
        if isinstance(control, (*controls, QAbstractSpinBox)) and not inner and not own:
            assert control.accessibleName(), control
            assert control.toolTip(), control
    letters = mnemonics(window)
    assert len(letters) == len(set(letters)), sorted(letters)
    # The content scrolls down rather than sideways.
    [area] = window.findChildren(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()


def test_every_control_is_named_and_the_form_works_at_200_percent(
    qtbot: QtBot, desk: Desk, saved: ErrorCaseRecord, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    check_window(dialog)
    assert len(mnemonics(dialog)) >= 18
    assert dialog.save_button.toolTip() == "Enregistrer le cas (Alt+E ou Ctrl+Entrée)"
    viewer = open_dialog(qtbot, desk, case_id=saved.id)
    check_window(viewer)
    alt(qtbot, viewer, Qt.Key.Key_C, viewer.form.procedure_combo)
    check_window(viewer)
    qtbot.keyClick(viewer, Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: mode(viewer) is Mode.VIEW)
    alt(qtbot, viewer, Qt.Key.Key_A, viewer.reason_edit)
    check_window(viewer)
