"""The 表格 tab: 表二/三/四 editable as the national form, re-checked on every edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import NianbaoError
from assistant.workspace import OpenReport
from ui.shell import Shell, Updates, reporting
from ui.tables import TABLE_JS, tables_html
from ui.views import inspector, status_line

EMPTY = '<p class="nb-empty">尚未打开报告：请在上方“新建或导入报告”中开始。</p>'


def explanation_text(current: OpenReport, address: str) -> str | None:
    """The ledger explanation of a cell, when the report was filled from a ledger."""
    path = current.folder.provenance_path
    if not path.is_file():
        return None
    from assistant.ledger.explain import SOURCE_NAMES, explain
    from assistant.ledger.provenance import Provenance

    try:
        found = explain(current.report, Provenance.load(path), address)
    except NianbaoError as exc:
        return str(exc)
    lines = [f"计数规则：{found.rule}。"]
    if found.parts:
        parts = "、".join(f"{p}={v}" for p, v in found.parts)
        lines.append(f"合计的组成：{parts}。")
    if found.rows:
        lines.append(f"台账中计入的行（{len(found.rows)} 行）：")
        for row in found.rows[:30]:
            values = "，".join(f"{k}：{v}" for k, v in row.values.items() if v)
            lines.append(f"- {SOURCE_NAMES[row.source]} {row.file} 第{row.row}行：{values}")
        if len(found.rows) > 30:
            lines.append(f"- ……另有 {len(found.rows) - 30} 行")
    elif not found.parts:
        lines.append("台账中没有计入该单元格的行。")
    if found.note:
        lines.append(f"注意：{found.note}")
    return "\n".join(lines)


class TablesTab:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        with gr.Row():
            with gr.Column(scale=4):
                self.tables = gr.HTML(EMPTY, js_on_load=TABLE_JS, elem_id="nb-tables",
                                      apply_default_css=False)
            with gr.Column(scale=1, min_width=240):
                self.inspector = gr.Markdown("点击任一单元格，查看其核对结果和来源。",
                                             elem_id="nb-inspector")
                with gr.Accordion("从台账填入表格", open=False, elem_id="nb-ledger"):
                    self.apps = gr.File(label="依申请公开登记台账（.xlsx/.csv）",
                                        file_types=[".xlsx", ".csv"], elem_id="nb-ledger-apps")
                    self.cases = gr.File(label="复议诉讼台账（可选）", file_types=[".xlsx", ".csv"])
                    self.table2 = gr.File(label="表二台账（可选）", file_types=[".xlsx", ".csv"])
                    self.fill_btn = gr.Button("按台账重新统计表格", elem_id="nb-ledger-fill")
                self.ledger_notes = gr.Markdown(elem_id="nb-ledger-notes")
                with gr.Accordion("上年报告（跨年度核对）", open=False):
                    self.previous = gr.File(label="上年报告（任意格式）", elem_id="nb-previous")
                    self.previous_btn = gr.Button("载入上年报告")
                self.previous_note = gr.Markdown()
        shell.on_refresh([self.tables, self.inspector, self.ledger_notes], self.render)

    def render(self, key: str) -> Updates:
        if not key:
            return {self.tables: EMPTY, self.inspector: "", self.ledger_notes: ""}
        current = self.shell.library.get(key)
        return {self.tables: tables_html(current.report, current.findings),
                self.inspector: "点击任一单元格，查看其核对结果和来源。",
                self.ledger_notes: ""}

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def edit_cell(key: str, evt: gr.EventData) -> Updates:
            current = lib.get(key)
            address, value = str(evt.cell), str(evt.value)
            current.set_cell(address, value)
            return {self.tables: tables_html(current.report, current.findings),
                    shell.status: status_line(current),
                    self.inspector: inspector(current, address, explanation_text(current, address))}

        @reporting
        def inspect(key: str, evt: gr.EventData) -> str:
            current = lib.get(key)
            address = str(evt.cell)
            return inspector(current, address, explanation_text(current, address))

        self.tables.input(edit_cell, [shell.key], [self.tables, shell.status, self.inspector],
                          show_progress="hidden", queue=True)
        self.tables.select(inspect, [shell.key], [self.inspector], show_progress="hidden")

        @reporting
        def fill(key: str, apps: Any, cases: Any, table2: Any) -> Updates:
            if apps is None:
                raise NianbaoError("请先上传依申请公开登记台账")
            notes = lib.import_ledger(key, Path(apps), cases=_path(cases), table2=_path(table2))
            updates = shell.refresh(key)
            updates[self.ledger_notes] = "\n".join(f"- {n}" for n in notes)
            return updates

        self.fill_btn.click(fill, [shell.key, self.apps, self.cases, self.table2], shell.outputs())

        @reporting
        def load_previous(key: str, upload: Any) -> Updates:
            if upload is None:
                raise NianbaoError("请先上传上年报告")
            note = lib.set_previous(key, Path(upload))
            updates = shell.refresh(key)
            updates[self.previous_note] = note
            return updates

        self.previous_btn.click(load_previous, [shell.key, self.previous],
                                [*shell.outputs(), self.previous_note])


def _path(upload: Any) -> Path | None:
    return Path(upload) if upload else None
