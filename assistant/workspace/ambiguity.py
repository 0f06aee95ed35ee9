"""Rows printed run together that more than one split fits (``Report.ambiguities``): which cells
are still undecided, and the writer's choice among the candidates.

The parser keeps every candidate split and leaves the cells the candidates disagree on blank
(their printed text in ``raw_cells``); the checks skip them. Choosing a candidate sets those
cells, removes the ambiguity and the parser's finding about it. Pure functions on a copy of the
report: the caller saves, journals and keeps the way back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.errors import NianbaoError
from assistant.report import Report, SplitAmbiguity
from assistant.workspace.editing import cell_text

FINDING_CODE = "parse.ambiguous_split"


@dataclass(frozen=True)
class Resolution:
    """The report with a split chosen, and the cells it changed: address -> (old, new)."""

    report: Report
    changes: dict[str, tuple[str, str]]
    ambiguity: SplitAmbiguity


def addresses(ambiguity: SplitAmbiguity) -> list[str]:
    """The cells of an ambiguous row, in the order the candidates list them."""
    seen: dict[str, None] = {}
    for candidate in ambiguity.candidates:
        seen.update(dict.fromkeys(candidate))
    return list(seen)


def undecided(report: Report, ambiguity: SplitAmbiguity) -> list[str]:
    """The cells of ``ambiguity`` the candidates disagree on and nobody has filled in yet."""
    return [a for a in addresses(ambiguity) if report.cells.get(a) is None]


def unresolved_cells(report: Report) -> dict[str, int]:
    """Every undecided cell, with the index of its ambiguity in ``report.ambiguities``."""
    found: dict[str, int] = {}
    for index, ambiguity in enumerate(report.ambiguities):
        for address in undecided(report, ambiguity):
            found.setdefault(address, index)
    return found


def find(report: Report, index: int, printed: str | None = None) -> SplitAmbiguity:
    """The ambiguity at ``index``; ``NianbaoError`` when it is gone (or is another row now)."""
    if not 0 <= index < len(report.ambiguities) or (
            printed is not None and report.ambiguities[index].printed != printed):
        raise NianbaoError("这一行的拆分已经确定或报告已改动，请刷新表格后再选择")
    return report.ambiguities[index]


def resolve(report: Report, index: int, choice: int, *, printed: str | None = None) -> Resolution:
    """A copy of ``report`` with candidate ``choice`` of ambiguity ``index`` written into its
    cells, the ambiguity and the parser's finding about it removed."""
    ambiguity = find(report, index, printed)
    if not 0 <= choice < len(ambiguity.candidates):
        raise NianbaoError(f"没有第 {choice + 1} 种拆分")
    updated = report.model_copy(deep=True)
    changes: dict[str, tuple[str, str]] = {}
    for address, value in ambiguity.candidates[choice].items():
        old = cell_text(updated, address)
        updated.set_cell(address, value)
        new = cell_text(updated, address)
        if new != old:
            changes[address] = (old, new)
    _forget(updated, index)
    return Resolution(updated, changes, ambiguity)


def settle_typed(report: Report) -> list[SplitAmbiguity]:
    """Drop (in place) the ambiguities whose every undecided cell the writer has filled in by
    hand; returns those dropped."""
    done = [i for i, amb in enumerate(report.ambiguities) if not undecided(report, amb)]
    dropped = [report.ambiguities[i] for i in done]
    for index in reversed(done):
        _forget(report, index)
    return dropped


def _forget(report: Report, index: int) -> None:
    ambiguity = report.ambiguities.pop(index)
    cells = set(addresses(ambiguity))
    report.parse_findings = [
        f for f in report.parse_findings
        if not (f.code == FINDING_CODE and {c for c in (f.cell, *f.cells) if c} <= cells)
    ]


def candidate_text(ambiguity: SplitAmbiguity, choice: int) -> str:
    """A candidate as the cells would show it: "8 ｜ 85 ｜ 5698"."""
    values = ambiguity.candidates[choice]
    return " ｜ ".join(_shown(values[a]) for a in addresses(ambiguity) if a in values)


def _shown(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
