"""Table rules (DOMAIN §3): cell values, the sums of 表三 and 表四, 规章 where none can be made.

Checks judge what the report printed: a blank part counts as 0 in a sum (and is reported as
blank); a blank total, or a sum whose parts are all blank, is not compared (only the blanks are
reported); a cell the parser could not read (or split unambiguously) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from assistant.cells import (
    T3_PART_COLUMNS,
    T4_PART_COLUMNS,
    CellSpec,
    FormatVersion,
    ValueKind,
    cell_specs,
)
from assistant.checks.cellvalues import (
    CellReader,
    Number,
    Reading,
    State,
    address_positions,
    first_none,
    fmt,
    table_absent,
)
from assistant.checks.rules import finding, severity_now
from assistant.findings import Finding, SectionKey, Severity
from assistant.form import (
    COLUMN_SUM_CODES,
    ROW_SUM_CODES,
    TABLE_NAMES,
    balance_rules,
    cell_address,
    split_address,
    sum_rules,
)
from assistant.form import TABLE_SECTIONS as TABLE_SECTIONS  # re-exported from here
from assistant.form import table as form_table
from assistant.report import Report

# Names of township-level bodies, and of county-level governments or departments. 自治区 and
# 特别行政区 are provincial; 区域/区划 are words; zones (新区, 开发区, 园区, 实验区…) range from
# county to sub-provincial rank, so they are not taken as counties.
_TOWNSHIP = re.compile(r"街道|苏木|(?<!城)[乡镇](?:人民)?政府|(?<!城)[乡镇](?:党委)?$")
_NOT_DISTRICT = re.compile(
    r"自治区|特别行政区|区域|区划|地区|新区|开发区|园区|[实试]验区|保税区|示范区|合作区|经济区|特区"
)
_COUNTY = re.compile(r"[县旗区]")


def check_tables(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Every table rule of this module."""
    reader = reader or CellReader(report)
    for rule in (table_empty, cell_values, t3_column_balance, t3_handled_sum, t3_row_sum,
                 t4_group_sum, t4_after_review, t2_rules_not_empowered):
        yield from rule(report, reader)


# --- whole tables -----------------------------------------------------------------------------

# The parser's own findings that already say a table could not be read at all.
_PARSER_SAID_NO_TABLE = frozenset({"parse.table_empty", "parse.table_missing"})


