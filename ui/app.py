"""The Gradio app: header, start panel, the five tabs and the chat panel, wired to the core.

With a ``Login`` (the shared mode), the workspace is each person's view of the reports in the
database (``SharedLibrary``): who is logged in and the report's sign-off status in the header,
the 审签与意见 tab, comments beside the text and the tables, a locked report shown read-only,
export for publishing only once approved, and, for the 汇总审核人, the 汇总收报 tab. What a
person sees follows their role (set when the page loads)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import gradio as gr

from assistant.services import ChatSession, Library, Role, SharedLibrary, open_local
from ui.account_panel import AccountPanel, AccountSummary
from ui.chat_panel import ChatPanel, DraftPanel
from ui.export_tab import ExportTab
from ui.history_tab import HistoryTab
from ui.login import Login
from ui.review_tab import ReviewTab
from ui.round_panel import RoundPanel
from ui.settings import UiSettings
from ui.shell import Shell, Updates, reporting
from ui.signoff_panel import SignoffPanel, can_start
from ui.start_panel import StartPanel
from ui.tables_tab import TablesTab
from ui.text_tab import DEFAULT_SECTION, TextTab

TITLE = "政府信息公开工作年度报告助手"
CSS_PATH = Path(__file__).with_name("style.css")
# Stylesheets of the views, placed in the page as <style> elements after Gradio's own (the
# shell's style.css goes through launch(css=…)).
VIEW_CSS = (("text.css", "nb-text-css"), ("tables.css", "nb-tables-css"))


def stylesheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


SHARED_CSS = ("shared.css", "nb-shared-css")  # the shared mode's parts


def view_styles(*, shared: bool = False) -> None:
    for name, elem_id in (*VIEW_CSS, SHARED_CSS) if shared else VIEW_CSS:
        gr.HTML(f"<style>{CSS_PATH.with_name(name).read_text(encoding='utf-8')}</style>", elem_id=elem_id)
    if shared:  # a unit's submitted report, shown as the national form like the 表格 tab's
        gr.HTML(f"<style>{round_report_css()}</style>", elem_id="nb-round-tables-css")


def round_report_css() -> str:
    """The rules of the 表格 tab's tables (style.css, tables.css), for the 汇总收报 tab's copy."""
    rules = []
    for name in ("style.css", "tables.css"):
        text = re.sub(r"/\*.*?\*/", "", CSS_PATH.with_name(name).read_text(encoding="utf-8"), flags=re.S)
        for rule in re.findall(r"[^{}@]+\{[^{}]*\}", text):
            if "#nb-tables " in rule:
                rules.append(rule.strip().replace("#nb-tables-col #nb-tables ", "#nb-round-report ")
                             .replace("#nb-tables ", "#nb-round-report "))
    return "\n".join(rules)
# Fonts installed on the machine only: nothing is fetched from a font service.
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="red", neutral_hue="stone", font=FONTS, font_mono=MONO_FONTS)


WORKCOPIES = "workcopies"  # under the data folder: each person's copies in the shared mode


def build_app(settings: UiSettings, library: Library | None = None, *, login: Login | None = None) -> gr.Blocks:
    shared = (SharedLibrary(login.db, settings.data_dir / WORKCOPIES, login.actor)
              if login is not None else None)
    library = shared or library or open_local(settings.data_dir, settings.reports_dir)
    has_reports = shared is None and bool(library.entries())
    signoff = SignoffPanel(shared) if shared is not None else None
    demo = gr.Blocks(title=TITLE, fill_width=True)
    with demo:
        key = gr.State("")
        view_styles(shared=shared is not None)
        with gr.Row(elem_id="nb-header", equal_height=True):
            gr.Markdown(f"## {TITLE}", elem_id="nb-title")
            report_pick = gr.Dropdown(label="当前报告", choices=[] if shared else library.choices(), scale=2,
                                      elem_id="nb-report-pick", interactive=True)
            if signoff is not None:
                signoff.who()
        # The shared mode shows the workspace or the collection round by the person's role.
        workspace = (gr.Column(elem_id="nb-workspace") if signoff is not None
                     else contextlib.nullcontext())
        with workspace:
            status = gr.Markdown(elem_id="nb-status")
            if signoff is not None:
                signoff.banner()
            start = StartPanel(open_=not has_reports)
            service = ChatSession(library, settings.data_dir)
            with gr.Row(equal_height=False):
                with gr.Column(scale=3), gr.Tabs(elem_id="nb-tabs", selected="tables") as tabs:
                    shell = Shell(library, key, report_pick, status, tabs)
                    if signoff is not None:
                        signoff.attach(shell)  # first: it brings the person's copy up to date
                    with gr.Tab("表格", id="tables", elem_id="nb-tab-tables"):
                        if signoff is not None:
                            signoff.beside_tables()
                        tables = TablesTab(shell)
                    with gr.Tab("正文与起草", id="text", elem_id="nb-tab-text") as text_item:
                        text = TextTab(shell)
                        with text.side:
                            if signoff is not None:
                                signoff.beside_text()
                            draft = DraftPanel(shell, service, text)
                        with text.five:
                            account_link = AccountSummary()
                    with gr.Tab("整改台账", id="account", elem_id="nb-tab-account"):
                        account = AccountPanel(shell, settings.data_dir, text, account_link)
                    with gr.Tab("审核", id="review", elem_id="nb-tab-review") as review_item:
                        review = ReviewTab(shell, text)
                    if signoff is not None:
                        with gr.Tab("审签与意见", id="signoff", elem_id="nb-tab-signoff") as signoff_item:
                            signoff.tab()
                    with gr.Tab("导出", id="export", elem_id="nb-tab-export") as export_item:
                        export = ExportTab(shell, settings.exports_dir,
                                           publish_check=shared.publish_verdict if shared is not None else None)
                    with gr.Tab("历史版本", id="history", elem_id="nb-tab-history") as history_item:
                        history = HistoryTab(shell)
                with gr.Column(scale=1, min_width=340, elem_id="nb-chat-col"):
                    chat = ChatPanel(shell, service, text)
        rounds: RoundPanel | None = None
        if shared is not None:
            with gr.Column(visible=False, elem_id="nb-rounds") as rounds_col:
                gr.Markdown("### 汇总收报", elem_id="nb-rounds-title")
                rounds = RoundPanel(shared, settings.exports_dir)
        if shared is not None and signoff is not None:
            signoff.register()
            signoff.section_of = lambda key: text.last_section.get(key, DEFAULT_SECTION)
            text.locked = tables.locked = shared.locked
        start.wire(shell)
        for part in (tables, text, review, export, history, draft):
            part.wire()
        chat.wire(draft)
        account.wire(tabs)

        def latest() -> str:
            entries = library.choices()
            return entries[0][1] if entries else ""

        load_outputs = [*shell.outputs(), start.accordion]

        @reporting
        def on_load() -> Updates:
            key = latest()
            return {**shell.refresh(key), start.accordion: gr.Accordion(open=not key)}

        if shared is not None and signoff is not None and rounds is not None:
            signoff.wire(text.section)
            rounds.wire()
            # Opening the tab shows the sign-off as it is now (another person may have acted).
            signoff_item.select(reporting(signoff.render), [key], signoff.outputs(), show_progress="hidden")
            round_panel, panel = rounds, signoff
            assert isinstance(workspace, gr.Column)
            extra = [panel.who_box, workspace, rounds_col, start.blank_agency, round_panel.round,
                     *round_panel.round_outputs()]
            load_outputs += [o for o in extra if o not in load_outputs]

            @reporting
            def on_shared_load() -> Updates:
                """What the person's role shows: a 汇总审核人 the rounds they review; a unit's
                people the workspace of their agency's reports (new ones: its 撰稿人); an
                administrator both."""
                actor = shared.actor()
                writes = actor.role is not Role.ROUND_REVIEWER
                reviews = actor.agency is None
                key = latest() if writes else ""
                updates: Updates = {**shell.refresh(key), **panel.on_load(actor),
                                    workspace: gr.Column(visible=writes), rounds_col: gr.Column(visible=reviews),
                                    start.blank_agency: actor.agency or "",
                                    start.accordion: gr.Accordion(open=not key and can_start(actor),
                                                                  visible=can_start(actor))}
                if not writes:
                    updates[report_pick] = gr.Dropdown(visible=False)
                if reviews:
                    updates.update(round_panel.rounds())
                return updates

            on_load = on_shared_load

        @reporting
        def pick(chosen: str | None) -> Updates:
            return shell.refresh(chosen or "")

        demo.load(on_load, None, load_outputs)
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
