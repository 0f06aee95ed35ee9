"""The 导出 tab: the export formats, downloadable; blocked while errors remain (placeholders such
as 【待补充】 included) or cells of the national form are blank or unresolved, unless the writer
records a reason. A preview shows the report as exported (the website page) before exporting.

In the shared mode (``publish_check``) export is for publishing: it also needs the report
approved, with the 保密审查, at the version stored now (``can_publish``); the tab says who
approved it and when, or why it may not go out yet."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import gradio as gr

from assistant.services import ExportFormat, ExportGate, NianbaoError, Verdict, export_open, preview
from ui.shell import Shell, Updates, reporting

FORMAT_LABELS = {
    ExportFormat.DOCX: "Word（.docx，公文格式）",
    ExportFormat.PDF: "PDF",
    ExportFormat.HTML: "网页（.html）",
    ExportFormat.MD: "Markdown（.md）",
    ExportFormat.JSON: "JSON（规范单元格地址）",
    ExportFormat.XLSX: "表格（.xlsx，表二至表四）",
}
SHOWN = 12
NO_REPORT = '<p class="nb-empty">尚未打开报告：请先新建或导入一份报告。</p>'
NO_PREVIEW = '<p class="nb-empty">点击“预览全文”，查看导出后的样子（网页版式，与 Word 内容相同）。</p>'


def gate_markdown(gate: ExportGate) -> str:
    """The gate in words. The report's own problems are 错误 (and unfilled cells); a refused
    action is a toast titled “操作未完成”: the two are never worded alike."""
    text = gate.message()
    if gate.blocked:
        listed = [i.finding.message for i in gate.errors] + [i.finding.message for i in gate.gaps]
        shown = "\n".join(f"- {m}" for m in listed[:SHOWN])
        more = f"\n- ……另有 {len(listed) - SHOWN} 项" if len(listed) > SHOWN else ""
        return f"**✗ {text}**\n\n{shown}{more}"
    return ("**！** " if gate.blocking else "**✓** ") + text


def verdict_markdown(verdict: Verdict) -> str:
    return ("**✓ 发布审核**：" if verdict.ok else "**✗ 发布审核**：") + verdict.reason


def preview_html(page: str, note: str = "") -> str:
    """The exported web page in a frame of its own (its styles stay inside it)."""
    banner = f'<p class="nb-preview-note">{escape(note)}</p>' if note else ""
    return (f'{banner}<iframe id="nb-preview-frame" class="nb-preview-frame" title="导出预览" '
            f'sandbox="allow-same-origin" srcdoc="{escape(page, quote=True)}"></iframe>')


class ExportTab:
    def __init__(self, shell: Shell, exports_dir: Path,
                 publish_check: Callable[[str], Verdict] | None = None) -> None:
        self.shell = shell
        self.exports_dir = exports_dir
        self.publish_check = publish_check
        self.formats = gr.CheckboxGroup(
            [(label, fmt.value) for fmt, label in FORMAT_LABELS.items()],
            value=[ExportFormat.DOCX.value], label="导出格式", elem_id="nb-formats")
        self.gate = gr.Markdown(elem_id="nb-gate")
        with gr.Accordion("仍有错误时导出（写明理由）", open=False, elem_id="nb-override"):
            self.reason = gr.Textbox(label="理由（会与导出记录一并保存）", elem_id="nb-override-reason")
            self.override_btn = gr.Button("记录理由并允许导出", elem_id="nb-override-btn")
        self.export_btn = gr.Button("导出", variant="primary", elem_id="nb-export")
        self.files = gr.File(label="下载", file_count="multiple", interactive=False,
                             elem_id="nb-export-files")
        self.log = gr.Markdown(elem_id="nb-export-log")
        with gr.Accordion("预览全文", open=False, elem_id="nb-preview-box") as self.preview_box:
            self.preview_btn = gr.Button("预览全文（按当前内容生成）", elem_id="nb-preview-btn",
                                         size="sm")
            self.preview = gr.HTML(NO_PREVIEW, elem_id="nb-preview", apply_default_css=False)
        shell.on_refresh([self.gate, self.log, self.preview], self.render_all)

    def render(self, key: str) -> Updates:
        """The gate and the export log (what the tab's select event updates)."""
        if not key:
            return {self.gate: "", self.log: ""}
        current = self.shell.library.get(key)
        exports = current.journal().exports[-8:]
        log = "\n".join(
            f"- {r.at:%Y-%m-%d %H:%M} {r.format}：{Path(r.file).name}"
            + (f"（带 {r.errors} 个未解决的问题导出，理由：{r.override_reason}）" if r.override_reason else "")
            for r in reversed(exports)
        )
        gate = gate_markdown(current.gate())
        if self.publish_check is not None:
            gate = verdict_markdown(self.publish_check(key)) + "\n\n" + gate
        return {self.gate: gate, self.log: f"**最近的导出**\n\n{log}" if log else ""}

    def render_all(self, key: str) -> Updates:
        return {**self.render(key), self.preview: NO_PREVIEW}

    def render_preview(self, key: str) -> str:
        shown = preview(self.shell.library.get(key))
        return preview_html(shown.page, shown.note)

    def wire(self) -> None:
        shell = self.shell
        lib = shell.library

        @reporting
        def override(key: str, reason: str) -> Updates:
            lib.get(key).override_export(reason)
            return {**self.render(key), self.reason: ""}

        @reporting
        def export(key: str, formats: list[str]) -> Updates:
            if self.publish_check is not None and key:
                verdict = self.publish_check(key)
                if not verdict.ok:
                    raise NianbaoError(f"导出发布稿须经审核通过：{verdict.reason}")
            written = export_open(lib.get(key), formats, self.exports_dir / key)
            return {**self.render(key), self.files: [str(p) for p in written]}

        @reporting
        def preview(key: str) -> str:
            if not key:
                raise NianbaoError("请先新建或导入一份报告")
            return self.render_preview(key)

        self.override_btn.click(override, [shell.key, self.reason], [self.gate, self.log, self.reason])
        self.export_btn.click(export, [shell.key, self.formats], [self.gate, self.log, self.files])
        @reporting
        def opened(key: str) -> str:  # opening the box is no request: without a report, say so
            return self.render_preview(key) if key else NO_REPORT

        self.preview_btn.click(preview, [shell.key], [self.preview])
        self.preview_box.expand(opened, [shell.key], [self.preview], show_progress="hidden")
