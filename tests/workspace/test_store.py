"""The workspace store: atomic saves, snapshots, restore, the journal."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report
from assistant.workspace import Workspace, export_gate, folder_name, review_items
from testdata.synth import synthetic_report

T0 = datetime(2025, 1, 6, 9, 0, 0).astimezone()


@pytest.fixture
def report() -> Report:
    return synthetic_report(random.Random(7), agency="临川县民政局", year=2024)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "data", snapshot_every=60)


def test_create_lists_and_reloads(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    assert folder.path == workspace.root / "临川县民政局" / "2024"
    assert folder.load() == report
    [entry] = workspace.entries()
    assert (entry.agency, entry.year) == ("临川县民政局", 2024)
    assert folder.journal().origin == "测试"
    assert [v.note for v in folder.versions()] == ["新建：测试"]


def test_create_refuses_to_overwrite_silently(workspace: Workspace, report: Report) -> None:
    workspace.create(report, "第一次")
    with pytest.raises(NianbaoError, match="已存在"):
        workspace.create(report, "第二次")
    changed = report.model_copy(deep=True)
    changed.set_cell("t3.new.natural", 999)
    folder = workspace.create(changed, "覆盖", replace=True)
    assert folder.load().cell("t3.new.natural") == 999
    notes = [v.note for v in folder.versions()]
    assert "被新导入的报告替换之前" in notes
    replaced = next(v for v in folder.versions() if v.note == "被新导入的报告替换之前")
    assert folder.load_version(replaced.id) == report


def test_autosave_snapshots_only_when_due_and_changed(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    start = len(folder.versions())
    edited = report.model_copy(deep=True)
    for i in range(5):  # edits within the snapshot interval: saved, not snapshotted
        edited.set_cell("t3.new.natural", i)
        assert folder.save(edited, at=datetime.now().astimezone() + timedelta(seconds=i)) is None
        assert folder.load().cell("t3.new.natural") == i
    assert len(folder.versions()) == start
    later = datetime.now().astimezone() + timedelta(seconds=120)
    version = folder.save(edited, at=later)
    assert version is not None and version.note == "自动保存"
    # Unchanged content is never snapshotted twice, however late.
    assert folder.save(edited, at=later + timedelta(hours=1)) is None


def test_restore_keeps_the_current_report(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    first = folder.versions()[0]
    edited = report.model_copy(deep=True)
    edited.sections[-1].text = "改过的第六部分"
    folder.save(edited, note="手工保存")
    restored = folder.restore(first.id, edited)
    assert restored == report
    assert folder.load() == report
    before = next(v for v in folder.versions() if v.note.startswith("恢复版本"))
    assert folder.load_version(before.id).sections[-1].text == "改过的第六部分"


def test_history_is_pruned(tmp_path: Path, report: Report) -> None:
    folder = Workspace(tmp_path).folder("甲", 2024)
    folder.keep = 3
    folder.path.mkdir(parents=True)
    for i in range(6):
        r = report.model_copy(deep=True)
        r.set_cell("t3.new.natural", i)
        folder.save(r, note=f"第{i}次", at=T0 + timedelta(seconds=i))
    assert [v.note for v in folder.versions()] == ["第5次", "第4次", "第3次"]


def test_corrupt_files_are_named(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    folder.report_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(NianbaoError, match=r"report\.json.*已损坏"):
        folder.load()
    with pytest.raises(NianbaoError, match="历史版本不存在"):
        folder.load_version("20990101T000000000000-abc")


def test_no_temporary_files_left(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    for i in range(3):
        r = report.model_copy(deep=True)
        r.set_cell("t3.new.natural", i)
        folder.save(r)
    leftovers = [p for p in folder.path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_previous_report_round_trip(workspace: Workspace, report: Report) -> None:
    last_year = synthetic_report(random.Random(8), agency="临川县民政局", year=2023)
    folder = workspace.create(report, "测试", previous=last_year)
    assert folder.load_previous() == last_year
    folder.save_previous(None)
    assert folder.load_previous() is None


@pytest.mark.parametrize(("agency", "expected"), [
    ("临川县民政局", "临川县民政局"),
    ("  a/b\\c:d  ", "a_b_c_d"),
    ("", "未命名机关"),
    (None, "未命名机关"),
    ("..", "未命名机关"),
])
def test_folder_name(agency: str | None, expected: str) -> None:
    assert folder_name(agency) == expected


def _warning(report: Report) -> Finding:
    return Finding(code="proof.duplicate_char", severity=Severity.WARNING, message="疑似重复字",
                   section=SectionKey.OVERVIEW, span=(0, 4))


def test_dismissal_survives_edits_elsewhere(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    warning = _warning(report)
    folder.dismiss(warning, report, "  原文如此  ")
    [dismissal] = folder.journal().dismissals
    assert dismissal.reason == "原文如此"
    # The text moves (something typed before the span): same words, so still dismissed.
    edited = report.model_copy(deep=True)
    overview = edited.section(SectionKey.OVERVIEW)
    assert overview is not None
    overview.text = "新增一句。" + overview.text
    moved = warning.model_copy(update={"span": (5, 9)})
    [item] = review_items([moved], edited, folder.journal().dismissals)
    assert not item.is_open and item.dismissal is not None
    assert item.dismissal.reason == "原文如此"
    folder.undismiss(item.key)
    [item] = review_items([moved], edited, folder.journal().dismissals)
    assert item.is_open


def test_errors_cannot_be_dismissed_and_reasons_are_required(workspace: Workspace,
                                                             report: Report) -> None:
    folder = workspace.create(report, "测试")
    error = Finding(code="t3.column_balance", severity=Severity.ERROR, message="不平衡",
                    cell="t3.new.natural")
    with pytest.raises(NianbaoError, match="错误不能忽略"):
        folder.dismiss(error, report, "理由")
    with pytest.raises(NianbaoError, match="理由"):
        folder.dismiss(_warning(report), report, "   ")


def test_export_gate_and_override(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    error = Finding(code="t3.column_balance", severity=Severity.ERROR, message="不平衡",
                    cell="t3.new.natural")
    items = review_items([error, _warning(report)], report, [])
    gate = export_gate(items, folder.journal().overrides)
    assert gate.blocked and "阻止" in gate.message()
    with pytest.raises(NianbaoError, match="理由"):
        folder.override_export(list(gate.errors), "")
    folder.override_export(list(gate.errors), "上级要求先报送，数据待核实")
    gate = export_gate(items, folder.journal().overrides)
    assert not gate.blocked and "上级要求先报送" in gate.message()
    # A new error not covered by the override blocks again.
    other = Finding(code="t3.row_sum", severity=Severity.ERROR, message="行不平",
                    cell="t3.new.total")
    items = review_items([error, other], report, [])
    assert export_gate(items, folder.journal().overrides).blocked
    # No errors: never blocked.
    assert not export_gate(review_items([_warning(report)], report, []), []).blocked


def test_cell_edits_are_journalled(workspace: Workspace, report: Report) -> None:
    folder = workspace.create(report, "测试")
    folder.record_edit("t3.new.natural", "3", "4", at=T0)
    [edit] = folder.journal().cell_edits
    assert (edit.cell, edit.old, edit.new, edit.at) == ("t3.new.natural", "3", "4", T0)


def test_a_save_killed_mid_write_leaves_a_temporary_file_the_next_start_removes(tmp_path: Path) -> None:
    """The writer is held between writing its temporary file and renaming it, then killed:
    while it runs its file is left alone, once it is gone the workspace removes it."""
    folder = Workspace(tmp_path).folder("甲", 2024)
    folder.path.mkdir(parents=True)
    folder.report_path.write_text("{}", encoding="utf-8")
    held = ("import sys, time\nfrom pathlib import Path\nfrom assistant import atomic\n"
            "Path.replace = lambda self, target: (print('written', flush=True), time.sleep(60))\n"
            "atomic.write_bytes(Path(sys.argv[1]), b'new')\n")
    writer = subprocess.Popen([sys.executable, "-c", held, str(folder.report_path)],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
        [tmp] = folder.path.glob(".*.tmp")
        assert str(writer.pid) in tmp.name
        assert Workspace(tmp_path).remove_orphans() == []  # its writer is still at work
        assert tmp.exists()
    finally:
        writer.kill()
        writer.communicate()
    other = folder.path / ".notes.txt.tmp"  # not one of ours: no process id in its name
    other.write_text("x", encoding="utf-8")
    assert Workspace(tmp_path).remove_orphans() == [tmp]  # as the next start does (Library)
    assert not tmp.exists() and other.exists()
    assert folder.report_path.read_text(encoding="utf-8") == "{}"  # the saved file as it was
