"""Answers act on the report and name their sources; drafts are proposals, never applied."""

from __future__ import annotations

import random

import pytest

from assistant.chat import NEEDS_MODEL, Answer, ChatContext, IntentKind, respond, route
from assistant.checks import run_checks
from assistant.findings import SectionKey
from assistant.report import Report
from testdata.synth import synthetic_report


@pytest.fixture
def report() -> Report:
    return synthetic_report(random.Random(11), agency="临川县民政局", year=2024)


def final(message: str, ctx: ChatContext, **kwargs: object) -> Answer:
    answers = list(respond(route(message, **kwargs), ctx))  # type: ignore[arg-type]
    assert answers and answers[-1].done
    assert all(not a.done for a in answers[:-1])
    return answers[-1]


def test_lookup_quotes_the_article_with_its_source(report: Report) -> None:
    answer = final("第二十条第（五）项是什么", ChatContext(report))
    assert "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果" in answer.text
    [source] = answer.sources
    assert source.kind == "regulation" and "国务院令第711号" in source.title
    assert source.ref.startswith("tiaoli-2019")


def test_check_citation_finds_a_missing_article(report: Report) -> None:
    answer = final("这句引用对吗", ChatContext(report),
                   selection="根据《中华人民共和国政府信息公开条例》第六十条规定。")
    assert "✗" in answer.text
    ok = final("这句引用对吗", ChatContext(report),
               selection="根据《中华人民共和国政府信息公开条例》第五十条规定。")
    assert "✓" in ok.text and any(s.kind == "regulation" for s in ok.sources)
    assert "选中" in final("这句引用对吗", ChatContext(report)).text


def test_explain_names_the_cell_and_its_findings(report: Report) -> None:
    value = report.cells["t3.new.total"]
    report.set_cell("t3.new.natural", int(report.cells["t3.new.natural"] or 0) + 1)
    ctx = ChatContext(report, findings=run_checks(report),
                      explain_cell=lambda a: f"台账第3行（{a}）")
    answer = final(f"为什么依申请新收是{value}", ctx)
    assert "t3.new.total" in answer.text and f"**{value}**" in answer.text
    assert "台账第3行（t3.new.total）" in answer.text
    kinds = {s.kind for s in answer.sources}
    assert {"cell", "ledger", "finding"} <= kinds


def test_template_draft_is_a_proposal_with_sources(report: Report) -> None:
    before = report.text(SectionKey.PROBLEMS)
    answer = final("帮我起草第五部分", ChatContext(report))
    assert answer.proposal is not None
    assert answer.proposal.section is SectionKey.PROBLEMS
    assert answer.proposal.before == before
    assert answer.proposal.after and answer.proposal.after != before
    assert report.text(SectionKey.PROBLEMS) == before  # never applied silently
    assert any(s.kind == "fact" for s in answer.sources)


def test_revision_without_a_model_says_what_to_configure(report: Report) -> None:
    intent = route("再具体一些，写上复议被纠正的那一件", last_section=SectionKey.PROBLEMS)
    assert intent.kind is IntentKind.REVISE
    [answer] = list(respond(intent, ChatContext(report)))
    assert answer.text == NEEDS_MODEL and "NIANBAO_LLM" in answer.text


def test_revision_with_a_model_streams_and_proposes(report: Report) -> None:
    from assistant.llm import fake_model

    reply = ('{"last_year": [], "problems": [{"problem": {"text": "政策解读的针对性还不够强。", '
             '"facts": [], "passages": []}, "evidence": [], "measures": [{"text": '
             '"下一步将逐件梳理复议纠正的案件并改进答复。", "facts": [], "passages": []}]}]}')
    model = fake_model([reply] * 20)
    intent = route("再具体一些，写上复议被纠正的那一件", last_section=SectionKey.PROBLEMS)
    answers = list(respond(intent, ChatContext(report, model=model)))
    assert answers[-1].proposal is not None
    assert "政策解读的针对性还不够强" in answers[-1].proposal.after
    assert any("正在修改" in a.text for a in answers[:-1])


def test_sections_made_of_tables_are_not_drafted(report: Report) -> None:
    answer = final("帮我起草第三部分", ChatContext(report))
    assert answer.proposal is None and "不需要起草" in answer.text
