"""What a draft is made of: the model's structured answer, and the draft with its provenance.

The model fills the ``*Out`` models (JSON); every sentence carries the ids of the facts and
passages it rests on. The pipeline turns them into a :class:`Draft`: rendered prose, the
sentences with their spans and sources, the findings still open, and who made it, when.
"""

from __future__ import annotations

import copy
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.facts import FactsSheet
from assistant.findings import Finding, SectionKey

# --- the model's answer ---------------------------------------------------------------------------


class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="一句完整的中文句子，以句号结尾；数字只能取自事实表")
    facts: list[str] = Field(default_factory=list, description="本句依据的事实编号，如 t3.new.total、note.3fa2c1")
    passages: list[str] = Field(default_factory=list, description="本句依据的条文编号（没有则为空）")


class FateOut(BaseModel):
    """What became of one of last year's problems, as the draft says it."""

    model_config = ConfigDict(extra="ignore")

    problem: str = Field(default="", description="上年问题的编号 prev.…")
    status: str = Field(default="", description="整改状态，照抄整改台账：已整改、部分整改、未整改；台账未填则空")
    text: str = Field(description="一至两句：本年针对该问题做了什么、成效如何、是否解决；只写整改台账和起草说明中有的")
    facts: list[str] = Field(default_factory=list, description="本句依据的事实编号（上年问题、整改情况、数字）")
    passages: list[str] = Field(default_factory=list, description="本句依据的条文编号（没有则为空）")


class ProblemOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(default="", description="整改台账中本年问题的编号 issue.…；台账中没有则空")
    problem: SentenceOut = Field(description="本年存在的一个具体问题")
    evidence: list[SentenceOut] = Field(default_factory=list, description="说明这个问题的事实（没有数字依据时可为空）")
    measures: list[SentenceOut] = Field(default_factory=list, description="针对这个问题的具体改进措施")


class ProblemsOut(BaseModel):
    """Section 五."""

    model_config = ConfigDict(extra="ignore")

    last_year: list[FateOut] = Field(default_factory=list, description="上年报告所列问题的整改情况，每个问题一项")
    problems: list[ProblemOut] = Field(default_factory=list, description="本年存在的主要问题，二至三个")


class OverviewOut(BaseModel):
    """Section 一: the five parts the format requires."""

    model_config = ConfigDict(extra="ignore")

    proactive: list[SentenceOut] = Field(default_factory=list, description="（一）主动公开")
    requests: list[SentenceOut] = Field(default_factory=list, description="（二）依申请公开")
    management: list[SentenceOut] = Field(default_factory=list, description="（三）政府信息管理")
    platform: list[SentenceOut] = Field(default_factory=list, description="（四）政府信息公开平台建设")
    oversight: list[SentenceOut] = Field(default_factory=list, description="（五）监督保障")


class OtherOut(BaseModel):
    """Section 六."""

    model_config = ConfigDict(extra="ignore")

    fee: list[SentenceOut] = Field(default_factory=list, description="信息处理费收取情况（必须写，未收取也要写明）")
    other: list[SentenceOut] = Field(default_factory=list, description="其他需要报告的事项")


SECTION_OUTPUTS: dict[SectionKey, type[BaseModel]] = {
    SectionKey.PROBLEMS: ProblemsOut,
    SectionKey.OVERVIEW: OverviewOut,
    SectionKey.OTHER: OtherOut,
}


_MAX_ITEMS = {"last_year": 8, "problems": 4, "evidence": 3, "measures": 4}
_MAX_SENTENCES = 4
_MAX_CHARS = 160
_STATUSES = ("已整改", "部分整改", "未整改", "")


