"""Section headings: recognised by numeral and keywords, kept exactly as printed."""

from __future__ import annotations

import pytest

from assistant.findings import SectionKey
from assistant.parsing import parse_text
from assistant.parsing.sections import classify, find_headings, numeral_value

K = SectionKey


@pytest.mark.parametrize(("title", "key"), [
    ("总体情况", K.OVERVIEW),
    ("概述", K.OVERVIEW),
    ("主动公开政府信息情况", K.PROACTIVE),
    ("主动公开政府信息况", K.PROACTIVE),
    ("收到和处理政府信息公开申请情况", K.APPLICATIONS),
    ("政府信息公开行政复议、行政诉讼情况", K.REVIEW_LITIGATION),
    ("政府信息公开行政法复议、行政诉讼情况", K.REVIEW_LITIGATION),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", K.REVIEW_LITIGATION),
    ("存在的主要问题及改进情况", K.PROBLEMS),
    ("存在的主要问题及整改措施", K.PROBLEMS),
    ("政府信息公开工作存在的主要问题及改进情况", K.PROBLEMS),
    ("其他需要报告的事项", K.OTHER),
    ("其它需要报告的事项", K.OTHER),
    ("收到和处里政府信息公开申情况", K.APPLICATIONS),
    ("本年新收政府信息公开申请数量", None),
    ("上年结转政府信息公开申请数量", None),
    ("本年度办理结果", None),
    ("结转下年度继续办理", None),
    ("附件", None),
])
def test_classify(title: str, key: SectionKey | None) -> None:
    assert classify(title) is key


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("五", 5), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("x", 0),
])
def test_numeral_value(numeral: str, value: int) -> None:
    assert numeral_value(numeral) == value


def keys_and_headings(text: str) -> list[tuple[SectionKey | None, str]]:
    return [(s.key, s.heading) for s in parse_text(text).sections]


BODY = {
    "一": "一、总体情况\n本年度工作开展顺利。",
    "二": "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 | 本年处理决定数量\n行政许可 | 3",
    "三": "三、收到和处理政府信息公开申请情况\n本年未收到申请。",
    "四": "四、政府信息公开行政复议、行政诉讼情况\n无。",
    "五": "五、存在的主要问题及改进情况\n解读形式单一。",
    "六": "六、其他需要报告的事项\n未收取信息处理费。",
}


def test_duplicated_heading_is_kept_twice() -> None:
    text = "\n".join([BODY["一"], BODY["二"], BODY["三"], BODY["三"], BODY["五"], BODY["六"]])
    sections = keys_and_headings(text)
    assert [k for k, _ in sections] == [K.OVERVIEW, K.PROACTIVE, K.APPLICATIONS, K.APPLICATIONS,
                                        K.PROBLEMS, K.OTHER]


def test_misnumbered_and_out_of_order_headings_are_kept_as_printed() -> None:
    text = "\n".join([BODY["一"], BODY["二"], BODY["三"], BODY["四"],
                      "五、其他需要报告的事项\n无。", "六、存在的主要问题及改进情况\n问题。"])
    report = parse_text(text)
    assert [(s.key, s.numeral) for s in report.sections] == [
        (K.OVERVIEW, "一"), (K.PROACTIVE, "二"), (K.APPLICATIONS, "三"),
        (K.REVIEW_LITIGATION, "四"), (K.OTHER, "五"), (K.PROBLEMS, "六")]


def test_unrecognised_numbered_heading_gets_no_key() -> None:
    text = "\n".join([*BODY.values(), "七、附件\n附件一份。"])
    sections = parse_text(text).sections
    assert (sections[-1].key, sections[-1].heading, sections[-1].numeral) == (None, "七、附件", "七")
    assert sections[-1].text == "附件一份。"


def test_numbered_points_inside_a_section_are_not_sections() -> None:
    text = "\n".join(["一、总体情况", "一、加强组织领导", "二、完善制度建设", *list(BODY.values())[1:]])
    sections = parse_text(text).sections
    assert [s.numeral for s in sections] == list("一二三四五六")
    assert "二、完善制度建设" in sections[0].text


def test_table_row_labels_are_not_headings() -> None:
    text = "\n".join([
        BODY["一"], BODY["二"],
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        "三、本年度办理结果 （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        BODY["四"], BODY["五"], BODY["六"],
    ])
    assert [s.numeral for s in parse_text(text).sections] == list("一二三四五六")


def test_headings_inside_running_text() -> None:
    text = ("根据《条例》编制本报告。一、总体情况2021年，本局推进公开。二、主动公开政府信息情况 "
            "第二十条第（五）项信息内容本年处理决定数量行政许可12三、收到和处理政府信息公开申请情况"
            "本年未收到申请。四、政府信息公开行政复议、行政诉讼情况无。五、存在的主要问题及改进情况"
            "（一）存在的主要问题：解读单一。六、其他需要报告的事项无。")
    report = parse_text(text)
    assert [(s.key, s.heading) for s in report.sections] == [
        (K.PREFACE, ""),
        (K.OVERVIEW, "一、总体情况"),
        (K.PROACTIVE, "二、主动公开政府信息情况"),
        (K.APPLICATIONS, "三、收到和处理政府信息公开申请情况"),
        (K.REVIEW_LITIGATION, "四、政府信息公开行政复议、行政诉讼情况"),
        (K.PROBLEMS, "五、存在的主要问题及改进情况"),
        (K.OTHER, "六、其他需要报告的事项"),
    ]
    assert report.text(K.OVERVIEW) == "2021年，本局推进公开。"
    assert report.text(K.PROBLEMS) == "（一）存在的主要问题：解读单一。"
    assert report.cells["t2.licensing.decisions"] == 12
    for section in report.sections[1:]:
        assert text[section.offset:].startswith(section.heading)


def test_markdown_headings() -> None:
    text = "\n".join(f"## {body}" for body in BODY.values())
    sections = parse_text(text).sections
    assert [s.numeral for s in sections] == list("一二三四五六")
    assert sections[0].heading == "一、总体情况"


def test_sentence_starting_with_a_numeral_is_not_a_heading() -> None:
    headings = find_headings("一、总体情况\n二、本年度共收到申请3件，办结3件。\n五、存在的主要问题\n")
    assert [h.numeral for h in headings] == ["一", "五"]


def test_sub_headings_in_brackets_are_not_sections() -> None:
    headings = find_headings("一、总体情况\n（二）主动公开政府信息情况\n（三）依申请公开情况\n")
    assert [h.text for h in headings] == ["一、总体情况"]
