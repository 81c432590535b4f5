"""The audit chain links every entry to the one before; references never repeat."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from spplus_desk.domain.audit import GENESIS_HASH, audit_hash
from spplus_desk.store import audit, references
from spplus_desk.store.location import DatabaseLocation
from spplus_desk.store.opening import open_database
from spplus_desk.store.schema import AuditEntry, AuditHead

NOW = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)


def test_each_entry_hashes_the_previous_one(location: DatabaseLocation) -> None:
    database = open_database(location, now=NOW).database
    try:
        for number in range(3):
            with database.writing() as session:
                audit.record(
                    session,
                    at=NOW,
                    actor_id=None,
                    action="contact.created",
                    entity_type="contact",
                    entity_id=f"c{number}",
                    after={"n": number, "texte": "Réponse immédiate"},
                )
        with database.reading() as session:
            entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
            head = session.get_one(AuditHead, 1)
        previous = GENESIS_HASH
        for entry in entries:
            assert entry.prev_hash == previous
            recomputed = audit_hash(
                previous,
                seq=entry.seq,
                at=entry.at,
                actor_id=None,
                action=entry.action,
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                before=entry.before,
                after=entry.after,
            )
            assert recomputed == entry.hash
            previous = entry.hash
        assert [e.seq for e in entries] == [1, 2, 3]
        assert (head.seq, head.hash) == (3, previous)
    finally:
        database.close()


def test_reference_numbers_follow_each_other_per_year(location: DatabaseLocation) -> None:
    database = open_database(location, now=NOW).database
    try:
        with database.writing() as session:
            first = references.allocate_numbers(session, 2027)
            block = references.allocate_numbers(session, 2027, 5)
            other_year = references.allocate_numbers(session, 2028)
        with database.writing() as session:
            after = references.allocate_numbers(session, 2027)
        assert list(first) == [1]
        assert list(block) == [2, 3, 4, 5, 6]
        assert list(other_year) == [1]
        assert list(after) == [7]
        assert references.format_reference(2027, 123) == "2027-000123"
    finally:
        database.close()


def test_desks_allocating_at_the_same_time_never_share_a_number(
    location: DatabaseLocation,
) -> None:
    database = open_database(location, now=NOW).database
    numbers: list[int] = []
    errors: list[BaseException] = []

    def desk() -> None:
        try:
            for _ in range(25):
                with database.writing() as session:
                    numbers.extend(references.allocate_numbers(session, 2027))
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=desk) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        database.close()
    assert errors == []
    assert sorted(numbers) == list(range(1, 101))


def test_entries_hash_the_utc_instant_whatever_zone_they_were_given(
    location: DatabaseLocation,
) -> None:
    database = open_database(location, now=NOW).database
    paris = datetime(2027, 3, 1, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
    try:
        with database.writing() as session:
            seq = audit.record(
                session, at=paris, actor_id=None, action="x", entity_type="x", entity_id=None
            )
        with database.reading() as session:
            stored = session.get_one(AuditEntry, seq)
        assert stored.at == paris
        assert stored.hash == audit_hash(
            GENESIS_HASH,
            seq=stored.seq,
            at=stored.at,
            actor_id=None,
            action="x",
            entity_type="x",
            entity_id=None,
            before=None,
            after=None,
        )
    finally:
        database.close()
