"""assemble._width, measured on the strict UTF-8 encoding, against the formula it stands for
(the "surrogatepass" encoding, which also measures lone surrogates)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import assemble

EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True, database=None)


def reference(line: str) -> int:
    return (len(line.encode("utf-8", "surrogatepass")) + len(line)) // 2


TRICKY = ["", "a", "本年", "é", "·×÷", "\ud800", "x\udfffy", "\ud83d\ude00", "😀", "𠀀本a",
          "\u07ff\u0800\uffff\U00010000\U0010ffff", "本\ud800年\udc00", "\x00\x7f\x80"]


def test_width_of_tricky_lines() -> None:
    for line in TRICKY:
        assert assemble._width(line) == reference(line), ascii(line)


@EXAMPLES
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=[]),
               max_size=40))
def test_width_is_the_formula(line: str) -> None:
    assert assemble._width(line) == reference(line)
