"""Finding one person in the service's records, for the right of access (RGPD art. 15).

A query is a name, a phone number or an e-mail address. A name matches a record whose
name holds every word of the query (accents and case aside: « helene » finds
« Hélène DUPONT »); a phone number matches the same number however it was typed; an
e-mail address, the same address whatever its case. The query must be specific: a
request of access is answered with one person's data, never with a namesake's.

Records found are grouped into identities. A name alone never makes one person: two
people may share it. Records under one name (its words in any order, so « Martin Paul »
is « Paul Martin ») are one identity when they share phone numbers or e-mails, chained
(a record with the phone, one with the phone and the e-mail, one with the e-mail); a
name with separate such groups is as many identities, and its records giving neither a
phone nor an e-mail belong to none of them (they are one more identity, to choose too).
Records with no name are joined by their phone number or e-mail to the one named
identity that uses it, if any. When several identities answer, the person exporting
picks one (or types more). Each identity then gathers, through its phone numbers and
e-mails only, the records giving them (unless another named person uses them too: a
family's shared phone never leaks a relative's records) and those opened from its
contacts; identities of one name that end up sharing records are one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from spplus_desk.domain.contact_details import parse_phone
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.journal import fold
from spplus_desk.domain.retention import RecordType
from spplus_desk.domain.validation import clean_text

MIN_QUERY_LENGTH = 3
MAX_QUERY_WORDS = 8
MAX_LISTED = 12  # identities named in a refusal; the others are counted
MASK = "••"
_WORD = re.compile(r"\w+", re.UNICODE)
QUERY_FIELD = "La recherche"
TOO_SHORT = (
    "Tapez au moins 3 caractères : le nom et le prénom de la personne, son numéro de "
    "téléphone ou son adresse électronique."
)
RECORD_NAMES: dict[RecordType, tuple[str, str]] = {
    RecordType.CONTACT: ("contact", "contacts"),
    RecordType.REQUEST: ("demande", "demandes"),
    RecordType.ERROR_CASE: ("dossier du droit à l'erreur", "dossiers du droit à l'erreur"),
    RecordType.FEEDBACK: ("avis", "avis"),
}


class QueryKind(StrEnum):
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class PersonQuery:
    text: str  # as typed, cleaned
    kind: QueryKind
    words: tuple[str, ...] = ()  # a name's words, folded
    phone: str = ""  # the number without spaces: « 0612345678 », « +442079460958 »
    email: str = ""  # in lower case

    def matches(self, name: str, phone: str, email: str) -> bool:
        if self.kind is QueryKind.NAME:
            return set(self.words) <= set(name_words(name))
        if self.kind is QueryKind.PHONE:
            return bool(phone) and phone_key(phone) == self.phone
        return bool(email) and email_key(email) == self.email


def parse_person_query(text: str) -> PersonQuery:
    """What the query is (a name, a phone, an e-mail), or a French refusal."""
    cleaned = clean_text(text, field=QUERY_FIELD)
    if len(cleaned) < MIN_QUERY_LENGTH:
        raise UserError(TOO_SHORT)
    if "@" in cleaned:
        if " " in cleaned:
            raise UserError(
                f"« {cleaned} » n'est pas une adresse électronique : elle s'écrit sans espace."
            )
        return PersonQuery(cleaned, QueryKind.EMAIL, email=email_key(cleaned))
    if not any(ch.isalpha() for ch in cleaned):
        if not any(ch.isdigit() for ch in cleaned):  # signs only: nothing to look for
            raise UserError(TOO_SHORT)
        return PersonQuery(cleaned, QueryKind.PHONE, phone=parse_phone(cleaned).replace(" ", ""))
    words = name_words(cleaned)
    if not words:
        raise UserError(TOO_SHORT)
    if len(words) > MAX_QUERY_WORDS:
        raise UserError(f"Cherchez avec {MAX_QUERY_WORDS} mots au plus.")
    return PersonQuery(cleaned, QueryKind.NAME, words=tuple(words))


def name_words(name: str) -> list[str]:
    """A name's words in lower case without accents."""
    return [word for word in (fold(w).replace("_", "") for w in _WORD.findall(name)) if word]


def name_key(name: str | None) -> str | None:
    """The name as one identity: its folded words sorted, so « Paul MARTIN » and
    « Martin Paul » are both « martin paul »; None without a name."""
    words = sorted(name_words(name or ""))
    return " ".join(words) or None


def phone_key(phone: str) -> str:
    """The number without spaces, as stored numbers are compared."""
    try:
        return parse_phone(phone).replace(" ", "")
    except UserError:
        return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def email_key(email: str) -> str:
    return email.strip().casefold()


