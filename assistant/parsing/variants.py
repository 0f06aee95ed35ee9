"""Printed variants of the row labels of 表二 and 表三, as data.

Each row is recognised by any of a few short *cores* of its label: the national form's own
wording first, then the shortenings and misprints seen in published reports and in text that
PDF viewers and converters produce. A core is plain text; :func:`assistant.parsing.labels.loose`
makes it tolerant of spaces, line breaks, bracket widths and quote styles, so those need no
variant of their own. Keep cores distinctive: a core must not occur in another row's label
of the same table (``tests/parsing/test_converted_text.py`` checks that). The cores are the
form's own data (``RowSpec.variants`` in :mod:`assistant.form.tables`): add a variant there.
"""

from __future__ import annotations

from assistant.form import FormatVersion, table


def _cores(table_key: str, versions: tuple[FormatVersion, ...]) -> dict[str, tuple[str, ...]]:
    """Row key -> cores, from the form's label variants (rows in printed order)."""
    cores: dict[str, tuple[str, ...]] = {}
    for version in versions:
        for row in table(version, table_key).rows:
            if row.variants:
                cores.setdefault(row.key, row.variants)
    return cores


# 表三, 2021 and 2019 formats (row key -> cores, the form's wording first).
T3_CORES: dict[str, tuple[str, ...]] = _cores("t3", (FormatVersion.V2021, FormatVersion.V2019))

# 表二 (both formats).
T2_CORES: dict[str, tuple[str, ...]] = _cores("t2", (FormatVersion.V2019, FormatVersion.V2021))

# Header cells that PDF converters print instead of the form's column labels.
PLACEHOLDER_HEADERS: tuple[str, ...] = (
    r"(?:数据|数值|列|栏|字段|Column|column|Col|col|data|Data)\s*_?\s*\d{1,2}",
    r"类别|项目|指标|内容|名称|序号",
)
