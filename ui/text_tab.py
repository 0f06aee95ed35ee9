"""The 正文与起草 tab: each section's text, saved as the writer types; drafting beside it.

Under the text: the numbers kept word for word from last year's report that none of this year's
cells holds (after 从上年报告开始, last year's text is the first draft), each marked in its
sentence, so that none goes out unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import gradio as gr

from assistant.services import Finding, SectionKey
from ui.shell import Shell, Updates, reporting
from ui.views import section_choices, status_line

DEFAULT_SECTION = SectionKey.OVERVIEW.value
SHOWN_STALE = 30
STOPS = "。；！？\n"
PLACEHOLDER = "在此撰写本部分正文；输入时自动保存。"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(stop, 0, start) for stop in STOPS) + 1
    right = min((i + 1 for i in (text.find(stop, end) for stop in STOPS) if i >= 0), default=len(text))
    return left, right


def stale_html(text: str, found: Sequence[Finding]) -> str:
    """The sentences holding last year's numbers, each such number marked; empty when none."""
    sentences: dict[tuple[int, int], list[Finding]] = {}
    for finding in found:
        if finding.span is not None:
            sentences.setdefault(_sentence_bounds(text, *finding.span), []).append(finding)
    if not sentences:
        return ""
    items = []
    for (left, right), marks in list(sentences.items())[:SHOWN_STALE]:
        out, at = [], left
        for finding in sorted(marks, key=lambda f: f.span or (0, 0)):
            start, end = finding.span or (at, at)
            out.append(escape(text[at:start]))
            out.append(f'<mark class="nb-stale-number" title="{escape(finding.message)}">'
                       f"{escape(text[start:end])}</mark>")
            at = end
        out.append(escape(text[at:right]))
        items.append(f'<li data-span="{left},{right}">{"".join(out).strip()}</li>')
    count = sum(len(m) for m in sentences.values())
    more = f"<li>……另有 {len(sentences) - SHOWN_STALE} 句</li>" if len(sentences) > SHOWN_STALE else ""
    return (f'<div class="nb-stale"><p class="nb-stale-head">⚠ 以下 {count} 处数字（标黄）照搬自上年报告，'
            f"本年表格中没有对应的数，请按本年情况更新（改动后提示即消失）：</p>"
            f'<ol>{"".join(items)}{more}</ol></div>')


class TextTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.section = gr.Radio(section_choices(), value=DEFAULT_SECTION, label="部分",
                                elem_id="nb-section")
        with gr.Row():
            with gr.Column(scale=3):
                self.text = gr.Textbox(label="正文", lines=18, max_lines=40,
                                       elem_id="nb-section-text", interactive=True,
                                       placeholder=PLACEHOLDER)
                self.saved = gr.Markdown(elem_id="nb-text-saved")
                self.stale = gr.HTML("", elem_id="nb-stale", apply_default_css=False)
                # Section 五 only: what the writer's account (整改台账) holds, filled by the app.
                self.five = gr.Column(visible=False, elem_id="nb-five-account")
            self.side = gr.Column(scale=2, min_width=320)
        self.last_section: dict[str, str] = {}
        # The shared mode's lock (why the person cannot edit report ``key`` now, "" when they can).
        self.locked: Callable[[str], str] | None = None
        shell.on_refresh([self.section, self.text, self.saved, self.stale], self.render)

    def text_of(self, key: str, section: str) -> str:
        if not key:
            return ""
        return self.shell.library.get(key).report.text(SectionKey(section))

    def stale_of(self, key: str, section: str) -> str:
        if not key:
            return ""
        current = self.shell.library.get(key)
        found = current.stale_numbers(SectionKey(section))
        return stale_html(current.report.text(SectionKey(section)), found)

    def render(self, key: str) -> Updates:
        """The section last worked on in this report, and its text."""
        section = self.last_section.get(key, DEFAULT_SECTION)
        text: Any = self.text_of(key, section)
        if self.locked is not None:
            reason = self.locked(key)
            text = gr.Textbox(value=text, interactive=not reason,
                              placeholder=f"（不能修改）{reason}" if reason else PLACEHOLDER)
        return {self.section: section, self.text: text, self.saved: "",
                self.stale: self.stale_of(key, section)}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def show(key: str, section: str) -> Updates:
            if key:
                self.last_section[key] = section
            return {self.text: self.text_of(key, section), self.stale: self.stale_of(key, section)}

        @reporting
        def autosave(key: str, section: str, text: str) -> Any:
            if not key:
                return {self.saved: "尚未打开报告，输入的内容不会保存。"}
            current = lib.get(key)
            if not current.set_text(SectionKey(section), text):
                return gr.skip()  # a section shown, not an edit: nothing to save
            saved = current.saved_at
            return {self.saved: f"已自动保存 {saved:%H:%M:%S}（{len(text)} 字）" if saved else "",
                    self.stale: self.stale_of(key, section)}

        @reporting
        def recheck(key: str) -> str:
            return status_line(lib.get(key) if key else None)

        self.section.change(show, [shell.key, self.section], [self.text, self.stale],
                            show_progress="hidden")
        # ``change`` (not ``input``): it also fires for text entered through an input method
        # or pasted, and a programmatic update (showing another section) saves nothing.
        self.text.change(autosave, [shell.key, self.section, self.text], [self.saved, self.stale],
                         trigger_mode="always_last", show_progress="hidden")
        self.text.blur(recheck, [shell.key], [shell.status], show_progress="hidden")
