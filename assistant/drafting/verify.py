"""Checks on a draft: numbers against the facts sheet, sources, citations, repeats, completeness.

Pure functions over rendered sentences (each with its span in the section text). Per sentence:

- ``draft.malformed``: prompt text or fact ids leaked into the sentence;
- ``draft.unknown_source``: it cites an id that is not in the facts sheet (the id is dropped);
- ``draft.number_unverified``: a number (or year) that no fact backs; a number equal to a
  fact's value that the sentence did not cite is cited for it (``auto_cited``);
- ``draft.no_source``: a statement that cites no fact and no passage;
- ``draft.unsupported_claim``: a statement whose words are mostly not in what it cites, nor in
  any one note it could have cited (the model's favourite failure: an activity that never
  happened); a note that does back it is cited for it;
- ``draft.citation_unsourced``: it cites an article it was not given as a passage;
- ``cite.*``: the citation checker's findings (a non-existent or renumbered article, …);
- ``draft.repeats_last_year``: nearly the same as a sentence of last year's section 五;
- ``draft.todo``: a gap left for the writer.

For the section: ``draft.missing_part`` (a required part is empty), and the project's own
report checks (``text.*``, ``xyear.problems_*``, ``struct.*``) run on the report with the draft
put in, so narrative numbers are bound to the cells exactly as in a finished report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from assistant.checks import run_checks
from assistant.checks.crossyear import REPEAT_THRESHOLD, problem_sentences
from assistant.citations import check_text
from assistant.drafting.numbers import MentionKind, NumberMention, matches, number_mentions
from assistant.drafting.render import BLOCK_TITLES, REQUIRED_BLOCKS, heading
from assistant.drafting.schema import DraftSentence, Role
from assistant.facts import Fact, FactKind, FactsSheet
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report, Section

SUPPORT_THRESHOLD = 0.5  # share of a statement's content words found in what it cites
_STATEMENT_ROLES = (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE)
# The report checks kept for a draft (xyear.problems_repeated is draft.repeats_last_year here,
# which leaves out the words quoted from last year's problems).
_CHECK_FAMILIES = ("text.", "xyear.problems_similar", "xyear.problems_no_followup", "struct.", "proof.")
_E, _W = Severity.ERROR, Severity.WARNING

# Words every report uses; they neither support nor undermine a statement.
_GENERIC = frozenset((
    "政府信息", "信息公开", "政府", "信息", "公开", "工作", "本机关", "我局", "我委", "我办", "我区", "我县", "我市",
    "我镇",
    "本单位", "单位", "进一步", "加强", "落实", "推进", "持续", "不断", "积极", "全面", "深入", "有效", "做好", "开展",
    "情况", "方面", "本年度", "年度", "全年", "本年", "今年", "上年", "上年度", "相关", "有关", "规定", "要求", "以及",
    "其中", "共计", "合计", "累计", "依法", "及时", "认真", "严格", "切实", "扎实", "主动", "提升", "提高", "完善",
    "健全", "强化", "规范", "坚持", "围绕", "通过", "按照", "根据", "进行", "实现", "确保", "针对", "问题", "整改",
    "存在", "不足", "改进", "措施", "将", "已", "均", "等", "和", "与", "及", "了", "的", "在", "对", "为", "是",
    "件", "条", "次", "个", "项", "万元", "较", "增加", "减少", "同比", "作出", "其中", "全部",
))


@dataclass(frozen=True)
class DraftCheck:
    sentences: list[DraftSentence]  # with marks and auto-citations set
    section_findings: list[Finding]  # findings that belong to no single sentence

    @property
    def all_findings(self) -> list[Finding]:
        return [m for s in self.sentences for m in s.marks] + self.section_findings


def _finding(code: str, severity: Severity, message: str, section: SectionKey, span: tuple[int, int] | None = None,
             expected: str | None = None, actual: str | None = None) -> Finding:
    return Finding(code=code, severity=severity, message=message, section=section, span=span, expected=expected,
                   actual=actual)


# --- numbers ----------------------------------------------------------------------------------------


def _number_facts(sheet: FactsSheet) -> list[Fact]:
    return [f for f in sheet.facts if f.is_number]


def _backs(fact: Fact, mention: NumberMention) -> bool:
    if fact.is_number:
        value = Decimal(fact.value)  # type: ignore[arg-type]
        if mention.kind is MentionKind.YEAR:
            return fact.unit == "年" and mention.value == value
        return fact.unit != "年" and matches(mention, value, percent=fact.is_percent)
    # A text fact (a note, last year's problem) backs the numbers it states itself.
    return any(m.kind is mention.kind and m.value == mention.value for m in number_mentions(str(fact.value)))


def _bigram_overlap(a: str, b: str) -> int:
    grams = {a[i:i + 2] for i in range(len(a) - 1)}
    return sum(1 for g in grams if g in b)


def check_numbers(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """Mark numbers no fact backs; cite the fact for a number that matches one uncited."""
    cited = [f for f in (sheet.get(i) for i in sentence.facts) if f is not None]
    passages = [p for p in (sheet.passage(i) for i in sentence.passages) if p is not None]
    marks = list(sentence.marks)
    auto = list(sentence.auto_cited)
    for mention in number_mentions(sentence.text):
        if any(_backs(f, mention) for f in cited):
            continue
        if any(m.value == mention.value for p in passages for m in number_mentions(p.text)):
            continue
        candidates = [f for f in _number_facts(sheet) if _backs(f, mention)]
        candidates += [f for f in sheet.of_kind(FactKind.NOTE) if _backs(f, mention)]
        if candidates:
            best = max(candidates, key=lambda f: _bigram_overlap(f.label + str(f.value), sentence.text))
            cited.append(best)
            auto.append(best.id)
            continue
        what = "年份" if mention.kind is MentionKind.YEAR else "数字"
        span = _shift(sentence, mention.span)
        marks.append(_finding(
            "draft.number_unverified", _E, f"{what}“{mention.text}”在事实表中找不到依据", section, span,
            expected="事实表中的数值", actual=mention.text,
        ))
    return sentence.model_copy(update={"marks": marks, "auto_cited": auto,
                                       "facts": [*sentence.facts, *(a for a in auto if a not in sentence.facts)]})


def _shift(sentence: DraftSentence, span: tuple[int, int]) -> tuple[int, int] | None:
    if sentence.span is None:
        return None
    return sentence.span[0] + span[0], sentence.span[0] + span[1]


# --- sources and support ---------------------------------------------------------------------------


_LEAKED = re.compile(
    r"\[(?:t[234]|d|meta|note|prevm?|last|delta|deltapct|tiaoli|geshi)[-.][\w.-]+\]|【(?:事实表|可用的事实|可用的条文|参考条文)】"
    r"|核对发现的问题|事实编号|```|\{\s*\"text\""
)


def check_sources(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """Leaked prompt text, and ids the sheet does not hold (dropped from the sentence's sources)."""
    marks = list(sentence.marks)
    leaked = _LEAKED.search(sentence.text)
    if leaked:
        marks.append(_finding("draft.malformed", _E, f"句中混入了提示词或编号“{leaked.group(0)}”", section,
                              _shift(sentence, leaked.span()), actual=leaked.group(0)))
    unknown = [i for i in sentence.facts if sheet.get(i) is None] + [
        i for i in sentence.passages if sheet.passage(i) is None]
    if unknown:
        marks.append(_finding("draft.unknown_source", _E, f"引用了事实表中没有的编号：{'、'.join(unknown)}",
                              section, sentence.span, actual="、".join(unknown)))
    facts = [i for i in sentence.facts if sheet.get(i) is not None]
    passages = [i for i in sentence.passages if sheet.passage(i) is not None]
    return sentence.model_copy(update={"marks": marks, "facts": facts, "passages": passages})


def require_sources(sentence: DraftSentence, section: SectionKey) -> DraftSentence:
    """A statement must cite a fact or a passage (after numbers were matched to facts)."""
    if sentence.facts or sentence.passages:
        return sentence
    if sentence.role in _STATEMENT_ROLES:
        mark = _finding("draft.no_source", _E, "这句话没有注明依据的事实", section, sentence.span)
    elif sentence.role is Role.MEASURE:
        mark = _finding("draft.no_source", _W, "这项措施没有注明针对的问题或依据", section, sentence.span)
    else:
        return sentence
    return sentence.model_copy(update={"marks": [*sentence.marks, mark]})


@cache
def _tokenizer() -> Any:
    """A jieba tokenizer of our own: words others add to jieba's shared dictionary (the search
    index does) must not change what counts as backed."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: Chinese words of two or more characters, not generic."""
    text = re.sub(r"[“”\"'《》【】]", "", text)
    words = _tokenizer().lcut(text)
    return list(dict.fromkeys(
        w for w in words if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and w not in _GENERIC
    ))


def support(sentence: str, sources: Sequence[str]) -> tuple[float, list[str]]:
    """Share of the sentence's content words found in its sources, and the words that are not."""
    words = content_words(sentence)
    if not words:
        return 1.0, []
    pool = "".join(sources)
    missing = [w for w in words if not _found(w, pool)]
    return 1 - len(missing) / len(words), missing


def _found(word: str, pool: str) -> bool:
    """The word, or for a longer word one of its two-character parts, occurs in the sources."""
    return word in pool or (len(word) >= 3 and any(word[i:i + 2] in pool for i in range(len(word) - 1)))


def _source_texts(sentence: DraftSentence, sheet: FactsSheet) -> list[str]:
    """What a sentence's words may come from: its facts; a passage's words only when the sentence
    names a document (“根据《条例》……”): regulation text restated as the agency's own work is not
    backed by the regulation."""
    texts = []
    for fact_id in sentence.facts:
        fact = sheet.get(fact_id)
        if fact is not None:
            texts.append(f"{fact.label}{fact.value}{fact.unit}")
    if "《" in sentence.text:
        for passage_id in sentence.passages:
            passage = sheet.passage(passage_id)
            if passage is not None:
                texts.append(passage.title + passage.text)
    return texts


_TEXT_KINDS = (FactKind.NOTE, FactKind.PROBLEM, FactKind.MEASURE)


def check_support(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """A statement's words must come from what it cites. When they come from a note (or one of
    last year's problems) it did not cite, that fact is cited for it, as for numbers."""
    if sentence.role not in _STATEMENT_ROLES or (not sentence.facts and not sentence.passages):
        return sentence
    sources = _source_texts(sentence, sheet)
    share, missing = support(sentence.text, sources)
    if share >= SUPPORT_THRESHOLD:
        return sentence
    best: tuple[float, Fact] | None = None
    for fact in sheet.of_kind(*_TEXT_KINDS):
        if fact.id in sentence.facts:
            continue
        with_it = support(sentence.text, [*sources, str(fact.value)])[0]
        if with_it >= SUPPORT_THRESHOLD and (best is None or with_it > best[0]):
            best = (with_it, fact)
    if best is not None:
        return sentence.model_copy(update={"facts": [*sentence.facts, best[1].id],
                                           "auto_cited": [*sentence.auto_cited, best[1].id]})
    words = "、".join(missing[:6])
    mark = _finding("draft.unsupported_claim", _E, f"“{words}”等内容在所引事实中找不到依据（有依据的词占{share:.0%}）",
                    section, sentence.span, expected=f"至少{SUPPORT_THRESHOLD:.0%}", actual=f"{share:.0%}")
    return sentence.model_copy(update={"marks": [*sentence.marks, mark]})


# --- citations ----------------------------------------------------------------------------------


def _covers(passage_id: str, ref: str) -> bool:
    return ref == passage_id or ref.startswith(passage_id + ".") or passage_id.startswith(ref + ".")


def check_citations(sentences: list[DraftSentence], text: str, year: int, section: SectionKey) -> list[DraftSentence]:
    """The citation checker over the section text; each result goes to the sentence it is in."""
    out = [s.model_copy(update={"marks": list(s.marks)}) for s in sentences]
    for check in check_text(text, year=year, section=section):
        owner = next((s for s in out if s.span and s.span[0] <= check.span[0] < s.span[1]), None)
        if owner is None:
            continue
        if check.finding is not None:
            owner.marks.append(check.finding)
        elif check.ref and not any(_covers(p, check.ref) for p in owner.passages):
            owner.marks.append(_finding(
                "draft.citation_unsourced", _W, f"引用了“{check.label or check.text}”，但起草时未提供这一条文，请核对",
                section, check.span, actual=check.text,
            ))
    return out


# --- repeats -------------------------------------------------------------------------------------


def _without_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)


def _comparable(text: str) -> str:
    """Colons end a sentence too here: “存在的主要问题：一是……” compares as “……”."""
    return re.sub(r"[：:]", "。", text)


def similarity(a: str, b_grams: frozenset[str]) -> float:
    mine = problem_sentences(_comparable(_without_quotes(a)))
    if not mine:
        return 0.0
    grams = frozenset().union(*(g for _, _, g in mine))
    return len(grams & b_grams) / len(grams | b_grams) if grams and b_grams else 0.0


def check_repeats(sentences: list[DraftSentence], previous_text: str, section: SectionKey) -> list[DraftSentence]:
    before = problem_sentences(_comparable(previous_text))
    if not before:
        return sentences
    out = []
    for sentence in sentences:
        if sentence.role in (Role.LEAD, Role.TODO):
            out.append(sentence)
            continue
        best = max(similarity(sentence.text, g) for _, _, g in before)
        if best >= REPEAT_THRESHOLD:
            mark = _finding("draft.repeats_last_year", _W,
                            f"与上年报告第五部分的句子几乎相同（相似度{best:.0%}），请改写", section, sentence.span,
                            expected=f"低于{REPEAT_THRESHOLD:.0%}", actual=f"{best:.0%}")
            sentence = sentence.model_copy(update={"marks": [*sentence.marks, mark]})
        out.append(sentence)
    return out


# --- the section ---------------------------------------------------------------------------------


def check_completeness(sentences: Sequence[DraftSentence], sheet: FactsSheet, section: SectionKey) -> list[Finding]:
    findings = []
    for block in REQUIRED_BLOCKS.get(section, ()):
        if not any(s.block == block and s.role is not Role.LEAD for s in sentences):
            findings.append(_finding("draft.missing_part", _E, f"缺少“{BLOCK_TITLES[block]}”部分", section,
                                     expected=BLOCK_TITLES[block], actual="缺失"))
    if section is SectionKey.OTHER and not any("信息处理费" in s.text for s in sentences):
        findings.append(_finding("draft.missing_part", _E, "第六部分必须写明信息处理费的收取情况（未收取也须写明）",
                                 section, expected="信息处理费", actual="未提及"))
    if section is SectionKey.PROBLEMS:
        cited = {i for s in sentences if s.block == "fate" for i in s.facts}
        for problem in sheet.of_kind(FactKind.PROBLEM):
            if problem.id not in cited:
                findings.append(_finding("draft.previous_problem_unaddressed", _E,
                                         f"没有说明上年问题“{str(problem.value)[:30]}”的整改情况", section,
                                         expected="逐项说明上年问题整改情况", actual="未提及"))
    return findings


def with_draft(report: Report, section: SectionKey, text: str) -> Report:
    """A copy of ``report`` whose ``section`` reads ``text`` (added when the report lacks it)."""
    copy = report.model_copy(deep=True)
    found = copy.section(section)
    if found is None:
        copy.sections.append(Section(key=section, heading=heading(section), numeral=heading(section)[0], text=text))
    else:
        found.text = text
    return copy


def report_findings(report: Report, previous: Report | None, section: SectionKey, text: str) -> list[Finding]:
    """The project's report checks on the draft in place: narrative numbers, years, repeats."""
    checked = run_checks(with_draft(report, section, text), previous)
    return [f for f in checked if f.section is section and f.code.startswith(_CHECK_FAMILIES)]


def check_draft(
    sentences: Sequence[DraftSentence],
    text: str,
    sheet: FactsSheet,
    section: SectionKey,
    report: Report,
    previous: Report | None = None,
) -> DraftCheck:
    """Every check on rendered sentences; marks are recomputed from scratch."""
    # From scratch: earlier marks go, and so do the ids earlier checks cited (they are found again).
    checked = [s.model_copy(update={"marks": [], "auto_cited": [],
                                    "facts": [f for f in s.facts if f not in s.auto_cited]}) for s in sentences]
    checked = [check_sources(s, sheet, section) for s in checked]
    checked = [check_numbers(s, sheet, section) for s in checked]
    checked = [require_sources(s, section) for s in checked]
    checked = [check_support(s, sheet, section) for s in checked]
    checked = check_citations(checked, text, sheet.year, section)
    if section is SectionKey.PROBLEMS and sheet.previous_problems_text:
        checked = check_repeats(checked, sheet.previous_problems_text, section)
    checked = [
        s.model_copy(update={"marks": [*s.marks, _finding("draft.todo", _W, "待撰稿人补充", section, s.span)]})
        if s.role is Role.TODO else s
        for s in checked
    ]
    loose: list[Finding] = check_completeness(checked, sheet, section)
    for found in report_findings(report, previous, section, text):
        owner = next((s for s in checked if found.span and s.span and s.span[0] <= found.span[0] < s.span[1]), None)
        if owner is None:
            loose.append(found)
        elif not any(m.code == found.code and m.span == found.span for m in owner.marks):
            owner.marks.append(found)
    return DraftCheck(sentences=checked, section_findings=loose)


def needs_repair(sentence: DraftSentence) -> bool:
    """A sentence the repair round should rewrite: anything but a gap left for the writer."""
    return sentence.role is not Role.TODO and any(m.code != "draft.todo" for m in sentence.marks)
