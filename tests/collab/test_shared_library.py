"""The shared mode's library: each person's copy saved to the database with optimistic
concurrency, edits refused before anything changes, another unit's report refused, the
sign-off by key (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.collab import comments
from assistant.collab.auditlog import report_log, verify
from assistant.collab.people import AccessDenied, Actor, InvalidState
from assistant.collab.reports import SaveConflict, create_report, list_versions, load_report
from assistant.collab.status import ReportStatus
from assistant.db import Database
from assistant.findings import SectionKey
from assistant.services import SharedLibrary, export_open
from assistant.services.start import blank
from tests.collab.conftest import AGENCY, YEAR, Office, make_report

KEY = f"{AGENCY}/{YEAR}"
CELL = "t2.normative.issued"


class Acting:
    """Who the library acts for (the UI reads it from the request)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def __call__(self) -> Actor:
        return self.actor


@pytest.fixture
def stored_id(db: Database, office: Office) -> int:
    return create_report(db, office.writer, make_report()).id


def test_an_edit_is_saved_to_the_database_and_logged(db: Database, office: Office, stored_id: int,
                                                     tmp_path: Path) -> None:
    lib = SharedLibrary(db, tmp_path, Acting(office.writer))
    assert lib.choices() == [(f"{AGENCY} · {YEAR}年 · 起草中", KEY)]
    before = lib.get(KEY).report.cells[CELL]
    lib.edit_cell(KEY, CELL, str(int(before or 0) + 7))
    stored = load_report(db, office.writer, stored_id)
    assert stored.version == 2 and stored.report.cells[CELL] == int(before or 0) + 7
    assert [e.action for e in report_log(db, office.admin, stored_id)][-1] == "cell_edit"
    assert (tmp_path / "zhangsan").is_dir()  # the person's own copy


def test_another_units_account_is_refused(db: Database, office: Office, stored_id: int, tmp_path: Path) -> None:
    lib = SharedLibrary(db, tmp_path, Acting(office.other_writer))
    assert lib.choices() == []
    with pytest.raises(AccessDenied, match="王五（wangwu） 无权查看临川县教育局 2023年的报告：只能查看本机关"):
        lib.get(KEY)
    assert not (tmp_path / "wangwu" / AGENCY).exists()


def test_a_conflict_names_who_changed_what_and_keeps_the_writers_text(
        db: Database, office: Office, stored_id: int, tmp_path: Path) -> None:
    acting = Acting(office.writer)
    lib = SharedLibrary(db, tmp_path, acting)
    mine = lib.get(KEY)
    acting.actor = office.admin
    lib.edit_cell(KEY, CELL, "41")  # the administrator's copy, saved first
    acting.actor = office.writer
    with pytest.raises(SaveConflict) as conflict:
        lib.edit_cell(KEY, "t2.rules.issued", "9")
    message = str(conflict.value)
    assert message.startswith("保存冲突：临川县教育局 2023年的报告在您打开（第 1 版）之后已被修改——管理员 于")
    assert re.search(r"改动了：表二“行政规范性文件”行“本年制发件数”列（\d+ → 41）。", message)
    assert message.endswith("您的修改没有保存，仍保留在编辑器中：请对照对方的修改后再保存。"
                            "在“审签与意见”中可选择以您的修改为准保存，或放弃您的修改、载入最新版本。")
    assert mine.report.cells["t2.rules.issued"] == 9  # kept in the copy
    assert lib.get(KEY).folder.load().cells["t2.rules.issued"] == 9
    assert message.startswith(lib.state(KEY).conflict or "-") and not lib.state(KEY).verdict.ok
    with pytest.raises(InvalidState, match="保存冲突"):
        lib.send_for_approval(KEY)
    lib.sync(KEY)  # a refresh does not drop the writer's text while the conflict stands
    assert mine.report.cells["t2.rules.issued"] == 9

    assert "已以您的修改为准保存（第 3 版）" in lib.keep_mine(KEY)
    stored = load_report(db, office.writer, stored_id)
    assert stored.report.cells["t2.rules.issued"] == 9 and stored.report.cells[CELL] != 41
    assert lib.state(KEY).conflict is None


def test_taking_theirs_keeps_mine_in_the_history(db: Database, office: Office, stored_id: int,
                                                 tmp_path: Path) -> None:
    acting = Acting(office.writer)
    lib = SharedLibrary(db, tmp_path, acting)
    lib.get(KEY)
    acting.actor = office.admin
    lib.edit_cell(KEY, CELL, "41")
    acting.actor = office.writer
    with pytest.raises(SaveConflict):
        lib.edit_cell(KEY, "t2.rules.issued", "9")
    assert "已载入最新版本（第 2 版" in lib.take_theirs(KEY)
    current = lib.get(KEY)
    assert current.report.cells[CELL] == 41
    assert any(v.note.startswith("保存冲突时我的修改") for v in current.folder.versions())


