"""Text and HTML the UI shows, from core objects (no gradio): status line, cell inspector,
review list, history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from assistant.cells import cell_spec
from assistant.findings import SECTION_NUMERALS, SECTION_TITLES, Finding, SectionKey
from assistant.report import Report
from assistant.workspace import (
    CellEdit,
    ExportGate,
    OpenReport,
    ReviewItem,
    Version,
    cell_text,
)

FAMILY_NAMES = {
    "t2": "表二", "t3": "表三", "t4": "表四", "xyear": "跨年度", "text": "正文数字",
    "struct": "结构", "proof": "校对", "parse": "解析", "cite": "引用", "docno": "文号",
    "citation": "引用", "repeat": "雷同",
}


def section_label(key: SectionKey) -> str:
    numeral = SECTION_NUMERALS.get(key)
    return f"{numeral}、{SECTION_TITLES[key]}" if numeral else SECTION_TITLES[key]


def section_choices() -> list[tuple[str, str]]:
    return [(section_label(k), k.value) for k in SectionKey]


def status_line(current: OpenReport | None) -> str:
    if current is None:
        return "尚未打开报告：请在“新建或导入报告”中开始。"
    report = current.report
    findings = current.findings
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    saved = current.saved_at or _mtime(current)
    saved_text = f"已自动保存 {saved:%H:%M:%S}" if saved else "尚未保存"
    return (f"**{escape(report.meta.agency or '未命名机关')}** · {report.meta.year}年 · "
            f"{report.version.value}年版格式 · {saved_text} · "
            f"错误 {errors} 个、提示 {warnings} 条")


def _mtime(current: OpenReport) -> datetime | None:
    path = current.folder.report_path
    return datetime.fromtimestamp(path.stat().st_mtime) if path.exists() else None


def where(finding: Finding, report: Report) -> str:
    """Where a finding points, in words: a cell's label or a section and its excerpt."""
    if finding.cell:
        try:
            return cell_spec(report.version, finding.cell).label
        except KeyError:
            return finding.cell
    if finding.section is not None:
        place = section_label(finding.section)
        if finding.span is not None:
            start, end = finding.span
            excerpt = report.text(finding.section)[start:end]
            if excerpt:
                short = excerpt if len(excerpt) <= 30 else excerpt[:30] + "…"
                place += f"：“{short}”"
        return place
    return "全文"


def review_html(items: Sequence[ReviewItem], report: Report, selected: str = "") -> str:
    """The review list: open findings (errors first), then dismissed ones with their reasons."""
    open_items = [i for i in items if i.is_open]
    dismissed = [i for i in items if not i.is_open]
    if not items:
        return '<p class="nb-ok" id="nb-review-empty">✓ 没有发现问题。</p>'
    rows = [_review_row(i, report, selected) for i in open_items]
    errors = sum(i.finding.is_error for i in open_items)
    head = (f'<p class="nb-summary">待处理：错误 {errors} 个、提示 {len(open_items) - errors} 条；'
            f"已忽略 {len(dismissed)} 条。点击一条查看、跳转或忽略。</p>")
    body = f'<ol class="nb-review" id="nb-review-open">{"".join(rows)}</ol>'
    if dismissed:
        done = "".join(_review_row(i, report, selected) for i in dismissed)
        body += (f'<details class="nb-dismissed" open><summary>已忽略（{len(dismissed)}）</summary>'
                 f'<ol class="nb-review" id="nb-review-dismissed">{done}</ol></details>')
    return head + body


