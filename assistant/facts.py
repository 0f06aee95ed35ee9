"""The facts sheet: everything a draft may state, each with a stable id.

Built before any model is called, from the report's tables, last year's report (deltas,
carry-over, last year's section 五 problems) and the writer's own notes on this year's work.
The sheet is shown to the writer and is the only source of numbers for a draft: every number
in a drafted sentence must be the value of a fact the sentence cites.

Ids are stable: a cell's id is its canonical address (``t3.new.total``); derived values are
``d.…``, last year's values ``last.…``, changes ``delta.…``/``deltapct.…``; a note or one of
last year's problems is ``note.``/``prev.`` plus a hash of its text, so the same text keeps
its id whatever else changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from assistant.account import Fate, Follow, YearAccount, previous_id, split_problems
from assistant.account.previous import Layout, layout_of
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.form import TABLE_NAMES, CellSpec, cell_address, cell_spec, cell_specs, t3_rows, table
from assistant.report import JsonDecimal, Report

if TYPE_CHECKING:
    from assistant.ledger.compute import Computation


class FactKind(StrEnum):
    META = "meta"  # agency, report year
    CELL = "cell"  # a table cell as printed
    DERIVED = "derived"  # computed from cells, as the label says
    LAST_YEAR = "last_year"  # last year's value of a cell
    DELTA = "delta"  # this year against last year
    PROBLEM = "problem"  # a problem named in last year's section 五
    MEASURE = "measure"  # a measure promised in last year's section 五
    NOTE = "note"  # the writer's own note on this year's work
    FATE = "fate"  # the writer's account of one of last year's problems: status and actions
    FOLLOW = "follow"  # the writer's account of one of last year's measures
    ISSUE = "issue"  # one of this year's problems, from the writer's account (with its evidence)
    PLAN = "plan"  # a measure for next year, from the writer's account


class Topic(StrEnum):
    """What a fact is about, to choose the facts each section's draft is shown."""

    GENERAL = "general"
    PROACTIVE = "proactive"  # 主动公开
    REQUESTS = "requests"  # 依申请公开
    MANAGEMENT = "management"  # 政府信息管理
    PLATFORM = "platform"  # 平台建设
    OVERSIGHT = "oversight"  # 监督保障
    PROBLEM = "problem"  # 本年存在的问题
    MEASURE = "measure"  # 改进措施
    FATE = "fate"  # 上年问题的整改情况
    FEE = "fee"  # 信息处理费
    OTHER = "other"  # 其他需要报告的事项


TOPIC_TITLES: dict[Topic, str] = {
    Topic.GENERAL: "综合", Topic.PROACTIVE: "主动公开", Topic.REQUESTS: "依申请公开",
    Topic.MANAGEMENT: "政府信息管理", Topic.PLATFORM: "平台建设", Topic.OVERSIGHT: "监督保障",
    Topic.PROBLEM: "问题", Topic.MEASURE: "措施", Topic.FATE: "整改", Topic.FEE: "信息处理费",
    Topic.OTHER: "其他",
}


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="稳定标识，如 t3.new.total、note.3fa2c1")
    kind: FactKind
    label: str = Field(description="中文名称")
    value: int | JsonDecimal | str | None = Field(description="数值，或文字（笔记、上年问题）")
    unit: str = Field(default="", description="件、万元、%、年")
    source: str = Field(description="出处：表格单元格、上年报告、起草说明第几行")
    topics: tuple[Topic, ...] = ()

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | Decimal) and not isinstance(self.value, bool)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def statement(self) -> str:
        """One line for prompts and the writer: ``[t3.new.total] 本年新收…（总计）：74件``."""
        if self.is_number:
            return f"[{self.id}] {self.label}：{format_value(self.value)}{self.unit}"
        return f"[{self.id}] {self.label}：{self.value}"


