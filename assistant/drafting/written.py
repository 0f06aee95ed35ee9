"""Checking what a person wrote in 一, 五 and 六 with the drafting guards.

A section as written (by hand, pasted from another tool, or drafted here and edited) has no
sentence ids. :func:`written_sentences` reads it back into :class:`DraftSentence` objects with
spans into the text and roles by position; :func:`check_written` then runs
:func:`assistant.drafting.verify.check_draft` on each section against the facts sheet built
from the tables, last year's report, the writer's notes and account (整改台账).

How a section is read:

- The text is cut into sentences at 。！？； (not inside “…”, 《…》 or 【…】), at a colon that leads
  into a list (“…存在以下不足：一是…”), before “，一是”, and at line breaks that end a sentence
  (text pasted from a PDF wraps mid-sentence; page numbers such as “-4-” are dropped). A leading
  list mark (一是, （一）, 1., 第一，…) is kept out of the sentence's span; a sub-heading
  (（一）主动公开方面, 存在的主要问题：, （三）改进措施) is skipped and names the block that follows.
- 五: sentences about last year's problems before the problems part are FATE (linked to the
  problem they quote or resemble, ``problem = prev.…``); in the problems part the first sentence
  of each numbered item is PROBLEM and the rest EVIDENCE; the measures part (after its heading,
  an announcing sentence such as “2024年，我局将采取以下措施：” or the numbering starting again)
  is MEASURE; sentences that only lead into a list are LEAD. PROBLEM, EVIDENCE and MEASURE are
  linked to the account's problem and measure they match.
- 一 and 六: every sentence is a CLAIM, in the block its sub-heading names.

What is reported: for 五 every guard; for 一 and 六 the numbers, invented specifics and
citations, and whether a statement is backed only in the parts the writer's notes cover
(section 一 is full of general sentences no note backs). An invented specific (number,
deadline, frequency, sanction) or a contradiction with the recorded status is an error; a
general statement nothing backs is a warning. Only ``draft.*`` and ``cite.*`` findings are
returned: the report checks (``text.*``, ``xyear.*``…) are the usual ``run_checks`` output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.account import Fate, YearAccount
from assistant.account.previous import problem_name
from assistant.drafting import repeats as repeats_mod
from assistant.drafting.claims import find_claims
from assistant.drafting.numbers import number_mentions, same_number
from assistant.drafting.schema import DraftSentence, Origin, Role
from assistant.drafting.verify import check_draft
from assistant.errors import NianbaoError
from assistant.facts import Fact, FactKind, FactsSheet, Topic, build_facts, fate_id, fate_of
from assistant.findings import SECTION_TITLES, Finding, SectionKey, Severity
from assistant.report import Report
from assistant.settings import rule_severity

WRITTEN_SECTIONS: tuple[SectionKey, ...] = (SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER)

_CN = "一二三四五六七八九十"
_E, _W = Severity.ERROR, Severity.WARNING

# --- cutting the text into sentences ----------------------------------------------------------------

_ENDS = "。！？!?；;"
_OPEN, _CLOSE = "“《【", "”》】"
# A list mark at the start of a sentence; the group says which numbering it belongs to.
_MARK = re.compile(
    rf"(?:(?P<shi>[{_CN}]{{1,3}})是[，,：:]?"
    rf"|第(?P<di>[{_CN}]{{1,3}})[，,、：:]"
    rf"|[（(](?P<pcn>[{_CN}]{{1,3}})[）)]"
    rf"|[（(](?P<pnum>\d{{1,2}})[）)]"
    rf"|(?P<num>\d{{1,2}})(?:[.．](?!\d)|、)"
    rf"|(?P<cdun>[{_CN}]{{1,3}})、"
    rf"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩]))[ \t\u3000]*"
)
# Marks that start a new sentence even after a blank (text flattened from a page: “…方面 （二）…”).
_BLANK_MARK = re.compile(rf"[（(][{_CN}\d]{{1,2}}[）)]|[{_CN}]{{1,2}}是|[{_CN}]{{1,2}}、(?!\d)")
# “…工作力度，一是…，二是…”: an enumeration inside a sentence starts a sentence of its own.
_SHI_MARK = re.compile(rf"[{_CN}]{{1,2}}是(?![否非])")
_HEAD_RUN = re.compile(r"[^，,、；;。：:\s“”《》（）()]{2,25}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Piece:
    """One sentence of the text (or a sub-heading) and where it is."""

    start: int  # of the sentence body, after its list mark
    end: int
    mark: str = ""  # the list mark before it, as printed
    family: str = ""  # which numbering the mark belongs to (shi, pcn, num…)
    number: int = 0  # the mark's value (一是 → 1)
    heading: str | None = None  # the block a sub-heading names ("": the section title; None: a sentence)


def _numeral(text: str) -> int:
    if text.isdecimal():
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑩":
        return ord(text) - ord("①") + 1
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(units) + 1 if units else 0)
    return _CN.index(text) + 1 if len(text) == 1 and text in _CN else 0


def _cuts(text: str) -> list[tuple[int, int]]:
    """Sentence ranges: at sentence ends (outside quotes and titles), line breaks, a colon before
    a list mark, and a blank before a list mark."""
    out: list[tuple[int, int]] = []
    start = depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch == "\n":
            if _hard_break(text, start, i):
                out.append((start, i))
                start, depth = i + 1, 0
        elif depth:
            continue
        elif ch in _ENDS or (ch in "：:" and _MARK.match(text, _skip_blanks(text, i + 1))) or (
                ch in "，," and _SHI_MARK.match(text, i + 1)):
            out.append((start, i + 1))
            start = i + 1
        elif ch in " \t\u3000" and text[start:i].strip() and _BLANK_MARK.match(text, i + 1):
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


_PAGE_NUMBER = re.compile(r"[-－—–]\s*\d{1,3}\s*[-－—–]")


def _hard_break(text: str, start: int, at: int) -> bool:
    """Whether the line break at ``at`` ends a sentence. Text pasted from a PDF or a web page wraps
    mid-sentence; a break is kept after a sentence end or a colon, after a short heading line,
    around a page number (“-4-”), and before an indented line or one that starts with a list mark."""
    line = text[text.rfind("\n", 0, at) + 1:at].strip()
    end = text.find("\n", at + 1)
    following = text[at + 1:end if end != -1 else len(text)]
    nxt = following.strip()
    if not line or not nxt or not text[start:at].strip():
        return True
    if _PAGE_NUMBER.fullmatch(line) or _PAGE_NUMBER.fullmatch(nxt):
        return True
    if line[-1] in _ENDS + "：:" or (len(line) <= 20 and not re.search(r"[，,、；;。]", line)):
        return True
    return bool(re.match(r"[ \t\u3000]{2,}", following)) or bool(_MARK.match(nxt))


def _skip_blanks(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\u3000":
        at += 1
    return at


def pieces(text: str, section: SectionKey) -> list[Piece]:
    """The sentences and sub-headings of a section's text, in order."""
    out: list[Piece] = []
    for a, b in _cuts(text):
        out += _read_piece(text, a, b, section)
    return out


