"""The known facts of the real samples (shared/samples/README.md), on hand-built reports.

The tables are copied from the published text; the narrative is the published text. These do
not need the parser: they pin what the checks must say about what those reports printed.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.cells import T3_COLUMNS, T4_COLUMNS, T4_GROUPS, FormatVersion, t3_rows
from assistant.checks import bind_numbers, run_checks
from assistant.findings import SECTION_NUMERALS, SectionKey, Severity
from assistant.report import Report, Section
from tests.checks.helpers import rows

SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"


def _put(report: Report, address: str, printed: str) -> None:
    printed = printed.strip()
    if re.fullmatch(r"\d+", printed):
        report.cells[address] = int(printed)
    else:
        report.cells[address] = None
        report.raw_cells[address] = printed


def _t3(report: Report, values: list[list[str]]) -> None:
    specs = t3_rows(report.version)
    assert len(values) == len(specs)
    for spec, row in zip(specs, values, strict=True):
        for (col, _), printed in zip(T3_COLUMNS, row, strict=True):
            _put(report, f"t3.{spec.key}.{col}", printed)


def _t4(report: Report, values: list[str]) -> None:
    addresses = [f"t4.{g}.{c}" for g, _ in T4_GROUPS for c, _ in T4_COLUMNS]
    for address, printed in zip(addresses, values, strict=True):
        _put(report, address, printed)


def _sections(report: Report, preface: str, texts: dict[SectionKey, str]) -> None:
    report.sections = [Section(key=SectionKey.PREFACE, text=preface)] + [
        Section(key=key, numeral=numeral, heading=f"{numeral}、…", text=texts.get(key, ""))
        for key, numeral in SECTION_NUMERALS.items()
    ]


# --- 上海市人民政府办公厅 2019 -------------------------------------------------------------------


def shanghai() -> Report:
    text = (SAMPLES / "shanghai-gov-office-2019.txt").read_text("utf-8")
    report = Report.blank(FormatVersion.V2019, agency="上海市人民政府办公厅", year=2019)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    _t3(report, [line.split(" | ")[1:] for line in lines[start:start + 23]])
    t4_line = next(line for line in lines if line.startswith("5 | "))
    _t4(report, t4_line.split(" | "))
    overview = text[text.index("一、总体情况") + 7:text.index("二、主动公开政府信息情况")]
    preface = text[text.index("本年度报告根据"):text.index("一、总体情况")]
    problems = text[text.index("五、政府信息公开工作存在") + 23:text.index("六、其他需要报告")]
    _sections(report, preface, {SectionKey.OVERVIEW: overview, SectionKey.PROBLEMS: problems,
                                SectionKey.OTHER: "无。"})
    return Report.model_validate(report.model_dump())


def test_shanghai_text_disagrees_with_tables() -> None:
    report = shanghai()
    findings = run_checks(report)
    errors = [r for r in rows(report, findings) if not r[0].endswith(".blank")]
    assert errors == [
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


def test_shanghai_blank_cells_are_warnings_not_sum_errors() -> None:
    report = shanghai()
    blanks = [f for f in run_checks(report) if f.code == "t3.blank"]
    assert all(f.severity is Severity.WARNING for f in blanks)
    assert blanks and all("（空）" in f.message for f in blanks)
    # the 总计 column of 三（一）…（六） is blank throughout: no sum is reported for it
    assert not [f for f in run_checks(report) if f.code.startswith("t3.") and f.is_error]


def test_shanghai_numbers_that_agree_are_bound() -> None:
    bound = {(b.kind, b.value): b.matches for b in bind_numbers(shanghai())}
    assert bound == {
        ("received", 859): True, ("handled", 805): True, ("carried_in", 18): True,
        ("carried_out", 72): True, ("public_partial", 258): False, ("withheld", 35): True,
        ("unable", 265): False, ("not_processed", 158): True, ("other", 0): True,
        ("review", 7): True, ("litigation", 9): True,
    }


# --- 平潭综合实验区 2020, 2021, 2022 ------------------------------------------------------------

_Z = ["0"] * 7


def _row(*values: int) -> list[str]:
    return [str(v) for v in values]


def pingtan_2020() -> Report:
    report = Report.blank(FormatVersion.V2019, agency="平潭综合实验区", year=2020)
    t3 = [_row(20, 0, 0, 0, 0, 1, 21), _Z, _row(6, 0, 0, 0, 0, 1, 7), _row(6, 0, 0, 0, 0, 0, 6),
          *[_Z] * 8, _row(4, 0, 0, 0, 0, 0, 4), _Z, _row(3, 0, 0, 0, 0, 0, 3),
          _Z, _row(3, 0, 0, 0, 0, 0, 3), _Z, _Z, _Z, _row(4, 0, 0, 0, 0, 0, 4),
          _row(20, 0, 0, 0, 0, 1, 21), _Z]
    _t3(report, t3)
    _sections(report, "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。", {
        SectionKey.OVERVIEW: "4.认真办理依申请公开2020年全区各级行政机关共受理政府信息公开申请21件，"
                             "受理的申请件已按规定在法定期限内予以答复。",
        SectionKey.PROBLEMS: "基层政务公开标准化规范化水平有待进一步提升；各部门政府信息公开工作的开展"
                             "还不够均衡。",
        SectionKey.OTHER: "无其他需要报告的事项",
    })
    return Report.model_validate(report.model_dump())


def test_pingtan_2020_handled_total_does_not_add_up() -> None:
    report = pingtan_2020()
    assert rows(report, run_checks(report)) == [
        ("t3.handled_sum", "t3.handled_total.natural", "26", "20", None),
        ("t3.handled_sum", "t3.handled_total.total", "27", "21", None),
    ]


def pingtan(year: int) -> Report:
    report = Report.blank(FormatVersion.V2021, agency="平潭综合实验区", year=year)
    if year == 2021:
        t3 = [_row(64, 0, 0, 2, 0, 4, 70), _Z, _row(27, 0, 0, 2, 0, 1, 30), _row(5, 0, 0, 0, 0, 0, 5),
              _Z, _Z, _Z, _Z, _row(1, 0, 0, 0, 0, 0, 1), _Z, _row(6, 0, 0, 0, 0, 0, 6),
              _row(1, 0, 0, 0, 0, 0, 1), _row(22, 0, 0, 0, 0, 3, 25), _Z, _Z, *[_Z] * 5, _Z, _Z,
              _row(1, 0, 0, 0, 0, 0, 1), _row(63, 0, 0, 2, 0, 4, 69), _row(1, 0, 0, 0, 0, 0, 1)]
        t4 = ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
        applications = ("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。")
    else:
        t3 = [_row(71, 3, 0, 0, 0, 0, 74), _row(1, 0, 0, 0, 0, 0, 1), _row(21, 0, 0, 0, 0, 0, 21),
              _row(8, 1, 0, 0, 0, 0, 9), _Z, _Z, _Z, _Z, _row(1, 0, 0, 0, 0, 0, 1),
              _row(2, 0, 0, 0, 0, 0, 2), _row(1, 0, 0, 0, 0, 0, 1), _Z,
              _row(37, 0, 0, 0, 0, 0, 37), _Z, _Z, *[_Z] * 5, _row(2, 0, 0, 0, 0, 0, 2), _Z,
              _row(0, 2, 0, 0, 0, 0, 2), _row(72, 3, 0, 0, 0, 0, 75), _Z]
        t4 = ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
        applications = ("2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定"
                        "期限内予以答复，办结率100%。2022年，全区政府信息公开工作方面共有行政诉讼"
                        "案件1件、行政复议案件2件，均已结案。")
    _t3(report, t3)
    _t4(report, t4)
    _sections(report, f"本报告所列数据统计时限为{year}年1月1日至{year}年12月31日。", {
        SectionKey.OVERVIEW: f"{year}年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导。"
                             f"（二）依申请公开方面。{applications}",
        SectionKey.PROBLEMS: "一是重大行政决策预公开程度需进一步加强，意见征集形式较为单一。"
                             "二是部分重点领域信息公开深度不足。",
        SectionKey.OTHER: f"{year}年，无收取信息处理费情况。",
    })
    return Report.model_validate(report.model_dump())


def test_pingtan_2021_and_2022_are_consistent() -> None:
    assert run_checks(pingtan(2021)) == []
    assert run_checks(pingtan(2022)) == []


def test_pingtan_2022_received_75_counts_new_74_plus_carried_in_1() -> None:
    received = next(b for b in bind_numbers(pingtan(2022)) if b.kind == "received")
    assert (received.value, received.table_value, received.matches) == (75, 74, True)
    assert received.matched_note == "第一项加第二项（本年新收加上年结转）"


def test_pingtan_2022_carry_over_matches_2021() -> None:
    findings = run_checks(pingtan(2022), pingtan(2021))
    assert not [f for f in findings if f.code == "xyear.carry_over"]


# --- 精河工业园区 2021 ---------------------------------------------------------------------


def jinghe() -> Report:
    text = (SAMPLES / "jinghe-gongyeyuanqu-2021.txt").read_text("utf-8")
    report = Report.blank(FormatVersion.V2021, agency="精河工业园区管理委员会", year=2021)
    heads = {key: text.index(f"\n{numeral}、") for key, numeral in SECTION_NUMERALS.items()}
    bounds = [*heads.values(), len(text)]
    texts = {}
    for (key, start), end in zip(heads.items(), bounds[1:], strict=True):
        body = text[text.index("\n", start + 1) + 1:end]
        texts[key] = "" if " |" in body else body
    _sections(report, text[:heads[SectionKey.OVERVIEW]], texts)
    return Report.model_validate(report.model_dump())


def test_jinghe_duplicate_character_and_missing_fee_sentence_only() -> None:
    report = jinghe()
    assert rows(report, run_checks(report)) == [
        ("proof.duplicate_char", None, "园区", "园区区", "区区"),
        ("struct.fee_missing", None, "写明信息处理费收取情况", "未提及", None),
    ]
