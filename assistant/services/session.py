"""The chat assistant and the drafter beside the open reports.

Each request is answered from the report as it is now (``respond`` streams partial answers while
a draft is written, the complete one last). A draft or a revision ends as a proposal, pending
until the writer accepts or rejects it; it is shown once, where it was asked for (the chat, or
the drafting panel). Accepting writes it as an undoable action and keeps the draft's record
(model, prompt, facts) with the version saved and in the journal. The chat is kept with the
report (``chat.json``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.chat import Answer, ChatContext, Intent, IntentKind, Proposal, respond, route
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.services.drafting import draft_inputs, draft_record
from assistant.services.explain import explanation_text
from assistant.services.index import passage_finder
from assistant.services.library import Library
from assistant.workspace import DraftRecord
from assistant.workspace.records import ChatMessage
from assistant.workspace.store import now, section_name

Origin = Literal["chat", "draft"]
Message = dict[str, str]


@dataclass(frozen=True)
class Pending:
    """A proposal waiting for the writer, where it was asked for, and where it came from."""

    proposal: Proposal
    origin: Origin
    draft: DraftRecord


class ChatSession:
    """The assistant for every report of ``library``; ``data_dir`` holds the search index."""

    def __init__(self, library: Library, data_dir: Path | None = None) -> None:
        self.library = library
        self.data_dir = data_dir
        self.pending: dict[str, Pending] = {}
        self.last_section: dict[str, SectionKey] = {}
        self._lock = threading.Lock()

    def context(self, key: str) -> ChatContext:
        """What an answer about report ``key`` may use: the report with the notes box applied
        (its account lines join the 整改台账 for this answer), the findings, the model, the
        cell explanations and the passage search."""
        from assistant.llm import model_from_spec

        current = self.library.get(key)
        model = model_from_spec()  # ModelUnavailable (a NianbaoError) names the setting to fix
        with current.lock:
            report = current.report.model_copy(deep=True)
            previous = current.previous
            findings = list(current.findings)
        report, notes = draft_inputs(report, previous, current.journal().notes.splitlines())
        return ChatContext(
            report=report, previous=previous, findings=findings, notes=notes, model=model,
            explain_cell=lambda address: explanation_text(current, address),
            finder=passage_finder(self.data_dir),
        )

    def ask(self, key: str, message: str, *, selection: str = "",
            section: SectionKey | None = None) -> Iterator[Answer]:
        """Answer one chat message; a proposal in the last answer becomes the pending one."""
        if not message.strip():
            raise NianbaoError("请输入问题或要求")
        intent = route(message, selection=selection,
                       last_section=self.last_section.get(key) or section)
        yield from self._run(key, intent, "chat")

    def draft(self, key: str, section: SectionKey) -> Iterator[Answer]:
        """Draft one section for the drafting panel."""
        yield from self._run(key, Intent(IntentKind.DRAFT, f"起草{section.value}", section=section),
                             "draft")

    def _run(self, key: str, intent: Intent, origin: Origin) -> Iterator[Answer]:
        ctx = self.context(key)
        for answer in respond(intent, ctx):
            if answer.done and answer.proposal is not None:
                pending = Pending(answer.proposal, origin, draft_record(answer, ctx.model))
                with self._lock:
                    self.pending[key] = pending
                    self.last_section[key] = answer.proposal.section
            yield answer

    def proposal(self, key: str, origin: Origin | None = None) -> Proposal | None:
        """The pending proposal; with ``origin``, only when it was asked for there (a proposal is
        shown in one place, with one pair of buttons)."""
        with self._lock:
            pending = self.pending.get(key)
        if pending is None or (origin is not None and pending.origin != origin):
            return None
        return pending.proposal

    def confirmation(self, key: str) -> str | None:
        """What to ask before accepting the pending proposal: it replaces text the writer typed
        in that section (``None`` when there is nothing of the writer's to lose)."""
        proposal = self.proposal(key)
        if proposal is None:
            return None
        current = self.library.get(key)
        if not current.has_writer_text(proposal.section):
            return None
        length = len(current.report.text(proposal.section).strip())
        return (f"“{section_name(proposal.section)}”中有您亲手写的正文（{length} 字）。采用此稿会替换"
                f"全部正文；替换前的内容会保存为历史版本，可以随时撤销。确定替换吗？")

    def accept(self, key: str) -> Proposal:
        """Write the pending proposal into the report: a version is saved before and after (the
        one after, and the journal, keep the draft's model, prompt and facts); the action can be
        undone."""
        with self._lock:
            pending = self.pending.pop(key, None)
        if pending is None:
            raise NianbaoError("没有待确认的修改")
        proposal = pending.proposal
        current = self.library.get(key)
        current.replace_section(proposal.section, proposal.after,
                                f"接受起草稿（{section_name(proposal.section)}）", draft=pending.draft)
        return proposal

    def reject(self, key: str) -> Proposal | None:
        with self._lock:
            pending = self.pending.pop(key, None)
        return pending.proposal if pending is not None else None

    # --- the chat, kept with the report -----------------------------------------------------

    def chat_history(self, key: str) -> list[Message]:
        """The chat beside report ``key`` as a chat box shows it."""
        if not key:
            return []
        return [{"role": m.role, "content": m.content} for m in self.library.get(key).folder.chat()]

    def add_to_chat(self, key: str, messages: list[Message]) -> list[Message]:
        """Append an exchange to the chat kept with report ``key``; the whole chat after it."""
        folder = self.library.get(key).folder
        at = now()
        added = [ChatMessage(role="user" if m["role"] == "user" else "assistant",
                             content=str(m["content"]), at=at) for m in messages]
        folder.save_chat([*folder.chat(), *added])
        return self.chat_history(key)
