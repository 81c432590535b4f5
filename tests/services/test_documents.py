"""Every printed document built from the service's own data (issue 7): the values on paper
are those the app runs on — the catalogue's delays, the indicators' figures, the
improvement actions done (the acknowledgement of receipt: test_documents_receipt)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.documents import (
    BuiltDocument,
    DocumentKind,
    DocumentOrder,
    PaperSize,
    PrintLook,
    ResultsPoster,
)
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    RequestEventType,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import ImprovementDraft, ImprovementStatus
from spplus_desk.domain.indicators import Period
from spplus_desk.services import documents
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.documents import build_document, default_period
from spplus_desk.services.improvements import record_improvement
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.print_settings import (
    get_print_settings,
    set_logo,
    update_print_settings,
)
from spplus_desk.services.referential import load_referential
from spplus_desk.services.request_kinds import (
    RequestKindInfo,
    list_request_kinds,
    retire_request_kind,
)
from spplus_desk.services.requests import request_case
from spplus_desk.services.setup import initialise
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.schema import Service
from tests.reports.pdf_checks import (
    A3_PORTRAIT,
    A4_PORTRAIT,
    assert_fonts_embedded,
    font_names,
    image_count,
    normalised,
    page_sizes,
    pdf_lang,
    pdf_metadata,
    pdf_text,
    tiny_png,
)
from tests.services.test_request_kinds import update_kind
from tests.services.test_requests import act, open_request
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
SERVICE = "Mairie de Test"
EMAIL_KIND = "Réponse à un courriel"  # 5 jours ouvrés
LETTER_KIND = "Réponse à un courrier"  # 15 jours ouvrés
# The tests' clock: Tuesday 4 May 2027, 11 h 30 in Paris. The posters' default period
# is the 12 last full months: May 2026 to April 2027.
YEAR = Period(date(2026, 5, 1), date(2027, 4, 30))
LOCAL = ("Nous rappelons sous 48 h toute personne qui le demande", "Un accueil le samedi matin")
E = RequestEventType
DONE = ImprovementStatus.DONE


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), PARIS).astimezone(UTC)


def build(desk: Desk, kind: DocumentKind, **options: object) -> BuiltDocument:
    document = build_document(desk, DocumentOrder(kind, **options))  # type: ignore[arg-type]
    assert document.data.startswith(b"%PDF")
    assert pdf_metadata(document.data)["/Author"] == SERVICE
    assert pdf_lang(document.data) == "fr-FR"
    assert_fonts_embedded(document.data)
    return document


def text_of(desk: Desk, kind: DocumentKind, **options: object) -> str:
    return pdf_text(build(desk, kind, **options).data)


def kind_named(desk: Desk, label: str) -> RequestKindInfo:
    return next(kind for kind in list_request_kinds(desk) if kind.label == label)


def change_kind(desk: Desk, label: str, **changes: object) -> RequestKindInfo:
    return update_kind(desk, kind_named(desk, label), **changes)


def reference_of(desk: Desk, request_id: uuid.UUID) -> str:
    return request_case(desk, request_id).reference


def contacts_at(desk: Desk, clock: FixedClock, moments: list[datetime]) -> None:
    """Counter visits logged at these instants; the clock comes back where it was."""
    now = clock.at
    try:
        for moment in moments:
            clock.at = moment
            draft = ContactDraft(Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER)
            log_contact(desk, login=TEST_LOGIN, draft=draft)
    finally:
        clock.at = now


# -- every document -------------------------------------------------------------------


def test_every_document_builds_with_a_sensible_title_and_file_name(desk: Desk) -> None:
    reference = reference_of(desk, open_request(desk, EMAIL_KIND, Channel.EMAIL))
    expected = {
        DocumentKind.COMMITMENTS: ("Affiche des engagements", "affiche-engagements-a4.pdf"),
        DocumentKind.RESULTS: (
            "Affiche des résultats — du 1er mai 2026 au 30 avril 2027",
            "affiche-resultats-2026-05-01-2027-04-30-a4.pdf",
        ),
        DocumentKind.FEEDBACK: (
            "Affiche « Vous nous avez dit… Nous avons fait… » — du 1er mai 2026 au 30 avril 2027",
            "affiche-vous-nous-avez-dit-2026-05-01-2027-04-30-a4.pdf",
        ),
        DocumentKind.RECEIPT: (
            f"Accusé de réception d'une demande {reference}",
            f"accuse-de-reception-{reference}.pdf",
        ),
        DocumentKind.LEAFLET: ("Fiche d'information droit à l'erreur", "droit-a-l-erreur.pdf"),
        DocumentKind.DAY_LIST: ("Liste du jour des demandes", "liste-du-jour-2027-05-04.pdf"),
        DocumentKind.REGISTER_ENTRY: (  # issue 8
            "Fiche du registre des traitements (RGPD)",
            "registre-des-traitements-2027-05-04.pdf",
        ),
    }
    assert set(expected) == set(DocumentKind)
    for kind, (title, file_name) in expected.items():
        document = build(desk, kind, reference=reference)
        assert (document.title, document.file_name) == (title, file_name), kind
        width, height = A4_PORTRAIT
        a4 = (height, width) if kind is DocumentKind.DAY_LIST else (width, height)  # a table
        assert page_sizes(document.data)[0] == pytest.approx(a4, abs=0.01), kind
    assert default_period(desk) == YEAR


def test_posters_come_in_a3(desk: Desk) -> None:
    for kind in (DocumentKind.COMMITMENTS, DocumentKind.RESULTS, DocumentKind.FEEDBACK):
        document = build(desk, kind, size=PaperSize.A3)
        assert document.file_name.endswith("-a3.pdf")
        [size] = page_sizes(document.data)
        assert size == pytest.approx(A3_PORTRAIT, abs=0.01)
        assert (round(size[0]), round(size[1])) == (842, 1191)
    # A receipt is a letter: A4 whatever the order says.
    reference = reference_of(desk, open_request(desk, EMAIL_KIND, Channel.EMAIL))
    receipt = build(desk, DocumentKind.RECEIPT, reference=reference, size=PaperSize.A3)
    assert page_sizes(receipt.data) == [pytest.approx(A4_PORTRAIT, abs=0.01)]


def test_a_chosen_period(desk: Desk) -> None:
    spring = Period(date(2027, 3, 1), date(2027, 5, 31))
    for kind in (DocumentKind.RESULTS, DocumentKind.FEEDBACK):
        document = build(desk, kind, period=spring)
        assert document.title.endswith(" — du 1er mars au 31 mai 2027")
        assert "2027-03-01-2027-05-31" in document.file_name
        assert "du 1er mars au 31 mai 2027" in pdf_text(document.data).lower()
    with pytest.raises(UserError, match="précède la date de début"):
        build_document(
            desk,
            DocumentOrder(DocumentKind.RESULTS, period=Period(date(2027, 5, 1), date(2027, 4, 1))),
        )


def test_nothing_before_the_service_is_set_up(
    location: DatabaseLocation, clock: FixedClock
) -> None:
    desk = open_desk(location, clock=clock).desk
    try:
        for _attempt in range(2):  # no service at all, then a service without a name
            for kind in DocumentKind:
                with pytest.raises(UserError, match="pas encore configuré"):
                    build_document(desk, DocumentOrder(kind, reference="2027-000001"))
            with pytest.raises(UserError, match="pas encore configuré"):
                default_period(desk)
            initialise(desk, login="camille")
    finally:
        desk.close()


def test_the_day_list_and_the_leaflet_are_the_services_too(desk: Desk) -> None:
    open_request(desk, EMAIL_KIND, Channel.EMAIL, person="Jeanne Martin")
    day_list = build(desk, DocumentKind.DAY_LIST)
    assert day_list.file_name == "liste-du-jour-2027-05-04.pdf"
    leaflet = build(desk, DocumentKind.LEAFLET).data
    assert "Le droit à l'erreur" in pdf_text(leaflet)
    engagement = load_referential("sp-2023").engagements[0]
    assert f"« {engagement} »" in pdf_text(leaflet)


def test_the_logo_is_printed(desk: Desk) -> None:
    set_logo(desk, login=TEST_LOGIN, version=get_print_settings(desk).version, data=tiny_png())
    reference = reference_of(desk, open_request(desk, EMAIL_KIND, Channel.EMAIL))
    for kind in (DocumentKind.COMMITMENTS, DocumentKind.RESULTS, DocumentKind.RECEIPT):
        data = build_document(desk, DocumentOrder(kind, reference=reference)).data
        assert image_count(data) == 1, kind


def test_only_embedded_fonts_with_a_logo(desk: Desk) -> None:
    """The table that sets the logo beside the service's name once named Helvetica."""
    set_logo(desk, login=TEST_LOGIN, version=get_print_settings(desk).version, data=tiny_png())
    reference = reference_of(desk, open_request(desk, EMAIL_KIND, Channel.EMAIL))
    for kind in DocumentKind:
        build(desk, kind, reference=reference)


