"""Checks on a draft: numbers against the facts sheet, sources, citations, repeats, completeness.

Pure functions over rendered sentences (each with its span in the section text). Per sentence:

- ``draft.malformed``: prompt text or fact ids leaked into the sentence;
- ``draft.unknown_source``: it cites an id that is not in the facts sheet (the id is dropped);
- ``draft.number_unverified``: a number (or year), in digits or in Chinese numerals (三件, 两次),
  that no fact backs; a number equal to a fact's value that the sentence did not cite is cited
  for it (``auto_cited``) when that fact is about what the sentence is about (its label shares
  words with the sentence; a text fact of a kind that fits the sentence's role);
- ``draft.no_source``: a statement that cites no fact and no passage and could be given none;
- ``draft.unsupported_claim``: a statement or measure whose content words are mostly not in what
  it rests on, or that has a clause none of whose words are (the model's favourite failure: an
  activity that never happened); quoted text never counts as support; function words and plain
  synonyms are not missing content (:mod:`assistant.drafting.support`); a fact of a kind that
  fits the sentence's role (:func:`fits`) that backs it is cited for it;
- ``draft.claim_unsupported``: a specific claim (a frequency, a deadline, an assessment or
  sanction, a cause) that what the sentence rests on does not state (:mod:`assistant.drafting.claims`);
- ``draft.status_contradiction``: a sentence on one of last year's problems says it was solved
  while the writer recorded 部分整改/未整改 (error), or unsolved while recorded 已整改 (warning);
- ``draft.citation_unsourced``: it cites an article it was not given as a passage;
- ``cite.*``: the citation checker's findings (a non-existent or renumbered article, …);
- ``draft.repeats_last_year``: nearly the same as a sentence of last year's section 五, or
  stitched from its clauses (:mod:`assistant.drafting.repeats`), unless it is a measure the
  writer continues from last year and it says 继续;
- ``draft.copies_other_agency``: a measure taken unchanged from another agency's report (the
  passage the writer adopted it from);
- ``draft.todo``: a gap left for the writer.

For the section: ``draft.missing_part`` (a required part is empty),
``draft.previous_problem_unaddressed``, and the project's own report checks (``text.*``,
``xyear.problems_*``, ``struct.*``) run on the report with the draft put in, so narrative
numbers are bound to the cells exactly as in a finished report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from assistant.account import Fate, Follow
from assistant.account.previous import problem_name
from assistant.checks import run_checks
from assistant.checks.crossyear import REPEAT_THRESHOLD, problem_sentences
from assistant.citations import check_text
from assistant.drafting import claims as claims_mod
from assistant.drafting import repeats as repeats_mod
from assistant.drafting.numbers import MentionKind, NumberMention, matches, number_mentions, same_number
from assistant.drafting.render import BLOCK_TITLES, REQUIRED_BLOCKS, heading
from assistant.drafting.schema import DraftSentence, Role
from assistant.drafting.support import (
    MIN_AUTO_WORDS,
    SEMANTIC_THRESHOLD,
    SUPPORT_THRESHOLD,
    Embedder,
    backs_words,
    content_words,
    found,
    semantic,
    support,
    supported,
    without_quotes,
)
from assistant.facts import Fact, FactKind, FactsSheet, fate_id, fate_of, follow_of
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report, Section

__all__ = [
    "SUPPORT_THRESHOLD", "DraftCheck", "check_claims", "check_draft", "check_numbers", "check_repeats",
    "check_sources", "check_status", "check_support", "content_words", "fits", "needs_repair", "require_sources",
    "similarity", "support",
]

CAUSE_THRESHOLD = 0.6  # share of a cause clause's content words its sources must back
MAX_AUTO_CITED = 3  # facts cited for one sentence's words
_CHECKED_ROLES = (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE, Role.MEASURE)
_STATEMENT_ROLES = (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE)
# The report checks kept for a draft (xyear.problems_repeated is draft.repeats_last_year here,
# which leaves out the words quoted from last year's problems).
_CHECK_FAMILIES = ("text.", "xyear.problems_similar", "xyear.problems_no_followup", "struct.", "proof.")
# Report checks a draft answers with its own codes: a gap left for the writer is draft.todo.
_LEFT_TO_DRAFT = frozenset(("struct.placeholder",))
_E, _W = Severity.ERROR, Severity.WARNING


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


def _shift(sentence: DraftSentence, span: tuple[int, int]) -> tuple[int, int] | None:
    if sentence.span is None:
        return None
    return sentence.span[0] + span[0], sentence.span[0] + span[1]


def _cite(sentence: DraftSentence, fact_ids: Sequence[str]) -> DraftSentence:
    new = [i for i in dict.fromkeys(fact_ids) if i not in sentence.facts]
    if not new:
        return sentence
    return sentence.model_copy(update={"facts": [*sentence.facts, *new], "auto_cited": [*sentence.auto_cited, *new]})


def _mark(sentence: DraftSentence, finding: Finding) -> DraftSentence:
    return sentence.model_copy(update={"marks": [*sentence.marks, finding]})


# --- what a fact may back ---------------------------------------------------------------------------


class Use(Enum):
    SUPPORT = "support"  # its words back the sentence
    TOPIC = "topic"  # what the sentence is about: its words count neither way


def _status(sheet: FactsSheet, previous_problem: str) -> Fate | None:
    """The writer's status for one of last year's problems (the account, else its fate fact)."""
    status = fate_of(sheet.account, previous_problem)
    if status is not None:
        return status
    fate = sheet.get(fate_id(previous_problem))
    head = str(fate.value).partition("：")[0] if fate is not None else ""
    return Fate(head) if head in Fate._value2member_map_ else None


def _continued(sheet: FactsSheet, previous_measure: str) -> bool:
    """The writer carries last year's measure on: marked 继续实施, or a measure continues it."""
    return follow_of(sheet.account, previous_measure) is Follow.CONTINUING or any(
        m.continues == previous_measure for m in sheet.account.measures)


