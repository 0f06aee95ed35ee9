"""Resolving citations against the corpus and judging them.

Every citation ends in one of three outcomes (:class:`Outcome`): **verified** (the article exists
and the passage is shown, or the document and its 文号 match the register), **wrong** (with a
finding that says why), or **not verifiable** (the corpus does not hold the document or that part
of its text: a finding ``cite.not_verifiable`` names what is missing). Nothing passes in silence.

For the report year the law version in force on 31 December is used (a 2019+ report cites
the 2019 revision, a 2021+ report the 2021 format). Findings carry the code ``cite.*``, the
character span of what was written (relative to the text checked) and the real text.

Codes: ``cite.law_unknown``, ``cite.article_missing``, ``cite.paragraph_missing``,
``cite.item_missing``, ``cite.old_numbering``, ``cite.misquote``, ``cite.superseded``,
``cite.not_in_force``, ``cite.docno_malformed``, ``cite.docno_format``, ``cite.docno_mismatch``,
``cite.title_misquoted``, ``cite.not_verifiable``.

A 《title》 that resolves to no document counts as a citation where the text relies on it: a 文号
follows it, a verb of basis precedes it (根据、依据、按照、落实……), 规定/要求 follows it, or it is
the name of a law or rule (…条例、…办法、…规定). A title the agency made, published or studied
(印发《…方案》、发布《…指南》、学习《…》) is named, not cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.citations.docno import DocNoForm, DocNoMention, find_doc_nos, split_doc_no
from assistant.citations.finder import (
    Citation,
    CitationKind,
    Quote,
    Target,
    TitleMention,
    find_citations,
    find_titles,
    sentence_bounds,
)
from assistant.citations.quotes import closest_passage, normalize_quote, quote_matches
from assistant.corpus import (
    Corpus,
    Document,
    Passage,
    Resolution,
    Status,
    article_label,
    int_to_cn,
    load_corpus,
    normalize_doc_no,
    normalize_name,
)
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report

NOT_VERIFIABLE = "cite.not_verifiable"

_HISTORICAL = ("修订前", "废止", "失效", "取代", "代替", "替代", "此前", "原条例", "原格式", "原通知", "原《", "旧《")
_LOCAL = re.compile(r"^.{1,12}?(?:省|市|自治区|特别行政区|自治州|州|县|区|盟|旗|镇|乡)")
_DOCUMENT_ENDINGS = ("通知", "意见", "方案", "要点", "决定", "批复", "函", "公告", "报告", "指南", "目录", "年报",
                     "计划", "规划", "纲要", "清单", "细则表", "标准", "实施方案", "报", "纪要")
_LAW_ENDINGS = ("条例", "法", "办法", "规定", "细则", "规则", "解释", "格式")
# Words before a 《title》 that make it a citation (the text relies on it) …
_BASIS_VERBS = ("根据", "依据", "按照", "依照", "参照", "遵照", "对照", "贯彻", "落实", "执行", "遵循", "适用", "违反",
                "遵守", "依法")
_BASIS_CHARS = ("依", "据", "按", "照")  # only right before the title: 按《…》、据《…》
# … and words that make it a document the agency made, published or ran (no citation).
_MAKING_VERBS = ("印发", "制定", "出台", "修订", "修改", "起草", "发布", "编制", "公布", "制发", "出版", "编辑", "编印",
                 "汇编", "推出", "开设", "上线", "开展", "举办", "召开", "撰写", "编写", "形成", "审议", "通过",
                 "刊登", "转载", "推送", "开播", "公开")
# … and words that make it something studied or explained (a citation only with its 文号).
_STUDY_VERBS = ("学习", "宣传", "宣讲", "培训", "解读", "普及")
_RELIED_AFTER = re.compile(
    r"(?:[（(][^（）()]{0,40}[）)])?\s*(?:的|中|之)?(?:有关|相关)?(?:规定|要求|精神|明确|指出|提出)")
_CLAUSE_END = "。；！？\n，,：:"


class Outcome(StrEnum):
    """How a citation ended: checked and right, wrong, or not checkable with this corpus."""

    VERIFIED = "verified"
    WRONG = "wrong"
    UNVERIFIABLE = "unverifiable"

    @property
    def words(self) -> str:
        return {"verified": "已核对", "wrong": "有误", "unverifiable": "无法核对"}[self.value]


class CitationCheck(BaseModel):
    """One citation target (or title, or 文号) as resolved, with its finding when it is wrong or
    cannot be checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="原文中的引用文字")
    span: tuple[int, int]
    section: SectionKey | None = None
    law_id: str | None = Field(default=None, description="解析到的法规版本，如 tiaoli-2019")
    label: str | None = Field(default=None, description="规范写法，如《中华人民共和国政府信息公开条例》第二十条")
    ref: str | None = Field(default=None, description="条文编号，如 tiaoli-2019.a20.p1.i5")
    resolved_text: str | None = Field(default=None, description="所引条文原文")
    document: str | None = Field(default=None, description="所引文件的登记信息：标题、发文机关、文号、日期、效力")
    finding: Finding | None = None
    outcome: Outcome = Field(default=Outcome.VERIFIED, description="已核对、有误或无法核对（不写时按 finding 判断）")
    counted: bool = Field(
        default=True, description="False：引文、版本或文号等附属核对，不单独计为一处引用，有误时计入所属引用",
    )
    part_of: tuple[int, int] | None = Field(default=None, description="附属核对所属引用的区间")
    missing: str | None = Field(default=None, description="无法核对时，法规库缺少的文件或条文")

    @model_validator(mode="before")
    @classmethod
    def _default_outcome(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("outcome") is None:
            finding = data.get("finding")
            code = finding.code if isinstance(finding, Finding) else (finding or {}).get("code")
            outcome = Outcome.VERIFIED if finding is None else (
                Outcome.UNVERIFIABLE if code == NOT_VERIFIABLE else Outcome.WRONG)
            data = {**data, "outcome": outcome}
        return data

    @property
    def ok(self) -> bool:
        return self.finding is None


class CitationSummary(BaseModel):
    """The citations of a text or report counted by outcome."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: int
    verified: int
    wrong: int
    unverifiable: int
    missing: tuple[str, ...] = Field(default=(), description="法规库中缺少的文件（去重）")

    def line(self) -> str:
        """``5 处引用：3 处已核对、1 处有误、1 处无法核对（法规库中没有《…》）``."""
        if not self.total:
            return "没有识别出法规或文件引用"
        text = (f"{self.total} 处引用：{self.verified} 处已核对、{self.wrong} 处有误、"
                f"{self.unverifiable} 处无法核对")
        if self.missing:
            shown = "、".join(self.missing[:6]) + ("等" if len(self.missing) > 6 else "")
            text += f"（法规库中没有{shown}）"
        return text


def summarize(checks: Iterable[CitationCheck]) -> CitationSummary:
    counted = [c for c in checks if c.counted]
    missing = tuple(dict.fromkeys(c.missing for c in counted if c.outcome is Outcome.UNVERIFIABLE and c.missing))
    return CitationSummary(
        total=len(counted), verified=sum(c.outcome is Outcome.VERIFIED for c in counted),
        wrong=sum(c.outcome is Outcome.WRONG for c in counted),
        unverifiable=sum(c.outcome is Outcome.UNVERIFIABLE for c in counted), missing=missing,
    )


class _Context(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    text: str
    year: int | None
    section: SectionKey | None
    corpus: Corpus
    titles: list[TitleMention] = Field(default_factory=list)


def check_text(
    text: str, *, year: int | None = None, section: SectionKey | None = None, corpus: Corpus | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[CitationCheck]:
    """Every citation in ``text`` resolved and judged; ``year`` is the report year (None: now);
    ``aliases`` are abbreviations declared earlier in the report (``（以下简称《规定》）``)."""
    corpus = corpus or load_corpus()
    titles, _declared = find_titles(text, aliases)
    ctx = _Context(text=text, year=year, section=section, corpus=corpus, titles=titles)
    mentions = find_doc_nos(text, _known_issuers(corpus))
    citations = find_citations(text, aliases=aliases)
    taken: set[int] = set()
    checks: list[CitationCheck] = []
    for citation in citations:
        if citation.kind is CitationKind.ARTICLE:
            checks.extend(_check_article_citation(ctx, citation))
            continue
        attached = _attached(text, citation.span, mentions)
        if attached is not None:
            taken.add(attached)
        checks.extend(_check_title(ctx, citation, mentions[attached] if attached is not None else None))
    for index, mention in enumerate(mentions):
        if index in taken:
            continue
        inside = next((c for c in citations if c.kind is CitationKind.ARTICLE
                       and c.span[0] <= mention.span[0] and mention.span[1] <= c.span[1]), None)
        checks.extend(_check_doc_no(ctx, mention, inside))
    return _settled(_without_repeats(sorted(checks, key=lambda c: c.span)))


def check_sections(
    parts: Sequence[tuple[SectionKey | None, str]], *, year: int | None = None, corpus: Corpus | None = None,
) -> list[CitationCheck]:
    """The citations of a report's sections in order; an abbreviation declared in one section
    (the preface's ``（以下简称《规定》）``) resolves in the sections after it."""
    corpus = corpus or load_corpus()
    aliases: dict[str, str] = {}
    checks: list[CitationCheck] = []
    for section, text in parts:
        checks.extend(check_text(text, year=year, section=section, corpus=corpus, aliases=aliases))
        aliases = find_titles(text, aliases)[1]
    return checks


def declared_aliases(texts: Iterable[str]) -> dict[str, str]:
    """The abbreviations declared across ``texts`` (a report's sections, in order)."""
    aliases: dict[str, str] = {}
    for text in texts:
        aliases = find_titles(text, aliases)[1]
    return aliases


def _without_repeats(checks: list[CitationCheck]) -> list[CitationCheck]:
    """One finding per code and place: a 文号 used as a law's name is judged once, as a 文号."""
    kept: list[CitationCheck] = []
    for check in checks:
        finding = check.finding
        if finding is not None and finding.span is not None and any(
            k.finding is not None and k.finding.code == finding.code and k.finding.span is not None
            and k.finding.span[0] < finding.span[1] and finding.span[0] < k.finding.span[1]
            for k in kept
        ):
            check = check.model_copy(update={"finding": None, "outcome": Outcome.VERIFIED})
        kept.append(check)
    return kept


def _settled(checks: list[CitationCheck]) -> list[CitationCheck]:
    """A citation whose quote, version or 文号 is wrong is wrong as a whole."""
    wrong = [c.part_of for c in checks if not c.counted and c.outcome is Outcome.WRONG and c.part_of]
    return [
        c.model_copy(update={"outcome": Outcome.WRONG})
        if c.counted and c.outcome is Outcome.VERIFIED and any(p[0] <= c.span[0] and c.span[1] <= p[1] for p in wrong)
        else c
        for c in checks
    ]


def check_report(report: Report, *, year: int | None = None, corpus: Corpus | None = None) -> list[CitationCheck]:
    """Citations of every section; spans are relative to each section's text."""
    chosen = year if year is not None else report.meta.year
    return check_sections([(s.key, s.text) for s in report.sections], year=chosen, corpus=corpus)


def citation_findings(report: Report, *, corpus: Corpus | None = None) -> list[Finding]:
    return [c.finding for c in check_report(report, corpus=corpus) if c.finding is not None]


# --- laws --------------------------------------------------------------------------------


def _docs_for(corpus: Corpus, key: str) -> list[Document]:
    by_number = corpus.by_doc_no(key) if key.endswith("号") else None
    if by_number is not None:
        return [by_number]
    docs = corpus.docs_named(key)
    if not docs:
        bare = re.sub(r"[（(](?:\d{4}年(?:修订|修正|版)?|\d{4})[）)]$", "", normalize_name(key))
        docs = corpus.docs_named(bare) if bare != normalize_name(key) else []
    return docs


def _choose(docs: list[Document], year: int | None) -> tuple[Document, bool]:
    """The version for the year, and whether the name itself pinned the version."""
    if len(docs) == 1:
        return docs[0], _pinned(docs[0])
    if year is not None:
        in_force = [d for d in docs if d.meta.in_force_for_year(year)]
        if in_force:
            return in_force[0], False
    current = [d for d in docs if d.meta.superseded_by is None]
    return (current or docs)[0], False


def _pinned(doc: Document) -> bool:
    return doc.meta.supersedes is not None or doc.meta.superseded_by is not None


def _classify_unknown(corpus: Corpus, key: str) -> tuple[str, str | None]:
    """("external" | "local" | "document" | "lookalike" | "unknown", suggested title)."""
    if corpus.external_named(key) is not None:
        return "external", None
    name = normalize_name(key).removeprefix("中华人民共和国")
    if _LOCAL.match(name) and not name.startswith(("政府", "国务院", "最高人民法院")):
        return "local", None
    if "关于" in name or name.endswith(_DOCUMENT_ENDINGS):
        suggestion = _similar_title(corpus, name, 0.8)
        if suggestion and _digits_only_differ(name, suggestion):
            return "document", None  # another year's 要点, another number: a document we lack
        return ("lookalike", suggestion) if suggestion else ("document", None)
    if name.endswith(_LAW_ENDINGS):
        # Only the State Council and legislatures make a 条例 or a 法: an unknown national one about
        # 公开 is a misnamed 《条例》.
        if "信息公开" in name or ("公开" in name and name.endswith(("条例", "法"))):
            return "lookalike", _similar_title(corpus, name, 0.0)
        suggestion = _similar_title(corpus, name, 0.75)
        if suggestion:
            return "lookalike", suggestion
    return "unknown", None


def _digits_only_differ(name: str, title: str) -> bool:
    def plain(text: str) -> str:
        return re.sub(r"\d", "", normalize_name(text).removeprefix("中华人民共和国"))

    return plain(name) == plain(title) and name != normalize_name(title).removeprefix("中华人民共和国")


def _bigram_score(a: str, b: str) -> float:
    def bigrams(text: str) -> set[str]:
        return {text[i:i + 2] for i in range(len(text) - 1)}

    left, right = bigrams(a), bigrams(b)
    return len(left & right) / max(1, len(left | right))


def _similar_title(corpus: Corpus, name: str, threshold: float) -> str | None:
    best: tuple[float, str] | None = None
    for doc in corpus.documents.values():
        for candidate in (doc.meta.title, *doc.meta.names):
            score = _bigram_score(name, normalize_name(candidate).removeprefix("中华人民共和国"))
            if best is None or score > best[0]:
                best = (score, doc.meta.title)
    return best[1] if best and best[0] >= threshold else None


# --- is a 《title》 a citation? -------------------------------------------------------------------


def _masked(segment: str) -> str:
    """``segment`` with the titles and parentheses in it blanked (their words are not the verb)."""
    previous = None
    while previous != segment:
        previous = segment
        segment = re.sub(r"《[^《》]*》|[（(][^（）()]*[）)]", lambda m: "　" * len(m.group(0)), segment)
    return segment


def _lead_verb(text: str, start: int) -> str | None:
    """The verb of basis, making or study nearest before ``start`` in its clause."""
    clause = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    segment = _masked(text[clause:start]).rstrip("　 ")
    best: tuple[int, str] | None = None
    for verb in (*_BASIS_VERBS, *_MAKING_VERBS, *_STUDY_VERBS):
        at = segment.rfind(verb)
        if at >= 0 and (best is None or at + len(verb) > best[0]):
            best = (at + len(verb), verb)
    if segment.endswith(_BASIS_CHARS) and (best is None or best[0] < len(segment)):
        return segment[-1]
    return best[1] if best else None


def _relied_on(ctx: _Context, citation: Citation, with_doc_no: bool) -> bool:
    """Whether an unknown 《title》 is cited (see the module docstring) rather than named."""
    verb = _lead_verb(ctx.text, citation.span[0])
    if verb in _MAKING_VERBS:
        return False
    if with_doc_no or (verb is not None and verb not in _STUDY_VERBS):
        return True
    if verb is not None:
        return False
    if normalize_name(citation.law_key or "").endswith(_LAW_ENDINGS):
        return True  # a law or rule named without a verb (不符合《…条例》) is still referred to
    return bool(_RELIED_AFTER.match(ctx.text, citation.span[1]))


def _attached(text: str, span: tuple[int, int], mentions: list[DocNoMention]) -> int | None:
    """The 文号 written with a title: right after it, or inside the parenthesis after it."""
    for index, mention in enumerate(mentions):
        gap = text[span[1]:mention.span[0]]
        if mention.span[0] < span[1] or len(gap) > 40:
            continue
        if not gap.strip() or (gap.lstrip()[:1] in "（(" and not re.search(r"[）)《》。；]", gap)):
            return index
    return None


# --- article citations ----------------------------------------------------------------------


def _check_article_citation(ctx: _Context, citation: Citation) -> list[CitationCheck]:
    key = citation.law_key or "条例"
    docs = _docs_for(ctx.corpus, key)
    written = citation.text
    if not docs:
        kind, suggestion = _classify_unknown(ctx.corpus, key)
        if kind == "lookalike":
            finding = _law_unknown(ctx, citation, suggestion)
            return [CitationCheck(text=written, span=citation.span, section=ctx.section, finding=finding)]
        return [_not_held(ctx, written, citation.span, citation.name_span or citation.span, _shown_name(citation),
                          kind)]
    doc, pinned = _choose(docs, ctx.year)
    checks: list[CitationCheck] = []
    version_finding = _version_finding(ctx, doc, citation.name_span or citation.span, citation) if pinned else None
    if version_finding is not None:
        checks.append(CitationCheck(
            text=written, span=citation.span, section=ctx.section, law_id=doc.meta.id, finding=version_finding,
            counted=False, part_of=citation.span,
        ))
    found: list[Resolution] = []
    for target in citation.targets:
        check, resolution = _check_target(ctx, citation, doc, target)
        checks.append(check)
        if resolution is not None and resolution.status is Status.FOUND:
            found.append(resolution)
    quote_check = _check_quote(ctx, citation, doc, found, checks)
    if quote_check is not None:
        checks.append(quote_check)
    return checks


def _check_target(
    ctx: _Context, citation: Citation, doc: Document, target: Target,
) -> tuple[CitationCheck, Resolution | None]:
    meta = doc.meta
    resolution = ctx.corpus.resolve(meta.id, target.article, target.paragraph, target.item)
    where = article_label(target.article, target.paragraph, target.item)
    label = f"《{meta.title}》{where}"
    base: dict[str, Any] = {
        "text": ctx.text[target.span[0]:target.span[1]], "span": target.span, "section": ctx.section,
        "law_id": meta.id, "label": label, "document": meta.describe(),
    }
    written = ctx.text[citation.span[0]:target.span[1]] if citation.span[0] <= target.span[0] else citation.text
    assumed = "（未写法规名称，按上下文理解为该法规）" if citation.implicit else ""
    if resolution.status is Status.NO_ARTICLE:
        count = f"共{int_to_cn(meta.article_count)}条，" if meta.article_count else ""
        hint = _later_numbering_hint(ctx, doc, target.article)
        finding = _finding(
            ctx, "cite.article_missing", Severity.ERROR, target.span,
            f"引用有误：“{written}”——{meta.short_title}{count}没有第{int_to_cn(target.article)}条{assumed}。{hint}",
            actual=f"第{int_to_cn(target.article)}条",
        )
        return CitationCheck(**base, finding=finding), resolution
    if resolution.status in (Status.NO_PARAGRAPH, Status.NO_ITEM):
        article = doc.article(target.article)
        assert article is not None
        if resolution.status is Status.NO_PARAGRAPH:
            code, what = "cite.paragraph_missing", f"只有{int_to_cn(len(article.paragraphs))}款"
            missing = f"第{int_to_cn(target.paragraph or 0)}款"
        else:
            code = "cite.item_missing"
            items = max((len(p.items) for p in article.paragraphs), default=0)
            what = f"共{int_to_cn(items)}项" if items else "不分项"
            missing = f"第（{int_to_cn(target.item or 0)}）项"
        finding = _finding(
            ctx, code, Severity.ERROR, target.span,
            f"引用有误：“{written}”——{meta.short_title}第{int_to_cn(target.article)}条{what}，没有{missing}{assumed}。",
            actual=missing,
        )
        return CitationCheck(**base, resolved_text=article.text, finding=finding), resolution
    if resolution.status is not Status.FOUND or resolution.passage is None:
        if doc.has_text:
            lacking = f"{meta.short_title}{where}的原文"
            why = f"法规库中{meta.short_title}的文本不全，没有{where}的原文"
        else:
            lacking = f"{meta.short_title}的正文"
            why = f"法规库只登记了{meta.short_title}（{meta.doc_no or '文号未登记'}）的标题和文号，没有正文"
        finding = _finding(ctx, NOT_VERIFIABLE, Severity.WARNING, target.span,
                           f"无法核对“{written}”：{why}。", actual=written)
        return CitationCheck(**base, finding=finding, missing=lacking), resolution
    passage = resolution.passage
    old = _old_numbering(ctx, citation, doc, target)
    return CitationCheck(**base, ref=passage.ref, resolved_text=passage.text, finding=old), resolution


def _later_numbering_hint(ctx: _Context, doc: Document, article: int) -> str:
    successor = ctx.corpus.documents.get(doc.meta.superseded_by or "")
    if successor is not None and successor.article_exists(article):
        return (f"第{int_to_cn(article)}条是{successor.meta.version}后的条文编号，"
                f"{ctx.year}年度适用{doc.meta.version}的文本。")
    return ""


def _old_numbering(ctx: _Context, citation: Citation, doc: Document, target: Target) -> Finding | None:
    """A 2019+ text citing the 2007 article numbers (annual report: 第三十一、三十二条 → 第四十九、五十条)."""
    previous = ctx.corpus.documents.get(doc.meta.supersedes or "")
    if previous is None or target.article not in previous.meta.renumbered:
        return None
    words = previous.meta.topic_words.get(target.article, ())
    sentence = ctx.text[citation.sentence[0]:citation.sentence[1]]
    current = doc.article(target.article)
    if current is None or not any(w in sentence for w in words) or any(w in current.text for w in words):
        return None
    now = previous.meta.renumbered[target.article]
    moved = doc.article(now)
    topic = previous.meta.known_articles.get(target.article, "")
    real = moved.text if moved else ""
    return _finding(
        ctx, "cite.old_numbering", Severity.ERROR, target.span,
        f"使用了修订前的条文编号：“{topic}”在{previous.meta.version}的《条例》中是第{int_to_cn(target.article)}条，"
        f"{doc.meta.version}后为第{int_to_cn(now)}条；现行第{int_to_cn(target.article)}条规定的是"
        f"“{current.paragraphs[0].text.splitlines()[0]}”",
        expected=real or f"第{int_to_cn(now)}条", actual=f"第{int_to_cn(target.article)}条",
    )


def _check_quote(
    ctx: _Context, citation: Citation, doc: Document, found: list[Resolution], checks: list[CitationCheck],
) -> CitationCheck | None:
    quote: Quote | None = citation.quote
    if quote is None or not found or any(c.finding is not None for c in checks):
        return None
    sources = [r.article_text or "" for r in found]
    if any(quote_matches(quote.text, s) for s in sources):
        return None
    articles = [doc.article(r.passage.article) for r in found if r.passage and r.passage.article]
    if any(a is not None and a.truncated for a in articles):
        return None
    elsewhere = closest_passage(quote.text, {f"第{int_to_cn(a.number)}条": a.text for a in doc.articles})
    real = _closest_text(quote.text, [r.passage for r in found if r.passage], doc)
    labels = "、".join(r.passage.label for r in found if r.passage)
    where = f"这段文字出自{elsewhere}。" if elsewhere else ""
    severity = Severity.ERROR if quote.explicit else Severity.WARNING
    finding = _finding(
        ctx, "cite.misquote", severity, quote.span,
        f"引文与条文不符：{doc.meta.short_title}{labels}原文为“{real}”。{where}",
        expected=real, actual=quote.text,
    )
    return CitationCheck(
        text=quote.text, span=quote.span, section=ctx.section, law_id=doc.meta.id,
        label=f"《{doc.meta.title}》{labels}", ref=found[0].passage.ref if found[0].passage else None,
        resolved_text=real, finding=finding, counted=False, part_of=citation.span,
    )


def _closest_text(quote: str, passages: list[Passage], doc: Document) -> str:
    """The cited text a misquote most resembles: the best paragraph of a cited article."""
    candidates: list[str] = []
    for passage in passages:
        article = doc.article(passage.article or 0)
        if passage.item is None and passage.paragraph is None and article is not None:
            candidates.extend(p.text for p in article.paragraphs)
        else:
            candidates.append(passage.text)
    wanted = set(normalize_quote(quote))
    return max(candidates, key=lambda c: len(wanted & set(normalize_quote(c))) / (1 + len(c) ** 0.5))


def _law_unknown(ctx: _Context, citation: Citation, suggestion: str | None) -> Finding:
    name = f"《{citation.name}》" if citation.name else citation.text
    hint = f"是否指《{suggestion}》？" if suggestion else ""
    return _finding(
        ctx, "cite.law_unknown", Severity.ERROR, citation.name_span or citation.span,
        f"未找到法规{name}：没有这个名称的法规或文件。{hint}",
        expected=f"《{suggestion}》" if suggestion else None, actual=name,
    )


def _shown_name(citation: Citation) -> str:
    """The document a citation names: as written, or the full title a declared abbreviation
    (``《办法》``) stands for."""
    key = citation.law_key or ""
    if citation.name and normalize_name(citation.name) == normalize_name(key):
        return f"《{citation.name}》"
    return f"《{key}》" if key else citation.text


def _not_held(
    ctx: _Context, written: str, span: tuple[int, int], underline: tuple[int, int], name: str, kind: str,
    doc_no: str | None = None,
) -> CitationCheck:
    """A citation of a document the corpus does not hold: not verifiable, and which one is missing."""
    numbered = f"（{doc_no}）" if doc_no else ""
    if kind == "external":
        why = f"{name}不是政府信息公开的专门法规，法规库未收录其文本"
    elif kind in ("local", "unknown"):
        why = f"法规库中没有{name}{numbered}；如需核对，请把它的文本加入法规库（nianbao corpus add）"
    else:
        why = f"法规库和文件登记簿中都没有{name}{numbered}"
    finding = _finding(ctx, NOT_VERIFIABLE, Severity.WARNING, underline, f"无法核对“{written}”：{why}。",
                       actual=name)
    return CitationCheck(text=written, span=span, section=ctx.section, finding=finding, missing=name)


# --- titles ------------------------------------------------------------------------------------


def _check_title(ctx: _Context, citation: Citation, attached: DocNoMention | None) -> list[CitationCheck]:
    key = citation.law_key or ""
    span = citation.span
    if attached is not None:
        end = attached.span[1]
        opened = re.search(r"[（(]", ctx.text[citation.span[1]:attached.span[0]]) is not None
        span = (citation.span[0], end + 1 if opened and ctx.text[end:end + 1] in ("）", ")") else end)
    written = ctx.text[span[0]:span[1]]
    docs = _docs_for(ctx.corpus, key)
    numbered = ctx.corpus.by_doc_no(attached.canonical) if attached is not None else None
    if docs:
        doc, pinned = _choose(docs, ctx.year)
        finding: Finding | None = None
        shown = doc
        if attached is not None:
            same = numbered is not None and numbered.meta.family in {d.meta.family for d in docs}
            shown = numbered if same and numbered is not None else doc
            finding = _pair_finding(ctx, attached, doc, citation, same)
        if finding is None and pinned and (attached is None or shown is doc):
            finding = _version_finding(ctx, doc, citation.span, citation)
        return [CitationCheck(
            text=written, span=span, section=ctx.section, law_id=shown.meta.id, label=f"《{shown.meta.title}》",
            document=shown.meta.describe(), finding=finding,
        )]
    if numbered is not None and attached is not None:
        return [_title_for_number(ctx, citation, attached, numbered, span)]
    kind, suggestion = _classify_unknown(ctx.corpus, key)
    if kind == "lookalike":
        unknown = _law_unknown(ctx, citation, suggestion)
        return [CitationCheck(text=written, span=span, section=ctx.section, finding=unknown)]
    if not _relied_on(ctx, citation, attached is not None):
        return []  # a document the agency made or a newspaper: named, not cited
    name = _shown_name(citation)
    if attached is not None and attached.form is DocNoForm.MALFORMED:
        malformed = _finding(
            ctx, "cite.docno_malformed", Severity.ERROR, attached.span,
            f"文号“{attached.text}”书写有误，应为“{attached.canonical}”。", expected=attached.canonical,
            actual=attached.text,
        )
        return [CitationCheck(text=written, span=span, section=ctx.section, finding=malformed)]
    return [_not_held(ctx, written, span, citation.span, name, kind, attached.text if attached else None)]


def _pair_finding(
    ctx: _Context, mention: DocNoMention, doc: Document, citation: Citation, same_family: bool,
) -> Finding | None:
    """The 文号 written with a title the corpus knows: malformed, another document's, in the
    wrong brackets, or a version not in force."""
    numbered = ctx.corpus.by_doc_no(mention.canonical) if same_family else None
    if mention.form is DocNoForm.MALFORMED:
        expected = (numbered.meta.doc_no if numbered is not None else doc.meta.doc_no) or mention.canonical
        return _finding(
            ctx, "cite.docno_malformed", Severity.ERROR, mention.span,
            f"文号“{mention.text}”书写有误，应为“{expected}”。", expected=expected, actual=mention.text,
        )
    if not same_family and doc.meta.doc_no:
        return _finding(
            ctx, "cite.docno_mismatch", Severity.ERROR, mention.span,
            f"《{citation.name}》的文号是{doc.meta.doc_no}，此处写作“{mention.text}”。",
            expected=doc.meta.doc_no, actual=mention.text,
        )
    if numbered is not None:
        version = _version_finding(ctx, numbered, mention.span, None, doc_no=mention.text)
        if version is not None:
            return version
    if mention.form is DocNoForm.BRACKETS:
        return _finding(
            ctx, "cite.docno_format", Severity.WARNING, mention.span,
            f"文号“{mention.text}”的年份应使用六角括号〔〕：{mention.canonical}。",
            expected=mention.canonical, actual=mention.text,
        )
    return None


def _title_for_number(
    ctx: _Context, citation: Citation, mention: DocNoMention, numbered: Document, span: tuple[int, int],
) -> CitationCheck:
    """A title the register does not know written with a 文号 it does: a misquoted title, or
    a 文号 of another document."""
    meta = numbered.meta
    name = normalize_name(citation.name or "").removeprefix("中华人民共和国")
    score = max(_bigram_score(name, normalize_name(n).removeprefix("中华人民共和国"))
                for n in (meta.title, *meta.names))
    if score >= 0.5:
        finding = _finding(
            ctx, "cite.title_misquoted", Severity.ERROR, citation.span,
            f"文件标题有误：{mention.text}是《{meta.title}》，此处写作《{citation.name}》。",
            expected=f"《{meta.title}》", actual=f"《{citation.name}》",
        )
    else:
        finding = _finding(
            ctx, "cite.docno_mismatch", Severity.ERROR, mention.span,
            f"标题与文号不符：{mention.text}是《{meta.title}》，不是《{citation.name}》。",
            expected=f"《{meta.title}》", actual=mention.text,
        )
    return CitationCheck(
        text=ctx.text[span[0]:span[1]], span=span, section=ctx.section, law_id=meta.id, label=f"《{meta.title}》",
        document=meta.describe(), finding=finding,
    )


def _version_finding(
    ctx: _Context, doc: Document, span: tuple[int, int], citation: Citation | None, doc_no: str | None = None,
) -> Finding | None:
    if ctx.year is None:
        return None
    meta = doc.meta
    if meta.in_force_for_year(ctx.year):
        return None
    sentence = ctx.text[citation.sentence[0]:citation.sentence[1]] if citation else _sentence_at(ctx.text, span[0])
    successor = ctx.corpus.documents.get(meta.superseded_by or "")
    if any(w in sentence for w in _HISTORICAL):
        return None
    if successor and successor.meta.doc_no and normalize_doc_no(successor.meta.doc_no) in normalize_doc_no(sentence):
        return None
    written = doc_no or meta.short_title
    start = meta.effective or meta.issued
    if start is not None and start > date(ctx.year, 12, 31):
        return _finding(
            ctx, "cite.not_in_force", Severity.ERROR, span,
            f"{written}自{start.year}年{start.month}月{start.day}日起施行，{ctx.year}年度报告尚不适用。",
            actual=written,
        )
    replacement = f"已被{successor.meta.short_title}（{successor.meta.doc_no}）取代，" if successor else "已失效，"
    return _finding(
        ctx, "cite.superseded", Severity.ERROR, span,
        f"{written}{replacement}{ctx.year}年度报告应依据现行文本。",
        expected=successor.meta.doc_no if successor else None, actual=written,
    )


def _sentence_at(text: str, position: int) -> str:
    start, end = sentence_bounds(text, position)
    return text[start:end]


# --- 文号 ---------------------------------------------------------------------------------------


def _known_issuers(corpus: Corpus) -> tuple[str, ...]:
    return _issuers(tuple(sorted({d.meta.doc_no for d in corpus.documents.values() if d.meta.doc_no})))


@lru_cache(maxsize=8)
def _issuers(doc_nos: tuple[str, ...]) -> tuple[str, ...]:
    issuers = set()
    for doc_no in doc_nos:
        parts = split_doc_no(doc_no)
        if parts:
            issuers.add(parts[0])
    return tuple(sorted(issuers))


def _check_doc_no(ctx: _Context, mention: DocNoMention, inside: Citation | None) -> list[CitationCheck]:
    """A 文号 written on its own (or as part of an article citation: then not counted apart)."""
    doc = ctx.corpus.by_doc_no(mention.canonical)
    finding = _doc_no_finding(ctx, mention, doc)
    base: dict[str, Any] = {
        "text": mention.text, "span": mention.span, "section": ctx.section,
        "law_id": doc.meta.id if doc else None, "label": doc.meta.doc_no if doc else mention.canonical,
        "document": doc.meta.describe() if doc else None,
    }
    if inside is not None:
        return [CitationCheck(**base, finding=finding, counted=False, part_of=inside.span)]
    if doc is None and finding is None:
        if _lead_verb(ctx.text, mention.span[0]) in _MAKING_VERBS:
            return []  # the agency's own document, by its number
        finding = _finding(
            ctx, NOT_VERIFIABLE, Severity.WARNING, mention.span,
            f"无法核对“{mention.text}”：文件登记簿中没有这个文号。", actual=mention.text,
        )
        return [CitationCheck(**base, finding=finding, missing=f"文号为{mention.canonical}的文件")]
    return [CitationCheck(**base, finding=finding)]


def _doc_no_finding(ctx: _Context, mention: DocNoMention, doc: Document | None) -> Finding | None:
    expected = doc.meta.doc_no if doc and doc.meta.doc_no else mention.canonical
    if mention.form is DocNoForm.MALFORMED:
        return _finding(
            ctx, "cite.docno_malformed", Severity.ERROR, mention.span,
            f"文号“{mention.text}”书写有误，应为“{expected}”。", expected=expected, actual=mention.text,
        )
    title = next((t for t in ctx.titles if not t.declaration and 0 <= mention.span[0] - t.span[1] <= 2
                  and ctx.text[t.span[1]:mention.span[0]].strip() in ("（", "(", "")), None)
    if title is not None:
        named = _docs_for(ctx.corpus, title.key)
        if named:
            chosen, _pinned_flag = _choose(named, ctx.year)
            families = {d.meta.family for d in named}
            if chosen.meta.doc_no and (doc is None or doc.meta.family not in families):
                return _finding(
                    ctx, "cite.docno_mismatch", Severity.ERROR, mention.span,
                    f"《{title.name}》的文号是{chosen.meta.doc_no}，此处写作“{mention.text}”。",
                    expected=chosen.meta.doc_no, actual=mention.text,
                )
    if mention.form is DocNoForm.BRACKETS:
        return _finding(
            ctx, "cite.docno_format", Severity.WARNING, mention.span,
            f"文号“{mention.text}”的年份应使用六角括号〔〕：{expected}。", expected=expected, actual=mention.text,
        )
    if doc is not None:
        return _version_finding(ctx, doc, mention.span, None, doc_no=mention.text)
    return None


def _finding(
    ctx: _Context, code: str, severity: Severity, span: tuple[int, int], message: str, *,
    expected: str | None = None, actual: str | None = None,
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, section=ctx.section, span=span,
        expected=expected, actual=actual,
    )
