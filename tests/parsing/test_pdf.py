"""PDF with a text layer: the real published hongze PDF, LibreOffice-made PDFs and .doc files of
every other sample (read back to the same cells), and scanned PDFs without text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from assistant.cells import cell_specs
from assistant.checks import run_checks
from assistant.errors import UnreadableInput
from assistant.export import ExportFormat, export_report
from assistant.findings import SectionKey, Severity
from assistant.parsing import parse_file, parse_pdf
from assistant.parsing.pdf import pdf_document
from assistant.report import Report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
HONGZE = SAMPLES / "hongze-gov-2024.pdf"
OTHER_SAMPLES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html"))

HONGZE_CELLS = {
    "t2.normative.issued": 3, "t2.normative.repealed": 0, "t2.normative.in_force": 8,
    "t2.rules.issued": 0, "t2.rules.in_force": 0,
    "t2.licensing.decisions": 9487, "t2.penalty.decisions": 2776, "t2.coercion.decisions": 84,
    "t3.new.natural": 95, "t3.new.total": 95, "t3.carried_in.natural": 0, "t3.carried_in.total": 0,
    "t3.public.natural": 50, "t3.public.total": 50, "t3.partial.natural": 9, "t3.partial.total": 9,
    "t3.withheld_3.total": 1, "t3.withheld_6.total": 1, "t3.withheld_7.total": 1,
    "t3.withheld_1.total": 0, "t3.withheld_2.total": 0, "t3.withheld_8.total": 0,
    "t3.unable_1.natural": 31, "t3.unable_1.total": 31, "t3.unable_2.total": 1, "t3.unable_3.total": 0,
    "t3.not_processed_1.natural": 1, "t3.not_processed_1.total": 1, "t3.not_processed_5.total": 0,
    "t3.handled_total.natural": 95, "t3.handled_total.total": 95,
    "t3.carried_out.natural": 0, "t3.carried_out.total": 0,
    "t4.review.upheld": 1, "t4.review.corrected": 1, "t4.review.other": 0, "t4.review.pending": 0,
    "t4.review.total": 2,
    "t4.suit_direct.upheld": 1, "t4.suit_direct.corrected": 0, "t4.suit_direct.other": 0,
    "t4.suit_direct.pending": 0, "t4.suit_direct.total": 1,
    "t4.suit_after_review.upheld": 2, "t4.suit_after_review.corrected": 0,
    "t4.suit_after_review.other": 1, "t4.suit_after_review.pending": 0,
    "t4.suit_after_review.total": 3,
}
ORG_COLUMNS = ("commercial", "research", "nonprofit", "legal", "other_org")


@pytest.fixture(scope="module")
def hongze() -> Report:
    return parse_file(HONGZE)


# --- the real published PDF ---------------------------------------------------------------------


def test_hongze_reads_every_known_cell(hongze: Report) -> None:
    wrong = {a: (v, hongze.cells.get(a)) for a, v in HONGZE_CELLS.items() if hongze.cells.get(a) != v}
    assert wrong == {}
    assert str(hongze.cells["t2.fees.amount_wan"]) == "7545"
    # （六）其他处理 is printed as one row: its three items are unknown, not missing rows
    assert all(hongze.cells.get(f"t3.other_{i}.{col}") is None
               for i in (1, 2, 3) for col in ("natural", "total"))
    assert not [f for f in hongze.parse_findings if f.code == "parse.row_missing"]


def test_hongze_applications_are_all_natural_persons(hongze: Report) -> None:
    """表三: every organisation column is 0 and 自然人 equals 总计 in every row that was read."""
    rows = {a.split(".")[1] for a in hongze.cells if a.startswith("t3.")}
    assert len(rows) >= 20
    for row in rows:
        if hongze.cells.get(f"t3.{row}.total") is None:
            continue
        assert hongze.cells[f"t3.{row}.natural"] == hongze.cells[f"t3.{row}.total"], row
        assert all(hongze.cells[f"t3.{row}.{col}"] == 0 for col in ORG_COLUMNS), row


def test_hongze_has_no_table_or_parse_error(hongze: Report) -> None:
    assert [f for f in hongze.parse_findings if f.severity is Severity.ERROR] == []
    errors = [f for f in run_checks(hongze) if f.is_error]
    # only the text ↔ table mismatch the samples README names (17 in 一 vs 95 in 表三) may remain
    assert all(f.code.startswith("text.") for f in errors), [(f.code, f.message) for f in errors]
    assert all(f.cell == "t3.new.total" for f in errors)


def test_hongze_meta_and_sections(hongze: Report) -> None:
    assert hongze.meta.agency == "淮安市洪泽区人民政府"
    assert hongze.meta.year == 2024
    assert hongze.version.value == "2021"
    assert str(hongze.meta.period_start) == "2024-01-01" and str(hongze.meta.period_end) == "2024-12-31"
    assert [s.key for s in hongze.sections] == [
        SectionKey.PREFACE, SectionKey.OVERVIEW, SectionKey.PROACTIVE, SectionKey.APPLICATIONS,
        SectionKey.REVIEW_LITIGATION, SectionKey.PROBLEMS, SectionKey.OTHER,
    ]
    text = {s.key: s.text for s in hongze.sections}
    # wrapped lines are joined: the sentence the text check needs reads whole
    assert "受理政府信息公开申请17件" in text[SectionKey.OVERVIEW]
    assert "信息处理费0元" in text[SectionKey.OTHER]
    assert "存在一些不足" in text[SectionKey.PROBLEMS]
    # the end of 五 continues on the last page, after the page number
    assert "思想认识和业务工作水平" in text[SectionKey.PROBLEMS]
    # page numbers and table cells stay out of the narrative
    whole = "\n".join(s.text for s in hongze.sections)
    assert not re.search(r"^\s*-\s*\d\s*-\s*$", whole, re.M)
    assert "9487" not in whole and "本年新收" not in whole


def test_hongze_table_split_over_pages_is_one_table() -> None:
    """表三 runs from page 3 to page 4 and 表二 from page 2 to page 3: each is one grid, and the
    blank label cells of the continued rows and beside "（六）其他处理" are not values."""
    doc = pdf_document(HONGZE.read_bytes(), name="hongze").document
    assert len(doc.tables) == 3
    t3 = doc.tables[1].grid.pieces()
    assert "2.没有现成信息需要另行制作" in t3 and "（七）总计" in t3
    other = t3.index("（六）其他处理")
    assert t3[other + 1: other + 8] == ["0"] * 7


def test_both_pdf_engines_read_the_same() -> None:
    """pdfium (the fast default) and pdfminer (the fallback) give the same document."""
    data = HONGZE.read_bytes()
    a = pdf_document(data, name="x", engine="pdfium").document
    b = pdf_document(data, name="x", engine="pdfminer").document
    assert a.text == b.text
    assert [t.grid.pieces() for t in a.tables] == [t.grid.pieces() for t in b.tables]


def test_pdf_is_recognised_by_content_whatever_the_name(tmp_path: Path, hongze: Report) -> None:
    odd = tmp_path / "下载"
    shutil.copy(HONGZE, odd)
    assert parse_file(odd).cells == hongze.cells
    misnamed = tmp_path / "报告.txt"
    misnamed.write_bytes(b"\r\n" + HONGZE.read_bytes())
    assert parse_file(misnamed).cells == hongze.cells
    assert parse_pdf(HONGZE.read_bytes(), source="报告.pdf").cells == hongze.cells


def test_damaged_pdf_is_unreadable_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "损坏.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without pages\n")
    with pytest.raises(UnreadableInput, match=r"损坏\.pdf") as info:
        parse_file(path)
    assert "PDF" in str(info.value)
    truncated = tmp_path / "截断.pdf"
    truncated.write_bytes(HONGZE.read_bytes()[:3000])
    with pytest.raises(UnreadableInput, match=r"截断\.pdf"):
        parse_file(truncated)


def test_mutated_pdfs_give_a_report_or_unreadable_input() -> None:
    """Bytes flipped, cut out or inserted anywhere: a report or UnreadableInput, nothing else."""
    import random

    data = HONGZE.read_bytes()
    rng = random.Random(20241)
    for _ in range(15):
        mutated = bytearray(data)
        where = rng.randrange(len(mutated))
        choice = rng.randrange(3)
        if choice == 0:
            for _ in range(rng.randint(1, 40)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        elif choice == 1:
            del mutated[where:where + rng.randint(1, 4000)]
        else:
            mutated[where:where] = rng.randbytes(rng.randint(1, 300))
        try:
            parse_pdf(bytes(mutated), source="变异.pdf")
        except UnreadableInput as exc:
            assert "变异.pdf" in str(exc)


# --- LibreOffice-made PDFs and .doc files of the other samples ------------------------------------


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample exported to .docx by our exporter, then made a .pdf and a .doc by
    LibreOffice (one run per format for all samples); by "stem.suffix"."""
    folder = tmp_path_factory.mktemp("converted")
    docx = [export_report(parse_file(SAMPLES / name), folder / f"{Path(name).stem}.docx",
                          ExportFormat.DOCX) for name in OTHER_SAMPLES]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is a test dependency (scripts/system-deps.sh)"
    profile = tmp_path_factory.mktemp("lo-profile")
    for fmt in ("pdf", "doc"):
        subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(folder), *map(str, docx)],
                       check=True, capture_output=True, timeout=300)
    out = {p.name: p for p in folder.iterdir() if p.suffix in (".pdf", ".doc")}
    assert len(out) == 2 * len(OTHER_SAMPLES), sorted(out)
    return out


