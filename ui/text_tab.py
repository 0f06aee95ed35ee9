"""The 正文与起草 tab: each section's text, saved as the writer types; drafting beside it."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.findings import SectionKey
from ui.shell import Shell, Updates, reporting
from ui.views import section_choices, status_line

DEFAULT_SECTION = SectionKey.OVERVIEW.value


class TextTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.section = gr.Radio(section_choices(), value=DEFAULT_SECTION, label="部分",
                                elem_id="nb-section")
        with gr.Row():
            with gr.Column(scale=3):
                self.text = gr.Textbox(label="正文", lines=18, max_lines=40,
                                       elem_id="nb-section-text", interactive=True,
                                       placeholder="在此撰写本部分正文；输入时自动保存。")
                self.saved = gr.Markdown(elem_id="nb-text-saved")
                # Section 五 only: what the writer's account (整改台账) holds, filled by the app.
                self.five = gr.Column(visible=False, elem_id="nb-five-account")
            self.side = gr.Column(scale=2, min_width=320)
        self.last_section: dict[str, str] = {}
        shell.on_refresh([self.section, self.text, self.saved], self.render)

    def text_of(self, key: str, section: str) -> str:
        if not key:
            return ""
        return self.shell.library.get(key).report.text(SectionKey(section))

    def render(self, key: str) -> Updates:
        """The section last worked on in this report, and its text."""
        section = self.last_section.get(key, DEFAULT_SECTION)
        return {self.section: section, self.text: self.text_of(key, section), self.saved: ""}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def show(key: str, section: str) -> str:
            if key:
                self.last_section[key] = section
            return self.text_of(key, section)

        @reporting
        def autosave(key: str, section: str, text: str) -> Any:
            if not key:
                return "尚未打开报告，输入的内容不会保存。"
            current = lib.get(key)
            if not current.set_text(SectionKey(section), text):
                return gr.skip()  # a section shown, not an edit: nothing to save
            saved = current.saved_at
            return f"已自动保存 {saved:%H:%M:%S}（{len(text)} 字）" if saved else ""

        @reporting
        def recheck(key: str) -> str:
            return status_line(lib.get(key) if key else None)

        self.section.change(show, [shell.key, self.section], [self.text], show_progress="hidden")
        # ``change`` (not ``input``): it also fires for text entered through an input method
        # or pasted, and a programmatic update (showing another section) saves nothing.
        self.text.change(autosave, [shell.key, self.section, self.text], [self.saved],
                         trigger_mode="always_last", show_progress="hidden")
        self.text.blur(recheck, [shell.key], [shell.status], show_progress="hidden")
