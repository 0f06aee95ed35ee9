"""Does quoted text match the article it is attributed to (after normalising punctuation and spaces)?"""

from __future__ import annotations

import re
import unicodedata

from assistant.corpus import CN_NUMERAL_CHARS

_ITEM_MARK = re.compile(rf"[（(][{CN_NUMERAL_CHARS}]+[）)]")
_ELLIPSIS = re.compile(r"…+|\.{3,}|⋯+|……")


def normalize_quote(text: str) -> str:
    """Width-folded text without punctuation, symbols, spaces or item markers ``（一）``."""
    text = unicodedata.normalize("NFKC", text)
    text = _ITEM_MARK.sub("", text)
    return "".join(
        ch for ch in text if not unicodedata.category(ch).startswith(("P", "S", "Z", "C")) and not ch.isspace()
    )


def quote_matches(quote: str, source: str) -> bool:
    """True when every ellipsis-separated part of ``quote`` occurs in ``source``, in order."""
    haystack = normalize_quote(source)
    position = 0
    parts = [normalize_quote(p) for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if not parts:
        return True
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def closest_passage(quote: str, sources: dict[str, str]) -> str | None:
    """The key of the source the quote matches, if any (to say where the words really are)."""
    return next((key for key, text in sources.items() if quote_matches(quote, text)), None)
