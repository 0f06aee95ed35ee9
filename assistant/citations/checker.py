"""Resolving citations against the corpus and judging them.

For the report year the law version in force on 31 December is used (a 2019+ report cites
the 2019 revision, a 2021+ report the 2021 format). Findings carry the code ``cite.*``, the
character span of what was written (relative to the text checked) and the real text.

Codes: ``cite.law_unknown``, ``cite.article_missing``, ``cite.paragraph_missing``,
``cite.item_missing``, ``cite.old_numbering``, ``cite.misquote``, ``cite.superseded``,
``cite.not_in_force``, ``cite.docno_malformed``, ``cite.docno_format``, ``cite.docno_mismatch``.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

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

_HISTORICAL = ("修订前", "废止", "失效", "取代", "代替", "替代", "此前", "原条例", "原格式", "原通知", "原《", "旧《")
_LOCAL = re.compile(r"^.{1,12}?(?:省|市|自治区|特别行政区|自治州|州|县|区|盟|旗|镇|乡)")
_DOCUMENT_ENDINGS = ("通知", "意见", "方案", "要点", "决定", "批复", "函", "公告", "报告", "指南", "目录", "年报",
                     "计划", "规划", "纲要", "清单", "细则表", "标准", "实施方案", "报", "纪要")
_LAW_ENDINGS = ("条例", "法", "办法", "规定", "细则", "规则", "解释", "格式")


class CitationCheck(BaseModel):
    """One citation target (or title, or 文号) as resolved, with its finding when it is wrong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="原文中的引用文字")
    span: tuple[int, int]
    section: SectionKey | None = None
    law_id: str | None = Field(default=None, description="解析到的法规版本，如 tiaoli-2019")
    label: str | None = Field(default=None, description="规范写法，如《中华人民共和国政府信息公开条例》第二十条")
    ref: str | None = Field(default=None, description="条文编号，如 tiaoli-2019.a20.p1.i5")
    resolved_text: str | None = Field(default=None, description="所引条文原文")
    finding: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None


