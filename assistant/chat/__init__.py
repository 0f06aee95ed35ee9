"""The chat assistant beside the report: plain-Chinese requests routed to the core.

``route(message, selection=…, last_section=…)`` recognises the request (no model needed);
``respond(intent, context)`` yields answers that name their sources, and drafts or revisions
as proposals the writer accepts or rejects. No gradio here.
"""

from assistant.chat.answers import (
    HELP,
    NEEDS_MODEL,
    Answer,
    ChatContext,
    Proposal,
    Source,
    draft_answer,
    respond,
)
from assistant.chat.intents import Intent, IntentKind, cell_in, route, section_in

__all__ = [
    "HELP",
    "NEEDS_MODEL",
    "Answer",
    "ChatContext",
    "Intent",
    "IntentKind",
    "Proposal",
    "Source",
    "cell_in",
    "draft_answer",
    "respond",
    "route",
    "section_in",
]
