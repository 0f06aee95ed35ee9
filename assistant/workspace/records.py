"""What the workspace keeps beside a report: the writer's decisions and the report's history.

A report's folder holds ``report.json`` (a plain ``Report``) and ``workspace.json`` (a
``Journal``): the findings dismissed and why, the export overrides and why, the exports made,
the cells edited by hand, and where the report started from. History snapshots are separate
files under ``history/`` (``Snapshot``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.findings import Severity
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


class Snapshot(BaseModel):
    """One saved version of a report."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    note: str = ""
    report: Report


class Version(BaseModel):
    """A history entry as listed (the report itself stays on disk until restored)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="快照文件名（不含扩展名），按时间排序")
    at: datetime
    note: str
