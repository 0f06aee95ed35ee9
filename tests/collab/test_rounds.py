"""The collection round: units submit approved reports (or the reviewer uploads their files),
the reviewer returns or accepts, the dashboard shows every unit, the roll-up is live."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from assistant.collab import rounds, signoff
from assistant.collab.accounts import assign_round
from assistant.collab.auditlog import round_log, verify
from assistant.collab.people import AccessDenied, Actor, InvalidState, NotFound
from assistant.collab.reports import create_report, load_report
from assistant.collab.round_export import export_dashboard
from assistant.collab.status import UnitState
from assistant.db import Database
from assistant.report import Report
from assistant.rollup import UnitStatus, read_roster
from testdata.synth import render_text
from tests.collab.conftest import AGENCY, OTHER_AGENCY, YEAR, Office, make_report

GOVERNMENT = "临川县人民政府"
UNITS = (AGENCY, OTHER_AGENCY, "临川县财政局", "青溪镇", "东河镇")


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "类型", "上级"])
        for name in UNITS:
            writer.writerow([name, "乡镇" if name.endswith("镇") else "部门", GOVERNMENT])
    return path


def _approved(db: Database, office: Office, report: Report) -> int:
    rid = create_report(db, office.writer, report).id
    signoff.send_for_approval(db, office.writer, rid)
    signoff.approve(db, office.approver, rid, secrecy_reviewed=True)
    return rid


def _upload(db: Database, actor: Actor, round_id: int, unit: str, report: Report, tmp_path: Path) -> None:
    path = tmp_path / f"{unit}.txt"
    path.write_text(render_text(report), encoding="utf-8")
    rounds.upload_file_for_unit(db, actor, round_id, unit, path)


def test_a_round_from_submission_to_live_rollup(db: Database, office: Office, tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path))
    info = rounds.create_round(db, office.reviewer, name=GOVERNMENT, year=YEAR, roster=roster)
    assert (info.units, info.reviewers) == (5, ("zhaoliu",))
    rid = create_report(db, office.writer, make_report()).id
    with pytest.raises(InvalidState, match="现为“起草中”：须经本机关审核人审核通过后才能报送"):
        rounds.submit_to_round(db, office.writer, info.id, rid)
    rid = _approved_existing(db, office, rid)
    sent = rounds.submit_to_round(db, office.writer, info.id, rid)
    assert (sent.unit, sent.state, sent.errors) == (AGENCY, UnitState.SUBMITTED, 0)
    # The reviewer now sees the unit's report; the unit's own people see the round.
    assert load_report(db, office.reviewer, rid).agency == AGENCY
    assert [r.id for r in rounds.list_rounds(db, office.writer)] == [info.id]

    reports = {name: make_report(name, seed=i + 10) for i, name in enumerate(UNITS)}
    _upload(db, office.reviewer, info.id, "临川县财政局", reports["临川县财政局"], tmp_path)
    broken = reports["青溪镇"].model_copy(deep=True)
    broken.set_cell("t3.new.natural", int(broken.cells["t3.new.natural"] or 0) + 5)
    _upload(db, office.reviewer, info.id, "青溪镇", broken, tmp_path)
    _upload(db, office.reviewer, info.id, "东河镇", reports["东河镇"], tmp_path)

    board = rounds.dashboard(db, office.reviewer, info.id)
    states = {r.unit: r.state for r in board.rows}
    assert states == {AGENCY: UnitState.SUBMITTED, OTHER_AGENCY: UnitState.NOT_SUBMITTED,
                      "临川县财政局": UnitState.SUBMITTED, "青溪镇": UnitState.HAS_ERRORS,
                      "东河镇": UnitState.SUBMITTED}
    qingxi = next(r for r in board.rows if r.unit == "青溪镇")
    assert qingxi.errors > 0 and qingxi.changed_by == "赵六（zhaoliu）" and qingxi.source == "青溪镇.txt"

    with pytest.raises(InvalidState, match=r"青溪镇的报告有 .* 个错误：请退回修改，或写明理由后仍然接收"):
        rounds.accept_submission(db, office.reviewer, info.id, "青溪镇")
    rounds.return_submission(db, office.reviewer, info.id, "青溪镇", "表三第一列不平衡，请更正后重报")
    rounds.accept_submission(db, office.reviewer, info.id, AGENCY)
    rounds.accept_submission(db, office.reviewer, info.id, "临川县财政局")
    with pytest.raises(InvalidState, match="临川县教育局的报告已被 赵六（zhaoliu） 接收：如需更正，请汇总审核人先退回"):
        rounds.submit_to_round(db, office.writer, info.id, rid)
    with pytest.raises(InvalidState, match="已接收，不能再次处理"):
        rounds.return_submission(db, office.reviewer, info.id, AGENCY, "再看看")

    board = rounds.dashboard(db, office.reviewer, info.id)
    assert board.summary.endswith("应报 5 个单位：未提交 1，已提交 1，有错误 0，已退回 1，已接收 2")

    result = rounds.live_rollup(db, office.reviewer, info.id)
    accepted = [make_report(seed=1), reports["临川县财政局"]]
    for address in ("t3.new.total", "t2.normative.in_force", "t4.review.total"):
        assert result.report.cells[address] == sum(int(r.cells[address] or 0) for r in accepted)
    assert [u.unit for u in result.included()] == [AGENCY, "临川县财政局"]
    assert next(u for u in result.units if u.unit == "青溪镇").status is UnitStatus.MISSING

    published = result.report.model_copy(deep=True)
    published.set_cell("t3.new.total", int(published.cells["t3.new.total"] or 0) + 3)
    rounds.set_published(db, office.reviewer, info.id, published, source="县政府年报.html")
    differences = rounds.live_rollup(db, office.reviewer, info.id).differences
    assert differences is not None and [(d.cell, d.difference) for d in differences] == [("t3.new.total", 3)]

    out = export_dashboard(db, office.reviewer, info.id, tmp_path / "收报情况.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["收报情况", "单位情况"] and "差异" in book.sheetnames
    rows = list(book["收报情况"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "类型", "上级", "状态") and rows[4][:4] == ("青溪镇", "乡镇", GOVERNMENT, "已退回")
    operations = [e.detail.get("操作") for e in round_log(db, office.reviewer, info.id) if e.action_label == "报送"]
    assert operations == ["提交", "提交", "提交", "提交", "退回", "接收", "接收"]
    assert verify(db).ok


def _approved_existing(db: Database, office: Office, rid: int) -> int:
    signoff.send_for_approval(db, office.writer, rid)
    signoff.approve(db, office.approver, rid, secrecy_reviewed=True)
    return rid


def test_round_access_is_limited_to_its_reviewers(db: Database, office: Office, tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path))
    info = rounds.create_round(db, office.admin, name=GOVERNMENT, year=YEAR, roster=roster)
    with pytest.raises(AccessDenied, match="赵六（zhaoliu） 无权查看或处理汇总“临川县人民政府 2023年”"):
        rounds.dashboard(db, office.reviewer, info.id)
    with pytest.raises(AccessDenied, match="无权新建汇总"):
        rounds.create_round(db, office.writer, name="别的县人民政府", year=YEAR, roster=roster)
    assign_round(db, office.admin, "zhaoliu", info.id)
    assert len(rounds.dashboard(db, office.reviewer, info.id).rows) == 5
    with pytest.raises(AccessDenied):
        rounds.dashboard(db, office.writer, info.id)
    with pytest.raises(NotFound, match="单位“邻县教育局”不在汇总“临川县人民政府 2023年”的花名册上"):
        rounds.return_submission(db, office.reviewer, info.id, "邻县教育局", "？")
    # A unit's report matched by a variant of its name (no county prefix).
    office_variant = Actor(name="x", role=office.writer.role, agency="县财政局")
    rid = create_report(db, office.admin, make_report("县财政局", seed=4))
    signoff.send_for_approval(db, office.admin, rid.id)
    signoff.approve(db, office.admin, rid.id, secrecy_reviewed=True)
    assert rounds.submit_to_round(db, office_variant, info.id, rid.id).unit == "临川县财政局"


def test_amounts_roll_up_exactly(db: Database, office: Office, tmp_path: Path) -> None:
    roster = read_roster(_roster(tmp_path))
    info = rounds.create_round(db, office.reviewer, name=GOVERNMENT, year=YEAR, roster=roster)
    for i, unit in enumerate(("青溪镇", "东河镇")):
        report = make_report(unit, seed=30 + i)
        report.set_cell("t2.fees.amount_wan", Decimal("1.25"))
        rounds.upload_for_unit(db, office.reviewer, info.id, unit, report, source=f"{unit}.json")
        rounds.accept_submission(db, office.reviewer, info.id, unit)
    assert rounds.live_rollup(db, office.reviewer, info.id).report.cells["t2.fees.amount_wan"] == Decimal("2.5")