def _open(status: Fate | None) -> bool:
    return status in (Fate.PARTIAL, Fate.OPEN)


def _previous_of(fact: Fact) -> str:
    """``fate.x`` → ``prev.x``; ``follow.x`` → ``prevm.x``."""
    rest = fact.id.partition(".")[2]
    return ("prev." if fact.kind is FactKind.FATE else "prevm.") + rest


def _use(fact: Fact, role: Role, sheet: FactsSheet) -> Use | None:
    """What a fact the sentence cites itself is to it (None: it backs nothing there)."""
    kind = fact.kind
    if kind is FactKind.META or fact.is_number:
        return Use.SUPPORT
    if role is Role.FATE:
        return Use.TOPIC if kind in (FactKind.PROBLEM, FactKind.MEASURE) else Use.SUPPORT
    if role is Role.MEASURE:
        if kind in (FactKind.ISSUE, FactKind.PROBLEM):
            return Use.TOPIC
        if kind is FactKind.MEASURE:  # last year's measure backs a measure only when carried on
            return Use.SUPPORT if _continued(sheet, fact.id) else None
        if kind is FactKind.FOLLOW:
            return Use.SUPPORT if str(fact.value).startswith(Follow.CONTINUING.value) else None
        return Use.SUPPORT
    if role in (Role.PROBLEM, Role.EVIDENCE):
        if kind in (FactKind.MEASURE, FactKind.PLAN, FactKind.FOLLOW):
            return None  # a promise is not a problem
        if kind is FactKind.PROBLEM:
            return None if _status(sheet, fact.id) is Fate.FIXED else Use.SUPPORT
        if kind is FactKind.FATE:
            return None if _status(sheet, _previous_of(fact)) is Fate.FIXED else Use.SUPPORT
        return Use.SUPPORT
    if role is Role.CLAIM and kind in (FactKind.PLAN, FactKind.MEASURE):
        return None  # a plan is not something done
    return Use.SUPPORT


