"""The service's settings and people as protected actions (see role_actions.py for the
records): each function prepares its target and returns the action to try as a login."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from spplus_desk.domain.documents import ImplicitDecision
from spplus_desk.domain.enums import Channel, DelayUnit, Role, WaitPolicy
from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.reports.fonts import REGULAR_FILE, bundled_font
from spplus_desk.services import (
    agents,
    choice_lists,
    demo,
    print_settings,
    request_kinds,
    service_calendar,
    service_details,
    setup,
    sign_in,
)
from spplus_desk.services.choice_lists import MOTIFS
from tests.services.role_actions import ADMIN, AUTHOR, Act, World

# Fridays in June 2027 that no deadline skips yet: one closure each.
FRIDAYS = [date(2027, 6, 4), date(2027, 6, 11), date(2027, 6, 18), date(2027, 6, 25)]


def _service_version(world: World) -> int:
    service = setup.get_service(world.desk)
    assert service is not None
    return service.version


# -- the lists ------------------------------------------------------------------------


def add_choice(world: World) -> Act:
    label = world.unique("Cartes grises")
    return lambda login: choice_lists.add_choice(world.desk, MOTIFS, login=login, label=label)


def rename_choice(world: World) -> Act:
    made = choice_lists.add_choice(world.desk, MOTIFS, login=ADMIN, label=world.unique("Cantine"))
    label = world.unique("Restauration scolaire")
    return lambda login: choice_lists.rename_choice(
        world.desk, MOTIFS, login=login, choice=made, label=label
    )


def set_choice_active(world: World) -> Act:
    made = choice_lists.add_choice(world.desk, MOTIFS, login=ADMIN, label=world.unique("Piscine"))
    return lambda login: choice_lists.set_choice_active(
        world.desk, MOTIFS, login=login, choice=made, active=False
    )


def add_request_kind(world: World) -> Act:
    label = world.unique("Attestation d'accueil")
    return lambda login: request_kinds.add_request_kind(
        world.desk,
        login=login,
        label=label,
        channels=[Channel.COUNTER],
        delay_amount=10,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
    )


def _kind(world: World) -> request_kinds.RequestKindInfo:
    return request_kinds.add_request_kind(
        world.desk,
        login=ADMIN,
        label=world.unique("Recensement"),
        channels=[Channel.COUNTER],
        delay_amount=5,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
    )


def update_request_kind(world: World) -> Act:
    kind = _kind(world)
    return lambda login: request_kinds.update_request_kind(
        world.desk,
        login=login,
        kind_id=kind.id,
        version=kind.version,
        label=kind.label,
        channels=[Channel.COUNTER, Channel.EMAIL],
        delay_amount=7,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
        implicit_decision=ImplicitDecision.UNSET,
        implicit_months=2,
    )


def retire_request_kind(world: World) -> Act:
    kind = _kind(world)
    return lambda login: request_kinds.retire_request_kind(
        world.desk, login=login, kind_id=kind.id, version=kind.version
    )


def restore_request_kind(world: World) -> Act:
    kind = _kind(world)
    retired = request_kinds.retire_request_kind(
        world.desk, login=ADMIN, kind_id=kind.id, version=kind.version
    )
    return lambda login: request_kinds.restore_request_kind(
        world.desk, login=login, kind_id=kind.id, version=retired.version
    )


# -- the service ----------------------------------------------------------------------


def update_print_settings(world: World) -> Act:
    version = print_settings.get_print_settings(world.desk).version
    wording = world.unique("Sur rendez-vous")
    return lambda login: print_settings.update_print_settings(
        world.desk, login=login, version=version, local_engagements=(), appointment=wording
    )


def set_logo(world: World) -> Act:
    settings = print_settings.get_print_settings(world.desk)
    out = io.BytesIO()
    Image.new("RGB", (60, 30), (0, 0, 145)).save(out, "PNG")
    data = None if settings.look.logo else out.getvalue()  # a change either way
    return lambda login: print_settings.set_logo(
        world.desk, login=login, version=settings.version, data=data
    )


def set_print_font(world: World) -> Act:
    settings = print_settings.get_print_settings(world.desk)
    regular = "" if settings.look.font_regular else str(bundled_font(REGULAR_FILE))
    return lambda login: print_settings.set_print_font(
        world.desk, login=login, version=settings.version, regular=regular, bold=""
    )


def set_whit_monday_worked(world: World) -> Act:
    worked = not service_calendar.calendar_settings(world.desk).whit_monday_worked
    return lambda login: service_calendar.set_whit_monday_worked(
        world.desk, login=login, worked=worked
    )


def add_closure(world: World) -> Act:
    day = FRIDAYS[world.made % len(FRIDAYS)]
    world.made += 1
    return lambda login: service_calendar.add_closure(
        world.desk, login=login, day=day, label="Pont"
    )


def remove_closure(world: World) -> Act:
    day = FRIDAYS[world.made % len(FRIDAYS)]
    world.made += 1
    service_calendar.add_closure(world.desk, login=ADMIN, day=day, label="Pont")
    return lambda login: service_calendar.remove_closure(world.desk, login=login, day=day)


def update_service_details(world: World) -> Act:
    settings = FirstRunSettings(world.unique("Mairie annexe"), "75")
    version = _service_version(world)
    return lambda login: service_details.update_service_details(
        world.desk, login=login, version=version, settings=settings
    )


def complete_first_run(world: World) -> Act:
    settings = FirstRunSettings(world.unique("Mairie du bourg"), "75")
    return lambda login: setup.complete_first_run(world.desk, login=login, settings=settings)


def configure_service(world: World) -> Act:
    name = world.unique("Mairie centrale")
    return lambda login: setup.configure_service(
        world.desk, login=login, name=name, departement_code="75"
    )


def initialise_with_a_name(world: World) -> Act:
    name = world.unique("Mairie du port")
    return lambda login: setup.initialise(world.desk, login=login, service_name=name)


def fill_demo(world: World) -> Act:
    return lambda login: demo.fill_demo(world.desk, contacts=3, login=login)


def set_auto_lock(world: World) -> Act:
    settings = sign_in.shared_desk_settings(world.desk)
    minutes = 5 if settings.auto_lock_minutes != 5 else 10
    return lambda login: sign_in.set_auto_lock(
        world.desk, login=login, version=settings.version, minutes=minutes
    )


# -- people ---------------------------------------------------------------------------


def add_agent(world: World) -> Act:
    name = world.unique("Nina Lopez")
    return lambda login: agents.add_agent(
        world.desk, login=login, name=name, agent_login=name.replace(" ", "."), role=Role.AGENT
    )


def add_an_admin(world: World) -> Act:
    name = world.unique("Omar Diallo")
    return lambda login: agents.add_agent(
        world.desk, login=login, name=name, agent_login=name.replace(" ", "."), role=Role.ADMIN
    )


def update_agent(world: World) -> Act:
    target = world.agent(AUTHOR)
    return lambda login: agents.update_agent(
        world.desk,
        login=login,
        agent=target,
        name=world.unique("Alice"),
        role=Role.AGENT,
        active=True,
    )


def update_an_admin(world: World) -> Act:
    name = world.unique("Paule Admin")
    made = agents.add_agent(
        world.desk, login=ADMIN, name=name, agent_login=name.replace(" ", "."), role=Role.ADMIN
    )
    return lambda login: agents.update_agent(
        world.desk, login=login, agent=made, name=f"{name} bis", role=Role.ADMIN, active=True
    )


def set_own_pin(world: World) -> Act:
    return lambda login: sign_in.set_pin(
        world.desk, login=login, agent_id=world.ids.get(login, world.ids[AUTHOR]), pin="2468"
    )


def clear_someone_elses_pin(world: World) -> Act:
    target = world.ids[AUTHOR]
    if not sign_in.has_pin(world.desk, target):
        sign_in.set_pin(world.desk, login=AUTHOR, agent_id=target, pin="1357")
    return lambda login: sign_in.set_pin(world.desk, login=login, agent_id=target, pin=None)
