"""Row labels of 表二、表三、表四 as tolerant patterns, in printed order, per format.

Each row is found by a short, distinctive core of its printed label (so that "行政规范性文件"
and "规范性文件", "结果 纠正" and "结果纠正", half- and full-width brackets all match); the
rest of a label cell (item numbers, "属于…", remarks in brackets) is not a value and is
skipped when values are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from assistant.cells import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    FormatVersion,
    ValueKind,
    t3_rows,
)
from assistant.form import SumRule as FormSum
from assistant.form import row_addresses, sum_rules, table_addresses
from assistant.parsing.splitter import SumRule
from assistant.parsing.variants import PLACEHOLDER_HEADERS, T2_CORES, T3_CORES

_QUOTES = "“”\"＂‘’'「」『』〝〞"
_GAP = r"[\s\x00]*"  # spaces, and the line or cell break of a label wrapped over two lines


def loose(label: str) -> str:
    """A regex for a label that tolerates spaces, line breaks inside it (a label wrapped over
    two lines or cells), bracket widths and quote styles."""
    parts = []
    for ch in label:
        if ch in "（(":
            parts.append("[（(]")
        elif ch in "）)":
            parts.append("[）)]")
        elif ch in _QUOTES:
            parts.append(f"[{_QUOTES}]?")
        elif ch in "、，,":
            parts.append("[、，,]?")
        elif ch in "/／":
            parts.append("[/／]")
        elif ch in "．.":
            parts.append("[．.、]")
        else:
            parts.append(re.escape(ch))
    return _GAP.join(parts)


def any_of(cores: Sequence[str]) -> str:
    """One regex for a row recognised by any of its cores."""
    return "(?:" + "|".join(loose(core) for core in cores) + ")"


@dataclass(frozen=True)
class RowPattern:
    """One printed row: where its cells go and how its label is recognised."""

    table: str  # "t2" | "t3"
    key: str  # row key of the canonical address
    label: str  # printed label, for messages
    pattern: re.Pattern[str]
    addresses: tuple[str, ...]
    kinds: tuple[ValueKind, ...]
    rules: tuple[SumRule, ...] = ()
    item_number: str | None = None  # "2" for "2.其他法律行政法规禁止公开"
    compact: str = ""  # the full printed label, compact (see compact_label)


_COMPACT = str.maketrans({"(": "（", ")": "）", **dict.fromkeys(_QUOTES + " \t\n\x00", None)})


def compact_label(text: str) -> str:
    """A label without spaces, line breaks and quotes, with full-width brackets: the form in
    which a label's wrapped last line is recognised as part of it."""
    return text.translate(_COMPACT)


# Distinctive cores of the 表三 labels (the registry in assistant.cells has the full text; the
# variants seen in print are in assistant.parsing.variants), with the words that may follow a
# core inside the label cell.
_APPLICATION = _GAP + loose("政府信息公开申请") + "(?:" + _GAP + loose("数量") + ")?"
_T3_SUFFIX: dict[str, str] = {
    "new": f"(?:{_APPLICATION})?",
    "carried_in": f"(?:{_APPLICATION})?",
    # the remark in brackets, wrapped over lines by viewers ("只计这一情" / "形，不计其他情形）")
    "partial": r"(?:[\s\x00]*[（(][^（()）\d]{0,40}[）)])?",
    "withheld_3": f"{_GAP}[{_QUOTES}]?",
    "unable_2": "(?:" + _GAP + loose("需要另行制作") + ")?",
    "not_processed_1": "(?:" + _GAP + loose("类申请") + ")?",
    "carried_out": "(?:" + _GAP + loose("继续办理") + ")?",
}
_T3_SPECIAL: dict[str, str] = {
    "other_3": r"(?<![\u4e00-\u9fff])其\s*他(?!\s*[处法结需事对])",
    "handled_total": r"[（(]\s*七\s*[）)]\s*总\s*计",
}
_T3_CORE_2019_OTHER = r"[（(]\s*六\s*[）)]\s*其\s*他\s*处\s*理"
# 2021 format: "（六）其他处理" printed as one row with values, its three items not printed.
OTHER_GROUP = re.compile(_T3_CORE_2019_OTHER)


def _t3_core(key: str) -> str:
    special = _T3_SPECIAL.get(key)
    if special is not None:
        return special
    return any_of(T3_CORES[key]) + _T3_SUFFIX.get(key, "")


def _t2_core(key: str) -> str:
    core = any_of(T2_CORES[key])
    return r"(?:行\s*政\s*)?" + core if key == "normative" else core


_SHARED: dict[tuple[object, ...], tuple[object, ...]] = {}
_Tuple = TypeVar("_Tuple", bound=tuple[object, ...])


def shared(value: _Tuple) -> _Tuple:
    """One tuple object for all equal ones (rows' kinds and rules): rows read alike are then
    recognised by their tuples' identity (see resolve.row_options)."""
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]