def _read_piece(text: str, a: int, b: int, section: SectionKey) -> list[Piece]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a >= b or _PAGE_NUMBER.fullmatch(text, a, b) or not (
            _CJK.search(text, a, b) or re.search(r"[A-Za-z0-9]", text[a:b])):
        return []
    mark = _MARK.match(text, a, b)
    family, number, body = "", 0, a
    if mark:
        family = mark.lastgroup or ""
        number = _numeral(mark.group(family))
        body = mark.end()
        if not number or body >= b:
            mark, family, number, body = None, "", 0, a
    head = _HEAD_RUN.match(text, body, b)
    if head and len(head.group(0)) <= 24 and family not in ("shi", "di"):
        after = head.end()
        block = "" if head.group(0) in _TITLES else _heading_block(head.group(0), section)
        if block is not None and (after >= b or text[after] in "：:。．. \t\u3000\r\n"):
            heading = Piece(a, min(after + 1, b), heading=block)
            return [heading, *_read_piece(text, after + 1, b, section)] if after + 1 < b else [heading]
    return [Piece(body, b, mark.group(0).strip() if mark else "", family, number)]


# A section's own title printed in its text (“五、存在的主要问题及改进情况”): skipped, names no block.
_TITLES = frozenset(SECTION_TITLES.values())


