"""Render reports in the forms they are published in, to feed the parser in tests.

A report's tables are laid out as rows of cells (label cells, then value cells) the way the
national format prints them; the renderers turn them into each scraped text form: one cell per
line ending in " |" (the seed), rows with " | " between cells, Markdown tables, and everything
run together on one line (the 平潭 pages).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from assistant.cells import (
    T2_2019,
    T2_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    FormatVersion,
    t3_outcome_rows,
    t3_rows,
)

Values = dict[str, int | Decimal | None]
Row = list[str]

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
PREFACE = ("本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限为"
           "{year}年1月1日至{year}年12月31日。")
NARRATIVE = {
    0: "{year}年，本机关认真落实政务公开工作。",
    4: "存在的主要问题是政策解读形式单一。下一步将丰富解读形式。",
    5: "本年度未收取信息处理费。",
}


def show(value: int | Decimal | None, blank: str) -> str:
    return blank if value is None else str(value)


def t2_rows(values: Values, version: FormatVersion, blank: str = "") -> list[Row]:
    rows: list[Row] = []
    caption = None
    for key, label, item, cols in T2_2021 if version is FormatVersion.V2021 else T2_2019:
        if item != caption or (version is FormatVersion.V2019 and key == "fees"):
            caption = item
            rows.append([item])
            rows.append(["信息内容", *(col_label for _, col_label, _ in cols)])
        rows.append([label, *(show(values.get(f"t2.{key}.{c}"), blank) for c, _, _ in cols)])
    return rows


def t3_rows_printed(values: Values, version: FormatVersion, blank: str = "") -> list[Row]:
    rows: list[Row] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    for spec in t3_rows(version):
        labels = [spec.group, spec.label] if spec.group.startswith("（") else (
            [spec.group, spec.label] if spec.group else [spec.label])
        cells = [show(values.get(f"t3.{spec.key}.{col}"), blank) for col, _ in T3_COLUMNS]
        rows.append([*labels, *cells])
    return rows


def t4_rows(values: Values, blank: str = "") -> list[Row]:
    header = [label for _, label in T4_COLUMNS]
    return [
        ["行政复议", "行政诉讼"],
        [*header, "未经复议直接起诉", "复议后起诉"],
        [*header, *header],
        [show(values.get(f"t4.{g}.{c}"), blank) for g, _ in T4_GROUPS for c, _ in T4_COLUMNS],
    ]


def tables(values: Values, version: FormatVersion, blank: str = "") -> dict[int, list[Row]]:
    return {1: t2_rows(values, version, blank), 2: t3_rows_printed(values, version, blank),
            3: t4_rows(values, blank)}


# --- text forms ---------------------------------------------------------------------------


def cell_lines(rows: list[Row]) -> str:
    """The seed's form: one cell per line, each line ending in " |"."""
    return "\n".join(f"{cell} |" for row in rows for cell in row)


def pipe_rows(rows: list[Row]) -> str:
    """One row per line, cells separated by " | "."""
    return "\n".join(" | ".join(row) for row in rows)


def markdown(rows: list[Row]) -> str:
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)


def run_together(rows: list[Row]) -> str:
    """Every cell run together with nothing between (the 平潭 pages)."""
    return "".join("".join(row) for row in rows)


def render(values: Values, version: FormatVersion, table_form: Callable[[list[Row]], str], *,
           year: int = 2022, title: str | None = "某某县交通运输局{year}年政府信息公开工作年度报告",
           one_line: bool = False, blank: str = "") -> str:
    parts: list[str] = []
    if title:
        parts.append(title.format(year=year))
    parts.append(PREFACE.format(year=year))
    laid_out = tables(values, version, blank)
    for i, heading in enumerate(SECTION_HEADINGS):
        parts.append(heading)
        if i in NARRATIVE:
            parts.append(NARRATIVE[i].format(year=year))
        if i in laid_out:
            parts.append(table_form(laid_out[i]))
    return ("" if one_line else "\n").join(parts)


# --- random consistent tables ---------------------------------------------------------------


def consistent_values(rng: random.Random, version: FormatVersion = FormatVersion.V2021,
                      *, high: int = 30) -> Values:
    """Random cells that satisfy every row and column rule of 表三 and 表四."""
    values: Values = {}

    def small() -> int:
        return 0 if rng.random() < 0.6 else rng.randint(1, high)

    parties = [col for col, _ in T3_COLUMNS[:-1]]
    outcomes = t3_outcome_rows(version)
    for row in outcomes:
        for col in parties:
            values[f"t3.{row}.{col}"] = small()
    for col in parties:
        handled = sum(int(values[f"t3.{row}.{col}"] or 0) for row in outcomes)
        out = small()
        carried_in = rng.randint(0, handled + out) if rng.random() < 0.3 else 0
        values[f"t3.handled_total.{col}"] = handled
        values[f"t3.carried_out.{col}"] = out
        values[f"t3.carried_in.{col}"] = carried_in
        values[f"t3.new.{col}"] = handled + out - carried_in
    for spec in t3_rows(version):
        values[f"t3.{spec.key}.total"] = sum(
            int(values[f"t3.{spec.key}.{col}"] or 0) for col in parties)
    for group, _ in T4_GROUPS:
        parts = [small() // 5 for _ in range(4)]
        for (col, _), v in zip(T4_COLUMNS, [*parts, sum(parts)], strict=True):
            values[f"t4.{group}.{col}"] = v
    table = T2_2021 if version is FormatVersion.V2021 else T2_2019
    for key, _, _, cols in table:
        for col, _, kind in cols:
            if kind.value == "amount":
                values[f"t2.{key}.{col}"] = Decimal(rng.randint(0, 99999)) / 100
            elif kind.value == "delta":
                values[f"t2.{key}.{col}"] = rng.randint(-50, 50)
            else:
                values[f"t2.{key}.{col}"] = small()
    return values
