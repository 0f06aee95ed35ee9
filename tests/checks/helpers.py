"""Editing a report in the ways the rule tests break it, and reading findings back compactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.findings import Finding, SectionKey
from assistant.report import Report, Section

Mutation = Callable[[Report], None]
Row = tuple[str, str | None, str | None, str | None, str | None]


def edit(key: SectionKey, old: str, new: str) -> Mutation:
    """Replace ``old`` (which must occur) by ``new`` in section ``key``."""
    def apply(report: Report) -> None:
        section = report.section(key)
        assert section is not None and old in section.text, (key, old)
        section.text = section.text.replace(old, new, 1)
    return apply


def append(key: SectionKey, text: str) -> Mutation:
    def apply(report: Report) -> None:
        section = report.section(key)
        assert section is not None
        section.text += text
    return apply


def cells(**values: object) -> Mutation:
    """Set cells; keys use "__" for "." (``t3__new__natural=3``)."""
    def apply(report: Report) -> None:
        for key, value in values.items():
            report.set_cell(key.replace("__", "."), value)  # type: ignore[arg-type]
    return apply


def raw(**printed: str) -> Mutation:
    """Cells printed as text: the value is None and the raw text is kept."""
    def apply(report: Report) -> None:
        for key, text in printed.items():
            address = key.replace("__", ".")
            report.cells[address] = None
            report.raw_cells[address] = text
    return apply


def blank_table(table: str) -> Mutation:
    """Every cell of ``table`` ("t2", "t3", "t4") blank, as a ledger fill without its ledger
    leaves it."""
    def apply(report: Report) -> None:
        for address in [a for a in report.cells if a.startswith(f"{table}.")]:
            report.cells[address] = None
            report.raw_cells.pop(address, None)
    return apply


def sections(change: Callable[[list[Section]], list[Section]]) -> Mutation:
    def apply(report: Report) -> None:
        report.sections = change(list(report.sections))
    return apply


def both(*mutations: Mutation) -> Mutation:
    def apply(report: Report) -> None:
        for mutation in mutations:
            mutation(report)
    return apply


def span_text(report: Report, finding: Finding) -> str | None:
    if finding.span is None or finding.section is None:
        return None
    start, end = finding.span
    return report.text(finding.section)[start:end]


def rows(report: Report, findings: Iterable[Finding]) -> list[Row]:
    """(code, cell, expected, actual, text at the span), sorted, for comparing with a table."""
    return sorted(
        ((f.code, f.cell, f.expected, f.actual, span_text(report, f)) for f in findings),
        key=lambda r: tuple(x or "" for x in r),
    )


def expect(*found: Row) -> list[Row]:
    return sorted(found, key=lambda r: tuple(x or "" for x in r))
