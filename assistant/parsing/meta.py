"""Metadata printed in a report: title, agency, year, statistics period, publication date,
and which national format (2021, or the 2019 trial) its tables follow."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from assistant.cells import FormatVersion
from assistant.form import REPORT_NAME

_YEAR = r"(?:19|20)\d{2}"
_TITLE = re.compile(
    rf"[^\n。，,；;：:|]{{0,40}}?{_YEAR}\s*年度?[^\n。，,；;：:|]{{0,40}}?"
    r"(?:政府信息公开|政务公开|信息公开)[^\n。，,；;：:|]{0,12}?(?:年度报告|年报|报告)"
)
_TITLE_PARTS = re.compile(
    rf"^(?P<pre>.*?)(?P<year>{_YEAR})\s*年度?(?P<post>.*?)(?:政府信息公开|政务公开|信息公开)"
)
_DATE_RANGE = re.compile(
    rf"(?P<y1>{_YEAR})\s*年?\s*(?P<m1>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*日\s*(?:起)?\s*"
    r"(?:至|到|—{1,2}|-|~|～)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年?\s*)?"
    r"(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_PERIOD_CUE = re.compile(r"统\s*计\s*(?:期\s*限|时\s*限|时\s*间|期\s*间|区\s*间|周\s*期|截\s*止)")
_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|公开日期|成文日期|印发日期)\s*[：:]?\s*"
    r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
)
_DATE_LINE = re.compile(
    r"^[ \t]*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日[ \t]*$",
    re.MULTILINE,
)
# The same after a line break: a literal first character, which the regex engine finds fast
# (it would try "^" at every position).
_DATE_LINE_AFTER_BREAK = re.compile("\n" + _DATE_LINE.pattern.removeprefix("^"), re.MULTILINE)
# What every _PUBLISHED match holds: each of its keys holds one of these.
_PUBLISHED_CUES = ("日期", "发布时间")
_AGENCY_CHARS = r"[^\s《》“”\"，,。、；;：:（）()\d|]"
_PREFACE_AGENCY = (
    re.compile(rf"根据(?P<a>{_AGENCY_CHARS}{{2,40}}?)的?(?:{_YEAR}年度?)?政府信息公开(?:年度)?工作"),
    re.compile(rf"现向社会公布(?:了)?(?P<a>{_AGENCY_CHARS}{{2,40}}?){_YEAR}\s*年度?"),
    re.compile(rf"汇总(?P<a>{_AGENCY_CHARS}{{2,30}}?)(?:各有关单位|各单位|所属|下属)"),
)
# Tried after those; it opens with a class, so it is tried only where it can match (see
# _agencies_before_report).
_REPORT_WORDS = REPORT_NAME
_AGENCY_BEFORE_REPORT = re.compile(
    rf"(?P<a>{_AGENCY_CHARS}{{2,30}}?)(?:{_YEAR}\s*年度?){_REPORT_WORDS}"
)
_CONTACT_AGENCY = re.compile(
    rf"请与(?P<a>{_AGENCY_CHARS}{{2,40}}?)的?(?:政府信息公开|政务公开|信息公开)?(?:工作)?"
    r"(?:领导小组)?(?:办公室|办)联系"
)
_AGENCY_END = re.compile(
    r"(?:局|委员会|委|办公室|办公厅|办|政府|中心|院|厅|部|署|会|处|所|站|队|馆|街道|镇|乡|区)$"
)


@dataclass(frozen=True)
class Title:
    text: str
    start: int
    end: int


# --- a header block: "标题：…", "发布机构：…", "发布时间：…", "原文链接：…" ----------------------

_HEADER_KEYS = {
    "title": r"标\s*题|题\s*名|文\s*件\s*名\s*称|名\s*称",
    "agency": r"发\s*布\s*机\s*构|发\s*文\s*机\s*关|发\s*布\s*单\s*位|发\s*文\s*单\s*位|"
              r"信\s*息\s*来\s*源|所\s*属\s*机\s*构|公\s*开\s*主\s*体|来\s*源",
    "published": r"发\s*布\s*(?:时\s*间|日\s*期)|成\s*文\s*日\s*期|生\s*成\s*日\s*期|"
                 r"公\s*开\s*日\s*期|印\s*发\s*日\s*期",
    "link": r"原\s*文\s*链\s*接|原\s*文\s*地\s*址|链\s*接|网\s*址|来\s*源\s*网\s*址|URL|url|Source|source",
    "other": r"索\s*引\s*号|文\s*号|主\s*题\s*分\s*类|公\s*开\s*方\s*式|公\s*开\s*范\s*围|"
             r"有\s*效\s*性|主\s*题\s*词|关\s*键\s*词|分\s*类|体\s*裁",
}
_HEADER_ITEM = re.compile(
    r"(?:^|(?<=\s)|(?<=[|｜]))[ \t>#*\-|｜]*\**(?P<key>"
    + "|".join(f"(?P<{k}>{v})" for k, v in _HEADER_KEYS.items())
    + r")\**[ \t]*\**[ \t]*[：:|｜][ \t]*\**[ \t]*(?P<value>[^\n|｜]*?)[ \t]*\**[ \t|｜]*"
    r"(?=$|[ \t]{2,}|[|｜])",
    re.MULTILINE,
)
_BLOCK_LINES = 24
# A key with the mark after it: every header item holds one. Opening with a key's first
# character, it is found fast; _HEADER_ITEM, whose lookbehinds are tried at every position,
# is then tried only just before such a key (see _header_items).
_KEY_MARK = re.compile("(?:" + "|".join(_HEADER_KEYS.values()) + r")\**[ \t]*\**[ \t]*[：:|｜]")
_BEFORE_KEY = frozenset(" \t>#*-|｜")  # what _HEADER_ITEM allows between its start and the key
_MARKS = "：:|｜"
_NONE = sys.maxsize
# What a _KEY_MARK match holds before its mark (besides spaces): the keys' characters and "*".
# No mark is among them, so a match's mark is the first mark after its start.
_KEY_CHARS = frozenset("".join(_HEADER_KEYS.values()).replace("\\s*", "").replace("(?:", "")
                       .replace(")", "").replace("|", "") + "*")
# What _KEY_MARK allows between a key and its mark, and the last character of every key: a
# match ends at a mark only where, past a run of the former, the latter stands before it.
_BETWEEN_KEY_AND_MARK = frozenset(" \t*")
_KEY_ENDS = frozenset(alternative.replace(")", "").replace("\\s*", "")[-1]
                      for keys in _HEADER_KEYS.values() for alternative in keys.split("|"))


class _KeyMarks:
    """``_KEY_MARK.search(text, pos, end)``, found from the marks instead of at every position
    (the pattern opens with any of many common characters, each tried with every key).

    A match ends just after the first mark at or after its start, and all it holds before
    that mark are key characters and spaces: the first match from ``pos`` is the first that
    starts, for some mark, within the run of those characters just before that mark."""

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end
        # per mark, where it next stands from the last position looked at (_NONE: nowhere)
        self.next_mark = dict.fromkeys(_MARKS, -1)

    def _mark(self, pos: int) -> int:
        """The first mark at or after ``pos`` (-1: none)."""
        found = _NONE
        for mark, at in self.next_mark.items():
            if at < pos:
                at = self.text.find(mark, pos, self.end)
                self.next_mark[mark] = at = _NONE if at < 0 else at
            found = min(found, at)
        return -1 if found == _NONE else found

    def search(self, pos: int) -> re.Match[str] | None:
        text = self.text
        while (mark := self._mark(pos)) >= 0:
            before = mark
            while before > pos and text[before - 1] in _BETWEEN_KEY_AND_MARK:
                before -= 1
            if before == pos or text[before - 1] not in _KEY_ENDS:
                pos = mark + 1  # no key just before the mark: no match ends at it
                continue
            start = mark
            while start > pos and (text[start - 1] in _KEY_CHARS or text[start - 1].isspace()):
                start -= 1
            m = _KEY_MARK.search(text, start, mark + 1)
            if m is not None:
                return m
            pos = mark + 1
        return None


@dataclass(frozen=True)
class HeaderBlock:
    """What a page's header block says, and the lines it takes (to keep out of the preface)."""

    title: Title | None = None
    agency: str | None = None
    published: date | None = None
    link: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


