"""Reading a report from a PDF with a text layer: ruled tables from the page geometry, the
narrative from the text outside them.

Each page is read into characters (with their boxes) and ruling edges — by pdfium
(``pypdfium2``, fast) or, should pdfium fail on a file, by pdfminer (``pdfplumber``). Tables
are found where ruling lines cross (pdfplumber's ``TableFinder`` over those edges), and each
cell's text is the characters inside it, wrapped lines joined. A ruled table often frames
narrative too (reports laid out as one big Word table): rows holding a single cell of prose
or a section heading are narrative, not table. The table rows left become a
:class:`~assistant.parsing.document.Grid` with its merged cells resolved from the geometry;
a table cut by a page break is joined with its continuation on the next page. Label cells
that are empty (the blank sub-item cell beside "（六）其他处理", a label cell continued on a
new page) are left out, so that they never read as a blank value.

The narrative is every text line outside the tables, page numbers ("- 3 -") dropped, wrapped
lines joined into paragraphs by the page geometry (a paragraph starts indented or after a
short line). A page without any text (a scan) is named: when no page has text the file is
unreadable; otherwise the reader says which pages could not be read. No OCR is attempted.
"""

from __future__ import annotations

import bisect
import io
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from assistant.errors import UnreadableInput
from assistant.findings import Finding, Severity
from assistant.parsing.document import Block, Document, Grid, GridCell, Paragraph, document_from_blocks
from assistant.parsing.normalise import normalise_text, number_text

MAX_PAGES = 200  # a report is a few pages; beyond this the file is something else
MAX_CHARS_PER_PAGE = 50_000
MAX_EDGES_PER_PAGE = 20_000
_Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points, top of the page is 0)
_Y_PAGE = 100_000.0  # pages stacked: y + page index * this keeps rows of joined tables apart
_TOL = 3.0  # points: cell edges closer than this are one grid line
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    edges: list[dict[str, Any]]  # pdfplumber edge dicts: x0, x1, top, bottom, orientation…
    unmapped: int = 0  # glyphs whose text the file does not say (no ToUnicode map)


@dataclass
class PdfRead:
    document: Document
    findings: list[Finding] = field(default_factory=list)


# --- reading pages ----------------------------------------------------------------------------


def read_pages(data: bytes, *, name: str, engine: str = "auto") -> list[PageContent]:
    """Characters and ruling edges of every page: pdfium first, pdfminer when pdfium fails
    (``engine`` "pdfium" or "pdfminer" forces one, for tests and comparisons)."""
    if engine == "pdfminer":
        return _pages_pdfminer(data, name)
    if engine == "pdfium":
        return _pages_pdfium(data, name)
    try:
        return _pages_pdfium(data, name)
    except UnreadableInput:
        raise
    except Exception as pdfium_error:  # pdfium's errors are not typed: try the other reader
        try:
            return _pages_pdfminer(data, name)
        except UnreadableInput:
            raise
        except Exception as exc:
            raise UnreadableInput(
                f"{name} 不是有效的 PDF 文件或已损坏，无法读取（{_short(pdfium_error)}；{_short(exc)}）"
            ) from exc


def _short(exc: BaseException) -> str:
    text = str(exc).strip().split("\n", 1)[0][:120]
    return f"{type(exc).__name__}：{text}" if text else type(exc).__name__


def _pages_pdfium(data: bytes, name: str) -> list[PageContent]:
    with _PDFIUM_LOCK:  # pdfium is not thread-safe (the UI reads uploads in worker threads)
        return _pages_pdfium_locked(data, name)


def _pages_pdfium_locked(data: bytes, name: str) -> list[PageContent]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableInput(f"{name} 是加密的 PDF，需要密码才能打开，无法读取") from exc
        raise
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableInput(f"{name} 共 {len(pdf)} 页，不像年度报告（超过 {MAX_PAGES} 页），未读取")
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                left, bottom, right, top = page.get_mediabox()
                textpage = page.get_textpage()
                try:
                    chars, unmapped = _pdfium_chars(raw, textpage, top)
                finally:
                    textpage.close()
                edges = _pdfium_edges(raw, page, top)
            finally:
                page.close()
            pages.append(PageContent(index + 1, right - left, top - bottom, chars, edges, unmapped))
        return pages
    finally:
        pdf.close()


