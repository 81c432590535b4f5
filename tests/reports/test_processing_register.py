"""The entry of the register of processing activities (RGPD art. 30) read back with
pypdf: every heading of the CNIL's model sheet, the controller and its contacts, the
service's own retention durations beside the defaults, and the protections it uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from spplus_desk.domain.documents import PrintLook
from spplus_desk.domain.enums import Role
from spplus_desk.domain.processing_register import RegisterEntry, retention_lines
from spplus_desk.reports.processing_register import processing_register_pdf
from tests.reports.pdf_checks import (
    A4_PORTRAIT,
    assert_fonts_embedded,
    image_count,
    page_sizes,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    sample_service,
    tiny_png,
)


def entry(**changes: object) -> RegisterEntry:
    base = RegisterEntry(
        service=sample_service(),
        retention=retention_lines({"contact": 6, "error_case": 120}),
        agents=((Role.AGENT, 7), (Role.LEAD, 2), (Role.ADMIN, 1)),
        pins=3,
        backup_daily=14,
        backup_monthly=12,
        auto_lock_minutes=10,
        printed_on=date(2027, 5, 4),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(processing_register_pdf(entry(), PrintLook()))


def test_every_heading_of_the_model_sheet(text: str) -> None:
    for heading in (
        "Registre des activités de traitement",
        "Fiche établie le 4 mai 2027",
        "Responsable du traitement",
        "Délégué à la protection des données",
        "Finalités",
        "Base légale",
        "Personnes concernées",
        "Catégories de données",
        "Données sensibles",
        "Destinataires",
        "Transferts hors de l'Union européenne",
        "Durées de conservation",
        "Mesures de sécurité",
    ):
        assert heading in text


def test_the_controller_purposes_and_legal_basis(text: str) -> None:
    for expected in (
        "Mairie de Saint-Étienne Place de l'Hôtel de Ville 42000 Saint-Étienne",
        "Téléphone : 04 77 48 77 48",
        "Courriel : accueil@saint-etienne.fr",
        "À compléter : nom et coordonnées du délégué à la protection des données.",
        "Accueil des usagers (accueil physique, téléphone, courrier, courriel",
        "Mesure de la qualité du service et publication de ses résultats (programme "
        "Services Publics+)",
        "Droit à l'erreur (CRPA, articles L123-1 et L123-2)",
        "Mission d'intérêt public dont est investi le service (RGPD, article 6.1.e)",
    ):
        assert expected in text


def test_the_data_the_people_and_who_reads_them(text: str) -> None:
    for expected in (
        "Identité, facultative : nom et prénom",
        "Coordonnées, facultatives : téléphone, adresse électronique.",
        "Texte libre (notes de l'agent)",
        "Les usagers qui contactent le service",
        "Aucune donnée sensible n'est collectée (RGPD, article 9)",
        "un numéro de sécurité sociale, des coordonnées bancaires (IBAN), une information de santé",
        "(10 agents actifs ; agent : 7, responsable d'équipe : 2, administrateur : 1)",
        "Aucun transfert hors de l'Union européenne",
    ):
        assert expected in text


def test_the_retention_is_the_services_beside_the_defaults(text: str) -> None:
    for expected in (
        "Données Durée du service Durée par défaut À compter de",
        "Identité des personnes sur les contacts 6 mois 12 mois la date du contact",
        "Demandes et leur suivi 12 mois 12 mois la clôture de la demande",
        "Dossiers du droit à l'erreur 120 mois (10 ans) 60 mois (5 ans) la découverte de l'erreur",
        "Réclamations, suggestions et remerciements 24 mois (2 ans) 24 mois (2 ans) leur clôture",
        "les statistiques sont conservées",
    ):
        assert expected in text


def test_the_security_measures_in_use(text: str) -> None:
    for expected in (
        "Rôles agent, responsable d'équipe et administrateur",
        "Code PIN personnel facultatif sur les postes partagés (3 agents en ont un)",
        "verrouillage automatique du poste après 10 min d'inactivité",
        "Journal d'audit de chaque modification",
        "chaînée à la précédente par une empreinte",
        "(14 quotidiennes et 12 mensuelles)",
    ):
        assert expected in text
    bare = pdf_text(processing_register_pdf(entry(pins=0, auto_lock_minutes=0), PrintLook()))
    assert "(aucun agent n'en a pour l'instant)" in bare
    assert "après inactivité (non activé)" in bare


def test_a_proper_a4_pdf_with_the_services_logo() -> None:
    data = processing_register_pdf(entry(), PrintLook(logo=tiny_png()))
    for size in page_sizes(data):
        assert size == pytest.approx(A4_PORTRAIT, abs=0.01)
    assert len(page_sizes(data)) <= 2
    assert_fonts_embedded(data)
    assert image_count(data) == 1
    assert pdf_lang(data) == "fr-FR"
    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Registre des activités de traitement — Mairie de Saint-Étienne"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"
