"""`nianbao parse`, `nianbao check` and `nianbao audit`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from assistant.account.notes import apply_notes, read_lines
from assistant.audit import AuditProgress, audit_folder, write_csv, write_html
from assistant.checks import filter_scope, run_checks
from assistant.cli.previous import read_previous
from assistant.errors import UnreadableInput
from assistant.findings import SECTION_NUMERALS, Finding, SectionKey
from assistant.parsing import parse_file
from assistant.parsing.resolve import settle_with_previous
from assistant.report import Report, dump_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("parse", help="解析一份已发布的年度报告，输出结构化数据")
    p.add_argument("file", type=Path, help="报告文件（.txt/.html/.docx/.pdf/.doc/.wps/.rtf/.odt/.json）")
    p.add_argument("--format", choices=("json", "text"), default="json", help="输出格式")
    p.set_defaults(func=_parse)

    c = sub.add_parser("check", help="核对一份年度报告：表格勾稽、文字与表格数字、结构与校对")
    c.add_argument("file", type=Path, help="报告文件（.txt/.html/.docx/.pdf/.doc/.wps/.rtf/.odt/.json）")
    c.add_argument("--previous", type=Path, help="上一年度的报告，用于跨年度核对")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument(
        "--scope", choices=("all", "tables", "text"), default="all",
        help="只核对表格（tables）或只核对文字（text）；默认全部",
    )
    c.add_argument(
        "--notes", type=Path,
        help="起草说明（与 nianbao draft 的相同：整改台账和各部分要点）：另按其核对第一、五、六部分的文字——"
             "数字、时限、频次、考核问责等具体内容是否有依据，整改状态是否与台账一致，是否照搬上年",
    )
    c.set_defaults(func=_check)

    s = sub.add_parser("schema", help="输出报告数据模型的 JSON Schema")
    s.set_defaults(func=_schema)

    a = sub.add_parser("audit", help="批量核对一个文件夹（含子文件夹）中的全部年度报告")
    a.add_argument("folder", type=Path, help="报告所在文件夹")
    a.add_argument("-o", "--output", type=Path, help="结果输出文件夹（默认：文件夹内 nianbao-audit）")
    a.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数（默认：全部核心）")
    a.set_defaults(func=_audit)


def _load(path: Path) -> Report:
    if not path.exists():
        raise UnreadableInput(f"找不到文件：{path}")
    if path.is_dir():
        raise UnreadableInput(f"{path} 是文件夹，不是报告文件")
    return parse_file(path)


# --- parse ----------------------------------------------------------------------------------


def _parse(args: argparse.Namespace) -> int:
    report = _load(args.file)
    if args.format == "json":
        print(report.to_json())
        return 0
    print(describe(report))
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(dump_schema())
    return 0


def describe(report: Report) -> str:
    """A short Chinese summary of what was read."""
    m = report.meta
    lines = [
        f"机关：{m.agency or '（未识别）'}",
        f"年度：{m.year or '（未识别）'}",
        f"格式：{m.format_version.value}年版",
        f"统计期限：{m.period_start or '?'} 至 {m.period_end or '?'}",
        "部分：" + "、".join(s.heading or "（引言）" for s in report.sections),
        f"单元格：读出 {sum(v is not None for v in report.cells.values())} 个，"
        f"空白或无法读取 {sum(v is None for v in report.cells.values())} 个",
    ]
    if report.ambiguities:
        lines.append(f"无法唯一拆分的数字：{len(report.ambiguities)} 处")
    return "\n".join(lines)


# --- check ----------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    report = _load(args.file)
    previous, previous_error = (read_previous(args.previous, "未做跨年度核对（上年结转等），本年度报告照常核对")
                                if args.previous else (None, None))
    if previous is not None:  # last year's 结转 and 现行有效 may decide a run-together row
        report = settle_with_previous(report, previous)
    findings = run_checks(report, previous)
    if args.notes:
        findings = with_written(findings, args.notes, report, previous)
    findings = filter_scope(findings, args.scope)
    cited = citation_summary(report) if args.scope != "tables" else None
    if args.format == "json":
        document = findings_document(args.file, report, findings)
        if args.notes:
            document["notes"] = str(args.notes)
        if previous_error is not None:
            document["previous_unreadable"] = previous_error
        if cited is not None:
            document["citations"] = {**cited.model_dump(mode="json"), "summary": cited.line()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(format_findings(args.file, report, findings, citations=cited.line() if cited else None))
    wrong_citation = cited is not None and cited.wrong > 0  # as `nianbao cite` does
    return 1 if wrong_citation or any(f.is_error for f in findings) else 0


def citation_summary(report: Report) -> Any:
    """The report's citations counted by outcome (verified, wrong, not verifiable), for the summary."""
    from assistant.citations import check_report, summarize

    return summarize(check_report(report))


