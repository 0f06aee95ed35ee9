"""The 导出 tab: the export formats, downloadable; blocked while errors remain unless the
writer records a reason."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.errors import NianbaoError
from assistant.export import ExportFormat, export_report
from assistant.workspace import ExportRecord
from assistant.workspace.store import now
from ui.shell import Shell, Updates, reporting
from ui.views import gate_text

FORMAT_LABELS = {
    ExportFormat.DOCX: "Word（.docx，公文格式）",
    ExportFormat.PDF: "PDF",
    ExportFormat.HTML: "网页（.html）",
    ExportFormat.MD: "Markdown（.md）",
    ExportFormat.JSON: "JSON（规范单元格地址）",
    ExportFormat.XLSX: "表格（.xlsx，表二至表四）",
}


class ExportTab:
    def __init__(self, shell: Shell, exports_dir: Path) -> None:
        self.shell = shell
        self.exports_dir = exports_dir
        self.formats = gr.CheckboxGroup(
            [(label, fmt.value) for fmt, label in FORMAT_LABELS.items()],
            value=[ExportFormat.DOCX.value], label="导出格式", elem_id="nb-formats")
        self.gate = gr.Markdown(elem_id="nb-gate")
        with gr.Accordion("仍有错误时导出", open=False, elem_id="nb-override"):
            self.reason = gr.Textbox(label="理由（会与导出记录一并保存）", elem_id="nb-override-reason")
            self.override_btn = gr.Button("记录理由并允许导出", elem_id="nb-override-btn")
        self.export_btn = gr.Button("导出", variant="primary", elem_id="nb-export")
        self.files = gr.File(label="下载", file_count="multiple", interactive=False,
                             elem_id="nb-export-files")
        self.log = gr.Markdown(elem_id="nb-export-log")
        shell.on_refresh([self.gate, self.log], self.render)

    def render(self, key: str) -> Updates:
        if not key:
            return {self.gate: "", self.log: ""}
        current = self.shell.library.get(key)
        exports = current.journal().exports[-8:]
        log = "\n".join(
            f"- {r.at:%Y-%m-%d %H:%M} {r.format}：{Path(r.file).name}"
            + (f"（带 {r.errors} 个错误导出，理由：{r.override_reason}）" if r.override_reason else "")
            for r in reversed(exports)
        )
        return {self.gate: gate_text(current.gate()),
                self.log: f"**最近的导出**\n\n{log}" if log else ""}

    def folder(self, key: str) -> Path:
        folder = self.exports_dir / key
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def override(key: str, reason: str) -> Updates:
            lib.get(key).override_export(reason)
            return {**self.render(key), self.reason: ""}

        @reporting
        def export(key: str, formats: list[str]) -> Updates:
            current = lib.get(key)
            if not formats:
                raise NianbaoError("请至少选择一种导出格式")
            gate = current.gate()
            if gate.blocked:
                raise NianbaoError(gate.message())
            report = current.report
            stem = f"{report.meta.agency or '未命名机关'}{report.meta.year}年政府信息公开工作年度报告"
            written = []
            for value in formats:
                fmt = ExportFormat(value)
                out = self.folder(key) / f"{stem}.{fmt.value}"
                export_report(report, out, fmt)
                current.folder.record_export(ExportRecord(
                    format=fmt.value, file=str(out), at=now(), errors=len(gate.errors),
                    override_reason=gate.override.reason if gate.override else None))
                written.append(str(out))
            return {**self.render(key), self.files: written}

        self.override_btn.click(override, [shell.key, self.reason], [self.gate, self.log, self.reason])
        self.export_btn.click(export, [shell.key, self.formats], [self.gate, self.log, self.files])
