"""The settings' entry points for the fuzz tests (see entry_points.py): agents, choice
lists, kinds of request, printed texts and fonts, the service's details and closures."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from spplus_desk.domain.enums import Channel, DelayUnit, Role, WaitPolicy
from spplus_desk.domain.service import FirstRunSettings
from spplus_desk.services import (
    agents,
    choice_lists,
    print_settings,
    request_kinds,
    service_calendar,
    service_details,
    setup,
)
from spplus_desk.services.desk import Desk
from spplus_desk.store.schema import Agent, RequestKind, Service
from tests.reliability.entry_points import Echo, Entry, column
from tests.support import TEST_LOGIN


def agent_name(desk: Desk, text: str) -> Echo:
    login = f"agent.{uuid.uuid4().hex[:10]}"
    added = agents.add_agent(desk, login=TEST_LOGIN, name=text, agent_login=login, role=Role.AGENT)
    renamed = agents.update_agent(
        desk, login=TEST_LOGIN, agent=added, name=f"{text} bis", role=Role.AGENT, active=True
    )
    return Echo(column(desk, Agent, added.id, "name"), renamed.name, f"{text} bis")


def agent_login(desk: Desk, text: str) -> Echo:
    added = agents.add_agent(
        desk, login=TEST_LOGIN, name="Nouvel agent", agent_login=text, role=Role.AGENT
    )
    assert agents.find_agent(desk, added.login) is not None
    return Echo(column(desk, Agent, added.id, "login"), added.login, text)


def choice_label(desk: Desk, text: str) -> Echo:
    added = choice_lists.add_choice(desk, choice_lists.MOTIFS, login=TEST_LOGIN, label=text)
    renamed = choice_lists.rename_choice(
        desk, choice_lists.PARTNERS, login=TEST_LOGIN, choice=_partner(desk), label=f"{text} 2"
    )
    listed = choice_lists.list_choices(desk, choice_lists.PARTNERS)
    assert renamed.label in {choice.label for choice in listed}
    return Echo(column(desk, choice_lists.MOTIFS.model, added.id, "label"), added.label, text)


def _partner(desk: Desk) -> choice_lists.ChoiceInfo:
    return choice_lists.list_choices(desk, choice_lists.PARTNERS)[0]


def request_kind_label(desk: Desk, text: str) -> Echo:
    added = request_kinds.add_request_kind(
        desk,
        login=TEST_LOGIN,
        label=text,
        channels=[Channel.EMAIL],
        delay_amount=5,
        delay_unit=DelayUnit.WORKING_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
    )
    return Echo(column(desk, RequestKind, added.id, "label"), added.label, text)


def first_run_admin(desk: Desk, text: str) -> Echo:
    """The first-run wizard's « your name », answered again by the administrator."""
    service = setup.get_service(desk)
    assert service is not None
    settings = FirstRunSettings(service.name, "75", admin_name=text)
    shown = setup.complete_first_run(desk, login=TEST_LOGIN, settings=settings).agent
    assert shown is not None
    return Echo(column(desk, Agent, shown.id, "name"), shown.name, text)


def print_texts(desk: Desk, text: str) -> Echo:
    version = print_settings.get_print_settings(desk).version
    saved = print_settings.update_print_settings(
        desk, login=TEST_LOGIN, version=version, local_engagements=[text], appointment=text
    )
    service_id = _service_id(desk)
    stored = (tuple(print_settings.local_engagements(desk)),
              column(desk, Service, service_id, "appointment"))  # fmt: skip
    return Echo(stored, (saved.local_engagements, saved.appointment))


def _service_id(desk: Desk) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(Service.id)).one()


def _service_details(
    desk: Desk, field: str, typed: str | None, *, name: str | None = None, address: str = ""
) -> Echo:
    service = setup.get_service(desk)
    assert service is not None
    wanted = FirstRunSettings(
        service_name=service.name if name is None else name, departement_code="75", address=address
    )
    saved = service_details.update_service_details(
        desk, login=TEST_LOGIN, version=service.version, settings=wanted
    )
    return Echo(column(desk, Service, _service_id(desk), field), getattr(saved, field), typed)


def service_name(desk: Desk, text: str) -> Echo:
    return _service_details(desk, "name", text, name=text)


def service_address(desk: Desk, text: str) -> Echo:
    return _service_details(desk, "address", None, address=text)


def print_font(desk: Desk, text: str) -> Echo:
    """A font file's path as typed (a missing or unreadable file is refused)."""
    version = print_settings.get_print_settings(desk).version
    saved = print_settings.set_print_font(
        desk, login=TEST_LOGIN, version=version, regular=text, bold=""
    )
    stored = column(desk, Service, _service_id(desk), "font_regular")
    return Echo(stored, stored if saved else None)


def closure_label(desk: Desk, text: str) -> Echo:
    day = date(2027, 12, 24)
    service_calendar.add_closure(desk, login=TEST_LOGIN, day=day, label=text)
    closures = column(desk, Service, _service_id(desk), "closures")
    assert isinstance(closures, list)
    stored = next(c["label"] for c in closures if c["date"] == day.isoformat())
    shown = next(c.label for c in service_calendar.calendar_settings(desk).closures if c.day == day)
    service_calendar.remove_closure(desk, login=TEST_LOGIN, day=day)
    blank = not text.split()  # a blank label says what the day is: a closure
    return Echo(stored, shown, service_calendar.DEFAULT_CLOSURE_LABEL if blank else text)


SETTINGS_ENTRIES: dict[str, Entry] = {
    "agent : nom": agent_name,
    "agent : identifiant": agent_login,
    "premier lancement : nom": first_run_admin,
    "listes de choix": choice_label,
    "type de demande": request_kind_label,
    "textes imprimés": print_texts,
    "police d'impression": print_font,
    "nom du service": service_name,
    "adresse du service": service_address,
    "fermeture exceptionnelle": closure_label,
}