def with_written(findings: list[Finding], notes: Path, report: Report, previous: Report | None) -> list[Finding]:
    """``findings`` with those on sections 一, 五 and 六 as written, checked against the notes file
    (its account of the year and its plain notes) by the drafting guards (imported here: the
    drafting stack is not loaded for the other commands)."""
    from assistant.drafting.written import check_written, merge_findings

    reading = apply_notes(read_lines(notes), report, previous, source=f"起草说明（{notes.name}）")
    return merge_findings(findings, check_written(report, previous, notes=reading.notes, account=reading.account))


def findings_document(path: Path, report: Report, findings: list[Finding]) -> dict[str, Any]:
    return {
        "file": str(path),
        "agency": report.meta.agency,
        "year": report.meta.year,
        "format_version": report.meta.format_version.value,
        "errors": sum(f.is_error for f in findings),
        "warnings": sum(not f.is_error for f in findings),
        "findings": [f.model_dump(mode="json") for f in findings],
    }


def _where(finding: Finding) -> str:
    parts = []
    if finding.section is not None:
        numeral = SECTION_NUMERALS.get(finding.section)
        parts.append(f"第{numeral}部分" if numeral else "引言" if
                     finding.section is SectionKey.PREFACE else finding.section.value)
    if finding.cell:
        parts.append(finding.cell)
    if finding.span:
        parts.append(f"第{finding.span[0] + 1}–{finding.span[1]}字")
    return "，".join(parts)


def format_findings(path: Path, report: Report, findings: list[Finding], *, citations: str | None = None) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    head = f"{path}：{report.meta.agency or '机关未识别'} {report.meta.year or ''}年度报告"
    cited = f"\n引用核对：{citations}。逐条结果：nianbao cite {path}" if citations else ""
    if not findings:
        return f"{head}\n未发现问题。{cited}"
    lines = [f"{head}\n共 {errors} 处错误，{warnings} 处警告。{cited}"]
    for f in findings:
        tag = "错误" if f.is_error else "警告"
        where = _where(f)
        lines.append(f"[{tag}] {f.code}{f'（{where}）' if where else ''}：{f.message}")
    return "\n".join(lines)


# --- audit ----------------------------------------------------------------------------------


def _audit(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        raise UnreadableInput(f"找不到文件夹：{folder}")
    out: Path = args.output or folder / "nianbao-audit"
    progress = AuditProgress(sys.stderr)
    result = audit_folder(folder, jobs=max(1, args.jobs), progress=progress, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(result, out / "audit.csv")
    html_path = write_html(result, out)
    print(
        f"已核对 {len(result.entries)} 份报告（其中 {result.unreadable} 份无法读取），"
        f"{result.with_errors} 份有错误，跨年度配对 {result.pairs} 对，用时 {result.seconds:.1f} 秒。"
    )
    print(f"汇总表：{csv_path}")
    print(f"网页汇总：{html_path}")
    return 1 if result.with_errors or result.unreadable else 0
