"""Citation checking: find every citation in a text, resolve it against the corpus, judge it.

Each citation ends verified, wrong or not verifiable (:class:`Outcome`); :func:`summarize` counts
them for every summary (``cite``, ``check``, the review tab, the chat).
"""

from assistant.citations.checker import (
    NOT_VERIFIABLE,
    CitationCheck,
    CitationSummary,
    Outcome,
    check_report,
    check_sections,
    check_text,
    citation_findings,
    declared_aliases,
    summarize,
)
from assistant.citations.finder import Citation, CitationKind, Target, find_citations

__all__ = [
    "NOT_VERIFIABLE",
    "Citation",
    "CitationCheck",
    "CitationKind",
    "CitationSummary",
    "Outcome",
    "Target",
    "check_report",
    "check_sections",
    "check_text",
    "citation_findings",
    "declared_aliases",
    "find_citations",
    "summarize",
]
