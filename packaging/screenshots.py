"""The README's screenshots, taken from the real app on a demo database (issue 9).

    .venv/bin/python packaging/screenshots.py [--out docs/images]

A fresh demo service is made in a temporary folder (``SPPLUS_DESK_HOME`` points there:
nothing touches the person's own files), at a fixed moment, Tuesday 17 November 2026 at
11:45 in Paris, through the desk's clock; the demo data follow from the seed and that day,
so running the script again gives the same pictures. A dozen contacts of the morning are
logged through the real service, since the demo leaves today to the agents, and the
demo's year-old late requests are answered (a few days late) as a service that keeps up
would have done.

The real main window is then shown offscreen at 1400 x 860 and grabbed on three tabs
(journal, board of requests, dashboard); the results poster is built to PDF by the real
code and its first page rendered with QtPdf. The interface is drawn in the bundled DejaVu
Sans, so the pictures do not depend on the fonts of the machine that takes them; the
offscreen platform is used unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch
from zoneinfo import ZoneInfo

# Before Qt is imported: no window on the person's screen, and a screen of known size.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QSize,
    QThreadPool,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from spplus_desk.domain.clock import FixedClock
from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.documents import DocumentKind, DocumentOrder, PaperSize
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    Need,
    RequestEventType,
    Satisfaction,
)
from spplus_desk.domain.error_case import REGULARISATION_KIND_LABEL
from spplus_desk.domain.formatting import count_text, format_decimal
from spplus_desk.domain.request_board import BoardFilter, Bucket
from spplus_desk.paths import HOME_ENV
from spplus_desk.services.agents import find_agent, list_agents, update_agent
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.demo import fill_demo
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.referential import load_referential
from spplus_desk.services.request_board import board_rows
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request
from spplus_desk.services.setup import get_service, initialise
from spplus_desk.store.location import sqlite_location
from spplus_desk.ui.look import add_bundled_fonts, install_look
from spplus_desk.ui.main_window import MainWindow
from spplus_desk.ui.translation import install_french

MOMENT = datetime(2026, 11, 17, 10, 45, tzinfo=UTC)  # 11:45 in Paris, a Tuesday
ZONE = ZoneInfo("Europe/Paris")
DEMO_CONTACTS = 5_000  # about twenty a day over the year: the dashboard has something to say
DEMO_SEED = 9
ADMIN_LOGIN = "accueil"  # who fills the demo (its first administrator)
ADMIN_NAME = "Martine Roux"  # otherwise named after the login, and given requests as such
LEAD_LOGIN = "demo.camille"  # the demo's team lead: the window is hers
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"  # the README's
WINDOW_SIZE = QSize(1400, 860)
POSTER_WIDTH = 900
FONT_POINTS = 9
# What the status bar would say with the default database on Linux, instead of the
# temporary folder, whose name changes at each run.
SHOWN_DATABASE = "Base : SQLite : ~/.local/share/spplus-desk/spplus-desk.db"
WAIT_SECONDS = 30.0
OFFSCREEN_NOTICE = "This plugin does not support"
# The demo leaves some requests open long past their due date, a year's backlog: the
# picture shows a service that keeps up, where those were answered a few days late.
BACKLOG_DAYS = 10  # jours ouvrés late


# -- the demo service and its morning (no Qt) ------------------------------------------


@dataclass(frozen=True, slots=True)
class Visit:
    """One contact of the morning, as the agent would note it."""

    at: str  # local time the contact began, "HH:MM"
    agent: str  # login of a demo agent
    channel: Channel
    motif: str  # the start of a motif of the default catalogue
    outcome: ContactOutcome = ContactOutcome.IMMEDIATE_ANSWER
    person: str = ""
    kind: str = ""  # the request kind opened (outcome REQUEST_OPENED)
    redirected_to: str = ""
    needs: Need = Need.NONE
    wait: int | None = None  # minutes waited at the counter
    minutes: int | None = None  # how long the contact lasted
    satisfaction: Satisfaction | None = None


MORNING = (
    Visit("08:34", "demo.nadia", Channel.COUNTER, "Carte d'identité", wait=2, minutes=6,
          satisfaction=Satisfaction.SATISFIED),
    Visit("08:41", "demo.julien", Channel.PHONE, "Inscription sur les listes", minutes=3),
    Visit("08:52", "demo.nadia", Channel.COUNTER, "État civil", ContactOutcome.REQUEST_OPENED,
          person="Mme Lucie Garnier", kind="Copie d'acte", wait=5, minutes=8),
    Visit("09:05", "demo.sophie", Channel.EMAIL, "Urbanisme", ContactOutcome.REQUEST_OPENED,
          person="M. Olivier Roche", kind="Réponse à un courriel", minutes=12),
    Visit("09:17", "demo.julien", Channel.PHONE, "Aide sociale", ContactOutcome.REDIRECTED,
          redirected_to="CCAS", minutes=4),
    Visit("09:26", "demo.nadia", Channel.COUNTER, "Démarches en ligne", wait=9, minutes=18,
          needs=Need.DIGITAL_HELP, satisfaction=Satisfaction.SATISFIED),
    Visit("09:48", "demo.julien", Channel.PHONE, "Renseignement", ContactOutcome.MISSED_CALL),
    Visit("10:03", "demo.karim", Channel.APPOINTMENT_ONSITE, "Logement social",
          ContactOutcome.REQUEST_OPENED, person="Mme Aïcha Diallo",
          kind="Dossier d'aide sociale", wait=3, minutes=25, needs=Need.INTERPRETER),
    Visit("10:21", "demo.nadia", Channel.COUNTER, "Inscription scolaire", wait=11, minutes=7),
    Visit("10:37", "demo.julien", Channel.PHONE, "Cimetière", ContactOutcome.CALLBACK_PROMISED,
          person="M. Bernard Lemoine", minutes=5),
    Visit("10:58", "demo.sophie", Channel.LETTER, "Réclamation", ContactOutcome.REQUEST_OPENED,
          kind="Réponse à un courrier", minutes=6),
    Visit("11:12", "demo.nadia", Channel.COUNTER, "Attestation d'accueil", wait=14, minutes=10,
          needs=Need.REDUCED_MOBILITY),
    Visit("11:30", "demo.julien", Channel.PHONE, "Voirie", minutes=4),
)  # fmt: skip


def make_demo(folder: Path, clock: FixedClock) -> Desk:
    """The demo service in ``folder``, its year of contacts and this morning's."""
    location = sqlite_location(folder / "spplus-desk.db")
    report = open_desk(location, clock=clock, backups=False)
    desk = report.desk
    try:
        initialise(desk, login=ADMIN_LOGIN)
        admin = find_agent(desk, ADMIN_LOGIN)
        if admin is not None:
            update_agent(
                desk, login=ADMIN_LOGIN, agent=admin, name=ADMIN_NAME, role=admin.role,
                active=True,
            )  # fmt: skip
        fill_demo(desk, contacts=DEMO_CONTACTS, seed=DEMO_SEED, login=ADMIN_LOGIN)
        answer_backlog(desk, clock)
        log_morning(desk, clock)
    except BaseException:
        desk.close()
        raise
    clock.at = MOMENT
    return desk


