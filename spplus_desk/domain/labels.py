"""French wording of every stored code, in one place.

The UI, the CLI and the printed documents all read these, so a channel is called the same
on the screen, in a CSV export and on a poster.
"""

from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    Need,
    RequestEventType,
    RequestStatus,
    Role,
    Satisfaction,
    WaitPolicy,
)

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.COUNTER: "Accueil physique",
    Channel.PHONE: "Téléphone",
    Channel.LETTER: "Courrier",
    Channel.EMAIL: "Courriel",
    Channel.ONLINE_FORM: "Formulaire en ligne",
    Channel.APPOINTMENT_ONSITE: "Rendez-vous sur place",
    Channel.APPOINTMENT_PHONE: "Rendez-vous téléphonique",
    Channel.APPOINTMENT_VIDEO: "Rendez-vous en visio",
}

OUTCOME_LABELS: dict[ContactOutcome, str] = {
    ContactOutcome.IMMEDIATE_ANSWER: "Réponse immédiate",
    ContactOutcome.REQUEST_OPENED: "Demande enregistrée",
    ContactOutcome.REDIRECTED: "Orienté vers…",
    ContactOutcome.CALLBACK_PROMISED: "Rappel promis",
    ContactOutcome.MISSED_CALL: "Appel manqué",
    ContactOutcome.ABANDONED_CALL: "Appel abandonné",
}

NEED_LABELS: dict[Need, str] = {
    Need.INTERPRETER: "Interprète",
    Need.SIGN_LANGUAGE: "LSF / relais écrit",
    Need.EASY_READ: "FALC",
    Need.REDUCED_MOBILITY: "Mobilité réduite",
    Need.DIGITAL_HELP: "Aide au numérique",
}

ROLE_LABELS: dict[Role, str] = {
    Role.AGENT: "Agent",
    Role.LEAD: "Responsable d'équipe",
    Role.ADMIN: "Administrateur",
}

DELAY_UNIT_LABELS: dict[DelayUnit, str] = {
    DelayUnit.WORKING_DAYS: "jours ouvrés",
    DelayUnit.BUSINESS_DAYS: "jours ouvrables",
    DelayUnit.CALENDAR_DAYS: "jours calendaires",
    DelayUnit.WORKING_HOURS: "heures ouvrées",
}

WAIT_POLICY_LABELS: dict[WaitPolicy, str] = {
    WaitPolicy.SUSPEND: "suspend le délai",
    WaitPolicy.RESTART: "fait repartir le délai",
}

REQUEST_EVENT_LABELS: dict[RequestEventType, str] = {
    RequestEventType.RECEIVED: "Reçue",
    RequestEventType.ACKNOWLEDGED: "Accusé de réception envoyé",
    RequestEventType.WAITING_FOR_USER: "En attente de l'usager",
    RequestEventType.RESUMED: "Reprise",
    RequestEventType.ANSWERED: "Réponse apportée",
    RequestEventType.REASSIGNED: "Réattribuée",
    RequestEventType.CANCELLED: "Annulée",
    RequestEventType.REOPENED: "Rouverte",
}

REQUEST_STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.OPEN: "En cours",
    RequestStatus.ACKNOWLEDGED: "Accusé de réception envoyé",
    RequestStatus.WAITING: "En attente de l'usager",
    RequestStatus.ANSWERED: "Traitée",
    RequestStatus.CANCELLED: "Annulée",
}


def delay_text(amount: int, unit: DelayUnit) -> str:
    """'5 jours ouvrés', '1 jour ouvré', '48 heures ouvrées'."""
    label = DELAY_UNIT_LABELS[unit]
    if amount == 1:
        label = label.replace("jours", "jour").replace("heures", "heure")
        label = label.replace("ouvrés", "ouvré").replace("ouvrables", "ouvrable")
        label = label.replace("calendaires", "calendaire").replace("ouvrées", "ouvrée")
    return f"{amount}\u00a0{label}"


SATISFACTION_LABELS: dict[Satisfaction, str] = {
    Satisfaction.SATISFIED: "Satisfait",
    Satisfaction.MIXED: "Moyennement satisfait",
    Satisfaction.DISSATISFIED: "Pas satisfait",
}
