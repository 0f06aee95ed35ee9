"""Clause-level repeats: a sentence stitched from last year's clauses (or another agency's).

A sentence-level similarity misses the commonest copy: last year's measure taken clause by
clause, with a word changed here and a clause added there (64–98 % of its character pairs
from last year). Here last year's section 五 is split into clauses (at ，；。：), and each
clause of a draft sentence is looked up there by character-bigram containment (the share of
its bigrams found in one clause of last year). A sentence whose copied clauses make up at
least :data:`SENTENCE_SHARE` of it is a repeat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.drafting.support import without_quotes

CLAUSE_CONTAINMENT = 0.7  # share of a clause's character bigrams found in one clause of last year
SENTENCE_SHARE = 0.5  # share of a sentence's characters (in clauses of 5 or more) in copied clauses
MIN_CLAUSE_CHARS = 5  # shorter clauses (加强培训, 改进措施) are too common to say anything: not counted

_SPLIT = re.compile(r"[，,；;。：:！？!?\n]")
_ENUMERATOR = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}[，,、]?|"
    r"其[一二三四五六七八九十]|首先|其次|再次|最后|同时|另外|此外|二是|并且|并)"
)
_YEARS = re.compile(r"(?:19|20)\d{2}年度?")
_NOT_TEXT = re.compile(r"[^\w]|_|\d")


@dataclass(frozen=True)
class Clause:
    text: str  # as printed
    norm: str  # without enumerators, years, punctuation
    grams: frozenset[str]


def _normalise(clause: str) -> str:
    clause = _ENUMERATOR.sub("", clause.strip())
    clause = _YEARS.sub("", clause)
    return _NOT_TEXT.sub("", clause)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def clauses(text: str) -> list[Clause]:
    """The clauses of ``text`` (quoted passages left out)."""
    out = []
    for part in _SPLIT.split(without_quotes(text)):
        norm = _normalise(part)
        if norm:
            out.append(Clause(text=_ENUMERATOR.sub("", part.strip()), norm=norm, grams=_bigrams(norm)))
    return out


def containment(mine: frozenset[str], theirs: frozenset[str]) -> float:
    return len(mine & theirs) / len(mine) if mine else 0.0


@dataclass(frozen=True)
class Copy:
    share: float  # of the sentence's characters, in copied clauses
    clause: str  # the longest copied clause of the sentence
    source: str  # the clause of last year it was copied from


def copied(text: str, previous: Sequence[Clause], exempt: Sequence[Clause] = ()) -> Copy:
    """How much of ``text`` is copied clause by clause from ``previous``. A clause that matches one
    of ``exempt`` (the problem a sentence reports on) is not counted as copied."""
    mine = [c for c in clauses(text) if len(c.norm) >= MIN_CLAUSE_CHARS]
    total = sum(len(c.norm) for c in mine)
    if not total or not previous:
        return Copy(0.0, "", "")
    copied_chars = 0
    best: tuple[int, str, str] = (0, "", "")
    for clause in mine:
        score, source = max(((containment(clause.grams, p.grams), p.text) for p in previous), key=lambda x: x[0])
        if score < CLAUSE_CONTAINMENT:
            continue
        if any(containment(clause.grams, e.grams) >= CLAUSE_CONTAINMENT for e in exempt):
            continue
        copied_chars += len(clause.norm)
        if len(clause.norm) > best[0]:
            best = (len(clause.norm), clause.text, source)
    return Copy(copied_chars / total, best[1], best[2])


def copied_share(text: str, previous_text: str) -> float:
    """Share of a section's clause characters copied from last year's (for the bench)."""
    before = clauses(previous_text)
    mine = [c for c in clauses(text) if len(c.norm) >= MIN_CLAUSE_CHARS]
    total = sum(len(c.norm) for c in mine)
    if not total or not before:
        return 0.0
    hit = sum(len(c.norm) for c in mine if max(containment(c.grams, p.grams) for p in before) >= CLAUSE_CONTAINMENT)
    return hit / total
