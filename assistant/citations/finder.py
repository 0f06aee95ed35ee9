"""Finding citations in Chinese text: 《…》 names, declared abbreviations, 第X条/款/项 chains, quotes.

Extraction only; ``checker`` resolves and judges. Every citation keeps the character span of
what was written, so a UI can underline it.

Forms handled (DOMAIN §5): ``《条例》第二十条第（五）项``, ``第十九条、第二十条``,
``第三十一、三十二条``, ``第二十条至第二十二条``, ``第五十条第一款第（四）项``,
``第（一）、（五）项``, Arabic numerals, half- and full-width brackets, ``新《条例》``,
``（以下简称《条例》）`` declarations and the bare ``条例第X条``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.citations.docno import find_doc_nos
from assistant.corpus import CN_NUMERAL_CHARS, cn_to_int, normalize_name

NUM = rf"[{CN_NUMERAL_CHARS}0-9０-９]+"
_TITLE = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》){1,120})》")
_PREFIX = re.compile(r"(新|原|旧|修订前的|修订后的|2007年|2019年)$")
_DECLARATION = re.compile(
    r"\s*[（(]\s*(?:以下|下文)?(?:简称|称)(?:为)?\s*[《“\"「]?(?P<alias>[^》”\"」）)，,；]{1,20})[》”\"」]?\s*[）)]"
)
_PAREN = re.compile(r"\s*[（(][^（）()\n]{1,40}[）)]")
_ART = re.compile(rf"第\s*(?P<first>{NUM})\s*(?P<more>(?:[、，,和及与至到]\s*(?:第\s*)?{NUM}\s*)*)条")
_PARA = re.compile(rf"第\s*(?P<first>{NUM})\s*(?P<more>(?:[、和及至到]\s*(?:第\s*)?{NUM}\s*)*)款")
_ITEM_NUM = rf"(?:[（(]\s*{NUM}\s*[）)]|{NUM})"
_ITEM = re.compile(rf"第?\s*{_ITEM_NUM}(?:\s*(?:[、和及与至到]\s*)?(?:第\s*)?{_ITEM_NUM})*\s*项")
_SEP = re.compile(r"\s*(?:以及|或者|[、，,和及与或至到])?\s*")
_QUOTE_LEAD = re.compile(
    r"(?:的)?(?:中)?(?P<verb>明确规定|明确要求|明确|规定|要求|指出|提出|写明|载明)?(?:的)?\s*(?P<colon>[：:，,])?\s*(?P<open>[“\"「『])"
)
_QUOTE_CLOSE = {"“": "”", '"': '"', "「": "」", "『": "』"}
_SENTENCE_END = "。！？；\n"
DEFAULT_BARE_NAMES = ("中华人民共和国政府信息公开条例", "政府信息公开条例", "本条例", "新条例", "原条例", "条例")
# A bare 条例 (no 《》) only counts when what precedes it cannot be part of a longer name.
_BARE_LEAD = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|根据|依据|按照|依照|对照|遵照|落实|贯彻|执行|违反|符合|适用"
    r"|即|和|及|与|或|并|新|原|是|对|据|照|在|为|由|经|以)$"
)


class CitationKind(StrEnum):
    ARTICLE = "article"  # 第X条 (with or without 款/项)
    TITLE = "title"  # a 《…》 name without an article


class Target(BaseModel):
    """One article/paragraph/item a citation points to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: int
    paragraph: int | None = None
    item: int | None = None
    span: tuple[int, int]


