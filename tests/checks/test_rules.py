"""Every rule, broken once on an otherwise valid report: the exact findings it gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.checks import RULES, run_checks
from assistant.findings import Finding, SectionKey, Severity
from assistant.report import Report, Section, SplitAmbiguity
from tests.checks.helpers import (
    Mutation,
    Row,
    append,
    blank_table,
    both,
    cells,
    edit,
    expect,
    raw,
    rows,
    sections,
)

OV, PR, V, X = SectionKey.OVERVIEW, SectionKey.PREFACE, SectionKey.PROBLEMS, SectionKey.OTHER
OUTCOMES = ("予以公开14件，占56%；部分公开3件，占12%；不予公开1件，占4%；无法提供5件，占20%；"
            "不予处理1件，占4%；其他处理1件，占4%。")


def test_valid_report_has_no_finding(report: Report) -> None:
    assert run_checks(report) == []


def test_valid_report_with_outcomes_and_percentages_has_no_finding(report: Report) -> None:
    append(OV, OUTCOMES)(report)
    assert run_checks(report) == []


TABLES: list[object] = [
    pytest.param(cells(t2__penalty__decisions=-3),
                 [("t2.negative", "t2.penalty.decisions", "不小于0的数", "-3", None)], id="t2-negative"),
    pytest.param(cells(t2__fees__amount_wan=Decimal("-1.5")),
                 [("t2.negative", "t2.fees.amount_wan", "不小于0的数", "-1.5", None)],
                 id="t2-negative-amount"),
    pytest.param(raw(t2__licensing__decisions="若干"),
                 [("t2.not_number", "t2.licensing.decisions", "数字", "若干", None)], id="t2-text"),
    pytest.param(raw(t2__penalty__decisions="3.5"),
                 [("t2.not_integer", "t2.penalty.decisions", "整数", "3.5", None)],
                 id="t2-not-integer"),
    pytest.param(raw(t2__coercion__decisions="/"),
                 [("t2.blank", "t2.coercion.decisions", "0", "/", None)], id="t2-blank"),
    pytest.param(cells(t3__public__commercial=-2),
                 [("t3.negative", "t3.public.commercial", "不小于0的数", "-2", None),
                  ("t3.row_sum", "t3.public.total", "10", "14", None),
                  ("t3.handled_sum", "t3.handled_total.commercial", "-1", "3", None)],
                 id="t3-negative"),
    pytest.param(raw(t3__carried_out__commercial="0.5"),
                 [("t3.not_integer", "t3.carried_out.commercial", "整数", "0.5", None)],
                 id="t3-not-integer-and-its-sums-skipped"),
    pytest.param(raw(t3__withheld_2__legal="不详"),
                 [("t3.not_number", "t3.withheld_2.legal", "数字", "不详", None)], id="t3-text"),
    pytest.param(cells(t4__suit_direct__corrected=-1),
                 [("t4.negative", "t4.suit_direct.corrected", "不小于0的数", "-1", None),
                  ("t4.group_sum", "t4.suit_direct.total", "0", "1", None)], id="t4-negative"),
    pytest.param(raw(t4__review__upheld="1.5"),
                 [("t4.not_integer", "t4.review.upheld", "整数", "1.5", None)], id="t4-not-integer"),
    pytest.param(raw(t4__review__other="见附件"),
                 [("t4.not_number", "t4.review.other", "数字", "见附件", None)], id="t4-text"),
    pytest.param(raw(t4__suit_after_review__total="/"),
                 [("t4.blank", "t4.suit_after_review.total", "0", "/", None)],
                 id="t4-blank-total"),
    pytest.param(raw(t3__new__research="（空）", t3__new__nonprofit="（空）"),
                 [("t3.blank", "t3.new.research", "0", "（空）", None)], id="t3-blank-row-grouped"),
    pytest.param(both(raw(t3__carried_out__natural="-"), cells(t3__carried_out__total=0),
                      edit(OV, "1件结转下年度", "0件结转下年度")),
                 [("t3.blank", "t3.carried_out.natural", "0", "-", None),
                  ("t3.column_balance", "t3.handled_total.natural", "22", "21", None),
                  ("t3.column_balance", "t3.handled_total.total", "26", "25", None)],
                 id="t3-blank-part-counts-as-0"),
    pytest.param(raw(t3__public__total="无"),
                 [("t3.blank", "t3.public.total", "0", "无", None),
                  ("t3.handled_sum", "t3.handled_total.total", "11", "25", None)],
                 id="t3-blank-total-not-compared-in-its-row"),
    pytest.param(cells(t3__partial__total=4),
                 [("t3.row_sum", "t3.partial.total", "3", "4", None),
                  ("t3.handled_sum", "t3.handled_total.total", "26", "25", None)], id="t3-row-sum"),
    pytest.param(both(cells(t3__carried_out__natural=2, t3__carried_out__total=2)),
                 [("t3.column_balance", "t3.handled_total.natural", "22", "23", None),
                  ("t3.column_balance", "t3.handled_total.total", "26", "27", None),
                  ("text.carried_out", "t3.carried_out.total", "2", "1", "1")],
                 id="t3-column-balance"),
    pytest.param(cells(t3__handled_total__natural=15, t3__handled_total__total=19),
                 [("t3.handled_sum", "t3.handled_total.natural", "21", "15", None),
                  ("t3.handled_sum", "t3.handled_total.total", "25", "19", None),
                  ("t3.column_balance", "t3.handled_total.natural", "22", "16", None),
                  ("t3.column_balance", "t3.handled_total.total", "26", "20", None),
                  ("text.handled", "t3.handled_total.total", "19", "25", "25")],
                 id="t3-handled-sum"),
    pytest.param(cells(t4__review__total=3),
                 [("t4.group_sum", "t4.review.total", "2", "3", None),
                  ("text.review", "t4.review.total", "3", "2", "2")], id="t4-group-sum"),
    pytest.param(cells(t4__suit_after_review__upheld=3, t4__suit_after_review__total=3),
                 [("t4.after_review_exceeds_review", "t4.suit_after_review.total", "不多于2", "3",
                   None),
                  ("text.litigation", "t4.suit_direct.total", "4", "1", "1")],
                 id="t4-after-review-exceeds-review"),
    pytest.param(cells(t2__rules__issued=1, t2__rules__in_force=1),
                 [("t2.rules_not_empowered", "t2.rules.issued", "0", "1", None)],
                 id="t2-rules-at-county-level"),
    # A table with no data at all is a finding of its own (not a table that passed); the
    # narrative's numbers are then compared with blanks taken as 0, as for any blank cell.
    pytest.param(blank_table("t4"),
                 [("t4.empty", None, "表四数据", "无", None),
                  ("text.litigation", "t4.suit_direct.total", "0", "1", "1"),
                  ("text.review", "t4.review.total", "0", "2", "2")], id="t4-empty"),
    pytest.param(both(blank_table("t2"), edit(OV, "现行有效行政规范性文件40件。", "")),
                 [("t2.empty", None, "表二数据", "无", None)], id="t2-empty"),
    pytest.param(both(blank_table("t3"), edit(OV, "全年共收到政府信息公开申请24件，上年结转2件，办结25件，"
                                               "1件结转下年度继续办理，", "")),
                 [("t3.empty", None, "表三数据", "无", None)], id="t3-empty"),
]


@pytest.mark.parametrize(("mutation", "expected"), TABLES)
def test_table_rules(report: Report, mutation: Mutation, expected: list[Row]) -> None:
    mutation(report)
    assert rows(report, run_checks(report)) == expect(*expected)


TEXT: list[object] = [
    pytest.param(edit(OV, "申请24件", "申请30件"),
                 [("text.received", "t3.new.total", "24或26", "30", "30")], id="received"),
    pytest.param(edit(OV, "共收到政府信息公开申请24件，上年结转2件",
                      "共收到政府信息公开申请26件（含上年结转2件）"), [],
                 id="received-counts-new-plus-carried-in"),
    pytest.param(edit(OV, "全年共收到政府信息公开申请24件", "全年未收到政府信息公开申请"),
                 [("text.received", "t3.new.total", "24或26", "0", "未收到政府信息公开申请")],
                 id="received-none-but-table-has"),
    pytest.param(edit(OV, "上年结转2件", "上年结转3件"),
                 [("text.carried_in", "t3.carried_in.total", "2", "3", "3")], id="carried-in"),
    pytest.param(edit(OV, "办结25件", "办结24件"),
                 [("text.handled", "t3.handled_total.total", "25", "24", "24")], id="handled"),
    pytest.param(edit(OV, "1件结转下年度", "一件结转下年度"), [], id="chinese-numeral-ok"),
    pytest.param(edit(OV, "1件结转下年度", "两件结转下年度"),
                 [("text.carried_out", "t3.carried_out.total", "1", "2", "两")],
                 id="chinese-numeral-wrong"),
    pytest.param(edit(OV, "办结25件，1件结转下年度继续办理", "办结25件，结转1件"), [],
                 id="carried-out-short-form"),
    pytest.param(edit(OV, "行政复议2件", "行政复议3件"),
                 [("text.review", "t4.review.total", "2", "3", "3")], id="review"),
    pytest.param(edit(OV, "行政诉讼1件", "行政诉讼2件"),
                 [("text.litigation", "t4.suit_direct.total", "1", "2", "2")], id="litigation"),
    pytest.param(edit(OV, "规范性文件40件", "规范性文件41件"),
                 [("text.in_force", "t2.normative.in_force", "40", "41", "41")], id="in-force"),
    pytest.param(append(OV, "其中予以公开及部分公开16件，不予公开1件，无法提供5件，不予处理1件，其他处理1件。"),
                 [("text.outcome", "t3.public.total", "17", "16", "16")],
                 id="public-and-partial-like-shanghai"),
    pytest.param(append(OV, "其中不予公开1件，因本机关不掌握等原因无法提供4件。"),
                 [("text.outcome", "t3.unable_1.total", "5", "4", "4")],
                 id="unable-like-shanghai"),
    pytest.param(append(OV, OUTCOMES.replace("占56%", "占56.5%")),
                 [("text.percentage", "t3.handled_total.total", "56.00%", "56.5%", "56.5%")],
                 id="percentage"),
    pytest.param(append(OV, OUTCOMES.replace("占56%", "占50%")),
                 [("text.percentage", "t3.handled_total.total", "56.00%", "50%", "50%"),
                  ("text.percentage_total", "t3.handled_total.total", "100%", "94%",
                   "50%；部分公开3件，占12%；不予公开1件，占4%；无法提供5件，占20%；不予处理1件，"
                   "占4%；其他处理1件，占4%")],
                 id="percentages-not-100"),
    pytest.param(edit(OV, "提起行政诉讼1件。", "提起行政诉讼1件，均获维持。"),
                 [("text.all_upheld", "t4.review.corrected", "结果纠正、其他结果、尚未审结均为0",
                   "“行政复议”“结果纠正”为1", "均获维持")], id="all-upheld-like-shanghai"),
    pytest.param(both(cells(t4__review__corrected=0, t4__review__pending=1),
                      edit(OV, "提起行政诉讼1件。", "提起行政诉讼1件，均已审结。")),
                 [("text.all_closed", "t4.review.pending", "尚未审结均为0", "“行政复议”“尚未审结”为1",
                   "均已审结")], id="all-closed"),
    pytest.param(append(OV, "全年受理网络问政182件，公开各类信息30余条，其中日常工作信息32条。"
                           "办理人大建议12件、政协提案5件，收到群众诉求348件，现场解决162件。"), [],
                 id="other-numbers-not-bound"),
    pytest.param(append(OV, "收到自然人申请20件，法人或其他组织申请4件。上年收到申请30件，"
                            "2022年办结申请28件。"), [], id="subsets-and-last-year-not-bound"),
    pytest.param(edit(OV, "全年共收到政府信息公开申请24件，上年结转2件",
                      "依申请公开方面，全年共收到30件，上年结转2件"),
                 [("text.received", "t3.new.total", "24或26", "30", "30")],
                 id="received-without-the-word-after"),
    pytest.param(append(OV, "受理群众来信来访56件，办结52件；全年办理行政复议案件15件，均获维持。"),
                 [], id="other-cases-and-letters-not-bound"),
    pytest.param(edit(OV, "2023年，临川县教育局认真", "2022年，临川县教育局认真"),
                 [("text.stale_year", None, "2023年", "2022年", "2022年")], id="stale-year"),
    pytest.param(edit(PR, "2023年1月1日至2023年12月31日", "2022年1月1日至2022年12月31日"),
                 [("text.period", None, "2023年1月1日至2023年12月31日",
                   "2022年1月1日至2022年12月31日", "2022年1月1日至2022年12月31日")],
                 id="period-in-preface"),
]


@pytest.mark.parametrize(("mutation", "expected"), TEXT)
def test_narrative_rules(report: Report, mutation: Mutation, expected: list[Row]) -> None:
    mutation(report)
    assert rows(report, run_checks(report)) == expect(*expected)


def test_period_from_meta_when_text_has_none(report: Report) -> None:
    edit(PR, "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "")(report)
    report.meta.period_start = date(2023, 2, 1)
    assert rows(report, run_checks(report)) == [
        ("text.period", None, "2023年1月1日至2023年12月31日", "2023年2月1日至2023年12月31日", None)]


def test_title_year(report: Report) -> None:
    report.meta.title = "临川县教育局2022年政府信息公开工作年度报告"
    assert rows(report, run_checks(report)) == [("text.title_year", None, "2023年", "2022年", None)]


def _without(key: SectionKey) -> Mutation:
    return sections(lambda ss: [s for s in ss if s.key is not key])


def _swap(a: SectionKey, b: SectionKey) -> Mutation:
    def change(ss: list[Section]) -> list[Section]:
        i = next(n for n, s in enumerate(ss) if s.key is a)
        j = next(n for n, s in enumerate(ss) if s.key is b)
        ss[i], ss[j] = ss[j], ss[i]
        return ss
    return sections(change)


def _renumber(key: SectionKey, numeral: str, heading: str) -> Mutation:
    def change(ss: list[Section]) -> list[Section]:
        return [s.model_copy(update={"numeral": numeral, "heading": heading}) if s.key is key
                else s for s in ss]
    return sections(change)


def _set_text(key: SectionKey, text: str) -> Mutation:
    def change(ss: list[Section]) -> list[Section]:
        return [s.model_copy(update={"text": text}) if s.key is key else s for s in ss]
    return sections(change)


STRUCTURE: list[object] = [
    pytest.param(_without(V), [("struct.missing", None, "五、存在的主要问题及改进情况", "缺失", None)],
                 id="missing-problems"),
    pytest.param(sections(lambda ss: [*ss, Section(key=SectionKey.APPLICATIONS, numeral="三",
                                                   heading="三、收到和处理政府信息公开申请情况")]),
                 [("struct.duplicated", None, "1次", "2次", None)], id="duplicated"),
    pytest.param(_renumber(X, "七", "七、其他需要报告的事项"),
                 [("struct.misnumbered", None, "六", "七", None)], id="misnumbered"),
    pytest.param(_renumber(X, "", "其他需要报告的事项"),
                 [("struct.misnumbered", None, "六", "无序号", None)], id="heading-without-numeral"),
    pytest.param(_swap(V, X),
                 [("struct.out_of_order", None, "在“六、其他需要报告的事项”之前",
                   "在“六、其他需要报告的事项”之后", None)], id="out-of-order"),
    pytest.param(sections(lambda ss: [*ss, Section(key=None, numeral="七", heading="七、附件",
                                                   text="附件一。")]),
                 [("struct.unrecognized", None, "一至六部分之一", "七、附件", None)],
                 id="unrecognized-heading"),
    pytest.param(_set_text(OV, ""), [("struct.empty", None, "有内容", "空", None)],
                 id="empty-overview"),
    pytest.param(_set_text(V, "无。"),
                 [("struct.problems_too_short", None, "不少于30字的具体内容", "1字", None)],
                 id="problems-none"),
    pytest.param(_set_text(V, "本年度工作中无明显问题，将继续做好。"),
                 [("struct.problems_too_short", None, "不少于30字的具体内容", "16字", None)],
                 id="problems-too-short"),
    pytest.param(_set_text(X, "无其他需要报告的事项。"),
                 [("struct.fee_missing", None, "写明信息处理费收取情况", "未提及", None)],
                 id="fee-missing"),
    pytest.param(_set_text(X, "2023年度，县教育局政府信息公开未发生收费情况。"), [],
                 id="fee-as-charge-for-disclosure"),
    pytest.param(append(OV, "持续深化政务公开工作，不断提升政府工作透明度。" * 45),
                 [("struct.overview_too_long", None, "不超过1000字", "1157字", None)],
                 id="overview-too-long"),
    pytest.param(_renumber(SectionKey.REVIEW_LITIGATION, "四", "四、政府信息公开行政法复议、行政诉讼情况"),
                 [("struct.heading_wording", None, "四、政府信息公开行政复议、行政诉讼情况",
                   "四、政府信息公开行政法复议、行政诉讼情况", None)], id="heading-typo"),
    pytest.param(_renumber(V, "五", "五、政府信息公开工作存在的主要问题及改进情况"), [],
                 id="heading-wording-of-the-format-notice"),
    pytest.param(append(V, "针对上年问题，【待补充：该问题的整改措施和成效】"),
                 [("struct.placeholder", None, "成文", "【待补充：该问题的整改措施和成效】",
                   "【待补充：该问题的整改措施和成效】")], id="placeholder-left"),
    pytest.param(append(OV, "全年共受理申请XXX件。"),
                 [("struct.placeholder", None, "成文", "XXX件", "XXX件")], id="placeholder-xxx"),
]


@pytest.mark.parametrize(("mutation", "expected"), STRUCTURE)
def test_structure_rules(report: Report, mutation: Mutation, expected: list[Row]) -> None:
    mutation(report)
    assert rows(report, run_checks(report)) == expect(*expected)


def test_table_heading_without_data(report: Report) -> None:
    for address in [a for a in report.cells if a.startswith("t4.")]:
        del report.cells[address]
    edit(OV, "全年因政府信息公开被申请行政复议2件，提起行政诉讼1件。", "")(report)
    findings = run_checks(report)
    assert rows(report, findings) == [("t4.empty", None, "表四数据", "无", None)]
    assert findings[0].section is SectionKey.REVIEW_LITIGATION and findings[0].is_error


def test_empty_table_is_found_without_its_section_heading(report: Report) -> None:
    """No 四、 heading and no 表四 data: the table is still missing (besides the section)."""
    blank_table("t4")(report)
    edit(OV, "全年因政府信息公开被申请行政复议2件，提起行政诉讼1件。", "")(report)
    report.sections = [s for s in report.sections if s.key is not SectionKey.REVIEW_LITIGATION]
    assert [f.code for f in run_checks(report)] == ["struct.missing", "t4.empty"]


def test_all_zero_table_is_not_empty(report: Report) -> None:
    """No 复议 or 诉讼 in the year is a table of zeros, which is data."""
    for address in [a for a in report.cells if a.startswith("t4.")]:
        report.cells[address] = 0
    edit(OV, "全年因政府信息公开被申请行政复议2件，提起行政诉讼1件。", "")(report)
    assert run_checks(report) == []


PROOF: list[object] = [
    pytest.param(edit(OV, "扎实推进", "精河工业园区区积极推进"),
                 [("proof.duplicate_char", None, "园区", "园区区", "区区")], id="duplicated-char"),
    pytest.param(edit(OV, "专栏日常维护", "专栏的的日常维护"),
                 [("proof.duplicate_char", None, "栏的", "栏的的", "的的")], id="duplicated-de"),
    pytest.param(append(OV, "切实转变工作作风，今年年底前层层压实责任，与群众息息相关的事项认认真真办好，"
                           "依法公开开展情况，人人参与、常常督促，宽带县县通、村村通，进行行政复议，"
                           "方方面面、实实在在、井井有条，2023年年底前完成。"), [],
                 id="legitimate-doubles"),
    pytest.param(edit(OV, "做好门户网站", "认真部署署门户网站"),
                 [("proof.duplicate_char", None, "部署", "部署署", "署署")], id="duplicated-shu"),
    pytest.param(edit(OV, "认真贯彻落实《条例》", "认真贯彻落实《条例"),
                 [("proof.unbalanced", None, "成对的“《》”", "缺少“》”", "《")], id="unbalanced-book-title"),
    pytest.param(edit(PR, "（电话：0794-1234567）", "（电话：0794-1234567"),
                 [("proof.unbalanced", None, "成对的“（）”", "缺少“）”", "（")], id="unbalanced-bracket"),
    pytest.param(edit(OV, "坚持以公开为常态", "坚持“以公开为常态"),
                 [("proof.unbalanced", None, "成对的““””", "缺少“””", "“")], id="unbalanced-quote"),
    pytest.param(append(X, "1）加强组织领导；2）完善制度建设。"), [], id="enumerators-are-not-brackets"),
    pytest.param(append(X, "\n1）加强组织领导；\n2)完善制度建设。"), [],
                 id="enumerators-at-paragraph-start"),
    pytest.param(append(X, "\n（一）加强组织领导\n（二）完善制度建设（试行"),
                 [("proof.unbalanced", None, "成对的“（）”", "缺少“）”", "（")],
                 id="unbalanced-in-second-paragraph"),
    pytest.param(append(X, "于20231月15日召开专题会议。"),
                 [("proof.date", None, "2023年1月", "20231月", "20231月")], id="date-missing-nian"),
    pytest.param(append(X, "于2023年13月召开专题会议。"),
                 [("proof.date", None, "存在的日期", "2023年13月", "2023年13月")], id="date-month-13"),
    pytest.param(append(X, "于2023年2月30日召开专题会议。"),
                 [("proof.date", None, "存在的日期", "2023年2月30日", "2023年2月30日")],
                 id="date-february-30"),
    pytest.param(append(X, "专项检查时间为2023年3月1日至2022年12月31日。"),
                 [("proof.date", None, "结束日期不早于开始日期", "2023年3月1日至2022年12月31日",
                   "2023年3月1日至2022年12月31日")], id="date-range-reversed"),
    pytest.param(edit(PR, "存在的主要问题及改进情况、其他需要报告的事项六个部分",
                      "存在的主要问题及改进情况六个部分"),
                 [("proof.parts_count", None, "5", "6", "六")], id="parts-count"),
]


@pytest.mark.parametrize(("mutation", "expected"), PROOF)
def test_proofreading_rules(report: Report, mutation: Mutation, expected: list[Row]) -> None:
    mutation(report)
    assert rows(report, run_checks(report)) == expect(*expected)


def test_ambiguous_cells_are_skipped_and_parse_findings_kept(report: Report) -> None:
    """A row the parser could not split: no rule that needs it runs; its finding is shown."""
    for col in ("natural", "commercial", "legal", "total"):
        report.cells[f"t3.new.{col}"] = None
    report.ambiguities.append(SplitAmbiguity(
        table="t3", rows=["new"], printed="2030124",
        candidates=[{"t3.new.natural": 20, "t3.new.commercial": 3, "t3.new.legal": 1,
                     "t3.new.total": 24},
                    {"t3.new.natural": 2, "t3.new.commercial": 0, "t3.new.legal": 31,
                     "t3.new.total": 24}],
    ))
    parsed = Finding(code="parse.ambiguous_split", severity=Severity.WARNING,
                     message="表三“一、本年新收”行的数字“2030124”有两种拆分", cell="t3.new.total")
    report.parse_findings.append(parsed)
    assert run_checks(report) == [parsed]


def test_every_code_is_registered(report: Report) -> None:
    for case in (*TABLES, *TEXT, *STRUCTURE, *PROOF):
        for row in case.values[1]:  # type: ignore[attr-defined]
            assert row[0] in RULES, row[0]


def test_every_check_rule_is_broken_by_some_case() -> None:
    """The tables above, with the cross-year and standalone tests, cover every rule code."""
    from tests.checks.test_crossyear import PAIRS
    covered = {row[0] for case in (*TABLES, *TEXT, *STRUCTURE, *PROOF, *PAIRS)
               for row in case.values[1]}  # type: ignore[attr-defined]
    standalone = {"text.title_year", "xyear.year_gap",
                  "xyear.problems_similar", "xyear.problems_no_followup"}
    # parse.* are the parser's; cite.* the citation checker's (tests/retrieval/test_citations.py);
    # draft.* and ledger.* the drafter's and the ledger's; *.unfilled and text.stale_number the
    # workspace's (tests/workspace)
    elsewhere = ("parse.", "cite.", "draft.", "ledger.", "t2.unfilled", "t3.unfilled", "t4.unfilled",
                 "text.stale_number")
    own = {code for code in RULES if not code.startswith(elsewhere)}
    assert own - covered - standalone == set()


def test_table_heading_without_data_already_reported_by_the_parser(report: Report) -> None:
    for address in [a for a in report.cells if a.startswith("t4.")]:
        del report.cells[address]
    edit(OV, "全年因政府信息公开被申请行政复议2件，提起行政诉讼1件。", "")(report)
    parsed = Finding(code="parse.table_empty", severity=Severity.ERROR, message="没有读到表四",
                     section=SectionKey.REVIEW_LITIGATION)
    report.parse_findings.append(parsed)
    assert run_checks(report) == [parsed]


def test_row_the_parser_could_not_split_is_skipped(report: Report) -> None:
    """After parse.split_failed the cells hold the printed row as raw text: not a value."""
    for col in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"):
        report.cells[f"t3.handled_total.{col}"] = None
        report.raw_cells[f"t3.handled_total.{col}"] = "2130001025"
    parsed = Finding(code="parse.split_failed", severity=Severity.ERROR, message="无法拆分",
                     section=SectionKey.APPLICATIONS, cell="t3.handled_total.natural",
                     cells=tuple(f"t3.handled_total.{c}" for c in ("natural", "commercial",
                                 "research", "nonprofit", "legal", "other_org", "total")))
    report.parse_findings.append(parsed)
    assert run_checks(report) == [parsed]


def test_integer_left_unread_is_not_used(report: Report) -> None:
    raw(t3__public__natural="12")(report)
    assert run_checks(report) == []
