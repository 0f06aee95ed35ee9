"""The 历史版本 tab: snapshots of the report, saved automatically and on demand. Choosing one shows
what restoring it would change (each section's text as a diff, each cell old → new) before the
writer restores it; the last replacing action (an accepted draft, a ledger fill, a restore) can be
undone."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from html import escape

import gradio as gr

from assistant.services import TEMPLATE, Change, DraftRecord, NianbaoError, Version
from ui.shell import Shell, Updates, reporting
from ui.views import details, version_note

SHOWN = 100
SHOWN_CELLS = 60
NO_CHOICE = "选择一个版本，这里会先列出恢复它将改动的内容。"


_SENTENCES = re.compile(r"[^。；！？\n]*[。；！？\n]|[^。；！？\n]+$")


def sentence_diff_html(before: str, after: str) -> str:
    """A document's diff by sentences (a character diff of rewritten text reads as noise):
    sentences only in ``before`` struck through, sentences only in ``after`` highlighted."""
    old, new = _SENTENCES.findall(before), _SENTENCES.findall(after)
    out: list[str] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[a0:a1])))
            continue
        if a1 > a0:
            out.append(f"<del>{escape(''.join(old[a0:a1]))}</del>")
        if b1 > b0:
            out.append(f"<ins>{escape(''.join(new[b0:b1]))}</ins>")
    return f'<div class="nb-diff nb-draft">{"".join(out)}</div>'


def version_title(version: Version) -> str:
    """A version by its time and a readable name: sections by their Chinese names, the template
    drafter as 模板, a file by its name (never the upload folder), no codes."""
    return f"{version.at:%m-%d %H:%M:%S} · {version_note(version.note)}"


def version_choices(versions: Sequence[Version]) -> list[tuple[str, str]]:
    return [(version_title(v), v.id) for v in versions]


def draft_note(draft: DraftRecord | None) -> str:
    """Where the draft a version accepted came from (its model, prompt and facts under 详细信息)."""
    if draft is None:
        return ""
    how = "模板生成" if draft.model == TEMPLATE else "大模型起草"
    codes = [("模型", draft.model), ("提示词", draft.prompt or "无（模板）"),
             ("事实编号", "、".join(draft.facts) or "无")]
    return (f'<div class="nb-version-draft"><p>此版本采用的起草稿：{how}，依据事实 {len(draft.facts)} 条'
            f"{f'，{draft.unverified} 句未通过核对' if draft.unverified else ''}。</p>{details(codes)}</div>")


def changes_html(changes: Sequence[Change], title: str, draft: DraftRecord | None = None) -> str:
    """What restoring a version changes: deleted text struck through, restored text green; and,
    for a version saved on accepting a draft, where that draft came from."""
    note = draft_note(draft)
    if not changes:
        return (f'<div class="nb-version-diff" data-changes="0"><p class="nb-summary">{escape(title)}'
                f"与当前内容完全相同，恢复不会改动任何内容。</p>{note}</div>")
    texts = [c for c in changes if c.kind == "text"]
    cells = [c for c in changes if c.kind == "cell"]
    meta = [c for c in changes if c.kind == "meta"]
    head = (f'<p class="nb-summary">恢复“{escape(title)}”将改动：{len(texts)} 个部分的正文、'
            f"{len(cells)} 个单元格{'、标题等' if meta else ''}。删除线是当前内容，绿色是恢复后的内容。</p>")
    parts = [head, note]
    for change in meta:
        parts.append(f"<p><b>{escape(change.where)}</b>：{escape(change.before or '空')} → "
                     f"{escape(change.after or '空')}</p>")
    for change in texts:
        parts.append(f'<h4 class="nb-diff-where">{escape(change.where)}</h4>')
        parts.append(sentence_diff_html(change.before, change.after))
    if cells:
        rows = "".join(f"<tr><td>{escape(c.where)}</td><td>{escape(c.before or '空')}</td>"
                       f"<td>{escape(c.after or '空')}</td></tr>" for c in cells[:SHOWN_CELLS])
        more = (f'<tr><td colspan="3">……另有 {len(cells) - SHOWN_CELLS} 个单元格</td></tr>'
                if len(cells) > SHOWN_CELLS else "")
        parts.append('<h4 class="nb-diff-where">表格</h4><table class="nb-cell-diff"><thead><tr>'
                     f"<th>单元格</th><th>当前</th><th>恢复后</th></tr></thead><tbody>{rows}{more}"
                     "</tbody></table>")
    return f'<div class="nb-version-diff" data-changes="{len(changes)}">{"".join(parts)}</div>'


class HistoryTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        gr.Markdown("编辑时每隔几分钟自动保存一个版本；导入、恢复、接受起草或助手的修改前后也会保存。"
                    "选择一个版本可先查看恢复它会改动什么。")
        self.versions = gr.Dropdown(label="历史版本（最新在前）", choices=[], elem_id="nb-versions")
        self.diff = gr.HTML(f'<p class="nb-empty">{NO_CHOICE}</p>', elem_id="nb-version-diff",
                            apply_default_css=False)
        with gr.Row():
            self.restore_btn = gr.Button("恢复到此版本（当前内容会先保存为一个版本）",
                                         elem_id="nb-restore", variant="primary")
            self.undo = gr.Button("撤销", visible=False, elem_id="nb-history-undo")
        with gr.Row():
            self.note = gr.Textbox(label="备注", placeholder="如：送审稿", scale=3,
                                   elem_id="nb-version-note")
            self.save_btn = gr.Button("保存当前版本", scale=1, elem_id="nb-save-version")
        self.message = gr.Markdown(elem_id="nb-history-msg")
        shell.on_refresh([self.versions, self.diff, self.undo], self.render_all)

    def render(self, key: str) -> Updates:
        """The list of versions (what the tab's select event updates)."""
        if not key:
            return {self.versions: gr.update(choices=[], value=None)}
        versions = self.shell.library.get(key).folder.versions(limit=SHOWN)
        return {self.versions: gr.update(choices=version_choices(versions), value=None)}

    def render_all(self, key: str) -> Updates:
        """The list, an empty preview and the undo button (on every full refresh)."""
        last = self.shell.library.get(key).last_replacement() if key else None
        undo = (gr.Button(f"撤销：{last.action}", visible=True) if last is not None
                else gr.Button(visible=False))
        return {**self.render(key), self.diff: f'<p class="nb-empty">{NO_CHOICE}</p>',
                self.undo: undo}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def preview(key: str, version_id: str | None) -> str:
            if not key or not version_id:
                return f'<p class="nb-empty">{NO_CHOICE}</p>'
            current = lib.get(key)
            version = next((v for v in current.folder.versions(limit=SHOWN) if v.id == version_id),
                           None)
            title = version_title(version) if version is not None else version_id
            return changes_html(current.compare_version(version_id), title,
                                version.draft if version is not None else None)

        @reporting
        def restore(key: str, version_id: str | None) -> Updates:
            if not version_id:
                raise NianbaoError("请先选择一个历史版本")
            current = lib.get(key)
            version = next((v for v in current.folder.versions(limit=SHOWN) if v.id == version_id),
                           None)
            current.restore(version_id)
            name = version_title(version) if version is not None else version_id
            return {**shell.refresh(key),
                    self.message: f"已恢复到版本“{name}”；恢复前的内容已保存为一个版本，可以撤销。"}

        @reporting
        def undo(key: str) -> Updates:
            record = lib.get(key).undo()
            return {**shell.refresh(key),
                    self.message: f"已撤销“{record.action}”；撤销前的内容已保存为一个版本。"}

        @reporting
        def checkpoint(key: str, note: str) -> Updates:
            version = lib.get(key).checkpoint(note.strip() or "手工保存")
            text = "内容与上一版本相同，未新建版本。" if version is None else f"已保存版本：{version.note}"
            return {**self.render_all(key), self.message: text, self.note: ""}

        self.versions.change(preview, [shell.key, self.versions], [self.diff],
                             show_progress="hidden")
        self.restore_btn.click(restore, [shell.key, self.versions],
                               [*shell.outputs(), self.message])
        self.undo.click(undo, [shell.key], [*shell.outputs(), self.message])
        self.save_btn.click(checkpoint, [shell.key, self.note],
                            [self.versions, self.diff, self.undo, self.message, self.note])