def fits(fact: Fact, role: Role, sheet: FactsSheet) -> bool:
    """Whether a fact the sentence did not cite may be cited for its words: a kind that fits its role.

    A fate sentence rests on last year's problem, the writer's account of it or of last year's
    measures, notes and numbers; a problem or its evidence on this year's problems, notes and
    numbers (and last year's problem only when the writer recorded it 部分整改/未整改); a measure
    on the writer's measures, notes and last year's measures the writer carries on (继续实施).
    """
    kind = fact.kind
    if kind is FactKind.META or fact.is_number:
        return role is not Role.MEASURE or kind is FactKind.META
    if kind is FactKind.NOTE:
        return True
    if role is Role.FATE:
        return kind in (FactKind.PROBLEM, FactKind.FATE, FactKind.FOLLOW)
    if role in (Role.PROBLEM, Role.EVIDENCE):
        if kind is FactKind.ISSUE:
            return True
        if kind is FactKind.PROBLEM:
            return _open(_status(sheet, fact.id))
        if kind is FactKind.FATE:
            return _open(_status(sheet, _previous_of(fact)))
        return False
    if role is Role.MEASURE:
        if kind is FactKind.PLAN:
            return True
        if kind is FactKind.FOLLOW:
            return str(fact.value).startswith(Follow.CONTINUING.value)
        if kind is FactKind.MEASURE:
            return _continued(sheet, fact.id)
        return False
    if role is Role.CLAIM:
        return kind in (FactKind.FATE, FactKind.FOLLOW)
    return False


def _text(fact: Fact) -> str:
    if fact.is_number or fact.kind is FactKind.META:
        return f"{fact.label}{fact.value}{fact.unit}"
    return str(fact.value)


def _cited(sentence: DraftSentence, sheet: FactsSheet) -> list[Fact]:
    return [f for f in (sheet.get(i) for i in sentence.facts) if f is not None]


def _about(sentence: DraftSentence, sheet: FactsSheet) -> str | None:
    """The one of last year's problems a sentence is about: its ``problem``, else the ``prev.``
    fact it cites, else the problem whose name it quotes."""
    problems = sheet.of_kind(FactKind.PROBLEM)
    ids = {p.id for p in problems}
    if sentence.problem in ids:
        return sentence.problem
    cited = next((i for i in sentence.facts if i in ids), None)
    if cited is not None:
        return cited
    cited_fate = next((i for i in sentence.facts if i.startswith("fate.")), None)
    if cited_fate is not None and "prev." + cited_fate.partition(".")[2] in ids:
        return "prev." + cited_fate.partition(".")[2]
    quoted = re.findall(r"“([^“”]{2,})”", sentence.text)
    best: tuple[float, str | None] = (0.0, None)
    for name in quoted:
        for problem in problems:
            score = _overlap(name, problem_name(str(problem.value)) or str(problem.value))
            if score > best[0]:
                best = (score, problem.id)
    return best[1] if best[0] >= 0.6 else None


def _overlap(a: str, b: str) -> float:
    grams = {a[i:i + 2] for i in range(len(a) - 1)}
    return sum(1 for g in grams if g in b) / len(grams) if grams else 0.0


def _sources(sentence: DraftSentence, sheet: FactsSheet, extra: Sequence[Fact] = ()) -> tuple[list[str], list[str]]:
    """(texts that back the sentence, texts it is about) among what it rests on.

    A passage's words back it only when the sentence names a document (“根据《条例》……”):
    regulation text restated as the agency's own work is not backed by the regulation."""
    backing: list[str] = []
    topic: list[str] = []
    for fact in [*_cited(sentence, sheet), *extra]:
        use = _use(fact, sentence.role, sheet)
        if use is Use.SUPPORT:
            backing.append(_text(fact))
        elif use is Use.TOPIC:
            topic.append(_text(fact))
    if "《" in sentence.text:
        for passage_id in sentence.passages:
            passage = sheet.passage(passage_id)
            if passage is not None:
                backing.append(passage.title + passage.text)
    # What the sentence is about, cited or not: last year's problem for a fate sentence, the
    # problem a measure answers.
    about: list[str | None] = []
    if sentence.role is Role.FATE:
        about.append(_about(sentence, sheet))
    if sentence.role is Role.MEASURE and sentence.problem:
        about.append(sentence.problem)
    for fact_id in about:
        about_fact = sheet.get(fact_id) if fact_id else None
        if about_fact is not None and _text(about_fact) not in topic:
            topic.append(_text(about_fact))
    return backing, topic


