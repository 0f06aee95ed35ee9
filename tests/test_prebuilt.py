"""prebuilt: what pydantic's own construction makes of the same values."""

from __future__ import annotations

from assistant.findings import Finding, SectionKey, Severity
from assistant.prebuilt import prebuilt
from assistant.report import Report, ReportMeta, Section


def _same(made: object, validated: object) -> None:
    assert type(made) is type(validated)
    assert made.__dict__ == validated.__dict__
    assert made.model_fields_set == validated.model_fields_set  # type: ignore[attr-defined]
    assert made.__pydantic_extra__ is validated.__pydantic_extra__  # type: ignore[attr-defined]
    assert made.__pydantic_private__ is validated.__pydantic_private__  # type: ignore[attr-defined]
    assert made.model_dump_json() == validated.model_dump_json()  # type: ignore[attr-defined]
    assert made == validated


def test_every_field_given() -> None:
    values = {"key": SectionKey.PROBLEMS, "heading": "五、存在的主要问题及改进情况", "numeral": "五",
              "text": "一是……", "offset": 120}
    _same(prebuilt(Section, dict(values)), Section(**values))


def test_fields_set_as_given() -> None:
    made = prebuilt(Section, {"key": SectionKey.PREFACE, "heading": "", "numeral": "", "text": "前言",
                              "offset": 0}, {"key", "text", "offset"})
    _same(made, Section(key=SectionKey.PREFACE, text="前言", offset=0))


def test_a_report_and_a_finding() -> None:
    finding = Finding.exact("t3.row_sum", Severity.ERROR, "不等", None, "t3.new.total", (), (1, 2),
                            "3", "4")
    _same(finding, Finding(code="t3.row_sum", severity=Severity.ERROR, message="不等", section=None,
                           cell="t3.new.total", cells=(), span=(1, 2), expected="3", actual="4"))
    meta = ReportMeta(agency="某局", year=2023)
    values = {"meta": meta, "sections": [], "cells": {"t3.new.total": 3}, "raw_cells": {},
              "ambiguities": [], "parse_findings": [finding]}
    made = prebuilt(Report, {**values, "account": Report().account}, set(values))
    _same(made, Report(**values))
