"""Roll-ups of the journal and of the answers to requests by UTC hour, so a year of
indicators reads a few thousand rows instead of a million contacts.

Every contact or request the ORM writes — a contact corrected, cancelled or undone, a
request answered or reopened — moves its counts in the same transaction (a
``before_flush`` hook: no service can forget it); the counter's plain INSERT calls
``count_new``. Loads that bypass both (the demo's bulk insert, the upgrade's batch of
response times, the benchmarks) call ``rebuild``. A cancelled contact counts nowhere,
as in every other figure. Hours are whole UTC
hours since 1970: every French zone, overseas included, is a whole number of hours
from UTC, so a period of local days is a range of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction

from spplus_desk.store.schema import (
    AnswerTally,
    Base,
    Contact,
    ContactTally,
    MotifTally,
    Request,
    WaitTally,
)

_ANSWER_COLUMNS = ("answered_at", "due_at", "kind_id", "delay_unit", "response_time")
_TALLIED = (
    "occurred_at",
    "channel",
    "outcome",
    "satisfaction",
    "motif_id",
    "arrived_at",
    "called_at",
    "cancelled_at",
)


def hour_of(instant: datetime) -> int:
    """The UTC hour an instant falls in, as hours since 1970."""
    return int(instant.timestamp()) // 3600


def hours_of(bounds: tuple[datetime, datetime]) -> tuple[int, int]:
    """A period's instants as a half-open range of hours."""
    start, end = bounds
    return hour_of(start), hour_of(end)


def wait_seconds(arrived_at: datetime | None, called_at: datetime | None) -> int | None:
    """Whole seconds from arrival to call, as ``rebuild`` counts them in SQL."""
    if arrived_at is None or called_at is None:
        return None
    return max(int(called_at.timestamp()) - int(arrived_at.timestamp()), 0)


def count_new(session: Session, contact: Contact) -> None:
    """Count a contact written outside the unit of work (the counter's plain INSERT)."""
    _count(session, {name: getattr(contact, name) for name in _TALLIED}, 1)


@event.listens_for(Session, "before_flush")
def _follow_changes(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    for model, names, count in (
        (Contact, _TALLIED, _count),
        (Request, _ANSWER_COLUMNS, _count_answer),
    ):
        for values, sign in _changes(session, model, names):
            count(session, values, sign)


def _changes(
    session: Session, model: type[Any], names: tuple[str, ...]
) -> list[tuple[dict[str, Any], int]]:
    """(values, +1) for each new row of ``model``; for a changed one, its old values
    to take off (-1) and its new ones to add (+1)."""
    changes: list[tuple[dict[str, Any], int]] = []
    for obj in session.new:
        if isinstance(obj, model):
            changes.append((_values(obj, names, old=False), 1))
    for obj in session.dirty:
        if isinstance(obj, model) and session.is_modified(obj):
            before, after = _values(obj, names, old=True), _values(obj, names, old=False)
            if before != after:
                changes += [(before, -1), (after, 1)]
    return changes


def _values(row: Any, names: tuple[str, ...], *, old: bool) -> dict[str, Any]:
    """The tallied columns' values now, or as the database holds them (``old``)."""
    state = inspect(row)
    values: dict[str, Any] = {}
    for name in names:
        history = state.attrs[name].history
        if old and history.deleted:
            values[name] = history.deleted[0]
        elif old and history.added:  # the column had no value before this change
            values[name] = None
        else:
            values[name] = getattr(row, name)
    return values


def _count(session: Session, values: dict[str, Any], sign: int) -> None:
    if values["cancelled_at"] is not None or values["occurred_at"] is None:
        return  # a cancelled contact counts nowhere
    hour = hour_of(values["occurred_at"])
    _upsert(
        session,
        ContactTally,
        {
            "hour": hour,
            "channel": values["channel"],
            "outcome": values["outcome"],
            "satisfaction": values["satisfaction"] or "",
            "contacts": sign,
        },
        ("contacts",),
    )
    if values["motif_id"] is not None:
        row = {"hour": hour, "motif_id": values["motif_id"], "contacts": sign}
        _upsert(session, MotifTally, row, ("contacts",))
    seconds = wait_seconds(values["arrived_at"], values["called_at"])
    if seconds is not None:
        row = {"hour": hour, "minutes": seconds // 60, "visits": sign, "seconds": sign * seconds}
        _upsert(session, WaitTally, row, ("visits", "seconds"))


def _count_answer(session: Session, values: dict[str, Any], sign: int) -> None:
    answered_at = values["answered_at"]
    if answered_at is None:
        return
    due_at = values["due_at"]
    row = {
        "hour": hour_of(answered_at),
        "kind_id": values["kind_id"],
        "delay_unit": values["delay_unit"],
        "response_time": -1 if values["response_time"] is None else values["response_time"],
        "on_time": due_at is None or answered_at < due_at,
        "answers": sign,
    }
    _upsert(session, AnswerTally, row, ("answers",))


def _upsert(session: Session, model: Any, row: dict[str, Any], sums: tuple[str, ...]) -> None:
    """Add ``row``'s counts to the tally row of the same key, creating it if needed."""
    dialect = session.get_bind().dialect.name
    upsert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    statement = upsert(model).values(**row)
    keys = [column.name for column in model.__table__.primary_key.columns]
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: getattr(model, name) + getattr(statement.excluded, name) for name in sums},
    )
    session.execute(statement)


