"""Consolidate the units' reports into the government's tables, with per-unit provenance.

国办公开办函〔2021〕30号 asks each government to 逐级汇总相关情况和数据: every cell of the
government's 表二/表三/表四 is the sum of its units' cells. Units whose reports fail the
checks are excluded or included as the caller decides, and the decision is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.audit import check_pair, parallel_map, parse_quietly
from assistant.errors import NianbaoError
from assistant.form import FormatVersion, cell_address, cell_specs, report_title, table
from assistant.report import JsonDecimal, Report
from assistant.rollup.roster import Match, RosterUnit, UnitKind, match_names

Number = int | JsonDecimal


class FailingPolicy(StrEnum):
    EXCLUDE = "exclude"
    INCLUDE = "include"


class UnitStatus(StrEnum):
    INCLUDED = "已纳入汇总"
    MISSING = "未找到报告"
    FAILING_EXCLUDED = "未通过核对，已排除"
    FAILING_INCLUDED = "未通过核对，仍纳入"
    INCOMPATIBLE = "格式或年度不符，已排除"
    UNREADABLE = "报告无法读取"


class UnitResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: str
    kind: UnitKind
    status: UnitStatus
    file: str | None = None
    agency: str | None = Field(default=None, description="报告中的机关名称")
    match: Match | None = None
    errors: int = 0
    warnings: int = 0
    error_codes: list[str] = Field(default_factory=list)
    note: str | None = None


class UnreadableFile(BaseModel):
    """A file of the folder that could not be read, and why (it never counts silently as missing)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    reason: str
    unit: str | None = Field(default=None, description="按文件名匹配到的花名册单位")


class CellDifference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cell: str
    label: str
    published: Number | None
    rollup: Number
    difference: Number = Field(description="发布数 − 汇总数")
    explanations: list[str] = Field(default_factory=list)


class RollupFacts(BaseModel):
    """Figures for the government's own narrative sections, each traceable to the tables."""

    model_config = ConfigDict(extra="forbid")

    units_expected: int
    units_included: int
    units_missing: int
    units_excluded: int
    by_kind: dict[str, int]
    lines: list[str] = Field(description="可直接写入总体情况的事实句，数字均来自汇总表")
    top_applications: list[tuple[str, int]] = Field(description="新收申请最多的单位")
    corrected_cases: list[tuple[str, int]] = Field(description="复议、诉讼被纠正的单位及件数")


class Rollup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    year: int
    failing_policy: FailingPolicy
    policy_statement: str
    report: Report
    provenance: dict[str, dict[str, Number]] = Field(
        description="单元格地址 → {单位: 数值}（仅列非零值）"
    )
    units: list[UnitResult]
    unmatched_files: list[str] = Field(description="不在花名册上的报告文件")
    unreadable_files: list[UnreadableFile] = Field(
        default_factory=list, description="无法读取的文件及原因")
    facts: RollupFacts
    differences: list[CellDifference] | None = None

    @property
    def missing(self) -> list[str]:
        return [u.unit for u in self.units if u.status is UnitStatus.MISSING]

    @property
    def fuzzy_matches(self) -> list[Match]:
        return [u.match for u in self.units if u.match is not None and u.match.fuzzy]

    def included(self) -> list[UnitResult]:
        return [u for u in self.units if u.status in (UnitStatus.INCLUDED,
                                                       UnitStatus.FAILING_INCLUDED)]


def _add(a: Number, b: Number) -> Number:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) + Decimal(b)
    return a + b


def consolidate_cells(units: list[tuple[str, Report]]) -> tuple[dict[str, Number],
                                                                dict[str, dict[str, Number]]]:
    """Sum every 2021-format cell over the units; blanks count as 0. Returns sums and
    provenance (address → non-zero values by unit)."""
    sums: dict[str, Number] = {}
    provenance: dict[str, dict[str, Number]] = {}
    for spec in cell_specs(FormatVersion.V2021):
        total: Number = Decimal(0) if spec.kind.value == "amount" else 0
        parts: dict[str, Number] = {}
        for name, report in units:
            value = report.cells.get(spec.address)
            if value is None or value == 0:
                continue
            parts[name] = value
            total = _add(total, value)
        sums[spec.address] = total
        if parts:
            provenance[spec.address] = parts
    return sums, provenance


