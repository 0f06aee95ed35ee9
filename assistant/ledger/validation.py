"""Raw ledger rows -> validated records plus every problem, in Chinese, by row.

Nothing is dropped silently: a row is either a record, or it is left out of the tables and
named in an issue marked ``excluded``. Problems that do not change where a row counts (a
missing or repeated 编号) are reported and the row is still counted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from assistant.form import FormatVersion, RowSpec, ValueKind, cell_address, cell_specs, split_address
from assistant.form import table as form_table
from assistant.ledger.dates import ACCEPTED_FORMS, DateUnreadable, parse_date
from assistant.ledger.labels import (
    PENDING,
    Resolution,
    Vocabulary,
    applicant_types,
    case_results,
    case_types,
    label_key,
    outcomes,
)
from assistant.ledger.reading import RawRow, RawTable
from assistant.ledger.records import Application, Case, LedgerIssue, Table2Entry

# Applications exist since the 条例 took effect; anything earlier is a typing error (or an
# Excel serial number typed by hand).
EARLIEST = date(2008, 5, 1)


T = TypeVar("T")


@dataclass
class Validated(Generic[T]):
    records: list[T] = field(default_factory=list)
    issues: list[LedgerIssue] = field(default_factory=list)


class _RowIssues:
    """Collects the problems of one row; knows whether the row can still be counted."""

    __slots__ = ("excluded", "found", "row", "table")

    def __init__(self, table: RawTable, row: RawRow) -> None:
        self.table, self.row = table, row
        self.found: list[tuple[str, str, str]] = []
        self.excluded = False

    def add(self, code: str, column_key: str, message: str, *, excluding: bool = True) -> None:
        self.found.append((code, column_key, message))
        self.excluded = self.excluded or excluding

    def issues(self) -> list[LedgerIssue]:
        return [
            LedgerIssue(
                code=code, file=self.table.file, row=self.row.number,
                column=self.table.layout.column(key).label, message=message,
                excluded=self.excluded,
            )
            for code, key, message in self.found
        ]


def _text(value: object) -> str:
    """A cell as the writer sees it: 12.0 from Excel is "12"."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(
    issues: _RowIssues, key: str, label: str, value: object, today: date
) -> tuple[date | None, bool]:
    """(the date or None, whether it was readable) and the date problems of one cell."""
    try:
        parsed = parse_date(value)
    except DateUnreadable:
        issues.add("bad_date", key, f"{label}“{_text(value)}”无法识别，请写成 {ACCEPTED_FORMS}")
        return None, False
    if parsed is None:
        return None, True
    if parsed > today:
        issues.add("future_date", key,
                   f"{label} {parsed.isoformat()} 晚于今天（{today.isoformat()}）")
        return None, False
    if parsed < EARLIEST:
        issues.add("early_date", key,
                   f"{label} {parsed.isoformat()} 早于《条例》施行日 {EARLIEST.isoformat()}，"
                   "可能填写有误")
        return None, False
    return parsed, True


def _label(
    issues: _RowIssues, key: str, label: str, value: object, vocab: Vocabulary, code: str,
    choices_hint: str | None = None,
) -> str | None:
    text = _text(value)
    found: Resolution = vocab.resolve(text)
    if found.key is not None:
        return found.key
    if found.reason:
        message = f"{label}“{text}”{found.reason}"
        if found.suggestion:
            message += f"，如“{found.suggestion}”"
    elif found.suggestion:
        message = f"{label}“{text}”无法识别，是否为“{found.suggestion}”？"
    else:
        choices = choices_hint or "、".join(f"“{c}”" for c in vocab.choices)
        message = f"{label}“{text}”无法识别，应为{choices}之一"
    issues.add(code, key, message)
    return None


def _record_id(value: object) -> str:
    if value.__class__ is str:  # the common case: the reader already stripped it
        return value
    return "" if value is None else _text(value)


def _check_ids(
    table: RawTable, rows: list[tuple[int, str]], issues: list[LedgerIssue]
) -> None:
    """Blank and repeated 编号 (reported; the rows still count)."""
    first: dict[str, int] = {}
    label = table.layout.column("id").label
    for number, record_id in rows:
        if not record_id:
            issues.append(LedgerIssue(code="missing_id", file=table.file, row=number,
                                      column=label, message="编号未填写"))
        elif record_id in first:
            issues.append(LedgerIssue(
                code="duplicate_id", file=table.file, row=number, column=label,
                message=f"编号“{record_id}”与第{first[record_id]}行重复（两行均已计入，请核对）",
            ))
        else:
            first[record_id] = number


