"""The chat panel beside the report, and the drafting panel beside each section's text.

Both stream; both end with a proposal the writer accepts or rejects — nothing the assistant
writes reaches the report without a click on 接受. A proposal is shown once, where it was asked
for (the chat, or the drafting panel), with one pair of buttons; accepting it over text the
writer typed asks first, and an accepted draft can be undone. The chat is kept with the report
(``chat.json`` in its folder) and shown again after a reload.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec

import gradio as gr

from assistant.services import (
    Answer,
    ChatSession,
    Message,
    NianbaoError,
    SectionKey,
    plain_message,
    section_name,
)
from ui.proposals import answer_markdown, draft_html, proposal_html
from ui.shell import Shell, Updates, refuse, reporting
from ui.text_tab import TextTab

P = ParamSpec("P")

# After an answer: bring its beginning into view (a long answer is read from its start; the
# chat box scrolls to its end).
SHOW_ANSWER_JS = """
() => {
  const show = () => {
    const box = document.querySelector('#nb-chat .bubble-wrap') || document.querySelector('#nb-chat');
    const users = document.querySelectorAll('#nb-chat .message-row.user-row, #nb-chat .user-row');
    const last = users.length ? users[users.length - 1] : null;
    if (!box || !last) return;
    const top = last.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - 8);
  };
  setTimeout(show, 60);
  setTimeout(show, 400);
  return [];
}
"""


def streaming(fn: Callable[P, Iterator[Updates]]) -> Callable[P, Iterator[Any]]:
    """``reporting`` for generator handlers: a refusal raised while streaming is a toast titled
    “操作未完成”, and what is on the page stays as it was (no red overlay on the outputs)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Iterator[Any]:
        try:
            yield from fn(*args, **kwargs)
        except NianbaoError as exc:
            refuse(str(exc))
            yield gr.skip()
        except OSError as exc:
            refuse(f"文件操作失败：{exc.strerror or exc}")
            yield gr.skip()

    return wrapper


def _reply(answer: Answer) -> str:
    return answer_markdown(answer)


class Confirm:
    """“This replaces the text you wrote — sure?”, under a proposal's buttons."""

    def __init__(self, prefix: str) -> None:
        with gr.Column(visible=False, elem_id=f"{prefix}-confirm") as self.box:
            self.message = gr.Markdown(elem_id=f"{prefix}-confirm-msg")
            with gr.Row():
                self.yes = gr.Button("确认替换", variant="stop", elem_id=f"{prefix}-confirm-yes")
                self.no = gr.Button("取消", elem_id=f"{prefix}-confirm-no")

    def outputs(self) -> list[Any]:
        return [self.box, self.message]

    def hidden(self) -> Updates:
        return {self.box: gr.Column(visible=False), self.message: ""}

    def ask(self, question: str) -> Updates:
        return {self.box: gr.Column(visible=True), self.message: f"**请确认：**{question}"}


