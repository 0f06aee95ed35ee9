"""Audit a folder of reports: the reviewer's view of many agencies' reports at once.

Every report under a folder is parsed and checked on all cores; consecutive years of the same
agency are paired so the cross-year rules run too. The result is written as a CSV (one row per
report, counts by rule) and an HTML summary that links to one detail page per report.
"""

from __future__ import annotations

import csv
import html
import io
import multiprocessing
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, TypeVar

from assistant import atomic
from assistant.checks import RULES, run_checks
from assistant.errors import NianbaoError
from assistant.findings import Finding
from assistant.parsing import REPORT_SUFFIXES, parse_file
from assistant.parsing.resolve import settle_with_previous
from assistant.report import Report

_CHUNK = 32

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class AuditEntry:
    path: Path  # relative to the audited folder
    agency: str | None = None
    year: int | None = None
    version: str | None = None
    error: str | None = None  # why the file could not be read at all
    previous: Path | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)

    @property
    def status(self) -> str:
        if self.error is not None:
            return "无法读取"
        if self.errors:
            return "有错误"
        return "仅有警告" if self.warnings else "通过"


@dataclass
class AuditResult:
    root: Path
    entries: list[AuditEntry]
    seconds: float

    @property
    def unreadable(self) -> int:
        return sum(e.error is not None for e in self.entries)

    @property
    def with_errors(self) -> int:
        return sum(e.errors > 0 for e in self.entries)

    @property
    def pairs(self) -> int:
        return sum(e.previous is not None for e in self.entries)

    def rule_counts(self) -> Counter[str]:
        return Counter(f.code for e in self.entries for f in e.findings)


