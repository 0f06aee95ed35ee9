"""The report's title: "临川县教育局2023年政府信息公开工作年度报告"."""

from __future__ import annotations

import re

REPORT_NAME = "政府信息公开工作年度报告"

# A title as printed: "…2023年政府信息公开工作年度报告", "…2023年度政府信息公开工作年度报告".
TITLE_PATTERN = re.compile(rf"(?P<year>(?:19|20)\d{{2}})\s*年度?\s*{REPORT_NAME}")


def report_title(agency: str | None, year: int | None, *, suffix: str = "") -> str:
    """"{agency}{year}年政府信息公开工作年度报告{suffix}"; without a year, no "年"."""
    when = f"{year}年" if year is not None else ""
    return f"{agency or ''}{when}{REPORT_NAME}{suffix}"