def answer_backlog(desk: Desk, clock: FixedClock) -> None:
    """The requests late by more than ``BACKLOG_DAYS`` answered by their agent, one to
    five days after their due date (the clock goes back to then). Regularisations awaited
    from a right-to-error case stay as the register left them."""
    logins: dict[uuid.UUID | None, str] = {a.id: a.login for a in list_agents(desk)}
    late = board_rows(desk, BoardFilter(Bucket.OVERDUE), limit=10_000)
    for index, row in enumerate(late):
        due = row.due_date
        if due is None or row.days_late <= BACKLOG_DAYS or row.kind == REGULARISATION_KIND_LABEL:
            continue
        day = due + timedelta(days=1 + index % 5)
        clock.at = datetime(day.year, day.month, day.day, 15, 0, tzinfo=ZONE).astimezone(UTC)
        act_on_request(
            desk,
            login=logins.get(row.assignee_id, LEAD_LOGIN),
            request_id=row.id,
            action=RequestEventType.ANSWERED,
        )


def log_morning(desk: Desk, clock: FixedClock) -> None:
    """Each visit saved by its agent when it ended, as at the counter."""
    motifs = {choice.label: choice.id for choice in list_choices(desk, MOTIFS)}
    kinds = {kind.label: kind.id for kind in list_request_kinds(desk)}
    day = MOMENT.astimezone(ZONE).date()
    for visit in MORNING:
        hour, minute = (int(part) for part in visit.at.split(":"))
        began = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)
        on_site = visit.wait is not None
        draft = ContactDraft(
            channel=visit.channel,
            outcome=visit.outcome,
            motif_id=_starting(motifs, visit.motif),
            request_kind_id=_starting(kinds, visit.kind) if visit.kind else None,
            redirected_to=visit.redirected_to,
            person_name=visit.person,
            needs=visit.needs,
            arrived_at=began - timedelta(minutes=visit.wait or 0) if on_site else None,
            called_at=began if on_site else None,
            duration_seconds=visit.minutes * 60 if visit.minutes is not None else None,
            satisfaction=visit.satisfaction,
        )
        # Counter visits are saved when they end; calls and mail when they are noted.
        ended = began + timedelta(minutes=visit.minutes or 0) if on_site else began
        clock.at = ended.astimezone(UTC)
        log_contact(desk, login=visit.agent, draft=draft)


def _starting(ids: dict[str, uuid.UUID], start: str) -> uuid.UUID:
    """The id of the one label that starts with ``start`` (the catalogue's wording)."""
    found = [value for label, value in ids.items() if label.startswith(start)]
    if len(found) != 1:
        raise LookupError(f"no single catalogue entry starts with {start!r}: {found}")
    return found[0]


# -- the pictures (Qt) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Picture:
    path: Path
    title: str  # the window's title when it was taken, or the poster's
    rows: int  # the rows of the table shown (the poster: its pages)