def rebuild(session: Session) -> None:
    """Count the whole journal again (after a bulk load, or to repair)."""
    models = (ContactTally, MotifTally, WaitTally, AnswerTally)
    if not _is_sqlite(session):
        # Other desks' saves wait for the recount (SQLite writers are serialised anyway):
        # one landing between the DELETE and the INSERT would add its key twice.
        names = ", ".join(model.__tablename__ for model in models)
        session.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))
    for model in models:
        session.execute(delete(model))
    for tally, columns, counted in recounts(session):
        session.execute(insert(tally).from_select(columns, counted))


def recounts(session: Session) -> list[tuple[type[Base], list[str], Select[Any]]]:
    """Each roll-up, its columns and the query counting it from the journal and the
    requests: ``rebuild`` writes them, ``check`` compares them with what is stored."""
    live = Contact.cancelled_at.is_(None)
    hour = _hour_expression(session, Contact.occurred_at)
    satisfaction = func.coalesce(Contact.satisfaction, literal(""))
    contacts = select(hour, Contact.channel, Contact.outcome, satisfaction, func.count())
    contacts = contacts.where(live).group_by(hour, Contact.channel, Contact.outcome, satisfaction)
    motifs = select(hour, Contact.motif_id, func.count())
    motifs = motifs.where(live, Contact.motif_id.is_not(None)).group_by(hour, Contact.motif_id)
    seconds = _epoch(session, Contact.called_at) - _epoch(session, Contact.arrived_at)
    seconds = func.max(seconds, 0) if _is_sqlite(session) else func.greatest(seconds, 0)
    waits = select(hour, cast(seconds // 60, Integer).label("minutes"), seconds.label("s"))
    waits = waits.where(live, Contact.arrived_at.is_not(None), Contact.called_at.is_not(None))
    per_minute = waits.subquery()
    grouped = select(
        per_minute.c.hour, per_minute.c.minutes, func.count(), func.sum(per_minute.c.s)
    ).group_by(per_minute.c.hour, per_minute.c.minutes)
    return [
        (
            AnswerTally,
            ["hour", "kind_id", "delay_unit", "response_time", "on_time", "answers"],
            _answers(session),
        ),
        (ContactTally, ["hour", "channel", "outcome", "satisfaction", "contacts"], contacts),
        (MotifTally, ["hour", "motif_id", "contacts"], motifs),
        (WaitTally, ["hour", "minutes", "visits", "seconds"], grouped),
    ]


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _epoch(session: Session, column: Any) -> Any:
    """Whole seconds since 1970 of a UTC instant column, on each engine."""
    if _is_sqlite(session):  # naive UTC text; '%s' drops the fraction
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(func.extract("epoch", column)), BigInteger)


def _hour_expression(session: Session, column: Any) -> Any:
    return cast(_epoch(session, column) // 3600, Integer).label("hour")


def _answers(session: Session) -> Select[Any]:
    hour = _hour_expression(session, Request.answered_at)
    response = func.coalesce(Request.response_time, -1)
    on_time = or_(Request.due_at.is_(None), Request.answered_at < Request.due_at)
    keys = (hour, Request.kind_id, Request.delay_unit, response, on_time)
    answers = select(*keys, func.count()).where(Request.answered_at.is_not(None))
    return answers.group_by(*keys)
