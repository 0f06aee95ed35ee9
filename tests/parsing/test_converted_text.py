"""Text from PDF viewers, converters and pasted pages (tests/fixtures/converted): page numbers
and running headers dropped, wrapped labels rejoined, misprinted labels matched, rows without
a label placed by position, （六）其他处理 as one row, header blocks read as metadata, Markdown
tables under placeholder headers. Every fixture reads cell-exact, with no false error."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.cells import T2_2021, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, FormatVersion, t3_rows
from assistant.checks import run_checks
from assistant.findings import SectionKey, Severity
from assistant.parsing import parse_file, parse_text
from assistant.parsing.labels import compact_label, t2_patterns, t3_patterns
from assistant.parsing.meta import find_header_block
from assistant.parsing.normalise import blank_page_furniture
from assistant.parsing.variants import T2_CORES, T3_CORES
from assistant.report import Report
from tests.parsing.conftest import SAMPLES
from tests.parsing.forms import Row, consistent_values, markdown, pipe_rows, render, tables

CONVERTED = Path(__file__).resolve().parents[1] / "fixtures" / "converted"
V19, V21 = FormatVersion.V2019, FormatVersion.V2021
COLS = [col for col, _ in T3_COLUMNS]
OTHER_ITEMS = {f"t3.other_{i}.{col}" for i in (1, 2, 3) for col in COLS}
SIX = [SectionKey.OVERVIEW, SectionKey.PROACTIVE, SectionKey.APPLICATIONS,
       SectionKey.REVIEW_LITIGATION, SectionKey.PROBLEMS, SectionKey.OTHER]


def read(name: str) -> Report:
    return parse_text((CONVERTED / name).read_text("utf-8"))


def errors(report: Report) -> list[str]:
    return [f"{f.code}: {f.message}" for f in run_checks(report) if f.severity is Severity.ERROR]


def codes(report: Report) -> list[str]:
    return [f.code for f in report.parse_findings]


def hongze_cells() -> dict[str, int | Decimal | None]:
    """淮安市洪泽区 2024 as the README in samples/ gives it (表三: all in 自然人 = 总计)."""
    cells: dict[str, int | Decimal | None] = {
        "t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0,
        "t2.normative.issued": 3, "t2.normative.repealed": 0, "t2.normative.in_force": 8,
        "t2.licensing.decisions": 9487, "t2.penalty.decisions": 2776,
        "t2.coercion.decisions": 84, "t2.fees.amount_wan": Decimal(7545),
    }
    t3 = {"new": 95, "public": 50, "partial": 9, "withheld_3": 1, "withheld_6": 1,
          "withheld_7": 1, "unable_1": 31, "unable_2": 1, "not_processed_1": 1,
          "handled_total": 95}
    for spec in t3_rows(V21):
        if spec.key.startswith("other_"):
            continue  # printed as one row: its three items are not known
        for col in COLS:
            cells[f"t3.{spec.key}.{col}"] = t3.get(spec.key, 0) if col in ("natural", "total") else 0
    t4 = {"review": (1, 1, 0, 0, 2), "suit_direct": (1, 0, 0, 0, 1),
          "suit_after_review": (2, 0, 1, 0, 3)}
    for group, values in t4.items():
        for (col, _), value in zip(T4_COLUMNS, values, strict=True):
            cells[f"t4.{group}.{col}"] = value
    return cells


def from_sample(name: str, **truth: int) -> dict[str, int | Decimal | None]:
    """The original sample's cells, with the true values of cells it printed ambiguously."""
    cells = dict(parse_file(SAMPLES / name).cells)
    cells.update({key.replace("__", "."): value for key, value in truth.items()})
    return cells


