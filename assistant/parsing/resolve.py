"""Deciding cell values from what each row printed, without ever guessing silently.

Rows printed cell by cell are taken as printed. Rows whose numbers run together are split by
:mod:`assistant.parsing.splitter`: first with the spacing the page kept as cell boundaries,
then without it. Among the splits that satisfy the row rule, 表三's column rules
(一 + 二 = 三（七）+ 四; 三（七）= the sum of the outcome rows) choose jointly across rows. One
survivor is taken; several are reported as a :class:`SplitAmbiguity` with every candidate
(cells left blank, the printed run kept in ``raw_cells``); none means the report's own
numbers disagree, and then the split that fits the row alone is taken so that the checks can
report the disagreement on the printed numbers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.cells import FormatVersion, t3_outcome_rows
from assistant.findings import Finding, SectionKey, Severity
from assistant.parsing.normalise import cell_value
from assistant.parsing.splitter import SplitResult, Value, Values, splits
from assistant.parsing.tables import Chunk, RowRead
from assistant.report import SplitAmbiguity

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
TABLE_SECTIONS = {
    "t2": SectionKey.PROACTIVE,
    "t3": SectionKey.APPLICATIONS,
    "t4": SectionKey.REVIEW_LITIGATION,
}
SHOWN_CANDIDATES = 20
JOINT_LIMIT = 5_000


@dataclass
class CellSink:
    """What the parser writes into the report."""

    cells: dict[str, Value] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    ambiguities: list[SplitAmbiguity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, severity: Severity, table: str, message: str, *,
            cell: str | None = None, cells: Sequence[str] = ()) -> None:
        self.findings.append(Finding(
            code=code, severity=severity, message=message, section=TABLE_SECTIONS[table],
            cell=cell, cells=tuple(cells),
        ))


@dataclass
class RowOptions:
    """The readings of one row that are still possible."""

    row: RowRead
    candidates: list[Values]
    raws: list[tuple[str | None, ...]]  # printed text per cell, per candidate
    exhausted: bool = False
    mergeable: bool = False  # spacing could be ignored to read the row another way

    def merged(self) -> RowOptions | None:
        """The rule-satisfying splits when the page's spacing is ignored ("200 000121")."""
        if not self.mergeable:
            return None
        return _split(self.row, _merge_spaced(self.row.chunks), ruled=True)


def _label(row: RowRead) -> str:
    return f"{TABLE_NAMES[row.table]}“{row.label}”行"


# --- one row ------------------------------------------------------------------------------------


def _direct(row: RowRead, sink: CellSink) -> RowOptions:
    """Cells printed one by one: take them as printed."""
    n = len(row.addresses)
    chunks = list(row.chunks)
    if len(chunks) > n:
        # more cells than columns: blanks or words at either end are layout, not values
        while len(chunks) > n and chunks[-1].digits is None:
            chunks.pop()
        while len(chunks) > n and chunks[0].digits is None:
            chunks.pop(0)
        if len(chunks) > n:
            sink.add("parse.extra_cells", Severity.WARNING, row.table,
                     f"{_label(row)}读到{len(chunks)}个数值，多于{n}列，只取前{n}个"
                     f"（原文：{row.printed}）。", cell=row.addresses[0])
            chunks = chunks[:n]
    values: list[Value] = []
    raws: list[str | None] = []
    for chunk, address_kind in zip(chunks, row.kinds, strict=False):
        value = None if chunk.digits is None else cell_value(chunk.digits, address_kind)
        values.append(value)
        raws.append(None if value is not None and str(value) == chunk.printed else chunk.printed)
    return RowOptions(row, [tuple(values)], [tuple(raws)])


def _merge_spaced(chunks: Sequence[Chunk]) -> list[Chunk]:
    """Join numbers of one running cell that only a space separated ("200 000121")."""
    out: list[Chunk] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (prev is not None and not prev.alone and not chunk.alone and prev.piece == chunk.piece
                and prev.digits is not None and chunk.digits is not None
                and not chunk.digits.startswith("-") and "." not in prev.digits
                and prev.printed == prev.digits):
            out[-1] = Chunk(prev.printed + chunk.printed, prev.digits + chunk.digits,
                            prev.piece, False)
        else:
            out.append(chunk)
    return out


def _split(row: RowRead, chunks: Sequence[Chunk], *, ruled: bool) -> RowOptions:
    runs = [c.digits for c in chunks]
    result: SplitResult = splits(runs, row.kinds, row.rules if ruled else (),
                                 whole=[c.alone for c in chunks])
    raws = []
    for values, origin in zip(result.candidates, result.origins, strict=True):
        raws.append(tuple(
            chunks[o].printed if v is None else None for v, o in zip(values, origin, strict=True)
        ))
    return RowOptions(row, list(result.candidates), raws, result.exhausted)


