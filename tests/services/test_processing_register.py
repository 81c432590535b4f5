"""The register-of-processing entry built from the service as it stands (issue 8): its
own retention durations, its active agents by role, the backups it keeps and its PINs;
in the print centre's list like any document."""

from __future__ import annotations

from sqlalchemy import select

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent, update_agent
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.store.schema import Agent, Service
from tests.reports.pdf_checks import pdf_text
from tests.support import TEST_LOGIN


def test_the_entry_states_the_services_own_durations_agents_and_backups(desk: Desk) -> None:
    lea = add_agent(desk, login=TEST_LOGIN, name="Léa Roux", agent_login="lea", role=Role.AGENT)
    add_agent(desk, login=TEST_LOGIN, name="Noé Chef", agent_login="noe", role=Role.LEAD)
    gone = add_agent(desk, login=TEST_LOGIN, name="Ex Agent", agent_login="ex", role=Role.AGENT)
    update_agent(desk, login=TEST_LOGIN, agent=gone, name=gone.name, role=gone.role, active=False)
    with desk.database.writing() as session:
        service = session.scalars(select(Service)).one()
        service.retention = {"request": 18, "feedback": 36}
        service.backup_daily, service.backup_monthly, service.auto_lock_minutes = 7, 6, 15
        session.get_one(Agent, lea.id).pin_hash = "$argon2id$factice"
    document = build_document(desk, DocumentOrder(DocumentKind.REGISTER_ENTRY))
    assert document.file_name == "registre-des-traitements-2027-05-04.pdf"
    text = pdf_text(document.data)
    for expected in (
        "Mairie de Test",
        "Fiche établie le 4 mai 2027",
        "Identité des personnes sur les contacts 12 mois 12 mois la date du contact",
        "Demandes et leur suivi 18 mois 12 mois la clôture de la demande",
        "Réclamations, suggestions et remerciements 36 mois (3 ans) 24 mois (2 ans)",
        "(3 agents actifs ; agent : 1, responsable d'équipe : 1, administrateur : 1)",
        "(1 agent en a un)",
        "après 15 min d'inactivité",
        "(7 quotidiennes et 6 mensuelles)",
    ):
        assert expected in text
