"""表二、表三、表四 as HTML laid out like the national form, every cell an input.

Pure functions from a report and its findings to HTML. The grid (header rows, merged cells, row
labels, order) is the exports' (``assistant.export.layout`` through ``assistant.services``), so
the form on screen is the form in the Word file. A finding's message sits right under the
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
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape

from assistant.services import (
    T3_BALANCE_NOTE,
    TABLE_NAMES,
    TABLE_SECTIONS,
    CellRole,
    Finding,
    GridCell,
    Report,
    SplitAmbiguity,
    TableLayout,
    YearChange,
    candidate_text,
    cell_spec,
    cell_text,
    is_address,
    split_cells,
    table_layouts,
    unresolved_cells,
    year_change,
)

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


def _input(view: View, address: str, colspan: int = 1) -> str:
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
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return (
        f'<td class="nb-td"{span}><input class="{css}" data-cell="{address}" data-table="{spec.table}" '
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
    cells = split_cells(ambiguity)
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


def _under(view: View, table: str, row: str) -> str:
    """What goes under a table row: its findings and, for a row printed run together, the split
    candidates ("" when nothing)."""
    marks, report = view.marks, view.report
    findings = marks.by_row.get((table, row), [])
    choosers = []
    for index, ambiguity in enumerate(report.ambiguities):
        if ambiguity.table != table or index not in set(marks.unresolved.values()):
            continue
        if any(_row_of(a) == (table, row) for a in split_cells(ambiguity)
               if a in marks.unresolved) and (table == "t4" or row == ambiguity.rows[-1]):
            choosers.append(_chooser(report, index, ambiguity))
    shown = [f for f in findings if not (choosers and f.code == SPLIT_CODE)]
    if not shown and not choosers:
        return ""
    items = f'<ul class="nb-msgs">{_items(shown, marks)}</ul>' if shown else ""
    return "".join(choosers) + items


def _spans(cell: GridCell) -> str:
    return ((f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
            + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""))


def _heading(cell: GridCell) -> str:
    css = ' class="nb-note"' if cell.text == T3_BALANCE_NOTE else ""
    return f"<th{_spans(cell)}{css}>{escape(cell.text)}</th>"


def _stub(cell: GridCell, rowspan: int, *, group: bool) -> str:
    """A row label (``nb-row``), or a group's label before the labels of its rows (``nb-group``;
    the outermost one set vertically)."""
    spans = _spans(replace(cell, rowspan=rowspan))
    css = ("nb-group nb-vertical" if cell.level == 0 else "nb-group") if group else "nb-row"
    return f'<th{spans} class="{css}">{escape(cell.text)}</th>'


def _body_cells(view: View, r: int, cells: Sequence[tuple[int, GridCell]],
                extra: Mapping[tuple[int, int], int]) -> str:
    """Row ``r``'s cells (with their columns); ``extra``: message rows a label also spans."""
    out = []
    for n, (col, cell) in enumerate(cells):
        if cell.role is CellRole.VALUE and cell.address:
            out.append(_input(view, cell.address, cell.colspan))
        elif cell.role is CellRole.STUB:
            group = n + 1 < len(cells) and cells[n + 1][1].role is CellRole.STUB
            out.append(_stub(cell, cell.rowspan + extra.get((r, col), 0), group=group))
        else:
            out.append(_heading(cell))
    return "".join(out)


def table_html(view: View, layout: TableLayout) -> str:
    """One table laid out as exported (``assistant.export.layout``), every value cell an input,
    each body row followed by its messages. A label spanning several rows also spans the
    message rows among them; a message row takes the rest of the width."""
    placed = layout.placed()
    keys: dict[int, tuple[str, str]] = {}  # body rows: (table, row key) of their cells
    by_row: dict[int, list[tuple[int, GridCell]]] = defaultdict(list)
    for r, col, cell in placed:
        by_row[r].append((col, cell))
        if cell.address is not None:
            keys.setdefault(r, _row_of(cell.address))
    under = {r: _under(view, *key) for r, key in keys.items()}
    # The message rows inside each row label's span, and the columns such labels cover there.
    extra: dict[tuple[int, int], int] = defaultdict(int)
    covered: dict[int, int] = defaultdict(int)
    for r0, col, cell in placed:
        if cell.role is CellRole.STUB and cell.rowspan > 1:
            for r in range(r0, r0 + cell.rowspan):
                if under.get(r):
                    extra[(r0, col)] += 1
                    covered[r] += cell.colspan
    blocks: list[str] = []
    r = 0
    for index, block in enumerate(layout.blocks):
        out: list[str] = []
        for _ in block.head:
            cells = [cell for _, cell in by_row[r]]
            css = ' class="nb-item"' if len(cells) == 1 and cells[0].colspan == layout.columns else ""
            out.append(f"<tr{css}>{''.join(_heading(c) for c in cells)}</tr>")
            r += 1
        head = "".join(out) if index == 0 and len(layout.blocks) == 1 else ""
        body = [] if head else out
        for _ in block.body:
            table, row = keys[r]
            body.append(f'<tr data-row="{row}">{_body_cells(view, r, by_row[r], extra)}</tr>')
            if under[r]:
                body.append(f'<tr class="nb-msg-row" data-msg-for="{table}.{row}">'
                            f'<td colspan="{layout.columns - covered[r]}">{under[r]}</td></tr>')
            r += 1
        blocks.append((f"<thead>{head}</thead>" if head else "") + f'<tbody>{"".join(body)}</tbody>')
    return (f'<table class="nb-form" id="nb-{layout.key}"><caption>{escape(layout.title)}</caption>'
            f'{"".join(blocks)}</table>')


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
    for layout in table_layouts(report.version):
        table = layout.key
        attrs, status = _status(marks, table)
        top = marks.table_level.get(table, [])
        above = f'<ul class="nb-msgs nb-table-msgs">{_items(top, marks)}</ul>' if top else ""
        parts.append(f'<section class="nb-table" data-table="{table}"{attrs}>{above}'
                     f"{table_html(view, layout)}{status}</section>")
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
