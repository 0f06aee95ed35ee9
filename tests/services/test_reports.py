"""Starting, explaining and exporting a report through the services, as the UI and the CLI do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.services import (
    ExportFormat,
    Library,
    NianbaoError,
    edited_cells,
    explain_cell,
    export_file,
    export_open,
    file_stem,
    preview,
    start,
)
from tests.ledger.sheets import APP_HEADER, write_csv

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SEED = SAMPLES / "jinghe-gongyeyuanqu-2021.txt"
ROWS = [
    ("2024-001", "2024-01-05", "自然人", "2024-01-20", "予以公开", None),
    ("2024-002", "2024-02-05", "商业企业", "2024-02-20", "部分公开", None),
]


def test_a_ledger_start_explains_its_cells(tmp_path: Path) -> None:
    ledger = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS)
    new = start.from_ledger(ledger, agency="青溪县教育局", year=2024)
    assert new.report.meta.title == "青溪县教育局2024年政府信息公开工作年度报告"
    assert new.notes[0].startswith("已读取")
    library = Library(tmp_path / "reports")
    current = library.get(library.start(new).key)
    found = explain_cell(current, "t3.new.natural")
    assert found is not None and found.value == "1" and found.story.cites_ledger
    assert not found.has_previous and found.change is None
    assert explain_cell(current, "t9.none.total") is None

    library.edit_cell(library.key_of(current.folder.path), "t3.new.natural", "5")
    found = explain_cell(current, "t3.new.natural")
    assert found is not None and found.story.kind == "edit" and found.edits[0].new == "5"
    assert "t3.new.natural" in edited_cells(current)


def test_export_goes_through_the_gate_and_the_journal(tmp_path: Path) -> None:
    library = Library(tmp_path / "reports")
    current = library.get(library.start_blank("临川县民政局", 2024).key)
    out = tmp_path / "exports"
    with pytest.raises(NianbaoError, match="请至少选择"):
        export_open(current, [], out)
    assert current.gate().blocked  # a blank report: sections empty, placeholders
    with pytest.raises(NianbaoError, match="导出已被阻止"):
        export_open(current, ["json"], out)
    assert not out.exists()
    assert "导出已被阻止" in preview(current).note

    current.override_export("先导出给领导看表格")
    [written] = export_open(current, [ExportFormat.JSON], out)
    assert written.name == f"{file_stem(current.report)}.json" == "临川县民政局2024年政府信息公开工作年度报告.json"
    assert json.loads(written.read_text(encoding="utf-8"))["meta"]["agency"] == "临川县民政局"
    [record] = current.journal().exports
    assert record.format == "json" and record.override_reason == "先导出给领导看表格" and record.errors > 0


def test_a_report_file_exports_by_its_extension(tmp_path: Path) -> None:
    written, fmt = export_file(SEED, tmp_path / "精河.md")
    assert fmt is ExportFormat.MD and written.read_text(encoding="utf-8").startswith("#")
    with pytest.raises(NianbaoError, match="输出文件夹不存在"):
        export_file(SEED, tmp_path / "没有" / "精河.md")
    with pytest.raises(NianbaoError, match="找不到报告文件"):
        export_file(tmp_path / "没有.txt", tmp_path / "x.json")