def row_options(row: RowRead, sink: CellSink) -> RowOptions:
    if all(c.alone for c in row.chunks):
        return _direct(row, sink)
    merged_chunks = _merge_spaced(row.chunks)
    can_merge = len(merged_chunks) < len(row.chunks)
    ws = _split(row, row.chunks, ruled=True)
    if ws.candidates:
        ws.mergeable = can_merge
        return ws
    merged = _split(row, merged_chunks, ruled=True) if can_merge else None
    if merged is not None and merged.candidates:
        return merged
    if not row.rules:
        return ws
    # No split satisfies the row rule: the printed numbers disagree. Take the split the
    # page's spacing gives, if it gives exactly one, so the checks see what was printed.
    loose_ws = _split(row, row.chunks, ruled=False)
    if len(loose_ws.candidates) == 1:
        return loose_ws
    if can_merge:
        loose_merged = _split(row, merged_chunks, ruled=False)
        if len(loose_merged.candidates) == 1 or not loose_ws.candidates:
            return loose_merged
    return loose_ws


# --- writing results --------------------------------------------------------------------------


def _write(options: RowOptions, index: int, sink: CellSink) -> None:
    values = options.candidates[index]
    raws = options.raws[index]
    for address, value, raw in zip(options.row.addresses, values, raws, strict=False):
        sink.cells[address] = value
        if raw is not None:
            sink.raw[address] = raw
    n = len(options.row.addresses)
    if len(values) < n:
        missing = options.row.addresses[len(values):]
        sink.add("parse.cells_missing", Severity.ERROR, options.row.table,
                 f"{_label(options.row)}只读到{len(values)}个数值，应有{n}个"
                 f"（原文：{options.row.printed or '无'}），其余单元格未能读取。",
                 cell=missing[0], cells=missing)


def _ambiguous(rows: Sequence[RowOptions], combos: Sequence[Sequence[Values]], exhausted: bool,
               sink: CellSink) -> None:
    """Several readings survive: keep them all, blank the cells they disagree on."""
    table = rows[0].row.table
    addresses = [a for r in rows for a in r.row.addresses]
    flat = [tuple(v for values in combo for v in values) for combo in combos]
    candidates = []
    for values in flat[:SHOWN_CANDIDATES]:
        candidates.append({a: v for a, v in zip(addresses, values, strict=True) if v is not None})
    printed = " / ".join(r.row.printed for r in rows)
    owners = [r.row.printed for r in rows for _ in r.row.addresses]
    for i, address in enumerate(addresses):
        column = {values[i] for values in flat}
        if len(column) == 1 and not exhausted:
            sink.cells[address] = next(iter(column))
        else:
            sink.cells[address] = None
            sink.raw[address] = owners[i]
    sink.ambiguities.append(SplitAmbiguity(
        table=table, rows=[r.row.key for r in rows], printed=printed, candidates=candidates,
    ))
    count = f"至少{len(flat)}" if exhausted else str(len(flat))
    shown = f"，仅列出前{SHOWN_CANDIDATES}种" if len(flat) > SHOWN_CANDIDATES else ""
    labels = "、".join(f"“{r.row.label}”" for r in rows)
    fits = ("都符合表格的合计关系" if any(r.row.rules for r in rows)
            else "都可能成立（该行没有可用于核对的合计关系）")
    sink.add("parse.ambiguous_split", Severity.WARNING, table,
             f"{TABLE_NAMES[table]}{labels}行的数字连在一起印出（原文：{printed}），"
             f"有{count}种拆分{fits}，无法确定{shown}；已保留全部候选，"
             f"有分歧的单元格按未读取处理。",
             cell=addresses[0], cells=addresses)


def _settle_alone(options: RowOptions, sink: CellSink) -> None:
    if len(options.candidates) == 1 and not options.exhausted:
        _write(options, 0, sink)
    elif options.candidates:
        _ambiguous([options], [[c] for c in options.candidates], options.exhausted, sink)
    else:
        row = options.row
        n = len(row.addresses)
        for address in row.addresses:
            sink.cells[address] = None
            sink.raw[address] = row.printed
        reason = "搜索范围过大" if options.exhausted else f"无法拆分为{n}个单元格"
        sink.add("parse.split_failed", Severity.ERROR, row.table,
                 f"{_label(row)}的数字（原文：{row.printed or '无'}）{reason}，该行单元格未能读取。",
                 cell=row.addresses[0], cells=row.addresses)


