"""Vocabulary and proportions of the demo data: what a town-hall counter sees in a year."""

from spplus_desk.domain.enums import Channel, ContactOutcome, Need
from spplus_desk.domain.error_case import ErrorNature
from spplus_desk.domain.indicators import Satisfaction

DEMO_AGENTS = (
    ("Camille Martin", "lead"),
    ("Nadia Benali", "agent"),
    ("Julien Lefèvre", "agent"),
    ("Sophie Moreau", "agent"),
    ("Karim Haddad", "agent"),
    ("Élodie Fontaine", "agent"),
    ("Thomas Nguyen", "agent"),
    ("Marie-Claire Dubois", "agent"),
)

# Share of contacts per channel (sums to 1).
CHANNEL_WEIGHTS = {
    Channel.COUNTER: 0.44,
    Channel.PHONE: 0.30,
    Channel.EMAIL: 0.11,
    Channel.LETTER: 0.05,
    Channel.ONLINE_FORM: 0.04,
    Channel.APPOINTMENT_ONSITE: 0.04,
    Channel.APPOINTMENT_PHONE: 0.01,
    Channel.APPOINTMENT_VIDEO: 0.01,
}

# Outcome of a contact that reached an agent.
OUTCOME_WEIGHTS = {
    ContactOutcome.IMMEDIATE_ANSWER: 0.71,
    ContactOutcome.REQUEST_OPENED: 0.13,
    ContactOutcome.REDIRECTED: 0.11,
    ContactOutcome.CALLBACK_PROMISED: 0.05,
}
MISSED_CALL_SHARE = 0.08
ABANDONED_CALL_SHARE = 0.03
# Written contacts usually open a request to answer.
WRITTEN_REQUEST_SHARE = 0.55

# Relative weight of each weekday (Monday first) and of each month (January first).
WEEKDAY_WEIGHTS = (1.25, 1.0, 1.05, 0.95, 0.9, 0.35, 0.0)
MONTH_WEIGHTS = (1.15, 1.0, 1.0, 1.0, 0.95, 1.05, 0.8, 0.55, 1.3, 1.1, 1.0, 0.9)
# Busy hours: weight of each local hour of the day while open.
HOUR_WEIGHTS = {8: 0.7, 9: 1.3, 10: 1.5, 11: 1.2, 12: 0.4, 13: 0.6, 14: 1.2, 15: 1.1, 16: 0.8}

MEAN_COUNTER_WAIT_MINUTES = 8.0
ANSWERED_LATE_SHARE = 0.13  # of requests answered, after the announced delay
LEFT_OPEN_SHARE = 0.06  # of requests past due, still open (overdue)
WAITING_SHARE = 0.15  # of requests not answered yet, waiting for the user's documents
MISSING_DOCUMENTS = (
    "justificatif de domicile de moins de 3 mois",
    "copie de la pièce d'identité",
    "avis d'imposition",
    "livret de famille",
    "formulaire signé",
    "RIB",
)
IDENTIFIED_SHARE = 0.35
NEED_SHARE = 0.05

FIRST_NAMES = (
    "Jeanne",
    "Louis",
    "Fatima",
    "Hugo",
    "Chloé",
    "Mohamed",
    "Léa",
    "Nicolas",
    "Inès",
    "Pierre",
    "Aïcha",
    "Lucas",
    "Emma",
    "Mamadou",
    "Zoé",
    "Antoine",
    "Yasmine",
    "Paul",
    "Manon",
    "Gabriel",
    "Sarah",
    "Raphaël",
    "Amina",
    "Théo",
    "Océane",
    "Bernard",
)
LAST_NAMES = (
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Roux",
    "Diallo",
    "Fournier",
    "Girard",
    "Mercier",
    "Bonnet",
    "Lambert",
    "Rousseau",
    "Garcia",
    "Traoré",
    "Muller",
    "Faure",
    "André",
    "Blanc",
    "Guérin",
    "Chevalier",
    "Da Silva",
    "Perrin",
    "Morel",
    "Gauthier",
    "Hoarau",
    "Payet",
)
REDIRECTIONS = (
    "CCAS",
    "France Services",
    "CAF",
    "CPAM",
    "France Travail",
    "Préfecture",
    "Service des impôts des particuliers",
    "Tribunal judiciaire",
    "Conseil départemental",
)
NOTES = (
    "",
    "",
    "",
    "",
    "",
    "Pièces à fournir indiquées à l'usager.",
    "Rendez-vous proposé la semaine prochaine.",
    "Formulaire remis en main propre.",
    "Usager orienté vers le site service-public.fr.",
    "Dossier déposé complet.",
    "Explication de la démarche en ligne.",
    "Rappel prévu en fin de semaine.",
)
NEED_CHOICES = (
    Need.INTERPRETER,
    Need.SIGN_LANGUAGE,
    Need.EASY_READ,
    Need.REDUCED_MOBILITY,
    Need.DIGITAL_HELP,
    Need.DIGITAL_HELP,
    Need.DIGITAL_HELP,
)

