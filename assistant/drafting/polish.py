"""Polishing a template draft sentence by sentence with a small model, behind the same checks.

The small local models write fluent Chinese but invent activities. Here one is only asked to
reword one template sentence at a time (JSON mode), and a rewording is kept only when it
passes every check the template sentence passed: no number the sentence did not have, no
words its facts do not back, no citation, no repeat of last year. Otherwise the template
sentence stays. The share of reworded sentences that survive is recorded.
"""

from __future__ import annotations

import time
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.numbers import number_mentions
from assistant.drafting.pipeline import assess, build_draft
from assistant.drafting.prompts import load_prompt
from assistant.drafting.render import clean_sentence
from assistant.drafting.schema import Draft, DraftSentence, Origin, Role
from assistant.drafting.structured import StreamSink, StructuredCaller, StructuredOutputError
from assistant.drafting.verify import (
    check_claims,
    check_numbers,
    check_repeats,
    check_sources,
    check_status,
    check_support,
    require_sources,
)
from assistant.facts import FactsSheet
from assistant.findings import SectionKey
from assistant.llm import CallLog, Model
from assistant.report import Report

POLISH_PROMPT = "polish_sentence"
_POLISHED_ROLES = (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE, Role.MEASURE)


class Reworded(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="润色后的一句话")


def _schema() -> dict[str, object]:
    return {"type": "object", "properties": {"text": {"type": "string", "minLength": 4, "maxLength": 160}},
            "required": ["text"]}


def _numbers(text: str) -> Counter[str]:
    return Counter(f"{m.kind}:{m.value}" for m in number_mentions(text))


def acceptable(original: DraftSentence, candidate: DraftSentence, sheet: FactsSheet, section: SectionKey) -> list[str]:
    """Why a rewording cannot replace the original, as finding codes (empty when it can)."""
    reasons = []
    if _numbers(candidate.text) != _numbers(original.text):
        reasons.append("polish.numbers_changed")
    if "【" in candidate.text or ("《" in candidate.text and "《" not in original.text):
        reasons.append("polish.added_mark_or_title")
    checked = check_numbers(check_sources(candidate, sheet, section), sheet, section)
    checked = check_support(require_sources(checked, section), sheet, section)
    checked = check_status(check_claims(checked, sheet, section), sheet, section)
    if sheet.previous_problems_text:
        checked = check_repeats([checked], sheet.previous_problems_text, section, sheet)[0]
    reasons += [m.code for m in checked.marks]
    if set(checked.facts) - set(original.facts) - set(original.auto_cited):
        reasons.append("polish.new_source")  # it now rests on a fact the original did not use
    return list(dict.fromkeys(reasons))


class PolishStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attempted: int = 0  # template sentences sent to the model
    unchanged: int = 0  # the model gave the sentence back as it was
    survived: int = 0  # reworded and passed every check: kept
    failed_calls: int = 0  # no usable JSON
    reasons: dict[str, int] = Field(default_factory=dict, description="被退回的原因（核对代码）→ 次数")
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return self.attempted - self.unchanged - self.failed_calls

    @property
    def share(self) -> float:
        """Of the sentences the model reworded, the share that passed every check."""
        return self.survived / self.changed if self.changed else 0.0


def polish_draft(
    draft: Draft, model: Model, report: Report, previous: Report | None = None, *, sink: StreamSink | None = None,
) -> tuple[Draft, PolishStats]:
    """Each template sentence reworded by ``model``; only rewordings that pass every check are kept."""
    started = time.monotonic()
    prompt = load_prompt(POLISH_PROMPT)
    caller = StructuredCaller(model=model, log=CallLog(), sink=sink)
    sheet, section = draft.facts, draft.section
    stats = PolishStats()
    sentences: list[DraftSentence] = []
    for index, sentence in enumerate(draft.sentences):
        if sentence.role not in _POLISHED_ROLES or sentence.origin is not Origin.TEMPLATE or sentence.marks:
            sentences.append(sentence)
            continue
        stats.attempted += 1
        facts = "\n".join(f.statement() for f in (sheet.get(i) for i in sentence.facts) if f is not None)
        system, user = prompt.render(sentence=sentence.text, facts=facts or "（无）")
        try:
            answer = caller.ask(system, user, Reworded, _schema(), "reworded", label=f"润色第{index + 1}句")
        except StructuredOutputError:
            stats.failed_calls += 1
            sentences.append(sentence)
            continue
        if clean_sentence(answer.text) == clean_sentence(sentence.text):
            stats.unchanged += 1
            sentences.append(sentence)
            continue
        candidate = sentence.model_copy(update={"text": answer.text.strip(), "origin": Origin.POLISHED,
                                                "replaced": sentence.text, "marks": [], "auto_cited": []})
        reasons = acceptable(sentence, candidate, sheet, section)
        if reasons:
            for reason in reasons:
                stats.reasons[reason] = stats.reasons.get(reason, 0) + 1
            sentences.append(sentence)
        else:
            stats.survived += 1
            sentences.append(candidate)
    check, _ = assess(sentences, sheet, section, report, previous)
    # A rewording that fails a check of the whole section (e.g. a number bound to the wrong cell) goes back.
    bad = [s.origin is Origin.POLISHED and bool(s.marks) and s.replaced is not None for s in check.sentences]
    if any(bad):
        stats.survived -= sum(bad)
        reverted = [
            s.model_copy(update={"text": s.replaced, "origin": Origin.TEMPLATE, "replaced": None, "marks": []})
            if revert else s for s, revert in zip(check.sentences, bad, strict=True)
        ]
        check, _ = assess(reverted, sheet, section, report, previous)
    stats.seconds = round(time.monotonic() - started, 2)
    provenance = draft.provenance.model_copy(update={
        "model": f"template+{model.name}", "prompt": prompt.ref, "calls": caller.log.calls,
        "duration_s": round(draft.provenance.duration_s + stats.seconds, 3),
        "retries": caller.log.retries, "json_mode": caller.mode_used,
        "notes": [*draft.provenance.notes, *caller.log.errors,
                  f"润色{stats.attempted}句：原样返回{stats.unchanged}句，改写{stats.changed}句，"
                  f"其中通过核对保留{stats.survived}句"],
    })
    label = f"模板生成文本，经本地模型 {model.name} 逐句润色（未通过核对的润色已退回模板原句）"
    return build_draft(section, sheet, check, provenance, label, draft.fixed), stats
