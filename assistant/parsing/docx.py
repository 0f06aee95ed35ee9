"""Reading a report from a Word .docx file: paragraphs and tables in body order.

The package is read with ``zipfile`` and lxml (no macros, no external entities). Merged cells
are resolved the way Word stores them: ``w:gridSpan`` widens a cell, ``w:vMerge`` continues
the cell above; both become a :class:`Grid` like an HTML table's, so the same table reading
applies. Tables nested in table cells (layout) are read as their own tables.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from assistant.errors import UnreadableInput
from assistant.parsing.document import Block, Document, Paragraph, build_grid, document_from_blocks

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT = (f"{{{_W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt"))
_T, _TAB, _BR, _CR = (f"{{{_W}}}{t}" for t in ("t", "tab", "br", "cr"))
_VAL = f"{{{_W}}}val"
MAX_XML = 64 * 1024 * 1024


def docx_document(source: Path | str | bytes, *, name: str) -> Document:
    data = source if isinstance(source, bytes) else _read(Path(source), name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                raise UnreadableInput(f"{name} 的正文过大（{info.file_size} 字节），不像年度报告")
            xml = package.read(info)
            title = _core_title(package)
    except KeyError as exc:
        raise UnreadableInput(f"{name} 不是 Word 文档（缺少 word/document.xml）") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            RuntimeError, ValueError, OSError, zlib.error) as exc:
        raise UnreadableInput(f"{name} 不是有效的 .docx 文件（压缩包已损坏）") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableInput(f"{name} 的正文 XML 已损坏：{exc}") from exc
    body = root.find(f"{{{_W}}}body")
    if body is None:
        raise UnreadableInput(f"{name} 不是 Word 文档（没有正文）")
    return document_from_blocks(_blocks(body), title_hint=title)


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件 {name}：{exc.strerror or exc}") from exc


def _core_title(package: zipfile.ZipFile) -> str | None:
    try:
        core = etree.fromstring(package.read("docProps/core.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError,
            EOFError, RuntimeError, NotImplementedError, zlib.error):
        return None
    for el in core.iter("{http://purl.org/dc/elements/1.1/}title"):
        return (el.text or "").strip() or None
    return None


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    return " ".join(t for p in tc.iter(_P) if (t := _paragraph_text(p).strip()))


def _int(el: etree._Element | None, default: int = 1) -> int:
    if el is None:
        return default
    try:
        return max(1, int(str(el.get(_VAL, default))))
    except ValueError:
        return default


def _grid(tbl: etree._Element) -> Block:
    """A Word table as a grid: vMerge continuations extend the cell above them."""
    rows: list[list[list[object]]] = []  # [text, rowspan, colspan] per cell, mutable
    open_cells: dict[int, list[object]] = {}  # grid column -> the cell a vMerge continues
    for tr in tbl.iterchildren(_TR):
        row: list[list[object]] = []
        col = _int(tr.find(f"{{{_W}}}trPr/{{{_W}}}gridBefore"), 0)
        if col:
            row.append(["", 1, col])
        for tc in tr.iterchildren(_TC):
            pr = tc.find(f"{{{_W}}}tcPr")
            span = _int(pr.find(f"{{{_W}}}gridSpan") if pr is not None else None)
            merge = pr.find(f"{{{_W}}}vMerge") if pr is not None else None
            if merge is not None and merge.get(_VAL, "continue") == "continue" and col in open_cells:
                above = open_cells[col]
                above[1] = int(str(above[1])) + 1
            else:
                cell: list[object] = [_cell_text(tc), 1, span]
                row.append(cell)
                for c in range(col, col + span):
                    open_cells.pop(c, None)
                if merge is not None:
                    open_cells[col] = cell
            col += span
        rows.append(row)
    return build_grid([[(str(t), int(str(r)), int(str(c))) for t, r, c in row] for row in rows])


def _blocks(body: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    stack = list(reversed(list(body)))
    while stack:
        el = stack.pop()
        if el.tag == _P:
            text = _paragraph_text(el)
            blocks.extend(Paragraph(line) for line in text.split("\n") if line.strip())
        elif el.tag == _TBL:
            if el.find(f".//{{{_W}}}tc//{{{_W}}}tbl") is not None:
                # layout: read what the cells hold, nested tables included
                inner = [child for tr in el.iterchildren(_TR) for tc in tr.iterchildren(_TC)
                         for child in tc]
                stack.extend(reversed(inner))
            else:
                blocks.append(_grid(el))
        elif el.tag == _SDT:
            content = el.find(f"{{{_W}}}sdtContent")
            if content is not None:
                stack.extend(reversed(list(content)))
    return blocks
