"""Reading a report from an HTML page: the article's paragraphs and its real tables.

Government pages wrap the report in navigation, scripts and layout tables. The report is
taken from the smallest element holding its section headings and its data tables; text
inside it becomes paragraphs, leaf tables become :class:`Grid` objects with rowspan/colspan
resolved. Word-export HTML splits numbers across runs ("20</span><span>23"): inline elements
are joined without a space, and a line break in the source between two digits is dropped.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from assistant.errors import UnreadableInput
from assistant.parsing.document import (
    Block,
    Document,
    Grid,
    Paragraph,
    document_from_blocks,
    grid_from_shape,
)
from assistant.parsing.normalise import decode_with_codec, normalise_text
from assistant.parsing.sections import classify

_SKIP = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
    "select", "option", "button", "input", "textarea", "svg", "math", "canvas", "video",
    "audio", "map", "form",
})
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "address",
    "center", "fieldset", "figure", "figcaption", "main", "hr", "br", "tr", "td", "th",
    "table", "caption", "tbody", "thead", "tfoot", "body", "html",
})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROL_BYTE_LIST = tuple(bytes([byte]) for byte in _CONTROL_BYTES)
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # and UTF-32 LE

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIGIT_BREAK = re.compile(r"(\d)[ \t]*[\r\n]+[ \t]*(?=\d)")  # replaced by r"\1"
_SPACE = re.compile(r"\s+")
_LEADING_DIGITS = re.compile(r"\d{1,6}")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.]\s*(\S.{0,40})$")
_REPORT_TABLE = re.compile(r"自然人|结果维持|第二十条")
_TITLE_HINT = re.compile(r"政府信息公开|政务公开|年度报告|年报")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MAX_TABLE_CELL = 300  # a "cell" longer than this is page layout, not a report table


def html_document(data: bytes | str, *, name: str) -> Document:
    """The report in an HTML page as a :class:`Document`."""
    utf8: bytes | None = None  # the page as UTF-8 bytes, when those are exactly its text
    if isinstance(data, bytes):
        declared = _CHARSET.search(data[:4096])
        wide = data.startswith(_WIDE_BOMS)
        if not wide and any(byte in data for byte in _CONTROL_BYTE_LIST):
            # control bytes never occur inside a character of an ASCII-compatible encoding
            # (UTF-8, GB18030): deleting them from the bytes is the fast way (looked for
            # first, one byte value at a time: most pages have none)
            data = data.translate(None, _CONTROL_BYTES)
        text, codec = decode_with_codec(
            data, name=name, declared=declared.group(1).decode("ascii") if declared else None)
        if wide or any(mark in text for mark in _MARKS):
            text = _CONTROL.sub("", text)
        elif codec == "utf-8":
            utf8 = data
    else:
        text = _CONTROL.sub("", data)
    unwrapped = _XML_DECL.sub("", text)
    if unwrapped is not text and unwrapped != text:
        text, utf8 = unwrapped, None
    if not text or text.isspace():  # ``not text.strip()``, without copying the page
        raise UnreadableInput(f"{name} 是空的，没有可读取的内容")
    try:
        # lxml parses UTF-8 bytes faster than a str: the same page, told its encoding
        root = etree.fromstring(
            text if utf8 is None else utf8,
            etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                             encoding=None if utf8 is None else "utf-8"))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput(f"{name} 不是可解析的 HTML：{exc}") from exc
    if root is None:
        raise UnreadableInput(f"{name} 不是可解析的 HTML")
    hint = _title_hint(root)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_SKIP,
                         with_tail=False)
    body = root.find("body")
    blocks = _report_part(_blocks(body if body is not None else root))
    return document_from_blocks(blocks, title_hint=hint)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if type(tag) is not str:
        return ""
    if "}" in tag or ":" in tag:
        tag = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
    return tag.lower()


def _title_hint(root: etree._Element) -> str | None:
    """The page's <title>, <h1> or <h2> that names a year's annual report, if any."""
    for el in root.iter("title", "h1", "h2"):
        text = normalise_text(_SPACE.sub("", _all_text(el)))
        if _TITLE_HINT.search(text) and _YEAR.search(text):
            return text
    return None


# --- where the report is on the page ------------------------------------------------------------


def _is_mark(block: Block) -> bool:
    """A section heading or a report table: what the report's container must hold."""
    if isinstance(block, Paragraph):
        m = _HEADING.match(block.text) if len(block.text) <= 45 else None
        return m is not None and classify(m.group(1)) is not None
    return _REPORT_TABLE.search("\n".join([cell[0] for cell in block.cells])) is not None