# Sub-headings, by section: the block each names.
_PREFIX = r"(?:关于|加强|做好|推进|深化)?(?:政府信息|政务|信息)?"
_SUFFIX = r"(?:工作)?(?:方面|情况)?(?:工作)?"
_HEADINGS: dict[SectionKey, tuple[tuple[str, re.Pattern[str]], ...]] = {
    SectionKey.PROBLEMS: (
        ("fate", re.compile(r"(?:关于)?(?:上一?年度?|去年|\d{4}年度?)?(?:报告)?(?:(?:提出|指出|存在|反映)的?)?(?:主要)?"
                            r"(?:问题)?的?(?:整改|改进)(?:落实)?(?:情况|工作)")),
        ("problems", re.compile(r"(?:\d{4}年度?)?(?:工作中)?(?:存在的?|面临的?)?(?:主要)?(?:问题|不足|困难)"
                                r"(?:[和与及、](?:不足|困难|差距|短板|问题|原因(?:分析)?))?(?:之处)?")),
        ("measures", re.compile(r"(?:\d{4}年度?)?(?:(?:改进|整改|工作)(?:措施|举措|计划|打算|方向|思路)"
                                r"|下一?步(?:工作)?(?:打算|计划|安排|措施|思路|举措|重点)?"
                                r"|(?:今后|下一年度?|明年)(?:工作)?(?:打算|计划|思路|方向|安排)?|努力方向)")),
    ),
    SectionKey.OVERVIEW: (
        ("general", re.compile(r"(?:总体|整体|基本)情况|总体概述|概述")),
        ("proactive", re.compile(rf"{_PREFIX}主动公开(?:政府信息)?{_SUFFIX}")),
        ("requests", re.compile(rf"{_PREFIX}依申请公开(?:政府信息)?{_SUFFIX}")),
        ("management", re.compile(rf"{_PREFIX}(?:政府信息|信息)?管理{_SUFFIX}")),
        ("platform", re.compile(rf"{_PREFIX}(?:政府信息|信息|政务)?公开平台(?:建设)?{_SUFFIX}|平台建设{_SUFFIX}")),
        ("oversight", re.compile(rf"{_PREFIX}监督(?:和|与|及)?保障{_SUFFIX}|监督检查{_SUFFIX}|考核评议{_SUFFIX}")),
    ),
    SectionKey.OTHER: (
        ("fee", re.compile(r"(?:政府)?信息处理费(?:收取|收费)?(?:情况)?")),
        ("other", re.compile(r"其他(?:需要报告的)?事项|[^，,。；;]{0,12}(?:建议|提案)[^，,。；;]{0,8}办理情况"
                             r"|[^，,。；;]{0,12}工作要点[^，,。；;]{0,8}落实情况")),
    ),
}


def _heading_block(words: str, section: SectionKey) -> str | None:
    for block, pattern in _HEADINGS.get(section, ()):
        if pattern.fullmatch(words):
            return block
    return None


# --- roles ----------------------------------------------------------------------------------------

_TODO = re.compile(r"待补充|待填写|待核实|待确认|【待")
_LEAD_END = re.compile(r"[：:，,]$")  # a comma ends a sentence only before 一是 (“…工作力度，一是…”)
_LEAD_WORDS = re.compile(r"以下|如下")


_ANNOUNCES_PROBLEMS = re.compile(
    r"(?:存在|还有|面临)(?:着)?(?:以下|如下|一些|一定|若干|诸多|不少|某些|一定的)?的?(?:问题|不足|短板|差距|薄弱环节)"
    r"|(?:问题|不足)(?:主要)?(?:如下|有|是|表现在|体现在)[：:]?$"
)
# “…取得了一定成效，但仍存在一些不足。”: a sentence that ends by announcing the problems.
_ENDS_ANNOUNCING = re.compile(
    r"(?:存在|还有|面临)(?:着)?(?:以下|如下|一些|一定|若干|诸多|不少|某些|一定的)?的?(?:问题|不足|短板|差距|薄弱环节)"
    r"(?:[和与及](?:不足|问题|差距|短板))?(?:之处)?[，,]?(?:主要(?:是|有|表现[在为]|体现[在为]))?$"
    r"|[仍还尚]?(?:有|存在)(?:一定|一些|较大)?(?:的)?差距$"
)


_CLOSING = re.compile(r"新成效|新台阶|新突破|新局面|新的?更大|更大成效|再上新|取得实效$")


def _is_closing(sentence: str) -> bool:
    """A general closing pledge (“确保政府信息公开工作取得新成效”): it leads nowhere and states nothing."""
    return bool(_CLOSING.search(sentence.strip().rstrip("。！!")))