# --- Right-to-error cases (demo_cases) ----------------------------------------------------
CONTACTS_PER_CASE = 200  # a busy counter records about one case per 150 to 300 contacts
MIN_CASES = 12  # even a small demo shows every kind of case
# Each case goes through the real services (about 10 ms with its audit and deadline):
# a million-contact demo stays within its time.
MAX_CASES = 1_000
CASE_CHANNEL_WEIGHTS = {
    Channel.COUNTER: 0.45,
    Channel.PHONE: 0.2,
    Channel.EMAIL: 0.15,
    Channel.LETTER: 0.1,
    Channel.ONLINE_FORM: 0.1,
}
CASE_NATURE_WEIGHTS = {
    ErrorNature.OMISSION: 0.3,
    ErrorNature.MATERIAL_ERROR: 0.25,
    ErrorNature.INACCURATE_DECLARATION: 0.25,
    ErrorNature.MISSING_DOCUMENT: 0.2,
}
# Objective, with nothing a person would not want to read about themselves.
CASE_NOTES = {
    ErrorNature.OMISSION: (
        "Une ressource avait été oubliée dans la déclaration ; ajoutée au dossier.",
        "Case du formulaire laissée vide, complétée avec la personne.",
        "Changement de situation non signalé à temps ; dossier mis à jour.",
    ),
    ErrorNature.MATERIAL_ERROR: (
        "Chiffres inversés dans le montant déclaré ; corrigé.",
        "Erreur de date dans le formulaire, rectifiée.",
        "Mauvaise référence de dossier recopiée ; corrigée.",
    ),
    ErrorNature.INACCURATE_DECLARATION: (
        "Nombre de personnes au foyer mal indiqué ; déclaration rectifiée.",
        "Surface déclarée inexacte, corrigée après échange.",
        "Revenus de l'année précédente déclarés par erreur ; corrigés.",
    ),
    ErrorNature.MISSING_DOCUMENT: (
        "Justificatif de domicile manquant, demandé à la personne.",
        "Attestation transmise après notre courrier.",
        "Pièce justificative jointe au mauvais dossier ; rattachée.",
    ),
    ErrorNature.LATE_DECLARATION: (
        "Déclaration déposée après la date limite.",
        "Changement de situation déclaré plusieurs mois après.",
    ),
}
FRAUD_NOTE = "Pièces présentées non conformes ; dossier transmis au responsable."
PROTECTED_NOTE = "Règle de sécurité d'un lieu recevant du public : sanction applicable."
REPEAT_NOTE = "La personne avait déjà commis cette erreur auparavant."
MAINTAINED_REASON = "Régularisation reçue après le délai donné, malgré une relance."
# Procedures where a rule protects safety or the environment (matched on their start).
PROTECTED_PROCEDURES = ("Urbanisme", "Occupation du domaine public")
CASE_AMOUNTS_CENTS = (3_500, 4_500, 8_000, 12_000, 15_000, 35_000, 60_000, 125_050, 250_000)
CASE_DELAYS = ("30 jours calendaires", "30 jours calendaires", "15 jours calendaires")

