"""Table rules (DOMAIN §3): cell values, the sums of 表三 and 表四, 规章 where none can be made.

Checks judge what the report printed: a blank part counts as 0 in a sum (and is reported as
blank); a blank total, or a sum whose parts are all blank, is not compared (only the blanks are
reported); a cell the parser could not read (or split unambiguously) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.cells import (
    T3_COLUMNS,
    T3_PART_COLUMNS,
    T4_GROUPS,
    T4_PART_COLUMNS,
    CellSpec,
    ValueKind,
    cell_specs,
    t3_outcome_rows,
    t3_rows,
)
from assistant.checks.cellvalues import CellReader, Number, Reading, State, fmt, table_absent
from assistant.checks.rules import finding
from assistant.findings import Finding, SectionKey
from assistant.report import Report

TABLE_SECTIONS: dict[str, SectionKey] = {
    "t2": SectionKey.PROACTIVE,
    "t3": SectionKey.APPLICATIONS,
    "t4": SectionKey.REVIEW_LITIGATION,
}

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
_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def table_empty(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """A table with no data at all (every cell blank or absent) is not a table that passed:
    the report lacks it (unless the parser already said it found no table there)."""
    said = {f.section for f in report.parse_findings if f.code in _PARSER_SAID_NO_TABLE}
    for table, section in TABLE_SECTIONS.items():
        if section in said or not table_absent(report, table):
            continue
        name = _TABLE_NAMES[table]
        yield finding(
            f"{table}.empty",
            f"{name}没有任何数据（全部单元格为空）：请逐项填写，没有发生的填0",
            section=section, expected=f"{name}数据", actual="无",
        )


# --- single cells -----------------------------------------------------------------------------


def cell_values(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Negative, fractional or textual values (errors); blanks grouped by row (warnings)."""
    reader = reader or CellReader(report)
    blanks: list[tuple[CellSpec, Reading]] = []
    row: tuple[str, str] | None = None
    absent = {t for t in TABLE_SECTIONS if table_absent(report, t)}
    cells = report.cells
    for spec in cell_specs(report.version):
        if spec.table in absent:
            continue  # no data at all: table_empty says so once
        if (spec.table, spec.row) != row:
            yield from _blank_row(blanks)
            blanks, row = [], (spec.table, spec.row)
        value = cells.get(spec.address)
        if value is not None and value >= 0:
            continue  # the common case, without building a Reading
        reading = reader.read(spec.address)
        if reading.state is State.BLANK:
            blanks.append((spec, reading))
        else:
            yield from _bad_value(spec, reading)
    yield from _blank_row(blanks)


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


def _blank_row(blanks: Sequence[tuple[CellSpec, Reading]]) -> Iterator[Finding]:
    if not blanks:
        return
    first = blanks[0][0]
    table = {"t2": "表二", "t3": "表三", "t4": "表四"}[first.table]
    columns = "".join(f"“{spec.col_label}”" for spec, _ in blanks)
    printed = sorted({(r.raw or "").strip() for _, r in blanks})
    shown = "、".join(f"“{p}”" if p else "空白" for p in printed)
    yield finding(
        f"{first.table}.blank",
        f"{table}“{first.row_label}”行{columns}列未填数字（原文为{shown}），没有的应填0",
        section=TABLE_SECTIONS[first.table], cell=first.address,
        cells=tuple(spec.address for spec, _ in blanks[1:]),
        expected="0", actual="、".join(p or "空白" for p in printed),
    )


# --- sums ---------------------------------------------------------------------------------


def _sum_parts(reader: CellReader, parts: Sequence[str]) -> Number | None:
    """The sum of parts for a comparison; ``None`` when a part is unusable or all are blank."""
    cells = reader.report.cells
    total: Number = 0
    printed = False
    for address in parts:
        value = cells.get(address)
        if value is not None:
            total += value
            printed = True
        elif not reader.read(address).usable:
            return None
    return total if printed else None


def _printed_total(reader: CellReader, address: str) -> Number | None:
    """A total as printed; ``None`` when blank or unusable (then it is not compared)."""
    reading = reader.read(address)
    return reading.value if reading.state is State.NUMBER else None


def effective_total(reader: CellReader, total: str, parts: Sequence[str]) -> Number | None:
    """A total as printed, or (when printed blank) the sum of its parts; ``None`` if unknown."""
    reading = reader.read(total)
    if reading.state is State.NUMBER:
        return reading.value
    if reading.state is not State.BLANK:
        return None
    readings = [reader.read(p) for p in parts]
    if not all(r.usable for r in readings):
        return None
    return sum((r.amount for r in readings), start=0)