class ChatPanel:
    def __init__(self, shell: Shell, service: ChatSession, text_tab: TextTab) -> None:
        self.shell = shell
        self.service = service
        self.text_tab = text_tab
        gr.Markdown("### 助手", elem_id="nb-chat-title")
        # Not scrolled to the end on every update: a long answer is read from its beginning
        # (SHOW_ANSWER_JS), and the whole of it can be scrolled.
        self.chat = gr.Chatbot(elem_id="nb-chat", height="56vh", min_height=320, show_label=False,
                               feedback_options=None, buttons=["copy"], autoscroll=False,
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
        self.confirm = Confirm("nb-chat")
        shell.on_refresh([self.chat, *self.panel_outputs()], self.render)

    def panel_outputs(self) -> list[Any]:
        return [self.proposal, self.decide, *self.confirm.outputs()]

    def render_proposal(self, key: str) -> Updates:
        proposal = self.service.proposal(key, "chat") if key else None
        return {self.proposal: proposal_html(proposal),
                self.decide: gr.Row(visible=proposal is not None), **self.confirm.hidden()}

    def render(self, key: str) -> Updates:
        return {self.chat: self.service.chat_history(key), **self.render_proposal(key)}

    def wire(self, draft: DraftPanel) -> None:
        shell = self.shell
        text_tab = self.text_tab
        service = self.service

        def remember(evt: gr.SelectData) -> str:
            value = evt.value
            return value if isinstance(value, str) else ""

        text_tab.text.select(remember, None, [self.selection], show_progress="hidden")

        @streaming
        def ask(key: str, message: str, selection: str, section: str) -> Iterator[Updates]:
            question: Message = {"role": "user", "content": message}
            if not key:
                yield {self.chat: [question, {"role": "assistant",
                                              "content": "请先新建或导入一份报告。"}],
                       self.input: ""}
                return
            history = [*service.chat_history(key), question]
            reply = ""
            try:
                answers = service.ask(key, message, selection=selection,
                                      section=SectionKey(section) if section else None)
                for answer in answers:
                    shown = [*history, {"role": "assistant", "content": _reply(answer)}]
                    yield {self.chat: shown, self.input: ""}
                    if answer.done:
                        reply = _reply(answer)
            except NianbaoError as exc:  # the question is kept, with why it was not answered
                reply = f"操作未完成：{plain_message(str(exc))}"
            saved = service.add_to_chat(key, [question, {"role": "assistant", "content": reply}])
            yield {self.chat: saved, self.input: "", self.selection: "",
                   **self.render_proposal(key), **draft.render(key)}

        outputs = [self.chat, self.input, self.selection, *self.panel_outputs(),
                   *draft.outputs()]
        inputs = [shell.key, self.input, self.selection, text_tab.section]
        for trigger in (self.send.click, self.input.submit):
            trigger(ask, inputs, outputs, show_progress="hidden").then(
                None, None, None, js=SHOW_ANSWER_JS)

        # Accepting: both panels' buttons, each asking in its own place when the section holds
        # the writer's own text.
        accept_outputs = [*shell.outputs(), *self.panel_outputs(), *draft.outputs()]

        def accepting(confirm: Confirm, confirmed: bool) -> Callable[[str], Updates]:
            @reporting
            def accept(key: str) -> Updates:
                if not confirmed:
                    question = service.confirmation(key)
                    if question is not None:
                        return confirm.ask(question)
                proposal = service.accept(key)
                text_tab.last_section[key] = proposal.section.value
                gr.Info(f"已写入“{section_name(proposal.section)}”。如需撤回，点击“撤销”。",
                        title="已采用", duration=5)
                return {**shell.refresh(key), **self.render_proposal(key), **draft.render(key)}

            return accept

        for panel_confirm, button, confirm_button in (
                (self.confirm, self.accept, self.confirm.yes),
                (draft.confirm, draft.accept, draft.confirm.yes)):
            button.click(accepting(panel_confirm, False), [shell.key], accept_outputs)
            confirm_button.click(accepting(panel_confirm, True), [shell.key], accept_outputs)

        @reporting
        def reject(key: str) -> Updates:
            service.reject(key)
            return {**self.render_proposal(key), **draft.render(key)}

        for button in (self.reject, draft.reject):
            button.click(reject, [shell.key], [*self.panel_outputs(), *draft.outputs()])
        for confirm in (self.confirm, draft.confirm):
            confirm.no.click(confirm.hidden, None, confirm.outputs(), show_progress="hidden")

        # A draft asked for in the panel replaces a proposal shown in the chat.
        for dependency in draft.drafted:
            dependency.then(reporting(self.render_proposal), [shell.key], self.panel_outputs(),
                            show_progress="hidden")


class DraftPanel:
    """Beside the section text: notes, 起草, the streamed draft, facts and passages."""

    def __init__(self, shell: Shell, service: ChatSession, text_tab: TextTab) -> None:
        self.shell = shell
        self.service = service
        self.text_tab = text_tab
        self.notes = gr.Textbox(label="起草说明（本年工作事实，每行一条，起草时作为事实使用）",
                                lines=4, elem_id="nb-notes")
        self.notes_saved = gr.Markdown(elem_id="nb-notes-saved")
        with gr.Row():
            self.draft_btn = gr.Button("起草本部分", variant="primary", elem_id="nb-draft-btn")
            self.regenerate = gr.Button("重新生成", elem_id="nb-regenerate")
        self.view = gr.HTML("", elem_id="nb-draft", apply_default_css=False)
        with gr.Row(visible=False) as self.decide:
            self.accept = gr.Button("采用此稿", variant="primary", elem_id="nb-draft-accept")
            self.reject = gr.Button("放弃此稿", elem_id="nb-draft-reject")
        self.confirm = Confirm("nb-draft")
        self.undo = gr.Button("撤销", visible=False, elem_id="nb-undo", size="sm")
        with gr.Accordion("事实表与参考条文", open=True, elem_id="nb-draft-sources-box"):
            self.sources = gr.Markdown(elem_id="nb-draft-sources")
        self.drafted: list[Any] = []
        shell.on_refresh([self.notes, self.notes_saved, self.undo], self.render_notes)

    def outputs(self) -> list[Any]:
        return [self.view, self.decide, self.sources, *self.confirm.outputs(), self.undo]

    def render_undo(self, key: str) -> Updates:
        last = self.shell.library.get(key).last_replacement() if key else None
        if last is None:
            return {self.undo: gr.Button(visible=False)}
        return {self.undo: gr.Button(f"撤销：{last.action}", visible=True)}

    def render_notes(self, key: str) -> Updates:
        text = self.shell.library.get(key).journal().notes if key else ""
        return {self.notes: text, self.notes_saved: "", **self.render_undo(key)}

    def render(self, key: str) -> Updates:
        proposal = self.service.proposal(key, "draft") if key else None
        shown: Updates = {**self.confirm.hidden(), **self.render_undo(key)}
        if proposal is None:
            return {self.view: "", self.decide: gr.Row(visible=False), **shown}
        return {self.view: draft_html(proposal.after, proposal.unverified),
                self.decide: gr.Row(visible=True), **shown}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def save_notes(key: str, text: str) -> Any:
            if not key:
                return gr.skip()
            current = lib.get(key)
            if current.journal().notes == text:
                return gr.skip()
            current.set_notes(text)
            lines = sum(1 for line in text.splitlines() if line.strip())
            return f"起草说明已保存（{lines} 条）"

        # ``change`` and ``blur``, not ``input``: text committed by an input method, pasted or
        # dropped fires no key event, and must be saved all the same.
        self.notes.change(save_notes, [shell.key, self.notes], [self.notes_saved],
                          trigger_mode="always_last", show_progress="hidden")
        self.notes.blur(save_notes, [shell.key, self.notes], [self.notes_saved],
                        show_progress="hidden")

        @streaming
        def draft(key: str, section: str, notes: str) -> Iterator[Updates]:
            if not key:
                raise NianbaoError("请先新建或导入一份报告")
            current = lib.get(key)
            if notes != current.journal().notes:  # the draft uses what is on screen, saved first
                current.set_notes(notes)
            for answer in self.service.draft(key, SectionKey(section)):
                if not answer.done:
                    yield {self.view: draft_html(answer.text, streaming=True),
                           self.decide: gr.Row(visible=False), **self.confirm.hidden()}
                    continue
                if answer.proposal is None:
                    yield {self.view: f'<p class="nb-empty">{answer.text}</p>',
                           self.decide: gr.Row(visible=False), self.sources: ""}
                    return
                yield {**self.render(key),
                       self.sources: answer_markdown(answer, limit=40)}

        for button in (self.draft_btn, self.regenerate):
            self.drafted.append(button.click(
                draft, [shell.key, self.text_tab.section, self.notes], self.outputs(),
                show_progress="hidden"))

        @reporting
        def undo(key: str) -> Updates:
            record = lib.get(key).undo()
            gr.Info(f"已撤销“{record.action}”；撤销前的内容已保存为历史版本。", title="已撤销",
                    duration=6)
            return {**shell.refresh(key), **self.render(key)}

        self.undo.click(undo, [shell.key], [*shell.outputs(), *self.outputs()])
