"""The template drafter: the facts sheet rendered through fixed sentences, no model needed.

Every sentence states facts from the sheet and cites them, so a template draft has no number
and no citation that the sheet does not back. What the sheet cannot tell (this year's problems
without notes, the 信息处理费 without a note) becomes a 【待补充】 sentence for the writer,
never an invented statement. The pipeline also uses these sentences to fill a part the model
left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.account import Fate, Measure, YearAccount
from assistant.account.previous import problem_name as _problem_name
from assistant.drafting.schema import DraftSentence, Origin, Role
from assistant.facts import Fact, FactKind, FactsSheet, Topic, fate_id, follow_id, format_value
from assistant.findings import SectionKey
from assistant.form import FormatVersion, cell_specs

TEMPLATE_LABEL = "模板生成文本（未使用大模型，请补充【待补充】处并润色）"
FALLBACK_LABEL = "模板生成文本（模型没有给出可用的回答，已改用模板；请补充【待补充】处并润色）"

_SHORT = 28


def _s(text: str, block: str, role: Role, facts: Sequence[str] = (), passages: Sequence[str] = (),
       problem: str | None = None) -> DraftSentence:
    return DraftSentence(text=text, block=block, role=role, facts=list(facts), passages=list(passages),
                         origin=Origin.TEMPLATE, problem=problem)


def _v(sheet: FactsSheet, fact_id: str) -> str:
    fact = sheet.get(fact_id)
    return format_value(fact.value) if fact is not None else "0"


def _has(sheet: FactsSheet, *fact_ids: str) -> bool:
    return all(sheet.get(f) is not None for f in fact_ids)


def _num(sheet: FactsSheet, fact_id: str) -> int:
    fact = sheet.get(fact_id)
    return int(fact.value) if fact is not None and fact.is_number else 0  # type: ignore[arg-type]


def note_sentences(notes: Sequence[Fact], block: str, role: Role) -> list[DraftSentence]:
    return [_s(str(n.value), block, role, [n.id]) for n in notes]


def _overlap(a: str, b: str) -> float:
    """Share of ``a``'s character bigrams found in ``b`` (to pair a note with a problem)."""
    grams = {a[i:i + 2] for i in range(len(a) - 1) if re.match(r"[\u4e00-\u9fff]{2}", a[i:i + 2])}
    return sum(1 for g in grams if g in b) / len(grams) if grams else 0.0


# --- 五 --------------------------------------------------------------------------------------------


def problem_name(text: str) -> str:
    """A short name to quote a problem back by (its whole text when no clause stands out)."""
    name = _problem_name(text)
    return name or (text if len(text) <= 28 else text[:28] + "…")


_FATE_WORDS = {
    Fate.FIXED: "该问题已整改到位",
    Fate.PARTIAL: "该问题已部分整改，仍需持续推进",
    Fate.OPEN: "该问题尚未整改到位",
}


def _account_fate(sheet: FactsSheet, problem: Fact) -> DraftSentence | None:
    """The writer's account of a previous problem, said plainly: what was done, whether solved."""
    fate = sheet.get(fate_id(problem.id))
    if fate is None:
        return None
    status, _, actions = str(fate.value).partition("：")
    said = f"针对上年报告提出的“{problem_name(str(problem.value))}”问题，"
    said += f"{actions.rstrip('。')}，" if actions else ""
    said += _FATE_WORDS.get(Fate(status), "整改情况【待补充：整改状态】") if status in Fate._value2member_map_ else (
        "【待补充：该问题是否已整改到位】")
    role = Role.TODO if "【待补充" in said else Role.FATE
    return _s(said, "fate", role, [problem.id, fate.id], problem=problem.id)


def fate_sentences(sheet: FactsSheet, problems: Sequence[Fact]) -> list[DraftSentence]:
    """One sentence per last-year problem: the writer's account of it, else a note on it, else a
    gap to fill."""
    notes = sheet.notes(Topic.FATE)
    used: set[str] = set()
    out = []
    for problem in problems:
        text = str(problem.value)
        accounted = _account_fate(sheet, problem)
        if accounted is not None:
            out.append(accounted)
            continue
        best = max(notes, key=lambda n: _overlap(text, str(n.value)), default=None)
        if best is not None and best.id not in used and _overlap(text, str(best.value)) >= 0.2:
            used.add(best.id)
            note = str(best.value).rstrip("。")
            said = note if note.startswith("针对") else f"针对“{problem_name(text)}”的问题，{note}"
            out.append(_s(said, "fate", Role.FATE, [problem.id, best.id], problem=problem.id))
        else:
            out.append(_s(f"针对“{problem_name(text)}”的问题，整改情况：【待补充：该问题的整改措施和成效】", "fate",
                          Role.TODO, [problem.id], problem=problem.id))
    out += note_sentences([n for n in notes if n.id not in used], "fate", Role.FATE)
    return out