# --- numbers ----------------------------------------------------------------------------------------

# Bigrams every label has: they say nothing about which fact a number is.
_TRIVIAL_GRAMS = frozenset(("政府", "府信", "信息", "息公", "公开", "本年", "年度", "工作", "表二", "表三", "表四",
                            "上年", "情况", "数量"))


def _number_facts(sheet: FactsSheet) -> list[Fact]:
    return [f for f in sheet.facts if f.is_number]


def _backs(fact: Fact, mention: NumberMention) -> bool:
    if fact.is_number:
        value = Decimal(fact.value)  # type: ignore[arg-type]
        if mention.kind is MentionKind.YEAR:
            return fact.unit == "年" and mention.value == value
        return fact.unit != "年" and matches(mention, value, percent=fact.is_percent)
    # A text fact (a note, last year's problem) backs the numbers it states itself.
    return any(same_number(mention, m) for m in number_mentions(str(fact.value)))


def _bigram_overlap(a: str, b: str) -> int:
    grams = {a[i:i + 2] for i in range(len(a) - 1)}
    return sum(1 for g in grams if g in b and g not in _TRIVIAL_GRAMS and re.fullmatch(r"[\u4e00-\u9fff]{2}", g))


def _related(fact: Fact, mention: NumberMention, text: str, words: Sequence[str]) -> bool:
    """Whether an uncited fact holding the number is about what the sentence says: a year always;
    a table figure whose label shares words with the sentence; a text fact backing two of its words."""
    if mention.kind is MentionKind.YEAR and fact.kind is FactKind.META:
        return True
    if fact.is_number:
        return any(found(w, text) for w in content_words(fact.label))
    return len(backs_words(words, str(fact.value))) >= min(MIN_AUTO_WORDS, max(len(words), 1))