def find_header_block(text: str) -> HeaderBlock:
    """The "标题：…/发布机构：…/发布时间：…/原文链接：…" lines a pasted page or a converter
    puts before the report (also as a Markdown list or table, several on one line)."""
    head_end = 0
    for _ in range(_BLOCK_LINES):
        nxt = text.find("\n", head_end)
        if nxt < 0:
            head_end = len(text)
            break
        head_end = nxt + 1
    found: dict[str, tuple[str, int, int]] = {}
    spans: list[tuple[int, int]] = []
    for m in _header_items(text, head_end):
        key = next(k for k in _HEADER_KEYS if m.group(k) is not None)
        value = m.group("value").strip(" *")
        if not value and key != "other":
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if not spans or spans[-1] != (line_start, line_end):
            spans.append((line_start, line_end))
        found.setdefault(key, (value, m.start("value"), m.start("value") + len(value)))
    if not found or set(found) <= {"other"} or len(found) < 2:
        return HeaderBlock()
    title = None
    if "title" in found:
        value, start, end = found["title"]
        if _TITLE.search(value):
            title = Title(value, start, end)
    agency = found["agency"][0] if "agency" in found else None
    if agency is not None and (len(agency) > 40 or re.search(r"\d|https?:", agency)):
        agency = None
    published = None
    if "published" in found:
        day = re.search(r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*"
                        r"(?P<d>\d{1,2})", found["published"][0])
        if day:
            published = _date(day.group("y"), day.group("m"), day.group("d"))
    link = None
    if "link" in found:
        url = re.search(r"https?://\S+|www\.\S+", found["link"][0])
        link = url.group().rstrip("）)>]") if url else None
    return HeaderBlock(title, agency, published, link, tuple(spans))


