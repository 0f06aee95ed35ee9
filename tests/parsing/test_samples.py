"""The real published reports: what the parser must read from each (samples/README.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.cells import FormatVersion, addresses, t3_outcome_rows
from assistant.findings import SectionKey
from assistant.parsing.normalise import normalise_text
from assistant.report import Report
from tests.parsing.conftest import SAMPLES

JINGHE = "jinghe-gongyeyuanqu-2021.txt"
PT20 = "pingtan-zone-2020.txt"
PT21 = "pingtan-zone-2021.txt"
PT22 = "pingtan-zone-2022.txt"
SHANGHAI = "shanghai-gov-office-2019.txt"
SHUYANG = "shuyang-fgj-2023.html"

V19, V21 = FormatVersion.V2019, FormatVersion.V2021


@pytest.mark.parametrize(("sample", "agency", "year", "version", "title"), [
    (JINGHE, "精河工业园区管理委员会", 2021, V21, None),
    (PT20, "平潭综合实验区", 2020, V19, "平潭综合实验区2020年政府信息公开工作年度报告"),
    (PT21, "平潭综合实验区", 2021, V21, None),
    (PT22, "平潭综合实验区", 2022, V21, None),
    (SHANGHAI, "上海市人民政府办公厅", 2019, V19, "2019年上海市人民政府办公厅政府信息公开工作年度报告"),
    (SHUYANG, "沭阳县发展和改革局", 2023, V21, "沭阳县发展和改革局2023年政府信息公开年度报告"),
])
def test_meta(parsed: dict[str, Report], sample: str, agency: str | None, year: int,
              version: FormatVersion, title: str | None) -> None:
    meta = parsed[sample].meta
    assert meta.agency == agency
    assert meta.year == year
    assert meta.format_version is version
    assert meta.title == title
    assert meta.period_start == date(year, 1, 1)
    assert meta.period_end == date(year, 12, 31)
    assert meta.source is not None and meta.source.endswith(sample)


@pytest.mark.parametrize(("sample", "published"), [
    (SHANGHAI, date(2020, 1, 31)),
    (SHUYANG, date(2024, 1, 17)),
    (JINGHE, None),
    (PT21, None),
])
def test_published_on(parsed: dict[str, Report], sample: str, published: date | None) -> None:
    assert parsed[sample].meta.published_on == published


SIX = [SectionKey.OVERVIEW, SectionKey.PROACTIVE, SectionKey.APPLICATIONS,
       SectionKey.REVIEW_LITIGATION, SectionKey.PROBLEMS, SectionKey.OTHER]


@pytest.mark.parametrize("sample", [JINGHE, PT20, PT21, PT22, SHANGHAI, SHUYANG])
def test_preface_and_six_sections_in_order(parsed: dict[str, Report], sample: str) -> None:
    sections = parsed[sample].sections
    assert [s.key for s in sections] == [SectionKey.PREFACE, *SIX]
    assert [s.numeral for s in sections[1:]] == list("一二三四五六")
    offsets = [s.offset for s in sections]
    assert offsets == sorted(offsets)


@pytest.mark.parametrize(("sample", "key", "heading"), [
    (SHUYANG, SectionKey.PROBLEMS, "五、存在的主要问题及整改措施"),
    (SHANGHAI, SectionKey.PROBLEMS, "五、政府信息公开工作存在的主要问题及改进情况"),
    (PT22, SectionKey.REVIEW_LITIGATION, "四、政府信息公开行政法复议、行政诉讼情况"),
    (PT20, SectionKey.OVERVIEW, "一、总体情况"),
    (JINGHE, SectionKey.OTHER, "六、其他需要报告的事项"),
])
def test_headings_as_printed(parsed: dict[str, Report], sample: str, key: SectionKey,
                             heading: str) -> None:
    section = parsed[sample].section(key)
    assert section is not None
    assert section.heading == heading


@pytest.mark.parametrize("sample", [JINGHE, PT20, PT21, PT22, SHANGHAI])
def test_offsets_point_at_headings_in_normalised_text(parsed: dict[str, Report],
                                                      sample: str) -> None:
    text = normalise_text((SAMPLES / sample).read_text("utf-8"))
    for section in parsed[sample].sections[1:]:
        assert section.offset is not None
        assert text[section.offset:].startswith(section.heading)


@pytest.mark.parametrize(("sample", "key", "start", "end"), [
    (JINGHE, SectionKey.PROBLEMS, "存在的主要问题", "落实好政府信息公开工作。"),
    (JINGHE, SectionKey.OVERVIEW, "㈠主动公开情况", "年度目标的完成。"),
    (JINGHE, SectionKey.PREFACE, "本年度报告是根据", "联系方式:0909-5339910】"),
    (PT21, SectionKey.PROBLEMS, "（一）存在的主要问题", "政务新媒体作用。"),
    (PT21, SectionKey.OTHER, "2021年，无收取信息处理费情况。", "2021年，无收取信息处理费情况。"),
    (SHANGHAI, SectionKey.OTHER, "无。", "无。"),
    (SHANGHAI, SectionKey.PREFACE, "本年度报告根据", "下载。"),
    (SHUYANG, SectionKey.PREFACE, "根据《中华人民共和国政府信息公开条例》", "）。"),
    (SHUYANG, SectionKey.OTHER, "2023年度，县发展和改革局", "2024年1月17日"),
])
def test_section_text(parsed: dict[str, Report], sample: str, key: SectionKey, start: str,
                      end: str) -> None:
    text = parsed[sample].text(key)
    assert text.startswith(start)
    assert text.endswith(end)


@pytest.mark.parametrize("sample", [JINGHE, PT20, PT21, PT22, SHANGHAI, SHUYANG])
def test_table_sections_have_no_table_text(parsed: dict[str, Report], sample: str) -> None:
    report = parsed[sample]
    for key in (SectionKey.PROACTIVE, SectionKey.APPLICATIONS, SectionKey.REVIEW_LITIGATION):
        text = report.text(key)
        assert "本年新收" not in text and "结果维持" not in text and "信息内容" not in text


def test_title_and_date_lines_are_not_preface(parsed: dict[str, Report]) -> None:
    assert "发布日期" not in parsed[SHANGHAI].text(SectionKey.PREFACE)
    assert not parsed[PT20].text(SectionKey.PREFACE).startswith("平潭综合实验区2020年")


def test_jinghe_every_cell_is_zero(parsed: dict[str, Report]) -> None:
    report = parsed[JINGHE]
    assert set(report.cells) == addresses(FormatVersion.V2021)
    assert all(value == 0 for value in report.cells.values())
    assert report.raw_cells == {}
    assert report.ambiguities == []
    assert report.parse_findings == []


CELLS: list[tuple[str, str, int | Decimal | None]] = [
    # 平潭 2020 (2019 trial format, cells run together)
    (PT20, "t3.new.natural", 20), (PT20, "t3.new.other_org", 1), (PT20, "t3.new.total", 21),
    (PT20, "t3.public.natural", 6), (PT20, "t3.public.total", 7),
    (PT20, "t3.partial.total", 6), (PT20, "t3.unable_1.total", 4), (PT20, "t3.unable_3.total", 3),
    (PT20, "t3.not_processed_2.total", 3), (PT20, "t3.other.natural", 4),
    (PT20, "t3.handled_total.natural", 20), (PT20, "t3.handled_total.other_org", 1),
    (PT20, "t3.handled_total.total", 21), (PT20, "t3.carried_out.total", 0),
    (PT20, "t2.rules.public_total", 7), (PT20, "t2.penalty.prev_items", 2648),
    (PT20, "t2.fees.prev_items", 35), (PT20, "t2.fees.change", -15),
    (PT20, "t4.review.total", 0), (PT20, "t4.suit_after_review.total", 0),
    # 平潭 2021
    (PT21, "t3.new.natural", 64), (PT21, "t3.new.nonprofit", 2), (PT21, "t3.new.other_org", 4),
    (PT21, "t3.new.total", 70), (PT21, "t3.public.natural", 27), (PT21, "t3.public.total", 30),
    (PT21, "t3.partial.total", 5), (PT21, "t3.withheld_5.total", 1),
    (PT21, "t3.withheld_7.natural", 6), (PT21, "t3.unable_1.natural", 22),
    (PT21, "t3.unable_1.other_org", 3), (PT21, "t3.unable_1.total", 25),
    (PT21, "t3.other_3.total", 1), (PT21, "t3.handled_total.natural", 63),
    (PT21, "t3.handled_total.total", 69), (PT21, "t3.carried_out.total", 1),
    (PT21, "t2.licensing.decisions", 2293), (PT21, "t2.penalty.decisions", 1282),
    (PT21, "t2.coercion.decisions", 42), (PT21, "t2.fees.amount_wan", Decimal("24252.311082")),
    (PT21, "t4.review.upheld", 1), (PT21, "t4.review.other", 2), (PT21, "t4.review.total", 3),
    (PT21, "t4.suit_direct.upheld", 12), (PT21, "t4.suit_direct.total", 12),
    (PT21, "t4.suit_after_review.total", 0),
    # 平潭 2022
    (PT22, "t3.new.natural", 71), (PT22, "t3.new.commercial", 3), (PT22, "t3.new.total", 74),
    (PT22, "t3.carried_in.total", 1), (PT22, "t3.partial.commercial", 1),
    (PT22, "t3.unable_1.total", 37), (PT22, "t3.other_1.total", 2),
    (PT22, "t3.other_3.commercial", 2), (PT22, "t3.handled_total.total", 75),
    (PT22, "t3.carried_out.total", 0), (PT22, "t2.licensing.decisions", 10690),
    (PT22, "t2.fees.amount_wan", Decimal("9116.36")), (PT22, "t2.coercion.decisions", 0),
    (PT22, "t4.review.corrected", 1), (PT22, "t4.review.other", 1), (PT22, "t4.review.total", 2),
    (PT22, "t4.suit_direct.upheld", 1), (PT22, "t4.suit_direct.total", 1),
    # 上海 2019 (rows with " | ", blanks printed as （空）)
    (SHANGHAI, "t3.new.natural", 821), (SHANGHAI, "t3.new.commercial", 35),
    (SHANGHAI, "t3.new.research", None), (SHANGHAI, "t3.new.legal", 2),
    (SHANGHAI, "t3.new.other_org", 1), (SHANGHAI, "t3.new.total", 859),
    (SHANGHAI, "t3.carried_in.total", 18), (SHANGHAI, "t3.public.natural", 258),
    (SHANGHAI, "t3.public.commercial", 12), (SHANGHAI, "t3.public.legal", 1),
    (SHANGHAI, "t3.public.other_org", 1), (SHANGHAI, "t3.public.total", None),
    (SHANGHAI, "t3.partial.natural", 3), (SHANGHAI, "t3.unable_1.natural", 252),
    (SHANGHAI, "t3.unable_1.legal", 1), (SHANGHAI, "t3.not_processed_1.natural", 148),
    (SHANGHAI, "t3.other.natural", None), (SHANGHAI, "t3.handled_total.natural", 767),
    (SHANGHAI, "t3.handled_total.total", 805), (SHANGHAI, "t3.carried_out.natural", 72),
    (SHANGHAI, "t2.rules.made", 13), (SHANGHAI, "t2.rules.public_total", 524),
    (SHANGHAI, "t2.normative.public_total", 368), (SHANGHAI, "t2.procurement.items", 6),
    (SHANGHAI, "t2.procurement.amount_yuan", Decimal(251000)),
    (SHANGHAI, "t4.review.upheld", 5), (SHANGHAI, "t4.review.corrected", None),
    (SHANGHAI, "t4.review.pending", 2), (SHANGHAI, "t4.review.total", 7),
    (SHANGHAI, "t4.suit_direct.upheld", 8), (SHANGHAI, "t4.suit_direct.pending", 1),
    (SHANGHAI, "t4.suit_direct.total", 9), (SHANGHAI, "t4.suit_after_review.total", None),
    # 沭阳 2023 (HTML; 法人或其他组织 columns left as empty cells)
    (SHUYANG, "t3.new.natural", 26), (SHUYANG, "t3.new.commercial", None),
    (SHUYANG, "t3.new.other_org", None), (SHUYANG, "t3.new.total", 26),
    (SHUYANG, "t3.public.natural", 26), (SHUYANG, "t3.public.total", 26),
    (SHUYANG, "t3.handled_total.total", 26), (SHUYANG, "t3.carried_out.total", 0),
    (SHUYANG, "t3.other_3.total", 0), (SHUYANG, "t2.normative.issued", 8),
    (SHUYANG, "t2.normative.in_force", 18), (SHUYANG, "t2.fees.amount_wan", Decimal(0)),
    (SHUYANG, "t4.review.pending", 1), (SHUYANG, "t4.review.total", 1),
    (SHUYANG, "t4.review.upheld", 0), (SHUYANG, "t4.suit_direct.total", 0),
]


@pytest.mark.parametrize(("sample", "address", "value"), CELLS)
def test_cells(parsed: dict[str, Report], sample: str, address: str,
               value: int | Decimal | None) -> None:
    report = parsed[sample]
    assert address in report.cells, f"{address} not read"
    assert report.cells[address] == value
    if value is not None:
        assert type(report.cells[address]) is type(value)


@pytest.mark.parametrize(("sample", "address", "raw"), [
    (SHANGHAI, "t3.new.research", "（空）"),
    (SHANGHAI, "t3.public.total", "（空）"),
    (SHANGHAI, "t4.suit_after_review.total", "（空）"),
    (SHANGHAI, "t2.procurement.amount_yuan", "251000元"),
    (SHUYANG, "t3.new.commercial", ""),
    (SHUYANG, "t3.carried_out.other_org", ""),
])
def test_raw_cells(parsed: dict[str, Report], sample: str, address: str, raw: str) -> None:
    assert parsed[sample].raw_cells[address] == raw


@pytest.mark.parametrize("sample", [SHANGHAI, SHUYANG, PT21, PT22])
def test_every_cell_is_read(parsed: dict[str, Report], sample: str) -> None:
    report = parsed[sample]
    assert set(report.cells) == addresses(report.version)


def test_shuyang_blank_columns_do_not_shift(parsed: dict[str, Report]) -> None:
    report = parsed[SHUYANG]
    for row in ("new", "public", "handled_total"):
        assert report.cells[f"t3.{row}.natural"] == 26
        assert report.cells[f"t3.{row}.total"] == 26
        for col in ("commercial", "research", "nonprofit", "legal", "other_org"):
            assert report.cells[f"t3.{row}.{col}"] is None
            assert report.raw_cells[f"t3.{row}.{col}"] == ""


def test_pingtan_2020_keeps_the_printed_total_that_disagrees_with_its_items(
    parsed: dict[str, Report],
) -> None:
    """（七）总计 is printed 20/21; its items add up to 26/27: keep 20/21 for the checks."""
    report = parsed[PT20]
    outcomes = t3_outcome_rows(report.version)
    natural = sum(report.cells[f"t3.{row}.natural"] or 0 for row in outcomes)
    total = sum(report.cells[f"t3.{row}.total"] or 0 for row in outcomes)
    assert (natural, total) == (26, 27)
    assert report.cells["t3.handled_total.natural"] == 20
    assert report.cells["t3.handled_total.total"] == 21


def test_pingtan_2021_columns_balance(parsed: dict[str, Report]) -> None:
    """The joint column rules chose among the splits of 270020130 etc.: all balance."""
    report = parsed[PT21]
    for col in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"):
        items = sum(report.cells[f"t3.{row}.{col}"] or 0
                    for row in t3_outcome_rows(report.version))
        assert items == report.cells[f"t3.handled_total.{col}"]
        value = {row: report.cells[f"t3.{row}.{col}"] or 0
                 for row in ("new", "carried_in", "handled_total", "carried_out")}
        assert value["new"] + value["carried_in"] == value["handled_total"] + value["carried_out"]


@pytest.mark.parametrize(("sample", "row", "printed", "some_candidate"), [
    (PT21, "normative", "693665", {"t2.normative.issued": 69, "t2.normative.repealed": 3,
                                    "t2.normative.in_force": 665}),
    (PT22, "normative", "8855698", {"t2.normative.issued": 88, "t2.normative.repealed": 55,
                                     "t2.normative.in_force": 698}),
    (PT20, "penalty", "2648 -18538", {"t2.penalty.prev_items": 2648, "t2.penalty.change": -185,
                                       "t2.penalty.decisions": 38}),
])
def test_unruled_runs_are_reported_as_ambiguous(parsed: dict[str, Report], sample: str,
                                                row: str, printed: str,
                                                some_candidate: dict[str, int]) -> None:
    report = parsed[sample]
    ambiguity = next(a for a in report.ambiguities if a.rows == [row])
    assert ambiguity.table == "t2"
    assert ambiguity.printed == printed
    assert some_candidate in ambiguity.candidates
    assert len(ambiguity.candidates) > 1
    for address in some_candidate:
        if len({c[address] for c in ambiguity.candidates}) > 1:
            assert report.cells[address] is None
            assert report.raw_cells[address] == printed
    finding = next(f for f in report.parse_findings
                   if f.code == "parse.ambiguous_split" and f.cell in some_candidate)
    assert finding.severity == "warning"
    assert finding.section is SectionKey.PROACTIVE
    assert printed in finding.message


def test_pingtan_2020_penalty_prev_items_agreed_by_every_split(parsed: dict[str, Report]) -> None:
    report = parsed[PT20]
    assert report.cells["t2.penalty.prev_items"] == 2648
    assert report.cells["t2.penalty.change"] is None


@pytest.mark.parametrize("sample", [JINGHE, PT20, PT21, PT22, SHANGHAI, SHUYANG])
def test_report_json_round_trips(parsed: dict[str, Report], sample: str) -> None:
    report = parsed[sample]
    assert Report.from_json(report.to_json()) == report
