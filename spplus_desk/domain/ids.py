"""Row identifiers: UUIDs whose first bits are the creation time (the UUIDv7 layout).

They stay unique across databases that are later merged, like random UUIDs, but rows
created one after another get neighbouring keys: inserts append to the index instead of
touching random pages, and "most recent first" scans stay local.
"""

import os
import uuid
from datetime import datetime

_VERSION_7 = 0x7 << 76
_VARIANT_RFC = 0x2 << 62


def time_ordered_uuid(at: datetime, random_bits: int | None = None) -> uuid.UUID:
    """A UUIDv7 for instant ``at``; ``random_bits`` (74 bits) makes it reproducible."""
    if random_bits is None:
        random_bits = int.from_bytes(os.urandom(10))
    return uuid_v7(int(at.timestamp() * 1000), random_bits)


def uuid_v7(millis: int, random_bits: int) -> uuid.UUID:
    """The UUIDv7 layout: 48 bits of Unix milliseconds, version, 74 random bits."""
    millis &= (1 << 48) - 1
    rand_a = (random_bits >> 62) & 0xFFF
    rand_b = random_bits & ((1 << 62) - 1)
    return uuid.UUID(int=(millis << 80) | _VERSION_7 | (rand_a << 64) | _VARIANT_RFC | rand_b)
