"""Where a cell's value came from follows the value: ledger rows only while the value comes from
the ledger; an import, a hand edit or a restored version is explained as what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.ledger.fill import fill
from assistant.ledger.provenance import Provenance
from assistant.report import Report
from assistant.workspace import OpenReport, Workspace
from assistant.workspace.origins import (
    drop_ledger,
    hand_edited,
    record_edit,
    replace_tracked,
    set_origins,
    story,
    texts,
    undo,
)
from tests.ledger.sheets import APP_HEADER, write_csv

TODAY = date(2025, 1, 10)
ROWS = [(f"N-{i}", f"2024-0{i}-01", "自然人", f"2024-0{i}-09", "予以公开", None) for i in range(1, 5)]
ROWS += [("C-1", "2024-03-01", "商业企业", "2024-03-02", "予以公开", None)]


@pytest.fixture
def ledger_built(tmp_path: Path) -> OpenReport:
    """A report started from an application ledger (4 natural persons, 1 company)."""
    ledger = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS)
    result = fill(ledger, 2024, agency="青溪县教育局", today=TODAY)
    t3 = [a for a in result.report.cells if a.startswith("t3.")]
    provenance = set_origins(result.provenance, result.report, "ledger", ledger.name, t3)
    folder = Workspace(tmp_path / "reports").create(result.report, "台账 申请台账.csv")
    folder.save_provenance(provenance)
    return OpenReport(folder)


def explain(current: OpenReport, address: str) -> str:
    return story(current.report, current.folder.load_provenance(), address,
                 edits=current.journal().cell_edits).text()


def test_a_ledger_cell_cites_its_rows(ledger_built: OpenReport) -> None:
    found = story(ledger_built.report, ledger_built.folder.load_provenance(), "t3.new.natural")
    assert found.kind == "ledger" and found.ledger_rows == 4 and found.cites_ledger
    assert "由台账 申请台账.csv 统计得出" in found.text() and "第2行" in found.text()


def test_an_import_over_a_ledger_report_is_explained_by_the_file(ledger_built: OpenReport,
                                                                 tmp_path: Path) -> None:
    imported = Report.blank(agency="青溪县教育局", year=2024)
    imported.set_cell("t3.new.natural", 74)
    folder = Workspace(tmp_path / "reports").create(imported, "导入 青溪2024.json", replace=True)
    folder.save_provenance(set_origins(None, imported, "import", "青溪2024.json", texts(imported)))
    current = OpenReport(folder)
    found = story(current.report, folder.load_provenance(), "t3.new.natural")
    assert found.kind == "import" and not found.cites_ledger
    assert "从文件 青溪2024.json 导入，原文为 74" in found.text()
    assert "台账" not in found.text()
    assert folder.load_provenance().sources == {}  # type: ignore[union-attr]


def test_a_hand_edit_drops_the_cells_ledger_trail_but_not_its_totals(
        ledger_built: OpenReport) -> None:
    current = ledger_built
    before = current.folder.load_provenance()
    assert before is not None
    total_rows = before.rows_of("t3.new.total")
    change = current.set_cell("t3.new.natural", "5")
    assert change is not None
    record_edit(current.folder, current.report, "t3.new.natural", change.old)
    after = current.folder.load_provenance()
    assert after is not None
    assert not after.knows("t3.new.natural") and after.rows_of("t3.new.natural") == []
    assert after.rows_of("t3.new.total") == total_rows  # the total still counts its rows
    text = explain(current, "t3.new.natural")
    assert "手工修改：4 → 5" in text and "此前" in text and "台账中计入的行" not in text
    assert "台账中计入的行（5 行）" in explain(current, "t3.new.total")
    assert list(hand_edited(current.report, after, current.journal().cell_edits)) == [
        "t3.new.natural"]


def test_an_origin_whose_value_is_gone_is_not_cited(ledger_built: OpenReport) -> None:
    """A version restored (or any change that did not record an origin): no stale rows."""
    current = ledger_built
    current.report.set_cell("t3.new.natural", 9)
    found = story(current.report, current.folder.load_provenance(), "t3.new.natural",
                  fallback="台账 申请台账.csv")
    assert found.kind == "unknown" and not found.cites_ledger
    assert "给出的数值是 4，与当前数值 9 不同" in found.text()


def test_a_provenance_without_origins_is_read_as_before(tmp_path: Path) -> None:
    """Files written before origins were kept: the ledger trail explains the cell."""
    ledger = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS)
    result = fill(ledger, 2024, today=TODAY)
    found = story(result.report, Provenance.from_json(result.provenance.to_json()),
                  "t3.public.natural")
    assert found.kind == "legacy" and found.ledger_rows == 4


def test_drop_ledger_keeps_sum_rows_and_prunes_records(tmp_path: Path) -> None:
    ledger = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS)
    provenance = fill(ledger, 2024, today=TODAY).provenance
    grand = provenance.rows_of("t3.handled_total.total")
    drop_ledger(provenance, [a for a in provenance.cells if a.startswith("t3.public.")])
    assert provenance.rows_of("t3.handled_total.total") == grand
    drop_ledger(provenance, list(provenance.cells) + list(provenance.sums))
    assert provenance.cells == {} and provenance.sums == {}
    assert all(not s.records for s in provenance.sources.values())


def test_replace_tracked_and_undo_restore_report_and_provenance(ledger_built: OpenReport) -> None:
    current = ledger_built
    before_report = current.report.model_copy(deep=True)
    before_provenance = current.folder.load_provenance()
    updated = current.report.model_copy(deep=True)
    updated.set_cell("t3.new.natural", 40)
    point = replace_tracked(current, updated, set_origins(None, updated, "import", "x.json",
                                                          ["t3.new.natural"]), "测试替换")
    assert current.report.cells["t3.new.natural"] == 40
    assert current.folder.load_provenance() != before_provenance
    undo(current, point)
    assert current.report.cells == before_report.cells
    assert current.folder.load_provenance() == before_provenance
    assert OpenReport(current.folder).report.cells == before_report.cells  # saved
