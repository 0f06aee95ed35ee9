"""表二、表三、表四 as HTML laid out like the national form, every cell an input.

Pure functions from a report and its findings to HTML. A finding's message sits right under the
row of the cell it is about (a message row inside the table); findings about a whole table sit
just above it. Only the cell that is wrong carries ``nb-error``/``nb-warning``; the other
cells of a failing sum are outlined (``nb-partner``). Which cell of a failing sum is the wrong
one: the one the writer typed last, else the total the rule compares. Cells the parser could
not split (several splits fit) are ``nb-unresolved`` and empty, with the candidates to choose
from under their row. Every cell carries last year's figure and the change (``.nb-prev``,
shown when the “显示上年数和变化” box is ticked; also in the cell's tooltip). The page's script
(``TABLE_JS``) sends edits, focus and choices back and places the cell inspector beside the
focused cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from assistant.cells import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    FormatVersion,
    cell_spec,
    is_address,
    t3_rows,
)
from assistant.checks.tables import TABLE_SECTIONS
from assistant.findings import Finding
from assistant.report import Report, SplitAmbiguity
from assistant.workspace import cell_text
from assistant.workspace.ambiguity import addresses as ambiguity_cells
from assistant.workspace.ambiguity import candidate_text, unresolved_cells
from assistant.workspace.lastyear import YearChange, year_change

TABLE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
# Rules comparing a total with its parts: one cell of the sum is wrong, the others are partners.
SUM_CODES = frozenset({"t3.column_balance", "t3.handled_sum", "t3.row_sum", "t4.group_sum",
                       "t4.after_review_exceeds_review"})
_SECTION_TABLES = {section: table for table, section in TABLE_SECTIONS.items()}
SPLIT_CODE = "parse.ambiguous_split"

# Delegated listeners on the component's root: a cell edit is sent when the input changes
# (Enter or leaving the cell); focusing a cell asks for its explanation and opens the inspector
# beside it; a split candidate is sent when clicked. Escape or a click elsewhere closes the
# inspector. Its place is kept in CSS variables on <html>, which no component re-renders.
TABLE_JS = """
const isCell = (t) => t && t.matches && t.matches('input[data-cell]');
const root = document.documentElement;
const place = (cell) => {
  const pop = document.getElementById('nb-inspector');
  const table = cell.closest('table');
  if (!pop || !table) return;
  root.classList.add('nb-pop-open');
  const base = (pop.offsetParent || document.body).getBoundingClientRect();
  const r = cell.getBoundingClientRect(), t = table.getBoundingClientRect();
  const width = Math.min(340, Math.max(260, base.width - 16));
  let left;
  if (base.right - t.right >= width + 20) left = t.right - base.left + 12;
  else if (r.left - base.left >= width + 12) left = r.left - base.left - width - 8;
  else left = Math.min(r.right - base.left + 8, Math.max(0, base.width - width));
  root.style.setProperty('--nb-pop-left', `${Math.round(left)}px`);
  // Below the row's messages, if any, so that they stay in view.
  const next = cell.closest('tr') ? cell.closest('tr').nextElementSibling : null;
  const top = next && next.classList.contains('nb-msg-row')
    ? next.getBoundingClientRect().bottom + 4 : r.top;
  root.style.setProperty('--nb-pop-top', `${Math.round(top - base.top)}px`);
  root.style.setProperty('--nb-pop-width', `${Math.round(width)}px`);
};
const close = () => root.classList.remove('nb-pop-open');
element.addEventListener('change', (e) => {
  if (!isCell(e.target)) return;
  e.target.classList.add('nb-pending');
  trigger('input', {cell: e.target.dataset.cell, value: e.target.value});
});
element.addEventListener('focusin', (e) => {
  if (!isCell(e.target)) return;
  place(e.target);
  trigger('select', {cell: e.target.dataset.cell});
});
element.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') { close(); return; }
  if (e.key !== 'Enter' || !isCell(e.target)) return;
  const cells = Array.from(element.querySelectorAll('input[data-cell]'));
  const col = e.target.dataset.col, table = e.target.dataset.table;
  const after = cells.slice(cells.indexOf(e.target) + 1);
  const next = after.find((c) => c.dataset.col === col && c.dataset.table === table);
  e.target.dispatchEvent(new Event('change', {bubbles: true}));
  if (next) { e.preventDefault(); next.focus(); next.select(); }
});
element.addEventListener('click', (e) => {
  if (isCell(e.target)) { place(e.target); return; }  // reopens the inspector after Escape
  const b = e.target.closest ? e.target.closest('button[data-choice]') : null;
  if (!b) return;
  element.querySelectorAll('button[data-choice]').forEach((x) => { x.disabled = true; });
  trigger('click', {ambiguity: Number(b.dataset.ambiguity), choice: Number(b.dataset.choice),
                    printed: b.dataset.printed});
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
document.addEventListener('pointerdown', (e) => {
  const pop = document.getElementById('nb-inspector');
  if (element.contains(e.target) || (pop && pop.contains(e.target))) return;
  close();
});
"""


@dataclass
class CellMarks:
    """Findings placed on the tables: each cell's class and tooltip, each message's row."""

    findings: Iterable[Finding]
    edited: Mapping[str, datetime] = field(default_factory=dict)
    unresolved: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.messages: dict[str, list[str]] = defaultdict(list)
        self.errors: set[str] = set()
        self.warnings: set[str] = set()
        self.partners: set[str] = set()
        self.by_row: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        self.by_table: dict[str, list[Finding]] = defaultdict(list)  # every finding of a table
        self.table_level: dict[str, list[Finding]] = defaultdict(list)  # not about one cell
        self.anchor: dict[int, str] = {}
        for finding in self.findings:
            self._place(finding)

    def _place(self, finding: Finding) -> None:
        members = [a for a in dict.fromkeys((finding.cell, *finding.cells)) if a]
        tables = {a.split(".", 1)[0] for a in members} & set(TABLE_NAMES)
        family = finding.code.split(".", 1)[0]
        if family in TABLE_NAMES:
            tables.add(family)
        elif not members and finding.section in _SECTION_TABLES and family in ("parse", "struct"):
            tables.add(_SECTION_TABLES[finding.section])
        for table in tables:
            self.by_table[table].append(finding)
        for address in members:
            self.messages[address].append(finding.message)
        if not members:
            for table in tables:
                self.table_level[table].append(finding)
            return
        if family == "parse" and not finding.is_error and finding.code != SPLIT_CODE:
            # How the parser read a row (e.g. a run-together row it could split one way only):
            # a note under the row, not a mark on its cells.
            self.anchor[id(finding)] = members[0]
            self.by_row[_row_of(members[0])].append(finding)
            return
        if finding.code == SPLIT_CODE:
            culprits = [members[0]]
        elif finding.code in SUM_CODES:
            typed = [a for a in members if a in self.edited]
            culprits = [max(typed, key=lambda a: self.edited[a])] if typed else [members[0]]
            self.partners.update(a for a in members if a not in culprits)
        else:
            culprits = members
        for address in culprits:
            (self.errors if finding.is_error else self.warnings).add(address)
        self.anchor[id(finding)] = culprits[0]
        self.by_row[_row_of(culprits[0])].append(finding)

    def css(self, address: str) -> str:
        if address in self.unresolved:
            return "nb-unresolved"
        if address in self.errors:
            return "nb-error"
        if address in self.warnings:
            return "nb-warning"
        return "nb-partner" if address in self.partners else ""

    def unique(self) -> list[Finding]:
        seen: dict[int, Finding] = {}
        for findings in self.by_table.values():
            for f in findings:
                seen[id(f)] = f
        return list(seen.values())


def _row_of(address: str) -> tuple[str, str]:
    table, row, _ = address.split(".", 2)
    return (table, "all") if table == "t4" else (table, row)


@dataclass
class View:
    """What one rendering needs besides the report."""

    report: Report
    marks: CellMarks
    previous: Report | None = None

    def change(self, address: str) -> YearChange | None:
        return year_change(self.report, self.previous, address)


def _input(view: View, address: str) -> str:
    report, marks = view.report, view.marks
    spec = cell_spec(report.version, address)
    css = " ".join(c for c in ("nb-cell", marks.css(address)) if c)
    tips = [spec.label]
    value = cell_text(report, address)
    extra = ""
    if address in marks.unresolved:
        printed = report.ambiguities[marks.unresolved[address]].printed
        tips.append(f"原文“{printed}”各单元格连在一起印出，尚未确定拆分：请在本行下方选择")
        value = ""
        extra = ' placeholder="待定"'
    change = view.change(address)
    prev = ""
    if change is not None:
        year = view.previous.meta.year if view.previous is not None else None
        shown = change.last_text or "空"
        delta = change.delta_text()
        tips.append(f"上年{f'（{year}年）' if year else ''}：{shown}"
                    + (f"，今年比上年 {change.words()}" if delta else ""))
        css_delta = "nb-up" if delta.startswith("+") else "nb-down" if delta.startswith("−") else ""
        prev = (f'<span class="nb-prev" data-prev-of="{address}">上年 {escape(shown)}'
                + (f' <b class="{css_delta}">{escape(delta)}</b>' if delta else "") + "</span>")
    tips += list(dict.fromkeys(marks.messages.get(address, ())))
    return (
        f'<td class="nb-td"><input class="{css}" data-cell="{address}" data-table="{spec.table}" '
        f'data-col="{spec.col}" value="{escape(value)}" inputmode="decimal" size="6"{extra} '
        f'autocomplete="off" aria-label="{escape(spec.label)}" '
        f'title="{escape(chr(10).join(tips))}">{prev}</td>'
    )


def _items(findings: Sequence[Finding], marks: CellMarks) -> str:
    return "".join(
        f'<li class="{"nb-msg-error" if f.is_error else "nb-msg-warning"}" '
        f'data-cell="{escape(marks.anchor.get(id(f), f.cell or ""))}" '
        f'data-code="{escape(f.code)}">{"错误" if f.is_error else "提示"}：{escape(f.message)}</li>'
        for f in findings
    )


def _chooser(report: Report, index: int, ambiguity: SplitAmbiguity) -> str:
    cells = ambiguity_cells(ambiguity)
    heads = " ｜ ".join(cell_spec(report.version, a).col_label for a in cells
                       if is_address(report.version, a))
    buttons = "".join(
        f'<button type="button" class="nb-choice" data-ambiguity="{index}" data-choice="{i}" '
        f'data-printed="{escape(ambiguity.printed)}">{escape(candidate_text(ambiguity, i))}</button>'
        for i in range(len(ambiguity.candidates))
    )
    return (f'<div class="nb-split" data-ambiguity="{index}"><p>原文“{escape(ambiguity.printed)}”'
            f"各单元格连在一起印出，有 {len(ambiguity.candidates)} 种拆分都可能成立，无法自动确定。"
            f"请对照原文选择正确的一种（{escape(heads)}）：</p>"
            f'<div class="nb-choices">{buttons}</div></div>')


def _under_row(view: View, table: str, row: str, colspan: int) -> str:
    """The message row under a table row: its findings and, for a row printed run together,
    the split candidates."""
    marks, report = view.marks, view.report
    findings = marks.by_row.get((table, row), [])
    choosers = []
    for index, ambiguity in enumerate(report.ambiguities):
        if ambiguity.table != table or index not in set(marks.unresolved.values()):
            continue
        if any(_row_of(a) == (table, row) for a in ambiguity_cells(ambiguity)
               if a in marks.unresolved) and (table == "t4" or row == ambiguity.rows[-1]):
            choosers.append(_chooser(report, index, ambiguity))
    shown = [f for f in findings if not (choosers and f.code == SPLIT_CODE)]
    if not shown and not choosers:
        return ""
    items = f'<ul class="nb-msgs">{_items(shown, marks)}</ul>' if shown else ""
    return (f'<tr class="nb-msg-row" data-msg-for="{table}.{row}"><td colspan="{colspan}">'
            f'{"".join(choosers)}{items}</td></tr>')


def _has_under(view: View, table: str, row: str) -> bool:
    return bool(_under_row(view, table, row, 1))


def table2_html(view: View) -> str:
    report = view.report
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
            rows.append(f'<tr class="nb-head"><th>信息内容</th>{heads}{filler}</tr>')
            heading = item
        cells = "".join(_input(view, f"t2.{row}.{col}") for col, _, _ in cols)
        pad = width - 1 - len(cols)
        filler = f'<td colspan="{pad}" class="nb-filler"></td>' if pad else ""
        rows.append(f'<tr data-row="{row}"><th class="nb-row">{escape(label)}</th>{cells}'
                    f"{filler}</tr>")
        rows.append(_under_row(view, "t2", row, width))
    return (f'<table class="nb-form" id="nb-t2"><caption>表二 主动公开政府信息情况</caption>'
            f'{"".join(rows)}</table>')


def table3_html(view: View) -> str:
    report = view.report
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
    span = {r.key: 1 + _has_under(view, "t3", r.key) for r in specs}  # rows each takes
    group_sizes: dict[str, int] = defaultdict(int)
    for r in specs:
        if r.group.startswith("（"):
            group_sizes[r.group] += span[r.key]
    result_span = sum(span[r.key] for r in result_rows)
    body: list[str] = []
    seen_groups: set[str] = set()
    first_result = True
    width = 3 + len(T3_COLUMNS)
    for r in specs:
        cells = "".join(_input(view, f"t3.{r.key}.{col}") for col, _ in T3_COLUMNS)
        occupied = 0
        if r in result_rows:
            lead = ""
            occupied = 1
            if first_result:
                lead = (f'<th rowspan="{result_span}" class="nb-group nb-vertical">'
                        "三、本年度办理结果</th>")
                first_result = False
            if r.group.startswith("（"):
                occupied = 2
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    lead += f'<th rowspan="{group_sizes[r.group]}" class="nb-group">{r.group}</th>'
                label = f'<th class="nb-row">{escape(r.label)}</th>'
            else:
                label = f'<th colspan="2" class="nb-row">{escape(r.label)}</th>'
            body.append(f'<tr data-row="{r.key}">{lead}{label}{cells}</tr>')
        else:
            body.append(f'<tr data-row="{r.key}"><th colspan="3" class="nb-row">'
                        f"{escape(r.label)}</th>{cells}</tr>")
        body.append(_under_row(view, "t3", r.key, width - occupied))
    return (f'<table class="nb-form" id="nb-t3"><caption>表三 收到和处理政府信息公开申请情况</caption>'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')


def table4_html(view: View) -> str:
    n = len(T4_COLUMNS)
    head = (
        f'<tr><th colspan="{n}" rowspan="2">行政复议</th><th colspan="{2 * n}">行政诉讼</th></tr>'
        f'<tr><th colspan="{n}">未经复议直接起诉</th><th colspan="{n}">复议后起诉</th></tr>'
        f'<tr>{"".join(f"<th>{label}</th>" for _ in T4_GROUPS for _, label in T4_COLUMNS)}</tr>'
    )
    cells = "".join(
        _input(view, f"t4.{group}.{col}") for group, _ in T4_GROUPS for col, _ in T4_COLUMNS
    )
    under = _under_row(view, "t4", "all", n * len(T4_GROUPS))
    return (f'<table class="nb-form" id="nb-t4"><caption>表四 政府信息公开行政复议、行政诉讼情况'
            f'</caption><thead>{head}</thead><tbody><tr data-row="all">{cells}</tr>{under}'
            f"</tbody></table>")


def _status(marks: CellMarks, table: str) -> tuple[str, str]:
    """(attributes of the table's section, the line under the table)."""
    findings = marks.by_table.get(table, [])
    if not findings:
        return "", f'<p class="nb-ok" data-table-status="{table}">✓ 本表各项核对均通过</p>'
    errors = sum(f.is_error for f in findings)
    line = (f'<p class="nb-table-count">{TABLE_NAMES[table]}：错误 {errors} 个、提示 '
            f"{len(findings) - errors} 条，见表中标红单元格所在行的下方。</p>")
    return f' data-table-status="{table}"', line


def tables_html(report: Report, findings: Iterable[Finding], *, previous: Report | None = None,
                edited: Mapping[str, datetime] | None = None) -> str:
    """The three tables with their check results, as one HTML fragment.

    ``previous``: last year's report (its figures beside this year's); ``edited``: the cells
    typed by hand and when (the likely wrong cell of a failing sum)."""
    marks = CellMarks(findings, edited or {}, unresolved_cells(report))
    view = View(report, marks, previous)
    parts = []
    for table, render in (("t2", table2_html), ("t3", table3_html), ("t4", table4_html)):
        attrs, status = _status(marks, table)
        top = marks.table_level.get(table, [])
        above = f'<ul class="nb-msgs nb-table-msgs">{_items(top, marks)}</ul>' if top else ""
        parts.append(f'<section class="nb-table" data-table="{table}"{attrs}>{above}'
                     f"{render(view)}{status}</section>")
    unique = marks.unique()
    errors = sum(1 for f in unique if f.is_error)
    warnings = len(unique) - errors
    pending = len(set(marks.unresolved.values()))
    split = f"，{pending} 行数字待确定拆分" if pending else ""
    summary = (f'<p class="nb-summary" data-errors="{errors}">表格核对：{errors} 个错误，'
               f"{warnings} 条提示{split}（每次修改后自动重新核对）</p>")
    version = f"{report.version.value}年版格式"
    year = (f'<span class="nb-prev-year">上年报告：{previous.meta.year}年</span>'
            if previous is not None and previous.meta.year else "")
    return (f'<div class="nb-tables" data-version="{version}">{summary}{year}'
            f'{"".join(parts)}</div>')