def _report_part(blocks: list[tuple[Block, etree._Element]]) -> list[Block]:
    """The blocks inside the smallest element holding every heading and report table."""
    marks = [el for block, el in blocks if _is_mark(block)]
    if len(marks) < 2:
        return [block for block, _ in blocks]
    paths = [list(reversed([el, *el.iterancestors()])) for el in marks]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    inside: dict[etree._Element, bool] = {common: True}

    def within(el: etree._Element) -> bool:
        known = inside.get(el)
        if known is None:
            parent = el.getparent()
            known = inside[el] = parent is not None and within(parent)
        return known

    return [block for block, el in blocks if within(el)]


# --- text and blocks -----------------------------------------------------------------------------


_STRING = etree.XPath("string()")


def _all_text(el: etree._Element) -> str:
    """All text under an element, joined as the browser joins inline runs."""
    return str(_STRING(el))


_CELL = "\ufdd4"  # marks where each cell's text starts when a table is read in one go
_ONE_SLOT = (1, 1)  # a cell's (rowspan, colspan) without either attribute


_Shape = tuple[list[list[tuple[int, int]]], list[bool]]


def _table_shape(table: etree._Element) -> _Shape:
    """A leaf table's rows as (rowspan, colspan) per cell, and per row whether no cell of it
    has either attribute (each is one slot), each cell's text marked at its start with
    ``_CELL``."""
    shape: list[list[tuple[int, int]]] = []
    plain: list[bool] = []
    for tr in _rows(table):
        spans = []
        one_slot = True
        cells = list(tr.iterchildren("td", "th"))  # found by lxml, without reading each tag
        if len(cells) != len(tr):  # other children: one may be a td after all ("x:td")
            cells = [cell for cell in tr if _tag(cell) in ("td", "th")]
        for cell in cells:
            text = cell.text
            cell.text = _CELL if text is None else _CELL + text
            rowspan = cell.get("rowspan")
            colspan = cell.get("colspan")
            if rowspan is None and colspan is None:
                spans.append(_ONE_SLOT)
            else:
                one_slot = False
                spans.append((1 if rowspan is None else _span(rowspan),
                              1 if colspan is None else _span(colspan)))
        shape.append(spans)
        plain.append(one_slot)
    return shape, plain


def _grid(table: _Shape, text: str) -> Grid | None:
    """The grid of a table from its shape and its text (cells marked with ``_CELL``);
    ``None`` when a "cell" is page layout (long text)."""
    shape, plain = table
    count = sum(map(len, shape))
    cells = _cell_texts(text, count)
    cells += [""] * (count - len(cells))  # cells whose text did not come through
    if cells and max(map(len, cells)) > _MAX_TABLE_CELL and any(
            len(cell) > _MAX_TABLE_CELL and len(cell.replace(" ", "")) > _MAX_TABLE_CELL
            for cell in cells):
        return None
    return grid_from_shape(shape, plain, cells)


def _cell_texts(text: str, count: int) -> list[str]:
    """The text of each of the (at most) ``count`` cells of a table's text, where each cell's
    text starts with ``_CELL``: line breaks between digits joined, then normalised, its
    whitespace runs one space, stripped.

    Normalised after the whitespace is collapsed, on the short texts left (the same: what
    normalise_text maps a whitespace character to is whitespace, what it maps anything else
    to is not), and collapsed again only where normalising changed something. The
    characters that break this, whitespace that it deletes (U+001C-U+001F), are deleted
    first where there are any."""
    pieces = [_join_digit_breaks(piece) for piece in text.split(_CELL)[1:count + 1]]
    if any(char in text for char in _DELETED_WHITESPACE):
        pieces = [piece.translate(_DELETE_WHITESPACE) for piece in pieces]
    cells = [" ".join(piece.split()) for piece in pieces]
    joined = _CELL.join(cells)
    normalised = normalise_text(joined)
    if normalised == joined:
        return cells
    return [" ".join(piece.split()) for piece in normalised.split(_CELL)]


