"""Row labels of 表二、表三、表四 as tolerant patterns, in printed order, per format.

Each row is found by a short, distinctive core of its printed label (so that "行政规范性文件"
and "规范性文件", "结果 纠正" and "结果纠正", half- and full-width brackets all match); the
rest of a label cell (item numbers, "属于…", remarks in brackets) is not a value and is
skipped when values are read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from assistant.cells import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    FormatVersion,
    ValueKind,
    t3_rows,
)
from assistant.parsing.splitter import SumRule


def loose(label: str) -> str:
    """A regex for a label that tolerates spaces, bracket widths and quote styles."""
    parts = []
    for ch in label:
        if ch in "（(":
            parts.append("[（(]")
        elif ch in "）)":
            parts.append("[）)]")
        elif ch in "“”\"":
            parts.append("[“”\"]?")
        elif ch in "、，,":
            parts.append("[、，,]?")
        elif ch in "/／":
            parts.append("[/／]")
        elif ch in "．.":
            parts.append("[．.、]")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


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


# Distinctive cores of the 表三 labels (the registry in assistant.cells has the full text).
_T3_CORES: dict[str, str] = {
    "new": loose("本年新收") + r"(?:\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请\s*(?:数\s*量)?)?",
    "carried_in": loose("上年结转") + r"(?:\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请\s*(?:数\s*量)?)?",
    "public": loose("予以公开"),
    "partial": loose("部分公开") + r"(?:\s*[（(][^）)\x00\n]{0,40}[）)])?",
    "withheld_1": loose("国家秘密"),
    "withheld_2": loose("禁止公开"),
    "withheld_3": loose("三安全一稳定") + r"\s*[“”\"]?",
    "withheld_4": loose("第三方合法权益"),
    "withheld_5": loose("内部事务信息"),
    "withheld_6": loose("过程性信息"),
    "withheld_7": loose("行政执法案卷"),
    "withheld_8": loose("行政查询事项"),
    "unable_1": loose("不掌握相关政府信息"),
    "unable_2": loose("没有现成信息") + r"(?:\s*需\s*要\s*另\s*行\s*制\s*作)?",
    "unable_3": loose("补正后申请内容仍不明确"),
    "not_processed_1": loose("信访举报投诉") + r"(?:\s*类\s*申\s*请)?",
    "not_processed_2": loose("重复申请"),
    "not_processed_3": loose("公开出版物"),
    "not_processed_4": loose("大量反复申请"),
    "not_processed_5": loose("重新出具已获取信息"),
    "other_1": loose("逾期不补正"),
    "other_2": loose("收费通知"),
    "other_3": r"(?<![\u4e00-\u9fff])其\s*他(?!\s*[处法结需事对])",
    "handled_total": r"[（(]\s*七\s*[）)]\s*总\s*计",
    "carried_out": loose("结转下年度") + r"(?:\s*继\s*续\s*办\s*理)?",
}
_T3_CORE_2019_OTHER = r"[（(]\s*六\s*[）)]\s*其\s*他\s*处\s*理"

_T2_CORES: dict[str, str] = {
    "rules": loose("规章"),
    "normative": r"(?:行\s*政\s*)?" + loose("规范性文件"),
    "licensing": loose("行政许可"),
    "other_services": loose("对外管理服务事项"),
    "penalty": loose("行政处罚"),
    "coercion": loose("行政强制"),
    "fees": loose("事业性收费"),
    "procurement": loose("集中采购"),
}


def _t3_rules() -> tuple[SumRule, ...]:
    return (SumRule(parts=tuple(range(len(T3_COLUMNS) - 1)), total=len(T3_COLUMNS) - 1),)


@cache
def t3_patterns(version: FormatVersion) -> tuple[RowPattern, ...]:
    out = []
    for spec in t3_rows(version):
        old_other = version is FormatVersion.V2019 and spec.key == "other"
        core = _T3_CORE_2019_OTHER if old_other else _T3_CORES[spec.key]
        number = spec.label.split(".", 1)[0] if re.match(r"\d+\.", spec.label) else None
        out.append(
            RowPattern(
                table="t3",
                key=spec.key,
                label=f"{spec.group}{spec.label}" if spec.group.startswith("（") else spec.label,
                pattern=re.compile(core),
                addresses=tuple(f"t3.{spec.key}.{col}" for col, _ in T3_COLUMNS),
                kinds=(ValueKind.COUNT,) * len(T3_COLUMNS),
                rules=_t3_rules(),
                item_number=number,
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
            pattern=re.compile(_T2_CORES[key]),
            addresses=tuple(f"t2.{key}.{col}" for col, _, _ in cols),
            kinds=tuple(kind for _, _, kind in cols),
        )
        for key, label, _, cols in rows
    )


def t4_addresses() -> tuple[str, ...]:
    return tuple(f"t4.{g}.{c}" for g, _ in T4_GROUPS for c, _ in T4_COLUMNS)


def t4_rules() -> tuple[SumRule, ...]:
    width = len(T4_COLUMNS)
    return tuple(
        SumRule(parts=tuple(range(i * width, i * width + width - 1)), total=i * width + width - 1)
        for i in range(len(T4_GROUPS))
    )


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
    return re.compile(
        rf"(?:\s|[：:、·（）()，,；;]|{article}|{group}|{numbered}|{words}|列|其他)+"
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
    """第二十条第（5）项 printed with Arabic digits: never a value."""
    return re.compile(r"第\s*二\s*十\s*条\s*第\s*[（(]\s*\d{1,2}\s*[）)]\s*项")
