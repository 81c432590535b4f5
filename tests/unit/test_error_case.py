"""The law's conditions as a table of cases (CRPA L123-1 and L123-2), and the checks a
case passes before it is recorded."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    Checklist,
    DiscoveredBy,
    ErrorNature,
    Exclusion,
    PersonIdentity,
    Regularisation,
    amount_text,
    checked_case,
    eligibility,
    parse_amount,
)
from spplus_desk.domain.errors import UserError

FIRST_GOOD = {"first_time": True, "good_faith": True}
EXCLUSION_WORDS = {
    Exclusion.FRAUD: "fraude",
    Exclusion.PROTECTED_INTERESTS: "santé publique",
    Exclusion.EUROPEAN_LAW: "Union européenne",
    Exclusion.CONTRACT: "contrat",
    Exclusion.PROFESSION_REGULATOR: "régulation d'une profession",
}

# (nature, first time, good faith, exclusions) -> eligible, words each reason must say
ELIGIBILITY_TABLE = [
    (ErrorNature.OMISSION, True, True, set(), True, []),
    (ErrorNature.MATERIAL_ERROR, True, True, set(), True, []),
    (ErrorNature.INACCURATE_DECLARATION, True, True, set(), True, []),
    (ErrorNature.MISSING_DOCUMENT, True, True, set(), True, []),
    (ErrorNature.LATE_DECLARATION, True, True, set(), False, ["en retard"]),
    (ErrorNature.OMISSION, False, True, set(), False, ["première fois"]),
    (ErrorNature.OMISSION, True, False, set(), False, ["mauvaise foi"]),
    *[
        (ErrorNature.OMISSION, True, True, {exclusion}, False, [words])
        for exclusion, words in EXCLUSION_WORDS.items()
    ],
    (
        ErrorNature.LATE_DECLARATION,
        False,
        False,
        {Exclusion.FRAUD},
        False,
        ["en retard", "première fois", "mauvaise foi", "fraude"],
    ),
]


@pytest.mark.parametrize(
    ("nature", "first_time", "good_faith", "exclusions", "eligible", "words"),
    ELIGIBILITY_TABLE,
)
def test_eligibility_says_which_condition_fails(
    nature: ErrorNature,
    first_time: bool,
    good_faith: bool,
    exclusions: set[Exclusion],
    eligible: bool,
    words: list[str],
) -> None:
    verdict = eligibility(Checklist(nature, first_time, good_faith, frozenset(exclusions)))
    assert verdict.eligible is eligible
    assert len(verdict.reasons) == len(words)  # one plain sentence per failed condition
    for reason, word in zip(verdict.reasons, words, strict=True):
        assert word in reason
        assert reason.endswith(".")
    assert verdict.text.startswith("Éligible" if eligible else "Non éligible.")


@given(
    st.sampled_from(ErrorNature),
    st.booleans(),
    st.booleans(),
    st.frozensets(st.sampled_from(Exclusion)),
)
def test_eligible_exactly_when_every_condition_holds(
    nature: ErrorNature, first: bool, faith: bool, exclusions: frozenset[Exclusion]
) -> None:
    verdict = eligibility(Checklist(nature, first, faith, exclusions))
    assert verdict.eligible == (nature.covered and first and faith and not exclusions)
    assert verdict.eligible == (not verdict.reasons)


TODAY = date(2027, 5, 4)


def make(**changes: object) -> CaseDraft:
    base = CaseDraft(
        procedure_id=uuid.uuid4(),
        nature=ErrorNature.OMISSION,
        channel=Channel.COUNTER,
        error_on=date(2027, 3, 1),
        discovered_on=TODAY,
        discovered_by=DiscoveredBy.SERVICE,
        checklist_first_time=True,
        checklist_good_faith=True,
        exclusions=frozenset(),
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
        regularised_on=TODAY,
        outcome=CaseOutcome.SANCTION_WAIVED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_case_not_covered_is_recorded_as_not_eligible_whatever_was_chosen() -> None:
    case = checked_case(make(exclusions=frozenset({Exclusion.CONTRACT})), TODAY)
    assert case.outcome is CaseOutcome.NOT_ELIGIBLE


def test_texts_are_cleaned_and_contacts_normalised() -> None:
    case = checked_case(
        make(
            person=PersonIdentity("  Jeanne   Dupont ", "06.12.34.56.78", " J.Dupont@Exemple.FR "),
            notes="  pièce fournie  ",
            outcome=CaseOutcome.SANCTION_MAINTAINED,
            outcome_reason="  Régularisation incomplète ",
        ),
        TODAY,
    )
    assert case.person == PersonIdentity("Jeanne Dupont", "06 12 34 56 78", "J.Dupont@exemple.fr")
    assert case.notes == "pièce fournie"
    assert case.outcome_reason == "Régularisation incomplète"


def test_an_invited_case_pending_is_valid() -> None:
    case = make(
        regularisation=Regularisation.INVITED,
        invited_on=TODAY,
        regularisation_delay=parse_delay("30 jours calendaires"),
        regularised_on=None,
        outcome=CaseOutcome.PENDING,
    )
    assert checked_case(case, TODAY) == case


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"invited_on": TODAY}, "que sur invitation"),
        ({"error_on": date(2027, 6, 1), "discovered_on": date(2027, 5, 1)}, "après sa découverte"),
        ({"regularised_on": date(2027, 2, 1)}, "précéder l'erreur"),
        (
            {
                "regularisation": Regularisation.INVITED,
                "invited_on": date(2027, 5, 3),
                "discovered_on": TODAY,
                "regularisation_delay": parse_delay("5 jours ouvrés"),
            },
            "précéder la découverte",
        ),
        ({"notes": "x" * 2001}, "trop longues"),
        ({"person": PersonIdentity("", "", "jeanne@")}, "Adresse électronique"),
    ],
)
def test_inconsistent_cases_are_refused_in_french(changes: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message):
        checked_case(make(**changes), TODAY)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("", None),
        ("150", 15_000),
        ("1 250,50 €", 125_050),
        ("1\u202f250,5", 125_050),
        ("12.05", 1205),
        ("300 euros", 30_000),
    ],
)
def test_amounts_as_people_type_them(text: str, cents: int | None) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["-5", "douze", "1,234,5", "12,345"])
def test_an_amount_not_understood_says_what_is_expected(text: str) -> None:
    with pytest.raises(UserError, match="Montant non reconnu"):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=10**11))
def test_an_amount_reads_back_as_written(cents: int) -> None:
    assert parse_amount(amount_text(cents)) == cents


def test_amount_text_in_french() -> None:
    assert amount_text(125_050) == "1\u202f250,50\u00a0€"
    assert amount_text(30_000) == "300\u00a0€"