def output_schema(
    model: type[BaseModel], fact_ids: list[str], passage_ids: list[str],
    refs: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The JSON schema of ``model``, tightened for constrained decoding.

    The ids a sentence may cite are written in as enums (a server that decodes by the schema,
    like llama.cpp, then cannot emit an unknown id); every field is required; lists and
    sentences have a maximum length, so a small model cannot run on forever. ``refs`` names the
    ids a field that points at one item may hold (``{"problem": [prev ids], "id": [issue ids]}``).
    """
    schema = copy.deepcopy(model.model_json_schema())
    objects = [schema, *schema.get("$defs", {}).values()]
    for obj in objects:
        props = obj.get("properties", {})
        obj["required"] = list(props)
        for key, ids in (refs or {}).items():
            if key in props and props[key].get("type") == "string":
                props[key]["enum"] = [*ids, ""]
        if "status" in props and props["status"].get("type") == "string":
            props["status"]["enum"] = list(_STATUSES)
        if "text" in props:
            props["text"]["maxLength"] = _MAX_CHARS
            props["text"]["minLength"] = 4
            for key, ids in (("facts", fact_ids), ("passages", passage_ids)):
                if ids:
                    props[key]["items"] = {"type": "string", "enum": list(ids)}
                    props[key]["maxItems"] = 4
                else:
                    props[key]["maxItems"] = 0
            continue
        for key, prop in props.items():
            if prop.get("type") == "array":
                prop["maxItems"] = _MAX_ITEMS.get(key, _MAX_SENTENCES)
    return schema


# --- the draft ---------------------------------------------------------------------------------


class Origin(StrEnum):
    MODEL = "model"  # written by the model
    REPAIRED = "repaired"  # rewritten by the model in the repair round
    POLISHED = "polished"  # a template sentence reworded by the model, checks passed
    TEMPLATE = "template"  # rendered from the facts sheet by a template


class Role(StrEnum):
    LEAD = "lead"  # a connective that introduces a list
    CLAIM = "claim"  # states something that happened or is the case
    FATE = "fate"  # what became of one of last year's problems
    PROBLEM = "problem"
    EVIDENCE = "evidence"
    MEASURE = "measure"  # a plan: says what will be done
    TODO = "todo"  # a gap the writer must fill


class DraftSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    block: str = Field(description="所属部分，如 fate、problems、measures、proactive、fee")
    role: Role
    prefix: str = Field(default="", description="渲染时加在句前的序号，如“一是”")
    problem: str | None = Field(default=None,
                                description="第五部分：本句所说的问题编号（上年问题 prev.…，本年问题 issue.…）")
    facts: list[str] = Field(default_factory=list)
    passages: list[str] = Field(default_factory=list)
    auto_cited: list[str] = Field(default_factory=list, description="核对时按数值补上的事实编号")
    origin: Origin
    span: tuple[int, int] | None = Field(default=None, description="在本部分正文中的字符区间")
    marks: list[Finding] = Field(default_factory=list, description="修改后仍未通过的核对结果，须撰稿人处理")
    replaced: str | None = Field(default=None, description="修复或润色前的原句")


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(description="provider:model，或 template")
    prompt: str | None = Field(default=None, description="提示词文件及版本，如 draft_problems.v1")
    created: datetime
    duration_s: float = 0.0
    calls: int = 0
    retries: int = 0
    json_mode: str | None = Field(default=None, description="结构化输出方式：json_schema、json_mode 或 text")
    repair_round: bool = False
    repaired: int = Field(default=0, description="修复轮改好的句子数")
    notes: list[str] = Field(default_factory=list, description="调用过程记录（重试、降级等）")


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: SectionKey
    heading: str
    agency: str
    year: int
    label: str = Field(description="“模板生成文本”或“模型起草稿”")
    text: str = Field(description="成稿正文")
    annotated: str = Field(description="正文，未通过核对的句子后附【待核实】标注")
    sentences: list[DraftSentence]
    findings: list[Finding] = Field(default_factory=list, description="仍未解决的核对结果（含整段的）")
    fixed: list[Finding] = Field(default_factory=list, description="修复轮前发现、已改正的问题")
    provenance: Provenance
    facts: FactsSheet

    @property
    def open_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)
