"""The service's entry in its register of processing activities (RGPD art. 30), laid out
as the CNIL's model sheet: one row per heading — controller, purposes, legal basis,
people and data concerned, recipients, transfers, retention, security — on A4.

The facts that vary come from the service (``RegisterEntry``): its name and contacts,
its own retention durations beside the defaults, how many agents may read the data,
the backups and sign-in protections it uses. The data protection officer is left to be
written in by hand: the app does not know them.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from spplus_desk.domain.documents import PaperSize, PrintLook
from spplus_desk.domain.enums import Role
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.history import day_text
from spplus_desk.domain.labels import ROLE_LABELS
from spplus_desk.domain.processing_register import RegisterEntry, RetentionLine, months_text
from spplus_desk.domain.sensitive import SENSITIVE_LABELS
from spplus_desk.reports.error_leaflet_text import contact_line, french
from spplus_desk.reports.fonts import fonts_for
from spplus_desk.reports.poster_kit import (
    BLUE,
    LINE,
    TINT,
    PdfInfo,
    Sheet,
    build_pdf,
    footer_text,
    masthead,
)

LABEL_SHARE = 0.27  # of the width: the headings' column
PADDING = 2 * mm  # on each side of a cell
RETENTION_SHARES = (0.38, 0.2, 0.2, 0.22)
TITLE = "Registre des activités de traitement"
SUBTITLE = (
    "Fiche du traitement « Accueil des usagers et engagements Services Publics+ » "
    "(logiciel SP+ Desk) — règlement général sur la protection des données, article 30."
)
LEGAL_FOOTER = "RGPD, article 30 : registre tenu par le responsable du traitement."
TO_FILL = "À compléter : nom et coordonnées du délégué à la protection des données."
PURPOSES = (
    "Accueil des usagers (accueil physique, téléphone, courrier, courriel, formulaire en "
    "ligne, rendez-vous) et suivi de leurs demandes jusqu'à la réponse, dans les délais "
    "annoncés ; accusés de réception.",
    "Mesure de la qualité du service et publication de ses résultats (programme Services "
    "Publics+) : indicateurs anonymes.",
    "Écoute des usagers (réclamations, suggestions, remerciements), réponses et actions "
    "d'amélioration.",
    "Droit à l'erreur (CRPA, articles L123-1 et L123-2) : registre des cas et suivi des "
    "régularisations.",
)
LEGAL_BASIS = (
    "Mission d'intérêt public dont est investi le service (RGPD, article 6.1.e) ; code des "
    "relations entre le public et l'administration (accusé de réception : articles L112-3 "
    "et R112-5 ; droit à l'erreur : articles L123-1 et L123-2)."
)
SUBJECTS = (
    "Les usagers qui contactent le service ou lui écrivent (et les personnes qui les "
    "accompagnent ou les représentent, le cas échéant).",
    "Les agents du service, pour la traçabilité de ce qu'ils enregistrent.",
)
CATEGORIES = (
    "Identité, facultative : nom et prénom (l'anonymat est possible : « non communiqué »).",
    "Coordonnées, facultatives : téléphone, adresse électronique.",
    "Objet de la demande : canal, motif, type de demande, dates, suite donnée, échéances, "
    "état et historique de la demande, orientation vers un partenaire.",
    "Besoins d'accompagnement déclarés par la personne (interprète, langue des signes, "
    "facile à lire et à comprendre, mobilité réduite, aide au numérique).",
    "Satisfaction exprimée et commentaire éventuel ; réclamations, suggestions et "
    "remerciements, avec la réponse du service.",
    "Droit à l'erreur : démarche, nature de l'erreur, conditions vérifiées, "
    "régularisation, issue, montant en jeu.",
    "Texte libre (notes de l'agent), objectif et limité au nécessaire.",
    "Agents : nom, identifiant, rôle ; journal des modifications.",
)
RECIPIENTS_AFTER = (
    "Aucune transmission à des tiers par le logiciel ; les indicateurs publiés sont "
    "anonymes. L'export des données d'une personne (droit d'accès) est réservé aux "
    "responsables et administrateurs, et tracé."
)
TRANSFERS = (
    "Aucun transfert hors de l'Union européenne : les données restent sur les postes ou "
    "le serveur du service."
)
AFTER_RETENTION = (
    "À l'échéance, l'identité, les coordonnées et les textes libres sont effacés "
    "(anonymisation) après un avertissement et la possibilité d'un export ; les statistiques "
    "sont conservées. Les sauvegardes sont renouvelées par rotation."
)


def processing_register_pdf(entry: RegisterEntry, look: PrintLook) -> bytes:
    service = entry.service
    sheet = Sheet(PaperSize.A4, fonts_for(look))
    styles = _Styles(sheet)
    info = PdfInfo(title=f"{TITLE} — {service.name}", author=service.name, subject=SUBTITLE)
    footer = footer_text(service, entry.printed_on, extra=LEGAL_FOOTER)
    story: list[Flowable] = [
        *masthead(service, TITLE, sheet, look.logo, title_points=20),
        Paragraph(_markup(SUBTITLE), styles.body),
        _sheet_table(_rows(entry, styles, _content_width(sheet)), sheet, styles),
    ]
    data, _pages = build_pdf(story, sheet, info, footer)
    return data


class _Styles:
    def __init__(self, sheet: Sheet) -> None:
        self.body = sheet.style(9.5, leading=1.35, space_after=1.2 * mm)
        self.cell = sheet.style(9, leading=1.35, space_after=1 * mm)
        self.label = sheet.style(9, bold=True, colour=BLUE, leading=1.3)
        self.item = sheet.style(9, leading=1.35, space_after=0.8 * mm)
        self.item.leftIndent, self.item.bulletIndent = sheet.points(4 * mm), 0
        self.item.bulletFontName = sheet.fonts.regular  # else Helvetica, not embedded
        self.small = sheet.style(8.5, leading=1.3)
        self.small_bold = sheet.style(8.5, bold=True, leading=1.3)


def _markup(text: str) -> str:
    return french(escape(text)).replace("\n", "<br/>")


Row = tuple[str, list[Flowable]]


def _content_width(sheet: Sheet) -> float:
    """What a row's content has across, inside its cell's padding."""
    return sheet.width * (1 - LABEL_SHARE) - 2 * sheet.points(PADDING)


def _rows(entry: RegisterEntry, styles: _Styles, width: float) -> list[Row]:
    def said(*texts: str) -> list[Flowable]:
        return [Paragraph(_markup(text), styles.cell) for text in texts]

    def listed(texts: Sequence[str]) -> list[Flowable]:
        return [Paragraph(f"<bullet>•</bullet>{_markup(text)}", styles.item) for text in texts]

    printed = day_text(entry.printed_on)
    return [
        ("Fiche établie le", said(printed)),
        ("Responsable du traitement", _controller(entry, styles)),
        ("Délégué à la protection des données", said(TO_FILL)),
        ("Finalités", listed(PURPOSES)),
        ("Base légale", said(LEGAL_BASIS)),
        ("Personnes concernées", listed(SUBJECTS)),
        ("Catégories de données", listed(CATEGORIES)),
        ("Données sensibles", said(_sensitive())),
        ("Destinataires", said(_recipients(entry), RECIPIENTS_AFTER)),
        ("Transferts hors de l'Union européenne", said(TRANSFERS)),
        (
            "Durées de conservation",
            [_retention(entry.retention, styles, width), *said(AFTER_RETENTION)],
        ),
        ("Mesures de sécurité", listed(_security(entry))),
    ]


def _controller(entry: RegisterEntry, styles: _Styles) -> list[Flowable]:
    service = entry.service
    lines: list[Flowable] = [Paragraph(escape(service.name), styles.small_bold)]
    lines += [Paragraph(escape(line), styles.small) for line in service.address.splitlines()]
    lines += [Paragraph(contact_line(point), styles.small) for point in service.contact_points]
    return lines


def _sensitive() -> str:
    kinds = ", ".join(SENSITIVE_LABELS.values())
    return (
        "Aucune donnée sensible n'est collectée (RGPD, article 9), ni numéro de sécurité "
        f"sociale. Les zones de texte libre ne doivent pas en contenir : le logiciel avertit "
        f"l'agent lorsqu'une note semble contenir {kinds}."
    )


def _recipients(entry: RegisterEntry) -> str:
    counts = dict(entry.agents)
    total = sum(counts.values())
    detail = ", ".join(f"{ROLE_LABELS[role].lower()}\u00a0: {counts.get(role, 0)}" for role in Role)
    agents = count_text(total, "agent actif", "agents actifs")
    return (
        f"Les agents du service habilités et leur responsable ({agents} ; {detail}), "
        "chacun selon son rôle."
    )


def _retention(lines: Sequence[RetentionLine], styles: _Styles, width: float) -> Table:
    head = ["Données", "Durée du service", "Durée par défaut", "À compter de"]
    rows = [[Paragraph(_markup(text), styles.small_bold) for text in head]]
    rows += [
        [
            Paragraph(_markup(line.label), styles.small),
            Paragraph(_markup(line.duration), styles.small),
            Paragraph(_markup(months_text(line.default_months)), styles.small),
            Paragraph(_markup(line.counted_from), styles.small),
        ]
        for line in lines
    ]
    return Table(
        rows,
        colWidths=[width * share for share in RETENTION_SHARES],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.small.fontName),  # else Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("GRID", (0, 0), (-1, -1), 0.3, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )


def _security(entry: RegisterEntry) -> list[str]:
    lock = (
        f"verrouillage automatique du poste après {entry.auto_lock_minutes}\u00a0min d'inactivité"
        if entry.auto_lock_minutes
        else "verrouillage automatique du poste après inactivité (non activé)"
    )
    pins = (
        "aucun agent n'en a pour l'instant"
        if entry.pins == 0
        else f"{count_text(entry.pins, 'agent en a un', 'agents en ont un')}"
    )
    return [
        "Rôles agent, responsable d'équipe et administrateur, vérifiés pour chaque action.",
        f"Code PIN personnel facultatif sur les postes partagés ({pins}) ; {lock}.",
        "Journal d'audit de chaque modification (auteur, date, avant et après), chaque entrée "
        "chaînée à la précédente par une empreinte ; enregistrements scellés : une "
        "modification faite hors du logiciel est détectée (commande « spplus-desk check »).",
        "Rien n'est supprimé par les agents : une erreur est annulée avec un motif.",
        f"Sauvegardes automatiques quotidiennes, avec rotation ({entry.backup_daily} "
        f"quotidiennes et {entry.backup_monthly} mensuelles), vérifiées avant toute "
        "restauration.",
        "Le logiciel avertit l'agent d'une donnée sensible saisie dans une note.",
    ]


def _sheet_table(rows: Sequence[Row], sheet: Sheet, styles: _Styles) -> Table:
    label_width = sheet.width * LABEL_SHARE
    return Table(
        [[Paragraph(_markup(label), styles.label), content] for label, content in rows],
        colWidths=[label_width, sheet.width - label_width],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), sheet.fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), TINT),
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), sheet.points(1.5 * mm)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), sheet.points(1 * mm)),
                ("LEFTPADDING", (0, 0), (-1, -1), sheet.points(PADDING)),
                ("RIGHTPADDING", (0, 0), (-1, -1), sheet.points(PADDING)),
            ]
        ),
    )
