"""The HTML reader's per-piece text work gives what the whole-text work it replaced gives.

Line breaks between digits used to be joined in one regex pass over a table's text or the
report container's text, before it was cut into cells or paragraphs at the markers; they are
now joined in each cell or paragraph, and only where a line break sits inside it. A table's
text used to be normalised whole, then cut into cells and each cell's whitespace collapsed;
now the cells are collapsed first and only what is left is normalised. The references are the
whole-text passes, kept here.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import html
from assistant.parsing.normalise import normalise_text

EXAMPLES = settings(max_examples=500, deadline=None, derandomize=True, database=None)

_PIECES = st.text(alphabet=st.sampled_from(["1", "２", "a", "一", " ", "\t", "\n", "\r", "\xa0", "\u3000"]),
                  max_size=12)
_MARKS = st.sampled_from([html._CELL, html._OPENS, html._ENDS, html._HOLDS_TABLE])


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


def cell_texts_of_the_whole_text(text: str, count: int) -> list[str]:
    """The cells' texts as first read: the whole table's text normalised, then cut."""
    whole = normalise_text(html._DIGIT_BREAK.sub(r"\1", text))
    return [" ".join(piece.split()) for piece in whole.split(html._CELL)[1:count + 1]]


# every kind of character normalise_text changes or deletes, whitespace str.split knows and it
# does not, digits (ASCII and full width), line breaks, and the cell mark
_CELL_CHARS = st.sampled_from(["1", "２", "a", "一", " ", "\t", "\n", "\r", "\xa0", "\u3000", "\u2003",
                               "\x1c", "\x1f", "\x0b", "\x85", "\u2028", "\u200b", "\xad", "\ufeff",
                               "\x07", "\x7f", "\uff0d", "\u2212", "\uff0e", html._CELL])


@EXAMPLES
@given(st.text(alphabet=_CELL_CHARS, max_size=30), st.integers(0, 8))
def test_cells_collapsed_then_normalised_as_normalised_whole(text: str, count: int) -> None:
    assert html._cell_texts(text, count) == cell_texts_of_the_whole_text(text, count)


def test_a_pages_own_marker_opener_is_text() -> None:
    # bytes: a page given as text has every noncharacter removed
    page = "<html><body><p>一、总体情况\ufdd5</p><div>a\ufdd5\ufdd5b<p>\ufdd5c</p></div></body></html>"
    assert html.html_document(page.encode(), name="x").text == "一、总体情况\ufdd5\na\ufdd5\ufdd5b\n\ufdd5c"
