"""Parse (and parse+check) throughput per input format, in one process.

  - the real published PDF (tests/fixtures/samples/hongze-gov-2024.pdf, 5 pages), read by
    pdfium (the default) and by pdfminer (the fallback);
  - a LibreOffice-made PDF and .doc of a sample (our .docx export converted by soffice);
  - the sample itself as text, for comparison.

.doc/.wps/.rtf/.odt go through one LibreOffice conversion each (a fresh profile per file), so
their rate is LibreOffice's start-up time.

    .venv/bin/python bench/parse_formats.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.checks import run_checks
from assistant.export import ExportFormat, export_report
from assistant.parsing import parse_file
from assistant.parsing.assemble import build_report
from assistant.parsing.pdf import pdf_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
HONGZE = SAMPLES / "hongze-gov-2024.pdf"
SAMPLE = SAMPLES / "pingtan-zone-2022.txt"


def rate(work: Callable[[], object], seconds: float, at_least: int = 3) -> float:
    """Calls per second of ``work`` over about ``seconds`` (after one warm-up call)."""
    work()
    count = 0
    start = time.perf_counter()
    while count < at_least or time.perf_counter() - start < seconds:
        work()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    data = HONGZE.read_bytes()
    rows: list[tuple[str, float]] = [
        ("hongze PDF (5 pages), parse", rate(lambda: parse_file(HONGZE), args.seconds)),
        ("hongze PDF, parse+check", rate(lambda: run_checks(parse_file(HONGZE)), args.seconds)),
        ("hongze PDF, pdfminer reader", rate(
            lambda: build_report(pdf_document(data, name="x", engine="pdfminer").document, source="x"),
            args.seconds)),
        ("text sample, parse+check", rate(lambda: run_checks(parse_file(SAMPLE)), args.seconds)),
    ]
    if office is None:
        print("LibreOffice 未安装：跳过 LibreOffice 生成的 PDF 和 .doc", file=sys.stderr)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            docx = export_report(parse_file(SAMPLE), folder / "sample.docx", ExportFormat.DOCX)
            profile = (folder / "profile").as_uri()
            for fmt in ("pdf", "doc"):
                subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                                "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=300)
            made_pdf, made_doc = folder / "sample.pdf", folder / "sample.doc"
            rows.append(("LibreOffice PDF of the sample, parse+check",
                         rate(lambda: run_checks(parse_file(made_pdf)), args.seconds)))
            rows.append((".doc of the sample (LibreOffice conversion), parse+check",
                         rate(lambda: run_checks(parse_file(made_doc)), args.seconds, at_least=2)))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:8.2f} reports/s  ({1000 / value:7.1f} ms each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
