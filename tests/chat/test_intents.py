"""Routing plain-Chinese requests (the issue's examples and their neighbours)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.chat import IntentKind, cell_in, route, section_in
from assistant.findings import SectionKey


@pytest.mark.parametrize(("message", "kind", "section"), [
    ("帮我起草第五部分", IntentKind.DRAFT, SectionKey.PROBLEMS),
    ("起草一下总体情况", IntentKind.DRAFT, SectionKey.OVERVIEW),
    ("写一版第六部分", IntentKind.DRAFT, SectionKey.OTHER),
    ("帮我写五、存在的主要问题及改进情况", IntentKind.DRAFT, SectionKey.PROBLEMS),
    ("第二十条第（五）项是什么", IntentKind.LOOKUP, None),
    ("《条例》第五十条", IntentKind.LOOKUP, None),
    ("条例第四十九条怎么规定的", IntentKind.LOOKUP, None),
    ("这句引用对吗", IntentKind.CHECK_CITATION, None),
    ("“依据《条例》第三十一条”引用得对不对", IntentKind.CHECK_CITATION, None),
    ("为什么依申请新收是26", IntentKind.EXPLAIN_CELL, None),
    ("还有哪些错误", IntentKind.REVIEW, None),
    ("你好", IntentKind.HELP, None),
])
def test_route(message: str, kind: IntentKind, section: SectionKey | None) -> None:
    intent = route(message)
    assert intent.kind is kind
    assert intent.section == section


def test_revision_needs_a_section_in_context() -> None:
    message = "再具体一些，写上复议被纠正的那一件"
    assert route(message).kind is IntentKind.HELP
    intent = route(message, last_section=SectionKey.PROBLEMS)
    assert (intent.kind, intent.section) == (IntentKind.REVISE, SectionKey.PROBLEMS)


def test_selection_is_the_subject_of_a_check() -> None:
    intent = route("这句引用对吗", selection="  根据《条例》第三十一条规定编制。 ")
    assert intent.subject == "根据《条例》第三十一条规定编制。"
    quoted = route("“依据《条例》第三十一条”引用对吗")
    assert quoted.subject == "依据《条例》第三十一条"


@pytest.mark.parametrize(("text", "address"), [
    ("为什么依申请新收是26", "t3.new.total"),
    ("自然人新收为什么是3", "t3.new.natural"),
    ("上年结转怎么来的", "t3.carried_in.total"),
    ("结转下年度的数从哪来", "t3.carried_out.total"),
    ("部分公开为什么是2", "t3.partial.total"),
    ("复议被纠正为什么是1", "t4.review.corrected"),
    ("复议后起诉的总计", "t4.suit_after_review.total"),
    ("现行有效的规范性文件为什么是12", "t2.normative.in_force"),
    ("行政处罚为什么这么多", "t2.penalty.decisions"),
    ("t3.public.legal 为什么", "t3.public.legal"),
    ("天气怎么样", None),
])
def test_cell_in(text: str, address: str | None) -> None:
    assert cell_in(text) == address


def test_explain_carries_the_number() -> None:
    intent = route("为什么依申请新收是26")
    assert intent.value == Decimal(26)


@pytest.mark.parametrize(("text", "section"), [
    ("第5部分", SectionKey.PROBLEMS), ("第 一 部分", SectionKey.OVERVIEW),
    ("改一下六、其他需要报告的事项", SectionKey.OTHER), ("信息处理费那段", SectionKey.OTHER),
    ("没有", None),
])
def test_section_in(text: str, section: SectionKey | None) -> None:
    assert section_in(text) == section