def _validate_rows(
    table: RawTable, build: Callable[[RawRow, _RowIssues], T | None]
) -> Validated[T]:
    result: Validated[T] = Validated()
    ids: list[tuple[int, str]] = []
    id_at = [c.key for c in table.layout.columns].index("id")
    for row in table.rows:
        issues = _RowIssues(table, row)
        record = build(row, issues)
        if issues.found:
            result.issues.extend(issues.issues())
        ids.append((row.number, _record_id(row.values[id_at])))
        if record is not None and not issues.excluded:
            result.records.append(record)
    _check_ids(table, ids, result.issues)
    result.issues.sort(key=lambda i: (i.row or 0))
    return result


# --- applications ----------------------------------------------------------------------------

_OUTCOME_HINT = "填写说明中列出的办理结果"


def validate_applications(table: RawTable, today: date) -> Validated[Application]:
    """Every application row checked; the rows that can be placed in 表三 become records."""
    applicants, results = applicant_types(), outcomes()

    def build(row: RawRow, issues: _RowIssues) -> Application | None:
        record_id, received_raw, applicant_raw, closed_raw, outcome_raw, _ = row.values
        received, _ok = _date(issues, "received", "收到日期", received_raw, today)
        if received_raw is None:
            issues.add("missing_date", "received", "收到日期未填写")
        closed, closed_ok = _date(issues, "closed", "办结日期", closed_raw, today)
        applicant = None
        if applicant_raw is None:
            issues.add("missing_applicant", "applicant",
                       "申请人类型未填写，应为" + "、".join(applicants.choices) + "之一")
        else:
            applicant = _label(issues, "applicant", "申请人类型", applicant_raw, applicants,
                               "unknown_applicant")
        outcome = None
        if outcome_raw is not None:
            outcome = _label(issues, "outcome", "办理结果", outcome_raw, results,
                             "unknown_outcome", _OUTCOME_HINT)
        if received and closed and closed < received:
            issues.add("closed_before_received", "closed",
                       f"办结日期 {closed.isoformat()} 早于收到日期 {received.isoformat()}")
        if closed is not None and outcome_raw is None:
            issues.add("closed_without_outcome", "outcome",
                       f"已填写办结日期 {closed.isoformat()}，但办理结果未填写")
        if closed_raw is None and closed_ok and outcome_raw is not None:
            issues.add("open_with_outcome", "outcome",
                       f"办理结果为“{_text(outcome_raw)}”，但办结日期未填写"
                       "（未办结的申请不应有办理结果）")
        if received is None or applicant is None or issues.excluded:
            return None
        return Application(row.number, _record_id(record_id), received, applicant, closed,
                           outcome)

    return _validate_rows(table, build)


# --- 复议/诉讼 cases -----------------------------------------------------------------------------


def validate_cases(table: RawTable, today: date) -> Validated[Case]:
    kinds, results = case_types(), case_results()

    def build(row: RawRow, issues: _RowIssues) -> Case | None:
        record_id, kind_raw, received_raw, result_raw, closed_raw, _ = row.values
        kind = None
        if kind_raw is None:
            issues.add("missing_case_type", "kind",
                       "类型未填写，应为" + "、".join(kinds.choices) + "之一")
        else:
            kind = _label(issues, "kind", "类型", kind_raw, kinds, "unknown_case_type")
        received, _ok = _date(issues, "received", "收到日期", received_raw, today)
        if received_raw is None:
            issues.add("missing_date", "received", "收到日期未填写")
        closed, closed_ok = _date(issues, "closed", "结案日期", closed_raw, today)
        result = PENDING if result_raw is None else _label(
            issues, "result", "结果", result_raw, results, "unknown_result")
        if received and closed and closed < received:
            issues.add("closed_before_received", "closed",
                       f"结案日期 {closed.isoformat()} 早于收到日期 {received.isoformat()}")
        if closed_raw is not None and result_raw is None:
            issues.add("closed_without_result", "result",
                       f"已填写结案日期 {_text(closed_raw)}，但结果未填写")
        elif closed_raw is not None and result == PENDING:
            issues.add("pending_with_close_date", "result",
                       f"结果为“尚未审结”，但填写了结案日期 {_text(closed_raw)}")
        if closed_raw is None and closed_ok and result not in (None, PENDING):
            issues.add("result_without_close_date", "closed",
                       f"结果为“{_text(result_raw)}”，但结案日期未填写")
        if kind is None or received is None or result is None or issues.excluded:
            return None
        return Case(row.number, _record_id(record_id), kind, received, result, closed)

    return _validate_rows(table, build)


