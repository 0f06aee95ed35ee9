"""Hybrid search: BM25 and dense rankings fused, citations resolved exactly.

Each method's rankings from the two collections are merged by score, then the two methods are
fused: by default a weighted sum of min-max normalised scores, which measured better than
reciprocal rank fusion on the evaluation set (both are available).

A query that contains a citation (``《条例》第二十条第（五）项``) gets the cited passage first,
found by lookup rather than by similarity. Filters: law (a name, short name, id or family),
year (report year; for regulations: the versions in force that year), agency, section.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.citations.finder import CitationKind, find_citations
from assistant.corpus import Corpus, Status, load_corpus
from assistant.errors import NianbaoError
from assistant.retrieval.chunks import Source, chunk_id
from assistant.retrieval.embedding import embed_query
from assistant.retrieval.store import Index

RRF_K = 60
CANDIDATES = 50
BM25_WEIGHT = 0.5  # equal weights; see bench/README-retrieval.md for the measured alternatives


class Mode(StrEnum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"


class Fusion(StrEnum):
    CONVEX = "convex"  # weighted sum of min-max normalised scores (default: measured better)
    RRF = "rrf"  # reciprocal rank fusion, k=60


class Filters(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    law: str | None = Field(default=None, description="法规名称、简称、版本标识（tiaoli-2019）或族名（tiaoli）")
    year: int | None = None
    agency: str | None = None
    section: str | None = None


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source: Source
    score: float
    text: str
    ref: str
    label: str
    context: str
    metadata: dict[str, Any]
    ranks: dict[str, int] = Field(default_factory=dict, description="各检索方式中的名次（从1起）")
    scores: dict[str, float] = Field(default_factory=dict, description="各检索方式的原始得分")
    exact: bool = Field(default=False, description="由引用精确查得")


def _law_filter(corpus: Corpus, law: str, year: int | None) -> dict[str, Any]:
    if law in corpus.documents:
        return {"law": law}
    family = [d for d in corpus.documents.values() if d.meta.family == law]
    docs = family or corpus.docs_named(law)
    if not docs:
        raise NianbaoError(f"未知的法规：{law}（可用名称如“条例”“tiaoli-2019”）")
    if year is not None:
        docs = [d for d in docs if d.meta.in_force_for_year(year)] or docs
    return {"law": [d.meta.id for d in docs]}


def source_filters(source: Source, filters: Filters, corpus: Corpus) -> dict[str, Any] | None:
    """The metadata conditions for one collection; None when the filters exclude it entirely."""
    if source is Source.REGULATIONS:
        if filters.agency or filters.section:
            return None
        if filters.law:
            return _law_filter(corpus, filters.law, filters.year)
        if filters.year is not None:
            return {"law": [d.meta.id for d in corpus.documents.values() if d.meta.in_force_for_year(filters.year)]}
        # no year: the versions in force now, so a superseded text does not crowd out its successor
        return {"law": [d.meta.id for d in corpus.documents.values() if d.meta.superseded_by is None]}
    if filters.law:
        return None
    conditions: dict[str, Any] = {}
    if filters.year is not None:
        conditions["year"] = filters.year
    if filters.agency:
        conditions["agency"] = filters.agency
    if filters.section:
        conditions["section"] = filters.section
    return conditions


def _chroma_where(conditions: Mapping[str, Any]) -> dict[str, Any] | None:
    clauses = [
        {name: {"$in": list(value)}} if isinstance(value, list | tuple) else {name: value}
        for name, value in conditions.items()
    ]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


Ranking = list[tuple[str, float, Source]]


def dense_ranking(index: Index, source: Source, query: str, n: int, conditions: Mapping[str, Any]) -> Ranking:
    """Nearest chunks by cosine similarity (1 − cosine distance)."""
    collection = index.collection(source)
    if collection.count() == 0:
        return []
    result = collection.query(
        query_embeddings=[embed_query(query)], n_results=n, where=_chroma_where(conditions), include=["distances"],
    )
    distances = (result.get("distances") or [[]])[0]
    return [(i, 1.0 - float(d), source) for i, d in zip(result["ids"][0], distances, strict=True)]


def lexical_ranking(index: Index, source: Source, query: str, n: int, conditions: Mapping[str, Any]) -> Ranking:
    return [(i, score, source) for i, score in index.lexical(source).search(query, n, conditions)]


def merge(rankings: Iterable[Ranking]) -> Ranking:
    """One method's rankings from several collections, by score (cosine and BM25 are comparable
    across our collections: the same model, the same tokenizer)."""
    merged = [entry for ranking in rankings for entry in ranking]
    return sorted(merged, key=lambda e: -e[1])


def reciprocal_rank_fusion(rankings: Iterable[Ranking], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (item, _score, _source) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def convex_fusion(rankings: Sequence[Ranking], weights: Sequence[float]) -> dict[str, float]:
    """Weighted sum of min-max normalised scores; a chunk missing from a ranking gets 0 there."""
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if not ranking:
            continue
        high, low = ranking[0][1], ranking[-1][1]
        for item, score, _source in ranking:
            normalised = (score - low) / (high - low) if high > low else 1.0
            fused[item] = fused.get(item, 0.0) + weight * normalised
    for ranking in rankings:
        for item, _score, _source in ranking:
            fused.setdefault(item, 0.0)
    return fused


def search(
    index: Index, query: str, *, k: int = 5, filters: Filters | None = None, mode: Mode = Mode.HYBRID,
    sources: Sequence[Source] = (Source.REGULATIONS, Source.REPORTS), corpus: Corpus | None = None,
    exact: bool = True, fusion: Fusion = Fusion.CONVEX,
) -> list[Hit]:
    """The ``k`` best passages for a question, best first."""
    corpus = corpus or load_corpus()
    filters = filters or Filters()
    if not query.strip():
        raise NianbaoError("查询内容为空")
    lexical: list[Ranking] = []
    dense: list[Ranking] = []
    for source in sources:
        conditions = source_filters(source, filters, corpus)
        if conditions is None:
            continue
        if mode in (Mode.HYBRID, Mode.BM25):
            lexical.append(lexical_ranking(index, source, query, CANDIDATES, conditions))
        if mode in (Mode.HYBRID, Mode.DENSE):
            dense.append(dense_ranking(index, source, query, CANDIDATES, conditions))
    methods = {name: merge(r) for name, r in (("bm25", lexical), ("dense", dense)) if r}
    if mode is Mode.HYBRID and fusion is Fusion.RRF:
        fused = reciprocal_rank_fusion(methods.values())
    elif mode is Mode.HYBRID:
        fused = convex_fusion(list(methods.values()), [BM25_WEIGHT, 1.0 - BM25_WEIGHT][: len(methods)])
    else:
        fused = {item: score for ranking in methods.values() for item, score, _source in ranking}
    ordered = sorted(fused, key=lambda i: -fused[i])
    exact_hits = _exact_hits(query, filters, corpus) if exact and Source.REGULATIONS in sources else []
    taken = {h.id for h in exact_hits}
    chosen = [i for i in ordered if i not in taken][: max(0, k - len(exact_hits))]
    return [*exact_hits, *_hits(index, chosen, fused, methods)][:k]


def _hits(index: Index, ids: list[str], fused: Mapping[str, float], methods: Mapping[str, Ranking]) -> list[Hit]:
    where: dict[str, Source] = {}
    ranks: dict[str, dict[str, int]] = {}
    scores: dict[str, dict[str, float]] = {}
    for name, ranking in methods.items():
        for rank, (item, score, source) in enumerate(ranking, start=1):
            where[item] = source
            ranks.setdefault(item, {})[name] = rank
            scores.setdefault(item, {})[name] = round(score, 4)
    records: dict[str, Hit] = {}
    for source in {where[i] for i in ids}:
        wanted = [i for i in ids if where[i] is source]
        got = index.collection(source).get(ids=wanted, include=["documents", "metadatas"])
        for item, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True):
            metadata = dict(meta or {})
            records[item] = Hit(
                id=item, source=source, score=fused.get(item, 0.0), text=text or "",
                ref=str(metadata.get("ref", "")), label=str(metadata.get("label", "")),
                context=str(metadata.pop("context", "")), metadata=metadata, ranks=ranks.get(item, {}),
                scores=scores.get(item, {}),
            )
    return [records[i] for i in ids if i in records]


def _exact_hits(query: str, filters: Filters, corpus: Corpus) -> list[Hit]:
    """Passages a citation in the query names, found by lookup."""
    hits: list[Hit] = []
    for citation in find_citations(query):
        if citation.kind is not CitationKind.ARTICLE or citation.law_key is None:
            continue
        doc = corpus.version(citation.law_key, filters.year)
        if doc is None:
            continue
        for target in citation.targets:
            resolution = corpus.resolve(doc.meta.id, target.article, target.paragraph, target.item)
            if resolution.status is not Status.FOUND or resolution.passage is None:
                continue
            passage = resolution.passage
            article = doc.article(target.article)
            article_id = chunk_id("reg", f"{doc.meta.id}.a{target.article}", article.text if article else "")
            hits.append(Hit(
                id=article_id, source=Source.REGULATIONS, score=1.0, text=passage.text, ref=passage.ref,
                label=passage.label, context=f"{doc.meta.short_title}{passage.label}",
                metadata={"kind": "regulation", "law": doc.meta.id, "ref": passage.ref}, exact=True,
            ))
    return hits
