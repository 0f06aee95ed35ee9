"""What a draft is made from, and the record of where an accepted draft came from.

A draft reads the writer's notes in the notes file's syntax: account lines (上年问题1：部分整改｜…,
措施：…｜时限：…) join the report's 整改台账 for that draft, the other lines are facts
(:func:`draft_inputs`, the same for ``nianbao draft --notes`` and the UI's notes box).

Accepting a draft keeps, with the version saved and in the journal, the model and the prompt
(file and version) that wrote it and the facts it rests on (:func:`draft_record`).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.account.notes import SOURCE, apply_notes
from assistant.chat import Answer
from assistant.errors import NianbaoError
from assistant.report import Report
from assistant.workspace import DraftRecord


def draft_inputs(report: Report, previous: Report | None, lines: Sequence[str], *,
                 source: str = SOURCE) -> tuple[Report, list[str]]:
    """A copy of ``report`` with the notes' account lines applied to its 整改台账, and the notes'
    other lines (the facts the writer gives). ``source`` names the notes in an error ("起草说明
    （x.txt）第5行：…")."""
    reading = apply_notes(list(lines), report, previous, source=source)
    return report.model_copy(update={"account": reading.account}), reading.notes


def draft_record(answer: Answer, model: object | None) -> DraftRecord:
    """Where the draft proposed in ``answer`` came from: ``model`` (``None``: the template
    drafter), the prompt the pipeline drafts its section with, and the facts its sentences
    cite (the answer's fact sources)."""
    from assistant.drafting.pipeline import PROMPTS
    from assistant.drafting.prompts import load_prompt
    from assistant.llm import TEMPLATE, Model

    proposal = answer.proposal
    if proposal is None:
        raise NianbaoError("这条回答没有起草稿")
    facts = tuple(s.ref for s in answer.sources if s.kind == "fact" and s.ref)
    if model is None:
        return DraftRecord(section=proposal.section, label=proposal.label, model=TEMPLATE,
                           facts=facts, unverified=len(proposal.unverified))
    if not isinstance(model, Model):
        raise TypeError(f"not a drafting model: {model!r}")
    prompt = load_prompt(PROMPTS[proposal.section]).ref
    return DraftRecord(section=proposal.section, label=proposal.label, model=model.name,
                       prompt=prompt, facts=facts, unverified=len(proposal.unverified))
