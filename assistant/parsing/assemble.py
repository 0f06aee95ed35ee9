"""From a read document to a :class:`~assistant.report.Report`: sections, tables, metadata."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.account.model import YearAccount
from assistant.cells import FormatVersion
from assistant.errors import UnreadableInput
from assistant.findings import Finding, SectionKey, Severity
from assistant.form import REPORT_NAME, TABLE_NAMES, TABLE_SECTIONS, section_heading, table
from assistant.parsing.document import Document, Grid, grid_stream, text_stream
from assistant.parsing.labels import RowPattern, header_noise, t2_patterns, t3_patterns
from assistant.parsing.meta import (
    agency_from_text,
    agency_from_title,
    detect_format,
    find_header_block,
    find_period,
    find_published,
    find_title,
    year_from_title,
)
from assistant.parsing.normalise import blank_page_furniture, looks_binary
from assistant.parsing.resolve import CellSink, settle_rows, settle_t3
from assistant.parsing.sections import Heading, find_headings
from assistant.parsing.tables import TableRead, read_rows, read_t4
from assistant.prebuilt import prebuilt
from assistant.report import Report, ReportMeta, Section

_TABLE_KEYS = TABLE_SECTIONS
# Words only the report's own tables print (headers and the first rows' labels).
_KIND_MARKS = {
    "t2": re.compile(r"第\s*二\s*十\s*条\s*第|信\s*息\s*内\s*容|本年制发件数|本年处理决定数量|"
                     r"本年新制作数量|上一年项目数量"),
    "t3": re.compile(r"本\s*年\s*新\s*收|申\s*请\s*人\s*情\s*况|勾\s*稽\s*关\s*系|本年度办理结果"),
    "t4": re.compile(r"结\s*果\s*维\s*持|复\s*议\s*后\s*起\s*诉|未经复议直接起诉"),
}
_T2_ANCHOR = re.compile(r"第\s*二\s*十\s*条\s*第")
_T3_ANCHOR = re.compile(r"[（(]\s*本\s*列\s*数\s*据|申\s*请\s*人\s*情\s*况")
_FALLBACK_ANCHORS = {
    "t2": _T2_ANCHOR,
    "t3": re.compile(r"本\s*年\s*新\s*收\s*政\s*府\s*信\s*息"),
    "t4": re.compile(r"结\s*果\s*维\s*持"),
}


@dataclass
class _Tables:
    sink: CellSink
    spans: list[tuple[int, int]]  # where table data sits in the document text
    found: set[str]


def grid_kinds(grid: Grid) -> set[str]:
    text = " ".join(grid.pieces())
    return {kind for kind, mark in _KIND_MARKS.items() if mark.search(text)}


def _region(key: SectionKey, headings: Sequence[Heading], text_len: int,
            stream: str, kind: str) -> tuple[int, int] | None:
    for i, heading in enumerate(headings):
        if heading.key is key:
            end = headings[i + 1].cut if i + 1 < len(headings) else text_len
            return heading.end, end
    anchor = _FALLBACK_ANCHORS[kind].search(stream)
    if anchor is None:
        return None
    later = [h.cut for h in headings if h.start > anchor.start()]
    start = max(0, anchor.start() - 200) if kind != "t2" else anchor.start()
    return start, (later[0] if later else text_len)


def _read_kind(kind: str, patterns: Sequence[RowPattern], stream: str, begin: int,
               end: int) -> TableRead:
    if kind == "t4":
        return read_t4(stream, begin, end)
    if kind == "t2":
        anchor = _T2_ANCHOR.search(stream, begin, end)
        if anchor is not None:
            read = read_rows(stream, patterns, anchor.start(), end, table_start=anchor.start())
            if read.rows:
                return read
        return read_rows(stream, patterns, begin, end, table_start=end)
    read = read_rows(stream, patterns, begin, end, table_start=end)
    if read.rows:
        anchor = _T3_ANCHOR.search(stream, begin, read.rows[0].start)
        if anchor is not None:
            read = TableRead(read.table, read.rows, read.missing, anchor.start(), read.end)
    return read


def _read_tables(doc: Document, headings: Sequence[Heading], version: FormatVersion,
                 data_grids: dict[int, set[str]]) -> _Tables:
    sink = CellSink()
    spans: list[tuple[int, int]] = []
    found: set[str] = set()
    text_stream_cache: list[str] = []
    for kind in ("t2", "t3", "t4"):
        patterns: Sequence[RowPattern] = (
            t2_patterns(version) if kind == "t2" else t3_patterns(version) if kind == "t3" else ()
        )
        grids = [doc.tables[i] for i, kinds in data_grids.items() if kind in kinds]
        read: TableRead | None = None
        if grids:
            stream = grid_stream([g.grid for g in grids])
            read = _read_kind(kind, patterns, stream, 0, len(stream))
            if read.rows:
                spans.extend((g.start, g.end) for g in grids)
        if read is None or not read.rows:
            if not text_stream_cache:
                text_stream_cache.append(text_stream(doc.text, 0, len(doc.text)))
            stream = text_stream_cache[0]
            region = _region(_TABLE_KEYS[kind], headings, len(doc.text), stream, kind)
            if region is not None:
                begin, end = region
                end = begin + len(doc.text[begin:end].rstrip())  # no cell in the line break
                read = _read_kind(kind, patterns, stream, begin, end)
            if kind == "t4" and (read is None or not read.rows or not read.anchored):
                # 表四 printed away from its heading (under 表三's): its header, anywhere
                elsewhere = read_t4(stream, 0, len(stream), strict=True)
                if elsewhere.rows:
                    read = elsewhere
            if read is not None and read.rows:
                spans.append(_widen(doc.text, read.start, read.end))
        if read is None or not read.rows:
            _report_missing_table(kind, headings, sink)
            continue
        found.add(kind)
        for pattern in read.missing:
            sink.add("parse.row_missing", Severity.ERROR, kind,
                     f"未找到{TABLE_NAMES[kind]}“{pattern.label}”行，该行单元格未能读取。",
                     cell=pattern.addresses[0], cells=pattern.addresses)
        if kind == "t3":
            settle_t3(read.rows, version, sink)
        else:
            settle_rows(read.rows, sink)
    return _Tables(sink, spans, found)


def _title_line(text: str, start: int, end: int) -> tuple[int, int]:
    """A title's span with the Markdown marks before it on its line ("# ")."""
    line_start = text.rfind("\n", 0, start) + 1
    return (line_start if not text[line_start:start].strip("#*> \t") else start), end


