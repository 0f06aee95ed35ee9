"""What the reviewer opens: an .xlsx (one sheet per table, units as rows) and an HTML summary."""

from __future__ import annotations

import html
import io
from decimal import Decimal
from pathlib import Path

from assistant import atomic
from assistant.audit import html_page
from assistant.form import (
    REPORT_NAME,
    TABLE_KEYS,
    TABLE_NAMES,
    CellSpec,
    FormatVersion,
    cell_specs,
    row_addresses,
    table,
)
from assistant.report import Report
from assistant.rollup.consolidate import Rollup, UnitStatus


def _number(value: object) -> object:
    """Cells for openpyxl: Decimal as float (Excel has no decimal type), None as empty."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _table_specs(table_key: str) -> list[CellSpec]:
    return [s for s in cell_specs(FormatVersion.V2021) if s.table == table_key]


def write_xlsx(result: Rollup, path: Path) -> Path:
    """Sheets 单位情况, 表二, 表三, 表四 (units as rows, cells as columns, totals last) and,
    when a published report was compared, 差异."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    units = book.create_sheet("单位情况")
    units.append(["单位", "类型", "状态", "报告文件", "报告中的机关名称", "匹配方式", "相似度",
                  "错误数", "警告数", "错误规则", "说明"])
    for u in result.units:
        units.append([u.unit, u.kind.value, u.status.value, u.file or "", u.agency or "",
                      u.match.method.value if u.match else "", u.match.score if u.match else "",
                      u.errors, u.warnings, "、".join(u.error_codes), u.note or ""])
    units.append([])
    units.append([result.policy_statement])

    included = [u.unit for u in result.included()]
    for table_key in TABLE_KEYS:
        specs = _table_specs(table_key)
        sheet = book.create_sheet(TABLE_NAMES[table_key])
        sheet.append(["行", *(s.row_label for s in specs)])
        sheet.append(["列", *(s.col_label for s in specs)])
        sheet.append(["单元格地址", *(s.address for s in specs)])
        for unit in included:
            sheet.append([unit, *(_number(result.provenance.get(s.address, {}).get(unit, 0))
                                  for s in specs)])
        sheet.append(["合计", *(_number(result.report.cells.get(s.address)) for s in specs)])

    if result.differences is not None:
        diff = book.create_sheet("差异")
        diff.append(["单元格地址", "单元格", "发布数", "汇总数", "差额", "可能的原因"])
        for d in result.differences:
            diff.append([d.cell, d.label, _number(d.published), _number(d.rollup),
                         _number(d.difference), "；".join(d.explanations)])
    facts = book.create_sheet("事实")
    for line in result.facts.lines:
        facts.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic.write_bytes(path, buffer.getvalue())


def _fmt(value: object) -> str:
    if value is None:
        return ""
    return html.escape(str(value))


def _t3_table(report: Report) -> str:
    t3 = table(FormatVersion.V2021, "t3")
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in t3.columns)
    rows = []
    for r in t3.rows:
        cells = "".join(f'<td class="n">{_fmt(report.cells.get(a))}</td>'
                        for a in row_addresses(FormatVersion.V2021, "t3", r.key))
        rows.append(f"<tr><th scope=\"row\">{html.escape(r.full_label)}</th>{cells}</tr>")
    return (f"<table><thead><tr><th>项目</th>{head}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table>")


def _t2_t4_table(report: Report) -> str:
    rows = [f'<tr><th scope="row">{html.escape(s.row_label)}·{html.escape(s.col_label)}</th>'
            f'<td class="n">{_fmt(report.cells.get(s.address))}</td></tr>'
            for s in _table_specs("t2")]
    t2 = f"<table><tbody>{''.join(rows)}</tbody></table>"
    t4_spec = table(FormatVersion.V2021, "t4")
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in t4_spec.columns)
    body = "".join(
        f'<tr><th scope="row">{html.escape(g.full_label)}</th>'
        + "".join(f'<td class="n">{_fmt(report.cells.get(a))}</td>'
                  for a in row_addresses(FormatVersion.V2021, "t4", g.key))
        + "</tr>" for g in t4_spec.rows)
    t4 = f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<h3>{TABLE_NAMES['t2']}</h3>{t2}<h3>{TABLE_NAMES['t4']}</h3>{t4}"


def render_html(result: Rollup) -> str:
    esc = html.escape
    f = result.facts
    parts = [
        f"<p>应报单位 {f.units_expected} 个；纳入汇总 {f.units_included} 个；未找到报告 "
        f"{f.units_missing} 个；排除 {f.units_excluded} 个。{esc(result.policy_statement)}。</p>",
        "<h2>单位情况</h2><table><thead><tr><th>单位</th><th>类型</th><th>状态</th><th>报告文件</th>"
        "<th>匹配</th><th>错误</th><th>警告</th><th>说明</th></tr></thead><tbody>",
    ]
    for u in result.units:
        bad = ' class="bad"' if u.status is not UnitStatus.INCLUDED else ""
        match = "" if u.match is None else (
            "名称一致" if not u.match.fuzzy else f"近似匹配：{esc(u.match.candidate)}（{u.match.score}）")
        parts.append(f"<tr{bad}><td>{esc(u.unit)}</td><td>{esc(u.kind.value)}</td>"
                     f"<td>{esc(u.status.value)}</td><td>{esc(u.file or '')}</td><td>{match}</td>"
                     f'<td class="n">{u.errors}</td><td class="n">{u.warnings}</td>'
                     f"<td>{esc(u.note or '、'.join(u.error_codes))}</td></tr>")
    parts.append("</tbody></table>")
    if result.unmatched_files:
        items = "".join(f"<li>{esc(name)}</li>" for name in result.unmatched_files)
        parts.append(f"<h2>不在花名册上的文件</h2><ul>{items}</ul>")
    if result.unreadable_files:
        items = "".join(f"<li>{esc(u.file)}{esc(f'（{u.unit}）' if u.unit else '')}：{esc(u.reason)}</li>"
                        for u in result.unreadable_files)
        parts.append(f"<h2>无法读取的文件</h2><ul>{items}</ul>")
    parts.append("<h2>汇总事实</h2><ul>" + "".join(f"<li>{esc(line)}</li>" for line in f.lines)
                 + "</ul>")
    if result.differences is not None:
        parts.append(f"<h2>与发布的本级报告比对</h2><p>不一致的单元格 {len(result.differences)} 个。</p>")
        if result.differences:
            parts.append("<table><thead><tr><th>单元格</th><th>发布数</th><th>汇总数</th><th>差额</th>"
                         "<th>可能的原因</th></tr></thead><tbody>")
            for d in result.differences:
                parts.append(f"<tr><td>{esc(d.label)}<br><span class=\"note\">{esc(d.cell)}</span></td>"
                             f'<td class="n">{_fmt(d.published)}</td><td class="n">{_fmt(d.rollup)}</td>'
                             f'<td class="n">{_fmt(d.difference)}</td>'
                             f"<td>{esc('；'.join(d.explanations))}</td></tr>")
            parts.append("</tbody></table>")
    parts.append(f"<h2>汇总表</h2><h3>{TABLE_NAMES['t3']}</h3>" + _t3_table(result.report)
                 + _t2_t4_table(result.report))
    title = f"{result.name}{result.year}年度{REPORT_NAME}汇总"
    return html_page(title, parts)


def write_html(result: Rollup, path: Path) -> Path:
    return atomic.write_text(path, render_html(result))
