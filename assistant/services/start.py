"""Ways to start a year's report: blank, from a published report, from last year's report, or
from the ledgers.

Each way reads what it is given and returns a :class:`NewReport` (the report, how it started,
what the writer should read first); :func:`store` puts it in the workspace with the origin of
every cell beside it. ``Library.start`` does both for the reports a process has open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import NianbaoError
from assistant.form import report_title
from assistant.report import Report
from assistant.workspace import ReportFolder, Workspace, start_blank, start_from_previous

if TYPE_CHECKING:
    from assistant.ledger.fill import FillResult
    from assistant.ledger.provenance import Provenance


@dataclass
class NewReport:
    """A report ready to be stored, and how it started."""

    report: Report
    origin: str  # the journal's origin: 空白报告, 导入 x.txt, 台账 x.csv …
    notes: list[str] = field(default_factory=list)  # what the writer should read first
    previous: Report | None = None  # last year's report, for the cross-year checks
    provenance: Provenance | None = None  # the ledger trail of a ledger start
    source: str | None = None  # the imported file every cell comes from


def read_report(path: Path) -> Report:
    """A report file in any format the parser reads."""
    from assistant.parsing import parse_file  # deferred: the parser is heavy

    report: Report = parse_file(path)
    return report


def blank(agency: str, year: int) -> NewReport:
    agency = agency.strip()
    if not agency:
        raise NianbaoError("请填写机关名称")
    return NewReport(start_blank(agency, year), "空白报告")


def imported(path: Path, *, agency: str = "", year: int | None = None) -> NewReport:
    """A published report (any format the parser reads) as this year's report."""
    report = read_report(path)
    if agency.strip():
        report.meta.agency = agency.strip()
    if year:
        report.meta.year = year
    if not report.meta.agency or report.meta.year is None:
        missing = "、".join(n for n, v in (("机关名称", report.meta.agency),
                                              ("年度", report.meta.year)) if not v)
        raise NianbaoError(f"{path.name}：未能从文件中读出{missing}，请在表单中填写后重新导入")
    notes = [f"已导入 {path.name}（{report.version.value}年版格式）"]
    notes += [f"解析提示：{f.message}" for f in report.parse_findings]
    if report.ambiguities:
        notes.append(f"有 {len(report.ambiguities)} 行数字连在一起印出、无法确定拆分："
                     "请在“表格”页该行下方选择正确的拆分")
    return NewReport(report, f"导入 {path.name}", notes, source=path.name)


def from_previous(path: Path, *, year: int | None = None) -> NewReport:
    """This year's report begun from last year's (``ValueError`` when neither names the year)."""
    previous = read_report(path)
    report = start_from_previous(previous, year)
    notes = [f"已从 {path.name}（{previous.meta.year}年）开始：上年结转、现行有效件数已带入，"
             "第五部分需重新撰写"]
    return NewReport(report, f"以上年报告 {path.name} 为基础", notes, previous=previous)


def from_ledger(applications: Path, *, agency: str, year: int, cases: Path | None = None,
                table2: Path | None = None, previous: Path | None = None) -> NewReport:
    """表二/三/四 counted from the ledgers; the ledgers' problems listed in the notes."""
    from assistant.ledger.fill import fill  # deferred: openpyxl

    agency = agency.strip()
    if not agency:
        raise NianbaoError("请填写机关名称")
    last = read_report(previous) if previous is not None else None
    result = fill(applications, year, cases=cases, table2=table2, previous=last,
                  previous_name=previous.name if previous else "上年报告", agency=agency)
    report = result.report
    report.meta.title = report_title(agency, year)
    provenance = _ledger_start_origins(result.provenance, report, applications, cases=cases,
                                       table2=table2)
    return NewReport(report, f"台账 {applications.name}", ledger_notes(result), previous=last,
                     provenance=provenance)


def store(workspace: Workspace, new: NewReport, *, replace: bool = False) -> ReportFolder:
    """Create (or replace) the report; its provenance is written beside it: the ledger trail of
    a ledger start, else every cell recorded as coming from the imported file or from the way
    it was started. A replaced report's provenance goes."""
    from assistant.workspace.origins import set_origins, texts

    folder = workspace.create(new.report, new.origin, previous=new.previous, replace=replace)
    provenance = new.provenance
    if provenance is None:
        provenance = set_origins(None, new.report, "import" if new.source else "start",
                                 new.source or new.origin, texts(new.report))
    folder.save_provenance(provenance)
    return folder


def ledger_notes(result: FillResult) -> list[str]:
    """What the writer must know after a ledger was counted: rows read, every problem."""
    from assistant.ledger.explain import SOURCE_NAMES

    read = "，".join(f"{SOURCE_NAMES[source]} {n} 行" for source, n in result.rows_read.items())
    notes = [f"已读取{read}；发现 {len(result.issues)} 个台账问题"]
    notes += [f"台账问题：{issue.text}" for issue in result.issues]
    notes += [f"与上年报告核对：{f.message}" for f in result.crosscheck]
    return notes


def _ledger_start_origins(provenance: Provenance, report: Report, applications: Path, *,
                          cases: Path | None, table2: Path | None) -> Provenance:
    """A ledger start's provenance with every cell's origin: the tables counted from a ledger,
    and the tables left blank because their ledger was not given."""
    from assistant.cells import cell_specs
    from assistant.workspace.origins import set_origins

    files = {"t2": table2, "t3": applications, "t4": cases}
    blank_note = {"t2": "新建时未提供表二台账，留空待填", "t4": "新建时未提供复议诉讼台账，留空待填"}
    for table, ledger in files.items():
        chosen = [s.address for s in cell_specs(report.version) if s.table == table]
        if ledger is not None:
            set_origins(provenance, report, "ledger", ledger.name, chosen)
        else:
            set_origins(provenance, report, "start", blank_note[table], chosen)
    return provenance
