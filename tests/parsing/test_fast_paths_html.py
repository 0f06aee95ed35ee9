"""The HTML reader's fast paths give what the plain way they replace gives (issue 13, speed).

Each is checked against its reference: the plain placement of cells one by one (as browsers do)
for ``grid_from_shape`` and ``build_grid``; ``table.find(".//table")`` while the tables are emptied one by one for
the next-table test of a layout table; the page's bytes with the control bytes deleted, its
text stripped, the grid's lines read by the fields' names.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from assistant.parsing import document, html
from assistant.parsing.document import Grid, GridCell, build_grid, grid_from_shape

EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True, database=None)

_SPAN = st.sampled_from([1, 1, 1, 1, 2, 3, 0, 7, 250])


@st.composite
def shapes(draw: st.DrawFn) -> tuple[list[list[tuple[int, int]]], list[bool], list[str]]:
    """Rows of (rowspan, colspan), which rows are marked plain (only rows of one-slot cells
    may be), and a text per cell."""
    shape = draw(st.lists(st.lists(st.tuples(_SPAN, _SPAN), max_size=6), max_size=8))
    plain = [all(span == (1, 1) for span in row) and draw(st.booleans()) for row in shape]
    texts = [f"c{i}" for i in range(sum(map(len, shape)))]
    return shape, plain, texts


def reference_grid(shape: list[list[tuple[int, int]]], texts: list[str]) -> Grid:
    """The plain placement: each cell in the first free slot of its row, one by one; a row
    stops at the first cell that would take the grid past MAX_SLOTS."""
    n_rows = len(shape)
    occupied: dict[tuple[int, int], int] = {}
    cells: list[GridCell] = []
    n_cols = 0
    pos = 0
    for r, row in enumerate(shape):
        row_texts = texts[pos:pos + len(row)]
        pos += len(row)
        c = 0
        for (rowspan, colspan), text in zip(row, row_texts, strict=True):
            while (r, c) in occupied:
                c += 1
            rowspan = max(1, min(rowspan, document.MAX_SPAN, n_rows - r))
            colspan = max(1, min(colspan, document.MAX_SPAN))
            if len(occupied) + rowspan * colspan > document.MAX_SLOTS:
                break
            index = len(cells)
            cells.append(GridCell(text, r, c, rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.setdefault((r + dr, c + dc), index)
            c += colspan
            n_cols = max(n_cols, c)
    return Grid(tuple(cells), n_rows, n_cols, occupied)


def assert_same_grid(made: Grid, plain: Grid) -> None:
    assert made == plain
    assert made._slots == plain._slots
    assert made.pieces() == plain.pieces()
    assert made.lines() == plain.lines()


@EXAMPLES
@given(shapes())
def test_grid_from_shape_is_build_grid(table: tuple[list[list[tuple[int, int]]], list[bool], list[str]]) -> None:
    shape, plain, texts = table
    assert_same_grid(grid_from_shape(shape, plain, texts), reference_grid(shape, texts))


@EXAMPLES
@given(shapes())
def test_build_grid_is_the_plain_placement(table: tuple[list[list[tuple[int, int]]], list[bool], list[str]]) -> None:
    shape, _, texts = table
    it = iter(texts)
    rows = [[(next(it), down, across) for down, across in row] for row in shape]
    assert_same_grid(build_grid(rows), reference_grid(shape, texts))


@EXAMPLES
@given(shapes(), st.integers(0, 30))
def test_grid_from_shape_stops_where_build_grid_does(
        table: tuple[list[list[tuple[int, int]]], list[bool], list[str]], limit: int) -> None:
    shape, plain, texts = table
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(document, "MAX_SLOTS", limit)
        assert_same_grid(grid_from_shape(shape, plain, texts), reference_grid(shape, texts))


def reference_lines(grid: Grid) -> list[str]:
    by_row: list[list[str]] = [[] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        if 0 <= cell.row < grid.n_rows:
            by_row[cell.row].append(cell.text)
    return [" | ".join(texts) for texts in by_row]


@EXAMPLES
@given(st.lists(st.tuples(st.text(max_size=3), st.integers(-2, 6), st.integers(0, 6)), max_size=12),
       st.integers(0, 5))
def test_lines_are_those_read_by_name(cells: list[tuple[str, int, int]], n_rows: int) -> None:
    grid = Grid(tuple(GridCell(t, r, c) for t, r, c in cells), n_rows, 7)
    assert grid.lines() == reference_lines(grid)


# --- a table holding tables: the next table is in it ------------------------------------------------


@st.composite
def nested_tables(draw: st.DrawFn, depth: int = 0) -> str:
    """Markup of tables in tables and in divs, some with cells, some without."""
    parts = []
    for _ in range(draw(st.integers(1 if depth == 0 else 0, 3))):
        kind = draw(st.sampled_from(["leaf", "leaf", "nest", "div"] if depth < 3 else ["leaf"]))
        if kind == "leaf":
            parts.append("<table><tr><td>1</td><td>2</td></tr></table>")
        elif kind == "nest":
            parts.append(f"<table><tr><td>{draw(nested_tables(depth + 1))}</td></tr></table>")
        else:
            parts.append(f"<div>x{draw(nested_tables(depth + 1))}</div>")
    return "".join(parts)


@EXAMPLES
@given(nested_tables())
def test_next_table_inside_is_find_table(markup: str) -> None:
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    tables = list(root.iter("table"))
    for number, element in enumerate(tables):
        fast = number + 1 < len(tables) and any(
            above is element for above in tables[number + 1].iterancestors("table"))
        assert fast == (element.find(".//table") is not None)
        if not fast:  # emptied as _blocks empties a data table
            for child in list(element):
                element.remove(child)
            element.text = "marker"


@EXAMPLES
@given(nested_tables())
def test_plain_rows_have_one_slot_cells(markup: str) -> None:
    markup = markup.replace("<td>1", '<td rowspan="2">1', 1)
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    for table in root.iter("table"):
        if table.find(".//table") is None:
            shape, plain = html._table_shape(table)
            assert len(shape) == len(plain)
            for row, one_slot in zip(shape, plain, strict=True):
                assert not one_slot or all(span == (1, 1) for span in row)


# --- the page's bytes and text ----------------------------------------------------------------------


@EXAMPLES
@given(st.binary(max_size=40) | st.lists(st.sampled_from([b"a", b"\xe4\xb8\x80", b"\t", b"\n",
                                                           b"\x01", b"\x1f", b"\x7f", b"\x0c"]),
                                          max_size=20).map(b"".join))
def test_control_bytes_are_looked_for_first(data: bytes) -> None:
    found = any(byte in data for byte in html._CONTROL_BYTE_LIST)
    assert found == (data.translate(None, html._CONTROL_BYTES) != data)


@EXAMPLES
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u3000\u2028a一"), max_size=8))
def test_blank_page_test_is_strip(text: str) -> None:
    assert (not text or text.isspace()) == (not text.strip())


def test_html_pages_with_layout_tables_read_as_before() -> None:
    page = ("<html><body><table><tr><td><p>一、总体情况</p><table><tr><td>自然人</td><td>3</td>"
            "</tr></table></td></tr></table><p>二、主动公开</p></body></html>")
    doc = html.html_document(page, name="x")
    assert [t.grid.lines() for t in doc.tables] == [["自然人 | 3"]]
    assert doc.text == "一、总体情况\n自然人 | 3\n二、主动公开"