def _pdfium_chars(raw: Any, textpage: Any, page_top: float) -> tuple[list[Char], int]:
    count = min(textpage.count_chars(), MAX_CHARS_PER_PAGE)
    found: list[tuple[str, _Box, _Box]] = []
    unmapped = 0
    rect = raw.FS_RECTF()
    left, right, bottom, top = (raw.c_double() for _ in range(4))
    handle = textpage.raw
    pending_high = 0
    for i in range(count):
        if raw.FPDFText_IsGenerated(handle, i):
            continue
        code = raw.FPDFText_GetUnicode(handle, i)
        if 0xD800 <= code < 0xDC00:
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000 and pending_high:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if raw.FPDFText_HasUnicodeMapError(handle, i):
            unmapped += 1
            continue
        text = chr(code) if 0 < code < 0x110000 else ""
        if not text.strip() or not raw.FPDFText_GetLooseCharBox(handle, i, rect):
            continue
        loose = (rect.left, page_top - rect.top, rect.right, page_top - rect.bottom)
        tight = loose
        if raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top):
            tight = (left.value, page_top - top.value, right.value, page_top - bottom.value)
        found.append((text, loose, tight))
    heights = sorted(box[3] - box[1] for _, box, _ in found)
    usual = heights[len(heights) // 2] if heights else 0.0
    chars = []
    for text, loose, tight in found:
        box = loose
        if usual and max(loose[2] - loose[0], loose[3] - loose[1]) > 2.5 * usual:
            # pdfium's font box is wrong for some glyphs (seen in vertical label cells: a box
            # 200 points tall): a square of the usual size around the glyph's outline instead
            cx, cy = (tight[0] + tight[2]) / 2, (tight[1] + tight[3]) / 2
            box = (cx - usual / 2, cy - usual / 2, cx + usual / 2, cy + usual / 2)
        chars.append(Char(text, *box))
    return chars, unmapped


def _pdfium_edges(raw: Any, page: Any, page_top: float) -> list[dict[str, Any]]:
    """Axis-parallel straight segments of every path (inside forms too), as pdfplumber edges."""
    edges: list[dict[str, Any]] = []
    x = raw.c_float()
    y = raw.c_float()
    matrix = raw.FS_MATRIX()

    def transform(m: tuple[float, ...], px: float, py: float) -> tuple[float, float]:
        a, b, c, d, e, f = m
        return a * px + c * py + e, b * px + d * py + f

    def compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
        a1, b1, c1, d1, e1, f1 = inner
        a2, b2, c2, d2, e2, f2 = outer
        return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
                e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = p, q
        if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
            left, right = sorted((x0, x1))
            top = page_top - y0
            edges.append({"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left,
                          "height": 0.0, "orientation": "h", "object_type": "line"})
        elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
            upper, lower = sorted((page_top - y0, page_top - y1))
            edges.append({"x0": x0, "x1": x0, "top": upper, "bottom": lower, "width": 0.0,
                          "height": lower - upper, "orientation": "v", "object_type": "line"})

    def path(obj: Any, m: tuple[float, ...]) -> None:
        start: tuple[float, float] | None = None
        last: tuple[float, float] | None = None
        for s in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, s)
            if not raw.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = transform(m, x.value, y.value)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == raw.FPDF_SEGMENT_LINETO and last is not None:
                add(last, point)
            last = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                add(point, start)
                last = start
            if len(edges) > MAX_EDGES_PER_PAGE:
                return

    def walk(objects: Iterable[Any], outer: tuple[float, ...], depth: int) -> None:
        for obj in objects:
            if len(edges) > MAX_EDGES_PER_PAGE:
                return
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            if raw.FPDFPageObj_GetMatrix(obj, matrix):
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            else:
                own = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            m = compose(own, outer)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                path(obj, m)
            elif depth < 8:
                walk((raw.FPDFFormObj_GetObject(obj, k)
                      for k in range(raw.FPDFFormObj_CountObjects(obj))), m, depth + 1)

    handle = page.raw
    walk((raw.FPDFPage_GetObject(handle, k) for k in range(raw.FPDFPage_CountObjects(handle))),
         (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return edges[:MAX_EDGES_PER_PAGE]


def _pages_pdfminer(data: bytes, name: str) -> list[PageContent]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise UnreadableInput(f"{name} 是加密的 PDF，需要密码才能打开，无法读取") from exc
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise UnreadableInput(f"{name} 共 {len(pdf.pages)} 页，不像年度报告（超过 {MAX_PAGES} 页），未读取")
        pages = []
        for page in pdf.pages:
            chars = []
            unmapped = 0
            for c in page.chars[:MAX_CHARS_PER_PAGE]:
                text = str(c["text"])
                if text.startswith("(cid:"):
                    unmapped += 1
                elif text.strip():
                    chars.append(Char(text, float(c["x0"]), float(c["top"]), float(c["x1"]),
                                      float(c["bottom"])))
            edges = [dict(e) for e in page.edges[:MAX_EDGES_PER_PAGE]]
            pages.append(PageContent(page.page_number, float(page.width), float(page.height), chars,
                                     edges, unmapped))
            page.close()
        return pages


# --- characters into lines ----------------------------------------------------------------------


@dataclass
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(1.0, self.bottom - self.top)


def _dedupe(chars: Sequence[Char]) -> list[Char]:
    """Characters printed twice at the same place (fake bold) only once."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in chars:
        key = (c.text, round(c.x0), round(c.top))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _lines(chars: Sequence[Char]) -> list[Line]:
    """Characters grouped into text lines (top to bottom), each read left to right."""
    rows: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        middle = (c.top + c.bottom) / 2
        if bands and bands[-1][0] <= middle <= bands[-1][1]:
            rows[-1].append(c)
            continue
        rows.append([c])
        bands.append((c.top, c.bottom))
    return [_line(row) for row in rows]


_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _line(chars: list[Char]) -> Line:
    chars.sort(key=lambda c: c.x0)
    size = max(c.size for c in chars)
    parts: list[str] = []
    previous: Char | None = None
    for c in chars:
        if previous is not None and c.x0 - previous.x1 > 0.45 * size:
            parts.append(" ")
        parts.append(c.text)
        previous = c
    return Line(chars, "".join(parts), min(c.x0 for c in chars), max(c.x1 for c in chars),
                min(c.top for c in chars), max(c.bottom for c in chars))


def _join(left: str, right: str) -> str:
    """Two wrapped pieces of one text: no space between Chinese, a space between words."""
    if not left:
        return right
    if not right:
        return left
    if _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return f"{left} {right}"
    return left + right


def _cell_text(chars: Sequence[Char]) -> str:
    text = ""
    for line in _lines(chars):
        text = _join(text, line.text.strip())
    return normalise_text(text).strip()


# --- tables -------------------------------------------------------------------------------------


@dataclass
class _Cell:
    bbox: _Box  # x0, top, x1, bottom (top with the page offset)
    text: str


@dataclass
class _TablePart:
    """Rows of one found table that are table, not framed prose."""

    page: int
    cells: list[_Cell]
    x0: float
    x1: float
    top: float  # on its page, without offset
    bottom: float


class _EdgePage:
    """What pdfplumber's TableFinder reads from a page: its edges and box."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


_HEADING_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])")
_CAPTION = re.compile(
    r"第\s*二\s*十\s*条|单\s*位\s*[：:]|信\s*息\s*内\s*容|申\s*请\s*人\s*情\s*况|行\s*政\s*复\s*议|"
    r"行\s*政\s*诉\s*讼|勾\s*稽|法\s*人\s*或\s*其\s*他\s*组\s*织|^\s*[（(]?\s*表\s*[一二三四1-4]"
)