def rollup_facts(name: str, year: int, sums: dict[str, Number], units: list[UnitResult],
                 included: list[tuple[str, Report]]) -> RollupFacts:
    def n(address: str) -> int:
        return int(sums[address])

    handled = n("t3.handled_total.total")
    granted = n("t3.public.total") + n("t3.partial.total")
    share = f"，占{granted / handled:.1%}" if handled else ""
    suits = n("t4.suit_direct.total") + n("t4.suit_after_review.total")
    lines = [
        f"{year}年，{name}所属{len(included)}个单位纳入汇总。",
        f"全年共新收政府信息公开申请{n('t3.new.total')}件，上年结转{n('t3.carried_in.total')}件，"
        f"办结{handled}件，结转下年度继续办理{n('t3.carried_out.total')}件。",
        f"予以公开和部分公开{granted}件{share}。",
        f"本年制发行政规范性文件{n('t2.normative.issued')}件，废止{n('t2.normative.repealed')}件，"
        f"现行有效{n('t2.normative.in_force')}件。",
        f"因政府信息公开被申请行政复议{n('t4.review.total')}件，其中结果纠正"
        f"{n('t4.review.corrected')}件；提起行政诉讼{suits}件，其中结果纠正"
        f"{n('t4.suit_direct.corrected') + n('t4.suit_after_review.corrected')}件。",
    ]
    top = sorted(((u, int(r.cells.get("t3.new.total") or 0)) for u, r in included),
                 key=lambda t: (-t[1], t[0]))[:5]
    corrected_cells = [cell_address("t4", g.key, "corrected") for g in table(FormatVersion.V2021, "t4").rows]
    corrected = [(u, c) for u, r in included
                 if (c := sum(int(r.cells.get(cell) or 0) for cell in corrected_cells))]
    by_kind: dict[str, int] = {}
    for u in units:
        if u.status in (UnitStatus.INCLUDED, UnitStatus.FAILING_INCLUDED):
            by_kind[u.kind.value] = by_kind.get(u.kind.value, 0) + 1
    excluded = sum(u.status in (UnitStatus.FAILING_EXCLUDED, UnitStatus.INCOMPATIBLE, UnitStatus.UNREADABLE)
                   for u in units)
    return RollupFacts(
        units_expected=len(units), units_included=len(included),
        units_missing=sum(u.status is UnitStatus.MISSING for u in units),
        units_excluded=excluded, by_kind=by_kind, lines=lines,
        top_applications=[t for t in top if t[1]], corrected_cases=corrected,
    )


def _explain(address: str, diff: Number, included: list[tuple[str, Report]],
             excluded: list[tuple[str, Report]], missing: int) -> list[str]:
    """Which units could account for a difference between published and rolled-up figures."""
    size = abs(diff)
    values = [(u, r.cells.get(address) or 0) for u, r in included]
    notes = []
    singles = [u for u, v in values if v == size and v]
    if singles:
        verb = "重复计入" if diff > 0 else "漏计"
        notes.append(f"差额{size}等于{'、'.join(singles)}的数值，发布数可能{verb}了该单位")
    if diff > 0:
        extra = [u for u, r in excluded if (r.cells.get(address) or 0) == size]
        if extra:
            notes.append(f"差额{size}等于已排除单位{'、'.join(extra)}的数值，发布数可能计入了该单位")
    if not notes:
        nonzero = [(u, v) for u, v in values if v][:40]
        for (u1, v1), (u2, v2) in combinations(nonzero, 2):
            if _add(v1, v2) == size:
                verb = "重复计入" if diff > 0 else "漏计"
                notes.append(f"差额{size}等于{u1}（{v1}）与{u2}（{v2}）之和，发布数可能{verb}了这两个单位")
                break
    if diff > 0 and missing:
        notes.append(f"另有{missing}个单位未找到报告，差额可能来自这些单位")
    return notes or [f"差额{size}无法由单个或两个单位的数值解释，请逐单位核对"]


def compare_published(published: Report, rollup_cells: dict[str, Number],
                      included: list[tuple[str, Report]], excluded: list[tuple[str, Report]],
                      missing: int) -> list[CellDifference]:
    """Every cell where the government's published report differs from the roll-up."""
    differences = []
    if published.version is not FormatVersion.V2021:
        raise NianbaoError("发布的本级报告不是2021年版格式，无法逐格比对")
    for spec in cell_specs(FormatVersion.V2021):
        ours = rollup_cells[spec.address]
        theirs = published.cells.get(spec.address)
        if theirs == ours or (theirs is None and ours == 0):
            continue
        diff = _add(theirs or 0, -ours)
        differences.append(CellDifference(
            cell=spec.address, label=spec.label, published=theirs, rollup=ours, difference=diff,
            explanations=_explain(spec.address, diff, included, excluded, missing),
        ))
    return differences


