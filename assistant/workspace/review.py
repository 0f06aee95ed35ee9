"""The review list: findings joined with the writer's dismissals, and the export gate.

A finding is identified across edits by its rule code, its place (section, cell) and the text
it points at, not by character offsets (which move as the writer types). Warnings can be
dismissed with a reason; errors cannot: they are fixed, or export is overridden with a reason
that covers exactly the errors present at the time.

``written_findings`` adds the drafting guards on sections 一, 五 and 六 as written, checked
against the writer's notes (the journal's ``notes``) and account (``report.account``);
``written_review`` is the review list with them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.errors import NianbaoError
from assistant.findings import Finding, Severity
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
    """Whether export may proceed: no open error, or an override covering all of them."""

    errors: tuple[ReviewItem, ...]
    override: ExportOverride | None

    @property
    def blocked(self) -> bool:
        return bool(self.errors) and self.override is None

    def message(self) -> str:
        if not self.errors:
            return "没有未解决的错误，可以导出。"
        if self.override is not None:
            return (f"尚有 {len(self.errors)} 个错误，已于 {self.override.at:%Y-%m-%d %H:%M} "
                    f"说明理由后允许导出：{self.override.reason}")
        return f"尚有 {len(self.errors)} 个错误，导出已被阻止：请逐一修改，或写明理由后仍然导出。"


def export_gate(items: Iterable[ReviewItem], overrides: Sequence[ExportOverride]) -> ExportGate:
    """The gate for the current findings; the latest override counts if it covers every error."""
    errors = tuple(i for i in items if i.finding.is_error)
    keys = {i.key for i in errors}
    override = None
    if keys:
        override = next((o for o in reversed(overrides) if keys <= set(o.error_keys)), None)
    return ExportGate(errors, override)


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
    return review_items(merged, report, dismissals)
