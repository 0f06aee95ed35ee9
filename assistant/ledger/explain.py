"""Why a filled cell holds its value: the rule, the parts of a total, and the ledger rows."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.cells import T3_COLUMNS, T4_COLUMNS, FormatVersion, cell_spec
from assistant.errors import NianbaoError
from assistant.ledger.compute import CaseScope, Source
from assistant.ledger.labels import case_types, outcomes
from assistant.ledger.provenance import Provenance
from assistant.report import CellValue, Report

SOURCE_NAMES = {
    Source.APPLICATIONS: "申请台账", Source.CASES: "复议诉讼台账", Source.TABLE2: "表二台账",
}


class LedgerRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source: Source
    file: str
    row: int
    values: dict[str, str] = Field(description="列名 → 值")


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    address: str
    label: str = Field(description="单元格的中文名称")
    value: CellValue = Field(description="报告中的数值")
    rule: str = Field(description="哪些台账行计入该单元格")
    parts: list[tuple[str, CellValue]] = Field(
        default_factory=list, description="合计单元格的组成部分及其数值"
    )
    rows: list[LedgerRow] = Field(default_factory=list)
    note: str | None = Field(default=None, description="报告数值与台账行数不一致等提示")


def rule_for(address: str, year: int, scope: CaseScope = CaseScope.RECEIVED) -> str:
    """The counting rule of a cell, in Chinese."""
    table, row, col = address.split(".")
    if table == "t2":
        spec = cell_spec(FormatVersion.V2021, address)
        return f"表二台账中“{spec.row_label}·{spec.col_label}”一行填写的数值"
    if table == "t3":
        return "，".join(p for p in (_t3_row_rule(row, year), _t3_col_rule(col)) if p)
    kind = case_types().display[row]
    received = f"收到日期在{year}年内" if scope is CaseScope.RECEIVED else (
        f"收到日期在{year}年内，或更早收到且{year}年1月1日仍未审结"
    )
    if col == "total":
        result = "各种结果合计"
    elif col == "pending":
        result = f"{year}年12月31日时尚未审结"
    else:
        result = f"{year}年12月31日前结案，结果为“{dict(T4_COLUMNS)[col]}”"
    return f"类型为“{kind}”，{received}，{result}"


def _t3_row_rule(row: str, year: int) -> str:
    if row == "new":
        return f"收到日期在{year}年内"
    if row == "carried_in":
        return f"收到日期早于{year}年1月1日，且当日尚未办结"
    if row == "carried_out":
        return f"收到日期不晚于{year}年12月31日，且当日尚未办结"
    if row == "handled_total":
        return f"办结日期在{year}年内（各项办理结果之和）"
    return f"办结日期在{year}年内，办理结果为“{outcomes().display[row]}”"


def _t3_col_rule(col: str) -> str:
    return "各类申请人合计" if col == "total" else f"申请人类型为“{dict(T3_COLUMNS)[col]}”"


def explain(report: Report, provenance: Provenance, address: str) -> Explanation:
    """Explain one cell of a report filled from a ledger; ``NianbaoError`` for a bad address."""
    try:
        spec = cell_spec(report.version, address)
    except KeyError as exc:
        raise NianbaoError(str(exc.args[0])) from None
    value = report.cells.get(address)
    if not provenance.knows(address):
        return Explanation(
            address=address, label=spec.label, value=value,
            rule=rule_for(address, provenance.year, provenance.case_scope),
            note=_missing_note(address, provenance),
        )
    rows = [_ledger_row(provenance, source, number)
            for source, number in provenance.rows_of(address)]
    parts = [(p, report.cells.get(p)) for p in provenance.sums.get(address, [])]
    note = None
    counted = address.startswith(("t3.", "t4."))
    if counted and value != len(rows):
        note = (f"报告中的数值为 {value}，但台账中计入该单元格的是 {len(rows)} 行："
                "报告可能在生成后被修改过")
    return Explanation(
        address=address, label=spec.label, value=value,
        rule=rule_for(address, provenance.year, provenance.case_scope),
        parts=parts, rows=rows, note=note,
    )


def _missing_note(address: str, provenance: Provenance) -> str:
    table = address.split(".")[0]
    source = {"t2": Source.TABLE2, "t3": Source.APPLICATIONS, "t4": Source.CASES}[table]
    if source not in provenance.sources:
        return f"生成报告时未提供{SOURCE_NAMES[source]}，该单元格留空"
    return f"{SOURCE_NAMES[source]}中没有该单元格的有效数据（见问题列表）"


def _ledger_row(provenance: Provenance, source: Source, number: int) -> LedgerRow:
    found = provenance.sources.get(source)
    if found is None:
        return LedgerRow(source=source, file="", row=number, values={})
    values = found.records.get(number, [])
    return LedgerRow(source=source, file=found.name, row=number,
                     values=dict(zip(found.columns, values, strict=False)))


def render(explanation: Explanation, *, limit: int | None = None) -> str:
    """The explanation as text for the terminal."""
    e = explanation
    shown = "空" if e.value is None else str(e.value)
    lines = [f"{e.address}：{e.label} = {shown}", f"计入规则：{e.rule}"]
    if e.parts:
        shown_parts = [(a, v) for a, v in e.parts if v != 0]
        zeros = len(e.parts) - len(shown_parts)
        text = " + ".join(f"{a}（{'空' if v is None else v}）" for a, v in shown_parts)
        if zeros:
            text += f"{'；' if text else ''}其余 {zeros} 项为 0"
        lines.append(f"合计：{text}")
    if e.rows:
        files = sorted({r.file for r in e.rows})
        lines.append(f"来自 {'、'.join(files)} 的 {len(e.rows)} 行：")
        for r in e.rows[:limit] if limit is not None else e.rows:
            fields = "  ".join(f"{k} {v}" for k, v in r.values.items() if v)
            lines.append(f"  第{r.row}行  {fields}")
        if limit is not None and len(e.rows) > limit:
            lines.append(f"  ……另有 {len(e.rows) - limit} 行未显示（用 --limit 调整）")
    elif e.value == 0:
        lines.append("台账中没有符合条件的行。")
    if e.note:
        lines.append(f"注意：{e.note}")
    return "\n".join(lines)
