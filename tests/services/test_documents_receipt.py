"""The acknowledgement of receipt of a request (CRPA L112-3 and R112-5): the promise as it
was made at receipt, the implicit decision its kind provides for, counted in the service's
day and from a complete file, and the means of appeal of a rejection (issue 7)."""

from __future__ import annotations

from datetime import date

import pytest

from spplus_desk.domain.deadline import long_date
from spplus_desk.domain.documents import (
    DocumentKind,
    DocumentOrder,
    ImplicitDecision,
    implicit_decision_day,
)
from spplus_desk.domain.enums import Channel, DelayUnit, RequestEventType, WaitPolicy
from spplus_desk.domain.errors import UserError
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.request_kinds import add_request_kind, list_request_kinds
from spplus_desk.services.requests import request_case
from tests.services.test_documents import (
    EMAIL_KIND,
    LETTER_KIND,
    change_kind,
    kind_named,
    paris,
    reference_of,
    text_of,
)
from tests.services.test_requests import act, open_request
from tests.support import TEST_LOGIN, FixedClock

E = RequestEventType


def test_an_unknown_reference(desk: Desk) -> None:
    with pytest.raises(UserError) as refused:
        build_document(desk, DocumentOrder(DocumentKind.RECEIPT, reference=" 2027-999999 "))
    assert refused.value.message == "Aucune demande ne porte la référence « 2027-999999 »."
    with pytest.raises(UserError, match="Tapez la référence"):
        build_document(desk, DocumentOrder(DocumentKind.RECEIPT))


def test_the_receipt_of_a_request_without_implicit_decision(desk: Desk) -> None:
    request_id = open_request(desk, EMAIL_KIND, Channel.EMAIL, person="Jeanne Martin")
    case = request_case(desk, request_id)

    text = text_of(desk, DocumentKind.RECEIPT, reference=case.reference)

    assert case.due_date == date(2027, 5, 12)  # 5 jours ouvrés, Ascension skipped
    assert f"Référence : {case.reference}" in text
    assert "Objet : Réponse à un courriel" in text
    assert "Canal : Courriel" in text
    assert "Reçue le : mardi 4 mai 2027 à 11 h 30" in text
    assert "À l'attention de : Jeanne Martin" in text
    assert (
        "Nous nous engageons à vous répondre sous 5 jours ouvrés, soit au plus tard le "
        "mercredi 12 mai 2027."
    ) in text
    # The catalogue's kinds do not say what silence means: the receipt claims nothing.
    assert "Notre réponse Nous vous répondrons par écrit." in text
    # … and the agent is told, since R112-5 asks for it.
    [warning] = build_document(
        desk, DocumentOrder(DocumentKind.RECEIPT, reference=case.reference)
    ).warnings
    assert warning.startswith(
        "Le type de demande « Réponse à un courriel » ne précise pas la décision implicite"
    )
    assert "Gestion › Types de demande et délais" in warning
    assert "décision implicite" not in text
    assert "Voies et délais de recours" not in text
    assert "articles L112-3 et R112-5" in text


def test_an_implicit_rejection_names_its_day_and_the_means_of_appeal(desk: Desk) -> None:
    change_kind(desk, LETTER_KIND, implicit_decision=ImplicitDecision.REJECTION, implicit_months=2)
    request_id = open_request(desk, LETTER_KIND, Channel.LETTER)
    reference = reference_of(desk, request_id)
    born = implicit_decision_day(date(2027, 5, 4), 2)
    assert born == date(2027, 7, 4)

    text = text_of(desk, DocumentKind.RECEIPT, reference=reference)

    assert (
        f"À défaut de réponse de notre part au {long_date(born)} (délai de 2 mois), votre demande "
        "sera réputée rejetée (décision implicite de rejet)."
    ) in text
    assert "À défaut de réponse de notre part au dimanche 4 juillet 2027" in text
    assert "Voies et délais de recours" in text
    assert "recours gracieux" in text
    assert "tribunal administratif" in text
    assert "Télérecours citoyens" in text

    # The kind changes afterwards: the request keeps the terms it was received with.
    change_kind(desk, LETTER_KIND, implicit_decision=ImplicitDecision.ACCEPTANCE, implicit_months=4)
    assert text_of(desk, DocumentKind.RECEIPT, reference=reference) == text
    later = reference_of(desk, open_request(desk, LETTER_KIND, Channel.LETTER))
    accepted = text_of(desk, DocumentKind.RECEIPT, reference=later)
    assert (
        "À défaut de réponse de notre part au samedi 4 septembre 2027 (délai de 4 mois), votre "
        "demande sera réputée acceptée"
    ) in accepted
    assert "attestation" in accepted
    assert "Voies et délais de recours" not in accepted


