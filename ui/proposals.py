"""How drafts and proposed changes look: underlined unverified sentences, a word diff, the
sources list. Pure functions (no gradio).

Sources are named as the writer reads them (a fact by its label and value, a rule by its name,
a passage by its title); their ids (``d.suits``, ``tiaoli-2019.a50``, ``t3.new.total``) are
kept under a collapsed “详细信息”.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from html import escape

from assistant.services import Answer, Proposal, Source, rule_name, section_name, without_paths
from ui.views import details, model_words

SOURCE_KINDS = {"regulation": "条文", "cell": "单元格", "ledger": "台账", "origin": "来源",
                "fact": "事实", "passage": "参考", "finding": "核对"}
ID_NAMES = {"regulation": "法规编号", "cell": "单元格编号", "ledger": "单元格编号",
            "origin": "单元格编号", "fact": "事实编号", "passage": "条文编号", "finding": "单元格编号"}


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
    head = (f'<p class="nb-summary">待确认的修改：{escape(section_name(proposal.section))}'
            f"（{escape(proposal.label)}）</p>")
    body = diff_html(proposal.before, proposal.after) if proposal.before.strip() else draft_html(
        proposal.after, proposal.unverified)
    return f'<div id="nb-proposal-body" data-section="{proposal.section.value}">{head}{body}</div>'


def sources_markdown(sources: Sequence[Source], *, limit: int = 12,
                     codes: Sequence[tuple[str, str]] = ()) -> str:
    """The sources list under an answer or a draft; ids (and ``codes``) under 详细信息."""
    if not sources and not codes:
        return ""
    lines = ["**来源**"] if sources else []
    ids: list[tuple[str, str]] = list(codes)
    for source in sources[:limit]:
        kind = SOURCE_KINDS.get(source.kind, "来源")
        lines.append(f"- {kind}：{source_name(source)}")
        if source.kind in ("regulation", "passage") and source.text:
            excerpt = source.text if len(source.text) <= 160 else source.text[:160] + "…"
            lines.append(f"  > {excerpt}".replace("\n", " "))
        if source.kind == "finding":
            ids.append(("规则编号", source.title))
        if source.ref:
            ids.append((ID_NAMES.get(source.kind, "编号"), source.ref))
    if len(sources) > limit:
        lines.append(f"- ……另有 {len(sources) - limit} 项")
    unique = list(dict.fromkeys(ids))
    if unique:
        lines += ["", details(unique)]
    return "\n".join(lines)


_FACT_ID = re.compile(r"^\[[^\]]*\]\s*")


def source_name(source: Source) -> str:
    """A source in words: a fact with its value, a cell with its value, a rule by its name."""
    if source.kind == "fact":
        return _FACT_ID.sub("", source.text) if source.text else source.title
    if source.kind == "cell":
        return f"{source.title}（{source.text}）" if source.text else source.title
    if source.kind == "finding":
        return rule_name(source.title)
    return without_paths(source.title)


# “（`t3.new.total`）” after a cell's name in an answer: an address, for 详细信息.
_INLINE_ID = re.compile(r"（`([A-Za-z0-9_.:-]+)`）")


def answer_markdown(answer: Answer, *, limit: int = 12) -> str:
    """An assistant answer as the chat (or the drafting panel) shows it: its text with files by
    their name and the template drafter as 模板, then its sources; every id under 详细信息."""
    codes = [("编号", found) for found in _INLINE_ID.findall(answer.text)]
    text = model_words(without_paths(_INLINE_ID.sub("", answer.text)))
    sources = sources_markdown(answer.sources, limit=limit, codes=codes)
    return f"{text}\n\n{sources}" if sources else text
