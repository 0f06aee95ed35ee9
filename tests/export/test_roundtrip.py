"""Round trip through our own parser: what we export reads back to the same model — tables
exactly, section keys and headings in order, text up to whitespace — for .docx, HTML and JSON,
over the real samples and over generated reports with non-zero tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.cells import FormatVersion, cell_specs
from assistant.export import ExportFormat, export_report
from assistant.parsing import parse_file
from assistant.report import Report
from tests.export.conftest import make_report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE_FILES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html"))
ROUND_TRIP = [ExportFormat.DOCX, ExportFormat.HTML, ExportFormat.JSON]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def differences(original: Report, back: Report) -> list[str]:
    """Every way ``back`` differs from ``original``, in words (empty when they agree)."""
    out: list[str] = []
    if back.version is not original.version:
        out.append(f"format {original.version.value} read back as {back.version.value}")
        return out
    for spec in cell_specs(original.version):
        a, b = original.cells.get(spec.address), back.cells.get(spec.address)
        if a != b or (type(a) is not type(b) and not (a is None or b is None)):
            out.append(f"{spec.address} ({spec.label}): exported {a!r}, read back {b!r}")
    keys_a = [s.key for s in original.sections]
    keys_b = [s.key for s in back.sections]
    if keys_a != keys_b:
        out.append(f"sections {[k and k.value for k in keys_a]} read back as "
                   f"{[k and k.value for k in keys_b]}")
        return out
    for a_sec, b_sec in zip(original.sections, back.sections, strict=True):
        name = a_sec.key.value if a_sec.key else a_sec.heading
        if _norm(a_sec.heading) != _norm(b_sec.heading):
            out.append(f"{name}: heading {a_sec.heading!r} read back as {b_sec.heading!r}")
        if _norm(a_sec.text) != _norm(b_sec.text):
            out.append(f"{name}: text {a_sec.text[:80]!r}… read back as {b_sec.text[:80]!r}…")
    return out


def _round_trip(report: Report, fmt: ExportFormat, folder: Path, name: str) -> Report:
    out = export_report(report, folder / f"{name}.{fmt.value}", fmt)
    return parse_file(out)


@pytest.mark.parametrize("fmt", ROUND_TRIP)
@pytest.mark.parametrize(("seed", "version"), [
    (1, FormatVersion.V2021), (5, FormatVersion.V2021), (2, FormatVersion.V2019),
])
def test_generated_reports_round_trip(seed: int, version: FormatVersion, fmt: ExportFormat,
                                      tmp_path: Path) -> None:
    report = make_report(seed, version)
    back = _round_trip(report, fmt, tmp_path, f"生成 {seed}")
    assert differences(report, back) == []


@pytest.mark.parametrize("fmt", ROUND_TRIP)
@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_samples_round_trip(sample: str, fmt: ExportFormat, tmp_path: Path) -> None:
    original = parse_file(SAMPLES / sample)
    back = _round_trip(original, fmt, tmp_path, Path(sample).stem)
    assert differences(original, back) == []


@pytest.mark.parametrize("fmt", [ExportFormat.DOCX, ExportFormat.HTML])
def test_round_trip_keeps_blank_cells_blank(fmt: ExportFormat, tmp_path: Path) -> None:
    report = make_report(3)
    report.set_cell("t3.carried_in.research", None)
    report.set_cell("t4.review.pending", None)
    back = _round_trip(report, fmt, tmp_path, "blank")
    assert back.cells.get("t3.carried_in.research") is None
    assert back.cells.get("t4.review.pending") is None
    assert differences(report, back) == []


def test_the_comparison_catches_a_changed_cell_and_text(tmp_path: Path) -> None:
    report = make_report(1)
    page = export_report(report, tmp_path / "p.html").read_text(encoding="utf-8")
    page = page.replace('data-cell="t3.new.natural">', 'data-cell="t3.new.natural">1', 1)
    page = page.replace("审查比例达到100%", "审查比例达到90%", 1)
    changed = tmp_path / "changed.html"
    changed.write_text(page, encoding="utf-8")
    found = differences(report, parse_file(changed))
    assert len(found) == 2
    assert found[0].startswith("t3.new.natural") and found[1].startswith("overview: text")
