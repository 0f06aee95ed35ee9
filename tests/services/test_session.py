"""The chat session: a draft accepted leaves its record (model, prompt, facts) in the report's
history and journal; the record is the drafting pipeline's own provenance."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.chat import ChatContext, Intent, IntentKind, respond
from assistant.findings import SectionKey
from assistant.llm import TEMPLATE
from assistant.services import ChatSession, DraftRecord, Library, draft_record
from testdata.synth import synthetic_series
from tests.drafting.conftest import NOTES, Recorder, dumps, scripted
from tests.drafting.test_pipeline_fake import clean_answer

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "jinghe-gongyeyuanqu-2021.txt"


@pytest.fixture
def template(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NIANBAO_LLM", "NIANBAO_LLM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_an_accepted_draft_is_recorded_in_the_history_and_the_journal(
        tmp_path: Path, template: None) -> None:
    library = Library(tmp_path / "reports")
    key = library.import_report(SEED).key
    session = ChatSession(library)
    answer = list(session.draft(key, SectionKey.PROBLEMS))[-1]
    assert answer.proposal is not None
    cited = tuple(s.ref for s in answer.sources if s.kind == "fact")
    assert cited, "a template draft of 五 cites the facts it states"
    session.accept(key)

    current = library.get(key)
    latest, before = current.folder.versions()[:2]
    assert latest.note == "接受起草稿（五、存在的主要问题及改进情况）" and before.note.endswith("之前")
    assert latest.draft == DraftRecord(section=SectionKey.PROBLEMS, label=answer.proposal.label,
                                       model=TEMPLATE, prompt=None, facts=cited,
                                       unverified=len(answer.proposal.unverified))
    assert before.draft is None
    [replacement] = current.journal().replacements
    assert replacement.draft == latest.draft and replacement.after == latest.id
    # Saved with the snapshot: a fresh read of the history says the same.
    assert Library(tmp_path / "reports").get(key).folder.versions()[0].draft == latest.draft


def test_a_rejected_draft_leaves_no_record(tmp_path: Path, template: None) -> None:
    library = Library(tmp_path / "reports")
    key = library.import_report(SEED).key
    session = ChatSession(library)
    list(session.ask(key, "帮我起草第一部分"))
    assert session.reject(key) is not None
    assert all(v.draft is None for v in library.get(key).folder.versions())
    assert library.get(key).journal().replacements == []


def test_the_record_is_the_pipelines_provenance() -> None:
    """The record kept on accepting is what ``draft_section`` says of the same draft: the model,
    the prompt file and version, the facts its sentences rest on."""
    from assistant.drafting import draft_section
    from assistant.facts import build_facts

    previous, current = synthetic_series(random.Random(11), agency="临川县教育局",
                                         years=range(2022, 2024))
    reply = dumps(clean_answer(build_facts(current, previous, list(NOTES))))
    made = draft_section(current, "五", previous=previous, notes=NOTES,
                         model=scripted([reply], Recorder()))
    model = scripted([reply], Recorder())
    ctx = ChatContext(report=current, previous=previous, notes=NOTES, model=model)
    answer = list(respond(Intent(IntentKind.DRAFT, "起草五", section=SectionKey.PROBLEMS), ctx))[-1]
    record = draft_record(answer, model)

    used = {f for s in made.sentences for f in (*s.facts, *s.auto_cited) if made.facts.get(f)}
    assert (record.model, record.prompt, record.label) == (
        made.provenance.model, made.provenance.prompt, made.label)
    assert record.prompt is not None and record.prompt.startswith("draft_problems.v")
    assert set(record.facts) == used and used

    template = draft_section(current, "五", previous=previous, notes=NOTES)
    answer = list(respond(Intent(IntentKind.DRAFT, "起草五", section=SectionKey.PROBLEMS),
                          ChatContext(report=current, previous=previous, notes=NOTES)))[-1]
    record = draft_record(answer, None)
    assert (record.model, record.prompt) == (template.provenance.model, template.provenance.prompt)