# -- the commitments poster -----------------------------------------------------------


def test_commitments_poster_prints_the_services_own_values(desk: Desk, clock: FixedClock) -> None:
    update_print_settings(
        desk,
        login=TEST_LOGIN,
        version=get_print_settings(desk).version,
        local_engagements=LOCAL,
        appointment="Sur rendez-vous au 01 23 45 67 89",
    )
    # Monday 5, Tuesday 6 and Wednesday 7 April 2027: busiest on Monday 9 h – 10 h.
    monday, tuesday, wednesday = date(2027, 4, 5), date(2027, 4, 6), date(2027, 4, 7)
    contacts_at(
        desk,
        clock,
        [paris(monday, 9, 5), paris(monday, 9, 20), paris(monday, 9, 40)]
        + [paris(tuesday, 14, 10), paris(tuesday, 14, 50)]
        + [paris(wednesday, 10, 15)]
        + [paris(date(2027, 4, 10), 10, 0)] * 4,  # a Saturday: closed, never named
    )

    text = text_of(desk, DocumentKind.COMMITMENTS)

    referential = load_referential("sp-2023")
    assert len(referential.engagements) == 8
    for engagement in referential.engagements:
        assert normalised(engagement) in text  # word for word
    for engagement in LOCAL:
        assert engagement in text
    assert "Sur rendez-vous au 01 23 45 67 89" in text
    kinds = list_request_kinds(desk)
    assert len(kinds) == 6
    for kind in kinds:
        assert normalised(f"{kind.label} : sous {kind.delay}") in text, kind.label
    assert "Réponse à un courriel : sous 5 jours ouvrés" in text
    assert (
        "Affluence la plus forte : le lundi de 9 h à 10 h, le mardi de 14 h à 15 h "
        "et le mercredi de 10 h à 11 h."
    ) in text
    assert "samedi de 10 h" not in text
    assert SERVICE in text
    assert "édité le 4 mai 2027" in text


