"""The 审核 tab: every finding in one list; jump to it, fix it, or dismiss it with a reason.

The list holds the report checks and, where the writer has notes or an account of the year, the
drafting guards on sections 一, 五 and 六 as written (``assistant.workspace.review.written_review``);
the header counts the same list (``ui.views.review_list``). Rules are named in words; a rule's
code and a cell's address only under 详细信息.

Below the list, 引用核对 counts the report's citations apart — verified, wrong, not verifiable
(naming the documents the corpus lacks) — and lists the ones that are not verified.
"""

from __future__ import annotations

import json
from html import escape

import gradio as gr

from assistant.services import SECTION_TITLES, NianbaoError, OpenReport, ReviewItem
from assistant.services import CitationOutcome as Outcome
from assistant.services import check_citations as check_report
from assistant.services import summarize_citations as summarize
from ui.shell import Shell, Updates, reporting
from ui.text_tab import TextTab
from ui.views import REVIEW_JS, finding_detail, review_html
from ui.views import review_list as review_list

# Runs in the browser after the jump handler switched tabs: focus the cell, or select the
# finding's span in the section's textarea.
JUMP_JS = """
(target) => {
  const t = JSON.parse(target || '{}');
  const go = (tries) => {
    if (t.cell) {
      const el = document.querySelector(`input[data-cell="${t.cell}"]`);
      if (!el) { if (tries > 0) setTimeout(() => go(tries - 1), 100); return; }
      el.scrollIntoView({block: 'center'}); el.focus(); el.select();
    } else if (t.section) {
      const ta = document.querySelector('#nb-section-text textarea');
      if (!ta) { if (tries > 0) setTimeout(() => go(tries - 1), 100); return; }
      ta.focus();
      if (t.span) { ta.setSelectionRange(t.span[0], t.span[1]); }
      ta.scrollIntoView({block: 'center'});
    }
  };
  setTimeout(() => go(20), 150);
  return [];
}
"""


def citation_panel(current: OpenReport) -> str:
    """The 引用核对 block: the citations counted by outcome, then each wrong or unverifiable one
    with its section, and the verified ones (with the passage) folded away."""
    try:
        with current.lock:
            checks = check_report(current.report)
    except NianbaoError as exc:
        return f"**引用核对**：未能核对引用（{escape(str(exc))}）"
    summary = summarize(checks)
    lines = [f"**引用核对**：{escape(summary.line())}。"]
    marks = {Outcome.WRONG: "✗ 有误", Outcome.UNVERIFIABLE: "？ 无法核对"}
    for check in checks:
        if check.finding is None or not (check.counted or check.outcome is Outcome.WRONG):
            continue
        where = SECTION_TITLES[check.section] if check.section is not None else "正文"
        mark = marks.get(check.outcome, "✗ 有误")
        lines.append(f"- {mark}（{where}）：{escape(check.finding.message)}")
    verified = [c for c in checks if c.counted and c.outcome is Outcome.VERIFIED]
    if verified:
        rows = "".join(
            f"<li>{escape(c.label or c.text)}"
            + (f"：{escape(_clip(c.resolved_text))}" if c.resolved_text else "") + "</li>"
            for c in verified
        )
        lines.append(f'<details class="nb-details"><summary>已核对（{len(verified)}）</summary><ul>{rows}</ul>'
                     "</details>")
    return "\n".join(lines[:1]) + ("\n\n" + "\n".join(lines[1:]) if len(lines) > 1 else "")


