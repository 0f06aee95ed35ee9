"""表二、表三、表四 as HTML laid out like the national form, every cell an input.

Pure functions from a report and its findings to HTML: failing cells carry the class
``nb-error`` or ``nb-warning`` and their messages in ``title``; each table is followed by the
messages of its rules. The page's script (``TABLE_JS``) sends each edited cell back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape

from assistant.cells import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    FormatVersion,
    cell_spec,
    t3_rows,
)
from assistant.findings import Finding
from assistant.report import Report
from assistant.workspace import cell_text

TABLE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Delegated listeners on the component's root: a cell edit is sent when the input changes
# (Enter or leaving the cell); focusing a cell asks for its explanation.
TABLE_JS = """
const isCell = (t) => t && t.matches && t.matches('input[data-cell]');
element.addEventListener('change', (e) => {
  if (!isCell(e.target)) return;
  e.target.classList.add('nb-pending');
  trigger('input', {cell: e.target.dataset.cell, value: e.target.value});
});
element.addEventListener('focusin', (e) => {
  if (isCell(e.target)) trigger('select', {cell: e.target.dataset.cell});
});
element.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !isCell(e.target)) return;
  const cells = Array.from(element.querySelectorAll('input[data-cell]'));
  const col = e.target.dataset.col, table = e.target.dataset.table;
  const after = cells.slice(cells.indexOf(e.target) + 1);
  const next = after.find((c) => c.dataset.col === col && c.dataset.table === table);
  e.target.dispatchEvent(new Event('change', {bubbles: true}));
  if (next) { e.preventDefault(); next.focus(); next.select(); }
});
"""


class CellMarks:
    """Findings indexed by cell: severity and messages for each address."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.messages: dict[str, list[str]] = defaultdict(list)
        self.errors: set[str] = set()
        self.by_table: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            addresses = [a for a in (finding.cell, *finding.cells) if a]
            for address in addresses:
                self.messages[address].append(finding.message)
                if finding.is_error:
                    self.errors.add(address)
            tables = {a.split(".", 1)[0] for a in addresses}
            tables |= {finding.code.split(".", 1)[0]} & {"t2", "t3", "t4"}
            for table in tables:
                self.by_table[table].append(finding)

    def css(self, address: str) -> str:
        if address in self.errors:
            return "nb-error"
        return "nb-warning" if address in self.messages else ""


def _input(report: Report, marks: CellMarks, address: str) -> str:
    spec = cell_spec(report.version, address)
    css = " ".join(c for c in ("nb-cell", marks.css(address)) if c)
    title = "\n".join(dict.fromkeys(marks.messages.get(address, ())))
    label = spec.label
    return (
        f'<td class="nb-td"><input class="{css}" data-cell="{address}" data-table="{spec.table}" '
        f'data-col="{spec.col}" value="{escape(cell_text(report, address))}" inputmode="decimal" '
        f'autocomplete="off" aria-label="{escape(label)}" title="{escape(title or label)}"></td>'
    )


def _messages(findings: Sequence[Finding], table: str) -> str:
    if not findings:
        return f'<p class="nb-ok" data-table-status="{table}">✓ 本表各项核对均通过</p>'
    items = "".join(
        f'<li class="{"nb-msg-error" if f.is_error else "nb-msg-warning"}" '
        f'data-cell="{escape(f.cell or "")}">{"错误" if f.is_error else "提示"}：{escape(f.message)}</li>'
        for f in findings
    )
    return f'<ul class="nb-msgs" data-table-status="{table}">{items}</ul>'


def table2_html(report: Report, marks: CellMarks) -> str:
    layout = T2_2021 if report.version is FormatVersion.V2021 else T2_2019
    width = 1 + max(len(cols) for _, _, _, cols in layout)
    rows: list[str] = []
    heading = None
    for row, label, item, cols in layout:
        if item != heading:
            heads = "".join(f"<th>{escape(c)}</th>" for _, c, _ in cols)
            pad = width - 1 - len(cols)
            filler = f'<th colspan="{pad}"></th>' if pad else ""
            rows.append(f'<tr class="nb-item"><th colspan="{width}">{escape(item)}</th></tr>')
            rows.append(f"<tr><th>信息内容</th>{heads}{filler}</tr>")
            heading = item
        cells = "".join(_input(report, marks, f"t2.{row}.{col}") for col, _, _ in cols)
        pad = width - 1 - len(cols)
        filler = f'<td colspan="{pad}"></td>' if pad else ""
        rows.append(f'<tr><th class="nb-row">{escape(label)}</th>{cells}{filler}</tr>')
    return (f'<table class="nb-form" id="nb-t2"><caption>表二 主动公开政府信息情况</caption>'
            f'{"".join(rows)}</table>')