class Passage(BaseModel):
    """A regulation passage or an exemplar paragraph from a past report, shown to the model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="稳定标识，如 tiaoli-2019.a50 或 exemplar.…")
    kind: str = Field(description="regulation 或 exemplar")
    title: str = Field(description="如《中华人民共和国政府信息公开条例》第五十条")
    text: str
    source: str = ""

    def statement(self, limit: int = 400) -> str:
        body = self.text if len(self.text) <= limit else self.text[:limit] + "…"
        return f"[{self.id}] {self.title}\n{body}"


class FactsSheet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str
    year: int
    previous_year: int | None = None
    facts: list[Fact] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    previous_problems_text: str = Field(default="", description="上年报告第五部分原文")
    account: YearAccount = Field(default_factory=YearAccount, description="撰稿人的整改台账（第五部分）")
    headed: bool = Field(default=True, description="第五部分按（一）（二）（三）小标题排版；上年报告不用小标题时为否")

    def get(self, fact_id: str) -> Fact | None:
        return self._index().get(fact_id)

    def passage(self, passage_id: str) -> Passage | None:
        return next((p for p in self.passages if p.id == passage_id), None)

    def _index(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def of_kind(self, *kinds: FactKind) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]

    def about(self, *topics: Topic) -> list[Fact]:
        return [f for f in self.facts if set(f.topics) & set(topics)]

    def notes(self, *topics: Topic) -> list[Fact]:
        return [f for f in self.facts if f.kind is FactKind.NOTE and (not topics or set(f.topics) & set(topics))]

    def for_section(self, section: SectionKey) -> list[Fact]:
        """The facts a section's draft is shown (all facts remain valid to cite)."""
        wanted = set(SECTION_TOPICS.get(section, ())) | {Topic.GENERAL}
        return [f for f in self.facts if f.kind is FactKind.META or set(f.topics) & wanted]

    def with_passages(self, passages: Iterable[Passage]) -> FactsSheet:
        known = {p.id for p in self.passages}
        added = [p for p in passages if p.id not in known and not known.add(p.id)]  # type: ignore[func-returns-value]
        return self.model_copy(update={"passages": [*self.passages, *added]})

    def to_markdown(self, section: SectionKey | None = None) -> str:
        """The sheet as the writer sees it."""
        facts = self.for_section(section) if section else self.facts
        lines = [f"# 事实表：{self.agency}{self.year}年", ""]
        groups: dict[FactKind, list[Fact]] = {}
        for fact in facts:
            groups.setdefault(fact.kind, []).append(fact)
        for kind, title in KIND_TITLES.items():
            if kind in groups:
                lines += [f"## {title}", *(f"- {f.statement()}（{f.source}）" for f in groups[kind]), ""]
        if self.passages:
            lines += ["## 参考条文与范文", *(f"- [{p.id}] {p.title}" for p in self.passages), ""]
        return "\n".join(lines)


KIND_TITLES: dict[FactKind, str] = {
    FactKind.META: "基本信息", FactKind.CELL: "表格数据", FactKind.DERIVED: "由表格计算",
    FactKind.LAST_YEAR: "上年数据", FactKind.DELTA: "与上年相比", FactKind.PROBLEM: "上年报告提出的问题",
    FactKind.MEASURE: "上年报告提出的措施", FactKind.FATE: "上年问题整改情况（撰稿人提供）",
    FactKind.FOLLOW: "上年措施落实情况（撰稿人提供）", FactKind.ISSUE: "本年存在的问题（撰稿人确认）",
    FactKind.PLAN: "改进措施（撰稿人确认）", FactKind.NOTE: "起草说明（撰稿人提供）",
}

SECTION_TOPICS: dict[SectionKey, tuple[Topic, ...]] = {
    SectionKey.OVERVIEW: (Topic.PROACTIVE, Topic.REQUESTS, Topic.MANAGEMENT, Topic.PLATFORM, Topic.OVERSIGHT),
    SectionKey.PROBLEMS: (Topic.PROBLEM, Topic.MEASURE, Topic.FATE, Topic.REQUESTS, Topic.OVERSIGHT),
    SectionKey.OTHER: (Topic.FEE, Topic.OTHER),
}


