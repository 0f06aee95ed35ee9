"""The 表格 tab: 表二/三/四 editable as the national form, re-checked on every edit.

The tables take the tab's whole width; above them a bar with the “显示上年数和变化” box, the
undo of the last table action, and the (closed) panels to rebuild from the ledgers and to load
last year's report. Rebuilding shows the changes cell by cell and writes nothing until the
writer confirms. The cell inspector opens beside the focused cell.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.services import NianbaoError, OpenReport, edited_cells
from ui.shell import Shell, Updates, reporting
from ui.table_views import INSPECTOR_HINT, cell_inspector, plan_html
from ui.tables import TABLE_JS, tables_html
from ui.views import status_line

CELL_EVENTS = "nb-table-cells"
EMPTY = '<p class="nb-empty">尚未打开报告：请在上方“新建或导入报告”中开始。</p>'


def render_tables(current: OpenReport) -> str:
    return tables_html(current.report, current.findings, previous=current.previous,
                       edited=edited_cells(current))


def read_only(html: str, reason: str) -> str:
    """The tables with no cell editable (a locked report, a unit's submitted report), and why."""
    cells = html.replace('<input class="', '<input readonly class="')
    return f'<p class="nb-locked" id="nb-tables-locked">{escape(reason)}</p>{cells}'


class TablesTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        # The shared mode's lock (why the person cannot edit report ``key`` now, "" when they can).
        self.locked: Callable[[str], str] | None = None
        with gr.Column(elem_id="nb-tables-col"):
            with gr.Row(elem_id="nb-tables-bar", equal_height=False):
                with gr.Column(scale=0, min_width=200):
                    self.show_previous = gr.Checkbox(label="显示上年数和变化", value=False,
                                                     elem_id="nb-prev-toggle")
                    self.undo_btn = gr.Button("撤销", visible=False, size="sm",
                                              elem_id="nb-tables-undo")
                with gr.Column(scale=1, min_width=260), \
                        gr.Accordion("从台账重新统计表格", open=False,
                                     elem_id="nb-ledger") as self.ledger_box:
                    self.apps = gr.File(label="依申请公开登记台账（.xlsx/.csv）",
                                        file_types=[".xlsx", ".csv"], elem_id="nb-ledger-apps")
                    self.cases = gr.File(label="复议诉讼台账（可选，不提供则表四不变）",
                                         file_types=[".xlsx", ".csv"], elem_id="nb-ledger-cases")
                    self.table2 = gr.File(label="表二台账（可选，不提供则表二不变）",
                                          file_types=[".xlsx", ".csv"])
                    self.fill_btn = gr.Button("按台账重新统计表格", elem_id="nb-ledger-fill")
                with gr.Column(scale=1, min_width=260), \
                        gr.Accordion("上年报告（跨年度核对）", open=False, elem_id="nb-previous-acc"):
                    self.previous = gr.File(label="上年报告（任意格式）", elem_id="nb-previous")
                    self.previous_btn = gr.Button("载入上年报告", elem_id="nb-previous-btn")
            self.ledger_notes = gr.Markdown(elem_id="nb-ledger-notes")
            with gr.Column(visible=False, elem_id="nb-fill-confirm") as self.confirm:
                self.plan = gr.HTML("", elem_id="nb-fill-plan", apply_default_css=False)
                with gr.Row():
                    self.apply_btn = gr.Button("确认写入表格", variant="primary",
                                               elem_id="nb-fill-apply")
                    self.cancel_btn = gr.Button("取消（不改动）", elem_id="nb-fill-cancel")
            self.tables = gr.HTML(EMPTY, js_on_load=TABLE_JS, elem_id="nb-tables",
                                  apply_default_css=False)
            self.inspector = gr.Markdown(INSPECTOR_HINT, elem_id="nb-inspector")
        shell.on_refresh([self.tables, self.inspector, self.ledger_notes, self.confirm,
                          self.undo_btn], self.render)

    def undo_update(self, key: str) -> Any:
        label = self.shell.library.undo_label(key) if key else None
        if label is None:
            return gr.update(visible=False)
        return gr.update(value=f"撤销：{label}", visible=True)

    def render(self, key: str) -> Updates:
        if not key:
            return {self.tables: EMPTY, self.inspector: INSPECTOR_HINT, self.ledger_notes: "",
                    self.confirm: gr.update(visible=False), self.undo_btn: self.undo_update("")}
        current = self.shell.library.get(key)
        return {self.tables: self.shown(key, current), self.inspector: INSPECTOR_HINT,
                self.ledger_notes: "", self.confirm: gr.update(visible=False),
                self.undo_btn: self.undo_update(key)}

    def shown(self, key: str, current: OpenReport) -> str:
        html = render_tables(current)
        reason = self.locked(key) if self.locked is not None else ""
        return read_only(html, reason) if reason else html

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def edit_cell(key: str, evt: gr.EventData) -> Updates:
            address, value = str(evt.cell), str(evt.value)
            lib.edit_cell(key, address, value)
            current = lib.get(key)
            return {self.tables: self.shown(key, current), shell.status: status_line(current),
                    self.inspector: cell_inspector(current, address)}

        @reporting
        def inspect(key: str, evt: gr.EventData) -> str:
            return cell_inspector(lib.get(key), str(evt.cell))

        # One at a time, in the order sent: an explanation asked for before an edit landed must
        # not overwrite the one the edit returns.
        self.tables.input(edit_cell, [shell.key], [self.tables, shell.status, self.inspector],
                          show_progress="hidden", queue=True, concurrency_id=CELL_EVENTS,
                          concurrency_limit=1)
        self.tables.select(inspect, [shell.key], [self.inspector], show_progress="hidden",
                           concurrency_id=CELL_EVENTS, concurrency_limit=1)

        @reporting
        def choose_split(key: str, evt: gr.EventData) -> Updates:
            data = evt._data or {}
            found = lib.resolve_split(key, int(data["ambiguity"]), int(data["choice"]),
                                      printed=data.get("printed"))
            updates = shell.refresh(key)
            shown = "，".join(f"{a.split('.')[-1]}={new}" for a, (_, new) in found.changes.items())
            updates[self.ledger_notes] = (f"已按所选拆分填入原文“{found.ambiguity.printed}”所在行"
                                          f"（{shown}）；可点击“撤销”恢复。")
            return updates

        self.tables.click(choose_split, [shell.key], shell.outputs(), show_progress="hidden")

        @reporting
        def preview(key: str, apps: Any, cases: Any, table2: Any) -> Updates:
            if apps is None:
                raise NianbaoError("请先上传依申请公开登记台账")
            plan = lib.plan_ledger(key, Path(apps), cases=_path(cases), table2=_path(table2))
            return {self.plan: plan_html(plan), self.confirm: gr.update(visible=True)}

        self.fill_btn.click(preview, [shell.key, self.apps, self.cases, self.table2],
                            [self.plan, self.confirm])

        @reporting
        def apply(key: str) -> Updates:
            notes = lib.apply_ledger(key)
            updates = shell.refresh(key)
            updates[self.ledger_notes] = "\n".join(f"- {n}" for n in notes)
            updates[self.ledger_box] = gr.Accordion(open=False)
            return updates

        self.apply_btn.click(apply, [shell.key], [*shell.outputs(), self.ledger_box])

        @reporting
        def cancel(key: str) -> Updates:
            lib.cancel_ledger(key)
            return {self.confirm: gr.update(visible=False),
                    self.ledger_notes: "已取消：表格没有改动。"}

        self.cancel_btn.click(cancel, [shell.key], [self.confirm, self.ledger_notes])

        @reporting
        def undo(key: str) -> Updates:
            note = lib.undo(key)
            updates = shell.refresh(key)
            updates[self.ledger_notes] = note
            return updates

        self.undo_btn.click(undo, [shell.key], shell.outputs())

        @reporting
        def load_previous(key: str, upload: Any) -> Updates:
            if upload is None:
                raise NianbaoError("请先上传上年报告")
            note = lib.set_previous(key, Path(upload))
            updates = shell.refresh(key)
            updates[self.ledger_notes] = note
            return updates

        self.previous_btn.click(load_previous, [shell.key, self.previous], shell.outputs())


def _path(upload: Any) -> Path | None:
    return Path(upload) if upload else None
