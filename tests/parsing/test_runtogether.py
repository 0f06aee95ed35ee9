"""Cells printed run together: read by arithmetic where exactly one reading fits, with a note
saying how; kept as an ambiguity with every candidate where more than one fits."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from assistant.cells import T3_COLUMNS, FormatVersion, ValueKind, t3_rows
from assistant.checks import run_checks
from assistant.findings import Severity
from assistant.parsing import parse_file, parse_text
from assistant.parsing.normalise import valid_part
from assistant.parsing.resolve import settle_with_previous
from assistant.parsing.splitter import SumRule, splits
from assistant.report import Report
from tests.parsing.conftest import SAMPLES

V21 = FormatVersion.V2021
COLS = [col for col, _ in T3_COLUMNS]
C = ValueKind.COUNT
T3 = (SumRule(parts=(0, 1, 2, 3, 4, 5), total=6),)


def t3_running(printed: dict[str, str], *, heading: str = "") -> str:
    """表三 run together, every row "0000000" unless given."""
    rows = "".join(
        f"{spec.group if spec.group.startswith('（') else ''}{spec.label}"
        f"{printed.get(spec.key, '0000000')}"
        for spec in t3_rows(V21)
    )
    return f"{heading}三、收到和处理政府信息公开申请情况\n{rows}\n四、政府信息公开行政复议、行政诉讼情况\n"


def row(report: Report, key: str) -> list[int | Decimal | None]:
    return [report.cells.get(f"t3.{key}.{col}") for col in COLS]


def notes(report: Report, code: str = "parse.split_resolved") -> list[str]:
    return [f.message for f in report.parse_findings if f.code == code]


def errors(report: Report) -> list[str]:
    """Errors about the tables (these snippets have no sections to check)."""
    return [f"{f.code}: {f.message}" for f in run_checks(report)
            if f.severity is Severity.ERROR and (f.code.split(".")[0] in {"t2", "t3", "t4"}
                                                 or (f.code.startswith("parse.") and f.cell))]


# --- rows of zeros with a cell left blank ----------------------------------------------------


@pytest.mark.parametrize("printed", ["0 00000", "000000", "00 0000", "0 0 0 0 0 0"])
def test_row_of_zeros_with_a_blank_cell_reads_zero_with_a_note(printed: str) -> None:
    report = parse_text(t3_running({"carried_in": printed, "withheld_4": printed}))
    assert row(report, "carried_in") == [0] * 7
    assert row(report, "withheld_4") == [0] * 7
    assert report.ambiguities == []
    said = notes(report)
    assert len(said) == 2
    assert all("6个0" in m and "有1个单元格空白" in m and "按0读取" in m for m in said)
    assert errors(report) == []
    assert "parse.split_failed" not in {f.code for f in report.parse_findings}


def test_zeros_with_blanks_in_every_table() -> None:
    """表二 "00" for three cells and 表四 with 14 zeros for 15: zeros, noted, no error."""
    text = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
            "规章000行政规范性文件00第二十条第（五）项信息内容本年处理决定数量行政许可0"
            "第二十条第（六）项信息内容本年处理决定数量行政处罚0行政强制0"
            "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0\n"
            + t3_running({"not_processed_2": "000000"})
            + "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
            + "结果维持结果纠正其他结果尚未审结总计" * 2 + "0000000 0000000\n五、存在的主要问题及改进情况\n问题。\n")
    report = parse_text(text)
    assert [report.cells[f"t2.normative.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert report.cells["t2.fees.amount_wan"] == Decimal(0)
    assert all(report.cells[a] == 0 for a in report.cells if a.startswith("t4."))
    assert len(notes(report)) == 3
    assert errors(report) == []


def test_a_short_row_that_is_not_all_zeros_is_not_guessed() -> None:
    """"5 00005" for seven cells: where the blank is decides which column holds 5."""
    report = parse_text(t3_running({"withheld_4": "5 00005"}))
    assert not notes(report)
    assert {"parse.split_failed"} <= {f.code for f in report.parse_findings}


# --- one reading: the row total, the column sums -------------------------------------------


def test_a_row_its_total_decides_carries_a_note() -> None:
    report = parse_text(t3_running({"new": "640020470", "public": "640020470",
                                    "handled_total": "640020470"}))
    assert row(report, "new") == [64, 0, 0, 2, 0, 4, 70]
    said = notes(report)
    assert len(said) == 3
    assert all("按本行合计" in m and "64｜0｜0｜2｜0｜4｜70" in m for m in said)
    assert errors(report) == []


def test_a_row_the_column_sums_decide_carries_a_note() -> None:
    """"270020130" fits its row two ways; 一 printed cell by cell decides it."""
    report = parse_text(t3_running({
        "new": " 27 0 0 2 0 1 30", "public": "270020130", "handled_total": "270020130"}))
    assert row(report, "public") == [27, 0, 0, 2, 0, 1, 30]
    said = [m for m in notes(report) if "（一）予以公开" in m]
    assert len(said) == 1 and "2种拆分" in said[0] and "列合计" in said[0]
    assert errors(report) == []


# Thirteen outcome rows run together, most of them fitting their own row several ways: more
# combinations than the old product search tried (5,000); the column sums leave one.
MANY = {
    "public": [13, 0, 0, 11, 0, 0, 24], "partial": [20, 7, 0, 2, 0, 1, 30],
    "withheld_1": [11, 9, 0, 1, 0, 1, 22], "withheld_2": [28, 3, 0, 1, 0, 0, 32],
    "withheld_3": [24, 0, 0, 0, 0, 0, 24], "withheld_4": [22, 5, 0, 1, 0, 0, 28],
    "withheld_6": [22, 0, 0, 2, 0, 1, 25], "withheld_8": [22, 3, 0, 1, 0, 1, 27],
    "unable_1": [4, 7, 0, 2, 0, 1, 14], "unable_2": [1, 2, 0, 11, 0, 0, 14],
    "unable_3": [17, 3, 0, 11, 0, 1, 32], "not_processed_3": [20, 2, 0, 11, 0, 0, 33],
    "other_1": [28, 9, 0, 1, 0, 1, 39],
}


def test_many_ambiguous_rows_are_settled_jointly_by_the_columns() -> None:
    handled = [sum(values[i] for values in MANY.values()) for i in range(7)]
    truth = {**MANY, "new": handled, "handled_total": handled}
    report = parse_text(t3_running({key: "".join(map(str, v)) for key, v in truth.items()}))
    assert report.ambiguities == []
    for key, values in truth.items():
        assert row(report, key) == values, key
    assert sum("列合计" in m for m in notes(report)) >= 5
    assert errors(report) == []


@pytest.mark.parametrize("seed", range(8))
def test_random_run_together_tables_never_read_a_wrong_cell(seed: int) -> None:
    from tests.parsing.forms import consistent_values

    values = consistent_values(random.Random(seed), V21, high=random.Random(seed).choice([9, 25]))
    printed = {spec.key: "".join(str(values[f"t3.{spec.key}.{c}"]) for c in COLS)
               for spec in t3_rows(V21)}
    report = parse_text(t3_running(printed))
    undecided = {a for amb in report.ambiguities for c in amb.candidates for a in c}
    for address, value in report.cells.items():
        if value is None:
            assert address in undecided
        else:
            assert value == values[address], address


# --- more than one reading: kept, never guessed ------------------------------------------------


def test_genuinely_ambiguous_rows_keep_every_candidate() -> None:
    report = parse_text(t3_running(
        {"new": "270020130", "public": "270020130", "handled_total": "270020130"}))
    assert len(report.ambiguities) == 1
    candidates = report.ambiguities[0].candidates
    assert sorted(c["t3.public.natural"] for c in candidates) == [2, 27]
    assert report.cells["t3.public.natural"] is None
    assert report.cells["t3.public.total"] == 30  # every reading agrees
    assert not [m for m in notes(report) if "予以公开" in m]
    finding = next(f for f in report.parse_findings if f.code == "parse.ambiguous_split")
    assert finding.severity is Severity.WARNING and "2种" in finding.message


# --- last year decides -------------------------------------------------------------------------


def test_last_years_in_force_decides_a_t2_row() -> None:
    """平潭 2022 "8855698" fits 15 ways; 2021's 现行有效 (665, itself among its candidates)
    plus 88 minus 55 is 698: one reading."""
    last = parse_file(SAMPLES / "pingtan-zone-2021.txt")
    this = parse_file(SAMPLES / "pingtan-zone-2022.txt")
    settled = settle_with_previous(this, last)
    assert [settled.cells[f"t2.normative.{c}"] for c in ("issued", "repealed", "in_force")] == [
        88, 55, 698]
    assert not [a for a in settled.ambiguities if a.rows == ["normative"]]
    assert "t2.normative.in_force" not in settled.raw_cells
    said = [m for m in notes(settled) if "行政规范性文件" in m]
    assert len(said) == 1 and "上年报告的现行有效件数" in said[0] and "8855698" in said[0]
    assert not [f for f in settled.parse_findings
                if f.code == "parse.ambiguous_split" and f.cell == "t2.normative.issued"]
    assert this.cells["t2.normative.issued"] is None  # the report given is not changed


def test_last_years_carried_out_decides_a_t3_reading() -> None:
    """上年结转 and 结转下年度 both "110000011" (11|0|…|11 or 1|10|…|11): the columns allow
    either pair; last year's 结转下年度 11|0|0|0|0|0|11 leaves one."""
    spaced = " 12 0 0 0 0 0 12"
    text = t3_running({"new": spaced, "public": spaced, "handled_total": spaced,
                       "carried_in": "110000011", "carried_out": "110000011"},
                      heading="某某局2022年政府信息公开工作年度报告\n")
    this = parse_text(text)
    assert len(this.ambiguities) == 1 and this.ambiguities[0].rows == ["carried_in", "carried_out"]
    last = Report.blank(V21, year=2021)
    last.cells.update({"t3.carried_out.natural": 11, "t3.carried_out.total": 11})
    settled = settle_with_previous(this, last)
    assert settled.ambiguities == []
    assert row(settled, "carried_in") == [11, 0, 0, 0, 0, 0, 11]
    assert row(settled, "carried_out") == [11, 0, 0, 0, 0, 0, 11]
    assert any("结转下年度继续办理" in m for m in notes(settled))
    assert errors(settled) == []
    last.meta.year = 2019  # not the year before: nothing is decided
    assert settle_with_previous(this, last) is this


