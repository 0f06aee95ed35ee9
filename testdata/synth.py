"""Synthetic, internally consistent reports for benchmarks and tests (roll-up, drafting, workspace).

A generated report obeys every table rule, states its numbers in the narrative the way real
reports do, and can be printed in the text forms real reports arrive in (one cell per line
ending in " |", or rows separated by " | ").
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from assistant.form import (
    SECTION_NUMERALS,
    FormatVersion,
    SectionKey,
    cell_address,
    continuity_rules,
    defining_sums,
    report_title,
    row_addresses,
    section_heading,
    t3_outcome_rows,
    table,
    table_addresses,
)
from assistant.report import Report, Section

_PROBLEMS = (
    ("政策解读形式较为单一，图表图解、视频解读等形式运用不足", "围绕重要政策制作图解和短视频解读"),
    ("依申请公开答复文书的规范性有待提高", "修订依申请公开答复文书模板并开展案卷评查"),
    ("政府信息公开目录更新不够及时", "建立目录季度更新和专人核对机制"),
    ("基层政务公开标准化规范化水平不均衡", "对照标准目录逐项梳理并开展专项督导"),
    ("政务新媒体互动回应不够及时", "明确留言办理时限并纳入月度通报"),
    ("工作人员业务能力与新条例要求仍有差距", "每季度组织一次条例和案例专题培训"),
    ("重点领域信息公开深度不足", "细化重大项目批准和实施领域公开清单"),
    ("规范性文件清理结果公开不够系统", "建立规范性文件动态清理和集中公开机制"),
)
_AGENCY_KINDS = ("发展和改革局", "教育局", "民政局", "财政局", "自然资源局", "住房和城乡建设局",
                 "交通运输局", "水利局", "农业农村局", "卫生健康委员会", "市场监督管理局")
_PLACES = ("临川", "青溪", "东河", "南平", "北塘", "西岭", "安平", "永和", "长宁", "清江")


_PLACE_CHARS = "安宁永和长清江青溪东河南北西岭临川平阳泰丰兴华福寿康乐明德仁信义通达盛昌隆新"


def agency_name(rng: random.Random) -> str:
    return f"{rng.choice(_PLACES)}县{rng.choice(_AGENCY_KINDS)}"


def agency_names(count: int) -> list[str]:
    """``count`` distinct, realistic county department names (up to ~10,000)."""
    names = [f"{a}{b}县{kind}" for a in _PLACE_CHARS for b in _PLACE_CHARS if a != b
             for kind in _AGENCY_KINDS]
    if count > len(names):
        raise ValueError(f"最多生成 {len(names)} 个不同的机关名称")
    return random.Random(count).sample(names, count)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """A random composition of ``total`` into ``parts`` non-negative integers."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


def _fill_totals(report: Report, table_key: str) -> None:
    """Every total cell of the table computed from its parts, as the form sums them."""
    for total, parts in defining_sums(report.version, table_key).items():
        report.cells[total] = sum(int(report.cells[p] or 0) for p in parts)