CASES: dict[str, Callable[[], dict[str, int | Decimal | None]]] = {
    "hongze-gov-2024.layout.txt": hongze_cells,
    "pingtan-zone-2021.md": lambda: {
        k: v for k, v in from_sample("pingtan-zone-2021.txt", t2__normative__issued=69,
                                     t2__normative__repealed=3,
                                     t2__normative__in_force=665).items()
        if k not in OTHER_ITEMS},
    "pingtan-zone-2022.viewer.txt": lambda: from_sample(
        "pingtan-zone-2022.txt", t2__normative__issued=88, t2__normative__repealed=55,
        t2__normative__in_force=698),
    "jinghe-gongyeyuanqu-2021.runtogether.txt": lambda: from_sample(
        "jinghe-gongyeyuanqu-2021.txt"),
    "shuyang-fgj-2023.pasted.txt": lambda: from_sample("shuyang-fgj-2023.html"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_converted_text_reads_cell_exact_with_no_false_error(name: str) -> None:
    report = read(name)
    assert report.cells == CASES[name]()
    assert report.ambiguities == []
    assert errors(report) == []
    assert [s.key for s in report.sections][1:] == SIX


@pytest.mark.parametrize(("name", "original"), [
    ("pingtan-zone-2021.md", "pingtan-zone-2021.txt"),
    ("pingtan-zone-2022.viewer.txt", "pingtan-zone-2022.txt"),
    ("jinghe-gongyeyuanqu-2021.runtogether.txt", "jinghe-gongyeyuanqu-2021.txt"),
    ("shuyang-fgj-2023.pasted.txt", "shuyang-fgj-2023.html"),
])
def test_the_text_is_the_originals_without_page_furniture(name: str, original: str) -> None:
    """Page numbers, running headers, header blocks and converter headers are gone; lines
    broken at the page width are joined again: each part reads as in the original page."""
    report, source = read(name), parse_file(SAMPLES / original)
    for key in (SectionKey.PREFACE, SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER):
        assert "".join(report.text(key).split()) == "".join(source.text(key).split()), key
    for key in (SectionKey.PROACTIVE, SectionKey.APPLICATIONS):
        assert report.text(key) == ""
    same = {f.code for f in run_checks(source) if not f.code.startswith("parse.")}
    mine = {f.code for f in run_checks(report) if not f.code.startswith("parse.")}
    assert mine <= same | {"t4.after_review_exceeds_review"}


def test_hongze_pdf_text() -> None:
    """pdftotext -layout of the real PDF: "-2-" inside 表二, "-3-" inside 表三's rows, the wrapped
    labels, the misprint, （六） as one row, 表四's header over several lines."""
    report = read("hongze-gov-2024.layout.txt")
    meta = report.meta
    assert (meta.agency, meta.year) == ("淮安市洪泽区人民政府", 2024)
    assert (meta.period_start, meta.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert codes(report) == ["parse.other_one_row"]
    note = report.parse_findings[0]
    assert note.severity is Severity.WARNING and note.cell == "t3.other_1.natural"
    assert set(note.cells) | {note.cell} == OTHER_ITEMS
    for section in report.sections:
        assert not re.search(r"^\s*-\d+-\s*$", section.text, re.M)
    assert report.text(SectionKey.REVIEW_LITIGATION) == ""
    other = report.text(SectionKey.OTHER)
    assert other == "2024 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。"
    assert "区政府办代表区政府受理政府信息公开申请 17 件" in report.text(SectionKey.OVERVIEW)


def test_markdown_with_a_header_block() -> None:
    report = read("pingtan-zone-2021.md")
    meta = report.meta
    assert (meta.agency, meta.year) == ("平潭综合实验区", 2021)
    assert meta.title == "平潭综合实验区2021年政府信息公开工作年度报告"
    assert meta.published_on == date(2022, 2, 8)
    assert meta.source == "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm"
    assert sorted(codes(report)) == ["parse.other_one_row", "parse.row_by_position"]
    placed = next(f for f in report.parse_findings if f.code == "parse.row_by_position")
    assert placed.cell == "t3.carried_in.natural" and "列合计也相符" in placed.message
    assert OTHER_ITEMS.isdisjoint(report.cells)
    assert not report.text(SectionKey.PREFACE).startswith(("#", "标题"))


def test_viewer_copy() -> None:
    report = read("pingtan-zone-2022.viewer.txt")
    assert report.meta.year == 2022 and report.meta.title == "平潭综合实验区2022年政府信息公开工作年度报告"
    assert codes(report) == []
    text = "\n".join(s.text for s in report.sections)
    assert not re.search(r"^\d+ / 5$", text, re.M)
    assert text.count("平潭综合实验区2022年政府信息公开工作年度报告") == 0


def test_run_together_zeros_with_blank_cells() -> None:
    report = read("jinghe-gongyeyuanqu-2021.runtogether.txt")
    said = [f for f in report.parse_findings if f.code == "parse.split_resolved"]
    assert {f.cell for f in said} == {"t2.normative.issued", "t3.carried_in.natural",
                                      "t3.withheld_4.natural", "t3.unable_3.natural",
                                      "t3.not_processed_2.natural", "t4.review.upheld"}
    assert all(f.severity is Severity.WARNING and "按0读取" in f.message for f in said)
    assert len(said) == len(report.parse_findings)


def test_pasted_page_gets_its_year_from_the_header_block() -> None:
    report = read("shuyang-fgj-2023.pasted.txt")
    meta = report.meta
    assert (meta.agency, meta.year, meta.published_on) == ("沭阳县发展和改革局", 2023, date(2024, 1, 17))
    assert meta.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert meta.source is not None and meta.source.startswith("http://www.shuyang.gov.cn/")
    assert parse_text((CONVERTED / "shuyang-fgj-2023.pasted.txt").read_text(), source="x.txt").meta.source == "x.txt"
    assert codes(report) == ["parse.row_by_position"]
    assert report.text(SectionKey.REVIEW_LITIGATION) == "本年度发生行政复议1件，尚未审结。"


def test_header_block_alone_gives_the_year() -> None:
    """No title line, no statistics period: the year comes from the block's 标题."""
    values = consistent_values(random.Random(3), V21)
    body = render(values, V21, pipe_rows, year=2023, title=None).replace(
        "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "")
    text = ("- **标题**：某某县交通运输局2023年政府信息公开工作年度报告\n"
            "- **发布机构**：某某县交通运输局\n- **发布日期**：2024年1月20日\n\n" + body)
    report = parse_text(text)
    assert report.meta.year == 2023
    assert report.meta.agency == "某某县交通运输局"
    assert report.meta.published_on == date(2024, 1, 20)
    assert report.cells == values
    assert "parse.meta_missing" not in codes(report)
    assert "标题" not in report.text(SectionKey.PREFACE)


@pytest.mark.parametrize(("head", "title", "agency", "published", "link"), [
    ("标题：某局2022年政府信息公开工作年度报告\n发布机构：某局\n发布时间：2023-01-30\n原文链接：http://a.gov.cn/x.html\n",
     "某局2022年政府信息公开工作年度报告", "某局", date(2023, 1, 30), "http://a.gov.cn/x.html"),
    ("| 标题 | 某局2022年政府信息公开工作年度报告 |\n|---|---|\n| 发布机构 | 某局 |\n| 发布时间 | 2023年1月30日 |\n",
     "某局2022年政府信息公开工作年度报告", "某局", date(2023, 1, 30), None),
    ("索引号：000-2023-001  发布机构：某局  发布日期：2023/01/30\n标题：某局2022年政府信息公开工作年度报告\n",
     "某局2022年政府信息公开工作年度报告", "某局", date(2023, 1, 30), None),
    ("**标题:** 某局2022年政府信息公开年报\n**来源:** 某局\n**URL:** https://a.gov.cn/y\n",
     "某局2022年政府信息公开年报", "某局", None, "https://a.gov.cn/y"),
])
def test_header_block_forms(head: str, title: str, agency: str, published: date | None,
                            link: str | None) -> None:
    block = find_header_block(head + "\n正文第一段。\n")
    assert block.title is not None and block.title.text == title
    assert (block.agency, block.published, block.link) == (agency, published, link)
    assert block.spans and all(head[s:e].strip() for s, e in block.spans)


def test_prose_is_not_a_header_block() -> None:
    text = "本报告的电子版可在网站下载，网址：www.a.gov.cn。如有疑问请联系（电话：123）。\n一、总体情况\n"
    assert find_header_block(text).title is None and not find_header_block(text).spans


@pytest.mark.parametrize("mark", ["-3-", "- 3 -", "— 3 —", "第3页", "第 3 页 共 5 页", "共5页 第3页",
                                  "3 / 5", "3/5", "Page 3 of 5", "·3·"])
def test_page_numbers_are_blanked_keeping_offsets(mark: str) -> None:
    text = f"标题\n一、总体情况\n正文一\n        {mark}\n正文二\n"
    out = blank_page_furniture(text)
    assert len(out) == len(text)
    assert mark not in out and "正文一" in out and "正文二" in out


@pytest.mark.parametrize("line", ["3 |", "2021 / 2022", "5 / 3", "-3", "第3项", "共3件"])
def test_what_is_not_a_page_number_stays(line: str) -> None:
    text = f"正文\n{line}\n正文\n"
    assert blank_page_furniture(text) == text


def test_running_headers_next_to_page_numbers_go_but_the_title_stays() -> None:
    title = "某某县交通运输局2022年政府信息公开工作年度报告"
    text = f"{title}\n一、总体情况\n正文一\n-1-\n{title}\n正文二\n-2-\n{title}\n正文三\n"
    out = blank_page_furniture(text)
    assert out.startswith(title) and out.count(title) == 1 and len(out) == len(text)


# --- labels: variants as data, wrapped labels ---------------------------------------------------


@pytest.mark.parametrize(("printed", "key"), [
    ("2.其他法律行政止公开", "withheld_2"),
    ('3.危及"三安全一稳定"', "withheld_3"),
    ("3.危及三安全一稳定", "withheld_3"),
    ("1.本机关不掌握相关信息", "unable_1"),
    ("1.不掌握相关政府信息", "unable_1"),
    ("（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）", "partial"),
    ("5.要求行政机关确认或重 新出具\n已获取信息", "not_processed_5"),
    ("4.无正当理由大量反复 申请", "not_processed_4"),
    ("1.信访、举报、投诉类申请", "not_processed_1"),
    ("四、结转下一年度继续办理", "carried_out"),
])
def test_label_variants(printed: str, key: str) -> None:
    stream = printed.replace("\n", "\x00")
    found = [p.key for p in t3_patterns(V21) if p.pattern.search(stream)]
    assert found == [key]


@pytest.mark.parametrize("table", ["t2", "t3"])
def test_every_core_names_its_own_row_only(table: str) -> None:
    """A variant must not occur in another row's label (the search would stop there)."""
    cores = T3_CORES if table == "t3" else T2_CORES
    labels: dict[str, str] = {}
    for version in (V21, V19):
        for pattern in (t3_patterns(version) if table == "t3" else t2_patterns(version)):
            labels.setdefault(pattern.key, pattern.compact)
    for key, variants in cores.items():
        for core in variants:
            others = [k for k, label in labels.items() if k != key and compact_label(core) in label]
            assert not others, (core, others)


# --- converter-style forms of random tables ------------------------------------------------------


def converter_markdown(rng: random.Random, rows: list[Row], *, lose: int | None) -> str:
    """A converter's Markdown: placeholder header, a page break with the header repeated,
    one label lost, the 部分公开 label wrapped over two rows."""
    width = max(len(r) for r in rows)
    out = ["| 类别 | " + " | ".join(f"数据{i}" for i in range(1, width - 1)) + " | 总计 |",
           "|" + "---|" * width]
    for index, row in enumerate(rows):
        cells = list(row)
        if index == lose:
            cells = [""] * (len(cells) - 7) + cells[-7:]
        if cells and cells[-1:] and "部分公开" in "".join(cells):
            out.append("| （二）部分公开（区分处理的，只计这一情 |" + " |" * (width - 1))
            cells = ["形，不计其他情形）", *cells[-7:]]
        out.append("| " + " | ".join(cells) + " |")
        if index == len(rows) // 2:
            out += ["", f"第 {rng.randint(2, 4)} 页 共 5 页", "", out[0], out[1]]
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_as_converter_markdown_read_cell_exact(seed: int) -> None:
    rng = random.Random(seed)
    values = consistent_values(rng, V21)
    laid_out = tables(values, V21)
    t3 = laid_out[2]
    first_data = 3  # after the three header rows
    lose = rng.choice([first_data + 1, first_data + 7, first_data + 14])  # 上年结转, 不予公开4., 无法提供3.
    parts = []
    for i, heading in enumerate(("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                 "六、其他需要报告的事项")):
        parts.append(f"## {heading}")
        if i == 0:
            parts.append("2022年，本机关认真落实政务公开工作。")
        elif i == 1:
            parts.append(markdown(laid_out[1]))
        elif i == 2:
            parts.append(converter_markdown(rng, t3, lose=lose))
        elif i == 3:
            parts.append(markdown(laid_out[3]))
        elif i == 4:
            parts.append("存在的主要问题是政策解读形式单一，依申请公开答复文书不够规范。"
                         "下一步将丰富解读形式，规范答复文书，加强业务培训。")
        else:
            parts.append("本年度未收取信息处理费。")
    text = "标题：某某县交通运输局2022年政府信息公开工作年度报告\n发布机构：某某县交通运输局\n\n" + "\n".join(parts)
    report = parse_text(text)
    assert report.cells == values
    assert report.meta.year == 2022
    placed = [f.cell for f in report.parse_findings if f.code == "parse.row_by_position"]
    assert len(placed) == 1 and codes(report) == ["parse.row_by_position"]
    assert [f for f in run_checks(report) if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize("form", [pipe_rows, markdown], ids=lambda f: f.__name__)
def test_other_as_one_row(form: Callable[[list[Row]], str]) -> None:
    """（六）其他处理 printed as one row in a 2021 report (表二 says 2021): its three items
    are unknown, with a note and no "row missing" error; the rest reads."""
    values = consistent_values(random.Random(8), V21)
    total = [str(sum(int(values[f"t3.other_{i}.{c}"] or 0) for i in (1, 2, 3))) for c in COLS]
    lines = []
    for line in render(values, V21, form).split("\n"):
        if "（六）其他处理" in line:
            if "1.申请人" in line:
                lines.append(form([["（六）其他处理", *total]]).split("\n")[0])
            continue
        lines.append(line)
    report = parse_text("\n".join(lines))
    assert report.version is V21
    assert codes(report) == ["parse.other_one_row"]
    assert report.cells == {k: v for k, v in values.items() if k not in OTHER_ITEMS}
    assert [f for f in run_checks(report) if f.severity is Severity.ERROR
            and f.code.split(".")[0] in {"t2", "t3", "t4", "parse"}] == []


def test_t2_rows_keep_their_kinds() -> None:
    """表二's 2021 rows (a guard for the variants table: every row still found)."""
    assert [p.key for p in t2_patterns(V21)] == [key for key, *_ in T2_2021]
    assert [g for g, _ in T4_GROUPS] == ["review", "suit_direct", "suit_after_review"]
