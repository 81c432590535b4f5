"""French départements and overseas collectivities: name, time zone, holiday calendar.

The département of a service decides its public holidays (Alsace-Moselle, the overseas
abolition days) and the time zone in which day-based deadlines fall.
"""

from dataclasses import dataclass

from spplus_desk.domain.errors import UserError

PARIS = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    name: str
    time_zone: str
    # Subdivision code understood by the ``holidays`` package (None: metropolitan rules).
    # It rejects 67 and 68, which share Alsace's calendar under "6AE".
    holiday_subdivision: str | None = None

    @property
    def display(self) -> str:
        return f"{self.code} – {self.name}"


_METROPOLE = """
01 Ain|02 Aisne|03 Allier|04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes
07 Ardèche|08 Ardennes|09 Ariège|10 Aube|11 Aude|12 Aveyron|13 Bouches-du-Rhône
14 Calvados|15 Cantal|16 Charente|17 Charente-Maritime|18 Cher|19 Corrèze
2A Corse-du-Sud|2B Haute-Corse|21 Côte-d'Or|22 Côtes-d'Armor|23 Creuse|24 Dordogne
25 Doubs|26 Drôme|27 Eure|28 Eure-et-Loir|29 Finistère|30 Gard|31 Haute-Garonne|32 Gers
33 Gironde|34 Hérault|35 Ille-et-Vilaine|36 Indre|37 Indre-et-Loire|38 Isère|39 Jura
40 Landes|41 Loir-et-Cher|42 Loire|43 Haute-Loire|44 Loire-Atlantique|45 Loiret|46 Lot
47 Lot-et-Garonne|48 Lozère|49 Maine-et-Loire|50 Manche|51 Marne|52 Haute-Marne
53 Mayenne|54 Meurthe-et-Moselle|55 Meuse|56 Morbihan|57 Moselle|58 Nièvre|59 Nord
60 Oise|61 Orne|62 Pas-de-Calais|63 Puy-de-Dôme|64 Pyrénées-Atlantiques
65 Hautes-Pyrénées|66 Pyrénées-Orientales|67 Bas-Rhin|68 Haut-Rhin|69 Rhône
70 Haute-Saône|71 Saône-et-Loire|72 Sarthe|73 Savoie|74 Haute-Savoie|75 Paris
76 Seine-Maritime|77 Seine-et-Marne|78 Yvelines|79 Deux-Sèvres|80 Somme|81 Tarn
82 Tarn-et-Garonne|83 Var|84 Vaucluse|85 Vendée|86 Vienne|87 Haute-Vienne|88 Vosges
89 Yonne|90 Territoire de Belfort|91 Essonne|92 Hauts-de-Seine|93 Seine-Saint-Denis
94 Val-de-Marne|95 Val-d'Oise
"""

_ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}

_OVERSEAS = (
    Departement("971", "Guadeloupe", "America/Guadeloupe", "971"),
    Departement("972", "Martinique", "America/Martinique", "972"),
    Departement("973", "Guyane", "America/Cayenne", "973"),
    Departement("974", "La Réunion", "Indian/Reunion", "974"),
    Departement("975", "Saint-Pierre-et-Miquelon", "America/Miquelon", "PM"),
    Departement("976", "Mayotte", "Indian/Mayotte", "976"),
    Departement("977", "Saint-Barthélemy", "America/St_Barthelemy", "BL"),
    Departement("978", "Saint-Martin", "America/Marigot", "MF"),
    Departement("986", "Wallis-et-Futuna", "Pacific/Wallis", "WF"),
    Departement("987", "Polynésie française", "Pacific/Tahiti", "PF"),
    Departement("988", "Nouvelle-Calédonie", "Pacific/Noumea", "NC"),
)


def _build() -> dict[str, Departement]:
    table: dict[str, Departement] = {}
    for entry in _METROPOLE.replace("\n", "|").split("|"):
        if entry.strip():
            code, name = entry.strip().split(" ", 1)
            table[code] = Departement(code, name, PARIS, _ALSACE_MOSELLE.get(code))
    for overseas in _OVERSEAS:
        table[overseas.code] = overseas
    return table


DEPARTEMENTS: dict[str, Departement] = _build()
DEFAULT_DEPARTEMENT = "75"


def departement(code: str) -> Departement:
    """The département for a code typed by a person ('1', '01', '2a', ' 974 ')."""
    cleaned = code.strip().upper()
    if cleaned.isdigit() and len(cleaned) == 1:
        cleaned = "0" + cleaned
    found = DEPARTEMENTS.get(cleaned)
    if found is None:
        raise UserError(
            f"Département inconnu : « {code.strip()} ». Indiquez un code comme 75, 2A, 67 ou 974."
        )
    return found
