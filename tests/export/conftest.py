"""Reports for the export tests: consistent, non-zero tables and text with awkward characters."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

import pytest

from assistant.cells import (
    T3_PART_COLUMNS,
    T4_GROUPS,
    T4_PART_COLUMNS,
    FormatVersion,
    ValueKind,
    cell_specs,
    t3_outcome_rows,
    t3_rows,
)
from assistant.findings import SECTION_NUMERALS, SECTION_TITLES, SectionKey
from assistant.report import Report, Section

_AGENCIES = ("临川县发展和改革局", "青溪市自然资源局", "东河区人民政府办公室", "南平镇人民政府")

_TEXTS: dict[SectionKey, str] = {
    SectionKey.PREFACE: (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定编制。"
        "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。\n"
        "本报告电子版可在“{agency}”门户网站查阅；如有疑问，请与办公室联系（电话：0571-8888 6666）。"
    ),
    SectionKey.OVERVIEW: (
        "（一）主动公开\n"
        "{year}年，{agency}主动公开政府信息{n}条，现行有效规范性文件{in_force}件。\n"
        "（二）依申请公开\n"
        "全年共收到政府信息公开申请{new}件，办结{handled}件，结转下年度继续办理{out}件。\n"
        "（三）政府信息管理\n"
        "落实公开属性源头认定，审查比例达到100%。"
    ),
    SectionKey.PROACTIVE: "本年度主动公开政府信息情况如下：",
    SectionKey.APPLICATIONS: "",
    SectionKey.REVIEW_LITIGATION: "全年因政府信息公开被申请行政复议{review}件。",
    SectionKey.PROBLEMS: (
        "一是政策解读形式较为单一，图表<图解>与视频&动画运用不足。\n"
        "二是答复文书中“依据条款”引用不够规范；A|B 两类文书格式不统一。\n"
        "改进措施：* 制作图解 20 件；# 每季度评查一次；1. 修订模板。"
    ),
    SectionKey.OTHER: "{year}年未收取信息处理费。<script>alert('x')</script> 按要求落实年度政务公开工作要点。",
}


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


def make_report(seed: int, version: FormatVersion = FormatVersion.V2021, *,
                with_preface: bool = True) -> Report:
    """A report whose tables obey every rule and are mostly non-zero."""
    rng = random.Random(seed)
    agency = _AGENCIES[seed % len(_AGENCIES)]
    year = 2019 + seed % 6 if version is FormatVersion.V2021 else 2019 + seed % 2
    report = Report.blank(version, agency=agency, year=year)
    for spec in cell_specs(version):
        if spec.table != "t2":
            continue
        if spec.kind is ValueKind.AMOUNT:
            # Keep trailing zeros: the export must print "12.50", not 12.5.
            report.cells[spec.address] = Decimal(rng.randint(0, 999999)).scaleb(-2)
        elif spec.kind is ValueKind.DELTA:
            report.cells[spec.address] = rng.randint(-20, 20)
        else:
            report.cells[spec.address] = rng.randint(1, 3000)
    outcomes = t3_outcome_rows(version)
    for col in T3_PART_COLUMNS:
        new, cin = rng.randint(1, 60), rng.randint(0, 5)
        out = rng.randint(0, min(5, new + cin))
        handled = new + cin - out
        report.cells |= {f"t3.new.{col}": new, f"t3.carried_in.{col}": cin,
                         f"t3.carried_out.{col}": out, f"t3.handled_total.{col}": handled}
        for row, value in zip(outcomes, _split(rng, handled, len(outcomes)), strict=True):
            report.cells[f"t3.{row}.{col}"] = value
    for spec in t3_rows(version):
        report.cells[f"t3.{spec.key}.total"] = sum(
            int(report.cells[f"t3.{spec.key}.{c}"] or 0) for c in T3_PART_COLUMNS)
    for group, _ in T4_GROUPS:
        parts = [rng.randint(0, 9) for _ in T4_PART_COLUMNS]
        report.cells |= {f"t4.{group}.{c}": v for c, v in zip(T4_PART_COLUMNS, parts, strict=True)}
        report.cells[f"t4.{group}.total"] = sum(parts)

    values = {
        "year": year, "agency": agency, "n": rng.randint(50, 900),
        "in_force": report.cells["t2.normative.in_force"] if version is FormatVersion.V2021 else 0,
        "new": report.cells["t3.new.total"], "handled": report.cells["t3.handled_total.total"],
        "out": report.cells["t3.carried_out.total"], "review": report.cells["t4.review.total"],
    }
    sections = [Section(key=SectionKey.PREFACE, text=_TEXTS[SectionKey.PREFACE].format(**values))]
    if not with_preface:
        sections = []
    for key, numeral in SECTION_NUMERALS.items():
        sections.append(Section(key=key, numeral=numeral, heading=f"{numeral}、{SECTION_TITLES[key]}",
                                text=_TEXTS[key].format(**values)))
    report.sections = sections
    report.meta.title = f"{agency}{year}年政府信息公开工作年度报告"
    return Report.model_validate(report.model_dump())


@pytest.fixture
def report_factory() -> Callable[..., Report]:
    return make_report


@pytest.fixture
def report_2021() -> Report:
    return make_report(1)


@pytest.fixture
def report_2019() -> Report:
    return make_report(2, FormatVersion.V2019)