class _Context(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    text: str
    year: int | None
    section: SectionKey | None
    corpus: Corpus


def check_text(
    text: str, *, year: int | None = None, section: SectionKey | None = None, corpus: Corpus | None = None,
) -> list[CitationCheck]:
    """Every citation in ``text`` resolved and judged; ``year`` is the report year (None: now)."""
    ctx = _Context(text=text, year=year, section=section, corpus=corpus or load_corpus())
    checks: list[CitationCheck] = []
    for citation in find_citations(text):
        if citation.kind is CitationKind.ARTICLE:
            checks.extend(_check_article_citation(ctx, citation))
        else:
            checks.extend(_check_title(ctx, citation))
    checks.extend(_check_doc_nos(ctx))
    return _without_repeats(sorted(checks, key=lambda c: c.span))


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
            check = check.model_copy(update={"finding": None})
        kept.append(check)
    return kept


def check_report(report: Report, *, year: int | None = None, corpus: Corpus | None = None) -> list[CitationCheck]:
    """Citations of every section; spans are relative to each section's text."""
    corpus = corpus or load_corpus()
    chosen = year if year is not None else report.meta.year
    checks: list[CitationCheck] = []
    for section in report.sections:
        checks.extend(check_text(section.text, year=chosen, section=section.key, corpus=corpus))
    return checks


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
        return ("lookalike", suggestion) if suggestion else ("document", None)
    if name.endswith(_LAW_ENDINGS):
        if "信息公开" in name:
            return "lookalike", _similar_title(corpus, name, 0.0)
        suggestion = _similar_title(corpus, name, 0.75)
        if suggestion:
            return "lookalike", suggestion
    return "unknown", None


def _similar_title(corpus: Corpus, name: str, threshold: float) -> str | None:
    def bigrams(text: str) -> set[str]:
        return {text[i:i + 2] for i in range(len(text) - 1)}

    target = bigrams(name)
    best: tuple[float, str] | None = None
    for doc in corpus.documents.values():
        for candidate in (doc.meta.title, *doc.meta.names):
            other = bigrams(normalize_name(candidate).removeprefix("中华人民共和国"))
            score = len(target & other) / max(1, len(target | other))
            if best is None or score > best[0]:
                best = (score, doc.meta.title)
    return best[1] if best and best[0] >= threshold else None


# --- article citations ----------------------------------------------------------------------


def _check_article_citation(ctx: _Context, citation: Citation) -> list[CitationCheck]:
    key = citation.law_key or "条例"
    docs = _docs_for(ctx.corpus, key)
    written = citation.text
    if not docs:
        kind, suggestion = _classify_unknown(ctx.corpus, key)
        finding = None
        if kind == "lookalike":
            finding = _law_unknown(ctx, citation, suggestion, Severity.ERROR)
        elif kind == "unknown":
            finding = _law_unknown(ctx, citation, None, Severity.WARNING)
        return [CitationCheck(text=written, span=citation.span, section=ctx.section, finding=finding)]
    doc, pinned = _choose(docs, ctx.year)
    checks: list[CitationCheck] = []
    version_finding = _version_finding(ctx, doc, citation.name_span or citation.span, citation) if pinned else None
    if version_finding is not None:
        checks.append(CitationCheck(
            text=written, span=citation.span, section=ctx.section, law_id=doc.meta.id, finding=version_finding,
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
    label = f"《{meta.title}》{article_label(target.article, target.paragraph, target.item)}"
    base = {
        "text": ctx.text[target.span[0]:target.span[1]], "span": target.span, "section": ctx.section,
        "law_id": meta.id, "label": label,
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
        return CitationCheck(**base), resolution
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
        resolved_text=real, finding=finding,
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


def _law_unknown(ctx: _Context, citation: Citation, suggestion: str | None, severity: Severity) -> Finding:
    name = f"《{citation.name}》" if citation.name else citation.text
    if severity is Severity.ERROR:
        hint = f"是否指《{suggestion}》？" if suggestion else ""
        message = f"未找到法规{name}：没有这个名称的法规或文件。{hint}"
    else:
        message = f"语料中没有{name}，无法核对“{citation.text}”。"
    return _finding(
        ctx, "cite.law_unknown", severity, citation.name_span or citation.span, message,
        expected=f"《{suggestion}》" if suggestion else None, actual=name,
    )


# --- titles ------------------------------------------------------------------------------------


def _check_title(ctx: _Context, citation: Citation) -> list[CitationCheck]:
    key = citation.law_key or ""
    docs = _docs_for(ctx.corpus, key)
    if not docs:
        kind, suggestion = _classify_unknown(ctx.corpus, key)
        if kind != "lookalike":
            return []
        unknown = _law_unknown(ctx, citation, suggestion, Severity.ERROR)
        return [CitationCheck(text=citation.text, span=citation.span, section=ctx.section, finding=unknown)]
    doc, pinned = _choose(docs, ctx.year)
    version = _version_finding(ctx, doc, citation.span, citation) if pinned else None
    return [CitationCheck(
        text=citation.text, span=citation.span, section=ctx.section, law_id=doc.meta.id,
        label=f"《{doc.meta.title}》", finding=version,
    )]


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
    issuers = set()
    for doc in corpus.documents.values():
        parts = split_doc_no(doc.meta.doc_no) if doc.meta.doc_no else None
        if parts:
            issuers.add(parts[0])
    return tuple(sorted(issuers))


def _doc_for_no(corpus: Corpus, mention: DocNoMention) -> Document | None:
    return corpus.by_doc_no(mention.canonical)


def _check_doc_nos(ctx: _Context) -> list[CitationCheck]:
    titles, _aliases = find_titles(ctx.text)
    checks: list[CitationCheck] = []
    for mention in find_doc_nos(ctx.text, _known_issuers(ctx.corpus)):
        doc = _doc_for_no(ctx.corpus, mention)
        finding = _doc_no_finding(ctx, mention, doc, titles)
        checks.append(CitationCheck(
            text=mention.text, span=mention.span, section=ctx.section, law_id=doc.meta.id if doc else None,
            label=doc.meta.doc_no if doc else mention.canonical, finding=finding,
        ))
    return checks


def _doc_no_finding(
    ctx: _Context, mention: DocNoMention, doc: Document | None, titles: list[TitleMention],
) -> Finding | None:
    expected = doc.meta.doc_no if doc and doc.meta.doc_no else mention.canonical
    if mention.form is DocNoForm.MALFORMED:
        return _finding(
            ctx, "cite.docno_malformed", Severity.ERROR, mention.span,
            f"文号“{mention.text}”书写有误，应为“{expected}”。", expected=expected, actual=mention.text,
        )
    title = next((t for t in titles if 0 <= mention.span[0] - t.span[1] <= 2
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
