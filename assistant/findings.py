"""Findings: what a check (or the parser) says about a report."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The report's parts are the form's (assistant.form.sections); re-exported for existing imports.
from assistant.form.sections import SECTION_NUMERALS, SECTION_TITLES, SectionKey
from assistant.prebuilt import prebuilt

__all__ = ["SECTION_NUMERALS", "SECTION_TITLES", "Finding", "SectionKey", "Severity"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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

    @model_validator(mode="before")
    @classmethod
    def _office_severity(cls, data: Any) -> Any:
        """A practice rule the office re-graded (``NIANBAO_RULE_SEVERITY``) gets its severity
        here, wherever the finding is made (the checks, the parser, the citation checker, the
        drafter, the ledger, the workspace)."""
        if not isinstance(data, dict):
            return data
        from assistant.settings import rule_severity

        configured = rule_severity().get(data.get("code", ""))
        return data if configured is None else {**data, "severity": configured}

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @classmethod
    def exact(
        cls, code: str, severity: Severity, message: str, section: SectionKey | None,
        cell: str | None, cells: tuple[str, ...], span: tuple[int, int] | None,
        expected: str | None, actual: str | None,
    ) -> Finding:
        """``Finding(code=…, …, actual=…)`` with every field given and ``severity`` final (the
        office's ``NIANBAO_RULE_SEVERITY`` already applied): values already of the fields'
        exact types are taken as they are, without pydantic's validation, which costs most of
        making a finding (the checks make many); any other value is validated as usual."""
        values = {"code": code, "severity": severity, "message": message, "section": section,
                  "cell": cell, "cells": cells, "span": span, "expected": expected,
                  "actual": actual}
        exact = (
            type(code) is str and type(message) is str and type(severity) is Severity
            and (section is None or type(section) is SectionKey)
            and (cell is None or type(cell) is str)
            and (expected is None or type(expected) is str)
            and (actual is None or type(actual) is str)
            and type(cells) is tuple and all(type(c) is str for c in cells)
            and (span is None or (type(span) is tuple and len(span) == 2
                                  and type(span[0]) is int and type(span[1]) is int))
        )
        if not exact:
            return cls(**values)
        return prebuilt(cls, values)