def _is_lead(sentence: str) -> bool:
    """A sentence that only leads into a list (“…存在以下不足：”, “将采取以下措施加以改进。”)."""
    text = sentence.strip()
    if _LEAD_END.search(text):
        return True
    text = text.rstrip("。；;")
    if _ENDS_ANNOUNCING.search(text):
        return True
    return (bool(_LEAD_WORDS.search(text)) and len(text) <= 60) or (bool(_TAKES_MEASURES.search(text))
                                                                     and len(text) <= 30)


# “下一步将采取多项措施促进政府信息公开工作。”
_TAKES_MEASURES = re.compile(r"采取(?:多项|以下|如下|几项|一系列|有力|切实)?的?(?:措施|举措)")


def _announces_problems(sentence: str) -> bool:
    return _is_lead(sentence) and bool(_ANNOUNCES_PROBLEMS.search(sentence))


def _announces_measures(sentence: str, year: int) -> bool:
    text = sentence.strip()
    said = re.match(r"(\d{4})\s?年度?[，,]?", text)
    if said:
        if int(said.group(1)) <= year:
            return False
        rest = text[said.end():]
        return bool(re.search(r"将|拟|要|计划|着力|重点", rest)) and (
            _is_lead(text) or bool(re.search(r"措施|举措|打算|以下|如下|方面", rest)))
    return bool(re.match(
        r"(?:针对(?:上述|以上|这些|前述|存在的?|以上存在的?|上述存在的?)(?:问题|不足|情况)"
        r"|为此|对此|为(?:进一步)?(?:改进|解决|整改)(?:上述|以上|这些)?(?:问题|不足)"
        r"|(?:下一?步|今后|接下来|在?新的一年|明年|下一年度?)[^。；;]*(?:将|要|拟|计划|着力|继续|重点|以下|采取))",
        text,
    )) or bool(re.search(r"(?:将|拟|要)(?:采取|从)[^。；;]{0,12}(?:以下|如下)?[^。；;]{0,6}(?:措施|举措|方面)", text))


def _fate_like(sentence: str, year: int) -> bool:
    """A sentence about last year's problems (“针对上年度报告提出的…问题”, “该问题已整改”)."""
    back = rf"(?:上一?年度?|去年|以前年度|往年|{year - 1}年度?)" if year else r"(?:上一?年度?|去年|以前年度|往年)"
    if re.search(back + r"[^。；;]{0,24}(?:问题|不足|短板|整改)", sentence):
        return True
    # “该问题已整改到位”: said of a problem as done (“部分问题整改不到位” is this year's problem).
    return bool(re.search(r"整改|改进", sentence) and re.search(r"已|完成|到位|成效", sentence)
                and not _deficit(sentence))


@dataclass
class _Item:
    """The item being read in a part of 五: its numbering, and what its first sentence linked to."""

    family: str = ""
    count: int = 0  # items seen so far in the part
    key: str | None = None  # the problem the item is about
    facts: list[str] = field(default_factory=list)


def written_sentences(section: SectionKey, text: str, sheet: FactsSheet) -> list[DraftSentence]:
    """The section's sentences with spans, blocks, roles and (for 五) their links to the account."""
    found = pieces(text, section)
    if section is SectionKey.PROBLEMS:
        return [_with_notes(s, sheet) for s in _problems(found, text, sheet)]
    block = "general" if section is SectionKey.OVERVIEW else "other"
    out = []
    for piece in found:
        if piece.heading is not None:
            block = piece.heading or block
            continue
        body = text[piece.start:piece.end]
        here = "fee" if section is SectionKey.OTHER and block == "other" and "信息处理费" in body else block
        role = Role.TODO if _TODO.search(body) else Role.LEAD if _LEAD_END.search(body) else Role.CLAIM
        out.append(_with_notes(_sentence(piece, body, here, role), sheet))
    return out


def _with_notes(sentence: DraftSentence, sheet: FactsSheet) -> DraftSentence:
    """A sentence that cites nothing cites the note that states its numbers and shares its words
    (“全年主动公开政府信息14571条” ← 主动公开：……全年主动公开政府信息14571条), even when the
    sentence has no content word to match it by."""
    if sentence.facts or sentence.role in (Role.LEAD, Role.TODO):
        return sentence
    cited: list[str] = []
    notes = sheet.of_kind(FactKind.NOTE)
    for mention in number_mentions(sentence.text):
        holding = [n for n in notes if any(same_number(mention, m) for m in number_mentions(str(n.value)))]
        scored = [(len(_grams(str(n.value)) & _grams(sentence.text) - _TRIVIAL), n) for n in holding]
        best = max(scored, key=lambda x: x[0], default=None)
        if best is not None and best[0] >= 2 and best[1].id not in cited:
            cited.append(best[1].id)
    return sentence.model_copy(update={"facts": cited}) if cited else sentence


