"""The journal's queries: filter, full-text search, sort and paging, all in SQL.

A page is read with LIMIT/OFFSET on a total order (the chosen column, then the id), so
rows never repeat or vanish between pages. The text search uses SQLite's FTS5 index or
PostgreSQL's GIN index created by migration 0003, and the motif labels.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    SQLColumnExpression,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.journal import (
    JournalColumn,
    JournalFilter,
    JournalRow,
    JournalSort,
    label_matches,
    search_words,
)
from spplus_desk.store import journal_order
from spplus_desk.store.schema import Agent, Contact, Motif, Request

_FEW_MATCHES = 2000
_search_key = table("contact_search_key", column("rowid"), column("contact_id"))
_FTS_MATCH = text("SELECT rowid FROM contact_fts WHERE contact_fts MATCH :fts_query")
_SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")
# Must stay the expression of the index ix_contact_fulltext, or PostgreSQL scans (and
# in literals, not parameters, for the planner to recognise it).
_PG_DOCUMENT = func.to_tsvector(
    _SIMPLE,
    func.coalesce(Contact.person_name, literal_column("''"))
    .op("||")(literal_column("' '"))
    .op("||")(Contact.notes),
)

_ROW_COLUMNS = (
    Contact.id,
    Contact.occurred_at,
    Contact.channel,
    Motif.label,
    Contact.outcome,
    Contact.redirected_to,
    Contact.callback_promised,
    Contact.person_name,
    Agent.name,
    Contact.arrived_at,
    Contact.called_at,
    Contact.duration_seconds,
    Request.reference,
    Contact.cancelled_at,
)


def page(
    session: Session,
    wanted: JournalFilter,
    bounds: tuple[datetime, datetime],
    sort: JournalSort,
    *,
    offset: int,
    limit: int,
) -> list[JournalRow]:
    """Rows ``offset`` to ``offset + limit`` of the journal in the chosen order.

    Two steps: the page's ids are chosen joining only what the sort needs, then those
    few rows are read whole (joining agent, motif and request for every row of a month
    before sorting would cost twice as much).
    """
    where = conditions(session, wanted, bounds, paging=True)
    walk = journal_order.groups(session, sort, bounds)
    period = where[:2]  # conditions() begins with the period
    if walk is not None and any(group.own_index for group in walk):
        # Walking a name or duration index only pays on a long period.
        walk = walk if journal_order.worth_walking(session, period) else None
    if walk is not None:
        plain = [*journal_order.period_off_index(session, period, bounds), *where[2:]]
        ids = journal_order.grouped_ids(session, where, plain, walk, offset=offset, limit=limit)
    else:
        key, joined = _sort_key(session, sort.column)
        key = key.desc() if sort.descending else key.asc()
        ids_query = (
            select(Contact.id)
            .where(*where)
            .order_by(key.nulls_last(), *journal_order.ties(sort.descending))
        )
        if joined is not None:
            ids_query = ids_query.outerjoin(*joined)
        ids = list(session.scalars(ids_query.offset(offset).limit(limit)))
    if not ids:
        return []
    rows = {
        values[0]: _row(values)
        for values in session.execute(
            select(*_ROW_COLUMNS)
            .join(Agent, Agent.id == Contact.agent_id)
            .outerjoin(Motif, Motif.id == Contact.motif_id)
            .outerjoin(Request, Request.contact_id == Contact.id)
            .where(Contact.id.in_(ids))
        )
    }
    return [rows[contact_id] for contact_id in ids]


def count(session: Session, wanted: JournalFilter, bounds: tuple[datetime, datetime]) -> int:
    where = conditions(session, wanted, bounds)
    query = select(func.count()).select_from(Contact).where(*where)
    return session.scalars(query).one()


def conditions(
    session: Session,
    wanted: JournalFilter,
    bounds: tuple[datetime, datetime],
    *,
    paging: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE clause of the filter; ``paging`` when the query stops at a page (the
    plan of a text search differs, see ``_text_condition``)."""
    start, end = bounds
    where: list[ColumnElement[bool]] = [Contact.occurred_at >= start, Contact.occurred_at < end]
    if not wanted.include_cancelled:
        where.append(Contact.cancelled_at.is_(None))
    if wanted.channels:
        where.append(Contact.channel.in_(sorted(c.value for c in wanted.channels)))
    if wanted.outcomes:
        where.append(Contact.outcome.in_(sorted(o.value for o in wanted.outcomes)))
    if wanted.motif_ids:
        where.append(Contact.motif_id.in_(sorted(wanted.motif_ids)))
    if wanted.agent_ids:
        where.append(Contact.agent_id.in_(sorted(wanted.agent_ids)))
    words = search_words(wanted.text)
    if words:
        where.append(_text_condition(session, words, paging=paging))
    return where