def test_the_signoff_by_key_locks_the_report(db: Database, office: Office, stored_id: int, tmp_path: Path) -> None:
    acting = Acting(office.writer)
    lib = SharedLibrary(db, tmp_path, acting)
    current = lib.get(KEY)
    assert lib.locked(KEY) == "" and not lib.state(KEY).verdict.ok
    lib.send_for_approval(KEY)
    before = current.report.cells[CELL]
    with pytest.raises(InvalidState, match="已送审，审核期间不能修改：如需修改，请先撤回送审"):
        lib.edit_cell(KEY, CELL, "99")
    assert current.report.cells[CELL] == before
    assert [v.number for v in list_versions(db, office.writer, stored_id)] == [1]

    acting.actor = office.approver
    assert "无权修改" in lib.locked(KEY)
    shown = lib.get(KEY).report.text(SectionKey.OVERVIEW)
    assert lib.get(KEY).set_text(SectionKey.OVERVIEW, shown) is False  # shown again: no refusal
    with pytest.raises(AccessDenied, match="只有本机关的撰稿人可以"):
        lib.edit_cell(KEY, CELL, "99")
    lib.add_comment(KEY, comments.at_cell(CELL), "本年制发件数与公开目录不一致")
    lib.return_for_changes(KEY, "请核对表二")
    acting.actor = office.writer
    [cell_comment, returned] = lib.comments(KEY)
    assert cell_comment.target.cell == CELL and returned.body == "退回修改：请核对表二"
    lib.answer_comment(cell_comment.id, "已更正")
    lib.edit_cell(KEY, CELL, "12")
    lib.send_for_approval(KEY)
    acting.actor = office.approver
    with pytest.raises(Exception, match="保密审查"):
        lib.approve(KEY, secrecy_reviewed=False)
    lib.approve(KEY, secrecy_reviewed=True)
    acting.actor = office.writer
    state = lib.state(KEY)
    assert state.status is ReportStatus.APPROVED and state.verdict.ok and state.locked
    written = export_open(lib.get(KEY), ["json"], tmp_path / "out")
    assert [e.detail["文件"] for e in report_log(db, office.admin, stored_id) if e.action == "export"] == [
        written[0].name]
    assert verify(db).ok


def test_a_writer_starts_a_report_in_the_database(db: Database, office: Office, tmp_path: Path) -> None:
    lib = SharedLibrary(db, tmp_path, Acting(office.writer))
    with pytest.raises(AccessDenied, match="只能为本机关（临川县教育局）新建报告"):
        lib.start(blank("临川县民政局", YEAR))
    started = lib.start(blank(AGENCY, YEAR))
    assert started.key == KEY and lib.get(KEY).report.meta.agency == AGENCY
    with pytest.raises(Exception, match="已存在"):
        lib.start(blank(AGENCY, YEAR))
    approver = SharedLibrary(db, tmp_path, Acting(office.approver))
    with pytest.raises(AccessDenied, match="只有撰稿人可以"):
        approver.start(blank(AGENCY, YEAR + 1))


def test_the_history_shows_what_others_saved_and_restores_it(db: Database, office: Office, stored_id: int,
                                                             tmp_path: Path) -> None:
    mine = SharedLibrary(db, tmp_path, Acting(office.writer))
    before = mine.get(KEY).report.cells[CELL] or 0
    admins = SharedLibrary(db, tmp_path, Acting(office.admin))
    for step in (1, 2, 3):  # three saves within one snapshot interval: one entry
        admins.edit_cell(KEY, CELL, str(int(before) + step))
    mine.sync(KEY)
    theirs = [v for v in mine.get(KEY).folder.versions() if "管理员保存的" in v.note]
    assert [v.note for v in theirs] == ["管理员保存的第 4 版"], [v.title for v in theirs]
    first = theirs[-1]
    assert re.fullmatch(r"\d{8}T\d{12}-v4", first.id)
    admins.edit_cell(KEY, CELL, str(int(before) + 9))
    mine.sync(KEY)
    assert [c.ref for c in mine.get(KEY).compare_version(first.id)] == [CELL]
    mine.get(KEY).restore(first.id)
    assert load_report(db, office.writer, stored_id).report.cells[CELL] == int(before) + 3
