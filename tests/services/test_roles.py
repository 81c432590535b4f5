"""Roles agent / lead / admin, enforced in the services (issue 8): one test per protected
action. Each shows that a wrong role (or a deactivated or unknown login) gets a French
refusal and that nothing at all was written, then that the allowed roles succeed.

``PROTECTED`` lists every service function that acts for a login; the last test fails
when a new one appears in ``spplus_desk.services`` without being added here (or to
``NOT_ACTIONS``, with why it needs no test of its own).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from spplus_desk import services
from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services import (
    agents,
    choice_lists,
    contact_changes,
    contacts,
    demo,
    error_cases,
    feedback,
    improvements,
    print_settings,
    request_board,
    request_kinds,
    requests,
    service_calendar,
    service_details,
    setup,
    sign_in,
)
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import Agent, AuditEntry, Base
from tests.services import role_actions as records
from tests.services import role_settings as settings
from tests.services.role_actions import (
    ADMIN,
    ALLOWED,
    AUTHOR,
    FORMER,
    LEAD,
    OTHER,
    REFUSED,
    Protected,
    Rule,
    World,
)
from tests.support import FixedClock

P, R = Protected, Rule
PROTECTED: tuple[Protected, ...] = (
    # Records: any active agent writes them; their author, a lead or an admin changes them.
    P(contacts.log_contact, R.ANY_AGENT, records.log_contact),
    P(contacts.undo_last_contact, R.ANY_AGENT, records.undo_last_contact),
    P(
        contacts.record_satisfaction,
        R.OWN,
        records.record_satisfaction,
        "La satisfaction se note par l'agent qui a reçu la personne",
    ),
    P(contact_changes.correct_contact, R.OWN, records.correct_contact),
    P(contact_changes.cancel_contact, R.OWN, records.cancel_contact),
    P(requests.act_on_request, R.ANY_AGENT, records.act_on_request),
    P(
        requests.act_on_request,
        R.OWN,
        records.reassign_one_request,
        "Seul un responsable réattribue une demande confiée à quelqu'un d'autre",
    ),
    P(requests.reassign_requests, R.SUPERVISORS, records.reassign_requests),
    P(error_cases.record_case, R.ANY_AGENT, records.record_case),
    P(error_cases.correct_case, R.OWN, records.correct_case),
    P(error_cases.cancel_case, R.OWN, records.cancel_case),
    P(feedback.record_feedback, R.ANY_AGENT, records.record_feedback),
    P(feedback.correct_feedback, R.OWN, records.correct_feedback),
    P(feedback.reply_to_feedback, R.ANY_AGENT, records.reply_to_feedback),
    P(feedback.close_feedback, R.ANY_AGENT, records.close_feedback),
    P(feedback.reopen_feedback, R.ANY_AGENT, records.reopen_feedback),
    P(improvements.record_improvement, R.SUPERVISORS, records.record_improvement),
    P(improvements.correct_improvement, R.SUPERVISORS, records.correct_improvement),
    # The service's lists and settings: leads and admins; setting the service up: admins.
    P(choice_lists.add_choice, R.SUPERVISORS, settings.add_choice),
    P(choice_lists.rename_choice, R.SUPERVISORS, settings.rename_choice),
    P(choice_lists.set_choice_active, R.SUPERVISORS, settings.set_choice_active),
    P(request_kinds.add_request_kind, R.SUPERVISORS, settings.add_request_kind),
    P(request_kinds.update_request_kind, R.SUPERVISORS, settings.update_request_kind),
    P(request_kinds.retire_request_kind, R.SUPERVISORS, settings.retire_request_kind),
    P(request_kinds.restore_request_kind, R.SUPERVISORS, settings.restore_request_kind),
    P(print_settings.update_print_settings, R.SUPERVISORS, settings.update_print_settings),
    P(print_settings.set_logo, R.SUPERVISORS, settings.set_logo),
    P(print_settings.set_print_font, R.SUPERVISORS, settings.set_print_font),
    P(service_calendar.set_whit_monday_worked, R.SUPERVISORS, settings.set_whit_monday_worked),
    P(service_calendar.add_closure, R.SUPERVISORS, settings.add_closure),
    P(service_calendar.remove_closure, R.SUPERVISORS, settings.remove_closure),
    P(service_details.update_service_details, R.SUPERVISORS, settings.update_service_details),
    P(setup.complete_first_run, R.ADMIN, settings.complete_first_run),
    P(setup.configure_service, R.ADMIN, settings.configure_service),
    P(setup.initialise, R.ADMIN, settings.initialise_with_a_name),
    P(demo.fill_demo, R.ADMIN, settings.fill_demo),
    P(sign_in.set_auto_lock, R.ADMIN, settings.set_auto_lock),
    # People: leads and admins manage agents; only an admin makes or touches an admin.
    P(agents.add_agent, R.SUPERVISORS, settings.add_agent),
    P(
        agents.add_agent,
        R.ADMIN,
        settings.add_an_admin,
        "réservée au rôle|Seul un administrateur peut créer un autre administrateur",
    ),
    P(agents.update_agent, R.SUPERVISORS, settings.update_agent),
    P(
        agents.update_agent,
        R.ADMIN,
        settings.update_an_admin,
        "réservée au rôle|Seul un administrateur peut modifier ou désactiver un administrateur",
    ),
    P(sign_in.set_pin, R.ANY_AGENT, settings.set_own_pin),
    P(
        sign_in.set_pin,
        R.ADMIN,
        settings.clear_someone_elses_pin,
        "Seul un administrateur peut retirer le code PIN d'un autre agent",
    ),
)

# Functions taking a login that change nothing, with why no test of their own here.
NOT_ACTIONS: dict[object, str] = {
    contact_changes.correction_refusal: "says in advance what correct_contact would refuse",
    contact_changes.cancellation_refusal: "says in advance what cancel_contact would refuse",
    error_cases.change_refusal: "says in advance what correct_case / cancel_case refuse",
    request_board.my_deadlines: "reads the login's own requests (refused when not an agent)",
    agents.find_agent: "looks a login up",
    sign_in.sign_in: "checks who signs in (tests/services/test_pin.py)",
    sign_in.verify_pin: "checks a PIN (tests/services/test_pin.py)",
    sign_in.sign_in_needed: "reads the workstation's settings",
}

# Protected actions of the other parts of issue 8, with the module testing their roles.
TESTED_ELSEWHERE: dict[str, str] = {
    "backups.backup_now": "tests/services/test_backups.py",
    "backups.backup_settings": "tests/services/test_backups.py",
    "backups.list_backups": "tests/services/test_backups.py",
    "restoring.restore_backup": "tests/services/test_backups.py",
    "backups.update_backup_settings": "tests/services/test_backups.py",
    "person_export.export_person": "tests/services/test_person_export.py",
    "person_export.find_people": "tests/services/test_person_export.py",
    "person_export.save_person_export": "tests/services/test_person_export.py",
    "purge.check_purger": "tests/cli/test_purge_command.py",  # asked before the plan
    "purge.run_purge": "tests/services/test_purge.py",
    "retention.update_retention": "tests/services/test_purge.py",
}


@pytest.fixture
def world(desk: Desk, clock: FixedClock) -> World:
    """The administrator the database starts with, a lead, two agents, a former agent."""
    people = {
        LEAD: ("Léa Petit", Role.LEAD),
        AUTHOR: ("Alice Durand", Role.AGENT),
        OTHER: ("Bob Martin", Role.AGENT),
        FORMER: ("Ancien Agent", Role.AGENT),
    }
    for login, (name, role) in people.items():
        made = agents.add_agent(desk, login=ADMIN, name=name, agent_login=login, role=role)
        if login == FORMER:
            agents.update_agent(desk, login=ADMIN, agent=made, name=name, role=role, active=False)
    with desk.database.reading() as session:
        ids = {row.login: row.id for row in session.scalars(select(Agent))}
    return World(desk, clock, ids)


def fingerprint(desk: Desk) -> list[list[str]]:
    """Every row of every table, in an order that does not depend on the database."""
    with desk.database.reading() as session:
        return [
            sorted(repr(tuple(row)) for row in session.execute(select(table)))
            for table in Base.metadata.sorted_tables
        ]


def audit_count(desk: Desk) -> int:
    with desk.database.reading() as session:
        return session.scalars(select(func.count()).select_from(AuditEntry)).one()


@pytest.mark.parametrize("action", PROTECTED, ids=[action.name for action in PROTECTED])
def test_a_protected_action_refuses_the_wrong_role_and_writes_nothing(
    world: World, action: Protected
) -> None:
    act = action.prepare(world)
    for login in REFUSED[action.rule]:
        before = fingerprint(world.desk)
        with pytest.raises(UserError, match=action.refusal(login)):
            act(login)
        assert fingerprint(world.desk) == before, f"{login} changed the database"
    for login in ALLOWED[action.rule]:
        act = action.prepare(world)  # a target of its own for each one allowed
        before_count = audit_count(world.desk)
        act(login)
        assert audit_count(world.desk) > before_count, f"{login} saved nothing"


def _acting_functions() -> Iterator[tuple[str, object]]:
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = inspect.signature(function).parameters
            if "desk" in parameters and {"login", "os_login"} & set(parameters):
                yield f"{module_info.name}.{name}", function


def test_every_service_acting_for_a_login_is_listed() -> None:
    listed = {action.function for action in PROTECTED} | set(NOT_ACTIONS)
    missing = sorted(
        name
        for name, function in _acting_functions()
        if function not in listed and name not in TESTED_ELSEWHERE
    )
    assert missing == [], "add these to PROTECTED (with a role test) or to NOT_ACTIONS"