def test_the_poster_follows_the_catalogue(desk: Desk) -> None:
    change_kind(desk, EMAIL_KIND, delay_amount=3)
    retire = kind_named(desk, LETTER_KIND)
    retire_request_kind(desk, login=TEST_LOGIN, kind_id=retire.id, version=retire.version)

    text = text_of(desk, DocumentKind.COMMITMENTS)

    assert kind_named(desk, EMAIL_KIND).delay == "3\u00a0jours ouvrés"
    assert "Réponse à un courriel : sous 3 jours ouvrés" in text
    assert "sous 5 jours ouvrés" not in text
    assert LETTER_KIND not in text  # retired: no longer promised
    assert "Affluence" not in text  # no contact yet: no busy hour named


# -- the results poster ---------------------------------------------------------------


def test_results_poster_prints_the_indicators_figures(desk: Desk, clock: FixedClock) -> None:
    # Three requests in April 2027: two answered at once, one left to run late.
    clock.at = paris(date(2027, 4, 6), 10)
    answered = [open_request(desk, EMAIL_KIND, Channel.EMAIL) for _ in range(2)]
    open_request(desk, EMAIL_KIND, Channel.EMAIL)
    for request_id in answered:
        act(desk, request_id, E.ANSWERED)
    clock.at = paris(date(2027, 4, 7), 11)
    for outcome in (ContactOutcome.IMMEDIATE_ANSWER,) * 3 + (ContactOutcome.MISSED_CALL,):
        draft = ContactDraft(Channel.PHONE, outcome)
        log_contact(desk, login=TEST_LOGIN, draft=draft)
    clock.at = paris(date(2027, 5, 4), 11, 30)
    indicators = period_indicators(desk, YEAR)
    on_time, pickup = indicators.requests.on_time, indicators.contacts.pickup
    assert (on_time.numerator, on_time.denominator) == (2, 3)
    assert (pickup.numerator, pickup.denominator) == (3, 4)

    text = text_of(desk, DocumentKind.RESULTS)

    assert "2 sur 3 demandes arrivées à échéance" in text
    assert "3 sur 4 appels à décrocher" in text
    assert "Du 1er mai 2026 au 30 avril 2027" in text