def _header_items(text: str, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``_HEADER_ITEM.finditer(text, 0, end)``.

    Each holds a key with its mark (``_KEY_MARK``) and starts at most a run of
    ``_BEFORE_KEY`` characters before that key: the first match at or after ``pos`` is the
    first that ``_HEADER_ITEM`` makes at the positions just before a key with its mark."""
    pos = 0
    keys = _KeyMarks(text, end)
    key = keys.search(0)
    while key is not None:
        at = key.start()
        if at >= pos:
            start = at
            while start > pos and text[start - 1] in _BEFORE_KEY:
                start -= 1
            for begin in range(start, at + 1):
                m = _HEADER_ITEM.match(text, begin, end)
                if m is not None:
                    yield m
                    pos = m.end()
                    break
        key = keys.search(max(at + 1, pos))


def find_title(text: str, hint: str | None = None) -> Title | None:
    """The report's title: a line near the start naming a year and the annual report."""
    head = text[:600]
    previous: re.Match[str] | None = None
    for line in re.finditer(r"[^\n]+", head):
        stripped = line.group().strip().lstrip("#*> \t")  # a Markdown heading: "# 标题"
        m = _TITLE.match(stripped)
        if m and line.start() < 400:
            offset = line.start() + (len(line.group()) - len(line.group().lstrip().lstrip("#*> \t")))
            title = Title(m.group().strip(), offset, offset + len(m.group().strip()))
            if previous is not None and re.match(_YEAR, title.text):
                # "青溪市自然资源局" on its own line above "2020年政府信息公开工作年度报告"
                above = previous.group().strip()
                if 2 <= len(above) <= 30 and not re.search(r"[\d。，,：:；;、]", above):
                    start = previous.start() + (len(previous.group())
                                                - len(previous.group().lstrip()))
                    return Title(above + title.text, start, title.end)
            return title
        if len(stripped) > 80:
            break  # body text has begun
        if stripped:
            previous = line
    if hint:
        m = _TITLE.search(hint)
        if m:
            return Title(m.group().strip(), -1, -1)
    return None


def agency_from_title(title: str) -> str | None:
    m = _TITLE_PARTS.match(title)
    if not m:
        return None
    for part in (m.group("pre"), m.group("post")):
        name = part.strip(" -—:：【】[]")
        if 2 <= len(name) <= 40 and not re.search(r"\d", name):
            return name
    return None


def year_from_title(title: str) -> int | None:
    m = _TITLE_PARTS.match(title)
    return int(m.group("year")) if m else None


def agency_from_text(text: str) -> str | None:
    """The agency named in the preface ("根据XX的政府信息公开…", "现向社会公布XX…") or
    in the signature before the closing date."""
    preface = text[:1500]
    for found in (*(p.finditer(preface) for p in _PREFACE_AGENCY), _agencies_before_report(preface)):
        for m in found:
            name = m.group("a").strip()
            if name.startswith(("本", "我", "全", "各")) or _in_book_title(preface, m.start()):
                continue
            return name
    last = _last_date_line(text, max(0, len(text) - 300))
    if last is not None:
        before = text[:last.start("y")].rstrip().rsplit("\n", 1)[-1].strip()
        if 2 <= len(before) <= 30 and _AGENCY_END.search(before) and not re.search(r"\d", before):
            return before
    contact = _CONTACT_AGENCY.search(preface)
    if contact and not contact.group("a").startswith(("本", "我")):
        return contact.group("a")  # "请与XX政府信息公开工作领导小组办公室联系": XX's office
    return None


def _agencies_before_report(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_AGENCY_BEFORE_REPORT.finditer(text)``.

    A match ends with a year, spaces, 年 or 年度, and _REPORT_WORDS; its agency holds no digit,
    so it starts 2 to 30 characters before that year: those are the positions tried."""
    pos = 0
    at = text.find(_REPORT_WORDS)
    while at >= 0:
        nian = at - 1 if text[at - 1:at] == "年" else at - 2 if text[at - 2:at] == "年度" else -1
        year = nian
        while year > 0 and text[year - 1].isspace():
            year -= 1
        year -= 4
        if nian > 0 and year >= 0:
            for begin in range(max(pos, year - 30), year - 1):
                m = _AGENCY_BEFORE_REPORT.match(text, begin)
                if m is not None:
                    yield m
                    pos = m.end()
                    break
        at = text.find(_REPORT_WORDS, max(at + 1, pos))


def _last_date_line(text: str, pos: int) -> re.Match[str] | None:
    """The last match of ``_DATE_LINE.finditer(text, pos)`` (its groups and the year's start
    are the same; the match may hold the line break before the line)."""
    last = None
    if pos == 0:
        last = _DATE_LINE.match(text)
    for last in _DATE_LINE_AFTER_BREAK.finditer(text, max(pos - 1, 0)):  # noqa: B007
        pass
    return last


def _in_book_title(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside 《…》 (a cited document, not the report itself)."""
    return text.rfind("《", 0, pos + 1) > text.rfind("》", 0, pos + 1)


def _date(y: str | None, m: str, d: str) -> date | None:
    try:
        return date(int(y or 0), int(m), int(d))
    except (TypeError, ValueError):
        return None


def find_period(text: str) -> tuple[date | None, date | None]:
    """The statistics period ("统计期限为2021年1月1日至2021年12月31日" and variants)."""
    best = None
    for cue in _PERIOD_CUE.finditer(text):
        best = _DATE_RANGE.search(text, cue.end(), cue.end() + 40)
        if best:
            break
    if best is None:
        best = _DATE_RANGE.search(text, 0, min(len(text), 3000))
    if best is None:
        return None, None
    start = _date(best.group("y1"), best.group("m1"), best.group("d1"))
    end = _date(best.group("y2") or best.group("y1"), best.group("m2"), best.group("d2"))
    return start, end


def find_published(text: str) -> tuple[date | None, tuple[int, int] | None]:
    """The publication date and, when printed as a "发布日期：" line, where that line is."""
    m = _published(text, 0, min(len(text), 800))
    if m is None:
        m = _published(text, max(0, len(text) - 800), len(text))
    if m is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[start:len(text) if end < 0 else end]
        span = (start, start + len(line)) if len(line.strip()) <= 40 else None
        return _date(m.group("y"), m.group("m"), m.group("d")), span
    last = _last_date_line(text, max(0, len(text) - 300))
    if last is None:
        return None, None
    return _date(last.group("y"), last.group("m"), last.group("d")), None


def _published(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_PUBLISHED.search(text, start, end)``, searched only where one of its cues is (the
    regex opens with a class of the keys' first characters, tried at every position)."""
    if all(text.find(cue, start, end) < 0 for cue in _PUBLISHED_CUES):
        return None
    return _PUBLISHED.search(text, start, end)


# --- format version -------------------------------------------------------------------------

# Words only one format's tables print. No two of them can overlap in a text, so counting each
# on its own (str.count, and a regex that opens with a literal: both fast) counts what one
# alternation of them all would find. Those opening with 本年 are counted by one regex that
# opens with it (the words after 本年 differ from their first character).
_V2019_WORDS = ("对外公开总数量", "上一年项目数量", "政府集中采购", "其他对外管理服务事项")
_V2019_MARKS = (re.compile(r"第二十条第\s*[（(]\s*九\s*[）)]\s*项"),)
_V2021_WORDS = ("现行有效件数",)
_THIS_YEAR_WORDS = re.compile(
    r"本年(?:(?P<v2019>新制作数量|新公开数量|增\s*[/／]\s*减)|制发件数|废止件数|收费金额)"
)
# "（六）其他处理" (either bracket, spaces allowed), found from its 六: a literal, which the
# regex engine finds fast, where "（" is a common one and "(" a second pass (see _other_groups)
_OTHER_GROUP_FROM_SIX = re.compile(r"六\s*[）)]\s*其\s*他\s*处\s*理")
_OTHER_ITEM = re.compile(r"[\s\x00|]*(?:(?P<item>\d\s*[.．、]\s*[\u4e00-\u9fff])|\d|[（(]空|[/—-])")


def _other_groups(text: str) -> Iterator[int]:
    """Where each "（六）其他处理" in ``text`` ends: the ends of the matches of
    ``[（(]\\s*`` + ``_OTHER_GROUP_FROM_SIX``, which are those of its matches with an opening
    bracket before the spaces before them (no match holds a bracket that could start
    another)."""
    for m in _OTHER_GROUP_FROM_SIX.finditer(text):
        before = m.start()
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if before > 0 and text[before - 1] in "（(":
            yield m.end()


def detect_format(text: str, year: int | None) -> tuple[FormatVersion, str]:
    """Which format the tables follow, and on what evidence (for messages)."""
    old = sum(text.count(word) for word in _V2019_WORDS) + sum(len(p.findall(text)) for p in _V2019_MARKS)
    new = sum(text.count(word) for word in _V2021_WORDS)
    for m in _THIS_YEAR_WORDS.finditer(text):
        if m.group("v2019") is None:
            new += 1
        else:
            old += 1
    for end in _other_groups(text):
        follow = _OTHER_ITEM.match(text, end)
        if follow is None:
            continue
        if follow.group("item"):
            new += 1  # "（六）其他处理" heads numbered items: the 2021 format
        else:
            old += 1  # values follow at once: the 2019 format's single row
    if old > new:
        return FormatVersion.V2019, "表格栏目"
    if new > old:
        return FormatVersion.V2021, "表格栏目"
    if year is not None:
        return (FormatVersion.V2019 if year <= 2020 else FormatVersion.V2021), "年度"
    return FormatVersion.V2021, "默认"
