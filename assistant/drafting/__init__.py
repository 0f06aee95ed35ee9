"""Grounded drafting of the narrative sections 一, 五 and 六.

``draft_section(report, "五", previous=…, notes=…, model=…)`` builds the facts sheet, asks the
model (or renders templates when there is none), checks every sentence against the facts,
the corpus and last year's report, repairs once, and returns a :class:`Draft` whose open
findings are marked in the text for the writer.
"""

from assistant.drafting.passages import PassageFinder, corpus_passages, default_finder, search_finder
from assistant.drafting.pipeline import DRAFTABLE, draft_section, parse_section
from assistant.drafting.polish import PolishStats, polish_draft
from assistant.drafting.schema import Draft, DraftSentence, Origin, Provenance, Role
from assistant.drafting.stream import CollectingSink, TerminalSink
from assistant.drafting.structured import StreamSink, StructuredOutputError

__all__ = [
    "DRAFTABLE",
    "CollectingSink",
    "Draft",
    "DraftSentence",
    "Origin",
    "PassageFinder",
    "PolishStats",
    "Provenance",
    "Role",
    "StreamSink",
    "StructuredOutputError",
    "TerminalSink",
    "corpus_passages",
    "default_finder",
    "draft_section",
    "parse_section",
    "polish_draft",
    "search_finder",
]
