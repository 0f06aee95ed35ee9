"""Ideas for a measure: what other agencies' published 五 said they did about the same problem.

For one problem the retrieval index (past reports ingested per section, with agency and year:
:mod:`assistant.retrieval`) is searched, hybrid, among sections 五 only. Each section found is
read whole and split into its parts (:func:`split_problems`); its measures, and the sentences that
report work done (整改 results), are ranked by the words they share with the problem. The
agency's own reports are left out (names compared loosely: 平潭综合实验区 is also
平潭综合实验区管理委员会): the point is what others did.

Each :class:`Idea` keeps the agency, year, the passage id in the index (``rpt-…``, the chunk that
holds the text) and the text as published. Nothing here writes into a report: the writer adopts an
idea (:func:`adopt_idea`) as the starting point of one of their own measures, then rewrites it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.account.model import Idea, Measure, YearAccount, new_id
from assistant.account.previous import split_problems
from assistant.findings import SectionKey

if TYPE_CHECKING:
    from assistant.retrieval.store import Index

SEARCH_K = 20  # sections 五 looked at for one problem (before leaving out the agency's own)
MIN_AGENCY_OVERLAP = 4  # characters: a shorter name inside another is no evidence of the same agency

# Words every 五 uses: sharing them says nothing about the problem.
_GENERIC_TEXT = (
    "政府信息公开 政府信息 信息公开 政务公开 信息 公开 政府 政务 工作 进一步 加强 提高 提升 "
    "有待 不足 问题 不够 较为 部分 存在 改进 完善 推进 持续 开展 做好 落实 全面 切实 积极 "
    "不断 深化 加大 力度 水平 质量 方面 情况 方式 形式 需要 仍需 还有 继续 及时 规范 主要 "
    "措施 单位 部门 我区 我局 我委 本机关 全区 全市 全县 年度 本年 上年 通过 以及 确保 强化 "
    "实现 一是 二是 三是 四是 五是 下一步 将"
)
_GENERIC = frozenset(_GENERIC_TEXT.split())
_RESULT = re.compile(r"已|完成|建成|上线|开设|开通|出台|制定了|印发|实现了|共计|全年|累计|发布")
_PROBLEM = re.compile(r"不足|不够|有待|仍需|尚未|还需|欠缺|薄弱|滞后|单一|问题")
_ANSWER = re.compile(r"针对|整改|为解决|为此")  # a sentence that names a problem to say what answered it
_SENTENCE = re.compile(r"(?<=[。；！？!?;])")


@dataclass(frozen=True)
class _Section:
    """One agency's section 五 as ingested: its pieces in order."""

    agency: str
    year: int | None
    url: str
    pieces: list[tuple[str, str]]  # (chunk id, text)
    rank: int  # of its best hit in the search

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.pieces)

    def passage_of(self, item: str) -> str:
        """The chunk that holds ``item`` (its opening), else the first one."""
        probe = _squash(item)[:16]
        for chunk_id, text in self.pieces:
            if probe and probe in _squash(text):
                return chunk_id
        return self.pieces[0][0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def same_agency(a: str, b: str) -> bool:
    """Whether two agency names plausibly name the same agency (one is the other, or contains it)."""
    x, y = _squash(a), _squash(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    return len(shorter) >= MIN_AGENCY_OVERLAP and shorter in longer


def _words(text: str) -> set[str]:
    from assistant.retrieval.lexical import tokenize

    return {t for t in tokenize(text) if len(t) >= 2 and t not in _GENERIC}


def _relevance(problem: set[str], item: str) -> int:
    """Characters of the problem's meaningful words the item shares (longer words weigh more)."""
    return sum(len(w) for w in problem & _words(item))


def _candidates(section: _Section) -> list[str]:
    """What the section says was or will be done: its measures, then sentences reporting results."""
    text = section.text
    problems, measures = split_problems(text, section.year)
    known = [_squash(i) for i in (*measures, *problems)]
    found = list(measures)
    for sentence in (s.strip() for s in _SENTENCE.split(text.replace("\n", ""))):
        squashed = _squash(sentence)
        if len(squashed) < 8 or any(k[:12] in squashed or squashed[:12] in k for k in known):
            continue  # one of the items already listed, or a problem
        if _RESULT.search(sentence) and (not _PROBLEM.search(sentence) or _ANSWER.search(sentence)):
            found.append(sentence.rstrip("。；;"))
            known.append(squashed)
    return found


def _sections(index: Index, hits: Sequence[Any], agency: str) -> list[_Section]:
    """The sections the hits belong to, read whole, the agency's own left out; best hit first."""
    from assistant.retrieval.chunks import Source

    collection = index.collection(Source.REPORTS)
    seen: dict[tuple[str, str], _Section] = {}
    for rank, hit in enumerate(hits):
        meta: Mapping[str, Any] = hit.metadata
        owner = str(meta.get("agency", ""))
        if agency and same_agency(agency, owner):
            continue
        group = (str(meta.get("source", "")), str(meta.get("ref", "")))
        if group in seen:
            continue
        where = {"$and": [{"source": group[0]}, {"ref": group[1]}]}
        got = collection.get(where=where, include=["documents", "metadatas"])
        rows = sorted(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True),
                      key=lambda r: (int((r[2] or {}).get("order", 0)), int((r[2] or {}).get("piece", 0))))
        if not rows:
            continue
        year = meta.get("year")
        source = group[0]
        url = str(meta.get("url", "")) or (source if source.startswith(("http://", "https://")) else "")
        seen[group] = _Section(agency=owner or "未知机关", year=int(year) if isinstance(year, int) else None,
                               url=url, pieces=[(str(i), str(t or "")) for i, t, _ in rows], rank=rank)
    return list(seen.values())


def ideas_for(index: Index, problem_text: str, *, agency: str, k: int = 5) -> list[Idea]:
    """Up to ``k`` measures or reported results from other agencies' section 五 for this problem.

    Best first: by the problem's words they share, then by how well their section matched the
    search; one idea per section before a second one from the same section. Ideas that share no
    meaningful word with the problem are not returned (the search always finds *something*).
    """
    from assistant.retrieval.chunks import Source
    from assistant.retrieval.search import Filters, search

    wanted = _words(problem_text)
    if not problem_text.strip() or not wanted or k <= 0 or index.count(Source.REPORTS) == 0:
        return []
    hits = search(index, problem_text, k=SEARCH_K, filters=Filters(section=SectionKey.PROBLEMS.value),
                  sources=(Source.REPORTS,), exact=False)
    scored: list[tuple[int, int, int, _Section, str]] = []
    for section in _sections(index, hits, agency):
        for position, item in enumerate(_candidates(section)):
            score = _relevance(wanted, item)
            if score > 0:
                scored.append((-score, section.rank, position, section, item))
    scored.sort(key=lambda s: s[:3])
    chosen: list[tuple[_Section, str]] = []
    per_section: dict[int, int] = {}
    texts: set[str] = set()
    for cap in range(1, len(scored) + 1):  # one per section first, then a second, …
        for *_, section, item in scored:
            if len(chosen) >= k:
                break
            if per_section.get(id(section), 0) >= cap or _squash(item) in texts:
                continue
            chosen.append((section, item))
            texts.add(_squash(item))
            per_section[id(section)] = per_section.get(id(section), 0) + 1
        if len(chosen) >= k or len(texts) >= len({_squash(s[4]) for s in scored}):
            break
    return [Idea(agency=section.agency, year=section.year, passage=section.passage_of(item), text=item,
                 url=section.url) for section, item in chosen]


def ideas_in_folder(folder: Path, problem_text: str, *, agency: str, k: int = 5) -> list[Idea] | None:
    """:func:`ideas_for` in the index kept in ``folder`` (or the shared chroma server); ``None`` when
    there is no index of past reports to look in (nothing ingested yet)."""
    from assistant.retrieval.chunks import Source
    from assistant.retrieval.settings import chroma_server
    from assistant.retrieval.store import Index

    if chroma_server() is None and not (folder / "chroma").is_dir():
        return None
    with Index.open(folder) as index:
        if index.count(Source.REPORTS) == 0:
            return None
        return ideas_for(index, problem_text, agency=agency, k=k)


def adopt_idea(account: YearAccount, idea: Idea, problem: str | None = None) -> YearAccount:
    """``account`` with a new measure that starts from ``idea``, answering ``problem`` (idempotent:
    the same idea for the same problem is adopted once). The writer then rewrites its text."""
    if any(m.adopted == idea and m.problem == problem for m in account.measures):
        return account
    taken = {p.id for p in account.problems} | {m.id for m in account.measures}
    measure = Measure(id=new_id("m", taken, f"{idea.passage}#{idea.text}#{problem or ''}"), text=idea.text,
                      problem=problem, adopted=idea)
    return account.model_copy(update={"measures": [*account.measures, measure]})
