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
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.cells import T3_COLUMNS, FormatVersion, ValueKind, cell_specs, t3_outcome_rows
from assistant.findings import Finding, Severity
from assistant.form import (
    CARRY_OVER_CODE,
    COLUMN_SUM_CODES,
    IN_FORCE_CODE,
    balance_rules,
    cell_address,
    continuity_rules,
    row_addresses,
    split_address,
    sum_rules,
    t3_rows,
)
from assistant.form import TABLE_NAMES as TABLE_NAMES  # re-exported from here
from assistant.form import TABLE_SECTIONS as TABLE_SECTIONS  # re-exported from here
from assistant.form.tables import T3_GROUPS
from assistant.parsing.normalise import cell_value
from assistant.parsing.splitter import SplitResult, Value, Values, forced_cut, splits, unequal_lengths
from assistant.parsing.tables import OTHER_GROUP_KEY, Chunk, RowRead
from assistant.prebuilt import prebuilt
from assistant.report import Report, SplitAmbiguity
from assistant.settings import rule_severity

SHOWN_CANDIDATES = 20
JOINT_LIMIT = 5_000


@dataclass
class CellSink:
    """What the parser writes into the report."""

    cells: dict[str, Value] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    ambiguities: list[SplitAmbiguity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # This report's rows read so far, by what decides their reading (see row_options): a
    # report prints the same row many times over ("0 0 0 0 0 0 0").
    readings: dict[tuple[object, ...], tuple[_Reading, object, object]] = field(
        default_factory=dict, repr=False)
    # The office's re-grading (NIANBAO_RULE_SEVERITY), read from the environment once for the
    # report (when the sink is made) rather than for every finding: reading the environment
    # through os.environ costs more than making the finding.
    severities: Mapping[str, Severity] = field(default_factory=rule_severity, repr=False)

    def add(self, code: str, severity: Severity, table: str, message: str, *,
            cell: str | None = None, cells: Sequence[str] = ()) -> None:
        # the office's re-grading applied here, as Finding(...) would: made without validation
        severity = self.severities.get(code, severity)
        self.findings.append(Finding.exact(code, severity, message, TABLE_SECTIONS[table], cell,
                                           tuple(cells), None, None, None))


@dataclass
class RowOptions:
    """The readings of one row that are still possible."""

    row: RowRead
    candidates: list[Values]
    raws: list[tuple[str | None, ...]]  # printed text per cell, per candidate
    exhausted: bool = False
    mergeable: bool = False  # spacing could be ignored to read the row another way
    how: str = ""  # how a run-together row was read, for the note (empty: as printed)

    def merged(self) -> RowOptions | None:
        """The rule-satisfying splits when the page's spacing is ignored ("200 000121")."""
        if not self.mergeable:
            return None
        return _split(self.row, _merge_spaced(self.row.chunks), ruled=True)


def _label(row: RowRead) -> str:
    return f"{TABLE_NAMES[row.table]}“{row.label}”行"


# --- one row ------------------------------------------------------------------------------------


def _plain_reading(row: RowRead) -> tuple[int, ...] | None:
    """The values of a row plainly printed, the common case: a plain count per cell ("12",
    "0"; not "012": the chunks' :attr:`~assistant.parsing.tables.Chunk.value`, classified when
    they were read), no cell an amount, printed apart (:func:`_direct` takes them as printed)
    or running with spaces between them, adding up (the only cut, ``_forced_row``). What
    :func:`read_row_options` reads such a row as, told by a few steps; ``None``: another row,
    read the long way."""
    kinds = row.kinds
    chunks = row.chunks
    n = len(kinds)
    if len(chunks) != n or len(row.addresses) != n or ValueKind.AMOUNT in kinds:
        return None
    # one compiled loop over the chunks (no map() of itemgetters, no "None in" comparisons)
    counts: list[int] = []
    alone = True
    for _, _, _, apart, value in chunks:
        if value is None:
            return None
        counts.append(value)
        if not apart:
            alone = False
    values = tuple(counts)
    if alone or all(rule.holds(values) for rule in row.rules):
        return values
    return None


def _plain_options(row: RowRead, values: Values) -> RowOptions:
    """The one reading of a row plainly printed (see :func:`_plain_reading`)."""
    return RowOptions(row, [values], [(None,) * len(values)], False, _can_merge(row.chunks))


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
    amount = ValueKind.AMOUNT
    kinds = row.kinds
    # zip(chunks, kinds) by index: a zip() with strict= is called through Python's
    # keyword-argument path
    for i in range(len(chunks) if len(chunks) < len(kinds) else len(kinds)):
        printed, digits, _, _, _ = chunks[i]
        kind = kinds[i]
        if digits is None:
            values.append(None)
            raws.append(printed)
        elif kind is not amount and printed == digits and printed.isdigit() and printed.isascii() \
                and (printed[0] != "0" or len(printed) == 1):
            values.append(int(printed))  # the common case: a plain count, printed as read
            raws.append(None)
        else:
            value = cell_value(digits, kind)
            values.append(value)
            raws.append(None if value is not None and str(value) == printed else printed)
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
    runs: list[str | None] = []
    whole: list[bool] = []
    for _, digits, _, alone, _ in chunks:  # one loop for both lists, no attribute lookups
        runs.append(digits)
        whole.append(alone)
    result: SplitResult = splits(runs, row.kinds, row.rules if ruled else (), whole=whole)
    raws: list[tuple[str | None, ...]] = []
    candidates, origins = result.candidates, result.origins
    if len(origins) != len(candidates):
        raise unequal_lengths(len(candidates), len(origins))  # as zip(..., strict=True) would
    for k in range(len(candidates)):  # zip(candidates, origins) by index (see _set_cells)
        values = candidates[k]
        if None not in values:  # every cell a number: no printed text to keep
            raws.append((None,) * len(values))
            continue
        raws.append(_raws_of(chunks, values, origins[k]))
    return RowOptions(row, list(result.candidates), raws, result.exhausted)


def _raws_of(chunks: Sequence[Chunk], values: Values, origin: tuple[int, ...]) -> tuple[str | None, ...]:
    """The printed text of each cell read as no number (``None`` for the others): ``tuple(
    chunks[o].printed if v is None else None for v, o in zip(values, origin, strict=True))``,
    by index (see _set_cells)."""
    if len(origin) != len(values):
        raise unequal_lengths(len(values), len(origin))
    return tuple([chunks[origin[i]][0] if values[i] is None else None for i in range(len(values))])


_BY_ROW = "按本行合计（总计等于各列之和）只有一种拆分"
_BY_ROW_MERGED = "不计原文中的空格，按本行合计只有一种拆分"


def _capacity(chunks: Sequence[Chunk]) -> int:
    """The most cells the chunks can give (each digit a cell)."""
    return sum(1 if c.alone or c.digits is None else len(c.digits) for c in chunks)


def _zeros(row: RowRead) -> RowOptions | None:
    """A row of zeros with a cell left blank ("0 00000" or "000000" for seven cells): every
    reading is all zeros, so the row reads 0 (with a note)."""
    n = len(row.addresses)
    digits = [c.digits for c in row.chunks]
    if not digits or any(d is None or d.strip("0") for d in digits):
        return None
    printed = _capacity(row.chunks)
    if not 0 < n - printed <= (1 if n <= 3 else 2):
        return None
    how = (f"只印出{printed}个0（应有{n}个单元格，有{n - printed}个单元格空白），"
           f"无论空白在哪一列全行都是0，按0读取")
    zero = tuple(Decimal(0) if kind is ValueKind.AMOUNT else 0 for kind in row.kinds)
    return RowOptions(row, [zero], [(None,) * n], how=how)


_ALONE = operator.itemgetter(3)  # Chunk.alone
_PRINTED_OF = operator.itemgetter(0)  # Chunk.printed


def _can_merge(chunks: Sequence[Chunk]) -> bool:
    """Whether :func:`_merge_spaced` would join any two of the chunks."""
    for prev, chunk in itertools.pairwise(chunks):
        if (not prev.alone and not chunk.alone and prev.piece == chunk.piece
                and prev.digits is not None and chunk.digits is not None
                and not chunk.digits.startswith("-") and "." not in prev.digits
                and prev.printed == prev.digits):
            return True
    return False


def _forced_row(row: RowRead) -> RowOptions | None:
    """A row with only one way to cut it: a number per cell (printed apart, with spaces
    between them) or a digit per cell ("0000000"). The splitter's first step
    (:func:`~assistant.parsing.splitter.forced_cut`), taken here so that the search is not
    asked for such a row: its reading when it adds up, none (no candidate) when it does not,
    as the search would say. ``None``: the row may be cut several ways (``_split`` searches)."""
    chunks = row.chunks
    runs: list[str | None] = []
    whole: list[bool] = []
    for _, digits, _, alone, _ in chunks:  # one loop for both lists
        runs.append(digits)
        whole.append(alone or digits is None)
    forced = forced_cut(runs, row.kinds, whole)
    if forced is None:
        return None
    cut, origin = forced
    if cut is None or not all(rule.holds(cut) for rule in row.rules):
        return RowOptions(row, [], [])
    raws = _raws_of(chunks, cut, origin) if None in cut else (None,) * len(cut)
    return RowOptions(row, [cut], [raws], False, _can_merge(chunks))


# What row_options makes of a row: candidates, raws, exhausted, mergeable, how.
_Reading = tuple[tuple[Values, ...], tuple[tuple[str | None, ...], ...], bool, bool, str]


def row_options(row: RowRead, sink: CellSink) -> RowOptions:
    """:func:`read_row_options`, once per distinct row of a report: the reading depends only
    on the row's chunks, kinds, rules and cell count (a reading that added a finding, which
    names the row, is not kept).

    The kinds and rules are keyed by identity (rows share their pattern's tuples; hashing
    them by value would call Python for each kind and rule), and kept with the reading so
    that no other tuple can take their identity while the sink lives."""
    key = (row.chunks, id(row.kinds), id(row.rules), len(row.addresses))
    known = sink.readings.get(key)
    if known is not None:
        candidates, raws, exhausted, mergeable, how = known[0]
        return RowOptions(row, list(candidates), list(raws), exhausted, mergeable, how)
    findings = len(sink.findings)
    options = read_row_options(row, sink)
    if len(sink.findings) == findings:
        reading = (tuple(options.candidates), tuple(options.raws), options.exhausted,
                   options.mergeable, options.how)
        sink.readings[key] = (reading, row.kinds, row.rules)
    return options


def read_row_options(row: RowRead, sink: CellSink) -> RowOptions:
    """The readings of one row that are possible (see the module docstring)."""
    if all(map(_ALONE, row.chunks)):
        return _direct(row, sink)
    forced = _forced_row(row) if len(row.addresses) == len(row.kinds) else None
    if forced is not None and forced.candidates:
        return forced
    merged_chunks = _merge_spaced(row.chunks)
    can_merge = len(merged_chunks) < len(row.chunks)
    trivial = len(row.chunks) == len(row.addresses) or _capacity(row.chunks) == len(row.addresses)
    ws = _split(row, row.chunks, ruled=True) if forced is None else forced
    if ws.candidates:
        ws.mergeable = can_merge
        if len(ws.candidates) == 1 and not trivial and row.rules:
            ws.how = _BY_ROW
        return ws
    merged = _split(row, merged_chunks, ruled=True) if can_merge else None
    if merged is not None and merged.candidates:
        if len(merged.candidates) == 1:
            merged.how = _BY_ROW_MERGED
        return merged
    zeros = _zeros(row)
    if zeros is not None:
        return zeros
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


def _shown(values: Values) -> str:
    return "｜".join("空" if v is None else str(v) for v in values)


def _note(options: RowOptions, sink: CellSink, how: str | None = None) -> None:
    """Say how a row printed run together was read (a warning: a reader should know)."""
    how = how or options.how
    if not how or len(options.candidates) != 1:
        return
    row = options.row
    sink.add("parse.split_resolved", Severity.WARNING, row.table,
             f"{_label(row)}的数字连在一起印出（原文：{row.printed}），{how}，"
             f"读作：{_shown(options.candidates[0])}。",
             cell=row.addresses[0], cells=row.addresses[1:])


# --- writing results --------------------------------------------------------------------------


def _write(options: RowOptions, index: int, sink: CellSink, how: str | None = None) -> None:
    row = options.row
    if row.key == OTHER_GROUP_KEY:
        return  # stands for three rows the report did not print: see _other_group_note
    values = options.candidates[index]
    raws = options.raws[index]
    addresses = row.addresses
    written = len(raws)
    # the pairs zip(addresses, values[:written]) gives, by index (see _set_cells); the least
    # of the three by comparisons (min() of three is a call through Python)
    count = len(addresses)
    if len(values) < count:
        count = len(values)
    if written < count:
        count = written
    _set_cells(sink.cells, addresses, values, count)
    if raws.count(None) != written:
        for i in range(count):
            raw = raws[i]
            if raw is not None:
                sink.raw[addresses[i]] = raw
    n = len(addresses)
    if len(values) < n:
        missing = addresses[len(values):]
        sink.add("parse.cells_missing", Severity.ERROR, options.row.table,
                 f"{_label(options.row)}只读到{len(values)}个数值，应有{n}个"
                 f"（原文：{options.row.printed or '无'}），其余单元格未能读取。",
                 cell=missing[0], cells=missing)
    elif how or options.how:
        _note_one(options, index, how or options.how, sink)


def _write_plain(row: RowRead, values: tuple[int, ...], sink: CellSink) -> None:
    """What :func:`_write` writes for the one reading of a row plainly printed (see
    :func:`_plain_reading`): its values, nothing raw, no note."""
    if row.key != OTHER_GROUP_KEY:  # as in _write
        addresses = row.addresses
        _set_cells(sink.cells, addresses, values, len(values) if len(values) < len(addresses)
                   else len(addresses))
        if len(values) != len(addresses):
            raise unequal_lengths(len(addresses), len(values))  # as zip(..., strict=True) would


def _set_cells(cells: dict[str, Value], addresses: tuple[str, ...], values: tuple[Value, ...],
               count: int) -> None:
    """``cells.update(zip(addresses, values))`` for the first ``count`` pairs, in a compiled
    loop: a zip() with ``strict=`` is called through Python's keyword-argument path, which
    costs more than writing a row's few cells. Tuples (not any sequence), which compiled code
    indexes directly."""
    for i in range(count):
        cells[addresses[i]] = values[i]


def _candidate(addresses: Sequence[str], values: Sequence[Value]) -> dict[str, int | Decimal]:
    """``{a: v for a, v in zip(addresses, values, strict=True) if v is not None}`` by index
    (see _set_cells)."""
    if len(values) != len(addresses):
        raise unequal_lengths(len(addresses), len(values))
    candidate: dict[str, int | Decimal] = {}
    for i in range(len(addresses)):
        value = values[i]
        if value is not None:
            candidate[addresses[i]] = value
    return candidate


def _ambiguous(rows: Sequence[RowOptions], combos: Sequence[Sequence[Values]], exhausted: bool,
               sink: CellSink) -> None:
    """Several readings survive: keep them all, blank the cells they disagree on."""
    table = rows[0].row.table
    addresses = [a for r in rows for a in r.row.addresses]
    flat = [tuple(itertools.chain.from_iterable(combo)) for combo in combos]
    candidates = []
    for values in flat[:SHOWN_CANDIDATES]:
        candidates.append(_candidate(addresses, values))
    row_texts = [r.row.printed for r in rows]  # each row's printed text made once
    printed = " / ".join(row_texts)
    owners = [row_texts[i] for i, r in enumerate(rows) for _ in r.row.addresses]
    for i, address in enumerate(addresses):
        column = {values[i] for values in flat}
        if len(column) == 1 and not exhausted:
            sink.cells[address] = next(iter(column))
        else:
            sink.cells[address] = None
            sink.raw[address] = owners[i]
    # built without re-validation: the parser's own addresses and values, of their kinds
    sink.ambiguities.append(prebuilt(SplitAmbiguity, {
        "table": table, "rows": [r.row.key for r in rows], "printed": printed,
        "candidates": candidates,
    }))
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
    if options.row.key == OTHER_GROUP_KEY:
        return  # no cells of its own: _other_group_note says what was printed
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
        plain = _plain_reading(row)
        if plain is not None:
            _write_plain(row, plain, sink)
            continue
        _settle_alone(row_options(row, sink), sink)


def _report_empty(row: RowRead, sink: CellSink) -> None:
    sink.add("parse.cells_missing", Severity.ERROR, row.table,
             f"{_label(row)}后没有读到任何数值，该行单元格未能读取。",
             cell=row.addresses[0], cells=row.addresses)


# --- 表三: joint choice ---------------------------------------------------------------------

JOINT_STEPS = 50_000
JOINT_KEEP = 1_000
_BY_COLUMNS = ("本行单独有{k}种拆分，按表三的列合计（第一项加第二项等于第三项加第四项；"
               "（七）总计等于各项之和）只有一种成立")


def _outcomes(version: FormatVersion, present: set[str]) -> list[str]:
    outcomes = list(t3_outcome_rows(version))
    items = [k for k in outcomes if k.startswith("other_")]
    if OTHER_GROUP_KEY in present and not set(items) & present:
        outcomes = [k for k in outcomes if k not in items] + [OTHER_GROUP_KEY]
    return outcomes


# 表三's column rules as rows (the same in every column and in both formats): the balance
# 一 + 二 = 三（七）+ 四, and the row whose cells sum the outcome rows, 三（七）总计.
_BALANCE = balance_rules(FormatVersion.V2021)[0]
_BALANCE_LEFT = tuple(split_address(a)[1] for a in _BALANCE.left)
_BALANCE_RIGHT = tuple(split_address(a)[1] for a in _BALANCE.right)
_BALANCE_ROWS = frozenset(_BALANCE_LEFT + _BALANCE_RIGHT)
_HANDLED_ROW = split_address(next(r.total for r in sum_rules(FormatVersion.V2021, "t3")
                                  if r.code == COLUMN_SUM_CODES["t3"]))[1]


def _column_rules(version: FormatVersion, present: set[str]) -> list[tuple[list[str], list[str]]]:
    """(left rows, right rows) whose sums must be equal in every column."""
    rules = []
    if present >= _BALANCE_ROWS:
        rules.append((list(_BALANCE_LEFT), list(_BALANCE_RIGHT)))
    outcomes = _outcomes(version, present)
    if _HANDLED_ROW in present and set(outcomes) <= present:
        rules.append(([_HANDLED_ROW], outcomes))
    return rules


_INTS = {int}


def _column_values(values: Values) -> tuple[int, ...]:
    """A candidate's cells as the column sums take them: blanks as 0, whole numbers."""
    if set(map(type, values)) == _INTS:
        return values  # type: ignore[return-value]  # the common case: counts, none blank
    return tuple(int(v or 0) for v in values)


def _joint(options: dict[str, RowOptions],
           rules: list[tuple[list[str], list[str]]]) -> list[dict[str, int]] | None:
    """Combinations of row candidates (indices) that satisfy every column rule; ``None``
    when they cannot all be enumerated.

    A depth-first search over the rows with several candidates, the rows of the shortest
    rules first, keeping each rule's column sums as it goes; counts are never negative, so
    once one side of a rule is complete the other side's rows found so far may not exceed
    it, column by column.
    """
    if any(o.exhausted or not o.candidates for o in options.values()):
        return None
    choices = {key: list(map(_column_values, opt.candidates)) for key, opt in options.items()}
    width = max(len(c[0]) for c in choices.values())
    rank: dict[str, int] = {}
    for left, right in sorted(rules, key=lambda r: len(r[0]) + len(r[1])):
        for key in (*left, *right):
            rank.setdefault(key, len(rank))
    variable = sorted((k for k, c in choices.items() if len(c) > 1),
                      key=lambda k: rank.get(k, len(rank)))
    # per rule and side: running column sums and how many rows are still open
    sums = [[[0] * width, [0] * width] for _ in rules]
    open_rows = [[len(left), len(right)] for left, right in rules]
    member: dict[str, list[tuple[int, int]]] = {}
    for r, (left, right) in enumerate(rules):
        for side, keys in enumerate((left, right)):
            for key in keys:
                member.setdefault(key, []).append((r, side))

    def add(key: str, values: tuple[int, ...], sign: int) -> None:
        for r, side in member.get(key, ()):
            vector = sums[r][side]
            for col, value in enumerate(values):
                if value:
                    vector[col] += sign * value
            open_rows[r][side] -= sign

    def feasible(key: str) -> bool:
        for r, _ in member.get(key, ()):
            (lsum, rsum), (lopen, ropen) = sums[r], open_rows[r]
            if not lopen and not ropen:
                if lsum != rsum:
                    return False
            elif not lopen:
                if any(x > y for x, y in zip(rsum, lsum, strict=True)):
                    return False
            elif not ropen and any(x > y for x, y in zip(lsum, rsum, strict=True)):
                return False
        return True

    picked: dict[str, int] = {}
    for key, cands in choices.items():
        if len(cands) == 1:
            picked[key] = 0
            add(key, cands[0], 1)
    if not all(feasible(key) for key in picked):
        return []
    survivors: list[dict[str, int]] = []
    steps = 0

    def dfs(depth: int) -> bool:
        nonlocal steps
        if depth == len(variable):
            survivors.append(dict(picked))
            return len(survivors) < JOINT_KEEP
        key = variable[depth]
        for index, values in enumerate(choices[key]):
            steps += 1
            if steps > JOINT_STEPS:
                return False
            picked[key] = index
            add(key, values, 1)
            ok = feasible(key) and dfs(depth + 1)
            add(key, values, -1)
            del picked[key]
            if not ok and (steps > JOINT_STEPS or len(survivors) >= JOINT_KEEP):
                return False
        return True

    if not dfs(0):
        return None
    return survivors


def settle_t3(reads: Sequence[RowRead], version: FormatVersion, sink: CellSink) -> None:
    # each row's reading: its values when plainly printed (see _plain_reading), else its options
    readings: dict[str, tuple[RowRead, tuple[int, ...]] | RowOptions] = {}
    for row in reads:
        if not row.chunks:
            _report_empty(row, sink)
            continue
        plain = _plain_reading(row)
        readings[row.key] = row_options(row, sink) if plain is None else (row, plain)
    if all(not isinstance(r, RowOptions) or (len(r.candidates) == 1 and not r.exhausted)
           for r in readings.values()):
        # one reading per row: each written as it is, in the rows' order
        for reading in readings.values():
            if isinstance(reading, RowOptions):
                _write(reading, 0, sink)
            else:
                _write_plain(*reading, sink)
    else:
        _settle_t3({key: _as_options(r) for key, r in readings.items()}, version, sink)
    _placed_notes(reads, version, sink)
    group = readings.get(OTHER_GROUP_KEY)
    if group is not None:
        _other_group_note(_as_options(group), sink)


def _as_options(reading: tuple[RowRead, tuple[int, ...]] | RowOptions) -> RowOptions:
    return reading if isinstance(reading, RowOptions) else _plain_options(*reading)


def _settle_t3(options: dict[str, RowOptions], version: FormatVersion, sink: CellSink) -> None:
    """表三's rows when one has several readings, or none: chosen jointly by the column rules."""
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
            how = None
            if len(opt.candidates) > 1:
                how = _BY_COLUMNS.format(k=len(opt.candidates))
            _write(opt, survivors[0][key], sink, how)
    differing = [k for k in differing if k != OTHER_GROUP_KEY]
    if differing:
        combos = []
        seen = set()
        for s in survivors:
            combo = tuple(chosen[k].candidates[s[k]] for k in differing)
            if combo not in seen:
                seen.add(combo)
                combos.append(list(combo))
        _ambiguous([chosen[k] for k in differing], combos, False, sink)


def _note_one(options: RowOptions, index: int, how: str, sink: CellSink) -> None:
    single = RowOptions(options.row, [options.candidates[index]], [options.raws[index]])
    _note(single, sink, how)


def _placed_notes(reads: Sequence[RowRead], version: FormatVersion, sink: CellSink) -> None:
    """Rows read by their position in the form: say so, and whether the columns agree."""
    placed = [r for r in reads if r.placed]
    if not placed:
        return
    present = {r.key for r in reads}
    rules = _column_rules(version, present)
    cells = sink.cells
    agree = all(
        sum(cells.get(cell_address("t3", k, col)) or 0 for k in left)
        == sum(cells.get(cell_address("t3", k, col)) or 0 for k in right)
        for left, right in rules if OTHER_GROUP_KEY not in right
        for col, _ in T3_COLUMNS
    )
    if rules and agree:
        confirm = "该行本身合计相符，表三的列合计也相符"
    elif rules:
        confirm = "该行本身合计相符，但表三的列合计不符，请核对原文"
    else:
        confirm = "该行本身合计相符"
    for row in placed:
        sink.add("parse.row_by_position", Severity.WARNING, row.table,
                 f"{_label(row)}的行标签缺失或无法识别，按年报表格的行序读取了印在该位置的一行数字"
                 f"（原文：{row.printed}）；{confirm}。",
                 cell=row.addresses[0], cells=row.addresses[1:])


# The cells of （六）其他处理's three items (2021 format), row by row.
_OTHER_ITEMS = tuple(a for r in t3_rows(FormatVersion.V2021) if r.group == T3_GROUPS["other"]
                     for a in row_addresses(FormatVersion.V2021, "t3", r.key))


def _other_group_note(options: RowOptions, sink: CellSink) -> None:
    """（六）其他处理 printed as one row: its three items are unknown (left unread)."""
    items = _OTHER_ITEMS
    values = options.candidates[0] if len(options.candidates) == 1 else None
    shown = f"，合计为{_shown(values)}" if values is not None else ""
    sink.add("parse.other_one_row", Severity.WARNING, "t3",
             f"表三“（六）其他处理”印为一行（原文：{options.row.printed}{shown}），"
             "没有分列“1.申请人无正当理由逾期不补正”“2.申请人逾期未按收费通知要求缴纳费用”"
             "“3.其他”三项；这三项的单元格未能分别读取。",
             cell=items[0], cells=tuple(items[1:]))


# --- last year's report decides ----------------------------------------------------------------

_PREVIOUS_T3 = "按上年报告“结转下年度继续办理”等于本年“上年结转”只有一种成立"
_PREVIOUS_T2 = "按上年报告的现行有效件数（上年现行有效加本年制发减本年废止等于本年现行有效）只有一种成立"


def settle_with_previous(report: Report, previous: Report) -> Report:
    """``report`` with the splits that last year's report decides written in.

    A run-together row that several splits fit (``report.ambiguities``) is settled when
    exactly one candidate agrees with last year: 上年结转 equal to last year's 结转下年度继续办理,
    column by column; 现行有效件数 equal to last year's plus 本年制发 minus 本年废止 (last
    year's own candidates count when it was run together too). The ambiguity and its finding
    go, a ``parse.split_resolved`` note says how the row was read. Returns a copy; ``report``
    itself when nothing is decided or the two reports are not consecutive years.
    """
    year, last = report.meta.year, previous.meta.year
    if year is None or last is None or last != year - 1 or not report.ambiguities:
        return report
    decided: list[tuple[int, dict[str, int | Decimal], str]] = []
    for index, ambiguity in enumerate(report.ambiguities):
        if ambiguity.table == "t3" and _CARRIED_ROW in ambiguity.rows:
            fits = [c for c in ambiguity.candidates if _carried_fits(c, previous)]
            how = _PREVIOUS_T3
        elif ambiguity.table == "t2" and report.version is FormatVersion.V2021 and (
                set(ambiguity.rows) <= _IN_FORCE_ROWS):
            fits = [c for c in ambiguity.candidates if _in_force_fits(c, ambiguity.rows, previous)]
            how = _PREVIOUS_T2
        else:
            continue
        if len(fits) == 1 and len(ambiguity.candidates) < SHOWN_CANDIDATES:
            decided.append((index, fits[0], how))
    if not decided:
        return report
    updated = report.model_copy(deep=True)
    notes: list[Finding] = []
    for index, candidate, how in decided:
        ambiguity = report.ambiguities[index]
        cells = set(candidate) | {a for c in ambiguity.candidates for a in c}
        for address, value in candidate.items():
            updated.set_cell(address, value)
        updated.parse_findings = [
            f for f in updated.parse_findings
            if not (f.code == "parse.ambiguous_split" and {c for c in (f.cell, *f.cells) if c} <= cells)
        ]
        order = _order(report.version)
        addresses = sorted(cells, key=lambda a: order.get(a, len(order)))
        shown = "｜".join(str(candidate.get(a, "空")) for a in addresses)
        names = "、".join(f"“{_row_name(report.version, ambiguity.table, r)}”"
                         for r in ambiguity.rows)
        notes.append(Finding(
            code="parse.split_resolved", severity=Severity.WARNING,
            message=f"{TABLE_NAMES[ambiguity.table]}{names}行的数字连在一起印出"
                    f"（原文：{ambiguity.printed}），有{len(ambiguity.candidates)}种拆分，{how}，"
                    f"读作：{shown}。",
            section=TABLE_SECTIONS[ambiguity.table], cell=addresses[0],
            cells=tuple(addresses[1:]),
        ))
    gone = {index for index, _, _ in decided}
    updated.ambiguities = [a for i, a in enumerate(updated.ambiguities) if i not in gone]
    updated.parse_findings += notes
    return updated


# What carries over from last year (the same in both formats): (this year's cell, last year's).
_CARRIED = tuple((r.cell, r.previous) for r in continuity_rules(FormatVersion.V2021, FormatVersion.V2021)
                 if r.code == CARRY_OVER_CODE)
_CARRIED_ROW = split_address(_CARRIED[0][0])[1]  # 上年结转
# 表二 rows whose 现行有效 follows from last year's (2021 format): row -> rule.
_IN_FORCE = {split_address(r.cell)[1]: r
             for r in continuity_rules(FormatVersion.V2021, FormatVersion.V2021)
             if r.code == IN_FORCE_CODE}
_IN_FORCE_ROWS = frozenset(_IN_FORCE)


def _carried_fits(candidate: dict[str, int | Decimal], previous: Report) -> bool:
    compared = False
    for cell, last_cell in _CARRIED:
        mine = candidate.get(cell)
        last = previous.cells.get(last_cell)
        if mine is None or last is None:
            continue
        compared = True
        if mine != last:
            return False
    return compared


def _in_force_fits(candidate: dict[str, int | Decimal], rows: Sequence[str],
                   previous: Report) -> bool:
    if previous.version is not FormatVersion.V2021:
        return False
    for row in rows:
        rule = _IN_FORCE[row]
        issued = candidate.get(rule.plus[0])
        repealed = candidate.get(rule.minus[0])
        in_force = candidate.get(rule.cell)
        if issued is None or repealed is None or in_force is None:
            return False
        last = _last_in_force(previous, row)
        if not last or in_force - issued + repealed not in last:
            return False
    return True


def _last_in_force(previous: Report, row: str) -> set[int | Decimal]:
    address = _IN_FORCE[row].previous
    value = previous.cells.get(address)
    if value is not None:
        return {value}
    return {c[address] for a in previous.ambiguities for c in a.candidates if address in c}


def _order(version: FormatVersion) -> dict[str, int]:
    return {spec.address: i for i, spec in enumerate(cell_specs(version))}


def _row_name(version: FormatVersion, table: str, row: str) -> str:
    return next((spec.row_label for spec in cell_specs(version)
                 if spec.table == table and spec.row == row), row)
