"""Fuzz: every service entry point that takes typed text, given arbitrary text on the
database under test (SQLite, or PostgreSQL with SPPLUS_TEST_DATABASE_URL): accepted and
read back as saved, or refused with a French sentence — never a crash; and ``check``
finds the database sound afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.error_case import PersonIdentity
from spplus_desk.domain.error_register import RegisterFilter
from spplus_desk.domain.journal import JournalFilter, JournalSort
from spplus_desk.services import agents, contacts, error_register, feedback, journal, requests
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import FeedbackFilter
from tests.reliability.entry_points import CONTACT_ENTRIES, RECORD_ENTRIES, Echo, Entry
from tests.reliability.entry_points_settings import SETTINGS_ENTRIES
from tests.reliability.fuzzing import FUZZ, LARGE_REPR, TEXT, accepted_or_refused
from tests.reliability.harness import check_problems


def fuzzed(desk: Desk, entry: Entry) -> Callable[[], None]:
    @FUZZ
    @given(text=TEXT)
    def typed(text: str) -> None:
        accepted_or_refused(entry, desk, text)

    return typed


def fuzz_each(desk: Desk, entries: dict[str, Entry]) -> None:
    for name, entry in entries.items():
        try:
            fuzzed(desk, entry)()
        except Exception as error:
            error.add_note(f"entry point: {name}")
            raise
    assert check_problems(desk) == ()


@pytest.mark.filterwarnings(LARGE_REPR)
@pytest.mark.parametrize(
    "entries",
    [CONTACT_ENTRIES, RECORD_ENTRIES, SETTINGS_ENTRIES],
    ids=["contacts-demandes", "cas-avis", "reglages"],
)
def test_any_text_is_saved_as_typed_or_refused_in_french(
    desk: Desk, entries: dict[str, Entry]
) -> None:
    fuzz_each(desk, entries)


def search_journal(desk: Desk, text: str) -> None:
    today = journal.service_today(desk)
    wanted = JournalFilter(first_day=today - timedelta(days=30), last_day=today, text=text)
    journal.read_page(desk, wanted.checked(), JournalSort(), offset=0)
    journal.count_contacts(desk, wanted)


def search_register(desk: Desk, text: str) -> None:
    error_register.register_rows(desk, RegisterFilter(search=text))
    error_register.earlier_cases(desk, PersonIdentity(name=text, phone=text, email=text))


def search_feedback(desk: Desk, text: str) -> None:
    feedback.list_feedback(desk, FeedbackFilter(text=text))


def search_request(desk: Desk, text: str) -> None:
    requests.find_request(desk, text)


def search_agent(desk: Desk, text: str) -> None:
    agents.find_agent(desk, text)


def session_login(desk: Desk, text: str) -> None:
    """The user name of the session (the operating system's, not typed) is checked too."""
    draft = ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
    contacts.log_contact(desk, login=text, draft=draft)


SEARCHES: dict[str, Callable[[Desk, str], None]] = {
    "journal": search_journal,
    "registre": search_register,
    "avis": search_feedback,
    "référence de demande": search_request,
    "agent": search_agent,
    "agent de la session": session_login,
}


@pytest.mark.filterwarnings(LARGE_REPR)
def test_any_search_finds_or_explains_in_french(desk: Desk) -> None:
    for entry in CONTACT_ENTRIES["nom de la personne"], RECORD_ENTRIES["avis : texte"]:
        entry(desk, "Hélène Martin-Dupont")  # something to find

    def searched(search: Callable[[Desk, str], None]) -> Callable[[Desk, str], Echo]:
        def entry(desk: Desk, text: str) -> Echo:
            search(desk, text)
            return Echo(None, None)

        return entry

    fuzz_each(desk, {name: searched(search) for name, search in SEARCHES.items()})
