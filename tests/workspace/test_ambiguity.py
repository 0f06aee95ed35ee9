"""A row printed run together that several splits fit: undecided until the writer chooses."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.errors import NianbaoError
from assistant.parsing import parse_file
from assistant.report import Report
from assistant.workspace.ambiguity import (
    candidate_text,
    resolve,
    settle_typed,
    undecided,
    unresolved_cells,
)
from assistant.workspace.editing import apply_cell_text

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "pingtan-zone-2022.txt"
CELLS = ["t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"]


@pytest.fixture(scope="module")
def parsed() -> Report:
    report: Report = parse_file(SAMPLE)
    return report


def test_the_undecided_cells_are_those_the_candidates_fill(parsed: Report) -> None:
    [ambiguity] = parsed.ambiguities
    assert ambiguity.printed == "8855698" and len(ambiguity.candidates) == 15
    assert unresolved_cells(parsed) == dict.fromkeys(CELLS, 0)
    assert candidate_text(ambiguity, 1) == "8 ｜ 85 ｜ 5698"


def test_choosing_a_candidate_sets_the_cells_and_removes_the_ambiguity(parsed: Report) -> None:
    found = resolve(parsed, 0, 6, printed="8855698")
    report = found.report
    assert [report.cells[a] for a in CELLS] == [88, 55, 698]
    assert found.changes == {"t2.normative.issued": ("8855698", "88"),
                             "t2.normative.repealed": ("8855698", "55"),
                             "t2.normative.in_force": ("8855698", "698")}
    assert report.ambiguities == [] and unresolved_cells(report) == {}
    assert "parse.ambiguous_split" not in {f.code for f in report.parse_findings}
    assert "parse.ambiguous_split" not in {f.code for f in run_checks(report)}
    assert parsed.ambiguities and parsed.cells["t2.normative.issued"] is None  # a copy


def test_a_stale_choice_is_refused(parsed: Report) -> None:
    with pytest.raises(NianbaoError, match="已经确定或报告已改动"):
        resolve(parsed, 0, 0, printed="693665")
    with pytest.raises(NianbaoError, match="已经确定"):
        resolve(parsed, 3, 0)
    with pytest.raises(NianbaoError, match="第 99 种"):
        resolve(parsed, 0, 98)


def test_typing_every_undecided_cell_settles_the_row(parsed: Report) -> None:
    report = parsed.model_copy(deep=True)
    [ambiguity] = report.ambiguities
    apply_cell_text(report, CELLS[0], "88")
    assert settle_typed(report) == [] and undecided(report, ambiguity) == CELLS[1:]
    apply_cell_text(report, CELLS[1], "55")
    apply_cell_text(report, CELLS[2], "698")
    assert settle_typed(report) == [ambiguity]
    assert report.ambiguities == [] and unresolved_cells(report) == {}