def _compact(text: str) -> str:
    return "".join(text.split())


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A table's span with the "|" and spaces that open its first and close its last line,
    and the header rows just above it that hold no text of the report (a converter's
    "| 类别 | 数据1 | … |" and its "|---|" rule)."""
    while start > 0 and text[start - 1] in " \t|":
        start -= 1
    while end < len(text) and text[end] in " \t|":
        end += 1
    while start > 0 and text[start - 1] == "\n":
        line_start = text.rfind("\n", 0, start - 1) + 1
        line = text[line_start:start - 1]
        if line.strip() and not _header_only(line):
            break
        start = line_start
    return start, end


_RULE_CELL = re.compile(r":?-{3,}:?")


def _header_only(line: str) -> bool:
    """A table row of column headers or a Markdown rule: nothing of the report's text."""
    if "|" not in line and "｜" not in line:
        return False
    return all(not cell or _RULE_CELL.fullmatch(cell) or header_noise().fullmatch(cell)
               for cell in (c.strip() for c in re.split(r"[|｜]", line)))


# The title of the section each table is printed in (the same in both formats).
_TITLES = {key: table(FormatVersion.V2021, key).title for key in TABLE_NAMES}


def _report_missing_table(kind: str, headings: Sequence[Heading], sink: CellSink) -> None:
    heading = next((h for h in headings if h.key is _TABLE_KEYS[kind]), None)
    if heading is not None:
        sink.add("parse.table_empty", Severity.ERROR, kind,
                 f"“{heading.text}”标题下没有读到{TABLE_NAMES[kind]}的表格数据。")
    else:
        sink.add("parse.table_missing", Severity.ERROR, kind,
                 f"未找到{TABLE_NAMES[kind]}（{_TITLES[kind]}）。")


def pieces_outside(text: str, start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[str]:
    """The pieces of ``text[start:end]`` outside ``holes``, in order."""
    pieces = []
    pos = start
    for h_start, h_end in sorted(holes):
        if h_end <= pos or h_start >= end:
            continue
        pieces.append(text[pos:max(pos, h_start)])
        pos = max(pos, min(h_end, end))
    pieces.append(text[pos:end])
    return pieces


def _cut(text: str, start: int, end: int, holes: Sequence[tuple[int, int]],
         page: int | None = None) -> str:
    """``text[start:end]`` without the parts in ``holes``, as trimmed lines."""
    # the pieces' trimmed lines, without joining the pieces and splitting them again
    lines: list[str] = []
    for piece in pieces_outside(text, start, end, holes):
        for line in piece.split("\n"):
            line = line.strip()
            if line:
                lines.append(line)
    if page is None or len(lines) < 2:
        return "\n".join(lines)
    return _unwrap_lines(lines, page)


_SENTENCE_END = frozenset("。！？!?")
_ITEM_START = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]"
                         r"|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]是|第[一二三四五六七八九十]|#)")


