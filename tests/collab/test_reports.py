"""Reports in the database: versions, optimistic concurrency (no silent overwrite), access
rules, dismissed findings and exports logged, and the import of an on-disk workspace."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.collab.auditlog import report_log, verify
from assistant.collab.people import AccessDenied
from assistant.collab.reports import (
    SaveConflict,
    create_report,
    dismiss_finding,
    find_report,
    list_reports,
    list_versions,
    load_journal,
    load_report,
    load_version,
    record_export,
    save_report,
)
from assistant.collab.workspace_import import import_workspace
from assistant.db import Database
from assistant.errors import NianbaoError
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report
from assistant.workspace.store import Workspace
from tests.collab.conftest import AGENCY, OTHER_AGENCY, Office, make_report


def _edited(report: Report, cell: str, value: int) -> Report:
    copy = report.model_copy(deep=True)
    copy.set_cell(cell, value)
    return copy


def test_each_save_is_a_version(db: Database, office: Office) -> None:
    stored = create_report(db, office.writer, make_report())
    assert (stored.agency, stored.year, stored.version, stored.status.label) == (AGENCY, 2023, 1, "起草中")
    second = save_report(db, office.writer, stored.id, _edited(stored.report, "t2.normative.issued", 7),
                         expected_version=1, note="改制发件数")
    assert second.version == 2 and second.updated_by == "张三（zhangsan）"
    same = save_report(db, office.writer, stored.id, second.report, expected_version=2)
    assert same.version == 2  # nothing changed: nothing written
    assert [(v.number, v.note) for v in list_versions(db, office.approver, stored.id)] == [
        (2, "改制发件数"), (1, "新建：新建")]
    assert load_version(db, office.writer, stored.id, 1).cells["t2.normative.issued"] == \
        stored.report.cells["t2.normative.issued"]
    assert load_report(db, office.approver, stored.id).report.cells["t2.normative.issued"] == 7
    assert find_report(db, office.writer, AGENCY, 2023) is not None


def test_the_second_save_gets_a_conflict_naming_who_changed_what(db: Database, office: Office) -> None:
    stored = create_report(db, office.admin, make_report())
    mine = stored.report.model_copy(deep=True)
    mine.sections[-1].text += "我的补充。"
    save_report(db, office.writer, stored.id, _edited(stored.report, "t3.new.natural", 999), expected_version=1)
    with pytest.raises(SaveConflict) as conflict:
        save_report(db, office.admin, stored.id, mine, expected_version=1)
    message = str(conflict.value)
    assert "保存冲突" in message and "张三（zhangsan） 于" in message and "保存了第 2 版" in message
    assert "自然人" in message and "→ 999" in message and "您的修改没有保存，仍保留在编辑器中" in message
    assert conflict.value.mine.sections[-1].text.endswith("我的补充。")  # the caller keeps its text
    assert conflict.value.theirs.version == 2
    now = load_report(db, office.admin, stored.id)
    assert now.report.cells["t3.new.natural"] == 999 and not now.report.sections[-1].text.endswith("我的补充。")


def test_concurrent_saves_of_one_version_never_overwrite_silently(db: Database, office: Office) -> None:
    stored = create_report(db, office.writer, make_report())
    outcomes: list[str] = []

    def save(value: int) -> None:
        try:
            save_report(db, office.writer, stored.id, _edited(stored.report, "t2.normative.issued", value),
                        expected_version=1)
            outcomes.append(f"saved {value}")
        except SaveConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(100 + i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and outcomes.count("conflict") == 5
    final = load_report(db, office.writer, stored.id)
    assert final.version == 2 and f"saved {final.report.cells['t2.normative.issued']}" == saved[0]
    assert verify(db).ok


def test_a_unit_sees_only_its_own_agency(db: Database, office: Office) -> None:
    mine = create_report(db, office.writer, make_report())
    theirs = create_report(db, office.other_writer, make_report(OTHER_AGENCY, seed=2))
    assert [r.agency for r in list_reports(db, office.writer)] == [AGENCY]
    assert {r.agency for r in list_reports(db, office.admin)} == {AGENCY, OTHER_AGENCY}
    assert list_reports(db, office.reviewer) == []
    with pytest.raises(AccessDenied,
                       match="张三（zhangsan） 无权查看临川县民政局 2023年的报告："
                             "只能查看本机关（临川县教育局）的报告"):
        load_report(db, office.writer, theirs.id)
    with pytest.raises(AccessDenied,
                       match="李四（lisi）（审核人）无权修改临川县教育局 2023年的报告：只有本机关的撰稿人可以"):
        save_report(db, office.approver, mine.id, mine.report, expected_version=1)
    with pytest.raises(AccessDenied, match="只能为本机关（临川县教育局）新建报告"):
        create_report(db, office.writer, make_report(OTHER_AGENCY, seed=3, year=2024))
    with pytest.raises(NianbaoError, match="临川县教育局 2023年的报告已存在"):
        create_report(db, office.writer, make_report())


def test_edits_dismissals_and_exports_are_logged(db: Database, office: Office) -> None:
    stored = create_report(db, office.writer, make_report())
    edited = _edited(stored.report, "t2.normative.issued", 5)
    problems = next(s for s in edited.sections if s.key is SectionKey.PROBLEMS)
    problems.text = "本年度问题：政策解读形式单一。改进措施：增加图解。"
    save_report(db, office.writer, stored.id, edited, expected_version=1)
    warning = Finding(code="text.length", severity=Severity.WARNING, message="总体情况超过一千字",
                      section=SectionKey.OVERVIEW)
    dismiss_finding(db, office.writer, stored.id, warning, "本年工作内容较多")
    with pytest.raises(NianbaoError, match="错误不能忽略"):
        dismiss_finding(db, office.writer, stored.id, warning.model_copy(update={"severity": Severity.ERROR}), "x")
    record_export(db, office.writer, stored.id, format="docx", file="教育局2023年报.docx", errors=0)
    labels = [e.action_label for e in report_log(db, office.writer, stored.id)]
    assert labels == ["新建报告", "修改表格", "修改正文", "忽略提示", "导出"]
    text_entry = report_log(db, office.writer, stored.id)[2]
    assert list(text_entry.detail["部分"]) == ["五、存在的主要问题及改进情况"]
    journal = load_journal(db, office.writer, stored.id)
    assert journal.dismissals[0].reason == "本年工作内容较多" and journal.exports[0].format == "docx"


def test_a_workspace_is_imported_with_its_history(db: Database, office: Office, tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    workspace = Workspace(root, snapshot_every=0)
    first = make_report()
    folder = workspace.create(first, "空白", previous=make_report(year=2022, seed=5))
    folder.save(_edited(first, "t2.normative.issued", 11), note="手工修改")
    folder.save(_edited(first, "t2.normative.issued", 12))
    folder.dismiss(run_checks(first)[0] if run_checks(first) and not run_checks(first)[0].is_error else
                   Finding(code="x.warn", severity=Severity.WARNING, message="提示"), first, "理由")
    workspace.create(make_report(OTHER_AGENCY, seed=9), "导入的文件 民政局.docx")
    summary = import_workspace(db, office.admin, root)
    assert len(summary.imported) == 2 and not summary.problems, summary.text
    reports = {r.agency: r for r in list_reports(db, office.admin)}
    education = load_report(db, office.admin, reports[AGENCY].id)
    assert education.report.cells["t2.normative.issued"] == 12
    versions = list_versions(db, office.admin, education.id)
    assert len(versions) == education.version >= 3
    assert load_journal(db, office.admin, education.id).dismissals[0].reason == "理由"
    again = import_workspace(db, office.admin, root)
    assert not again.imported and len(again.skipped) == 2
    with pytest.raises(AccessDenied):
        import_workspace(db, office.writer, root)
    assert verify(db).ok
