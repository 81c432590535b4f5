"""How long personal data is kept, per record type: the defaults shown to everyone,
changed by an administrator only, audited, within bounds, and never over someone else's
save (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.domain.retention import RecordType
from spplus_desk.services.desk import Desk
from spplus_desk.services.retention import ACTION, get_retention, update_retention
from spplus_desk.store.schema import AuditEntry
from tests.services.test_requests import add
from tests.support import TEST_LOGIN

DEFAULTS = {
    RecordType.CONTACT: 12,
    RecordType.REQUEST: 12,
    RecordType.ERROR_CASE: 60,
    RecordType.FEEDBACK: 24,
}


def entries(desk: Desk) -> list[tuple[object, object]]:
    with desk.database.reading() as session:
        query = select(AuditEntry).where(AuditEntry.action == ACTION).order_by(AuditEntry.seq)
        return [(entry.before, entry.after) for entry in session.scalars(query)]


def test_the_defaults_are_shown_with_what_they_count_from(desk: Desk) -> None:
    settings = get_retention(desk)
    assert settings.months() == DEFAULTS
    [contacts, requests, cases, feedback] = settings.settings
    assert (contacts.label, contacts.counted_from) == (
        "Identité des personnes sur les contacts",
        "la date du contact",
    )
    assert requests.counted_from == "la clôture de la demande"
    assert (cases.months, cases.default_months) == (60, 60)
    assert feedback.record_type is RecordType.FEEDBACK


def test_an_administrator_changes_a_duration_and_it_is_audited(desk: Desk) -> None:
    settings = get_retention(desk)
    saved = update_retention(
        desk, login=TEST_LOGIN, version=settings.version, months={RecordType.CONTACT: 6}
    )
    assert saved.months() == DEFAULTS | {RecordType.CONTACT: 6}  # the others kept
    assert saved.version > settings.version
    assert get_retention(desk) == saved
    before = {kind.value: months for kind, months in DEFAULTS.items()}
    assert entries(desk) == [
        ({"retention": before}, {"retention": before | {"contact": 6}}),
    ]
    # The same durations again: nothing to change, nothing written.
    again = update_retention(desk, login=TEST_LOGIN, version=saved.version, months=saved.months())
    assert again == saved
    assert len(entries(desk)) == 1


@pytest.mark.parametrize("months", [0, 121, -3, True])
def test_a_duration_out_of_bounds_is_refused(desk: Desk, months: int) -> None:
    settings = get_retention(desk)
    with pytest.raises(UserError) as refused:
        update_retention(
            desk, login=TEST_LOGIN, version=settings.version, months={RecordType.FEEDBACK: months}
        )
    assert refused.value.message == (
        "« Réclamations, suggestions et remerciements » : la durée de conservation doit être "
        "comprise entre 1 et 120 mois (10 ans)."
    )
    assert get_retention(desk) == settings
    assert entries(desk) == []


def test_a_stale_form_is_refused(desk: Desk) -> None:
    settings = get_retention(desk)
    update_retention(
        desk, login=TEST_LOGIN, version=settings.version, months={RecordType.REQUEST: 24}
    )
    with pytest.raises(ConflictError):
        update_retention(
            desk, login=TEST_LOGIN, version=settings.version, months={RecordType.REQUEST: 36}
        )
    assert get_retention(desk).months()[RecordType.REQUEST] == 24


@pytest.mark.parametrize(("login", "role"), [("lina", Role.LEAD), ("ali", Role.AGENT)])
def test_only_an_administrator_changes_the_durations(desk: Desk, login: str, role: Role) -> None:
    add(desk, login.title(), login, role)
    settings = get_retention(desk)
    with pytest.raises(UserError, match="réservée au rôle administrateur"):
        update_retention(
            desk, login=login, version=settings.version, months={RecordType.CONTACT: 1}
        )
    assert get_retention(desk).months() == DEFAULTS
    assert entries(desk) == []
