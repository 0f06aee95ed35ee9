"""Text and HTML of the 表格 tab besides the tables themselves (no gradio): the cell inspector,
the list of changes a ledger rebuild would make, and the undo button's label."""

from __future__ import annotations

from html import escape

from assistant.services import TABLE_NAMES, OpenReport, RebuildPlan, explain_cell
from ui.views import details, edit_line

INSPECTOR_HINT = "点击任一单元格，查看其核对结果、来源和上年数字。"
SHOWN_CHANGES = 400


def cell_inspector(current: OpenReport, address: str) -> str:
    """What the writer sees on focusing a cell: its label and value, last year's figure and the
    change, its problems, where the value came from, and its hand edits."""
    found = explain_cell(current, address)
    if found is None:
        return "本报告的格式中没有这个单元格。"
    shown = found.value or "空"
    if found.pending is not None:
        shown = f"待定（原文“{found.pending}”连在一起印出，请在表中该行下方选择拆分）"
    facts = [f"当前数值：{shown}"]
    if found.change is not None and found.has_previous:
        year = found.previous_year or "上"
        facts.append(f"上年（{year}年）：{found.change.last_text or '空'}；今年比上年：{found.change.words()}")
    elif not found.has_previous:
        facts.append("上年数字：尚未载入上年报告")
    checks = [f"- {'错误' if f.is_error else '提示'}：{f.message}" for f in found.problems] \
        or ["本单元格没有核对问题。"]
    lines = found.story.lines
    blocks = [f"**{found.label}**", "  \n".join(facts), "\n".join(checks),
              "**为什么是这个数？**", "  \n".join(line for line in lines if not line.startswith("- "))]
    rows = [line for line in lines if line.startswith("- ")]
    if rows:
        blocks.append("\n".join(rows))
    if found.edits:
        blocks.append("**手工修改记录**")
        blocks.append("\n".join(edit_line(e) for e in found.edits))
    blocks.append(details([("单元格编号", address)]))
    return "\n\n".join(blocks)


def plan_html(plan: RebuildPlan) -> str:
    """The changes a rebuild would make, cell by cell, for the writer to confirm."""
    rows = []
    for change in plan.changes[:SHOWN_CHANGES]:
        rows.append(f'<tr data-cell="{change.address}"><td>{escape(change.label)}</td>'
                    f'<td class="nb-old">{escape(change.old or "空")}</td>'
                    f'<td class="nb-new">{escape(change.new or "空")}</td></tr>')
    more = (f"<p>……另有 {len(plan.changes) - SHOWN_CHANGES} 个单元格</p>"
            if len(plan.changes) > SHOWN_CHANGES else "")
    table = (f'<table class="nb-diff" id="nb-fill-changes"><thead><tr><th>单元格</th><th>现在</th>'
             f'<th>统计后</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'
             if rows else '<p id="nb-fill-nochange">台账统计结果与表中现有数字相同，没有单元格会改变。</p>')
    kept = "".join(f'<li data-kept="{t}">{TABLE_NAMES[t]}：未提供相应台账，保持不变</li>'
                   for t in plan.kept)
    issues = "".join(f"<li>{escape(i.text)}</li>" for i in plan.result.issues[:20])
    more_issues = (f"<li>……另有 {len(plan.result.issues) - 20} 个</li>"
                   if len(plan.result.issues) > 20 else "")
    problems = (f'<p class="nb-fill-issues-head">台账中发现 {len(plan.result.issues)} 个问题（有问题的行未计入）：'
                f'</p><ul class="nb-fill-issues">{issues}{more_issues}</ul>'
                if plan.result.issues else "")
    return (f'<div class="nb-fill-plan"><h3>按台账 {escape(plan.ledger_name)} 重新统计</h3>'
            f'<p class="nb-fill-summary">{escape(plan.summary())}确认后才会写入；写入后可一键撤销。</p>'
            f'<ul class="nb-fill-kept">{kept}</ul>{table}{problems}</div>')