def test_a_kinds_implicit_decision(desk: Desk) -> None:
    added = add_request_kind(
        desk,
        login=TEST_LOGIN,
        label="Permis de construire",
        channels=[Channel.COUNTER, Channel.LETTER],
        delay_amount=2,
        delay_unit=DelayUnit.CALENDAR_DAYS,
        wait_policy=WaitPolicy.SUSPEND,
        implicit_decision=ImplicitDecision.ACCEPTANCE,
        implicit_months=3,
    )
    assert (added.implicit_decision, added.implicit_months) == (ImplicitDecision.ACCEPTANCE, 3)
    assert kind_named(desk, "Permis de construire") == added
    for months in (0, 25):
        with pytest.raises(UserError) as refused:
            change_kind(desk, "Permis de construire", implicit_months=months)
        assert refused.value.message == (
            "Le délai de la décision implicite se compte en mois, de 1 à 24."
        )
    # Without a decision the months mean nothing: back to the default, whatever typed.
    none = change_kind(
        desk, "Permis de construire", implicit_decision=ImplicitDecision.NONE, implicit_months=0
    )
    assert (none.implicit_decision, none.implicit_months) == (ImplicitDecision.NONE, 2)
    # The catalogue's kinds do not say: the service has to.
    others = [k for k in list_request_kinds(desk) if k.label != "Permis de construire"]
    assert {k.implicit_decision for k in others} == {ImplicitDecision.UNSET}


def test_the_receipt_counts_the_implicit_decision_in_the_services_day(
    desk: Desk, clock: FixedClock
) -> None:
    """Received at 23 h 30 in Paris on 31 December: 2 months later is the end of February,
    whatever day it already is in UTC."""
    change_kind(desk, LETTER_KIND, implicit_decision=ImplicitDecision.REJECTION, implicit_months=2)
    clock.at = paris(date(2027, 12, 31), 23, 30)
    reference = reference_of(desk, open_request(desk, LETTER_KIND, Channel.LETTER))
    text = text_of(desk, DocumentKind.RECEIPT, reference=reference)
    assert "Reçue le : vendredi 31 décembre 2027 à 23 h 30" in text
    assert "À défaut de réponse de notre part au mardi 29 février 2028 (délai de 2 mois)" in text


def test_while_waiting_for_documents_the_silence_waits_too(desk: Desk, clock: FixedClock) -> None:
    change_kind(desk, LETTER_KIND, implicit_decision=ImplicitDecision.REJECTION, implicit_months=2)
    request_id = open_request(desk, LETTER_KIND, Channel.LETTER)
    act(desk, request_id, E.WAITING_FOR_USER, reason="Justificatif de domicile manquant")
    reference = reference_of(desk, request_id)

    text = text_of(desk, DocumentKind.RECEIPT, reference=reference)

    assert "Ce délai ne court pas tant que nous attendons les pièces" in text
    assert (
        "À défaut de réponse de notre part dans un délai de 2 mois à compter de la réception de "
        "votre dossier complet, votre demande sera réputée rejetée"
    ) in text
    assert "juillet 2027" not in text  # no day while the file is incomplete

    # The documents come on Monday 10 May: two months from then.
    clock.at = paris(date(2027, 5, 10), 15)
    act(desk, request_id, E.RESUMED)
    text = text_of(desk, DocumentKind.RECEIPT, reference=reference)
    assert "À défaut de réponse de notre part au samedi 10 juillet 2027 (délai de 2 mois)" in text