def format_value(value: object) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def digest(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


# --- the writer's notes -----------------------------------------------------------------------

_TAGS: tuple[tuple[Topic, tuple[str, ...]], ...] = (
    (Topic.FEE, ("信息处理费", "处理费", "收费")),
    (Topic.FATE, ("整改", "上年问题", "整改情况")),
    (Topic.PROBLEM, ("问题", "不足", "存在问题")),
    (Topic.MEASURE, ("措施", "改进", "下一步", "计划")),
    (Topic.PROACTIVE, ("主动公开",)),
    (Topic.REQUESTS, ("依申请公开", "依申请")),
    (Topic.MANAGEMENT, ("政府信息管理", "信息管理")),
    (Topic.PLATFORM, ("平台建设", "平台", "公开平台")),
    (Topic.OVERSIGHT, ("监督保障", "监督", "考核", "培训")),
    (Topic.OTHER, ("其他", "人大建议", "政协提案", "工作要点")),
)
_TAG_LINE = re.compile(r"^\s*(?:[【\[]\s*([^】\]]{1,8})\s*[】\]]|([^：:，。]{1,8})\s*[：:])\s*(.+)$")
# Words that, anywhere in an untagged note, say what it is about (first match wins).
_KEYWORDS: tuple[tuple[Topic, tuple[str, ...]], ...] = (
    (Topic.FEE, ("信息处理费",)),
    (Topic.FATE, ("整改", "上年度提出", "上年提出")),
    (Topic.PROBLEM, ("存在问题", "不足", "有待", "不够", "仍需")),
    (Topic.MEASURE, ("下一步", "将进一步", "计划", "拟")),
    (Topic.PLATFORM, ("网站", "平台", "新媒体", "公众号", "专栏")),
    (Topic.REQUESTS, ("依申请", "申请")),
    (Topic.MANAGEMENT, ("保密审查", "公开属性", "目录", "信息管理", "档案")),
    (Topic.OVERSIGHT, ("培训", "考核", "监督", "评议", "责任追究", "督查")),
    (Topic.PROACTIVE, ("主动公开", "解读", "规范性文件", "发布")),
    (Topic.OTHER, ("人大建议", "政协提案", "工作要点")),
)


def note_topic(line: str) -> tuple[Topic, str]:
    """A note line's topic and its text without the tag (``平台建设：改版网站`` → PLATFORM)."""
    match = _TAG_LINE.match(line)
    if match:
        tag = (match.group(1) or match.group(2) or "").strip()
        for topic, names in _TAGS:
            if any(tag == n or tag.startswith(n) for n in names):
                return topic, match.group(3).strip()
    for topic, words in _KEYWORDS:
        if any(w in line for w in words):
            return topic, line.strip()
    return Topic.GENERAL, line.strip()


def note_facts(notes: Sequence[str], source: str = "起草说明") -> list[Fact]:
    facts: list[Fact] = []
    seen: set[str] = set()
    for number, line in enumerate(notes, start=1):
        topic, text = note_topic(line)
        if not text or text in seen:
            continue
        seen.add(text)
        facts.append(Fact(id=f"note.{digest(text)}", kind=FactKind.NOTE, label=f"{TOPIC_TITLES[topic]}（撰稿人说明）",
                          value=text, source=f"{source}第{number}行", topics=(topic,)))
    return facts


# --- last year's section 五 --------------------------------------------------------------------


def previous_problem_facts(previous: Report) -> list[Fact]:
    year = previous.meta.year
    problems, measures = split_problems(previous.text(SectionKey.PROBLEMS), year)
    where = f"{year}年报告第五部分" if year else "上年报告第五部分"
    facts = [
        Fact(id=previous_id(p), kind=FactKind.PROBLEM, label=f"上年报告提出的问题{i}", value=p,
             source=where, topics=(Topic.FATE,))
        for i, p in enumerate(problems, start=1)
    ]
    facts += [
        Fact(id=previous_id(m, measure=True), kind=FactKind.MEASURE, label=f"上年报告提出的措施{i}", value=m,
             source=where, topics=(Topic.FATE,))
        for i, m in enumerate(measures, start=1)
    ]
    return facts


# --- the writer's account of the year (整改台账) ------------------------------------------------


def fate_id(previous_problem_id: str) -> str:
    """``prev.3fa2c1`` → ``fate.3fa2c1``: the writer's account of that problem."""
    return "fate." + previous_problem_id.partition(".")[2]


def follow_id(previous_measure_id: str) -> str:
    return "follow." + previous_measure_id.partition(".")[2]


def account_facts(account: YearAccount) -> list[Fact]:
    """The account as facts a draft may cite: statuses and actions, problems, measures."""
    source = "撰稿人整改台账"
    facts: list[Fact] = []
    for i, item in enumerate(account.previous_problems, start=1):
        if item.status is None and not item.actions:
            continue
        status = item.status.value if item.status else "整改状态未填写"
        value = status + ("：" + "；".join(a.strip("。；; ") for a in item.actions) if item.actions else "")
        facts.append(Fact(id=fate_id(item.id), kind=FactKind.FATE, label=f"上年问题{i}的整改情况（撰稿人）",
                          value=value, source=source, topics=(Topic.FATE,)))
    for i, done in enumerate(account.previous_measures, start=1):
        if done.status is None and not done.how:
            continue
        status = done.status.value if done.status else "落实情况"
        value = status + (f"：{done.how.strip()}" if done.how.strip() else "")
        facts.append(Fact(id=follow_id(done.id), kind=FactKind.FOLLOW, label=f"上年措施{i}的落实情况（撰稿人）",
                          value=value, source=source, topics=(Topic.FATE,)))
    for i, problem in enumerate((p for p in account.problems if p.text.strip()), start=1):
        value = problem.text.strip().rstrip("。")
        if problem.evidence:
            value += "。依据：" + "；".join(e.strip().rstrip("。") for e in problem.evidence)
        if problem.source:
            value += f"（来源：{problem.source}）"
        facts.append(Fact(id=f"issue.{problem.id}", kind=FactKind.ISSUE,
                          label=f"本年问题{i}（{problem.origin.value}）", value=value, source=source,
                          topics=(Topic.PROBLEM,)))
    problem_numbers = {p.id: i for i, p in enumerate((p for p in account.problems if p.text.strip()), start=1)}
    problem_numbers.update({p.id: i for i, p in enumerate(account.previous_problems, start=1)})
    for i, measure in enumerate((m for m in account.measures if m.text.strip()), start=1):
        value = measure.text.strip().rstrip("。")
        extras = [f"责任：{measure.owner}" if measure.owner else "",
                  f"时限：{measure.deadline}" if measure.deadline else ""]
        if any(extras):
            value += "（" + "；".join(e for e in extras if e) + "）"
        if measure.continues:
            value += "（继续实施上年措施）"
        target = measure.problem or ""
        where = (f"，针对上年问题{problem_numbers[target]}" if target.startswith("prev.") and target in problem_numbers
                 else f"，针对本年问题{problem_numbers[target]}" if target in problem_numbers else "")
        facts.append(Fact(id=f"plan.{measure.id}", kind=FactKind.PLAN, label=f"改进措施{i}（撰稿人{where}）",
                          value=value, source=source, topics=(Topic.MEASURE,)))
    return facts


def fate_of(account: YearAccount, previous_problem_id: str) -> Fate | None:
    item = next((p for p in account.previous_problems if p.id == previous_problem_id), None)
    return item.status if item is not None else None


def follow_of(account: YearAccount, previous_measure_id: str) -> Follow | None:
    item = account.previous_measure(previous_measure_id)
    return item.status if item is not None else None


# --- facts from the tables ------------------------------------------------------------------------

_T3_KEY_ROWS = ("new", "carried_in", "public", "partial", "handled_total", "carried_out")
_T3_GROUPS = {"withheld": "不予公开", "unable": "无法提供", "not_processed": "不予处理", "other": "其他处理"}
_DELTA_CELLS = ("t3.new.total", "t3.handled_total.total", "t2.normative.issued", "t2.normative.in_force",
                "t2.licensing.decisions", "t2.penalty.decisions", "t4.review.total")


def _topic_of_cell(address: str) -> tuple[Topic, ...]:
    if address.startswith("t2."):
        return (Topic.PROACTIVE,)
    if address.startswith("t3."):
        return (Topic.REQUESTS,)
    return (Topic.OVERSIGHT, Topic.REQUESTS)


def _number(value: object) -> int | Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return value



_T4_NAMES = {
    "review": "因政府信息公开工作被申请行政复议",
    "suit_direct": "因政府信息公开工作被提起行政诉讼（未经复议直接起诉）",
    "suit_after_review": "因政府信息公开工作被提起行政诉讼（复议后起诉）",
}


def cell_label(spec: CellSpec) -> str:
    """A short name for a cell: ``表三 一、本年新收政府信息公开申请数量``, ``表三 （一）予以公开（自然人）``."""
    name = _T4_NAMES.get(spec.row, spec.row_label) if spec.table == "t4" else spec.row_label
    label = f"{TABLE_NAMES[spec.table]} {name}"
    if spec.table == "t3" and spec.row not in ("new", "carried_in", "carried_out"):
        label += "（办结的申请）"
    if spec.col_label != "总计":
        label += f"（{spec.col_label}）"
    return label


def _cell_facts(report: Report, cell_sources: Mapping[str, str]) -> Iterator[Fact]:
    version = report.version
    t3_keep = set(_T3_KEY_ROWS)
    for spec in cell_specs(version):
        value = _number(report.cells.get(spec.address))
        if value is None:
            continue
        if spec.table == "t3":
            # Key rows in every column that has applications; other rows where non-zero.
            if spec.row not in t3_keep and value == 0:
                continue
            if spec.col != "total" and value == 0:
                continue
        unit = {"amount_wan": "万元", "amount_yuan": "元"}.get(spec.col, "件")
        label = cell_label(spec)
        source = f"{spec.label}；{cell_sources[spec.address]}" if spec.address in cell_sources else spec.label
        yield Fact(id=spec.address, kind=FactKind.CELL, label=label, value=value, unit=unit,
                   source=source, topics=_topic_of_cell(spec.address))


def _value(report: Report, address: str) -> int:
    value = _number(report.cells.get(address))
    return int(value) if value is not None else 0


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _derived_facts(report: Report) -> Iterator[Fact]:
    version = report.version
    req = (Topic.REQUESTS,)
    new, carried_in = _value(report, "t3.new.total"), _value(report, "t3.carried_in.total")
    handled = _value(report, "t3.handled_total.total")
    yield Fact(id="d.received", kind=FactKind.DERIVED, label="本年新收加上年结转的申请数", value=new + carried_in,
               unit="件", source="表三 一、本年新收 + 二、上年结转（总计列）", topics=req)
    groups: dict[str, int] = {}
    for prefix, name in _T3_GROUPS.items():
        rows = [r.key for r in t3_rows(version) if r.key == prefix or r.key.startswith(prefix + "_")]
        groups[prefix] = sum(_value(report, cell_address("t3", r, "total")) for r in rows)
        yield Fact(id=f"d.{prefix}", kind=FactKind.DERIVED, label=f"办理结果中“{name}”各项合计", value=groups[prefix],
                   unit="件", source=f"表三 三、本年度办理结果（{name}）各项之和", topics=req)
    public, partial = _value(report, "t3.public.total"), _value(report, "t3.partial.total")
    yield Fact(id="d.public_partial", kind=FactKind.DERIVED, label="予以公开与部分公开合计", value=public + partial,
               unit="件", source="表三 （一）+（二）", topics=req)
    if handled:
        shares = {"public": ("予以公开", public), "partial": ("部分公开", partial),
                  "public_partial": ("予以公开与部分公开", public + partial),
                  **{k: (n, groups[k]) for k, n in _T3_GROUPS.items()}}
        for key, (name, part) in shares.items():
            yield Fact(id=f"d.share.{key}", kind=FactKind.DERIVED, label=f"{name}占办结总数的比例",
                       value=_percent(part, handled), unit="%", source="表三 该项 ÷ （七）总计", topics=req)
    if new + carried_in:
        yield Fact(id="d.completion", kind=FactKind.DERIVED, label="办结率（办结数 ÷ 新收加上年结转）",
                   value=_percent(handled, new + carried_in), unit="%", source="表三 （七）总计 ÷（一 + 二）",
                   topics=req)
    suits = _value(report, "t4.suit_direct.total") + _value(report, "t4.suit_after_review.total")
    yield Fact(id="d.suits", kind=FactKind.DERIVED,
               label="因政府信息公开工作被提起行政诉讼合计（未经复议直接起诉 + 复议后起诉）", value=suits, unit="件",
               source="表四 两组行政诉讼总计之和", topics=(Topic.OVERSIGHT, Topic.REQUESTS))
    corrected = sum(_value(report, cell_address("t4", g.key, "corrected")) for g in table(version, "t4").rows)
    yield Fact(id="d.corrected", kind=FactKind.DERIVED, label="复议、诉讼结果纠正合计", value=corrected, unit="件",
               source="表四 三组“结果纠正”之和", topics=(Topic.OVERSIGHT, Topic.PROBLEM))


def _year_facts(report: Report, previous: Report | None) -> Iterator[Fact]:
    year = report.meta.year
    if year is None:
        raise NianbaoError("报告缺少年度，无法起草（请检查报告标题或统计期限）")
    yield Fact(id="meta.agency", kind=FactKind.META, label="报告机关", value=report.meta.agency or "本机关",
               source="报告标题")
    yield Fact(id="meta.year", kind=FactKind.META, label="报告年度", value=year, unit="年", source="报告标题/统计期限")
    yield Fact(id="meta.next_year", kind=FactKind.META, label="下一年度（改进措施的时间）", value=year + 1, unit="年",
               source="报告年度 + 1")
    yield Fact(id="meta.previous_year", kind=FactKind.META, label="上一年度", value=year - 1, unit="年",
               source="报告年度 − 1")
    if previous is not None and previous.meta.year not in (None, year - 1):
        raise NianbaoError(f"上年报告的年度是 {previous.meta.year} 年，不是 {year - 1} 年")


def _delta_facts(report: Report, previous: Report) -> Iterator[Fact]:
    prev_year = previous.meta.year or (report.meta.year or 0) - 1
    for address in _DELTA_CELLS:
        if previous.version is not report.version and not address.startswith(("t3.", "t4.")):
            continue
        now, before = _number(report.cells.get(address)), _number(previous.cells.get(address))
        if now is None or before is None:
            continue
        label = cell_label(cell_spec(report.version, address))
        topics = _topic_of_cell(address)
        yield Fact(id=f"last.{address}", kind=FactKind.LAST_YEAR, label=f"上年（{prev_year}年）{label}",
                   value=before, unit="件", source=f"{prev_year}年报告 {label}", topics=topics)
        change = now - before
        direction = "增加" if change > 0 else ("减少" if change < 0 else "持平")
        yield Fact(id=f"delta.{address}", kind=FactKind.DELTA, label=f"{label}较上年{direction}的件数",
                   value=abs(int(change)), unit="件", source=f"本年 {now} − 上年 {before}", topics=topics)
        if before:
            yield Fact(id=f"deltapct.{address}", kind=FactKind.DELTA,
                       label=f"{label}较上年{direction}的幅度",
                       value=_percent(abs(int(change)), int(before)), unit="%",
                       source=f"|本年 {now} − 上年 {before}| ÷ 上年 {before}", topics=topics)
    carried_in, carried_out = _value(report, "t3.carried_in.total"), _value(previous, "t3.carried_out.total")
    agree = "一致" if carried_in == carried_out else "不一致，请核对"
    yield Fact(id="d.carry_over", kind=FactKind.DERIVED, label="本年“上年结转”与上年报告“结转下年度继续办理”是否一致",
               value=f"本年上年结转{carried_in}件，上年报告结转下年度{carried_out}件，{agree}",
               source=f"表三 二、上年结转；{prev_year}年报告表三 四、结转下年度", topics=(Topic.REQUESTS,))


def build_facts(
    report: Report, previous: Report | None = None, notes: Sequence[str] = (),
    cell_sources: Mapping[str, str] | None = None, account: YearAccount | None = None,
) -> FactsSheet:
    """The facts sheet for drafting ``report``'s narrative (pure: no files, no model).

    ``cell_sources`` says where a cell's number came from (e.g. :func:`ledger_sources`: the
    ledger rows behind it), shown to the writer beside the fact. ``account`` is the writer's
    account of the year for 五 (default: the report's own).
    """
    facts = [*_year_facts(report, previous), *_cell_facts(report, cell_sources or {}), *_derived_facts(report)]
    if previous is not None:
        facts += [*_delta_facts(report, previous), *previous_problem_facts(previous)]
    account = report.account if account is None else account
    facts += account_facts(account)
    facts += note_facts(notes)
    unique: dict[str, Fact] = {}
    for fact in facts:
        unique.setdefault(fact.id, fact)
    return FactsSheet(
        agency=report.meta.agency or "本机关",
        year=report.meta.year or 0,
        previous_year=previous.meta.year if previous is not None else None,
        facts=list(unique.values()),
        previous_problems_text=previous.text(SectionKey.PROBLEMS) if previous is not None else "",
        account=account,
        headed=previous is None or layout_of(previous.text(SectionKey.PROBLEMS)) is not Layout.PLAIN,
    )


_LEDGER_NAMES = {"applications": "依申请公开登记台账", "cases": "复议诉讼台账", "table2": "表二数据表"}


def ledger_sources(computation: Computation, limit: int = 12) -> dict[str, str]:
    """For cells the ledger filled: which ledger rows they count (``依申请公开登记台账第3、5、9行``)."""
    out: dict[str, str] = {}
    for address in computation.cells:
        rows = computation.rows_of(address)
        if not rows:
            continue
        by_ledger: dict[str, list[int]] = {}
        for source, row in rows:
            by_ledger.setdefault(_LEDGER_NAMES.get(source.value, source.value), []).append(row)
        parts = []
        for name, numbers in by_ledger.items():
            shown = "、".join(str(n) for n in numbers[:limit]) + ("等" if len(numbers) > limit else "")
            parts.append(f"{name}第{shown}行（共{len(numbers)}行）")
        out[address] = "；".join(parts)
    return out
