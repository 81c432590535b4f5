"""The database schema as typed SQLAlchemy 2 mappings.

Decisions (see ARCHITECTURE.md): UUID keys so databases can be merged; instants in UTC;
an optimistic ``version`` column on every row a person edits; requests as an event log
whose derived status and due dates are cached on the request row for fast lists.
"""

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from spplus_desk.domain.enums import RequestStatus
from spplus_desk.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Versioned:
    """Optimistic concurrency: a save based on a stale read fails instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a class-level directive)
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Sealed:
    """A digest of the row's own columns, written by the app on every save
    (store.seals): ``check`` recomputes it, so a row edited behind the app's back shows.
    ``SEAL_EXCLUDED`` names the columns left out: derived ones, which ``check``
    recomputes from their source instead."""

    SEAL_EXCLUDED: ClassVar[frozenset[str]] = frozenset()
    seal: Mapped[str | None] = mapped_column(String(32))


class Service(Sealed, Versioned, Base):
    """The one service this database belongs to (a single row)."""

    __tablename__ = "service"
    SEAL_EXCLUDED = frozenset({"logo"})  # deferred: a save need not load it

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    departement: Mapped[str] = mapped_column(String(3))
    time_zone: Mapped[str] = mapped_column(String(64))
    # [[["08:30", "12:00"], ...] x 7], Monday first.
    opening_hours: Mapped[list[Any]] = mapped_column(JSON)
    # [{"kind": "phone", "value": "01 23 45 67 89", "purpose": "..."}]
    contact_points: Mapped[list[Any]] = mapped_column(JSON, default=list)
    referential: Mapped[str] = mapped_column(String(32))
    whit_monday_worked: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"date": "2027-05-07", "label": "Pont de l'Ascension"}]: days deadlines skip.
    closures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # What the posters print beyond the service's identity (domain.documents.PrintSettings).
    local_engagements: Mapped[list[Any]] = mapped_column(JSON, default=list)
    appointment: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # PNG or JPEG
    font_regular: Mapped[str] = mapped_column(Text, default="")  # a TTF path; "" DejaVu
    font_bold: Mapped[str] = mapped_column(Text, default="")
    # Trust (issue 8): where and how long backups are kept, how long personal data is
    # kept per record type ({record type: months}; missing: domain.retention's default),
    # and after how many idle minutes a desk locks (0: never).
    backup_folder: Mapped[str] = mapped_column(Text, default="")  # "": beside the file
    backup_daily: Mapped[int] = mapped_column(Integer, default=14)
    backup_monthly: Mapped[int] = mapped_column(Integer, default=12)
    retention: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    auto_lock_minutes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Agent(Sealed, Versioned, Base):
    __tablename__ = "agent"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    login: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # domain.enums.Role
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_hash: Mapped[str | None] = mapped_column(Text)  # argon2; None: no PIN
    created_at: Mapped[datetime]


class ListedChoice(Sealed, Versioned, Base):
    """An entry of a list the service edits (motifs, partners): retired, never deleted,
    so past contacts keep the entry they were logged with."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Motif(ListedChoice):
    """Why people come."""

    __tablename__ = "motif"


class Partner(ListedChoice):
    """Where the service orients people ("Orienté vers…")."""

    __tablename__ = "partner"


class Procedure(ListedChoice):
    """The procedures (démarches) a right-to-error case is about."""

    __tablename__ = "procedure"


