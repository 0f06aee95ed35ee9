"""Render the README's export pictures: page 1 and the 表三 page of a generated report.

    .venv/bin/python scripts/render_export_images.py [--out docs/images] [--dpi 90]

Builds a consistent 2021-format report with non-zero tables (testdata.synth), exports it to
.docx, converts it with LibreOffice and rasterises two pages with pdftoppm (Debian packages
libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk: scripts/system-deps.sh).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.errors import NianbaoError
from assistant.export import ExportFormat, render
from assistant.export.pdf import docx_to_pdf
from testdata.synth import synthetic_report

PAGE1 = "export-page1.png"
TABLE3 = "export-table3.png"


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise NianbaoError(f"缺少 {name}（Debian 软件包 poppler-utils），请运行 scripts/system-deps.sh")
    return found


def render_images(out: Path, *, dpi: int = 90, seed: int = 2023) -> tuple[Path, Path]:
    if not out.is_dir():
        raise NianbaoError(f"输出文件夹不存在：{out}")
    report = synthetic_report(random.Random(seed), agency="临川县发展和改革局", year=2023, scale=60)
    pdf_bytes = docx_to_pdf(render(report, ExportFormat.DOCX))
    with tempfile.TemporaryDirectory(prefix="nianbao-images-") as tmp:
        work = Path(tmp)
        pdf = work / "report.pdf"
        pdf.write_bytes(pdf_bytes)
        text = subprocess.run([_program("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        pages = [re.sub(r"\s+", "", p) for p in text.split("\f")]
        table3 = next((i + 1 for i, p in enumerate(pages) if "本年度办理结果" in p), None)
        if table3 is None:
            raise NianbaoError("导出的 PDF 中找不到表三（“三、本年度办理结果”）")
        written = []
        for page, name in ((1, PAGE1), (table3, TABLE3)):
            prefix = work / f"page{page}"
            subprocess.run([_program("pdftoppm"), "-r", str(dpi), "-png", "-singlefile",
                            "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                           check=True, capture_output=True)
            staged = out / f".{name}.tmp"
            shutil.copyfile(prefix.with_suffix(".png"), staged)
            staged.replace(out / name)
            written.append(out / name)
    return written[0], written[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 README 中的导出效果图（第1页和表三页）")
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    parser.add_argument("--dpi", type=int, default=90)
    args = parser.parse_args(argv)
    try:
        for path in render_images(args.out, dpi=args.dpi):
            print(f"已写入 {path}（{path.stat().st_size:,} 字节）")
    except NianbaoError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