def _find_tables(page: PageContent) -> list[list[_Box]]:
    """The cells of each ruled table on the page, as pdfplumber finds them."""
    if not page.edges:
        return []
    from pdfplumber.table import TableFinder

    finder = TableFinder(cast(Any, _EdgePage(page.edges, page.width, page.height)))
    return [[cast(_Box, tuple(c)) for c in table.cells]
            for table in finder.tables]


def _rows(cells: Sequence[_Box]) -> list[list[_Box]]:
    by_top: dict[float, list[_Box]] = {}
    for cell in cells:
        by_top.setdefault(cell[1], []).append(cell)
    return [sorted(by_top[top]) for top in sorted(by_top)]


class _CharIndex:
    """A page's characters by the height of their middle, to find those inside a box fast."""

    def __init__(self, chars: Sequence[Char]) -> None:
        self.chars = sorted(chars, key=lambda c: c.top + c.bottom)
        self.middles = [(c.top + c.bottom) / 2 for c in self.chars]

    def inside(self, bbox: _Box) -> list[Char]:
        """The characters whose middle lies in the box (pdfplumber's rule for cell text)."""
        x0, top, x1, bottom = bbox
        lo = bisect.bisect_left(self.middles, top)
        hi = bisect.bisect_left(self.middles, bottom, lo)
        return [c for c in self.chars[lo:hi] if x0 <= (c.x0 + c.x1) / 2 < x1]


