"""The labels a ledger may use, mapped to canonical 表三/表四 rows and columns.

A writer types labels by hand, so matching ignores what does not change the meaning: width
(full/half), spaces, punctuation and quotes, and the enumeration prefixes of the printed form
("（三）", "1.", "三、"). Anything else is refused with a suggestion: the table must come
from what the ledger says, never from a guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from assistant.cells import (
    T3_COLUMNS,
    T3_GROUPS,
    T3_PART_COLUMNS,
    T4_GROUPS,
    FormatVersion,
    t3_outcome_rows,
    t3_rows,
)

_ENUM_BRACKETED = re.compile(r"\([一二三四五六七八九十\d]+\)")
_ENUM_NUMBER = re.compile(r"\d+[.、]")
_ENUM_NUMERAL = re.compile(r"(?:^|(?<=\s))[一二三四五六七八九十]+、")
_NOT_WORD = re.compile(r"[\W_]+")


def label_key(text: str) -> str:
    """The comparable core of a label: no width, spaces, punctuation or enumeration."""
    text = unicodedata.normalize("NFKC", text)
    text = _ENUM_BRACKETED.sub(" ", text)
    text = _ENUM_NUMBER.sub(" ", text)
    text = _ENUM_NUMERAL.sub(" ", text)
    return _NOT_WORD.sub("", text)


@dataclass(frozen=True)
class Resolution:
    """What a typed label means: a canonical key, or why not (with a suggestion)."""

    key: str | None
    suggestion: str | None = None  # a canonical display label
    reason: str | None = None  # a Chinese explanation when the label is refused


@dataclass(frozen=True)
class Vocabulary:
    """One family of labels (applicant types, outcomes, case types, case results)."""

    display: dict[str, str]  # canonical key -> display label (what templates offer)
    accepted: dict[str, str]  # label_key -> canonical key
    hints: dict[str, str] = field(default_factory=dict)  # label_key -> key, suggested only
    refusals: dict[str, str] = field(default_factory=dict)  # label_key -> why it is too vague
    prefixes: tuple[str, ...] = ()  # label_key prefixes that add nothing ("本年度办理结果")
    _memo: dict[str, Resolution] = field(default_factory=dict, compare=False, repr=False)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.display.values())

    def resolve(self, text: str) -> Resolution:
        """The canonical key of a typed label (memoised: ledgers repeat a few labels)."""
        found = self._memo.get(text)
        if found is None:
            key = label_key(text)
            for prefix in self.prefixes:
                if key.startswith(prefix) and key != prefix:
                    key = key[len(prefix):]
            found = self._memo[text] = self._resolve(key)
        return found

    def _resolve(self, key: str) -> Resolution:
        if key in self.accepted:
            return Resolution(self.accepted[key])
        reason = self.refusals.get(key)
        if key in self.hints:
            return Resolution(None, self.display[self.hints[key]], reason)
        if reason:
            return Resolution(None, None, reason)
        close = difflib.get_close_matches(key, list(self.accepted), n=1, cutoff=0.5)
        suggestion = self.display[self.accepted[close[0]]] if close else None
        return Resolution(None, suggestion, reason)


# --- applicant types (表三 columns) ------------------------------------------------------

_LEGAL_PERSON = "法人或其他组织"


@cache
def applicant_types() -> Vocabulary:
    display = {key: label for key, label in T3_COLUMNS if key in T3_PART_COLUMNS}
    accepted: dict[str, str] = {}
    for key, label in display.items():
        accepted[label_key(label)] = key
        if key != "natural":
            accepted[label_key(_LEGAL_PERSON + label)] = key
    # Unambiguous everyday words for a natural person.
    accepted.update({"个人": "natural", "公民": "natural"})
    hints = {
        "企业": "commercial", "公司": "commercial", "商业": "commercial",
        "科研": "research", "高校": "research", "大学": "research", "研究所": "research",
        "研究院": "research", "社会组织": "nonprofit", "公益组织": "nonprofit",
        "基金会": "nonprofit", "律师事务所": "legal", "律所": "legal",
        "其他组织": "other_org",
    }
    orgs = "、".join(label for key, label in display.items() if key != "natural")
    refusals = {
        label_key(_LEGAL_PERSON): f"未写明具体类别，应为{orgs}之一",
        "法人": f"未写明具体类别，应为{orgs}之一",
    }
    return Vocabulary(display, accepted, hints, refusals)


# --- outcomes (表三 rows 三（一）…（六）) -----------------------------------------------------

_GENERIC_SUBLABELS = {"其他"}  # too vague on its own: say which group


def _group_core(group: str) -> str:
    return label_key(group)


@cache
def outcomes() -> Vocabulary:
    version = FormatVersion.V2021
    keys = t3_outcome_rows(version)
    rows = {r.key: r for r in t3_rows(version) if r.key in keys}
    display: dict[str, str] = {}
    accepted: dict[str, str] = {}
    for key in keys:
        row = rows[key]
        if row.group.startswith("（") and row.group != "三、本年度办理结果":
            display[key] = f"{row.group} {row.label}"
            sub = label_key(row.label)
            accepted[_group_core(row.group) + sub] = key
            if row.label.split(".", 1)[-1] not in _GENERIC_SUBLABELS:
                accepted[sub] = key
        else:
            display[key] = row.label
            accepted[label_key(row.label)] = key
    accepted[label_key("部分公开")] = "partial"
    # The long-winded （六） items are usually shortened in ledgers.
    accepted.update({
        "逾期不补正": "other_1",
        "其他处理逾期不补正": "other_1",
        "逾期未缴纳费用": "other_2",
        "逾期未缴费": "other_2",
        "其他处理逾期未缴纳费用": "other_2",
    })
    refusals = {
        _group_core(group): f"未写明具体情形，应为“{group}”下的某一项"
        for group in T3_GROUPS.values()
    }
    refusals["其他"] = "未写明属于哪一类办理结果"
    refusals[label_key("（七）总计")] = "不是一种办理结果，应填写具体的办理结果"
    hints = {
        _group_core(T3_GROUPS["withheld"]): "withheld_1",
        _group_core(T3_GROUPS["unable"]): "unable_1",
        _group_core(T3_GROUPS["not_processed"]): "not_processed_1",
        _group_core(T3_GROUPS["other"]): "other_3",
        "其他": "other_3",
        "公开": "public",
        "同意公开": "public",
        "全部公开": "public",
        "信息不存在": "unable_1",
        "不掌握": "unable_1",
        "国家秘密": "withheld_1",
        "过程性信息": "withheld_6",
        "内部事务信息": "withheld_5",
        "第三方合法权益": "withheld_4",
        "信访": "not_processed_1",
        "重复申请": "not_processed_2",
    }
    hints = {k: v for k, v in hints.items() if k not in accepted}
    return Vocabulary(display, accepted, hints, refusals, prefixes=("本年度办理结果",))


# --- 表四: case types and results ------------------------------------------------------------


@cache
def case_types() -> Vocabulary:
    display = {"review": "行政复议", "suit_direct": "未经复议直接起诉",
               "suit_after_review": "复议后起诉"}
    assert set(display) == {key for key, _ in T4_GROUPS}
    accepted = {label_key(label): key for key, label in display.items()}
    accepted.update({
        "复议": "review",
        "直接起诉": "suit_direct",
        "行政诉讼未经复议直接起诉": "suit_direct",
        "行政诉讼复议后起诉": "suit_after_review",
        "经复议后起诉": "suit_after_review",
    })
    refusals = {
        "行政诉讼": "未写明是“未经复议直接起诉”还是“复议后起诉”",
        "诉讼": "未写明是“未经复议直接起诉”还是“复议后起诉”",
        "起诉": "未写明是“未经复议直接起诉”还是“复议后起诉”",
    }
    return Vocabulary(display, accepted, refusals=refusals)


PENDING = "pending"


@cache
def case_results() -> Vocabulary:
    display = {"upheld": "维持", "corrected": "纠正", "other": "其他", PENDING: "尚未审结"}
    accepted = {label_key(label): key for key, label in display.items()}
    accepted.update({
        "结果维持": "upheld",
        "结果纠正": "corrected",
        "其他结果": "other",
        "未审结": PENDING,
    })
    hints = {"审理中": PENDING, "未结": PENDING, "在审": PENDING, "未结案": PENDING}
    return Vocabulary(display, accepted, hints)
