"""The ledger against last year's report: this year's 二、上年结转 = last year's 四、结转下年度."""

from __future__ import annotations

from assistant.findings import Finding, SectionKey, Severity
from assistant.form import CARRY_OVER_CODE, cell_spec, continuity_rules
from assistant.report import Report

CODE = "ledger.carried_in_vs_previous"


def crosscheck_previous(report: Report, previous: Report, *, previous_name: str = "上年报告"
                        ) -> list[Finding]:
    """One finding per 表三 column whose computed 二 differs from last year's 四."""
    findings: list[Finding] = []
    year = report.meta.year
    if year is not None and previous.meta.year is not None and previous.meta.year != year - 1:
        findings.append(Finding(
            code="ledger.previous_year", severity=Severity.WARNING,
            section=SectionKey.APPLICATIONS,
            message=f"{previous_name}是{previous.meta.year}年度的，不是{year - 1}年度",
            expected=str(year - 1), actual=str(previous.meta.year),
        ))
    for rule in continuity_rules(report.version, previous.version):
        if rule.code != CARRY_OVER_CODE:
            continue
        here, there = rule.cell, rule.previous
        col_label = cell_spec(report.version, here).col_label
        ours, theirs = report.cells.get(here), previous.cells.get(there)
        if ours is None:
            continue
        if theirs is None:
            findings.append(Finding(
                code=CODE, severity=Severity.WARNING, section=SectionKey.APPLICATIONS,
                cell=here, message=(
                    f"表三“二、上年结转”“{col_label}”列无法核对：{previous_name}"
                    "“四、结转下年度继续办理”该列为空或无法读取"
                ),
                actual=str(ours),
            ))
            continue
        if ours == theirs:
            continue
        diff = int(ours) - int(theirs)
        more = f"多 {diff} 件" if diff > 0 else f"少 {-diff} 件"
        findings.append(Finding(
            code=CODE, severity=Severity.ERROR, section=SectionKey.APPLICATIONS, cell=here,
            message=(
                f"表三“二、上年结转”“{col_label}”列：台账算得 {ours} 件，{previous_name}"
                f"“四、结转下年度继续办理”为 {theirs} 件，{more}"
            ),
            expected=str(theirs), actual=str(ours),
        ))
    return findings
