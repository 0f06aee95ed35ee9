"""Checks: pure functions from a report (and last year's) to findings (DOMAIN §3).

``run_checks(report, previous)`` runs every rule and returns the findings, the parser's own
included, errors first, then in section order and text position. ``RULES`` names every rule
code; ``filter_scope`` keeps the table rules or the text rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.checks.bindings import NumberBinding, bind_numbers
from assistant.checks.cellvalues import CellReader
from assistant.checks.crossyear import check_cross_year
from assistant.checks.narrative import check_narrative
from assistant.checks.proofreading import check_proofreading
from assistant.checks.reportyear import check_report_year
from assistant.checks.rules import (
    RULES,
    SCOPES,
    TABLE_FAMILIES,
    Rule,
    office_severities,
    rule_description,
)
from assistant.checks.structure import check_structure
from assistant.checks.tables import check_tables
from assistant.checks.textspans import section_texts
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report

__all__ = [
    "RULES",
    "SCOPES",
    "NumberBinding",
    "Rule",
    "bind_numbers",
    "filter_scope",
    "rule_description",
    "run_checks",
    "sort_findings",
]

_SECTION_ORDER = {key: i for i, key in enumerate(SectionKey)}
_ERROR = Severity.ERROR  # reached once: an enumeration's members are slow to reach through it


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then by section (in the format's order), then by position in the text."""
    return sorted(findings, key=lambda f: (
        0 if f.severity is _ERROR else 1,
        _SECTION_ORDER.get(f.section, len(_SECTION_ORDER)) if f.section else len(_SECTION_ORDER),
        f.span[0] if f.span else -1,
        f.code,
        f.cell or "",
    ))


def run_checks(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every rule on ``report`` (cross-year rules too when ``previous`` is given)."""
    findings: list[Finding] = list(report.parse_findings)
    reader = CellReader(report)  # shared: each cell is read once
    texts = section_texts(report)  # shared: each part's text is looked up once
    with office_severities():
        findings += check_tables(report, reader)
        findings += check_narrative(report, reader, texts)
        findings += check_report_year(report, texts)
        findings += check_structure(report)
        findings += check_proofreading(report, texts)
        if previous is not None:
            findings += check_cross_year(report, previous)
    return sort_findings(findings)


def filter_scope(findings: Iterable[Finding], scope: str) -> list[Finding]:
    """``all``; ``tables`` (t2/t3/t4/xyear/parse codes); ``text`` (text/struct/proof codes)."""
    if scope not in SCOPES:
        raise ValueError(f"未知的核对范围：{scope}（应为 all、tables 或 text）")
    if scope == "all":
        return list(findings)
    want_tables = scope == "tables"
    return [f for f in findings if (f.code.split(".", 1)[0] in TABLE_FAMILIES) == want_tables]
