"""The arithmetic the form prints, as data: which cells sum to which total, the balance of
表三's columns, and what carries over from last year's report.

Derived from the tables (:mod:`assistant.form.tables`): a row with a total column sums its other
columns; a total row sums, column by column, the rows ``part_of`` it. Each relation names the
code of the check that reports it broken, so the checks, the ledger, the parser and the tests
speak of the same relation.

- 表三, every row: 总计 = 自然人 + 商业企业 + … + 其他 (``t3.row_sum``);
- 表三, every column: 三（七）总计 = （一）…（六） (``t3.handled_sum``);
- 表三, every column: 一 + 二 = 三（七）+ 四 (``t3.column_balance``);
- 表四, every group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (``t4.group_sum``);
- across years: this year's 二、上年结转 = last year's 四、结转下年度继续办理 (``xyear.carry_over``);
  现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (``xyear.in_force``, a warning: documents
  also expire).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from assistant.form.addresses import cell_address, is_address
from assistant.form.tables import FormatVersion, TableSpec, table, tables

# The code of the check that reports each relation broken.
ROW_SUM_CODES: dict[str, str] = {"t3": "t3.row_sum", "t4": "t4.group_sum"}
COLUMN_SUM_CODES: dict[str, str] = {"t3": "t3.handled_sum"}
BALANCE_CODE = "t3.column_balance"
CARRY_OVER_CODE = "xyear.carry_over"
IN_FORCE_CODE = "xyear.in_force"

# 表三, printed under its header: "第一项加第二项之和，等于第三项加第四项之和" (rows, per column).
_BALANCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "t3": (("new", "carried_in"), ("handled_total", "carried_out")),
}
# This year's row = last year's row, column by column.
_CARRIED: tuple[tuple[str, str, str], ...] = (("t3", "carried_in", "carried_out"),)
# 表二 rows whose 现行有效 follows from last year's: (this year's column, last year's column,
# added, subtracted).
_STOCK = ("in_force", "in_force", ("issued",), ("repealed",))


@dataclass(frozen=True)
class SumRule:
    """``total`` = the sum of ``parts``."""

    code: str  # the check that reports it: "t3.row_sum"
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class BalanceRule:
    """The sum of ``left`` = the sum of ``right``."""

    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return (*self.left, *self.right)


@dataclass(frozen=True)
class ContinuityRule:
    """This year's ``cell`` = last year's ``previous`` + this year's ``plus`` − this year's ``minus``."""

    code: str
    cell: str
    previous: str
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    exact: bool = True  # False: usually so, not always (a finding is a warning)


def _column_sums(spec: TableSpec) -> list[SumRule]:
    code = COLUMN_SUM_CODES.get(spec.key)
    out = []
    for total in (r for r in spec.rows if r.total):
        parts = [r.key for r in spec.rows if r.part_of == total.key]
        assert code is not None, f"{spec.name}的合计行没有对应的核对规则"
        out += [SumRule(code, cell_address(spec.key, total.key, c.key),
                        tuple(cell_address(spec.key, p, c.key) for p in parts))
                for c in total.columns]
    return out


def _row_sums(spec: TableSpec) -> list[SumRule]:
    out = []
    for row in spec.rows:
        totals = [c for c in row.columns if c.total]
        if not totals:
            continue
        code = ROW_SUM_CODES[spec.key]
        parts = tuple(cell_address(spec.key, row.key, c.key) for c in row.columns if not c.total)
        out += [SumRule(code, cell_address(spec.key, row.key, c.key), parts) for c in totals]
    return out


@cache
def _sum_rules(version: FormatVersion) -> tuple[SumRule, ...]:
    return tuple(rule for spec in tables(version) for rule in (*_column_sums(spec), *_row_sums(spec)))


def sum_rules(version: FormatVersion, table_key: str | None = None) -> tuple[SumRule, ...]:
    """Every printed sum of the format (of one table when ``table_key`` is given): per table,
    the total rows' column sums first, then each row's 总计, in printed order."""
    rules = _sum_rules(version)
    if table_key is None:
        return rules
    return tuple(r for r in rules if r.total.startswith(f"{table_key}."))


@cache
def _defining_sums(version: FormatVersion) -> dict[str, tuple[str, ...]]:
    rules = _sum_rules(version)
    row_totals = {r.total for r in rules if r.code in ROW_SUM_CODES.values()}
    return {r.total: r.parts for r in rules
            if r.code in ROW_SUM_CODES.values() or r.total not in row_totals}


def defining_sums(version: FormatVersion, table_key: str | None = None) -> dict[str, tuple[str, ...]]:
    """One sum per total cell, in an order where every part is defined before its total: what a
    total is computed from. A cell that totals both its row and its column (三（七）总计's 总计)
    is computed from its row."""
    sums = _defining_sums(version)
    if table_key is None:
        return dict(sums)
    return {t: p for t, p in sums.items() if t.startswith(f"{table_key}.")}


def total_cells(version: FormatVersion) -> frozenset[str]:
    """Every cell the form prints as a total."""
    return frozenset(r.total for r in _sum_rules(version))


@cache
def balance_rules(version: FormatVersion) -> tuple[BalanceRule, ...]:
    """表三, every column: 一 + 二 = 三（七）+ 四."""
    out = []
    for table_key, (left, right) in _BALANCES.items():
        spec = table(version, table_key)
        out += [BalanceRule(BALANCE_CODE, tuple(cell_address(table_key, r, c.key) for r in left),
                            tuple(cell_address(table_key, r, c.key) for r in right))
                for c in spec.columns]
    return tuple(out)


@cache
def continuity_rules(version: FormatVersion, previous: FormatVersion) -> tuple[ContinuityRule, ...]:
    """What this year's report (``version``) must continue from last year's (``previous``):
    上年结转 column by column (both formats), 现行有效 (where both years print it)."""
    out = []
    for table_key, this_row, last_row in _CARRIED:
        out += [ContinuityRule(CARRY_OVER_CODE, cell_address(table_key, this_row, c.key),
                               cell_address(table_key, last_row, c.key))
                for c in table(version, table_key).columns]
    now, before, plus, minus = _STOCK
    for row in table(version, "t2").rows:
        rule = ContinuityRule(
            IN_FORCE_CODE, cell_address("t2", row.key, now), cell_address("t2", row.key, before),
            tuple(cell_address("t2", row.key, c) for c in plus),
            tuple(cell_address("t2", row.key, c) for c in minus), exact=False,
        )
        if all(is_address(version, a) for a in (rule.cell, *rule.plus, *rule.minus)) and is_address(
                previous, rule.previous):
            out.append(rule)
    return tuple(out)
