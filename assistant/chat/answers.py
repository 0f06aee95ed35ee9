"""Answers that act on the report: every answer names its sources; a draft or a revision is
returned as a proposal to accept or reject, never applied.

``respond(intent, context)`` yields ``Answer`` objects: partial ones while a draft streams,
the complete one last. With no model configured, looking up, checking, explaining and
template drafting still work; a revision says which setting to configure.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.chat.intents import Intent, IntentKind
from assistant.errors import NianbaoError
from assistant.findings import Finding, SectionKey
from assistant.form import cell_spec, section_heading
from assistant.report import Report

HELP = (
    "我可以直接处理这些请求：\n"
    "- 起草某一部分：“帮我起草第五部分”（一、五、六部分）；\n"
    "- 按要求修改刚起草的部分：“再具体一些，写上复议被纠正的那一件”（需要配置大模型）；\n"
    "- 查条文：“第二十条第（五）项是什么”；\n"
    "- 核对引用：先在正文中选中句子，再问“这句引用对吗”，或把句子放在引号里；\n"
    "- 解释数字：“为什么依申请新收是26”；\n"
    "- 与上年比较：“今年和去年比，依申请新收有什么变化”（需先在表格页载入上年报告）；\n"
    "- 查看问题：“还有哪些错误”。"
)
NEEDS_MODEL = (
    "按要求改写需要大模型，目前没有配置。请设置环境变量 NIANBAO_LLM（如 deepseek:deepseek-chat，"
    "或 vllm:模型名 加 NIANBAO_LLM_BASE_URL）后重启；在此之前可以用“帮我起草第X部分”生成模板稿再手工修改。"
)


@dataclass(frozen=True)
class Source:
    """Where part of an answer comes from: a regulation, a table cell, a ledger row, a fact."""

    kind: str  # regulation | cell | ledger | fact | passage | finding
    title: str
    ref: str = ""
    text: str = ""


@dataclass(frozen=True)
class Proposal:
    """A change to a section, shown to the writer to accept or reject."""

    section: SectionKey
    before: str
    after: str
    label: str
    unverified: tuple[tuple[int, int, str], ...] = ()  # spans in ``after`` with their messages


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...] = ()
    proposal: Proposal | None = None
    done: bool = True


@dataclass
class ChatContext:
    """What an answer may use; the UI builds it for each message."""

    report: Report
    previous: Report | None = None
    findings: Sequence[Finding] = ()
    notes: Sequence[str] = ()
    model: object | None = None  # assistant.llm.Model, or None for the template drafter
    explain_cell: Callable[[str], str | None] | None = None  # ledger explanation, when any
    finder: object | None = None  # assistant.drafting.PassageFinder


def section_title(key: SectionKey) -> str:
    return section_heading(key)


def respond(intent: Intent, ctx: ChatContext) -> Iterator[Answer]:
    """The answers to one message; the last one is complete."""
    try:
        if intent.kind is IntentKind.LOOKUP:
            yield lookup(intent, ctx)
        elif intent.kind is IntentKind.CHECK_CITATION:
            yield check_citation(intent, ctx)
        elif intent.kind is IntentKind.EXPLAIN_CELL:
            yield explain(intent, ctx)
        elif intent.kind is IntentKind.COMPARE:
            yield compare(intent, ctx)
        elif intent.kind is IntentKind.REVIEW:
            yield review(ctx)
        elif intent.kind is IntentKind.DRAFT:
            yield from draft(intent, ctx, instruction=None)
        elif intent.kind is IntentKind.REVISE:
            if ctx.model is None:
                yield Answer(NEEDS_MODEL)
            else:
                yield from draft(intent, ctx, instruction=intent.message)
        else:
            yield Answer(HELP)
    except NianbaoError as exc:
        yield Answer(f"未能完成：{exc}")


# --- look up and check -----------------------------------------------------------------------


def _law_source(law_id: str | None, label: str | None, text: str | None) -> Source:
    from assistant.corpus import load_corpus

    title = label or ""
    if law_id:
        doc = load_corpus().documents.get(law_id)
        if doc is not None:
            meta = doc.meta
            parts = [meta.display or f"《{meta.title}》（{meta.version}）"]
            if meta.doc_no:
                parts.append(meta.doc_no)
            if meta.effective:
                parts.append(f"{meta.effective:%Y年%m月%d日}起施行")
            title += f"——出处：{'，'.join(parts)}"
    return Source("regulation", title, law_id or "", text or "")


def lookup(intent: Intent, ctx: ChatContext) -> Answer:
    from assistant.citations import check_text

    checks = check_text(intent.message, year=ctx.report.meta.year)
    found = [c for c in checks if c.resolved_text]
    if not found:
        problems = [c.finding.message for c in checks if c.finding is not None]
        why = "；".join(problems) or "没有识别出条文编号（请写作“第二十条第（五）项”或“《条例》第五十条”）"
        return Answer(f"没有找到这条条文：{why}")
    lines: list[str] = []
    sources = []
    for check in found:
        lines.append(f"**{check.label}**（{ctx.report.meta.year or '现行'}年适用的版本）：\n\n> {check.resolved_text}")
        sources.append(_law_source(check.law_id, check.label, check.resolved_text))
    return Answer("\n\n".join(lines), tuple(sources))


def check_citation(intent: Intent, ctx: ChatContext) -> Answer:
    """Each citation of the selection verified (with the passage), wrong (with why) or not
    verifiable (naming the document the corpus lacks); abbreviations the report declares
    (``（以下简称《规定》）``) resolve as in the report."""
    from assistant.citations import Outcome, check_text, declared_aliases, summarize

    subject = intent.subject.strip()
    if not subject:
        return Answer("请先在正文中选中要核对的句子（或把句子放在引号里）再问我。")
    aliases = declared_aliases(s.text for s in ctx.report.sections)
    checks = check_text(subject, year=ctx.report.meta.year, aliases=aliases)
    if not checks:
        return Answer(f"“{_short(subject)}”中没有找到法规或文件引用。")
    summary = summarize(checks)
    lines = [f"核对“{_short(subject)}”：{summary.line()}。"]
    sources = []
    for check in checks:
        if check.finding is None:
            if check.counted and check.outcome is Outcome.VERIFIED:  # a wrong quote of it is said on its own line
                what = check.label or check.text
                shown = f"：“{_short(check.resolved_text, 80)}”" if check.resolved_text else (
                    f"（{check.document}）" if check.document else "")
                lines.append(f"- ✓ {check.text}：已核对，即{what}{shown}。")
        elif check.outcome is Outcome.UNVERIFIABLE:
            lines.append(f"- ？ {check.text}：{check.finding.message}")
        else:
            lines.append(f"- ✗ {check.text}：{check.finding.message}")
        if check.resolved_text or check.law_id:
            sources.append(_law_source(check.law_id, check.label, check.resolved_text))
    return Answer("\n".join(lines), tuple(sources))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- explain a cell -----------------------------------------------------------------------------


def explain(intent: Intent, ctx: ChatContext) -> Answer:
    from assistant.workspace import cell_text

    report = ctx.report
    address = intent.cell
    if address is None:
        return Answer("没有听出是哪个单元格，请说明表格和行列，如“为什么依申请新收是26”。")
    address = _match_value(report, address, intent.value)
    spec = cell_spec(report.version, address)
    shown = cell_text(report, address) or "空"
    lines = [f"**{spec.label}**（`{address}`）当前为 **{shown}**。"]
    if intent.value is not None and shown != _plain(intent.value):
        lines.append(f"注意：您说的是 {_plain(intent.value)}，表中实为 {shown}。")
    sources = [Source("cell", spec.label, address, shown)]
    origin = ctx.explain_cell(address) if ctx.explain_cell else None
    if origin:
        lines.append(origin)
        # The cell's own origin record: ledger rows while its value still comes from the ledger,
        # else the file it was imported from or the hand edit that set it.
        kind = "ledger" if "台账" in origin and "行" in origin else "origin"
        sources.append(Source(kind, "单元格来源记录", address))
    else:
        lines.append(f"这份报告不是由台账生成的，数值来自：{report.meta.source or '导入或手工填写'}。")
    related = [f for f in ctx.findings if address in (f.cell, *f.cells)]
    for finding in related:
        lines.append(f"- {'错误' if finding.is_error else '提示'}：{finding.message}")
        sources.append(Source("finding", finding.code, address, finding.message))
    return Answer("\n\n".join(lines), tuple(sources))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _match_value(report: Report, address: str, value: Decimal | None) -> str:
    """When the named cell does not hold the number said, a cell of the same row that does."""
    if value is None or report.cells.get(address) == value:
        return address
    table, row, _ = address.split(".")
    for spec_address, cell in report.cells.items():
        if spec_address.startswith(f"{table}.{row}.") and cell == value:
            return spec_address
    return address


# --- this year beside last year ---------------------------------------------------------------

# The figures a writer (and a reviewer) compares first, in the order of the form.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("t3.new.total", "一、本年新收申请"),
    ("t3.carried_in.total", "二、上年结转"),
    ("t3.handled_total.total", "三、办结（（七）总计）"),
    ("t3.public.total", "其中予以公开"),
    ("t3.partial.total", "其中部分公开"),
    ("t3.carried_out.total", "四、结转下年度继续办理"),
    ("t4.review.total", "行政复议"),
    ("t4.suit_direct.total", "行政诉讼（未经复议直接起诉）"),
    ("t4.suit_after_review.total", "行政诉讼（复议后起诉）"),
    ("t2.normative.issued", "行政规范性文件本年制发"),
    ("t2.normative.in_force", "行政规范性文件现行有效"),
    ("t2.licensing.decisions", "行政许可处理决定"),
    ("t2.penalty.decisions", "行政处罚处理决定"),
    ("t2.coercion.decisions", "行政强制处理决定"),
    ("t2.fees.amount_wan", "行政事业性收费（万元）"),
)
NO_PREVIOUS = ("还没有上年报告，无法比较：请在“表格”页的“上年报告（跨年度核对）”中载入上年报告，"
               "或从上年报告开始新建本年报告。")


def compare(intent: Intent, ctx: ChatContext) -> Answer:
    """This year's figures beside last year's, with the change (the named cell first)."""
    from assistant.cells import is_address
    from assistant.workspace.lastyear import year_change

    report, previous = ctx.report, ctx.previous
    if previous is None:
        return Answer(NO_PREVIOUS)
    last_year = previous.meta.year or "上"
    this_year = report.meta.year or "本"
    wanted = list(KEY_FIGURES)
    if intent.cell is not None and is_address(report.version, intent.cell):
        wanted = [(intent.cell, cell_spec(report.version, intent.cell).label)]
    lines = [f"{this_year}年与{last_year}年相比（上年数字取自上年报告）："]
    sources: list[Source] = []
    missing: list[str] = []
    for address, label in wanted:
        if not is_address(report.version, address):
            continue
        change = year_change(report, previous, address)
        if change is None:
            missing.append(label)
            continue
        lines.append(f"- {label}：今年 {change.now_text or '空'}，上年 {change.last_text or '空'}，"
                     f"{change.words()}。")
        sources.append(Source("cell", label, address,
                              f"{this_year}年 {change.now_text or '空'}；{last_year}年 "
                              f"{change.last_text or '空'}"))
    if missing:
        lines.append(f"上年报告的格式（{previous.version.value}年版）没有可比的栏目：{'、'.join(missing)}。")
    carried = year_change(report, previous, "t3.carried_out.total")
    carried_in = report.cells.get("t3.carried_in.total")
    if carried is not None and carried.last is not None and carried_in is not None \
            and carried_in != carried.last and any(a.startswith("t3.") for a, _ in wanted):
        lines.append(f"注意：今年“二、上年结转”为 {carried_in}，上年报告“四、结转下年度继续办理”为 "
                     f"{carried.last_text}，两者应相等。")
    return Answer("\n".join(lines), tuple(sources))


def review(ctx: ChatContext) -> Answer:
    errors = [f for f in ctx.findings if f.is_error]
    warnings = [f for f in ctx.findings if not f.is_error]
    if not ctx.findings:
        return Answer("目前没有发现问题。")
    lines = [f"目前有错误 {len(errors)} 个、提示 {len(warnings)} 条（详见“审核”页）："]
    lines += [f"- 错误：{f.message}" for f in errors[:6]]
    lines += [f"- 提示：{f.message}" for f in warnings[: max(0, 8 - min(len(errors), 6))]]
    sources = tuple(Source("finding", f.code, f.cell or (f.section or ""), f.message)
                    for f in (errors + warnings)[:8])
    return Answer("\n".join(lines), sources)


# --- drafting -------------------------------------------------------------------------------------


@dataclass
class _QueueSink:
    """Receives the drafting pipeline's stream in the worker thread."""

    events: queue.Queue[tuple[str, str]] = field(default_factory=queue.Queue)

    def start(self, label: str) -> None:
        self.events.put(("start", label))

    def token(self, piece: str) -> None:
        self.events.put(("token", piece))

    def restart(self, reason: str) -> None:
        self.events.put(("restart", reason))


