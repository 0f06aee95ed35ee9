"""Canonical cell addresses (DOMAIN §8): ``t3.public.natural`` names one cell of one table.

Every address is built here, from the tables' data (:mod:`assistant.form.tables`): ``cell_address``
for one cell, ``row_addresses``/``column_addresses``/``table_addresses`` to iterate, and the
registry of every cell of a format with its printed labels and kind of value (``cell_specs``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.form.tables import TABLE_NAMES, FormatVersion, ValueKind, table, tables


def cell_address(table_key: str, row: str, col: str) -> str:
    """``cell_address("t3", "public", "natural")`` → ``"t3.public.natural"``."""
    return f"{table_key}.{row}.{col}"


def split_address(cell: str) -> tuple[str, str, str]:
    """``"t3.public.natural"`` → ``("t3", "public", "natural")``; ``ValueError`` otherwise."""
    table_key, row, col = cell.split(".")
    return table_key, row, col


@dataclass(frozen=True)
class CellSpec:
    address: str
    table: str  # "t2" | "t3" | "t4"
    row: str
    col: str
    row_label: str
    col_label: str
    kind: ValueKind = ValueKind.COUNT

    @property
    def label(self) -> str:
        """Human-readable Chinese name of the cell, used in messages."""
        return f"{TABLE_NAMES[self.table]}“{self.row_label}”行“{self.col_label}”列"


def _build(version: FormatVersion) -> tuple[CellSpec, ...]:
    return tuple(
        CellSpec(cell_address(t.key, row.key, col.key), t.key, row.key, col.key, row.full_label, col.label,
                 col.kind)
        for t in tables(version) for row in t.rows for col in row.columns
    )


_REGISTRY = {v: _build(v) for v in FormatVersion}
_BY_ADDRESS = {v: {s.address: s for s in specs} for v, specs in _REGISTRY.items()}


def cell_specs(version: FormatVersion) -> tuple[CellSpec, ...]:
    """Every cell of the format, in printed order (表二, 表三 row by row, 表四)."""
    return _REGISTRY[version]


def cell_spec(version: FormatVersion, cell: str) -> CellSpec:
    """The spec of one address; ``KeyError`` with the address when it does not exist."""
    try:
        return _BY_ADDRESS[version][cell]
    except KeyError:
        raise KeyError(f"{version.value}版格式中没有单元格 {cell}") from None


def is_address(version: FormatVersion, cell: str) -> bool:
    return cell in _BY_ADDRESS[version]


@cache
def address_set(version: FormatVersion) -> frozenset[str]:
    """Every address of the format."""
    return frozenset(_BY_ADDRESS[version])


def row_addresses(version: FormatVersion, table_key: str, row: str, *, parts: bool = False
                  ) -> tuple[str, ...]:
    """The cells of one row in column order; ``parts=True`` leaves out the total column."""
    spec = table(version, table_key).row(row)
    return tuple(cell_address(table_key, row, c.key) for c in spec.columns if not (parts and c.total))


def column_addresses(version: FormatVersion, table_key: str, col: str,
                     rows: Iterable[str] | None = None) -> tuple[str, ...]:
    """The cells of one column in row order (of ``rows`` only, in their order, when given)."""
    spec = table(version, table_key)
    keys = [r.key for r in spec.rows if any(c.key == col for c in r.columns)] if rows is None \
        else list(rows)
    return tuple(cell_address(table_key, row, col) for row in keys)


def table_addresses(version: FormatVersion, table_key: str, *, parts: bool = False
                    ) -> tuple[str, ...]:
    """Every cell of one table, row by row; ``parts=True`` leaves out the total column."""
    spec = table(version, table_key)
    return tuple(a for row in spec.rows for a in row_addresses(version, table_key, row.key, parts=parts))
