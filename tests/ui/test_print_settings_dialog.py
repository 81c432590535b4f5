"""« Affiches et documents », used as a lead does: type the local engagements and put
them in order from the keyboard, say how to book an appointment, choose a logo and the
State's font; a refusal is explained next to its part and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spplus_desk.domain.documents import MAX_LOCAL_ENGAGEMENTS, PrintSettings
from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent, find_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.print_settings import (
    get_print_settings,
    set_print_font,
    update_print_settings,
)
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.ui import print_settings_dialog
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.print_settings_dialog import PrintSettingsDialog
from tests.support import TEST_LOGIN

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
FONTS = Path(__file__).parents[2] / "resources" / "fonts"
# Typed text is ASCII: QTest cannot type « ê » (its key table aborts the process).
SATURDAY = "Sans rendez-vous le samedi matin"
CALL_BACK = "Nous vous rappelons sous 48 h si vous laissez un message"


def open_dialog(qtbot: QtBot, desk: Desk, login: str = TEST_LOGIN) -> PrintSettingsDialog:
    dialog = PrintSettingsDialog(desk, login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def shown(dialog: PrintSettingsDialog) -> list[str]:
    engagements = dialog.engagements.list
    return [engagements.item(row).text() for row in range(engagements.count())]


def save(qtbot: QtBot, dialog: PrintSettingsDialog) -> None:
    """Ctrl+S, and wait for the dialog to close once everything is saved."""
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert dialog.result() == PrintSettingsDialog.DialogCode.Accepted


def save_refused(qtbot: QtBot, dialog: PrintSettingsDialog, refusal: QWidget) -> None:
    """Ctrl+S, and wait for the refusal (saving runs in the background)."""
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert not dialog.save_button.isEnabled()  # one save at a time
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert refusal.isVisible()
    assert dialog.isVisible()


def write_png(path: Path, colour: str = "navy") -> bytes:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path.read_bytes()


def settle(
    desk: Desk, *, engagements: Sequence[str] | None = None, appointment: str | None = None
) -> PrintSettings:
    """Settings saved beforehand, as another desk would."""
    settings = get_print_settings(desk)
    return update_print_settings(
        desk,
        login=TEST_LOGIN,
        version=settings.version,
        local_engagements=settings.local_engagements if engagements is None else engagements,
        appointment=settings.appointment if appointment is None else appointment,
    )


def test_type_and_order_the_local_engagements_with_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    assert dialog.windowTitle() == "Affiches et documents"
    # The referential's engagements are shown above, word for word.
    [common] = [
        w
        for w in dialog.findChildren(QWidget)
        if w.accessibleName() == "Engagements du référentiel, imprimés tels quels"
    ]
    for engagement in load_referential("sp-2023").engagements:
        assert engagement in common.property("text")
    engagements = dialog.engagements
    assert dialog.focusWidget() is engagements.list
    qtbot.keyClick(engagements.list, Qt.Key.Key_Insert)
    assert dialog.focusWidget() is engagements.edit
    qtbot.keyClicks(engagements.edit, CALL_BACK)
    assert shown(dialog) == [CALL_BACK]  # the list shows it as typed
    assert engagements.counter.text() == f"{len(CALL_BACK)} / 200 caractères"
    qtbot.keyClick(engagements.edit, Qt.Key.Key_Return)  # back to the list, nothing saved
    assert dialog.isVisible()
    assert dialog.focusWidget() is engagements.list
    qtbot.keyClick(engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(engagements.edit, f"  {SATURDAY} ")
    qtbot.keyClick(engagements.edit, Qt.Key.Key_Return)
    qtbot.keyClick(engagements.list, Qt.Key.Key_Insert)  # an empty one is left out
    qtbot.keyClick(engagements.edit, Qt.Key.Key_Return)
    qtbot.keyClick(engagements.list, Qt.Key.Key_Up)
    assert engagements.list.currentRow() == 1
    qtbot.keyClick(engagements.list, Qt.Key.Key_Up, ALT)  # the Saturday one first
    assert shown(dialog) == [f"  {SATURDAY} ", CALL_BACK, ""]
    assert engagements.list.currentRow() == 0
    assert get_print_settings(desk).local_engagements == ()  # not before « Enregistrer »
    save(qtbot, dialog)
    assert get_print_settings(desk).local_engagements == (SATURDAY, CALL_BACK)


def test_modify_remove_and_move_with_keys_and_buttons(qtbot: QtBot, desk: Desk) -> None:
    settle(desk, engagements=["Premier", "Deuxième", "Troisième"])
    dialog = open_dialog(qtbot, desk)
    engagements = dialog.engagements
    assert shown(dialog) == ["Premier", "Deuxième", "Troisième"]
    assert engagements.edit.text() == "Premier"  # the chosen one, ready to change
    qtbot.keyClick(engagements.list, Qt.Key.Key_F2)
    assert dialog.focusWidget() is engagements.edit
    qtbot.keyClicks(engagements.edit, " engagement")
    qtbot.keyClick(engagements.edit, Qt.Key.Key_Return)
    qtbot.keyClick(engagements.list, Qt.Key.Key_Down)
    qtbot.keyClick(engagements.list, Qt.Key.Key_Return)  # Entrée changes it too
    assert dialog.focusWidget() is engagements.edit
    qtbot.keyClick(engagements.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(engagements.edit, "Second")
    qtbot.keyClick(engagements.edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Entrée in the list does not save
    qtbot.keyClick(engagements.list, Qt.Key.Key_Down)
    qtbot.keyClick(engagements.list, Qt.Key.Key_Delete)
    assert shown(dialog) == ["Premier engagement", "Second"]
    with qtbot.waitSignal(engagements.down_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_D, ALT)  # « &Descendre »: nothing below
    assert shown(dialog) == ["Premier engagement", "Second"]
    with qtbot.waitSignal(engagements.up_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # « M&onter »
    assert shown(dialog) == ["Second", "Premier engagement"]
    assert not engagements.up_button.isEnabled()  # it is now the first
    with qtbot.waitSignal(engagements.remove_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)  # « Re&tirer »
    assert shown(dialog) == ["Premier engagement"]
    save(qtbot, dialog)
    assert get_print_settings(desk).local_engagements == ("Premier engagement",)


def test_no_more_than_six_and_never_twice(qtbot: QtBot, desk: Desk) -> None:
    six = [f"Engagement n° {number}" for number in range(1, MAX_LOCAL_ENGAGEMENTS + 1)]
    settle(desk, engagements=six)
    dialog = open_dialog(qtbot, desk)
    engagements = dialog.engagements
    qtbot.keyClick(engagements.list, Qt.Key.Key_Insert)
    assert engagements.error_label.text() == (
        "⚠ 6 engagements locaux au plus : retirez-en un avant d'en ajouter un autre."
    )
    assert shown(dialog) == six
    qtbot.keyClick(engagements.list, Qt.Key.Key_F2)
    qtbot.keyClick(engagements.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(engagements.edit, "engagement N° 2")  # the same as the second
    save_refused(qtbot, dialog, engagements.error_label)
    assert "figure deux fois" in engagements.error_label.text()
    assert dialog.status_label.text() == "Rien n'a été enregistré."
    assert dialog.focusWidget() is engagements.list
    assert shown(dialog)[0] == "engagement N° 2"  # what was typed is kept
    assert get_print_settings(desk).local_engagements == tuple(six)


def test_appointment_and_the_state_font(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    asked: list[str] = []

    def ask_font_path(_parent: QWidget, title: str) -> Path:
        asked.append(title)
        return regular

    monkeypatch.setattr(print_settings_dialog, "ask_font_path", ask_font_path)
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # « &Prendre rendez-vous : »
    assert dialog.focusWidget() is dialog.appointment.edit
    qtbot.keyClicks(dialog.appointment.edit, "en ligne sur www.ville.fr/rdv")
    assert dialog.appointment.counter.text() == "29 / 300 caractères"
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # « Police &normale : »
    assert dialog.focusWidget() is dialog.fonts.regular_edit
    qtbot.keyClick(dialog.fonts.regular_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.fonts.regular_button
    qtbot.keyClick(dialog.fonts.regular_button, Qt.Key.Key_Space)
    assert asked == ["Choisir la police normale"]
    assert dialog.fonts.regular_edit.text() == str(regular)
    qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # « Police &grasse : »: a path typed
    qtbot.keyClicks(dialog.fonts.bold_edit, str(bold))
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.fonts.bold_edit, Qt.Key.Key_Return)  # the default button
    settings = get_print_settings(desk)
    assert settings.appointment == "en ligne sur www.ville.fr/rdv"
    assert (settings.look.font_regular, settings.look.font_bold) == (str(regular), str(bold))
    # « Police fournie » empties both fields: DejaVu Sans again.
    dialog = open_dialog(qtbot, desk)
    assert dialog.fonts.fonts() == (str(regular), str(bold))
    with qtbot.waitSignal(dialog.fonts.default_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert dialog.fonts.fonts() == ("", "")
    save(qtbot, dialog)
    assert (
        get_print_settings(desk).look.font_regular,
        get_print_settings(desk).look.font_bold,
    ) == (
        "",
        "",
    )


def test_a_font_not_found_is_explained_next_to_it(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, desk)
    missing = tmp_path / "Marianne-Regular.ttf"
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.keyClicks(dialog.fonts.regular_edit, str(missing))
    save_refused(qtbot, dialog, dialog.fonts.error_label)
    assert "est introuvable depuis ce poste" in dialog.fonts.error_label.text()
    assert dialog.focusWidget() is dialog.fonts.regular_edit
    assert dialog.fonts.regular_edit.text() == str(missing)
    # A text file named .ttf: the services say what is wrong, nothing else is lost.
    fake = tmp_path / "Marianne-Bold.ttf"
    fake.write_text("pas une police", encoding="utf-8")
    qtbot.keyClick(dialog.fonts.regular_edit, Qt.Key.Key_A, CTRL)  # all selected
    qtbot.keyClicks(dialog.fonts.regular_edit, str(fake))
    save_refused(qtbot, dialog, dialog.fonts.error_label)
    assert "n'a pas pu être chargée" in dialog.fonts.error_label.text()
    assert get_print_settings(desk).look.font_regular == ""


def test_choose_and_remove_a_logo(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logo = write_png(tmp_path / "logo.png")
    monkeypatch.setattr(
        print_settings_dialog, "ask_logo_path", lambda _parent: tmp_path / "logo.png"
    )
    dialog = open_dialog(qtbot, desk)
    assert dialog.logo.preview.text() == "Aucun logo"
    assert not dialog.logo.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.logo.choose_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # « &Choisir un logo… »
    assert not dialog.logo.preview.pixmap().isNull()
    assert dialog.logo.remove_button.isEnabled()
    save(qtbot, dialog)
    assert get_print_settings(desk).look.logo == logo
    dialog = open_dialog(qtbot, desk)
    assert not dialog.logo.preview.pixmap().isNull()  # the saved logo, shown
    with qtbot.waitSignal(dialog.logo.remove_button.clicked):
        qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # « Ret&irer le logo »
    assert dialog.logo.preview.text() == "Aucun logo"
    assert dialog.focusWidget() is dialog.logo.choose_button
    save(qtbot, dialog)
    assert get_print_settings(desk).look.logo is None


def test_a_text_file_named_png_is_refused_and_changes_nothing(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("Ceci n'est pas une image", encoding="utf-8")
    monkeypatch.setattr(print_settings_dialog, "ask_logo_path", lambda _parent: fake)
    before = get_print_settings(desk)
    dialog = open_dialog(qtbot, desk)
    dialog.logo.choose_button.click()
    assert dialog.logo.error_label.text() == (
        "⚠ « logo.png » n'est pas une image PNG ou JPEG lisible : choisissez un autre fichier."
    )
    assert dialog.logo.choose_button.accessibleDescription().startswith("« logo.png »")
    assert dialog.logo.preview.text() == "Aucun logo"
    save(qtbot, dialog)  # nothing changed: closes at once
    assert get_print_settings(desk) == before


def test_an_image_the_service_refuses_is_explained_and_the_rest_is_saved(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bitmap = tmp_path / "logo.bmp"  # Qt shows it, but posters take PNG or JPEG only
    assert QImage(8, 8, QImage.Format.Format_RGB32).save(str(bitmap))
    monkeypatch.setattr(print_settings_dialog, "ask_logo_path", lambda _parent: bitmap)
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog.engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.engagements.edit, SATURDAY)
    dialog.logo.choose_button.click()
    assert not dialog.logo.error_label.isVisible()
    save_refused(qtbot, dialog, dialog.logo.error_label)
    assert dialog.logo.error_label.text() == "⚠ Le logo doit être une image PNG ou JPEG."
    assert dialog.status_label.text() == (
        "Enregistré : les engagements et le rendez-vous ; le reste ne l'est pas."
    )
    assert dialog.focusWidget() is dialog.logo.choose_button
    settings = get_print_settings(desk)
    assert settings.local_engagements == (SATURDAY,)
    assert settings.look.logo is None
    # Removing the bad logo, the next save has nothing left to do.
    dialog.logo.remove_button.click()
    save(qtbot, dialog)
    assert get_print_settings(desk) == settings


def test_a_save_from_another_desk_meanwhile_loses_nothing(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_dialog(qtbot, desk)
    settle(desk, appointment="au 01 23 45 67 89")  # another desk, just before
    qtbot.keyClick(dialog.engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.engagements.edit, SATURDAY)
    save_refused(qtbot, dialog, dialog.engagements.error_label)
    assert dialog.engagements.error_label.text().startswith(
        "⚠ Quelqu'un a modifié cette fiche pendant que vous la modifiiez"
    )
    assert shown(dialog) == [SATURDAY]
    assert get_print_settings(desk).local_engagements == ()
    # Saved again on purpose, the form's changes go over the version saved now.
    save(qtbot, dialog)
    assert get_print_settings(desk).local_engagements == (SATURDAY,)


def test_cancel_closes_without_saving(qtbot: QtBot, desk: Desk) -> None:
    set_print_font(
        desk,
        login=TEST_LOGIN,
        version=get_print_settings(desk).version,
        regular=str(FONTS / "DejaVuSans.ttf"),
        bold="",
    )
    before = get_print_settings(desk)
    dialog = open_dialog(qtbot, desk)
    qtbot.keyClick(dialog.engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.engagements.edit, SATURDAY)
    dialog.fonts.default_button.click()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == PrintSettingsDialog.DialogCode.Rejected
    assert get_print_settings(desk) == before


def test_an_agent_refused_by_the_services_keeps_the_form(qtbot: QtBot, desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    dialog = open_dialog(qtbot, desk, login="paul")
    qtbot.keyClick(dialog.engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.engagements.edit, SATURDAY)
    save_refused(qtbot, dialog, dialog.engagements.error_label)
    assert "réservée au rôle" in dialog.engagements.error_label.text()
    assert shown(dialog) == [SATURDAY]
    assert get_print_settings(desk).local_engagements == ()


def test_every_control_is_named_and_explained_and_fits_at_200_percent(
    qtbot: QtBot, desk: Desk, large_font: None
) -> None:
    dialog = open_dialog(qtbot, desk)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
    assert dialog.save_button.isVisible()
    assert dialog.cancel_button.isVisible()
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QAbstractButton, QPlainTextEdit, QListWidget))
        and not w.objectName().startswith("qt_")
    ]
    assert len(controls) >= 15
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert dialog.save_button.toolTip() == "Enregistrer les modifications (Alt+E ou Ctrl+S)"
    assert dialog.cancel_button.toolTip() == "Fermer sans enregistrer (Échap)"
    assert dialog.engagements.add_button.toolTip() == "Ajouter un engagement local (Alt+A ou Inser)"
    # Tab follows the form as read, from the list to the buttons at the bottom.
    order = [dialog.focusWidget()]
    for _ in range(10):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    engagements, fonts = dialog.engagements, dialog.fonts
    assert order == [
        engagements.list,
        engagements.add_button,
        # Modify, remove, up and down wait for an engagement to act on.
        dialog.appointment.edit,
        dialog.logo.choose_button,
        fonts.regular_edit,
        fonts.regular_button,
        fonts.bold_edit,
        fonts.bold_button,
        fonts.default_button,
        dialog.save_button,
        dialog.cancel_button,
    ]


def test_only_leads_and_admins_find_the_entry_enabled(qtbot: QtBot, desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    add_agent(desk, login=TEST_LOGIN, name="Paul Roux", agent_login="paul", role=Role.AGENT)
    for login, enabled in (("paul", False), (TEST_LOGIN, True)):
        window = MainWindow(login=login, log_path=None)
        qtbot.addWidget(window)
        window.show_service(
            desk=desk,
            service=service,
            referential=load_referential(service.referential),
            agent=find_agent(desk, login),
        )
        [entry] = [a for a in window.manage_actions if a.text() == "A&ffiches et documents…"]
        assert entry.statusTip().startswith("Les engagements locaux, la prise de rendez-vous")
        assert entry.isEnabled() is enabled
    entry.trigger()
    [dialog] = [d for d in window.findChildren(PrintSettingsDialog) if d.isVisible()]
    assert dialog.parent() is window


def test_mon_service_shows_the_local_engagements_once_saved(qtbot: QtBot, desk: Desk) -> None:
    service = get_service(desk)
    assert service is not None
    window = MainWindow(login=TEST_LOGIN, log_path=None)
    qtbot.addWidget(window)
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, TEST_LOGIN),
    )
    window.show()
    qtbot.waitExposed(window)
    assert window.overview is not None
    assert window.overview.local_engagements == ()
    [entry] = [a for a in window.manage_actions if a.text() == "A&ffiches et documents…"]
    entry.trigger()
    [dialog] = [d for d in window.findChildren(PrintSettingsDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.engagements.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.engagements.edit, SATURDAY)
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: window.overview is not None and bool(window.overview.local_engagements))
    assert window.overview is not None
    assert window.overview.own_engagements.text() == f"• {SATURDAY}"
    assert window.tabs.indexOf(window.overview) >= 0
