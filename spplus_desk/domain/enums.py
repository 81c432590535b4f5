"""Stable codes stored in the database. French wording lives in ``labels``."""

from enum import Flag, StrEnum, auto


class Channel(StrEnum):
    COUNTER = "counter"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    ONLINE_FORM = "online_form"
    APPOINTMENT_ONSITE = "appointment_onsite"
    APPOINTMENT_PHONE = "appointment_phone"
    APPOINTMENT_VIDEO = "appointment_video"

    @property
    def is_written(self) -> bool:
        """Written requests owe an acknowledgement of receipt (SP+ standard)."""
        return self in (Channel.LETTER, Channel.EMAIL, Channel.ONLINE_FORM)


class ContactOutcome(StrEnum):
    IMMEDIATE_ANSWER = "immediate_answer"
    REQUEST_OPENED = "request_opened"
    REDIRECTED = "redirected"
    CALLBACK_PROMISED = "callback_promised"
    MISSED_CALL = "missed_call"
    ABANDONED_CALL = "abandoned_call"

    @property
    def is_unanswered_call(self) -> bool:
        return self in (ContactOutcome.MISSED_CALL, ContactOutcome.ABANDONED_CALL)


class Need(Flag):
    """Accessibility needs of the person, stored as a bit set."""

    NONE = 0
    INTERPRETER = auto()
    SIGN_LANGUAGE = auto()
    EASY_READ = auto()
    REDUCED_MOBILITY = auto()
    DIGITAL_HELP = auto()


class Role(StrEnum):
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"


class DelayUnit(StrEnum):
    WORKING_DAYS = "working_days"  # jours ouvrés: Monday-Friday minus holidays
    BUSINESS_DAYS = "business_days"  # jours ouvrables: Monday-Saturday minus holidays
    CALENDAR_DAYS = "calendar_days"  # jours calendaires
    WORKING_HOURS = "working_hours"  # heures ouvrées: opening hours only


class WaitPolicy(StrEnum):
    """What waiting for the user's documents does to the clock."""

    SUSPEND = "suspend"
    RESTART = "restart"


class RequestEventType(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    WAITING_FOR_USER = "waiting_for_user"
    RESUMED = "resumed"
    ANSWERED = "answered"
    REASSIGNED = "reassigned"
    CANCELLED = "cancelled"
    REOPENED = "reopened"


class RequestStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    WAITING = "waiting"
    ANSWERED = "answered"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (RequestStatus.ANSWERED, RequestStatus.CANCELLED)


class Satisfaction(StrEnum):
    """The three answers a person gives at the end of a contact."""

    SATISFIED = "satisfied"
    MIXED = "mixed"
    DISSATISFIED = "dissatisfied"
