"""Benchmark: fill 表三 from a 100,000-row application ledger, from CSV and from .xlsx.

    .venv/bin/python bench/ledger_fill.py [--rows 100000] [--year 2024]

Generates a ledger (three years of applications, every applicant type and outcome, some
still open) in a temporary folder as CSV (UTF-8 with BOM) and .xlsx, then times
``assistant.ledger.fill.fill`` (read, validate, count, build the report) on each, and the
writing of REPORT.json + REPORT.provenance.json. Targets: CSV < 2 s, .xlsx < 15 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.ledger.fill import fill, write_outputs
from assistant.ledger.labels import applicant_types, outcomes

HEADER = ["编号", "收到日期", "申请人类型", "办结日期", "办理结果", "备注"]
SHORT_FORMS = {"public": "予以公开", "partial": "部分公开", "withheld_1": "不予公开-属于国家秘密"}


def ledger_rows(count: int, year: int, seed: int = 20240105) -> list[list[str]]:
    """Applications received over ``year - 2`` … ``year``; about 3% still open."""
    rng = random.Random(seed)
    types = list(applicant_types().display.values())
    results = outcomes().display
    keys = list(results)
    start = date(year - 2, 1, 1)
    span = (date(year, 12, 31) - start).days
    rows = []
    for i in range(count):
        received = start + timedelta(days=rng.randrange(span + 1))
        closed = received + timedelta(days=rng.randrange(40))
        still_open = rng.random() < 0.03 or closed > date(year, 12, 31)
        key = rng.choice(keys)
        label = SHORT_FORMS.get(key, results[key]) if rng.random() < 0.5 else results[key]
        style = i % 3
        received_text = (received.isoformat() if style == 0 else
                         f"{received.year}/{received.month}/{received.day}" if style == 1 else
                         f"{received.year}年{received.month}月{received.day}日")
        rows.append([
            f"{received.year}-{i:06d}", received_text, rng.choice(types),
            "" if still_open else closed.isoformat(), "" if still_open else label, "",
        ])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("申请台账")
    sheet.append(HEADER)
    for row in rows:
        sheet.append([value or None for value in row])
    book.save(path)


def timed(label: str, path: Path, year: int, today: date, out: Path) -> float:
    began = time.perf_counter()
    result = fill(path, year, today=today)
    filled = time.perf_counter() - began
    began = time.perf_counter()
    write_outputs(result, out)
    written = time.perf_counter() - began
    cells = result.report.cells
    print(f"{label:5s} fill {filled:6.2f} s   write JSON {written:5.2f} s   "
          f"({len(result.issues)} issues; 新收 {cells['t3.new.total']}, 上年结转 "
          f"{cells['t3.carried_in.total']}, 办结 {cells['t3.handled_total.total']}, "
          f"结转 {cells['t3.carried_out.total']}; provenance {_size(out)})")
    return filled


def _size(out: Path) -> str:
    from assistant.ledger.provenance import path_for

    return f"{path_for(out).stat().st_size / 1e6:.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    today = date(args.year + 1, 1, 20)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rows = ledger_rows(args.rows, args.year)
        csv_path, xlsx_path = root / "申请台账.csv", root / "申请台账.xlsx"
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        print(f"{args.rows:,} rows; CSV {csv_path.stat().st_size / 1e6:.1f} MB, "
              f"xlsx {xlsx_path.stat().st_size / 1e6:.1f} MB; report year {args.year}")
        csv_s = timed("CSV", csv_path, args.year, today, root / "csv.json")
        xlsx_s = timed("xlsx", xlsx_path, args.year, today, root / "xlsx.json")
    ok = csv_s < 2 and xlsx_s < 15
    print(f"targets (CSV < 2 s, xlsx < 15 s): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