def _data_problems(sheet: FactsSheet) -> Iterator[tuple[DraftSentence, DraftSentence]]:
    """Problems the tables themselves show, worded cautiously, with the numbers as evidence."""
    corrected = _num(sheet, "d.corrected")
    if corrected:
        yield (_s("政府信息公开行政复议、行政诉讼中仍有结果被纠正的情况", "problems", Role.PROBLEM, ["d.corrected"],
                  problem="d.corrected"),
               _s(f"本年度结果被纠正{corrected}件", "problems", Role.EVIDENCE, ["d.corrected"], problem="d.corrected"))
    unable, share = _num(sheet, "d.unable"), sheet.get("d.share.unable")
    if unable and share is not None and share.is_number and float(share.value) >= 30:  # type: ignore[arg-type]
        yield (_s("办结的申请中“无法提供”的比例较高", "problems", Role.PROBLEM, ["d.unable", "d.share.unable"],
                  problem="d.unable"),
               _s(f"本年度办结的申请中“无法提供”{unable}件，占办结总数的{format_value(share.value)}%", "problems",
                  Role.EVIDENCE, ["d.unable", "d.share.unable"], problem="d.unable"))


def _issue_sentences(sheet: FactsSheet, account: YearAccount) -> list[DraftSentence]:
    """This year's problems from the account: the problem, then what backs it."""
    out = []
    for problem in account.problems:
        issue = f"issue.{problem.id}"
        if sheet.get(issue) is None:
            continue
        backing = [i for i in problem.facts if sheet.get(i) is not None]
        out.append(_s(problem.text, "problems", Role.PROBLEM, [issue, *backing], problem=issue))
        out += [_s(e, "problems", Role.EVIDENCE, [issue, *backing], problem=issue) for e in problem.evidence]
        if problem.source and not problem.evidence:
            out.append(_s(f"{problem.source}指出了这一问题", "problems", Role.EVIDENCE, [issue], problem=issue))
    return out


def _measure_text(measure: Measure) -> str:
    text = measure.text.strip().rstrip("。")
    if measure.continues and "继续" not in text:
        text = "继续" + text
    if measure.owner:
        text += f"，由{measure.owner}负责"
    if measure.deadline:
        deadline = measure.deadline.strip()
        text += f"，{deadline}完成" if not deadline.endswith("完成") else f"，{deadline}"
    return text


def _plan_sentences(sheet: FactsSheet, account: YearAccount) -> list[DraftSentence]:
    out = []
    for measure in account.measures:
        plan = f"plan.{measure.id}"
        if sheet.get(plan) is None:
            continue
        facts = [plan, *([follow_id(measure.continues)] if measure.continues and sheet.get(
            follow_id(measure.continues)) else [])]
        target = measure.problem
        problem = f"issue.{target}" if target and not target.startswith("prev.") else target
        out.append(_s(_measure_text(measure), "measures", Role.MEASURE, facts, problem=problem))
    return out