def mask_phone(phone: str) -> str:
    """« 06 •• •• •• 78 »: enough to tell two people apart, not to call them."""
    key = phone_key(phone)
    if len(key) == 10 and key.isdigit():
        return f"{key[:2]} {MASK} {MASK} {MASK} {key[-2:]}"
    return f"{key[:3]}{MASK}{key[-2:]}"


def mask_email(email: str) -> str:
    """« p•••@exemple.fr »."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local[:1]}{MASK}@{domain}" if local else f"{MASK}@{domain}"


@dataclass(frozen=True, slots=True)
class Sighting:
    """A record that names or reaches a person: a contact, a right-to-error case or a
    feedback entry (requests carry no identity of their own: they follow a contact)."""

    record_type: RecordType
    id: uuid.UUID
    name: str
    phone: str
    email: str
    contact_id: uuid.UUID | None = None  # the contact it came from, if any

    @property
    def name_key(self) -> str | None:
        return name_key(self.name)

    @property
    def links(self) -> frozenset[str]:
        """The phone and e-mail it reaches the person by, as comparable keys."""
        keys = set()
        if self.phone:
            keys.add(f"tel:{phone_key(self.phone)}")
        if self.email:
            keys.add(f"mail:{email_key(self.email)}")
        return frozenset(keys)


@dataclass(frozen=True, slots=True)
class SightingGroup:
    """The records of one identity. ``key`` names it for the person's choice."""

    key: str
    name_key: str | None
    sightings: tuple[Sighting, ...]

    def ids(self, record_type: RecordType) -> list[uuid.UUID]:
        return [s.id for s in self.sightings if s.record_type is record_type]

    def owns(self, name: str) -> bool:
        """Whether a record with this name may be this identity's: unnamed, or named
        alike."""
        key = name_key(name)
        return key is None or key == self.name_key

    @property
    def links(self) -> frozenset[str]:
        return frozenset(link for sighting in self.sightings for link in sighting.links)

    def shares(self, others: Iterable[Sighting]) -> bool:
        """Whether another named person is among ``others`` (who use one of its links)."""
        return any(s.name_key is not None and s.name_key != self.name_key for s in others)


def group_sightings(sightings: Iterable[Sighting]) -> list[SightingGroup]:
    """The identities among records found, named ones first, each in a stable order."""
    named: dict[str, list[Sighting]] = {}
    unnamed: list[Sighting] = []
    for sighting in _distinct(sightings):
        key = sighting.name_key
        if key is None:
            unnamed.append(sighting)
        else:
            named.setdefault(key, []).append(sighting)
    held = {g.key: g for key, found in named.items() for g in _name_groups(key, found)}
    users: dict[str, set[str]] = {}  # link -> the named identities that use it
    for group in held.values():
        for link in group.links:
            users.setdefault(link, set()).add(group.key)
    joined: dict[str, list[Sighting]] = {key: [] for key in held}
    alone: list[Sighting] = []
    for sighting in unnamed:
        owners = set().union(*(users.get(link, set()) for link in sighting.links))
        if len(owners) == 1:
            joined[owners.pop()].append(sighting)
        else:
            alone.append(sighting)
    groups = [
        SightingGroup(key, group.name_key, group.sightings + tuple(joined[key]))
        for key, group in sorted(held.items())
    ]
    return groups + _by_links(alone)


def _name_groups(key: str, found: Sequence[Sighting]) -> list[SightingGroup]:
    """The people under one name: one per group of shared phones and e-mails. Records
    giving neither join the name's only group, or are apart when there are several."""
    linked = _by_links([s for s in found if s.links])
    if len(linked) <= 1:
        return [SightingGroup(f"nom:{key}", key, tuple(found))]
    groups = [SightingGroup(f"nom:{key}|{g.key}", key, g.sightings) for g in linked]
    bare = tuple(s for s in found if not s.links)
    return groups + ([SightingGroup(f"nom:{key}", key, bare)] if bare else [])


def merge_groups(groups: Sequence[SightingGroup]) -> list[SightingGroup]:
    """Identities of one name found to share records once gathered (through a record
    without a name giving both's phone and e-mail) are one person; if that leaves the
    name one identity with phones or e-mails, its records giving neither join it."""
    merged: list[SightingGroup] = []
    for group in groups:
        into = next(
            (
                i
                for i, other in enumerate(merged)
                if group.name_key is not None
                and other.name_key == group.name_key
                and _overlap(group, other)
            ),
            None,
        )
        if into is None:
            merged.append(group)
        else:
            merged[into] = _union(merged[into], group)
    if len(merged) == len(groups):
        return merged
    for name in {g.name_key for g in merged if g.name_key is not None}:
        same = [g for g in merged if g.name_key == name]
        bare = [g for g in same if not g.links]
        if len(same) == 2 and len(bare) == 1:
            linked = next(g for g in same if g.links)
            merged[merged.index(linked)] = _union(bare[0], linked)
            merged.remove(bare[0])
    return merge_groups(merged)


