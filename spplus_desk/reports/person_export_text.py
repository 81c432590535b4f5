"""The wording of the right-of-access document: what it is, and the person's rights
(RGPD articles 15 to 21, the CNIL) with the durations the service keeps their data.
Plain sentences, used as they are by the JSON and with French spacing by the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.person_export import PersonExport
from spplus_desk.domain.person_search import RECORD_NAMES
from spplus_desk.domain.processing_register import RetentionLine
from spplus_desk.domain.retention import RecordType
from spplus_desk.domain.service import ContactPoint, ServiceInfo

SUBJECT = "Droit d'accès aux données personnelles (RGPD, article 15)"
CONFIDENTIAL = "Document confidentiel : il contient des données personnelles."
NOTHING = "Aucune donnée."
RIGHTS_HEADING = "Vos droits"
RETENTION_HEADING = "Combien de temps nous conservons ces données"
RETENTION_COLUMNS = ("Données", "Durée", "À compter de")
CNIL = (
    "Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
    "réclamation à la Commission nationale de l'informatique et des libertés (CNIL) : "
    "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07 ; www.cnil.fr."
)
AFTER_RETENTION = (
    "Au-delà de ces durées, votre identité, vos coordonnées et les textes libres sont "
    "effacés (anonymisation) : le service ne garde que des statistiques qui ne permettent "
    "plus de vous identifier."
)
_KINDS = {"phone": "téléphone", "email": "courriel", "web": "site internet"}


def introduction(export: PersonExport, moment: str) -> list[str]:
    """What the document is, when it was made, for which search, and what it holds."""
    held = ", ".join(
        count_text(count, *RECORD_NAMES[record_type])
        for record_type, count in (
            (RecordType.CONTACT, len(export.contacts)),
            (RecordType.REQUEST, len(export.requests)),
            (RecordType.ERROR_CASE, len(export.error_cases)),
            (RecordType.FEEDBACK, len(export.feedback)),
        )
    )
    return [
        f"Document établi le {moment}, en réponse à votre demande d'accès à vos données "
        "personnelles (règlement général sur la protection des données, article 15). Il "
        "rassemble tout ce que le service conserve à votre sujet dans son logiciel d'accueil.",
        f"Recherche effectuée : « {export.query} ».",
        f"Personne : {export.identity.title}.",
        f"Contenu : {held}.",
    ]


def rights(service: ServiceInfo) -> list[str]:
    """The person's rights, and where to exercise them."""
    reach = contact_text(service)
    return [
        f"Ces données sont traitées par {service.name} pour l'accueil et le suivi de vos "
        "demandes, la mesure de la qualité du service (programme Services Publics+), "
        "l'écoute de vos avis et, le cas échéant, l'application du droit à l'erreur. Ce "
        "traitement relève de la mission d'intérêt public du service (RGPD, article 6.1.e).",
        "Vous pouvez demander la rectification des données inexactes ou incomplètes "
        "(article 16) et la limitation de leur traitement (article 18), et vous opposer à "
        "leur traitement pour des raisons tenant à votre situation particulière "
        "(article 21). L'effacement est limité pour les données nécessaires à une mission "
        "de service public (article 17.3.b).",
        f"Pour exercer ces droits, adressez-vous à {service.name}"
        + (f" : {reach}." if reach else "."),
        CNIL,
    ]


def contact_text(service: ServiceInfo) -> str:
    """« 1 place de la Mairie, 75001 Paris ; téléphone 01 23 45 67 89 ; courriel … »"""
    parts = [", ".join(service.address.splitlines())] if service.address.strip() else []
    parts += [_point(point) for point in service.contact_points]
    return " ; ".join(parts)


def _point(point: ContactPoint) -> str:
    kind = _KINDS.get(point.kind, "")
    return f"{kind} {point.value}".strip()


def retention_rows(lines: Sequence[RetentionLine]) -> list[tuple[str, str, str]]:
    return [(line.label, line.duration, line.counted_from) for line in lines]


def retention_sentences(lines: Sequence[RetentionLine]) -> list[str]:
    """« Identité des personnes sur les contacts : 12 mois à compter de la date du
    contact. », then what happens after."""
    said = [f"{line.label} : {line.duration} à compter de {line.counted_from}." for line in lines]
    return [*said, AFTER_RETENTION]