def _table_parts(page: PageContent, chars: Sequence[Char]) -> list[_TablePart]:
    """The table rows of each ruled table on the page (framed prose left out)."""
    parts: list[_TablePart] = []
    index = _CharIndex(chars)
    for cells in _find_tables(page):
        rows = _rows(cells)
        texts = [[_cell_text(index.inside(cell)) for cell in row] for row in rows]
        for run in _table_runs(texts):
            run_cells = [_Cell((c[0], c[1] + page.number * _Y_PAGE, c[2], c[3] + page.number * _Y_PAGE),
                               texts[r][k])
                         for r in run for k, c in enumerate(rows[r])]
            boxes = [c for r in run for c in rows[r]]
            parts.append(_TablePart(page.number, run_cells, min(b[0] for b in boxes),
                                    max(b[2] for b in boxes), min(b[1] for b in boxes),
                                    max(b[3] for b in boxes)))
    return parts


def _table_runs(texts: list[list[str]]) -> list[list[int]]:
    """Indices of the rows that form tables: runs holding a row of several cells, cut at rows of
    prose (a single cell with a section heading, a sentence or a long text); single-cell rows at
    either end of a run stay only when they are table captions."""
    def prose(row: list[str]) -> bool:
        if len(row) != 1:
            return False
        text = row[0].strip()
        if len(text) > 40 or text.endswith(("。", "；", ";")):
            return True
        return bool(_HEADING_LINE.match(text)) and not _CAPTION.search(text)

    runs: list[list[int]] = []
    current: list[int] = []
    for i, row in enumerate(texts):
        if prose(row):
            runs.append(current)
            current = []
        else:
            current.append(i)
    runs.append(current)
    out = []
    for run in runs:
        while run and len(texts[run[0]]) == 1 and not _CAPTION.search(texts[run[0]][0]):
            run = run[1:]
        while run and len(texts[run[-1]]) == 1 and not _CAPTION.search(texts[run[-1]][0]):
            run = run[:-1]
        if any(len(texts[i]) > 1 for i in run):
            out.append(run)
    return out


