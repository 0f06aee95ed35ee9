"""Reading a ledger sheet from .xlsx or .csv into numbered rows of raw values.

The header row is found by its column names (anywhere in the first rows, in any column
order, extra columns ignored), so a writer may keep their own title lines and columns.
Row numbers are the ones Excel/WPS shows, so that an error message points at the right row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import UnreadableInput

HEADER_SCAN_ROWS = 20


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header the templates print
    aliases: tuple[str, ...] = ()  # other headers accepted for it
    required: bool = True


@dataclass(frozen=True)
class Layout:
    """What one kind of ledger sheet looks like."""

    name: str  # e.g. "申请台账": also the preferred sheet name in a workbook
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class RawRow:
    number: int  # 1-based, as the spreadsheet shows it
    values: tuple[object, ...]  # in ``Layout.columns`` order; None when blank or absent


@dataclass(frozen=True)
class RawTable:
    path: Path
    layout: Layout
    header_row: int
    headers: dict[str, str]  # column key -> header text as found
    rows: tuple[RawRow, ...]
    sheet: str | None = None  # xlsx only
    encoding: str | None = None  # csv only

    @property
    def file(self) -> str:
        """The file name used in messages."""
        return self.path.name


_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]")
_NOT_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """A header without width, spaces, marks or bracketed notes ("收到日期（年-月-日）")."""
    text = unicodedata.normalize("NFKC", text)
    return _NOT_WORD.sub("", _BRACKETED.sub("", text))


def read_table(path: Path, layout: Layout) -> RawTable:
    """Read one ledger sheet; ``UnreadableInput`` (in Chinese, naming the file) on failure."""
    if not path.is_file():
        raise UnreadableInput(f"{path}：文件不存在")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnreadableInput(f"{path.name}：不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV")
    if suffix in {".xlsx", ".xlsm"} or (suffix not in {".csv", ".txt"} and _is_zip(path)):
        return _read_xlsx(path, layout)
    return _read_csv(path, layout)


def _is_zip(path: Path) -> bool:
    return zipfile.is_zipfile(path)


# --- header detection ------------------------------------------------------------------------


def _header_lookup(layout: Layout) -> dict[str, tuple[str, int]]:
    """Header key -> (column key, rank): the printed label ranks first, then the aliases."""
    lookup: dict[str, tuple[str, int]] = {}
    for column in layout.columns:
        for rank, name in enumerate((column.label, *column.aliases)):
            lookup.setdefault(header_key(name), (column.key, rank))
    return lookup


def _match_header(cells: Sequence[object], layout: Layout) -> dict[str, int] | None:
    """Column key -> position when ``cells`` is a header row with every required column.

    When two headers fit one column ("序号" and "编号"), the better-ranked name wins.
    """
    lookup = _header_lookup(layout)
    best: dict[str, tuple[int, int]] = {}  # column key -> (rank, position)
    for position, cell in enumerate(cells):
        if cell is None:
            continue
        hit = lookup.get(header_key(str(cell)))
        if hit is not None and (hit[0] not in best or hit[1] < best[hit[0]][0]):
            best[hit[0]] = (hit[1], position)
    required = {c.key for c in layout.columns if c.required}
    if not required <= best.keys():
        return None
    return {key: position for key, (_, position) in best.items()}


def _missing_columns(rows: Sequence[Sequence[object]], layout: Layout) -> str:
    best: set[str] = set()
    lookup = _header_lookup(layout)
    for cells in rows:
        seen = {lookup[k][0] for k in (header_key(str(x)) for x in cells if x is not None)
                if k in lookup}
        if len(seen) > len(best):
            best = seen
    missing = [c.label for c in layout.columns if c.required and c.key not in best]
    return "、".join(f"“{m}”" for m in missing)


def _table_from_rows(
    path: Path, layout: Layout, rows: Iterable[tuple[int, Sequence[object]]], *,
    sheet: str | None = None, encoding: str | None = None,
) -> RawTable | list[Sequence[object]]:
    """The table under the first header row found; the scanned rows when there is none."""
    iterator = iter(rows)
    scanned: list[Sequence[object]] = []
    for number, cells in iterator:
        positions = _match_header(cells, layout)
        if positions is not None:
            headers = {key: str(cells[pos]).strip() for key, pos in positions.items()}
            body = tuple(_body(iterator, layout, positions))
            return RawTable(path, layout, number, headers, body, sheet=sheet, encoding=encoding)
        scanned.append(cells)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    return scanned


def _body(
    rows: Iterator[tuple[int, Sequence[object]]], layout: Layout, positions: dict[str, int]
) -> Iterator[RawRow]:
    # An absent optional column reads the padding cell just past the widest pick.
    pad_at = max(positions.values()) + 1
    picks = [positions.get(c.key, pad_at) for c in layout.columns]
    padding: list[object] = [None] * (pad_at + 1)
    for number, cells in rows:
        if len(cells) <= pad_at:
            cells = [*cells, *padding[len(cells):]]
        values = [cells[p] for p in picks]
        values = [(v.strip() or None) if v.__class__ is str else v for v in values]
        if values.count(None) < len(values):
            yield RawRow(number, tuple(values))


def _no_header(path: Path, layout: Layout, scanned: Sequence[Sequence[object]]) -> UnreadableInput:
    missing = _missing_columns(scanned, layout)
    names = "、".join(c.label for c in layout.columns if c.required)
    return UnreadableInput(
        f"{path.name}：在前{HEADER_SCAN_ROWS}行中找不到{layout.name}的表头（缺少{missing}列；"
        f"表头应包含：{names}）"
    )


# --- xlsx ---------------------------------------------------------------------------------------


def _read_xlsx(path: Path, layout: Layout) -> RawTable:
    import openpyxl  # deferred: the import costs ~0.3 s and CSV users never need it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableInput(f"{path.name}：无法作为 .xlsx 打开（{exc}）") from exc
    try:
        sheets = sorted(workbook.worksheets, key=lambda ws: ws.title != layout.name)
        first_scanned: list[Sequence[object]] | None = None
        for ws in sheets:
            rows = ((n, cells) for n, cells in enumerate(ws.iter_rows(values_only=True), 1))
            found = _table_from_rows(path, layout, rows, sheet=ws.title)
            if isinstance(found, RawTable):
                return found
            if first_scanned is None:
                first_scanned = found
    finally:
        workbook.close()
    raise _no_header(path, layout, first_scanned or [])


# --- csv ------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_csv(data: bytes, name: str) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"{name}：按 {encoding} 解码失败（{exc.reason}）") from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(f"{name}：无法识别文件编码（支持 UTF-8 与 GB18030）")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, layout: Layout) -> RawTable:
    text, encoding = decode_csv(path.read_bytes(), path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        found = _table_from_rows(
            path, layout, enumerate(reader, 1), encoding=encoding
        )
    except csv.Error as exc:
        raise UnreadableInput(f"{path.name}：CSV 格式错误（{exc}）") from exc
    if isinstance(found, RawTable):
        return found
    raise _no_header(path, layout, found)
