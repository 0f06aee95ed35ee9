"""Rebuilding an open report's tables from the ledgers: the plan says what changes, only the
tables whose ledger is given are rebuilt, and the ledger trail follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.ledger.compute import Source
from assistant.ledger.fill import fill
from assistant.ledger.provenance import Provenance
from assistant.ledger.rebuild import digest, plan_rebuild
from assistant.report import Report
from assistant.workspace.origins import set_origins, story
from tests.ledger.sheets import APP_HEADER, CASE_HEADER, write_csv
from tests.ledger.test_fill import APPS, CASES

TODAY = date(2025, 1, 10)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Report, Provenance]:
    """A report filled from both ledgers, with every cell's origin recorded."""
    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER, APPS)
    cases = write_csv(tmp_path / "复议诉讼台账.csv", CASE_HEADER, CASES)
    result = fill(apps, 2024, cases=cases, today=TODAY)
    cells = [a for a in result.report.cells if a.startswith(("t3.", "t4."))]
    return result.report, set_origins(result.provenance, result.report, "ledger", "台账", cells)


def test_application_ledger_only_rebuilds_table_three(built: tuple[Report, Provenance],
                                                      tmp_path: Path) -> None:
    report, provenance = built
    more = [*APPS, ("2024-009", "2024-05-05", "自然人", "2024-05-20", "予以公开", None)]
    apps = write_csv(tmp_path / "申请台账-新.csv", APP_HEADER, more)
    plan = plan_rebuild(report, provenance, apps, previous=None, today=TODAY)
    assert plan.tables == ("t3",) and plan.kept == ("t2", "t4")
    changed = {(c.address, c.old, c.new) for c in plan.changes}
    assert ("t3.new.natural", "1", "2") in changed and ("t3.public.total", "1", "2") in changed
    assert all(c.table == "t3" for c in plan.changes)
    assert {a: plan.report.cells[a] for a in report.cells if a.startswith("t4.")} == \
        {a: v for a, v in report.cells.items() if a.startswith("t4.")}
    assert "表四保持不变" in plan.summary() and "表三 " in plan.summary()
    # The case ledger's trail is kept; the application ledger's is the new one.
    assert plan.provenance.sources[Source.CASES] == provenance.sources[Source.CASES]
    assert plan.provenance.sources[Source.APPLICATIONS].name == "申请台账-新.csv"
    assert plan.provenance.rows_of("t4.review.total") == provenance.rows_of("t4.review.total")
    assert len(plan.provenance.rows_of("t3.new.natural")) == 2
    origin = plan.provenance.origins["t3.new.natural"]
    assert (origin.kind, origin.source, origin.old, origin.value) == (
        "ledger", "申请台账-新.csv", "1", "2")
    assert story(plan.report, plan.provenance, "t3.new.natural").ledger_rows == 2
    assert plan.base == digest(report) and report.cells["t3.new.natural"] == 1  # untouched


def test_nothing_changes_when_the_ledger_is_the_same(built: tuple[Report, Provenance],
                                                     tmp_path: Path) -> None:
    report, provenance = built
    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER, APPS)
    plan = plan_rebuild(report, provenance, apps, today=TODAY)
    assert plan.changes == [] and "表三没有变化" in plan.summary()


def test_an_imported_report_is_rebuilt_cell_by_cell(tmp_path: Path) -> None:
    report = Report.blank(agency="青溪县教育局", year=2024)
    report.set_cell("t4.review.upheld", 3)
    report.set_cell("t4.review.total", 3)
    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER, APPS)
    plan = plan_rebuild(report, None, apps, today=TODAY)
    assert plan.report.cells["t4.review.total"] == 3
    assert ("t3.new.total", "0", "3") in {(c.address, c.old, c.new) for c in plan.changes}
    assert Source.CASES not in plan.provenance.sources


def test_a_report_without_a_year_is_refused(tmp_path: Path) -> None:
    apps = write_csv(tmp_path / "申请台账.csv", APP_HEADER, APPS)
    with pytest.raises(NianbaoError, match="没有年度"):
        plan_rebuild(Report.blank(), None, apps)
