"""The review list: findings joined with the writer's dismissals, and the export gate.

A finding is identified across edits by its rule code, its place (section, cell) and the text
it points at, not by character offsets (which move as the writer types). Warnings can be
dismissed with a reason; errors cannot: they are fixed, or export is overridden with a reason
that covers exactly the errors present at the time. Export is also held back by the cells of the
national form that hold no number (blank, text, or a run-together number the parser could not
split: ``form_gaps``), with the same way out.

``stale_numbers`` finds the numbers in text kept word for word from last year's report that none
of this year's cells holds (after 从上年报告开始, last year's text is this year's first draft).

``written_findings`` adds the drafting guards on sections 一, 五 and 六 as written, checked
against the writer's notes (the journal's ``notes``) and account (``report.account``);
``written_review`` is the review list with them.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.checks.cellvalues import BLANK_MARKS
from assistant.errors import NianbaoError
from assistant.findings import Finding, SectionKey, Severity
from assistant.form import TABLE_SECTIONS, cell_specs, table_name
from assistant.report import Report
from assistant.workspace.records import Dismissal, ExportOverride


def finding_key(finding: Finding, report: Report) -> str:
    """A stable identity for ``finding``: code, section, cell and the text its span covers."""
    excerpt = ""
    if finding.span is not None and finding.section is not None:
        start, end = finding.span
        excerpt = report.text(finding.section)[start:end]
    return "|".join((finding.code, finding.section or "", finding.cell or "", excerpt))


@dataclass(frozen=True)
class ReviewItem:
    finding: Finding
    key: str
    dismissal: Dismissal | None = None

    @property
    def is_open(self) -> bool:
        return self.dismissal is None


def review_items(findings: Iterable[Finding], report: Report,
                 dismissals: Sequence[Dismissal]) -> list[ReviewItem]:
    """Every finding with its key and, for a dismissed warning, the dismissal."""
    by_key = {d.key: d for d in dismissals}
    items = []
    for finding in findings:
        key = finding_key(finding, report)
        dismissal = None if finding.is_error else by_key.get(key)
        items.append(ReviewItem(finding, key, dismissal))
    return items


@dataclass(frozen=True)
class ExportGate:
    """Whether export may proceed: no open error and no unfilled cell of the national form, or
    an override (a recorded reason) covering all of them."""

    errors: tuple[ReviewItem, ...]
    override: ExportOverride | None
    gaps: tuple[ReviewItem, ...] = ()  # rows of the form with cells blank or unresolved

    @property
    def blocking(self) -> tuple[ReviewItem, ...]:
        """What holds export back: the open errors, then the unfilled cells."""
        return self.errors + self.gaps

    @property
    def blocked(self) -> bool:
        return bool(self.blocking) and self.override is None

    def _what(self) -> str:
        parts = []
        if self.errors:
            parts.append(f"{len(self.errors)} 个错误")
        if self.gaps:
            cells = sum(1 + len(i.finding.cells) for i in self.gaps)
            parts.append(f"{cells} 个表格单元格未填数字或未能确定")
        return "、".join(parts)

    def message(self) -> str:
        if not self.blocking:
            return "没有未解决的错误，表格已填全，可以导出。"
        if self.override is not None:
            return (f"尚有 {self._what()}，已于 {self.override.at:%Y-%m-%d %H:%M} "
                    f"说明理由后允许导出：{self.override.reason}")
        return f"尚有 {self._what()}，导出已被阻止：请逐一修改，或写明理由后仍然导出。"


def export_gate(items: Iterable[ReviewItem], overrides: Sequence[ExportOverride], *,
                report: Report | None = None) -> ExportGate:
    """The gate for the current findings (and, given ``report``, its unfilled cells); the latest
    override counts if it covers every error and every unfilled row."""
    errors = tuple(i for i in items if i.finding.is_error)
    gaps = tuple(ReviewItem(f, finding_key(f, report)) for f in form_gaps(report)) if report else ()
    keys = {i.key for i in (*errors, *gaps)}
    override = None
    if keys:
        override = next((o for o in reversed(overrides) if keys <= set(o.error_keys)), None)
    return ExportGate(errors, override, gaps)


# --- the national form's unfilled cells ----------------------------------------------------------


def unresolved_cells(report: Report) -> set[str]:
    """The cells of ``report.ambiguities`` entries still open: those the candidate splits
    disagree on while one of the entry's cells holds no number yet."""
    found: set[str] = set()
    for entry in report.ambiguities:
        addresses = {a for candidate in entry.candidates for a in candidate}
        if all(report.cells.get(a) is not None for a in addresses):
            continue  # the writer typed every cell: resolved
        for address in addresses:
            values = {candidate.get(address) for candidate in entry.candidates}
            if len(values) > 1 or report.cells.get(address) is None:
                found.add(address)
    return found