def _clip(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "……"


def dismiss_item(current: OpenReport, key: str, reason: str) -> None:
    """Dismiss a listed warning (one of the report checks' or of the written-text checks')."""
    with current.lock:
        item = next((i for i in review_list(current) if i.key == key), None)
        if item is None:
            raise NianbaoError("这条问题已不存在（报告已修改），请刷新审核列表")
        current.folder.dismiss(item.finding, current.report, reason)


class ReviewTab:
    def __init__(self, shell: Shell, text_tab: TextTab) -> None:
        self.shell = shell
        self.text_tab = text_tab
        self.selected = gr.State("")
        with gr.Row():
            with gr.Column(scale=3):
                self.list = gr.HTML("", js_on_load=REVIEW_JS, elem_id="nb-review",
                                    apply_default_css=False)
                self.citations = gr.Markdown("", elem_id="nb-citations")
            with gr.Column(scale=2, min_width=300):
                self.detail = gr.Markdown("在左侧列表中点击一条问题。", elem_id="nb-review-detail")
                self.jump_btn = gr.Button("跳转到该位置修改", elem_id="nb-jump")
                self.reason = gr.Textbox(label="忽略理由（仅提示可忽略，理由会被记录）",
                                         elem_id="nb-dismiss-reason")
                with gr.Row():
                    self.dismiss_btn = gr.Button("忽略此提示", variant="secondary",
                                                 elem_id="nb-dismiss")
                    self.undismiss_btn = gr.Button("取消忽略", elem_id="nb-undismiss")
                self.jump_target = gr.Textbox(visible=False, elem_id="nb-jump-target")
        shell.on_refresh([self.list, self.detail], self.render)
        shell.on_refresh([self.citations], self.render_citations)

    def items(self, key: str) -> list[ReviewItem]:
        return review_list(self.shell.library.get(key)) if key else []

    def render(self, key: str, selected: str = "") -> Updates:
        if not key:
            return {self.list: "", self.detail: "在左侧列表中点击一条问题。"}
        current = self.shell.library.get(key)
        items = review_list(current)
        item = next((i for i in items if i.key == selected), None)
        return {self.list: review_html(items, current.report, selected),
                self.detail: finding_detail(item, current.report)}

    def render_citations(self, key: str) -> Updates:
        return {self.citations: citation_panel(self.shell.library.get(key)) if key else ""}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library
        text_tab = self.text_tab

        @reporting
        def select(key: str, evt: gr.EventData) -> Updates:
            chosen = str(evt.key)
            return {**self.render(key, chosen), self.selected: chosen}

        @reporting
        def jump(key: str, selected: str) -> Updates:
            item = next((i for i in self.items(key) if i.key == selected), None)
            if item is None:
                raise NianbaoError("请先在列表中选择一条问题")
            f = item.finding
            if f.cell:
                return {shell.tabs: gr.Tabs(selected="tables"),
                        self.jump_target: json.dumps({"cell": f.cell})}
            if f.section is not None:
                text_tab.last_section[key] = f.section.value
                return {shell.tabs: gr.Tabs(selected="text"),
                        text_tab.section: f.section.value,
                        text_tab.text: text_tab.text_of(key, f.section.value),
                        self.jump_target: json.dumps({"section": f.section.value,
                                                      "span": list(f.span) if f.span else None})}
            raise NianbaoError("这条问题涉及全文，没有具体位置可跳转")

        @reporting
        def dismiss(key: str, selected: str, reason: str) -> Updates:
            if not selected:
                raise NianbaoError("请先在列表中选择一条提示")
            dismiss_item(lib.get(key), selected, reason)
            return {**shell.refresh(key), **self.render(key, selected), self.reason: ""}

        @reporting
        def undismiss(key: str, selected: str) -> Updates:
            if not selected:
                raise NianbaoError("请先在列表中选择一条已忽略的提示")
            lib.get(key).undismiss(selected)
            return {**shell.refresh(key), **self.render(key, selected)}

        self.list.select(select, [shell.key], [self.list, self.detail, self.selected],
                         show_progress="hidden")
        self.jump_btn.click(
            jump, [shell.key, self.selected],
            [shell.tabs, text_tab.section, text_tab.text, self.jump_target],
        ).then(None, [self.jump_target], None, js=JUMP_JS)
        outputs = [*shell.outputs(), self.reason]
        self.dismiss_btn.click(dismiss, [shell.key, self.selected, self.reason], outputs)
        self.undismiss_btn.click(undismiss, [shell.key, self.selected], shell.outputs())