def table3_html(report: Report, marks: CellMarks) -> str:
    version = report.version
    head = (
        f'<tr><th colspan="3" rowspan="3" class="nb-note">{TABLE_NOTE}</th>'
        f'<th colspan="7">申请人情况</th></tr>'
        f'<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th>'
        f'<th rowspan="2">总计</th></tr>'
        f'<tr>{"".join(f"<th>{label}</th>" for _, label in T3_COLUMNS[1:6])}</tr>'
    )
    specs = t3_rows(version)
    result_rows = [r for r in specs if r.group.startswith(("三", "（"))]
    group_sizes: dict[str, int] = defaultdict(int)
    for r in specs:
        if r.group.startswith("（"):
            group_sizes[r.group] += 1
    body: list[str] = []
    seen_groups: set[str] = set()
    first_result = True
    for r in specs:
        cells = "".join(_input(report, marks, f"t3.{r.key}.{col}") for col, _ in T3_COLUMNS)
        if r in result_rows:
            lead = ""
            if first_result:
                lead = f'<th rowspan="{len(result_rows)}" class="nb-group">三、本年度办理结果</th>'
                first_result = False
            if r.group.startswith("（"):
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    lead += f'<th rowspan="{group_sizes[r.group]}" class="nb-group">{r.group}</th>'
                label = f'<th class="nb-row">{escape(r.label)}</th>'
            else:
                label = f'<th colspan="2" class="nb-row">{escape(r.label)}</th>'
            body.append(f'<tr data-row="{r.key}">{lead}{label}{cells}</tr>')
        else:
            body.append(f'<tr data-row="{r.key}"><th colspan="3" class="nb-row">{escape(r.label)}</th>'
                        f"{cells}</tr>")
    return (f'<table class="nb-form" id="nb-t3"><caption>表三 收到和处理政府信息公开申请情况</caption>'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')


def table4_html(report: Report, marks: CellMarks) -> str:
    n = len(T4_COLUMNS)
    head = (
        f'<tr><th colspan="{n}" rowspan="2">行政复议</th><th colspan="{2 * n}">行政诉讼</th></tr>'
        f'<tr><th colspan="{n}">未经复议直接起诉</th><th colspan="{n}">复议后起诉</th></tr>'
        f'<tr>{"".join(f"<th>{label}</th>" for _ in T4_GROUPS for _, label in T4_COLUMNS)}</tr>'
    )
    cells = "".join(
        _input(report, marks, f"t4.{group}.{col}") for group, _ in T4_GROUPS for col, _ in T4_COLUMNS
    )
    return (f'<table class="nb-form" id="nb-t4"><caption>表四 政府信息公开行政复议、行政诉讼情况'
            f'</caption><thead>{head}</thead><tbody><tr>{cells}</tr></tbody></table>')


def tables_html(report: Report, findings: Iterable[Finding]) -> str:
    """The three tables with their check results, as one HTML fragment."""
    marks = CellMarks(findings)
    parts = []
    for table, render in (("t2", table2_html), ("t3", table3_html), ("t4", table4_html)):
        parts.append(f'<section class="nb-table" data-table="{table}">{render(report, marks)}'
                     f"{_messages(marks.by_table.get(table, []), table)}</section>")
    errors = sum(1 for f in _unique(marks) if f.is_error)
    warnings = sum(1 for f in _unique(marks) if not f.is_error)
    summary = (f'<p class="nb-summary" data-errors="{errors}">表格核对：{errors} 个错误，'
               f"{warnings} 条提示（每次修改后自动重新核对）</p>")
    version = f"{report.version.value}年版格式"
    return f'<div class="nb-tables" data-version="{version}">{summary}{"".join(parts)}</div>'


def _unique(marks: CellMarks) -> list[Finding]:
    seen: dict[int, Finding] = {}
    for findings in marks.by_table.values():
        for f in findings:
            seen[id(f)] = f
    return list(seen.values())