def problems_template(sheet: FactsSheet) -> list[DraftSentence]:
    account = sheet.account
    out: list[DraftSentence] = []
    previous = sheet.of_kind(FactKind.PROBLEM)
    if previous:
        out.append(_s(f"针对{sheet.previous_year}年度报告提出的问题，整改情况如下：", "fate", Role.LEAD,
                      ["meta.previous_year"]))
        out += fate_sentences(sheet, previous)
    elif sheet.notes(Topic.FATE):
        out += note_sentences(sheet.notes(Topic.FATE), "fate", Role.FATE)
    else:
        out.append(_s("【待补充：上年度报告所列问题的整改情况（提供上年报告可自动列出上年问题）】", "fate", Role.TODO))
    out.append(_s(f"{sheet.year}年，{sheet.agency}政府信息公开工作还存在以下不足：", "problems", Role.LEAD,
                  ["meta.year", "meta.agency"]))
    issues = _issue_sentences(sheet, account)
    out += issues
    noted = [] if issues else sheet.notes(Topic.PROBLEM)
    out += note_sentences(noted, "problems", Role.PROBLEM)
    if not issues and not account.dismissed and len(noted) < 2:
        for problem, evidence in list(_data_problems(sheet))[: 2 - len(noted)]:
            out += [problem, evidence]
    if not any(s.role is Role.PROBLEM for s in out):
        out.append(_s("【待补充：本年度存在的主要问题（在整改台账或起草说明中以“问题：”开头逐条写明）】", "problems",
                      Role.TODO))
    out.append(_s(f"{sheet.year + 1}年，将采取以下措施加以改进：", "measures", Role.LEAD, ["meta.next_year"]))
    plans = _plan_sentences(sheet, account)
    out += plans
    measures = [] if plans else sheet.notes(Topic.MEASURE)
    out += note_sentences(measures, "measures", Role.MEASURE)
    if not plans and not measures:
        out.append(_s("【待补充：针对上述问题的具体改进措施和完成时限（在整改台账或起草说明中以“措施：”开头逐条写明）】",
                      "measures", Role.TODO))
    return out


# --- 一 -----------------------------------------------------------------------------------------


def _proactive(sheet: FactsSheet) -> Iterator[DraftSentence]:
    b = "proactive"
    if _has(sheet, "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"):
        yield _s(f"本年度制发行政规范性文件{_v(sheet, 't2.normative.issued')}件，废止"
                 f"{_v(sheet, 't2.normative.repealed')}件，现行有效{_v(sheet, 't2.normative.in_force')}件", b,
                 Role.CLAIM, ["t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"])
    elif _has(sheet, "t2.normative.made", "t2.normative.published"):
        yield _s(f"本年度新制作规范性文件{_v(sheet, 't2.normative.made')}件，新公开"
                 f"{_v(sheet, 't2.normative.published')}件", b, Role.CLAIM,
                 ["t2.normative.made", "t2.normative.published"])
    if _num(sheet, "t2.rules.issued") or _num(sheet, "t2.rules.in_force"):
        yield _s(f"制发规章{_v(sheet, 't2.rules.issued')}件，现行有效规章{_v(sheet, 't2.rules.in_force')}件", b,
                 Role.CLAIM, ["t2.rules.issued", "t2.rules.in_force"])
    elif _num(sheet, "t2.rules.made") or _num(sheet, "t2.rules.published"):
        yield _s(f"本年度新制作规章{_v(sheet, 't2.rules.made')}件，新公开{_v(sheet, 't2.rules.published')}件", b,
                 Role.CLAIM, ["t2.rules.made", "t2.rules.published"])
    decisions = [(spec.address, spec.row_label) for spec in cell_specs(FormatVersion.V2021)
                 if spec.table == "t2" and spec.col == "decisions"]
    present = [(fid, name) for fid, name in decisions if _has(sheet, fid)]
    if present:
        listed = "、".join(f"{name}决定{_v(sheet, fid)}件" for fid, name in present)
        yield _s(f"全年作出{listed}", b, Role.CLAIM, [fid for fid, _ in present])
    if _has(sheet, "t2.fees.amount_wan"):
        yield _s(f"本年行政事业性收费金额{_v(sheet, 't2.fees.amount_wan')}万元", b, Role.CLAIM, ["t2.fees.amount_wan"])
    yield from note_sentences(sheet.notes(Topic.PROACTIVE), b, Role.CLAIM)


def _proactive_or_gap(sheet: FactsSheet) -> list[DraftSentence]:
    found = list(_proactive(sheet))
    if found:
        return found
    return [_s("【待补充：本年度主动公开情况（表二数据未能读出，请核对表二或在起草说明中以“主动公开：”开头写明）】",
               "proactive", Role.TODO)]


