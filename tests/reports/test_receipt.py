"""The acknowledgement of receipt, read back with pypdf: every mention of CRPA L112-3 and
R112-5 with its dates in French, each kind of implicit decision, a delay in hours, a
request waiting for the person's documents. The expected words and dates are written
out (12 May 2027: DOMAIN.md's example of 5 jours ouvrés from Tuesday 4 May 2027).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from spplus_desk.domain.documents import (
    ImplicitDecision,
    PrintLook,
    Receipt,
    implicit_decision_day,
)
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.service import ContactPoint
from spplus_desk.reports.receipt import receipt_pdf
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

PARIS = ZoneInfo("Europe/Paris")
RECEIVED = datetime(2027, 5, 4, 10, 15, tzinfo=PARIS)  # a Tuesday
LEGAL_BASIS = (
    "Accusé de réception établi en application des articles L112-3 et R112-5 du code des "
    "relations entre le public et l'administration"
)
INCOMPLETE = (
    "Si votre demande est incomplète, nous vous indiquerons les pièces manquantes et le "
    "délai pour les fournir (article L114-5)."
)
ATTESTATION = (
    "Vous pourrez alors obtenir, sur simple demande, une attestation de cette décision "
    "(article L232-3)."
)
APPEALS = (
    "Voies et délais de recours Vous pourrez contester cette décision implicite de rejet : "
    "• par un recours gracieux auprès de notre service, ou par un recours hiérarchique "
    "auprès de l'autorité dont il relève, dans les deux mois suivant la naissance de la "
    "décision implicite ; "
    "• par un recours contentieux devant le tribunal administratif territorialement "
    "compétent, dans les deux mois suivant la naissance de la décision implicite ou, si "
    "vous avez d'abord formé un recours gracieux ou hiérarchique, suivant le rejet de ce "
    "recours (notre silence pendant deux mois sur ce recours vaut rejet). "
    "Le tribunal administratif peut aussi être saisi par l'application « Télérecours "
    "citoyens », sur le site www.telerecours.fr."
)


def receipt(**changes: object) -> Receipt:
    """A civil-status request received by e-mail, 5 jours ouvrés, silence = acceptance."""
    values: dict[str, object] = {
        "service": sample_service(),
        "reference": "2027-0042",
        "kind": "Acte d'état civil",
        "channel": Channel.EMAIL,
        "received_at": RECEIVED,
        "person": "Jeanne Durand",
        "delay": "5 jours ouvrés",
        "due_date": date(2027, 5, 12),
        "due_at": None,
        "implicit": ImplicitDecision.ACCEPTANCE,
        "implicit_months": 2,
        "implicit_on": implicit_decision_day(date(2027, 5, 4), 2),
        "printed_on": date(2027, 5, 4),
    }
    values.update(changes)
    return Receipt(**values)  # type: ignore[arg-type]


def text_of(made: Receipt, look: PrintLook | None = None) -> str:
    return pdf_text(receipt_pdf(made, look or PrintLook()))


def test_the_service_the_request_and_its_date_of_receipt() -> None:
    text = text_of(receipt())
    assert (
        "Accusé de réception Le service qui traite votre demande Mairie de Saint-Étienne "
        "Place de l'Hôtel de Ville 42000 Saint-Étienne Téléphone : 04 77 48 77 48 "
        "Courriel : accueil@saint-etienne.fr"
    ) in text
    assert (
        "Votre demande Référence : 2027-0042 Objet : Acte d'état civil Canal : Courriel "
        "Reçue le : mardi 4 mai 2027 à 10 h 15 À l'attention de : Jeanne Durand"
    ) in text
    assert (
        "Madame, Monsieur, Nous accusons réception de votre demande « Acte d'état civil », "
        "reçue le mardi 4 mai 2027 à 10 h 15. Elle est enregistrée sous la référence "
        "2027-0042 : rappelez-la dans vos échanges avec nous."
    ) in text
    assert text.startswith(f"{LEGAL_BASIS} Mairie de Saint-Étienne — édité le 4 mai 2027 ")


def test_the_announced_delay_and_the_due_date() -> None:
    text = text_of(receipt())
    assert (
        "Délai de réponse Nous nous engageons à vous répondre sous 5 jours ouvrés, soit au "
        f"plus tard le mercredi 12 mai 2027. {INCOMPLETE}"
    ) in text


def test_acceptance_gives_its_date_and_the_attestation_but_no_appeal() -> None:
    assert implicit_decision_day(date(2027, 5, 4), 2) == date(2027, 7, 4)
    text = text_of(receipt())
    assert (
        "Décision implicite À défaut de réponse de notre part au dimanche 4 juillet 2027 (délai de "
        "2 mois), votre demande sera réputée acceptée (décision implicite d'acceptation, "
        f"article L231-1 du CRPA). {ATTESTATION} "
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
        "distinguées. Mairie de Saint-Étienne"
    ) in text
    assert "recours" not in text
    assert "rejet" not in text


def test_only_the_two_months_of_l231_1_cite_it() -> None:
    # Another delay of acceptance comes from a decree (L231-6), not from L231-1.
    text = text_of(
        receipt(implicit_months=4, implicit_on=implicit_decision_day(date(2027, 5, 4), 4))
    )
    assert "votre demande sera réputée acceptée (décision implicite d'acceptation). " in text
    assert "L231-1" not in text


def test_rejection_gives_its_date_and_the_means_and_delays_of_appeal() -> None:
    made = receipt(
        implicit=ImplicitDecision.REJECTION,
        implicit_months=4,
        implicit_on=implicit_decision_day(date(2027, 5, 4), 4),
    )
    assert made.implicit_on == date(2027, 9, 4)
    text = text_of(made)
    assert (
        "Décision implicite À défaut de réponse de notre part au samedi 4 septembre 2027 (délai de "
        f"4 mois), votre demande sera réputée rejetée (décision implicite de rejet). {APPEALS} "
        "Nous vous prions d'agréer"
    ) in text
    assert "attestation" not in text
    assert "acceptée" not in text


def test_no_implicit_decision_promises_a_written_answer() -> None:
    text = text_of(receipt(implicit=ImplicitDecision.NONE, implicit_on=None))
    assert (
        "Notre réponse Cette demande n'appelle pas de décision implicite : nous vous "
        "répondrons par écrit. Vous pourrez contester notre réponse selon les voies et "
        "délais de recours qu'elle vous indiquera. Nous vous prions d'agréer"
    ) in text
    for absent in ("Décision implicite", "réputée", "attestation", "Voies et délais", "tribunal"):
        assert absent not in text


def test_the_implicit_day_at_the_end_of_a_shorter_month() -> None:
    received = datetime(2026, 12, 31, 16, 40, tzinfo=PARIS)
    made = receipt(
        received_at=received,
        due_date=date(2027, 1, 8),
        implicit_on=implicit_decision_day(received.date(), 2),
        printed_on=date(2026, 12, 31),
    )
    assert made.implicit_on == date(2027, 2, 28)
    text = text_of(made)
    assert "reçue le jeudi 31 décembre 2026 à 16 h 40." in text
    assert "soit au plus tard le vendredi 8 janvier 2027." in text
    assert "À défaut de réponse de notre part au dimanche 28 février 2027 (délai de 2 mois)" in text


def test_a_delay_in_hours_gives_the_hour_as_well() -> None:
    made = receipt(
        delay="4 heures ouvrées",
        due_date=date(2027, 5, 4),
        due_at=datetime(2027, 5, 4, 14, 0, tzinfo=UTC),  # 16 h in Paris
        implicit=ImplicitDecision.NONE,
        implicit_on=None,
    )
    text = text_of(made)
    assert (
        "Nous nous engageons à vous répondre sous 4 heures ouvrées, soit avant le mardi "
        "4 mai 2027 à 16 h 00."
    ) in text


def test_a_request_waiting_for_documents_has_no_due_date_yet() -> None:
    text = text_of(receipt(due_date=None, implicit_on=None))
    assert (
        "Nous nous engageons à vous répondre sous 5 jours ouvrés. Ce délai ne court pas "
        "tant que nous attendons les pièces que nous vous avons demandées : il court de "
        "nouveau dès leur réception, et nous vous indiquerons alors la date de notre "
        f"réponse. {INCOMPLETE}"
    ) in text
    assert "au plus tard" not in text
    assert (
        "À défaut de réponse de notre part dans un délai de 2 mois à compter de la réception de "
        "votre dossier complet, votre demande sera réputée acceptée"
    ) in text


def test_dates_and_times_in_the_services_time_zone() -> None:
    guadeloupe = sample_service(time_zone="America/Guadeloupe", name="Mairie de Basse-Terre")
    made = receipt(
        service=guadeloupe,
        received_at=datetime(2027, 5, 5, 2, 30, tzinfo=UTC),  # 22 h 30 the day before
        due_date=date(2027, 5, 11),
    )
    text = text_of(made)
    assert "reçue le mardi 4 mai 2027 à 22 h 30." in text
    assert "Reçue le : mardi 4 mai 2027 à 22 h 30" in text


def test_an_anonymous_request_and_the_services_words_kept_as_typed() -> None:
    made = receipt(person="  ", kind="Urbanisme <permis> & voirie", channel=Channel.COUNTER)
    text = text_of(made)
    assert "À l'attention de" not in text
    assert "Objet : Urbanisme <permis> & voirie Canal : Accueil physique Reçue le" in text
    assert "votre demande « Urbanisme <permis> & voirie », reçue le" in text


@pytest.mark.parametrize("implicit", list(ImplicitDecision))
def test_one_a4_page_with_its_fonts_and_metadata(implicit: ImplicitDecision) -> None:
    data = receipt_pdf(receipt(implicit=implicit), PrintLook())
    assert page_sizes(data) == [pytest.approx(A4_PORTRAIT, abs=0.01)]
    assert_fonts_embedded(data)  # the appeal's bullets too
    assert pdf_lang(data) == "fr-FR"
    metadata = pdf_metadata(data)
    assert metadata["/Title"] == "Accusé de réception 2027-0042"
    assert metadata["/Author"] == "Mairie de Saint-Étienne"
    assert image_count(data) == 0


def test_the_services_logo_heads_the_letter() -> None:
    data = receipt_pdf(receipt(), PrintLook(logo=tiny_png()))
    assert image_count(data) == 1
    assert len(page_sizes(data)) == 1


def test_the_longest_letter_still_fits_one_page() -> None:
    """A rejection (the appeal paragraph) for a service with a long address and many
    contact points."""
    points = tuple(
        ContactPoint("phone", f"04 77 48 77 {n:02d}", f"service n° {n}") for n in range(10)
    )
    crowded = sample_service(
        address="\n".join(f"Ligne d'adresse {n}" for n in range(6)), contact_points=points
    )
    made = replace(
        receipt(service=crowded, kind="Demande " * 30),
        implicit=ImplicitDecision.REJECTION,
    )
    data = receipt_pdf(made, PrintLook(logo=tiny_png()))
    assert len(page_sizes(data)) == 1
    text = pdf_text(data)
    assert "www.telerecours.fr" in text
    assert "Téléphone : 04 77 48 77 09 (service n° 9)" in text