def _cluster(values: Iterable[float]) -> list[float]:
    """Grid lines: values closer than the tolerance are one line (the first of them)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _index(lines: list[float], value: float) -> int:
    i = bisect.bisect_left(lines, value - _TOL)
    return min(i, len(lines) - 1)


def _grid(parts: Sequence[_TablePart]) -> Grid:
    """One grid from table parts (a table and its continuations on the next pages)."""
    cells = [c for part in parts for c in part.cells]
    xs = _cluster(v for c in cells for v in (c.bbox[0], c.bbox[2]))
    ys = _cluster(v for c in cells for v in (c.bbox[1], c.bbox[3]))
    placed: list[tuple[int, int, int, int, str]] = []
    for c in cells:
        col = _index(xs, c.bbox[0])
        row = _index(ys, c.bbox[1])
        colspan = max(1, _index(xs, c.bbox[2]) - col)
        rowspan = max(1, _index(ys, c.bbox[3]) - row)
        placed.append((row, col, rowspan, colspan, c.text))
    n_cols = max(1, len(xs) - 1)
    # Values sit right of the labels: from the first column any number is printed in.
    first_value = min((col for _, col, _, _, text in placed if number_text(text) is not None),
                      default=n_cols)
    grid_cells: list[GridCell] = []
    slots: dict[tuple[int, int], int] = {}
    for row, col, rowspan, colspan, text in sorted(placed):
        if not text and col + colspan <= first_value:
            continue  # an empty label cell: no value, never a blank value
        index = len(grid_cells)
        grid_cells.append(GridCell(text, row, col, rowspan, colspan))
        for r in range(row, row + rowspan):
            for k in range(col, col + colspan):
                slots.setdefault((r, k), index)
    n_rows = max((r + s for r, _, s, _, _ in placed), default=0)
    return Grid(tuple(grid_cells), n_rows, n_cols, slots)


# --- page furniture and paragraphs ------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_·•]?\s*\d{1,3}\s*[-—–－_·•]?|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?|"
    r"\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_NUMBER_RUN = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:[ \t|]+\d+(?:\.\d+)?){2,}(?![\d.])")
_PARA_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,2}\s*[.．、]"
    r"(?!\d)|[一二三四五六七八九十]是)"
)


def _furniture(line: Line, page: PageContent, first: bool, last: bool) -> bool:
    """A page number printed above or below the text."""
    if not (first or last):
        return False
    near_edge = line.top < page.height * 0.12 or line.bottom > page.height * 0.85
    return near_edge and bool(_PAGE_NUMBER.match(line.text))


@dataclass
class _Margins:
    left: float
    right: float
    size: float  # the body text's line height


def _margins(lines: Sequence[Line]) -> _Margins | None:
    body = [ln for ln in lines if len(ln.text) >= 12]
    if not body:
        return None
    lefts = Counter(round(ln.x0) for ln in body)
    left = float(min(v for v, n in lefts.items() if n == max(lefts.values())))
    right = max(ln.x1 for ln in body)
    sizes = sorted(ln.size for ln in body)
    return _Margins(left, right, sizes[len(sizes) // 2])


def _title_lines(a: Line, b: Line, margins: _Margins | None) -> bool:
    """Two lines of one title: both in a larger type than the body, one under the other."""
    if margins is None:
        return False
    large = 1.15 * margins.size
    return (a.size >= large and b.size >= large and abs(a.size - b.size) <= 0.1 * a.size
            and 0 <= b.top - a.bottom < 0.8 * a.size)


def _tabular(line: Line) -> bool:
    """A line of a table without ruling (three numbers in a row): never joined with others."""
    return _NUMBER_RUN.search(line.text) is not None


@dataclass
class _Flow:
    """Paragraphs built from wrapped lines, across pages."""

    blocks: list[Block]  # where finished paragraphs go
    text: str = ""
    last: Line | None = None
    open_ended: bool = False  # the paragraph so far ends at the right margin

    def flush(self) -> None:
        if self.text.strip():
            self.blocks.append(Paragraph(self.text.strip()))
        self.text = ""
        self.last = None
        self.open_ended = False

    def add(self, line: Line, margins: _Margins | None, new_page: bool) -> None:
        text = line.text.strip()
        size = line.size
        indented = margins is not None and line.x0 - margins.left > 0.8 * size
        continues = (
            self.open_ended and not indented and not _PARA_START.match(text) and not _tabular(line)
            and self.last is not None
            and (new_page or line.top - self.last.bottom < 1.2 * max(size, self.last.size))
        )
        if not continues and self.last is not None and not new_page and not _PARA_START.match(text):
            continues = _title_lines(self.last, line, margins)
        if continues:
            self.text = _join(self.text, text)
        else:
            self.flush()
            self.text = text
        self.last = line
        self.open_ended = (margins is not None and not _tabular(line)
                           and margins.right - line.x1 < 1.2 * size and not _centred(line, margins))


def _centred(line: Line, margins: _Margins) -> bool:
    """A centred line (a title) that happens to reach near the right margin: not wrapped text."""
    return line.x0 - margins.left > 3 * line.size


# --- the document ---------------------------------------------------------------------------------


def _page_list(numbers: Sequence[int]) -> str:
    """"1–3、5" for pages 1, 2, 3 and 5."""
    ranges: list[list[int]] = []
    for n in sorted(numbers):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return "、".join(f"{a}–{b}" if b > a else str(a) for a, b in ranges)


_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _has_text(page: PageContent) -> bool:
    """Whether the page has a text layer worth the name (a page number alone is not one)."""
    return sum(1 for c in page.chars if _WORD_CHAR.match(c.text)) >= 4


def pdf_document(data: bytes, *, name: str, engine: str = "auto") -> PdfRead:
    """The report in a PDF's text layer as a :class:`Document` (and what could not be read)."""
    pages = read_pages(data, name=name, engine=engine)
    if not pages:
        raise UnreadableInput(f"{name} 是没有页面的 PDF，无法读取")
    blank = [p.number for p in pages if not _has_text(p)]
    undecodable = [p.number for p in pages if p.number in blank and p.unmapped >= 4]
    if len(blank) == len(pages):
        if len(undecodable) == len(pages):
            raise UnreadableInput(
                f"{name} 的文字层无法解码（第{_page_list(undecodable)}页的字体没有字符编码映射，"
                "文字复制出来是乱码），无法读取；请索取 Word 版本或重新导出带文字的 PDF"
            )
        raise UnreadableInput(
            f"{name} 没有文字层：共 {len(pages)} 页，第{_page_list(blank)}页都只有图像"
            "（像是扫描件或图片），无法读取表格和文字。本工具不做文字识别；"
            "请向发布机关索取带文字的 PDF 或 Word 版本"
        )
    findings = []
    if blank:
        garbled = f"（其中第{_page_list(undecodable)}页的文字无法解码）" if undecodable else ""
        findings.append(Finding(
            code="parse.pages_without_text", severity=Severity.WARNING,
            message=f"{name} 第{_page_list(blank)}页没有可读取的文字层（像是扫描的图片）{garbled}，"
                    "这些页上的文字和表格未能读取；本工具不做文字识别。",
        ))
    return PdfRead(_blocks_document(pages), findings)


