"""Why a table cell holds its value: where it came from (the ledger rows while the value still
comes from the ledger, else the file it was imported from, the hand edit that set it or the way
the report was started), last year's figure beside it, its problems and its hand edits.

The same explanation serves the cell inspector and the chat (“为什么依申请新收是26”).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.cells import cell_spec
from assistant.errors import NianbaoError
from assistant.findings import Finding
from assistant.names import plain_message
from assistant.workspace import CellEdit, OpenReport, cell_text
from assistant.workspace.ambiguity import unresolved_cells
from assistant.workspace.lastyear import YearChange, year_change
from assistant.workspace.origins import CellStory, hand_edited, story

RECENT_EDITS = 5


def cell_story(current: OpenReport, address: str) -> CellStory:
    """Where ``address``'s value came from, from the provenance kept beside the report."""
    journal = current.journal()
    return story(current.report, current.folder.load_provenance(), address,
                 edits=journal.cell_edits,
                 fallback=plain_message(journal.origin or current.report.meta.source or ""))


def explanation_text(current: OpenReport, address: str) -> str | None:
    """:func:`cell_story` as text (for the chat); a cell the format lacks is said so."""
    try:
        return cell_story(current, address).text()
    except NianbaoError as exc:
        return str(exc)


@dataclass(frozen=True)
class CellExplanation:
    """Everything the writer is told about one cell."""

    address: str
    label: str
    value: str  # as the cell shows it ("" when blank)
    pending: str | None  # the text printed run together, while no split is chosen
    previous_year: int | None  # last year's report's year (None: none loaded, or no year)
    has_previous: bool
    change: YearChange | None  # this year against last year's figure
    problems: tuple[Finding, ...]  # the findings about this cell
    story: CellStory
    edits: tuple[CellEdit, ...]  # its latest hand edits, newest first


def explain_cell(current: OpenReport, address: str) -> CellExplanation | None:
    """The explanation of ``address``; ``None`` when the report's format has no such cell."""
    with current.lock:
        report = current.report
        try:
            spec = cell_spec(report.version, address)
        except KeyError:
            return None
        pending = unresolved_cells(report)
        printed = report.ambiguities[pending[address]].printed if address in pending else None
        previous = current.previous
        edits = [e for e in current.journal().cell_edits if e.cell == address][-RECENT_EDITS:]
        return CellExplanation(
            address=address, label=spec.label, value=cell_text(report, address), pending=printed,
            previous_year=previous.meta.year if previous is not None else None,
            has_previous=previous is not None,
            change=year_change(report, previous, address),
            problems=tuple(f for f in current.findings if address in (f.cell, *f.cells)),
            story=cell_story(current, address), edits=tuple(reversed(edits)),
        )


def edited_cells(current: OpenReport) -> dict[str, datetime]:
    """The cells holding a value typed by hand, with when (the likely wrong cell of a failing
    sum is the one typed last)."""
    return hand_edited(current.report, current.folder.load_provenance(),
                       current.journal().cell_edits)
