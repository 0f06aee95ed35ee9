"""Roll-up of a generated county: 30 units, reports in text, HTML and .docx with known numbers,
some missing, one failing a rule, names written as variants."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from assistant.cells import FormatVersion, cell_specs
from assistant.cli import main
from assistant.errors import NianbaoError
from assistant.report import Report
from assistant.rollup import FailingPolicy, MatchMethod, UnitStatus, match_names, read_roster, rollup
from testdata.synth import render_text, synthetic_report
from tests.rollup.render import write_report

YEAR = 2023
GOVERNMENT = "临川县人民政府"
DEPARTMENTS = ("发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
               "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "水利局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会",
               "应急管理局", "审计局", "市场监督管理局", "统计局")
TOWNS = ("青溪镇", "东河镇", "南平镇", "北塘乡", "西岭镇", "安平乡", "城关街道")
# Roster name → the agency name the unit printed in its report (a variant).
VARIANTS = {"临川县住房和城乡建设局": "县住建局", "临川县发展和改革局": "临川县发改局",
            "青溪镇": "临川县青溪镇人民政府", "城关街道": "临川县城关街道办事处"}
MISSING = ("临川县统计局", "安平乡", "临川县审计局")
FAILING = "临川县民政局"


@dataclass
class County:
    folder: Path
    roster: Path
    reports: dict[str, Report]  # roster name → the report as written (unbroken numbers)


def _roster_names() -> list[tuple[str, str]]:
    return ([(f"临川县{d}", "部门") for d in DEPARTMENTS] + [(t, "乡镇") for t in TOWNS]
            + [("临川县人民政府办公室", "其他")])


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    folder = tmp_path_factory.mktemp("county")
    rng = random.Random(20240120)
    roster = folder / "花名册.csv"
    with roster.open("w", encoding="gb18030", newline="") as handle:  # as Chinese Excel saves it
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "类型", "上级"])
        for name, kind in _roster_names():
            writer.writerow([name, kind, GOVERNMENT])
    reports: dict[str, Report] = {}
    forms = ("cells", "rows", "html", "docx")
    for i, (name, _) in enumerate(_roster_names()):
        if name in MISSING:
            continue
        printed = VARIANTS.get(name, name)
        report = synthetic_report(rng, agency=printed, year=YEAR, scale=30)
        reports[name] = report
        shown = report
        if name == FAILING:  # 三（七）总计 no longer equals its items
            shown = report.model_copy(deep=True)
            shown.set_cell("t3.handled_total.natural", int(report.cells["t3.handled_total.natural"] or 0) + 2)
            shown.set_cell("t3.new.natural", int(report.cells["t3.new.natural"] or 0) + 2)
            shown.set_cell("t3.new.total", int(report.cells["t3.new.total"] or 0) + 2)
            shown.set_cell("t3.handled_total.total", int(report.cells["t3.handled_total.total"] or 0) + 2)
        sub = folder / ("部门" if i < len(DEPARTMENTS) else "乡镇")
        sub.mkdir(exist_ok=True)
        write_report(shown, sub / f"unit{i:02d}", forms[i % len(forms)])
    # a report that belongs to no unit on the roster
    stray = synthetic_report(rng, agency="邻县教育局", year=YEAR)
    (folder / "邻县教育局.txt").write_text(render_text(stray), encoding="utf-8")
    return County(folder=folder, roster=roster, reports=reports)


def _expected(county: County, include_failing: bool) -> dict[str, int | Decimal]:
    included = [r for name, r in county.reports.items() if include_failing or name != FAILING]
    sums: dict[str, int | Decimal] = {}
    for spec in cell_specs(FormatVersion.V2021):
        values = [r.cells[spec.address] or 0 for r in included]
        sums[spec.address] = sum(values, Decimal(0) if spec.kind.value == "amount" else 0)
    return sums


def test_roster_reads_gb18030_csv(county: County) -> None:
    units = read_roster(county.roster)
    assert len(units) == 30
    assert units[0].name == "临川县发展和改革局" and units[0].row == 2
    assert sum(u.kind.value == "乡镇" for u in units) == 7


def test_every_consolidated_cell_missing_units_and_fuzzy_matches(county: County) -> None:
    files = sorted(p for p in county.folder.rglob("*") if p.is_file() and p != county.roster)
    result = rollup(files, read_roster(county.roster), name=GOVERNMENT, year=YEAR, root=county.folder)
    expected = _expected(county, include_failing=False)
    assert {a: result.report.cells[a] for a in expected} == expected
    assert sorted(result.missing) == sorted(MISSING)
    fuzzy = {m.unit: m.candidate for m in result.fuzzy_matches}
    assert fuzzy == VARIANTS
    assert all(m.method is MatchMethod.VARIANT for m in result.fuzzy_matches)
    status = {u.unit: u.status for u in result.units}
    assert status[FAILING] is UnitStatus.FAILING_EXCLUDED
    assert sum(s is UnitStatus.INCLUDED for s in status.values()) == 26
    assert result.unmatched_files == ["邻县教育局.txt"]
    assert "排除" in result.policy_statement
    # provenance: each cell's per-unit values add up to the consolidated value
    for address, parts in result.provenance.items():
        assert sum(parts.values(), Decimal(0)) == result.report.cells[address]
    assert f"全年共新收政府信息公开申请{expected['t3.new.total']}件" in "".join(result.facts.lines)


def test_failing_units_included_on_request(county: County) -> None:
    files = sorted(p for p in county.folder.rglob("*") if p.is_file() and p != county.roster)
    result = rollup(files, read_roster(county.roster), name=GOVERNMENT, year=YEAR,
                    failing=FailingPolicy.INCLUDE, jobs=2)
    expected = _expected(county, include_failing=True)
    # the failing unit is summed as printed: two more natural-person applications
    expected["t3.new.natural"] = int(expected["t3.new.natural"]) + 2
    expected["t3.new.total"] = int(expected["t3.new.total"]) + 2
    expected["t3.handled_total.natural"] = int(expected["t3.handled_total.natural"]) + 2
    expected["t3.handled_total.total"] = int(expected["t3.handled_total.total"]) + 2
    assert {a: result.report.cells[a] for a in expected} == expected
    assert {u.unit: u.status for u in result.units}[FAILING] is UnitStatus.FAILING_INCLUDED
    assert "仍" in result.policy_statement


def test_hierarchy_check_names_the_units(county: County, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(county, include_failing=False)
    published = Report.blank(FormatVersion.V2021, agency=GOVERNMENT, year=YEAR)
    for address, value in expected.items():
        published.set_cell(address, value)
    # The published report forgot 教育局's 行政许可 and counted 水利局's 行政处罚 twice.
    education = county.reports["临川县教育局"].cells["t2.licensing.decisions"]
    water = county.reports["临川县水利局"].cells["t2.penalty.decisions"]
    assert education and water
    published.set_cell("t2.licensing.decisions", int(expected["t2.licensing.decisions"]) - int(education))
    published.set_cell("t2.penalty.decisions", int(expected["t2.penalty.decisions"]) + int(water))
    published_path = tmp_path / "published.json"
    published_path.write_text(published.to_json(), encoding="utf-8")
    out = tmp_path / "汇总.json"
    code = main(["rollup", str(county.folder), "--year", str(YEAR), "--roster", str(county.roster),
                 "--name", GOVERNMENT, "--published", str(published_path), "-o", str(out), "--jobs", "2"])
    printed = capsys.readouterr().out
    assert code == 1  # differences found
    doc = json.loads(out.read_text("utf-8"))
    diffs = {d["cell"]: d for d in doc["differences"]}
    assert set(diffs) == {"t2.licensing.decisions", "t2.penalty.decisions"}
    assert diffs["t2.licensing.decisions"]["difference"] == -education
    assert any("临川县教育局" in e and "漏计" in e for e in diffs["t2.licensing.decisions"]["explanations"])
    assert any("临川县水利局" in e and "重复计入" in e for e in diffs["t2.penalty.decisions"]["explanations"])
    assert "未找到报告：" in printed and "近似匹配：" in printed
    # the reviewer's workbook: one sheet per table, units as rows, a totals row last
    book = openpyxl.load_workbook(out.with_suffix(".xlsx"), read_only=True)
    assert {"单位情况", "表二", "表三", "表四", "差异"} <= set(book.sheetnames)
    t3 = list(book["表三"].iter_rows(values_only=True))
    addresses = list(t3[2])
    assert t3[-1][0] == "合计"
    assert t3[-1][addresses.index("t3.new.total")] == expected["t3.new.total"]
    assert len(t3) == 3 + 26 + 1  # three header rows, the included units, the totals
    page = out.with_suffix(".html").read_text("utf-8")
    assert "临川县统计局" in page and "近似匹配" in page and "<script" not in page


def test_match_names_prefers_exact_and_leaves_strangers() -> None:
    units = ["临川县教育局", "临川县财政局", "青溪镇"]
    found = match_names(units, ["临川县财政局", "教育局", "邻县公安局", "青溪镇人民政府"], "临川县")
    assert found[0].method is MatchMethod.EXACT
    assert found[1].unit == "临川县教育局" and found[1].fuzzy
    assert 2 not in found
    assert found[3].unit == "青溪镇"


def test_roster_errors_name_the_row(tmp_path: Path) -> None:
    roster = tmp_path / "花名册.csv"
    roster.write_text("单位名称,类型\n临川县教育局,部门\n青溪镇,村\n临川县教育局,部门\n", encoding="utf-8")
    with pytest.raises(NianbaoError) as caught:
        read_roster(roster)
    assert "第3行：类型“村”无法识别" in str(caught.value)
    assert "第4行：单位“临川县教育局”与第2行重复" in str(caught.value)
    missing = tmp_path / "无表头.csv"
    missing.write_text("名单\n临川县教育局\n", encoding="utf-8")
    with pytest.raises(NianbaoError, match="单位名称"):
        read_roster(missing)


def test_published_report_in_the_2019_format_is_refused(county: County, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    published = tmp_path / "published.json"
    published.write_text(Report.blank(FormatVersion.V2019, agency=GOVERNMENT, year=YEAR).to_json(), "utf-8")
    code = main(["rollup", str(county.folder), "--year", str(YEAR), "--roster", str(county.roster),
                 "--name", GOVERNMENT, "--published", str(published), "-o", str(tmp_path / "r.json")])
    assert code == 2
    assert "不是2021年版格式" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
