"""Section 五 drafted over real HTTP from the answers a strong model would give.

Each folder of ``tests/fixtures/strong`` is one agency-year: the writer's notes (statuses and
actions for last year's problems, this year's problems with evidence, measures with owners and
deadlines, plain notes), ``faithful.json`` (what DeepSeek-V3 or Qwen-Max would answer to the v2
prompt: free, correct wording, every sentence backed by what it cites) and ``planted.json`` (the
same answer with inventions planted, each listed with its kind). The replay server
(``tests/replay.py``) serves them on 127.0.0.1 as an OpenAI-compatible endpoint; the drafting
code reaches it through ``assistant.llm.open_model`` like any vLLM server.

What is asserted, per case and from the fixture files: the faithful answer's sentences are not
marked (except the false alarms ``case.json`` lists, each explained); every planted sentence is
marked (``max_repairs=0``, so that nothing is repaired away); the request carried the whole
account, the notes, last year's measures and the structure. Then the ways an answer arrives:
``reasoning_content`` streamed first, a ``<think>`` block, an empty ``{}``, a cut-off answer,
HTTP 429 and 500, a repair answer matched by the sentence it repairs, and the CLI with
``NIANBAO_LLM=vllm:replay``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.account.notes import previous_items
from assistant.cli import main
from assistant.drafting import Draft, Origin, draft_section
from assistant.drafting.template import FALLBACK_LABEL
from assistant.facts import note_topic
from assistant.llm import resolve_settings
from tests.replay import (
    STRONG,
    ReplayServer,
    Reply,
    Request,
    StrongCase,
    answer_sentences,
    load_case,
    strong_case_names,
)

CASES = strong_case_names()


def _planted_params() -> list[Any]:
    """One test per planted sentence, read from the fixture files at collection time."""
    params = []
    for name in CASES:
        data = json.loads((STRONG / name / "planted.json").read_text(encoding="utf-8"))
        for index, plant in enumerate(data["planted"]):
            marks = []
            missed = plant.get("missed")
            if missed:
                marks.append(pytest.mark.xfail(strict=True, reason=f"护栏尚未识别：{missed}"))
            params.append(pytest.param(name, index, id=f"{name}-{index}-{plant['kind']}", marks=marks))
    return params


# --- drafting through the replay server, once per case and answer -----------------------------------


@pytest.fixture(scope="module")
def cases() -> Callable[[str], StrongCase]:
    loaded: dict[str, StrongCase] = {}

    def get(name: str) -> StrongCase:
        if name not in loaded:
            loaded[name] = load_case(name)
        return loaded[name]

    return get


def serve_draft(case: StrongCase, replies: list[Reply], *, max_repairs: int = 0,
                default: Reply | None = None) -> tuple[Draft, list[Request]]:
    with ReplayServer(replies, default=default) as server:
        draft = draft_section(case.report, "五", previous=case.previous, notes=case.notes,
                              model=server.model(max_retries=2), max_repairs=max_repairs)
        return draft, server.completions


@pytest.fixture(scope="module")
def drafted(cases: Callable[[str], StrongCase]) -> Callable[[str, str], tuple[Draft, list[Request]]]:
    done: dict[tuple[str, str], tuple[Draft, list[Request]]] = {}

    def get(name: str, which: str) -> tuple[Draft, list[Request]]:
        if (name, which) not in done:
            case = cases(name)
            text = case.faithful_text if which == "faithful" else case.planted_text
            done[name, which] = serve_draft(case, [Reply(text, match=(case.match,), label=which)])
        return done[name, which]

    return get


def model_sentences(draft: Draft) -> list[Any]:
    return [s for s in draft.sentences if s.origin is Origin.MODEL]


# --- the faithful answers -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_faithful_answer_is_not_marked(name: str, cases: Callable[[str], StrongCase],
                                       drafted: Callable[[str, str], tuple[Draft, list[Request]]]) -> None:
    case = cases(name)
    draft, requests = drafted(name, "faithful")
    assert len(requests) == 1 and requests[0].reply == "faithful"  # answered by the script, no repair round
    assert draft.provenance.model == "vllm:replay" and draft.provenance.prompt == "draft_problems.v2"
    assert draft.provenance.notes == []  # nothing left out, nothing filled from the templates
    written = model_sentences(draft)
    assert [s.text for s in written] == case.faithful_sentences()  # every sentence kept, in order

    expected = {m["text"]: set(m["codes"]) for m in case.meta.get("faithful_marked", [])}
    marked = {s.text: {m.code for m in s.marks} for s in written if s.marks}
    assert marked == expected, "\n".join(f"{t}: {sorted(c)}" for t, c in marked.items())
    section = {f.code for f in draft.findings if not any(f is m for s in draft.sentences for m in s.marks)}
    assert section <= set(case.meta.get("section_findings", [])), section


def test_faithful_answers_are_many_and_false_alarms_few(cases: Callable[[str], StrongCase]) -> None:
    total = sum(len(cases(n).faithful_sentences()) for n in CASES)
    alarms = sum(len(cases(n).meta.get("faithful_marked", [])) for n in CASES)
    planted = sum(len(cases(n).planted_sentences) for n in CASES)
    assert len(CASES) >= 6 and total >= 60 and planted >= 20
    assert alarms <= 0.05 * total  # the bench prints the same figure


# --- the planted inventions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "index"), _planted_params())
def test_planted_invention_is_marked(name: str, index: int, cases: Callable[[str], StrongCase],
                                     drafted: Callable[[str, str], tuple[Draft, list[Request]]]) -> None:
    case = cases(name)
    plant = case.planted_sentences[index]
    draft, _ = drafted(name, "planted")
    assert plant.text in answer_sentences(case.planted)
    sentence = next(s for s in draft.sentences if s.text == plant.text)
    assert sentence.origin is Origin.MODEL
    assert sentence.marks, f"{plant.kind}：{plant.note}"
    assert f"{plant.text}【待核实：" in draft.annotated


@pytest.mark.parametrize("name", CASES)
def test_planting_does_not_mark_the_other_sentences(name: str, cases: Callable[[str], StrongCase],
                                                    drafted: Callable[[str, str], tuple[Draft, list[Request]]]
                                                    ) -> None:
    case = cases(name)
    planted = {p.text for p in case.planted_sentences}
    faithful = {s.text: {m.code for m in s.marks} for s in model_sentences(drafted(name, "faithful")[0])}
    for sentence in model_sentences(drafted(name, "planted")[0]):
        if sentence.text not in planted:
            assert {m.code for m in sentence.marks} == faithful[sentence.text], sentence.text


# --- what the model was sent ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_request_carries_account_notes_and_structure(name: str, cases: Callable[[str], StrongCase],
                                                     drafted: Callable[[str, str], tuple[Draft, list[Request]]]
                                                     ) -> None:
    case = cases(name)
    _, requests = drafted(name, "faithful")
    sent = requests[0]
    user, system = sent.user, sent.system
    assert sent.stream and sent.response_format == "json_schema" and sent.body["model"] == "replay"
    assert "不得照抄上年报告" in system and "整改台账" in system
    assert case.match in user
    account = case.report.account
    for note in case.notes:  # every plain note, without its tag
        assert note_topic(note)[1] in user, note
    last_problems, last_measures = previous_items(case.previous)
    for text in [*last_problems, *last_measures]:  # last year's problems and measures, as printed
        assert text in user, text
    for item in account.previous_problems:
        if item.status is not None:
            assert item.status.value in user
        for action in item.actions:
            assert action.strip("。；; ") in user, action
    for followed in account.previous_measures:
        if followed.status is not None:
            assert f"落实情况（撰稿人）：{followed.status.value}" in user
        assert followed.how.strip() in user
    for problem in account.problems:
        assert problem.text.rstrip("。") in user
        for evidence in problem.evidence:
            assert evidence.rstrip("。") in user
    for measure in account.measures:
        assert measure.text.rstrip("。") in user
        assert (not measure.owner or f"责任：{measure.owner}" in user)
        assert (not measure.deadline or f"时限：{measure.deadline}" in user)
        assert not measure.continues or "须写明“继续”" in user
    assert "【成稿结构】" in user and f"{(case.report.meta.year or 0) + 1}年" in user
    assert ("（三）改进措施" in user) or ("不用小标题" in user)
    schema = sent.body["response_format"]["json_schema"]["schema"]
    assert "last_year" in schema["properties"] and "problems" in schema["properties"]


# --- how answers arrive ------------------------------------------------------------------------------------

ANSWER_CASE = "pingtan-2021"


def test_reasoning_content_is_streamed_first_and_left_out(cases: Callable[[str], StrongCase]) -> None:
    case = cases(ANSWER_CASE)
    thought = "先核对整改台账：上年问题1为部分整改，不能写成已整改。{\"last_year\": []}" * 20
    draft, requests = serve_draft(case, [Reply(case.faithful_text, reasoning=thought, chunk_chars=7)])
    assert [s.text for s in model_sentences(draft)] == case.faithful_sentences()
    assert "核对整改台账" not in draft.text and len(requests) == 1


def test_think_block_before_the_answer_is_left_out(cases: Callable[[str], StrongCase]) -> None:
    case = cases(ANSWER_CASE)
    thought = "用户要起草第五部分。草稿：{\"last_year\": [{\"text\": \"该问题已全部整改。\"}]}，不对，应照台账。"
    draft, _ = serve_draft(case, [Reply(case.faithful_text, think=thought)])
    assert [s.text for s in model_sentences(draft)] == case.faithful_sentences()
    assert "已全部整改" not in draft.text


def test_empty_answer_gives_a_template_draft_that_says_so(cases: Callable[[str], StrongCase]) -> None:
    case = cases(ANSWER_CASE)
    draft, requests = serve_draft(case, [Reply("{}")])
    assert draft.label == FALLBACK_LABEL
    assert draft.sentences and all(s.origin is Origin.TEMPLATE for s in draft.sentences)
    assert len(requests) == 1 and "没有可用的句子" in "".join(draft.provenance.notes)


def test_cut_off_answer_keeps_its_complete_sentences(cases: Callable[[str], StrongCase]) -> None:
    case = cases(ANSWER_CASE)
    text = case.faithful_text
    first = case.faithful["problems"][0]
    cut = text.index(first["measures"][0]["text"]) + 10  # in the middle of the first measure
    draft, requests = serve_draft(case, [Reply(text, cut_at=cut)])
    kept = [s.text for s in model_sentences(draft)]
    complete = [f["text"] for f in case.faithful["last_year"]] + [first["problem"]["text"]] + [
        e["text"] for e in first["evidence"]]
    assert kept == complete  # the half sentence is gone, everything before it stays
    assert len(requests) == 1  # no second request for a cut-off answer
    notes = "".join(draft.provenance.notes)
    assert "截断" in notes and "已用模板句补上" in notes  # the measures came from the templates, and it says so
    assert draft.label != FALLBACK_LABEL


@pytest.mark.parametrize(("status", "mode", "retries"), [(429, "json_schema", 1), (500, "json_mode", 0)])
def test_rate_limit_is_retried_and_a_refused_schema_falls_back(
    status: int, mode: str, retries: int, cases: Callable[[str], StrongCase],
) -> None:
    case = cases(ANSWER_CASE)
    draft, requests = serve_draft(case, [Reply(status=status, times=1, label="error"), Reply(case.faithful_text)])
    assert [r.reply for r in requests] == ["error", "1"]
    assert draft.provenance.json_mode == mode and draft.provenance.retries == retries
    assert requests[1].response_format == ("json_schema" if mode == "json_schema" else "json_object")
    assert [s.text for s in model_sentences(draft)] == case.faithful_sentences()


def test_repair_answer_is_matched_by_the_sentence_it_repairs(cases: Callable[[str], StrongCase]) -> None:
    case = cases(ANSWER_CASE)
    copied = next(p for p in case.planted_sentences if p.kind == "copied")
    better = {"text": "继续开展政府网站与政务新媒体季度检查，并将检查结果在全区通报。",
              "facts": ["plan.me1549", "follow.996cc8"], "passages": []}
    script = [Reply(json.dumps(better, ensure_ascii=False), match=("未通过核对", copied.text), label="repair"),
              Reply(case.planted_text, match=(case.match,), label="draft")]
    draft, requests = serve_draft(case, script, max_repairs=8, default=Reply('{"text": ""}', label="default"))
    repair = next(r for r in requests if r.reply == "repair")
    assert copied.text in repair.user and "核对发现的问题" in repair.user  # the marks went with the sentence
    fixed = next(s for s in draft.sentences if s.replaced == copied.text)
    assert fixed.origin is Origin.REPAIRED and fixed.text == better["text"] and not fixed.marks
    assert copied.text not in draft.text


def test_models_endpoint_and_settings_from_the_environment() -> None:
    with ReplayServer() as server:
        with urllib.request.urlopen(f"{server.url}/models", timeout=5) as response:
            listed = json.load(response)
        settings, url = resolve_settings(env=server.env()), server.url
    assert [m["id"] for m in listed["data"]] == ["replay"]
    assert settings is not None and settings.spec == "vllm:replay" and settings.base_url == url
    assert settings.api_key is None


@pytest.fixture
def replay_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("NIANBAO_LLM_API_KEY", raising=False)
        yield server


def test_cli_drafts_from_the_notes_file(replay_env: ReplayServer, cases: Callable[[str], StrongCase],
                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = cases(ANSWER_CASE)
    replay_env.reset([Reply(case.faithful_text, match=(case.match,))])
    out = tmp_path / "draft.json"
    code = main(["draft", str(case.folder / case.meta["report"]), "--section", "五",
                 "--previous", str(case.folder / case.meta["previous"]), "--notes", str(case.folder / "notes.txt"),
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    draft = Draft.model_validate_json(out.read_text(encoding="utf-8"))
    assert draft.provenance.model == "vllm:replay"
    assert [s.text for s in model_sentences(draft)] == case.faithful_sentences()
    expected = {m["text"] for m in case.meta.get("faithful_marked", [])}
    assert {s.text for s in model_sentences(draft) if s.marks} == expected
    first, *repairs = replay_env.completions
    assert case.match in first.user
    # the CLI runs the repair round: only the sentences the guards marked are sent back (unanswered
    # here, so each is asked once more for valid JSON)
    assert all(("未通过核对" in r.user and any(t in r.user for t in expected)) or "上面的输出不符合要求" in r.user
               for r in repairs)
    assert bool(repairs) == bool(expected)


def test_replay_server_answers_whole_and_records_what_it_was_sent() -> None:
    def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return dict(json.load(response))

    script = [Reply('{"a": 1}', match=("第一问",), reasoning="想一想", cut_at=4, label="cut"),
              Reply(status=429, times=1, label="busy")]
    with ReplayServer(script) as server:
        first = post(f"{server.url}/chat/completions",
                     {"model": "replay", "messages": [{"role": "system", "content": "系统"},
                                                      {"role": "user", "content": "第一问"}]})
        with pytest.raises(urllib.error.HTTPError) as busy:
            post(f"{server.url}/chat/completions", {"messages": [{"role": "user", "content": "第二问"}]})
        second = post(f"{server.url}/chat/completions", {"messages": [{"role": "user", "content": "第二问"}]})
        requests = list(server.completions)
    choice = first["choices"][0]
    assert choice["message"] == {"role": "assistant", "content": '{"a"', "reasoning_content": "想一想"}
    assert choice["finish_reason"] == "length"
    assert busy.value.code == 429 and json.load(busy.value)["error"]["code"] == 429
    assert second["choices"][0]["message"]["content"] == "{}"  # the default
    assert [r.reply for r in requests] == ["cut", "busy", None]
    assert requests[0].system == "系统" and requests[0].user == "第一问" and not requests[0].stream