_TRIVIAL = frozenset(("政府", "府信", "信息", "息公", "公开", "本年", "年度", "工作", "全年", "我区", "我局", "情况"))


def _sentence(piece: Piece, body: str, block: str, role: Role, problem: str | None = None,
              facts: Sequence[str] = ()) -> DraftSentence:
    return DraftSentence(text=body, block=block, role=role, prefix=piece.mark, problem=problem,
                         facts=list(dict.fromkeys(facts)), origin=Origin.MODEL, span=(piece.start, piece.end))


def _next_part(part: str | None, headed: bool, body: str, piece: Piece, item: _Item, year: int) -> str:
    """The part of 五 a sentence is in: as the last sub-heading says, else by what it says."""
    if part == "measures" or (part == "fate" and headed):
        return part
    if part == "problems":
        if headed:
            return "measures" if _announces_measures(body, year) else part
        return "measures" if _announces_measures(body, year) or _restarts(piece, item) else part
    if _announces_measures(body, year):
        return "measures"
    if part is None and _fate_like(body, year) and not _announces_problems(body):
        return "fate"
    if part is None or _announces_problems(body) or _restarts(piece, item):
        return "problems"
    return part


def _problems(found: list[Piece], text: str, sheet: FactsSheet) -> list[DraftSentence]:
    part: str | None = None  # fate, problems, measures
    headed = False
    item = _Item()
    problem_keys: list[str] = []  # the problem each item of the problems part is about, in order
    measure_items = 0
    out: list[DraftSentence] = []
    linker = _Linker(sheet)
    for piece in found:
        body = text[piece.start:piece.end]
        if piece.heading == "":
            continue
        if piece.heading is not None:
            part, headed, item = piece.heading, True, _Item()
            continue
        if _TODO.search(body):
            out.append(_sentence(piece, body, part or "problems", Role.TODO, item.key))
            continue
        now = _next_part(part, headed, body, piece, item, sheet.year)
        if now != part:
            part, item = now, _Item()
        new_item = bool(piece.family) and (not item.family or piece.family == item.family)
        if new_item:
            item = _Item(family=piece.family, count=item.count + 1)
        if _is_lead(body) and not new_item and (not item.count or _announces_problems(body)
                                                 or _announces_measures(body, sheet.year)):
            out.append(_sentence(piece, body, part, Role.LEAD))
            continue
        if part == "measures" and not new_item and _is_closing(body) and not find_claims(body):
            out.append(_sentence(piece, body, part, Role.LEAD))
            continue
        if part == "fate":
            problem, facts = linker.fate(body)
            if problem is None and not new_item:
                problem, facts = item.key, item.facts
            elif problem is not None:
                item.key, item.facts = problem, facts
            out.append(_sentence(piece, body, "fate", Role.FATE, problem, facts))
        elif part == "problems":
            unnumbered_new = not item.family and _deficit(body)  # without numbering, a new shortcoming
            if new_item or item.key is None or unnumbered_new:
                item.count = max(item.count, 1)
                item.key, item.facts = linker.problem(body, f"problem{len(problem_keys) + 1}")
                problem_keys.append(item.key)
                out.append(_sentence(piece, body, "problems", Role.PROBLEM, item.key, item.facts))
            else:
                facts = item.facts or linker.evidence(body)
                out.append(_sentence(piece, body, "problems", Role.EVIDENCE, item.key, facts))
        else:
            if new_item or not item.count:
                measure_items += 1
                item.count = max(item.count, 1)
                # Measures answer the problems in order, unless the account says otherwise.
                item.key = problem_keys[measure_items - 1] if measure_items <= len(problem_keys) else None
                item.facts = []
            target, facts = linker.measure(body)
            if facts:
                item.facts = facts
            if target is not None:
                item.key = target
            out.append(_sentence(piece, body, "measures", Role.MEASURE, item.key, facts or item.facts))
    return out