def _review_row(item: ReviewItem, report: Report, selected: str) -> str:
    f = item.finding
    kind = "error" if f.is_error else "warning"
    badge = "错误" if f.is_error else "提示"
    family = FAMILY_NAMES.get(f.code.split(".", 1)[0], f.code.split(".", 1)[0])
    css = f"nb-item nb-item-{kind}" + (" nb-selected" if item.key == selected else "")
    reason = ""
    if item.dismissal is not None:
        css += " nb-item-dismissed"
        reason = (f'<div class="nb-reason">已忽略（{item.dismissal.at:%m-%d %H:%M}）：'
                  f"{escape(item.dismissal.reason)}</div>")
    return (f'<li class="{css}" data-key="{escape(item.key)}" data-code="{escape(f.code)}" '
            f'tabindex="0"><span class="nb-badge nb-badge-{kind}">{badge}</span>'
            f'<span class="nb-family">{family}</span> {escape(f.message)}'
            f'<div class="nb-where">位置：{escape(where(f, report))} · 规则 {escape(f.code)}</div>'
            f"{reason}</li>")


REVIEW_JS = """
element.addEventListener('click', (e) => {
  const li = e.target.closest ? e.target.closest('li[data-key]') : null;
  if (li) trigger('select', {key: li.dataset.key});
});
element.addEventListener('keydown', (e) => {
  const li = e.target.closest ? e.target.closest('li[data-key]') : null;
  if (li && e.key === 'Enter') trigger('select', {key: li.dataset.key});
});
"""


def finding_detail(item: ReviewItem | None, report: Report) -> str:
    if item is None:
        return "在左侧列表中点击一条问题。"
    f = item.finding
    lines = [f"**{'错误' if f.is_error else '提示'}**（规则 `{f.code}`）：{f.message}",
             f"位置：{where(f, report)}"]
    if f.expected is not None or f.actual is not None:
        lines.append(f"应为：{f.expected or '—'}；实为：{f.actual or '—'}")
    if item.dismissal is not None:
        lines.append(f"已于 {item.dismissal.at:%Y-%m-%d %H:%M} 忽略，理由：{item.dismissal.reason}")
    elif f.is_error:
        lines.append("错误不能忽略：请跳转修改；确需带错导出时，在“导出”页写明理由。")
    return "\n\n".join(lines)


def gate_text(gate: ExportGate) -> str:
    text = gate.message()
    if gate.errors and gate.override is None:
        shown = "\n".join(f"- {i.finding.message}" for i in gate.errors[:12])
        more = f"\n- ……另有 {len(gate.errors) - 12} 个" if len(gate.errors) > 12 else ""
        return f"**✗ {text}**\n\n{shown}{more}"
    return ("**！** " if gate.errors else "**✓** ") + text


def inspector(current: OpenReport, address: str, explanation: str | None) -> str:
    """What the writer sees on focusing a cell: its label, value, problems and origin."""
    report = current.report
    try:
        spec = cell_spec(report.version, address)
    except KeyError:
        return f"没有单元格 {address}"
    lines = [f"**{spec.label}**（`{address}`）", f"当前数值：{cell_text(report, address) or '空'}"]
    problems = [f for f in current.findings if address in (f.cell, *f.cells)]
    for f in problems:
        lines.append(f"- {'错误' if f.is_error else '提示'}：{f.message}")
    if not problems:
        lines.append("本单元格没有核对问题。")
    lines.append("")
    lines.append("**为什么是这个数？**")
    lines.append(explanation or origin_text(current))
    edits = [e for e in current.journal().cell_edits if e.cell == address][-5:]
    if edits:
        lines.append("")
        lines.append("**手工修改记录**")
        lines += [edit_line(e) for e in reversed(edits)]
    return "\n".join(lines)


def origin_text(current: OpenReport) -> str:
    origin = current.journal().origin or current.report.meta.source or "未记录"
    return f"本报告的数值来自：{origin}。没有台账来源记录，无法追溯到具体台账行。"


def edit_line(edit: CellEdit) -> str:
    return f"- {edit.at:%m-%d %H:%M:%S}：{edit.old or '空'} → {edit.new or '空'}"


def version_choices(versions: Sequence[Version]) -> list[tuple[str, str]]:
    return [(f"{v.at:%Y-%m-%d %H:%M:%S} · {v.note}", v.id) for v in versions]
