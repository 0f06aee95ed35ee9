"""Regulation passages and exemplar paragraphs for a section's draft.

The passages every draft of a section needs are looked up exactly in the corpus (《条例》
第五十条, the format notice's paragraph on that section, the 信息处理费 measures for 六), for the
version in force in the report year. A ``PassageFinder`` can add more, e.g. hybrid search
over the regulations and past reports (:func:`search_finder`); exemplar paragraphs from past
reports are shown to the model for style only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.corpus import Corpus, Document, load_corpus
from assistant.corpus import Passage as CorpusPassage
from assistant.facts import FactsSheet, Passage
from assistant.findings import SectionKey

if TYPE_CHECKING:
    from assistant.retrieval.store import Index

PassageFinder = Callable[[SectionKey, FactsSheet], list[Passage]]

# (law name, article) looked up for every draft of the section, and the words that find the
# format notice's paragraph on the section.
_ARTICLES: dict[SectionKey, tuple[tuple[str, int], ...]] = {
    SectionKey.OVERVIEW: (("中华人民共和国政府信息公开条例", 50),),
    SectionKey.PROBLEMS: (("中华人民共和国政府信息公开条例", 50),),
    SectionKey.OTHER: (("中华人民共和国政府信息公开条例", 50), ("政府信息公开信息处理费管理办法", 2)),
}
_NOTICE_HEADINGS: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: "总体情况",
    SectionKey.PROBLEMS: "存在的主要问题",
    SectionKey.OTHER: "其他需要报告的事项",
}
_FORMAT_NOTICE = "中华人民共和国政府信息公开工作年度报告格式"
QUERIES: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: "政府信息公开工作总体情况 主动公开 依申请公开 政府信息管理 平台建设 监督保障",
    SectionKey.PROBLEMS: "政府信息公开工作存在的主要问题及改进情况 整改措施",
    SectionKey.OTHER: "信息处理费 其他需要报告的事项 政务公开工作要点",
}


def _title(doc: Document, passage: CorpusPassage) -> str:
    return f"《{doc.meta.title}》{passage.label}"


def _as_passage(doc: Document, passage: CorpusPassage) -> Passage:
    return Passage(id=passage.ref, kind="regulation", title=_title(doc, passage), text=passage.text,
                   source=f"{doc.meta.title}（{doc.meta.version}）")


def corpus_passages(section: SectionKey, year: int, corpus: Corpus | None = None) -> list[Passage]:
    """The passages a draft of ``section`` always gets, in the versions in force in ``year``."""
    corpus = corpus or load_corpus()
    found: list[Passage] = []
    for law, article in _ARTICLES.get(section, ()):
        doc = corpus.version(law, year)
        passage = corpus.lookup(law, article, year=year)
        if doc is not None and passage is not None:
            found.append(_as_passage(doc, passage))
    notice = corpus.version(_FORMAT_NOTICE, year)
    words = _NOTICE_HEADINGS.get(section)
    if notice is not None and words:
        hit = next((p for p in notice.sections if words in (p.heading or p.label) and p.official), None)
        if hit is not None:
            found.append(_as_passage(notice, hit))
    return found


def default_finder(corpus: Corpus | None = None) -> PassageFinder:
    """Exact corpus lookups only: no index, no embedding model."""

    def find(section: SectionKey, sheet: FactsSheet) -> list[Passage]:
        return corpus_passages(section, sheet.year, corpus)

    return find


def search_finder(index: Index, k: int = 3, exemplars: int = 2) -> PassageFinder:
    """Corpus lookups plus hybrid search (regulations and past reports) in an open index."""

    def find(section: SectionKey, sheet: FactsSheet) -> list[Passage]:
        from assistant.drafting.search import searched_passages

        fixed = corpus_passages(section, sheet.year)
        return [*fixed, *searched_passages(index, section, sheet, QUERIES[section], k, exemplars)]

    return find