def _width(line: str) -> int:
    """Columns a line takes: two for a CJK character (three bytes in UTF-8), one for ASCII.

    Measured on the strict encoding, which takes the encoder's fast path (no codec name to
    look up); a lone surrogate, which only "surrogatepass" encodes (in three bytes), makes
    it fail, and the line is measured that way instead."""
    try:
        size = len(line.encode())
    except UnicodeEncodeError:
        size = len(line.encode("utf-8", "surrogatepass"))
    return (size + len(line)) // 2


def _table_gap(line: str) -> bool:
    """Three spaces, a tab or a "|" in the line: a table's row, not prose (substring tests
    rather than a regex, which would be tried at every position)."""
    return "   " in line or "\t" in line or "|" in line


def wrap_width(text: str) -> int | None:
    """The width (in half-width columns) at which a PDF viewer or converter broke the text's
    paragraphs into lines, or ``None`` when its paragraphs are not broken that way: the most
    common width of its prose lines, when many lines have it."""
    if not _has_lines(text, _MIN_PROSE):
        return None  # fewer lines than it takes, without splitting the text
    # the lines of 12 characters or more, but table rows (see _table_gap), stripped
    lines = [line.strip() for line in text.split("\n")
             if len(line) >= 12 and "|" not in line and "   " not in line and "\t" not in line]
    lines = [line for line in lines if len(line) >= 12]
    prose = len(lines)
    if prose < _MIN_PROSE:
        return None  # fewer than the 8 lines near the width it takes (measured or not)
    counts: dict[int, int] = {}  # a plain dict counted here: Counter's own code is Python
    for line in lines:
        width = _width(line)
        counts[width] = counts.get(width, 0) + 1
    page = _most_around(counts)
    near = sum(c for w, c in counts.items() if page - 4 <= w <= page + 4)
    if page < 30 or near < _MIN_PROSE or near * 4 < prose:
        return None
    return page


_MIN_PROSE = 8  # the prose lines near the width that wrap_width takes for a width


def _has_lines(text: str, n: int) -> bool:
    """Whether ``text`` has ``n`` lines or more: its first ``n - 1`` line breaks found."""
    pos = -1
    for _ in range(n - 1):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return False
    return True


def _most_around(counts: dict[int, int]) -> int:
    """The width with the most lines within 2 columns of it (the widest of those that tie):
    ``max(counts, key=lambda w: (lines within 2 of w, w))`` without a call per width."""
    get = counts.get
    best, best_near = -1, -1
    for w in counts:
        near = get(w - 2, 0) + get(w - 1, 0) + get(w, 0) + get(w + 1, 0) + get(w + 2, 0)
        if near > best_near or (near == best_near and w > best):
            best, best_near = w, near
    return best


def unwrap(text: str, page: int | None) -> str:
    """Paragraphs that a PDF viewer or converter broke into lines ``page`` columns wide joined
    again: a line that wide that does not end a sentence runs on into the next line (unless
    that one starts a numbered item)."""
    if page is None or "\n" not in text:
        return text
    return _unwrap_lines(text.split("\n"), page)


def _unwrap_lines(lines: list[str], page: int) -> str:
    """:func:`unwrap` of the text of ``lines`` (two or more)."""
    out = [lines[0]]
    # a line takes at most 5 columns per 2 characters (see _width): shorter lines than this
    # never reach the width, without measuring them
    shortest = (2 * (page - 4) + 4) // 5
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        if (len(prev) >= shortest and _width(prev) >= page - 4
                and prev.rstrip("”’\"）)")[-1:] not in _SENTENCE_END
                and not _table_gap(prev) and not _ITEM_START.match(line)):
            joined = out[-1]
            space = " " if joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum() else ""
            out[-1] = joined + space + line
        else:
            out.append(line)
    return "\n".join(out)


def _sections(text: str, headings: Sequence[Heading], holes: list[tuple[int, int]]) -> list[Section]:
    page = wrap_width(text)
    sections: list[Section] = []
    first = headings[0].cut if headings else len(text)
    preface = _cut(text, 0, first, holes, page)
    # Sections made without validation (prebuilt): every value below is of its field's type.
    if preface:
        sections.append(prebuilt(Section, {
            "key": SectionKey.PREFACE, "heading": "", "numeral": "", "text": preface,
            "offset": _first_text(text, first, holes)}, set(_PREFACE_FIELDS)))
    for i, heading in enumerate(headings):
        end = headings[i + 1].cut if i + 1 < len(headings) else len(text)
        sections.append(prebuilt(Section, {
            "key": heading.key,
            "heading": text[heading.start:heading.end].strip(),
            "numeral": heading.numeral,
            "text": _cut(text, heading.end, end, holes, page),
            "offset": heading.start,
        }))
    return sections