def _restarts(piece: Piece, item: _Item) -> bool:
    """The numbering of the part starts again at one (the next list has begun)."""
    return bool(item.family) and piece.family == item.family and piece.number == 1 and item.count >= 1


_DEFICIT = re.compile(
    r"不足|不够|有待|[仍尚还亟]需|欠缺|缺乏|缺少|较少|偏少|单一|不强|不高|滞后|不及时|不到位|不规范|不完善|不健全"
    r"|薄弱|有限|难以|不全|较弱|较低|不统一|不明显|不充分|不深入|不全面|不精准|未能|尚未|不畅|不便|不准确|差距|短板"
)


def _deficit(sentence: str) -> bool:
    explains = re.match(r"(?:如|例如|比如|其中|主要表现|具体表现|全年|本年)", sentence)
    return bool(_DEFICIT.search(sentence)) and not explains


# --- links to last year's problems and the account ---------------------------------------------------


def _grams(text: str) -> set[str]:
    clean = "".join(_CJK.findall(text))
    return {clean[i:i + 2] for i in range(len(clean) - 1)}


def resemblance(a: str, b: str) -> float:
    """How alike two texts are: the larger of their Dice coefficient over character bigrams and
    how much of the shorter (when it is not tiny) the longer contains."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    shared = len(ga & gb)
    dice = 2 * shared / (len(ga) + len(gb))
    small = min(len(ga), len(gb))
    contained = shared / small if small >= 6 else 0.0
    return max(dice, contained * 0.9)


_QUOTED = re.compile(r"“([^”]{2,80})”")
_LINK = 0.5


@dataclass
class _Linker:
    sheet: FactsSheet

    def fate(self, sentence: str) -> tuple[str | None, list[str]]:
        """The previous problem a sentence quotes or resembles, and the facts that link it."""
        best: tuple[float, Fact] | None = None
        quoted = _QUOTED.findall(sentence)
        for problem in self.sheet.of_kind(FactKind.PROBLEM):
            text = str(problem.value)
            name = problem_name(text) or text
            clauses = [c for c in re.split(r"[，,；;。：:]", text) if len(_grams(c)) >= 4]
            score = max([resemblance(q, text) for q in quoted] + [resemblance(q, name) for q in quoted]
                        + [_contained(name, sentence), resemblance(sentence, text)]
                        + [0.9 * _contained(c, sentence) for c in clauses])
            if score >= _LINK and (best is None or score > best[0]):
                best = (score, problem)
        if best is None:
            return None, []
        problem = best[1]
        facts = [problem.id]
        if self.sheet.get(fate_id(problem.id)) is not None:
            facts.append(fate_id(problem.id))
        return problem.id, facts

    def _best(self, sentence: str, facts: Iterable[Fact], texts: dict[str, str]) -> Fact | None:
        best: tuple[float, Fact] | None = None
        for fact in facts:
            score = resemblance(sentence, texts.get(fact.id, str(fact.value)))
            if score >= _LINK and (best is None or score > best[0]):
                best = (score, fact)
        return best[1] if best else None

    def problem(self, sentence: str, fallback: str) -> tuple[str, list[str]]:
        texts = {f"issue.{p.id}": p.text for p in self.sheet.account.problems}
        found = self._best(sentence, self.sheet.of_kind(FactKind.ISSUE), texts)
        if found is None:
            return fallback, []
        return found.id, [found.id]

    def evidence(self, sentence: str) -> list[str]:
        found = self._best(sentence, self.sheet.of_kind(FactKind.ISSUE), {})
        return [found.id] if found else []

    def measure(self, sentence: str) -> tuple[str | None, list[str]]:
        account = self.sheet.account
        texts = {f"plan.{m.id}": m.text for m in account.measures}
        found = self._best(sentence, self.sheet.of_kind(FactKind.PLAN), texts)
        if found is None:
            return None, []
        measure = next((m for m in account.measures if f"plan.{m.id}" == found.id), None)
        target = measure.problem if measure is not None else None
        if target and not target.startswith("prev."):
            target = f"issue.{target}"
        return target, [found.id]


def _contained(needle: str, haystack: str) -> float:
    grams = _grams(needle)
    if len(grams) < 3:
        return 0.0
    return len(grams & _grams(haystack)) / len(grams)


# --- the check -------------------------------------------------------------------------------------

# Codes that say a statement is not backed: a warning on hand-written text (it is a general
# statement the notes do not cover), and in 一 and 六 reported only where the notes cover the part.
_SUPPORT_CODES = ("draft.unsupported_claim", "draft.no_source")
# Codes of the drafter that say nothing about a written text: no passage was "given" to a person,
# and whether 一 and 六 have all their parts is the report checks' business.
_DROPPED = ("draft.citation_unsourced",)
_DROPPED_OUTSIDE_FIVE = ("draft.missing_part", "draft.previous_problem_unaddressed", "draft.repeats_last_year")
# Heuristic readings of a written 五's structure: a warning, never an error.
_STRUCTURE_CODES = ("draft.missing_part", "draft.previous_problem_unaddressed")
_BLOCK_TOPICS: dict[str, Topic] = {
    "proactive": Topic.PROACTIVE, "requests": Topic.REQUESTS, "management": Topic.MANAGEMENT,
    "platform": Topic.PLATFORM, "oversight": Topic.OVERSIGHT, "fee": Topic.FEE, "other": Topic.OTHER,
}


def covered_blocks(sheet: FactsSheet) -> set[str]:
    """The blocks of 一 and 六 the writer's notes say something about."""
    topics = {t for f in sheet.notes() for t in f.topics}
    return {block for block, topic in _BLOCK_TOPICS.items() if topic in topics}


