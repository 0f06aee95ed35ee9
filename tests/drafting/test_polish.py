"""Polishing a template draft sentence by sentence: only rewordings that pass every check stay."""

from __future__ import annotations

from assistant.drafting import Origin, draft_section, polish_draft
from assistant.drafting.schema import Role
from assistant.report import Report
from tests.drafting.conftest import NOTES, Recorder, dumps, scripted

POLISHABLE = (Role.CLAIM, Role.FATE, Role.PROBLEM, Role.EVIDENCE, Role.MEASURE)


def test_polish_keeps_only_rewordings_that_pass(current: Report, previous: Report, recorder: Recorder) -> None:
    base = draft_section(current, "六", previous=previous, notes=NOTES)
    targets = [s for s in base.sentences if s.role in POLISHABLE and not s.marks]
    assert [s.text for s in targets] == ["本年度未收取信息处理费。"]
    model = scripted([dumps({"text": "本年度，本机关未收取信息处理费。"})], recorder)
    polished, stats = polish_draft(base, model, current, previous)
    assert (stats.attempted, stats.unchanged, stats.changed, stats.survived) == (1, 0, 1, 1)
    assert "本年度，本机关未收取信息处理费。" in polished.text
    sentence = next(s for s in polished.sentences if s.origin is Origin.POLISHED)
    assert sentence.replaced == "本年度未收取信息处理费。" and sentence.facts == targets[0].facts
    assert polished.provenance.model == "template+fake:scripted"
    assert polished.provenance.prompt == "polish_sentence.v1"
    assert "本年度未收取信息处理费" in recorder.text(0)


def test_rewordings_that_add_numbers_or_activities_go_back(
    current: Report, previous: Report, recorder: Recorder,
) -> None:
    base = draft_section(current, "五", previous=previous, notes=NOTES)
    targets = [s for s in base.sentences if s.role in POLISHABLE and not s.marks]
    assert [s.role for s in targets] == [Role.FATE, Role.PROBLEM, Role.MEASURE]
    replies = [
        dumps({"text": "全年制作图解解读12期，并举办新闻发布会3场。"}),  # a number of its own
        dumps({"text": "政策解读材料更新不及时，全年仅发布解读3篇，群众满意度不高，组织考察学习。"}),  # an activity
        dumps({"text": targets[2].text}),  # given back unchanged
    ]
    polished, stats = polish_draft(base, scripted(replies, recorder), current, previous)
    assert (stats.attempted, stats.unchanged, stats.changed, stats.survived) == (3, 1, 2, 0)
    # “3场” matches some fact of value 3: the rewording would rest on it, a new source.
    assert stats.reasons == {"polish.numbers_changed": 1, "polish.new_source": 1, "draft.unsupported_claim": 1}
    assert polished.text == base.text
    assert all(s.origin is Origin.TEMPLATE for s in polished.sentences)


def test_a_polished_sentence_may_not_add_a_deadline_or_a_sanction() -> None:
    """A rewording that adds a claim the template sentence did not make is sent back."""
    from assistant.drafting.polish import acceptable
    from assistant.drafting.schema import DraftSentence, Origin, Role
    from assistant.facts import build_facts
    from assistant.findings import SectionKey
    from assistant.report import Report

    report = Report.blank(agency="临川县教育局", year=2023)
    sheet = build_facts(report, notes=["措施：制作图解和短视频解读，提高解读的可读性"])
    note = sheet.notes()[0]
    original = DraftSentence(text="制作图解和短视频解读，提高解读的可读性。", block="measures", role=Role.MEASURE,
                             facts=[note.id], origin=Origin.TEMPLATE)
    reworded = original.model_copy(update={
        "text": "每季度制作图解和短视频解读，并将完成情况纳入科室年度绩效考核。", "origin": Origin.POLISHED})
    assert "draft.claim_unsupported" in acceptable(original, reworded, sheet, SectionKey.PROBLEMS)
