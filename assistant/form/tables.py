"""表二、表三、表四 of both formats as data: rows with their printed labels and the variants
seen in print, columns, which row or column is a total, and the section each table sits in.

Adding a row, a column or a label variant is one edit here; the canonical addresses
(:mod:`assistant.form.addresses`) and the sums (:mod:`assistant.form.relations`) follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from assistant.form.sections import SECTION_TITLES, SectionKey


class FormatVersion(StrEnum):
    """Which national format a report follows."""

    V2021 = "2021"  # 国办公开办函〔2021〕30号
    V2019 = "2019"  # 国办公开办函〔2019〕60号 (trial format)


class ValueKind(StrEnum):
    COUNT = "count"  # a non-negative integer
    AMOUNT = "amount"  # a non-negative decimal (万元 or 元)
    DELTA = "delta"  # a signed integer (2019 表二 本年增/减)


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str  # as printed: "本年制发件数", "商业企业"
    kind: ValueKind = ValueKind.COUNT
    total: bool = False  # the column that is the sum of the row's other columns (总计)


@dataclass(frozen=True)
class RowSpec:
    """One printed row. ``variants`` are the short, distinctive cores by which the row is
    recognised in print: the form's own wording first, then shortenings and misprints seen in
    published reports (a core must not occur in another row's label of the same table)."""

    key: str
    label: str  # the label printed on the form (the most specific level)
    group: str = ""  # the enclosing label, e.g. "（三）不予公开"
    variants: tuple[str, ...] = ()
    heading: str = ""  # 表二: the article item printed above the row's block, "第二十条第（一）项"
    name: str = ""  # how messages name the row when the label alone is not enough
    total: bool = False  # a row that is, column by column, the sum of the rows ``part_of`` it
    part_of: str = ""  # the key of the total row this row adds up to ("handled_total")
    columns: tuple[ColumnSpec, ...] = ()

    @property
    def full_label(self) -> str:
        """"（三）不予公开1.属于国家秘密", "行政诉讼·复议后起诉", "（一）予以公开"."""
        return self.name or self.label


@dataclass(frozen=True)
class TableSpec:
    key: str  # "t2" | "t3" | "t4": the first part of a canonical address
    name: str  # "表二"
    section: SectionKey  # the part of the report the table is printed in
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]  # in printed order; a 表二 row uses some of them

    @property
    def title(self) -> str:
        """"主动公开政府信息情况": the title of the section the table belongs to."""
        return SECTION_TITLES[self.section]

    @property
    def caption(self) -> str:
        """"表二 主动公开政府信息情况"."""
        return f"{self.name} {self.title}"

    @property
    def part_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if not c.total)

    def row(self, key: str) -> RowSpec:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"{self.name}没有“{key}”行")

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name}没有“{key}”列")


# --- 表二 ------------------------------------------------------------------------------------

_COUNT, _AMOUNT, _DELTA = ValueKind.COUNT, ValueKind.AMOUNT, ValueKind.DELTA
_ITEM_1, _ITEM_5, _ITEM_6 = "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项"
_ITEM_8, _ITEM_9 = "第二十条第（八）项", "第二十条第（九）项"

# Printed variants of the 表二 row labels (both formats).
_T2_VARIANTS: dict[str, tuple[str, ...]] = {
    "rules": ("规章",),
    "normative": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("对外管理服务事项", "对外管理服务"),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("事业性收费", "行政收费"),
    "procurement": ("集中采购",),
}


def _t2_row(key: str, label: str, heading: str, columns: tuple[ColumnSpec, ...]) -> RowSpec:
    return RowSpec(key, label, variants=_T2_VARIANTS[key], heading=heading, columns=columns)


