"""The Gradio app: header, start panel, the five tabs and the chat panel, wired to the core."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from ui.account_panel import AccountPanel, AccountSummary
from ui.assistant_service import AssistantService
from ui.chat_panel import ChatPanel, DraftPanel
from ui.export_tab import ExportTab
from ui.history_tab import HistoryTab
from ui.library import Library
from ui.review_tab import ReviewTab
from ui.settings import UiSettings
from ui.shell import Shell, Updates, reporting
from ui.start_panel import StartPanel
from ui.tables_tab import TablesTab
from ui.text_tab import TextTab

TITLE = "政府信息公开工作年度报告助手"
CSS_PATH = Path(__file__).with_name("style.css")
# Stylesheets of the views, placed in the page as <style> elements after Gradio's own (the
# shell's style.css goes through launch(css=…)).
VIEW_CSS = (("text.css", "nb-text-css"), ("tables.css", "nb-tables-css"))


def stylesheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def view_styles() -> None:
    for name, elem_id in VIEW_CSS:
        gr.HTML(f"<style>{CSS_PATH.with_name(name).read_text(encoding='utf-8')}</style>", elem_id=elem_id)
# Fonts installed on the machine only: nothing is fetched from a font service.
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="red", neutral_hue="stone", font=FONTS, font_mono=MONO_FONTS)


def build_app(settings: UiSettings, library: Library | None = None) -> gr.Blocks:
    library = library or Library(settings.reports_dir)
    has_reports = bool(library.entries())
    demo = gr.Blocks(title=TITLE, fill_width=True)
    with demo:
        key = gr.State("")
        view_styles()
        with gr.Row(elem_id="nb-header", equal_height=True):
            gr.Markdown(f"## {TITLE}", elem_id="nb-title")
            report_pick = gr.Dropdown(label="当前报告", choices=library.choices(), scale=2,
                                      elem_id="nb-report-pick", interactive=True)
        status = gr.Markdown(elem_id="nb-status")
        start = StartPanel(open_=not has_reports)
        service = AssistantService(library, settings.data_dir)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3), gr.Tabs(elem_id="nb-tabs", selected="tables") as tabs:
                shell = Shell(library, key, report_pick, status, tabs)
                with gr.Tab("表格", id="tables", elem_id="nb-tab-tables"):
                    tables = TablesTab(shell)
                with gr.Tab("正文与起草", id="text", elem_id="nb-tab-text") as text_item:
                    text = TextTab(shell)
                    with text.side:
                        draft = DraftPanel(shell, service, text)
                    with text.five:
                        account_link = AccountSummary()
                with gr.Tab("整改台账", id="account", elem_id="nb-tab-account"):
                    account = AccountPanel(shell, settings.data_dir, text, account_link)
                with gr.Tab("审核", id="review", elem_id="nb-tab-review") as review_item:
                    review = ReviewTab(shell, text)
                with gr.Tab("导出", id="export", elem_id="nb-tab-export") as export_item:
                    export = ExportTab(shell, settings.exports_dir)
                with gr.Tab("历史版本", id="history", elem_id="nb-tab-history") as history_item:
                    history = HistoryTab(shell)
            with gr.Column(scale=1, min_width=340, elem_id="nb-chat-col"):
                chat = ChatPanel(shell, service, text)
        start.wire(shell)
        for part in (tables, text, review, export, history, draft):
            part.wire()
        chat.wire(draft)
        account.wire(tabs)

        def latest() -> str:
            entries = library.choices()
            return entries[0][1] if entries else ""

        @reporting
        def on_load() -> Updates:
            key = latest()
            return {**shell.refresh(key), start.accordion: gr.Accordion(open=not key)}

        @reporting
        def pick(chosen: str | None) -> Updates:
            return shell.refresh(chosen or "")

        demo.load(on_load, None, [*shell.outputs(), start.accordion])
        report_pick.input(pick, [report_pick], shell.outputs())
        review_item.select(reporting(review.render), [key], [review.list, review.detail],
                           show_progress="hidden")
        export_item.select(reporting(export.render), [key], [export.gate, export.log],
                           show_progress="hidden")
        # Back from the 整改台账 tab: the summary beside section 五 says what it holds now.
        text_item.select(reporting(account.render_five), [key, text.section],
                         [text.five, account_link.summary], show_progress="hidden")
        history_item.select(reporting(history.render), [key], [history.versions],
                            show_progress="hidden")
    return demo