def _positional(addresses: tuple[str, ...], rules: Iterable[FormSum]) -> tuple[SumRule, ...]:
    """The form's sums that lie within ``addresses``, as positions in it."""
    index = {a: i for i, a in enumerate(addresses)}
    return shared(tuple(SumRule(parts=tuple(index[p] for p in r.parts), total=index[r.total])
                        for r in rules if r.total in index and all(p in index for p in r.parts)))


@cache
def t3_patterns(version: FormatVersion) -> tuple[RowPattern, ...]:
    out = []
    sums = sum_rules(version, "t3")
    for spec in t3_rows(version):
        addresses = row_addresses(version, "t3", spec.key)
        old_other = version is FormatVersion.V2019 and spec.key == "other"
        core = _T3_CORE_2019_OTHER if old_other else _t3_core(spec.key)
        number = spec.label.split(".", 1)[0] if re.match(r"\d+\.", spec.label) else None
        out.append(
            RowPattern(
                table="t3",
                key=spec.key,
                label=f"{spec.group}{spec.label}" if spec.group.startswith("（") else spec.label,
                pattern=re.compile(core),
                addresses=addresses,
                kinds=shared((ValueKind.COUNT,) * len(T3_COLUMNS)),
                rules=_positional(addresses, sums),
                item_number=number,
                compact=compact_label(f"{spec.group}{spec.label}"),
            )
        )
    return tuple(out)


@cache
def t2_patterns(version: FormatVersion) -> tuple[RowPattern, ...]:
    rows = T2_2021 if version is FormatVersion.V2021 else T2_2019
    return tuple(
        RowPattern(
            table="t2",
            key=key,
            label=label,
            pattern=re.compile(_t2_core(key)),
            addresses=row_addresses(version, "t2", key),
            kinds=shared(tuple(kind for _, _, kind in cols)),
            compact=compact_label(label),
        )
        for key, label, _, cols in rows
    )


# 表四 is the same in both formats.
_T4_ADDRESSES = table_addresses(FormatVersion.V2021, "t4")
_T4_RULES = _positional(_T4_ADDRESSES, sum_rules(FormatVersion.V2021, "t4"))


def t4_addresses() -> tuple[str, ...]:
    return _T4_ADDRESSES


_T4_KINDS = shared((ValueKind.COUNT,) * len(_T4_ADDRESSES))


def t4_rules() -> tuple[SumRule, ...]:
    return _T4_RULES


def t4_kinds() -> tuple[ValueKind, ...]:
    return _T4_KINDS


def numbered_prefix(number: str) -> re.Pattern[str]:
    """The item number printed before a label core, with words of the label before the core."""
    return _numbered_prefix(number)


@cache
def _numbered_prefix(number: str) -> re.Pattern[str]:
    return re.compile(rf"{number}\s*[.．、]\s*[^\d\x00\n]{{0,12}}$")


# --- words that are headers, never values ------------------------------------------------------

_HEADER_WORDS: Sequence[str] = (
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量",
    "本年收费金额", "单位", "万元", "本年新制作数量", "本年新公开数量", "对外公开总数量",
    "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额", "申请人情况",
    "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计",
    "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果",
    "尚未审结", "本年度办理结果",
)


@cache
def header_noise() -> re.Pattern[str]:
    """A cell that is only table headers (column labels, 第二十条第（X）项, group labels)."""
    words = "|".join(loose(w) for w in sorted(_HEADER_WORDS, key=len, reverse=True))
    article = r"第\s*二\s*十\s*条\s*第\s*[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]\s*项"
    group = r"[（(]\s*[一二三四五六七]\s*[）)]\s*(?:不予公开|无法提供|不予处理|其他处理)"
    numbered = r"[一二三四]\s*、"
    placeholders = "|".join(PLACEHOLDER_HEADERS)
    return re.compile(
        rf"(?:\s|[：:、·（）()，,；;*]|{article}|{group}|{numbered}|{words}|{placeholders}|列|其他)+"
    )


_T4_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "行政复议", "行政诉讼",
             "未经复议直接起诉", "复议后起诉")


@cache
def t4_header_words() -> re.Pattern[str]:
    return re.compile("|".join(loose(w) for w in _T4_WORDS))


@cache
def t4_header_cell() -> re.Pattern[str]:
    """A cell made only of 表四 header words ("行政诉讼·未经复议直接起诉")."""
    words = "|".join(loose(w) for w in _T4_WORDS)
    return re.compile(rf"(?:{words}|[\s·、，,（）():：])+")


@cache
def article_noise() -> re.Pattern[str]:
    """第二十条第（5）项 printed with Arabic digits, and the numbered placeholder headers of
    converters ("数据1", "列3"): never a value."""
    return re.compile(r"第\s*二\s*十\s*条\s*第\s*[（(]\s*\d{1,2}\s*[）)]\s*项|"
                      + PLACEHOLDER_HEADERS[0])
