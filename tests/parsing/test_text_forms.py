"""Tables in scraped text: one cell per line, " | " rows, Markdown, and cells run together."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

import pytest

from assistant.cells import FormatVersion, addresses, t3_rows
from assistant.errors import UnreadableInput
from assistant.findings import SectionKey, Severity
from assistant.parsing import parse_text
from assistant.report import Report
from tests.parsing.forms import (
    Row,
    cell_lines,
    consistent_values,
    markdown,
    pipe_rows,
    render,
    run_together,
)

V19, V21 = FormatVersion.V2019, FormatVersion.V2021
FORMS: list[Callable[[list[Row]], str]] = [cell_lines, pipe_rows, markdown]


def codes(report: Report) -> list[str]:
    return [f.code for f in report.parse_findings]


@pytest.mark.parametrize("version", [V21, V19])
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cell_by_cell_forms_read_every_cell_exactly(form: Callable[[list[Row]], str],
                                                    version: FormatVersion, seed: int) -> None:
    values = consistent_values(random.Random(seed), version)
    report = parse_text(render(values, version, form))
    assert report.version is version
    assert report.cells == values
    assert report.raw_cells == {}
    assert report.ambiguities == []
    assert codes(report) == []
    assert [s.key for s in report.sections][1:] == [
        SectionKey.OVERVIEW, SectionKey.PROACTIVE, SectionKey.APPLICATIONS,
        SectionKey.REVIEW_LITIGATION, SectionKey.PROBLEMS, SectionKey.OTHER,
    ]
    assert report.text(SectionKey.PROACTIVE) == ""
    assert report.text(SectionKey.PROBLEMS).startswith("存在的主要问题")


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("blank", ["", "（空）", "/", "-", "—", "无"])
def test_blank_cells_are_none_with_the_printed_text(form: Callable[[list[Row]], str],
                                                    blank: str) -> None:
    values = consistent_values(random.Random(7), V21)
    for address in ("t3.new.research", "t3.withheld_3.legal", "t4.review.corrected",
                    "t2.rules.issued"):
        values[address] = None
    report = parse_text(render(values, V21, form, blank=blank))
    assert report.cells == values
    blanked = ("t3.new.research", "t3.withheld_3.legal", "t4.review.corrected", "t2.rules.issued")
    assert report.raw_cells == dict.fromkeys(blanked, blank)


@pytest.mark.parametrize("seed", range(12))
def test_run_together_never_reads_a_wrong_value(seed: int) -> None:
    """Every cell read from digits run together is the true one; the rest are ambiguous."""
    rng = random.Random(seed)
    version = rng.choice([V19, V21])
    values = consistent_values(rng, version, high=rng.choice([3, 12, 40]))
    report = parse_text(render(values, version, run_together, one_line=True))
    assert report.version is version
    assert set(report.cells) == addresses(version)
    ambiguous = {a for amb in report.ambiguities for c in amb.candidates for a in c}
    for address, value in report.cells.items():
        if value is None:
            assert address in ambiguous, address
            assert address in report.raw_cells
        else:
            assert value == values[address], address
    for ambiguity in report.ambiguities:
        truth = {a: values[a] for a in ambiguity.candidates[0]}
        if len(ambiguity.candidates) < 20:
            assert truth in ambiguity.candidates


def test_run_together_sparse_table_is_read_exactly() -> None:
    values = consistent_values(random.Random(11), V21, high=3)
    for key in list(values):
        if key.startswith("t2."):
            values[key] = Decimal(0) if key.endswith("amount_wan") else 0
    report = parse_text(render(values, V21, run_together, one_line=True))
    assert report.cells == values
    assert report.ambiguities == []


def t3_running(printed: dict[str, str]) -> str:
    """表三 run together, every row "0000000" unless given."""
    rows = "".join(
        f"{spec.group if spec.group.startswith('（') else ''}{spec.label}"
        f"{printed.get(spec.key, '0000000')}"
        for spec in t3_rows(V21)
    )
    return (f"三、收到和处理政府信息公开申请情况\n{rows}\n"
            "四、政府信息公开行政复议、行政诉讼情况\n")


T3_AMBIGUOUS = t3_running(
    {"new": "270020130", "public": "270020130", "handled_total": "270020130"})


def test_ambiguity_the_column_rules_cannot_resolve_is_kept_with_all_candidates() -> None:
    """一, 三（一） and 三（七） print "270020130": 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30 fit
    every rule, row and column, so both are kept and nothing is guessed."""
    report = parse_text(T3_AMBIGUOUS, source="歧义.txt")
    assert len(report.ambiguities) == 1
    ambiguity = report.ambiguities[0]
    assert ambiguity.table == "t3"
    assert ambiguity.rows == ["new", "public", "handled_total"]
    assert ambiguity.printed == "270020130 / 270020130 / 270020130"
    assert len(ambiguity.candidates) == 2
    naturals = sorted(c["t3.new.natural"] for c in ambiguity.candidates)
    assert naturals == [2, 27]
    for row in ("new", "public", "handled_total"):
        assert report.cells[f"t3.{row}.natural"] is None
        assert report.raw_cells[f"t3.{row}.natural"] == "270020130"
        assert report.cells[f"t3.{row}.other_org"] == 1  # every reading agrees
        assert report.cells[f"t3.{row}.total"] == 30
    finding = next(f for f in report.parse_findings if f.code == "parse.ambiguous_split")
    assert finding.severity is Severity.WARNING
    assert finding.section is SectionKey.APPLICATIONS
    assert "270020130" in finding.message and "2种" in finding.message


def test_column_rules_choose_among_row_splits() -> None:
    """"270020130" alone is ambiguous; 二 = 0 and 一 printed cell by cell decide it."""
    report = parse_text(t3_running({
        "new": " 27 0 0 2 0 1 30", "public": "270020130", "handled_total": "270020130"}))
    assert report.ambiguities == []
    assert [report.cells[f"t3.public.{c}"] for c in
            ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
            ] == [27, 0, 0, 2, 0, 1, 30]
    assert report.cells["t3.handled_total.natural"] == 27


def test_inconsistent_report_keeps_what_it_printed() -> None:
    """（七）总计 printed 5 while its items add to 6: no split balances, the printed row stays."""
    report = parse_text(t3_running(
        {"new": "5 0 0 0 0 0 5", "public": "6000006", "handled_total": "5000005"}))
    assert report.cells["t3.handled_total.natural"] == 5
    assert report.cells["t3.public.total"] == 6
    assert report.ambiguities == []


def test_spaces_in_a_run_are_tried_as_cell_boundaries_first() -> None:
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 12 0 0 0 0 0 12"
            "四、结转下年度继续办理1 1 0 0 0 0 2\n四、政府信息公开行政复议、行政诉讼情况\n")
    report = parse_text(text)
    assert report.cells["t3.new.natural"] == 12
    assert report.cells["t3.carried_out.commercial"] == 1


def test_t2_run_without_a_rule_is_ambiguous_unless_forced() -> None:
    text = ("二、主动公开政府信息情况\n第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
            "规章000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293\n"
            "三、收到和处理政府信息公开申请情况\n")
    report = parse_text(text)
    assert [report.cells[f"t2.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert report.cells["t2.licensing.decisions"] == 2293
    ambiguity = next(a for a in report.ambiguities if a.rows == ["normative"])
    assert len(ambiguity.candidates) == 10
    assert {"t2.normative.issued": 69, "t2.normative.repealed": 3,
            "t2.normative.in_force": 665} in ambiguity.candidates
    message = next(f.message for f in report.parse_findings if f.code == "parse.ambiguous_split")
    assert "没有可用于核对的合计关系" in message


def test_many_candidates_are_capped_and_counted() -> None:
    text = ("二、主动公开政府信息情况\n第二十条第（一）项规章123456789012\n"
            "三、收到和处理政府信息公开申请情况\n")
    report = parse_text(text)
    ambiguity = report.ambiguities[0]
    assert len(ambiguity.candidates) == 20
    message = next(f.message for f in report.parse_findings if f.code == "parse.ambiguous_split")
    assert "有46种拆分" in message and "仅列出前20种" in message


def test_t4_printed_as_three_labelled_rows() -> None:
    text = ("四、政府信息公开行政复议、行政诉讼情况\n"
            "行政复议 | 5 | 0 | 0 | 2 | 7\n"
            "行政诉讼·未经复议直接起诉 | 8 | 0 | 0 | 1 | 9\n"
            "行政诉讼·复议后起诉 | 0 | 0 | 0 | 0 | 0\n"
            "五、存在的主要问题及改进情况\n问题。\n")
    report = parse_text(text)
    assert [report.cells[f"t4.review.{c}"] for c in
            ("upheld", "corrected", "other", "pending", "total")] == [5, 0, 0, 2, 7]
    assert report.cells["t4.suit_direct.total"] == 9


def test_t4_narrative_before_the_table_is_kept_as_text() -> None:
    text = ("四、政府信息公开行政复议、行政诉讼情况\n本年度发生行政复议1件，行政诉讼0件。\n"
            "行政复议 | 行政诉讼\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉"
            " | 复议后起诉\n" + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
            + "\n1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
            "五、存在的主要问题及改进情况\n问题。\n")
    report = parse_text(text)
    assert report.cells["t4.review.total"] == 1
    assert report.text(SectionKey.REVIEW_LITIGATION) == "本年度发生行政复议1件，行政诉讼0件。"


def test_text_and_negative_numbers_where_a_count_is_due() -> None:
    values = consistent_values(random.Random(5), V21)
    text = render(values, V21, pipe_rows)
    text = text.replace("一、本年新收政府信息公开申请数量 | " + str(values["t3.new.natural"]),
                        "一、本年新收政府信息公开申请数量 | 不详", 1)
    text = text.replace("规章 | " + str(values["t2.rules.issued"]), "规章 | -3", 1)
    report = parse_text(text)
    assert report.cells["t3.new.natural"] is None
    assert report.raw_cells["t3.new.natural"] == "不详"
    assert report.cells["t2.rules.issued"] == -3


def test_full_width_digits_and_units() -> None:
    text = ("二、主动公开政府信息情况\n第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n"
            "行政事业性收费 | １２.５万元\n第二十条第（五）项\n信息内容 | 本年处理决定数量\n"
            "行政许可 | 1,234件\n三、收到和处理政府信息公开申请情况\n")
    report = parse_text(text)
    assert report.cells["t2.fees.amount_wan"] == Decimal("12.5")
    assert report.raw_cells["t2.fees.amount_wan"] == "12.5万元"
    assert report.cells["t2.licensing.decisions"] == 1234


def test_partly_readable_report_reports_what_is_missing() -> None:
    values = consistent_values(random.Random(9), V21)
    text = render(values, V21, pipe_rows)
    # a row left out (a damaged label with its numbers there is read by position: see
    # tests/parsing/test_converted_text.py)
    text = "\n".join(line for line in text.split("\n") if "2.重复申请" not in line)
    cut = text.index("四、政府信息公开行政复议")
    text = text[:cut] + "四、政府信息公开行政复议、行政诉讼情况\n（表格略）\n" + \
        text[text.index("五、存在的主要问题"):]
    report = parse_text(text, source="部分.txt")
    assert "t3.not_processed_2.natural" not in report.cells
    assert report.cells["t3.not_processed_3.total"] == values["t3.not_processed_3.total"]
    assert report.cells["t3.new.total"] == values["t3.new.total"]
    found = {(f.code, f.cell) for f in report.parse_findings}
    assert ("parse.row_missing", "t3.not_processed_2.natural") in found
    empty = next(f for f in report.parse_findings if f.code == "parse.table_empty")
    assert empty.section is SectionKey.REVIEW_LITIGATION
    assert "四、政府信息公开行政复议、行政诉讼情况" in empty.message
    row_missing = next(f for f in report.parse_findings if f.code == "parse.row_missing")
    assert "重复申请" in row_missing.message
    assert row_missing.severity is Severity.ERROR


def test_missing_cells_in_a_row_are_reported() -> None:
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 3 | 0 | 0\n"
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
            "四、政府信息公开行政复议、行政诉讼情况\n")
    report = parse_text(text)
    assert report.cells["t3.new.natural"] == 3
    assert "t3.new.total" not in report.cells
    finding = next(f for f in report.parse_findings if f.code == "parse.cells_missing")
    assert finding.cell == "t3.new.nonprofit"
    assert "t3.new.total" in finding.cells


def test_headings_without_tables_give_table_findings_and_a_format_by_year() -> None:
    text = "\n".join(["一、总体情况", "2020年，本局认真落实政务公开。", "二、主动公开政府信息情况",
                      "见附表。", "五、存在的主要问题及改进情况", "问题。"])
    report = parse_text(text)
    assert report.version is V21
    assert {f.code for f in report.parse_findings} >= {"parse.table_empty", "parse.table_missing",
                                                       "parse.format_guessed"}
    assert report.cells == {}


def test_tables_without_headings_are_read() -> None:
    values = consistent_values(random.Random(4), V21)
    rows = render(values, V21, pipe_rows).split("\n")
    text = "\n".join(r for r in rows if not r.startswith(("一、总", "二、主", "三、收", "四、政",
                                                          "五、存", "六、其")))
    report = parse_text(text)
    assert report.cells["t3.new.total"] == values["t3.new.total"]
    assert report.cells["t4.review.total"] == values["t4.review.total"]
    assert "parse.no_sections" in codes(report)


@pytest.mark.parametrize("text", [
    "", "   \n\n", "随便一段话。", "hello world " * 50, "一、\n二、\n三、",
    "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd",
])
def test_non_reports_are_unreadable(text: str) -> None:
    with pytest.raises(UnreadableInput, match=r"测试\.txt"):
        parse_text(text, source="测试.txt")


def test_missing_agency_and_year_are_reported() -> None:
    report = parse_text("一、总体情况\n本机关推进公开。\n五、存在的主要问题及改进情况\n问题。")
    messages = [f.message for f in report.parse_findings if f.code == "parse.meta_missing"]
    assert len(messages) == 2
    assert any("机关名称" in m for m in messages) and any("年度" in m for m in messages)
    assert report.meta.agency is None and report.meta.year is None