def check_numbers(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """Mark numbers no fact backs; cite the fact for a number that matches one uncited."""
    cited = _cited(sentence, sheet)
    passages = [p for p in (sheet.passage(i) for i in sentence.passages) if p is not None]
    marks = list(sentence.marks)
    auto = list(sentence.auto_cited)
    words = content_words(sentence.text)
    texts = [f for f in sheet.facts if not f.is_number and f.kind is not FactKind.META
             and (fits(f, sentence.role, sheet) if sentence.role in _CHECKED_ROLES else f.kind is FactKind.NOTE)]
    for mention in number_mentions(sentence.text):
        if any(_backs(f, mention) for f in cited):
            continue
        if any(same_number(mention, m) for p in passages for m in number_mentions(p.text)):
            continue
        candidates = [f for f in [*_number_facts(sheet), *sheet.of_kind(FactKind.META), *texts]
                      if f not in cited and _backs(f, mention) and _related(f, mention, sentence.text, words)]
        if candidates:
            # A year is the report's (or the next, the previous) before it is any note's.
            best = max(candidates, key=lambda f: (mention.kind is MentionKind.YEAR and f.kind is FactKind.META,
                                                  _bigram_overlap(f.label + str(f.value), sentence.text)))
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


# --- sources and support ---------------------------------------------------------------------------


_LEAKED = re.compile(
    r"\[(?:t[234]|d|meta|note|prevm?|last|delta|deltapct|tiaoli|geshi|fate|follow|issue|plan)[-.][\w.-]+\]"
    r"|【(?:事实表|可用的事实|可用的条文|参考条文)】|核对发现的问题|事实编号|```|\{\s*\"text\""
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
    """A statement must cite a fact or a passage (after numbers and words were matched to facts)."""
    if sentence.facts or sentence.passages or any(m.code == "draft.unsupported_claim" for m in sentence.marks):
        return sentence
    if sentence.role in _STATEMENT_ROLES:
        mark = _finding("draft.no_source", _E, "这句话没有注明依据的事实", section, sentence.span)
    elif sentence.role is Role.MEASURE:
        mark = _finding("draft.no_source", _W, "这项措施没有注明针对的问题或依据", section, sentence.span)
    else:
        return sentence
    return _mark(sentence, mark)


# Clauses that only say what something is for (以……, 推动……, 更好……) are the 公文's connective
# tissue, not claims of their own.
_PURPOSE = re.compile(r"^(?:从而|进而|以便?|为了?|让|使|推动|促进|确保|保障|助力|更好地?|切实保障)")
_CLAUSE = re.compile(r"[，,；;：:。！？!?]")


def _bare_clause(text: str, backing: Sequence[str], topic: Sequence[str], embed: Embedder | None, *,
                 lexical: bool = False) -> str | None:
    """A clause of two or more content words none of which its sources back (quoted text out);
    unless ``lexical``, one whose meaning is close to a source is accepted."""
    pool, about = "".join(backing), "".join(topic)
    for clause in _CLAUSE.split(without_quotes(text)):
        clause = clause.strip()
        if not clause or _PURPOSE.match(clause):
            continue
        words = content_words(clause)
        if len(words) < 2 or any(found(w, pool) or (about and found(w, about)) for w in words):
            continue
        if not lexical and backing and semantic(clause, backing, embed) >= SEMANTIC_THRESHOLD:
            continue
        return clause
    return None


def check_support(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey, *,
                  embed: Embedder | None = None) -> DraftSentence:
    """A statement's (or a measure's) words must come from what it rests on. When they come from a
    fact of a fitting kind it did not cite, that fact is cited for it, as for numbers; a fact is
    cited only when it backs at least two of the sentence's words."""
    if sentence.role not in _CHECKED_ROLES:
        return sentence
    backing, topic = _sources(sentence, sheet)
    words = content_words(sentence.text)
    share, missing = support(sentence.text, backing, topic)
    bare = _bare_clause(sentence.text, backing, topic, None, lexical=True)
    added: list[Fact] = []
    if share < SUPPORT_THRESHOLD or bare is not None:
        cited = set(sentence.facts)
        pool = [f for f in sheet.facts if f.id not in cited and not f.is_number and f.kind is not FactKind.META
                and fits(f, sentence.role, sheet)]
        need = min(MIN_AUTO_WORDS, max(len(words), 1))
        while missing and len(added) < MAX_AUTO_CITED and (share < SUPPORT_THRESHOLD or bare is not None):
            best: tuple[float, int, Fact] | None = None
            for fact in pool:
                if fact in added:
                    continue
                gained = len(backs_words(missing, _text(fact)))
                if gained < need:
                    continue
                as_topic = _use(fact, sentence.role, sheet) is Use.TOPIC
                with_it = (support(sentence.text, backing, [*topic, _text(fact)]) if as_topic
                           else support(sentence.text, [*backing, _text(fact)], topic))[0]
                if best is None or (with_it, gained) > best[:2]:
                    best = (with_it, gained, fact)
            if best is None:
                break
            added.append(best[2])
            # Last year's problem is what a fate sentence is about, not what backs it.
            (topic if _use(best[2], sentence.role, sheet) is Use.TOPIC else backing).append(_text(best[2]))
            share, missing = support(sentence.text, backing, topic)
            bare = _bare_clause(sentence.text, backing, topic, None, lexical=True)
    ok, share, missing = supported(sentence.text, backing, topic, embed=embed)
    bare = _bare_clause(sentence.text, backing, topic, embed) if ok else None
    if ok and bare is None:
        return _cite(sentence, [f.id for f in added])
    if bare is not None:
        message = f"“{bare}”在所依据的材料中找不到依据"
    else:
        message = f"“{'、'.join(missing[:6])}”等内容在所依据的材料中找不到依据（有依据的词占{share:.0%}）"
    mark = _finding("draft.unsupported_claim", _E, message, section, sentence.span,
                    expected=f"至少{SUPPORT_THRESHOLD:.0%}", actual=f"{share:.0%}")
    return _mark(sentence, mark)


# --- specific claims ---------------------------------------------------------------------------------


def check_claims(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """Frequencies, deadlines, sanctions and causes the sentence states must be in what it rests on
    (or in a fact of a fitting kind that shares its words, which is then cited for it)."""
    if sentence.role not in _CHECKED_ROLES:
        return sentence
    backing, topic = _sources(sentence, sheet)
    cited = set(sentence.facts)
    # A fact is cited for a claim only when it is about what the sentence says: it backs, alone,
    # the share of its words a source must (another measure's deadline is not this one's).
    # A sentence that rests on the writer's words already (a measure, a note, an account) is not
    # also given another one's deadline or frequency; one that cites none may be given a fact
    # that backs, alone, the share of its words a source must.
    rests = any(not f.is_number and f.kind is not FactKind.META for f in _cited(sentence, sheet))
    pool = [] if rests else [
        f for f in sheet.facts if f.id not in cited and not f.is_number and f.kind is not FactKind.META
        and fits(f, sentence.role, sheet) and support(sentence.text, [_text(f)], topic)[0] >= SUPPORT_THRESHOLD]
    added: list[str] = []
    for claim in claims_mod.find_claims(sentence.text):
        if claims_mod.backed(claim, backing):
            continue
        source = next((f for f in pool if claims_mod.backed(claim, [_text(f)])), None)
        if source is not None:
            backing.append(_text(source))
            added.append(source.id)
            continue
        sentence = _mark(sentence, _finding("draft.claim_unsupported", _E, claims_mod.message(claim), section,
                                            _shift(sentence, claim.span), expected="所依据材料中的原话",
                                            actual=claim.text))
    for cause in claims_mod.causes(sentence.text):
        share, missing = support(cause.text, backing)
        if missing and share < CAUSE_THRESHOLD:
            sentence = _mark(sentence, _finding("draft.claim_unsupported", _E, claims_mod.message(cause), section,
                                                _shift(sentence, cause.span), expected="所依据材料中的原因",
                                                actual=cause.text))
    return _cite(sentence, added)


# --- what became of last year's problems ---------------------------------------------------------------

_SOLVED = re.compile(
    r"(?:已经?|均已)?(?:全部|全面)?(?:整改到位|整改完成|整改完毕)|完成整改|全部整改|全面整改|(?:已经?|均已)整改(?!工作)"
    r"|得到(?:了)?(?:有效|彻底|根本|全面|圆满)?解决|(?:已经?|彻底|根本|全面|完全|圆满|均已)解决|已消除|不再存在|已根治"
)
_QUALIFIED = re.compile(
    r"(?:未|尚未|没有|并未|未能|不|基本|初步|部分|逐步|正在|仍在|尚|未完全|一定程度)[^，。；]{0,3}$"
)
_UNSOLVED = re.compile(
    r"(?:尚未|仍未|还未|未能|没有|并未|未)(?:完全|彻底|全部|全面)?(?:整改|解决|到位|改善|完成)|部分整改"
    r"|仍(?:然)?(?:存在|有待)|有待(?:进一步)?(?:解决|整改)|仍需(?:持续)?(?:整改|推进)|仍在推进"
)


def says_solved(text: str) -> str | None:
    """The words by which ``text`` says a problem was solved (not negated or qualified)."""
    plain = without_quotes(text)
    for match in _SOLVED.finditer(plain):
        if not _QUALIFIED.search(plain[max(0, match.start() - 6):match.start()]):
            return match.group(0)
    return None


def says_unsolved(text: str) -> str | None:
    match = _UNSOLVED.search(without_quotes(text))
    return match.group(0) if match else None


def check_status(sentence: DraftSentence, sheet: FactsSheet, section: SectionKey) -> DraftSentence:
    """A sentence on one of last year's problems must not contradict the status the writer recorded."""
    if sentence.role is not Role.FATE:
        return sentence
    problem = _about(sentence, sheet)
    status = _status(sheet, problem) if problem else None
    if status is None:
        return sentence
    solved, unsolved = says_solved(sentence.text), says_unsolved(sentence.text)
    if solved and not unsolved and _open(status):
        return _mark(sentence, _finding(
            "draft.status_contradiction", _E,
            f"这句话说该问题“{solved}”，但整改台账记录的整改状态为“{status.value}”", section, sentence.span,
            expected=status.value, actual=solved))
    if unsolved and not solved and status is Fate.FIXED:
        return _mark(sentence, _finding(
            "draft.status_contradiction", _W,
            f"这句话说该问题“{unsolved}”，但整改台账记录的整改状态为“{status.value}”", section, sentence.span,
            expected=status.value, actual=unsolved))
    return sentence


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


def _comparable(text: str) -> str:
    """Colons end a sentence too here: “存在的主要问题：一是……” compares as “……”."""
    return re.sub(r"[：:]", "。", text)


def similarity(a: str, b_grams: frozenset[str]) -> float:
    mine = problem_sentences(_comparable(without_quotes(a)))
    if not mine:
        return 0.0
    grams = frozenset().union(*(g for _, _, g in mine))
    return len(grams & b_grams) / len(grams | b_grams) if grams and b_grams else 0.0


def _continues_last_year(sentence: DraftSentence, sheet: FactsSheet) -> bool:
    """A measure the writer carries on from last year, and the sentence says so (继续)."""
    if sentence.role is not Role.MEASURE or "继续" not in sentence.text:
        return False
    plans = {m.id: m for m in sheet.account.measures}
    return any(i.startswith("plan.") and (m := plans.get(i.partition(".")[2])) is not None and m.continues
               for i in sentence.facts)


def check_repeats(sentences: list[DraftSentence], previous_text: str, section: SectionKey,
                  sheet: FactsSheet | None = None) -> list[DraftSentence]:
    """Sentences (nearly) the same as one of last year's 五, or stitched from its clauses; measures
    taken unchanged from another agency's report (with ``sheet``: the passages the writer adopted)."""
    before = problem_sentences(_comparable(previous_text)) if previous_text else []
    clauses = repeats_mod.clauses(previous_text) if previous_text else []
    problems = [c for f in (sheet.of_kind(FactKind.PROBLEM) if sheet else [])
                for c in repeats_mod.clauses(str(f.value))]
    ideas = [m.adopted for m in sheet.account.measures if m.adopted is not None] if sheet else []
    out = []
    for sentence in sentences:
        if sentence.role in (Role.LEAD, Role.TODO):
            out.append(sentence)
            continue
        carried = sheet is not None and _continues_last_year(sentence, sheet)
        if before and not carried:
            best = max(similarity(sentence.text, g) for _, _, g in before)
            exempt = problems if sentence.role is Role.FATE else []
            copy = repeats_mod.copied(sentence.text, clauses, exempt)
            if best >= REPEAT_THRESHOLD and sentence.role is Role.FATE and problems and copy.share == 0:
                best = 0.0  # a fate sentence restating the problem it reports on
            if best >= REPEAT_THRESHOLD or copy.share >= repeats_mod.SENTENCE_SHARE:
                what = (f"其中“{copy.clause}”照搬上年的“{copy.source}”" if copy.clause else "")
                message = (f"与上年报告第五部分雷同（相似度{best:.0%}，{copy.share:.0%}的内容逐句照搬上年）"
                           f"{'：' + what if what else ''}，请改写")
                sentence = _mark(sentence, _finding(
                    "draft.repeats_last_year", _W, message, section, sentence.span,
                    expected=f"相似度低于{REPEAT_THRESHOLD:.0%}，照搬内容低于{repeats_mod.SENTENCE_SHARE:.0%}",
                    actual=f"相似度{best:.0%}，照搬{copy.share:.0%}"))
        if sentence.role is Role.MEASURE:
            for idea in ideas:
                copy = repeats_mod.copied(sentence.text, repeats_mod.clauses(idea.text))
                if copy.share >= repeats_mod.SENTENCE_SHARE:
                    year = f"{idea.year}年" if idea.year else ""
                    sentence = _mark(sentence, _finding(
                        "draft.copies_other_agency", _W,
                        f"照搬{idea.agency}{year}报告中的做法（{copy.share:.0%}的内容相同，如“{copy.clause}”），"
                        "请结合本机关实际改写", section, sentence.span,
                        expected=f"低于{repeats_mod.SENTENCE_SHARE:.0%}", actual=f"{copy.share:.0%}"))
                    break
        out.append(sentence)
    return out


def copied_share(text: str, previous_text: str) -> float:
    """Share of a section's clauses copied from last year's section 五 (for the bench)."""
    return repeats_mod.copied_share(text, previous_text)


# --- the section ---------------------------------------------------------------------------------


def check_completeness(sentences: Sequence[DraftSentence], sheet: FactsSheet, section: SectionKey) -> list[Finding]:
    findings = []
    for block in REQUIRED_BLOCKS.get(section, ()):
        if not any(s.block == block and s.role is not Role.LEAD for s in sentences):
            findings.append(_finding("draft.missing_part", _E, f"缺少“{BLOCK_TITLES[block]}”部分", section,
                                     expected=BLOCK_TITLES[block], actual="缺失"))
    if section is SectionKey.OTHER and not any("信息处理费" in s.text for s in sentences):
        findings.append(_finding("draft.missing_part", _E,
                                 "按年报格式要求，第六部分须写明信息处理费的收取情况（未收取也须写明）",
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
    return [f for f in checked if f.section is section and f.code.startswith(_CHECK_FAMILIES)
            and f.code not in _LEFT_TO_DRAFT]


def check_draft(
    sentences: Sequence[DraftSentence],
    text: str,
    sheet: FactsSheet,
    section: SectionKey,
    report: Report,
    previous: Report | None = None,
    *,
    embed: Embedder | None = None,
) -> DraftCheck:
    """Every check on rendered sentences; marks are recomputed from scratch.

    Hand-written sentences may come with no ids at all: numbers, words and claims are then
    matched to facts of a fitting kind, which are cited for them (``auto_cited``). ``embed``
    replaces the embedding model (tests)."""
    # From scratch: earlier marks go, and so do the ids earlier checks cited (they are found again).
    checked = [s.model_copy(update={"marks": [], "auto_cited": [],
                                    "facts": [f for f in s.facts if f not in s.auto_cited]}) for s in sentences]
    checked = [check_sources(s, sheet, section) for s in checked]
    checked = [check_numbers(s, sheet, section) for s in checked]
    checked = [check_support(s, sheet, section, embed=embed) for s in checked]
    checked = [require_sources(s, section) for s in checked]
    checked = [check_claims(s, sheet, section) for s in checked]
    checked = [check_status(s, sheet, section) for s in checked]
    checked = check_citations(checked, text, sheet.year, section)
    if section is SectionKey.PROBLEMS:
        checked = check_repeats(checked, sheet.previous_problems_text, section, sheet)
    checked = [
        s.model_copy(update={"marks": [*s.marks, _finding("draft.todo", _W, "待撰稿人补充", section, s.span)]})
        if s.role is Role.TODO else s
        for s in checked
    ]
    loose: list[Finding] = check_completeness(checked, sheet, section)
    for finding in report_findings(report, previous, section, text):
        owner = next((s for s in checked if finding.span and s.span and s.span[0] <= finding.span[0] < s.span[1]),
                     None)
        if owner is None:
            loose.append(finding)
        elif not any(m.code == finding.code and m.span == finding.span for m in owner.marks):
            owner.marks.append(finding)
    return DraftCheck(sentences=checked, section_findings=loose)


def needs_repair(sentence: DraftSentence) -> bool:
    """A sentence the repair round should rewrite: anything but a gap left for the writer."""
    return sentence.role is not Role.TODO and any(m.code != "draft.todo" for m in sentence.marks)
