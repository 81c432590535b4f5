"""``poster`` and ``receipt``, run as real processes as IT staff script them: a PDF file
written whole, or exit 2 with one French sentence and no file at all (issue 7)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from spplus_desk.cli_documents import writable_output
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import ImprovementStatus
from spplus_desk.domain.indicators import Period
from spplus_desk.services.demo import DEMO_SERVICE_NAME, fill_demo
from spplus_desk.services.desk import open_desk
from spplus_desk.services.improvements import list_improvements
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.referential import load_referential
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.schema import Request
from tests.cli.test_commands import assert_user_error, run
from tests.reports.pdf_checks import (
    A3_PORTRAIT,
    A4_PORTRAIT,
    page_sizes,
    pdf_metadata,
    pdf_text,
)
from tests.support import TEST_LOGIN, FixedClock

# Both date forms; a quarter past by the process's real clock (a period not begun is
# refused) and inside the demo's year.
QUARTER = ("--from", "01/07/2026", "--to", "2026-09-30")


@dataclass(frozen=True, slots=True)
class Demo:
    """A small demo database (up to 4 May 2027) and what the tests expect of it."""

    path: Path
    reference: str  # one of its requests
    done: tuple[str, ...]  # « Nous avons fait… » of the improvement actions done
    not_done: tuple[str, ...]  # and of the others
    on_time: tuple[int, int]  # the third quarter of 2026, by the real clock (the process's)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """Shared by the module's tests, which only read it."""
    path = tmp_path_factory.mktemp("documents") / "demo.db"
    clock = FixedClock(datetime(2027, 5, 4, 9, 30, tzinfo=UTC))
    desk = open_desk(sqlite_location(path), clock=clock).desk
    try:
        fill_demo(desk, contacts=400, seed=5, login=TEST_LOGIN)
    finally:
        desk.close()
    desk = open_desk(sqlite_location(path), create=False).desk  # the real clock
    try:
        with desk.database.reading() as session:
            reference = session.scalars(
                select(Request.reference).order_by(Request.reference)
            ).first()
        actions = list_improvements(desk)
        on_time = period_indicators(desk, Period(date(2026, 7, 1), date(2026, 9, 30))).requests
    finally:
        desk.close()
    assert reference is not None
    return Demo(
        path=path,
        reference=reference,
        done=tuple(flat(a.done) for a in actions if a.status is ImprovementStatus.DONE),
        not_done=tuple(flat(a.done) for a in actions if a.status is not ImprovementStatus.DONE),
        on_time=(on_time.on_time.numerator, on_time.on_time.denominator),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the documents go, apart from the app's home the process writes its log in."""
    path = tmp_path / "sortie"
    path.mkdir()
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def poster(demo: Demo, *args: str) -> subprocess.CompletedProcess[str]:
    return run("--db", str(demo.path), "poster", *args)


def written(result: subprocess.CompletedProcess[str], out: Path, title: str) -> str:
    """The PDF's text, once checked the command succeeded and said where it wrote."""
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{title} : enregistré dans {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_metadata(data)["/Author"] == DEMO_SERVICE_NAME
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left
    return pdf_text(data)


# -- documents written ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [((), A4_PORTRAIT), (("--size", "A3"), A3_PORTRAIT), (("--size", "a3"), A3_PORTRAIT)],
    ids=["A4 by default", "A3", "a3"],
)
def test_commitments_poster(
    demo: Demo, folder: Path, size: tuple[str, ...], expected: tuple[float, float]
) -> None:
    out = folder / "Affiche des engagements.pdf"  # a space, as Windows users name files
    text = written(
        poster(demo, "commitments", "--out", str(out), *size), out, "Affiche des engagements"
    )
    assert page_sizes(out.read_bytes()) == [pytest.approx(expected, abs=0.01)]
    for engagement in load_referential("sp-2023").engagements:
        assert flat(engagement) in text
    assert "Réponse à un courriel : sous 5 jours ouvrés" in text


def test_results_poster_of_a_quarter(demo: Demo, folder: Path) -> None:
    out = folder / "resultats.pdf"
    text = written(
        poster(demo, "results", *QUARTER, "--out", str(out)),
        out,
        "Affiche des résultats — du 1er juillet au 30 septembre 2026",
    )
    assert page_sizes(out.read_bytes()) == [pytest.approx(A4_PORTRAIT, abs=0.01)]
    assert "Du 1er juillet au 30 septembre 2026" in text
    numerator, denominator = demo.on_time
    assert denominator > 0
    assert f"{numerator} sur {denominator} demandes arrivées à échéance" in text


def test_feedback_poster(demo: Demo, folder: Path) -> None:
    out = folder / "nous-avons-fait.pdf"
    text = written(
        poster(demo, "feedback", "--from", "2026-05-01", "--to", "2027-05-31", "--out", str(out)),
        out,
        "Affiche « Vous nous avez dit… Nous avons fait… » — du 1er mai 2026 au 31 mai 2027",
    )
    assert demo.done
    assert demo.not_done
    for done in demo.done:
        assert done in text
    for not_done in demo.not_done:
        assert not_done not in text


def test_feedback_poster_of_the_last_twelve_months(demo: Demo, folder: Path) -> None:
    out = folder / "nous-avons-fait.pdf"
    result = poster(demo, "feedback", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Affiche « Vous nous avez dit… Nous avons fait… » — du ")
    assert len(page_sizes(out.read_bytes())) == 1


def test_receipt(demo: Demo, folder: Path) -> None:
    out = folder / "accuse.pdf"
    text = written(
        run("--db", str(demo.path), "receipt", demo.reference, "--out", str(out)),
        out,
        f"Accusé de réception d'une demande {demo.reference}",
    )
    assert page_sizes(out.read_bytes()) == [pytest.approx(A4_PORTRAIT, abs=0.01)]
    assert f"Référence : {demo.reference}" in text
    assert "articles L112-3 et R112-5" in text


# -- mistakes: exit 2, one French sentence, no file -----------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("receipt", "2027-999999"), "Aucune demande ne porte la référence « 2027-999999 »."),
        (
            ("poster", "results", "--from", "2027-01-01"),
            "Donnez la période en entier : --from et --to, ou aucun des deux.",
        ),
        (
            ("poster", "commitments", *QUARTER),
            "L'affiche des engagements ne porte pas sur une période : retirez --from et --to.",
        ),
        (
            ("poster", "feedback", "--from", "hier", "--to", "2027-03-31"),
            "Date illisible pour --from : « hier »",
        ),
        (
            ("poster", "annonces"),
            "spplus-desk poster : erreur : AFFICHE : choix invalide 'annonces'",
        ),
        (
            ("poster", "results", "--from", "01/01/2999", "--to", "31/12/2999"),
            "La période choisie commence le 01/01/2999, après aujourd'hui",
        ),
    ],
    ids=[
        "unknown reference",
        "half a period",
        "period on commitments",
        "bad date",
        "poster",
        "not begun",
    ],
)
def test_mistakes(demo: Demo, folder: Path, args: tuple[str, ...], expected: str) -> None:
    out = folder / "document.pdf"
    result = run("--db", str(demo.path), *args, "--out", str(out))
    assert_user_error(result, expected)
    assert result.stdout == ""
    assert list(folder.iterdir()) == []  # no file, no temporary one
    if "choix invalide" in expected:  # argparse's refusal, in French too
        assert result.stderr.startswith("utilisation : spplus-desk poster")


