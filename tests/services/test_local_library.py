"""The single-user mode keeps its reports in the data folder's SQLite database, through the code
of the shared mode, acting as the local user; a workspace kept on files is brought in once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.collab.auditlog import report_log, verify
from assistant.collab.reports import SaveConflict, find_report, list_versions
from assistant.db.url import SQLITE_FILE
from assistant.services import Library, LocalLibrary, open_local
from assistant.services.shared_library import CONFLICT_NOTE
from assistant.workspace.store import REPORT_FILE

AGENCY = "临川县教育局"
CELL = "t2.normative.issued"


def old_workspace(reports: Path) -> Library:
    """Reports kept on files, as nianbao kept them before: one with a history of three versions."""
    files = Library(reports)
    key = files.start_blank(AGENCY, 2023).key
    report = files.get(key)
    report.set_cell(CELL, "5")
    report.checkpoint("定稿前")
    report.set_cell(CELL, "6")
    files.start_blank("临川县民政局", 2023)
    return files


def test_a_workspace_on_files_is_brought_into_the_database_once(tmp_path: Path) -> None:
    old_workspace(tmp_path / "reports")
    library = open_local(tmp_path, tmp_path / "reports")
    assert (tmp_path / SQLITE_FILE).is_file()
    assert library.imported is not None and len(library.imported.imported) == 2, library.imported.text
    assert sorted(label for label, _ in library.choices()) == sorted(["临川县民政局 · 2023年", "临川县教育局 · 2023年"])
    stored = find_report(library.db, library.actor, AGENCY, 2023)
    assert stored is not None and stored.report.cells[CELL] == 6
    assert len(list_versions(library.db, library.actor, stored.id)) >= 2  # its history came along
    library.db.dispose()
    again = open_local(tmp_path, tmp_path / "reports")
    assert again.imported is None  # nothing left to bring in
    again.db.dispose()


def test_every_edit_is_a_version_in_the_database_by_the_local_user(tmp_path: Path) -> None:
    library = open_local(tmp_path, tmp_path / "reports")
    key = library.start_blank(AGENCY, 2023).key
    assert library.choices() == [(f"{AGENCY} · 2023年", key)]
    change = library.edit_cell(key, CELL, "7")
    assert change is not None and change.new == "7"
    stored = find_report(library.db, library.actor, AGENCY, 2023)
    assert stored is not None and stored.report.cells[CELL] == 7 and stored.version == 2
    entries = report_log(library.db, library.actor, stored.id)
    assert {e.actor for e in entries} == {"本机用户"}
    assert any(CELL in e.target or CELL in str(e.detail) for e in entries)
    assert verify(library.db).ok
    library.db.dispose()


def test_the_database_not_the_working_copy_is_the_report(tmp_path: Path) -> None:
    library = open_local(tmp_path, tmp_path / "reports")
    key = library.start_blank(AGENCY, 2023).key
    library.edit_cell(key, CELL, "9")
    library.db.dispose()
    shutil.rmtree(tmp_path / "reports")  # the working copies lost
    restarted = open_local(tmp_path, tmp_path / "reports")
    assert restarted.get(key).report.cells[CELL] == 9
    assert (tmp_path / "reports" / AGENCY / "2023" / REPORT_FILE).is_file()  # checked out again
    restarted.db.dispose()


def test_an_unreadable_report_folder_is_named_and_the_rest_imported(tmp_path: Path) -> None:
    old_workspace(tmp_path / "reports")
    broken = tmp_path / "reports" / "临川县民政局" / "2023" / REPORT_FILE
    broken.write_text("{不是 JSON", encoding="utf-8")
    library = open_local(tmp_path, tmp_path / "reports")
    assert library.imported is not None
    assert len(library.imported.imported) == 1 and len(library.imported.problems) == 1
    assert "临川县民政局" in library.imported.problems[0]
    assert isinstance(library, LocalLibrary) and [label for label, _ in library.choices()] == [f"{AGENCY} · 2023年"]
    library.db.dispose()


def test_a_report_folder_copied_in_while_running_is_listed_and_stored(tmp_path: Path) -> None:
    library = open_local(tmp_path, tmp_path / "reports")
    assert library.choices() == []
    Library(tmp_path / "reports").start_blank(AGENCY, 2024)  # a folder written beside the running library
    assert library.choices() == [(f"{AGENCY} · 2024年", f"{AGENCY}/2024")]
    assert find_report(library.db, library.actor, AGENCY, 2024) is not None
    library.db.dispose()


def test_a_save_refused_because_another_program_saved_keeps_the_text_and_moves_on(tmp_path: Path) -> None:
    first = open_local(tmp_path, tmp_path / "reports")
    key = first.start_blank(AGENCY, 2023).key
    second = open_local(tmp_path, tmp_path / "reports")  # nianbao started twice on one data folder
    second.get(key)
    first.edit_cell(key, CELL, "3")
    with pytest.raises(SaveConflict, match="您的修改已保存在“历史版本”中"):
        second.edit_cell(key, "t2.rules.issued", "4")
    assert any(v.note == CONFLICT_NOTE for v in second.get(key).folder.versions())
    reopened = second.get(key).report  # the stored version: the other program's edit, not lost
    assert reopened.cells[CELL] == 3 and reopened.cells["t2.rules.issued"] != 4
    second.edit_cell(key, "t2.rules.issued", "4")  # and saving works again
    stored = find_report(first.db, first.actor, AGENCY, 2023)
    assert stored is not None and stored.report.cells[CELL] == 3 and stored.report.cells["t2.rules.issued"] == 4
    first.db.dispose()
    second.db.dispose()
