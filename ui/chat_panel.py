"""The chat panel beside the report, and the drafting panel beside each section's text.

Both stream; both end with a proposal the writer accepts or rejects — nothing the assistant
writes reaches the report without a click on 接受.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.chat import Answer
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from ui.assistant_service import AssistantService
from ui.proposals import draft_html, proposal_html, sources_markdown
from ui.shell import Shell, Updates, refuse, reporting
from ui.text_tab import TextTab

Message = dict[str, str]


def _reply(answer: Answer) -> str:
    sources = sources_markdown(answer.sources)
    return f"{answer.text}\n\n{sources}" if sources else answer.text


class ChatPanel:
    def __init__(self, shell: Shell, service: AssistantService, text_tab: TextTab) -> None:
        self.shell = shell
        self.service = service
        self.text_tab = text_tab
        gr.Markdown("### 助手", elem_id="nb-chat-title")
        self.chat = gr.Chatbot(elem_id="nb-chat", height=460, show_label=False,
                               feedback_options=None, buttons=["copy"],
                               placeholder="可以问：帮我起草第五部分；第二十条第（五）项是什么；"
                                           "这句引用对吗（先在正文中选中句子）；为什么依申请新收是26")
        self.input = gr.Textbox(show_label=False, placeholder="输入问题或要求，回车发送",
                                elem_id="nb-chat-input", lines=1)
        self.send = gr.Button("发送", elem_id="nb-chat-send", variant="primary")
        self.selection = gr.State("")
        self.proposal = gr.HTML("", elem_id="nb-proposal", apply_default_css=False)
        with gr.Row(visible=False) as self.decide:
            self.accept = gr.Button("接受修改", variant="primary", elem_id="nb-accept")
            self.reject = gr.Button("放弃", elem_id="nb-reject")
        shell.on_refresh([self.proposal, self.decide], self.render)

    def render(self, key: str) -> Updates:
        proposal = self.service.proposal(key) if key else None
        return {self.proposal: proposal_html(proposal), self.decide: gr.Row(visible=proposal is not None)}

    def wire(self, draft: DraftPanel) -> None:
        shell = self.shell
        text_tab = self.text_tab

        def remember(evt: gr.SelectData) -> str:
            value = evt.value
            return value if isinstance(value, str) else ""

        text_tab.text.select(remember, None, [self.selection], show_progress="hidden")

        def ask(key: str, message: str, history: list[Message], selection: str,
                section: str) -> Iterator[Updates]:
            history = [*history, {"role": "user", "content": message}]
            if not key:
                history.append({"role": "assistant", "content": "请先新建或导入一份报告。"})
                yield {self.chat: history, self.input: ""}
                return
            try:
                answers = self.service.ask(key, message, selection=selection,
                                           section=SectionKey(section) if section else None)
                for answer in answers:
                    shown = [*history, {"role": "assistant", "content": _reply(answer)}]
                    yield {self.chat: shown, self.input: ""}
                    if answer.done:
                        history = shown
            except NianbaoError as exc:
                history.append({"role": "assistant", "content": f"未能完成：{exc}"})
                yield {self.chat: history, self.input: ""}
                return
            yield {self.chat: history, self.selection: "", **self.render(key), **draft.render(key)}

        outputs = [self.chat, self.input, self.selection, self.proposal, self.decide,
                   *draft.outputs()]
        inputs = [shell.key, self.input, self.chat, self.selection, text_tab.section]
        self.send.click(ask, inputs, outputs, show_progress="hidden")
        self.input.submit(ask, inputs, outputs, show_progress="hidden")

        @reporting
        def accept(key: str) -> Updates:
            proposal = self.service.accept(key)
            text_tab.last_section[key] = proposal.section.value
            return {**shell.refresh(key), **self.render(key), **draft.render(key)}

        @reporting
        def reject(key: str) -> Updates:
            self.service.reject(key)
            return {**self.render(key), **draft.render(key)}

        for button in (self.accept, draft.accept):
            button.click(accept, [shell.key], [*shell.outputs(), self.proposal, self.decide,
                                               *draft.outputs()])
        for button in (self.reject, draft.reject):
            button.click(reject, [shell.key], [self.proposal, self.decide, *draft.outputs()])


class DraftPanel:
    """Beside the section text: notes, 起草, the streamed draft, facts and passages."""

    def __init__(self, shell: Shell, service: AssistantService, text_tab: TextTab) -> None:
        self.shell = shell
        self.service = service
        self.text_tab = text_tab
        self.notes = gr.Textbox(label="起草说明（本年工作事实，每行一条，起草时作为事实使用）",
                                lines=4, elem_id="nb-notes")
        with gr.Row():
            self.draft_btn = gr.Button("起草本部分", variant="primary", elem_id="nb-draft-btn")
            self.regenerate = gr.Button("重新生成", elem_id="nb-regenerate")
        self.view = gr.HTML("", elem_id="nb-draft", apply_default_css=False)
        with gr.Row(visible=False) as self.decide:
            self.accept = gr.Button("采用此稿", variant="primary", elem_id="nb-draft-accept")
            self.reject = gr.Button("放弃此稿", elem_id="nb-draft-reject")
        with gr.Accordion("事实表与参考条文", open=True, elem_id="nb-draft-sources-box"):
            self.sources = gr.Markdown(elem_id="nb-draft-sources")
        shell.on_refresh([self.notes], self.render_notes)

    def outputs(self) -> list[Any]:
        return [self.view, self.decide, self.sources]

    def render_notes(self, key: str) -> Updates:
        text = self.shell.library.get(key).journal().notes if key else ""
        return {self.notes: text}

    def render(self, key: str) -> Updates:
        proposal = self.service.proposal(key) if key else None
        if proposal is None:
            return {self.view: "", self.decide: gr.Row(visible=False)}
        return {self.view: draft_html(proposal.after, proposal.unverified),
                self.decide: gr.Row(visible=True)}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def save_notes(key: str, text: str) -> None:
            if key:
                lib.get(key).set_notes(text)

        # ``change`` and ``blur``, not ``input``: text committed by an input method, pasted or
        # dropped fires no key event, and must be saved all the same.
        self.notes.change(save_notes, [shell.key, self.notes], None, trigger_mode="always_last",
                          show_progress="hidden")
        self.notes.blur(save_notes, [shell.key, self.notes], None, show_progress="hidden")

        def draft(key: str, section: str, notes: str) -> Iterator[Updates]:
            if not key:
                refuse("请先新建或导入一份报告")
                return
            current = lib.get(key)
            if notes != current.journal().notes:  # the draft uses what is on screen, saved first
                current.set_notes(notes)
            shown = ""
            try:
                for answer in self.service.draft(key, SectionKey(section)):
                    if not answer.done:
                        shown = answer.text
                        yield {self.view: draft_html(shown, streaming=True),
                               self.decide: gr.Row(visible=False)}
                        continue
                    if answer.proposal is None:
                        yield {self.view: f'<p class="nb-empty">{answer.text}</p>',
                               self.decide: gr.Row(visible=False), self.sources: ""}
                        return
                    yield {**self.render(key),
                           self.sources: f"{answer.text}\n\n{sources_markdown(answer.sources, limit=40)}"}
            except NianbaoError as exc:
                refuse(str(exc))

        for button in (self.draft_btn, self.regenerate):
            button.click(draft, [shell.key, self.text_tab.section, self.notes], self.outputs(),
                         show_progress="hidden")