def test_a_missing_folder(demo: Demo, folder: Path) -> None:
    absent = folder / "absent"
    result = poster(demo, "commitments", "--out", str(absent / "affiche.pdf"))
    assert_user_error(
        result, f"Le dossier « {absent} » n'existe pas : créez-le ou choisissez-en un autre."
    )
    assert list(folder.iterdir()) == []


def test_a_folder_instead_of_a_file(demo: Demo, folder: Path) -> None:
    result = run("--db", str(demo.path), "receipt", demo.reference, "--out", str(folder))
    assert_user_error(
        result, f"« {folder} » est un dossier : donnez un nom de fichier, ex. affiche.pdf."
    )
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root writes in any folder: the two tests above cover the refusals",
)
def test_a_read_only_folder(demo: Demo, folder: Path) -> None:
    folder.chmod(0o555)
    try:
        result = poster(demo, "commitments", "--out", str(folder / "affiche.pdf"))
        assert_user_error(
            result,
            f"Impossible d'écrire « affiche.pdf » dans « {folder} » : l'accès est refusé.",
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_missing_database_is_never_created(folder: Path) -> None:
    missing = folder / "absent.db"
    out = folder / "affiche.pdf"
    result = run("--db", str(missing), "poster", "commitments", "--out", str(out))
    assert_user_error(result, "Aucune base de données", "init")
    assert result.stdout == ""
    assert list(folder.iterdir()) == []


def test_a_refused_folder_is_told_before_any_work(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder gets, even when the tests run as root (who may write
    anywhere): the access check itself, in the process."""

    assert writable_output(str(folder / "affiche.pdf")) == folder / "affiche.pdf"
    monkeypatch.setattr(os, "access", lambda _path, _mode: False)
    with pytest.raises(UserError) as refused:
        writable_output(str(folder / "affiche.pdf"))
    assert refused.value.message == (
        f"Impossible d'écrire « affiche.pdf » dans « {folder} » : l'accès est refusé. "
        "Choisissez un autre emplacement."
    )
