"""What the workspace keeps beside a report: the writer's decisions and the report's history.

A report's folder holds ``report.json`` (a plain ``Report``) and ``workspace.json`` (a
``Journal``): the findings dismissed and why, the export overrides and why, the exports made,
the cells edited by hand, and where the report started from. History snapshots are separate
files under ``history/`` (``Snapshot``). Accepting a draft keeps its ``DraftRecord`` (model,
prompt and version, facts cited) with the version saved and with the journal's ``Replacement``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.findings import SectionKey, Severity
from assistant.report import Report

JOURNAL_FORMAT: Literal["nianbao-workspace/1"] = "nianbao-workspace/1"


class Dismissal(BaseModel):
    """A finding the writer decided to leave as it is, with the reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(description="问题的稳定标识（规则代码、位置与原文片段）")
    code: str
    severity: Severity
    message: str = Field(description="忽略时该问题的说明")
    reason: str = Field(description="忽略的理由")
    at: datetime


class ExportOverride(BaseModel):
    """Permission to export despite errors: the reason and the errors it covered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str
    at: datetime
    error_keys: tuple[str, ...] = Field(description="作出决定时尚存的错误")
    error_messages: tuple[str, ...] = ()


class ExportRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str
    file: str
    at: datetime
    errors: int = Field(description="导出时尚存的错误数")
    override_reason: str | None = None


class CellEdit(BaseModel):
    """A table cell changed by hand (values as printed, so decimals stay exact)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cell: str
    old: str | None
    new: str | None
    at: datetime


class DraftRecord(BaseModel):
    """Where an accepted draft came from: the model and prompt that wrote it and the facts it
    rests on (kept with the version saved on accepting it, and in the journal)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: SectionKey
    label: str = Field(description="“模板生成文本”或“模型起草稿（…）”")
    model: str = Field(description="provider:model，或 template（模板起草）")
    prompt: str | None = Field(default=None, description="提示词文件及版本，如 draft_problems.v2；模板起草时为空")
    facts: tuple[str, ...] = Field(default=(), description="草稿用到的事实编号（事实表中的 id）")
    unverified: int = Field(default=0, description="采用时仍未通过核对的句子数")


class Replacement(BaseModel):
    """An action that swapped in a whole report (an accepted draft, a ledger fill, a restore):
    the versions saved just before and with it, so that it can be undone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: str = Field(description="操作的名称，如“接受起草稿（五、存在的主要问题及改进情况）”")
    before: str = Field(description="操作前保存的版本")
    after: str | None = Field(default=None, description="操作后保存的版本")
    at: datetime
    typed: tuple[SectionKey, ...] = Field(default=(), description="操作前撰稿人亲手写过的部分")
    undone: bool = False
    draft: DraftRecord | None = Field(default=None, description="接受起草稿时：草稿的来源")


class Journal(BaseModel):
    """Everything about a report that is not the report itself."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["nianbao-workspace/1"] = JOURNAL_FORMAT
    origin: str = Field(default="", description="报告从何而来：空白、导入的文件、台账")
    created_at: datetime | None = None
    dismissals: list[Dismissal] = Field(default_factory=list)
    overrides: list[ExportOverride] = Field(default_factory=list)
    exports: list[ExportRecord] = Field(default_factory=list)
    cell_edits: list[CellEdit] = Field(default_factory=list)
    notes: str = Field(default="", description="起草说明：撰稿人提供的本年工作事实，每行一条")
    replacements: list[Replacement] = Field(default_factory=list,
                                            description="替换整份报告的操作（可撤销）")
    typed: list[SectionKey] = Field(
        default_factory=list, description="撰稿人在本工作区亲手写过正文的部分（采用起草稿前会先确认）")


class ChatMessage(BaseModel):
    """One message of the chat beside the report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["user", "assistant"]
    content: str
    at: datetime | None = None


class ChatLog(BaseModel):
    """The chat beside a report, kept with it (``chat.json``)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["nianbao-chat/1"] = "nianbao-chat/1"
    messages: list[ChatMessage] = Field(default_factory=list)


class Snapshot(BaseModel):
    """One saved version of a report."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    note: str = ""
    draft: DraftRecord | None = None  # the accepted draft this version was saved with
    report: Report


class Version(BaseModel):
    """A history entry as listed (the report itself stays on disk until restored)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="快照文件名（不含扩展名），按时间排序")
    at: datetime
    note: str
    draft: DraftRecord | None = Field(default=None, description="此版本采用的起草稿的来源")

    @property
    def title(self) -> str:
        """The entry as the writer reads it: time and a readable name (no codes)."""
        from assistant.workspace.store import readable_note

        return f"{self.at:%m-%d %H:%M:%S} · {readable_note(self.note)}"
