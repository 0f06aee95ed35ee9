"""Narrative ↔ table rules: stated counts, percentages, "均获维持" (DOMAIN §3, §6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.cells import T4_GROUPS
from assistant.checks.bindings import (
    CASE_CONTEXT,
    NARRATIVE_SECTIONS,
    OUTCOME_KINDS,
    NumberBinding,
    bind_numbers,
)
from assistant.checks.cellvalues import CellReader, Number, fmt
from assistant.checks.rules import finding
from assistant.checks.tables import t3_total
from assistant.checks.textspans import SENTENCE_MARKS, enclosing, matches_ending_in, section_texts
from assistant.findings import Finding, SectionKey
from assistant.form import TABLE_NAMES, FormatVersion, cell_address, table
from assistant.report import Report

_CODES = {
    "received": "text.received",
    "handled": "text.handled",
    "carried_in": "text.carried_in",
    "carried_out": "text.carried_out",
    "review": "text.review",
    "litigation": "text.litigation",
    "suit_direct": "text.litigation",
    "suit_after_review": "text.litigation",
    "in_force": "text.in_force",
    **dict.fromkeys(OUTCOME_KINDS, "text.outcome"),
}
_OUTCOME_GROUPS = (("public", "partial"), ("withheld",), ("unable",), ("not_processed",),
                   ("other",))
# Each ends in 维持, 审结 or 结案, at most four characters after its start.
_UPHELD = re.compile(r"(?:均|全部|都|皆|一律)(?:获得?|被|予以|得到|依法)?维持")
_CLOSED = re.compile(r"(?:均|全部|都|皆)(?:已经?)?(?:审结|结案)")
_CASES = re.compile(r"复议|诉讼|起诉")
# 表四's columns other than 结果维持 and 总计: (key, label).
_NONZERO_COLUMNS = tuple((c.key, c.label) for c in table(FormatVersion.V2021, "t4").part_columns
                         if c.key != "upheld")


def check_narrative(report: Report, reader: CellReader | None = None,
                    texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """Every narrative-number rule of this module (``texts``: the report's
    :func:`section_texts`, when the caller has them)."""
    reader = reader or CellReader(report)
    texts = section_texts(report) if texts is None else texts
    bindings = bind_numbers(report, reader, texts)
    yield from stated_numbers(report, bindings)
    yield from percentages(report, bindings, reader)
    yield from percentage_total(report, bindings, texts)
    yield from all_upheld(report, reader, texts)


def stated_numbers(report: Report, bindings: list[NumberBinding] | None = None
                   ) -> Iterator[Finding]:
    """Each bound narrative number equals the table cells it describes."""
    for b in bind_numbers(report) if bindings is None else bindings:
        if not b.known or b.matches:
            continue
        table = TABLE_NAMES[b.cells[0].split(".", 1)[0]]
        expected = fmt(b.table_value)
        detail = f"{table}{b.note}为{expected}"
        for note, _, value in b.alternatives:
            if value != b.table_value:
                detail += f"，{note}为{fmt(value)}"
                expected += f"或{fmt(value)}"
        yield finding(
            _CODES[b.kind],
            f"正文“{b.phrase}”中的{b.value}件与{table}不符：{detail}",
            section=b.section, span=b.span, cell=b.cells[0], cells=b.cells[1:],
            expected=expected, actual=str(b.value),
        )


def _within(stated: Decimal, decimals: int, value: Number, base: Number | None) -> bool:
    if not base:
        return False
    computed = Decimal(value) * 100 / Decimal(base)
    tolerance = max(Decimal("0.1"), Decimal(5) / Decimal(10) ** (decimals + 1))
    return abs(computed - stated) <= tolerance + Decimal("1e-9")


def percentages(report: Report, bindings: list[NumberBinding] | None = None,
                reader: CellReader | None = None) -> Iterator[Finding]:
    """"占X%" after an outcome count: X = count / 三（七）总计 (0.1 percentage point)."""
    reader = reader or CellReader(report)
    handled = t3_total(reader, "handled_total")
    new, carried_in = t3_total(reader, "new"), t3_total(reader, "carried_in")
    received = new + carried_in if new is not None and carried_in is not None else None
    if not handled:
        return
    for b in bind_numbers(report) if bindings is None else bindings:
        p = b.percentage
        if p is None or any(_within(p.value, p.decimals, b.value, base)
                            for base in (handled, new, received)):
            continue
        computed = Decimal(b.value) * 100 / Decimal(handled)
        yield finding(
            "text.percentage",
            f"正文“{b.phrase}，占{p.value}%”：{b.value}件占本年办理结果总数（三（七）总计）"
            f"{fmt(handled)}件的{computed:.2f}%，与所写的{p.value}%不符",
            section=b.section, span=p.span, cell="t3.handled_total.total", cells=b.cells,
            expected=f"{computed:.2f}%", actual=f"{p.value}%",
        )


def percentage_total(report: Report, bindings: list[NumberBinding] | None = None,
                     texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """Outcome percentages listed together in one sentence add up to 100%."""
    by_sentence: dict[tuple[SectionKey, tuple[int, int]], list[NumberBinding]] = {}
    for b in bind_numbers(report) if bindings is None else bindings:
        if b.kind in OUTCOME_KINDS:
            texts = section_texts(report) if texts is None else texts
            sentence = enclosing(texts.get(b.section, ""), b.span[0], SENTENCE_MARKS)
            by_sentence.setdefault((b.section, sentence), []).append(b)
    for (section, _), group in by_sentence.items():
        covered = {row for b in group if b.percentage is not None or b.value == 0
                   for row in _rows_of(b.kind)}
        with_pct = [b for b in group if b.percentage is not None]
        if len(with_pct) < 3 or not all(set(g) <= covered for g in _OUTCOME_GROUPS):
            continue
        total = sum((b.percentage.value for b in with_pct if b.percentage), start=Decimal(0))
        if abs(total - 100) <= Decimal("0.5"):
            continue
        spans = [b.percentage.span for b in with_pct if b.percentage]
        parts = "+".join(f"{b.percentage.value}%" for b in with_pct if b.percentage)
        yield finding(
            "text.percentage_total",
            f"正文所列各项办理结果的百分比合计为{total}%（{parts}），通常应为100%",
            section=section, span=(spans[0][0], spans[-1][1]), cell="t3.handled_total.total",
            expected="100%", actual=f"{total}%",
        )


def _rows_of(kind: str) -> tuple[str, ...]:
    return ("public", "partial") if kind == "public_partial" else (kind,)


def all_upheld(report: Report, reader: CellReader | None = None,
               texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """"均获维持" / "均已审结" while 表四 shows corrected, other or pending cases."""
    reader = reader or CellReader(report)
    texts = section_texts(report) if texts is None else texts
    for key in NARRATIVE_SECTIONS:
        text = texts.get(key, "")
        for pattern, code, columns, words in (
            (_UPHELD, "text.all_upheld", _NONZERO_COLUMNS, ("维持",)),
            (_CLOSED, "text.all_closed", _NONZERO_COLUMNS[2:], ("审结", "结案")),
        ):
            for m in matches_ending_in(pattern, text, words, 4):
                start, end = enclosing(text, m.start(), SENTENCE_MARKS)
                sentence = text[start:end]
                if key is not SectionKey.REVIEW_LITIGATION and not (
                        _CASES.search(sentence) and CASE_CONTEXT.search(sentence)):
                    continue  # about 复议/诉讼 in general, not those of 政府信息公开
                found = _nonzero(reader, _groups(sentence), columns)
                if not found:
                    continue
                shown = "；".join(f"{label}为{fmt(v)}" for _, label, v in found)
                wanted = "、".join(c for _, c in columns)
                yield finding(
                    code,
                    f"正文称“{m.group(0)}”，但表四{shown}",
                    section=key, span=m.span(), cell=found[0][0],
                    cells=tuple(a for a, _, _ in found[1:]),
                    expected=f"{wanted}均为0", actual=shown,
                )


def _groups(sentence: str) -> tuple[str, ...]:
    review = "复议" in sentence.replace("复议后起诉", "")
    suits = "诉讼" in sentence or "起诉" in sentence
    if review and not suits:
        return ("review",)
    if suits and not review:
        return ("suit_direct", "suit_after_review")
    return tuple(g for g, _ in T4_GROUPS)


def _nonzero(reader: CellReader, groups: tuple[str, ...],
             columns: tuple[tuple[str, str], ...]) -> list[tuple[str, str, Number]]:
    labels = dict(T4_GROUPS)
    found = []
    for group in groups:
        for col, col_label in columns:
            address = cell_address("t4", group, col)
            value = reader.number(address)
            if value:
                found.append((address, f"“{labels[group]}”“{col_label}”", value))
    return found