def test_the_results_poster_gets_the_dashboards_figures_and_grid(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data handed to the layout: the indicators of the period, and the busy hours'
    grid over the hours begun while open (8 h 30 – 17 h 00: 8 h to 16 h), as on the
    dashboard."""
    handed: list[ResultsPoster] = []

    def layout(poster: ResultsPoster, size: PaperSize, look: PrintLook) -> bytes:
        handed.append(poster)
        return b"%PDF-"

    monkeypatch.setattr(documents, "results_poster_pdf", layout)
    build_document(desk, DocumentOrder(DocumentKind.RESULTS, size=PaperSize.A3))
    [poster] = handed
    assert poster.indicators == period_indicators(desk, YEAR)
    assert poster.hours == range(8, 17)
    assert poster.printed_on == date(2027, 5, 4)


# -- the feedback poster --------------------------------------------------------------


def test_feedback_poster_lists_only_actions_done_in_the_period(desk: Desk) -> None:
    actions = [
        ("L'attente est trop longue", "Un second guichet le lundi", DONE, date(2027, 3, 10)),
        ("Les horaires sont mal affichés", "Un panneau à l'entrée", DONE, date(2026, 5, 1)),
        ("Trop de papier", "Des formulaires en ligne", DONE, date(2026, 4, 30)),  # before
        ("Le parking est loin", "Une place réservée", DONE, date(2027, 5, 3)),  # after
        ("Pas de rampe", "Une rampe d'accès", ImprovementStatus.IN_PROGRESS, None),
        ("Pas d'interprète", "Un interprète sur rendez-vous", ImprovementStatus.PLANNED, None),
        ("Site illisible", "Un nouveau site", ImprovementStatus.ABANDONED, None),
    ]
    for said, done, status, done_on in actions:
        draft = ImprovementDraft(said=said, done=done, status=status, done_on=done_on)
        record_improvement(desk, login=TEST_LOGIN, draft=draft)

    text = text_of(desk, DocumentKind.FEEDBACK)

    for shown in (
        "L'attente est trop longue",
        "Un second guichet le lundi",
        "Les horaires sont mal affichés",
        "Un panneau à l'entrée",
    ):
        assert shown in text
    for hidden in (
        "Trop de papier",
        "Des formulaires en ligne",
        "Le parking est loin",
        "Une place réservée",
        "Pas de rampe",
        "Une rampe d'accès",
        "Pas d'interprète",
        "Site illisible",
    ):
        assert hidden not in text
    may = text_of(desk, DocumentKind.FEEDBACK, period=Period(date(2027, 5, 1), date(2027, 5, 31)))
    assert "Une place réservée" in may
    assert "Un second guichet le lundi" not in may


def test_a_font_out_of_reach_gives_way_to_dejavu_with_a_warning(desk: Desk, tmp_path: Path) -> None:
    # Set from another desk, whose share this one cannot reach.
    font = tmp_path / "partage" / "Marianne-Regular.ttf"
    with desk.database.writing() as session:
        session.execute(update(Service).values(font_regular=str(font)))

    document = build(desk, DocumentKind.COMMITMENTS)  # a receipt must print all the same

    [warning] = document.warnings
    assert warning.startswith(f"Le fichier de police « {font} » est introuvable depuis ce poste")
    assert "imprimé avec la police fournie (DejaVu Sans)" in warning
    assert "Gestion › Affiches et documents" in warning
    assert {name.split("+")[-1] for name in font_names(document.data)} <= {
        "DejaVuSans",
        "DejaVuSans-Bold",
    }
    assert build(desk, DocumentKind.LEAFLET).warnings == (warning,)


def test_a_period_not_begun_is_refused(desk: Desk, clock: FixedClock) -> None:
    today = clock.at.date()
    with pytest.raises(UserError) as refused:
        build_document(
            desk,
            DocumentOrder(
                DocumentKind.RESULTS,
                period=Period(today + timedelta(days=1), today.replace(year=today.year + 1)),
            ),
        )
    assert "après aujourd'hui : il n'y a encore rien à afficher" in refused.value.message
