"""The right-of-access document read back with pypdf, and its JSON twin: the title, the
service and its contacts, the day, the query, every field of every record under its
French label with French dates, the person's rights and the service's own durations.
The expected words are written out; the export is built by hand (no database)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from spplus_desk.domain.documents import ImplicitDecision, PrintLook
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    Need,
    RequestEventType,
    RequestStatus,
    Satisfaction,
)
from spplus_desk.domain.error_case import (
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    Exclusion,
    Regularisation,
)
from spplus_desk.domain.feedback import FeedbackKind, FeedbackStatus
from spplus_desk.domain.person_export import (
    HeldContact,
    HeldErrorCase,
    HeldFeedback,
    PersonExport,
)
from spplus_desk.domain.person_search import Identity
from spplus_desk.domain.processing_register import retention_lines
from spplus_desk.domain.request_case import RequestCase, TimelineEntry
from spplus_desk.domain.retention import RecordType
from spplus_desk.reports.person_export import person_export_json, person_export_pdf
from tests.reports.pdf_checks import (
    A4_PORTRAIT,
    assert_fonts_embedded,
    page_sizes,
    page_texts,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    sample_service,
)

EXPORTED = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)  # 11 h 30 in Saint-Étienne
VISIT = datetime(2027, 3, 2, 8, 5, tzinfo=UTC)  # 9 h 05, winter time


def contact(**changes: object) -> HeldContact:
    base = HeldContact(
        id=uuid.uuid4(),
        occurred_at=VISIT,
        recorded_at=VISIT,
        agent="Léa Roux",
        channel=Channel.COUNTER,
        motif="État civil",
        outcome=ContactOutcome.REQUEST_OPENED,
        redirected_to=None,
        person_name="Paul Martin",
        person_phone="06 12 34 56 78",
        person_email="paul.martin@exemple.fr",
        needs=Need.INTERPRETER | Need.EASY_READ,
        arrived_at=datetime(2027, 3, 2, 7, 50, tzinfo=UTC),
        called_at=VISIT,
        duration_seconds=720,
        notes="Venu pour sa carte d'identité",
        callback_promised=False,
        satisfaction=Satisfaction.SATISFIED,
        satisfaction_comment="Accueil rapide",
        cancelled_at=None,
        cancel_reason=None,
        requests=("2027-000042",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def request() -> RequestCase:
    return RequestCase(
        id=uuid.uuid4(),
        reference="2027-000042",
        kind="Acte de naissance",
        channel=Channel.COUNTER,
        received_at=VISIT,
        status=RequestStatus.WAITING,
        assignee_id=None,
        assignee="Léa Roux",
        contact_id=None,
        person="Paul Martin",
        delay="5\u00a0jours ouvrés",
        wait_restarts=False,
        due_date=None,
        due_at=None,
        in_hours=False,
        ack_due_date=date(2027, 3, 9),
        acknowledged_at=datetime(2027, 3, 3, 9, 0, tzinfo=UTC),
        answered_at=None,
        late=False,
        days_late=0,
        explanation=(),
        timeline=(
            TimelineEntry(1, VISIT, RequestEventType.RECEIVED, "Léa Roux", None, "Léa Roux"),
            TimelineEntry(
                2,
                datetime(2027, 3, 4, 14, 0, tzinfo=UTC),
                RequestEventType.WAITING_FOR_USER,
                "Léa Roux",
                "Justificatif de domicile manquant",
                None,
            ),
        ),
        possible=frozenset(),
        version=3,
        implicit_decision=ImplicitDecision.ACCEPTANCE,
        implicit_months=2,
    )


def case() -> HeldErrorCase:
    return HeldErrorCase(
        id=uuid.uuid4(),
        recorded_at=VISIT,
        agent="Léa Roux",
        channel=Channel.COUNTER,
        procedure="Prestations sociales",
        nature=ErrorNature.OMISSION,
        error_on=date(2027, 1, 15),
        discovered_on=date(2027, 3, 2),
        discovered_by=DiscoveredBy.PERSON,
        first_time=True,
        good_faith=True,
        exclusions=(Exclusion.CONTRACT,),
        eligible=False,
        regularisation=Regularisation.INVITED,
        invited_on=date(2027, 3, 2),
        regularisation_delay="30\u00a0jours calendaires",
        regularised_on=date(2027, 3, 20),
        outcome=CaseOutcome.NOT_ELIGIBLE,
        outcome_reason="Sanction prévue par le contrat",
        amount_cents=125_050,
        person_name="Martin Paul",
        person_phone="06 12 34 56 78",
        person_email=None,
        notes="Oubli de déclarer un changement d'adresse",
        cancelled_at=None,
        cancel_reason=None,
        follow_up="2027-000043",
    )


def complaint() -> HeldFeedback:
    return HeldFeedback(
        id=uuid.uuid4(),
        recorded_at=VISIT,
        agent="Léa Roux",
        kind=FeedbackKind.COMPLAINT,
        channel=Channel.EMAIL,
        received_on=date(2027, 3, 5),
        text="Trois heures d'attente au guichet",
        person_name="",
        person_phone="",
        person_email="paul.martin@exemple.fr",
        reply_delay="15\u00a0jours ouvrés",
        reply_due=date(2027, 3, 26),
        status=FeedbackStatus.ANSWERED,
        reply="Nous avons ouvert un second guichet le mardi.",
        replied_on=date(2027, 3, 10),
        close_reason="",
    )


def export(**changes: object) -> PersonExport:
    base = PersonExport(
        service=sample_service(),
        exported_at=EXPORTED,
        query="Paul Martin",
        identity=Identity("nom:martin paul", ("Paul Martin",), (), (), ()),
        contacts=(contact(),),
        requests=(request(),),
        error_cases=(case(),),
        feedback=(complaint(),),
        retention=retention_lines({"contact": 6, "feedback": 36}),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(person_export_pdf(export(), PrintLook()))


def test_the_heading_says_what_whose_when_and_for_which_search(text: str) -> None:
    for expected in (
        "Données vous concernant — SP+ Desk",
        "Mairie de Saint-Étienne",
        "Place de l'Hôtel de Ville 42000 Saint-Étienne",
        "Téléphone : 04 77 48 77 48",
        "Courriel : accueil@saint-etienne.fr",
        "Document établi le 4 mai 2027 à 11 h 30",
        "Recherche effectuée : « Paul Martin ».",
        "Personne : Paul Martin.",
        "Contenu : 1 contact, 1 demande, 1 dossier du droit à l'erreur, 1 avis.",
    ):
        assert expected in text


def test_every_field_of_a_contact_with_french_dates(text: str) -> None:
    for expected in (
        "Vos contacts avec le service (1)",
        "Contact du 2 mars 2027 à 9 h 05 — Accueil physique",
        "Date et heure 2 mars 2027 à 9 h 05",
        "Canal Accueil physique",
        "Motif État civil",
        "Suite donnée Demande enregistrée",
        "Orienté vers —",
        "Demande ouverte 2027-000042",
        "Nom de la personne Paul Martin",
        "Téléphone de la personne 06 12 34 56 78",
        "Courriel de la personne paul.martin@exemple.fr",
        "Besoins particuliers Interprète, FALC",
        "Arrivée 2 mars 2027 à 8 h 50",
        "Durée 12 min",
        "Note de l'agent Venu pour sa carte d'identité",
        "Rappel promis Non",
        "Satisfaction Satisfait",
        "Commentaire de la personne Accueil rapide",
        "Agent Léa Roux",
        "Annulé le —",
        "Motif d'annulation —",
    ):
        assert expected in text


def test_every_field_of_a_request_and_its_history(text: str) -> None:
    for expected in (
        "Vos demandes (1)",
        "Demande 2027-000042 — Acte de naissance",
        "Reçue le 2 mars 2027 à 9 h 05",
        "Délai annoncé 5 jours ouvrés",
        "Échéance —",  # the clock stops while the documents are awaited
        "État En attente de l'usager",
        "Accusé de réception à envoyer avant le 9 mars 2027",
        "Accusé de réception envoyé le 3 mars 2027 à 10 h 00",
        "Agent chargé de la demande Léa Roux",
        "Décision implicite Acceptation implicite",
        "Historique de la demande 2027-000042",
        "Date Événement Motif Agent Attribuée à",
        "4 mars 2027 à 15 h 00 En attente de l'usager Justificatif de domicile manquant",
    ):
        assert expected in text


def test_every_field_of_a_case_and_of_a_complaint(text: str) -> None:
    for expected in (
        "Vos dossiers au titre du droit à l'erreur (1)",
        "Erreur découverte le 2 mars 2027",
        "Découverte Par la personne",
        "Démarche Prestations sociales",
        "Nature de l'erreur Omission",
        "Date de l'erreur 15 janvier 2027",
        "Première fois Oui",
        "Exclusions (CRPA, art. L123-2) Sanction prévue par un contrat",
        "Droit à l'erreur applicable Non",
        "Régularisation Sur invitation du service",
        "Délai accordé 30 jours calendaires",
        "Échéance suivie (demande) 2027-000043",
        "Régularisée le 20 mars 2027",
        "Issue Non éligible",
        "Motif de l'issue Sanction prévue par le contrat",
        "Montant en jeu 1 250,50 €",
        "Notes de l'agent Oubli de déclarer un changement d'adresse",
        "Vos réclamations, suggestions et remerciements (1)",
        "Réclamation reçue le 5 mars 2027",
        "Ce que vous nous avez dit Trois heures d'attente au guichet",
        "Délai de réponse annoncé 15 jours ouvrés",
        "Réponse attendue le 26 mars 2027",
        "État Répondu",
        "Réponse du service Nous avons ouvert un second guichet le mardi.",
        "Répondu le 10 mars 2027",
        "Motif de classement —",
    ):
        assert expected in text


def test_the_rights_and_the_services_own_durations(text: str) -> None:
    for expected in (
        "Vos droits",
        "mission d'intérêt public du service (RGPD, article 6.1.e)",
        "la rectification des données inexactes ou incomplètes (article 16)",
        "la limitation de leur traitement (article 18)",
        "Pour exercer ces droits, adressez-vous à Mairie de Saint-Étienne : Place de "
        "l'Hôtel de Ville, 42000 Saint-Étienne ; téléphone 04 77 48 77 48",
        "(CNIL) : 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07 ; www.cnil.fr.",
        "Identité des personnes sur les contacts 6 mois la date du contact",
        "Demandes et leur suivi 12 mois la clôture de la demande",
        "Dossiers du droit à l'erreur 60 mois (5 ans) la découverte de l'erreur",
        "Réclamations, suggestions et remerciements 36 mois (3 ans) leur clôture",
        "statistiques qui ne permettent plus de vous identifier",
        "Document confidentiel : il contient des données personnelles.",
    ):
        assert expected in text


def test_an_empty_section_says_so_and_the_file_is_a_proper_a4_pdf() -> None:
    data = person_export_pdf(export(error_cases=(), feedback=()), PrintLook())
    text = pdf_text(data)
    assert "Vos dossiers au titre du droit à l'erreur (0) Aucune donnée." in text
    assert "Vos réclamations, suggestions et remerciements (0) Aucune donnée." in text
    for size in page_sizes(data):
        assert size == pytest.approx(A4_PORTRAIT, abs=0.01)
    assert_fonts_embedded(data)
    assert pdf_lang(data) == "fr-FR"
    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Données vous concernant — SP+ Desk"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"


def test_hundreds_of_records_and_long_notes_run_over_pages_none_lost() -> None:
    long_note = " ".join(f"mot{n}" for n in range(700))  # about 60 lines in its cell
    contacts = tuple(
        contact(notes=long_note if n == 0 else f"Visite numéro {n}", requests=()) for n in range(60)
    )
    pages = page_texts(person_export_pdf(export(contacts=contacts), PrintLook()))
    assert len(pages) > 20
    text = " ".join(pages)
    assert "mot0 " in text
    assert "mot699" in text
    for n in range(1, 60):
        assert f"Note de l'agent Visite numéro {n} " in text
    # A record that runs over a page starts the next one with its title again.
    assert sum(page.count("Contact du 2 mars 2027 à 9 h 05") for page in pages) > 60


def test_the_json_holds_the_same_content_with_stable_keys() -> None:
    data = json.loads(person_export_json(export()).decode("utf-8"))
    assert list(data) == [
        "document",
        "service",
        "exported_at",
        "query",
        "person",
        "contacts",
        "requests",
        "error_cases",
        "feedback",
        "retention",
        "rights",
    ]
    assert data["exported_at"] == "2027-05-04T11:30:00+02:00"
    assert data["query"] == "Paul Martin"
    [seen] = data["contacts"]
    assert seen["occurred_at"] == "2027-03-02T09:05:00+01:00"
    assert seen["needs"] == ["Interprète", "FALC"]
    assert seen["duration_seconds"] == 720
    assert seen["redirected_to"] is None
    assert seen["person_phone"] == "06 12 34 56 78"
    [asked] = data["requests"]
    assert [e["reason"] for e in asked["events"]] == [None, "Justificatif de domicile manquant"]
    [error] = data["error_cases"]
    assert (error["amount_cents"], error["exclusions"]) == (
        125050,
        ["Sanction prévue par un contrat"],
    )
    assert data["feedback"][0]["reply"] == "Nous avons ouvert un second guichet le mardi."
    durations = {line["record_type"]: line["months"] for line in data["retention"]}
    assert durations == {
        RecordType.CONTACT.value: 6,
        RecordType.REQUEST.value: 12,
        RecordType.ERROR_CASE.value: 60,
        RecordType.FEEDBACK.value: 36,
    }
    raw = person_export_json(export()).decode("utf-8")
    assert "État civil" in raw  # UTF-8 as is, not \\u escapes
