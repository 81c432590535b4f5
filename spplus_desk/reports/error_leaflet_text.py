"""The leaflet's wording: the right to error told in short sentences, one idea each
(easy-to-read spirit), with French spacing; and the service's hours and contact points
as the leaflet prints them."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors

from spplus_desk.domain.service import WEEKDAY_NAMES, ContactPoint, OpeningHours, TimeRange

BLUE = colors.HexColor("#000091")  # the State's blue, for the title and headings
GREEN = colors.HexColor("#18753C")
RED = colors.HexColor("#B3261E")


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    intro: str  # a sentence before the list, or ""
    items: tuple[str, ...]
    mark: str  # the list's bullet (all in DejaVu Sans), in the colour below
    colour: colors.Color
    outro: str = ""  # a sentence after the list, or ""


TITLE = "Le droit à l'erreur"
LEAD = "Vous avez fait une erreur de bonne foi ?<br/>Vous pouvez la corriger sans sanction."
WHAT = Section(
    "De quoi s'agit-il ?",
    "Tout le monde peut se tromper. Vous avez fait une erreur dans une déclaration ou dans "
    "une démarche ? Si c'est la première fois et si vous êtes de bonne foi, vous pouvez la "
    "corriger. Dans ce cas :",
    ("vous n'avez pas d'amende ;", "vous ne perdez pas une aide ou un droit qui vous est dû."),
    "•",
    BLUE,
)
CONDITIONS = Section(
    "À quelles conditions ?",
    "",
    (
        "C'est la première fois que vous faites cette erreur.",
        "Vous êtes de bonne foi : vous ne vouliez pas tromper l'administration.",
        "Vous corrigez l'erreur (on dit « régulariser ») : de vous-même, ou quand le service "
        "vous le demande, dans le délai qu'il vous donne.",
    ),
    "✔",
    GREEN,
    "Si le service pense que vous n'êtes pas de bonne foi, c'est à lui de le prouver.",
)
EXCLUDED = Section(
    "Ce qui n'est pas couvert",
    "Le droit à l'erreur ne s'applique pas :",
    (
        "en cas de fraude ou de mauvaise foi ;",
        "si vous refaites la même erreur ;",
        "si vous déclarez en retard ;",
        "aux règles qui protègent la santé publique, la sécurité des personnes et des biens, "
        "ou l'environnement ;",
        "aux sanctions prévues par le droit de l'Union européenne ;",
        "aux sanctions prévues par un contrat ;",
        "aux sanctions des autorités qui contrôlent certaines professions.",
    ),
    "✘",
    RED,
)
WHAT_TO_DO = Section(
    "Que faire ?",
    "",
    (
        "Prévenez-nous dès que possible.",
        "Apportez les documents utiles.",
        "Posez vos questions à un agent.",
    ),
    "•",
    BLUE,
    "Nous vous répondons et nous notons votre situation.",
)
# Read down the left column, then the right one; both about as tall.
COLUMNS = ((WHAT, CONDITIONS), (EXCLUDED, WHAT_TO_DO))
ENGAGEMENT_LABEL = "Notre engagement n° 1 — Services Publics+"
CONTACT = "Nous contacter"
HOURS = "Horaires d'ouverture"
CLOSED = "fermé"
LEGAL_BASIS = (
    "Loi n° 2018-727 du 10 août 2018 pour un État au service d'une société de confiance — "
    "articles L123-1 et L123-2 du code des relations entre le public et l'administration."
)
CONTACT_KINDS = {"phone": "Téléphone", "email": "Courriel", "web": "Site internet"}


def french(text: str) -> str:
    """Our own sentences with French spacing: a no-break space before : ; ? ! and inside
    « », so the sign never starts a line; and the last two words tied, so no line holds
    a word alone ("foi ;").

    U+00A0, as the day's list does: reportlab breaks lines at U+202F (the narrow one)
    as at any space, which would leave a lone '?' at the start of a line.
    """
    for pair in (" :", " ;", " ?", " !", "« ", " »", "n° "):
        text = text.replace(pair, pair.replace(" ", "\u00a0"))
    return tie_last_words(text)


def tie_last_words(text: str) -> str:
    """The last two words joined by a no-break space (the text reads the same)."""
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space and " " in head else text


def contact_line(point: ContactPoint) -> str:
    """'<b>Téléphone</b> : 01 23 45 67 89 (état civil)' as Paragraph markup; a phone
    number never breaks across lines."""
    value = escape(point.value)
    if point.kind == "phone":
        value = value.replace(" ", "\u00a0")
    label = CONTACT_KINDS.get(point.kind)
    text = f"<b>{label}</b>\u00a0: {value}" if label else value
    return f"{text} ({escape(point.purpose)})" if point.purpose else text


def hours_rows(hours: OpeningHours) -> list[tuple[str, str]]:
    """('Du lundi au vendredi', '8 h 30 – 12 h 00, 13 h 30 – 17 h 00'), ('Samedi et
    dimanche', 'fermé'): consecutive days with the same hours grouped."""
    groups: list[tuple[int, int]] = []  # first and last weekday of each run
    for index, ranges in enumerate(hours.days):
        if groups and hours.days[groups[-1][1]] == ranges:
            groups[-1] = (groups[-1][0], index)
        else:
            groups.append((index, index))
    # A line may break after a comma only, never inside "8 h 30 – 12 h 00".
    return [
        (_days(first, last), ", ".join(range_text(r) for r in hours.days[first]) or CLOSED)
        for first, last in groups
    ]


def range_text(hours: TimeRange) -> str:
    return hours.describe().replace(" ", "\u00a0")


def _days(first: int, last: int) -> str:
    if first == last:
        return WEEKDAY_NAMES[first].capitalize()
    if last == first + 1:
        return f"{WEEKDAY_NAMES[first].capitalize()} et {WEEKDAY_NAMES[last]}"
    return f"Du {WEEKDAY_NAMES[first]} au {WEEKDAY_NAMES[last]}"