def _fill_t3(rng: random.Random, report: Report, scale: int, carried_in: dict[str, int]) -> None:
    version = report.version
    outcomes = t3_outcome_rows(version)
    # Most applications are disclosed; a few fall into a handful of other outcomes.
    active = ["public", "partial", *rng.sample([r for r in outcomes if r not in
                                                ("public", "partial")], 4)]
    for col in (c.key for c in table(version, "t3").part_columns):
        weight = scale if col == "natural" else max(1, scale // 8)
        new = rng.randint(0, weight) if rng.random() < (0.9 if col == "natural" else 0.4) else 0
        cin = carried_in.get(col, 0)
        out = rng.randint(0, min(2, new + cin))
        handled = new + cin - out  # 一 + 二 = 三（七）+ 四
        report.cells[cell_address("t3", "new", col)] = new
        report.cells[cell_address("t3", "carried_in", col)] = cin
        report.cells[cell_address("t3", "carried_out", col)] = out
        split = _split(rng, handled, len(active))
        for row in outcomes:
            report.cells[cell_address("t3", row, col)] = 0
        for row, value in zip(active, split, strict=True):
            report.cells[cell_address("t3", row, col)] = value
    _fill_totals(report, "t3")


def _fill_t4(rng: random.Random, report: Report) -> None:
    for row in table(report.version, "t4").rows:
        parts = row_addresses(report.version, "t4", row.key, parts=True)
        values = [rng.choice((0, 0, 0, 1, 2)) for _ in parts]
        report.cells.update(zip(parts, values, strict=True))
    _fill_totals(report, "t4")


def _fill_t2(rng: random.Random, report: Report, in_force_before: int) -> None:
    issued, repealed = rng.randint(0, 12), rng.randint(0, 4)
    report.cells.update({
        "t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0,
        "t2.normative.issued": issued, "t2.normative.repealed": min(repealed, in_force_before),
        "t2.normative.in_force": in_force_before + issued - min(repealed, in_force_before),
        "t2.licensing.decisions": rng.randint(0, 3000),
        "t2.penalty.decisions": rng.randint(0, 400),
        "t2.coercion.decisions": rng.randint(0, 20),
        "t2.fees.amount_wan": Decimal(rng.randint(0, 99999)) / 100,
    })


def _narrative(rng: random.Random, report: Report, previous: Report | None) -> dict[SectionKey,
                                                                                      str]:
    agency, year = report.meta.agency or "本机关", report.meta.year or 2023
    new = report.cells["t3.new.total"]
    cin = report.cells["t3.carried_in.total"]
    handled = report.cells["t3.handled_total.total"]
    out = report.cells["t3.carried_out.total"]
    review = report.cells["t4.review.total"]
    suits = int(report.cells["t4.suit_direct.total"] or 0) + int(
        report.cells["t4.suit_after_review.total"] or 0)
    in_force = report.cells["t2.normative.in_force"]
    preface = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定编制。"
        f"全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。"
        f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
        f"如对本报告有疑问，请与{agency}办公室联系。"
    )
    overview = (
        f"{year}年，{agency}认真贯彻落实《条例》，持续推进政府信息公开工作。"
        f"（一）主动公开。全年通过门户网站主动公开政府信息{rng.randint(50, 900)}条，"
        f"现行有效行政规范性文件{in_force}件。"
        f"（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{cin}件，"
        f"办结{handled}件，结转下年度继续办理{out}件。"
        f"（三）政府信息管理。严格落实公开属性源头认定和保密审查制度。"
        f"（四）平台建设。做好门户网站政府信息公开专栏日常维护。"
        f"（五）监督保障。全年因政府信息公开被申请行政复议{review}件，提起行政诉讼{suits}件。"
    )
    picked = rng.sample(range(len(_PROBLEMS)), 2)
    problems = "".join(
        f"{'一二'[i]}是{_PROBLEMS[p][0]}。" for i, p in enumerate(picked)
    ) + "改进措施：" + "".join(
        f"{'一二'[i]}是{_PROBLEMS[p][1]}，{year + 1}年6月底前完成。" for i, p in enumerate(picked)
    )
    if previous is not None:
        problems = (
            "针对上年度报告提出的问题，已逐项制定整改措施并完成整改。"
            f"{year}年存在的主要问题：" + problems
        )
    else:
        problems = f"{year}年存在的主要问题：" + problems
    other = f"{year}年，{agency}未收取政府信息公开信息处理费。无其他需要报告的事项。"
    return {
        SectionKey.PREFACE: preface,
        SectionKey.OVERVIEW: overview,
        SectionKey.PROBLEMS: problems,
        SectionKey.OTHER: other,
    }


