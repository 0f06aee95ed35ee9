"""How drafts and proposed changes look: underlined unverified sentences, a word diff, the
sources list. Pure functions (no gradio)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from html import escape

from assistant.chat import Proposal, Source

SOURCE_KINDS = {"regulation": "条文", "cell": "单元格", "ledger": "台账", "fact": "事实",
                "passage": "参考", "finding": "核对"}


def draft_html(text: str, marks: Sequence[tuple[int, int, str]] = (), *, streaming: bool = False) -> str:
    """The draft with each sentence that failed a check underlined (its messages in title)."""
    out: list[str] = []
    at = 0
    for start, end, message in sorted(marks):
        if start < at or end > len(text):
            continue
        out.append(escape(text[at:start]))
        out.append(f'<u class="nb-unverified" title="{escape(message)}">{escape(text[start:end])}</u>')
        at = end
    out.append(escape(text[at:]))
    state = "streaming" if streaming else "done"
    return f'<div class="nb-draft" data-state="{state}">{"".join(out)}</div>'


def diff_html(before: str, after: str) -> str:
    """Deleted text struck through, inserted text highlighted, by character runs."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[str] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(before[a0:a1]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(before[a0:a1])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(after[b0:b1])}</ins>")
    return f'<div class="nb-diff nb-draft">{"".join(out)}</div>'


def proposal_html(proposal: Proposal | None) -> str:
    if proposal is None:
        return ""
    from assistant.chat.answers import section_title

    head = (f'<p class="nb-summary">待确认的修改：{escape(section_title(proposal.section))}'
            f"（{escape(proposal.label)}）</p>")
    body = diff_html(proposal.before, proposal.after) if proposal.before.strip() else draft_html(
        proposal.after, proposal.unverified)
    return f'<div id="nb-proposal-body" data-section="{proposal.section.value}">{head}{body}</div>'


def sources_markdown(sources: Sequence[Source], *, limit: int = 12) -> str:
    if not sources:
        return ""
    lines = ["**来源**"]
    for source in sources[:limit]:
        kind = SOURCE_KINDS.get(source.kind, source.kind)
        ref = f"（`{source.ref}`）" if source.ref else ""
        lines.append(f"- {kind}：{source.title}{ref}")
        if source.kind in ("regulation", "passage") and source.text:
            excerpt = source.text if len(source.text) <= 160 else source.text[:160] + "…"
            lines.append(f"  > {excerpt}".replace("\n", " "))
    if len(sources) > limit:
        lines.append(f"- ……另有 {len(sources) - limit} 项")
    return "\n".join(lines)
