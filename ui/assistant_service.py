"""The chat assistant and the drafter as the UI uses them: context per report, pending
proposals (each shown once, where it was asked for: the chat or the drafting panel), accepting
one, and the chat kept with the report. No gradio here."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from assistant.chat import Answer, ChatContext, Intent, IntentKind, Proposal, respond, route
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.workspace.records import ChatMessage
from assistant.workspace.store import now, section_name
from ui.library import Library
from ui.prepare import index_ready
from ui.tables_tab import explanation_text


def passage_finder(data_dir: Path | None) -> Any:
    """Hybrid search in the built index (regulations and past reports) when it is ready, else
    exact corpus lookups; a failing search falls back to the lookups instead of failing the
    draft."""
    from assistant.drafting import default_finder, search_finder
    from assistant.retrieval.store import Index

    exact = default_finder()
    if data_dir is None or not index_ready(data_dir):
        return exact
    folder = data_dir

    def find(section: SectionKey, sheet: Any) -> Any:
        try:
            with Index.open(folder) as index:  # per draft: no client outlives the request
                return search_finder(index)(section, sheet)
        except Exception:  # a broken index must not cost the writer the draft
            return exact(section, sheet)

    return find


Origin = Literal["chat", "draft"]
Message = dict[str, str]


class AssistantService:
    def __init__(self, library: Library, data_dir: Path | None = None) -> None:
        self.library = library
        self.data_dir = data_dir
        self.pending: dict[str, Proposal] = {}
        self.origins: dict[str, Origin] = {}
        self.last_section: dict[str, SectionKey] = {}
        self._lock = threading.Lock()

    def context(self, key: str) -> ChatContext:
        from assistant.account.notes import apply_notes
        from assistant.models import model_from_spec

        current = self.library.get(key)
        model = model_from_spec()  # ModelUnavailable (a NianbaoError) names the setting to fix
        report = current.report.model_copy(deep=True)
        # The notes box speaks the notes file's syntax: account lines (上年问题1：部分整改｜…,
        # 措施：…｜时限：…) join the report's account for this draft; the rest are notes.
        reading = apply_notes(current.journal().notes.splitlines(), report, current.previous)
        report.account = reading.account
        return ChatContext(
            report=report, previous=current.previous,
            findings=list(current.findings), notes=reading.notes, model=model,
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
        for answer in respond(intent, self.context(key)):
            if answer.done and answer.proposal is not None:
                with self._lock:
                    self.pending[key] = answer.proposal
                    self.origins[key] = origin
                    self.last_section[key] = answer.proposal.section
            yield answer

    def proposal(self, key: str, origin: Origin | None = None) -> Proposal | None:
        """The pending proposal; with ``origin``, only when it was asked for there (a proposal is
        shown in one place, with one pair of buttons)."""
        with self._lock:
            proposal = self.pending.get(key)
            if proposal is None or (origin is not None and self.origins.get(key) != origin):
                return None
            return proposal

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
        """Write the pending proposal into the report (a version is saved before and after; the
        action can be undone)."""
        with self._lock:
            proposal = self.pending.pop(key, None)
            self.origins.pop(key, None)
        if proposal is None:
            raise NianbaoError("没有待确认的修改")
        current = self.library.get(key)
        current.replace_section(proposal.section, proposal.after,
                                f"接受起草稿（{section_name(proposal.section)}）")
        return proposal

    def reject(self, key: str) -> Proposal | None:
        with self._lock:
            self.origins.pop(key, None)
            return self.pending.pop(key, None)

    # --- the chat, kept with the report -----------------------------------------------------

    def chat_history(self, key: str) -> list[Message]:
        """The chat beside report ``key`` as the chat box shows it."""
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
