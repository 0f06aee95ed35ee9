"""The national form as data (assistant.form) agrees with everything that does its arithmetic.

For every row of both formats: a report built to satisfy every relation passes the checks;
changing any single cell of any relation is reported by the check the relation names, on the
total (or this year's cell) with exactly the relation's parts; the ledger's totals are the
form's sums; and the relations cover every total cell the form prints.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant import cells
from assistant.checks import run_checks
from assistant.findings import Finding, SectionKey
from assistant.form import (
    BALANCE_CODE,
    CARRY_OVER_CODE,
    IN_FORCE_CODE,
    SECTION_NUMERALS,
    TABLE_NAMES,
    TABLE_SECTIONS,
    BalanceRule,
    ContinuityRule,
    FormatVersion,
    SumRule,
    ValueKind,
    balance_rules,
    cell_address,
    cell_spec,
    cell_specs,
    column_addresses,
    continuity_rules,
    defining_sums,
    report_title,
    row_addresses,
    section_heading,
    split_address,
    sum_rules,
    table,
    table_addresses,
    tables,
    total_cells,
)
from assistant.ledger.compute import compute, t3_leaf_rows
from assistant.ledger.crosscheck import CODE as LEDGER_CARRY_CODE
from assistant.ledger.crosscheck import crosscheck_previous
from assistant.ledger.fill import report_from
from assistant.ledger.labels import PENDING
from assistant.ledger.records import Application, Case
from assistant.parsing.variants import T2_CORES, T3_CORES
from assistant.report import Report

V2021, V2019 = FormatVersion.V2021, FormatVersion.V2019
VERSIONS = tuple(FormatVersion)
YEAR = 2023
TABLE_FAMILIES = ("t2", "t3", "t4", "xyear")


# --- reports that satisfy the form, built from the form ---------------------------------------


def _settle(report: Report) -> None:
    """Every total from its parts; every 表三 column balanced through its 一、本年新收."""
    version = report.version
    sums = defining_sums(version)

    def add_up() -> None:
        for total, parts in sums.items():
            report.cells[total] = sum(int(report.cells[p] or 0) for p in parts)

    add_up()
    for rule in balance_rules(version):
        first, *rest = rule.left
        if first in sums:
            continue  # a total: balanced once its parts are
        value = sum(int(report.cells[c] or 0) for c in rule.right) - sum(int(report.cells[c] or 0) for c in rest)
        assert value >= 0
        report.cells[first] = value
    add_up()


def consistent(version: FormatVersion, year: int = YEAR, previous: Report | None = None) -> Report:
    """A report of ``version`` whose every cell is non-zero where the form counts and that
    satisfies every relation (and continues ``previous`` when given)."""
    report = Report.blank(version, year=year)
    totals = total_cells(version)
    for i, spec in enumerate(cell_specs(version)):
        if spec.address in totals:
            continue
        value = 1 + i % 3
        if spec.table == "t4":  # 复议后起诉 no more than 行政复议 (else a plausibility warning)
            value = 3 if spec.row == "review" else 1
        report.cells[spec.address] = Decimal(value) if spec.kind is ValueKind.AMOUNT else value
    if previous is not None:
        for rule in continuity_rules(version, previous.version):
            if rule.cell not in totals:
                report.cells[rule.cell] = (
                    int(previous.cells[rule.previous] or 0)
                    + sum(int(report.cells[c] or 0) for c in rule.plus)
                    - sum(int(report.cells[c] or 0) for c in rule.minus)
                )
    _settle(report)
    return report


def _bumped(report: Report, cell: str) -> Report:
    broken = report.model_copy(deep=True)
    broken.cells[cell] = int(broken.cells[cell] or 0) + 1
    return broken


def _table_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code.split(".", 1)[0] in TABLE_FAMILIES]


def _rule_id(rule: SumRule | BalanceRule | ContinuityRule) -> str:
    if isinstance(rule, SumRule):
        return f"{rule.code}:{rule.total}"
    if isinstance(rule, BalanceRule):
        return f"{rule.code}:{rule.left[0]}"
    return f"{rule.code}:{rule.cell}"


SUM_CASES = [(v, r) for v in VERSIONS for r in sum_rules(v)]
BALANCE_CASES = [(v, r) for v in VERSIONS for r in balance_rules(v)]
PAIRS = [(v, p) for v in VERSIONS for p in VERSIONS]
CONTINUITY_CASES = [(v, p, r) for v, p in PAIRS for r in continuity_rules(v, p)]


# --- the checks agree with the form -----------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_a_report_built_to_the_form_passes_every_table_check(version: FormatVersion) -> None:
    report = consistent(version)
    assert _table_findings(run_checks(report)) == []


@pytest.mark.parametrize(("version", "rule"), SUM_CASES, ids=[f"{v}-{_rule_id(r)}" for v, r in SUM_CASES])
def test_breaking_any_cell_of_a_sum_is_reported_by_its_check(version: FormatVersion, rule: SumRule) -> None:
    report = consistent(version)
    for cell in (rule.total, *rule.parts):
        findings = run_checks(_bumped(report, cell))
        assert any(f.code == rule.code and f.cell == rule.total and set(f.cells) == set(rule.parts)
                   for f in findings), f"{cell}: {[(f.code, f.cell) for f in findings]}"


@pytest.mark.parametrize(("version", "rule"), BALANCE_CASES,
                         ids=[f"{v}-{_rule_id(r)}" for v, r in BALANCE_CASES])
def test_breaking_any_cell_of_the_column_balance_is_reported(version: FormatVersion, rule: BalanceRule) -> None:
    report = consistent(version)
    for cell in rule.cells:
        findings = run_checks(_bumped(report, cell))
        assert any(f.code == rule.code and {f.cell, *f.cells} == set(rule.cells) for f in findings), cell


@pytest.mark.parametrize(("version", "previous_version"), PAIRS)
def test_a_report_that_continues_last_years_passes_the_cross_year_checks(
        version: FormatVersion, previous_version: FormatVersion) -> None:
    previous = consistent(previous_version, YEAR - 1)
    report = consistent(version, YEAR, previous)
    assert _table_findings(run_checks(report, previous)) == []
    assert crosscheck_previous(report, previous) == []


@pytest.mark.parametrize(("version", "previous_version", "rule"), CONTINUITY_CASES,
                         ids=[f"{v}-{p}-{_rule_id(r)}" for v, p, r in CONTINUITY_CASES])
def test_breaking_any_cell_of_a_cross_year_relation_is_reported(
        version: FormatVersion, previous_version: FormatVersion, rule: ContinuityRule) -> None:
    previous = consistent(previous_version, YEAR - 1)
    report = consistent(version, YEAR, previous)
    broken = [(_bumped(report, c), previous) for c in (rule.cell, *rule.plus, *rule.minus)]
    broken.append((report, _bumped(previous, rule.previous)))
    for now, then in broken:
        findings = run_checks(now, then)
        assert any(f.code == rule.code and f.cell == rule.cell and set(f.cells) == {*rule.plus, *rule.minus}
                   for f in findings), [(f.code, f.cell) for f in findings]
        if rule.code == CARRY_OVER_CODE:  # the ledger's own cross-check says the same
            assert [f.cell for f in crosscheck_previous(now, then)] == [rule.cell]
            assert {f.code for f in crosscheck_previous(now, then)} == {LEDGER_CARRY_CODE}


def test_the_cross_year_relations_per_format() -> None:
    codes = {(v, p): {r.code for r in continuity_rules(v, p)} for v, p in PAIRS}
    assert codes[V2021, V2021] == {CARRY_OVER_CODE, IN_FORCE_CODE}
    # the 2019 format printed 对外公开总数量, not 现行有效
    assert codes[V2019, V2019] == codes[V2021, V2019] == codes[V2019, V2021] == {CARRY_OVER_CODE}
    in_force = [r for r in continuity_rules(V2021, V2021) if r.code == IN_FORCE_CODE]
    assert [(r.cell, r.previous, r.plus, r.minus, r.exact) for r in in_force] == [
        (f"t2.{row}.in_force", f"t2.{row}.in_force", (f"t2.{row}.issued",), (f"t2.{row}.repealed",), False)
        for row in ("rules", "normative")
    ]
    carried = [(r.cell, r.previous) for r in continuity_rules(V2021, V2019) if r.code == CARRY_OVER_CODE]
    assert carried == [(f"t3.carried_in.{c.key}", f"t3.carried_out.{c.key}") for c in table(V2021, "t3").columns]


# --- the ledger agrees with the form ----------------------------------------------------------


def _ledger() -> tuple[list[Application], list[Case]]:
    """Applications in every 表三 leaf cell (in different numbers), cases in every 表四 cell."""
    apps: list[Application] = []
    outcomes = [r for r in t3_leaf_rows() if r not in ("new", "carried_in")]
    columns = [c.key for c in table(V2021, "t3").part_columns]
    for i, outcome in enumerate(outcomes):
        for j, applicant in enumerate(columns):
            for k in range(1 + (i + j) % 3):
                received = date(YEAR, 3, 1) if (i + j + k) % 2 else date(YEAR - 1, 12, 20)
                closed, result = (None, None) if outcome == "carried_out" else (date(YEAR, 6, 1), outcome)
                apps.append(Application(len(apps) + 2, f"A{len(apps)}", received, applicant, closed, result))
    cases: list[Case] = []
    for i, cell in enumerate(table_addresses(V2021, "t4", parts=True)):
        _, kind, result = split_address(cell)
        for _ in range(1 + i % 2):
            closed = None if result == "pending" else date(YEAR, 9, 1)
            cases.append(Case(len(cases) + 2, f"C{len(cases)}", kind, date(YEAR, 2, 1),
                              PENDING if result == "pending" else result, closed))
    return apps, cases


def test_the_ledgers_totals_are_the_forms_sums() -> None:
    apps, cases = _ledger()
    comp = compute(YEAR, apps, cases)
    assert comp.sums == {**defining_sums(V2021, "t3"), **defining_sums(V2021, "t4")}
    for rule in sum_rules(V2021):
        assert comp.cells[rule.total] == sum(int(comp.cells[p] or 0) for p in rule.parts), rule.total
        assert comp.rows_of(rule.total) == sorted({r for p in rule.parts for r in comp.rows_of(p)})
    for balance in balance_rules(V2021):
        left = sum(int(comp.cells[c] or 0) for c in balance.left)
        assert left == sum(int(comp.cells[c] or 0) for c in balance.right), balance.left
    # every leaf counted something, so each relation above compared real numbers
    leaves = [a for a in (*table_addresses(V2021, "t3"), *table_addresses(V2021, "t4")) if a not in total_cells(V2021)]
    assert all(comp.cells[a] for a in leaves if not a.startswith("t3.new.") and not a.startswith("t3.carried_in."))
    # (no 表二 ledger: 表二 is left blank and says so)
    assert [f for f in _table_findings(run_checks(report_from(comp, YEAR))) if not f.code.startswith("t2.")] == []


# --- the relations cover the form -------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_relations_cover_every_total_cell(version: FormatVersion) -> None:
    printed_totals = {s.address for s in cell_specs(version) if "总计" in s.row_label or s.col_label == "总计"}
    assert total_cells(version) == printed_totals
    assert set(defining_sums(version)) == printed_totals  # each computed from exactly one sum
    # every counted cell of 表三 and 表四 is a part of some sum
    parts = {p for r in sum_rules(version) for p in r.parts}
    counted = {a for t in ("t3", "t4") for a in table_addresses(version, t)} - printed_totals
    assert counted <= parts
    # and the balance covers 一, 二, 三（七）, 四 in every column
    assert {c for r in balance_rules(version) for c in r.cells} == {
        a for row in ("new", "carried_in", "handled_total", "carried_out")
        for a in row_addresses(version, "t3", row)
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_the_sums_are_the_forms_printed_rules(version: FormatVersion) -> None:
    t3 = table(version, "t3")
    outcomes = [r.key for r in t3.rows if r.part_of == "handled_total"]
    expected = [key for key in (r.key for r in t3.rows) if key not in ("new", "carried_in", "handled_total",
                                                                            "carried_out")]
    assert outcomes == expected
    for rule in sum_rules(version, "t3"):
        _, row, col = split_address(rule.total)
        if rule.code == "t3.handled_sum":
            assert rule.parts == tuple(f"t3.{r}.{col}" for r in outcomes)
        else:
            assert rule.code == "t3.row_sum"
            assert rule.parts == tuple(f"t3.{row}.{c}" for c in
                                       ("natural", "commercial", "research", "nonprofit", "legal", "other_org"))
    assert [(r.code, r.total, r.parts) for r in sum_rules(version, "t4")] == [
        ("t4.group_sum", f"t4.{g}.total", tuple(f"t4.{g}.{c}" for c in ("upheld", "corrected", "other", "pending")))
        for g in ("review", "suit_direct", "suit_after_review")
    ]
    assert sum_rules(version, "t2") == ()
    assert [(r.code, r.left, r.right) for r in balance_rules(version)] == [
        (BALANCE_CODE, (f"t3.new.{c}", f"t3.carried_in.{c}"), (f"t3.handled_total.{c}", f"t3.carried_out.{c}"))
        for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
    ]


# --- tables, addresses, sections, titles ------------------------------------------------------


def test_the_parsers_label_variants_are_the_forms() -> None:
    """Until the parser reads them from the form (issue 15, phase B), its copy must not drift."""
    t3 = {r.key: r.variants for v in VERSIONS for r in table(v, "t3").rows if r.variants}
    t2 = {r.key: r.variants for v in VERSIONS for r in table(v, "t2").rows if r.variants}
    assert t3 == T3_CORES
    assert t2 == T2_CORES


@pytest.mark.parametrize("version", VERSIONS)
def test_addresses_come_from_the_tables(version: FormatVersion) -> None:
    specs = cell_specs(version)
    assert [s.address for s in specs] == [
        cell_address(t.key, r.key, c.key) for t in tables(version) for r in t.rows for c in r.columns
    ]
    for spec in specs:
        assert split_address(spec.address) == (spec.table, spec.row, spec.col)
        assert cell_spec(version, spec.address) == spec
        assert spec.label.startswith(TABLE_NAMES[spec.table])
    assert row_addresses(version, "t3", "public", parts=True) == tuple(
        f"t3.public.{c}" for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org"))
    assert column_addresses(version, "t4", "total") == (
        "t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total")
    assert column_addresses(version, "t3", "legal", ["new", "carried_out"]) == ("t3.new.legal", "t3.carried_out.legal")
    # the old module is the form, re-exported
    assert cells.cell_specs(version) == specs
    assert cells.t3_rows(version) == table(version, "t3").rows
    assert tuple((r.key, r.full_label) for r in table(version, "t4").rows) == cells.T4_GROUPS


def test_table_names_sections_and_titles() -> None:
    assert TABLE_NAMES == {"t2": "表二", "t3": "表三", "t4": "表四"}
    assert TABLE_SECTIONS == {"t2": SectionKey.PROACTIVE, "t3": SectionKey.APPLICATIONS,
                              "t4": SectionKey.REVIEW_LITIGATION}
    assert table(V2021, "t2").caption == "表二 主动公开政府信息情况"
    assert [section_heading(k) for k in SECTION_NUMERALS] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]
    assert section_heading(SectionKey.PREFACE) == "引言"
    assert report_title("临川县教育局", 2023) == "临川县教育局2023年政府信息公开工作年度报告"
    assert report_title("临川县", 2023, suffix="（汇总）") == "临川县2023年政府信息公开工作年度报告（汇总）"


def test_the_2019_format_differs_where_the_notice_says() -> None:
    t2_2021 = [r.key for r in table(V2021, "t2").rows]
    t2_2019 = [r.key for r in table(V2019, "t2").rows]
    assert set(t2_2019) - set(t2_2021) == {"other_services", "procurement"}
    assert [r.key for r in table(V2019, "t3").rows if r.key.startswith("other")] == ["other"]
    assert table(V2019, "t4") == table(V2021, "t4")


# --- the parser agrees with the form ------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_parsers_row_rules_are_the_forms_sums(version: FormatVersion) -> None:
    """Every sum the form draws inside one printed row is a rule the parser splits run-together
    numbers by, for every row of 表三 and 表四 in both formats."""
    from assistant.parsing.labels import t3_patterns, t4_addresses, t4_rules

    for pattern in t3_patterns(version):
        inside = [r for r in sum_rules(version, "t3")
                  if r.total in pattern.addresses and set(r.parts) <= set(pattern.addresses)]
        assert len(pattern.rules) == len(inside) == 1, pattern.key
        rule = pattern.rules[0]
        assert pattern.addresses[rule.total] == inside[0].total
        assert {pattern.addresses[p] for p in rule.parts} == set(inside[0].parts)
    assert t4_addresses() == table_addresses(version, "t4")
    form_t4 = {(r.total, frozenset(r.parts)) for r in sum_rules(version, "t4")}
    parser_t4 = {(t4_addresses()[r.total], frozenset(t4_addresses()[p] for p in r.parts)) for r in t4_rules()}
    assert parser_t4 == form_t4


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("form", ["cells", "rows"])
def test_a_report_built_to_the_form_reads_back_cell_exact(version: FormatVersion, form: str) -> None:
    """Printed with every row's label from the form and read back by the parser: the same
    value in every cell of both formats, and no table or parse error."""
    from assistant.parsing import parse_text
    from testdata.synth import render_text

    report = consistent(version)
    report.meta.agency = "某某县交通运输局"
    read = parse_text(render_text(report, form))
    assert read.version is version
    wrong = {spec.address: (report.cells[spec.address], read.cells.get(spec.address))
             for spec in cell_specs(version) if read.cells.get(spec.address) != report.cells[spec.address]}
    assert wrong == {}
    assert [f.code for f in read.parse_findings if f.severity.value == "error"] == []