def synthetic_report(
    rng: random.Random,
    *,
    agency: str | None = None,
    year: int = 2023,
    scale: int = 40,
    previous: Report | None = None,
) -> Report:
    """A consistent 2021-format report; with ``previous`` its carry-over continues last year."""
    agency = agency or agency_name(rng)
    report = Report.blank(FormatVersion.V2021, agency=agency, year=year)
    report.meta.title = report_title(agency, year)
    report.meta.published_on = date(year + 1, 1, rng.randint(10, 30))
    part_columns = [c.key for c in table(report.version, "t3").part_columns]
    if previous:
        # Each continued cell starts from last year's value (上年结转, 现行有效).
        before = {rule.cell: int(previous.cells.get(rule.previous) or 0)
                  for rule in continuity_rules(report.version, previous.version)}
        carried_in = {c: before[cell_address("t3", "carried_in", c)] for c in part_columns}
        in_force_before = before.get(cell_address("t2", "normative", "in_force"), 0)
    else:
        carried_in = {c: rng.randint(0, 1) for c in part_columns}
        in_force_before = rng.randint(5, 120)
    _fill_t2(rng, report, in_force_before)
    _fill_t3(rng, report, scale, carried_in)
    _fill_t4(rng, report)
    texts = _narrative(rng, report, previous)
    sections = [Section(key=SectionKey.PREFACE, text=texts[SectionKey.PREFACE])]
    for key, numeral in SECTION_NUMERALS.items():
        sections.append(Section(key=key, numeral=numeral, heading=section_heading(key),
                                text=texts.get(key, "")))
    report.sections = sections
    return Report.model_validate(report.model_dump())


def synthetic_series(rng: random.Random, *, agency: str, years: range, scale: int = 40
                     ) -> Iterator[Report]:
    """Consecutive years of one agency: each year's 上年结转 is last year's 结转下年度."""
    previous: Report | None = None
    for year in years:
        previous = synthetic_report(rng, agency=agency, year=year, scale=scale, previous=previous)
        yield previous


# --- printing in the forms real reports arrive in ------------------------------------------------


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _table2_lines(report: Report) -> list[list[str]]:
    """Each article item's heading, its column heads, then its rows."""
    lines: list[list[str]] = []
    heading = None
    for row in table(report.version, "t2").rows:
        if row.heading != heading:
            heading = row.heading
            lines += [[heading], ["信息内容", *(c.label for c in row.columns)]]
        lines.append([row.label, *(_fmt(report.cells[a]) for a in
                                   row_addresses(report.version, "t2", row.key))])
    return lines


def _table3_lines(report: Report) -> list[list[str]]:
    spec = table(report.version, "t3")
    natural, *orgs, total = (c.label for c in spec.columns)  # 自然人, 商业企业 … 其他, 总计
    lines = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        [natural, "法人或其他组织", total],
        orgs,
    ]
    for row in spec.rows:
        labels = [row.label]
        if row.key == "public":
            labels = [row.group, row.label]  # 三、本年度办理结果
        elif row.label.startswith("1.") and row.group:
            labels = [row.group, row.label]
        values = [_fmt(report.cells[a]) for a in row_addresses(report.version, "t3", row.key)]
        lines.append([*labels, *values])
    return lines


def _table4_lines(report: Report) -> list[list[str]]:
    spec = table(report.version, "t4")
    heads = [c.label for c in spec.columns]  # 结果维持 … 总计
    suits = [r for r in spec.rows if r.group]
    return [
        [*(r.label for r in spec.rows if not r.group), suits[0].group],  # 行政复议, 行政诉讼
        [*heads, *(r.label for r in suits)],
        heads * len(suits),
        [_fmt(report.cells[a]) for a in table_addresses(report.version, "t4")],
    ]


def _render(report: Report, form: str) -> str:
    tables = {
        SectionKey.PROACTIVE: _table2_lines(report),
        SectionKey.APPLICATIONS: _table3_lines(report),
        SectionKey.REVIEW_LITIGATION: _table4_lines(report),
    }
    out: list[str] = [report.meta.title or ""]
    for section in report.sections:
        if section.heading:
            out.append(section.heading)
        if section.text:
            out.append(section.text)
        for row in tables.get(section.key, []) if section.key else []:
            if form == "cells":
                out.extend(f"{cell} |" for cell in row)
            else:
                out.append(" | ".join(row))
    return "\n".join(out) + "\n"


def render_text(report: Report, form: str = "cells") -> str:
    """Print a report as text: ``cells`` (one cell a line, " |" ending) or ``rows`` (" | ")."""
    if form not in ("cells", "rows"):
        raise ValueError(f"未知的文本形式：{form}")
    return _render(report, form)