class AuditProgress:
    """Progress on a stream: a rewritten line on a terminal, a line every few seconds elsewhere."""

    def __init__(self, stream: TextIO, interval: float | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval if interval is not None else (0.2 if self.tty else 5.0)
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        line = f"{stage}：{done}/{total}"
        if self.tty:
            self.stream.write(f"\r{line}" + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def discover(root: Path, exclude: Path | None = None) -> list[Path]:
    """Report files under ``root``, recursively, in a stable order."""
    skip = exclude.resolve() if exclude else None
    found = []
    for path in root.rglob("*"):
        if path.suffix.lower() not in REPORT_SUFFIXES or not path.is_file():
            continue
        if path.name.startswith(".") or (skip and path.resolve().is_relative_to(skip)):
            continue
        found.append(path)
    return sorted(found)


def parse_quietly(path: Path) -> tuple[Report | None, str | None]:
    """The report, or why it could not be read (for batch work that must not stop)."""
    try:
        return parse_file(path), None
    except NianbaoError as exc:
        return None, str(exc)


def check_pair(pair: tuple[Report, Report | None]) -> list[Finding]:
    """Findings of a report, with last year's report (when paired) deciding run-together rows
    that several splits fit, as `nianbao check --previous` does."""
    report, previous = pair
    if previous is not None:
        report = settle_with_previous(report, previous)
    return run_checks(report, previous)


def _agency_key(agency: str | None) -> str | None:
    if not agency:
        return None
    return re.sub(r"[\s（）()]", "", agency)


def pair_previous(reports: list[Report | None]) -> list[int | None]:
    """For each report, the index of the same agency's report for the year before, if any."""
    by_key: dict[tuple[str, int], int] = {}
    for i, report in enumerate(reports):
        if report is None or report.meta.year is None:
            continue
        key = _agency_key(report.meta.agency)
        if key is not None:
            by_key.setdefault((key, report.meta.year), i)
    result: list[int | None] = []
    for report in reports:
        key = _agency_key(report.meta.agency) if report is not None else None
        if report is None or key is None or report.meta.year is None:
            result.append(None)
        else:
            result.append(by_key.get((key, report.meta.year - 1)))
    return result


def parallel_map(
    func: Callable[[T], R], items: list[T], jobs: int, stage: str,
    progress: Callable[[str, int, int], None] | None,
) -> list[R]:
    """``func`` over ``items`` in order, on ``jobs`` processes, reporting progress."""
    def report(done: int) -> None:
        if progress is not None:
            progress(stage, done, len(items))

    results: list[R] = []
    if jobs <= 1 or len(items) < 2 * _CHUNK:
        for item in items:
            results.append(func(item))
            report(len(results))
        return results
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for result in pool.imap(func, items, chunksize=_CHUNK):
            results.append(result)
            report(len(results))
    return results


def audit_folder(
    root: Path, *, jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    exclude: Path | None = None,
) -> AuditResult:
    start = time.perf_counter()
    paths = discover(root, exclude)
    parsed = parallel_map(parse_quietly, paths, jobs, "解析", progress)
    reports = [report for report, _ in parsed]
    previous = pair_previous(reports)
    to_check = [(r, reports[p] if p is not None else None)
                for r, p in zip(reports, previous, strict=True) if r is not None]
    checked = iter(parallel_map(check_pair, to_check, jobs, "核对", progress))
    entries = []
    for path, (report, error), prev in zip(paths, parsed, previous, strict=True):
        entry = AuditEntry(path=path.relative_to(root), error=error)
        if report is not None:
            entry.agency, entry.year = report.meta.agency, report.meta.year
            entry.version = report.meta.format_version.value
            entry.findings = next(checked)
            if prev is not None:
                entry.previous = paths[prev].relative_to(root)
        entries.append(entry)
    return AuditResult(root=root, entries=entries, seconds=time.perf_counter() - start)


# --- outputs ----------------------------------------------------------------------------------


def _rule_name(code: str) -> str:
    rule = RULES.get(code)
    return rule.description if rule is not None else code


def _codes(result: AuditResult) -> list[str]:
    return sorted(result.rule_counts())


def csv_rows(result: AuditResult) -> Iterator[list[str]]:
    codes = _codes(result)
    yield ["文件", "机关", "年度", "格式", "状态", "错误数", "警告数", "上年报告", "无法读取原因",
           *codes]
    for e in result.entries:
        counts = Counter(f.code for f in e.findings)
        yield [str(e.path), e.agency or "", str(e.year or ""), e.version or "", e.status,
               str(e.errors), str(e.warnings), str(e.previous or ""), e.error or "",
               *(str(counts.get(c, 0)) for c in codes)]


def write_csv(result: AuditResult, path: Path) -> Path:
    """One row per report; UTF-8 with BOM so that Excel and WPS open it as Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(result))
    return atomic.write_text(path, "\ufeff" + buffer.getvalue())


_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;line-height:1.6}
table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #999;padding:4px 8px}
th{background:#f0f0f0}.error,.bad{color:#b00020}.warning{color:#8a6d00}td.n{text-align:right}
.note{color:#555}@media print{body{margin:0}}
"""


def html_page(title: str, body: Iterable[str]) -> str:
    """A self-contained, script-free page for the reviewer's summaries (audit, roll-up)."""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{''.join(body)}</body></html>\n")


def _detail_page(entry: AuditEntry) -> str:
    esc = html.escape
    body = [f"<p>文件：{esc(str(entry.path))}；机关：{esc(entry.agency or '未识别')}；"
            f"年度：{entry.year or '未识别'}；格式：{esc(entry.version or '')}；"
            f"上年报告：{esc(str(entry.previous or '无'))}</p>", '<p><a href="../index.html">返回汇总</a></p>']
    if entry.error:
        body.append(f'<p class="error">无法读取：{esc(entry.error)}</p>')
    body.append("<table><thead><tr><th>级别</th><th>规则</th><th>位置</th><th>说明</th>"
                "<th>应为</th><th>实为</th></tr></thead><tbody>")
    for f in entry.findings:
        cls = "error" if f.is_error else "warning"
        where = "，".join(x for x in (f.section.value if f.section else "", f.cell or "",
                                      f"{f.span[0]}–{f.span[1]}" if f.span else "") if x)
        body.append(f'<tr class="{cls}"><td>{"错误" if f.is_error else "警告"}</td>'
                    f"<td>{esc(f.code)}</td><td>{esc(where)}</td><td>{esc(f.message)}</td>"
                    f"<td>{esc(f.expected or '')}</td><td>{esc(f.actual or '')}</td></tr>")
    body.append("</tbody></table>")
    return html_page(f"核对详情：{entry.path}", body)


def write_html(result: AuditResult, out: Path) -> Path:
    """``index.html`` (one row per report, counts by rule) and ``details/N.html`` per report."""
    esc = html.escape
    details = out / "details"
    details.mkdir(parents=True, exist_ok=True)
    counts = result.rule_counts()
    reports_by_rule = Counter(code for e in result.entries for code in {f.code for f in
                                                                          e.findings})
    body = [f"<p>共 {len(result.entries)} 份报告；有错误 {result.with_errors} 份；无法读取 "
            f"{result.unreadable} 份；跨年度配对 {result.pairs} 对；用时 {result.seconds:.1f} 秒。</p>",
            "<h2>按规则统计</h2><table><thead><tr><th>规则</th><th>说明</th><th>涉及报告</th>"
            "<th>问题数</th></tr></thead><tbody>"]
    for code in sorted(counts, key=lambda c: (-counts[c], c)):
        body.append(f"<tr><td>{esc(code)}</td><td>{esc(_rule_name(code))}</td>"
                    f'<td class="n">{reports_by_rule[code]}</td><td class="n">{counts[code]}</td></tr>')
    body.append("</tbody></table><h2>逐份报告</h2><table><thead><tr><th>文件</th><th>机关</th>"
                "<th>年度</th><th>状态</th><th>错误</th><th>警告</th><th>主要问题</th></tr></thead><tbody>")
    for i, e in enumerate(result.entries):
        name = f"{i:05d}.html"
        atomic.write_text(details / name, _detail_page(e), durable=False)  # regenerable
        top = ", ".join(f"{c}×{n}" for c, n in Counter(f.code for f in e.findings).most_common(3))
        cls = "error" if e.errors or e.error else "warning" if e.warnings else ""
        body.append(f'<tr class="{cls}"><td><a href="details/{name}">{esc(str(e.path))}</a></td>'
                    f"<td>{esc(e.agency or '')}</td><td>{e.year or ''}</td><td>{esc(e.status)}</td>"
                    f'<td class="n">{e.errors}</td><td class="n">{e.warnings}</td>'
                    f"<td>{esc(top)}</td></tr>")
    body.append("</tbody></table>")
    return atomic.write_text(out / "index.html", html_page("年度报告批量核对汇总", body))
