"""Text and HTML the UI shows, from core objects (no gradio): status line, cell inspector,
review list, history.

Everything here is read by the writer: rules, cells and facts by their Chinese names; codes
and addresses only inside a collapsed “详细信息” (``details``); files by their name, never a
folder (``assistant.names``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from html import escape

from assistant.services import (
    CellEdit,
    Finding,
    OpenReport,
    Report,
    ReviewItem,
    SectionKey,
    cell_spec,
    family_name,
    plain_message,
    readable_note,
    rule_name,
    section_name,
)
from assistant.services import review_list as review_list  # the 审核 tab's list


def section_choices() -> list[tuple[str, str]]:
    return [(section_name(k), k.value) for k in SectionKey]


def open_counts(items: Sequence[ReviewItem]) -> tuple[int, int, int]:
    """(open errors, open warnings, dismissed warnings) of a review list."""
    open_items = [i for i in items if i.is_open]
    errors = sum(i.finding.is_error for i in open_items)
    return errors, len(open_items) - errors, len(items) - len(open_items)


def status_line(current: OpenReport | None) -> str:
    """The header: the report, when it was saved, and what is left to handle — the counts of
    the 审核 tab's open items (a dismissed warning is handled: it is not counted)."""
    if current is None:
        return "尚未打开报告：请在“新建或导入报告”中开始。"
    report = current.report
    errors, warnings, dismissed = open_counts(review_list(current))
    saved = current.saved_at or _mtime(current)
    saved_text = f"已自动保存 {saved:%H:%M:%S}" if saved else "尚未保存"
    ignored = f"（另有 {dismissed} 条已忽略）" if dismissed else ""
    return (f"**{escape(report.meta.agency or '未命名机关')}** · {report.meta.year}年 · "
            f"{report.version.value}年版格式 · {saved_text} · "
            f"待处理：错误 {errors} 个、提示 {warnings} 条{ignored}")


def _mtime(current: OpenReport) -> datetime | None:
    path = current.folder.report_path
    return datetime.fromtimestamp(path.stat().st_mtime) if path.exists() else None


def where(finding: Finding, report: Report) -> str:
    """Where a finding points, in words: a cell's label or a section and its excerpt."""
    if finding.cell:
        try:
            return cell_spec(report.version, finding.cell).label
        except KeyError:
            return "表格"
    if finding.section is not None:
        place = section_name(finding.section)
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
    family = family_name(f.code)
    css = f"nb-item nb-item-{kind}" + (" nb-selected" if item.key == selected else "")
    reason = ""
    if item.dismissal is not None:
        css += " nb-item-dismissed"
        reason = (f'<div class="nb-reason">已忽略（{item.dismissal.at:%m-%d %H:%M}）：'
                  f"{escape(item.dismissal.reason)}</div>")
    return (f'<li class="{css}" data-key="{escape(item.key)}" data-code="{escape(f.code)}" '
            f'tabindex="0"><span class="nb-badge nb-badge-{kind}">{badge}</span>'
            f'<span class="nb-family">{family}</span> {escape(f.message)}'
            f'<div class="nb-where">位置：{escape(where(f, report))} · 规则：{escape(rule_name(f.code))}</div>'
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
    lines = [f"**{'错误' if f.is_error else '提示'}**（{rule_name(f.code)}）：{f.message}",
             f"位置：{where(f, report)}"]
    if f.expected is not None or f.actual is not None:
        lines.append(f"应为：{f.expected or '—'}；实为：{f.actual or '—'}")
    if item.dismissal is not None:
        lines.append(f"已于 {item.dismissal.at:%Y-%m-%d %H:%M} 忽略，理由：{item.dismissal.reason}")
    elif f.is_error:
        lines.append("错误不能忽略：请跳转修改；确需带错导出时，在“导出”页写明理由。")
    codes = [("规则编号", f.code)]
    codes += [("单元格编号", c) for c in (f.cell, *f.cells) if c]
    lines.append(details(codes))
    return "\n\n".join(lines)


def details(codes: Sequence[tuple[str, str]]) -> str:
    """Codes and addresses for whoever needs them (a developer, a support call), collapsed
    under “详细信息”: never on screen unless opened."""
    rows = "".join(f"<li>{escape(name)}：<code>{escape(code)}</code></li>" for name, code in codes)
    return (f'<details class="nb-details"><summary>详细信息</summary>'
            f"<ul>{rows}</ul></details>")








def edit_line(edit: CellEdit) -> str:
    return f"- {edit.at:%m-%d %H:%M:%S}：{edit.old or '空'} → {edit.new or '空'}"




def version_note(note: str) -> str:
    return plain_message(model_words(readable_note(note)))


def model_words(text: str) -> str:
    """“template”, the template drafter's name in a label or a history entry, as 模板."""
    return _TEMPLATE.sub("模板", text)


_TEMPLATE = re.compile(r"(?<![A-Za-z])template(?![A-Za-z])")
