"""The report's six parts (and the unnumbered preface), as the 2021 format prints them.

The 2019 trial format has the same six parts under the same titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SectionKey(StrEnum):
    """The report's parts, in the order the 2021 format prescribes."""

    PREFACE = "preface"  # unnumbered opening: legal basis, statistics period, contact
    OVERVIEW = "overview"  # 一、总体情况
    PROACTIVE = "proactive"  # 二、主动公开政府信息情况 (表二)
    APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况 (表三)
    REVIEW_LITIGATION = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况 (表四)
    PROBLEMS = "problems"  # 五、存在的主要问题及改进情况
    OTHER = "other"  # 六、其他需要报告的事项


@dataclass(frozen=True)
class SectionSpec:
    key: SectionKey
    numeral: str  # "五"; "" for the unnumbered preface
    title: str  # "存在的主要问题及改进情况"

    @property
    def heading(self) -> str:
        """The heading as printed: "五、存在的主要问题及改进情况"; the preface is "引言"."""
        return f"{self.numeral}、{self.title}" if self.numeral else self.title


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(SectionKey.PREFACE, "", "引言"),
    SectionSpec(SectionKey.OVERVIEW, "一", "总体情况"),
    SectionSpec(SectionKey.PROACTIVE, "二", "主动公开政府信息情况"),
    SectionSpec(SectionKey.APPLICATIONS, "三", "收到和处理政府信息公开申请情况"),
    SectionSpec(SectionKey.REVIEW_LITIGATION, "四", "政府信息公开行政复议、行政诉讼情况"),
    SectionSpec(SectionKey.PROBLEMS, "五", "存在的主要问题及改进情况"),
    SectionSpec(SectionKey.OTHER, "六", "其他需要报告的事项"),
)
_BY_KEY = {s.key: s for s in SECTIONS}

# The numbered parts, in order: key -> "一" … "六".
SECTION_NUMERALS: dict[SectionKey, str] = {s.key: s.numeral for s in SECTIONS if s.numeral}
# Every part (the preface too): key -> title without its numeral.
SECTION_TITLES: dict[SectionKey, str] = {s.key: s.title for s in SECTIONS}
# "一" … "六" -> key.
SECTION_BY_NUMERAL: dict[str, SectionKey] = {n: k for k, n in SECTION_NUMERALS.items()}


def section(key: SectionKey) -> SectionSpec:
    return _BY_KEY[key]


def section_heading(key: SectionKey) -> str:
    """"五、存在的主要问题及改进情况"; the preface, which has no numeral, is "引言"."""
    return _BY_KEY[key].heading