def rollup(
    files: list[Path], roster: list[RosterUnit], *, name: str, year: int,
    failing: FailingPolicy = FailingPolicy.EXCLUDE, jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    published: Report | None = None, root: Path | None = None,
) -> Rollup:
    """Parse and check every file, match them to the roster, and consolidate."""
    parsed = parallel_map(parse_quietly, files, jobs, "解析", progress)
    readable = [(f, r) for f, (r, _) in zip(files, parsed, strict=True) if r is not None]
    findings = parallel_map(check_pair, [(r, None) for _, r in readable], jobs, "核对", progress)
    place = _place_of(name)
    candidates = [r.meta.agency or f.stem for f, r in readable]
    matches = match_names([u.name for u in roster], candidates, place)

    def shown(path: Path) -> str:
        return str(path.relative_to(root)) if root else str(path)

    by_unit: dict[str, int] = {m.unit: ci for ci, m in matches.items()}
    unreadable = _unreadable(files, parsed, [u.name for u in roster if u.name not in by_unit], place, shown)
    unreadable_by_unit = {u.unit: u for u in unreadable if u.unit is not None}
    units: list[UnitResult] = []
    included: list[tuple[str, Report]] = []
    excluded: list[tuple[str, Report]] = []
    for unit in roster:
        ci = by_unit.get(unit.name)
        if ci is None:
            bad = unreadable_by_unit.get(unit.name)
            if bad is not None:
                units.append(UnitResult(unit=unit.name, kind=unit.kind, status=UnitStatus.UNREADABLE,
                                        file=bad.file, note=bad.reason))
            else:
                units.append(UnitResult(unit=unit.name, kind=unit.kind, status=UnitStatus.MISSING))
            continue
        path, report = readable[ci]
        errors = [f for f in findings[ci] if f.is_error]
        result = UnitResult(
            unit=unit.name, kind=unit.kind, status=UnitStatus.INCLUDED, file=shown(path),
            agency=report.meta.agency, match=matches[ci], errors=len(errors),
            warnings=len(findings[ci]) - len(errors),
            error_codes=sorted({f.code for f in errors}),
        )
        if report.version is not FormatVersion.V2021 or (report.meta.year not in (None, year)):
            result.status = UnitStatus.INCOMPATIBLE
            result.note = (f"报告为{report.version.value}年版格式、{report.meta.year}年度，"
                           f"汇总需要{year}年度的2021年版格式报告")
            excluded.append((unit.name, report))
        elif errors and failing is FailingPolicy.EXCLUDE:
            result.status = UnitStatus.FAILING_EXCLUDED
            excluded.append((unit.name, report))
        else:
            if errors:
                result.status = UnitStatus.FAILING_INCLUDED
            included.append((unit.name, report))
        units.append(result)
    unmatched = [shown(readable[ci][0]) for ci in range(len(readable)) if ci not in matches]

    sums, provenance = consolidate_cells(included)
    report = Report.blank(FormatVersion.V2021, agency=name, year=year)
    report.meta.title = report_title(name, year, suffix="（汇总）")
    for address, value in sums.items():
        report.set_cell(address, value)
    facts = rollup_facts(name, year, sums, units, included)
    policy = ("未通过核对的单位报告已排除在汇总之外" if failing is FailingPolicy.EXCLUDE
              else "未通过核对的单位报告仍按其所报数字纳入汇总")
    missing = sum(u.status is UnitStatus.MISSING for u in units)
    differences = (compare_published(published, sums, included, excluded, missing)
                   if published is not None else None)
    return Rollup(
        name=name, year=year, failing_policy=failing, policy_statement=policy, report=report,
        provenance=provenance, units=units, unmatched_files=unmatched, unreadable_files=unreadable,
        facts=facts,
        differences=differences,
    )


def _unreadable(files: list[Path], parsed: list[tuple[Report | None, str | None]], free_units: list[str],
                place: str, shown: Callable[[Path], str]) -> list[UnreadableFile]:
    """Every file that could not be read, with its reason, and the roster unit its file name
    names (among the units no readable report matched), so that the unit is not reported as
    having sent nothing."""
    bad = [(path, error or "无法读取") for path, (report, error) in zip(files, parsed, strict=True)
           if report is None]
    by_file = match_names(free_units, [path.stem for path, _ in bad], place)
    return [UnreadableFile(file=shown(path), reason=reason,
                           unit=by_file[i].unit if i in by_file else None)
            for i, (path, reason) in enumerate(bad)]


def _place_of(government: str) -> str:
    """'临川县人民政府' → '临川县'."""
    for suffix in ("人民政府办公室", "人民政府"):
        if government.endswith(suffix):
            return government[: -len(suffix)]
    return government