def _kept(finding: Finding, sentence: DraftSentence | None, section: SectionKey, covered: set[str],
          text: str) -> Finding | None:
    code = finding.code
    if not code.startswith(("draft.", "cite.")) or code in _DROPPED:
        return None
    if section is not SectionKey.PROBLEMS:
        if code in _DROPPED_OUTSIDE_FIVE:
            return None
        if code in _SUPPORT_CODES and (sentence is None or sentence.block not in covered):
            return None
    if code == "draft.claim_unsupported" and section is not SectionKey.PROBLEMS and _reported_regime(finding, text):
        return None
    if code in rule_severity():  # the office's own grade of a practice rule stands
        return finding
    if code in _SUPPORT_CODES or (section is SectionKey.PROBLEMS and code in _STRUCTURE_CODES):
        return finding.model_copy(update={"severity": _W})
    if code == "draft.status_contradiction":
        return finding.model_copy(update={"severity": _E})
    return finding


_SANCTION_WORDS = re.compile(r"考核|考评|绩效|评议|问责|追责|责任追究|诫勉|约谈|批评|责令|扣分|一票否决")


def _reported_regime(finding: Finding, text: str) -> bool:
    """In 一 and 六 the oversight regime is itself what is reported (第五十条第（四）项: 工作考核、社会评议
    和责任追究结果情况): a sanction word that names a system (责任追究制度) or is negated (未发生责任
    追究) is no invented sanction."""
    if finding.span is None or not _SANCTION_WORDS.search(finding.actual or ""):
        return False
    if re.fullmatch(r"责任追究|问责|追责|诫勉", finding.actual or ""):
        return True  # the regime named (…、责任追究等办法), not a sanction imposed
    start, end = finding.span
    clause_start = max((text.rfind(c, 0, start) for c in "，,。；;：:"), default=-1) + 1
    before, after = text[clause_start:start], text[end:end + 4]
    return bool(re.search(r"未|没有|无|不存在", before)) or bool(re.match(r"[的]?(?:制度|机制|办法|工作)", after))


def check_section(
    section: SectionKey, text: str, sheet: FactsSheet, report: Report, previous: Report | None = None,
) -> list[Finding]:
    """The drafting guards on one section as written, with the written-text policy applied."""
    if not text.strip():
        return []
    sentences = written_sentences(section, text, sheet)
    if not sentences:
        return []
    checked = check_draft(sentences, text, sheet, section, report, previous)
    covered = covered_blocks(sheet)
    out: list[Finding] = []
    for sentence in checked.sentences:
        for mark in sentence.marks:
            kept = _kept(mark, sentence, section, covered, text)
            if kept is not None:
                out.append(kept)
    for found in checked.section_findings:
        kept = _kept(found, None, section, covered, text)
        if kept is not None:
            out.append(kept)
    if section is SectionKey.PROBLEMS:
        out += [f for f in problems_again(checked.sentences, sheet)
                if not any(o.code == f.code and o.span == f.span for o in out)]
    return _unique(out)


