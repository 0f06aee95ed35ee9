"""Splitting numbers printed run together ("640020470") into a row's cells.

Scraped pages sometimes lose every cell boundary: 表三's row "64|0|0|2|0|4|70" reads
"640020470". Only the form's own arithmetic can split it again. :func:`splits` enumerates
the ways a sequence of digit runs can be cut into the row's cells:

- every run gives at least one cell, and cells never cross from one run into the next
  (runs are separated by whatever the page did keep: a space, a line break, a "|");
- a cell has no leading zero unless it is "0"; a minus sign may only open a signed cell
  (2019 表二 本年增/减); a decimal point only sits inside an amount;
- with sum rules (表三: 总计 = the six applicant columns; 表四: each group's 总计 = its four
  results), a total cell is forced to the sum of its parts, which prunes the search hard.

The search is bounded (``budget`` steps, ``keep`` candidates) so a long run never hangs;
:class:`SplitResult` says when it stopped early. Choosing among candidates is the caller's
job (see :mod:`assistant.parsing.resolve`): this module never guesses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.cells import ValueKind
from assistant.parsing.normalise import cell_value, valid_part

Value = int | Decimal | None
Values = tuple[Value, ...]

DEFAULT_BUDGET = 20_000
DEFAULT_KEEP = 200
# Longest plausible printed cell: a count beyond 10**15 is damage, not a split to consider.
MAX_CELL_LEN = {ValueKind.COUNT: 15, ValueKind.DELTA: 16, ValueKind.AMOUNT: 24}


@dataclass(frozen=True)
class SumRule:
    """``cells[total] == sum(cells[i] for i in parts)`` (blank cells count as 0)."""

    parts: tuple[int, ...]
    total: int

    def holds(self, values: Sequence[Value]) -> bool:
        total = values[self.total]
        if total is None:
            return True
        # blanks (None) and zeros add nothing: the sum of the others, without a Python loop
        return sum(filter(None, map(values.__getitem__, self.parts)), start=0) == total  # type: ignore[arg-type]


# Not frozen, though never changed (nor hashed): a frozen dataclass's __init__ sets each field
# through object.__setattr__, in Python, at a few times the cost of a plain one.
@dataclass
class SplitResult:
    candidates: list[Values]
    exhausted: bool  # the search stopped at its budget or candidate cap: there may be more
    origins: list[tuple[int, ...]] = field(default_factory=list)  # run index of each cell


class _Budget(Exception):
    pass


def splits(
    runs: Sequence[str | None],
    kinds: Sequence[ValueKind],
    rules: Sequence[SumRule] = (),
    *,
    whole: Sequence[bool] = (),
    budget: int = DEFAULT_BUDGET,
    keep: int = DEFAULT_KEEP,
) -> SplitResult:
    """All ways to cut ``runs`` into ``len(kinds)`` cells that satisfy ``rules``.

    A run is a printed number text ("640020470", "-18538", "39573802895.90"); ``None`` is a
    cell that is printed but holds no number (blank or text), which takes exactly one cell.
    ``whole[i]`` marks a run printed as a cell of its own: it is exactly one cell, read as
    printed (a leading zero or a minus sign is the report's, not a reason to split).
    """
    n = len(kinds)
    m = len(runs)
    if n == 0 or m == 0 or m > n:
        return SplitResult([], False)
    is_whole = [runs[i] is None or (i < len(whole) and whole[i]) for i in range(m)]
    forced = forced_cut(runs, kinds, is_whole)
    if forced is not None:  # one cell per run, or per digit: nothing to search
        cut, cut_origin = forced
        if cut is None or not all(rule.holds(cut) for rule in rules):
            return SplitResult([], False)
        return SplitResult([cut], False, [cut_origin])
    if m == 1 and not is_whole[0]:
        quick = _one_run(runs[0], kinds, rules, budget, keep)  # type: ignore[arg-type]
        if quick is not None:
            return SplitResult(quick, False, [(0,) * n] * len(quick))
    # Suffix bounds: how many cells the runs from index i on can give at least / at most.
    min_after = [0] * (m + 1)
    max_after = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        run = runs[i]
        min_after[i] = min_after[i + 1] + 1
        max_after[i] = max_after[i + 1] + (1 if is_whole[i] or run is None else len(run))
    if not min_after[0] <= n <= max_after[0]:
        return SplitResult([], False)

    total_of = {rule.total: i for i, rule in enumerate(rules)}
    part_of = {part: i for i, rule in enumerate(rules) for part in rule.parts}
    partial: list[int | Decimal] = [0] * len(rules)
    # characters left in the runs after index i, and whether a whole run follows i
    chars_after = [0] * (m + 1)
    whole_after = [False] * (m + 1)
    for i in range(m - 1, -1, -1):
        run = runs[i]
        chars_after[i] = chars_after[i + 1] + (0 if is_whole[i] or run is None else len(run))
        whole_after[i] = whole_after[i + 1] or is_whole[i]
    found: list[Values] = []
    origins: list[tuple[int, ...]] = []
    values: list[Value] = [None] * n
    origin = [0] * n
    steps = 0
    # per run and per cell, looked up once here rather than at every step
    lengths = [0 if run is None else len(run) for run in runs]
    total_at = [total_of.get(cell) for cell in range(n)]  # the rule whose total a cell is
    part_at = [part_of.get(cell) for cell in range(n)]  # the rule a cell is a part of
    rule_totals = [rule.total for rule in rules]
    longest = [MAX_CELL_LEN[kind] for kind in kinds]
    amount, count = ValueKind.AMOUNT, ValueKind.COUNT

    def dfs(ri: int, pos: int, cell: int) -> None:
        nonlocal steps
        steps += 1
        if steps > budget or len(found) >= keep:
            raise _Budget
        if ri == m:
            if cell == n:
                found.append(tuple(values))
                origins.append(tuple(origin))
            return
        cells_left = n - cell
        run = runs[ri]
        r: int | None
        if is_whole[ri] or run is None:
            if cells_left < min_after[ri] or cells_left > max_after[ri]:
                return
            value = None if run is None else cell_value(run, kinds[cell])
            t = total_at[cell]
            if value is not None and t is not None and partial[t] != value:
                return
            values[cell] = value
            origin[cell] = ri
            r = part_at[cell]
            if r is not None and value is not None:
                partial[r] += value
            else:
                r = None
            dfs(ri + 1, 0, cell + 1)
            if r is not None:
                partial[r] -= values[cell] or 0
            values[cell] = None
            return
        # the rest of this run gives 1..len-pos cells; the runs after it min/max_after[ri+1]
        length = lengths[ri]
        if cells_left < 1 + min_after[ri + 1] or cells_left > length - pos + max_after[ri + 1]:
            return
        kind = kinds[cell]
        t = total_at[cell]
        ends: Sequence[int]
        if t is not None and isinstance(partial[t], int):
            text = str(partial[t])
            ends = [pos + len(text)] if run.startswith(text, pos) else []
        else:
            # after this cell: end == len(run) leaves the later runs; end < len(run) leaves
            # at least one more cell in this run, and at most one per remaining character.
            after = cells_left - 1
            if after < 1 + min_after[ri + 1]:
                fits = min_after[ri + 1] <= after <= max_after[ri + 1]
                ends = [length] if fits and length - pos <= longest[cell] else []
            else:
                hi = min(length, length + max_after[ri + 1] - after, pos + longest[cell])
                ends = range(pos + 1, hi + 1)
        r = part_at[cell]
        prune_by_total = r is not None and not whole_after[ri] and rule_totals[r] > cell
        if run[pos] == "0" and kind is not amount:
            ends = [pos + 1] if pos + 1 in ends else []  # a cell starting with 0 is "0"
        is_count = kind is count
        for end in ends:
            piece = run[pos:end]
            if is_count:  # read_part's reading of a count, inline
                value = int(piece) if piece.isdigit() and piece.isascii() and (
                    piece[0] != "0" or end - pos == 1) else None
            else:
                value = read_part(piece, kind, pos == 0)
            if value is None or (t is not None and value != partial[t]):
                continue
            if prune_by_total and r is not None:
                # the rule's total comes later in these runs and is at least the sum so far;
                # longer pieces only make it worse
                rest = length - end + chars_after[ri + 1]
                if rest < cells_left - 2 + len(str(partial[r] + value)):
                    break
            values[cell] = value
            origin[cell] = ri
            if r is not None:
                partial[r] += value
            if end == length:
                dfs(ri + 1, 0, cell + 1)
            elif cell + 1 < n:
                dfs(ri, end, cell + 1)
            if r is not None:
                partial[r] -= values[cell] or 0
            values[cell] = None

    try:
        dfs(0, 0, 0)
    except _Budget:
        return SplitResult(found, True, origins)
    return SplitResult(found, False, origins)


_NONZERO = frozenset("123456789")


def _one_run(run: str, kinds: Sequence[ValueKind], rules: Sequence[SumRule], budget: int,
             keep: int) -> list[Values] | None:
    """The search's candidates for the common case, without its bookkeeping: one run of
    digits (up to 15) cut into counts or deltas (without a minus sign, a piece is read in
    either kind alike: a whole number without a leading zero), with no rule or only the
    row's (the last cell the sum of the others). They come in the order the search finds
    them (cut positions ascending), which never runs out of budget for such a run (at most
    2**(len-1) steps); ``None`` for any other case, or when there are ``keep`` of them or
    more (the search says where it stopped)."""
    n = len(kinds)
    length = len(run)
    if (not n < length <= 15 or budget < 2 ** (length - 1) or not run.isascii()
            or not run.isdigit()
            or any(kind is not ValueKind.COUNT and kind is not ValueKind.DELTA for kind in kinds)):
        return None
    if not rules:
        found = _cuts(run, n)
    elif n > 1 and len(rules) == 1 and rules[0].total == n - 1 and rules[0].parts == tuple(range(n - 1)):
        found = _cuts_to_total(run, n)
    else:
        return None
    return found if len(found) < keep else None


def _cuts(run: str, n: int) -> list[Values]:
    """Every cut of ``run`` into ``n`` counts (see :func:`_one_run`), in the search's order."""
    length = len(run)
    found: list[Values] = []
    values: list[int] = []

    def cut(pos: int) -> None:
        cells_left = n - len(values)
        if cells_left == 1:  # the last cell: the rest of the run
            rest = run[pos:]
            if length - pos <= 15 and (rest[0] != "0" or len(rest) == 1):
                found.append((*values, int(rest)))
            return
        last = min(length - (cells_left - 1), pos + 15)  # leave a character per cell after
        if run[pos] == "0":
            last = min(last, pos + 1)  # a cell starting with 0 is "0"
        for end in range(pos + 1, last + 1):
            values.append(int(run[pos:end]))
            cut(end)
            values.pop()

    cut(0)
    return found


def _cuts_to_total(run: str, n: int) -> list[Values]:
    """Every cut of ``run`` into ``n`` counts whose last is the sum of the others, in the
    search's order (cut positions ascending). Each suffix of the run that can be the total
    is tried in turn, and the rest cut into parts that sum to it: a part larger than what is
    left of the total ends the longer parts' search."""
    found: list[tuple[tuple[int, ...], Values]] = []
    values: list[int] = []
    ends: list[int] = []

    def parts(pos: int, stop: int, left: int) -> None:
        cells_left = n - 1 - len(values)
        if cells_left == 1:  # the last part: the rest before the total, what is left of it
            if run[pos:stop] == str(left):
                found.append(((*ends, stop), (*values, left, total)))
            return
        last = min(stop - (cells_left - 1), pos + 15)  # leave a character per part after
        if run[pos] == "0":
            last = min(last, pos + 1)  # a part starting with 0 is "0"
        for end in range(pos + 1, last + 1):
            value = int(run[pos:end])
            if value > left:
                break  # longer parts are larger still
            values.append(value)
            ends.append(end)
            parts(end, stop, left - value)
            ends.pop()
            values.pop()

    for start in range(n - 1, len(run)):  # the total: a suffix, a character left per part
        if run[start] == "0" and start < len(run) - 1:
            continue  # a total starting with 0 is "0"
        total = int(run[start:])
        parts(0, start, total)
    found.sort()
    return [values for _, values in found]


def forced_cut(runs: Sequence[str | None], kinds: Sequence[ValueKind],
               is_whole: Sequence[bool]) -> tuple[Values | None, tuple[int, ...]] | None:
    """The only possible cut when every run is one cell, or (all digits) every digit is a
    cell: ``(values, origins)``, values ``None`` when that cut is not a valid reading;
    ``None`` when there is more than one way to cut (the search decides). ``is_whole[i]``:
    run ``i`` is ``None`` or printed as a cell of its own (see :func:`splits`)."""
    n = len(kinds)
    if len(runs) == n:
        values = _one_per_run(runs, kinds, is_whole)
        return (None, ()) if values is None else (values, tuple(range(n)))
    return _one_per_digit(runs, kinds, is_whole)


def plain_count(printed: str) -> int | None:
    """The count a run of digits reads as when it is a plain one: ASCII digits, no leading
    zero, at most as many as a count's cell holds (``None`` otherwise). The parser's
    :attr:`~assistant.parsing.tables.Chunk.value`."""
    if (printed.isdigit() and printed.isascii() and len(printed) <= MAX_CELL_LEN[ValueKind.COUNT]
            and (printed[0] != "0" or len(printed) == 1)):
        return int(printed)
    return None


def _one_per_run(runs: Sequence[str | None], kinds: Sequence[ValueKind],
                 is_whole: Sequence[bool]) -> Values | None:
    """:func:`forced_cut`'s reading of as many runs as cells (``None``: not a valid one)."""
    values: list[Value] = []
    count = ValueKind.COUNT
    for run, kind, alone in zip(runs, kinds, is_whole, strict=True):
        if run is None:
            values.append(None)
        elif not alone and kind is count and (plain := plain_count(run)) is not None:
            values.append(plain)  # the common case (read_part's reading of it)
        else:
            if alone:
                value = cell_value(run, kind)
            elif len(run) > MAX_CELL_LEN[kind]:
                return None
            else:
                value = read_part(run, kind, True)
            if value is None:
                return None
            values.append(value)
    return tuple(values)


def _all_digits_apart(runs: Sequence[str | None], is_whole: Sequence[bool]) -> bool:
    """``not any(alone or not run.isascii() or not run.isdigit() for run, alone in
    zip(runs, is_whole, strict=True) if run is not None)`` by index: a zip() with ``strict=``
    is called through Python's keyword-argument path."""
    count = min(len(runs), len(is_whole))
    for i in range(count):
        run = runs[i]
        if run is not None and (is_whole[i] or not run.isascii() or not run.isdigit()):
            return False
    if len(runs) != len(is_whole):  # as zip(..., strict=True) would, once the shorter ends
        raise unequal_lengths(len(runs), len(is_whole))
    return True


def unequal_lengths(first: int, second: int) -> ValueError:
    """The error zip(..., strict=True) raises for sequences of these lengths (for the loops
    that pair by index instead: a zip() with ``strict=`` is called through Python's
    keyword-argument path in compiled code)."""
    return ValueError(f"zip() argument 2 is {'shorter' if second < first else 'longer'} than argument 1")


def _one_per_digit(runs: Sequence[str | None], kinds: Sequence[ValueKind],
                   is_whole: Sequence[bool]) -> tuple[Values, tuple[int, ...]] | None:
    """:func:`forced_cut`'s reading of runs of digits with as many digits as cells, a digit
    per cell (``None``: the runs are not all digits, or not as many)."""
    n = len(kinds)
    if len(runs) == 1 and not is_whole[0] and ValueKind.AMOUNT not in kinds:
        run = runs[0]  # the common case: "0000000"
        if run is not None and len(run) == n and run.isascii() and run.isdigit():
            return tuple(map(int, run)), (0,) * n
    if not _all_digits_apart(runs, is_whole):
        return None
    if sum(1 if run is None else len(run) for run in runs) != n:
        return None
    values: list[Value] = []
    origin: list[int] = []
    for index, run in enumerate(runs):
        if run is None:
            values.append(None)
            origin.append(index)
            continue
        for digit in run:
            values.append(cell_value(digit, kinds[len(values)]))
            origin.append(index)
    return tuple(values), tuple(origin)


def read_part(piece: str, kind: ValueKind, at_start: bool) -> Value:
    """The value of a piece cut out of a run, or None when it cannot be one cell."""
    if kind is ValueKind.AMOUNT:
        return cell_value(piece, kind) if valid_part(piece, kind) else None
    digits = piece
    if kind is ValueKind.DELTA and piece.startswith("-") and at_start:
        digits = piece[1:]
        if digits == "0":
            return None
    if not digits.isdigit() or not digits.isascii():
        return None
    if digits == "0" or digits[0] in _NONZERO:
        return int(piece)
    return None


def count_splits(run: str, cells: int) -> int:
    """How many ways ``run`` splits into ``cells`` counts without rules (for messages/tests)."""
    result = splits([run], (ValueKind.COUNT,) * cells, keep=10**9, budget=10**7)
    return len(result.candidates)
