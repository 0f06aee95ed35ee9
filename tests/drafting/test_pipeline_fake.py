"""The drafting pipeline with langchain-core's GenericFakeChatModel: what the model is sent,
and what becomes of an invented number, an invented article and a sentence copied from last year."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

from assistant.drafting import CollectingSink, Origin, draft_section
from assistant.drafting.pipeline import fill_gaps
from assistant.facts import FactKind, FactsSheet, Topic
from assistant.findings import SectionKey
from assistant.report import Report
from tests.drafting.conftest import NOTES, Recorder, dumps, scripted, sentence


def _ids(sheet: FactsSheet) -> dict[str, Any]:
    return {
        "problems": sheet.of_kind(FactKind.PROBLEM),
        "fate": sheet.notes(Topic.FATE)[0],
        "problem": sheet.notes(Topic.PROBLEM)[0],
        "measure": sheet.notes(Topic.MEASURE)[0],
        "new": sheet.get("t3.new.total"),
    }


def clean_answer(sheet: FactsSheet) -> dict[str, Any]:
    """A section 五 answer every check accepts: each sentence restates facts it cites."""
    ids = _ids(sheet)
    first, second = ids["problems"]
    return {
        "last_year": [
            sentence(f"{ids['fate'].value}。", first.id, ids["fate"].id),
            sentence(f"针对“{str(second.value)[:8]}”问题，该问题的整改情况待补充。", second.id),
        ],
        "problems": [{
            "problem": sentence(f"{ids['problem'].value}。", ids["problem"].id),
            "evidence": [sentence(f"本年度新收政府信息公开申请{ids['new'].value}件。", "t3.new.total")],
            "measures": [sentence(f"{ids['measure'].value}。", ids["measure"].id)],
        }],
    }


def test_the_model_is_sent_facts_passages_and_last_years_problems(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    model = scripted([dumps(clean_answer(sheet))], recorder)
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model)

    assert len(recorder.calls) == 1  # a clean answer needs no repair round
    sent = recorder.text(0)
    new = sheet.get("t3.new.total")
    assert new is not None
    assert "[t3.new.total] " in sent and f"：{new.value}件" in sent  # facts, with ids and values
    assert "[tiaoli-2019.a50]" in sent and "第五十条" in sent  # the regulation passage
    for problem in sheet.of_kind(FactKind.PROBLEM):  # last year's problems, with their ids
        assert f"[{problem.id}] " in sent and str(problem.value) in sent
    for note in NOTES:  # every note reaches the model: a problem may rest on any of them
        assert note.split("：", 1)[1] in sent
    for measure in sheet.of_kind(FactKind.MEASURE):  # and last year's measures, with their ids
        assert f"[{measure.id}] " in sent
    # The schema sent with the request allows only ids of the sheet.
    response_format = recorder.calls[0][1]["response_format"]
    schema = response_format["json_schema"]["schema"]
    enum = schema["$defs"]["SentenceOut"]["properties"]["facts"]["items"]["enum"]
    assert "t3.new.total" in enum and all(sheet.get(i) is not None for i in enum)

    assert draft.findings == [f for f in draft.findings if f.code == "draft.todo"]
    assert draft.provenance.model == "fake:scripted"
    assert draft.provenance.prompt == "draft_problems.v2"
    assert draft.provenance.repair_round is False
    assert draft.provenance.created.tzinfo is not None
    evidence = next(s for s in draft.sentences if s.text.startswith("本年度新收"))
    assert evidence.facts == ["t3.new.total"] and evidence.origin is Origin.MODEL
    assert draft.text[evidence.span[0]:evidence.span[1]] == evidence.text  # type: ignore[index]


def test_invented_number_article_and_copied_sentence_are_caught_and_repaired(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    ids = _ids(sheet)
    answer = clean_answer(sheet)
    problem = answer["problems"][0]
    problem["evidence"] = [sentence("本年度共收到政府信息公开申请999件。", "t3.new.total")]
    problem["measures"] = [sentence(f"根据《条例》第六十条规定，{ids['measure'].value}。", ids["measure"].id)]
    copied = ids["problems"][1]
    answer["problems"].append({"problem": sentence(f"{copied.value}。", copied.id), "evidence": [], "measures": []})
    repairs = [  # in the order of the failing sentences: evidence, the copied problem, the measure
        sentence(f"本年度新收政府信息公开申请{ids['new'].value}件。", "t3.new.total"),
        sentence(f"{ids['problem'].value}，解读更新跟不上。", ids["problem"].id),
        sentence(f"{ids['measure'].value}。", ids["measure"].id),
    ]
    model = scripted([dumps(answer), *map(dumps, repairs)], recorder)
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model)

    assert len(recorder.calls) == 4
    fixed = {f.code for f in draft.fixed}
    assert {"draft.number_unverified", "cite.article_missing", "draft.repeats_last_year"} <= fixed
    # Each repair request named what was wrong.
    assert "“999”" in recorder.text(1)
    assert "相似度" in recorder.text(2)
    assert "第六十条" in recorder.text(3)
    assert "999" not in draft.text and "第六十条" not in draft.text and str(copied.value) not in draft.text
    assert [f.code for f in draft.findings if f.code != "draft.todo"] == []
    repaired = [s for s in draft.sentences if s.origin is Origin.REPAIRED]
    assert len(repaired) == 3 and all(s.replaced for s in repaired)
    assert draft.provenance.repair_round and draft.provenance.repaired == 3


def test_what_the_repair_round_cannot_fix_is_marked_not_hidden(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    ids = _ids(sheet)
    answer = clean_answer(sheet)
    answer["problems"][0]["evidence"] = [sentence("本年度共收到政府信息公开申请999件。", "t3.new.total")]
    answer["problems"][0]["measures"] = [
        sentence(f"根据《条例》第五十八条规定，{ids['measure'].value}。", ids["measure"].id)]
    still_wrong = [
        sentence("本年度共收到政府信息公开申请888件。", "t3.new.total"),
        sentence(f"根据《条例》第五十八条，{ids['measure'].value}。", ids["measure"].id),
    ]
    model = scripted([dumps(answer), *map(dumps, still_wrong)], recorder)
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model)

    codes = {f.code for f in draft.findings}
    assert "draft.number_unverified" in codes
    assert "cite.article_missing" in codes  # the 2019 text has 56 articles
    # A rewrite no better than the original is not kept; the writer sees the sentence …
    assert "999" in draft.text and "888" not in draft.text
    assert "【待核实：数字“999”在事实表中找不到依据" in draft.annotated  # … and what is wrong with it
    marked = [s for s in draft.sentences if s.marks and s.role.value != "todo"]
    assert len(marked) == 2 and all(s.span for s in marked)


def test_a_rewrite_worse_than_the_original_is_not_kept(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    answer = clean_answer(sheet)
    answer["problems"][0]["evidence"] = [sentence("本年度共收到政府信息公开申请999件。", "t3.new.total")]
    worse = sentence("本年度共收到申请999件，其中2021年结转777件，复议666件。", "t3.new.total")
    model = scripted([dumps(answer), dumps(worse)], recorder)
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model)
    evidence = next(s for s in draft.sentences if "999" in s.text)
    assert evidence.origin is Origin.MODEL and "777" not in draft.text
    assert [m.code for m in evidence.marks] == ["draft.number_unverified"]


def test_invented_activity_is_marked(current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder) -> None:
    ids = _ids(sheet)
    answer = clean_answer(sheet)
    invented = "组织全体干部赴外省考察学习智慧政务建设经验并举办专题研讨会。"
    answer["problems"][0]["evidence"].append(sentence(invented, ids["problem"].id))
    model = scripted([dumps(answer), dumps(sentence(invented, ids["problem"].id))], recorder)
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model)
    marked = next(s for s in draft.sentences if s.text == invented)
    assert [m.code for m in marked.marks] == ["draft.unsupported_claim"]
    assert "考察" in marked.marks[0].message


class _SchemaRefusingChat(GenericFakeChatModel):
    """Like llama.cpp's server: a json_schema request fails with HTTP 500; JSON mode works."""

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
        fmt = kwargs.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            import httpx
            import openai

            request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
            raise openai.InternalServerError("json_schema not supported", response=httpx.Response(500, request=request),
                                             body=None)
        yield from super()._stream(messages, stop, run_manager, **kwargs)


