"""Generated past reports of realistic length for the retrieval benchmarks.

Tables come from ``testdata.synth`` (consistent numbers); the narrative is drawn sentence by
sentence from the real published reports in tests/fixtures/samples (agency names and years
replaced), so that its length and vocabulary are those of real reports: the samples' narrative
is 1,300–4,900 characters (mean ≈ 2,900), and so is this. Files are printed in the text form
real reports arrive in and read back by the real parser during ingest.
"""

from __future__ import annotations

import random
import re
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.findings import SectionKey  # noqa: E402
from assistant.parsing import parse_file  # noqa: E402
from testdata.synth import agency_name, render_text, synthetic_report  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "samples"
_AGENCIES = ("平潭综合实验区", "上海市人民政府办公厅", "沭阳县发展和改革局", "县发展和改革局", "精河工业园区管理委员会",
             "精河工业园区", "精河县工业园区", "上海市", "沭阳县")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_YEAR = re.compile(r"20(?:1[5-9]|2[0-5])(?=年)")
_NUMBER = re.compile(r"(?<![\d年])\d{2,4}(?=[件条次个项家人篇期])")


@cache
def sentence_pool() -> dict[SectionKey, tuple[str, ...]]:
    """Sentences of the samples' narrative sections, by section."""
    pool: dict[SectionKey, list[str]] = {}
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
        report = parse_file(path)
        for section in report.sections:
            if section.key in (SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER):
                sentences = [s.strip() for s in _SENTENCE.findall(section.text) if len(s.strip()) >= 12]
                pool.setdefault(section.key, []).extend(sentences)
    return {key: tuple(values) for key, values in pool.items()}


def _localise(sentence: str, agency: str, year: int, rng: random.Random) -> str:
    for name in _AGENCIES:
        sentence = sentence.replace(name, agency)
    sentence = _YEAR.sub(str(year), sentence)
    return _NUMBER.sub(lambda m: str(max(1, int(int(m.group(0)) * rng.uniform(0.5, 1.5)))), sentence)


def _narrative(rng: random.Random, key: SectionKey, length: int, agency: str, year: int) -> str:
    pool = sentence_pool()[key]
    picked: list[str] = []
    total = 0
    while total < length:
        sentence = _localise(rng.choice(pool), agency, year, rng)
        picked.append(sentence)
        total += len(sentence)
    paragraphs = [picked[i:i + rng.randint(2, 5)] for i in range(0, len(picked), 4)]
    return "\n".join("".join(p) for p in paragraphs)


def generated_report_text(rng: random.Random) -> str:
    agency = agency_name(rng)
    year = rng.randint(2019, 2024)
    report = synthetic_report(rng, agency=agency, year=year, scale=rng.randint(5, 80))
    overview = int(min(4500, max(700, rng.gauss(2300, 800))))
    problems = int(min(900, max(200, rng.gauss(420, 150))))
    for section in report.sections:
        if section.key is SectionKey.OVERVIEW:
            section.text = _narrative(rng, SectionKey.OVERVIEW, overview, agency, year)
        elif section.key is SectionKey.PROBLEMS:
            section.text = _narrative(rng, SectionKey.PROBLEMS, problems, agency, year)
    return render_text(report, rng.choice(("cells", "rows")))


def write_reports(folder: Path, count: int, seed: int = 2024, start: int = 0) -> list[Path]:
    """``count`` report files in ``folder`` (numbered from ``start``), the same for the same seed."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + start)
    paths = []
    for number in range(start, start + count):
        path = folder / f"report-{number:05d}.txt"
        path.write_text(generated_report_text(rng), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="写出用于检索基准测试的生成报告")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    written = write_reports(args.folder, args.count)
    sizes = [len(p.read_text(encoding="utf-8")) for p in written]
    print(f"写出 {len(written)} 份，平均 {sum(sizes) / len(sizes):.0f} 字")
