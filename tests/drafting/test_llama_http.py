"""The whole pipeline over real HTTP: llama-cpp-python's OpenAI-compatible server on 127.0.0.1
serving Qwen2.5-Coder-0.5B-Instruct (assembled by ``sh scripts/llama-server.sh assemble test``).

The model writes weak Chinese; these tests assert the plumbing (streaming, retries, the JSON
ladder, JSON-mode structured output, the repair round, provenance) and that every number,
citation and claimed activity of the final draft is backed by the facts sheet or marked.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest

from assistant.cli import main
from assistant.drafting import CollectingSink, Draft, Origin, Role
from assistant.drafting.local import local_model, local_model_path, local_server
from assistant.drafting.numbers import MentionKind, number_mentions
from assistant.drafting.pipeline import assess, repair_round
from assistant.drafting.schema import DraftSentence
from assistant.drafting.structured import StructuredCaller
from assistant.facts import FactsSheet
from assistant.findings import SectionKey
from assistant.llm import CallLog
from assistant.report import Report
from tests.drafting.conftest import NOTES

MAX_TOKENS = 200  # keeps each answer to well under a minute on two busy cores


@pytest.fixture(scope="module")
def llama_url() -> Iterator[str]:
    gguf = local_model_path("test")
    missing = []
    if importlib.util.find_spec("llama_cpp") is None:
        missing.append("llama-cpp-python[server]（sh scripts/llama-server.sh install）")
    if not gguf.is_file():
        missing.append(f"{gguf}（sh scripts/llama-server.sh assemble test）")
    if missing:
        message = "缺少 " + "、".join(missing) + "；make test 会安装"
        if os.environ.get("NIANBAO_REQUIRE_LLAMA"):
            pytest.fail(message)
        pytest.skip(message)
    with local_server(gguf, n_ctx=4096, threads=2) as url:
        yield url


def _backed_numbers(sentence: DraftSentence, sheet: FactsSheet) -> bool:
    """Checked here without the pipeline's own code: each number is the value of a cited fact
    (or stated in a cited note or passage)."""
    values: set[str] = set()
    texts: list[str] = []
    for fact_id in sentence.facts:
        fact = sheet.get(fact_id)
        assert fact is not None, f"{fact_id} 不在事实表中"
        values.add(str(fact.value))
        texts.append(str(fact.value))
    texts += [p.text for p in sheet.passages if p.id in sentence.passages]
    for mention in number_mentions(sentence.text):
        printed = mention.text.rstrip("%")
        if mention.kind is MentionKind.PERCENT or printed in values:
            continue
        if not any(printed in text for text in texts):
            return False
    return True


def assert_backed_or_marked(draft: Draft, report: Report, previous: Report | None) -> None:
    """Every sentence of the final draft is either marked for the writer or backed by the sheet."""
    recheck, text = assess(draft.sentences, draft.facts, draft.section, report, previous)
    assert text == draft.text
    for final, again in zip(draft.sentences, recheck.sentences, strict=True):
        assert {m.code for m in again.marks} == {m.code for m in final.marks}, final.text
        if final.marks:
            assert final.span is not None
            continue
        assert _backed_numbers(final, draft.facts), final.text
        if final.role in (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE):
            assert final.facts or final.passages, final.text  # a claimed activity rests on something
    for sentence in draft.sentences:
        if sentence.marks and sentence.role is not Role.TODO:
            assert f"{sentence.text}【待核实：" in draft.annotated


def test_cli_drafts_over_http_streams_and_writes_provenance(
    llama_url: str, current: Report, previous: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report_path, previous_path = tmp_path / "2023.json", tmp_path / "2022.json"
    report_path.write_text(current.to_json(), encoding="utf-8")
    previous_path.write_text(previous.to_json(), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("\n".join(NOTES) + "\n", encoding="utf-8")
    out = tmp_path / "draft.json"
    monkeypatch.setenv("NIANBAO_LLM", "llamacpp:qwen2.5-coder-0.5b")
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", llama_url)
    monkeypatch.setenv("NIANBAO_LLM_MAX_TOKENS", str(MAX_TOKENS))
    monkeypatch.setenv("NIANBAO_LLM_TIMEOUT", "600")

    code = main(["draft", str(report_path), "--section", "六", "--previous", str(previous_path),
                 "--notes", str(notes), "-o", str(out)])

    assert code == 0
    captured = capsys.readouterr()
    assert "【起草六、其他需要报告的事项】" in captured.err  # streamed to the terminal as it was written
    draft = Draft.model_validate_json(out.read_text(encoding="utf-8"))
    assert draft.provenance.model == "llamacpp:qwen2.5-coder-0.5b"
    assert draft.provenance.prompt == "draft_other.v1"
    assert draft.provenance.json_mode == "json_mode"  # llama.cpp: JSON mode with the schema
    assert draft.provenance.calls >= 1
    assert "信息处理费" in draft.text
    assert any(s.origin in (Origin.MODEL, Origin.REPAIRED) for s in draft.sentences)
    for sentence in draft.sentences:  # sources per sentence
        assert all(draft.facts.get(i) is not None for i in sentence.facts)
    assert_backed_or_marked(draft, current, previous)
    assert draft.text in captured.out or draft.annotated in captured.out


def test_repair_round_over_http(llama_url: str, current: Report, previous: Report, sheet: FactsSheet) -> None:
    from assistant.drafting.passages import corpus_passages

    sheet = sheet.with_passages(corpus_passages(SectionKey.OTHER, sheet.year))
    fee = sheet.notes()[3]
    bad = DraftSentence(text="本年度共收取信息处理费9999元，办理人大建议88件。", block="fee", role=Role.CLAIM,
                        facts=[fee.id], origin=Origin.MODEL)
    first, _ = assess([bad], sheet, SectionKey.OTHER, current, previous)
    assert {m.code for m in first.sentences[0].marks} >= {"draft.number_unverified"}
    model = local_model(llama_url, "qwen2.5-coder-0.5b", max_tokens=160, timeout_s=600)
    sink = CollectingSink()
    caller = StructuredCaller(model=model, log=CallLog(), sink=sink)

    repaired, sent = repair_round(caller, first.sentences, sheet, SectionKey.OTHER, limit=1)

    assert sent == 1 and caller.log.calls == 1
    assert sink.labels == ["修复第1句"] and len(sink.tokens) > 3  # streamed token by token
    assert caller.mode_used == "json_mode"
    rewritten = repaired[0]
    assert rewritten.origin is Origin.REPAIRED and rewritten.replaced == bad.text
    assert all(sheet.get(i) is not None for i in rewritten.facts)  # the schema's enum held
    second, _ = assess(repaired, sheet, SectionKey.OTHER, current, previous)
    final = second.sentences[0]
    assert final.marks or _backed_numbers(final, sheet)


class _FlakyProxy(http.server.BaseHTTPRequestHandler):
    """Forwards to the llama.cpp server, failing the first POST with 503 (a transient error)."""

    upstream = ""
    failures = 1
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        payload = json.loads(body)
        type(self).seen.append(str((payload.get("response_format") or {}).get("type")))
        if type(self).failures > 0:
            type(self).failures -= 1
            self.send_error(503, "busy")
            return
        request = urllib.request.Request(self.upstream + self.path.removeprefix("/v1"), data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                status, data, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, data, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


def test_retry_and_json_schema_fallback_over_http(llama_url: str) -> None:
    from pydantic import BaseModel

    class Answer(BaseModel):
        text: str

    handler = type("Proxy", (_FlakyProxy,), {"upstream": llama_url, "failures": 1, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        model = local_model(url, "qwen2.5-coder-0.5b", max_tokens=40, timeout_s=600)
        model = replace(model, provider=replace(model.provider, json_schema=True))  # try the strict way first
        caller = StructuredCaller(model=model, log=CallLog())
        schema = {"type": "object", "properties": {"text": {"type": "string", "maxLength": 30}}, "required": ["text"]}
        answer = caller.ask("只输出 JSON。", '用一句中文说明政府信息公开。输出 {"text": "…"}', Answer, schema, "answer")
    finally:
        server.shutdown()
        server.server_close()
    assert answer.text
    assert handler.seen == ["json_schema", "json_schema", "json_object"]  # 503, retried; 500, fallen back
    assert caller.log.retries == 1
    assert caller.mode_used == "json_mode"
    assert any("json_schema" in note for note in caller.log.errors)
