"""Reading a report from an HTML page: the article's paragraphs and its real tables.

Government pages wrap the report in navigation, scripts and layout tables. The report is
taken from the smallest element holding its section headings and its data tables; text
inside it becomes paragraphs, leaf tables become :class:`Grid` objects with rowspan/colspan
resolved. Word-export HTML splits numbers across runs ("20</span><span>23"): inline elements
are joined without a space, and a line break in the source between two digits is dropped.
"""

from __future__ import annotations

import re

from lxml import etree

from assistant.errors import UnreadableInput
from assistant.parsing.document import (
    Block,
    Document,
    Grid,
    Paragraph,
    build_grid,
    document_from_blocks,
)
from assistant.parsing.normalise import decode_bytes, normalise_text
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIGIT_BREAK = re.compile(r"(?<=\d)[ \t]*[\r\n]+[ \t]*(?=\d)")
_SPACE = re.compile(r"\s+")
_LEADING_DIGITS = re.compile(r"\d{1,6}")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.]\s*(\S.{0,40})$")
_REPORT_TABLE = re.compile(r"自然人|结果维持|第二十条")
_TITLE_HINT = re.compile(r"政府信息公开|政务公开|年度报告|年报")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MAX_TABLE_CELL = 300  # a "cell" longer than this is page layout, not a report table


def html_document(data: bytes | str, *, name: str) -> Document:
    """The report in an HTML page as a :class:`Document`."""
    if isinstance(data, bytes):
        declared = _CHARSET.search(data[:4096])
        text = decode_bytes(data, name=name,
                            declared=declared.group(1).decode("ascii") if declared else None)
    else:
        text = data
    text = _XML_DECL.sub("", _CONTROL.sub("", text))
    if not text.strip():
        raise UnreadableInput(f"{name} 是空的，没有可读取的内容")
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True,
                                                       no_network=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput(f"{name} 不是可解析的 HTML：{exc}") from exc
    if root is None:
        raise UnreadableInput(f"{name} 不是可解析的 HTML")
    hint = _title_hint(root)
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_SKIP)):
        _drop(el)
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


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


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
    return any(_REPORT_TABLE.search(piece) for piece in block.pieces())


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
    inside = set(common.iter())
    return [block for block, el in blocks if el in inside]


# --- text and blocks -----------------------------------------------------------------------------


def _clean(raw: str) -> str:
    return _SPACE.sub(" ", _DIGIT_BREAK.sub("", raw)).strip()


def _all_text(el: etree._Element) -> str:
    """All text under an element, joined as the browser joins inline runs."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _grid(table: etree._Element) -> Grid | None:
    """A leaf table as a grid; ``None`` for page layout (tables holding tables or long text)."""
    if table.find(".//table") is not None:
        return None
    rows = []
    for tr in _rows(table):
        row = []
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            text = _clean(_all_text(cell))
            if len(text) > _MAX_TABLE_CELL and len(text.replace(" ", "")) > _MAX_TABLE_CELL:
                return None
            row.append((normalise_text(text), _span(cell, "rowspan"), _span(cell, "colspan")))
        rows.append(row)
    return build_grid(rows)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested in it)."""
    out = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(row for row in child if _tag(row) == "tr")
    return out


def _span(cell: etree._Element, attr: str) -> int:
    value = cell.get(attr)
    if value is None:
        return 1
    digits = _LEADING_DIGITS.match(str(value).strip())
    return int(digits.group()) if digits else 1


def _blocks(container: etree._Element) -> list[tuple[Block, etree._Element]]:
    """Paragraphs and data tables in document order, each with the element it came from."""
    blocks: list[tuple[Block, etree._Element]] = []
    buffer: list[str] = []
    source: list[etree._Element] = []

    def flush() -> None:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            blocks.append((Paragraph(text), source[0]))
        source.clear()

    def add(text: str, el: etree._Element) -> None:
        buffer.append(text)
        if not source and text.strip():
            source.append(el)

    stack: list[tuple[etree._Element, bool]] = [(container, False)]
    while stack:
        node, done = stack.pop()
        tag = _tag(node)
        parent = node.getparent()
        if done:
            if tag in _BLOCK:
                flush()
            if node is not container and node.tail and parent is not None:
                add(node.tail, parent)
            continue
        grid = _grid(node) if tag == "table" else None
        if grid is not None:
            flush()
            blocks.append((grid, node))
            if node is not container and node.tail and parent is not None:
                add(node.tail, parent)
            continue
        if tag in _BLOCK:
            flush()
        if node.text:
            add(node.text, node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node) if isinstance(child.tag, str))
    flush()
    return blocks
