"""normalise._odd_glyphs (UTF-16 high bytes) against the character class it counts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import normalise

_CHARS = st.sampled_from(["本", "a", "\n", "\ufffd", "\ufffe", "\ue000", "\udfff", "\ud800", "\uf8ff",
                          "\uf900", "\udfe0", "\U000f0000", "\U0010fffd", "\U0001f600", "\ue0ff",
                          "\u00e0", "\u20ac", "\uff0c"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS, max_size=80).map("".join))
def test_odd_glyphs_counts_the_class(text: str) -> None:
    assert normalise._odd_glyphs(text) == len(normalise._ODD_GLYPH.findall(text))