@dataclass
class _PageItems:
    page: PageContent
    items: list[tuple[float, Line | _TablePart]]


def _blocks_document(pages: Sequence[PageContent]) -> Document:
    laid_out: list[_PageItems] = []
    for page in pages:
        if not _has_text(page):
            continue
        chars = _dedupe(page.chars)
        parts = _table_parts(page, chars)
        outside = [c for c in chars if not any(_inside_part(c, p) for p in parts)]
        lines = _lines(outside)
        kept = [ln for i, ln in enumerate(lines)
                if not _furniture(ln, page, i == 0, i == len(lines) - 1)]
        items: list[tuple[float, Line | _TablePart]] = [(ln.top, ln) for ln in kept]
        items.extend((p.top, p) for p in parts)
        items.sort(key=lambda item: item[0])
        laid_out.append(_PageItems(page, items))

    blocks: list[Block] = []
    flow = _Flow(blocks)
    pending: list[_TablePart] = []  # a table, possibly continued on the next page

    def close_table() -> None:
        if pending:
            blocks.append(_grid(pending))
            pending.clear()

    for index, page_items in enumerate(laid_out):
        follows = index > 0 and laid_out[index - 1].page.number == page_items.page.number - 1
        if not follows:  # the first page, or pages without text between: nothing runs on
            flow.flush()
            close_table()
        margins = _margins([it for _, it in page_items.items if isinstance(it, Line)])
        for position, (_, item) in enumerate(page_items.items):
            if isinstance(item, _TablePart):
                flow.flush()
                continued = (position == 0 and bool(pending)
                             and _last_on_page(laid_out[index - 1], pending[-1])
                             and abs(pending[-1].x0 - item.x0) < 2 * _TOL
                             and abs(pending[-1].x1 - item.x1) < 2 * _TOL)
                if not continued:
                    close_table()
                pending.append(item)
                continue
            close_table()
            flow.add(item, margins, new_page=position == 0)
    flow.flush()
    close_table()
    return document_from_blocks(blocks)


def _last_on_page(page_items: _PageItems, part: _TablePart) -> bool:
    return bool(page_items.items) and page_items.items[-1][1] is part


def _inside_part(c: Char, part: _TablePart) -> bool:
    x = (c.x0 + c.x1) / 2
    y = (c.top + c.bottom) / 2
    return part.x0 <= x <= part.x1 and part.top <= y <= part.bottom
