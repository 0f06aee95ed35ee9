"""Last year's section 五 read as its parts: problems, measures, layout and a short problem name.

The published reports in ``fixtures/samples`` are read through the parser; ``fixtures/wu`` holds
more layouts of 五 as plain text (``hongze-gov-2024.txt`` is the PDF's text layer as printed by
``pdftotext -layout``, page number and form feed included; the others are written in the wording
of real reports).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.account.previous import Layout, layout_of, problem_name, split_problems
from assistant.findings import SectionKey
from assistant.parsing import parse_file

FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"
WU = FIXTURES / "wu"

# name, problems (exact), measure count, layout
PUBLISHED: list[tuple[str, list[str], int, Layout]] = [
    ("jinghe-gongyeyuanqu-2021.txt", [
        "信息公开不及时,信息公开时效性还有待加强",
        "工作人员对公开事项掌握不到位,造成应公开内容未能及时公开",
    ], 4, Layout.PLAIN),
    ("pingtan-zone-2020.txt", [
        "基层政务公开标准化规范化水平有待进一步提升",
        "各部门政府信息公开工作的开展还不够均衡",
        "少数政务新媒体“政务”属性不够突出，互动效果有待进一步加强",
    ], 4, Layout.HEADED),
    ("pingtan-zone-2021.txt", [
        "政策解读形式不够丰富，未能充分运用数字化、图表图解等方式通俗易懂地解读政策文件",
        "政务公开质量水平有待提高，政务公开渠道有限，在利用政务新媒体开展宣传方面还难以满足群众需要",
    ], 3, Layout.HEADED),
    ("pingtan-zone-2022.txt", [
        "重大行政决策预公开程度需进一步加强，意见征集形式较为单一",
        "部分重点领域信息公开深度不足，重点项目建设未进行全流程信息公开",
        "政策解读形式单一，缺少多个角度多种形式的解读",
    ], 3, Layout.PLAIN),
    ("shanghai-gov-office-2019.txt", [
        "新《条例》实施后，专业领域的理论学习仍需加强，提升对《条例》新内容的准确把握",
        "决策公开仍需进一步加强，公众参与具体举措需进一步细化完善",
        "政府网站集约化建设需持续推进，公开专栏规范化建设有待加强",
        "政策解读方式不够多元，精准解读效果仍需提高",
    ], 6, Layout.HEADED),
    ("shuyang-fgj-2023.html", [
        "各科室人员信息公开意识有所松懈，部门文件、新政策发布及解读工作主动性不强",
        "政民互动栏目网民留言回复效率有待提高",
        "信息公开队伍专业化能力建设有待进一步提升",
    ], 2, Layout.HEADED),
]

# name, year, problems (exact), measure count, layout
WRITTEN: list[tuple[str, int | None, list[str], int, Layout]] = [
    ("hongze-gov-2024.txt", 2024, [  # one run-on sentence after “主要是：”, ending in 等
        "个别部门对复杂申请件的研判能力不足",
        "答复文书规范性有待提升",
        "疑难问题协调处理机制尚需完善",
        "政策解读的形式还不够丰富",
        "政务新媒体运维管理还需加强",
    ], 3, Layout.PLAIN),
    ("numbered-dots.txt", 2022, [  # （一）存在问题 / （二）改进措施, items 1./2./3.
        "政策解读形式不够丰富，图片、视频等解读形式运用较少",
        "依申请公开答复文书的规范性有待提高",
        "基层政务公开专区建设不够均衡，部分乡镇专区内容更新不及时",
    ], 3, Layout.HEADED),
    ("paren-items.txt", 2021, [  # （一）（二）as items, year lead-in, 针对上述问题…, closing
        "主动公开的深度和广度有待进一步拓展，部分业务信息公开不够及时",
        "政策解读质量不高，解读形式较为单一",
        "政务公开工作人员业务能力有待提升",
    ], 3, Layout.PLAIN),
    ("run-on-semicolons.txt", 2020, [  # no numbering: items fused by ；
        "政务公开意识有待增强，部分工作人员对政府信息公开工作重视不够",
        "主动公开内容不够全面，部分信息更新不够及时",
    ], 3, Layout.PLAIN),
    ("problems-and-plans.txt", 2022, [  # 问题和不足 / 下一步工作打算 as heading lines
        "公开内容不够全面，部分涉及群众切身利益的事项公开不及时",
        "政务新媒体运营能力较弱，信息发布数量少、互动性不强",
    ], 3, Layout.HEADED),
    ("short-headings.txt", 2023, [  # an item and its explanation stay one; 1、 measures with headings
        "政策解读形式单一。目前政策解读仍以文字解读为主，图解、音视频等形式运用较少，解读的通俗性有待提高",
        "依申请公开办理质量有待提升。个别申请答复说理不够充分，答复文书格式不够统一",
    ], 3, Layout.HEADED),
    ("first-second.txt", 2023, [  # 第一，第二；the measures announced by “2024年，本机关将…”
        "政府信息公开目录更新不够及时",
        "依申请公开工作人员专业化水平有待提高",
    ], 3, Layout.PLAIN),
    ("three-parts.txt", 2023, [  # （一）上年度问题整改情况 before the problems
        "部分科室对信息公开工作重视不够，报送信息不及时",
        "政府网站栏目内容保障不足，个别栏目长期未更新",
    ], 2, Layout.HEADED),
    ("fused-sentences.txt", 2022, [  # no numbering: sentences, an explanation kept with its problem
        "主动公开信息的质量有待提高，主要表现在部分信息发布内容简单、可读性不强",
        "政务新媒体互动回应不够及时。如网民留言存在超期答复的情况",
        "政策解读与政策文件同步发布落实不到位",
    ], 3, Layout.HEADED),
    ("restart-only.txt", None, [  # nothing between the lists: the numbering starts again
        "部分单位政务公开工作力量薄弱，专职人员配备不足",
        "信息公开平台功能有待完善，检索查询不够便捷",
    ], 2, Layout.PLAIN),
]

# Words of lead-in and closing sentences: never part of an item.
NOT_ITEMS = ("取得了一定", "取得一定", "以下措施", "以下工作", "以下几个", "以下问题", "如下", "多项措施", "新成效",
             "新台阶", "我们将", "存在一些", "存在一定")


def _published(name: str) -> tuple[str, int | None]:
    report = parse_file(SAMPLES / name)
    return report.text(SectionKey.PROBLEMS), report.meta.year


def _all_fixtures() -> list[tuple[str, str, int | None]]:
    texts = [(name, *_published(name)) for name, *_ in PUBLISHED]
    return texts + [(name, (WU / name).read_text(encoding="utf-8"), year) for name, year, *_ in WRITTEN]


@pytest.mark.parametrize(("name", "problems", "measures", "layout"), PUBLISHED)
def test_published_reports(name: str, problems: list[str], measures: int, layout: Layout) -> None:
    text, year = _published(name)
    found, done = split_problems(text, year)
    assert found == problems
    assert len(done) == measures
    assert layout_of(text) is layout


@pytest.mark.parametrize(("name", "year", "problems", "measures", "layout"), WRITTEN)
def test_written_layouts(name: str, year: int | None, problems: list[str], measures: int, layout: Layout) -> None:
    text = (WU / name).read_text(encoding="utf-8")
    found, done = split_problems(text, year)
    assert found == problems
    assert len(done) == measures
    assert layout_of(text) is layout


@pytest.mark.parametrize(("name", "text", "year"), _all_fixtures())
def test_items_are_clean(name: str, text: str, year: int | None) -> None:
    problems, measures = split_problems(text, year)
    for item in problems + measures:
        assert not any(word in item for word in NOT_ITEMS), (name, item)
        assert not item.endswith(("。", "；", "，", "：")), item
        assert not item.startswith(("一是", "二是", "（一）", "1.", "1、", "第一", "存在的主要问题", "改进措施")), item
        assert "\n" not in item and " 年" not in item


@pytest.mark.parametrize(("text", "measures"), [
    # a measure with a short heading stays one item, heading and body
    ("（二）改进措施：一是加强宣传互动。加强与群众之间的宣传互动，坚持以公开促服务。二是完善制度。细化分解任务。",
     ["加强宣传互动。加强与群众之间的宣传互动，坚持以公开促服务", "完善制度。细化分解任务"]),
    # the same without numbering: the short heading joins its body
    ("存在问题：信息公开不及时。改进措施：加强宣传互动。加强与群众之间的宣传互动，坚持以公开促服务，切实提高实效。",
     ["加强宣传互动。加强与群众之间的宣传互动，坚持以公开促服务，切实提高实效"]),
    # the lead-in before the first item and a closing after the last are dropped
    ("政策解读形式单一。2023年，我区将采取以下措施加以改进。一是丰富解读形式。二是加强培训。"
     "我们将以更加务实的作风推进政务公开，确保政府信息公开工作取得新成效。",
     ["丰富解读形式", "加强培训"]),
    ("一是信息公开不及时。下一步将采取多项措施促进政府信息公开工作。一是加强宣传互动，提高实效。",
     ["加强宣传互动，提高实效"]),
    # “针对上述问题，我办将…” opens the measures; the opening words are not part of the item
    ("公开意识有待提高。针对上述问题，我办将加强学习，提高公开意识。", ["加强学习，提高公开意识"]),
    # a colon after a short heading does not make it a lead-in
    ("存在问题：信息公开不及时。改进措施：加强宣传互动：加强与群众之间的宣传互动，坚持以公开促服务。",
     ["加强宣传互动：加强与群众之间的宣传互动，坚持以公开促服务"]),
])
def test_measures(text: str, measures: list[str]) -> None:
    assert split_problems(text, 2022)[1] == measures


@pytest.mark.parametrize(("text", "year", "problems"), [
    ("2020年，我局政府信息公开工作取得了一定成效，但仍存在一定不足：政务公开意识有待增强。", 2020,
     ["政务公开意识有待增强"]),
    ("2022年，平潭综合实验区政府信息公开工作取得了一定成绩，但还存在一些问题和不足：一是意见征集形式较为单一。"
     "二是重点领域信息公开深度不足。", 2022, ["意见征集形式较为单一", "重点领域信息公开深度不足"]),
    # two problems fused by 。 or ； without numbering: two items
    ("主动公开不够及时；政策解读形式单一。", 2022, ["主动公开不够及时", "政策解读形式单一"]),
    ("主动公开不够及时。政策解读形式单一。", None, ["主动公开不够及时", "政策解读形式单一"]),
    # a problem and its explanation inside one 一是 item stay one item
    ("一是政策解读形式单一。目前仍以文字解读为主。二是答复不够规范。", None,
     ["政策解读形式单一。目前仍以文字解读为主", "答复不够规范"]),
    # the year of the report leads in, the next year announces the measures
    ("2023年，我局存在以下问题：一是目录更新不及时；二是培训不足。2024年，我局将建立目录动态更新机制。", 2023,
     ["目录更新不及时", "培训不足"]),
    # （一）…（二）… as problem items, not as sub-headings
    ("（一）政策解读形式较为单一。（二）依申请公开答复的规范性有待加强。", None,
     ["政策解读形式较为单一", "依申请公开答复的规范性有待加强"]),
    # a citation with （一） inside an item is no numbering
    ("一是对第二十条第（一）项规定的公开内容梳理不够。二是部分信息未按（一）类目归档。", None,
     ["对第二十条第（一）项规定的公开内容梳理不够", "部分信息未按（一）类目归档"]),
    ("2.5%的信息超期公开，信息更新不及时。", None, ["2.5%的信息超期公开，信息更新不及时"]),
    # the section's own title is no sub-heading
    ("五、存在的问题及改进措施\n一是信息公开不及时。二是解读形式单一。", None, ["信息公开不及时", "解读形式单一"]),
    # lead-ins inside the sentence that holds the problems
    ("我局政府信息公开工作还存在一些薄弱环节，主要是信息更新不够及时，公开内容不够全面。下一步，我局将加大工作力度。",
     2022, ["信息更新不够及时，公开内容不够全面"]),
    ("2022年，我办政务公开工作存在的主要问题是：公开意识有待提高。针对上述问题，我办将加强学习，提高公开意识。", 2022,
     ["公开意识有待提高"]),
    # sub-headings 一、/二、 inside 五, items (1)(2); items ①②
    ("一、存在的主要问题\n（1）信息公开意识不强。（2）平台建设滞后。\n二、改进措施\n（1）加强培训学习。", None,
     ["信息公开意识不强", "平台建设滞后"]),
    ("存在问题：①栏目更新不及时；②解读形式单一。整改措施：①建立更新台账；②丰富解读形式。", None,
     ["栏目更新不及时", "解读形式单一"]),
])
def test_problems(text: str, year: int | None, problems: list[str]) -> None:
    assert split_problems(text, year)[0] == problems


@pytest.mark.parametrize("text", [
    "",
    "   \n\t ",
    "无",
    "无。",
    "五、存在的主要问题及改进情况",
    "（一）存在的主要问题\n（二）改进措施",
    "存在问题：\n改进措施：",
    "2020年，我局政府信息公开工作取得了一定成效，但仍存在一定不足：",
    "下一步将采取多项措施促进政府信息公开工作。",
    "我们将继续努力，确保政府信息公开工作取得新成效。",
    "一是二是三是",
    "（一）（二）（三）",
    "①②③④⑤⑥⑦⑧⑨⑩",
    "-4-",
    "第一，第二，第三，",
])
def test_nothing_to_read(text: str) -> None:
    assert split_problems(text) == ([], [])
    assert split_problems(text, 2023) == ([], [])
    assert layout_of(text) in (Layout.HEADED, Layout.PLAIN)


def test_the_section_title_is_no_sub_heading() -> None:
    assert layout_of("五、存在的问题及改进措施\n一是信息公开不及时。下一步，我局将加强培训。") is Layout.PLAIN


def test_huge_text_is_read_in_linear_time() -> None:
    body = "".join(text for _, text, _ in _all_fixtures())
    huge = body * 60  # about 200,000 characters
    started = time.perf_counter()
    problems, measures = split_problems(huge, 2022)
    layout_of(huge)
    assert time.perf_counter() - started < 10
    assert problems and measures
    for garbage in ("。" * 50_000, "一是" * 50_000, "（一）存在问题：" * 10_000, "a" * 200_000, "\n" * 50_000):
        split_problems(garbage, 2022)
        layout_of(garbage)
        problem_name(garbage)


TOKENS = st.sampled_from([
    "一是", "二是", "三是", "（一）", "（二）", "(1)", "1.", "2、", "第一，", "①", "②", "存在的主要问题", "主要问题",
    "问题和不足", "改进措施", "下一步", "下一步工作打算", "2022年，", "2023 年", "我局将", "以下", "：", ":", "。",
    "；", "，", ",", "\n", " ", "\f", "-4-", "政策解读形式单一", "信息公开不及时", "等", "如", "主要表现在",
    "取得了一定成效，但", "确保取得新成效", "针对上述问题", "（", "）", "十", "是", "第", "年",
    "\u3000", "\x00", "𠀀", "é",
])


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(TOKENS, max_size=40).map("".join), st.one_of(st.none(), st.integers(-10, 3000)))
def test_never_raises(text: str, year: int | None) -> None:
    problems, measures = split_problems(text, year)
    for item in problems + measures:
        assert item and item == item.strip() and not item.endswith("。")
    assert layout_of(text) in (Layout.HEADED, Layout.PLAIN)
    name = problem_name(text)
    assert len(name) <= 28


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=300), st.integers(0, 60))
def test_problem_name_never_raises(text: str, limit: int) -> None:
    assert len(problem_name(text, limit)) <= max(limit, 2)


@pytest.mark.parametrize(("text", "name"), [
    ("政策解读形式不够丰富，未能充分运用数字化、图表图解等方式通俗易懂地解读政策文件", "政策解读形式不够丰富"),
    ("信息公开不及时,信息公开时效性还有待加强", "信息公开不及时"),
    ("一是信息公开不及时。", "信息公开不及时"),
    ("2020年，我局政策解读形式单一", "政策解读形式单一"),
    ("2023 年我局信息更新滞后", "信息更新滞后"),
    ("新《条例》实施后，专业领域的理论学习仍需加强，提升对《条例》新内容的准确把握", "专业领域的理论学习仍需加强"),
    ("存在信息更新不及时的问题", "信息更新不及时"),
    ("政务新媒体互动回应不够及时。如网民留言存在超期答复的情况", "政务新媒体互动回应不够及时"),
    ("在线访谈形式运用较少", "在线访谈形式运用较少"),
    ("2020年", ""),
    ("2020年，", ""),
    ("2020年，我局政府信息公开工作取得了一定成效，但仍存在一定不足：", ""),
    ("", ""),
    ("。。。", ""),
])
def test_problem_name(text: str, name: str) -> None:
    assert problem_name(text) == name


def test_problem_name_is_cut_at_the_limit() -> None:
    text = "部分涉及群众切身利益的重大行政决策事项在作出决定前未充分公开征求社会公众意见"
    assert problem_name(text) == text[:27] + "…"
    assert len(problem_name(text)) == 28
    assert problem_name(text, limit=10) == text[:9] + "…"


@pytest.mark.parametrize(("name", "text", "year"), _all_fixtures())
def test_problem_names_of_fixtures_are_names(name: str, text: str, year: int | None) -> None:
    for problem in split_problems(text, year)[0]:
        short = problem_name(problem)
        assert 4 <= len(short) <= 28, (name, short)
        assert not short[:4].isdigit() and not short.startswith(("我局", "一是")), (name, short)
        assert problem.startswith(short.rstrip("…")) or short.rstrip("…") in problem