# --- the splitter's shortcut agrees with the search --------------------------------------------


def brute(runs: list[str], n: int, rules: tuple[SumRule, ...]) -> list[tuple[int, ...]]:
    """Every cut of the runs into n cells (each run at least one cell, no leading zeros), by
    enumeration."""
    found: list[tuple[int, ...]] = [()]
    for run in runs:
        ways = []
        for count in range(1, len(run) + 1):
            for cuts in itertools.combinations(range(1, len(run)), count - 1):
                pieces = [run[a:b] for a, b in itertools.pairwise((0, *cuts, len(run)))]
                if all(valid_part(p, C) for p in pieces):
                    ways.append(tuple(int(p) for p in pieces))
        found = [done + way for done in found for way in ways]
    return sorted({c for c in found if len(c) == n and all(rule.holds(c) for rule in rules)})


@pytest.mark.parametrize("seed", range(40))
def test_one_cell_per_run_or_per_digit_matches_the_search(seed: int) -> None:
    rng = random.Random(seed)
    n = 7
    if seed % 2:
        runs = [str(rng.choice([0, 0, 1, 2, 5, 12, 30])) for _ in range(n)]  # a run per cell
    else:
        digits = "".join(rng.choice("0001123") for _ in range(n))  # a digit per cell
        cut = sorted(rng.sample(range(1, n), 3))
        runs = [digits[a:b] for a, b in itertools.pairwise((0, *cut, n))]
    for rules in ((), T3):
        assert sorted(splits(runs, (C,) * n, rules).candidates) == brute(runs, n, rules)


def test_samples_read_as_before() -> None:
    """The run-together samples keep their cells (tests/parsing/test_samples.py has them all)."""
    report = parse_file(SAMPLES / "pingtan-zone-2021.txt")
    assert row(report, "new") == [64, 0, 0, 2, 0, 4, 70]
    assert row(report, "unable_1") == [22, 0, 0, 0, 0, 3, 25]
    assert errors(report) == []