# What the parser sets of the preface (its heading and numeral are the defaults, unset).
_PREFACE_FIELDS = frozenset({"key", "text", "offset"})


_NOT_SPACE = re.compile(r"\S")


def _first_text(text: str, end: int, holes: Sequence[tuple[int, int]]) -> int:
    """The first position before ``end`` that is neither in a hole nor a space (0: none)."""
    pos = 0
    while pos < end:
        past = max((e for s, e in holes if s <= pos < e), default=None)
        if past is not None:
            pos = past  # all of the hole is skipped
            continue
        found = _NOT_SPACE.search(text, pos, end)
        if found is None:
            return 0
        if found.start() == pos:
            return pos
        pos = found.start()
    return 0


def build_report(doc: Document, *, source: str | None) -> Report:
    """The report read from ``doc``; ``UnreadableInput`` when it is no report at all."""
    name = source or "输入文本"
    text = doc.text
    if not text.strip():
        raise UnreadableInput(f"{name} 是空的，没有可读取的内容")
    if looks_binary(text):
        raise UnreadableInput(f"{name} 不是文本内容（像是二进制文件），无法作为年度报告读取")
    text = doc.text = blank_page_furniture(text)
    data_grids = {i: kinds for i, t in enumerate(doc.tables) if (kinds := grid_kinds(t.grid))}
    grid_spans = [(doc.tables[i].start, doc.tables[i].end) for i in data_grids]
    headings = find_headings(text, skip=grid_spans)
    block = find_header_block(text)
    printed_title = find_title(text, doc.title_hint)
    title = block.title or printed_title
    if title is not None and title.start >= 0:
        headings = [h for h in headings if h.start >= title.end]
    period_start, period_end = find_period(text)
    year = year_from_title(title.text) if title else None
    if year is None and period_start is not None:
        year = period_start.year
    version, basis = detect_format(text, year)
    tables = _read_tables(doc, headings, version, data_grids)
    if not headings and not tables.found:
        raise UnreadableInput(
            f"{name} 无法识别为{REPORT_NAME}：没有找到“{section_heading(SectionKey.OVERVIEW)}”等部分标题，"
            "也没有找到表二、表三、表四"
        )
    holes = list(tables.spans)
    if title is not None and title.start >= 0:
        holes.append(_title_line(text, title.start, title.end))
    holes.extend(block.spans)
    if block.title is not None and printed_title is not None and printed_title.start >= 0 \
            and _compact(printed_title.text) == _compact(block.title.text):
        holes.append(_title_line(text, printed_title.start, printed_title.end))  # printed again
    published, published_line = find_published(text)
    published = block.published or published
    if published_line is not None and (not headings or published_line[1] <= headings[0].start):
        holes.append(published_line)
    findings: list[Finding] = []
    agency = agency_from_title(title.text) if title else None
    agency = agency or block.agency or agency_from_text(text)
    if agency is None:
        findings.append(Finding(code="parse.meta_missing", severity=Severity.WARNING,
                                message=f"{name} 中未能识别报告机关名称。"))
    if year is None:
        findings.append(Finding(code="parse.meta_missing", severity=Severity.WARNING,
                                message=f"{name} 中未能识别报告年度（标题和统计期限都没有写明）。"))
    if basis != "表格栏目":
        findings.append(Finding(
            code="parse.format_guessed", severity=Severity.WARNING,
            message=f"{name} 的表格栏目不足以判断格式版本，按{basis}推定为"
                    f"{version.value}年版格式。",
        ))
    if not headings:
        findings.append(Finding(code="parse.no_sections", severity=Severity.WARNING,
                                message=f"{name} 中没有找到“一、总体情况”等部分标题，只读取了表格。"))
    meta = ReportMeta(
        agency=agency, year=year, title=title.text if title else None, format_version=version,
        period_start=period_start, period_end=period_end, published_on=published,
        source=source or block.link,
    )
    # Built without re-validation: the parser writes only its format's addresses, each
    # value of its kind (tests/parsing/test_samples.py round-trips every report through JSON).
    return prebuilt(Report, {
        "meta": meta,
        "sections": _sections(text, headings, holes),
        "cells": dict(tables.sink.cells),
        "raw_cells": dict(tables.sink.raw),
        "ambiguities": tables.sink.ambiguities,
        "parse_findings": findings + tables.sink.findings,
        "account": YearAccount(),
    }, set(_BUILT_FIELDS))


# What the parser sets of a report (the account is the workspace's: unset, as a default).
_BUILT_FIELDS = frozenset({"meta", "sections", "cells", "raw_cells", "ambiguities", "parse_findings"})
