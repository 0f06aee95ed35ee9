"""The drafting pipeline: facts first, then the model (or templates), then checks and one repair.

1. Build the facts sheet and fetch the passages (before any model call).
2. With a model: render the section's prompt, ask for structured JSON, turn it into sentences;
   parts the model left out are filled from the templates. Without one: the templates.
3. Render the prose and run every check on it (``verify``).
4. Send each failing sentence back to the model once (the repair round), check again; a
   rewrite that is worse than the original is not kept.
5. What still fails stays in the draft, marked for the writer; nothing is hidden or dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from assistant.account import YearAccount
from assistant.drafting.passages import PassageFinder, default_finder
from assistant.drafting.prompts import load_prompt
from assistant.drafting.render import BLOCK_TITLES, BLOCKS, heading, render
from assistant.drafting.schema import (
    SECTION_OUTPUTS,
    Draft,
    DraftSentence,
    FateOut,
    Origin,
    OtherOut,
    OverviewOut,
    ProblemsOut,
    Provenance,
    Role,
    SentenceOut,
    output_schema,
)
from assistant.drafting.structured import StreamSink, StructuredCaller, StructuredOutputError
from assistant.drafting.template import FALLBACK_LABEL, TEMPLATE_LABEL, fate_sentences, template_sentences
from assistant.drafting.verify import DraftCheck, check_draft, needs_repair
from assistant.errors import NianbaoError
from assistant.facts import Fact, FactKind, FactsSheet, build_facts, fate_id, follow_id
from assistant.findings import Finding, SectionKey
from assistant.form import SECTION_NUMERALS, SECTION_TITLES
from assistant.llm import TEMPLATE, CallLog, Model
from assistant.report import Report

DRAFTABLE: tuple[SectionKey, ...] = (SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER)
PROMPTS: dict[SectionKey, str] = {
    SectionKey.PROBLEMS: "draft_problems",
    SectionKey.OVERVIEW: "draft_overview",
    SectionKey.OTHER: "draft_other",
}
REPAIR_PROMPT = "repair_sentence"
MAX_REPAIRS = 8  # sentences sent back in the repair round; the rest are marked
PASSAGE_CHARS = 240  # of each regulation passage shown in the prompt
_TODO_WORDS = ("待补充", "待填写", "待确认")

_SENTENCE = '{"text": "……。", "facts": ["事实编号"], "passages": []}'
SHAPES: dict[SectionKey, str] = {
    SectionKey.PROBLEMS: (
        '{"last_year": [{"problem": "prev.编号", "status": "部分整改", "text": "……。", "facts": ["prev.编号", '
        '"fate.编号"], "passages": []}], "problems": [{"id": "issue.编号", "problem": ' + _SENTENCE
        + ', "evidence": [' + _SENTENCE + '], "measures": [' + _SENTENCE + ']}]}'
    ),
    SectionKey.OVERVIEW: "{" + ", ".join(f'"{k}": [{_SENTENCE}]' for k in OverviewOut.model_fields) + "}",
    SectionKey.OTHER: "{" + ", ".join(f'"{k}": [{_SENTENCE}]' for k in OtherOut.model_fields) + "}",
}

# "五", "5", "problems", "存在的主要问题及改进情况" (and "五、存在的…": cut at "、") name section 五.
_SECTION_NAMES: dict[str, SectionKey] = {
    name: key
    for key in DRAFTABLE
    for name in (SECTION_NUMERALS[key], str(list(SECTION_NUMERALS).index(key) + 1), key.value, SECTION_TITLES[key])
}
_DRAFTABLE_NAMES = "、".join(f"{SECTION_NUMERALS[k]}（{SECTION_TITLES[k]}）" for k in DRAFTABLE)


def parse_section(name: str | SectionKey) -> SectionKey:
    """``"五"``, ``"5"``, ``"problems"`` → ``SectionKey.PROBLEMS``; only 一, 五 and 六 are drafted."""
    if isinstance(name, SectionKey) and name in DRAFTABLE:
        return name
    key = _SECTION_NAMES.get(str(name).strip().split("、")[0].strip())
    if key is None:
        raise NianbaoError(
            f"不能起草“{name}”：可起草的部分为 {_DRAFTABLE_NAMES}"
        )
    return key


# --- prompts -------------------------------------------------------------------------------------

# Section 五 is shown its account (整改台账) apart from the facts, so these kinds are not repeated.
_ACCOUNT_KINDS = (FactKind.PROBLEM, FactKind.MEASURE, FactKind.FATE, FactKind.FOLLOW, FactKind.ISSUE,
                  FactKind.PLAN, FactKind.NOTE)


def prompt_facts(sheet: FactsSheet, section: SectionKey) -> list[Fact]:
    """The facts listed in the prompt. Section 五 sees every table figure (表二 and 主动公开
    too: a problem about policy interpretation rests on them); its notes and account are listed
    apart. Per-applicant-type cells and the parts of 表四 are noise in a narrative (and fill a
    small model's context): the totals and the derived values stay."""
    if section is SectionKey.PROBLEMS:
        facts = [f for f in sheet.facts if f.kind not in _ACCOUNT_KINDS]
    else:
        facts = [f for f in sheet.for_section(section) if f.kind not in (FactKind.PROBLEM, FactKind.MEASURE)]
    return [f for f in facts if not (f.kind is FactKind.CELL and f.id.startswith(("t3.", "t4."))
                                     and not f.id.endswith(".total"))]


def _fact_line(fact: Fact | None, missing: str) -> str:
    return fact.statement() if fact is not None else missing


def previous_lines(sheet: FactsSheet) -> tuple[str, str]:
    """Last year's problems, each with the writer's status and actions; last year's measures,
    each with what became of it."""
    problems = []
    for i, problem in enumerate(sheet.of_kind(FactKind.PROBLEM), start=1):
        fate = sheet.get(fate_id(problem.id))
        problems.append(f"{i}. [{problem.id}] {problem.value}\n   整改台账："
                        + _fact_line(fate, "撰稿人未填写（text 写“该问题的整改情况待补充”，不要自行判断是否解决）"))
    measures = []
    for i, measure in enumerate(sheet.of_kind(FactKind.MEASURE), start=1):
        follow = sheet.get(follow_id(measure.id))
        measures.append(f"{i}. [{measure.id}] {measure.value}\n   落实情况：" + _fact_line(follow, "撰稿人未填写"))
    return ("\n".join(problems) or "（未提供上年报告，last_year 留空）",
            "\n".join(measures) or "（无）")


def account_lines(sheet: FactsSheet, account: YearAccount) -> tuple[str, str]:
    """This year's problems and measures from the account, with ids and what backs them."""
    problems = []
    for problem in account.problems:
        fact = sheet.get(f"issue.{problem.id}")
        if fact is None:
            continue
        backing = [sheet.get(i) for i in problem.facts]
        extra = "".join(f"\n   数字依据：{f.statement()}" for f in backing if f is not None)
        problems.append(f"- {fact.statement()}{extra}")
    measures = []
    for measure in account.measures:
        fact = sheet.get(f"plan.{measure.id}")
        if fact is None:
            continue
        target = f"issue.{measure.problem}" if measure.problem and not measure.problem.startswith("prev.") else (
            measure.problem or "")
        where = f"（针对 {target}）" if target else "（未指明针对的问题）"
        keep = f"（继续实施上年措施 {measure.continues}，须写明“继续”）" if measure.continues else ""
        measures.append(f"- {fact.statement()}{where}{keep}")
    return ("\n".join(problems) or "（撰稿人未确认本年问题：依据起草说明和事实表写二至三个，不得编造）",
            "\n".join(measures) or "（撰稿人未提供措施：依据起草说明写，不得编造时限、频次和考核要求）")


def structure_text(sheet: FactsSheet) -> str:
    year, next_year = sheet.year, sheet.year + 1
    if sheet.headed:
        return ("（一）上年度问题整改情况。逐项说明上年问题的整改举措、成效和是否解决。\n"
                f"（二）存在的主要问题。{year}年……还存在以下不足：一是……（问题及其依据）。二是……。\n"
                f"（三）改进措施。{next_year}年，将采取以下措施加以改进：一是……（针对问题一的措施）。二是……（针对问题二的措施）。")
    return ("按该机关上年报告的写法，不用小标题：先逐项说明上年问题整改情况；"
            f"再写“{year}年……还存在以下不足：一是……二是……”；"
            f"再写“{next_year}年，将采取以下措施加以改进：一是……”，措施按所针对问题的顺序排列。")


def hints_text(sheet: FactsSheet, hints: Sequence[str]) -> str:
    return "\n".join(f"- {h}" for h in hints) or "（无）"


def prompt_values(sheet: FactsSheet, section: SectionKey, hints: Sequence[str] = ()) -> dict[str, str]:
    regulations = [p for p in sheet.passages if p.kind == "regulation"]
    exemplars = [p for p in sheet.passages if p.kind == "exemplar"]
    values = {
        "agency": sheet.agency,
        "year": str(sheet.year),
        "facts": "\n".join(f.statement() for f in prompt_facts(sheet, section)),
        "passages": "\n\n".join(p.statement(PASSAGE_CHARS) for p in regulations) or "（无）",
        "exemplars": "\n\n".join(p.statement(300) for p in exemplars) or "（无）",
        "shape": SHAPES[section],
    }
    if section is SectionKey.PROBLEMS:
        values["next_year"] = str(sheet.year + 1)
        values["previous_problems"], values["previous_measures"] = previous_lines(sheet)
        values["problems"], values["measures"] = account_lines(sheet, sheet.account)
        values["notes"] = "\n".join(f.statement() for f in sheet.of_kind(FactKind.NOTE)) or "（无）"
        values["hints"] = hints_text(sheet, hints)
        values["structure"] = structure_text(sheet)
    return values


def _ids(sheet: FactsSheet, section: SectionKey) -> tuple[list[str], list[str]]:
    if section is SectionKey.PROBLEMS:
        facts = [f.id for f in sheet.facts]
    else:
        facts = [f.id for f in prompt_facts(sheet, section)] + [f.id for f in sheet.of_kind(FactKind.PROBLEM)]
    return list(dict.fromkeys(facts)), [p.id for p in sheet.passages if p.kind == "regulation"]


def _refs(sheet: FactsSheet) -> dict[str, list[str]]:
    return {"problem": [f.id for f in sheet.of_kind(FactKind.PROBLEM)],
            "id": [f.id for f in sheet.of_kind(FactKind.ISSUE)]}


# --- the model's answer as sentences ---------------------------------------------------------------


def _sentence(out: SentenceOut | FateOut, block: str, role: Role, problem: str | None = None,
              link: Sequence[str] = ()) -> DraftSentence:
    if any(w in out.text for w in _TODO_WORDS):
        role = Role.TODO
    facts = list(dict.fromkeys([*out.facts, *link]))
    return DraftSentence(text=out.text, block=block, role=role, facts=facts, problem=problem,
                         passages=list(dict.fromkeys(out.passages)), origin=Origin.MODEL)


def _fate_link(out: FateOut, sheet: FactsSheet) -> tuple[str | None, list[str]]:
    """The previous problem a fate sentence is about (its ``problem``, else the one it cites),
    and the facts that link it: the problem and the writer's account of it."""
    problems = {f.id for f in sheet.of_kind(FactKind.PROBLEM)}
    problem = out.problem if out.problem in problems else next((i for i in out.facts if i in problems), None)
    if problem is None:
        return None, []
    link = [problem]
    if sheet.get(fate_id(problem)) is not None:
        link.append(fate_id(problem))
    return problem, link


def sentences_from(section: SectionKey, answer: object, sheet: FactsSheet | None = None) -> list[DraftSentence]:
    out: list[DraftSentence] = []
    if isinstance(answer, ProblemsOut):
        for fate in answer.last_year:
            problem, link = _fate_link(fate, sheet) if sheet is not None else (None, [])
            out.append(_sentence(fate, "fate", Role.FATE, problem, link))
        issues = {f.id for f in sheet.of_kind(FactKind.ISSUE)} if sheet is not None else set()
        for index, item in enumerate(answer.problems):
            issue = item.id if item.id in issues else None
            key = issue or f"problem{index + 1}"
            link = [issue] if issue else []
            out.append(_sentence(item.problem, "problems", Role.PROBLEM, key, link))
            out += [_sentence(s, "problems", Role.EVIDENCE, key) for s in item.evidence]
            out += [_sentence(s, "measures", Role.MEASURE, key) for s in item.measures]
    elif isinstance(answer, OverviewOut | OtherOut):
        for block in type(answer).model_fields:
            out += [_sentence(s, block, Role.CLAIM) for s in getattr(answer, block)]
    return [s for s in out if s.text.strip()]


def fill_gaps(
    section: SectionKey, sentences: list[DraftSentence], sheet: FactsSheet,
) -> tuple[list[DraftSentence], list[str]]:
    """Template sentences for what the model left out: leads, empty parts, last year's problems."""
    template = template_sentences(section, sheet)
    notes: list[str] = []
    filled = list(sentences)
    for block, _ in BLOCKS[section]:
        if block == "fate":
            continue
        if not any(s.block == block for s in filled):
            gap = [t for t in template if t.block == block and t.role is not Role.LEAD]
            if gap and block != "general":
                filled += gap
                notes.append(f"模型没有写“{BLOCK_TITLES[block]}”，已用模板句补上")
    if section is SectionKey.PROBLEMS:
        told = {s.problem for s in filled if s.block == "fate"} | {i for s in filled if s.block == "fate"
                                                                    for i in s.facts}
        missing = [p for p in sheet.of_kind(FactKind.PROBLEM) if p.id not in told]
        if missing:
            filled += fate_sentences(sheet, missing)
            notes.append(f"模型没有说明{len(missing)}个上年问题的整改情况，已用模板句列出")
        if not any(s.block == "fate" for s in filled):
            filled += [t for t in template if t.block == "fate" and t.role is not Role.LEAD]
    if section is SectionKey.OTHER and not any("信息处理费" in s.text for s in filled):
        filled += [t for t in template if t.block == "fee"]
        notes.append("模型没有写信息处理费情况，已用模板句补上")
    leads = [t for t in template if t.role is Role.LEAD]
    lead_blocks = {t.block for t in leads}
    ordered = [*leads, *filled] if lead_blocks else filled
    block_order = {b: i for i, (b, _) in enumerate(BLOCKS[section])}
    ordered.sort(key=lambda s: (block_order.get(s.block, len(block_order)), 0 if s.role is Role.LEAD else 1))
    return ordered, notes


# --- checks and the repair round ------------------------------------------------------------------


def assess(sentences: Sequence[DraftSentence], sheet: FactsSheet, section: SectionKey, report: Report,
           previous: Report | None) -> tuple[DraftCheck, str]:
    rendered = render(section, sentences, headed=sheet.headed)
    return check_draft(rendered.sentences, rendered.text, sheet, section, report, previous), rendered.text


def _badness(sentence: DraftSentence) -> tuple[int, int]:
    """(errors, warnings) among a sentence's marks, to compare a rewrite with its original."""
    marks = [m for m in sentence.marks if m.code != "draft.todo"]
    errors = sum(1 for m in marks if m.is_error)
    return errors, len(marks) - errors


def _repair_facts(sheet: FactsSheet, section: SectionKey, sentence: DraftSentence) -> list[Fact]:
    cited = [f for f in (sheet.get(i) for i in sentence.facts) if f is not None]
    rest = [f for f in prompt_facts(sheet, section) if f not in cited]
    return [*cited, *rest][:40]


def repair_round(
    caller: StructuredCaller, sentences: list[DraftSentence], sheet: FactsSheet, section: SectionKey,
    limit: int = MAX_REPAIRS,
) -> tuple[list[DraftSentence], int]:
    """Each failing sentence rewritten once by the model; returns the sentences and how many were sent."""
    prompt = load_prompt(REPAIR_PROMPT)
    out = list(sentences)
    sent = 0
    for index, sentence in enumerate(sentences):
        if not needs_repair(sentence) or sent >= limit:
            continue
        sent += 1
        facts = _repair_facts(sheet, section, sentence)
        fact_ids = [f.id for f in facts]
        passage_ids = [p.id for p in sheet.passages if p.kind == "regulation"]
        system, user = prompt.render(
            section=heading(section), block=BLOCK_TITLES.get(sentence.block, sentence.block), sentence=sentence.text,
            problems="\n".join(f"- {m.message}" for m in sentence.marks if m.code != "draft.todo"),
            facts="\n".join(f.statement() for f in facts),
            passages="\n".join(f"[{p.id}] {p.title}" for p in sheet.passages if p.kind == "regulation") or "（无）",
        )
        try:
            answer = caller.ask(system, user, SentenceOut, output_schema(SentenceOut, fact_ids, passage_ids),
                                "sentence", label=f"修复第{index + 1}句")
        except StructuredOutputError as exc:
            caller.log.note(f"第{index + 1}句修复失败：{exc}")
            continue
        if not answer.text.strip():
            continue
        out[index] = sentence.model_copy(update={
            "text": answer.text, "facts": list(dict.fromkeys(answer.facts)),
            "passages": list(dict.fromkeys(answer.passages)), "origin": Origin.REPAIRED, "replaced": sentence.text,
            "marks": [],
        })
    return out, sent


def _keep_better(before: Sequence[DraftSentence], after: Sequence[DraftSentence]) -> list[DraftSentence]:
    """A rewrite is kept only when it fails fewer checks than the original (errors first)."""
    kept = []
    for old, new in zip(before, after, strict=True):
        if new.origin is Origin.REPAIRED and new.replaced is not None and _badness(new) >= _badness(old):
            kept.append(old.model_copy(update={"marks": []}))
        else:
            kept.append(new)
    return kept


def _fixed(before: Sequence[DraftSentence], after: Sequence[DraftSentence]) -> list[Finding]:
    fixed = []
    for old, new in zip(before, after, strict=True):
        still = {m.code for m in new.marks}
        fixed += [m for m in old.marks if m.code not in still and m.code != "draft.todo"]
    return fixed


# --- the draft ---------------------------------------------------------------------------------------


def build_draft(
    section: SectionKey, sheet: FactsSheet, check: DraftCheck, provenance: Provenance, label: str,
    fixed: Sequence[Finding] = (),
) -> Draft:
    rendered = render(section, check.sentences, headed=sheet.headed)
    return Draft(
        section=section, heading=heading(section), agency=sheet.agency, year=sheet.year, label=label,
        text=rendered.text, annotated=rendered.annotated, sentences=rendered.sentences,
        findings=check.all_findings, fixed=list(fixed), provenance=provenance, facts=sheet,
    )


def draft_section(
    report: Report,
    section: SectionKey | str,
    *,
    previous: Report | None = None,
    notes: Sequence[str] = (),
    model: Model | None = None,
    finder: PassageFinder | None = None,
    sink: StreamSink | None = None,
    max_repairs: int = MAX_REPAIRS,
    hints: Sequence[str] = (),
    clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
) -> Draft:
    """A checked draft of section 一, 五 or 六 of ``report``, with provenance.

    Section 五 is drafted from ``report.account`` (the writer's 整改台账) as well as the notes;
    ``hints`` are leads the writer may want looked at (the open candidate problems)."""
    key = parse_section(section)
    started = time.monotonic()
    sheet = build_facts(report, previous, notes)
    sheet = sheet.with_passages((finder or default_finder())(key, sheet))
    created = clock()
    if model is None:
        check, _ = assess(template_sentences(key, sheet), sheet, key, report, previous)
        provenance = Provenance(model=TEMPLATE, created=created, duration_s=round(time.monotonic() - started, 3))
        return build_draft(key, sheet, check, provenance, TEMPLATE_LABEL)

    prompt = load_prompt(PROMPTS[key])
    caller = StructuredCaller(model=model, log=CallLog(), sink=sink)
    fact_ids, passage_ids = _ids(sheet, key)
    system, user = prompt.render(**prompt_values(sheet, key, hints))
    notes_log: list[str] = []
    try:
        shape = SECTION_OUTPUTS[key]
        answer = caller.ask(system, user, shape, output_schema(shape, fact_ids, passage_ids, _refs(sheet)),
                            f"draft_{key.value}", label=f"起草{heading(key)}")
        sentences = sentences_from(key, answer, sheet)
    except StructuredOutputError as exc:
        notes_log.append(f"{exc}；已改用模板句")
        sentences = []
    if not sentences:
        # An empty or unusable answer: the draft is the template's, and says so.
        if not notes_log:
            notes_log.append("模型的回答中没有可用的句子；已改用模板句")
        check, _ = assess(template_sentences(key, sheet), sheet, key, report, previous)
        provenance = Provenance(
            model=model.name, prompt=prompt.ref, created=created, duration_s=round(time.monotonic() - started, 3),
            calls=caller.log.calls, retries=caller.log.retries, json_mode=caller.mode_used,
            notes=[*caller.log.errors, *notes_log],
        )
        return build_draft(key, sheet, check, provenance, FALLBACK_LABEL)
    sentences, gap_notes = fill_gaps(key, sentences, sheet)
    notes_log += gap_notes
    first, _ = assess(sentences, sheet, key, report, previous)
    check, fixed, sent = first, [], 0
    if any(needs_repair(s) for s in first.sentences):
        repaired, sent = repair_round(caller, first.sentences, sheet, key, max_repairs)
        second, _ = assess(repaired, sheet, key, report, previous)
        kept = _keep_better(first.sentences, second.sentences)
        check = assess(kept, sheet, key, report, previous)[0] if kept != second.sentences else second
        fixed = _fixed(first.sentences, check.sentences)
    repaired_count = sum(1 for s in check.sentences if s.origin is Origin.REPAIRED and not s.marks)
    provenance = Provenance(
        model=model.name, prompt=prompt.ref, created=created, duration_s=round(time.monotonic() - started, 3),
        calls=caller.log.calls, retries=caller.log.retries, json_mode=caller.mode_used, repair_round=sent > 0,
        repaired=repaired_count, notes=[*caller.log.errors, *notes_log],
    )
    label = f"模型起草稿（{model.name}，须撰稿人逐句核对；【待核实】处未通过自动核对）"
    return build_draft(key, sheet, check, provenance, label, fixed)