def _letters(text: str) -> str:
    """Text without spaces and punctuation: LibreOffice's PDF drops a full-width comma that
    hangs at a line end (the exported PDF shows none), which is not the reader's doing."""
    return re.sub(r"[\W_]+", "", text)


def same_report(original: Report, back: Report) -> list[str]:
    out = []
    for spec in cell_specs(original.version):
        a, b = original.cells.get(spec.address), back.cells.get(spec.address)
        if a != b:
            out.append(f"{spec.address}: {a!r} read back as {b!r}")
    if back.version is not original.version:
        out.append(f"format {original.version.value} read back as {back.version.value}")
    if (back.meta.agency, back.meta.year) != (original.meta.agency, original.meta.year):
        out.append(f"meta {original.meta.agency} {original.meta.year} read back as "
                   f"{back.meta.agency} {back.meta.year}")
    if [s.key for s in back.sections] != [s.key for s in original.sections]:
        out.append(f"sections {[s.key for s in original.sections]} read back as {[s.key for s in back.sections]}")
    else:
        for a_sec, b_sec in zip(original.sections, back.sections, strict=True):
            if _letters(a_sec.text) != _letters(b_sec.text):
                out.append(f"{a_sec.key}: text differs")
    return out


@pytest.mark.parametrize("sample", OTHER_SAMPLES)
def test_libreoffice_pdf_reads_as_the_original(sample: str, converted: dict[str, Path]) -> None:
    original = parse_file(SAMPLES / sample)
    back = parse_file(converted[f"{Path(sample).stem}.pdf"])
    assert same_report(original, back) == []
    assert [f for f in back.parse_findings if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize("sample", OTHER_SAMPLES)
def test_libreoffice_doc_reads_as_the_original(sample: str, converted: dict[str, Path]) -> None:
    original = parse_file(SAMPLES / sample)
    back = parse_file(converted[f"{Path(sample).stem}.doc"])
    assert same_report(original, back) == []


# --- scanned PDFs ---------------------------------------------------------------------------------


def _scan(tmp_path: Path, first: int, last: int) -> Path:
    """Pages of the hongze PDF rendered to images and wrapped as an image-only PDF."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(first), "-l", str(last), str(HONGZE),
                    str(tmp_path / "page")], check=True, timeout=60)
    images = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("page*.png"))]
    out = tmp_path / "扫描件.pdf"
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=50)
    return out


def test_scanned_pdf_says_it_has_no_text_layer(tmp_path: Path) -> None:
    scan = _scan(tmp_path, 3, 4)
    with pytest.raises(UnreadableInput) as info:
        parse_file(scan)
    message = str(info.value)
    assert "扫描件.pdf" in message and "没有文字层" in message
    assert "第1–2页" in message and "不做文字识别" in message


def test_partly_scanned_pdf_reads_the_text_pages_and_names_the_others(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    scan = _scan(tmp_path, 5, 5)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(HONGZE)), [0, 1, 2, 3])
    mixed.import_pages(pdfium.PdfDocument(str(scan)), [0])
    path = tmp_path / "部分扫描.pdf"
    mixed.save(str(path))
    report = parse_file(path)
    said = [f for f in report.parse_findings if f.code == "parse.pages_without_text"]
    assert len(said) == 1 and "第5页" in said[0].message and "部分扫描.pdf" in said[0].message
    assert report.cells["t3.new.total"] == 95 and report.cells["t4.suit_after_review.total"] == 3