# Satisfaction asked at the end of about one contact in three; services that ask report
# mostly satisfied users.
SATISFACTION_ASKED_SHARE = 0.3
SATISFACTION_WEIGHTS = {
    Satisfaction.SATISFIED: 0.78,
    Satisfaction.MIXED: 0.15,
    Satisfaction.DISSATISFIED: 0.07,
}
SATISFACTION_COMMENT_SHARE = 0.08
SATISFACTION_COMMENTS = {
    Satisfaction.SATISFIED: (
        "Agent très à l'écoute, merci.",
        "Rapide et clair.",
        "On m'a bien expliqué les pièces à fournir.",
    ),
    Satisfaction.MIXED: (
        "Un peu d'attente, mais réponse complète.",
        "Il faudra que je revienne avec un justificatif.",
    ),
    Satisfaction.DISSATISFIED: (
        "Trop d'attente au guichet.",
        "Je n'ai pas eu de réponse à ma question.",
        "Impossible de joindre le service par téléphone.",
    ),
}

# --- Complaints, suggestions and compliments (demo_feedback) ------------------------------
CONTACTS_PER_FEEDBACK = 200  # a written or spoken remark for every 150 to 300 contacts
MIN_FEEDBACK = 15  # even a small demo shows every kind and every status
MAX_FEEDBACK = 1_000  # each goes through the services, with its reply: a few seconds
# Complaints half of the entries, suggestions 30 %, compliments the rest.
COMPLAINT_SHARE = 0.5
SUGGESTION_SHARE = 0.3
FEEDBACK_CHANNEL_WEIGHTS = {
    Channel.COUNTER: 0.35,
    Channel.EMAIL: 0.25,
    Channel.ONLINE_FORM: 0.2,
    Channel.PHONE: 0.1,
    Channel.LETTER: 0.1,
}
FEEDBACK_NAMED_SHARE = 0.75  # the others stay anonymous
# What users talk about; an improvement answers one theme.
FEEDBACK_TEXTS = {
    "waiting": (
        (
            "J'ai attendu plus d'une heure au guichet pour un simple renseignement.",
            "Trop d'attente le lundi matin, avec une seule personne à l'accueil.",
        ),
        (
            "Proposer des rendez-vous pour éviter la file d'attente.",
            "Afficher le temps d'attente estimé dans le hall.",
        ),
    ),
    "phone": (
        (
            "Impossible de joindre la mairie par téléphone : ça sonne dans le vide.",
            "J'ai appelé cinq fois en deux jours sans jamais avoir quelqu'un.",
        ),
        ("Rappeler les personnes quand la ligne est occupée.",),
    ),
    "hours": (
        (
            "Les horaires d'ouverture ne permettent pas de venir quand on travaille.",
            "Le service était fermé alors que le site internet l'annonçait ouvert.",
        ),
        (
            "Ouvrir un soir par semaine, jusqu'à 19 h.",
            "Ouvrir le samedi matin pour l'état civil.",
        ),
    ),
    "signage": (
        ("Aucun panneau n'indique où déposer un dossier d'urbanisme.",),
        ("Indiquer les guichets par démarche dès l'entrée.",),
    ),
    "online": (
        (
            "Le formulaire en ligne bloque au moment de joindre les pièces.",
            "On m'a renvoyé vers le site internet alors que je n'ai pas d'ordinateur.",
        ),
        ("Organiser des permanences d'aide aux démarches en ligne.",),
    ),
    "accessibility": (
        (
            "L'entrée principale n'est pas accessible en fauteuil roulant.",
            "Pas de boucle magnétique à l'accueil pour les personnes malentendantes.",
        ),
        ("Prévoir une rampe d'accès à l'entrée principale.",),
    ),
    "forms": (
        (
            "Le courrier reçu est incompréhensible : je ne sais pas quoi fournir.",
            "On m'a demandé trois fois la même pièce justificative.",
        ),
        ("Mettre à disposition des exemples de formulaires déjà remplis.",),
    ),
    "waiting_room": (
        ("Pas assez de sièges dans la salle d'attente, des personnes âgées restent debout.",),
        ("Aménager un coin pour les enfants dans la salle d'attente.",),
    ),
}
FEEDBACK_REPLIES = {
    "waiting": "Merci de votre message. Nous renforçons l'accueil aux heures d'affluence "
    "et proposons des rendez-vous le mardi matin.",
    "phone": "Veuillez nous excuser. Une permanence téléphonique est assurée de 12 h à 14 h ; "
    "vous pouvez aussi nous écrire par courriel.",
    "hours": "Merci de votre suggestion : le service reçoit sur rendez-vous le jeudi jusqu'à 19 h.",
    "signage": "Merci : la signalétique du hall est en cours de refonte.",
    "online": "Nos agents vous accompagnent dans vos démarches en ligne lors des ateliers "
    "numériques du mercredi.",
    "accessibility": "Merci de nous l'avoir signalé. En attendant les travaux, un agent vous "
    "accueille à l'entrée latérale sur simple appel.",
    "forms": "Veuillez nous excuser pour ce manque de clarté : vous trouverez ci-joint la "
    "liste des pièces à fournir.",
    "waiting_room": "Merci : des sièges supplémentaires ont été installés.",
}
COMPLIMENTS = (
    "Merci à l'agent d'accueil, très patient et souriant.",
    "Dossier traité en une semaine, bravo.",
    "Merci pour l'aide à la demande de carte d'identité en ligne.",
    "Accueil chaleureux et explications très claires.",
    "Réponse rapide et complète à mon courriel.",
)
CLOSE_REASONS = (
    "Réclamation anonyme, sans coordonnées pour répondre.",
    "Doublon d'un courriel déjà traité.",
    "Relève d'un autre service : transmis à la préfecture.",
)
# « Vous nous avez dit… » / « Nous avons fait… »: (theme, said, done, status), the first
# four in any demo (every status), then the others as the service hears more.
MIN_IMPROVEMENTS = 4
FEEDBACK_PER_IMPROVEMENT = 25
IMPROVEMENTS = (
    (
        "waiting",
        "L'attente au guichet est trop longue.",
        "Un accueil sur rendez-vous le mardi matin.",
        "done",
    ),
    (
        "phone",
        "Le téléphone ne répond pas à l'heure du déjeuner.",
        "Une permanence téléphonique de 12 h à 14 h.",
        "done",
    ),
    (
        "signage",
        "On ne trouve pas le bon guichet.",
        "Une nouvelle signalétique dans le hall, par démarche.",
        "in_progress",
    ),
    (
        "accessibility",
        "L'entrée n'est pas accessible en fauteuil.",
        "Une rampe d'accès à l'entrée principale, prévue au printemps.",
        "planned",
    ),
    (
        "hours",
        "Les horaires ne conviennent pas quand on travaille.",
        "Une ouverture jusqu'à 19 h le jeudi, sur rendez-vous.",
        "done",
    ),
    (
        "online",
        "Les démarches en ligne sont difficiles.",
        "Des ateliers d'aide au numérique chaque mercredi.",
        "done",
    ),
    (
        "forms",
        "Les courriers sont difficiles à comprendre.",
        "Des courriers réécrits en langage clair, avec la liste des pièces.",
        "in_progress",
    ),
    (
        "waiting_room",
        "La salle d'attente manque de sièges.",
        "Des sièges supplémentaires et un coin pour les enfants.",
        "done",
    ),
)
MAX_LINKED_FEEDBACK = 6  # the entries an action names: those that prompted it

# How the made-up service is reached, as its commitments poster prints it.
DEMO_ADDRESS = "Hôtel de ville\n1 place de la République\n99000 Démoville"
DEMO_PHONE = "01 23 45 67 89"
DEMO_EMAIL = "accueil@demoville.example"
DEMO_APPOINTMENT = "à l'accueil, au 01 23 45 67 89 ou en ligne sur demoville.example/rendez-vous"
DEMO_LOCAL_ENGAGEMENTS = (
    "Nous vous rappelons dans la journée si vous nous laissez un message avant midi",
    "Un agent vous aide à faire vos démarches en ligne, sur rendez-vous",
)
