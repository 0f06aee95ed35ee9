"""The HTML reader's per-piece text work gives what the whole-text work it replaced gives.

Line breaks between digits used to be joined in one regex pass over a table's text or the
report container's text, before it was cut into cells or paragraphs at the markers; they are
now joined in each cell or paragraph, and only where a line break sits inside it. The
reference is the whole-text pass, kept here.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import html

EXAMPLES = settings(max_examples=500, deadline=None, derandomize=True, database=None)

_PIECES = st.text(alphabet=st.sampled_from(["1", "２", "a", "一", " ", "\t", "\n", "\r", "\xa0", "\u3000"]),
                  max_size=12)
_MARKS = st.sampled_from([html._CELL, f"{html._MARKER}{html._OPEN}12{html._CLOSE}",
                          f"{html._MARKER}{html._END}3{html._CLOSE}"])


def whole_text_pass(text: str) -> str:
    return html._DIGIT_BREAK.sub(r"\1", text)


@EXAMPLES
@given(st.lists(st.tuples(_PIECES, _MARKS), max_size=6), _PIECES)
def test_digit_breaks_joined_per_piece_as_in_the_whole_text(parts: list[tuple[str, str]], last: str) -> None:
    text = "".join(piece + mark for piece, mark in parts) + last
    per_piece = "".join(html._join_digit_breaks(piece) + mark for piece, mark in parts)
    per_piece += html._join_digit_breaks(last)
    assert per_piece == whole_text_pass(text)


def test_a_number_broken_across_source_lines_is_one_number() -> None:
    assert html._join_digit_breaks(" 20 \n\t23 件\n") == " 2023 件\n"
    assert html._join_digit_breaks("\n 20\n") == "\n 20\n"
