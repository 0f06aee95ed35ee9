"""``nianbao ingest``: the user's own past reports into the index, per section, with agency and year.

A file whose content (sha256) is already indexed is skipped; a changed file replaces the
chunks it had before (matched by its path), so re-ingesting never duplicates.

``index_regulations`` brings the regulation collection in line with the corpus as loaded now:
the national texts and the rules the office added (``nianbao corpus add``) are embedded the same
way, article by article, and a rule removed (``nianbao corpus remove``) leaves the index with it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.corpus import load_corpus
from assistant.errors import NianbaoError
from assistant.parsing import REPORT_SUFFIXES
from assistant.report import Report
from assistant.retrieval.chunks import REPORT_CHUNK_CHARS, REPORT_DENSE_CHARS, Chunk, Source, report_chunks
from assistant.retrieval.store import Index, Progress

Parser = Callable[[Path], Report]


class Outcome(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    EMPTY = "empty"
    FAILED = "failed"


class FileResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    outcome: Outcome
    chunks: int = 0
    agency: str | None = None
    year: int | None = None
    message: str = ""


class IngestSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: list[FileResult] = Field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)


def _default_parser() -> Parser:
    import importlib

    parsing = importlib.import_module("assistant.parsing")
    parse_file: Parser = parsing.parse_file
    return parse_file


def report_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file to ingest, or (path, problem) for a path that cannot be read."""
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                yield path, f"文件夹 {path} 中没有可读取的报告文件"
            for file in found:
                yield file, None
        elif path.is_file():
            yield path, None
        else:
            yield path, f"找不到文件：{path}"


def ingest_paths(
    index: Index, paths: Iterable[Path], *, parse: Parser | None = None, progress: Progress | None = None,
    batch_chunks: int = 512, agency: str | None = None, chunk_chars: int = REPORT_CHUNK_CHARS,
    dense_chars: int | None = REPORT_DENSE_CHARS,
) -> IngestSummary:
    """Ingest report files and folders; ``agency`` is used for reports that do not name their agency.

    ``chunk_chars``/``dense_chars`` size the pieces and the part of each the embedding reads
    (None: all of it); the defaults are the measured trade-off of bench/README-retrieval.md.
    """
    started = time.perf_counter()
    say = progress or (lambda _m: None)
    parser = parse
    summary = IngestSummary()
    pending: dict[str, Chunk] = {}
    stale: set[str] = set()
    seen: set[str] = set()
    changed = False

    def flush() -> None:
        if pending:
            index.upsert(Source.REPORTS, list(pending.values()), bump=False)
            pending.clear()

    files = list(report_files(paths))
    for number, (path, problem) in enumerate(files, start=1):
        shown = str(path)
        if problem is not None:
            summary.files.append(FileResult(path=shown, outcome=Outcome.FAILED, message=problem))
            say(f"[{number}/{len(files)}] {problem}")
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            summary.files.append(FileResult(path=shown, outcome=Outcome.FAILED, message=f"无法读取 {path}：{exc}"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen or index.ids_where(Source.REPORTS, {"file_sha": digest}):
            summary.files.append(FileResult(path=shown, outcome=Outcome.UNCHANGED, message="内容未变，跳过"))
            say(f"[{number}/{len(files)}] 未变，跳过：{path}")
            continue
        seen.add(digest)
        if parser is None:
            parser = _default_parser()
        try:
            report = parser(path)
        except NianbaoError as exc:
            summary.files.append(FileResult(path=shown, outcome=Outcome.FAILED, message=str(exc)))
            say(f"[{number}/{len(files)}] 无法解析 {path}：{exc}")
            continue
        source = str(path.resolve())
        chunks = list(report_chunks(
            report, source=source, file_sha=digest, agency=agency, chunk_chars=chunk_chars, dense_chars=dense_chars,
        ))
        previous = set(index.ids_where(Source.REPORTS, {"source": source}))
        new_ids = {c.id for c in chunks}
        stale |= previous - new_ids
        for chunk in chunks:
            pending[chunk.id] = chunk
        outcome = Outcome.REPLACED if previous else (Outcome.ADDED if chunks else Outcome.EMPTY)
        changed = changed or bool(chunks) or bool(previous)
        summary.files.append(FileResult(
            path=shown, outcome=outcome, chunks=len(chunks), agency=report.meta.agency or agency,
            year=report.meta.year,
            message="" if chunks else "没有可收录的正文",
        ))
        who = report.meta.agency or agency or "未知机关"
        say(f"[{number}/{len(files)}] {'已更新' if previous else '已收录'}：{path}（{who}"
            f" {report.meta.year or '未知'}年度，{len(chunks)} 段）")
        if len(pending) >= batch_chunks:
            flush()
    flush()
    if stale:
        index.delete(Source.REPORTS, stale, bump=False)
    if changed:
        index.touch(Source.REPORTS)
        say("正在更新关键词索引……")
        index.lexical(Source.REPORTS)
    summary.seconds = time.perf_counter() - started
    return summary


def index_regulations(index: Index, *, progress: Progress | None = None) -> int:
    """The regulation collection made to hold exactly the corpus's passages (national texts and the
    office's own rules): new articles embedded, those of a removed rule deleted, the keyword index
    rebuilt. Returns how many passages were embedded."""
    say = progress or (lambda _m: None)
    embedded = index.ensure_regulations(load_corpus(), progress=say)
    index.lexical(Source.REGULATIONS)
    return embedded