def _requests(sheet: FactsSheet) -> Iterator[DraftSentence]:
    b = "requests"
    ids = ["t3.new.total", "t3.carried_in.total", "t3.handled_total.total", "t3.carried_out.total"]
    yield _s(f"本年新收政府信息公开申请{_v(sheet, ids[0])}件，上年结转{_v(sheet, ids[1])}件，办结"
             f"{_v(sheet, ids[2])}件，结转下年度继续办理{_v(sheet, ids[3])}件", b, Role.CLAIM, ids)
    parts = [("t3.public.total", "予以公开"), ("t3.partial.total", "部分公开"), ("d.withheld", "不予公开"),
             ("d.unable", "无法提供"), ("d.not_processed", "不予处理"), ("d.other", "其他处理")]
    named = [(fid, name) for fid, name in parts if _num(sheet, fid)]
    if named and _num(sheet, "t3.handled_total.total"):
        listed = "，".join(f"{name}{_v(sheet, fid)}件" for fid, name in named)
        yield _s(f"办结的申请中，{listed}", b, Role.CLAIM, [fid for fid, _ in named])
    delta = sheet.get("delta.t3.new.total")
    if delta is not None and delta.is_number:
        direction = "增加" if "增加" in delta.label else ("减少" if "减少" in delta.label else "持平")
        text = "新收申请数量与上年持平" if direction == "持平" else f"新收申请较上年{direction}{_v(sheet, delta.id)}件"
        yield _s(text, b, Role.CLAIM, [delta.id])
    yield from note_sentences(sheet.notes(Topic.REQUESTS), b, Role.CLAIM)


def _oversight(sheet: FactsSheet) -> Iterator[DraftSentence]:
    b = "oversight"
    yield _s(f"本年度因政府信息公开被申请行政复议{_v(sheet, 't4.review.total')}件，被提起行政诉讼"
             f"{_v(sheet, 'd.suits')}件", b, Role.CLAIM, ["t4.review.total", "d.suits"])
    if _num(sheet, "d.corrected"):
        yield _s(f"其中结果被纠正{_v(sheet, 'd.corrected')}件", b, Role.CLAIM, ["d.corrected"])
    notes = sheet.notes(Topic.OVERSIGHT)
    yield from note_sentences(notes, b, Role.CLAIM)
    if "人民政府" in sheet.agency and not any(w in str(n.value) for n in notes for w in ("考核", "评议", "追究")):
        yield _s("【待补充：工作考核、社会评议和责任追究结果情况（《条例》第五十条第（四）项）】", b, Role.TODO)


def _notes_or_gap(sheet: FactsSheet, topic: Topic, block: str, what: str, tag: str) -> list[DraftSentence]:
    notes = sheet.notes(topic)
    if notes:
        return note_sentences(notes, block, Role.CLAIM)
    return [_s(f"【待补充：本年度{what}工作情况（在起草说明中以“{tag}：”开头写明）】", block, Role.TODO)]


def overview_template(sheet: FactsSheet) -> list[DraftSentence]:
    out = note_sentences(sheet.notes(Topic.GENERAL), "general", Role.CLAIM)
    out += _proactive_or_gap(sheet)
    out += list(_requests(sheet))
    out += _notes_or_gap(sheet, Topic.MANAGEMENT, "management", "政府信息管理", "政府信息管理")
    out += _notes_or_gap(sheet, Topic.PLATFORM, "platform", "政府信息公开平台建设", "平台建设")
    out += list(_oversight(sheet))
    return out


# --- 六 ----------------------------------------------------------------------------------------


def other_template(sheet: FactsSheet) -> list[DraftSentence]:
    fee_notes = sheet.notes(Topic.FEE)
    out = note_sentences(fee_notes, "fee", Role.CLAIM)
    if not any("信息处理费" in str(n.value) for n in fee_notes):
        out.append(_s("【待补充：本年度信息处理费收取情况（依据《政府信息公开信息处理费管理办法》，未收取的也须写明）】",
                      "fee", Role.TODO))
    unpaid = _num(sheet, "t3.other_2.total")
    if unpaid:
        out.append(_s(f"本年度因申请人逾期未按收费通知要求缴纳费用而不再处理的申请{unpaid}件", "fee", Role.CLAIM,
                      ["t3.other_2.total"]))
    others = sheet.notes(Topic.OTHER)
    out += note_sentences(others, "other", Role.CLAIM)
    if not others:
        out.append(_s("【待确认：其他需要报告的事项（如年度政务公开工作要点落实、人大代表建议和政协提案办理情况）；"
                      "如无，写“无其他需要报告的事项”】", "other", Role.TODO))
    return out


TEMPLATES = {
    SectionKey.PROBLEMS: problems_template,
    SectionKey.OVERVIEW: overview_template,
    SectionKey.OTHER: other_template,
}


def template_sentences(section: SectionKey, sheet: FactsSheet) -> list[DraftSentence]:
    try:
        drafter = TEMPLATES[section]
    except KeyError:
        raise ValueError(f"不支持起草这一部分：{section}") from None
    return drafter(sheet)
