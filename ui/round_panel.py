"""The 汇总收报 tab of the shared mode, for the 汇总审核人: the rounds they review; a round's units
with their state (未提交 / 已提交 / 有错误 / 已退回 / 已接收), error and warning counts, last change
and who; a unit's report as submitted, read-only, with its check results; return with comments
or accept; a report file uploaded for a unit; the live roll-up over the accepted reports; the
dashboard and roll-up as an .xlsx."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.services import (
    Dashboard,
    Figure,
    Finding,
    NianbaoError,
    Rollup,
    SharedLibrary,
    UnitState,
    accept_submission,
    dashboard,
    export_dashboard,
    headline,
    list_rounds,
    live_rollup,
    return_submission,
    round_log,
    rule_name,
    shown_time,
    submitted,
    upload_file_for_unit,
)
from ui.shell import Updates, reporting
from ui.tables import tables_html
from ui.tables_tab import read_only

STATE_CSS = {UnitState.NOT_SUBMITTED: "missing", UnitState.SUBMITTED: "submitted", UnitState.HAS_ERRORS: "errors",
             UnitState.RETURNED: "returned", UnitState.ACCEPTED: "accepted"}
NO_ROUND = '<p class="nb-empty">请选择一个汇总。</p>'
NO_UNIT = '<p class="nb-empty">在上方选择一个单位，查看它报送的报告。</p>'
SHOWN_FINDINGS = 30
SHOWN_LOG = 80


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def units_html(board: Dashboard) -> str:
    rows = []
    for row in board.rows:
        changed = (f"{shown_time(row.changed_at)}" if row.changed_at else "—")
        rows.append(
            f'<tr data-unit="{escape(row.unit)}" data-state="{row.state.value}">'
            f"<td>{escape(row.unit)}</td><td>{row.kind.value}</td>"
            f'<td><span class="nb-unit-state nb-unit-{STATE_CSS[row.state]}">{row.state.value}</span></td>'
            f"<td>{row.errors if row.state is not UnitState.NOT_SUBMITTED else '—'}</td>"
            f"<td>{row.warnings if row.state is not UnitState.NOT_SUBMITTED else '—'}</td>"
            f"<td>{changed}</td><td>{escape(row.changed_by or '—')}</td><td>{escape(row.note)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("单位", "类型", "状态", "错误", "提示", "最后修改", "修改人", "说明"))
    return (f'<table class="nb-round-units"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def rollup_html(result: Rollup, figures: Sequence[Figure]) -> str:
    facts = result.facts
    rows = []
    for figure in figures:
        shares = "、".join(f"{escape(unit)} {_number(value)}" for unit, value in figure.by_unit.items()) or "—"
        rows.append(f'<tr data-cell="{figure.address}"><td>{escape(figure.label)}</td>'
                    f'<td class="nb-rollup-total">{_number(figure.total)}</td><td>{shares}</td></tr>')
    lines = "".join(f"<li>{escape(line)}</li>" for line in facts.lines)
    return (f'<p class="nb-summary" id="nb-rollup-units">已接收 {facts.units_included} 个单位，'
            f"应报 {facts.units_expected} 个，尚缺 {facts.units_missing} 个。{escape(result.policy_statement)}。</p>"
            '<table class="nb-rollup"><thead><tr><th>项目</th><th>汇总数</th><th>各单位</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            + (f'<ul class="nb-rollup-facts">{lines}</ul>' if lines else ""))


def findings_html(found: Sequence[Finding]) -> str:
    if not found:
        return '<p class="nb-ok">✓ 核对未发现问题。</p>'
    errors = sum(f.is_error for f in found)
    items = "".join(
        f'<li class="nb-item nb-item-{"error" if f.is_error else "warning"}">'
        f'<span class="nb-badge nb-badge-{"error" if f.is_error else "warning"}">{"错误" if f.is_error else "提示"}'
        f"</span> {escape(f.message)}<div class=\"nb-where\">规则：{escape(rule_name(f.code))}</div></li>"
        for f in found[:SHOWN_FINDINGS])
    more = f"<li>……另有 {len(found) - SHOWN_FINDINGS} 条</li>" if len(found) > SHOWN_FINDINGS else ""
    return (f'<p class="nb-summary">核对结果：错误 {errors} 个、提示 {len(found) - errors} 条。</p>'
            f'<ol class="nb-review">{items}{more}</ol>')


class RoundPanel:
    def __init__(self, library: SharedLibrary, exports_dir: Path) -> None:
        self.lib = library
        self.exports_dir = exports_dir
        with gr.Row():
            self.round = gr.Dropdown(label="汇总（本级政府、年度）", choices=[], scale=3, elem_id="nb-round-pick")
            self.refresh_btn = gr.Button("刷新", size="sm", scale=0, elem_id="nb-round-refresh")
        self.summary = gr.Markdown(elem_id="nb-round-summary")
        self.units = gr.HTML(NO_ROUND, elem_id="nb-round-units", apply_default_css=False)
        with gr.Row():
            self.export_btn = gr.Button("导出收报情况与汇总（.xlsx）", elem_id="nb-round-export")
            self.file = gr.File(label="下载", interactive=False, visible=False, elem_id="nb-round-file")
        gr.Markdown("#### 单位报送的报告")
        self.unit = gr.Dropdown(label="单位", choices=[], elem_id="nb-round-unit")
        self.unit_state = gr.Markdown(elem_id="nb-round-unit-state")
        with gr.Row():
            with gr.Column():
                self.comment = gr.Textbox(label="退回意见（必填）", lines=2, elem_id="nb-round-comment")
                self.return_btn = gr.Button("退回", elem_id="nb-round-return")
            with gr.Column():
                self.accept_note = gr.Textbox(label="接收说明（可选）", elem_id="nb-round-note")
                self.despite = gr.Textbox(label="有错误仍接收的理由（报告有错误时必填）", elem_id="nb-round-despite")
                self.accept_btn = gr.Button("接收", variant="primary", elem_id="nb-round-accept")
        with gr.Accordion("代单位上传报告文件", open=False, elem_id="nb-round-upload-box"):
            self.upload = gr.File(label="报告文件（任意格式）", elem_id="nb-round-upload")
            self.upload_btn = gr.Button("上传为该单位的报送", elem_id="nb-round-upload-btn")
        with gr.Accordion("报告内容（只读）", open=True, elem_id="nb-round-report-box"):
            self.report = gr.HTML(NO_UNIT, elem_id="nb-round-report", apply_default_css=False)
        gr.Markdown("#### 实时汇总（只含已接收的单位）")
        self.rollup = gr.HTML("", elem_id="nb-round-rollup", apply_default_css=False)
        with gr.Accordion("汇总操作记录", open=False, elem_id="nb-round-log-box"):
            self.log = gr.Markdown(elem_id="nb-round-log")

    # --- rendering ------------------------------------------------------------------------------

    def round_outputs(self) -> list[Any]:
        return [self.summary, self.units, self.unit, self.rollup, self.log]

    def rounds(self) -> Updates:
        """The rounds the person reviews, the first one shown."""
        found = list_rounds(self.lib.db, self.lib.actor())
        if self.lib.actor().agency:  # a unit's people submit, they do not review
            found = []
        chosen = str(found[0].id) if found else None
        return {self.round: gr.Dropdown(choices=[(r.label, str(r.id)) for r in found], value=chosen),
                **self.render_round(chosen)}

    def render_round(self, round_id: str | None, unit: str | None = None) -> Updates:
        if not round_id:
            return {self.summary: "尚无可查看的汇总。", self.units: NO_ROUND,
                    self.unit: gr.Dropdown(choices=[], value=None), self.rollup: "", self.log: ""}
        db, actor = self.lib.db, self.lib.actor()
        board = dashboard(db, actor, int(round_id))
        result = live_rollup(db, actor, int(round_id))
        names = [r.unit for r in board.rows]
        entries = round_log(db, actor, int(round_id))[-SHOWN_LOG:]
        return {self.summary: board.summary, self.units: units_html(board),
                self.unit: gr.Dropdown(choices=names, value=unit if unit in names else None),
                self.rollup: rollup_html(result, headline(result)),
                self.log: "\n".join(f"- {e.summary}" for e in reversed(entries)) or "暂无记录。"}

    def render_unit(self, round_id: str | None, unit: str | None) -> Updates:
        if not round_id or not unit:
            return {self.unit_state: "", self.report: NO_UNIT}
        board = dashboard(self.lib.db, self.lib.actor(), int(round_id))
        row = next((r for r in board.rows if r.unit == unit), None)
        if row is None:
            raise NianbaoError(f"单位“{unit}”不在这个汇总的花名册上")
        changed = f"，{shown_time(row.changed_at)} {row.changed_by}" if row.changed_at else ""
        state = f"**{row.unit}**：{row.state.value}{changed}" + (f"（{row.note}）" if row.note else "")
        if row.submission_id is None:
            return {self.unit_state: state, self.report: '<p class="nb-empty">该单位尚未报送。</p>'}
        shown = submitted(self.lib.db, self.lib.actor(), row.submission_id)
        source = f'<p class="nb-summary">来源：{escape(row.source)}</p>' if row.source else ""
        body = read_only(tables_html(shown.report, shown.findings), "单位报送的报告，只读")
        return {self.unit_state: state, self.report: source + findings_html(shown.findings) + body}

    # --- events ---------------------------------------------------------------------------------

    def wire(self) -> None:
        lib = self.lib
        both = [*self.round_outputs(), self.unit_state, self.report]

        @reporting
        def pick_round(round_id: str | None) -> Updates:
            return {**self.render_round(round_id), **self.render_unit(None, None)}

        def refreshed(round_id: str | None, unit: str | None) -> Updates:
            return {**self.render_round(round_id, unit), **self.render_unit(round_id, unit)}

        refresh = reporting(refreshed)

        @reporting
        def pick_unit(round_id: str | None, unit: str | None) -> Updates:
            return self.render_unit(round_id, unit)

        self.round.input(pick_round, [self.round], both)
        self.refresh_btn.click(refresh, [self.round, self.unit], both)
        self.unit.input(pick_unit, [self.round, self.unit], [self.unit_state, self.report])

        def chosen(round_id: str | None, unit: str | None) -> tuple[int, str]:
            if not round_id:
                raise NianbaoError("请先选择汇总")
            if not unit:
                raise NianbaoError("请先选择单位")
            return int(round_id), unit

        @reporting
        def return_(round_id: str | None, unit: str | None, comment: str) -> Updates:
            rid, name = chosen(round_id, unit)
            return_submission(lib.db, lib.actor(), rid, name, comment)
            return {**refreshed(round_id, unit), self.comment: ""}

        @reporting
        def accept(round_id: str | None, unit: str | None, note: str, despite: str) -> Updates:
            rid, name = chosen(round_id, unit)
            accept_submission(lib.db, lib.actor(), rid, name, note, despite_errors=despite)
            return {**refreshed(round_id, unit), self.accept_note: "", self.despite: ""}

        @reporting
        def upload(round_id: str | None, unit: str | None, file: Any) -> Updates:
            rid, name = chosen(round_id, unit)
            if not file:
                raise NianbaoError("请先上传该单位的报告文件")
            upload_file_for_unit(lib.db, lib.actor(), rid, name, Path(file))
            return {**refreshed(round_id, unit), self.upload: None}

        @reporting
        def export(round_id: str | None) -> Any:
            if not round_id:
                raise NianbaoError("请先选择汇总")
            found = next(r for r in list_rounds(lib.db, lib.actor()) if r.id == int(round_id))
            folder = self.exports_dir / "汇总"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{found.name}{found.year}年收报情况与汇总.xlsx"
            return gr.File(value=str(export_dashboard(lib.db, lib.actor(), found.id, path)), visible=True)

        self.return_btn.click(return_, [self.round, self.unit, self.comment], [*both, self.comment])
        self.accept_btn.click(accept, [self.round, self.unit, self.accept_note, self.despite],
                              [*both, self.accept_note, self.despite])
        self.upload_btn.click(upload, [self.round, self.unit, self.upload], [*both, self.upload])
        self.export_btn.click(export, [self.round], [self.file])
