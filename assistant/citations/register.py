"""The register of documents a report cites, and what a report usually cites for its year.

The corpus holds three kinds of document (:class:`assistant.corpus.Origin`): national texts with
their articles (``corpus/laws.json`` + ``regulations/``), documents known by title, issuer, 文号
and date only (``corpus/register.json``: each year's 政务公开工作要点 …), and the office's own
rules (``nianbao corpus add``). ``register_rows`` lists them; ``expected_documents`` names what
a report of a year usually cites (the 条例, the format notice and the 处理费办法 in force that
year, and that year's 政务公开工作要点 where the register has it) and whether it does.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from assistant.citations.checker import CitationCheck, Outcome
from assistant.corpus import Corpus, Document, LawMeta, int_to_cn, load_corpus


class RegisterRow(BaseModel):
    """One document as ``nianbao corpus list`` shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    origin: str = Field(description="corpus：法规库有文本；register：只有登记信息；user：本单位添加")
    title: str
    issuer: str | None
    doc_no: str | None
    issued: str | None
    effective: str | None
    status: str = Field(description="效力：现行有效、某日起废止、效力未登记……")
    articles: int | None = Field(description="法规库中的条数（有条文时）")
    complete: bool = Field(description="法规库中的文本是否完整")
    applies: bool | None = Field(default=None, description="是否为该年度适用的版本（给出年度时）")
    source: str | None

    def line(self) -> str:
        parts = [self.title if self.title.startswith("《") else f"《{self.title}》"]
        parts.append(self.issuer or "发文机关未登记")
        parts.append(self.doc_no or "文号未登记")
        parts.append(self.issued or self.effective or "日期未登记")
        parts.append(self.status)
        if self.articles:
            parts.append(f"收录{int_to_cn(self.articles)}条" + ("" if self.complete else "（文本不全）"))
        if self.applies is not None:
            parts.append("本年度适用" if self.applies else "本年度不适用")
        return "，".join(parts)


class Expected(BaseModel):
    """A document a report of the year usually cites, and whether the checked text cites it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    doc_no: str | None
    cited: bool

    def line(self, *, cited_mark: bool = True) -> str:
        numbered = f"（{self.doc_no}）" if self.doc_no else ""
        mark = ("（已引用）" if self.cited else "（未见引用）") if cited_mark else ""
        return f"{self.title}{numbered}{mark}"


def _row(doc: Document, year: int | None) -> RegisterRow:
    meta: LawMeta = doc.meta
    return RegisterRow(
        id=meta.id, origin=meta.origin.value, title=meta.describe().split("，", 1)[0],
        issuer=meta.issuer, doc_no=meta.doc_no, issued=meta.issued.isoformat() if meta.issued else None,
        effective=meta.effective.isoformat() if meta.effective else None, status=meta.status_text(),
        articles=len(doc.articles) or None, complete=meta.complete,
        applies=None if year is None else meta.in_force_for_year(year) and (meta.work_year in (None, year)),
        source=meta.source,
    )


def register_rows(year: int | None = None, corpus: Corpus | None = None) -> list[RegisterRow]:
    """Every document of the corpus, the register and the office's own rules."""
    corpus = corpus or load_corpus()
    return [_row(doc, year) for doc in corpus.documents.values()]


def expected_documents(
    year: int, checks: Iterable[CitationCheck], corpus: Corpus | None = None,
) -> list[Expected]:
    """What a report of ``year`` usually cites, each with whether ``checks`` (the report's
    citations, right or wrong in their details) name it."""
    corpus = corpus or load_corpus()
    cited_families = {
        corpus.documents[c.law_id].meta.family for c in checks
        if c.law_id in corpus.documents and c.outcome is not Outcome.UNVERIFIABLE
    }
    chosen: list[Document] = []
    families: dict[str, list[Document]] = {}
    for doc in corpus.documents.values():
        if doc.meta.report_basis:
            families.setdefault(doc.meta.family, []).append(doc)
    for docs in families.values():
        in_force = [d for d in docs if d.meta.in_force_for_year(year)]
        if in_force:
            chosen.append(in_force[0])
    chosen += [d for d in corpus.documents.values() if d.meta.work_year == year]
    return [
        Expected(id=d.meta.id, title=d.meta.display or f"《{d.meta.title}》", doc_no=d.meta.doc_no,
                 cited=d.meta.family in cited_families)
        for d in chosen
    ]
