"""``purge``, run as a real process as an administrator or a script would: the dry run
lists and changes nothing; without --yes the plan is shown and the command refuses;
with --export and --yes the data goes to the file, then is anonymised (issue 8).

The process reads the real clock: the records are dated from it, far enough on either
side of the durations (12 months for contacts, 5 years for right-to-error cases).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import open_desk
from spplus_desk.services.setup import initialise
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.schema import AuditEntry, Contact
from tests.cli.test_commands import assert_user_error, run
from tests.services.purge_world import OLD_NAME, case, contact
from tests.support import TEST_LOGIN, FixedClock

AS_ADMIN = {"LOGNAME": TEST_LOGIN, "USER": TEST_LOGIN}  # getpass reads these first


@dataclass(frozen=True)
class Base:
    path: Path

    def names(self) -> list[str | None]:
        desk = open_desk(sqlite_location(self.path), create=False).desk
        try:
            with desk.database.reading() as session:
                query = select(Contact.person_name).order_by(Contact.occurred_at)
                return list(session.scalars(query))
        finally:
            desk.close()

    def purges(self) -> int:
        desk = open_desk(sqlite_location(self.path), create=False).desk
        try:
            with desk.database.reading() as session:
                query = select(AuditEntry.seq).where(AuditEntry.action == "retention.purged")
                return len(session.scalars(query).all())
        finally:
            desk.close()


@pytest.fixture
def base(tmp_path: Path) -> Base:
    """A contact two years old and one of yesterday, a case seven years old."""
    now = datetime.now(UTC)
    path = tmp_path / "mairie.db"
    clock = FixedClock(now - timedelta(days=7 * 366))
    desk = open_desk(sqlite_location(path), clock=clock).desk
    try:
        initialise(desk, login=TEST_LOGIN, service_name="Mairie de Test", departement_code="75")
        add_agent(desk, login=TEST_LOGIN, name="Lina Lead", agent_login="lina", role=Role.LEAD)
        case(desk, clock.now().date(), "Gaston Ancien")
        clock.at = now - timedelta(days=2 * 366)
        contact(desk, OLD_NAME)
        clock.at = now - timedelta(days=1)
        contact(desk, "Fanny Nouvelle")
    finally:
        desk.close()
    return Base(path)


def test_the_dry_run_lists_what_would_go_and_changes_nothing(base: Base) -> None:
    result = run("--db", str(base.path), "purge", "--dry-run", env_extra=AS_ADMIN)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Données personnelles à anonymiser (RGPD) au " in out
    assert "Identité des personnes sur les contacts : 1 contact à anonymiser" in out
    assert "(conservation : 12\u00a0mois à compter de la date du contact)" in out
    assert "Dossiers du droit à l'erreur : 1 dossier à anonymiser" in out
    assert "Demandes et leur suivi : rien à anonymiser" in out
    assert "Gestion › Conservation des données (RGPD)…" in out
    assert OLD_NAME not in out
    assert "Gaston" not in out
    assert base.names() == [OLD_NAME, "Fanny Nouvelle"]
    assert base.purges() == 0


def test_without_yes_the_plan_is_shown_and_nothing_goes(base: Base, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    result = run("--db", str(base.path), "purge", "--export", str(export), env_extra=AS_ADMIN)
    assert_user_error(result, "Rien n'a été anonymisé", "--yes")
    assert "1 contact à anonymiser" in result.stdout
    assert not export.exists()
    assert base.names() == [OLD_NAME, "Fanny Nouvelle"]


def test_export_then_purge(base: Base, tmp_path: Path) -> None:
    export = tmp_path / "avant-anonymisation.json"
    result = run(
        "--db", str(base.path), "purge", "--export", str(export), "--yes", env_extra=AS_ADMIN
    )
    assert result.returncode == 0, result.stderr
    assert "Anonymisés : 1 contact, 0 demande, 1 dossier, 0 avis." in result.stdout
    assert str(export) in result.stdout
    records = json.loads(export.read_text(encoding="utf-8"))["records"]
    assert {r["personal"]["person_name"] for r in records} == {OLD_NAME, "Gaston Ancien"}
    assert base.names() == [None, "Fanny Nouvelle"]
    assert base.purges() == 1
    again = run("--db", str(base.path), "purge", "--yes", env_extra=AS_ADMIN)
    assert again.returncode == 0, again.stderr
    assert "Rien à anonymiser." in again.stdout
    assert base.purges() == 1


def test_a_lead_is_refused(base: Base) -> None:
    result = run(
        "--db", str(base.path), "purge", "--yes", env_extra={"LOGNAME": "lina", "USER": "lina"}
    )
    assert_user_error(result, "réservée au rôle administrateur")
    assert base.names() == [OLD_NAME, "Fanny Nouvelle"]


@pytest.mark.parametrize("login", ["lina", "bob"], ids=["a lead", "no agent"])
def test_the_role_is_asked_before_the_plan_is_read(base: Base, login: str) -> None:
    result = run(
        "--db", str(base.path), "purge", "--yes", env_extra={"LOGNAME": login, "USER": login}
    )
    assert_user_error(result, "Erreur :")
    assert result.stdout == ""  # no plan: the role was refused first
    assert "Attention" not in result.stderr
    assert "anonymiser" not in result.stderr
    assert base.names() == [OLD_NAME, "Fanny Nouvelle"]


def test_an_export_folder_that_does_not_exist_is_refused_first(base: Base, tmp_path: Path) -> None:
    missing = tmp_path / "absent" / "export.json"
    result = run(
        "--db", str(base.path), "purge", "--export", str(missing), "--yes", env_extra=AS_ADMIN
    )
    assert_user_error(result, "n'existe pas")
    assert result.stdout == ""  # refused before the database was even opened
    assert base.names() == [OLD_NAME, "Fanny Nouvelle"]


def test_dry_run_and_yes_together_are_refused(base: Base) -> None:
    result = run("--db", str(base.path), "purge", "--dry-run", "--yes")
    assert_user_error(result, "ne peuvent pas être utilisées ensemble")
