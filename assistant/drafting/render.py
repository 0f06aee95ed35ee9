"""Rendering drafted sentences into the prose of these reports, with each sentence's span.

Section 五 reads: what became of last year's problems; “{year}年……还存在以下不足：一是……。
二是……。”; “{year+1}年，将采取以下措施：一是……。”. Section 一 has its five numbered parts,
section 六 the 信息处理费 sentence and the other items. A sentence that failed a check is
followed, in the annotated text only, by 【待核实：…】 with what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.drafting.schema import DraftSentence, Role
from assistant.findings import SectionKey
from assistant.form import section_heading

ORDINALS = "一二三四五六七八九十"

# Block order and the heading printed before each block's sentences.
BLOCKS: dict[SectionKey, tuple[tuple[str, str], ...]] = {
    SectionKey.PROBLEMS: (("fate", "（一）上年度问题整改情况。"), ("problems", "（二）存在的主要问题。"),
                          ("measures", "（三）改进措施。")),
    SectionKey.OVERVIEW: (
        ("general", ""),
        ("proactive", "（一）主动公开。"),
        ("requests", "（二）依申请公开。"),
        ("management", "（三）政府信息管理。"),
        ("platform", "（四）政府信息公开平台建设。"),
        ("oversight", "（五）监督保障。"),
    ),
    SectionKey.OTHER: (("fee", ""), ("other", "")),
}
REQUIRED_BLOCKS: dict[SectionKey, tuple[str, ...]] = {
    SectionKey.PROBLEMS: ("problems", "measures"),
    SectionKey.OVERVIEW: ("proactive", "requests", "management", "platform", "oversight"),
    SectionKey.OTHER: ("fee",),
}
BLOCK_TITLES: dict[str, str] = {
    "fate": "上年问题整改情况", "problems": "存在的主要问题", "measures": "改进措施", "general": "总述",
    "proactive": "主动公开", "requests": "依申请公开", "management": "政府信息管理",
    "platform": "政府信息公开平台建设", "oversight": "监督保障", "fee": "信息处理费", "other": "其他事项",
}

_LEADING_ORDINAL = re.compile(
    rf"^\s*(?:[{ORDINALS}]是[，,：:]?|[（(][{ORDINALS}\d]{{1,2}}[）)]|\d{{1,2}}[.、．]|第[{ORDINALS}][，,、]|[{ORDINALS}]、)\s*"
)
_END = "。！？；…"


def heading(section: SectionKey) -> str:
    return section_heading(section)


def clean_sentence(text: str) -> str:
    """One sentence as it will be printed: no list marker of its own, no Markdown, a full stop."""
    text = re.sub(r"[*#`>]+", "", text).strip()
    text = re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]", text) else " ".join(text.split())
    while True:
        stripped = _LEADING_ORDINAL.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    if text.endswith((":", "：")):
        return text[:-1] + "："
    if text and text[-1] not in _END and not text.endswith("】"):
        text = text.rstrip("，,;；") + "。"
    return text


def ordinal_prefixes(sentences: Sequence[DraftSentence]) -> list[str]:
    """一是/二是 before each problem and each group of measures (evidence follows its problem
    unnumbered; the measures that answer one problem share its number)."""
    counters: dict[str, int] = {}
    prefixes = []
    group: str | None = None
    for sentence in sentences:
        if sentence.role in (Role.PROBLEM, Role.MEASURE) and sentence.block in ("problems", "measures"):
            if sentence.role is Role.MEASURE and sentence.problem is not None and sentence.problem == group:
                prefixes.append("")
                continue
            group = sentence.problem if sentence.role is Role.MEASURE else None
            n = counters.get(sentence.block, 0)
            counters[sentence.block] = n + 1
            prefixes.append(f"{ORDINALS[n]}是" if n < len(ORDINALS) else "")
        else:
            prefixes.append("")
    return prefixes


def measures_under_problems(sentences: Sequence[DraftSentence]) -> list[DraftSentence]:
    """Section 五's measures in the order of the problems they answer (stable otherwise):
    the measures of problem 一 first, then those of 二, then the rest."""
    order: dict[str, int] = {}
    for sentence in sentences:
        if sentence.role is Role.PROBLEM and sentence.problem and sentence.problem not in order:
            order[sentence.problem] = len(order)
    measures = [s for s in sentences if s.block == "measures" and s.role is Role.MEASURE]
    ranked = sorted(measures, key=lambda s: order.get(s.problem or "", len(order)))
    it = iter(ranked)
    return [next(it) if s.block == "measures" and s.role is Role.MEASURE else s for s in sentences]


@dataclass(frozen=True)
class Rendered:
    text: str
    annotated: str
    sentences: list[DraftSentence]  # with prefix and span set


def render(section: SectionKey, sentences: Sequence[DraftSentence], *, headed: bool = True) -> Rendered:
    """Lay the sentences out in their blocks; spans index the clean text. Without ``headed``
    (the agency's own layout last year had no sub-headings) section 五's blocks are running
    paragraphs introduced by their lead sentences."""
    order = [b for b, _ in BLOCKS[section]]
    titles = dict(BLOCKS[section]) if headed or section is not SectionKey.PROBLEMS else {}
    if section is SectionKey.PROBLEMS:
        sentences = measures_under_problems(sentences)
    by_block: dict[str, list[DraftSentence]] = {b: [] for b in order}
    for sentence in sentences:
        by_block.setdefault(sentence.block, []).append(sentence)
    text_parts: list[str] = []
    annotated_parts: list[str] = []
    placed: list[DraftSentence] = []
    for block in [*order, *(b for b in by_block if b not in order)]:
        members = by_block.get(block, [])
        if not members:
            continue
        line_start = sum(len(p) + 1 for p in text_parts)  # +1: the newline after each earlier line
        line = annotated_line = titles.get(block, "")
        for sentence, prefix in zip(members, ordinal_prefixes(members), strict=True):
            body = clean_sentence(sentence.text)
            start = line_start + len(line) + len(prefix)
            line += prefix + body
            annotated_line += prefix + body + annotation(sentence)
            span = (start, start + len(body))
            placed.append(sentence.model_copy(update={"text": body, "prefix": prefix, "span": span}))
        text_parts.append(line)
        annotated_parts.append(annotated_line)
    return Rendered(text="\n".join(text_parts), annotated="\n".join(annotated_parts), sentences=placed)


def annotation(sentence: DraftSentence) -> str:
    shown = [m for m in sentence.marks if m.code != "draft.todo"]  # a 【待补充】 sentence says so itself
    if not shown:
        return ""
    messages = "；".join(dict.fromkeys(m.message for m in shown))
    return f"【待核实：{messages}】"
