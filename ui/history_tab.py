"""The 历史版本 tab: snapshots of the report, saved automatically and on demand; restore any."""

from __future__ import annotations

import gradio as gr

from assistant.errors import NianbaoError
from ui.shell import Shell, Updates, reporting
from ui.views import version_choices

SHOWN = 100


class HistoryTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        gr.Markdown("编辑时每隔几分钟自动保存一个版本；导入、恢复、接受起草或助手的修改前后也会保存。")
        self.versions = gr.Dropdown(label="历史版本（最新在前）", choices=[], elem_id="nb-versions")
        self.restore_btn = gr.Button("恢复到此版本（当前内容会先保存为一个版本）",
                                     elem_id="nb-restore")
        with gr.Row():
            self.note = gr.Textbox(label="备注", placeholder="如：送审稿", scale=3,
                                   elem_id="nb-version-note")
            self.save_btn = gr.Button("保存当前版本", scale=1, elem_id="nb-save-version")
        self.message = gr.Markdown(elem_id="nb-history-msg")
        shell.on_refresh([self.versions], self.render)

    def render(self, key: str) -> Updates:
        if not key:
            return {self.versions: gr.update(choices=[], value=None)}
        versions = self.shell.library.get(key).folder.versions(limit=SHOWN)
        return {self.versions: gr.update(choices=version_choices(versions), value=None)}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def restore(key: str, version_id: str | None) -> Updates:
            if not version_id:
                raise NianbaoError("请先选择一个历史版本")
            lib.get(key).restore(version_id)
            return {**shell.refresh(key), self.message: f"已恢复到版本 {version_id[:15]}。"}

        @reporting
        def checkpoint(key: str, note: str) -> Updates:
            version = lib.get(key).checkpoint(note.strip() or "手工保存")
            text = "内容与上一版本相同，未新建版本。" if version is None else f"已保存版本：{version.note}"
            return {**self.render(key), self.message: text, self.note: ""}

        self.restore_btn.click(restore, [shell.key, self.versions],
                               [*shell.outputs(), self.message])
        self.save_btn.click(checkpoint, [shell.key, self.note],
                            [self.versions, self.message, self.note])
