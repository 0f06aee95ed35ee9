"""Last year's section 五 read as its parts: the problems and the measures, each item one string.

Pure text functions (no report, no model, no I/O): the facts sheet, the account and the checks of a
written 五 all read last year's items through :func:`split_problems`; the drafter renders this
year's 五 in last year's :func:`layout_of`; :func:`problem_name` quotes a problem back in short.

How a 五 is read, in order:

1. Tidy the text: page numbers of a PDF ("-4-"), runs of blanks; line breaks are kept, since they
   end a sub-heading.
2. Find where the measures begin: a sub-heading (（二）改进措施, 下一步工作打算：), else the
   sentence that announces them (下一步将采取多项措施…, 2023年，我区将采取以下措施…, 针对上述问题…),
   else the point where the item numbering starts again at 一是.
3. In each part, items are found by one numbering (一是/（一）/1./1、/(1)/第一，/①) that counts up
   from one; the text before the first item only leads in and is dropped. A numbered item keeps
   its explanatory sentences. Without numbering, each sentence is an item, minus lead-ins and
   closing sentences, with an explanatory sentence (主要表现在…, 如…) kept with the one before and
   an enumeration ending in 等 split at its commas.

Everything is linear regular-expression work: it runs in checks over thousands of reports and
never raises, whatever the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Layout(StrEnum):
    """How a section 五 is laid out."""

    HEADED = "headed"  # sub-headings: （一）存在的主要问题 … （二）改进措施
    PLAIN = "plain"  # running paragraphs, 一是/二是 without sub-headings


_CN = "一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate(_CN, start=1)}

# --- tidying --------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"(?m)^[ \t]*[-－—–][ \t]*\d{1,3}[ \t]*[-－—–][ \t]*$")
_SECTION_TITLE = re.compile(
    r"^(?:[五5][、.．]\s*)?存在的?(?:主要)?问题(?:及|和|与)其?(?:改进|整改)(?:情况|措施)[：:。]?"
)
_LINE_BLANKS = re.compile(r"[ \t\f\v]+")
_NON_ASCII = r"[^\x00-\x7f]"


def _tidy(text: str) -> str:
    """Blanks collapsed, page-number lines and empty lines dropped, line breaks kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = _PAGE_NUMBER.sub("", text)
    lines = (_LINE_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    text = "\n".join(line for line in lines if line)
    return _SECTION_TITLE.sub("", text).strip()


_BLANKS = re.compile(r"\s+")
_WRAP_BLANK = re.compile(rf"(?<={_NON_ASCII}) | (?={_NON_ASCII})")


def _flat(text: str) -> str:
    """One line; a blank next to a Chinese character is a wrapping artefact and goes."""
    return _WRAP_BLANK.sub("", _BLANKS.sub(" ", text).strip())


# --- sub-headings ---------------------------------------------------------------------------------

_HEAD_NUMBER = (
    rf"(?:[（(][{_CN}][）)]|[{_CN}][、.．]|\d{{1,2}}(?:[、.．](?!\d))|[（(]\d{{1,2}}[）)]"
    rf"|第[{_CN}]部分[：:，,]?)"
)
_YEAR_WORD = r"(?:\d{4}\s?年度?)?"
_PROBLEM_WORDS = (
    rf"{_YEAR_WORD}(?:工作中)?(?:存在的?)?(?:主要)?(?:问题|不足)(?:之处)?"
    r"(?:[和与及、](?:不足|困难|差距|短板|原因(?:分析)?|问题|挑战))?"
)
_MEASURE_WORDS = (
    rf"(?:{_YEAR_WORD}(?:改进|整改)(?:措施|情况|方向|举措|计划|打算)"
    r"|下一?步(?:工作)?(?:打算|计划|安排|措施|思路|举措|重点)?"
    r"|(?:今后|下一年度?|明年)(?:工作)?(?:打算|计划|思路|方向|安排)?"
    rf"|{_YEAR_WORD}工作(?:打算|计划|思路|安排|措施)|努力方向)"
)
_HEAD_TAIL = r"(?:[和与及、][^：:。；;，,\n]{0,12})?"
_HEAD_START = r"(?:^|(?<=[。；;！!？?\s]))"
_MARK_AHEAD = rf"(?=[{_CN}]是|\d{{1,2}}[.、．]|[（(][\d{_CN}][）)])"


def _heading(words: str) -> re.Pattern[str]:
    # Numbered (（一）主要问题): any break after it; unnumbered (存在问题：): a colon, 。 or line end.
    return re.compile(
        rf"{_HEAD_START}(?:(?P<num>{_HEAD_NUMBER})\s*{words}{_HEAD_TAIL}(?:[：:。．.]|\s|$|{_MARK_AHEAD})"
        rf"|{words}{_HEAD_TAIL}(?:[：:。]|\n|$))[ \t]*"
    )


_PROBLEM_HEADING = _heading(_PROBLEM_WORDS)
_MEASURE_HEADING = _heading(_MEASURE_WORDS)
# The heading words at the start of an item's text (old pages run them into the first item).
_HEADING_PREFIX = re.compile(rf"^(?:{_HEAD_NUMBER})?\s*(?:{_PROBLEM_WORDS}|{_MEASURE_WORDS}){_HEAD_TAIL}[:：。，,]\s*")

# --- item numbering -------------------------------------------------------------------------------

_MARK = re.compile(
    rf"(?:^|(?<=[。；;：:！!？?\s，,、]))"
    rf"(?:(?P<shi>[{_CN}]{{1,3}})是"
    rf"|第(?P<di>[{_CN}]{{1,3}})(?=[，,、：:])[，,、：:]?"
    rf"|[（(](?P<pcn>[{_CN}]{{1,3}})[）)]"
    rf"|[（(](?P<pnum>\d{{1,2}})[）)]"
    rf"|(?P<num>\d{{1,2}})(?:[.．](?!\d)|、)"
    rf"|(?P<cdun>[{_CN}]{{1,3}})、"
    rf"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩]))"
)
_LEADING_MARK = re.compile(
    rf"^(?:(?:[{_CN}]{{1,3}}是|第[{_CN}]{{1,3}}[，,、：:]|[（(][\d{_CN}]{{1,3}}[）)]|\d{{1,2}}(?:[.．](?!\d)|、)"
    rf"|[{_CN}]{{1,3}}、|[①②③④⑤⑥⑦⑧⑨⑩])\s*)+"
)


@dataclass(frozen=True)
class _Mark:
    family: str
    value: int
    start: int
    end: int


def _number(numeral: str) -> int:
    """一 … 九十九 as an int (0 when not a numeral)."""
    if len(numeral) == 1 and "①" <= numeral <= "⑩":
        return ord(numeral) - ord("①") + 1
    if numeral.isdecimal():
        return int(numeral)
    if numeral == "十":
        return 10
    tens, _, units = numeral.partition("十")
    if "十" not in numeral:
        return _CN_VALUE.get(numeral, 0) if len(numeral) == 1 else 0
    return (_CN_VALUE.get(tens, 0) if tens else 1) * 10 + (_CN_VALUE.get(units, 0) if units else 0)


def _marks(text: str) -> Iterator[_Mark]:
    for match in _MARK.finditer(text):
        family = match.lastgroup or ""
        value = _number(match.group(family))
        if value:
            yield _Mark(family, value, match.start(), match.end())


@dataclass(frozen=True)
class _Numbering:
    marks: tuple[_Mark, ...]  # the chosen numbering, counting 1, 2, 3 … (and again from 1)
    restart: int | None  # where it starts again from 1, if it does


def _numbering(text: str) -> _Numbering:
    """The numbering that lists the items: the earliest one that counts up from 1 at least to 2."""
    by_family: dict[str, list[_Mark]] = {}
    for mark in _marks(text):
        by_family.setdefault(mark.family, []).append(mark)
    best: _Numbering | None = None
    for marks in by_family.values():
        numbering = _count_up(marks)
        if len(numbering.marks) < 2:
            continue
        if best is None or numbering.marks[0].start < best.marks[0].start:
            best = numbering
    return best or _Numbering((), None)


def _count_up(marks: list[_Mark]) -> _Numbering:
    chain: list[_Mark] = []
    restart: int | None = None
    expected = 1
    for mark in marks:
        if mark.value == expected:
            chain.append(mark)
            expected += 1
        elif mark.value == 1 and expected > 2:
            restart = mark.start if restart is None else restart
            chain.append(mark)
            expected = 2
    return _Numbering(tuple(chain), restart)


# --- sentences that are not items -----------------------------------------------------------------

_DEFICIT = re.compile(
    r"不足|不够|有待|[仍尚还亟]需|需要?(?:进一步)?(?:加强|提高|提升|完善|改进|规范|加大|强化)|欠缺|缺乏|缺少|较少|偏少"
    r"|单一|不强|不高|不多|滞后|不及时|不到位|不规范|不完善|不健全|不均衡|不平衡|薄弱|有限|难以|不全|松懈|较弱|较低"
    r"|不统一|不明显|不充分|不深入|不全面|不精准|未能|尚未|不畅|不便|不准确|不一致|不严|差距|短板|不突出|不够"
)
_LEAD_IN = re.compile(
    r"以下(?!简称)|如下"
    r"|取得了?[^。；;]{0,12}(?:成效|成绩|进展|成果|成就)[^。；;]*(?:但|然而|不过|同时)"
    r"|存在着?(?:一定|一些|某些|不少|诸多|许多)?的?(?:问题|不足|短板|差距|薄弱环节)(?:[和与及](?:不足|问题|差距|短板))?"
    r"[，,]?(?:主要(?:是|有|表现[在为]|体现[在为]))?$"
    r"|主要(?:是|有|表现[在为]|体现[在为])$"
    r"|(?:将|拟|要)采取[^。；;，,]{0,8}(?:措施|举措)"
)
_LEAD_IN_END = re.compile(r"[：:，,、]$")
_CLOSING = re.compile(
    r"^(?:总之|总的来说|总而言之|综上)|新成效|新台阶|新突破|新的?更大|更大成效|新局面|再上新"
    r"|^(?:对于?)?(?:这些|上述|以上)(?:问题|不足)"
)
_SUBJECT = r"(?:我们|我[局区县市委办镇厅署院]|我单位|我中心|我街道|本机关|本单位|本部门|全区|全县|全市)"
_CLOSING_PLEDGE = re.compile(
    rf"^(?:下一步[，,]?|今后[，,]?|\d{{4}}\s?年[，,]?|在?新的一年里?[，,]?)?{_SUBJECT}(?:将|要|会)"
    r"(?=.*(?:确保|推动|促进|不断|更好|高质量|全面提升|努力))"
)
_EXPLAINS = re.compile(
    r"^(?:主要(?:是|表现|体现)|具体(?:表现|体现)|如(?!何)|例如|比如|譬如|其中|尤其|特别是|导致|造成|致使|从而|以致"
    r"|这(?:导致|造成|使得|在一定程度上))"
)


def _is_lead_in(sentence: str) -> bool:
    """A sentence that only leads in (“…但仍存在一定不足：”, “下一步将采取多项措施…”)."""
    text = _flat(sentence).strip("。；;！!？? ")
    return not text or bool(_LEAD_IN_END.search(text) or _LEAD_IN.search(text))


def _is_closing(sentence: str, *, pledge: bool) -> bool:
    """A general closing sentence (“我们将……确保政府信息公开工作取得新成效”)."""
    text = _flat(sentence)
    return bool(_CLOSING.search(text) or (pledge and _CLOSING_PLEDGE.search(text)))


def _sentences(text: str) -> list[str]:
    return [piece for piece in re.split(r"(?<=[。；;！!？?])", text) if piece.strip()]


# --- where the measures begin ---------------------------------------------------------------------

_SENTENCE_START = re.compile(r"(?:^|(?<=[。；;！!？?\n]))\s*")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_ANNOUNCES = re.compile(
    r"^(?:针对|对照|为此|对此|就此|为解决|为(?:进一步)?(?:改进|解决|整改)(?:上述|以上|这些)?(?:问题|不足))"
    r"|^(?:下一?步|今后|接下来|在?新的一年|明年)[^。；;]*(?:将|要|拟|计划|着力|继续|重点|以下|采取)"
    rf"|^{_SUBJECT}?(?:将|拟)(?:采取|从以下|从|着力|重点|切实|继续|进一步|持续|围绕|在以下|以下|抓好|做好)"
    r"|(?:将|拟|要)[^。；;]{0,12}(?:采取[^。；;]{0,10}(?:措施|举措)|(?:以下|如下)[^。；;]{0,6}(?:方面|措施|工作|举措))"
)
_YEAR_OPENING = re.compile(r"^(\d{4})\s?年")


def _announces_measures(sentence: str, year: int | None) -> bool:
    text = _flat(sentence)
    said = _YEAR_OPENING.match(text)
    if said and year is not None:
        if int(said.group(1)) != year + 1:
            return False
        return bool(re.search(r"将|拟|计划|要", text)) or bool(_ANNOUNCES.search(text))
    if said:
        text = text[said.end():].lstrip("，, ")
    return bool(_ANNOUNCES.search(text))


@dataclass(frozen=True)
class _Parts:
    problems: str
    measures: str
    problem_heading: bool
    measure_heading: bool
    numbered_heading: bool


def _parts(text: str, year: int | None) -> _Parts:
    """The 五 cut into its problems part and its measures part, sub-headings taken off."""
    measure_heading = _MEASURE_HEADING.search(text)
    boundary: int | None = None
    measures_start = 0
    if measure_heading:
        boundary, measures_start = measure_heading.start(), measure_heading.end()
    else:
        boundary = _announcement(text, year)
        measures_start = boundary if boundary is not None else len(text)
    problems = text[:boundary] if boundary is not None else text
    problem_heading = None
    for found in _PROBLEM_HEADING.finditer(problems):
        problem_heading = found
    if problem_heading:
        problems = problems[problem_heading.end():]
    numbered = any(h is not None and h.group("num") for h in (problem_heading, measure_heading))
    return _Parts(problems, text[measures_start:], problem_heading is not None, measure_heading is not None, numbered)


def _announcement(text: str, year: int | None) -> int | None:
    """Where the measures begin without a sub-heading: an announcing sentence, else a restart."""
    numbering = _numbering(text)
    marks = numbering.marks
    # Spans between two items of one list (二是 after 一是): no announcement can start there.
    inside = [(before.end, after.start) for before, after in itertools.pairwise(marks)
              if after.value == before.value + 1]
    lows = [low for low, _ in inside]
    for start in _SENTENCE_START.finditer(text):
        at = start.end()
        if at >= len(text):
            continue
        i = bisect.bisect_left(lows, at) - 1
        if i >= 0 and inside[i][0] < at < inside[i][1]:
            continue
        end = _SENTENCE_END.search(text, at)
        sentence = text[at:end.end()] if end else text[at:]
        if _announces_measures(sentence, year):
            return at
    return numbering.restart


# --- items ----------------------------------------------------------------------------------------


def _clean(item: str) -> str:
    text = _flat(item)
    for _ in range(3):
        before = text
        text = _LEADING_MARK.sub("", text)
        text = _HEADING_PREFIX.sub("", text)
        text = text.strip("。；;，,、：: ")
        if text == before:
            break
    return text


_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


def _keep(text: str) -> bool:
    """Enough of a text to be an item: four characters, two of them Chinese."""
    return len(text) >= 4 and len(_HAN.findall(text, 0, 64)) >= 2


def _items(part: str, *, measures: bool) -> list[str]:
    numbering = _numbering(part)
    if not numbering.marks:
        return _unnumbered(part, measures=measures)
    marks = numbering.marks
    chunks = [part[mark.end:(marks[i + 1].start if i + 1 < len(marks) else len(part))]
              for i, mark in enumerate(marks)]
    chunks[-1] = _without_tail(chunks[-1])
    return [text for text in map(_clean, chunks) if _keep(text)]


def _without_tail(chunk: str) -> str:
    """The last item without the closing (or leading-in) sentences after its first sentence."""
    sentences = _sentences(chunk)
    while len(sentences) > 1 and (_is_closing(sentences[-1], pledge=True) or _is_lead_in(sentences[-1])):
        sentences.pop()
    return "".join(sentences)


def _unnumbered(part: str, *, measures: bool) -> list[str]:
    items: list[str] = []
    for sentence in _sentences(part):
        sentence = _after_lead_in(sentence, measures=measures)
        if _is_lead_in(sentence) or _is_closing(sentence, pledge=False) or not _keep(_clean(sentence)):
            continue
        if items and (_EXPLAINS.match(_clean(sentence)) or (measures and _heads(items[-1], sentence))):
            items[-1] += sentence
        else:
            items.append(sentence)
    return [piece for item in items for piece in _enumerated(_clean(item)) if _keep(piece)]


# Words before a colon that announce a list (“存在的主要问题是：”, “具体措施如下：”).
_LIST_HEAD = re.compile(r"(?:问题|不足|差距|短板|措施|举措|方面)(?:主要)?(?:是|有|在于|包括|表现[在为]|如下)?\s*$")
_MAIN_ARE = re.compile(r"[，,]\s*主要(?:是|有|表现[在为]|体现[在为])\s*")
_OPENING_CLAUSE = re.compile(r"^\s*(?:(?:针对|对照)[^，,。；;]{0,20}(?:问题|不足)|下一?步|今后|为此|对此)[，,]\s*")
_PLEDGE = re.compile(rf"^\s*(?:\d{{4}}\s?年[，,]?)?{_SUBJECT}(?:将|要|拟)(?=[^。；;]{{4}})")


def _after_lead_in(sentence: str, *, measures: bool) -> str:
    """The sentence without the words that lead in to it.

    “…仍存在一些不足，主要是：A，B” → “A，B”; “…存在一些薄弱环节，主要是A” → “A”;
    “针对上述问题，我办将加强学习” → “加强学习” (in the measures).
    """
    for colon in ("：", ":"):
        head, found, rest = sentence.rpartition(colon)
        if found and rest.strip() and (_is_lead_in(head) or _LIST_HEAD.search(head)):
            sentence = rest
            break
    main = _MAIN_ARE.search(sentence)
    if main and _is_lead_in(sentence[:main.start()]):
        sentence = sentence[main.end():]
    sentence = _OPENING_CLAUSE.sub("", sentence)
    return _PLEDGE.sub("", sentence) if measures else sentence


def _heads(item: str, sentence: str) -> bool:
    """A short heading (“加强宣传互动。”) whose body is the next, longer sentence."""
    if len(item) > 40:
        return False
    heading = _clean(item)
    return len(heading) <= 12 and not re.search(r"[，,；;]", heading) and len(_clean(sentence)) > 2 * len(heading)


def _enumerated(item: str) -> list[str]:
    """“A不足，B有待提升，C尚需完善等” → [A不足, B有待提升, C尚需完善]."""
    if not item.endswith("等"):
        return [item]
    clauses = [c.strip() for c in re.split(r"[，,]", item[:-1])]
    if len(clauses) >= 2 and all(_DEFICIT.search(c) for c in clauses):
        return clauses
    return [item]


# --- public ---------------------------------------------------------------------------------------


def split_problems(text: str, year: int | None = None) -> tuple[list[str], list[str]]:
    """Last year's section 五 split into (problems, measures), each item as one string.

    ``year`` is the year the 五 reports on: “{year+1}年，我局将…” announces the measures, while
    “{year}年，…取得了一定成效，但…” leads in to the problems. Lead-in and closing sentences are
    no items; item texts come without their numbering, sub-heading words and final 。.
    """
    parts = _parts(_tidy(text), year)
    return _items(parts.problems, measures=False), _items(parts.measures, measures=True)


def layout_of(text: str) -> Layout:
    """HEADED when the 五 has sub-headings (a numbered one such as （一）存在的主要问题, or an
    unnumbered heading for both parts); PLAIN for running paragraphs."""
    parts = _parts(_tidy(text), None)
    if parts.numbered_heading or (parts.problem_heading and parts.measure_heading):
        return Layout.HEADED
    return Layout.PLAIN


_NAME_LEAD = re.compile(
    rf"^(?:{_LEADING_MARK.pattern}|\d{{4}}\s?年度?[，,]?\s*|{_SUBJECT}[，,]?|(?:但是?|而且?|同时|此外|另外)[，,]?)"
)


def problem_name(text: str, limit: int = 28) -> str:
    """A short name to quote a problem back by (“政策解读形式不够丰富”).

    The first clause that is more than a setting (“新《条例》实施后”) or a lead-in, without a leading
    year, subject or numbering; at most ``limit`` characters, the last being “…” when cut. Empty
    when the text names nothing (a year, a lead-in).
    """
    text = _clean(text)
    if not text or _is_lead_in(text):
        return ""
    clauses = [_name_clause(c) for c in re.split(r"[，,；;。：:！!？?]", text)]
    clauses = [c for c in clauses if len(c) >= 2 and not _is_lead_in(c) and not _is_year(c)]
    if not clauses:
        return ""
    name = next((c for c in clauses if not _SETTING.search(c)), clauses[0])
    name = _trim_name(name)
    limit = max(limit, 2)
    return name if len(name) <= limit else name[:limit - 1] + "…"


# A clause that only sets the scene (“新《条例》实施后”, “在政策解读方面”), not the shortcoming.
_SETTING = re.compile(
    r"(?:(?<![滞落])后|(?<![及准按实同])时|以来|期间|过程中|工作中|背景下|情况下|方面)$|^(?:随着|根据|按照|对照|由于|因为|在)"
)


def _name_clause(clause: str) -> str:
    clause = clause.strip()
    for _ in range(4):
        stripped = _NAME_LEAD.sub("", clause).strip()
        if stripped == clause:
            break
        clause = stripped
    return clause


def _is_year(clause: str) -> bool:
    return bool(re.fullmatch(r"\d{2,4}\s?年?度?", clause))


def _trim_name(name: str) -> str:
    for pattern in (r"^[仍还也]?存在(?:着)?", r"(?:的问题|等问题|问题|等)$"):
        trimmed = re.sub(pattern, "", name)
        if len(trimmed) >= 4:
            name = trimmed
    return name


__all__ = ["Layout", "layout_of", "problem_name", "split_problems"]
