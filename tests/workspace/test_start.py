"""Starting a report: blank or from last year's."""

from __future__ import annotations

import random

from assistant.cells import T3_COLUMNS
from assistant.checks import run_checks
from assistant.findings import SectionKey
from assistant.workspace import start_blank, start_from_previous
from testdata.synth import synthetic_report


def test_blank_is_all_zero_and_balanced() -> None:
    report = start_blank("临川县民政局", 2024)
    assert report.meta.year == 2024 and report.meta.title == "临川县民政局2024年政府信息公开工作年度报告"
    assert all(v == 0 for v in report.cells.values())
    table_errors = [f for f in run_checks(report) if f.is_error and f.code.startswith("t")]
    assert table_errors == []


def test_from_previous_carries_over() -> None:
    last = synthetic_report(random.Random(3), agency="青溪县教育局", year=2023)
    report = start_from_previous(last)
    assert (report.meta.agency, report.meta.year) == ("青溪县教育局", 2024)
    for col, _ in T3_COLUMNS:
        assert report.cell(f"t3.carried_in.{col}") == last.cell(f"t3.carried_out.{col}")
        assert report.cell(f"t3.new.{col}") == 0
    assert report.cell("t2.normative.in_force") == last.cell("t2.normative.in_force")
    assert report.cell("t2.normative.issued") == 0
    assert report.text(SectionKey.PROBLEMS) == ""
    assert "2024年1月1日至2024年12月31日" in report.text(SectionKey.PREFACE)
    assert report.text(SectionKey.OVERVIEW) == last.text(SectionKey.OVERVIEW)
    carry = [f for f in run_checks(report, last) if f.code == "xyear.carry_over"]
    assert carry == []
