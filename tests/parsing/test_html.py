"""HTML pages: real <table> grids with rowspan/colspan, blank cells, layout tables, charsets."""

from __future__ import annotations

import random

import pytest

from assistant.cells import T3_COLUMNS, FormatVersion, addresses, t3_rows
from assistant.errors import UnreadableInput
from assistant.findings import SectionKey
from assistant.parsing import parse_html
from assistant.parsing.document import build_grid
from assistant.parsing.normalise import MERGED
from tests.parsing.forms import SECTION_HEADINGS, Values, consistent_values

V21 = FormatVersion.V2021

# --- the grid -------------------------------------------------------------------------------


def test_grid_places_cells_under_rowspan_and_colspan() -> None:
    grid = build_grid([
        [("A", 2, 1), ("B", 1, 2)],
        [("C", 1, 1), ("D", 1, 1)],
        [("E", 1, 3)],
    ])
    assert grid.rows() == [["A", "B", "B"], ["A", "C", "D"], ["E", "E", "E"]]
    assert grid.pieces() == ["A", "B", "C", "D", "E"]


def test_grid_merged_blank_covers_every_slot_and_merged_number_is_flagged() -> None:
    grid = build_grid([
        [("x", 1, 1), ("", 2, 2), ("5", 2, 1)],
        [("y", 1, 1)],
    ])
    # the blank spans two columns and two rows: a blank piece in each slot;
    # the 5 merged down into the second row is no value for that row
    assert grid.pieces() == ["x", "", "", "5", "y", "", "", MERGED]


def test_grid_clips_absurd_spans() -> None:
    grid = build_grid([[("a", 99999, 99999)], [("b", 1, 1)]])
    assert grid.n_rows == 2  # rowspan clipped to the table
    assert grid.n_cols == 201  # colspan clipped to 200, "b" placed after it
    assert [c.text if c else None for c in (grid.slot(1, 0), grid.slot(1, 200))] == ["a", "b"]


# --- pages -----------------------------------------------------------------------------------


def td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}><p><span>{text}</span></p></td>"


def national_t3(values: Values, blank_parties: bool = False) -> str:
    """表三 the way the national template lays it out: three label columns, merged."""
    rows = [
        "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
        + td("申请人情况", 1, 7) + "</tr>",
        "<tr>" + td("自然人", 2) + td("法人或其他组织", 1, 5) + td("总计", 2) + "</tr>",
        "<tr>" + "".join(td(x) for x in ("商业 企业", "科研<br>机构", "社会公益组织",
                                         "法律服务机构", "其他")) + "</tr>",
    ]
    specs = t3_rows(V21)
    group_sizes: dict[str, int] = {}
    for spec in specs:
        group_sizes[spec.group] = group_sizes.get(spec.group, 0) + 1
    seen: set[str] = set()
    results = sum(1 for s in specs if s.group)
    for spec in specs:
        cells = ""
        if not spec.group:
            cells += td(spec.label, 1, 3)
        else:
            if "三、本年度办理结果" not in seen:
                seen.add("三、本年度办理结果")
                cells += td("三、本年度办理结果", results)
            if spec.group.startswith("（"):
                if spec.group not in seen:
                    seen.add(spec.group)
                    cells += td(spec.group, group_sizes[spec.group])
                cells += td(spec.label)
            else:
                cells += td(spec.label, 1, 2)
        for col, _ in T3_COLUMNS:
            value = values[f"t3.{spec.key}.{col}"]
            blank = blank_parties and col not in ("natural", "total")
            cells += td("" if blank else "" if value is None else str(value))
        rows.append(f"<tr>{cells}</tr>")
    return '<table border="1"><tbody>' + "\n".join(rows) + "</tbody></table>"


def national_t2(values: Values) -> str:
    def v(a: str) -> str:
        return str(values[a])
    return ('<table border="1">'
            f"<tr>{td('第二十条第（一）项', 1, 4)}</tr>"
            f"<tr>{td('信息内容')}{td('本年制发件数')}{td('本年废止件数')}{td('现行有效件数')}</tr>"
            f"<tr>{td('规章')}{td(v('t2.rules.issued'))}{td(v('t2.rules.repealed'))}"
            f"{td(v('t2.rules.in_force'))}</tr>"
            f"<tr>{td('规范性文件')}{td(v('t2.normative.issued'))}"
            f"{td(v('t2.normative.repealed'))}{td(v('t2.normative.in_force'))}</tr>"
            f"<tr>{td('第二十条第（五）项', 1, 4)}</tr>"
            f"<tr>{td('信息内容')}{td('本年处理决定数量', 1, 3)}</tr>"
            f"<tr>{td('行政许可')}{td(v('t2.licensing.decisions'), 1, 3)}</tr>"
            f"<tr>{td('第二十条第（六）项', 1, 4)}</tr>"
            f"<tr>{td('信息内容')}{td('本年处理决定数量', 1, 3)}</tr>"
            f"<tr>{td('行政处罚')}{td(v('t2.penalty.decisions'), 1, 3)}</tr>"
            f"<tr>{td('行政强制')}{td(v('t2.coercion.decisions'), 1, 3)}</tr>"
            f"<tr>{td('第二十条第（八）项', 1, 4)}</tr>"
            f"<tr>{td('信息内容')}{td('本年收费金额（单位：万元）', 1, 3)}</tr>"
            f"<tr>{td('行政事业性收费')}{td(v('t2.fees.amount_wan'), 1, 3)}</tr>"
            "</table>")