def t3_total(reader: CellReader, row: str) -> Number | None:
    """表三 row ``row`` in the 总计 column (computed from the columns when printed blank)."""
    return effective_total(
        reader, f"t3.{row}.total", [f"t3.{row}.{c}" for c in T3_PART_COLUMNS]
    )


def t3_column_balance(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """一 + 二 = 三（七）+ 四 in every column, as printed on the form."""
    reader = reader or CellReader(report)
    for col, col_label in T3_COLUMNS:
        new, cin, handled, cout = (f"t3.{r}.{col}" for r in
                                   ("new", "carried_in", "handled_total", "carried_out"))
        readings = [reader.read(a) for a in (new, cin, handled, cout)]
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


def _sum_rule(
    reader: CellReader, code: str, section: SectionKey, total: str, parts: list[str],
    message: str,
) -> Finding | None:
    """A finding when the printed ``total`` differs from the sum of ``parts``; ``message``
    words it with ``{expected}`` and ``{printed}`` placeholders."""
    printed, expected = _printed_total(reader, total), _sum_parts(reader, parts)
    if printed is None or expected is None or printed == expected:
        return None
    text = message.format(expected=fmt(expected), printed=fmt(printed))
    return finding(code, text, section=section, cell=total,
                   cells=tuple(parts), expected=fmt(expected), actual=fmt(printed))


def t3_handled_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """三（七）总计 = the sum of （一）…（六） in every column."""
    reader = reader or CellReader(report)
    rows = t3_outcome_rows(report.version)
    for col, col_label in T3_COLUMNS:
        found = _sum_rule(
            reader, "t3.handled_sum", SectionKey.APPLICATIONS, f"t3.handled_total.{col}",
            [f"t3.{r}.{col}" for r in rows],
            f"表三“{col_label}”列：（一）至（六）各项之和为{{expected}}，（七）总计填报为{{printed}}，两者应相等",
        )
        if found:
            yield found


def t3_row_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Every row: 总计 = the sum of the six applicant columns."""
    reader = reader or CellReader(report)
    for row in t3_rows(report.version):
        label = f"{row.group}{row.label}" if row.group.startswith("（") else row.label
        found = _sum_rule(
            reader, "t3.row_sum", SectionKey.APPLICATIONS, f"t3.{row.key}.total",
            [f"t3.{row.key}.{c}" for c in T3_PART_COLUMNS],
            f"表三“{label}”行：自然人与各类法人或其他组织之和为{{expected}}，“总计”列填报为{{printed}}，两者应相等",
        )
        if found:
            yield found


def t4_group_sum(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """Each 表四 group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    reader = reader or CellReader(report)
    for group, group_label in T4_GROUPS:
        found = _sum_rule(
            reader, "t4.group_sum", SectionKey.REVIEW_LITIGATION, f"t4.{group}.total",
            [f"t4.{group}.{c}" for c in T4_PART_COLUMNS],
            f"表四“{group_label}”：结果维持、结果纠正、其他结果、尚未审结之和为{{expected}}，"
            "“总计”填报为{printed}，两者应相等",
        )
        if found:
            yield found


def t4_total(reader: CellReader, group: str) -> Number | None:
    return effective_total(
        reader, f"t4.{group}.total", [f"t4.{group}.{c}" for c in T4_PART_COLUMNS]
    )


def t4_after_review(report: Report, reader: CellReader | None = None) -> Iterator[Finding]:
    """复议后起诉 more than 行政复议: possible (earlier years' 复议) but worth a look."""
    reader = reader or CellReader(report)
    review, after = t4_total(reader, "review"), t4_total(reader, "suit_after_review")
    if review is None or after is None or after <= review:
        return
    yield finding(
        "t4.after_review_exceeds_review",
        f"表四“复议后起诉”总计为{fmt(after)}，多于“行政复议”总计{fmt(review)}；"
        "除非涉及以往年度的复议案件，复议后起诉不应多于复议",
        section=SectionKey.REVIEW_LITIGATION, cell="t4.suit_after_review.total",
        cells=("t4.review.total",), expected=f"不多于{fmt(review)}", actual=fmt(after),
    )


# --- plausibility -------------------------------------------------------------------------


def agency_level(agency: str | None) -> str | None:
    """"乡镇（街道）" or "县级" when the agency cannot make 规章; ``None`` when it may or unknown."""
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
        f"设区的市级人民政府制定），但表二“规章”行{shown}，应为0",
        section=SectionKey.PROACTIVE, cell=nonzero[0].address,
        cells=tuple(s.address for s in nonzero[1:]), expected="0",
        actual=fmt(reader.number(nonzero[0].address)),
    )

