"""The agency's sign-off: statuses, comments and answers, the 保密审查 on approval, the lock on
a published report and the next edition, and can_publish's reasons."""

from __future__ import annotations

import re

import pytest

from assistant.collab import comments, signoff
from assistant.collab.auditlog import report_log
from assistant.collab.people import AccessDenied, InvalidState
from assistant.collab.reports import create_report, load_report, save_report
from assistant.collab.status import ReportStatus
from assistant.db import Database
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from tests.collab.conftest import Office, make_report


def test_from_draft_to_published_and_the_next_edition(db: Database, office: Office) -> None:
    stored = create_report(db, office.writer, make_report())
    rid = stored.id
    verdict = signoff.can_publish(db, rid)
    assert not verdict.ok and verdict.reason == (
        "临川县教育局 2023年的报告现为“起草中”：须送审并经审核人审核通过（含保密审查）后才能发布")

    signoff.send_for_approval(db, office.writer, rid)
    assert "正在审核中" in signoff.can_publish(db, rid).reason
    with pytest.raises(InvalidState, match="已送审，审核期间不能修改：如需修改，请先撤回送审"):
        save_report(db, office.writer, rid, stored.report, expected_version=1)
    with pytest.raises(AccessDenied, match="只有本机关的审核人可以"):
        signoff.approve(db, office.writer, rid, secrecy_reviewed=True)
    signoff.return_for_changes(db, office.approver, rid, "表二规范性文件数与上年不衔接，请核实")
    assert load_report(db, office.writer, rid).status is ReportStatus.RETURNED

    [returned] = comments.list_comments(db, office.writer, rid)
    assert returned.body.startswith("退回修改：表二") and returned.author == "李四（lisi）"
    comments.answer_comment(db, office.writer, returned.id, "已核实并更正")
    edited = stored.report.model_copy(deep=True)
    edited.set_cell("t2.normative.issued", 3)
    save_report(db, office.writer, rid, edited, expected_version=1)
    signoff.send_for_approval(db, office.writer, rid, expected_version=2)

    secrecy = "审核通过前须确认已完成保密审查（《中华人民共和国政府信息公开条例》第十七条"
    with pytest.raises(NianbaoError, match=secrecy):
        signoff.approve(db, office.approver, rid, secrecy_reviewed=False)
    approval = signoff.approve(db, office.approver, rid, secrecy_reviewed=True, secrecy_reviewer="保密员周七")
    assert (approval.approved_by, approval.secrecy_reviewer, approval.version) == ("李四（lisi）", "保密员周七", 2)
    verdict = signoff.can_publish(db, rid)
    assert verdict.ok and "已由 李四（lisi） 于" in verdict.reason and "保密审查：保密员周七" in verdict.reason

    signoff.publish(db, office.writer, rid)
    with pytest.raises(InvalidState, match="已发布（第 1 版），已锁定：如需修改，请先“开始修订”"):
        save_report(db, office.writer, rid, edited, expected_version=2)
    assert signoff.start_revision(db, office.writer, rid, "更正错字") == 2
    assert not signoff.can_publish(db, rid).ok
    again = edited.model_copy(deep=True)
    again.set_cell("t2.normative.issued", 4)
    save_report(db, office.writer, rid, again, expected_version=2)
    signoff.send_for_approval(db, office.writer, rid)
    signoff.approve(db, office.approver, rid, secrecy_reviewed=True)
    signoff.publish(db, office.approver, rid)
    history = signoff.approvals(db, office.writer, rid)
    assert [(a.edition, a.version, a.published_by is not None) for a in history] == [(1, 2, True), (2, 3, True)]
    statuses = [(e.detail["从"], e.detail["到"]) for e in report_log(db, office.admin, rid)
                if e.action_label == "状态变更"]
    assert statuses == [("起草中", "送审"), ("送审", "退回修改"), ("退回修改", "送审"), ("送审", "审核通过"),
                        ("审核通过", "已发布"), ("已发布", "起草中"), ("起草中", "送审"), ("送审", "审核通过"),
                        ("审核通过", "已发布")]


def test_wrong_moves_are_refused_in_chinese(db: Database, office: Office) -> None:
    rid = create_report(db, office.writer, make_report()).id
    with pytest.raises(InvalidState, match="现为“起草中”，不能审核通过（只有“送审”的报告可以）"):
        signoff.approve(db, office.approver, rid, secrecy_reviewed=True)
    with pytest.raises(InvalidState, match="须送审并经审核人审核通过（含保密审查）后才能发布"):
        signoff.publish(db, office.writer, rid)
    with pytest.raises(NianbaoError, match="退回修改须写明理由"):
        signoff.return_for_changes(db, office.approver, rid, " ")
    signoff.send_for_approval(db, office.writer, rid)
    signoff.withdraw(db, office.writer, rid)
    assert load_report(db, office.writer, rid).status is ReportStatus.DRAFT
    with pytest.raises(AccessDenied):
        signoff.send_for_approval(db, office.other_writer, rid)


def test_comments_on_a_cell_a_sentence_and_the_report(db: Database, office: Office) -> None:
    stored = create_report(db, office.writer, make_report())
    rid = stored.id
    text = stored.report.text(SectionKey.PROBLEMS)
    on_cell = comments.add_comment(db, office.approver, rid, comments.at_cell("t3.new.total"), "新收数偏低？")
    on_text = comments.add_comment(db, office.approver, rid, comments.at_sentence(SectionKey.PROBLEMS, 0, 10),
                                   "问题写得笼统")
    comments.add_comment(db, office.approver, rid, comments.whole_report(), "整体请再压缩")
    assert on_text.quote == text[:10]
    comments.answer_comment(db, office.writer, on_cell.id, "已与台账核对，无误")
    comments.resolve_comment(db, office.approver, on_cell.id)
    listed = comments.list_comments(db, office.writer, rid)
    assert [c.target.kind.value for c in listed] == ["cell", "sentence", "report"]
    assert listed[0].answers[0].body == "已与台账核对，无误" and not listed[0].open
    assert [c.id for c in comments.list_comments(db, office.writer, rid, open_only=True)] == [on_text.id, listed[2].id]
    with pytest.raises(NianbaoError, match=re.escape("临川县教育局 2023年的报告中没有单元格 t9.nothing")):
        comments.add_comment(db, office.approver, rid, comments.at_cell("t9.nothing"), "？")
    with pytest.raises(NianbaoError, match="没有第 0–99999 个字符"):
        comments.add_comment(db, office.approver, rid, comments.at_sentence(SectionKey.PROBLEMS, 0, 99999), "？")
    with pytest.raises(AccessDenied):
        comments.add_comment(db, office.other_writer, rid, comments.whole_report(), "路过")
    assert sum(e.action_label == "意见" for e in report_log(db, office.writer, rid)) == 5
