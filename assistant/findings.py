"""Findings: what a check (or the parser) says about a report."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class SectionKey(StrEnum):
    """The report's parts, in the order the 2021 format prescribes."""

    PREFACE = "preface"  # unnumbered opening: legal basis, statistics period, contact
    OVERVIEW = "overview"  # 一、总体情况
    PROACTIVE = "proactive"  # 二、主动公开政府信息情况 (表二)
    APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况 (表三)
    REVIEW_LITIGATION = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况 (表四)
    PROBLEMS = "problems"  # 五、存在的主要问题及改进情况
    OTHER = "other"  # 六、其他需要报告的事项


SECTION_NUMERALS: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: "一",
    SectionKey.PROACTIVE: "二",
    SectionKey.APPLICATIONS: "三",
    SectionKey.REVIEW_LITIGATION: "四",
    SectionKey.PROBLEMS: "五",
    SectionKey.OTHER: "六",
}

SECTION_TITLES: dict[SectionKey, str] = {
    SectionKey.PREFACE: "引言",
    SectionKey.OVERVIEW: "总体情况",
    SectionKey.PROACTIVE: "主动公开政府信息情况",
    SectionKey.APPLICATIONS: "收到和处理政府信息公开申请情况",
    SectionKey.REVIEW_LITIGATION: "政府信息公开行政复议、行政诉讼情况",
    SectionKey.PROBLEMS: "存在的主要问题及改进情况",
    SectionKey.OTHER: "其他需要报告的事项",
}


class Finding(BaseModel):
    """One problem found in a report, located precisely enough for a UI to jump to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="稳定的规则代码，如 t3.column_balance")
    severity: Severity
    message: str = Field(description="中文说明，写明应为多少、实为多少")
    section: SectionKey | None = None
    cell: str | None = Field(default=None, description="主要涉及的单元格地址，如 t3.new.total")
    cells: tuple[str, ...] = Field(default=(), description="其他相关单元格地址")
    span: tuple[int, int] | None = Field(
        default=None, description="在该部分正文中的字符区间 [start, end)"
    )
    expected: str | None = None
    actual: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
