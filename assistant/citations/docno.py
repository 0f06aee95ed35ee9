"""文号 (document numbers): finding them in text and telling a well-formed one from a mistyped one.

The standard form is ``发文机关代字〔年份〕序号号`` with 六角括号 (GB/T 9704-2012), e.g.
``国办公开办函〔2021〕30号``, and ``国务院令第711号`` for State Council decrees. Real reports
mistype them: ``〔202130号`` (a bracket lost), ``国令第711号``, ``国务院第711号令``, square or
round brackets.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.corpus import CN_NUMERAL_CHARS, cn_to_int


class DocNoForm(StrEnum):
    STANDARD = "standard"
    BRACKETS = "brackets"  # year in [] () 【】 instead of 〔〕: a format defect
    MALFORMED = "malformed"  # a bracket missing, 国令, 国务院第N号令, …


class DocNoMention(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    span: tuple[int, int]
    issuer: str
    year: int | None = None
    number: int
    form: DocNoForm
    canonical: str

    @property
    def is_decree(self) -> bool:
        return self.issuer == "国务院令"


_OPEN = "〔[［(（【﹝"
_CLOSE = "〕]］)）】﹞"
_GENERIC = re.compile(
    rf"(?P<open>[{re.escape(_OPEN)}])?\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<close>[{re.escape(_CLOSE)}])?"
    r"\s*(?P<di>第)?\s*(?P<num>\d{1,4})\s*号(?!令)"
)
_DECREE = re.compile(
    r"(?P<pre>中华人民共和国)?(?:"
    r"国务院令\s*第\s*(?P<std>\d+)\s*号"
    r"|国务院令\s*(?P<nodi>\d+)\s*号"
    rf"|国务院令\s*第\s*(?P<cn>[{CN_NUMERAL_CHARS}]+)\s*号"
    r"|国令\s*第?\s*(?P<short>\d+)\s*号"
    r"|国务院\s*第\s*(?P<inv>\d+)\s*号\s*令"
    r"|第\s*(?P<pref>\d+)\s*号\s*国务院令"
    r")"
)
# A year written with two digits (国办发〔21〕12号): a malformed 文号, taken only after a known issuer.
_SHORT_YEAR = re.compile(
    rf"(?P<open>[{re.escape(_OPEN)}])\s*(?P<year>\d{{2}})\s*(?P<close>[{re.escape(_CLOSE)}])\s*第?\s*(?P<num>\d{{1,4}})\s*号(?!令)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONNECTORS = ("按照", "根据", "依据", "依照", "对照", "落实", "印发", "转发", "关于", "执行", "参照", "文件",
               "即", "和", "及", "与", "的", "见", "以", "照", "据", "、")


def find_doc_nos(text: str, known_issuers: tuple[str, ...] = ()) -> list[DocNoMention]:
    """Every 文号 in ``text``, standard or not, in order of position."""
    found: list[DocNoMention] = []
    taken: list[tuple[int, int]] = []
    for match in _DECREE.finditer(text):
        found.append(_decree(match))
        taken.append(match.span())
    issuers = tuple(sorted(known_issuers, key=len, reverse=True))
    for match in _GENERIC.finditer(text):
        mention = _generic(text, match, issuers)
        if mention is None or any(a < mention.span[1] and mention.span[0] < b for a, b in taken):
            continue
        found.append(mention)
        taken.append(mention.span)
    for match in _SHORT_YEAR.finditer(text):
        issuer = next((i for i in issuers if text.endswith(i, 0, match.start())), None)
        begin = match.start() - len(issuer or "")
        if issuer is None or any(a < match.end() and begin < b for a, b in taken):
            continue
        year, number = 2000 + int(match.group("year")), int(match.group("num"))
        found.append(DocNoMention(
            text=text[begin:match.end()], span=(begin, match.end()), issuer=issuer, year=year, number=number,
            form=DocNoForm.MALFORMED, canonical=f"{issuer}〔{year}〕{number}号",
        ))
    return sorted(found, key=lambda m: m.span)


def _decree(match: re.Match[str]) -> DocNoMention:
    start = match.start("pre") if match.group("pre") else match.start()
    if match.group("std"):
        number, form = int(match.group("std")), DocNoForm.STANDARD
    elif match.group("cn"):
        number, form = cn_to_int(match.group("cn")), DocNoForm.MALFORMED
    else:
        raw = next(match.group(g) for g in ("nodi", "short", "inv", "pref") if match.group(g))
        number, form = int(raw), DocNoForm.MALFORMED
    return DocNoMention(
        text=match.group(0), span=(start, match.end()), issuer="国务院令", number=number, form=form,
        canonical=f"国务院令第{number}号",
    )


def _generic(text: str, match: re.Match[str], issuers: tuple[str, ...]) -> DocNoMention | None:
    start = match.start()
    issuer = _issuer_before(text, start, issuers)
    if not issuer:
        return None
    opened, closed = match.group("open"), match.group("close")
    if not opened and not closed and issuer not in issuers:
        return None  # bare digits after an unknown issuer: too ambiguous to call a 文号
    year, number = int(match.group("year")), int(match.group("num"))
    if opened == "〔" and closed == "〕" and not match.group("di"):
        form = DocNoForm.STANDARD
    elif opened and closed and not match.group("di"):
        form = DocNoForm.BRACKETS
    else:
        form = DocNoForm.MALFORMED
    begin = start - len(issuer)
    return DocNoMention(
        text=text[begin:match.end()], span=(begin, match.end()), issuer=issuer, year=year, number=number,
        form=form, canonical=f"{issuer}〔{year}〕{number}号",
    )


def _issuer_before(text: str, position: int, issuers: tuple[str, ...]) -> str:
    """The 发文机关代字 ending at ``position``: a known one, else the run of Chinese characters."""
    begin = position
    while begin > 0 and position - begin < 14 and _CJK.match(text[begin - 1]):
        begin -= 1
    run = text[begin:position]
    for issuer in issuers:
        if run.endswith(issuer):
            return issuer
    cut = 0
    for word in _CONNECTORS:
        at = run.rfind(word)
        if at >= 0:
            cut = max(cut, at + len(word))
    run = run[cut:]
    return run if 2 <= len(run) <= 10 else ""


def split_doc_no(doc_no: str) -> tuple[str, int | None, int] | None:
    """``国办函〔2020〕109号`` → ("国办函", 2020, 109); ``国务院令第711号`` → ("国务院令", None, 711)."""
    mentions = find_doc_nos(doc_no)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    return mention.issuer, mention.year, mention.number