def national_t4(values: Values) -> str:
    header = "".join(td(x) for x in ("结果维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"))
    header_rowspan = "".join(td(x, 2) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结",
                                                  "总计"))
    groups = ("review", "suit_direct", "suit_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    data = "".join(td(str(values[f"t4.{g}.{c}"])) for g in groups for c in cols)
    return ('<table border="1">'
            f"<tr>{td('行政复议', 1, 5)}{td('行政诉讼', 1, 10)}</tr>"
            f"<tr>{header_rowspan}{td('未经复议直接起诉', 1, 5)}{td('复议后起诉', 1, 5)}</tr>"
            f"<tr>{header}{header}</tr><tr>{data}</tr></table>")


def page(values: Values, *, blank_parties: bool = False, layout: bool = False,
         extra_head: str = "", charset: str = "utf-8") -> str:
    body = [
        "<p>某某县交通运输局2022年政府信息公开工作年度报告</p>",
        "<p>根据《中华人民共和国政府信息公开条例》，统计期限为2022年1月1日至2022年12月31日。</p>",
        f"<p>{SECTION_HEADINGS[0]}</p><p>2022年，本局认真落实政务公开。</p>",
        f"<p>{SECTION_HEADINGS[1]}</p>", national_t2(values),
        f"<p>{SECTION_HEADINGS[2]}</p>", national_t3(values, blank_parties),
        f"<p>{SECTION_HEADINGS[3]}</p>", national_t4(values),
        f"<p>{SECTION_HEADINGS[4]}</p><p>存在的主要问题是解读形式单一。</p>",
        f"<p>{SECTION_HEADINGS[5]}</p><p>本年度未收取信息处理费。</p>",
    ]
    content = "\n".join(body)
    if layout:
        content = (f'<table width="100%"><tr><td class="nav"><a href="/">首页</a></td></tr>'
                   f"<tr><td>{content}</td></tr></table>")
    return (f'<!doctype html><html><head><meta charset="{charset}">{extra_head}'
            "<title>年报-某某县人民政府</title>"
            "<script>var s='一、总体情况 二、主动公开政府信息情况';</script></head><body>"
            '<div class="nav"><ul><li><a href="/xxgk">政府信息公开</a></li></ul></div>'
            f'<div class="content">{content}</div>'
            '<div class="footer">主办单位：某某县人民政府办公室 网站标识码：1234</div>'
            "</body></html>")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_national_layout_reads_every_cell(seed: int) -> None:
    values = consistent_values(random.Random(seed), V21)
    report = parse_html(page(values).encode("utf-8"), source="报告.html")
    assert report.version is V21
    assert report.cells == values
    assert report.parse_findings == []
    assert report.meta.agency == "某某县交通运输局"
    assert report.meta.year == 2022
    assert [s.heading for s in report.sections][1:] == list(SECTION_HEADINGS)
    assert report.text(SectionKey.PREFACE).startswith("根据《中华人民共和国")
    assert report.text(SectionKey.OTHER) == "本年度未收取信息处理费。"  # no footer
    for key in (SectionKey.PROACTIVE, SectionKey.APPLICATIONS, SectionKey.REVIEW_LITIGATION):
        assert report.text(key) == ""


def test_empty_party_columns_stay_in_their_columns() -> None:
    """Like 沭阳: the 法人或其他组织 cells are empty; nothing shifts left."""
    values = consistent_values(random.Random(4), V21)
    report = parse_html(page(values, blank_parties=True))
    for spec in t3_rows(V21):
        assert report.cells[f"t3.{spec.key}.natural"] == values[f"t3.{spec.key}.natural"]
        assert report.cells[f"t3.{spec.key}.total"] == values[f"t3.{spec.key}.total"]
        for col in ("commercial", "research", "nonprofit", "legal", "other_org"):
            assert report.cells[f"t3.{spec.key}.{col}"] is None
            assert report.raw_cells[f"t3.{spec.key}.{col}"] == ""


def test_report_inside_a_layout_table() -> None:
    values = consistent_values(random.Random(5), V21)
    report = parse_html(page(values, layout=True))
    assert report.cells == values
    assert report.text(SectionKey.PREFACE).startswith("根据")


def test_numbers_split_across_runs_and_source_lines() -> None:
    html = ("<html><body><p>某局<span>20</span><span>23</span>年政府信息公开工作年度报告</p>"
            f"<p>{SECTION_HEADINGS[1]}</p><table>"
            "<tr><td>第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
            "<tr><td>行政许可</td><td><span>1</span><span>2</span>\n<font>3</font></td></tr>"
            "</table></body></html>")
    report = parse_html(html)
    assert report.meta.year == 2023
    assert report.cells["t2.licensing.decisions"] == 123


def test_gbk_page_with_meta_charset() -> None:
    values = consistent_values(random.Random(6), V21)
    html = page(values, charset="gb2312")
    report = parse_html(html.encode("gbk"))
    assert report.cells == values
    assert report.meta.agency == "某某县交通运输局"


def test_http_equiv_charset_and_word_export_markup() -> None:
    values = consistent_values(random.Random(8), V21)
    html = page(values, charset="x", extra_head=(
        '<meta http-equiv="Content-Type" content="text/html; charset=gb18030">'))
    html = html.replace('<meta charset="x">', "")
    html = html.replace("<span>", '<span style="mso-bidi-font-size:10.5pt"><o:p></o:p>')
    html = html.replace("</p>", "<![if !supportLists]><![endif]></p>")
    report = parse_html(html.encode("gb18030"))
    assert report.cells == values


def test_a_number_merged_over_two_rows_is_not_guessed() -> None:
    html = ("<table><tr><td>第二十条第（六）项</td></tr>"
            "<tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
            '<tr><td>行政处罚</td><td rowspan="2">5</td></tr>'
            "<tr><td>行政强制</td></tr></table>"
            f"<p>{SECTION_HEADINGS[2]}</p>")
    report = parse_html(html)
    assert report.cells["t2.penalty.decisions"] == 5
    assert report.cells["t2.coercion.decisions"] is None
    assert report.raw_cells["t2.coercion.decisions"] == "（合并单元格）"


def test_tables_split_into_several_html_tables() -> None:
    values = consistent_values(random.Random(9), V21)
    t3 = national_t3(values)
    header_end = t3.index("</tr>", t3.index("商业")) + len("</tr>")
    split = t3[:header_end] + "</tbody></table><table><tbody>" + t3[header_end:]
    html = page(values).replace(national_t3(values), split)
    report = parse_html(html)
    assert report.cells == values


def test_text_only_page_falls_back_to_text_tables() -> None:
    html = ("<html><body><p>一、总体情况</p><p>概述。</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            "<p>行政复议 |</p><p>行政诉讼 |</p>" + "".join(
                f"<p>{w} |</p>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
            + "".join(f"<p>{n} |</p>" for n in [1, 0, 0, 0, 1] + [0] * 10)
            + "<p>五、存在的主要问题及改进情况</p><p>问题。</p></body></html>")
    report = parse_html(html)
    assert report.cells["t4.review.upheld"] == 1
    assert report.cells["t4.review.total"] == 1
    assert report.cells["t4.suit_after_review.total"] == 0


@pytest.mark.parametrize("html", [
    b"", b"   ", b"<html></html>", b"<html><body><p>\xe9\x9a\x8f\xe4\xbe\xbf</p></body></html>",
    b"<table><tr><td>a</td></tr></table>", b"\x00\x01\x02<html",
])
def test_pages_that_are_no_report(html: bytes) -> None:
    with pytest.raises(UnreadableInput, match=r"网页\.html"):
        parse_html(html, source="网页.html")


def test_page_with_the_whole_report_reads_all_addresses() -> None:
    values = consistent_values(random.Random(10), V21)
    report = parse_html(page(values, layout=True).encode("utf-8"))
    assert set(report.cells) == addresses(V21)


def test_title_from_the_page_heading_when_the_title_tag_is_generic() -> None:
    values = consistent_values(random.Random(11), V21)
    html = page(values).replace(
        "<p>某某县交通运输局2022年政府信息公开工作年度报告</p>", "").replace(
        '<div class="content">', '<div class="content"><h1>某某县水利局2022年政府信息公开工作年度报告</h1>')
    report = parse_html(html)
    assert report.meta.title == "某某县水利局2022年政府信息公开工作年度报告"
    assert report.meta.agency == "某某县水利局"


def test_t4_values_row_with_a_label_cell() -> None:
    values = consistent_values(random.Random(12), V21)
    t4 = national_t4(values)
    html = page(values).replace(t4, t4.replace(
        "<tr>" + td(str(values["t4.review.upheld"])), "<tr>" + td("件数") + td(
            str(values["t4.review.upheld"])), 1))
    report = parse_html(html)
    assert report.cells == values
