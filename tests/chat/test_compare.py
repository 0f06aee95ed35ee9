"""“今年和去年比…”: this year's figures beside last year's, with the change and its sources."""

from __future__ import annotations

import random

import pytest

from assistant.cells import FormatVersion
from assistant.chat import HELP, ChatContext, IntentKind, respond, route
from assistant.findings import SectionKey
from assistant.report import Report
from testdata.synth import synthetic_report


@pytest.mark.parametrize(("message", "cell"), [
    ("今年和去年比，依申请新收有什么变化", "t3.new.total"),
    ("与上年相比行政复议有变化吗", "t4.review.total"),
    ("和去年对比一下", None),
    ("同比情况怎么样", None),
    ("为什么新收比去年多", "t3.new.total"),
])
def test_compare_is_routed_with_the_cell_named(message: str, cell: str | None) -> None:
    intent = route(message)
    assert (intent.kind, intent.cell) == (IntentKind.COMPARE, cell)


@pytest.mark.parametrize(("message", "kind"), [
    ("为什么上年结转是2", IntentKind.EXPLAIN_CELL),  # 上年结转 is this year's row
    ("帮我起草第五部分，和去年比较", IntentKind.DRAFT),
    ("第二十条第（五）项是什么", IntentKind.LOOKUP),
])
def test_other_requests_that_mention_last_year_keep_their_route(message: str,
                                                                kind: IntentKind) -> None:
    assert route(message).kind is kind


def test_revising_a_draft_to_compare_is_still_a_revision() -> None:
    intent = route("再具体一些，写上与去年相比的变化", last_section=SectionKey.PROBLEMS)
    assert intent.kind is IntentKind.REVISE


def pair() -> tuple[Report, Report]:
    last = synthetic_report(random.Random(5), agency="临川县民政局", year=2023)
    now = synthetic_report(random.Random(6), agency="临川县民政局", year=2024)
    now.set_cell("t3.new.total", 26)
    last.set_cell("t3.new.total", 20)
    return now, last


def answer(message: str, ctx: ChatContext) -> str:
    [found] = list(respond(route(message), ctx))
    return found.text


def test_the_named_cell_this_year_and_last() -> None:
    now, last = pair()
    [found] = list(respond(route("今年和去年比，依申请新收有什么变化"), ChatContext(now, last)))
    assert "2024年与2023年相比" in found.text
    assert "今年 26，上年 20，增加 6（+30%）" in found.text
    [source] = found.sources
    assert (source.kind, source.ref) == ("cell", "t3.new.total")
    assert "2023年 20" in source.text


def test_the_key_figures_when_no_cell_is_named() -> None:
    now, last = pair()
    text = answer("和去年对比一下", ChatContext(now, last))
    for label in ("一、本年新收申请", "四、结转下年度继续办理", "行政复议", "行政规范性文件现行有效"):
        assert f"- {label}：今年 " in text, label


def test_carry_over_that_does_not_match_last_year_is_pointed_out() -> None:
    now, last = pair()
    last.set_cell("t3.carried_out.total", 5)
    now.set_cell("t3.carried_in.total", 3)
    assert "两者应相等" in answer("和去年对比一下", ChatContext(now, last))


def test_without_last_years_report_it_says_how_to_load_it() -> None:
    now, _ = pair()
    assert "还没有上年报告" in answer("今年和去年比怎么样", ChatContext(now))


def test_last_year_in_the_2019_format_names_what_cannot_be_compared() -> None:
    now, _ = pair()
    old = Report.blank(FormatVersion.V2019, year=2023)
    text = answer("和去年对比一下", ChatContext(now, old))
    assert "没有可比的栏目" in text and "行政规范性文件现行有效" in text


def test_help_lists_the_comparison() -> None:
    assert "今年和去年比" in HELP