_DELETED_WHITESPACE = "\x1c\x1d\x1e\x1f"  # str.split's whitespace, deleted by normalise_text
_DELETE_WHITESPACE = dict.fromkeys(map(ord, _DELETED_WHITESPACE))


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested in it)."""
    out = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            # lxml names a row "tr" (lower case, no prefix): only another name needs _tag
            out.extend(row for row in child if row.tag == "tr" or _tag(row) == "tr")
    return out


def _join_digit_breaks(text: str) -> str:
    """``text`` with each line break between two digits taken out, with the spaces and tabs
    around it ("20\\n23" is 2023): Word-export HTML breaks numbers across source lines.

    Done on one paragraph's or one cell's text, never across a marker (none holds a line
    break), and only where a line break sits inside the text's whitespace-stripped core: the
    regex tries every character of the (mostly indentation) text it is given."""
    core = text.strip()
    if "\n" in core or "\r" in core:
        return _DIGIT_BREAK.sub(r"\1", text)
    return text


def _span(value: str) -> int:
    digits = _LEADING_DIGITS.match(str(value).strip())
    return int(digits.group()) if digits else 1


# markers: Unicode noncharacters, which html_document removes from a page before parsing (a
# page holding any of _MARKS has every noncharacter removed; _CLOSE, which closed the numbered
# markers of earlier versions, is still one of them, so that pages read as they did)
_OPEN, _CLOSE, _TABLE, _END = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
# Opens each marker, before its mark: the text is split at it. Not in _MARKS: a page's own
# "\ufdd5" can only open a marker before a mark, and a page with a mark in it has every
# noncharacter removed.
_MARKER = "\ufdd5"
_OPENS, _ENDS, _HOLDS_TABLE = _MARKER + _OPEN, _MARKER + _END, _MARKER + _TABLE
_KINDS = frozenset((_OPEN, _END, _TABLE))
# Block elements as lxml's HTML parser names them (lower case). Word's <o:p> closes a
# paragraph's last run: inline.
_BLOCK_ITER = tuple(sorted(_BLOCK))


def _blocks(container: etree._Element) -> list[tuple[Block, etree._Element]]:
    """Paragraphs and data tables in document order, each with the element it came from.

    Text runs between block boundaries (the start and end of a block element, a data table)
    form a paragraph, inline runs joined as the browser joins them. Done in lxml's C code:
    each block element gets a marker at its start and after its end, each table cell a
    marker at its start, and the container's text is read in one go and split at the markers.
    The markers carry no number: the block elements' start markers come in the order the
    elements were marked in (document order), and so do the data tables' markers.
    """
    elements: list[etree._Element] = [container]
    grids: list[Grid] = []
    tables = list(container.iter("table"))
    for number, element in enumerate(tables):
        # a table holding tables is page layout: the next table in document order is in it
        # (``element.find(".//table") is not None``, without walking the table once more; the
        # tables emptied so far held no table)
        if number + 1 < len(tables) and any(
                above is element for above in tables[number + 1].iterancestors("table")):
            continue
        shape = _table_shape(element)
        text = etree.tostring(element, method="text", encoding=str, with_tail=False)
        grid = _grid(shape, text)
        if grid is None:
            continue  # page layout after all (its cell marks are dropped with the text)
        # the table's content out of the page's text: a marker in its place
        for child in list(element):
            element.remove(child)
        element.text = _HOLDS_TABLE
        grids.append(grid)
    container.text = _OPENS + (container.text or "")
    for el in container.iterdescendants(*_BLOCK_ITER):
        elements.append(el)
        el.text = _OPENS + (el.text or "")
        el.tail = _ENDS + (el.tail or "")
    text = etree.tostring(container, method="text", encoding=str, with_tail=False)
    opened, tables_read = iter(elements), iter(grids)
    blocks: list[tuple[Block, etree._Element]] = []
    open_blocks: list[etree._Element] = []  # the block elements the text is in, innermost last
    chunks = text.split(_MARKER)  # each after the first: a marker's mark, then a text run
    piece = chunks[0]
    for chunk in chunks[1:]:
        mark = chunk[:1]
        if mark not in _KINDS:  # the page's own U+FDD5, no marker: text
            piece += _MARKER + chunk
            continue
        if piece and not piece.isspace():
            _add_paragraph(piece, open_blocks[-1] if open_blocks else container, blocks)
        if mark == _OPEN:
            open_blocks.append(next(opened))
        elif mark == _END:
            if open_blocks:
                open_blocks.pop()
        else:
            blocks.append((next(tables_read), open_blocks[-1] if open_blocks else container))
        piece = chunk[1:]
    if piece and not piece.isspace():
        _add_paragraph(piece, open_blocks[-1] if open_blocks else container, blocks)
    return blocks


_MARKS = (_OPEN, _CLOSE, _TABLE, _END, _CELL)


def _add_paragraph(text: str, source: etree._Element,
                   blocks: list[tuple[Block, etree._Element]]) -> None:
    """The text between two markers as a paragraph, when anything is left of it."""
    text = " ".join(_join_digit_breaks(text).replace(_CELL, "").split())
    if text:
        blocks.append((Paragraph(text), source))
