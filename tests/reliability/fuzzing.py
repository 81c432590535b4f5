"""What the fuzz tests type: arbitrary text with what real input holds and databases
choke on (NUL, right-to-left marks, emoji, lone surrogates, 100 kB pastes), the
hypothesis profile that keeps them quick, and the one rule every input obeys: accepted
and read back as saved, or refused with a French sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from spplus_desk.domain.errors import UserError
from spplus_desk.services.desk import Desk
from tests.reliability.entry_points import Echo, Entry

PROFILE = "fiabilite"
settings.register_profile(
    PROFILE,
    max_examples=30,  # per entry point: the suite stays fast, the nasty texts come first
    deadline=None,  # each example saves to a database
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile(PROFILE)

NASTY = (
    "\x00",  # PostgreSQL refuses it in text
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\ufeff",  # a byte order mark pasted from a file
    "\ud800",  # lone surrogates: what Python makes of undecodable bytes
    "\udcff",
    "😀",
    "👩🏽‍⚕️",
    "\x1b",
    "\r\n",
    "\u2028",
    "\x85",
    "\u00a0",
    "\u202f",
    "e\u0301",
    "%_\\'\";--",
    "ﷺ",
    "𝕏",
)
_PIECE = st.one_of(st.characters(), st.text(max_size=3), st.sampled_from(NASTY))
_SHORT = st.lists(_PIECE, max_size=25).map("".join)
# A 100 kB paste: a few pieces repeated, so it is cheap to make and to shrink.
_HUGE = st.lists(_PIECE, min_size=1, max_size=3).map(
    lambda pieces: "".join(pieces) * (100_000 // max(1, len("".join(pieces))))
)
TEXT = st.one_of(st.sampled_from(NASTY), _SHORT, _HUGE)

_FRENCH = re.compile(
    r"[àâçéèêëîïôûùœ«]|\b[cdjlmnst]'|\b(le|la|les|de|des|du|un|une|est|sont|pas|ne|en|"
    r"au|aux|et|ou|pour|par|plus|vous|non|reconnu|choix|valeur|option|obligatoire)\b",
    re.IGNORECASE,
)
_ENGLISH = re.compile(
    r"\b(the|is|not|must|cannot|expected|required|unrecognized|please|error)\b", re.IGNORECASE
)
# A failing example 100 kB long: hypothesis warns that printing it is costly; it is
# what there is to print.
LARGE_REPR = "ignore:Generating overly large repr"


def assert_french(message: str, typed: Sequence[str] = ()) -> None:
    """One French sentence; what the person typed, quoted back in « » (or as the
    command line's words), is left out of the language check."""
    assert message.strip(), "an empty message"
    assert "Traceback" not in message
    said = re.sub(r"«.*?»", " ", message, flags=re.DOTALL)
    for text in typed:
        for form in {text, text.strip(), repr(text)}:
            if len(form.strip()) > 1:
                said = said.replace(form, " ")
    assert _FRENCH.search(said), f"not a French sentence: {message!r}"
    assert not _ENGLISH.search(said), f"English words: {message!r}"


def accepted_or_refused(entry: Entry, desk: Desk, text: str) -> Echo | None:
    """Run one entry point: None when it refused the text with a French sentence."""
    try:
        echo = entry(desk, text)
    except UserError as error:
        assert_french(error.message)
        return None
    assert echo.stored == echo.shown, "what was saved is not what the screen was told"
    if echo.typed is not None:
        assert isinstance(echo.stored, str)
        assert echo.stored.split() == echo.typed.split(), "the words typed were changed"
    return echo
