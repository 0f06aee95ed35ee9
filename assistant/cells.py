"""Canonical cell addresses of 表二、表三、表四 (DOMAIN §8), for both report formats.

The form itself is data in :mod:`assistant.form`; this module re-exports its cell registry
under the names the rest of the code has always imported, and the row and column lists in
the shapes they were written in: ``(key, label)`` pairs and, for 表二, ``(key, label, article
item, ((col, col label, kind), …))`` tuples.
"""

from __future__ import annotations

from assistant.form import (
    CellSpec,
    FormatVersion,
    RowSpec,
    ValueKind,
    cell_spec,
    cell_specs,
    is_address,
    t3_outcome_rows,
    t3_rows,
    table,
)
from assistant.form import address_set as addresses
from assistant.form.tables import PARTIAL_LABEL, T3_GROUPS

__all__ = [
    "PARTIAL_LABEL",
    "T2_2019",
    "T2_2021",
    "T3_COLUMNS",
    "T3_GROUPS",
    "T3_PART_COLUMNS",
    "T4_COLUMNS",
    "T4_GROUPS",
    "T4_PART_COLUMNS",
    "CellSpec",
    "FormatVersion",
    "RowSpec",
    "ValueKind",
    "addresses",
    "cell_spec",
    "cell_specs",
    "is_address",
    "t3_outcome_rows",
    "t3_rows",
]

T2Row = tuple[str, str, str, tuple[tuple[str, str, ValueKind], ...]]


def _t2(version: FormatVersion) -> tuple[T2Row, ...]:
    return tuple(
        (r.key, r.label, r.heading, tuple((c.key, c.label, c.kind) for c in r.columns))
        for r in table(version, "t2").rows
    )


# (row key, printed label, article item heading, [(col key, col label, kind)])
T2_2021: tuple[T2Row, ...] = _t2(FormatVersion.V2021)
T2_2019: tuple[T2Row, ...] = _t2(FormatVersion.V2019)

_T3 = table(FormatVersion.V2021, "t3")  # 表三's and 表四's columns are the same in both formats
_T4 = table(FormatVersion.V2021, "t4")
T3_COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.label) for c in _T3.columns)
T3_PART_COLUMNS: tuple[str, ...] = tuple(c.key for c in _T3.part_columns)
T4_GROUPS: tuple[tuple[str, str], ...] = tuple((r.key, r.full_label) for r in _T4.rows)
T4_COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.label) for c in _T4.columns)
T4_PART_COLUMNS: tuple[str, ...] = tuple(c.key for c in _T4.part_columns)
