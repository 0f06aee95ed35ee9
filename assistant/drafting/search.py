"""Passages found by hybrid search in a built index: regulations, and exemplars from past reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.facts import FactsSheet, Passage
from assistant.findings import SectionKey

if TYPE_CHECKING:
    from assistant.retrieval.store import Index


def searched_passages(
    index: Index, section: SectionKey, sheet: FactsSheet, query: str, k: int, exemplars: int,
) -> list[Passage]:
    """``k`` regulation passages in force in the report year, and ``exemplars`` paragraphs of the
    same section from other agencies' reports (never the drafting agency's own: that would invite
    copying last year)."""
    from assistant.retrieval.chunks import Source
    from assistant.retrieval.search import Filters, search

    found: list[Passage] = []
    for hit in search(index, query, k=k, filters=Filters(year=sheet.year), sources=(Source.REGULATIONS,)):
        found.append(Passage(id=hit.ref or hit.id, kind="regulation", title=hit.context or hit.label, text=hit.text,
                             source="检索"))
    if exemplars:
        hits = search(index, query, k=exemplars * 4, filters=Filters(section=section.value), sources=(Source.REPORTS,))
        own = sheet.agency
        for hit in hits:
            if hit.metadata.get("agency") == own:
                continue
            found.append(Passage(id=hit.id, kind="exemplar", title=hit.context or hit.label, text=hit.text,
                                 source=str(hit.metadata.get("source", "往年报告"))))
            if sum(p.kind == "exemplar" for p in found) >= exemplars:
                break
    return found