_DOCS_2021 = (
    ColumnSpec("issued", "本年制发件数"),
    ColumnSpec("repealed", "本年废止件数"),
    ColumnSpec("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (ColumnSpec("decisions", "本年处理决定数量"),)
T2_ROWS_2021: tuple[RowSpec, ...] = (
    _t2_row("rules", "规章", _ITEM_1, _DOCS_2021),
    _t2_row("normative", "行政规范性文件", _ITEM_1, _DOCS_2021),
    _t2_row("licensing", "行政许可", _ITEM_5, _DECISIONS_2021),
    _t2_row("penalty", "行政处罚", _ITEM_6, _DECISIONS_2021),
    _t2_row("coercion", "行政强制", _ITEM_6, _DECISIONS_2021),
    _t2_row("fees", "行政事业性收费", _ITEM_8, (ColumnSpec("amount_wan", "本年收费金额（单位：万元）", _AMOUNT),)),
)

_DOCS_2019 = (
    ColumnSpec("made", "本年新制作数量"),
    ColumnSpec("published", "本年新公开数量"),
    ColumnSpec("public_total", "对外公开总数量"),
)
_ITEMS_2019 = (
    ColumnSpec("prev_items", "上一年项目数量"),
    ColumnSpec("change", "本年增/减", _DELTA),
    ColumnSpec("decisions", "处理决定数量"),
)
T2_ROWS_2019: tuple[RowSpec, ...] = (
    _t2_row("rules", "规章", _ITEM_1, _DOCS_2019),
    _t2_row("normative", "规范性文件", _ITEM_1, _DOCS_2019),
    _t2_row("licensing", "行政许可", _ITEM_5, _ITEMS_2019),
    _t2_row("other_services", "其他对外管理服务事项", _ITEM_5, _ITEMS_2019),
    _t2_row("penalty", "行政处罚", _ITEM_6, _ITEMS_2019),
    _t2_row("coercion", "行政强制", _ITEM_6, _ITEMS_2019),
    _t2_row("fees", "行政事业性收费", _ITEM_8, _ITEMS_2019[:2]),
    _t2_row("procurement", "政府集中采购", _ITEM_9, (
        ColumnSpec("items", "采购项目数量"),
        ColumnSpec("amount_yuan", "采购总金额", _AMOUNT),
    )),
)

# --- 表三 ------------------------------------------------------------------------------------

T3_COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural", "自然人"),
    ColumnSpec("commercial", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("nonprofit", "社会公益组织"),
    ColumnSpec("legal", "法律服务机构"),
    ColumnSpec("other_org", "其他"),
    ColumnSpec("total", "总计", total=True),
)

# Printed variants of the 表三 row labels (both formats; "（六）其他处理"'s 3.其他 and "（七）总计"
# are too short for a core of their own: the parser knows them by position).
_T3_VARIANTS: dict[str, tuple[str, ...]] = {
    "new": ("本年新收", "本年度新收"),
    "carried_in": ("上年结转", "上年度结转"),
    "public": ("予以公开",),
    "partial": ("部分公开",),
    "withheld_1": ("国家秘密",),
    # "2.其他法律行政止公开" (淮安市洪泽区 2024, a character dropped)
    "withheld_2": ("禁止公开", "行政止公开", "法律行政法规", "法规禁止"),
    "withheld_3": ("三安全一稳定", "三安全", "一稳定"),
    "withheld_4": ("第三方合法权益", "保护第三方", "第三方权益"),
    "withheld_5": ("内部事务信息", "三类内部事务", "内部事务"),
    "withheld_6": ("过程性信息", "四类过程性", "过程信息"),
    "withheld_7": ("行政执法案卷", "执法案卷"),
    "withheld_8": ("行政查询事项", "行政查询"),
    # "1.本机关不掌握相关信息", "1.不掌握相关政府信息"
    "unable_1": ("不掌握相关政府信息", "不掌握相关信息", "本机关不掌握", "不掌握"),
    "unable_2": ("没有现成信息", "无现成信息", "另行制作"),
    "unable_3": ("补正后申请内容仍不明确", "补正后仍不明确", "申请内容仍不明确", "申请内容不明确"),
    "not_processed_1": ("信访举报投诉", "信访、举报、投诉", "信访举报", "举报投诉"),
    "not_processed_2": ("重复申请",),
    "not_processed_3": ("公开出版物", "出版物"),
    "not_processed_4": ("大量反复申请", "大量反复", "反复申请"),
    "not_processed_5": ("重新出具已获取信息", "重新出具", "已获取信息", "确认或重新"),
    "other_1": ("逾期不补正", "不补正"),
    "other_2": ("收费通知", "缴纳费用"),
    "carried_out": ("结转下年度", "结转下一年度", "结转下年"),
}

RESULTS = "三、本年度办理结果"
PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
T3_GROUPS: dict[str, str] = {
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
# The numbered items of each group, as printed (2021; the 2019 format prints （六） as one row).
T3_ITEMS: dict[str, tuple[str, ...]] = {
    "withheld": (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
    "unable": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    "not_processed": (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
    "other": (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ),
}
_HANDLED = "handled_total"


def _t3_row(key: str, label: str, group: str = "", *, name: str = "", total: bool = False,
            part_of: str = "") -> RowSpec:
    return RowSpec(key, label, group, variants=_T3_VARIANTS.get(key, ()), name=name, total=total,
                   part_of=part_of, columns=T3_COLUMN_SPECS)


def _numbered(prefix: str) -> list[RowSpec]:
    group = T3_GROUPS[prefix]
    return [
        _t3_row(f"{prefix}_{i}", f"{i}.{label}", group, name=f"{group}{i}.{label}", part_of=_HANDLED)
        for i, label in enumerate(T3_ITEMS[prefix], start=1)
    ]


def _t3_rows(version: FormatVersion) -> tuple[RowSpec, ...]:
    rows = [
        _t3_row("new", "一、本年新收政府信息公开申请数量"),
        _t3_row("carried_in", "二、上年结转政府信息公开申请数量"),
        _t3_row("public", "（一）予以公开", RESULTS, part_of=_HANDLED),
        _t3_row("partial", PARTIAL_LABEL, RESULTS, part_of=_HANDLED),
        *_numbered("withheld"),
        *_numbered("unable"),
        *_numbered("not_processed"),
    ]
    if version is FormatVersion.V2021:
        rows += _numbered("other")
    else:
        rows.append(_t3_row("other", T3_GROUPS["other"], RESULTS, part_of=_HANDLED))
    rows += [
        _t3_row(_HANDLED, "（七）总计", RESULTS, total=True),
        _t3_row("carried_out", "四、结转下年度继续办理"),
    ]
    return tuple(rows)


# --- 表四 ------------------------------------------------------------------------------------

T4_COLUMN_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计", total=True),
)
_SUITS = "行政诉讼"
T4_ROWS: tuple[RowSpec, ...] = (
    RowSpec("review", "行政复议", columns=T4_COLUMN_SPECS),
    RowSpec("suit_direct", "未经复议直接起诉", _SUITS, name=f"{_SUITS}·未经复议直接起诉",
            columns=T4_COLUMN_SPECS),
    RowSpec("suit_after_review", "复议后起诉", _SUITS, name=f"{_SUITS}·复议后起诉",
            columns=T4_COLUMN_SPECS),
)


# --- the tables ------------------------------------------------------------------------------


def _columns_of(rows: tuple[RowSpec, ...]) -> tuple[ColumnSpec, ...]:
    seen: dict[str, ColumnSpec] = {}
    for row in rows:
        for col in row.columns:
            seen.setdefault(col.key, col)
    return tuple(seen.values())


def _tables(version: FormatVersion) -> tuple[TableSpec, ...]:
    t2 = T2_ROWS_2021 if version is FormatVersion.V2021 else T2_ROWS_2019
    t3 = _t3_rows(version)
    return (
        TableSpec("t2", "表二", SectionKey.PROACTIVE, t2, _columns_of(t2)),
        TableSpec("t3", "表三", SectionKey.APPLICATIONS, t3, T3_COLUMN_SPECS),
        TableSpec("t4", "表四", SectionKey.REVIEW_LITIGATION, T4_ROWS, T4_COLUMN_SPECS),
    )


_TABLES = {v: _tables(v) for v in FormatVersion}
_BY_KEY = {v: {t.key: t for t in tables} for v, tables in _TABLES.items()}

TABLE_KEYS: tuple[str, ...] = tuple(t.key for t in _TABLES[FormatVersion.V2021])
# The tables' names and sections are the same in both formats.
TABLE_NAMES: dict[str, str] = {t.key: t.name for t in _TABLES[FormatVersion.V2021]}
TABLE_SECTIONS: dict[str, SectionKey] = {t.key: t.section for t in _TABLES[FormatVersion.V2021]}


def tables(version: FormatVersion) -> tuple[TableSpec, ...]:
    """表二, 表三, 表四 of a format, in printed order."""
    return _TABLES[version]


def table(version: FormatVersion, key: str) -> TableSpec:
    """One table of a format by key ("t3"); ``KeyError`` for an unknown key."""
    return _BY_KEY[version][key]


def table_name(key: str) -> str:
    """"表三" for "t3"."""
    return TABLE_NAMES[key]


def t3_rows(version: FormatVersion) -> tuple[RowSpec, ...]:
    """表三 rows in printed order."""
    return _BY_KEY[version]["t3"].rows


@cache
def t3_outcome_rows(version: FormatVersion) -> tuple[str, ...]:
    """The rows whose sum is 三（七）总计, in printed order."""
    return tuple(r.key for r in t3_rows(version) if r.part_of == _HANDLED)