def _overlap(one: SightingGroup, other: SightingGroup) -> bool:
    return not {(s.record_type, s.id) for s in one.sightings}.isdisjoint(
        (s.record_type, s.id) for s in other.sightings
    )


def _union(first: SightingGroup, second: SightingGroup) -> SightingGroup:
    """The two as one identity, under the first's key."""
    sightings = _distinct((*first.sightings, *second.sightings))
    return SightingGroup(first.key, first.name_key, tuple(sightings))


def _distinct(sightings: Iterable[Sighting]) -> list[Sighting]:
    seen: dict[tuple[RecordType, uuid.UUID], Sighting] = {}
    for sighting in sightings:
        seen.setdefault((sighting.record_type, sighting.id), sighting)
    return list(seen.values())


def _by_links(sightings: Sequence[Sighting]) -> list[SightingGroup]:
    """Unnamed records joined when they share a phone or an e-mail (union-find)."""
    parent = list(range(len(sightings)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[str, int] = {}
    for index, sighting in enumerate(sightings):
        for link in sorted(sighting.links):
            if link in first_with:
                parent[root(index)] = root(first_with[link])
            else:
                first_with[link] = index
    members: dict[int, list[Sighting]] = {}
    for index, sighting in enumerate(sightings):
        members.setdefault(root(index), []).append(sighting)
    groups = [
        SightingGroup(min(link for s in found for link in s.links), None, tuple(found))
        for found in members.values()
        if any(s.links for s in found)
    ]
    return sorted(groups, key=lambda group: group.key)


def exact_group(groups: Sequence[SightingGroup], query: PersonQuery) -> SightingGroup | None:
    """The identity whose name is exactly the name asked (« Paul Martin », not « Paul
    Martin-Durand »): a full name needs no further choice."""
    if query.kind is not QueryKind.NAME:
        return None
    wanted = " ".join(sorted(query.words))
    exact = [group for group in groups if group.name_key == wanted]
    return exact[0] if len(exact) == 1 else None


@dataclass(frozen=True, slots=True)
class Identity:
    """One identity found, as shown to choose it: its names, its phone numbers and
    e-mail addresses masked, and how many records of each type it holds."""

    key: str
    names: tuple[str, ...]
    phones: tuple[str, ...]  # masked
    emails: tuple[str, ...]  # masked
    counts: tuple[tuple[RecordType, int], ...]

    @property
    def title(self) -> str:
        return " / ".join(self.names) or "Personne sans nom"

    @property
    def text(self) -> str:
        """« Paul Martin — 2 contacts, 1 demande — 06 •• •• •• 78 — p••@exemple.fr »"""
        held = ", ".join(
            count_text(count, *RECORD_NAMES[record_type])
            for record_type, count in self.counts
            if count
        )
        return " — ".join(part for part in (self.title, held, *self.phones, *self.emails) if part)


def identity_of(group: SightingGroup, requests: int) -> Identity:
    sightings = group.sightings
    # One spelling of the name: the one written most often (« Paul Martin », not also
    # « Paul MARTIN »), the first of them on a tie.
    spelt = [" ".join(s.name.split()) for s in sightings if s.name.strip()]
    names = [max(spelt, key=spelt.count)] if spelt else []
    counts = {record_type: len(group.ids(record_type)) for record_type in RecordType}
    counts[RecordType.REQUEST] = requests
    return Identity(
        key=group.key,
        names=tuple(names[:3]),
        phones=tuple(_first_seen(mask_phone(s.phone) for s in sightings if s.phone)[:3]),
        emails=tuple(_first_seen(mask_email(email_key(s.email)) for s in sightings if s.email)[:3]),
        counts=tuple((record_type, counts[record_type]) for record_type in RecordType),
    )


def _first_seen(values: Iterable[str]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


class AmbiguousPersonError(UserError):
    """The query answers for several people: the export waits for a choice."""

    def __init__(self, query: str, identities: Sequence[Identity]) -> None:
        self.query = query
        self.identities = tuple(identities)
        lines = [f"  – {identity.text}" for identity in self.identities[:MAX_LISTED]]
        left = len(self.identities) - MAX_LISTED
        if left > 0:
            lines.append(f"  – et {count_text(left, 'autre', 'autres')}")
        super().__init__(
            f"« {query} » correspond à {len(self.identities)} personnes différentes :\n"
            + "\n".join(lines)
            + "\nPrécisez la recherche : le nom et le prénom en entier, le numéro de "
            "téléphone ou l'adresse électronique de la personne."
        )


def nobody_found(query: str) -> UserError:
    return UserError(
        f"Aucune donnée ne correspond à « {query} » (les données anonymisées ne sont plus "
        "rattachées à personne). Vérifiez l'orthographe, ou cherchez par téléphone ou "
        "par adresse électronique."
    )