def _text_condition(session: Session, words: list[str], *, paging: bool) -> ColumnElement[bool]:
    """Every word begins a word of the person's name or the notes, or of the motif.

    On SQLite, a search matching many contacts (a common name, a motif) is fastest
    walking the contacts backwards in time until a page is full; a rare one, reading
    its few matches from the full-text index. SQLite's planner cannot tell them apart,
    so the number of index matches decides (it costs a millisecond), and the condition
    is wrapped in ``likelihood()`` to keep the planner on the time index. A count reads
    every match anyway: it always starts from the full-text index.
    """
    motif_ids = [
        motif_id
        for motif_id, label in session.execute(select(Motif.id, Motif.label))
        if label_matches(label, words)
    ]
    if session.get_bind().dialect.name == "sqlite":
        fts_query = " ".join(f'"{word}"*' for word in words)
        fts_rowids = _FTS_MATCH.bindparams(fts_query=fts_query)
        matching: ColumnElement[bool] = Contact.id.in_(
            select(_search_key.c.contact_id).where(_search_key.c.rowid.in_(fts_rowids))
        )
        many = paging and (
            bool(motif_ids)
            or session.scalars(
                select(func.count()).select_from(fts_rowids.columns(column("rowid")).subquery())
            ).one()
            > _FEW_MATCHES
        )
    else:
        ts_query = " & ".join(f"{word}:*" for word in words)
        matching = _PG_DOCUMENT.bool_op("@@")(func.to_tsquery(_SIMPLE, ts_query))
        many = False
    if motif_ids:
        matching = Contact.motif_id.in_(motif_ids) | matching
    if many:
        return cast(
            ColumnElement[bool], func.likelihood(matching, literal_column("0.5"), type_=Boolean())
        )
    return matching


def _sort_key(
    session: Session, column: JournalColumn
) -> tuple[SQLColumnExpression[Any], tuple[Any, Any] | None]:
    """The SQL expression a column sorts by over a short period, and the table (with its
    join condition) it needs, if any. Channel, outcome, motif and agent are always read
    group by group (``journal_order``) and never come here."""
    if column is JournalColumn.WAIT:
        return journal_order.wait_expression(session), None
    if column is JournalColumn.REQUEST:
        return Request.reference, (Request, Request.contact_id == Contact.id)
    keys: dict[JournalColumn, SQLColumnExpression[Any]] = {
        JournalColumn.TIME: Contact.occurred_at,
        JournalColumn.PERSON: Contact.person_name,
        JournalColumn.DURATION: Contact.duration_seconds,
    }
    return keys[column], None


def _row(values: Any) -> JournalRow:
    (
        contact_id,
        occurred_at,
        channel,
        motif,
        outcome,
        redirected_to,
        callback_promised,
        person_name,
        agent_name,
        arrived_at,
        called_at,
        duration_seconds,
        reference,
        cancelled_at,
    ) = values
    return JournalRow(
        id=contact_id,
        occurred_at=occurred_at,
        channel=Channel(channel),
        motif=motif,
        outcome=ContactOutcome(outcome),
        redirected_to=redirected_to,
        callback_promised=bool(callback_promised),
        person_name=person_name,
        agent_name=agent_name,
        arrived_at=arrived_at,
        called_at=called_at,
        duration_seconds=duration_seconds,
        request_reference=reference,
        cancelled=cancelled_at is not None,
    )
