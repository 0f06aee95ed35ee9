"""The chat assistant and the drafter as the UI uses them: context per report, pending
proposals, accepting one. No gradio here."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.chat import Answer, ChatContext, Intent, IntentKind, Proposal, respond, route
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
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


class AssistantService:
    def __init__(self, library: Library, data_dir: Path | None = None) -> None:
        self.library = library
        self.data_dir = data_dir
        self.pending: dict[str, Proposal] = {}
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
        yield from self._run(key, intent)

    def draft(self, key: str, section: SectionKey) -> Iterator[Answer]:
        """Draft one section for the drafting panel."""
        yield from self._run(key, Intent(IntentKind.DRAFT, f"起草{section.value}", section=section))

    def _run(self, key: str, intent: Intent) -> Iterator[Answer]:
        for answer in respond(intent, self.context(key)):
            if answer.done and answer.proposal is not None:
                with self._lock:
                    self.pending[key] = answer.proposal
                    self.last_section[key] = answer.proposal.section
            yield answer

    def proposal(self, key: str) -> Proposal | None:
        return self.pending.get(key)

    def accept(self, key: str) -> Proposal:
        """Write the pending proposal into the report (a version is saved before and after)."""
        with self._lock:
            proposal = self.pending.pop(key, None)
        if proposal is None:
            raise NianbaoError("没有待确认的修改")
        current = self.library.get(key)
        with current.lock:
            updated = current.report.model_copy(deep=True)
            from assistant.workspace.editing import section_for_edit

            section_for_edit(updated, proposal.section).text = proposal.after
            current.replace(updated, f"接受{proposal.label}（{proposal.section.value}）")
        return proposal

    def reject(self, key: str) -> Proposal | None:
        with self._lock:
            return self.pending.pop(key, None)
