"""The rule registry, scope filtering, ordering, and the small helpers rules rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.cells import FormatVersion
from assistant.checks import RULES, filter_scope, run_checks, sort_findings
from assistant.checks.lexicon import lexicon
from assistant.checks.tables import agency_level
from assistant.checks.textspans import parse_count
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report
from tests.checks.conftest import make_report
from tests.checks.helpers import append, cells, edit


def test_every_rule_has_a_family_code_severity_and_chinese_description() -> None:
    families = {"t2", "t3", "t4", "xyear", "text", "struct", "proof", "parse", "cite", "draft", "ledger"}
    for code, rule in RULES.items():
        assert rule.code == code
        assert re.fullmatch(r"[a-z0-9]+\.[a-z_]+", code), code
        assert rule.family in families
        assert isinstance(rule.severity, Severity)
        assert re.search(r"[\u4e00-\u9fff]", rule.description), code
        assert rule.scope == ("tables" if rule.family in {"t2", "t3", "t4", "xyear", "parse"}
                              else "text")


def test_every_parser_code_is_named() -> None:
    """The audit summary shows RULES' names: the parser's codes must be there too."""
    sources = (Path(__file__).parents[2] / "assistant" / "parsing").glob("*.py")
    codes = {c for path in sources for c in re.findall(r'"(parse\.[a-z_]+)"',
                                                       path.read_text("utf-8"))}
    assert codes, "the parser's codes were not found"
    assert codes <= set(RULES), codes - set(RULES)


def _mixed_report() -> Report:
    report = make_report()
    cells(t4__review__total=3)(report)  # t4.group_sum and text.review
    edit(SectionKey.OVERVIEW, "扎实推进", "园区区推进")(report)  # proof.duplicate_char
    report.parse_findings.append(Finding(code="parse.unreadable_table", severity=Severity.WARNING,
                                         message="表二无法读取"))
    return report


def test_filter_scope() -> None:
    findings = run_checks(_mixed_report())
    codes = {f.code for f in findings}
    assert codes == {"t4.group_sum", "text.review", "proof.duplicate_char", "parse.unreadable_table"}
    assert {f.code for f in filter_scope(findings, "tables")} == {"t4.group_sum",
                                                                 "parse.unreadable_table"}
    assert {f.code for f in filter_scope(findings, "text")} == {"text.review", "proof.duplicate_char"}
    assert filter_scope(findings, "all") == findings
    with pytest.raises(ValueError, match="核对范围"):
        filter_scope(findings, "cells")


def test_errors_first_then_section_order_then_position() -> None:
    findings = run_checks(_mixed_report())
    assert [f.code for f in findings] == [
        "text.review", "t4.group_sum", "proof.duplicate_char", "parse.unreadable_table"]
    made = [
        Finding(code="b", severity=Severity.WARNING, message="", section=SectionKey.OTHER),
        Finding(code="a", severity=Severity.WARNING, message="", section=SectionKey.OVERVIEW,
                span=(9, 10)),
        Finding(code="c", severity=Severity.WARNING, message="", section=SectionKey.OVERVIEW,
                span=(2, 3)),
        Finding(code="d", severity=Severity.ERROR, message="", section=SectionKey.OTHER),
    ]
    assert [f.code for f in sort_findings(made)] == ["d", "c", "a", "b"]


@pytest.mark.parametrize(("agency", "level"), [
    ("临川县教育局", "县级"),
    ("北京市西城区人民政府", "县级"),
    ("南平市延平区财政局", "县级"),
    ("国家税务总局临川县税务局", "县级"),
    ("平潭综合实验区", None),
    ("上海市浦东新区人民政府", None),
    ("精河工业园区管理委员会", None),
    ("青溪镇人民政府", "乡镇（街道）"),
    ("东河街道办事处", "乡镇（街道）"),
    ("上海市人民政府办公厅", None),
    ("新疆维吾尔自治区发展和改革委员会", None),
    ("南平市住房和城乡建设局", None),
    ("南平市人民政府", None),
    ("中华人民共和国生态环境部", None),
    (None, None),
])
def test_agency_level(agency: str | None, level: str | None) -> None:
    assert agency_level(agency) == level


def test_rules_are_fine_for_a_city_government() -> None:
    report = make_report()
    report.meta.agency = "南平市人民政府"
    cells(t2__rules__issued=2, t2__rules__in_force=12)(report)
    assert run_checks(report) == []


@pytest.mark.parametrize(("token", "value"), [
    ("75", 75), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21),
    ("一百零五", 105), ("零", 0), ("〇", 0), ("件", None), ("", None),
])
def test_parse_count(token: str, value: int | None) -> None:
    assert parse_count(token) == value


def test_lexicon_knows_words_and_idioms() -> None:
    lex = lexicon()
    assert {"作风", "开展", "年底", "区域"} <= lex.words
    assert "区积" not in lex.words
    assert "息息相关" in lex.doubled


def test_2019_format_has_no_2021_only_rules() -> None:
    """No 信息处理费 sentence or 一千字 limit before the 2021 format; 规章 in 2019 columns."""
    report = make_report(year=2020, version=FormatVersion.V2019)
    edit(SectionKey.OTHER, "临川县教育局未收取政府信息公开信息处理费。", "")(report)
    append(SectionKey.OVERVIEW, "持续深化政务公开工作，不断提升政府工作透明度。" * 60)(report)
    assert run_checks(report) == []
    cells(t2__rules__made=1)(report)
    assert [f.code for f in run_checks(report)] == ["t2.rules_not_empowered"]


def test_delta_column_of_the_2019_format_may_be_negative() -> None:
    report = make_report(version=FormatVersion.V2019)
    cells(t2__licensing__change=-4)(report)
    assert run_checks(report) == []