class Quote(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    span: tuple[int, int] = Field(description="引号内文字的区间")
    explicit: bool = Field(description="以“规定：”等引出，确为引用条文原文")


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: CitationKind
    span: tuple[int, int]
    text: str
    name: str | None = Field(default=None, description="所写名称（去书名号），裸引用时为空")
    name_span: tuple[int, int] | None = None
    law_key: str | None = Field(default=None, description="用于查找法规的名称（已替换声明的简称）")
    implicit: bool = Field(default=False, description="未写法规名称，按上下文推定")
    targets: tuple[Target, ...] = ()
    quote: Quote | None = None
    sentence: tuple[int, int]


class TitleMention(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    span: tuple[int, int]  # including 《》 and any 新/原 prefix
    key: str  # name to resolve: prefix + name, or the declared alias target
    alias_of: str | None = None
    declaration: bool = Field(default=False, description="“（以下简称《条例》）”中的简称本身，不是一处引用")


def find_titles(
    text: str, declared: Mapping[str, str] | None = None,
) -> tuple[list[TitleMention], dict[str, str]]:
    """Every 《…》 mention with its resolution key, and the abbreviations declared: those in
    ``declared`` (e.g. in an earlier section of the report) and those the text declares."""
    aliases: dict[str, str] = dict(declared or {})
    mentions: list[TitleMention] = []
    declarations: list[tuple[int, int]] = []
    for match in _TITLE.finditer(text):
        name = match.group(1)
        start = match.start()
        if any(a <= start < b for a, b in declarations):
            alias = normalize_name(name)
            mentions.append(TitleMention(name=name, span=match.span(), key=aliases.get(alias, alias),
                                         alias_of=aliases.get(alias), declaration=True))
            continue
        prefix = _PREFIX.search(text, max(0, start - 5), start)
        key = normalize_name(name)
        if key in aliases:
            alias_of: str | None = aliases[key]
            key = aliases[key]
        else:
            alias_of = None
        if prefix:
            start = prefix.start()
            key = _prefixed(prefix.group(1), key)
        mentions.append(TitleMention(name=name, span=(start, match.end()), key=key, alias_of=alias_of))
        after = match.end()
        paren = _PAREN.match(text, after)
        declaration = _DECLARATION.match(text, after) or (paren and _DECLARATION.match(text, paren.end()))
        if declaration:
            aliases[normalize_name(declaration.group("alias"))] = key
            declarations.append(declaration.span())
    return mentions, aliases


_TIAOLI_KEYS = ("条例", "政府信息公开条例", "中华人民共和国政府信息公开条例", "信息公开条例")


def _prefixed(prefix: str, key: str) -> str:
    """``新《条例》`` pins the 2019 revision, ``原《条例》`` the 2007 text; other prefixes change nothing."""
    if key not in _TIAOLI_KEYS:
        return key
    if prefix in ("原", "旧", "修订前的", "2007年"):
        return "原条例"
    return "新条例"


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, position) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, position) for c in _SENTENCE_END) if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def find_citations(
    text: str, *, bare_names: tuple[str, ...] = DEFAULT_BARE_NAMES, aliases: Mapping[str, str] | None = None,
) -> list[Citation]:
    """All citations in ``text``: article chains (with their law) and bare titles; ``aliases`` are
    abbreviations declared before this text (``（以下简称《规定》）`` in the report's preface)."""
    titles, aliases = find_titles(text, aliases)
    title_spans = [t.span for t in titles]
    bare = tuple(sorted({*bare_names, *aliases}, key=len, reverse=True))
    citations: list[Citation] = []
    used_titles: set[int] = set()
    position = 0
    while True:
        at = text.find("第", position)
        if at < 0:
            break
        if any(a <= at < b for a, b in title_spans):
            position = at + 1
            continue
        chain = _parse_chain(text, at)
        if chain is None:
            position = at + 1
            continue
        end, targets = chain
        sentence = sentence_bounds(text, at)
        law = _law_before(text, at, titles, bare, aliases)
        if law is not None:
            index, start, name, key, name_span = law
            if index is not None:
                used_titles.add(index)
            implicit = False
        else:
            context = _context_law(titles, citations, sentence, at)
            start, name, name_span, implicit = at, None, None, True
            key = context if context is not None else "条例"
        quote = _quote_after(text, end)
        citations.append(Citation(
            kind=CitationKind.ARTICLE, span=(start, end), text=text[start:end], name=name, name_span=name_span,
            law_key=key, implicit=implicit, targets=tuple(targets), quote=quote, sentence=sentence,
        ))
        position = end
    for index, title in enumerate(titles):
        if index in used_titles or title.declaration:
            continue
        citations.append(Citation(
            kind=CitationKind.TITLE, span=title.span, text=text[title.span[0]:title.span[1]], name=title.name,
            name_span=title.span, law_key=title.key, sentence=sentence_bounds(text, title.span[0]),
        ))
    return sorted(citations, key=lambda c: c.span)


def _law_before(
    text: str, at: int, titles: list[TitleMention], bare: tuple[str, ...], aliases: dict[str, str],
) -> tuple[int | None, int, str, str, tuple[int, int]] | None:
    """The law named right before a chain: a 《…》 title (perhaps with a parenthesis) or a bare name."""
    gap = text[max(0, at - 60):at]
    stripped = re.sub(r"(?:的|中|之)?\s*$", "", gap)
    stripped = re.sub(r"(?:\s*[（(][^（）()\n]{1,40}[）)])+\s*$", "", stripped)
    end = at - (len(gap) - len(stripped))
    for index in range(len(titles) - 1, -1, -1):
        title = titles[index]
        if title.span[1] == end:
            return index, title.span[0], title.name, title.key, title.span
        if title.span[1] < end:
            break
    doc_nos = [m for m in find_doc_nos(stripped) if m.span[1] == len(stripped)]
    if doc_nos:
        start = end - (len(stripped) - doc_nos[-1].span[0])
        return None, start, doc_nos[-1].text, doc_nos[-1].canonical, (start, end)
    for name in bare:
        if stripped.endswith(name):
            start = end - len(name)
            if start > 0 and text[start - 1] in "》>〉":
                continue
            if name not in aliases and not name.startswith(("中华人民共和国", "本", "新", "原")) \
                    and not _BARE_LEAD.search(text[max(0, start - 4):start]):
                continue
            key = aliases.get(normalize_name(name), name)
            if name == "本条例":
                key = "条例"
            return None, start, name, key, (start, end)
    return None


