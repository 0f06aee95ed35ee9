"""The real samples, parsed and checked: the known findings, and no false error.

Parser findings (``parse.*``) and blank-cell warnings are the parser's and the printed table's
business; they are counted separately where they matter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.findings import Finding
from assistant.parsing import parse_file
from assistant.report import Report
from tests.checks.helpers import rows

SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def parsed() -> dict[str, Report]:
    return {p.stem: parse_file(p) for p in sorted(SAMPLES.iterdir())
            if p.suffix in (".txt", ".html")}


def _own(findings: list[Finding]) -> list[Finding]:
    """Findings of the checks, without the parser's and without blank-cell warnings."""
    return [f for f in findings if not f.code.startswith("parse.") and not f.code.endswith(".blank")]


def test_jinghe_only_the_duplicate_character_and_the_missing_fee_sentence(
        parsed: dict[str, Report]) -> None:
    report = parsed["jinghe-gongyeyuanqu-2021"]
    findings = run_checks(report)
    assert rows(report, findings) == [
        ("proof.duplicate_char", None, "园区", "园区区", "区区"),
        ("struct.fee_missing", None, "写明信息处理费收取情况", "未提及", None),
    ]
    assert "园区区" in findings[0].message


def test_pingtan_2020_handled_total_mismatch_is_the_only_error(parsed: dict[str, Report]) -> None:
    report = parsed["pingtan-zone-2020"]
    findings = run_checks(report)
    assert rows(report, [f for f in findings if f.is_error]) == [
        ("t3.handled_sum", "t3.handled_total.natural", "26", "20", None),
        ("t3.handled_sum", "t3.handled_total.total", "27", "21", None),
    ]
    assert rows(report, [f for f in _own(findings) if not f.is_error]) == []


def test_pingtan_2021_is_consistent(parsed: dict[str, Report]) -> None:
    report = parsed["pingtan-zone-2021"]
    assert rows(report, _own(run_checks(report))) == [
        ("struct.overview_too_long", None, "不超过1000字", "1345字", None)]
    assert not [f for f in run_checks(report) if f.is_error]


def test_pingtan_2022_received_75_is_new_plus_carried_in(parsed: dict[str, Report]) -> None:
    report = parsed["pingtan-zone-2022"]
    findings = run_checks(report, parsed["pingtan-zone-2021"])
    assert not [f for f in findings if f.is_error]
    assert rows(report, _own(findings)) == [
        ("proof.duplicate_char", None, "一的", "一的的", "的的"),  # "统一的的网站界面": a real slip
        # "行政法复议": a real typo in a heading whose wording the format fixes
        ("struct.heading_wording", None, "四、政府信息公开行政复议、行政诉讼情况",
         "四、政府信息公开行政法复议、行政诉讼情况", None),
        ("struct.overview_too_long", None, "不超过1000字", "1768字", None),
        ("xyear.problems_no_followup", None, "写明2021年问题的整改情况", "未提及", None),
    ]


def test_pingtan_2022_tables_agree_with_2021(parsed: dict[str, Report]) -> None:
    findings = run_checks(parsed["pingtan-zone-2022"], parsed["pingtan-zone-2021"])
    assert not [f for f in findings if f.code in ("xyear.carry_over", "xyear.year_gap")]


def test_shanghai_text_disagrees_with_tables(parsed: dict[str, Report]) -> None:
    report = parsed["shanghai-gov-office-2019"]
    findings = run_checks(report)
    assert rows(report, _own(findings)) == [
        ("text.all_upheld", "t4.review.pending", "结果纠正、其他结果、尚未审结均为0",
         "“行政复议”“尚未审结”为2；“行政诉讼·未经复议直接起诉”“尚未审结”为1", "均获维持"),
        ("text.outcome", "t3.public.total", "275", "258", "258"),
        ("text.outcome", "t3.unable_1.total", "337", "265", "265"),
        ("text.percentage", "t3.handled_total.total", "32.05%", "33.9%", "33.9%"),
        ("text.percentage_total", "t3.handled_total.total", "100%", "90.74%",
         "33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；"
         "不予处理158件，占19.6%"),
    ]
    assert sum(f.is_error for f in findings) == 3
    blanks = [f for f in findings if f.code.endswith(".blank")]
    assert blanks and all(not f.is_error and "（空）" in f.message for f in blanks)


def test_shuyang_only_blank_cells(parsed: dict[str, Report]) -> None:
    """法人或其他组织 columns left empty: warnings (should be 0), no sum errors; and a heading
    of 五 in the agency's own words (“存在的主要问题及整改措施”), where the format fixes them."""
    report = parsed["shuyang-fgj-2023"]
    findings = run_checks(report)
    assert rows(report, _own(findings)) == [
        ("struct.heading_wording", None, "五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施", None)]
    assert {f.code for f in findings} == {"t3.blank", "struct.heading_wording"}


@pytest.mark.parametrize("name", ["jinghe-gongyeyuanqu-2021", "pingtan-zone-2021",
                                  "pingtan-zone-2022", "shuyang-fgj-2023"])
def test_consistent_samples_have_no_error(parsed: dict[str, Report], name: str) -> None:
    assert [f for f in run_checks(parsed[name]) if f.is_error] == []
