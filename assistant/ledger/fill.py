"""Ledger files -> a filled report, its provenance, the problems found, and the cross-check."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant import atomic
from assistant.cells import FormatVersion, cell_spec
from assistant.errors import UnreadableInput
from assistant.findings import Finding
from assistant.ledger.compute import CaseScope, Computation, Source, compute
from assistant.ledger.crosscheck import crosscheck_previous
from assistant.ledger.labels import applicant_types, case_results, case_types, outcomes
from assistant.ledger.provenance import CellRows, Provenance, SourceFile, path_for
from assistant.ledger.reading import RawTable, read_table
from assistant.ledger.records import (
    APPLICATIONS,
    CASES,
    TABLE2,
    Application,
    Case,
    LedgerIssue,
    Table2Entry,
)
from assistant.ledger.validation import validate_applications, validate_cases, validate_table2
from assistant.report import Report


@dataclass
class FillResult:
    report: Report
    provenance: Provenance
    rows_read: dict[Source, int]  # data rows found in each ledger
    previous_checked: bool = False  # a previous report was given and cross-checked

    @property
    def issues(self) -> list[LedgerIssue]:
        return self.provenance.issues

    @property
    def crosscheck(self) -> list[Finding]:
        return self.provenance.crosscheck

    @property
    def has_errors(self) -> bool:
        return bool(self.issues) or any(f.is_error for f in self.crosscheck)


def fill(
    applications: Path,
    year: int,
    *,
    cases: Path | None = None,
    table2: Path | None = None,
    previous: Report | None = None,
    previous_name: str = "上年报告",
    agency: str | None = None,
    today: date | None = None,
    case_scope: CaseScope = CaseScope.RECEIVED,
) -> FillResult:
    """Read and validate the ledgers, compute 表二/三/四 for ``year``, cross-check last year.

    ``UnreadableInput`` when a file cannot be read as a ledger at all; problems in rows are
    returned in ``FillResult.issues`` and the report holds everything that could be counted.
    """
    today = today or date.today()
    app_table = read_table(applications, APPLICATIONS)
    case_table = read_table(cases, CASES) if cases is not None else None
    t2_table = read_table(table2, TABLE2) if table2 is not None else None

    apps = validate_applications(app_table, today)
    issues = list(apps.issues)
    case_records: list[Case] | None = None
    t2_records: list[Table2Entry] | None = None
    if case_table is not None:
        validated_cases = validate_cases(case_table, today)
        case_records = validated_cases.records
        issues += validated_cases.issues
    if t2_table is not None:
        validated_t2 = validate_table2(t2_table)
        t2_records = validated_t2.records
        issues += validated_t2.issues

    comp = compute(year, apps.records, case_records, t2_records, case_scope=case_scope)
    report = report_from(comp, year, agency=agency, source=applications.name)
    findings = crosscheck_previous(report, previous, previous_name=previous_name) if previous \
        else []

    used = _used_rows(comp)
    sources = {Source.APPLICATIONS: _application_source(app_table, apps.records, used)}
    rows_read = {Source.APPLICATIONS: len(app_table.rows)}
    if case_table is not None and case_records is not None:
        sources[Source.CASES] = _case_source(case_table, case_records, used)
        rows_read[Source.CASES] = len(case_table.rows)
    if t2_table is not None and t2_records is not None:
        sources[Source.TABLE2] = _table2_source(t2_table, t2_records)
        rows_read[Source.TABLE2] = len(t2_table.rows)
    # Built from our own validated data: construct without re-validating 100,000 records.
    provenance = Provenance.model_construct(
        year=year, case_scope=case_scope, sources=sources,
        cells={a: CellRows.model_construct(source=s, rows=rows)
               for a, (s, rows) in comp.leaves.items()},
        sums={a: list(parts) for a, parts in comp.sums.items()},
        issues=issues, crosscheck=findings,
    )
    return FillResult(report, provenance, rows_read, previous_checked=previous is not None)


def report_from(comp: Computation, year: int, *, agency: str | None = None,
                source: str | None = None) -> Report:
    """A blank 2021-format report for ``year`` with the computed cells set."""
    report = Report.blank(FormatVersion.V2021, agency=agency, year=year)
    for address, value in comp.cells.items():
        report.set_cell(address, value)
    report.meta.source = f"登记台账：{source}" if source else None
    return report


def write_outputs(result: FillResult, out: Path) -> tuple[Path, Path]:
    """Write REPORT.json and REPORT.provenance.json beside it, each atomically."""
    provenance_path = path_for(out)
    atomic.write_text(provenance_path, result.provenance.to_json())
    atomic.write_text(out, result.report.to_json())
    return out, provenance_path


def load_previous(path: Path) -> Report:
    """Last year's report: our JSON directly, anything else through the parser."""
    if not path.is_file():
        raise UnreadableInput(f"找不到上年报告：{path}")
    if path.suffix.lower() == ".json":
        try:
            return Report.from_json(path.read_bytes())
        except ValueError as exc:
            raise UnreadableInput(f"{path.name}：不是有效的报告 JSON（{exc}）") from exc
    from assistant.parsing import parse_file  # deferred: the parser is heavy

    report: Report = parse_file(path)
    return report


# --- provenance records ----------------------------------------------------------------------


def _used_rows(comp: Computation) -> dict[Source, set[int]]:
    used: dict[Source, set[int]] = {s: set() for s in Source}
    for source, rows in comp.leaves.values():
        used[source].update(rows)
    return used


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source(table: RawTable, columns: Sequence[str],
            records: Iterable[tuple[int, list[str]]]) -> SourceFile:
    return SourceFile.model_construct(
        file=str(table.path), sha256=_sha256(table.path), sheet=table.sheet,
        encoding=table.encoding, header_row=table.header_row, columns=list(columns),
        records=dict(records),
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _application_source(table: RawTable, apps: list[Application],
                        used: dict[Source, set[int]]) -> SourceFile:
    rows = used[Source.APPLICATIONS]
    types, results = applicant_types().display, outcomes().display
    return _source(table, ("编号", "收到日期", "申请人类型", "办结日期", "办理结果"), (
        (a.row, [a.id, a.received.isoformat(), types[a.applicant], _iso(a.closed),
                 results[a.outcome] if a.outcome else ""])
        for a in apps if a.row in rows
    ))


def _case_source(table: RawTable, cases: list[Case], used: dict[Source, set[int]]) -> SourceFile:
    rows = used[Source.CASES]
    kinds, results = case_types().display, case_results().display
    return _source(table, ("编号", "类型", "收到日期", "结果", "结案日期"), (
        (c.row, [c.id, kinds[c.kind], c.received.isoformat(), results[c.result],
                 _iso(c.closed)])
        for c in cases if c.row in rows
    ))


def _table2_source(table: RawTable, entries: list[Table2Entry]) -> SourceFile:
    def labels(address: str) -> list[str]:
        spec = cell_spec(FormatVersion.V2021, address)
        return [spec.row_label, spec.col_label]

    return _source(table, ("项目", "指标", "数值"), (
        (e.row, [*labels(e.address), str(e.value)]) for e in entries
    ))
