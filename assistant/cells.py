"""Canonical cell addresses of 表二、表三、表四 (DOMAIN §8), for both report formats.

Every tool names a table cell by one stable string, e.g. ``t3.public.natural``. This module
is the single registry of those names, their printed labels and what kind of value they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class FormatVersion(StrEnum):
    """Which national format a report follows."""

    V2021 = "2021"  # 国办公开办函〔2021〕30号
    V2019 = "2019"  # 国办公开办函〔2019〕60号 (trial format)


class ValueKind(StrEnum):
    COUNT = "count"  # a non-negative integer
    AMOUNT = "amount"  # a non-negative decimal (万元 or 元)
    DELTA = "delta"  # a signed integer (2019 表二 本年增/减)


@dataclass(frozen=True)
class CellSpec:
    address: str
    table: str  # "t2" | "t3" | "t4"
    row: str
    col: str
    row_label: str
    col_label: str
    kind: ValueKind = ValueKind.COUNT

    @property
    def label(self) -> str:
        """Human-readable Chinese name of the cell, used in messages."""
        table = {"t2": "表二", "t3": "表三", "t4": "表四"}[self.table]
        return f"{table}“{self.row_label}”行“{self.col_label}”列"


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str  # the label printed on the form (the most specific level)
    group: str = ""  # the enclosing label, e.g. "（三）不予公开"


# --- 表二 -------------------------------------------------------------------------------

# (row key, printed label, article item heading, [(col key, col label, kind)])
T2_2021: tuple[tuple[str, str, str, tuple[tuple[str, str, ValueKind], ...]], ...] = (
    ("rules", "规章", "第二十条第（一）项", (
        ("issued", "本年制发件数", ValueKind.COUNT),
        ("repealed", "本年废止件数", ValueKind.COUNT),
        ("in_force", "现行有效件数", ValueKind.COUNT),
    )),
    ("normative", "行政规范性文件", "第二十条第（一）项", (
        ("issued", "本年制发件数", ValueKind.COUNT),
        ("repealed", "本年废止件数", ValueKind.COUNT),
        ("in_force", "现行有效件数", ValueKind.COUNT),
    )),
    ("licensing", "行政许可", "第二十条第（五）项", (
        ("decisions", "本年处理决定数量", ValueKind.COUNT),
    )),
    ("penalty", "行政处罚", "第二十条第（六）项", (
        ("decisions", "本年处理决定数量", ValueKind.COUNT),
    )),
    ("coercion", "行政强制", "第二十条第（六）项", (
        ("decisions", "本年处理决定数量", ValueKind.COUNT),
    )),
    ("fees", "行政事业性收费", "第二十条第（八）项", (
        ("amount_wan", "本年收费金额（单位：万元）", ValueKind.AMOUNT),
    )),
)

_T2_2019_DOCS = (
    ("made", "本年新制作数量", ValueKind.COUNT),
    ("published", "本年新公开数量", ValueKind.COUNT),
    ("public_total", "对外公开总数量", ValueKind.COUNT),
)
_T2_2019_ITEMS = (
    ("prev_items", "上一年项目数量", ValueKind.COUNT),
    ("change", "本年增/减", ValueKind.DELTA),
    ("decisions", "处理决定数量", ValueKind.COUNT),
)
T2_2019: tuple[tuple[str, str, str, tuple[tuple[str, str, ValueKind], ...]], ...] = (
    ("rules", "规章", "第二十条第（一）项", _T2_2019_DOCS),
    ("normative", "规范性文件", "第二十条第（一）项", _T2_2019_DOCS),
    ("licensing", "行政许可", "第二十条第（五）项", _T2_2019_ITEMS),
    ("other_services", "其他对外管理服务事项", "第二十条第（五）项", _T2_2019_ITEMS),
    ("penalty", "行政处罚", "第二十条第（六）项", _T2_2019_ITEMS),
    ("coercion", "行政强制", "第二十条第（六）项", _T2_2019_ITEMS),
    ("fees", "行政事业性收费", "第二十条第（八）项", _T2_2019_ITEMS[:2]),
    ("procurement", "政府集中采购", "第二十条第（九）项", (
        ("items", "采购项目数量", ValueKind.COUNT),
        ("amount_yuan", "采购总金额", ValueKind.AMOUNT),
    )),
)

# --- 表三 -------------------------------------------------------------------------------

T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
T3_PART_COLUMNS: tuple[str, ...] = tuple(key for key, _ in T3_COLUMNS[:-1])

_WITHHELD = (
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
)
_UNABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
_NOT_PROCESSED = (
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
)
_OTHER = (
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
)

PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
T3_GROUPS: dict[str, str] = {
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}


def _numbered(prefix: str, group: str, labels: tuple[str, ...]) -> list[RowSpec]:
    return [
        RowSpec(f"{prefix}_{i}", f"{i}.{label}", group) for i, label in enumerate(labels, start=1)
    ]


def _t3_rows(version: FormatVersion) -> tuple[RowSpec, ...]:
    rows = [
        RowSpec("new", "一、本年新收政府信息公开申请数量"),
        RowSpec("carried_in", "二、上年结转政府信息公开申请数量"),
        RowSpec("public", "（一）予以公开", "三、本年度办理结果"),
        RowSpec("partial", PARTIAL_LABEL, "三、本年度办理结果"),
        *_numbered("withheld", T3_GROUPS["withheld"], _WITHHELD),
        *_numbered("unable", T3_GROUPS["unable"], _UNABLE),
        *_numbered("not_processed", T3_GROUPS["not_processed"], _NOT_PROCESSED),
    ]
    if version is FormatVersion.V2021:
        rows += _numbered("other", T3_GROUPS["other"], _OTHER)
    else:
        rows.append(RowSpec("other", T3_GROUPS["other"], "三、本年度办理结果"))
    rows += [
        RowSpec("handled_total", "（七）总计", "三、本年度办理结果"),
        RowSpec("carried_out", "四、结转下年度继续办理"),
    ]
    return tuple(rows)


def t3_rows(version: FormatVersion) -> tuple[RowSpec, ...]:
    """表三 rows in printed order."""
    return _T3_ROWS[version]


_T3_ROWS = {v: _t3_rows(v) for v in FormatVersion}


def t3_outcome_rows(version: FormatVersion) -> tuple[str, ...]:
    """The rows whose sum is 三（七）总计."""
    skip = {"new", "carried_in", "handled_total", "carried_out"}
    return tuple(r.key for r in _T3_ROWS[version] if r.key not in skip)


# --- 表四 -------------------------------------------------------------------------------

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_PART_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")


# --- the registry -------------------------------------------------------------------------


def _build(version: FormatVersion) -> tuple[CellSpec, ...]:
    specs: list[CellSpec] = []
    for row, row_label, _, cols in T2_2021 if version is FormatVersion.V2021 else T2_2019:
        for col, col_label, kind in cols:
            specs.append(CellSpec(f"t2.{row}.{col}", "t2", row, col, row_label, col_label, kind))
    for r in _T3_ROWS[version]:
        label = f"{r.group}{r.label}" if r.group.startswith("（") else r.label
        for col, col_label in T3_COLUMNS:
            specs.append(CellSpec(f"t3.{r.key}.{col}", "t3", r.key, col, label, col_label))
    for group, group_label in T4_GROUPS:
        for col, col_label in T4_COLUMNS:
            specs.append(CellSpec(f"t4.{group}.{col}", "t4", group, col, group_label, col_label))
    return tuple(specs)


_REGISTRY = {v: _build(v) for v in FormatVersion}
_BY_ADDRESS = {v: {s.address: s for s in specs} for v, specs in _REGISTRY.items()}


def cell_specs(version: FormatVersion) -> tuple[CellSpec, ...]:
    """Every cell of the format, in printed order (表二, 表三 row by row, 表四)."""
    return _REGISTRY[version]


def cell_spec(version: FormatVersion, address: str) -> CellSpec:
    """The spec of one address; ``KeyError`` with the address when it does not exist."""
    try:
        return _BY_ADDRESS[version][address]
    except KeyError:
        raise KeyError(f"{version.value}版格式中没有单元格 {address}") from None


def is_address(version: FormatVersion, address: str) -> bool:
    return address in _BY_ADDRESS[version]


@cache
def addresses(version: FormatVersion) -> frozenset[str]:
    return frozenset(_BY_ADDRESS[version])