def test_json_schema_refused_falls_back_to_json_mode_and_invalid_json_is_asked_again(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    replies = ["```json\n{\"last_year\": 3}\n```", dumps(clean_answer(sheet))]
    model = scripted(replies, recorder, chat_cls=_SchemaRefusingChat)
    sink = CollectingSink()
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model, sink=sink)
    formats = [c[1].get("response_format", {}).get("type") for c in recorder.calls]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert draft.provenance.json_mode == "json_mode"
    assert any("json_schema" in n for n in draft.provenance.notes)
    assert any("结构不符" in n for n in draft.provenance.notes)
    assert "重新输出" in sink.labels[-1]
    assert "".join(sink.tokens).count("last_year") >= 2  # both answers were streamed
    assert not [f for f in draft.findings if f.is_error]


class _FlakyChat(GenericFakeChatModel):
    failures: int = 1

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
        if self.failures > 0:
            self.failures -= 1
            import httpx
            import openai

            raise openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions"))
        yield from super()._stream(messages, stop, run_manager, **kwargs)


def test_transient_failure_is_retried_with_backoff(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    model = scripted([dumps(clean_answer(sheet))], recorder, chat_cls=_FlakyChat)
    sink = CollectingSink()
    draft = draft_section(current, "五", previous=previous, notes=NOTES, model=model, sink=sink)
    assert draft.provenance.retries == 1 and draft.provenance.calls == 2
    assert sink.restarts and "重试" in sink.restarts[0]


def test_unparseable_answers_fall_back_to_the_template(
    current: Report, previous: Report, recorder: Recorder,
) -> None:
    model = scripted(["我无法完成。", "还是不行。"], recorder)
    draft = draft_section(current, "六", previous=previous, notes=NOTES, model=model)
    assert "信息处理费" in draft.text
    assert all(s.origin is Origin.TEMPLATE for s in draft.sentences)
    assert any("已改用模板" in n for n in draft.provenance.notes)


@pytest.mark.parametrize("section", ["一", "六"])
def test_missing_parts_are_filled_from_templates(current: Report, sheet: FactsSheet, section: str) -> None:
    key = SectionKey.OVERVIEW if section == "一" else SectionKey.OTHER
    filled, notes = fill_gaps(key, [], sheet)
    assert notes and all(s.origin is Origin.TEMPLATE for s in filled)
    blocks = {s.block for s in filled}
    expected = {"proactive", "requests", "management", "platform", "oversight"} if section == "一" else {"fee"}
    assert expected <= blocks


def test_overview_and_other_sections_from_the_model(
    current: Report, previous: Report, sheet: FactsSheet, recorder: Recorder,
) -> None:
    fee = sheet.notes(Topic.FEE)[0]
    other = {"fee": [sentence(f"{fee.value}。", fee.id)], "other": []}
    draft = draft_section(current, "六", previous=previous, notes=NOTES, model=scripted([dumps(other)], recorder))
    assert draft.provenance.prompt == "draft_other.v1"
    assert "本年度未收取信息处理费。" in draft.text
    assert not [f for f in draft.findings if f.is_error]

    new, handled = sheet.get("t3.new.total"), sheet.get("t3.handled_total.total")
    assert new is not None and handled is not None
    overview = {
        "proactive": [], "requests": [sentence(f"全年新收申请{new.value}件，办结{handled.value}件。", "t3.new.total",
                                               "t3.handled_total.total")],
        "management": [], "platform": [], "oversight": [],
    }
    draft = draft_section(current, "一", previous=previous, notes=NOTES, model=scripted([dumps(overview)], recorder))
    assert draft.provenance.prompt == "draft_overview.v1"
    assert "（二）依申请公开。全年新收申请" in draft.text
    assert "（一）主动公开。本年度制发行政规范性文件" in draft.text  # filled from the template
    assert any("主动公开" in n for n in draft.provenance.notes)
    json.loads(draft.to_json())