def _context_law(titles: list[TitleMention], earlier: list[Citation], sentence: tuple[int, int], at: int) -> str | None:
    """For a bare ``第X条``: the law most recently named in the same sentence."""
    candidates: list[tuple[int, str]] = [
        (t.span[1], t.key) for t in titles if sentence[0] <= t.span[0] and t.span[1] <= at
    ]
    candidates += [
        (c.span[1], c.law_key) for c in earlier
        if c.law_key is not None and not c.implicit and sentence[0] <= c.span[0] and c.span[1] <= at
    ]
    return max(candidates)[1] if candidates else None


def _numbers(first: str, more: str) -> list[int]:
    """``"三十一"``, ``"、三十二"`` → [31, 32]; ``"二十"``, ``"至第二十二"`` → [20, 21, 22]."""
    values = [cn_to_int(first)]
    for sep, raw in re.findall(rf"([、，,和及与至到])\s*(?:第\s*)?({NUM})", more):
        value = cn_to_int(raw)
        if sep in "至到" and value > values[-1] and value - values[-1] < 60:
            values.extend(range(values[-1] + 1, value + 1))
        else:
            values.append(value)
    return values


_ITEM_PART = re.compile(rf"([、和及与至到]?)\s*((?:第\s*)?[（(]?\s*({NUM})\s*[）)]?)")


def _item_numbers(text: str, start: int, end: int) -> list[tuple[int, tuple[int, int]]]:
    """Item numbers of the item group ``text[start:end]`` (ending in 项), each with its span."""
    values: list[tuple[int, tuple[int, int]]] = []
    for match in _ITEM_PART.finditer(text, start, end - 1):
        value = cn_to_int(match.group(3))
        span_end = end if text[match.end():end].strip() == "项" else match.end()
        span = (match.start(2), span_end)
        if match.group(1) in ("至", "到") and values and value > values[-1][0]:
            values.extend((v, span) for v in range(values[-1][0] + 1, value + 1))
        else:
            values.append((value, span))
    if values and values[-1][1][1] < end:
        values = [(v, (sp[0], end if sp[1] >= values[-1][1][1] else sp[1])) for v, sp in values]
    return values


def _parse_chain(text: str, at: int) -> tuple[int, list[Target]] | None:
    first = _ART.match(text, at)
    if first is None:
        return None
    targets: list[Target] = []
    paragraphs: list[int] = []
    items: list[tuple[int, tuple[int, int]]] = []
    chain_end = first.end()

    def close(group: list[int], group_span: tuple[int, int]) -> None:
        for article in group[:-1]:
            targets.append(Target(article=article, span=group_span))
        last = group[-1]
        para_list: list[int | None] = [*paragraphs] or [None]
        for para in para_list:
            if not items:
                targets.append(Target(article=last, paragraph=para, span=(group_span[0], chain_end)))
            for index, (item, span) in enumerate(items):
                start = group_span[0] if index == 0 else span[0]
                end = span[1] if index > 0 else max(span[1], group_span[1])
                targets.append(Target(article=last, paragraph=para, item=item, span=(start, end)))

    group = _numbers(first.group("first"), first.group("more"))
    group_span = first.span()
    end = first.end()
    while True:
        para = _PARA.match(text, end)
        if para and not items:
            paragraphs.extend(_numbers(para.group("first"), para.group("more")))
            end = chain_end = para.end()
            continue
        item = _ITEM.match(text, end)
        if item:
            items.extend(_item_numbers(text, item.start(), item.end()))
            end = chain_end = item.end()
            continue
        sep = _SEP.match(text, end)
        after = sep.end() if sep else end
        if after != end:
            item = _ITEM.match(text, after)
            if item and (items or paragraphs) and item.group(0).lstrip().startswith("第"):
                items.extend(_item_numbers(text, item.start(), item.end()))
                end = chain_end = item.end()
                continue
            para = _PARA.match(text, after)
            if para and paragraphs and not items:
                paragraphs.extend(_numbers(para.group("first"), para.group("more")))
                end = chain_end = para.end()
                continue
        article = _ART.match(text, after)
        if article is None:
            break
        close(group, group_span)
        numbers = _numbers(article.group("first"), article.group("more"))
        separator = text[end:after].strip()
        span = article.span()
        if separator in ("至", "到") and numbers[0] > group[-1]:
            numbers = [*range(group[-1] + 1, numbers[0]), *numbers]
            span = (group_span[0], span[1])
        group, group_span, paragraphs, items = numbers, span, [], []
        end = chain_end = article.end()
    close(group, group_span)
    return end, targets


def _quote_after(text: str, end: int) -> Quote | None:
    lead = _QUOTE_LEAD.match(text, end)
    if lead is None or lead.end() - end > 14:
        return None
    opening = lead.group("open")
    closing = _QUOTE_CLOSE[opening]
    start = lead.end()
    stop = text.find(closing, start)
    if stop < 0 or stop - start > 600:
        return None
    explicit = bool(lead.group("colon")) and bool(lead.group("verb") or lead.group("colon") in "：:")
    return Quote(text=text[start:stop], span=(start, stop), explicit=explicit)
