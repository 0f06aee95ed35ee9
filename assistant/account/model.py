"""The writer's account of the year for section 五 (整改台账): what became of last year's
problems and measures, this year's problems with their evidence, and the measures that answer
them.

Part of the report model (``Report.account``) and saved with it. Last year's problems and
measures are named by the same ids as their facts (``prev.…``/``prevm.…``, a hash of the text
as last year printed it), so a status the writer recorded follows its problem whatever else
changes. This year's problems and measures get a short id when they are created (``p…``/
``m…``) that stays when their text is edited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Fate(StrEnum):
    """What became of one of last year's problems."""

    FIXED = "已整改"
    PARTIAL = "部分整改"
    OPEN = "未整改"


class Follow(StrEnum):
    """What became of one of last year's measures."""

    DONE = "已落实"
    PARTIAL = "部分落实"
    NOT_DONE = "未落实"
    CONTINUING = "继续实施"  # kept on into next year: a measure that repeats it must say 继续


class ProblemOrigin(StrEnum):
    TABLES = "表格数据"  # a candidate computed from the tables and last year, adopted by the writer
    WRITER = "撰稿人"
    FEEDBACK = "上级通报或第三方评估"


class PreviousProblem(BaseModel):
    """One of last year's problems and the writer's account of it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="与事实表一致的编号 prev.…")
    text: str = Field(description="上年报告原文")
    status: Fate | None = Field(default=None, description="已整改 / 部分整改 / 未整改；未填为空")
    actions: list[str] = Field(default_factory=list, description="本年采取的整改举措及成效（可写时间）")


class PreviousMeasure(BaseModel):
    """One of last year's measures: carried out or not, and how."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="与事实表一致的编号 prevm.…")
    text: str = Field(description="上年报告原文")
    status: Follow | None = None
    how: str = Field(default="", description="落实情况")


class Problem(BaseModel):
    """One of this year's problems."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="稳定编号 p…")
    text: str = Field(description="问题")
    origin: ProblemOrigin = ProblemOrigin.WRITER
    evidence: list[str] = Field(default_factory=list, description="说明问题的事实或数字（撰稿人所写）")
    facts: list[str] = Field(default_factory=list, description="问题依据的事实编号（由表格计算的候选问题）")
    candidate: str | None = Field(default=None, description="采纳的候选问题编号")
    source: str = Field(default="", description="反馈来源，如“市政务公开办2024年第三季度通报”")


class Idea(BaseModel):
    """A passage of another agency's published 五 the writer started a measure from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agency: str
    year: int | None = None
    passage: str = Field(description="检索库中段落的编号")
    text: str = Field(description="其他机关报告中的原文")
    url: str = ""


class Measure(BaseModel):
    """A measure for next year, tied to the problem it answers."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="稳定编号 m…")
    text: str
    problem: str | None = Field(default=None, description="所针对问题的编号（本年问题 p… 或上年问题 prev.…）")
    owner: str = Field(default="", description="责任单位或责任人")
    deadline: str = Field(default="", description="完成时限，如“2025年6月底前”")
    continues: str | None = Field(default=None, description="延续的上年措施编号 prevm.…（须写明“继续”）")
    adopted: Idea | None = Field(default=None, description="参考其他机关做法时的出处")


class YearAccount(BaseModel):
    """The writer's account of the year for section 五."""

    model_config = ConfigDict(extra="forbid")

    previous_problems: list[PreviousProblem] = Field(default_factory=list)
    previous_measures: list[PreviousMeasure] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    dismissed: list[str] = Field(default_factory=list, description="撰稿人不采纳的候选问题编号")

    @property
    def empty(self) -> bool:
        return not (self.problems or self.measures or self.dismissed
                    or any(p.status or p.actions for p in self.previous_problems)
                    or any(m.status or m.how for m in self.previous_measures))

    def problem(self, problem_id: str) -> Problem | PreviousProblem | None:
        found: Problem | PreviousProblem | None = next((p for p in self.problems if p.id == problem_id), None)
        return found or next((p for p in self.previous_problems if p.id == problem_id), None)

    def previous_measure(self, measure_id: str) -> PreviousMeasure | None:
        return next((m for m in self.previous_measures if m.id == measure_id), None)

    def measures_for(self, problem_id: str | None) -> list[Measure]:
        return [m for m in self.measures if m.problem == problem_id]

    def with_previous(self, problems: list[str], measures: list[str]) -> YearAccount:
        """This account laid over last year's items as split now: recorded statuses kept by id;
        an item no longer found is kept only when the writer recorded something for it."""
        known_p = {p.id: p for p in self.previous_problems}
        known_m = {m.id: m for m in self.previous_measures}
        new_p = [known_p.pop(previous_id(t)) if previous_id(t) in known_p
                 else PreviousProblem(id=previous_id(t), text=t) for t in problems]
        new_m = [known_m.pop(previous_id(t, measure=True)) if previous_id(t, measure=True) in known_m
                 else PreviousMeasure(id=previous_id(t, measure=True), text=t) for t in measures]
        new_p += [p for p in known_p.values() if p.status or p.actions]
        new_m += [m for m in known_m.values() if m.status or m.how]
        return self.model_copy(update={"previous_problems": new_p, "previous_measures": new_m})


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)


def put(items: Sequence[Item], item: Item) -> list[Item]:
    """``items`` with ``item`` in the place of the one that has its id, or added at the end."""
    if any(i.id == item.id for i in items):
        return [item if i.id == item.id else i for i in items]
    return [*items, item]


def digest(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def previous_id(text: str, *, measure: bool = False) -> str:
    """The id of one of last year's problems (``prev.…``) or measures (``prevm.…``)."""
    return f"{'prevm' if measure else 'prev'}.{digest(text)}"


def new_id(prefix: str, taken: set[str], seed: str) -> str:
    """A short id (``p3a9f``) not yet taken, derived from ``seed``."""
    for extra in range(1000):
        candidate = f"{prefix}{digest(f'{seed}#{extra}' if extra else seed, 5)}"
        if candidate not in taken:
            return candidate
    raise ValueError("no free id")