def table_empty(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """A table with no data at all (every cell blank or absent) is not a table that passed:
    the report lacks it (unless the parser already said it found no table there)."""
    said = {f.section for f in report.parse_findings if f.code in _PARSER_SAID_NO_TABLE}
    absent = _absent_tables(report, reader or CellReader(report))
    for table, section in TABLE_SECTIONS.items():
        if section in said or table not in absent:
            continue
        name = TABLE_NAMES[table]
        yield finding(
            f"{table}.empty",
            f"{name}没有任何数据（全部单元格为空）：请逐项填写，没有发生的填0",
            section=section, expected=f"{name}数据", actual="无",
        )


def _absent_tables(report: Report, reader: CellReader) -> frozenset[str]:
    """The tables no cell of which was read (:func:`table_absent`), found once for the rules
    that ask (kept in the reader's memo)."""
    key = ("tables.absent",)
    known = reader.memo.get(key)
    if known is None:
        known = reader.memo[key] = frozenset([t for t in TABLE_SECTIONS if table_absent(report, t)])
    return cast(frozenset[str], known)


# --- single cells -----------------------------------------------------------------------------


@cache
def _spec_rows(version: FormatVersion) -> tuple[tuple[str, tuple[CellSpec, ...], tuple[str, ...]], ...]:
    """The format's cells as (table, specs of one printed row, their addresses), in printed
    order."""
    rows: list[tuple[str, list[CellSpec]]] = []
    key: tuple[str, str] | None = None
    for spec in cell_specs(version):
        if (spec.table, spec.row) != key:
            key = (spec.table, spec.row)
            rows.append((spec.table, []))
        rows[-1][1].append(spec)
    return tuple((table, tuple(specs), tuple(s.address for s in specs)) for table, specs in rows)


@cache
def _row_slices(version: FormatVersion) -> tuple[slice, ...]:
    """Where each row of :func:`_spec_rows` is in :func:`format_addresses`."""
    slices = []
    start = 0
    for _, _, addresses in _spec_rows(version):
        slices.append(slice(start, start + len(addresses)))
        start += len(addresses)
    return tuple(slices)


def cell_values(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Negative, fractional or textual values (errors); blanks grouped by row (warnings)."""
    reader = reader or CellReader(report)
    values = reader.values
    if reader.complete and (not values or min(values) >= 0):  # type: ignore[type-var,operator]
        return  # the common case: every cell a number, none negative
    absent = _absent_tables(report, reader)
    slices = _row_slices(reader.version)
    spec_rows = _spec_rows(reader.version)
    for index in _rows_to_read(values, _row_of_cell(reader.version)):
        table, specs, _ = spec_rows[index]
        if table in absent:
            continue  # no data at all: table_empty says so once
        row = values[slices[index]]
        amounts = reader.amounts[slices[index]]  # a cell not printed as a number: 0 if blank
        blanks: list[int] = []  # the blanks: where they are in the row, what they print
        raws: list[str | None] = []
        for column, spec in enumerate(specs):
            value = row[column]
            if value is not None and value >= 0:
                continue
            if value is None and amounts[column] == 0:
                blanks.append(column)
                raws.append(reader.printed(spec.address))
                continue
            reading = reader.read(spec.address)
            if reading.state in _REPORTED:
                yield from _bad_value(spec, reading)
        if blanks:
            yield _blank_finding(reader.version, index, tuple(blanks), tuple(raws))


@cache
def _row_of_cell(version: FormatVersion) -> tuple[int, ...]:
    """Which row of :func:`_spec_rows` each cell of :func:`format_addresses` is in."""
    return tuple(index for index, (_, _, addresses) in enumerate(_spec_rows(version))
                 for _ in addresses)


def _rows_to_read(values: list[Number | None], row_of: tuple[int, ...]) -> list[int]:
    """The rows (as :func:`_row_of_cell` numbers them, ascending) with a cell not printed as a
    number or negative: the only ones :func:`cell_values` has anything to say about, found in
    one pass over the values (most rows print numbers only)."""
    rows: list[int] = []
    for at, value in enumerate(values):
        if value is None or value < 0:
            row = row_of[at]
            if not rows or rows[-1] != row:
                rows.append(row)
    return rows


# What _bad_value reports on (a tuple: members compare by identity, faster than they hash).
_REPORTED = (State.NUMBER, State.NOT_INTEGER, State.TEXT)


def _bad_value(spec: CellSpec, reading: Reading) -> Iterator[Finding]:
    section, cell = TABLE_SECTIONS[spec.table], spec.address
    if reading.state is State.NUMBER and reading.value is not None:
        if reading.value < 0 and spec.kind is not ValueKind.DELTA:
            what = "金额" if spec.kind is ValueKind.AMOUNT else "数量"
            yield finding(
                f"{spec.table}.negative",
                f"{spec.label}填为{fmt(reading.value)}，{what}不能为负数",
                expected="不小于0的数", actual=fmt(reading.value), section=section, cell=cell,
            )
    elif reading.state is State.NOT_INTEGER:
        yield finding(
            f"{spec.table}.not_integer",
            f"{spec.label}填为“{reading.raw}”，件数应为整数",
            expected="整数", actual=reading.raw, section=section, cell=cell,
        )
    elif reading.state is State.TEXT:
        yield finding(
            f"{spec.table}.not_number",
            f"{spec.label}填为“{reading.raw}”，此处应填数字",
            expected="数字", actual=reading.raw, section=section, cell=cell,
        )


def _blank_finding(version: FormatVersion, index: int, columns: tuple[int, ...],
                   raws: tuple[str | None, ...]) -> Finding:
    """The blanks of printed row ``index`` of the format: its cells ``columns`` (at least one),
    which print ``raws``."""
    code = _BLANK_CODES[_spec_rows(version)[index][0]]
    return _blank_made(version, index, columns, raws, severity_now(code))


@lru_cache(maxsize=1024)
def _blank_made(version: FormatVersion, index: int, columns: tuple[int, ...],
                raws: tuple[str | None, ...], severity: Severity) -> Finding:
    """The finding of :func:`_blank_finding` made while its rule's severity is ``severity`` (so
    that ``finding`` gives it that one): rows of many reports print the same blanks, and
    findings are immutable, so one is made for them all."""
    table, message, section, cells, actual = _blank_row(version, index, columns, raws)
    return finding(f"{table}.blank", message, section=section, cell=cells[0], cells=cells[1:],
                   expected="0", actual=actual)


_BLANK_CODES = {table: f"{table}.blank" for table in TABLE_SECTIONS}


@lru_cache(maxsize=1024)
def _blank_row(version: FormatVersion, index: int, columns: tuple[int, ...],
               raws: tuple[str | None, ...]) -> tuple[str, str, SectionKey, tuple[str, ...], str]:
    """The words of :func:`_blank_finding` (table, message, section, cells, actual): rows of
    many reports print the same blanks, their words are made once."""
    _, specs, _ = _spec_rows(version)[index]
    blanks = [specs[column] for column in columns]
    first = blanks[0]
    table = TABLE_NAMES[first.table]
    shown_columns = "".join(f"“{spec.col_label}”" for spec in blanks)
    printed = sorted({(raw or "").strip() for raw in raws})
    shown = "、".join(f"“{p}”" if p else "空白" for p in printed)
    message = f"{table}“{first.row_label}”行{shown_columns}列未填数字（原文为{shown}），没有的通常填0"
    return (first.table, message, TABLE_SECTIONS[first.table],
            tuple(spec.address for spec in blanks), "、".join(p or "空白" for p in printed))


# --- sums ---------------------------------------------------------------------------------


def _sum_parts(values: Sequence[Number | None], amounts: Sequence[Number | None]
               ) -> Number | None:
    """The sum of parts for a comparison, from what they print as numbers (``values``) and
    count for (``amounts``); ``None`` when a part is unusable or all are blank."""
    if None in amounts or values.count(None) == len(values):
        return None
    return sum(amounts, start=0)  # type: ignore[arg-type]


def effective_total(reader: CellReader, total: str, parts: Sequence[str]) -> Number | None:
    """A total as printed, or (when printed blank) the sum of its parts; ``None`` if unknown."""
    value = reader.cells.get(total)
    if value is not None:
        return value  # printed as a number
    reading = reader.read(total)
    if reading.state is State.NUMBER:
        return reading.value
    if reading.state is not State.BLANK:
        return None
    amounts = reader.amounts_of(parts)
    # first_none: ``None in amounts`` would compare each number by ==
    return None if first_none(amounts) >= 0 else sum(amounts)  # type: ignore[arg-type]


@cache
def _t3_row_parts(row: str) -> tuple[str, tuple[str, ...]]:
    return cell_address("t3", row, "total"), tuple(cell_address("t3", row, c) for c in T3_PART_COLUMNS)


def t3_total(reader: CellReader, row: str) -> Number | None:
    """表三 row ``row`` in the 总计 column (computed from the columns when printed blank)."""
    total, parts = _t3_row_parts(row)
    value = reader.cells.get(total)
    if value is not None:
        return value  # printed as a number: the common case
    # not printed as a number: read once for all the rules that ask (the reader's memo)
    key = ("tables.t3_total", row)
    known = reader.memo.get(key, _UNKNOWN)
    if known is _UNKNOWN:
        known = reader.memo[key] = effective_total(reader, total, parts)
    return cast(Number | None, known)


_UNKNOWN = object()  # not in the memo yet (None is a value there)


# 表三's columns, and so its balance, are the same in both formats:
# (column label, 一 new, 二 carried_in, 三（七） handled_total, 四 carried_out).
_T3_2021 = form_table(FormatVersion.V2021, "t3")
_BALANCE_COLUMNS = tuple((_T3_2021.column(split_address(rule.left[0])[2]).label, *rule.cells)
                         for rule in balance_rules(FormatVersion.V2021))


def t3_column_balance(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """一 + 二 = 三（七）+ 四 in every column, as printed on the form."""
    reader = reader or CellReader(report)
    get = reader.cells.get
    for col_label, new, cin, handled, cout in _BALANCE_COLUMNS:
        a, b, h, o = get(new), get(cin), get(handled), get(cout)
        if a is None or b is None or h is None or o is None:
            readings = [reader.read(x) for x in (new, cin, handled, cout)]
            if not all(r.usable for r in readings) or readings[2].state is State.BLANK:
                continue
            a, b, h, o = (r.amount for r in readings)
        if a + b != h + o:
            yield finding(
                "t3.column_balance",
                f"表三“{col_label}”列：第一项加第二项之和为{fmt(a + b)}（{fmt(a)}+{fmt(b)}），"
                f"第三项（七）总计加第四项之和为{fmt(h + o)}（{fmt(h)}+{fmt(o)}），两者应相等",
                section=SectionKey.APPLICATIONS, cell=handled, cells=(new, cin, cout),
                expected=fmt(a + b), actual=fmt(h + o),
            )


_SumRules = tuple[tuple[str, tuple[str, ...], str], ...]  # (total, parts, message)


@dataclass(frozen=True)
class _SumCheck:
    """Sum rules laid over the report's values (:attr:`CellReader.values`): each rule's total
    as an index, its parts as a slice (the parts of every rule of the form are evenly spaced
    in the format's order: a row's columns, or a column's rows)."""

    rules: _SumRules
    totals: tuple[int, ...]
    parts: tuple[slice, ...]


def _laid_out(version: FormatVersion, rules: _SumRules) -> _SumCheck:
    position = address_positions(version)
    parts = []
    for _, addresses, _ in rules:
        at = [position[address] for address in addresses]
        step = at[1] - at[0] if len(at) > 1 else 1
        if step <= 0 or at != list(range(at[0], at[-1] + 1, step)):
            raise ValueError(f"{addresses} are not evenly spaced in the format's order")
        parts.append(slice(at[0], at[-1] + 1, step))
    return _SumCheck(rules, tuple(position[total] for total, _, _ in rules), tuple(parts))


def _sum_findings(
    reader: CellReader, code: str, section: SectionKey, check: _SumCheck,
) -> Iterator[Finding]:
    """A finding for each rule whose printed total differs from the sum of its parts (a blank
    or unusable total is not compared); each message words it with ``{expected}`` and
    ``{printed}`` placeholders."""
    values = reader.values
    rules, totals, parts = check.rules, check.totals, check.parts  # of the same length
    for i in range(len(rules)):
        printed = values[totals[i]]
        if printed is None:  # a total as printed: only a number is compared
            continue
        printed_parts = values[parts[i]]
        if first_none(printed_parts) < 0:  # the common case: every part printed as a number
            expected: Number | None = sum(printed_parts)  # type: ignore[arg-type]
        else:
            expected = _sum_parts(printed_parts, reader.amounts[parts[i]])
        if expected is None or printed == expected:
            continue
        total, addresses, message = rules[i]
        text = message.format(expected=fmt(expected), printed=fmt(printed))
        yield finding(code, text, section=section, cell=total,
                      cells=addresses, expected=fmt(expected), actual=fmt(printed))


_HANDLED_SUM, _ROW_SUM, _GROUP_SUM = COLUMN_SUM_CODES["t3"], ROW_SUM_CODES["t3"], ROW_SUM_CODES["t4"]


@cache
def _handled_sums(version: FormatVersion) -> _SumCheck:
    t3 = form_table(version, "t3")
    return _laid_out(version, tuple(
        (rule.total, rule.parts,
         f"表三“{t3.column(split_address(rule.total)[2]).label}”列：（一）至（六）各项之和为{{expected}}，（七）总计填报为{{printed}}，两者应相等")
        for rule in sum_rules(version, "t3") if rule.code == _HANDLED_SUM
    ))


@cache
def _row_sums(version: FormatVersion) -> _SumCheck:
    out = []
    t3 = form_table(version, "t3")
    for rule in sum_rules(version, "t3"):
        if rule.code != _ROW_SUM:
            continue
        row = t3.row(split_address(rule.total)[1])
        label = f"{row.group}{row.label}" if row.group.startswith("（") else row.label
        out.append((rule.total, rule.parts,
                    f"表三“{label}”行：自然人与各类法人或其他组织之和为{{expected}}，“总计”列填报为{{printed}}，两者应相等"))
    return _laid_out(version, tuple(out))


# 表四 is the same in both formats.
_T4_2021 = form_table(FormatVersion.V2021, "t4")
_GROUP_SUMS: _SumRules = tuple(
    (rule.total, rule.parts,
     f"表四“{_T4_2021.row(split_address(rule.total)[1]).full_label}”：结果维持、结果纠正、其他结果、尚未审结之和为{{expected}}，"
     "“总计”填报为{printed}，两者应相等")
    for rule in sum_rules(FormatVersion.V2021, "t4") if rule.code == _GROUP_SUM
)


def t3_handled_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """三（七）总计 = the sum of （一）…（六） in every column."""
    yield from _sum_findings(reader or CellReader(report), _HANDLED_SUM, SectionKey.APPLICATIONS,
                             _handled_sums(report.version))


def t3_row_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Every row: 总计 = the sum of the six applicant columns."""
    yield from _sum_findings(reader or CellReader(report), _ROW_SUM, SectionKey.APPLICATIONS,
                             _row_sums(report.version))


def t4_group_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Each 表四 group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    yield from _sum_findings(reader or CellReader(report), _GROUP_SUM,
                             SectionKey.REVIEW_LITIGATION, _group_sums(report.version))


@cache
def _group_sums(version: FormatVersion) -> _SumCheck:
    return _laid_out(version, _GROUP_SUMS)


_T4_GROUP_PARTS = {split_address(total)[1]: (total, parts) for total, parts, _ in _GROUP_SUMS}


def t4_total(reader: CellReader, group: str) -> Number | None:
    known = _T4_GROUP_PARTS.get(group)
    if known is None:
        return effective_total(
            reader, cell_address("t4", group, "total"),
            [cell_address("t4", group, c) for c in T4_PART_COLUMNS],
        )
    return effective_total(reader, *known)


def t4_after_review(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """复议后起诉 more than 行政复议: possible (earlier years' 复议) but worth a look."""
    reader = reader or CellReader(report)
    review, after = t4_total(reader, "review"), t4_total(reader, "suit_after_review")
    if review is None or after is None or after <= review:
        return
    yield finding(
        "t4.after_review_exceeds_review",
        f"表四“复议后起诉”总计为{fmt(after)}，多于“行政复议”总计{fmt(review)}；"
        "复议后起诉通常不多于复议（涉及以往年度的复议案件时除外）",
        section=SectionKey.REVIEW_LITIGATION, cell="t4.suit_after_review.total",
        cells=("t4.review.total",), expected=f"不多于{fmt(review)}", actual=fmt(after),
    )


# --- plausibility -------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def agency_level(agency: str | None) -> str | None:
    """"乡镇（街道）" or "县级" when the agency cannot make 规章; ``None`` when it may or unknown
    (an agency's reports are checked again and again: each name is read once)."""
    if not agency:
        return None
    name = re.sub(r"\s+", "", agency)
    if _TOWNSHIP.search(name):
        return "乡镇（街道）"
    if _COUNTY.search(_NOT_DISTRICT.sub("", name)):
        return "县级"
    return None


def t2_rules_not_empowered(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """A 规章 count from an agency that cannot make 规章."""
    level = agency_level(report.meta.agency)
    if level is None:
        return
    reader = reader or CellReader(report)
    nonzero = [s for s in cell_specs(report.version) if s.table == "t2" and s.row == "rules"
               and (reader.number(s.address) or 0) > 0]
    if not nonzero:
        return
    shown = "，".join(f"“{s.col_label}”为{fmt(reader.number(s.address))}" for s in nonzero)
    yield finding(
        "t2.rules_not_empowered",
        f"“{report.meta.agency}”属于{level}机关，无权制定规章（规章只能由国务院部门和省级、"
        f"设区的市级人民政府制定），但表二“规章”行{shown}，通常应为0",
        section=SectionKey.PROACTIVE, cell=nonzero[0].address,
        cells=tuple(s.address for s in nonzero[1:]), expected="0",
        actual=fmt(reader.number(nonzero[0].address)),
    )