# --- 表二 ------------------------------------------------------------------------------------------

_T2_ITEM_ALIASES = {"规范性文件": "normative", "收费": "fees"}
_T2_MEASURE_ALIASES = {
    "制发件数": "issued", "本年制发": "issued", "废止件数": "repealed", "本年废止": "repealed",
    "现行有效": "in_force", "处理决定数量": "decisions", "处理决定": "decisions",
    "本年收费金额": "amount_wan", "收费金额": "amount_wan", "本年收费金额万元": "amount_wan",
    "收费金额万元": "amount_wan",
}


def _t2_rows() -> tuple[RowSpec, ...]:
    return form_table(FormatVersion.V2021, "t2").rows


def _t2_vocabularies() -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, str]]]:
    rows = _t2_rows()
    items = {label_key(row.label): row.key for row in rows}
    items.update(_T2_ITEM_ALIASES)
    measures = {label_key(col.label): col.key for row in rows for col in row.columns}
    measures.update(_T2_MEASURE_ALIASES)
    columns = {row.key: {col.key: col.label for col in row.columns} for row in rows}
    return items, measures, columns


def _number(raw: object, kind: ValueKind) -> int | Decimal | str:
    """The value, or the Chinese reason it is not one."""
    if isinstance(raw, bool):
        return "不是数字"
    if isinstance(raw, int):
        value: Decimal = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return "不是数字（没有的请填0）"
        if not value.is_finite():
            return "不是数字"
    if value < 0:
        return "不能为负数"
    if kind is ValueKind.AMOUNT:
        return value
    if value != value.to_integral_value():
        return "应为整数"
    return int(value)


def validate_table2(table: RawTable) -> Validated[Table2Entry]:
    """The filled 表二 cells; every cell of the 2021 表二 must appear exactly once."""
    items, measures, columns = _t2_vocabularies()
    kinds = {spec.address: spec.kind for spec in cell_specs(FormatVersion.V2021) if spec.table == "t2"}
    item_labels = {row.key: row.label for row in _t2_rows()}
    seen: dict[str, int] = {}
    result: Validated[Table2Entry] = Validated()

    def build(row: RawRow, issues: _RowIssues) -> Table2Entry | None:
        item_raw, measure_raw, value_raw, _ = row.values
        item = items.get(label_key(_text(item_raw))) if item_raw is not None else None
        if item is None:
            issues.add("unknown_item", "item",
                       f"项目“{_text(item_raw) if item_raw is not None else ''}”无法识别，应为"
                       + "、".join(item_labels.values()) + "之一")
            return None
        if measure_raw is None and len(columns[item]) == 1:
            measure: str | None = next(iter(columns[item]))
        else:
            measure = measures.get(label_key(_text(measure_raw))) if measure_raw else None
            if measure not in columns[item]:
                issues.add("unknown_measure", "measure",
                           f"“{item_labels[item]}”的指标“{_text(measure_raw or '')}”无法识别，应为"
                           + "、".join(columns[item].values()) + "之一")
                return None
        assert measure is not None
        address = cell_address("t2", item, measure)
        if address in seen:
            issues.add("duplicate_cell", "item",
                       f"“{item_labels[item]}·{columns[item][measure]}”与第{seen[address]}行重复")
            return None
        seen[address] = row.number
        if value_raw is None:
            issues.add("missing_value", "value", "数值未填写（没有的请填0）")
            return None
        value = _number(value_raw, kinds[address])
        if isinstance(value, str):
            issues.add("bad_number", "value", f"数值“{_text(value_raw)}”{value}")
            return None
        return Table2Entry(row.number, address, value)

    for row in table.rows:
        issues = _RowIssues(table, row)
        entry = build(row, issues)
        result.issues.extend(issues.issues())
        if entry is not None:
            result.records.append(entry)
    for address in kinds:
        if address not in seen:
            _, item, col = split_address(address)
            result.issues.append(LedgerIssue(
                code="missing_cell", file=table.file, column=None,
                message=f"缺少“{item_labels[item]}·{columns[item][col]}”一行，该单元格留空",
            ))
    return result