def draft(intent: Intent, ctx: ChatContext, *, instruction: str | None) -> Iterator[Answer]:
    """Stream a draft (or a revision) of a section; the last answer carries the proposal."""
    from assistant.drafting import DRAFTABLE, draft_section
    from assistant.drafting.stream import partial_texts

    section = intent.section or SectionKey.PROBLEMS
    if section not in DRAFTABLE:
        names = "、".join(section_title(k) for k in DRAFTABLE)
        yield Answer(f"{section_title(section)}由表格数据构成，不需要起草；可以起草的部分：{names}。")
        return
    notes = [*ctx.notes, *([f"撰稿人要求：{instruction}"] if instruction else [])]
    sink = _QueueSink()
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["draft"] = draft_section(ctx.report, section, previous=ctx.previous, notes=notes,
                                            model=ctx.model, finder=ctx.finder,  # type: ignore[arg-type]
                                            sink=sink)
        except Exception as exc:  # reported to the writer below; the report is untouched
            result["error"] = exc
        finally:
            sink.events.put(("done", ""))

    worker = threading.Thread(target=work, name="nianbao-draft", daemon=True)
    worker.start()
    verb = "修改" if instruction else "起草"
    buffer = ""
    yield Answer(f"正在{verb}{section_title(section)}……", done=False)
    while True:
        kind, piece = sink.events.get()
        if kind == "done":
            break
        if kind == "token":
            buffer += piece
            shown = "".join(partial_texts(buffer))
            if shown:
                yield Answer(f"正在{verb}{section_title(section)}：\n\n{shown}", done=False)
        elif kind == "restart":
            buffer = ""
            yield Answer(f"（{piece}）", done=False)
    worker.join()
    error = result.get("error")
    if error is not None:
        message = str(error) if isinstance(error, NianbaoError) else f"{type(error).__name__}: {error}"
        yield Answer(f"{verb}失败，报告没有改动：{message}")
        return
    from assistant.drafting import Draft

    made = result["draft"]
    assert isinstance(made, Draft)
    yield draft_answer(made, ctx.report, verb)