def form_gaps(report: Report) -> list[Finding]:
    """One finding per row of 表二/三/四 whose cells hold no number: blank (or “/”, “-”, “无”),
    text, missing, or part of a run-together number no single split fits. Warnings (the report
    checks say the same as ``t*.blank`` or the parser's findings), but they hold export back."""
    unresolved = unresolved_cells(report)
    found: list[Finding] = []
    row: list[tuple[str, str, str]] = []  # (address, column label, what)
    current: tuple[str, str, str] | None = None  # table, row key, row label

    def flush() -> Iterator[Finding]:
        if not row or current is None:
            return
        table, _, row_label = current
        columns = "".join(f"“{col}”" for _, col, _ in row)
        whats = "、".join(dict.fromkeys(what for _, _, what in row))
        yield Finding(
            code=f"{table}.unfilled", severity=Severity.WARNING,
            message=f"{table_name(table)}“{row_label}”行{columns}列{whats}，导出前请填写（没有的填0）",
            section=TABLE_SECTIONS[table], cell=row[0][0], cells=tuple(a for a, _, _ in row[1:]),
            expected="数字",
        )

    for spec in cell_specs(report.version):
        key = (spec.table, spec.row, spec.row_label)
        if key != current:
            found += flush()
            row, current = [], key
        value = report.cells.get(spec.address)
        if spec.address in unresolved:
            what = "的数字连在一起、有多种拆分，未能确定"
        elif value is not None:
            continue
        elif spec.address not in report.cells and spec.address not in report.raw_cells:
            what = "未能读取"
        else:
            raw = "".join((report.raw_cells.get(spec.address) or "").split())
            what = "为空" if raw in BLANK_MARKS else "填的不是数字"
        row.append((spec.address, spec.col_label, what))
    found += flush()
    return found


# --- last year's numbers left in this year's text ----------------------------------------------

# The sections 从上年报告开始 copies whose numbers are the year's work (五 is written anew; the
# preface's numbers are the period, the address and the telephone).
COPIED = (SectionKey.OVERVIEW, SectionKey.PROACTIVE, SectionKey.APPLICATIONS,
          SectionKey.REVIEW_LITIGATION, SectionKey.OTHER)
_SENTENCE = re.compile(r"[^。；！？!?;\n]+[。；！？!?;]?")
_NUMBER = re.compile(r"\d+(?:[.．]\d+)?")
# Not counts: years, dates, article and document numbers, ordinals, percentages, phone numbers.
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:年|月|日|号|时|%|％|‰|版|期|届|层|楼|室|路|次会议|周年|\.\d|-\d|〕|\]|】))")
_NOT_A_COUNT_BEFORE = re.compile(r"(?:第|〔|\[|【|No\.?|电话|热线|传真|邮编|-)[：:]?\s*$")


def _cell_numbers(report: Report) -> set[Decimal]:
    return {Decimal(v) for v in report.cells.values() if v is not None}


