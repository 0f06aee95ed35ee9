"""normalise_text's shortcut for a text with nothing to map, against the regex it skips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import normalise


def _reference(text: str) -> str:
    """normalise_text before the shortcut: the regex's sub over every text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    table = normalise._translation()
    return normalise._odd_characters().sub(lambda m: table[ord(m.group())] or "", text)


# Every character normalise_text maps, and printable and non-printable ones it keeps.
_ODD = "".join(chr(c) for c in normalise._translation())
_CHARS = st.one_of(
    st.sampled_from(list(_ODD)),
    st.sampled_from(["本", "a", " ", "\n", "\r", "，", "／", "\uff0f", "\u2028", "\u2029", "\u2013",
                     "\u00a1", "\u2061", "\ue000", "\U0001f600", "\x85", "１"]),
    st.characters(),
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join))
def test_normalise_text_as_the_regex(text: str) -> None:
    assert normalise.normalise_text(text) == _reference(text)


def test_every_printable_odd_character_is_looked_for() -> None:
    """What the shortcut's isprintable() lets through is exactly _PRINTABLE_ODD."""
    printable = {ch for ch in _ODD if ch.isprintable()}
    assert printable == set(normalise._PRINTABLE_ODD)
    for ch in _ODD:
        assert normalise._may_have_odd("本" + ch + "a")