def problems_again(sentences: Sequence[DraftSentence], sheet: FactsSheet) -> list[Finding]:
    """This year's problem stated as last year's (政策解读形式单一, year after year), when the writer
    has not recorded that problem as unsolved (部分整改/未整改) nor taken it over as this year's:
    the format forbids 年年雷同, and a problem solved last year should not reappear unexplained."""
    previous = sheet.of_kind(FactKind.PROBLEM)
    if not previous:
        return []
    taken = {p.candidate.rpartition(".")[2] for p in sheet.account.problems if p.candidate}
    out = []
    for sentence in sentences:
        if sentence.role is not Role.PROBLEM or sentence.span is None:
            continue
        mine = [c for c in repeats_mod.clauses(sentence.text) if len(c.norm) >= repeats_mod.MIN_CLAUSE_CHARS][:1]
        if not mine:
            continue
        for problem in previous:
            theirs = repeats_mod.clauses(str(problem.value))
            if max((repeats_mod.containment(mine[0].grams, t.grams) for t in theirs),
                   default=0.0) < repeats_mod.CLAUSE_CONTAINMENT:
                continue
            status = fate_of(sheet.account, problem.id)
            if status in (Fate.PARTIAL, Fate.OPEN) or problem.id.partition(".")[2] in taken:
                break
            name = problem_name(str(problem.value)) or str(problem.value)[:28]
            said = "已整改" if status is Fate.FIXED else "未说明整改情况"
            out.append(Finding(
                code="draft.repeats_last_year", severity=_W, section=SectionKey.PROBLEMS, span=sentence.span,
                message=f"本年问题“{mine[0].text}”就是上年报告提出的问题“{name}”（整改台账：{said}）：按年报格式要求，问题不得年年雷同；"
                        "若该问题仍未解决，请在整改台账中标为“部分整改”或“未整改”并说明原因，否则请写本年的新问题",
                expected="与上年不同的问题，或说明上年问题仍未解决", actual=mine[0].text))
            break
    return out


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, tuple[int, int] | None, str]] = set()
    out = []
    for f in findings:
        key = (f.code, f.span, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def check_written(
    report: Report,
    previous: Report | None = None,
    *,
    notes: Sequence[str] = (),
    account: YearAccount | None = None,
    sections: Sequence[SectionKey] = WRITTEN_SECTIONS,
) -> list[Finding]:
    """The drafting guards on sections 一, 五 and 六 as the report has them.

    ``notes`` are the writer's plain note lines and ``account`` the account of the year (default:
    ``report.account``), as :func:`assistant.account.notes.apply_notes` reads a notes file. A
    report without a year gives nothing (the report checks say so); a ``previous`` report of
    another year than the one before is left out (``xyear.year_gap`` says so).
    """
    if report.meta.year is None:
        return []
    if previous is not None and previous.meta.year not in (None, report.meta.year - 1):
        previous = None
    try:
        sheet = build_facts(report, previous, notes, account=account)
    except NianbaoError:
        return []
    out: list[Finding] = []
    for section in sections:
        if section not in WRITTEN_SECTIONS:
            raise ValueError(f"不核对第{section}部分的文字：只核对一、五、六部分")
        out += check_section(section, report.text(section), sheet, report, previous)
    return out


# What the report checks say of the same place in their own words.
_TWINS: dict[str, tuple[str, ...]] = {
    "draft.repeats_last_year": ("xyear.problems_repeated",),
    "draft.number_unverified": ("text.",),
    "draft.todo": ("struct.placeholder",),
}


def merge_findings(base: Sequence[Finding], written: Sequence[Finding]) -> list[Finding]:
    """The report checks' findings and the written-text ones, without saying one thing twice: a
    repeat the report checks already name (``xyear.problems_repeated``), a number they already
    bind to a cell (``text.*``) or a gap they already see (``struct.placeholder``) at the same
    place is left out."""
    from assistant.checks import sort_findings

    def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    kept = []
    for found in written:
        twins = _TWINS.get(found.code, ())
        if twins and found.span is not None and any(
                b.section is found.section and b.span is not None and b.code.startswith(twins)
                and overlaps(b.span, found.span) for b in base):
            continue
        kept.append(found)
    return sort_findings([*base, *kept])


__all__ = [
    "WRITTEN_SECTIONS", "Piece", "check_section", "check_written", "covered_blocks", "merge_findings", "pieces",
    "resemblance", "written_sentences",
]