class Contact(Sealed, Versioned, Base):
    """One visit, call, letter or e-mail, as logged at the counter.

    Its full-text index is kept by triggers (migration 0003): a migration that rebuilds
    this table (batch mode on SQLite) must create them again.
    """

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_occurred_at", "occurred_at"),
        Index("ix_contact_agent_occurred", "agent_id", "occurred_at"),
        Index("ix_contact_agent_recorded", "agent_id", "recorded_at"),
        Index("ix_contact_motif_occurred", "motif_id", "occurred_at"),
        # The journal sorted by channel or outcome walks these group by group.
        Index("ix_contact_channel_occurred", "channel", "occurred_at"),
        Index("ix_contact_outcome_occurred", "outcome", "occurred_at"),
        # ... and by person or duration (the wait's expression index is in migration 0005).
        Index("ix_contact_person_occurred", "person_name", "occurred_at"),
        Index("ix_contact_duration_occurred", "duration_seconds", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The columns ``store.tallies`` counts by load their old value before a change
    # (active_history), so a correction moves the right counts.
    occurred_at: Mapped[datetime] = mapped_column(active_history=True)
    recorded_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agent.id"))
    channel: Mapped[str] = mapped_column(String(24), active_history=True)  # enums.Channel
    motif_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("motif.id"), active_history=True)
    outcome: Mapped[str] = mapped_column(String(24), active_history=True)  # ContactOutcome
    redirected_to: Mapped[str | None] = mapped_column(String(200))
    person_name: Mapped[str | None] = mapped_column(String(200))
    person_phone: Mapped[str | None] = mapped_column(String(32))
    person_email: Mapped[str | None] = mapped_column(String(254))
    needs: Mapped[int] = mapped_column(Integer, default=0)  # domain.enums.Need bits
    # Counter visits: waiting time is measured.
    arrived_at: Mapped[datetime | None] = mapped_column(active_history=True)
    called_at: Mapped[datetime | None] = mapped_column(active_history=True)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    # A callback the service owes: the "Rappel promis" outcome, or a missed call that
    # will be returned (its outcome stays "missed" for the pick-up rate).
    callback_promised: Mapped[bool] = mapped_column(Boolean, default=False)
    # Asked at the end of the contact (domain.indicators.Satisfaction); None: not asked.
    satisfaction: Mapped[str | None] = mapped_column(String(16), active_history=True)
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(active_history=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # When the retention purge removed the person's identity (statistics kept).
    anonymised_at: Mapped[datetime | None]


class RequestKind(Sealed, Versioned, Base):
    """A kind of request with the delay the service announces for it."""

    __tablename__ = "request_kind"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    channels: Mapped[list[Any]] = mapped_column(JSON)  # list of domain.enums.Channel
    delay_amount: Mapped[int] = mapped_column(Integer)
    delay_unit: Mapped[str] = mapped_column(String(16))  # domain.enums.DelayUnit
    wait_policy: Mapped[str] = mapped_column(String(16))  # domain.enums.WaitPolicy
    # What the administration's silence means (domain.documents.ImplicitDecision).
    implicit_decision: Mapped[str] = mapped_column(String(16), default="unset")
    implicit_months: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


OPEN_STATUSES = tuple(status.value for status in RequestStatus if not status.is_closed)
OPEN_CONDITION = text(f"status IN ({', '.join(repr(status) for status in OPEN_STATUSES)})")


class Request(Sealed, Versioned, Base):
    """A request opened by a contact; status and dates are derived from its events."""

    __tablename__ = "request"
    # Derived from the events: ``check`` compares them with a recomputation instead.
    # (store.requests.cached_columns)
    SEAL_EXCLUDED = frozenset(
        {
            "status",
            "assignee_id",
            "due_date",
            "due_at",
            "alert_at",
            "ack_due_date",
            "acknowledged_at",
            "answered_at",
            "response_time",
        }
    )
    __table_args__ = (
        Index("ix_request_assignee_status", "assignee_id", "status"),
        # Open requests only (a few thousand among hundreds of thousands): the board's
        # pages and ``overdue`` by the instant they fall due, and its counts by agent and
        # kind read from the index alone. Queries state OPEN_CONDITION word for word.
        Index(
            "ix_request_open_due",
            "due_at",
            "reference",
            sqlite_where=OPEN_CONDITION,
            postgresql_where=OPEN_CONDITION,
        ),
        Index(
            "ix_request_open_owner",
            "assignee_id",
            "kind_id",
            "due_at",
            "alert_at",
            "ack_due_date",
            "acknowledged_at",
            "status",
            sqlite_where=OPEN_CONDITION,
            postgresql_where=OPEN_CONDITION,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # "2027-000123"
    # The columns ``store.tallies`` counts answers by load their old value before a change.
    kind_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("request_kind.id"), active_history=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"), index=True)
    channel: Mapped[str] = mapped_column(String(24))
    received_at: Mapped[datetime]
    # The promise as made at receipt: editing the kind later never changes it.
    delay_amount: Mapped[int] = mapped_column(Integer)
    delay_unit: Mapped[str] = mapped_column(String(16), active_history=True)  # enums.DelayUnit
    wait_policy: Mapped[str] = mapped_column(String(16))  # domain.enums.WaitPolicy
    # The kind's implicit decision at receipt, for the acknowledgement; None: not said.
    implicit_decision: Mapped[str | None] = mapped_column(String(16))
    implicit_months: Mapped[int | None] = mapped_column(Integer)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agent.id"))
    # Cached from the event log by the deadline engine; a check recomputes them.
    status: Mapped[str] = mapped_column(String(16))  # domain.enums.RequestStatus
    due_date: Mapped[date | None] = mapped_column(Date)  # None while the clock is stopped
    due_at: Mapped[datetime | None] = mapped_column(active_history=True)  # late from then
    alert_at: Mapped[datetime | None]  # three quarters of the delay are gone
    ack_due_date: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None] = mapped_column(active_history=True)
    # How long the answer took, in the delay's unit (days; minutes for hour delays).
    response_time: Mapped[int | None] = mapped_column(Integer, active_history=True)


class RequestEvent(Sealed, Base):
    """What happened to a request, in order. Never edited: corrections are new events."""

    __tablename__ = "request_event"
    __table_args__ = (UniqueConstraint("request_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("request.id"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(24))  # domain.enums.RequestEventType
    at: Mapped[datetime]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agent.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agent.id"))


class ReferenceCounter(Base):
    """Last request number used in a year; bumped atomically (race-free on PostgreSQL)."""

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class ErrorCase(Sealed, Versioned, Base):
    """A case of the right-to-error register (CRPA L123-1): corrected or cancelled with
    a reason, never deleted. An invited regularisation's deadline is a request of the
    reserved kind (domain.error_case.REGULARISATION_KIND_ID), followed by the engine."""

    __tablename__ = "error_case"
    __table_args__ = (
        Index("ix_error_case_discovered", "discovered_on", "recorded_at"),
        Index("ix_error_case_person_key", "person_key"),
        Index("ix_error_case_person_phone", "person_phone"),
        Index("ix_error_case_person_email", "person_email"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    recorded_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agent.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"), index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("request.id"))
    channel: Mapped[str] = mapped_column(String(24))  # domain.enums.Channel
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure.id"), index=True)
    nature: Mapped[str] = mapped_column(String(32))  # domain.error_case.ErrorNature
    error_on: Mapped[date | None] = mapped_column(Date)
    discovered_on: Mapped[date] = mapped_column(Date)
    discovered_by: Mapped[str] = mapped_column(String(16))
    first_time: Mapped[bool] = mapped_column(Boolean)
    good_faith: Mapped[bool] = mapped_column(Boolean)
    exclusions: Mapped[list[Any]] = mapped_column(JSON)  # list of Exclusion codes
    eligible: Mapped[bool] = mapped_column(Boolean)  # derived from the checklist, for counts
    regularisation: Mapped[str | None] = mapped_column(String(16))
    invited_on: Mapped[date | None] = mapped_column(Date)
    delay_amount: Mapped[int | None] = mapped_column(Integer)
    delay_unit: Mapped[str | None] = mapped_column(String(16))
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("request.id"), index=True)
    regularised_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(24), index=True)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    person_name: Mapped[str | None] = mapped_column(String(200))
    person_key: Mapped[str | None] = mapped_column(String(200))  # folded name, to match
    person_phone: Mapped[str | None] = mapped_column(String(32))
    person_email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str] = mapped_column(Text, default="")
    # The person, the phone's digits, the e-mail and the notes in lower case without
    # accents: the register's search reads the same on SQLite and PostgreSQL.
    search_key: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    anonymised_at: Mapped[datetime | None]  # by the retention purge


class ContactTally(Base):
    """Contacts counted by UTC hour, channel, outcome and satisfaction answer: what the
    indicators of a year read instead of a million rows. Kept by ``store.tallies``
    whenever the ORM writes a contact; rebuilt after bulk loads."""

    __tablename__ = "contact_tally"

    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(24), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(24), primary_key=True)
    satisfaction: Mapped[str] = mapped_column(String(16), primary_key=True)  # "" not asked
    contacts: Mapped[int] = mapped_column(Integer)


class MotifTally(Base):
    """Contacts with a motif, counted by UTC hour and motif."""

    __tablename__ = "motif_tally"

    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    motif_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contacts: Mapped[int] = mapped_column(Integer)


class WaitTally(Base):
    """Counter visits with a measured wait, by UTC hour and whole minutes waited, with
    the exact seconds for the mean: percentiles stay exact to the minute."""

    __tablename__ = "wait_tally"

    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    minutes: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    visits: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(BigInteger)


class AnswerTally(Base):
    """Answered requests by UTC hour of the answer, kind, delay unit, response time (in
    that unit; -1 not derived) and whether the answer came in time: the on-time share
    and response times of a year without sorting a year of requests."""

    __tablename__ = "answer_tally"

    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    delay_unit: Mapped[str] = mapped_column(String(16), primary_key=True)
    response_time: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    on_time: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    answers: Mapped[int] = mapped_column(Integer)


class Upkeep(Base):
    """Derived data waiting to be computed again (``store.upkeep``)."""

    __tablename__ = "upkeep"

    task: Mapped[str] = mapped_column(String(32), primary_key=True)
    requested_at: Mapped[datetime]


class ImprovementAction(Sealed, Versioned, Base):
    """« Vous nous avez dit… Nous avons fait… »"""

    __tablename__ = "improvement_action"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    recorded_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agent.id"))
    said: Mapped[str] = mapped_column(Text)
    done: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # domain.feedback.ImprovementStatus
    done_on: Mapped[date | None] = mapped_column(Date, index=True)


class Feedback(Sealed, Versioned, Base):
    """A complaint, suggestion or compliment, and the reply it called for."""

    __tablename__ = "feedback"
    SEAL_EXCLUDED = frozenset({"improvement_id"})  # the improvement's own audit says
    __table_args__ = (Index("ix_feedback_received", "received_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    recorded_at: Mapped[datetime]
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agent.id"))
    kind: Mapped[str] = mapped_column(String(16))  # domain.feedback.FeedbackKind
    channel: Mapped[str] = mapped_column(String(24))
    received_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    person_name: Mapped[str] = mapped_column(String(200), default="")
    person_phone: Mapped[str] = mapped_column(String(32), default="")
    person_email: Mapped[str] = mapped_column(String(254), default="")
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id"))
    delay_amount: Mapped[int | None] = mapped_column(Integer)  # None: no reply expected
    delay_unit: Mapped[str | None] = mapped_column(String(16))
    reply_due: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16))  # domain.feedback.FeedbackStatus
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    improvement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("improvement_action.id"), index=True
    )
    # What the list's search looks in, folded as the search words are (store.feedback).
    search_key: Mapped[str] = mapped_column(Text, default="")
    anonymised_at: Mapped[datetime | None]  # by the retention purge


class AuditEntry(Base):
    """Append-only trail of every change; triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agent.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    # The digest of the entry's personal values (AuditPersonal), which the hash covers
    # instead of the values themselves; None when it had none.
    personal_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditPersonal(Base):
    """The personal values of an audit entry (names, contacts, free texts), kept apart
    so the retention purge can erase them while the chain stays verifiable."""

    __tablename__ = "audit_personal"

    seq: Mapped[int] = mapped_column(
        ForeignKey("audit_entry.seq"), primary_key=True, autoincrement=False
    )
    salt: Mapped[str] = mapped_column(String(32))  # erased with the values: no guessing
    values: Mapped[Any] = mapped_column(JSON)  # {"before": {...}, "after": {...}}


class AuditHead(Base):
    """The chain's last link (one row); locking it serialises writers of the trail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


# Search structures created by migrations that have no mapping: FTS5 tables (SQLite)
# and expression indexes (0003's full text on PostgreSQL, 0005's wait on both).
# Schema comparisons leave them out.
UNMAPPED_SEARCH_OBJECTS = frozenset(
    {"contact_search_key", "contact_fts", "ix_contact_fulltext", "ix_contact_wait"}
)


def is_mapped_object(name: str | None) -> bool:
    return name is None or not (name in UNMAPPED_SEARCH_OBJECTS or name.startswith("contact_fts_"))