def _counts(sentence: str) -> Iterator[re.Match[str]]:
    for match in _NUMBER.finditer(sentence):
        after = sentence[match.end():match.end() + 4]
        before = sentence[max(0, match.start() - 4):match.start()]
        if _NOT_A_COUNT_AFTER.match(after) or _NOT_A_COUNT_BEFORE.search(before):
            continue
        if len(match.group()) >= 7:  # a telephone or postal number, not a count of the year
            continue
        yield match


def stale_numbers(report: Report, previous: Report | None) -> list[Finding]:
    """``text.stale_number`` warnings: in the sections copied from last year, each number of a
    sentence that stands word for word in last year's same section, where none of this year's
    cells holds that number (so it is last year's figure, not yet updated)."""
    if previous is None:
        return []
    values = _cell_numbers(report)
    found: list[Finding] = []
    for key in COPIED:
        text, old = report.text(key), previous.text(key)
        if not text or not old:
            continue
        old_sentences = {m.group().strip() for m in _SENTENCE.finditer(old)}
        for sentence in _SENTENCE.finditer(text):
            if sentence.group().strip() not in old_sentences:
                continue
            for number in _counts(sentence.group()):
                value = Decimal(number.group().replace("．", "."))
                if value in values:
                    continue
                start, end = sentence.start() + number.start(), sentence.start() + number.end()
                excerpt = sentence.group().strip()
                short = excerpt if len(excerpt) <= 40 else excerpt[:40] + "…"
                found.append(Finding(
                    code="text.stale_number", severity=Severity.WARNING, section=key,
                    span=(start, end), actual=number.group(),
                    message=(f"“{short}”照搬自上年报告，其中的“{number.group()}”在本年表格中没有对应"
                             f"的数，疑为上年数字，请按本年情况更新"),
                ))
    return found


# --- the sections as written, against the writer's notes ----------------------------------------

NOTES_SOURCE = "起草说明"
_CACHE_SIZE = 8
_cache: OrderedDict[str, list[Finding]] = OrderedDict()
_cache_lock = threading.Lock()


def _has_notes(notes: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in notes.splitlines())


def written_findings(report: Report, previous: Report | None, notes: str) -> list[Finding]:
    """The drafting guards on 一, 五 and 六 as written (``assistant.drafting.written``), checked
    against ``notes`` (the journal's text) and ``report.account``. Nothing when the writer has
    recorded neither: there is nothing to check a written text against. Notes that cannot be read
    give one warning that says which line. Cached on the inputs (the list is re-rendered on every
    edit)."""
    if not _has_notes(notes) and report.account.empty:
        return []
    key = hashlib.sha1("\x00".join((
        report.model_dump_json(), previous.model_dump_json() if previous is not None else "", notes,
    )).encode("utf-8")).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return list(_cache[key])
    found = _written(report, previous, notes)
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return list(found)


def _written(report: Report, previous: Report | None, notes: str) -> list[Finding]:
    from assistant.account.notes import apply_notes
    from assistant.drafting.written import check_written

    try:
        reading = apply_notes(notes.splitlines(), report, previous, source=NOTES_SOURCE)
    except NianbaoError as exc:
        return [Finding(code="draft.notes_unreadable", severity=Severity.WARNING,
                        message=f"起草说明有误，未按起草说明核对第一、五、六部分的文字：{exc}")]
    return check_written(report, previous, notes=reading.notes, account=reading.account)


def written_review(findings: Iterable[Finding], report: Report, previous: Report | None, notes: str,
                   dismissals: Sequence[Dismissal]) -> list[ReviewItem]:
    """The review list of ``findings`` (the report checks) with the written-text findings merged
    in (what the report checks already say at the same place is not said twice)."""
    from assistant.drafting.written import merge_findings

    merged = merge_findings(list(findings), written_findings(report, previous, notes))
    merged += stale_numbers(report, previous)
    return review_items(merged, report, dismissals)