def settle_rows(reads: Sequence[RowRead], sink: CellSink) -> None:
    """表二 and 表四: every row on its own (no rule ties the rows together)."""
    for row in reads:
        if not row.chunks:
            _report_empty(row, sink)
            continue
        _settle_alone(row_options(row, sink), sink)


def _report_empty(row: RowRead, sink: CellSink) -> None:
    sink.add("parse.cells_missing", Severity.ERROR, row.table,
             f"{_label(row)}后没有读到任何数值，该行单元格未能读取。",
             cell=row.addresses[0], cells=row.addresses)


# --- 表三: joint choice ---------------------------------------------------------------------


def _column_rules(version: FormatVersion, present: set[str]) -> list[tuple[list[str], list[str]]]:
    """(left rows, right rows) whose sums must be equal in every column."""
    rules = []
    if {"new", "carried_in", "handled_total", "carried_out"} <= present:
        rules.append((["new", "carried_in"], ["handled_total", "carried_out"]))
    outcomes = list(t3_outcome_rows(version))
    if "handled_total" in present and set(outcomes) <= present:
        rules.append((["handled_total"], outcomes))
    return rules


def _joint(options: dict[str, RowOptions],
           rules: list[tuple[list[str], list[str]]]) -> list[dict[str, int]] | None:
    """Combinations of row candidates (indices) that satisfy every column rule; ``None``
    when they cannot all be enumerated."""
    if any(o.exhausted or not o.candidates for o in options.values()):
        return None
    choices = {key: opt.candidates for key, opt in options.items()}
    variable = [k for k, c in choices.items() if len(c) > 1]
    if math.prod(len(choices[k]) for k in variable) > JOINT_LIMIT:
        return None
    fixed = {k: c[0] for k, c in choices.items() if len(c) == 1}
    survivors = []
    for combo in itertools.product(*(range(len(choices[k])) for k in variable)):
        current = dict(fixed)
        current.update({k: choices[k][i] for k, i in zip(variable, combo, strict=True)})
        if all(_balanced(current, left, right) for left, right in rules):
            picked = dict.fromkeys(choices, 0)
            picked.update(dict(zip(variable, combo, strict=True)))
            survivors.append(picked)
    return survivors


def _balanced(rows: dict[str, Values], left: list[str], right: list[str]) -> bool:
    width = len(rows[left[0]])
    for col in range(width):
        lhs = sum((rows[k][col] or 0 for k in left), start=0)
        rhs = sum((rows[k][col] or 0 for k in right), start=0)
        if lhs != rhs:
            return False
    return True


def settle_t3(reads: Sequence[RowRead], version: FormatVersion, sink: CellSink) -> None:
    options: dict[str, RowOptions] = {}
    for row in reads:
        if not row.chunks:
            _report_empty(row, sink)
            continue
        options[row.key] = row_options(row, sink)
    if all(len(o.candidates) == 1 and not o.exhausted for o in options.values()):
        for opt in options.values():
            _write(opt, 0, sink)
        return
    complete = {
        key: opt for key, opt in options.items()
        if opt.candidates and not opt.exhausted
        and all(len(c) == len(opt.row.addresses) for c in opt.candidates)
    }
    for key, opt in options.items():
        if key not in complete:
            _settle_alone(opt, sink)
    rules = _column_rules(version, set(complete))
    chosen = complete
    survivors = _joint(complete, rules) if rules else None
    if survivors == [] and any(o.mergeable for o in complete.values()):
        # The page's spacing may mislead: read those rows ignoring it, and take the
        # result only if exactly one reading balances.
        merged = {k: (m if (m := o.merged()) is not None and m.candidates
                      and not m.exhausted else o) for k, o in complete.items()}
        merged_survivors = _joint(merged, rules)
        if merged_survivors is not None and len(merged_survivors) == 1:
            survivors, chosen = merged_survivors, merged
    if not survivors:
        for opt in complete.values():  # no joint reading: each row on its own
            _settle_alone(opt, sink)
        return
    differing = [k for k in chosen if len({s[k] for s in survivors}) > 1]
    for key, opt in chosen.items():
        if key not in differing:
            _write(opt, survivors[0][key], sink)
    if differing:
        combos = []
        seen = set()
        for s in survivors:
            combo = tuple(chosen[k].candidates[s[k]] for k in differing)
            if combo not in seen:
                seen.add(combo)
                combos.append(list(combo))
        _ambiguous([chosen[k] for k in differing], combos, False, sink)
