"""Citation checking: find every citation in a text, resolve it against the corpus, judge it."""

from assistant.citations.checker import CitationCheck, check_report, check_text, citation_findings
from assistant.citations.finder import Citation, CitationKind, Target, find_citations

__all__ = [
    "Citation",
    "CitationCheck",
    "CitationKind",
    "Target",
    "check_report",
    "check_text",
    "citation_findings",
    "find_citations",
]