def draft_answer(made: object, report: Report, verb: str = "起草") -> Answer:
    """The proposal and sources of a finished draft."""
    from assistant.drafting import Draft

    assert isinstance(made, Draft)
    marks: list[tuple[int, int, str]] = []
    for sentence in made.sentences:
        if sentence.span is not None and sentence.marks:
            marks.append((*sentence.span, "；".join(m.message for m in sentence.marks)))
    used_facts = {f for s in made.sentences for f in (*s.facts, *s.auto_cited)}
    used_passages = {p for s in made.sentences for p in s.passages}
    sources: list[Source] = []
    for fact_id in sorted(used_facts):
        fact = made.facts.get(fact_id)
        if fact is not None:
            sources.append(Source("fact", fact.label, fact.id, fact.statement()))
    for passage in made.facts.passages:
        if passage.id in used_passages or passage.kind == "regulation":
            sources.append(Source("passage", passage.title, passage.id, passage.text))
    before = report.text(made.section)
    head = (f"已{verb}{made.heading}（{made.label}，{made.provenance.model}）。"
            f"下面是修改建议，接受后才会写入报告。")
    if marks:
        head += f"有 {len(marks)} 句未通过核对，已用波浪线标出，请核实。"
    proposal = Proposal(made.section, before, made.text, made.label, tuple(marks))
    return Answer(head, tuple(sources), proposal)
