"""The three ledger sheets: their columns, their validated rows, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from assistant.form import table_name
from assistant.ledger.reading import Column, Layout

APPLICATIONS = Layout("申请台账", (
    Column("id", "编号", ("申请编号", "登记编号", "登记号", "受理编号", "序号")),
    Column("received", "收到日期", ("收到时间", "申请日期", "申请时间", "收件日期", "登记日期",
                                   "受理日期")),
    Column("applicant", "申请人类型", ("申请人类别", "申请人情况", "申请人身份")),
    Column("closed", "办结日期", ("办结时间", "答复日期", "答复时间", "办理完结日期")),
    Column("outcome", "办理结果", ("答复结果", "处理结果", "办理结果类型")),
    Column("remark", "备注", ("说明",), required=False),
))

CASES = Layout("复议诉讼台账", (
    Column("id", "编号", ("案件编号", "案号", "序号")),
    Column("kind", "类型", ("案件类型", "案件类别", "类别")),
    Column("received", "收到日期", ("收到时间", "立案日期", "受理日期", "收案日期")),
    Column("result", "结果", ("审理结果", "案件结果", "办理结果")),
    Column("closed", "结案日期", ("结案时间", "审结日期", "办结日期")),
    Column("remark", "备注", ("说明",), required=False),
))

TABLE2 = Layout(table_name("t2"), (
    Column("item", "项目", ("信息内容", "事项", "类别")),
    Column("measure", "指标", ("统计项", "统计指标", "栏目"), required=False),
    Column("value", "数值", ("数量", "数据", "金额", "填报数")),
    Column("remark", "说明", ("备注",), required=False),
))


@dataclass(frozen=True, slots=True)
class Application:
    """One 政府信息公开申请 as the ledger records it, validated."""

    row: int
    id: str
    received: date
    applicant: str  # a 表三 column key: natural, commercial, ...
    closed: date | None  # None while the application is open
    outcome: str | None  # a 表三 outcome row key: public, withheld_1, ...; None while open


@dataclass(frozen=True, slots=True)
class Case:
    """One 行政复议 or 行政诉讼 case, validated."""

    row: int
    id: str
    kind: str  # a 表四 group key: review, suit_direct, suit_after_review
    received: date
    result: str  # upheld, corrected, other or pending (as the ledger says today)
    closed: date | None


@dataclass(frozen=True, slots=True)
class Table2Entry:
    """One filled 表二 cell."""

    row: int
    address: str  # t2.<row>.<col>
    value: int | Decimal


class LedgerIssue(BaseModel):
    """A problem in a ledger row (or file), in Chinese, located by file and row."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="稳定的问题代码，如 unknown_applicant")
    file: str = Field(description="台账文件名")
    row: int | None = Field(default=None, description="表格中的行号（与 Excel/WPS 显示一致）")
    column: str | None = Field(default=None, description="列名，如“申请人类型”")
    message: str = Field(description="问题说明（不含文件名与行号）")
    excluded: bool = Field(default=False, description="该行因此未计入统计")

    @property
    def text(self) -> str:
        """The full message: "申请台账.xlsx 第12行：…（该行未计入统计）"."""
        where = f"{self.file} 第{self.row}行" if self.row is not None else self.file
        tail = "（该行未计入统计）" if self.excluded else ""
        return f"{where}：{self.message}{tail}"
