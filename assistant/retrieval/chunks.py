"""Retrievable chunks: regulation articles and notice sections, and past reports' sections.

Every chunk has a stable id derived from its source and its text (``reg-…``/``rpt-…``), so a
passage quoted in a draft points to exactly one chunk, and re-indexing the same text gives
the same id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.corpus import Corpus
from assistant.findings import SECTION_TITLES
from assistant.report import Report


class Source(StrEnum):
    """One chroma collection per source kind."""

    REGULATIONS = "regulations"
    REPORTS = "reports"

    @property
    def collection(self) -> str:
        return f"nianbao-{self.value}"


class Chunk(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source: Source
    text: str = Field(description="存储与展示的原文")
    context: str = Field(description="检索时置于原文前的标注：法规名称与条号，或机关、年度与部分")
    metadata: dict[str, str | int | float | bool]

    dense_chars: int | None = Field(
        default=None, description="只取原文前若干字计算语义向量（往年报告），None 为全文",
    )
    dense_label: str | None = Field(default=None, description="语义向量所用的标注；None 时用 context")

    @property
    def indexed_text(self) -> str:
        """What BM25 indexes: the label and the whole text."""
        return f"{self.context}\n{self.text}"

    @property
    def dense_text(self) -> str:
        """What the embedding model reads: the label and the text, or its opening for report pieces."""
        text = self.text if self.dense_chars is None else self.text[: self.dense_chars]
        return f"{self.dense_label if self.dense_label is not None else self.context}\n{text}"


def chunk_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:24]}"


def regulation_chunks(corpus: Corpus) -> Iterator[Chunk]:
    for passage in corpus.passages():
        meta = corpus.documents[passage.law_id].meta
        if passage.article is not None:
            context = f"{meta.short_title}{passage.label}"
        else:  # the last two headings: the document's own title is already in short_title
            path = (passage.heading or passage.label).split(" › ")
            context = f"{meta.short_title} {' › '.join(path[1:][-2:] or path)}"
        metadata: dict[str, str | int | float | bool] = {
            "kind": "regulation", "ref": passage.ref, "law": meta.id, "family": meta.family,
            "label": passage.label, "official": passage.official, "title": meta.title,
        }
        if passage.article is not None:
            metadata["article"] = passage.article
        yield Chunk(
            id=chunk_id("reg", passage.ref, passage.text), source=Source.REGULATIONS, text=passage.text,
            context=context, metadata=metadata,
        )


# Report pieces: ~600 characters for BM25 and display; the dense vector reads agency, year,
# section and the first 80 characters. Embedding is the cost of ingest (≈0.4 ms per token on
# 2 idle cores, twice that when the cores are shared): a real report's ~2,900 characters in
# full would take ≈0.7 s, the openings ≈0.2 s. Measured trade-off: bench/README-retrieval.md.
REPORT_CHUNK_CHARS = 600
REPORT_DENSE_CHARS = 80
_SENTENCE = re.compile(r"(?<=[。；！？])")


def _pieces(text: str, limit: int) -> Iterator[str]:
    """Paragraphs joined up to ``limit`` characters; a longer paragraph is cut at sentence ends."""
    buffer = ""
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        parts = [paragraph] if len(paragraph) <= limit else [s for s in _SENTENCE.split(paragraph) if s]
        for part in parts:
            if buffer and len(buffer) + len(part) + 1 > limit:
                yield buffer
                buffer = ""
            buffer = f"{buffer}\n{part}" if buffer else part
            while len(buffer) > limit * 1.5:
                yield buffer[:limit]
                buffer = buffer[limit:]
    if buffer:
        yield buffer


def report_ref(agency: str, year: int | None, section: str) -> str:
    return f"{agency}/{year if year is not None else '未知年度'}/{section}"


def report_chunks(
    report: Report, *, source: str, file_sha: str, agency: str | None = None,
    chunk_chars: int = REPORT_CHUNK_CHARS, dense_chars: int | None = REPORT_DENSE_CHARS,
) -> Iterator[Chunk]:
    """The narrative of each section (tables are numbers, not passages), in pieces of ~600 characters.

    ``agency`` names the reporting agency when the report itself does not say (the parser found none).
    """
    agency = report.meta.agency or agency or "未知机关"
    year = report.meta.year
    for section_no, section in enumerate(report.sections):
        key = section.key.value if section.key is not None else "unknown"
        title = SECTION_TITLES.get(section.key, section.heading) if section.key else section.heading
        heading = section.heading or title
        dense_label = f"{agency}{year if year is not None else ''}年{title or heading}"
        for piece_no, piece in enumerate(_pieces(section.text, chunk_chars)):
            metadata: dict[str, Any] = {
                "kind": "report", "ref": report_ref(agency, year, key), "agency": agency, "section": key,
                "label": heading or key, "source": source, "file_sha": file_sha, "piece": piece_no,
                "order": section_no,
            }
            if year is not None:
                metadata["year"] = year
            if report.meta.format_version is not None:
                metadata["format"] = report.meta.format_version.value
            yield Chunk(
                id=chunk_id("rpt", agency, year, key, section_no, piece_no, piece),
                source=Source.REPORTS, text=piece, dense_chars=dense_chars, dense_label=dense_label,
                context=f"{agency}{year if year is not None else ''}年度报告 {heading}".strip(),
                metadata=metadata,
            )