def take_screenshots(out: Path, app: QApplication) -> list[Picture]:
    """The four pictures in ``out``, from a demo made in a temporary folder."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spplus-screenshots-") as temp:
        folder = Path(temp)
        # The app's folders (logs…) in the temporary one; as they were afterwards.
        with patch.dict(os.environ, {HOME_ENV: str(folder / "home")}), _interface_font(app):
            clock = FixedClock(MOMENT)
            desk = make_demo(folder, clock)
            try:
                written = _window_pictures(desk, out)
                written.append(_poster_picture(desk, folder, out / "affiche.png"))
            finally:
                QThreadPool.globalInstance().waitForDone()
                desk.close()
    return written


def _window_pictures(desk: Desk, out: Path) -> list[Picture]:
    """The journal, the board and the dashboard, each once its rows are read."""
    window = open_window(desk)
    try:
        journal, board, dashboard = window.journal, window.board, window.dashboard
        if journal is None or board is None or dashboard is None:
            raise LookupError("the window shows no service")
        # Each tab with what it has read: zero until its background reading is done.
        shots: tuple[tuple[str, QWidget, Callable[[], int]], ...] = (
            ("journal.png", journal, lambda: not journal.counting and journal.model.rowCount()),
            ("tableau.png", board, lambda: not board.busy and board.model.rowCount()),
            ("indicateurs.png", dashboard, lambda: not dashboard.busy and len(dashboard.sections)),
        )  # fmt: skip
        written: list[Picture] = []
        for name, panel, rows in shots:
            window.tabs.setCurrentWidget(panel)  # a tab reads its rows when shown
            wait_until(rows)
            if panel is journal:
                _fit_columns(journal.table)
            path = _save(window.grab().toImage(), out / name)
            written.append(Picture(path, window.windowTitle(), rows()))
        return written
    finally:
        # Gone before the database closes: its timers would read it again later.
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _fit_columns(table: QTableView) -> None:
    """As a person does with a double-click on the headers' edges: the motifs and the
    outcomes in full (the last column still takes what is left)."""
    for column in range(table.model().columnCount() - 1):
        table.resizeColumnToContents(column)


def open_window(desk: Desk) -> MainWindow:
    """The main window as the team lead sees it once the service is loaded."""
    service = get_service(desk)
    if service is None:
        raise LookupError("the demo made no service")
    window = MainWindow(login=LEAD_LOGIN, log_path=None)
    window.resize(WINDOW_SIZE)  # before the service: the panes are shared out at this size
    window.show_service(
        desk=desk,
        service=service,
        referential=load_referential(service.referential),
        agent=find_agent(desk, LEAD_LOGIN),
    )
    window.database_label.setText(SHOWN_DATABASE)
    window.show()
    return window


def _poster_picture(desk: Desk, folder: Path, path: Path) -> Picture:
    """The results poster, built to PDF by the real code; its first page as a picture."""
    built = build_document(desk, DocumentOrder(DocumentKind.RESULTS, size=PaperSize.A4))
    pdf = folder / built.file_name
    pdf.write_bytes(built.data)
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise RuntimeError(f"QtPdf could not read the poster {pdf}")
    page = document.pagePointSize(0)
    size = QSize(POSTER_WIDTH, round(POSTER_WIDTH * page.height() / page.width()))
    image, pages = document.render(0, size), document.pageCount()
    document.close()
    # A page is drawn with a transparent background: white paper, as printed.
    paper = QImage(size, QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return Picture(_save(paper, path), built.title, pages)


def _save(image: QImage, path: Path) -> Path:
    if not image.save(str(path)):  # PNG, from the name
        raise OSError(f"could not write {path}")
    return path


def wait_until(ready: Callable[[], object], seconds: float = WAIT_SECONDS) -> None:
    """Let the window read in the background until ``ready()`` is true (a count: not
    zero); then the layout and the paint settle."""
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish loading in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    QApplication.sendPostedEvents()
    QApplication.processEvents()


@contextmanager
def _interface_font(app: QApplication) -> Iterator[None]:
    """The bundled DejaVu Sans for the interface (the charts and posters use it too)."""
    add_bundled_fonts()
    before = QFont(app.font())
    app.setFont(QFont("DejaVu Sans", FONT_POINTS))
    try:
        yield
    finally:
        app.setFont(before)


def _quiet_offscreen(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's diagnostics on stderr, but for the offscreen platform's notices that it
    cannot do what only a real screen does (harmless: nothing is on a screen)."""
    if not message.startswith(OFFSCREEN_NOTICE):
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help=f"dossier des images ({IMAGES})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_quiet_offscreen)
        app = QApplication(sys.argv[:1])
        install_french(app)
        install_look(app)
    if not isinstance(app, QApplication):
        raise TypeError("a QApplication (widgets) is needed")
    pictures = take_screenshots(args.out, app)
    for picture in pictures:
        print(picture.path)
    written = count_text(len(pictures), "image écrite", "images écrites")
    seconds = format_decimal(time.perf_counter() - started)
    print(f"{written} en {seconds}\u00a0s.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
